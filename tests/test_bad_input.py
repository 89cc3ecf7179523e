"""Bad input never stops a scan: one line naming the file and the reason, every other finding still reported.

Each case builds a small project holding the bad file and ``ok.py`` (a GL001 at ``ok.py:1:39``) and scans it
with the real CLI. Files that are odd but readable (a coding cookie, a BOM, UTF-16, CRLF, odd paths) give no
error line and their own findings at the right line and column.
"""

from __future__ import annotations

import ast
import codecs
import errno
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import pytest

import gemlint.extract.settings.extractor
from gemlint.entry import run
from tests.helpers import TODAY, run_cli

NAME = "gemini-3.8-flsh"  # not in the inventory: GL001 at a call, GL006 as an unused constant (a mention)
OK = f'client.models.generate_content(model="{NAME}")\n'
OK_FINDING = ("ok.py", None, 1, 39)
# No stale-inventory warning: stderr then holds only what the files caused.
CONFIG = "[tool.gemlint]\nmax-inventory-age = 0\n"

TOO_DEEP = "too deeply nested for Python's parser; not scanned"
DEEP_CALLS = f'm = "{NAME}"\nx = f' + "()" * 100_000 + "\n"


def parses(source: str) -> bool:
    """Whether this Python's own parser accepts ``source``."""
    try:
        ast.parse(source)
    except (RecursionError, MemoryError, SyntaxError):
        return False
    return True


def _py2_column() -> int:
    try:
        compile('print "gemini-3.8-flash"\n', "py2.py", "exec")
    except SyntaxError as exc:
        return exc.offset or 0
    raise AssertionError("Python 2 print statement parsed")


PY2_COLUMN = _py2_column()

Content = Union[str, bytes]
Finding = Tuple[str, Optional[int], int, int]  # path, cell, line, column


@dataclass(frozen=True)
class Case:
    id: str
    files: Dict[str, Content] = field(default_factory=dict)
    setup: Optional[Callable[[Path], None]] = None  # symlinks, folders, big files
    errors: Sequence[Tuple[str, str, str]] = ()  # (path, "error" | "warning", reason fragment)
    found: Sequence[Finding] = ()  # the bad file's own findings
    args: Sequence[str] = ()
    paths: Sequence[str] = (".",)


