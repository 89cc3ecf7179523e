"""Names kept as class members: a Python Enum member's ``.value``, a TypeScript/JavaScript class's static field
and an enum, in the file and across files (``Config.MODEL`` where ``Config`` is imported)."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, PY_LIVE_CALL, TS_HEAD, findings, write

PY_ENUM = f'from enum import Enum\n\n\nclass Model(str, Enum):\n    LIVE = "{LIVE}"\n    OTHER = "gemini-9.9-ultra"\n'


@pytest.mark.parametrize("use", ["Model.LIVE.value", "Model.LIVE"])
def test_python_enum_member_in_the_file(tmp_path, monkeypatch, use):
    write(tmp_path, {"app.py": PY_ENUM + PY_LIVE_CALL + f'client.models.generate_content(model={use}, contents="x")\n'})
    assert findings(tmp_path, monkeypatch) == [
        ("app.py", 5, "GL002", LIVE, ("app.py",)),  # related: the call
        ("app.py", 6, "GL006", "gemini-9.9-ultra", ()),  # a member nobody reads: a mention
    ]


def test_python_enum_member_value_across_files(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "models.py": PY_ENUM,
            "app.py": PY_LIVE_CALL
            + 'from models import Model\nclient.models.generate_content(model=Model.LIVE.value, contents="x")\n',
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        ("models.py", 5, "GL002", LIVE, ("app.py",)),
        ("models.py", 6, "GL006", "gemini-9.9-ultra", ()),
    ]


def test_python_value_of_something_else_reads_nothing(tmp_path, monkeypatch):
    # a widget's .value: the attribute before it holds no literal, so nothing is read (and nothing breaks)
    write(
        tmp_path, {"app.py": PY_LIVE_CALL + 'client.models.generate_content(model=self.picker.value, contents="x")\n'}
    )
    assert findings(tmp_path, monkeypatch) == []


TS_CLASS = f"export class AppConfig {{\n  static readonly MODEL = '{LIVE}';\n  NAME = 'gemini-9.9-ultra';\n}}\n"
TS_ENUM = f"export enum Models {{ Live = '{LIVE}', Other = 'gemini-9.9-ultra' }}\n"
TS_CALL = "export const f = () => ai.models.generateContent({{ model: {use}, contents: 'x' }});\n"


@pytest.mark.parametrize(
    "declaration, use, line",
    [(TS_CLASS, "AppConfig.MODEL", 2), (TS_ENUM, "Models.Live", 1)],
    ids=["class-static", "enum"],
)
def test_typescript_members_in_the_file_and_across_files(tmp_path, monkeypatch, declaration, use, line):
    write(tmp_path / "one", {"app.ts": declaration + TS_HEAD + TS_CALL.format(use=use)})
    here = [(p, n, c, m) for p, n, c, m, _ in findings(tmp_path / "one", monkeypatch)]
    assert ("app.ts", line, "GL002", LIVE) in here
    name = use.split(".")[0]
    write(
        tmp_path / "two",
        {
            "config.ts": declaration,
            "app.ts": f"import {{ {name} }} from './config';\n" + TS_HEAD + TS_CALL.format(use=use),
        },
    )
    there = findings(tmp_path / "two", monkeypatch)
    assert ("config.ts", line, "GL002", LIVE, ("app.ts",)) in there
    assert all(f[3] != LIVE or f[2] == "GL002" for f in here + there)


def test_an_instance_field_is_not_read_through_the_class(tmp_path, monkeypatch):
    # AppConfig.NAME is undefined at run time (NAME is an instance field): the name stays a mention
    write(tmp_path, {"app.ts": TS_CLASS + TS_HEAD + TS_CALL.format(use="AppConfig.NAME")})
    assert findings(tmp_path, monkeypatch) == [("app.ts", 3, "GL006", "gemini-9.9-ultra", ())]


def test_javascript_static_field(tmp_path, monkeypatch):
    source = f"class AppConfig {{\n  static MODEL = '{LIVE}';\n}}\n" + TS_HEAD + TS_CALL.format(use="AppConfig.MODEL")
    write(tmp_path, {"app.js": source.replace("export const", "const")})
    assert findings(tmp_path, monkeypatch) == [("app.js", 2, "GL002", LIVE, ("app.js",))]
