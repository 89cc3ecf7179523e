"""Syntax of a newer Python than gemlint's own is valid code, not a syntax error (``newer_syntax.py``): PEP 695 type
parameters and ``type`` statements (3.12), PEP 758 ``except A, B:`` and PEP 750 t-strings (3.14)."""

from __future__ import annotations

import ast
import sys

import pytest

from gemlint.extract.python import newer_syntax
from gemlint.extract.python.newer_syntax import downgrade
from tests.test_crossfile import findings, write

CASES = [
    ("def pick[T](x: T) -> T:\n    return x\n", "def pick   (x: T) -> T:\n    return x\n"),
    ("class Box[T: int = str](Base):\n    pass\n", "class Box" + " " * 14 + "(Base):\n    pass\n"),
    ("class Box[T]:\n    pass\n", "class Box   :\n    pass\n"),
    ("type Model = str\n", "Model      = str\n"),
    ("if x:\n    type Pair[T] = tuple[T, T]\n", "if x:\n    Pair         = tuple[T, T]\n"),
    (
        "try:\n    pass\nexcept ValueError, KeyError:\n    pass\n",
        "try:\n    pass\nexcept ValueError          :\n    pass\n",
    ),
    pytest.param(
        "try:\n    pass\nexcept* (A), B:\n    pass\n",
        "try:\n    pass\nexcept* (A)   :\n    pass\n",
        marks=pytest.mark.skipif(sys.version_info < (3, 11), reason="except* is 3.11's"),
    ),
    ("s = t'hi {name}'\n", "s = f'hi {name}'\n"),
    ("s = Rt'{a}\\d'\n", "s = Rf'{a}\\d'\n"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_downgrade_rewrites_in_place(source, expected, monkeypatch):
    monkeypatch.setattr(newer_syntax, "TYPE_PARAMS", True)  # the 3.12 cases are rewritten on every Python
    rewritten = downgrade(source)
    assert rewritten == expected and len(rewritten) == len(source)
    ast.parse(rewritten)  # what this Python parses


@pytest.mark.parametrize(
    "source",
    [
        "type = 3\nprint(type(x))\n",  # the soft keyword as a name
        "t = 'a'\nu = t 'b'\n",  # a space: not a prefix (and not valid anyway)
        "try:\n    pass\nexcept (A, B) as e:\n    pass\n",
        "try:\n    pass\nexcept A, B as e:\n    pass\n",  # still an error in 3.14: left for the parser to report
        "def f[\n    T,\n](x): pass\n",  # type parameters over lines: their line breaks cannot be kept
        "x = 'def f[T]: type X = 1; except A, B:'\n",  # inside a string
    ],
)
def test_downgrade_leaves_what_is_not_newer_syntax(source, monkeypatch):
    monkeypatch.setattr(newer_syntax, "TYPE_PARAMS", True)
    assert downgrade(source) is None


NEWER = """\
from google import genai
type Model = str
def ask[T](prompt: T) -> T:
    return prompt
try:
    client = genai.Client()
except ValueError, KeyError:
    raise
client.models.generate_content(model="gemini-9.9-nope", contents=t"hi {ask('x')}")
"""


def test_a_module_in_newer_syntax_is_checked_at_its_lines(tmp_path, monkeypatch):
    write(tmp_path, {"app.py": NEWER})
    # no syntax error (findings() asserts none), and the call's name found at its own line
    assert findings(tmp_path, monkeypatch) == [("app.py", 9, "GL001", "gemini-9.9-nope", ("app.py",))]


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="3.14 parses it: nothing to rewrite")
def test_a_real_syntax_error_is_still_reported_at_its_line(tmp_path, monkeypatch):
    write(tmp_path, {"app.py": NEWER + "def broken(:\n"})
    from gemlint.api import make_scanner, scan
    from gemlint.config import Config

    monkeypatch.chdir(tmp_path)
    result = scan(["."], make_scanner(Config(root=str(tmp_path))))
    [error] = [e for e in result.errors if e.fatal]
    assert "line 10" in error.message
