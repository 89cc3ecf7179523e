"""React value flow (issue 23): state, refs, context, props and <select> options reach the call.

As in test_flow_ts: TEXT reaches ``ai.live.connect`` (GL002 at the literal) and the negative twin changes
one thing so that the literal stays a mention.
"""

from __future__ import annotations

import json
import pathlib
from typing import Dict

import pytest

from .helpers import run_cli
from .test_crossfile import findings, write
from .test_flow_ts import CLIENT, HEAD, INTERFACE, PROJECT, TEXT, _gl002

INVENTORY = pathlib.Path(__file__).parent / "fixtures" / "models-list-2026-09.json"

CONTEXT = (
    "import { createContext, useContext } from 'react';\nimport type { LiveConfig } from '@/types';\n"
    "export const DEFAULT: LiveConfig = { model: 'gemini-2.5-flash-native-audio-latest', voice: 'Puck' };\n"
    "type Settings = { config: LiveConfig; setConfig: (config: LiveConfig) => void };\n"
    "const Ctx = createContext<Settings>({ config: DEFAULT, setConfig: () => {} });\n"
    "export const useSettings = () => useContext(Ctx);\n"
)
LIVE = {"src/types.ts": INTERFACE, "src/client.ts": CLIENT, "src/context.tsx": CONTEXT}


def _dialog(field: str) -> str:
    return (
        "import { useSettings } from '@/context';\n"
        f"const MODELS = [{{ id: '{TEXT}', label: 'Fast' }}];\n"
        "const VOICES = ['Puck', 'Kore'];\n"
        "export function Dialog() {\n  const { config, setConfig } = useSettings();\n"
        "  return (<form><h3>Model & Voice</h3>\n"
        f"    <select onChange={{(e) => setConfig({{ ...config, {field}: e.target.value }})}}>\n"
        "      {MODELS.map((m) => (<option key={m.id} value={m.id}>{m.label}</option>))}\n    </select>\n"
        "    <select onChange={(e) => setConfig({ ...config, voice: e.target.value })}>\n"
        "      {VOICES.map((v) => (<option key={v}>{v}</option>))}\n    </select>\n  </form>);\n}\n"
    )


WRAPPER = (
    "import type { ReactNode } from 'react';\n"
    "export function Select({ onValueChange, children }:"
    " { onValueChange: (v: string) => void; children: ReactNode }) {\n"
    "  return <select onChange={(e) => onValueChange(e.target.value)}>{children}</select>;\n}\n"
    "export function SelectItem({ value, children }: { value: string; children: ReactNode }) {\n"
    "  return <option value={value}>{children}</option>;\n}\n"
)


def _picker(key: str) -> str:
    return (
        "import { Select, SelectItem } from '@/ui/select';\n"
        f"const MODELS = [{{ value: '{TEXT}', label: 'Fast' }}];\n"
        "export function Picker() {\n  const choose = (value: string) => {\n"
        f"    const params = new URLSearchParams(window.location.search);\n    params.set('{key}', value);\n  }};\n"
        "  return (<Select onValueChange={choose}>\n"
        "    {MODELS.map((m) => (<SelectItem key={m.value} value={m.value}>{m.label}</SelectItem>))}\n"
        "  </Select>);\n}\n"
    )


SESSION_FROM_URL = (
    "import { LiveClient } from '@/client';\n"
    "export function start() {\n  const fromUrl = new URLSearchParams(window.location.search).get('model');\n"
    "  return new LiveClient().connect({ model: fromUrl ?? 'x', voice: 'Puck' });\n}\n"
)

