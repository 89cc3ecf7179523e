"""TypeScript/JavaScript value flow (issue 23): a name that reaches a call is a reference, however it travels.

Each case is a small project where TEXT (a generateContent-only model) reaches ``ai.live.connect`` (which
needs bidiGenerateContent) through one path, so the scan reports GL002 at the literal; its negative twin
changes one thing so that the same literal never reaches a call and stays a mention (no GL002).
"""

from __future__ import annotations

import pathlib
from typing import Dict

import pytest

from .test_crossfile import findings, write

TEXT = "gemini-3.8-flash"  # generateContent only: wrong for live.connect
PROJECT = {
    "package.json": '{"name": "app"}\n',
    "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}}\n',
}
HEAD = "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"
INTERFACE = (
    "export interface LiveConfig { model: string; voice: string }\nexport interface ChatConfig { model: string }\n"
)
CLIENT = (
    HEAD
    + "import type { LiveConfig } from './types';\n"
    + "export class LiveClient {\n"
    + "  connect(config: LiveConfig) { return ai.live.connect({ model: config.model }); }\n"
    + "  describe(name: string) { return name.length; }\n"
    + "}\n"
)
SESSION = HEAD + "export function openSession(model: string) {\n  return ai.live.connect({ model });\n}\n"
SESSION += "export function label(model: string) {\n  return model.toUpperCase();\n}\n"

