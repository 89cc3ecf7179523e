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


def test_the_gitlab_snippets_scan_lines_run_as_written(tmp_path):
    """The README's and docs/integrations.md's GitLab jobs: every `gemlint scan` line of `script` runs in bash as
    written (gemlint from this checkout) and writes the Code Quality report, errors or not."""
    import os
    import shutil
    import subprocess
    import sys

    import yaml

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    blocks = [README, (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")]
    jobs = []
    for text in blocks:
        for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError:  # a fragment (an `args:` line to add to a hook), not a whole file
                continue
            if isinstance(data, dict) and isinstance(data.get("gemlint"), dict) and "script" in data["gemlint"]:
                jobs.append(data["gemlint"])
    assert len(jobs) == 2
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "gemlint").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gemlint "$@"\n')
    (shim / "gemlint").chmod(0o755)
    env = dict(os.environ, PATH=f"{shim}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(ROOT))
    for job in jobs:
        report = tmp_path / "examples" / job["artifacts"]["reports"]["codequality"]
        for line in job["script"]:
            if line.startswith("pip install"):
                assert "git+https://github.com/gemlint/gemlint@v" in line  # not on PyPI yet
                continue
            done = subprocess.run(
                ["bash", "-c", line], cwd=tmp_path / "examples", env=env, capture_output=True, text=True
            )
            # 1 (errors found) fails the job on purpose where the snippet does not swallow it; never 2
            assert done.returncode in (0, 1) and not done.stderr.startswith("gemlint: error"), (line, done.stderr)
        issues = __import__("json").loads(report.read_text())
        assert issues and all(i["check_name"].startswith("GL") for i in issues if "check_name" in i)
        report.unlink()
