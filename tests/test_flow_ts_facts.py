"""The facts TypeScript/JavaScript extraction records for the value flow (issue 23), record by record.

The end-to-end paths are in test_flow_ts*.py; these pin the contract with the flow engine (the node names of
gemlint/types.py and docs/value-flow.md): what is written where, what a call site reads, what a file defines.
"""

from __future__ import annotations

from typing import List, Set, Tuple

from gemlint.extract.typescript.extractor import extract_typescript
from gemlint.types import IMPORT, STORE

TEXT = "gemini-3.8-flash"
HEAD = "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"


def facts(source: str, dialect: str = "ts"):
    out: list = []
    extract_typescript(source, f"src/x.{dialect}", dialect, lambda name: True, out)
    return out  # exports, pending, writes


def writes(source: str, dialect: str = "ts") -> Set[Tuple[Tuple, Tuple[str, ...], Tuple[Tuple, ...], bool]]:
    return {
        (tuple(w.target), tuple(r.text for r in w.refs), tuple(tuple(s) for s in w.symbols), w.approximate)
        for w in facts(source, dialect)[2]
    }


def exports(source: str, dialect: str = "ts") -> Set[Tuple[str, Tuple[str, ...], Tuple[Tuple, ...]]]:
    return {
        (e.name, tuple(r.text for r in e.refs), tuple(tuple(s) for s in e.symbols)) for e in facts(source, dialect)[0]
    }


def pending(source: str, dialect: str = "ts") -> List[Tuple]:
    return [tuple(p.symbol) for p in facts(source, dialect)[1]]


def test_typed_declaration_writes_each_field_into_its_type():
    src = f"import type {{ LiveConfig }} from './types';\nexport const D: LiveConfig = {{ model: '{TEXT}', n: 3 }};\n"
    assert ((IMPORT, "./types", "LiveConfig.model"), (TEXT,), (), False) in writes(src)
    assert not any(t[0][2] == "LiveConfig.n" for t in writes(src))  # a number carries no name


def test_typed_parameter_is_an_alias_of_its_type_and_the_call_reads_both_nodes():
    src = HEAD + (
        "import type { LiveConfig } from './types';\n"
        "export class LiveClient {\n"
        "  connect(config: LiveConfig) { return ai.live.connect({ model: config.model }); }\n}\n"
    )
    assert ("LiveClient.connect#0", (), ((IMPORT, "./types", "LiveConfig"),)) in exports(src)
    assert pending(src) == [(IMPORT, "", "LiveClient.connect#0.model"), (IMPORT, "./types", "LiveConfig.model")]


def test_type_fields_name_their_types_and_function_typed_fields_their_parameters():
    src = (
        "import type { LiveConfig } from './types';\n"
        "type Settings = { config: LiveConfig; setConfig: (config: LiveConfig) => void; n: number };\n"
    )
    assert exports(src) == {
        ("Settings.config", (), ((IMPORT, "./types", "LiveConfig"),)),
        ("Settings.setConfig#0", (), ((IMPORT, "./types", "LiveConfig"),)),
    }


def test_calls_write_arguments_into_parameters_and_object_fields():
    src = f"import {{ open }} from './session';\nimport {{ C }} from './c';\nopen('{TEXT}');\n"
    src += f"new C().go({{ model: '{TEXT}' }});\n"
    found = writes(src)
    assert ((IMPORT, "./session", "open#0"), (TEXT,), (), False) in found
    assert ((IMPORT, "./c", "C.go#0.model"), (TEXT,), (), False) in found


def test_nothing_is_written_into_a_package():
    src = f"import axios from 'axios';\nimport {{ x }} from '@scope/pkg';\naxios.post('{TEXT}');\nx('{TEXT}');\n"
    assert writes(src) == set()


def test_keyed_stores_are_approximate_and_read_under_their_key():
    src = HEAD + (
        f"const p = new URLSearchParams(location.search);\np.set('model', '{TEXT}');\n"
        f"localStorage.setItem('m', '{TEXT}');\n"
        "ai.live.connect({ model: sessionStorage.getItem('m') });\n"
    )
    found = writes(src)
    assert ((STORE, "url", "model"), (TEXT,), (), True) in found
    assert ((STORE, "localStorage", "m"), (TEXT,), (), True) in found
    assert pending(src) == [(STORE, "sessionStorage", "m")]


