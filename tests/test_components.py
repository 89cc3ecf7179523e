"""Single-file components (``.vue``, ``.svelte``): their ``<script>`` blocks are read as TypeScript or JavaScript,
in place (``extract/typescript/components.py``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemlint.adopt import component_ignore_line
from gemlint.extract.typescript.components import blanked, script_text
from tests.test_adopt import findings as findings_json
from tests.test_adopt import gemlint, make_project
from tests.test_crossfile import LIVE, TEXT, findings, write

VUE = """\
<template>
  <select v-model="model"><option value="gemini-9.9-ultra">Ultra</option></select>
  <button @click="start">Start</button>
</template>

<script setup lang="ts">
import { GoogleGenAI } from "@google/genai";
const ai = new GoogleGenAI({});
async function start(): Promise<void> {
  await ai.live.connect({ model: 'gemini-2.5-flash-native-audio-dialog', callbacks: {} });
}
</script>

<style scoped>
button { color: red; }
</style>
"""
SVELTE = f"""\
<script>
  import {{ GoogleGenAI }} from "@google/genai";
  const ai = new GoogleGenAI({{}});
  let answer = ai.models.generateContent({{ model: "{LIVE}", contents: "hi" }});
</script>

<h1>{{answer}}</h1>
"""


def test_the_incident_in_a_vue_component(tmp_path, monkeypatch):
    write(tmp_path, {"src/Live.vue": VUE})
    # the <script>'s name, at its line and column; the template's <option> binds no ref of the script: a mention
    assert findings(tmp_path, monkeypatch) == [
        ("src/Live.vue", 2, "GL006", "gemini-9.9-ultra", ()),
        ("src/Live.vue", 10, "GL001", "gemini-2.5-flash-native-audio-dialog", ("src/Live.vue",)),
    ]


def test_a_svelte_component_and_its_column(tmp_path, monkeypatch):
    write(tmp_path, {"App.svelte": SVELTE})
    [(path, line, code, model, _)] = findings(tmp_path, monkeypatch)
    assert (path, line, code, model) == ("App.svelte", 4, "GL002", LIVE)
    monkeypatch.chdir(tmp_path)
    run = gemlint(tmp_path, "--format", "json", "App.svelte")
    assert f'"column": {SVELTE.splitlines()[3].index(LIVE) + 1}' in run.stdout


def test_a_name_from_a_module_reaches_the_component(tmp_path, monkeypatch):
    vue = VUE.replace(
        'import { GoogleGenAI } from "@google/genai";',
        'import { GoogleGenAI } from "@google/genai";\nimport { M } from "./config";',
    ).replace("'gemini-2.5-flash-native-audio-dialog'", "M")
    write(tmp_path, {"src/config.ts": f'export const M = "{TEXT}";\n', "src/Live.vue": vue})
    found = [f for f in findings(tmp_path, monkeypatch) if f[2] != "GL006"]  # the template's option (above)
    assert found == [("src/config.ts", 1, "GL002", TEXT, ("src/Live.vue",))]


def test_markup_only_is_nothing_to_say(tmp_path, monkeypatch):
    write(tmp_path, {"Card.vue": '<template><option value="gemini-9.9-ultra" /></template>\n'})
    assert findings(tmp_path, monkeypatch) == []  # an option in no select


TEMPLATE_SELECT = f"""\
<template>
  <select v-model="selected">
    <option value="gemini-2.5-flash-native-audio-dialog">Dialog</option>
    <option>{LIVE}</option>
  </select>
</template>

