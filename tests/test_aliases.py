"""The project's own aliases: unknown model-shaped keys of tables whose entries are objects (rules/aliases.py)."""

from __future__ import annotations

import pathlib
from typing import List, Tuple

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.extract.typescript.extractor import extract_typescript

from .helpers import TODAY
from .test_crossfile import write

TABLE_TS = """\
    export const CONFIGS = {
      'gemini-3-fast-base': { extends: 'base', modelConfig: { model: 'gemini-3.8-flash' } },
      'web-search': { extends: 'gemini-3-fast-base' },
    };
    """
USE_TS = """\
    export async function summarize(llm: any) {
      return llm.generateContent({ modelConfigKey: { model: 'gemini-3-fast-base' }, contents: [] });
    }
    """
SDK_TS = """\
    import { GoogleGenAI } from '@google/genai';
    const ai = new GoogleGenAI({});
    export const run = () => ai.models.generateContent({ model: 'gemini-3-fast-base', contents: 'hi' });
    """


def _findings(root: pathlib.Path, monkeypatch, paths=(".",)) -> List[Tuple[str, int, str, str, str]]:
    monkeypatch.chdir(root)
    result = scan(list(paths), make_scanner(Config(root=str(root)), today=TODAY))
    return sorted((f.location.path, f.location.line, f.code, f.model, f.severity) for f in result.findings)


def _known(name: str) -> bool:
    return name == "gemini-3.8-flash"


def test_object_valued_keys_are_marked_in_both_languages() -> None:
    ts, _ = extract_typescript(
        "const T = { 'gemini-3-fast-base': { a: 1 }, 'gemini-3-fast-lite': 'x' };\n", "t.ts", "ts", _known
    )
    assert sorted((r.text, r.alias) for r in ts) == [("gemini-3-fast-base", True), ("gemini-3-fast-lite", False)]
    py, _ = extract_python([Chunk('T = {"gemini-3-fast-base": {"a": 1}, "gemini-3-fast-lite": "x"}\n')], "t.py", _known)
    assert sorted((r.text, r.alias) for r in py) == [("gemini-3-fast-base", True), ("gemini-3-fast-lite", False)]


def test_an_alias_handed_to_the_projects_own_code_is_not_reported(tmp_path, monkeypatch) -> None:
    write(tmp_path, {"package.json": "{}", "src/configs.ts": TABLE_TS, "src/use.ts": USE_TS})
    assert _findings(tmp_path, monkeypatch) == []


def test_a_pre_commit_scan_of_the_user_alone_knows_the_table(tmp_path, monkeypatch) -> None:
    write(tmp_path, {"package.json": "{}", "src/configs.ts": TABLE_TS, "src/use.ts": USE_TS})
    assert _findings(tmp_path, monkeypatch, ["src/use.ts"]) == []


def test_without_the_table_the_same_parameter_is_an_error(tmp_path, monkeypatch) -> None:
    write(tmp_path, {"package.json": "{}", "src/use.ts": USE_TS})
    assert _findings(tmp_path, monkeypatch) == [("src/use.ts", 2, "GL001", "gemini-3-fast-base", "error")]


def test_an_alias_sent_to_an_sdk_call_is_still_an_error(tmp_path, monkeypatch) -> None:
    write(tmp_path, {"package.json": "{}", "src/configs.ts": TABLE_TS, "src/sdk.ts": SDK_TS})
    assert _findings(tmp_path, monkeypatch) == [("src/sdk.ts", 3, "GL001", "gemini-3-fast-base", "error")]


@pytest.mark.parametrize(
    "table",
    [
        'LIMITS = {"gemini-3.8-flsh": {"tokens": 8192}}\n',  # two edits from a listed name: a typo
        'LIMITS = {"gemini-3-fast-base": 8192}\n',  # an entry that is no object: a mention
    ],
)
def test_typos_and_plain_entries_are_no_aliases(tmp_path, monkeypatch, table) -> None:
    write(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "limits.py": table})
    name = table.split('"')[1]
    assert _findings(tmp_path, monkeypatch) == [("limits.py", 1, "GL006", name, "warning")]


def test_a_retired_model_keying_a_table_is_judged_as_ever(tmp_path, monkeypatch) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='x'\n",
            "t.py": 'T = {"gemini-1.5-pro": {"a": 1}}\nrun(model="gemini-1.5-pro")\n',
        },
    )
    assert [f[2] for f in _findings(tmp_path, monkeypatch)] == ["GL003", "GL003"]


def test_a_hook_run_reads_the_aliases_from_the_project_index(tmp_path) -> None:
    from tests.inproc import scan as cli_scan

    table = "const PRESETS = { 'gemini-3-fast-base': { extends: 'base' } };\n"  # no flow facts: only its alias
    files = {"package.json": "{}", "src/configs.ts": table, "src/use.ts": USE_TS}
    files.update({f"src/m{i:02d}.ts": "export const X = 1;\n" for i in range(20)})  # above the cache's threshold
    write(tmp_path, files)
    assert cli_scan(tmp_path, ".").json()["findings"] == []  # the whole scan writes the index
    assert list(tmp_path.glob(".gemlint_cache/**/project-index/*.json"))
    assert cli_scan(tmp_path, "src/use.ts").json()["findings"] == []  # the table's file comes from the index


def test_the_editor_knows_the_projects_aliases(tmp_path) -> None:
    from gemlint.server.checker import check_unit
    from gemlint.server.project import ProjectFacts
    from gemlint.server.settings import Scanners
    from gemlint.server.units import Unit

    write(tmp_path, {"package.json": "{}", "src/configs.ts": TABLE_TS, "src/use.ts": USE_TS, "src/sdk.ts": SDK_TS})
    scanners = Scanners(lambda message: None, str(tmp_path))
    units = {
        name: Unit((tmp_path / name).as_uri(), str(tmp_path / name), (tmp_path / name).read_text(encoding="utf-8"))
        for name in ("src/use.ts", "src/sdk.ts")
    }
    checked = {u.path: check_unit(u, scanners) for u in units.values()}
    assert [f.code for c in checked.values() for f in c.findings] == ["GL001", "GL001"]  # each file alone
    linked = ProjectFacts()(checked, scanners)
    assert linked[units["src/use.ts"].path] == []  # with the project's table: its alias
    assert [f.code for f in linked[units["src/sdk.ts"].path]] == ["GL001"]  # an SDK call: still an error
