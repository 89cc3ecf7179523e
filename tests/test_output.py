"""What the reports look like: notebook locations, colour on a real terminal, JSON fields, suggestions,
built-in excludes, internal errors under ``--debug``. All through the real ``gemlint`` entry point."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

import gemlint
from gemlint.config import DEFAULT_EXCLUDES
from tests.helpers import TODAY
from tests.inproc import invoke, scan, write

BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
CONFIG = "[tool.gemlint]\nmax-inventory-age = 0\n"


def notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": ["# title\n"]},
                *(
                    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": src}
                    for src in cells
                ),
            ],
            "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_notebook_locations_in_text_and_json(tmp_path):
    write(tmp_path, {"pyproject.toml": CONFIG, "nb.ipynb": notebook("x = 1\n", "print(1)\n\n" + BAD)})
    text = invoke(["scan", "--no-cache", "nb.ipynb"], tmp_path)
    assert text.code == 1
    assert text.out.splitlines()[0].startswith("nb.ipynb:cell 3:3:39: GL001 [*] 'gemini-3.8-flsh'")
    (finding,) = scan(tmp_path, "--no-cache", "nb.ipynb").json()["findings"]
    assert (finding["cell"], finding["line"], finding["column"]) == (3, 3, 39)
    plain = scan(tmp_path, "--no-cache", ".").json()
    assert "cell" in plain["findings"][0]


def run_on_pty(cwd, args, env):
    """Run ``python -m gemlint ARGS`` with stdout on a pseudo-terminal; returns (exit code, bytes shown)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gemlint", *args], cwd=cwd, env=env, stdout=slave, stderr=subprocess.PIPE
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    proc.stderr.close()
    os.close(master)
    return proc.returncode, b"".join(chunks).decode()


@pytest.fixture
def term_env():
    env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat())
    env.pop("NO_COLOR", None)
    return env


def test_colour_and_source_line_on_a_real_terminal(tmp_path, term_env):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": BAD})
    code, shown = run_on_pty(tmp_path, ["scan", "--no-cache", "a.py"], term_env)
    assert code == 1
    assert "\x1b[1;31mGL001\x1b[0m" in shown
    lines = shown.splitlines()
    assert lines[1] == "    " + BAD.rstrip("\n")
    caret = lines[2].replace("\x1b[1;31m", "").replace("\x1b[0m", "")
    assert caret == " " * (4 + 38) + "^" * len("gemini-3.8-flsh")


def test_no_color_on_a_real_terminal(tmp_path, term_env):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": BAD})
    caret = " " * (4 + 38) + "^" * len("gemini-3.8-flsh")
    for args, env in (
        (["scan", "--no-cache", "a.py"], dict(term_env, NO_COLOR="1")),
        (["scan", "--no-cache", "--color", "never", "a.py"], term_env),
    ):
        code, shown = run_on_pty(tmp_path, args, env)
        assert code == 1 and "\x1b[" not in shown and shown.startswith("a.py:1:39: GL001 ")
        # the colour goes, the source line and the caret stay (NO_COLOR is about colour only)
        assert shown.splitlines()[1:3] == ["    " + BAD.rstrip("\n"), caret]


def test_colour_flag_when_piped(tmp_path):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": BAD})
    piped = invoke(["scan", "--no-cache", "a.py"], tmp_path, env={"NO_COLOR": None})
    # finding, summary and the fixable count, no source
    assert "\x1b[" not in piped.out and len(piped.out.splitlines()) == 3
    forced = invoke(["scan", "--no-cache", "--color", "always", "a.py"], tmp_path, env={"NO_COLOR": None})
    assert "\x1b[1;31mGL001" in forced.out and "    " + BAD.rstrip("\n") in forced.out
    auto = invoke(["scan", "--no-cache", "--color", "auto", "a.py"], tmp_path, env={"NO_COLOR": None})
    assert auto.out == piped.out