<script setup lang="ts">
import {{ ref }} from "vue";
import {{ GoogleGenAI }} from "@google/genai";
const ai = new GoogleGenAI({{}});
const selected = ref("{LIVE}");
const talk = () => ai.live.connect({{ model: selected.value, callbacks: {{}} }});
</script>
"""


def test_a_template_select_bound_to_a_ref_reaches_the_call_that_reads_it(tmp_path, monkeypatch):
    write(tmp_path, {"Chat.vue": TEMPLATE_SELECT})
    # the option that never existed is an error at its line (the select holds one of its options), not a mention
    assert findings(tmp_path, monkeypatch) == [
        ("Chat.vue", 3, "GL001", "gemini-2.5-flash-native-audio-dialog", ("Chat.vue",))
    ]


def test_a_template_select_bound_to_a_field_the_script_does_not_define_holds_mentions(tmp_path, monkeypatch):
    vue = TEMPLATE_SELECT.replace('v-model="selected"', 'v-model="config.model"')
    write(tmp_path, {"Chat.vue": vue})
    assert findings(tmp_path, monkeypatch) == [("Chat.vue", 3, "GL006", "gemini-2.5-flash-native-audio-dialog", ())]


REACTIVE_SELECT = (
    TEMPLATE_SELECT.replace('v-model="selected"', 'v-model="config.model"')
    .replace("import { ref }", "import { reactive }")
    .replace(f'const selected = ref("{LIVE}");', f'const config = reactive({{ model: "{LIVE}", voice: "Puck" }});')
    .replace("model: selected.value", "model: config.model")
)

OPTIONS_SELECT = (
    TEMPLATE_SELECT[: TEMPLATE_SELECT.index("<script")].replace('v-model="selected"', 'v-model="settings.model"')
    + f"""\
