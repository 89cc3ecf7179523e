"""This checkout as an installer sees it: a copy of its files, and pip settings that install it offline.

Shared by the tests that install gemlint for real (``test_precommit.py``: pre-commit's hook environment;
``test_action.py``: the GitHub Action's install step).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Dict

import pytest

REPO = Path(__file__).resolve().parents[1]
# never copied, at any depth (besides what .gitignore already keeps out)
SKIPPED = {".venv", "venv", "env", ".tox", ".nox", "mutants", "build", "dist", "__pycache__", ".gemlint_cache"}


def copy_working_tree(dest: Path) -> Path:
    """Copy the files ``git ls-files`` lists (tracked, and untracked but not ignored) into ``dest``.

    Exactly the code on disk, committed or not; virtual environments, caches and build output never.
    Skips the test where git is missing or this is not a git checkout.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=str(REPO),
        env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},  # not a calling hook's repository
        capture_output=True,
        timeout=120,
    )
    if listing.returncode != 0:
        pytest.skip(f"{REPO} is not a git checkout: {listing.stderr.decode(errors='replace').strip()}")
    for name in filter(None, listing.stdout.decode("utf-8", "surrogateescape").split("\0")):
        src = REPO / name
        if SKIPPED.intersection(Path(name).parts):
            continue
        if src.is_file():  # deleted but not yet committed files are listed too
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    assert (dest / "pyproject.toml").is_file()
    assert not any(SKIPPED.intersection(p.relative_to(dest).parts) for p in dest.rglob("*"))
    return dest


def _seed_wheels() -> str:
    """The folder of wheels virtualenv seeds new environments with (pip, setuptools)."""
    spec = importlib.util.find_spec("virtualenv")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("virtualenv (pre-commit's dependency) is not installed")
    embed = Path(list(spec.submodule_search_locations)[0]) / "seed" / "wheels" / "embed"
    assert any(embed.glob("setuptools-*.whl")), f"no setuptools wheel in {embed}"
    return str(embed)


def offline_pip_env() -> Dict[str, str]:
    """Environment for a ``pip install`` of this checkout into a fresh virtualenv, with no package index.

    gemlint's dependencies are the ones this interpreter runs the tests with (same Python, same wheels), put
    on the new environment's path, so pip sees them satisfied; the isolated build of gemlint gets setuptools
    from the wheels virtualenv seeds environments with.
    """
    return {
        "PYTHONPATH": os.pathsep.join(dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": _seed_wheels(),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
