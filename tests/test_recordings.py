"""Recorded exchanges and API responses are data, never references (issue 25)."""

from __future__ import annotations

import json

import pytest

from gemlint.extract.settings.extractor import extract_settings
from tests.helpers import scan_json

NAME = "gemini-0.1-nonexistent"
EXCHANGE = {
    "request": {
        "method": "POST",
        "url": "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
        "body": {"model": NAME, "messages": []},
    },
    "response": {"status": 200, "body": {"object": "chat.completion", "choices": []}},
}
VCR_YAML = f"""interactions:
- request:
    body: '{{"model": "{NAME}", "messages": []}}'
    method: POST
    uri: https://generativelanguage.googleapis.com/v1beta/openai/chat/completions
  response:
    body:
      string: '{{"object": "chat.completion", "choices": []}}'
    status:
      code: 200
version: 1
"""
RESPONSE_BODY = {"candidates": [{"content": {"parts": [{"text": "hi"}]}}], "model": NAME, "usageMetadata": {}}
REPLAY = {"recordID": "Models_generate", "interactions": [EXCHANGE]}
# The twin: a settings file that chooses the model (a reference).
SETTINGS = {"model": NAME, "temperature": 0.2}


def names_in(path: str, text: str):
    return [r.text for r in extract_settings(text, path, lambda n: False)]


RECORDINGS = [
    ("tests/recordings/chat_reply.json", json.dumps(EXCHANGE, indent=2)),  # a *recordings* folder
    ("test/system/recordings/Models_generate.json", json.dumps(REPLAY, indent=2)),
    ("tests/cassettes/test_generate.yaml", VCR_YAML),  # a VCR cassette, by its folder
    ("tests/data/test_generate.yaml", VCR_YAML),  # … and by its shape
    ("fixtures/exchange.json", json.dumps(EXCHANGE)),  # request + response, one line
    ("fixtures/reply.json", json.dumps(RESPONSE_BODY, indent=2)),  # an API response body
    ("tests/replays/generate.json", json.dumps(SETTINGS)),  # a replay folder holds data whatever its shape
    ("src/test-data/resolved-aliases.golden.json", json.dumps(SETTINGS)),  # a test's expected output
    ("tests/golden/config.yaml", f"model: {NAME}\n"),
]


@pytest.mark.parametrize("path,text", RECORDINGS, ids=[p for p, _ in RECORDINGS])
def test_recordings_report_nothing(path: str, text: str) -> None:
    assert names_in(path, text) == []


@pytest.mark.parametrize("path", ["config/settings.json", "tests/settings.json"])
def test_twin_settings_file_is_a_reference(path: str) -> None:
    assert names_in(path, json.dumps(SETTINGS, indent=2)) == [NAME]


@pytest.mark.parametrize(
    "text",
    [
        f'{{"model": "gemini-3.8-flash", "modelVersion": "{NAME}"}}',
        f"model: gemini-3.8-flash\nmodel_version: {NAME}\n",
        f'{{"model": "gemini-3.8-flash",\n "model_version": "{NAME}"}}',
    ],
)
def test_response_fields_are_never_references(text: str) -> None:
    assert names_in("config/app.json", text) == ["gemini-3.8-flash"]


def test_scan_of_a_test_folder_reports_only_the_system_test(tmp_path) -> None:
    """The console corpus's shapes end to end: doubles, expected failures, recordings; the twin is reported."""
    tests = tmp_path / "tests"
    (tests / "recordings").mkdir(parents=True)
    (tests / "recordings" / "chat_reply.json").write_text(json.dumps(EXCHANGE, indent=2))
    (tests / "cassettes").mkdir()
    (tests / "cassettes" / "test_generate.yaml").write_text(VCR_YAML)
    (tests / "test_chat.py").write_text(
        "from unittest import mock\nimport pytest\n\n\n"
        "def test_generate_is_recorded():\n"
        "    fake = mock.MagicMock()\n"
        f'    fake.models.generate_content(model="{NAME}", contents="ping")\n\n\n'
        "def test_rejects():\n"
        "    with pytest.raises(ValueError):\n"
        f'        client.models.generate_content(model="{NAME}", contents="ping")\n'
    )
    (tests / "models.test.ts").write_text(
        "import { GoogleGenAI } from '@google/genai';\n"
        "it('mocks fetch', async () => {\n"
        "  vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}'));\n"
        "  const ai = new GoogleGenAI({ apiKey: 'k' });\n"
        f"  await ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }});\n"
        f"  await expect(ai.models.generateContent({{ model: '{NAME}' }})).rejects.toThrow();\n"
        "});\n"
    )
    (tests / "test_system.py").write_text(
        "from google import genai\n\n\ndef test_generate():\n"
        f'    genai.Client().models.generate_content(model="{NAME}", contents="ping")\n'
    )
    data = scan_json(["."], cwd=tmp_path)
    assert [(f["path"], f["line"], f["code"]) for f in data["findings"]] == [("tests/test_system.py", 5, "GL001")]
    assert data["errors"] == []


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "properties": {"model": {"type": "string", "default": NAME, "enum": [NAME, "gemini-3.8-flash"]}},
}


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("schemas/settings.schema.json", json.dumps({"properties": {"model": {"default": NAME}}}, indent=2)),
        ("config/settings.json", json.dumps(SCHEMA, indent=2)),
    ],
)
def test_a_json_schema_documents_options_it_sets_none(path: str, text: str) -> None:
    refs = extract_settings(text, path, lambda n: n == NAME)  # a name the data knows: read under any key
    assert NAME in [r.text for r in refs] and not any(r.settings for r in refs)