<script>
import {{ GoogleGenAI }} from "@google/genai";
const ai = new GoogleGenAI({{}});
export default {{
  data() {{
    return {{ settings: {{ model: "{LIVE}" }} }};
  }},
  methods: {{
    talk() {{
      return ai.live.connect({{ model: this.settings.model, callbacks: {{}} }});
    }},
  }},
}};
</script>
"""
)


@pytest.mark.parametrize(
    "vue",
    [
        REACTIVE_SELECT,
        # a ref holding an object: the template unwraps it (config.model), the script reads config.value.model
        REACTIVE_SELECT.replace("reactive", "ref").replace("model: config.model", "model: config.value.model"),
        OPTIONS_SELECT,
        OPTIONS_SELECT.replace("data() {", "data: () => ({")
        .replace("return { settings", "settings")
        .replace('" } };\n  },', '" } }),'),
        OPTIONS_SELECT.replace("export default {", "export default defineComponent({").replace(
            "};\n</script>", "});\n</script>"
        ),
        OPTIONS_SELECT.replace('v-model="settings.model"', 'v-model="model"')
        .replace('settings: { model: "', 'model: "')
        .replace('" } };', '" };')
        .replace("this.settings.model", "this.model"),
    ],
    ids=["reactive", "ref-object", "options-api", "options-arrow-data", "define-component", "options-field"],
)
def test_a_template_select_bound_to_a_field_reaches_the_call_that_reads_the_field(tmp_path, monkeypatch, vue):
    write(tmp_path, {"Chat.vue": vue})
    assert findings(tmp_path, monkeypatch) == [
        ("Chat.vue", 3, "GL001", "gemini-2.5-flash-native-audio-dialog", ("Chat.vue",))
    ]


@pytest.mark.parametrize("vue", [REACTIVE_SELECT, OPTIONS_SELECT], ids=["reactive", "options-api"])
def test_the_fields_first_value_reaches_the_call_too(tmp_path, monkeypatch, vue):
    vue = vue.replace(f'model: "{LIVE}"', 'model: "gemini-2.5-pro"')  # a model, but none of the Live API's
    write(tmp_path, {"Chat.vue": vue})
    first = 1 + next(i for i, line in enumerate(vue.splitlines()) if 'model: "gemini-2.5-pro"' in line)
    assert (first, "GL002") in [(f[1], f[2]) for f in findings(tmp_path, monkeypatch)]


@pytest.mark.parametrize(
    "vue",
    [
        REACTIVE_SELECT.replace('v-model="config.model"', 'v-model="draft.model"'),  # another object's field
        REACTIVE_SELECT.replace('v-model="config.model"', 'v-model="config.voice"'),  # another field
        OPTIONS_SELECT.replace("this.settings.model", "this.saved.model"),  # the call reads another field
    ],
    ids=["other-object", "other-field", "options-other-field"],
)
def test_a_field_the_call_does_not_read_keeps_its_options_mentions(tmp_path, monkeypatch, vue):
    write(tmp_path, {"Chat.vue": vue})
    assert ("Chat.vue", 3, "GL006", "gemini-2.5-flash-native-audio-dialog", ()) in findings(tmp_path, monkeypatch)
    assert not [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL001"]


@pytest.mark.parametrize(
    "source, dialect",
    [
        ('<script setup lang="ts">\nconst a = 1;\n</script>', "ts"),
        ("<script lang='tsx'>x</script>", "tsx"),
        ('<script context="module">x</script>\n<script lang="typescript">y</script>', "ts"),
        ("<SCRIPT>x</SCRIPT >", "js"),
        ("<p>é</p><script>x</script>", "js"),
    ],
)
def test_script_text_keeps_lines_and_columns(source, dialect):
    text, found = script_text(source)
    assert found == dialect
    assert len(text) == len(source) and [i for i, c in enumerate(text) if c == "\n"] == [
        i for i, c in enumerate(source) if c == "\n"
    ]
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    assert all(source[i] == c for i, c in kept)  # the scripts' characters, where they were
    assert "<" not in text and "script" not in text.replace("typescript", "")


@given(st.text(alphabet=st.sampled_from("a é\t\r\n<>\u2028"), max_size=60))
def test_blanked_makes_every_character_but_line_ends_a_space(text):
    out = blanked(text)
    assert len(out) == len(text)
    assert all(o == (c if c in "\r\n" else " ") for o, c in zip(out, text))


def test_add_ignore_comments_the_script_line_and_the_rescan_is_clean(tmp_path):
    proj = make_project(tmp_path, {"Live.vue": VUE, "App.svelte": SVELTE})
    gemlint(proj, "--add-ignore", ".")
    vue = (proj / "Live.vue").read_text()
    assert vue.splitlines()[9].endswith("callbacks: {} }); // gemlint: ignore[GL001]")
    assert vue.splitlines()[1].endswith("</select> <!-- gemlint: ignore[GL006] -->")  # the template: markup's own
    assert vue.replace(" // gemlint: ignore[GL001]", "").replace(" <!-- gemlint: ignore[GL006] -->", "") == VUE
    assert (proj / "App.svelte").read_text().splitlines()[3].endswith("// gemlint: ignore[GL002]")
    assert [f for f in findings_json(proj) if f["code"] != "GL900"] == []


@pytest.mark.parametrize(
    "line, why",
    [
        ("<script>const m = 'gemini-1.5-pro'; </script>", "not wholly inside the component's <script>"),
        ("<script>\nconst m = `gemini-1.5-pro\n`;\n</script>", "ends inside a string"),
    ],
)
def test_component_ignore_line_refuses_what_a_comment_would_break(line, why):
    start = line.index("gemini") - line[: line.index("gemini")][::-1].find("\n") if "\n" in line else 0
    end = line.find("\n", start)
    end = len(line) if end < 0 else end
    new_line, reason = component_ignore_line(line, start, end, ["GL003"])
    assert new_line is None and why in reason


SVELTE_SELECT = f"""\
<script>
  import {{ GoogleGenAI }} from "@google/genai";
  const ai = new GoogleGenAI({{}});
  let selected = INITIAL;
  const talk = () => ai.live.connect({{ model: selected, callbacks: {{}} }});
</script>

<select bind:value={{selected}}>
  <option value="gemini-2.5-flash-native-audio-dialog">Dialog</option>
  <option>{LIVE}</option>
