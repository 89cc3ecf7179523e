"""Run the real ``gemlint`` click group in this process (fast, and visible to mutation testing).

``invoke`` goes through ``gemlint.entry.run``, the function the console script's ``main`` calls, inside click's
``CliRunner`` isolation (its own stdin/stdout/stderr and environment; ``tests.helpers.cli_runner`` keeps stderr
apart on click 8.1 and 8.2), from a given working folder.
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Dict, List, NamedTuple, Optional

from gemlint.entry import run
from tests.helpers import TODAY, cli_runner


class Outcome(NamedTuple):
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


def invoke(args: List[str], cwd: pathlib.Path, env: Optional[Dict[str, Optional[str]]] = None) -> Outcome:
    """``gemlint ARGS`` run in ``cwd``; the date is pinned and colour is off unless ``env`` says otherwise."""
    full_env: Dict[str, Optional[str]] = {"GEMLINT_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
    full_env.update(env or {})
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with cli_runner().isolation(env=full_env) as streams:  # click 8.1 yields (out, err), 8.2 adds mixed
            out, err = streams[0], streams[1]
            code = run(list(args))
            return Outcome(code, out.getvalue().decode(), err.getvalue().decode())
    finally:
        os.chdir(before)


def scan(cwd: pathlib.Path, *args: str, env=None) -> Outcome:
    """``gemlint scan --format json ARGS`` in ``cwd``; asserts a normal exit (0 or 1)."""
    outcome = invoke(["scan", "--format", "json", *args], cwd, env)
    assert outcome.code in (0, 1), outcome
    return outcome


def findings(outcome: Outcome) -> List[tuple]:
    """The findings of a JSON report as comparable tuples."""
    return [
        (f["path"], f.get("cell"), f["line"], f["column"], f["code"], f["model"], f["message"])
        for f in outcome.json()["findings"]
    ]


def write(root: pathlib.Path, files: Dict[str, str]) -> pathlib.Path:
    """Write a small project under ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