CASES: Dict[str, tuple] = {
    # <select onChange={(e) => setConfig({...config, model: e.target.value})}> through a typed context setter
    "select-typed-setter": ({**LIVE, "src/dialog.tsx": _dialog("model")}, {**LIVE, "src/dialog.tsx": _dialog("voice")}),
    # a component library's Select/SelectItem, the choice stored in the URL and read back for the call
    "select-wrapper-url": (
        {**LIVE, "src/ui/select.tsx": WRAPPER, "src/picker.tsx": _picker("model"), "src/session.ts": SESSION_FROM_URL},
        {**LIVE, "src/ui/select.tsx": WRAPPER, "src/picker.tsx": _picker("voice"), "src/session.ts": SESSION_FROM_URL},
    ),
    "use-state-setter": (
        {
            "src/app.tsx": HEAD
            + f"import {{ useState }} from 'react';\nconst [m, setM] = useState('x');\nsetM('{TEXT}');\n"
            "const [v, setV] = useState('y');\nai.live.connect({ model: m });\n"
        },
        {
            "src/app.tsx": HEAD
            + f"import {{ useState }} from 'react';\nconst [m, setM] = useState('x');\nsetV('{TEXT}');\n"
            "const [v, setV] = useState('y');\nai.live.connect({ model: m });\n"
        },
    ),
    "context-default": (
        {
            "src/ctx.tsx": f"import {{ createContext }} from 'react';\n"
            f"export const Ctx = createContext({{ model: '{TEXT}', voice: 'x' }});\n",
            "src/app.tsx": HEAD + "import { useContext } from 'react';\nimport { Ctx } from './ctx';\n"
            "export function App() {\n  const c = useContext(Ctx);\n  return ai.live.connect({ model: c.model });\n}\n",
        },
        {
            "src/ctx.tsx": f"import {{ createContext }} from 'react';\n"
            f"export const Ctx = createContext({{ model: '{TEXT}', voice: 'x' }});\n",
            "src/app.tsx": HEAD + "import { useContext } from 'react';\nimport { Ctx } from './ctx';\n"
            "export function App() {\n  const c = useContext(Ctx);\n  return ai.live.connect({ model: c.voice });\n}\n",
        },
    ),
    "component-prop": (
        {
            "src/live.tsx": HEAD
            + "export function Live({ model }: { model: string }) {\n  ai.live.connect({ model });\n  return null;\n}\n"
            "export function Label({ model }: { model: string }) {\n  return <b>{model}</b>;\n}\n",
            "src/app.tsx": f"import {{ Live, Label }} from './live';\n"
            f"export const App = () => <Live model='{TEXT}' />;\n",
        },
        {
            "src/live.tsx": HEAD
            + "export function Live({ model }: { model: string }) {\n  ai.live.connect({ model });\n  return null;\n}\n"
            "export function Label({ model }: { model: string }) {\n  return <b>{model}</b>;\n}\n",
            "src/app.tsx": f"import {{ Live, Label }} from './live';\n"
            f"export const App = () => <Label model='{TEXT}' />;\n",
        },
    ),
}
LINE = {
    "select-typed-setter": ("src/dialog.tsx", 2),
    "select-wrapper-url": ("src/picker.tsx", 2),
    "use-state-setter": ("src/app.tsx", 5),
    "context-default": ("src/ctx.tsx", 2),
    "component-prop": ("src/app.tsx", 2),
}

HOOK_CLIENT = HEAD + "export class WsClient {\n  connect(model: string) { return ai.live.connect({ model }); }\n}\n"


def _hook(setter_call: str) -> Dict[str, str]:
    """The live-api-web-console shape: a hook owns the model state and the client, a context hands both out."""
    return {
        "src/client.ts": HOOK_CLIENT,
        "src/use-live.ts": "import { useMemo, useState } from 'react';\nimport { WsClient } from './client';\n"
        "export function useLive() {\n  const client = useMemo(() => new WsClient(), []);\n"
        "  const [model, setModel] = useState<string>('x');\n  const [voice, setVoice] = useState<string>('Puck');\n"
        "  const connect = () => client.connect(model);\n"
        "  return { client, model, setModel, voice, setVoice, connect };\n}\n",
        "src/context.tsx": "import { createContext, useContext } from 'react';\nimport { useLive } from './use-live';\n"
        "const Ctx = createContext<any>(undefined);\n"
        "export function Provider({ children }: any) {\n  const live = useLive();\n"
        "  return <Ctx.Provider value={live}>{children}</Ctx.Provider>;\n}\n"
        "export const useLiveContext = () => useContext(Ctx);\n",
        "src/altair.tsx": "import { useLiveContext } from './context';\n"
        f"export function Altair() {{\n  const {{ setModel, setVoice }} = useLiveContext();\n"
        f"  {setter_call}('{TEXT}');\n  return null;\n}}\n",
    }


