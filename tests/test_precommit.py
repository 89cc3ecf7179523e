"""The published pre-commit hook, run for real with ``pre-commit try-repo``.

``pre-commit try-repo PATH`` clones PATH at HEAD and, when the checkout has
uncommitted changes, adds only *tracked* modifications and staged files to a
temporary commit: new untracked files (a new ``.pre-commit-hooks.yaml`` or
module) would be missing. So the test first commits a snapshot of the working
tree (tracked files plus untracked, non-ignored ones, as ``git ls-files``
lists them) into a temporary repository and tries that: the hook under test is
exactly the code on disk, committed or not.

try-repo installs the hook (``language: python``) into a fresh virtualenv in
its own temporary store, with pip and the package index as a user's machine
has them (an offline install that reused the running interpreter's
site-packages worked only where the base interpreter held gemlint's
dependencies, not in CI's per-Python venvs). Virtual environments, caches and
build output in the checkout (``.venv``, ``mutants``, ...) are never copied into
the snapshot. ``PRE_COMMIT_HOME`` points at a module-scoped temporary folder so nothing is written to the user's cache.
Deselect locally with ``-m "not precommit"``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

pytestmark = pytest.mark.precommit

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 600
# never copied into the snapshot, at any depth (besides what .gitignore already keeps out)
SKIPPED = {".venv", "venv", "env", ".tox", ".nox", "mutants", "build", "dist", "__pycache__", ".gemlint_cache"}

BAD = (
    "from google import genai\n\nclient = genai.Client()\n"
    'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
)
GOOD = BAD.replace("gemini-3.8-flsh", "gemini-3.8-flash")


def _env(pre_commit_home: Path) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GEMLINT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(pre_commit_home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        GIT_AUTHOR_NAME="gemlint tests",
        GIT_AUTHOR_EMAIL="tests@gemlint.invalid",
        GIT_COMMITTER_NAME="gemlint tests",
        GIT_COMMITTER_EMAIL="tests@gemlint.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        # the hook's virtualenv may reuse what the base interpreter already has; pip fetches the rest
        VIRTUALENV_SYSTEM_SITE_PACKAGES="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def _git(cwd: Path, env: Dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=str(cwd),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _init_repo(path: Path, env: Dict[str, str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, env, "init", "-q")
    _git(path, env, "config", "user.name", "gemlint tests")
    _git(path, env, "config", "user.email", "tests@gemlint.invalid")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """One PRE_COMMIT_HOME for the whole module."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, pre_commit_home) -> Path:
    """A one-commit repository holding the working tree of this checkout."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(pre_commit_home)
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=str(REPO),
        env=env,
        capture_output=True,
        timeout=120,
    )
    if listing.returncode != 0:
        pytest.skip(f"{REPO} is not a git checkout: {listing.stderr.decode(errors='replace').strip()}")
    snapshot = tmp_path_factory.mktemp("gemlint-snapshot")
    for name in filter(None, listing.stdout.decode("utf-8", "surrogateescape").split("\0")):
        src = REPO / name
        if SKIPPED.intersection(Path(name).parts):
            continue
        if src.is_file():  # deleted but not yet committed files are listed too
            dst = snapshot / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    assert not any(SKIPPED.intersection(p.relative_to(snapshot).parts) for p in snapshot.rglob("*"))
    _init_repo(snapshot, env)
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot of the working tree")
    return snapshot


def _try_repo(hook_repo: Path, project: Path, env: Dict[str, str], files: List[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "gemlint", "--files", *files],
        cwd=str(project),
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_hook_fails_on_a_bad_model_then_passes_once_fixed(hook_repo, pre_commit_home, tmp_path):
    pytest.importorskip("pre_commit")
    env = _env(pre_commit_home)
    project = tmp_path / "project"
    _init_repo(project, env)
    (project / "README.md").write_text("demo\n", encoding="utf-8")
    # --force-exclude: files under an excluded folder are skipped even when pre-commit passes them in
    (project / "pyproject.toml").write_text('[tool.gemlint]\nexclude = ["generated/"]\n', encoding="utf-8")
    _git(project, env, "add", "-A")
    _git(project, env, "commit", "-q", "-m", "initial")

    (project / "app.py").write_text(BAD, encoding="utf-8")
    (project / "generated").mkdir()
    (project / "generated" / "client.py").write_text(BAD, encoding="utf-8")
    _git(project, env, "add", "app.py", "generated/client.py")

    failed = _try_repo(hook_repo, project, env, ["app.py"])
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "app.py:4:" in output and "GL001" in output and "gemini-3.8-flsh" in output
    assert "Failed" in output

    (project / "app.py").write_text(GOOD, encoding="utf-8")
    _git(project, env, "add", "app.py")
    passed = _try_repo(hook_repo, project, env, ["app.py", "generated/client.py"])
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "Passed" in output and "gemini-3.8-flsh" not in output
