"""Issue 27: what the README shows is what gemlint prints, and the version it names is the version it is."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
VERSION = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)


def _block_after(marker: str) -> list:
    start = README.index(marker)
    body = README[README.index("```\n", start) + 4 :]
    return body[: body.index("```")].splitlines()


def test_the_one_example_per_rule_is_real_output():
    shown = _block_after("One example each")
    assert [re.search(r" (GL\d{3}) ", line).group(1) for line in shown] == [
        "GL001", "GL002", "GL003", "GL004", "GL005", "GL006", "GL900",
    ]  # fmt: skip
    result = run_cli(
        ["scan", "--no-cache", "."], cwd=ROOT / "examples" / "voice_app", env={"GEMLINT_TODAY": "2026-11-20"}
    )
    assert result.returncode == 1
    printed = result.stdout.splitlines()
    for line in shown:
        assert line in printed, line


def test_examples_fit_in_120_columns_for_gl001_to_gl003():
    result = run_cli(["scan", "--no-cache", "examples/"], cwd=ROOT)
    lines = [line for line in result.stdout.splitlines() if re.search(r": GL00[123] ", line)]
    assert len(lines) == 6, result.stdout
    assert all(len(line) <= 120 for line in lines), [line for line in lines if len(line) > 120]


def test_version_tags_match_pyproject_everywhere():
    import gemlint

    assert gemlint.__version__ == VERSION
    assert re.search(
        rf"^## \[{re.escape(VERSION)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", (ROOT / "CHANGELOG.md").read_text(), re.M
    )
    docs = [ROOT / "README.md", ROOT / "SECURITY.md", *sorted((ROOT / "docs").glob("*.md"))]
    for path in docs:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"(?:rev: |gemlint/gemlint@|git\+https://github\.com/gemlint/gemlint@)(v[\w.]+)", text):
            assert tag == f"v{VERSION}", f"{path.name} names {tag}, pyproject.toml says {VERSION}"
        # gemlint is not on the package index yet: no snippet may install it from there
        assert not re.search(r"pip install gemlint(==|\s|$)", text), path.name
        assert "pipx install gemlint" not in text, path.name


def test_the_readme_keeps_exactly_two_setup_commands():
    commands = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert commands[:2] == [
        "pip install . && gemlint scan examples/\n",
        "pip install -e '.[test]' && python -m pytest -q -n auto\n",
    ]