CASES["hook-setter-through-context"] = (_hook("setModel"), _hook("setVoice"))
LINE["hook-setter-through-context"] = ("src/altair.tsx", 4)


@pytest.mark.parametrize("case", sorted(CASES))
def test_value_reaches_the_call(tmp_path, monkeypatch, case):
    assert _gl002(tmp_path, monkeypatch, CASES[case][0]) == [LINE[case]]


@pytest.mark.parametrize("case", sorted(CASES))
def test_negative_twin_stays_a_mention(tmp_path, monkeypatch, case):
    assert _gl002(tmp_path, monkeypatch, CASES[case][1]) == []


def test_warm_cached_scan_keeps_a_file_that_only_writes(tmp_path):
    """ui/select.tsx holds no name and no call, only Writes: the cache must keep them for the warm run."""
    padding = {f"src/pad/p{i}.ts": f"export const P{i} = {i};\n" for i in range(20)}  # the cache needs 16 files
    write(tmp_path, {**PROJECT, **CASES["select-wrapper-url"][0], **padding})
    for run in ("cold", "warm"):
        out = run_cli(["scan", "--format", "json", "--inventory", str(INVENTORY), "."], cwd=tmp_path)
        found = [(f["path"], f["line"]) for f in json.loads(out.stdout)["findings"] if f["code"] == "GL002"]
        assert found == [LINE["select-wrapper-url"]], run
        assert list(tmp_path.glob(".gemlint_cache/*/*.json")), "the scan wrote no cache"


def test_one_file_scans_keep_the_other_files_exports_in_the_index(tmp_path):
    """Pre-commit: each one-file scan re-saves the index; the aliases other files export must survive it."""
    padding = {f"src/pad/p{i}.ts": f"export const P{i} = {i};\n" for i in range(20)}  # the cache needs 16 files
    write(tmp_path, {**PROJECT, **CASES["select-typed-setter"][0], **padding})
    args = ["scan", "--format", "json", "--inventory", str(INVENTORY)]
    run_cli(args + ["."], cwd=tmp_path)  # writes the project index
    for given in ("src/client.ts", "src/dialog.tsx"):  # client.ts exports an alias: its scan re-saves the index
        run_cli(args + [given], cwd=tmp_path)
        out = run_cli(args + ["src/dialog.tsx"], cwd=tmp_path)
        found = [(f["path"], f["line"]) for f in json.loads(out.stdout)["findings"] if f["code"] == "GL002"]
        assert found == [LINE["select-typed-setter"]], given


PICKER = """\
type Props = { model: string; setModel: (m: string) => void };
export function Picker({ model, setModel }: Props) {
  HANDLER
  return (
    <select value={model} onChange={ON_CHANGE}>
      <option value="gemini-2.5-flash-native-audio-dialog">Dialog</option>
      <option value="gemini-3.8-flash">Flash</option>
    </select>
  );
}
"""
PARENT = """\
import { useState } from 'react';
import { GoogleGenAI } from '@google/genai';
import { Picker } from './Picker';
const ai = new GoogleGenAI({});
export function App() {
  const [model, setModel] = useState('gemini-3.8-flash');
  const go = () => ai.models.generateContent({ model, contents: 'x' });
  return <Picker model={model} setModel={SETTER} />;
}
"""


@pytest.mark.parametrize(
    "handler, on_change, setter, reached",
    [
        ("", "(e) => setModel(e.target.value)", "setModel", True),  # inline, the parent's setter as a prop
        ("const onPick = (e) => setModel(e.target.value);", "onPick", "setModel", True),  # a named handler
        ("function onPick(e) { setModel(e.target.value); }", "onPick", "setModel", True),
        ("const onPick = (e) => setModel(e.target.value);", "other", "setModel", False),  # it handles no select
        ("", "(e) => setModel(e.target.value)", "(m) => console.log(m)", False),  # not the state's setter
    ],
)
def test_a_child_select_sets_the_parents_state(tmp_path, monkeypatch, handler, on_change, setter, reached):
    picker = PICKER.replace("HANDLER", handler).replace("ON_CHANGE", on_change)
    write(tmp_path, {"src/Picker.tsx": picker, "src/App.tsx": PARENT.replace("SETTER", setter)})
    found = [f for f in findings(tmp_path, monkeypatch) if f[3] == "gemini-2.5-flash-native-audio-dialog"]
    assert [f[2] for f in found] == (["GL001"] if reached else ["GL006"])


