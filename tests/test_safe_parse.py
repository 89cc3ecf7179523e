"""``safe_parse.safe_compile``: a large source on Python 3.9/3.10 is compiled in a thread with a stack sized to it.

The guarded path is forced here on every Python (``GUARDED``, a small ``DIRECT_MAX``), so that it runs in every CI
stage; the crash it prevents is in ``tests/test_hostile.py`` (``left-chains``), which segfaults 3.9 without it.
"""

from __future__ import annotations

import ast

import pytest

from gemlint.extract.python import safe_parse


@pytest.fixture
def guarded(monkeypatch):
    monkeypatch.setattr(safe_parse, "GUARDED", True)
    monkeypatch.setattr(safe_parse, "DIRECT_MAX", 10)


def test_the_thread_gives_the_same_tree(guarded):
    source = "from google import genai\nM = 'gemini-3.8-flash'\nclient.models.generate_content(model=M)\n"
    tree = safe_parse.safe_compile(source, "a.py", "exec", ast.PyCF_ONLY_AST)
    assert ast.dump(tree, include_attributes=True) == ast.dump(ast.parse(source), include_attributes=True)


def test_errors_come_back_as_raised(guarded):
    with pytest.raises(SyntaxError) as raised:
        safe_parse.safe_compile("x = (\n", "bad.py", "exec", ast.PyCF_ONLY_AST)
    assert raised.value.filename == "bad.py"
    with pytest.raises((ValueError, SyntaxError)):  # null bytes: ValueError before 3.11.4, SyntaxError after
        safe_parse.safe_compile("x = 1\0\n" * 3, "nul.py", "exec", ast.PyCF_ONLY_AST)


def test_too_large_for_the_stack_is_refused_not_run(guarded, monkeypatch):
    monkeypatch.setattr(safe_parse, "STACK_MAX", safe_parse.STACK_MIN)
    source = "x = 1\n" * (safe_parse.STACK_MIN // safe_parse.STACK_PER_CHAR // 6 + 1)
    with pytest.raises(safe_parse.TooLarge, match="to read safely"):
        safe_parse.safe_compile(source, "big.py", "exec", ast.PyCF_ONLY_AST)
    assert isinstance(safe_parse.TooLarge("x"), RecursionError)  # "not scanned" wherever RecursionError is caught


def test_the_process_wide_stack_size_is_restored(guarded):
    import threading

    before = threading.stack_size()
    safe_parse.safe_compile("x = 1\n" * 10, "a.py", "exec", ast.PyCF_ONLY_AST)
    assert threading.stack_size() == before


def test_a_refused_source_is_one_line_and_the_file_goes_on(guarded, monkeypatch, tmp_path):
    from tests.helpers import scan_source

    monkeypatch.setattr(safe_parse, "STACK_MAX", 0)
    result = scan_source(tmp_path, "M = 'gemini-3.8-flash'\n" * 2)
    [error] = result.errors
    assert error.path.endswith("example.py") and "to read safely; not scanned" in error.message
    assert "\n" not in error.message