def notebook(*sources: object) -> str:
    cells: List[dict] = [{"cell_type": "markdown", "metadata": {}, "source": ["# title\n"]}]
    cells += [{"cell_type": "code", "metadata": {}, "outputs": [], "source": s} for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def big_file(tmp: Path) -> None:
    """A 50 MB Python file of repeated lines (larger than the default max-file-size of 20 MB)."""
    line = f'm = "{NAME}"  # padding padding padding padding padding\n'.encode()
    block = line * (1024 * 1024 // len(line) + 1)
    with open(tmp / "big.py", "wb") as fh:
        for _ in range(50):
            fh.write(block)


def bundle(tmp: Path) -> None:
    """A 5 MB one-line bundle, mostly long strings (quick for tree-sitter), holding a model name."""
    parts = [f'var s{i}="{"x" * 9000}";' for i in range(560)]
    parts.insert(280, f'const m="{NAME}";')
    (tmp / "app.js").write_text("".join(parts) + "\n")


BUNDLE_COLUMN = sum(len(f'var s{i}="{"x" * 9000}";') for i in range(280)) + len('const m="') + 1


def deep_brackets_ts(tmp: Path) -> None:
    # Spread over lines: one long line would make it a "minified bundle", skipped before parsing.
    (tmp / "deep.ts").write_text(f'const m = "{NAME}";\nconst x = ' + "[\n" * 100_000 + "]\n" * 100_000 + ";\n")


def unreadable(tmp: Path) -> None:
    """``bad.py`` whose read fails even for root: a symlink to /proc/self/mem (EIO), else a chmod 000 file."""
    target = tmp / "bad.py"
    if os.path.exists("/proc/self/mem"):
        target.symlink_to("/proc/self/mem")
        if _read_fails(target):
            return
        target.unlink()
    target.write_text(f'm = "{NAME}"\n')
    target.chmod(0)
    if not _read_fails(target):
        pytest.skip("no path this user cannot read: not root-proof /proc/self/mem, and chmod 000 does not stop root")


def _read_fails(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.read()
    except OSError as exc:
        return exc.errno != errno.ENOENT
    return False


def dir_named_x_py(tmp: Path) -> None:
    (tmp / "x.py").mkdir()
    (tmp / "x.py" / "inner.py").write_text(f'm = "{NAME}"\n')


def dangling(tmp: Path) -> None:
    (tmp / "gone.py").symlink_to(tmp / "nowhere.py")


def file_loop(tmp: Path) -> None:
    (tmp / "a.py").symlink_to("b.py")
    (tmp / "b.py").symlink_to("a.py")


def folder_loop(tmp: Path) -> None:
    (tmp / "sub").mkdir()
    (tmp / "sub" / "up").symlink_to("..")


LOOP_ERRORS = (("a.py", "warning", "symlink loop; skipped"), ("b.py", "warning", "symlink loop; skipped"))
SYNTAX_TSX = "syntax error at line 2:"

CASES = [
    Case(
        "undecodable-py",
        {"bad.py": f'm = "{NAME}"\ns = "\xff\xfe"\n'.encode("latin-1")},
        errors=[("bad.py", "error", "not valid UTF-8 (byte 0xff on line 2)")],
    ),
    Case(
        "undecodable-ts",
        {"bad.ts": f'const m = "{NAME}";\nconst s = "\xff";\n'.encode("latin-1")},
        errors=[("bad.ts", "error", "(byte 0xff on line 2); not scanned")],
    ),
    Case(
        "latin1-with-cookie",
        {"lat.py": f'# -*- coding: latin-1 -*-\ns = "café"; m = "{NAME}"\n'.encode("latin-1")},
        found=[("lat.py", None, 2, 18)],
    ),
    Case(
        "latin1-without-cookie",
        {"lat.py": f's = "café"; m = "{NAME}"\n'.encode("latin-1")},
        errors=[("lat.py", "error", "cannot decode")],
    ),
    Case("utf8-bom-py", {"bom.py": codecs.BOM_UTF8 + f'm = "{NAME}"\n'.encode()}, found=[("bom.py", None, 1, 6)]),
    Case(
        "utf8-bom-ts",
        {"bom.ts": codecs.BOM_UTF8 + f'const é = 1; const m = "{NAME}";\n'.encode()},
        found=[("bom.ts", None, 1, 25)],
    ),
    Case("utf16-py", {"u16.py": f'# é\nm = "{NAME}"\n'.encode("utf-16")}, found=[("u16.py", None, 2, 6)]),
    Case(
        "utf16be-ts",
        {"u16.ts": codecs.BOM_UTF16_BE + f'const é = 1;\nconst m = "{NAME}";\n'.encode("utf-16-be")},
        found=[("u16.ts", None, 2, 12)],
    ),
    Case("nul-bytes-py", {"nul.py": f'm = "{NAME}"\0\n'.encode()}, errors=[("nul.py", "error", "NUL bytes")]),
    Case(
        "nul-bytes-ts",
        {"nul.ts": f'const m = "{NAME}";\0\n'.encode()},
        errors=[("nul.ts", "warning", "binary file (NUL bytes); skipped")],
    ),
    Case("crlf-py", {"crlf.py": f'a = 1\r\nb = 2\r\nm = "{NAME}"\r\n'.encode()}, found=[("crlf.py", None, 3, 6)]),
    Case(
        "crlf-ts",
        {"crlf.ts": f'const a = 1;\r\n\r\nconst m = "{NAME}";\r\n'.encode()},
        found=[("crlf.ts", None, 3, 12)],
    ),
    Case("empty-files", {"empty.py": b"", "empty.ts": b"", "empty.ipynb": b"", "empty.yaml": b""}),
    Case("file-of-50mb", setup=big_file, errors=[("big.py", "warning", "larger than max-file-size; skipped")]),
    Case(
        "minified-bundle-skipped",
        setup=bundle,
        errors=[("app.js", "warning", "minified or generated bundle; skipped (scan it with --include-minified)")],
    ),
    Case(
        "minified-bundle-included",
        setup=bundle,
        args=["--include-minified"],
        found=[("app.js", None, 1, BUNDLE_COLUMN)],
    ),
    Case(
        "nested-brackets-py",
        {"deep.py": f'm = "{NAME}"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n"},
        errors=[("deep.py", "error", "syntax error at line 2")],
    ),
    # Python 3.9 and 3.10 parse a 100,000-link call chain (gemlint then scans it); 3.11+ refuse it.
    Case(
        "nested-calls-py-recursion-error",
        {"deep.py": DEEP_CALLS},
        errors=[] if parses(DEEP_CALLS) else [("deep.py", "error", TOO_DEEP)],
        found=[("deep.py", None, 1, 6)] if parses(DEEP_CALLS) else [],
    ),
    Case(
        "nested-unary-py-recursion-error",
        {"deep.py": f'm = "{NAME}"\nx = ' + "-" * 100_000 + "1\n"},
        errors=[("deep.py", "error", TOO_DEEP)],
    ),
    Case("nested-brackets-ts", setup=deep_brackets_ts, found=[("deep.ts", None, 1, 12)]),
    Case(
        "python2-syntax",
        {"py2.py": 'print "gemini-3.8-flash"\n'},
        # the column is the parser's: 1 on Python 3.10+, 7 on 3.9
        errors=[("py2.py", "error", f"syntax error at line 1:{PY2_COLUMN}: Missing parentheses in call to 'print'")],
    ),
    Case(
        "tsx-that-does-not-parse",
        {"App.tsx": f'const m = "{NAME}";\nconst x = <div>{{{{{{ </;\n'},
        errors=[("App.tsx", "error", SYNTAX_TSX)],
        found=[("App.tsx", None, 1, 12)],
    ),
    Case(
        "notebook-not-json",
        {"nb.ipynb": f'{{"cells": [{{"source": "{NAME}"'},
        errors=[("nb.ipynb", "error", "notebook is not valid JSON")],
    ),
    Case(
        "notebook-without-cells",
        {"nb.ipynb": json.dumps({"metadata": {}, "note": NAME})},
        errors=[("nb.ipynb", "error", "notebook has no 'cells' list")],
    ),
    Case(
        "notebook-source-as-string",
        {"nb.ipynb": notebook("import os\n", f'x = 1\nm = "{NAME}"\n')},
        found=[("nb.ipynb", 3, 2, 6)],
    ),
    Case("folder-named-x.py", setup=dir_named_x_py, found=[("x.py/inner.py", None, 1, 6)]),
    Case(
        "folder-named-x.py-given",
        setup=dir_named_x_py,
        paths=["ok.py", "x.py"],
        found=[("x.py/inner.py", None, 1, 6)],
    ),
    # Also named: walking "." does not follow bad.py's symlink out of the folder (issue 17), a named file is read.
    Case("unreadable-file", setup=unreadable, paths=[".", "bad.py"], errors=[("bad.py", "error", "cannot read: ")]),
    Case(
        "unreadable-file-given",
        setup=unreadable,
        paths=["ok.py", "bad.py"],
        errors=[("bad.py", "error", "cannot read: ")],
    ),
    Case("dangling-symlink", setup=dangling, errors=[("gone.py", "warning", "dangling symlink; skipped")]),
    Case(
        "dangling-symlink-given",
        setup=dangling,
        paths=["ok.py", "gone.py"],
        errors=[("gone.py", "warning", "dangling symlink; skipped")],
    ),
    # --verbose names both links (by default two notices of one kind share a line: tests/test_notices.py)
    Case("symlink-loop", setup=file_loop, errors=LOOP_ERRORS, args=["--verbose"]),
    Case(
        "symlink-loop-given", setup=file_loop, paths=["ok.py", "a.py", "b.py"], errors=LOOP_ERRORS, args=["--verbose"]
    ),
    Case(
        "folder-symlink-to-parent",
        setup=folder_loop,
        errors=[("sub/up", "warning", "symlink loop (folder already scanned); skipped")],
    ),
    Case(
        "spaces-and-non-ascii-paths",
        {
            "with space/ünï cödé.py": f'm = "{NAME}"\n',
            "日本 語/コード x.ts": f'const é = "ü"; const m = "{NAME}";\n',
        },
        found=[("with space/ünï cödé.py", None, 1, 6), ("日本 語/コード x.ts", None, 1, 27)],
    ),
]


def build(tmp: Path, case: Case) -> None:
    (tmp / "pyproject.toml").write_text(CONFIG)
    (tmp / "ok.py").write_text(OK)
    for name, content in case.files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    if case.setup is not None:
        case.setup(tmp)


def findings_of(data: dict) -> List[Finding]:
    return sorted((f["path"], f.get("cell"), f["line"], f["column"]) for f in data["findings"])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(tmp_path: Path, case: Case) -> None:
    build(tmp_path, case)
    result = run_cli(["scan", "--no-cache", "--format", "json", *case.args, *case.paths], cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    for path, level, reason in case.errors:
        naming = [line for line in lines if line.startswith(f"gemlint: {level}: {path}: ")]
        assert len(naming) == 1, result.stderr
        assert reason in naming[0], result.stderr
    # Nothing else on stderr: no error for files that are fine, no second line for a bad one.
    assert len(lines) == len(case.errors), result.stderr
    data = json.loads(result.stdout)
    assert sorted((e["path"], "error" if e["fatal"] else "warning") for e in data["errors"]) == sorted(
        (path, level) for path, level, _ in case.errors
    )
    found = findings_of(data)
    assert found == sorted([OK_FINDING, *case.found]), found
    assert {f["code"] for f in data["findings"]} <= {"GL001", "GL006"}  # GL006: an unused constant is a mention
    assert result.returncode == 1  # findings (and fatal file errors) are 1; 2 is only for usage/internal errors


ALONE = [
    "undecodable-py",
    "python2-syntax",
    "unreadable-file",
    "nul-bytes-ts",
    "dangling-symlink",
    "minified-bundle-skipped",
    "empty-files",
    "utf16-py",
]


@pytest.mark.parametrize("case", [c for c in CASES if c.id in ALONE], ids=ALONE)
def test_exit_code_of_a_bad_file_alone(tmp_path: Path, case: Case) -> None:
    """Without ok.py's finding: 1 for a fatal file error (or the file's own findings, warnings included with
    --fail-on warning), 0 for notices only."""
    build(tmp_path, case)
    (tmp_path / "ok.py").unlink()
    result = run_cli(["scan", "--no-cache", "--fail-on", "warning", *case.args, *case.paths], cwd=tmp_path)
    fatal = any(level == "error" for _, level, _ in case.errors)
    assert result.returncode == (1 if fatal or case.found else 0), result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == len(case.errors) and "Traceback" not in result.stderr


def test_missing_path_exits_2_and_names_it(tmp_path: Path) -> None:
    build(tmp_path, Case("missing"))
    result = run_cli(["scan", "--no-cache", "ok.py", "no such dir/missing.py"], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["gemlint: error: path does not exist: no such dir/missing.py"]
    assert "Traceback" not in result.stderr


def test_findings_in_odd_paths_use_those_paths_in_text_output(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "spaces-and-non-ascii-paths")
    build(tmp_path, case)
    result = run_cli(["scan", "--no-cache", "with space", "日本 語/コード x.ts"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # GL006 mentions only: warnings
    assert "with space/ünï cödé.py:1:6: GL006" in result.stdout
    assert "日本 語/コード x.ts:1:27: GL006" in result.stdout


# -- internal errors -----------------------------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> object:
    raise RuntimeError("boom in the settings extractor\nsecond line")


@pytest.fixture
def broken_settings_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose settings file makes the (monkeypatched) settings extractor raise, run in-process."""
    build(tmp_path, Case("internal"))
    (tmp_path / "settings.yaml").write_text("model: gemini-3.8-flash\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("GEMLINT_TODAY", TODAY.isoformat())
    monkeypatch.setattr(gemlint.extract.settings.extractor, "extract_settings", _boom)
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "0"])
def test_internal_error_in_one_file_is_one_line_and_exit_2(broken_settings_project: Path, capsys, jobs) -> None:
    code = run(["scan", "--format", "json", "--no-cache", "--jobs", jobs, "."])
    out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err
    naming = [line for line in err.splitlines() if "settings.yaml" in line]
    assert naming == [
        "gemlint: error: settings.yaml: internal error while scanning: RuntimeError: boom in the settings extractor"
    ], err
    assert "--debug" in err
    data = json.loads(out)
    assert findings_of(data) == [OK_FINDING]  # the other file is still reported


def test_debug_shows_the_traceback_of_an_internal_error(broken_settings_project: Path, capsys) -> None:
    code = run(["scan", "--no-cache", "--jobs", "1", "--debug", "."])
    out, err = capsys.readouterr()
    assert code == 2
    assert "gemlint: error: settings.yaml: internal error while scanning: RuntimeError" in err
    assert "Traceback (most recent call last)" in err and "_boom" in err and "RuntimeError: boom" in err
    assert "ok.py:1:39: GL001" in out
