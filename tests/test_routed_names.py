"""Names the project routes itself (``extract/routed.py``): compared, then another model sent in their place."""

from __future__ import annotations

import pytest

from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.extract.typescript.extractor import extract_typescript

from .test_aliases import _findings
from .test_crossfile import write

NAME = "gemini-2.0-flash-exp-summarizer"  # no model data knows it, and it is no near miss of a known name
CALLER_TS = f"export const summarize = (api: any) => api.completeChat({{ model: '{NAME}', messages: [] }});\n"
CALLER_PY = f'def summarize(api):\n    return api.complete_chat(model="{NAME}", messages=[])\n'

TS_ROUTES = {
    "if-member": f"if (body.model === '{NAME}') {{\n  body.model = 'gemini-3.8-flash';\n}}",
    "if-and": f"if (stream && model == '{NAME}') {{ model = 'gemini-3.8-flash'; }}",
    "if-request": f"if (req['model'] === '{NAME}') {{ return fetch(u, {{ body: {{ model: 'gemini-3.8-flash' }} }}); }}",
    "ternary": f"const model = body.model === '{NAME}' ? 'gemini-3.8-flash' : body.model;",
    "switch": f"switch (model) {{\n  case '{NAME}':\n    target = {{ model: 'gemini-3.8-flash' }};\n}}",
}
TS_ONLY_COMPARED = {
    "logged": f"if (body.model === '{NAME}') {{ console.log('summary'); }}",
    "not-a-model": f"if (job.kind === '{NAME}') {{ body.model = 'gemini-3.8-flash'; }}",
    "not-equal": f"if (body.model !== '{NAME}') {{ body.model = 'gemini-3.8-flash'; }}",
    "or": f"if (body.model === '{NAME}' || fast) {{ body.model = 'gemini-3.8-flash'; }}",
    "else": f"if (body.model === '{NAME}') {{ log(); }} else {{ body.model = 'gemini-3.8-flash'; }}",
    "passed-on": f"if (body.model === '{NAME}') {{ send({{ model: body.model, n: 1 }}); }}",
    "ternary-keeps": f"const model = body.model === '{NAME}' ? body.model : 'gemini-3.8-flash';",
}
PY_ROUTES = {
    "if-name": f'if model == "{NAME}":\n    model = "gemini-3.8-flash"\n',
    "if-subscript": f'if body["model"] == "{NAME}" and fast:\n    body["model"] = "gemini-3.8-flash"\n',
    "if-keyword": f'if self.model == "{NAME}":\n    return client.chat(model="gemini-3.8-flash")\n',
    "ifexp": f'model = "gemini-3.8-flash" if model == "{NAME}" else model\n',
}
PY_ONLY_COMPARED = {
    "logged": f'if model == "{NAME}":\n    print("summary")\n',
    "not-a-model": f'if job.kind == "{NAME}":\n    model = "gemini-3.8-flash"\n',
    "not-equal": f'if model != "{NAME}":\n    model = "gemini-3.8-flash"\n',
    "passed-on": f'if model == "{NAME}":\n    jobs = [generate(model=model) for _ in range(4)]\n',
    "ifexp-keeps": f'model = model if model == "{NAME}" else "gemini-3.8-flash"\n',
    "or": f'if model == "{NAME}" or fast:\n    model = "gemini-3.8-flash"\n',
    "else": f'if model == "{NAME}":\n    pass\nelse:\n    model = "gemini-3.8-flash"\n',
}


def _known(name: str) -> bool:
    return name == "gemini-3.8-flash"


def _alias(language: str, route: str) -> bool:
    if language == "ts":
        refs, errors = extract_typescript(route + "\n", "worker.ts", "ts", _known)
    else:
        refs, errors = extract_python([Chunk(route)], "router.py", _known)
    assert errors == []
    return next(r.alias for r in refs if r.text == NAME)


CASES = [
    pytest.param(language, route, routed, id=f"{language}-{name}")
    for language, table, routed in [
        ("ts", TS_ROUTES, True),
        ("ts", TS_ONLY_COMPARED, False),
        ("py", PY_ROUTES, True),
        ("py", PY_ONLY_COMPARED, False),
    ]
    for name, route in table.items()
]


@pytest.mark.parametrize("language, route, routed", CASES)
def test_a_route_makes_the_name_the_projects_own_and_a_comparison_does_not(language, route, routed):
    assert _alias(language, route) is routed


def test_a_routed_name_handed_to_the_projects_code_is_not_reported(tmp_path, monkeypatch):
    route = f"export function route(body: any) {{\n  {TS_ROUTES['if-member']}\n}}\n"
    write(tmp_path, {"package.json": "{}", "src/worker.ts": route, "src/agent.ts": CALLER_TS})
    assert _findings(tmp_path, monkeypatch) == []


def test_without_the_route_the_same_parameter_is_an_error(tmp_path, monkeypatch):
    route = f"export function route(body: any) {{\n  {TS_ONLY_COMPARED['logged']}\n}}\n"
    write(tmp_path, {"package.json": "{}", "src/worker.ts": route, "src/agent.ts": CALLER_TS})
    assert _findings(tmp_path, monkeypatch) == [
        ("src/agent.ts", 1, "GL001", NAME, "error"),
        ("src/worker.ts", 2, "GL006", NAME, "warning"),
    ]


def test_a_python_route_covers_the_python_caller(tmp_path, monkeypatch):
    route = "def route(model):\n" + "".join("    " + line + "\n" for line in PY_ROUTES["if-name"].splitlines())
    write(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "router.py": route, "agent.py": CALLER_PY})
    assert _findings(tmp_path, monkeypatch) == []


def test_a_routed_name_sent_to_an_sdk_call_is_still_an_error(tmp_path, monkeypatch):
    sdk = (
        "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"
        f"export const run = () => ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }});\n"
    )
    route = f"export function route(body: any) {{\n  {TS_ROUTES['if-member']}\n}}\n"
    write(tmp_path, {"package.json": "{}", "src/worker.ts": route, "src/sdk.ts": sdk})
    assert _findings(tmp_path, monkeypatch) == [("src/sdk.ts", 3, "GL001", NAME, "error")]