def test_commonjs_exports():
    src = f"module.exports = {{ MODEL: '{TEXT}' }};\nmodule.exports.OTHER = '{TEXT}';\nexports.THIRD = '{TEXT}';\n"
    names = {name for name, _, _ in exports(src, "js")}
    assert {"MODEL", "OTHER", "THIRD", "default.MODEL"} <= names


def test_require_reads_the_module_as_an_import():
    src = HEAD + "const { MODEL } = require('./config');\nconst cfg = require('./cfg');\n"
    src += "ai.live.connect({ model: MODEL });\nai.models.generateContent({ model: cfg.LIVE });\n"
    assert pending(src, "js") == [(IMPORT, "./config", "MODEL"), (IMPORT, "./cfg", "LIVE")]


def test_wrapper_select_reads_the_files_option_node():
    src = (
        "export function Select({ onValueChange, children }: any) {\n"
        "  return <select onChange={(e) => onValueChange(e.target.value)}>{children}</select>;\n}\n"
        "export function SelectItem({ value }: any) {\n  return <option value={value}>{value}</option>;\n}\n"
    )
    assert writes(src, "tsx") == {
        ((IMPORT, "", "Select#0.onValueChange#0"), (), ((IMPORT, "", "<option>"),), False),
        ((IMPORT, "", "<option>"), (), ((IMPORT, "", "SelectItem#0.value"),), True),
    }


def test_a_callback_prop_binds_its_parameters_to_the_slot():
    src = (
        "import { Select } from './ui';\nexport function P() {\n"
        "  const choose = (value: string) => value;\n  return <Select onValueChange={choose} />;\n}\n"
    )
    assert ("choose#0", (), ((IMPORT, "./ui", "Select#0.onValueChange#0"),)) in exports(src, "tsx")


def test_select_options_inline_and_mapped_are_its_value():
    src = HEAD + (
        f"const MODELS = [{{ id: '{TEXT}' }}];\nexport function D() {{\n"
        "  return <select onChange={(e) => ai.live.connect({ model: e.target.value })}>\n"
        "    <option value='gemini-2.5-flash'>a</option>\n"
        "    {MODELS.map((m) => <option key={m.id} value={m.id}>{m.id}</option>)}\n  </select>;\n}\n"
    )
    refs, _ = extract_typescript(src, "src/x.tsx", "tsx", lambda name: True)
    assert sorted(r.text for r in refs if r.site is not None and r.site.kind == "ai.live.connect") == [
        "gemini-2.5-flash",
        TEXT,
    ]


def test_returns_and_elements():
    src = f"export const LIST = ['{TEXT}'];\nexport function pick() {{\n  return LIST[0];\n}}\n"
    src += "function hidden() { return 'x'; }\n"
    found = exports(src)
    assert ("LIST[]", (TEXT,), ()) in found
    assert ("pick()", (TEXT,), ()) in found
    assert not any(name == "hidden()" for name, _, _ in found)  # not exported: its callers are in this file


def test_a_value_resolved_again_records_its_symbols_again(tmp_path, monkeypatch):
    # resolve() is memoised per node: `cfg`'s field `M` is resolved for the write into log#0, then again for the
    # call site's pending use; the second answer must bring the import it met (red when a reused answer records none)
    from tests.test_crossfile import TEXT, findings, write

    app = (
        "import { M } from './config';\nimport { GoogleGenAI } from '@google/genai';\nimport { log } from './log';\n"
        "const ai = new GoogleGenAI({});\nconst cfg = { model: M, callbacks: {} };\nlog(cfg);\nlog(M);\n"
        "ai.live.connect(cfg);\n"
    )
    files = {"config.ts": f"export const M = '{TEXT}';\n", "log.ts": "export function log(x: unknown) {}\n"}
    write(tmp_path, {**files, "app.ts": app})
    assert findings(tmp_path, monkeypatch) == [("config.ts", 1, "GL002", TEXT, ("app.ts",))]