def test_json_version_and_fingerprint_stable_under_line_moves(tmp_path):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": BAD})
    first = scan(tmp_path, "--no-cache", "a.py").json()
    assert first["version"] == gemlint.__version__
    assert invoke(["--version"], tmp_path).out.strip().endswith(gemlint.__version__)
    write(tmp_path, {"a.py": "import os\n\n\n" + BAD})
    moved = scan(tmp_path, "--no-cache", "a.py").json()
    assert moved["findings"][0]["line"] == first["findings"][0]["line"] + 3
    assert moved["findings"][0]["fingerprint"] == first["findings"][0]["fingerprint"]
    # ... but it changes with the model, the rule or the call site
    write(tmp_path, {"a.py": BAD.replace("flsh", "flsj")})
    assert (
        scan(tmp_path, "--no-cache", "a.py").json()["findings"][0]["fingerprint"] != first["findings"][0]["fingerprint"]
    )
    write(tmp_path, {"a.py": BAD.replace("models.generate_content", "models.embed_content")})
    assert (
        scan(tmp_path, "--no-cache", "a.py").json()["findings"][0]["fingerprint"] != first["findings"][0]["fingerprint"]
    )
    write(tmp_path, {"b.py": BAD})
    other = scan(tmp_path, "--no-cache", "b.py").json()["findings"][0]["fingerprint"]
    assert other != first["findings"][0]["fingerprint"]


def test_json_fields(tmp_path):
    write(tmp_path, {"pyproject.toml": CONFIG, "sub/a.py": BAD, "sub/b.py": "x = 1\n"})
    data = scan(tmp_path, "--no-cache", "sub").json()
    assert data["files_scanned"] == 2 and data["errors"] == []
    (f,) = data["findings"]
    assert f["path"] == "sub/a.py" and (f["line"], f["column"]) == (1, 39)
    assert (f["code"], f["name"], f["severity"]) == ("GL001", "unknown-model", "error")
    assert (f["call_site"], f["method"]) == ("models.generate_content", "generateContent")
    assert f["related"] == [{"path": "sub/a.py", "line": 1, "column": 1}]
    assert f["fix"] == {"replacement": "gemini-3.8-flash"}


@pytest.mark.parametrize(
    "name, count",
    [
        ("gemini-3.8-flsh", 3),  # many near neighbours: exactly three
        ("gemini-3.8-flash-image-previeww", None),
        ("totally-unrelated-name-xyz-gemini", None),
    ],
)
def test_up_to_three_suggestions(tmp_path, name, count):
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": BAD.replace("gemini-3.8-flsh", name)})
    findings = scan(tmp_path, "--no-cache", "a.py").json()["findings"]
    assert len(findings) == 1
    suggestions = findings[0]["suggestions"]
    assert len(suggestions) <= 3
    if count is not None:
        assert len(suggestions) == count
    assert len(set(suggestions)) == len(suggestions) and name not in suggestions
    if suggestions:
        # the message names the best one; the others are in the detail and the suggestions list
        assert findings[0]["message"].endswith("did you mean " + suggestions[0] + "?")
        if len(suggestions) > 1:
            assert findings[0]["detail"].endswith("other close names: " + ", ".join(suggestions[1:]))


def test_suggestions_are_of_the_right_class(tmp_path):
    """A Live call gets Live models as suggestions, an embedding call embedding models."""
    live = 'client.aio.live.connect(model="gemini-3.8-flash-livee", config={})\n'
    embed = 'client.models.embed_content(model="gemini-embeddin-001", contents="x")\n'
    write(tmp_path, {"pyproject.toml": CONFIG, "a.py": live, "b.py": embed})
    by_path = {f["path"]: f["suggestions"] for f in scan(tmp_path, "--no-cache", ".").json()["findings"]}
    assert by_path["a.py"] and all("live" in s or "audio" in s for s in by_path["a.py"]), by_path
    assert by_path["b.py"] and all("embed" in s for s in by_path["b.py"]), by_path


# Written out, not read from gemlint.config: a folder dropped from the code must fail here.
BUILTIN_EXCLUDES = (
    ".git", ".hg", ".svn", ".bzr", "node_modules", ".venv", "venv", "__pycache__", "build", "dist", "site-packages",
    ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".eggs", "__pypackages__", ".gemlint",
    ".gemlint_cache", ".next", ".ipynb_checkpoints",
)  # fmt: skip


def test_builtin_exclude_list_is_documented():
    assert set(DEFAULT_EXCLUDES) == set(BUILTIN_EXCLUDES)


@pytest.mark.parametrize("folder", BUILTIN_EXCLUDES)
def test_builtin_excludes(tmp_path, folder):
    write(tmp_path, {"pyproject.toml": CONFIG, f"{folder}/a.py": BAD, f"src/{folder}/b.py": BAD, "src/c.py": BAD})
    assert {f["path"] for f in scan(tmp_path, "--no-cache").json()["findings"]} == {"src/c.py"}
    # a folder named like an excluded one but longer is scanned
    write(tmp_path, {f"{folder}x/d.py": BAD})
    assert f"{folder}x/d.py" in {f["path"] for f in scan(tmp_path, "--no-cache").json()["findings"]}