</select>
"""


@pytest.mark.parametrize("initial", [f'"{LIVE}"', f'$state("{LIVE}")'], ids=["let", "rune"])
def test_a_svelte_select_bound_to_a_variable_reaches_the_call_that_reads_it(tmp_path, monkeypatch, initial):
    write(tmp_path, {"Chat.svelte": SVELTE_SELECT.replace("INITIAL", initial)})
    assert findings(tmp_path, monkeypatch) == [
        ("Chat.svelte", 9, "GL001", "gemini-2.5-flash-native-audio-dialog", ("Chat.svelte",))
    ]


def test_a_svelte_select_bound_to_a_store_holds_mentions(tmp_path, monkeypatch):
    svelte = SVELTE_SELECT.replace("INITIAL", f'"{LIVE}"').replace("bind:value={selected}", "bind:value={$model}")
    write(tmp_path, {"Chat.svelte": svelte})
    assert findings(tmp_path, monkeypatch) == [("Chat.svelte", 9, "GL006", "gemini-2.5-flash-native-audio-dialog", ())]


LOOP_SELECT = f"""\
<template>
  <select v-model="selected">
    <option v-for="m in models" :key="m.id" :value="VALUE">{{{{ m.name }}}}</option>
  </select>
</template>

<script setup lang="ts">
import {{ ref }} from "vue";
import {{ GoogleGenAI }} from "@google/genai";
import {{ NAMES }} from "./names";
const ai = new GoogleGenAI({{}});
const models = MODELS;
const selected = ref("{LIVE}");
const talk = () => ai.live.connect({{ model: selected.value, callbacks: {{}} }});
</script>
"""


@pytest.mark.parametrize(
    "models, value, where",
    [
        (f'[{{ id: "{TEXT}", name: "Flash" }}]', "m.id", ("Chat.vue", 12)),  # the script's list of objects
        (f'ref([{{ id: "{TEXT}", name: "Flash" }}])', "m.id", ("Chat.vue", 12)),  # a ref holding it
        ("NAMES", "m", ("names.ts", 1)),  # an imported list of names
    ],
    ids=["objects", "ref", "imported"],
)
def test_a_template_select_iterating_a_list_reaches_the_call(tmp_path, monkeypatch, models, value, where):
    vue = LOOP_SELECT.replace("MODELS", models).replace("VALUE", value)
    write(tmp_path, {"Chat.vue": vue, "names.ts": f'export const NAMES = ["{TEXT}"];\n'})
    assert findings(tmp_path, monkeypatch) == [(*where, "GL002", TEXT, ("Chat.vue",))]


def test_a_loop_whose_value_is_not_its_element_is_not_followed(tmp_path, monkeypatch):
    vue = LOOP_SELECT.replace("MODELS", f'[{{ id: "{TEXT}", name: "Flash" }}]').replace("VALUE", "other.id")
    write(tmp_path, {"Chat.vue": vue, "names.ts": "export const NAMES = [];\n"})
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


SVELTE_EACH = f"""\
<script>
  import {{ GoogleGenAI }} from "@google/genai";
  const ai = new GoogleGenAI({{}});
  let models = MODELS;
  let selected = "{LIVE}";
  const talk = () => ai.live.connect({{ model: selected, callbacks: {{}} }});
</script>

