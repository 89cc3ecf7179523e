"""A client built with a base URL of its own (a proxy, a local model server) may serve names Google does not list.

An unknown name that reaches only calls on such clients is a GL001 warning, with no fix; a name Google's data knows
(retired, deprecated) is judged as everywhere else. Python and TypeScript, through the real scan.
"""

from __future__ import annotations

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from tests.helpers import TODAY

UNKNOWN = "gemini-9.9-ultra"
PY_HEAD = "from google import genai\nfrom google.genai import types\n"
TS_HEAD = "import { GoogleGenAI } from '@google/genai';\n"

PY_CLIENTS = {
    "dict": 'client = genai.Client(api_key="k", http_options={"base_url": "http://localhost:9379"})\n',
    "http-options": "client = genai.Client(http_options=types.HttpOptions(base_url=HOST))\n",
    "named-options": "OPTS = types.HttpOptions(base_url=HOST, api_version='v1beta')\n"
    "client = genai.Client(http_options=OPTS)\n",
}
TS_CLIENTS = {
    "inline": "const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: host } });\n",
    "named-options": "const opts = { apiKey: 'k', httpOptions: { baseUrl: host, timeout: 10000 } };\n"
    "const ai = new GoogleGenAI(opts);\n",
}


def gl(tmp_path, monkeypatch, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = scan(["."], make_scanner(Config(root=str(tmp_path)), today=TODAY)).findings
    return [(f.code, f.severity, f.model, f.fix) for f in found], found


# Every way of giving a client a base URL of its own, in each language: (file, source calling it with UNKNOWN).
OWN_ENDPOINT = {
    **{
        f"py-{case}": (
            "a.py",
            PY_HEAD + 'HOST = "http://localhost:9379"\n' + client
            + f'client.models.generate_content(model="{UNKNOWN}", contents="x")\n',
        )
        for case, client in PY_CLIENTS.items()
    },
    **{
        f"ts-{case}": (
            "a.ts",
            TS_HEAD + "const host = process.env.HOST;\n" + client
            + f"await ai.models.generateContent({{ model: '{UNKNOWN}', contents: 'x' }});\n",
        )
        for case, client in TS_CLIENTS.items()
    },
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(OWN_ENDPOINT))
def test_an_unknown_name_on_a_client_with_its_own_base_url_is_a_warning(tmp_path, monkeypatch, case):
    seen, found = gl(tmp_path, monkeypatch, *OWN_ENDPOINT[case])
    assert seen == [("GL001", "warning", UNKNOWN, None)]
    assert found[0].detail.startswith("every call it reaches is sent to the client's own base URL")


def test_python_a_client_without_a_base_url_keeps_the_error(tmp_path, monkeypatch):
    text = PY_HEAD + 'client = genai.Client(http_options={"api_version": "v1"})\n'
    text += f'client.models.generate_content(model="{UNKNOWN}", contents="x")\n'
    assert gl(tmp_path, monkeypatch, "a.py", text)[0] == [("GL001", "error", UNKNOWN, None)]


def test_python_a_name_on_both_kinds_of_client_keeps_the_error(tmp_path, monkeypatch):
    text = (
        PY_HEAD + 'local = genai.Client(http_options={"base_url": "http://localhost:9379"})\nremote = genai.Client()\n'
    )
    text += f'M = "{UNKNOWN}"\nlocal.models.generate_content(model=M, contents="x")\n'
    text += 'remote.models.generate_content(model=M, contents="x")\n'
    assert gl(tmp_path, monkeypatch, "a.py", text)[0] == [("GL001", "error", UNKNOWN, None)]


def test_python_a_retired_name_on_a_custom_endpoint_is_still_an_error(tmp_path, monkeypatch):
    text = PY_HEAD + 'client = genai.Client(http_options={"base_url": "https://proxy.example"})\n'
    text += 'client.models.generate_content(model="gemini-2.0-flash", contents="x")\n'
    seen = gl(tmp_path, monkeypatch, "a.py", text)[0]
    assert [(code, severity) for code, severity, _, _ in seen] == [("GL003", "error")]


def test_python_typo_on_a_custom_endpoint_is_not_fixed(tmp_path, monkeypatch):
    text = PY_HEAD + 'client = genai.Client(http_options={"base_url": "http://localhost:9379"})\n'
    text += 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
    seen, found = gl(tmp_path, monkeypatch, "a.py", text)
    assert seen == [("GL001", "warning", "gemini-3.8-flsh", None)]
    assert found[0].fix_refusal == "the client's own endpoint may serve this name"


def test_typescript_a_class_whose_client_has_a_base_url(tmp_path, monkeypatch):
    text = TS_HEAD + (
        "export class LocalClient {\n  private readonly client: GoogleGenAI;\n  private readonly model: string;\n"
        "  constructor(host: string) {\n    this.model = MODEL;\n"
        "    this.client = new GoogleGenAI({ apiKey: 'none', httpOptions: { baseUrl: host } });\n  }\n"
        "  async ask() {\n"
        "    return this.client.models.generateContent({ model: this.model, contents: 'x' });\n  }\n}\n"
        f"const MODEL = '{UNKNOWN}';\n"
    )
    assert gl(tmp_path, monkeypatch, "a.ts", text)[0] == [("GL001", "warning", UNKNOWN, None)]


def test_typescript_a_client_without_a_base_url_keeps_the_error(tmp_path, monkeypatch):
    text = TS_HEAD + "const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { apiVersion: 'v1' } });\n"
    text += f"await ai.models.generateContent({{ model: '{UNKNOWN}', contents: 'x' }});\n"
    assert gl(tmp_path, monkeypatch, "a.ts", text)[0] == [("GL001", "error", UNKNOWN, None)]
