"""``safe_parse.safe_compile``: a large source on Python 3.9/3.10 is compiled in a thread with a stack sized to it.

The guarded path is forced here on every Python (``GUARDED``, a small ``DIRECT_MAX``), so that it runs in every CI
stage; the crash it prevents is in ``tests/test_hostile.py`` (``left-chains``), which segfaults 3.9 without it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import warnings

import pytest

from gemlint.extract.python import safe_parse
from tests.helpers import TODAY


@pytest.fixture
def guarded(monkeypatch):
    monkeypatch.setattr(safe_parse, "GUARDED", True)
    monkeypatch.setattr(safe_parse, "DIRECT_MAX", 10)


def test_the_thread_gives_the_same_tree(guarded):
    source = "from google import genai\nM = 'gemini-3.8-flash'\nclient.models.generate_content(model=M)\n"
    tree = safe_parse.safe_compile(source, "exec", ast.PyCF_ONLY_AST)
    assert ast.dump(tree, include_attributes=True) == ast.dump(ast.parse(source), include_attributes=True)


def test_errors_come_back_as_raised(guarded):
    with pytest.raises(SyntaxError) as raised:
        safe_parse.safe_compile("x = (\n", "exec", ast.PyCF_ONLY_AST)
    assert raised.value.filename == safe_parse.SOURCE  # a name nothing shows: the caller says which file
    with pytest.raises((ValueError, SyntaxError)):  # null bytes: ValueError before 3.11.4, SyntaxError after
        safe_parse.safe_compile("x = 1\0\n" * 3, "exec", ast.PyCF_ONLY_AST)


def test_too_large_for_the_stack_is_refused_not_run(guarded, monkeypatch):
    monkeypatch.setattr(safe_parse, "STACK_MAX", safe_parse.STACK_MIN)
    source = "x = 1\n" * (safe_parse.STACK_MIN // safe_parse.STACK_PER_CHAR // 6 + 1)
    with pytest.raises(safe_parse.TooLarge, match="to read safely"):
        safe_parse.safe_compile(source, "exec", ast.PyCF_ONLY_AST)
    assert isinstance(safe_parse.TooLarge("x"), RecursionError)  # "not scanned" wherever RecursionError is caught


def test_the_process_wide_stack_size_is_restored(guarded):
    import threading

    before = threading.stack_size()
    safe_parse.safe_compile("x = 1\n" * 10, "exec", ast.PyCF_ONLY_AST)
    assert threading.stack_size() == before


def test_a_refused_source_is_one_line_and_the_file_goes_on(guarded, monkeypatch, tmp_path):
    from tests.helpers import scan_source

    monkeypatch.setattr(safe_parse, "STACK_MAX", 0)
    result = scan_source(tmp_path, "M = 'gemini-3.8-flash'\n" * 2)
    [error] = result.errors
    assert error.path.endswith("example.py") and "to read safely; not scanned" in error.message
    assert "\n" not in error.message


VALID_BUT_WARNED = 'import re\nPATTERN = "\\d+\\Y"  # an invalid escape: still valid Python\nok = 0in [0]\n'


def test_the_parsers_warnings_about_valid_code_are_never_printed(tmp_path) -> None:
    """Python prints a warning for ``"\\d"`` (SyntaxWarning on 3.12+, DeprecationWarning before, shown here with
    ``-W default``) on stderr, outside gemlint's one-line messages; compiled under ``SOURCE``, none is printed."""
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "source": VALID_BUT_WARNED}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "a.py").write_text(VALID_BUT_WARNED, encoding="utf-8")
    (tmp_path / "b.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat(), NO_COLOR="1")
    args = [sys.executable, "-W", "default", "-m", "gemlint", "scan", "--no-cache", "."]
    result = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "All clear" in result.stdout


def test_warnings_elsewhere_are_left_alone() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.filterwarnings("always", module="other")  # before safe_parse's filter, for other.py only
        safe_parse.safe_compile(VALID_BUT_WARNED, "exec", ast.PyCF_ONLY_AST)
        compile(VALID_BUT_WARNED, "other.py", "exec", ast.PyCF_ONLY_AST)
    assert {w.filename for w in caught} == {"other.py"}


def test_a_cell_syntax_error_points_into_the_cell_not_the_notebook_file(tmp_path, monkeypatch) -> None:
    """Compiled under the notebook's own path, CPython read the error's line from the file on disk (the JSON's
    first line) and the column came out wrong; the cell's own text decides it."""
    from gemlint.api import make_scanner, scan
    from gemlint.config import Config

    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "source": 'MODEL = "gemini-3.8-flash"\ntotal_tokens_used = 1 +* 2\n',
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = scan(["nb.ipynb"], make_scanner(Config(root=str(tmp_path)), today=TODAY))
    assert [e.message for e in result.errors] == ["cell 1: syntax error at line 2:24: invalid syntax"]
