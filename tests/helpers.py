"""Small helpers shared by the tests: run the real CLI and the in-process API."""

from __future__ import annotations

import datetime as _dt
import json
import os
import pathlib
import subprocess
import sys
from typing import List, Optional, Set, Tuple

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config

REPO = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
PROJECT = FIXTURES / "project"  # a small project full of deliberate mistakes (read-only: copy it to edit it)
SEPT_INVENTORY = FIXTURES / "models-list-2026-09.json"  # the real listing of September 2026
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
TODAY = _dt.date(2026, 11, 25)

# The acceptance spec lives beside the checkout, never inside it: only tests marked `acceptance` read it.
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "reference"


def acceptance(reason: str = "the acceptance corpus"):
    """Mark a test that reads ``../shared`` and skip it, saying why, when ``../shared`` is not there."""

    def mark(test):
        test = pytest.mark.acceptance(test)
        return pytest.mark.skipif(
            not SHARED.is_dir(), reason=f"{reason} needs {SHARED}, which is not beside this checkout"
        )(test)

    return mark


def run_cli(
    args: List[str], cwd=None, env: Optional[dict] = None, timeout: int = 120, subprocess_only: bool = False
) -> subprocess.CompletedProcess:
    """``gemlint ARGS`` through the real click group, as a ``CompletedProcess``.

    In this process by default (``gemlint.entry.run``, what the console script calls, inside click's isolation of
    streams and environment, from ``cwd``): a subprocess costs a Python start-up and gemlint's imports per call,
    which made these tests most of the suite's time. ``subprocess_only=True`` (or ``GEMLINT_TEST_SUBPROCESS=1``
    for the whole suite) runs ``python -m gemlint`` instead, where the process itself is under test (hash seeds,
    imports, exit status of the interpreter).
    """
    full_env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat(), NO_COLOR="1")
    full_env.update(env or {})
    if subprocess_only or os.environ.get("GEMLINT_TEST_SUBPROCESS") == "1":
        return subprocess.run(
            [sys.executable, "-m", "gemlint", *args],
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    from tests.inproc import invoke

    outcome = invoke(list(args), pathlib.Path(cwd or os.getcwd()), full_env)
    return subprocess.CompletedProcess([sys.executable, "-m", "gemlint", *args], outcome.code, outcome.out, outcome.err)


def cli_runner():
    """A click ``CliRunner`` that keeps stderr apart from stdout (click 8.1, the last for Python 3.9, mixes them
    unless told; 8.2 always keeps them apart and dropped the option)."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def scan_json(args: List[str], cwd=None, env: Optional[dict] = None) -> dict:
    result = run_cli(["scan", "--format", "json", "--no-cache", *args], cwd=cwd, env=env)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def scan_source(tmp_path: pathlib.Path, source: str, name: str = "example.py", **config):
    """Scan one snippet in-process with the bundled inventory; returns the RunResult."""
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    cfg = Config(root=str(tmp_path), **config)
    return scan([str(path)], make_scanner(cfg, today=TODAY))


def fresh_run(args: List[str], cwd) -> Tuple[int, str, Set[str]]:
    """``gemlint ARGS`` in a fresh interpreter, from ``cwd``: its exit code, its stdout, every module it imported.

    What a scan imports is a property of the process (start-up cost, google-genai, pygls and click kept off the
    scan path), so these checks cannot run in the test's own process.
    """
    code = (
        "import json, sys\nfrom gemlint.entry import run\n"
        f"code = run({list(args)!r})\n"
        "print('\\n' + json.dumps([code, sorted(sys.modules)]))\n"
    )
    env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat(), NO_COLOR="1")
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out, _, last = result.stdout.rstrip("\n").rpartition("\n")
    exit_code, modules = json.loads(last)
    return exit_code, out, set(modules)
