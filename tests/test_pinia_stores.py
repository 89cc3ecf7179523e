"""Names that travel through a Pinia store (``ts_pinia``): its state, its actions, a component's reads and calls."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, TEXT, findings, write

OPTIONS = f"""\
import {{ defineStore }} from "pinia";
export const useSettings = defineStore("settings", {{
  state: () => ({{ model: "{TEXT}", temperature: 0.5 }}),
  actions: {{
    setModel(m: string) {{ this.model = m; }},
  }},
}});
"""
SETUP = f"""\
import {{ defineStore }} from "pinia";
import {{ ref }} from "vue";
export const useSettings = defineStore("settings", () => {{
  const model = ref("{TEXT}");
  function setModel(m: string) {{ model.value = m; }}
  return {{ model, setModel }};
}});
"""
COMPONENT = f"""\
<script setup lang="ts">
import {{ GoogleGenAI }} from "@google/genai";
import {{ useSettings }} from "./store";
const ai = new GoogleGenAI({{}});
const settings = useSettings();
function choose() {{ settings.setModel("{LIVE}"); }}
const go = () => ai.models.generateContent({{ model: settings.model, contents: "x" }});
const talk = () => ai.live.connect({{ model: settings.model, callbacks: {{}} }});
</script>
"""


@pytest.mark.parametrize("store, line", [(OPTIONS, 3), (SETUP, 4)], ids=["options", "setup"])
def test_state_and_actions_reach_the_calls(tmp_path, monkeypatch, store, line):
    write(tmp_path, {"store.ts": store, "Chat.vue": COMPONENT})
    found = sorted((p, n, c, m) for p, n, c, m, _ in findings(tmp_path, monkeypatch) if c == "GL002")
    # the initial text model cannot go live; the Live model the component sets cannot generate content
    assert found == [("Chat.vue", 6, "GL002", LIVE), ("store.ts", line, "GL002", TEXT)]


def test_define_store_from_elsewhere_is_no_store(tmp_path, monkeypatch):
    own = 'import { storeToRefs } from "pinia";\nimport { defineStore } from "./my-stores";'
    store = OPTIONS.replace('import { defineStore } from "pinia";', own)
    write(tmp_path, {"store.ts": store, "Chat.vue": COMPONENT})
    assert [c for _, _, c, _, _ in findings(tmp_path, monkeypatch) if c == "GL002"] == []


def test_a_computed_list_spreading_a_ref_is_read_without_an_internal_error(tmp_path, monkeypatch):
    # found in a public Nuxt app: the spread of a ref's value is a ("member", …) step, not a node; exporting the
    # list's elements took it for one, and the whole file was an internal error
    store = """\
import { defineStore } from "pinia";
import { ref, computed } from "vue";
const defaults = [{ id: "a", model: "gemini-1.5-pro" }];
export const useStore = defineStore("s", () => {
  const userPresets = ref([]);
  const allPresets = computed(() => [...defaults, ...userPresets.value]);
  return { allPresets, userPresets };
});
"""
    write(tmp_path, {"store.ts": store})
    # read (findings() asserts no error): the retired name is the mention it is
    assert findings(tmp_path, monkeypatch) == [("store.ts", 3, "GL003", "gemini-1.5-pro", ("store.ts",))]