<select bind:value={{selected}}>
  {{#each models as m (m)}}
    <option value=VALUE>{{m}}</option>
  {{/each}}
</select>
"""


@pytest.mark.parametrize(
    "models, value",
    [
        (f'[{{ id: "{TEXT}" }}]', "{m.id}"),
        (f'$state([{{ id: "{TEXT}" }}])', '"{m.id}"'),  # a rune, the value quoted
        (f'["{TEXT}"]', "{m}"),
    ],
    ids=["objects", "rune", "names"],
)
def test_a_svelte_each_select_reaches_the_call(tmp_path, monkeypatch, models, value):
    write(tmp_path, {"Chat.svelte": SVELTE_EACH.replace("MODELS", models).replace("VALUE", value)})
    assert findings(tmp_path, monkeypatch) == [("Chat.svelte", 4, "GL002", TEXT, ("Chat.svelte",))]


def test_a_svelte_each_whose_value_is_not_its_element_is_not_followed(tmp_path, monkeypatch):
    svelte = SVELTE_EACH.replace("MODELS", f'[{{ id: "{TEXT}" }}]').replace("VALUE", "{other.id}")
    write(tmp_path, {"Chat.svelte": svelte})
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


def test_a_template_select_bound_to_a_field_and_iterating_a_list_reaches_the_call(tmp_path, monkeypatch):
    vue = (
        LOOP_SELECT.replace('v-model="selected"', 'v-model="config.model"')
        .replace("import { ref }", "import { reactive }")
        .replace(f'const selected = ref("{LIVE}");', f'const config = reactive({{ model: "{LIVE}" }});')
        .replace("model: selected.value", "model: config.model")
        .replace("MODELS", f'[{{ id: "{TEXT}", name: "Flash" }}]')
        .replace("VALUE", "m.id")
    )
    write(tmp_path, {"Chat.vue": vue, "names.ts": "export const NAMES = [];\n"})
    assert findings(tmp_path, monkeypatch) == [("Chat.vue", 12, "GL002", TEXT, ("Chat.vue",))]


def test_a_svelte_each_select_bound_to_an_imported_store_reaches_its_readers(tmp_path, monkeypatch):
    picker = (
        SVELTE_EACH.replace("let selected", "let unused")
        .replace("model: selected", "model: unused")
        .replace("<script>\n", "<script>\n  import { model } from './stores.js';\n")
        .replace("bind:value={selected}", "bind:value={$model}")
        .replace("MODELS", f'[{{ id: "{TEXT}" }}]')
        .replace("VALUE", "{m.id}")
    )
    stores = "import { writable } from 'svelte/store';\nexport const model = writable('');\n"
    chat = (
        "<script>\n  import { model } from './stores.js';\n  import { GoogleGenAI } from '@google/genai';\n"
        "  const ai = new GoogleGenAI({});\n  const talk = () => ai.live.connect({ model: $model, callbacks: {} });\n"
        "</script>\n"
    )
    write(tmp_path, {"Picker.svelte": picker, "stores.js": stores, "Chat.svelte": chat})
    assert findings(tmp_path, monkeypatch) == [("Picker.svelte", 5, "GL002", TEXT, ("Chat.svelte",))]


SVELTE_FIELD = f"""\
<script>
  import {{ GoogleGenAI }} from "@google/genai";
  const ai = new GoogleGenAI({{}});
  let settings = $state({{ model: "{LIVE}", voice: "Puck" }});
  const talk = () => ai.live.connect({{ model: settings.model, callbacks: {{}} }});
</script>

<select bind:value={{settings.model}}>
  <option value="gemini-2.5-flash-native-audio-dialog">Dialog</option>
</select>
"""


@pytest.mark.parametrize(
    "svelte",
    [SVELTE_FIELD, SVELTE_FIELD.replace(f'$state({{ model: "{LIVE}", voice: "Puck" }})', f'{{ model: "{LIVE}" }}')],
    ids=["state-rune", "svelte-4-let"],
)
def test_a_svelte_select_bound_to_a_field_reaches_the_call_that_reads_it(tmp_path, monkeypatch, svelte):
    write(tmp_path, {"Chat.svelte": svelte})
    assert findings(tmp_path, monkeypatch) == [
        ("Chat.svelte", 9, "GL001", "gemini-2.5-flash-native-audio-dialog", ("Chat.svelte",))
    ]


@pytest.mark.parametrize(
    "svelte",
    [
        SVELTE_FIELD.replace("bind:value={settings.model}", "bind:value={settings.voice}"),  # another field
        SVELTE_FIELD.replace("bind:value={settings.model}", "bind:value={draft.model}"),  # another object
    ],
    ids=["other-field", "other-object"],
)
def test_a_svelte_field_no_call_reads_keeps_its_options_mentions(tmp_path, monkeypatch, svelte):
    write(tmp_path, {"Chat.svelte": svelte})
    assert findings(tmp_path, monkeypatch) == [("Chat.svelte", 9, "GL006", "gemini-2.5-flash-native-audio-dialog", ())]
