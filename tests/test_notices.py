"""Quiet by default: skipped files get one line per kind; ``--verbose`` names each, ``--quiet`` prints findings only.

Every test runs the real CLI (``python -m gemlint scan``) on a small project in ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from tests.helpers import run_cli

BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
BUNDLES = ["static/a.min.js", "static/b.js", "static/vendor/c.js"]
BROKEN = "gemlint: error: broken.py: syntax error at line 2:10: invalid syntax"
BUNDLE = "minified or generated bundle; skipped (scan it with --include-minified)"
STALE = "Note: the bundled inventory is from 2026-10-24"  # the footer: on stdout, once, under the summary


def bundle_text(i: int) -> str:
    """One 6,000-character line: a minified bundle (it holds a model name gemlint must not report)."""
    return f'var m{i}="gemini-3.8-flsh";' + "".join(f"var s{k}={k};" for k in range(600)) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "broken.py").write_text('M = "gemini-3.8-flash"\ndef half(:\n', encoding="utf-8")
    for i, name in enumerate(BUNDLES):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(bundle_text(i), encoding="utf-8")
    (tmp_path / "only.bin.ts").write_bytes(b"const m = 'gemini-3.8-flsh';\x00\x00\n")
    return tmp_path


def stderr_lines(args: List[str], cwd: Path, today: str = "2027-06-01") -> List[str]:
    """stderr of a scan on a day the bundled inventory is stale (its age warning is expected once)."""
    result = run_cli(["scan", "--no-cache", *args, "."], cwd=cwd, env={"GEMLINT_TODAY": today})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_one_line_per_kind_of_notice_by_default(repo: Path) -> None:
    lines = stderr_lines([], repo)
    assert "gemlint: warning: 3 minified or generated bundles skipped (list them with --verbose)" in lines
    assert not any(name in line for line in lines for name in BUNDLES)
    # the only file of its kind keeps its own line, and a file that does not parse always has one
    assert "gemlint: warning: only.bin.ts: binary file (NUL bytes); skipped" in lines
    assert [line for line in lines if "broken.py" in line] == [BROKEN]
    assert not any(STALE in line for line in lines)
    assert len(lines) == 3, lines


def test_verbose_lists_every_skipped_file(repo: Path) -> None:
    for flag in ("--verbose", "-v"):
        lines = stderr_lines([flag], repo)
        for name in BUNDLES:
            [line] = [ln for ln in lines if name in ln]
            assert (
                line
                == f"gemlint: warning: {name}: minified or generated bundle; skipped (scan it with --include-minified)"
            )
        assert not any("list them with --verbose" in line for line in lines)
        assert not any(STALE in line for line in lines)
        assert "gemlint: warning: only.bin.ts: binary file (NUL bytes); skipped" in lines and BROKEN in lines
        assert len(lines) == len(BUNDLES) + 2, lines


def test_quiet_prints_findings_only(repo: Path) -> None:
    loud = run_cli(["scan", "--no-cache", "."], cwd=repo, env={"GEMLINT_TODAY": "2027-06-01"})
    for flag in ("--quiet", "-q"):
        quiet = run_cli(["scan", "--no-cache", flag, "."], cwd=repo, env={"GEMLINT_TODAY": "2027-06-01"})
        assert quiet.returncode == loud.returncode == 1
        assert quiet.stdout.splitlines() == [ln for ln in loud.stdout.splitlines() if ln.startswith("app.py:1:")]
        assert quiet.stdout.startswith("app.py:1:39: GL001 [*] 'gemini-3.8-flsh' ")
        assert STALE in loud.stdout and STALE not in quiet.stdout
        # only what makes the run fail besides findings: the file that does not parse
        assert quiet.stderr.splitlines() == [BROKEN]


def test_inventory_age_warning_once_per_run_with_many_files(tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"m{i}.py").write_text(BAD, encoding="utf-8")
    result = run_cli(["scan", "--no-cache", "."], cwd=tmp_path, env={"GEMLINT_TODAY": "2027-06-01"})
    assert result.stdout.count(STALE) == 1, result.stdout
    assert result.stderr == "", result.stderr