# name -> (files reaching the call, files of the negative twin); TEXT sits on line 2 of src/config.* or the
# file named in LINE.
OBJS = (
    f"export const MODELS = [\n  {{ id: '{TEXT}', live: true }},\n  {{ id: 'x', live: false }},\n];\n"
    "export const OTHERS = [{ id: 'y' }];\n"
)
CASES: Dict[str, tuple] = {
    "typed-field": (
        {
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.ts": f"import type {{ LiveConfig }} from './types';\n"
            f"export const D: LiveConfig = {{ model: '{TEXT}', voice: 'Puck' }};\n",
        },
        {  # an interface of another type with the same field name
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.ts": f"import type {{ ChatConfig }} from './types';\n"
            f"export const D: ChatConfig = {{ model: '{TEXT}' }};\n",
        },
    ),
    "parameter": (
        {
            "src/session.ts": SESSION,
            "src/config.ts": f"import {{ openSession }} from './session';\nopenSession('{TEXT}');\n",
        },
        {"src/session.ts": SESSION, "src/config.ts": f"import {{ label }} from './session';\nlabel('{TEXT}');\n"},
    ),
    "method-instance": (
        {
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.ts": f"import {{ LiveClient }} from './client';\nconst c = new LiveClient();\n"
            f"c.connect({{ model: '{TEXT}', voice: 'x' }});\n",
        },
        {
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.ts": f"import {{ LiveClient }} from './client';\nconst c = new LiveClient();\n"
            f"c.describe('{TEXT}');\n",
        },
    ),
    "use-ref-current": (
        {
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.ts": "import { useRef } from 'react';\nimport { LiveClient } from './client';\n"
            f"export function useLive() {{\n  const client = useRef(new LiveClient());\n"
            f"  return client.current.connect({{ model: '{TEXT}', voice: 'x' }});\n}}\n",
        },
        {
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.ts": "import { useRef } from 'react';\nimport { LiveClient } from './client';\n"
            f"export function useLive() {{\n  const client = useRef(new LiveClient());\n"
            f"  return client.current.describe('{TEXT}');\n}}\n",
        },
    ),
    "return-value": (
        {
            "src/config.ts": f"export function pick() {{\n  return '{TEXT}';\n}}\n"
            f"export function other() {{ return 'x'; }}\n",
            "src/app.ts": HEAD + "import { pick } from './config';\nai.live.connect({ model: pick() });\n",
        },
        {
            "src/config.ts": f"export function pick() {{\n  return '{TEXT}';\n}}\n"
            f"export function other() {{ return 'x'; }}\n",
            "src/app.ts": HEAD + "import { other } from './config';\nai.live.connect({ model: other() });\n",
        },
    ),
    "array-iteration": (
        {
            "src/config.ts": f"export const LIVE_MODELS = [\n  '{TEXT}',\n];\nexport const CHAT_MODELS = ['x'];\n",
            "src/app.ts": HEAD
            + "import { LIVE_MODELS } from './config';\nfor (const m of LIVE_MODELS) ai.live.connect({ model: m });\n",
        },
        {
            "src/config.ts": f"export const LIVE_MODELS = [\n  '{TEXT}',\n];\nexport const CHAT_MODELS = ['x'];\n",
            "src/app.ts": HEAD
            + "import { CHAT_MODELS } from './config';\nfor (const m of CHAT_MODELS) ai.live.connect({ model: m });\n",
        },
    ),
    "keyed-store-url": (
        {
            "src/picker.ts": f"const params = new URLSearchParams(window.location.search);\n"
            f"params.set('model', '{TEXT}');\n",
            "src/app.ts": HEAD
            + "const m = new URLSearchParams(location.search).get('model');\nai.live.connect({ model: m });\n",
        },
        {  # written under another key
            "src/picker.ts": f"const params = new URLSearchParams(window.location.search);\n"
            f"params.set('voice', '{TEXT}');\n",
            "src/app.ts": HEAD
            + "const m = new URLSearchParams(location.search).get('model');\nai.live.connect({ model: m });\n",
        },
    ),
    "keyed-store-local-storage": (
        {
            "src/picker.ts": f"export function save() {{\n  localStorage.setItem('model', '{TEXT}');\n}}\n",
            "src/app.ts": HEAD + "ai.live.connect({ model: localStorage.getItem('model') });\n",
        },
        {  # same key, another store
            "src/picker.ts": f"export function save() {{\n  sessionStorage.setItem('model', '{TEXT}');\n}}\n",
            "src/app.ts": HEAD + "ai.live.connect({ model: localStorage.getItem('model') });\n",
        },
    ),
    "commonjs-destructured": (
        {
            "server/config.js": f"module.exports = {{\n  MODEL: '{TEXT}',\n  OTHER: 'x',\n}};\n",
            "server/app.js": "const { GoogleGenAI } = require('@google/genai');\nconst ai = new GoogleGenAI({});\n"
            "const { MODEL } = require('./config');\nai.live.connect({ model: MODEL });\n",
        },
        {
            "server/config.js": f"module.exports = {{\n  MODEL: '{TEXT}',\n  OTHER: 'x',\n}};\n",
            "server/app.js": "const { GoogleGenAI } = require('@google/genai');\nconst ai = new GoogleGenAI({});\n"
            "const { OTHER } = require('./config');\nai.live.connect({ model: OTHER });\n",
        },
    ),
    "commonjs-exports-member": (
        {
            "server/config.js": f"exports.OTHER = 'x';\nexports.MODEL = '{TEXT}';\n",
            "server/app.js": "const { GoogleGenAI } = require('@google/genai');\nconst ai = new GoogleGenAI({});\n"
            "ai.live.connect({ model: require('./config').MODEL });\n",
        },
        {
            "server/config.js": f"exports.OTHER = 'x';\nexports.MODEL = '{TEXT}';\n",
            "server/app.js": "const { GoogleGenAI } = require('@google/genai');\nconst ai = new GoogleGenAI({});\n"
            "ai.live.connect({ model: require('./config').OTHER });\n",
        },
    ),
    "array-find": (
        {
            "src/config.ts": f"{OBJS}",
            "src/app.ts": HEAD
            + "import { MODELS } from './config';\nai.live.connect({ model: MODELS.find((m) => m.live)!.id });\n",
        },
        {
            "src/config.ts": f"{OBJS}",
            "src/app.ts": HEAD
            + "import { OTHERS } from './config';\nai.live.connect({ model: OTHERS.find((m) => m.id)!.id });\n",
        },
    ),
    "array-index": (
        {
            "src/config.ts": f"{OBJS}",
            "src/app.ts": HEAD + "import { MODELS } from './config';\nai.live.connect({ model: MODELS[0].id });\n",
        },
        {
            "src/config.ts": f"{OBJS}",
            "src/app.ts": HEAD + "import { OTHERS } from './config';\nai.live.connect({ model: OTHERS[0].id });\n",
        },
    ),
    "array-map-spread": (
        {
            "src/config.ts": f"{OBJS}",
            "src/app.ts": HEAD + "import { MODELS } from './config';\nconst ALL = [...MODELS, { id: 'z' }];\n"
            "ALL.map(({ id }) => ai.live.connect({ model: id }));\n",
        },
        {
            "src/config.ts": f"{OBJS}",
            "src/app.ts": HEAD + "import { MODELS } from './config';\nconst ALL = [...MODELS, { id: 'z' }];\n"
            "ALL.map(({ id }) => id.length);\n",
        },
    ),
    "typed-use-state": (
        {
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.tsx": "import { useState } from 'react';\n"
            "import type { LiveConfig, ChatConfig } from './types';\n"
            f"export function useCfg() {{\n"
            f"  const [cfg, setCfg] = useState<LiveConfig>({{ model: 'x', voice: 'Puck' }});\n"
            f"  return () => setCfg({{ ...cfg, model: '{TEXT}' }});\n}}\n",
        },
        {  # the state of another type with the same field name
            "src/types.ts": INTERFACE,
            "src/client.ts": CLIENT,
            "src/config.tsx": "import { useState } from 'react';\n"
            "import type { LiveConfig, ChatConfig } from './types';\n"
            f"export function useCfg() {{\n  const [cfg, setCfg] = useState<ChatConfig>({{ model: 'x' }});\n"
            f"  return () => setCfg({{ ...cfg, model: '{TEXT}' }});\n}}\n",
        },
    ),
    "default-parameter": (
        {
            "src/config.ts": f"export function pick(m = 'x', n = '{TEXT}') {{\n  return n;\n}}\n",
            "src/app.ts": HEAD + "import { pick } from './config';\nai.live.connect({ model: pick() });\n",
        },
        {
            "src/config.ts": f"export function pick(m = 'x', n = '{TEXT}') {{\n  return m;\n}}\n",
            "src/app.ts": HEAD + "import { pick } from './config';\nai.live.connect({ model: pick() });\n",
        },
    ),
    "constructor-this-field": (
        {
            "src/client.ts": HEAD + "export class C {\n  model: string;\n  voice: string;\n"
            "  constructor(model: string, voice: string) { this.model = model; this.voice = voice; }\n"
            "  open() { return ai.live.connect({ model: this.model }); }\n}\n",
            "src/config.ts": f"import {{ C }} from './client';\nexport const c = new C('{TEXT}', 'Puck');\n",
        },
        {
            "src/client.ts": HEAD + "export class C {\n  model: string;\n  voice: string;\n"
            "  constructor(model: string, voice: string) { this.model = model; this.voice = voice; }\n"
            "  open() { return ai.live.connect({ model: this.model }); }\n}\n",
            "src/config.ts": f"import {{ C }} from './client';\nexport const c = new C('Puck', '{TEXT}');\n",
        },
    ),
    "callback-argument": (
        {
            "src/lib.ts": f"export function withModel(cb: (m: string, v: string) => void) {{\n"
            f"  cb('{TEXT}', 'Puck');\n}}\n",
            "src/app.ts": HEAD
            + "import { withModel } from './lib';\nwithModel((m, v) => ai.live.connect({ model: m }));\n",
        },
        {
            "src/lib.ts": f"export function withModel(cb: (m: string, v: string) => void) {{\n"
            f"  cb('{TEXT}', 'Puck');\n}}\n",
            "src/app.ts": HEAD
            + "import { withModel } from './lib';\nwithModel((m, v) => ai.live.connect({ model: v }));\n",
        },
    ),
    "keyed-store-formdata": (
        {
            "src/form.ts": f"export const fd = new FormData();\nfd.append('model', '{TEXT}');\n",
            "src/app.ts": HEAD + "export function send(form: HTMLFormElement) {\n  const data = new FormData(form);\n"
            "  return ai.live.connect({ model: data.get('model') as string });\n}\n",
        },
        {
            "src/form.ts": f"export const fd = new FormData();\nfd.append('voice', '{TEXT}');\n",
            "src/app.ts": HEAD + "export function send(form: HTMLFormElement) {\n  const data = new FormData(form);\n"
            "  return ai.live.connect({ model: data.get('model') as string });\n}\n",
        },
    ),
    "keyed-store-search-params": (
        {
            "src/picker.ts": f"const url = new URL(location.href);\nurl.searchParams.set('model', '{TEXT}');\n",
            "src/app.tsx": HEAD + "import { useSearchParams } from 'react-router-dom';\nexport function App() {\n"
            "  const [searchParams] = useSearchParams();\n"
            "  return ai.live.connect({ model: searchParams.get('model')! });\n}\n",
        },
        {
            "src/picker.ts": f"const url = new URL(location.href);\nurl.searchParams.set('voice', '{TEXT}');\n",
            "src/app.tsx": HEAD + "import { useSearchParams } from 'react-router-dom';\nexport function App() {\n"
            "  const [searchParams] = useSearchParams();\n"
            "  return ai.live.connect({ model: searchParams.get('model')! });\n}\n",
        },
    ),
    "cycle": (  # f and g pass m to each other: the walk ends, the literal is still found once
        {
            "src/a.ts": HEAD + "export function f(m: string): any {\n  if (m) return g(m);\n"
            "  return ai.live.connect({ model: m });\n}\nexport function g(m: string): any {\n  return f(m);\n}\n",
            "src/config.ts": f"import {{ g }} from './a';\ng('{TEXT}');\n",
        },
        {
            "src/a.ts": HEAD + "export function f(m: string): any {\n  if (m) return g(m);\n"
            "  return m;\n}\nexport function g(m: string): any {\n  return f(m);\n}\n",
            "src/config.ts": f"import {{ g }} from './a';\ng('{TEXT}');\n",
        },
    ),
    # a key the code computes: any member's value (not the member named like the variable)
    "object-computed-key": (
        {
            "src/config.ts": HEAD + f"const MODELS: Record<string, string> = {{ live: '{TEXT}' }};\n"
            "export const talk = (mode: string) => ai.live.connect({ model: MODELS[mode] });\n",
        },
        {  # a constant key names one member
            "src/config.ts": HEAD + f"const MODELS: Record<string, string> = {{ live: '{TEXT}', mode: 'x' }};\n"
            "export const talk = () => ai.live.connect({ model: MODELS['mode'] });\n",
        },
    ),
    "object-display-computed-key": (
        {
            "src/config.ts": HEAD + "export const talk = (mode: string) => {\n"
            f"  const m = {{ live: '{TEXT}' }}[mode];\n  return ai.live.connect({{ model: m }});\n}};\n",
        },
        {
            "src/config.ts": HEAD + "export const talk = (mode: string) => {\n"
            f"  const m = {{ live: '{TEXT}' }}[mode];\n  return ai.live.connect({{ model: mode }});\n}};\n",
        },
    ),
}
LINE = {"typed-field": ("src/config.ts", 2), "parameter": ("src/config.ts", 2), "method-instance": ("src/config.ts", 3)}
LINE.update(
    {
        "use-ref-current": ("src/config.ts", 5),
        "return-value": ("src/config.ts", 2),
        "array-iteration": ("src/config.ts", 2),
        "keyed-store-url": ("src/picker.ts", 2),
        "keyed-store-local-storage": ("src/picker.ts", 2),
        "commonjs-destructured": ("server/config.js", 2),
        "commonjs-exports-member": ("server/config.js", 2),
        "cycle": ("src/config.ts", 2),
        "array-find": ("src/config.ts", 2),
        "typed-use-state": ("src/config.tsx", 5),
        "default-parameter": ("src/config.ts", 1),
        "constructor-this-field": ("src/config.ts", 2),
        "callback-argument": ("src/lib.ts", 2),
        "keyed-store-formdata": ("src/form.ts", 2),
        "keyed-store-search-params": ("src/picker.ts", 2),
        "array-index": ("src/config.ts", 2),
        "array-map-spread": ("src/config.ts", 2),
        "object-computed-key": ("src/config.ts", 3),
        "object-display-computed-key": ("src/config.ts", 4),
    }
)


def _gl002(root: pathlib.Path, monkeypatch, files: Dict[str, str]):
    write(root, {**PROJECT, **files})
    return [(p, line) for p, line, code, model, _ in findings(root, monkeypatch) if code == "GL002" and model == TEXT]


@pytest.mark.parametrize("case", sorted(CASES))
def test_value_reaches_the_call(tmp_path, monkeypatch, case):
    assert _gl002(tmp_path, monkeypatch, CASES[case][0]) == [LINE[case]]


@pytest.mark.parametrize("case", sorted(CASES))
def test_negative_twin_stays_a_mention(tmp_path, monkeypatch, case):
    assert _gl002(tmp_path, monkeypatch, CASES[case][1]) == []
