"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind.

Suppression comments, configuration loading and the cache file, through the real ``gemlint`` group.
"""

from __future__ import annotations

import pytest

from tests.inproc import invoke, scan, write

CONFIG = "[tool.gemlint]\nmax-inventory-age = 0\n"
BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")'
SHUT = 'client.models.generate_content(model="gemini-3.1-flash-lite", contents="x")'
GOOD = 'client.models.generate_content(model="gemini-3.8-flash", contents="x")'


def report(tmp_path, files, *args):
    write(tmp_path, {"pyproject.toml": CONFIG, **files})
    data = scan(tmp_path, "--no-cache", *args).json()
    return [(f["path"], f["line"], f["code"], f["message"]) for f in data["findings"]]


@pytest.mark.parametrize(
    "comment, left",
    [
        ("# gemlint: ignore", []),
        ("# gemlint:ignore", []),
        ("#gemlint: ignore", []),
        ("# gemlint: IGNORE", []),
        ("# gemlint: ignore[GL001]", []),
        ("# gemlint: ignore[gl001]", []),
        ("# gemlint: ignore[ GL004 , GL001 ]", [("GL900", "unused suppression: nothing on this line triggers GL004")]),
        (
            "# gemlint: ignore[GL004]",
            [("GL900", "unused suppression: nothing on this line triggers GL004"), ("GL001", None)],
        ),
        ("# gemlint: ignore[]", []),
        ("# gemlint: ignore[,]", []),
        ("# noqa", [("GL001", None)]),
        ("# gemlint: ignored", []),
    ],
)
def test_python_suppression_comments(tmp_path, comment, left):
    got = report(tmp_path, {"a.py": f"{BAD}  {comment}\n"})
    assert [(code, msg if want is not None else None) for (_p, _l, code, msg), (_c, want) in zip(got, left)] == left
    assert len(got) == len(left)


def test_unused_blanket_suppression(tmp_path):
    got = report(tmp_path, {"a.py": f"{GOOD}  # gemlint: ignore\nx = 1  # gemlint: ignore[GL001]\n"})
    assert got == [
        ("a.py", 1, "GL900", "unused suppression: nothing on this line triggers any finding"),
        ("a.py", 2, "GL900", "unused suppression: nothing on this line triggers GL001"),
    ]


def test_a_suppression_covers_its_own_line_only(tmp_path):
    got = report(tmp_path, {"a.py": f"# gemlint: ignore\n{BAD}\n{BAD}  # gemlint: ignore[GL001]\n"})
    assert [(line, code) for _p, line, code, _m in got] == [(1, "GL900"), (2, "GL001")]


def test_suppression_in_strings_and_docstrings_is_not_a_comment(tmp_path):
    src = f'"""Write `# gemlint: ignore` after the name."""\nX = "# gemlint: ignore"; {BAD}\n'
    got = report(tmp_path, {"a.py": src})
    assert [(line, code) for _p, line, code, _m in got] == [(2, "GL001")]


def test_unparsable_python_keeps_the_plain_reading(tmp_path):
    """A file tokenize cannot read still has its comment suppressions (no crash, no lost suppression)."""
    src = f"{BAD}  # gemlint: ignore\nx = '''unterminated\n"
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": src})
    out = invoke(["scan", "--no-cache", "--format", "json", "a.py"], tmp_path)
    assert not [f for f in out.json()["findings"] if f["code"] == "GL001"]


@pytest.mark.parametrize("comment", ["// gemlint: ignore[GL001]", "/* gemlint: ignore */"])
def test_typescript_suppression_comments(tmp_path, comment):
    src = f'const r = await ai.models.generateContent({{ model: "gemini-3.8-flsh" }}); {comment}\n'
    assert report(tmp_path, {"a.ts": src}) == []
    assert [c for *_x, c, _m in report(tmp_path, {"a.ts": src.replace(comment, "")})] == ["GL001"]


def test_settings_file_suppression(tmp_path):
    assert report(tmp_path, {".env": "GEMINI_MODEL=gemini-3.8-flsh  # gemlint: ignore\n"}) == []


def test_unused_suppression_can_be_deselected(tmp_path):
    files = {"a.py": f"{GOOD}  # gemlint: ignore[GL001]\n"}
    assert [c for *_x, c, _m in report(tmp_path, files)] == ["GL900"]
    assert report(tmp_path, files, "--ignore", "GL900") == []
