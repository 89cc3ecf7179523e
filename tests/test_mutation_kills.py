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


def test_gl900_fields_in_json(tmp_path):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": f"{GOOD}  # gemlint: ignore[GL004, GL003]\n"})
    (f,) = scan(tmp_path, "--no-cache", "a.py").json()["findings"]
    assert (f["code"], f["name"], f["severity"], f["model"]) == ("GL900", "unused-suppression", "warning", "")
    assert (f["line"], f["column"], f.get("cell")) == (1, 1, None)
    assert f["message"] == "unused suppression: nothing on this line triggers GL004, GL003"


def test_gl900_in_a_notebook_names_the_cell(tmp_path):
    import json

    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": src}
        for src in ("x = 1\n", f"y = 2\n{GOOD}  # gemlint: ignore\n")
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    write(tmp_path, {"pyproject.toml": CONFIG, "nb.ipynb": json.dumps(nb)})
    (f,) = scan(tmp_path, "--no-cache", "nb.ipynb").json()["findings"]
    assert (f["code"], f["cell"], f["line"]) == ("GL900", 2, 2)


def test_a_suppressed_finding_does_not_hide_the_next_ones(tmp_path):
    got = report(tmp_path, {"a.py": f"{BAD}  # gemlint: ignore\n{BAD}\n{SHUT}\n"})
    assert [(line, code) for _p, line, code, _m in got] == [(2, "GL001"), (3, "GL004")]


def test_unparsable_python_is_not_an_internal_error(tmp_path):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": f"{BAD}  # gemlint: ignore\nx = '''unterminated\n"})
    data = invoke(["scan", "--no-cache", "--format", "json", "a.py"], tmp_path).json()
    assert data["errors"] and not any("internal error" in e["message"] for e in data["errors"])


# --- configuration ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, codes",
    [
        ('select = ["ALL"]\n', {"GL001", "GL004"}),
        ('select = ["GL"]\n', {"GL001", "GL004"}),
        ('select = ["GL001"]\nignore = ["GL001"]\n', set()),
        ('select = ["GL001", "GL004"]\nignore = ["GL00"]\n', {"GL001", "GL004"}),
    ],
)
def test_selection_specificity(tmp_path, body, codes):
    write(tmp_path, {"a.py": f"{BAD}\n{SHUT}\n", "pyproject.toml": CONFIG + body})
    assert {f["code"] for f in scan(tmp_path, "--no-cache").json()["findings"]} == codes


def test_config_flag_reads_tables_by_file_kind(tmp_path):
    write(tmp_path, {"a.py": f"{BAD}\n{SHUT}\n"})
    # a pyproject.toml without [tool.gemlint] named by --config: the defaults, not its other tables
    write(tmp_path, {"other/pyproject.toml": "[project]\nname = 'x'\n"})
    out = scan(tmp_path, "--no-cache", "--config", "other/pyproject.toml", "a.py")
    assert {f["code"] for f in out.json()["findings"]} == {"GL001", "GL004"}
    write(tmp_path, {"other/pyproject.toml": "[tool.black]\nline-length = 1\n"})
    out = scan(tmp_path, "--no-cache", "--config", "other/pyproject.toml", "a.py")
    assert {f["code"] for f in out.json()["findings"]} == {"GL001", "GL004"}
    # any TOML file with a [tool.gemlint] table is read from that table
    write(tmp_path, {"custom.toml": '[tool.gemlint]\nselect = ["GL004"]\nmax-inventory-age = 0\n'})
    out = scan(tmp_path, "--no-cache", "--config", "custom.toml", "a.py")
    assert {f["code"] for f in out.json()["findings"]} == {"GL004"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("[tool]\ngemlint = 3\n", "pyproject.toml: [tool.gemlint] must be a table"),
        ("[tool.gemlint\n", "pyproject.toml: invalid TOML ("),
        (
            "[tool.gemlint]\nbogus = 1\n",
            "pyproject.toml: unknown key 'bogus' in [tool.gemlint] (known keys: backend, baseline, exclude, "
            "extend-exclude, extra-models, fail-on, ignore, include-minified, inventory, max-file-size, "
            "max-inventory-age, per-file-ignores, select, settings-files, shutdown-horizon, timeout, vertex-inventory)",
        ),
        (
            "[tool.gemlint]\nbackend = 'aws'\n",
            """pyproject.toml: 'backend' must be "gemini", "vertex" or a table of path patterns to "gemini" or """
            """"vertex", got 'aws'""",
        ),
        (
            "[tool.gemlint]\nper-file-ignores = 1\n",
            """pyproject.toml: 'per-file-ignores' must be a table of path patterns to lists of rule codes """
            """(e.g. "tests/**" = ["GL006"]), got 1""",
        ),
    ],
)
def test_configuration_error_messages(tmp_path, text, message):
    write(tmp_path, {"a.py": GOOD, "pyproject.toml": text})
    out = invoke(["scan", "--no-cache", "--config", "pyproject.toml", "a.py"], tmp_path)
    assert out.code == 2 and message in out.err, out.err


def test_missing_config_file_is_named(tmp_path):
    write(tmp_path, {"a.py": GOOD})
    out = invoke(["scan", "--no-cache", "--config", "gone.toml", "a.py"], tmp_path)
    assert out.code == 2 and "gone.toml: cannot read (No such file or directory)" in out.err, out.err


def test_default_cache_is_beside_the_configuration(tmp_path):
    """Run from a subfolder: the cache goes beside pyproject.toml (the configuration's root), not in the cwd."""
    files = {f"src/m{i:02d}.py": GOOD for i in range(20)}
    write(tmp_path, {"pyproject.toml": CONFIG, **files})
    scan(tmp_path / "src", ".")
    assert (tmp_path / ".gemlint_cache").is_dir() and not (tmp_path / "src" / ".gemlint_cache").exists()


def test_without_configuration_the_cwd_is_the_root(tmp_path):
    files = {f"m{i:02d}.py": GOOD for i in range(20)}
    write(tmp_path / "proj", files)
    out = scan(tmp_path / "proj", ".")
    assert out.json()["files_scanned"] == 20 and (tmp_path / "proj" / ".gemlint_cache").is_dir()
