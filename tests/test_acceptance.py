"""The acceptance corpus in ``../shared/corpus``, scored by its own ``check.py``.

``check.py`` runs ``gemlint`` from PATH; here PATH starts with a shim that runs this checkout's gemlint
(``sys.executable -m gemlint`` with the repository first on ``PYTHONPATH``), never whatever else is
installed, and the date is pinned so GL003/GL004 do not move with the calendar. Skipped, with the reason,
where ``../shared`` is not beside the checkout.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import List

from tests.helpers import CORPUS, REPO, TODAY, acceptance


def check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    shim = shim_dir / "gemlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gemlint "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEMLINT_")}
    env.update(
        PATH=f"{shim_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        GEMLINT_TODAY=TODAY.isoformat(),
        NO_COLOR="1",
    )
    return subprocess.run(
        [sys.executable, str(CORPUS / "check.py"), *args],
        cwd=str(CORPUS),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def score_line(stdout: str) -> List[str]:
    return [line for line in stdout.splitlines() if line.startswith("corpus: ")]


@acceptance("scoring the acceptance corpus")
def test_corpus_app_every_expected_finding_and_nothing_else(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert score_line(result.stdout) == [
        "corpus: recall 22/22, false positives 0, suggestion misses 0, mentions 1/1"
    ], result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


@acceptance("scoring the Python part of the acceptance corpus")
def test_corpus_app_backend(tmp_path: Path) -> None:
    result = check(tmp_path, "--only", "backend/")
    assert "corpus: recall 14/14, false positives 0" in result.stdout, result.stdout + result.stderr