SHADCN_SELECT = """\
import * as SelectPrimitive from "@radix-ui/react-select";
export const Select = SelectPrimitive.Root;
export const SelectContent = ({ children }) => <SelectPrimitive.Content>{children}</SelectPrimitive.Content>;
export const SelectItem = ({ children, ...p }) => <SelectPrimitive.Item {...p}>{children}</SelectPrimitive.Item>;
"""
PICKERS = """\
import { Select, SelectContent, SelectItem } from "./ui/select";
const TEXT_MODELS = [{ value: "gemini-3.8-flash" }, { value: "gemini-9.9-text" }];
export const TextPicker = ({ model, onModelChange }) => (
  <Select value={model} onValueChange={onModelChange}>
    <SelectContent>{TEXT_MODELS.map((m) => <SelectItem key={m.value} value={m.value} />)}</SelectContent>
  </Select>
);
export const LivePicker = ({ model, setModel }) => (
  <Select value={model} onValueChange={HANDLER}>
    <SelectContent><SelectItem value="gemini-2.5-flash-native-audio-latest">Live</SelectItem></SelectContent>
  </Select>
);
"""
SCREENS = """\
import { useState } from "react";
import { GoogleGenAI } from "@google/genai";
import { TextPicker, LivePicker } from "./pickers";
const ai = new GoogleGenAI({});
export function Chat() {
  const [model, setModel] = useState("gemini-3.8-flash");
  const ask = () => ai.models.generateContent({ model, contents: "x" });
  return <TextPicker model={model} onModelChange={setModel} />;
}
export function Voice() {
  const [voiceModel, setVoiceModel] = useState("gemini-2.5-flash-native-audio-latest");
  const talk = () => ai.live.connect({ model: voiceModel, callbacks: {} });
  return <LivePicker model={voiceModel} setModel={setVoiceModel} />;
}
"""


@pytest.mark.parametrize("handler", ["setModel", "(v) => setModel(v)"], ids=["setter", "arrow"])
def test_a_radix_select_passes_its_items_to_its_own_handler(tmp_path, monkeypatch, handler):
    files = {"src/ui/select.tsx": SHADCN_SELECT, "src/pickers.tsx": PICKERS.replace("HANDLER", handler)}
    write(tmp_path, {**files, "src/screens.tsx": SCREENS})
    found = {(f[0], f[1], f[2], f[3]) for f in findings(tmp_path, monkeypatch)}
    # the text picker's unknown item reaches the chat's call; neither picker's items reach the other's call
    assert ("src/pickers.tsx", 2, "GL001", "gemini-9.9-text") in found
    assert not any(code == "GL002" for _, _, code, _ in found), found


def test_a_setter_handled_select_takes_no_other_selects_items(tmp_path, monkeypatch):
    chat = """\
import { useState } from "react";
import { GoogleGenAI } from "@google/genai";
import { Select, SelectItem } from "./ui/select";
const ai = new GoogleGenAI({});
export function Chat() {
  const [model, setModel] = useState("gemini-3.8-flash");
  const ask = () => ai.models.generateContent({ model, contents: "x" });
  return <Select onValueChange={setModel}><SelectItem value="gemini-3.8-flash" /></Select>;
}
"""
    other = """\
import { useState } from "react";
import { GoogleGenAI } from "@google/genai";
import { Select, SelectItem } from "./ui/select";
const ai = new GoogleGenAI({});
export function Other() {
  const [m, setM] = useState("gemini-3.8-live");
  const talk = () => ai.live.connect({ model: m, callbacks: {} });
  return <Select onValueChange={(v) => setM(v)}><SelectItem value="gemini-9.9-other" /></Select>;
}
"""
    write(tmp_path, {"src/ui/select.tsx": SHADCN_SELECT, "src/chat.tsx": chat, "src/other.tsx": other})
    found = [f for f in findings(tmp_path, monkeypatch) if f[3] == "gemini-9.9-other"]
    assert found == [("src/other.tsx", 8, "GL001", "gemini-9.9-other", ("src/other.tsx",))]  # not chat's call


