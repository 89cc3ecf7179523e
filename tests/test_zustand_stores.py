"""Names that travel through a Zustand store (``ts_stores``): the initial state, a settings dialog's setter, the
selector, the destructured state and ``getState()``; in one file and across files."""

from __future__ import annotations

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from tests.helpers import TODAY
from tests.test_crossfile import LIVE, TEXT, write

STORE = f"""\
import {{ create }} from "zustand";
import {{ persist }} from "zustand/middleware";
interface S {{ model: string; setModel: (m: string) => void }}
export const useSettings = create<S>()(persist((set) => ({{
  model: "{TEXT}",
  setModel: (m: string) => SETTER,
}}), {{ name: "settings" }}));
"""
HEAD = "import {{ GoogleGenAI }} from '@google/genai';\nimport {{ useSettings }} from './store';\n"
LIVE_READ = (
    "const ai = new GoogleGenAI({{}});\nexport function go() {{\n  {read}\n"
    "  return ai.live.connect({{ model, callbacks: {{}} }});\n}}\n"
)
DIALOG = (
    'import { useSettings } from "./store";\nexport function Dialog() {\n  GET\n'
    f'  return <button onClick={{() => setModel("{LIVE}")}}>Live</button>;\n}}\n'
)


SETTERS = ["set({ model: m })", "set((state) => ({ ...state, model: m }))"]


def run(root, monkeypatch):
    monkeypatch.chdir(root)
    result = scan(["."], make_scanner(Config(root=str(root)), today=TODAY))
    return sorted((f.location.path, f.location.line, f.code, f.model, f.message) for f in result.findings)


def codes(found):
    return [(path, line, code) for path, line, code, _, _ in found]


@pytest.mark.parametrize(
    "read",
    [
        "const model = useSettings((s) => s.model);",
        "const { model } = useSettings();",
        "const model = useSettings.getState().model;",
    ],
    ids=["selector", "destructured", "getState"],
)
@pytest.mark.parametrize("setter", SETTERS, ids=["object", "function"])
def test_the_initial_state_reaches_the_call(tmp_path, monkeypatch, read, setter):
    write(
        tmp_path, {"store.ts": STORE.replace("SETTER", setter), "use.ts": HEAD.format() + LIVE_READ.format(read=read)}
    )
    assert codes(run(tmp_path, monkeypatch)) == [("store.ts", 5, "GL002")]  # a text model sent to live.connect


@pytest.mark.parametrize(
    "get", ["const setModel = useSettings((s) => s.setModel);", "const { setModel } = useSettings();"]
)
@pytest.mark.parametrize("setter", SETTERS, ids=["object", "function"])
def test_a_dialog_sets_what_the_call_reads(tmp_path, monkeypatch, get, setter):
    write(
        tmp_path,
        {
            "store.ts": STORE.replace("SETTER", setter).replace(TEXT, LIVE),
            "use.ts": HEAD.format()
            + LIVE_READ.format(read="const model = useSettings((s) => s.model);").replace(
                "ai.live.connect({ model, callbacks: {} })", "ai.models.generateContent({ model, contents: 'x' })"
            ),
            "dialog.tsx": DIALOG.replace("GET", get),
        },
    )
    # the Live model the dialog sets, and the initial one, both reach generateContent
    assert codes(run(tmp_path, monkeypatch)) == [("dialog.tsx", 4, "GL002"), ("store.ts", 5, "GL002")]


def test_a_store_in_the_same_file(tmp_path, monkeypatch):
    source = (
        'import { create } from "zustand";\nimport { GoogleGenAI } from "@google/genai";\n'
        f'const useLocal = create((set) => ({{ model: "{TEXT}" }}));\n'
        "const ai = new GoogleGenAI({});\n"
        "export const go = () => ai.live.connect({ model: useLocal((s) => s.model), callbacks: {} });\n"
    )
    write(tmp_path, {"one.ts": source})
    assert codes(run(tmp_path, monkeypatch)) == [("one.ts", 3, "GL002")]


def test_create_from_elsewhere_is_no_store(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "store.ts": STORE.replace('"zustand"', '"./factory"').replace("SETTER", "set({ model: m })"),
            "use.ts": HEAD.format() + LIVE_READ.format(read="const model = useSettings((s) => s.model);"),
        },
    )
    assert run(tmp_path, monkeypatch) == []  # { model: TEXT } is a listed model parameter; nothing flows


def test_the_message_names_the_call_the_model_cannot_serve(tmp_path, monkeypatch):
    use = HEAD.format() + LIVE_READ.format(read="const model = useSettings((s) => s.model);").replace(TEXT, LIVE)
    use += (
        "export const text = () => ai.models.generateContent({ model: useSettings.getState().model, contents: 'x' });\n"
    )
    write(tmp_path, {"store.ts": STORE.replace("SETTER", "set({ model: m })").replace(TEXT, LIVE), "use.ts": use})
    [(path, line, code, model, message)] = run(tmp_path, monkeypatch)
    assert (path, line, code, model) == ("store.ts", 5, "GL002", LIVE)
    assert message.endswith("(→ ai.models.generateContent, use.ts:8)"), message  # not the live.connect it serves


@pytest.mark.parametrize(
    "export, imported",
    [
        ("export default useSettings;", "import useSettings from './store';"),
        ("export { useSettings as useModel };", "import { useModel as useSettings } from './store';"),
    ],
    ids=["default", "alias"],
)
def test_a_store_exported_under_another_name(tmp_path, monkeypatch, export, imported):
    store = STORE.replace("export const", "const").replace("SETTER", "set({ model: m })") + export + "\n"
    use = HEAD.format().replace("import { useSettings } from './store';", imported)
    use += LIVE_READ.format(read="const model = useSettings.getState().model;")
    write(tmp_path, {"store.ts": store, "use.ts": use})
    assert codes(run(tmp_path, monkeypatch)) == [("store.ts", 5, "GL002")]
