"""Python 3.12 f-strings (PEP 701) are valid code on every Python gemlint runs on (``fstrings.downgrade``)."""

from __future__ import annotations

import ast
import sys

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.extract.python import fstrings
from tests.helpers import TODAY

NEWER = [  # (source, the one field's text between its braces, which only Python 3.12+ parses)
    ('x = f"{a.get("k")}"\n', 'a.get("k")'),
    ("x = f'{a['k']}' + 'b'\n", "a['k']"),
    ('x = f"{"\\n".join(rows)}"\n', '"\\n".join(rows)'),
    ('x = f"""{\n  a  # the value\n}"""\n', "\n  a  # the value\n"),
    ('x = f"{"#"}"\n', '"#"'),
    ("x = f\"{dim(f'{u.replace('a', 'b')}/ws')}\"\n", "dim(f'{u.replace('a', 'b')}/ws')"),
    ('x = f"{a:{b.get("w")}}" f"{c}"\n', 'a:{b.get("w")}'),
    ('x = rf"\\d{a["k"]}"\n', 'a["k"]'),
]


def _blanked(field: str) -> str:
    """``field`` as ``downgrade`` leaves it: a 0 at its first character that is no line break, spaces, line breaks."""
    out = "".join(c if c in "\r\n" else " " for c in field)
    first = next(i for i, c in enumerate(out) if c == " ")
    return out[:first] + "0" + out[first + 1 :]


@pytest.mark.parametrize("source, field", NEWER, ids=[str(i) for i in range(len(NEWER))])
def test_a_field_only_312_parses_is_blanked_in_place(source, field):
    rewritten = fstrings.downgrade(source)
    assert source.count(field) == 1 and rewritten == source.replace(field, _blanked(field))
    ast.parse(rewritten)  # every Python gemlint runs on reads it


@pytest.mark.parametrize(
    "source",
    [
        'x = f"{a}" + "plain {b}"\n',  # nothing only 3.12 needs
        'x = f\'{a["k"]}\' # f"{b["k"]}"\n',  # the other quote; the rest is a comment
        'x = \'f"{a.get("k")}"\'\n',  # an f-string inside a plain string is text
        'x = f"{a.get("k")\n',  # a string that does not end
        "x = f'{a.get(\n'k')}'\n",  # a line break in a single-quoted f-string cannot be kept
        "x = 1\n",
    ],
)
def test_nothing_is_rewritten_without_a_blankable_field(source):
    assert fstrings.downgrade(source) is None


def _scan(tmp_path, monkeypatch, text):
    (tmp_path / "app.py").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = scan(["."], make_scanner(Config(root=str(tmp_path)), today=TODAY))
    return result.errors, [(f.location.line, f.location.column, f.code, f.model) for f in result.findings]


APP = (
    "from google import genai\n"
    "client = genai.Client()\n"
    "base = 'http://localhost'\n"
    "print(f\"WS: {f'{base.replace('http', 'ws')}/ws'}\")\n"
    'reply = client.models.generate_content(model="gemini-1.5-pro", contents=f"{base.split("/")[0]}")\n'
)


def test_a_312_project_is_checked_not_reported_as_a_syntax_error(tmp_path, monkeypatch):
    errors, found = _scan(tmp_path, monkeypatch, APP)
    assert not errors
    column = APP.splitlines()[4].index("gemini-1.5-pro") + 1
    assert found == [(5, column, "GL003", "gemini-1.5-pro")]  # the retired model, at its exact column


def test_a_real_syntax_error_beside_a_312_f_string_is_still_reported(tmp_path, monkeypatch):
    errors, found = _scan(tmp_path, monkeypatch, APP + "def broken(:\n")
    assert [e.message for e in errors] == ["syntax error at line 6:12: invalid syntax"]
    assert found == []


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12+ parses PEP 701 f-strings itself")
def test_before_312_the_rewrite_is_what_lets_the_file_be_read(tmp_path, monkeypatch):
    monkeypatch.setattr(fstrings, "NEEDED", False)
    errors, found = _scan(tmp_path, monkeypatch, APP)
    assert len(errors) == 1 and "syntax error at line 4" in errors[0].message
