"""TypeScript/JavaScript (issue 23): list-class suggestions for mentions, untyped object fields across files.

Peers: when every other whole model name of a mention's array, object, or array of objects (same key) is a
listed model of one class, an unknown or retired entry is offered models of that class; a mixed list keeps the
ordinary closest-name suggestions.
"""

from __future__ import annotations

import pytest

from .test_crossfile import write
from .test_flow_python import scan_here

PACKAGE = {"package.json": '{"name": "app"}\n'}


@pytest.mark.parametrize("ext", ["ts", "js"])
def test_suggestions_for_a_mention_come_from_the_class_of_its_list(tmp_path, monkeypatch, ext):
    write(
        tmp_path,
        {
            **PACKAGE,
            f"src/choices.{ext}": (
                "export const LIVE = ['gemini-2.5-flash-native-audio-latest', 'gemini-3.8-live', 'gemini-3.8-flsh'];\n"
                "export const MIXED = ['gemini-2.5-flash-native-audio-latest', 'gemini-embedding-2', "
                "'gemini-3.8-flsh'];\n"
                "export const OPTS = [{ id: 'gemini-3.8-live', label: 'a' }, "
                "{ id: 'gemini-2.5-flash-native-audio-latest' }, { id: 'gemini-3.8-flsh', label: 'b' }];\n"
                "export const BY = { fast: 'gemini-3.8-live', live: 'gemini-3.8-flsh' };\n"
                "export const ODD = [{ id: 'gemini-embedding-2', live: 'gemini-3.8-live' }, "
                "{ id: 'gemini-3.8-flsh' }];\n"
                "export const OLD = [{ id: 'gemini-3.8-live' }, { id: 'gemini-2.0-flash-live-001' }];\n"
            ),
        },
    )
    got = {(f.location.line, f.code): f.suggestions for f in scan_here(tmp_path, monkeypatch)}
    assert got[(1, "GL006")] == ("gemini-3.8-live",)  # all Live models: a Live model
    assert got[(2, "GL006")][0] == "gemini-3.8-flash"  # negative twin: no one class, the closest names
    assert got[(3, "GL006")] == ("gemini-3.8-live",)  # an array of objects: the same key's values
    assert got[(6, "GL003")] == ("gemini-3.8-live",)  # a retired entry too
    assert got[(4, "GL006")] == ("gemini-3.8-live",)  # an object's values
    # an array of objects whose `id`s are of another class than its other keys: the `id`s decide
    assert got[(5, "GL006")][0] != "gemini-3.8-live"


# Untyped object fields, by name, within files linked by an import -----------------------------------------

TEXT = "gemini-3.8-flash"  # generateContent only: wrong for live.connect
HEAD = "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"
CONFIG = f"export const cfg = {{ model: '{TEXT}', retries: 2 }};\n"
CLIENT = "export function run(opts) {\n  return ai.live.connect({ model: opts.model });\n}\n"


def gl002(tmp_path, monkeypatch):
    return [
        (f.location.path, f.location.line, f.severity, tuple(sorted({r.path for r in f.related})), f.message)
        for f in scan_here(tmp_path, monkeypatch)
        if f.code == "GL002"
    ]


@pytest.mark.parametrize("ext", ["ts", "js"])
@pytest.mark.parametrize("direction", ["client-imports-config", "config-imports-client"])
def test_an_untyped_field_reaches_a_call_in_a_file_linked_by_an_import(tmp_path, monkeypatch, ext, direction):
    if direction == "client-imports-config":
        config, client = CONFIG, HEAD + "import { cfg } from './config';\nexport const D = cfg;\n" + CLIENT
    else:
        config, client = "import { run } from './client';\n" + CONFIG, HEAD + CLIENT
    write(tmp_path, {**PACKAGE, f"src/config.{ext}": config, f"src/client.{ext}": client})
    got = gl002(tmp_path, monkeypatch)
    line = 1 if direction == "client-imports-config" else 2
    assert [g[:4] for g in got] == [(f"src/config.{ext}", line, "error", (f"src/client.{ext}",))]
    assert "via .model → ai.live.connect" in got[0][4]  # approximate: the message says which way


@pytest.mark.parametrize("ext", ["ts", "js"])
def test_an_untyped_field_in_a_file_with_no_import_relation_stays_a_mention(tmp_path, monkeypatch, ext):
    # the negative twin: the same field name, but neither file imports the other
    client = HEAD + "import { x } from './other';\nexport const D = x;\n" + CLIENT
    write(
        tmp_path,
        {
            **PACKAGE,
            f"src/config.{ext}": CONFIG,
            f"src/client.{ext}": client,
            f"src/other.{ext}": "export const x = 1;\n",
        },
    )
    assert gl002(tmp_path, monkeypatch) == []


def test_a_field_name_shared_by_a_gemini_call_and_an_unrelated_one(tmp_path, monkeypatch):
    # `model` is read by a Gemini call in client.ts and by a logger in audit.ts; only config.ts, linked to client.ts,
    # reaches the Gemini call; audit-config.ts, linked only to the logger, stays a mention
    write(
        tmp_path,
        {
            **PACKAGE,
            "src/config.ts": CONFIG,
            "src/client.ts": HEAD + "import { cfg } from './config';\nexport const D = cfg;\n" + CLIENT,
            "src/audit-config.ts": f"export const audit = {{ model: '{TEXT}' }};\n",
            "src/audit.ts": "import { audit } from './audit-config';\nexport const A = audit;\n"
            "export function log(opts) {\n  console.log(opts.model);\n}\n",
        },
    )
    assert [g[:4] for g in gl002(tmp_path, monkeypatch)] == [("src/config.ts", 1, "error", ("src/client.ts",))]


def test_a_field_reaching_calls_of_two_classes_keeps_existence_but_not_gl002(tmp_path, monkeypatch):
    # approximate evidence: GL002 only when every reached call needs the same method; GL001 stays an error
    chat = "export function chat(o) {\n  return ai.models.embedContent({ model: o.model, contents: 'x' });\n}\n"
    write(
        tmp_path,
        {
            **PACKAGE,
            "src/config.ts": "export const cfg = { model: 'gemini-3.8-flsh' };\nexport const c2 = { model: "
            f"'{TEXT}' }};\n",
            "src/client.ts": HEAD + "import { cfg } from './config';\nexport const D = cfg;\n" + CLIENT + chat,
        },
    )
    findings = scan_here(tmp_path, monkeypatch)
    found = {(f.location.line, f.code, f.severity, tuple(sorted({r.path for r in f.related}))) for f in findings}
    assert [x[:3] for x in found if "src/client.ts" in x[3]] == [(1, "GL001", "error")]  # it reached the calls
    assert not [x for x in found if x[1] == "GL002"]


def test_a_field_read_passed_on_to_a_function_reaches_its_call(tmp_path, monkeypatch):
    # opts.model is not the call's own argument: it is passed on to connect(); the file that reads it (and imports
    # config.ts) decides the field's scope. (A file with no model name and no SDK call is not read: docs/value-flow.md)
    session = HEAD + "import { cfg } from './config';\nexport const D = cfg;\n"
    session += "function connect(m) {\n  return ai.live.connect({ model: m });\n}\n"
    session += "export function go(opts) {\n  return connect(opts.model);\n}\n"
    write(tmp_path, {**PACKAGE, "src/config.ts": CONFIG, "src/session.ts": session})
    assert [g[:4] for g in gl002(tmp_path, monkeypatch)] == [("src/config.ts", 1, "error", ("src/session.ts",))]