LIBRARY_SELECT = """\
import { useState } from "react";
import { GoogleGenAI } from "@google/genai";
IMPORT
const ai = new GoogleGenAI({});
const OPTIONS = [{ value: "gemini-9.9-listed", label: "Listed" }, { value: "gemini-3.8-flash", label: "Flash" }];
export function App() {
  const [model, setModel] = useState("gemini-3.8-flash");
  const go = () => ai.models.generateContent({ model, contents: "x" });
  return ELEMENT;
}
"""


@pytest.mark.parametrize(
    "library, element",
    [
        ('import { Select } from "antd";', "<Select value={model} onChange={setModel} options={OPTIONS} />"),
        (
            'import { Select } from "@mantine/core";',
            "<Select value={model} onChange={(v) => setModel(v)} data={OPTIONS} />",
        ),
        (
            'import { Select, MenuItem } from "@mui/material";',
            "<Select value={model} onChange={(e) => setModel(e.target.value)}>"
            '<MenuItem value="gemini-9.9-listed">x</MenuItem></Select>',
        ),
    ],
    ids=["antd", "mantine", "mui"],
)
def test_a_component_library_select_reaches_the_state(tmp_path, monkeypatch, library, element):
    source = LIBRARY_SELECT.replace("IMPORT", library).replace("ELEMENT", element)
    write(tmp_path, {"src/App.tsx": source})
    found = [f[:3] for f in findings(tmp_path, monkeypatch) if f[3] == "gemini-9.9-listed"]
    line = 5 if "OPTIONS}" in element else 9  # the list, or the <MenuItem> (the unused list is a mention)
    assert [f for f in found if f[1] == line] == [("src/App.tsx", line, "GL001")]


def test_a_list_beside_a_select_that_is_no_select_is_not_its_options(tmp_path, monkeypatch):
    element = "<Table value={model} onChange={setModel} data={OPTIONS} />"
    source = LIBRARY_SELECT.replace("IMPORT", 'import { Table } from "antd";').replace("ELEMENT", element)
    write(tmp_path, {"src/App.tsx": source})
    found = [f[2] for f in findings(tmp_path, monkeypatch) if f[3] == "gemini-9.9-listed"]
    assert found == ["GL006"]  # a mention: a table's rows are no choice of a model


@pytest.mark.parametrize("handler", ["setModel", "(v) => setModel(v)"], ids=["setter", "arrow"])
def test_radix_used_straight_from_the_package(tmp_path, monkeypatch, handler):
    source = LIBRARY_SELECT.replace("IMPORT", 'import * as Select from "@radix-ui/react-select";').replace(
        "ELEMENT",
        f"<Select.Root value={{model}} onValueChange={{{handler}}}>"
        '<Select.Item value="gemini-9.9-listed">x</Select.Item></Select.Root>',
    )
    write(tmp_path, {"src/App.tsx": source})
    found = [f[:3] for f in findings(tmp_path, monkeypatch) if f[3] == "gemini-9.9-listed" and f[1] == 9]
    assert found == [("src/App.tsx", 9, "GL001")]  # the item reaches the call, not written into the package


def test_an_expected_failure_resolved_before_the_main_query_keeps_return_values(tmp_path, monkeypatch):
    # the expected failure's argument is resolved while test doubles are found, before the main query: the bindings
    # built then (a lazy useState initializer's returns) must not leave an empty table of returns behind
    source = (
        "import { GoogleGenAI } from '@google/genai';\nimport { useState } from 'react';\n"
        "const ai = new GoogleGenAI({});\n"
        "function pick(): string {\n  return 'gemini-2.5-flash-native-audio-latest';\n}\n"
        "export function App() {\n  const [m] = useState(() => {\n    return 'hello';\n  });\n"
        "  return ai.models.generateContent({ model: pick(), contents: m });\n}\n"
        "it('fails', async () => {\n  const req = { model: 'x', contents: 'y' };\n"
        "  await expect(ai.models.generateContent(req)).rejects.toThrow();\n});\n"
    )
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "App.tsx").write_text(source)
    assert ("App.tsx", 5, "GL002") in [(f[0], f[1], f[2]) for f in findings(tmp_path, monkeypatch)]
