"""The published pre-commit hook, as a user meets it: a ``.pre-commit-config.yaml`` naming this repository at
a revision, ``pre-commit install``, and ``git commit`` refused until the model name is fixed.

The hook under test is exactly the code on disk, committed or not: the test commits a snapshot of the working
tree (tracked files plus untracked, non-ignored ones, as ``git ls-files`` lists them) into a temporary
repository, and the config pins that repository at the snapshot's commit. Virtual environments, caches and
build output in the checkout (``.venv``, ``mutants``, ...) are never copied into it.

pre-commit clones it and installs the hook (``language: python``) into a fresh virtualenv with pip, offline:
gemlint's dependencies are the ones the tests run with, on the hook environment's ``PYTHONPATH``, and no
package index is asked (see ``_env``). ``PRE_COMMIT_HOME`` is a module-scoped temporary folder, so nothing is
written to the user's cache and the environment is installed once for every commit.
Deselect locally with ``-m "not precommit"``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from tests.checkout import copy_working_tree, offline_pip_env

# One xdist worker runs them all, one after the other (pyproject: --dist loadgroup): one hook environment,
# installed once, and no worker waiting on another's install.
pytestmark = [pytest.mark.precommit, pytest.mark.xdist_group("precommit")]

TIMEOUT = 600

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
        **offline_pip_env(),  # see tests/checkout.py
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
    """One PRE_COMMIT_HOME for the whole module (one xdist worker runs it all: the xdist_group above)."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, pre_commit_home) -> Path:
    """A one-commit repository holding the working tree of this checkout."""
    env = _env(pre_commit_home)
    snapshot = copy_working_tree(tmp_path_factory.mktemp("gemlint-snapshot"))
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _init_repo(snapshot, env)
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot of the working tree")
    # the release tag the README's snippet names (v + pyproject's version), as the release will carry it
    _git(snapshot, env, "tag", readme_hook()["rev"])
    return snapshot


def readme_hook() -> Dict[str, str]:
    """The README's pre-commit snippet: its repository URL and ``rev``, which must be ``v`` + the version."""
    import re

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# \.pre-commit-config\.yaml\n(.*?)```", readme, re.S)
    assert block, "README.md has no .pre-commit-config.yaml snippet"
    repo = re.search(r"- repo: (\S+)", block.group(1)).group(1)
    rev = re.search(r"rev: (\S+)", block.group(1)).group(1)
    version = re.search(r'^version = "([^"]+)"', (root / "pyproject.toml").read_text(), re.M).group(1)
    assert rev == f"v{version}", f"the README pins {rev}, pyproject says {version}"
    return {"repo": repo, "rev": rev, "snippet": block.group(1)}


def _hooked_project(tmp_path: Path, hook_repo: Path, env: Dict[str, str]) -> Path:
    """A new repository whose ``.pre-commit-config.yaml`` runs the hook at the snapshot's tag."""
    project = tmp_path / "project"
    _init_repo(project, env)
    rev = readme_hook()["rev"]  # the tag (on the snapshot): one hook environment for every test
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: gemlint\n",
        encoding="utf-8",
    )
    return project


def _run_all(project: Path, env: Dict[str, str]) -> subprocess.CompletedProcess:
    """``pre-commit run gemlint --all-files`` in ``project``."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "gemlint", "--all-files"],
        cwd=str(project),
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _commit(project: Path, env: Dict[str, str], message: str) -> subprocess.CompletedProcess:
    """``git commit`` in ``project``: the pre-commit hook ``pre-commit install`` put in .git/hooks runs first."""
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "commit", "-m", message],
        cwd=str(project),
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_commit_fails_on_a_bad_model_then_passes_once_fixed(hook_repo, pre_commit_home, tmp_path):
    pytest.importorskip("pre_commit")
    env = _env(pre_commit_home)
    project = tmp_path / "project"
    _init_repo(project, env)
    # What a user writes: the README's snippet as it stands, its repository pointed at the temporary clone
    # (which carries the release tag the snippet names).
    hook = readme_hook()
    (project / ".pre-commit-config.yaml").write_text(
        hook["snippet"].replace(hook["repo"], hook_repo.as_uri()), encoding="utf-8"
    )
    (project / "README.md").write_text("demo\n", encoding="utf-8")
    # --force-exclude: files under an excluded folder are skipped even when pre-commit passes them in
    (project / "pyproject.toml").write_text('[tool.gemlint]\nexclude = ["generated/"]\n', encoding="utf-8")
    _git(project, env, "add", "-A")
    _git(project, env, "commit", "-q", "-m", "initial")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=str(project),
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (project / "app.py").write_text(BAD, encoding="utf-8")
    (project / "generated").mkdir()
    (project / "generated" / "client.py").write_text(BAD, encoding="utf-8")
    (project / "notes.txt").write_text("gemini-3.8-flsh in prose\n", encoding="utf-8")  # not a type the hook takes
    _git(project, env, "add", "app.py", "generated/client.py", "notes.txt")

    failed = _commit(project, env, "use a model")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "app.py:4:" in output and "GL001" in output and "gemini-3.8-flsh" in output
    assert "Failed" in output
    assert "generated/client.py" not in output and "notes.txt" not in output
    assert _git(project, env, "rev-list", "--count", "HEAD").strip() == "1"  # the commit was refused

    (project / "app.py").write_text(GOOD, encoding="utf-8")
    _git(project, env, "add", "app.py")
    passed = _commit(project, env, "use a model that exists")
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "Passed" in output and "gemini-3.8-flsh" not in output
    assert _git(project, env, "rev-list", "--count", "HEAD").strip() == "2"


@pytest.mark.parametrize("args", [None, "[--no-cache, --select, GL001]"], ids=["no-args", "user-args"])
def test_committed_files_named_like_options_stay_files(hook_repo, pre_commit_home, tmp_path, args):
    """Issue 24: a pull request's files named ``--select=GL9.py``, ``--extend-exclude=*.py`` or
    ``--output-file=hijack.py`` are scanned as files (not read as options), whatever ``args`` the user adds."""
    pytest.importorskip("pre_commit")
    env = _env(pre_commit_home)
    project = tmp_path / "project"
    _init_repo(project, env)
    rev = readme_hook()["rev"]  # the tag (on the snapshot): one hook environment for every test
    hook = "      - id: gemlint\n" + (f"        args: {args}\n" if args else "")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_uri()}\n    rev: {rev}\n    hooks:\n{hook}", encoding="utf-8"
    )
    (project / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    names = ["--select=GL9.py", "--extend-exclude=*.py", "--output-file=hijack.py"]
    for name in names:
        (project / name).write_text(BAD, encoding="utf-8")
    _git(project, env, "add", "-A")
    _git(project, env, "commit", "-q", "--no-verify", "-m", "files named like options")
    before = (project / "--output-file=hijack.py").read_bytes()
    run = _run_all(project, env)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output  # the findings fail the hook: not "All clear"
    for name in names:
        assert f"{name}:4:" in output, output
    assert (project / "--output-file=hijack.py").read_bytes() == before  # not overwritten with a report
    assert not (project / "hijack.py").exists()


TS_BAD = "await ai.models.generateContent({ model: 'gemini-3.8-flsh', contents: 'x' });\n"


def test_the_hook_takes_every_suffix_gemlint_reads(hook_repo, pre_commit_home, tmp_path):
    """``.mts``/``.cts`` (no type in pre-commit's ``identify``), ``.vue``/``.svelte`` components and ``.html`` pages
    reach the hook like ``.py``; a suffix gemlint does not read (``.txt``) does not, and every suffix of
    ``discover.LANGUAGES`` matches the hook's ``files``."""
    pytest.importorskip("pre_commit")
    import re

    from gemlint.discover import LANGUAGES

    hooks = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    files = re.search(r"^  files: (\S+)$", hooks, re.M).group(1)
    assert all(re.search(files, "a" + suffix) for suffix in LANGUAGES), files
    env = _env(pre_commit_home)
    project = _hooked_project(tmp_path, hook_repo, env)
    sources = {
        "esm.mts": TS_BAD,
        "common.cts": TS_BAD,
        "App.vue": f'<template><p /></template>\n<script setup lang="ts">\n{TS_BAD}</script>\n',
        "App.svelte": f"<script>\n{TS_BAD}</script>\n",
        "index.html": f"<p>hi</p>\n<script type=\"module\">\n{TS_BAD}</script>\n",
        "notes.txt": TS_BAD,
    }
    for name, text in sources.items():
        (project / name).write_text(text, encoding="utf-8")
    _git(project, env, "add", "-A")
    _git(project, env, "commit", "-q", "--no-verify", "-m", "every suffix")
    run = _run_all(project, env)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    for name, line in [("esm.mts", 1), ("common.cts", 1), ("App.vue", 3), ("App.svelte", 2), ("index.html", 3)]:
        assert f"{name}:{line}:" in output and "GL001" in output, output
    assert "notes.txt" not in output


EMBED = (
    "from google import genai\n\nclient = genai.Client()\n"
    'client.models.embed_content(model="text-embedding-005", contents="x")\n'
)


@pytest.mark.parametrize("declared", [True, False], ids=["vertex-in-.env", "nothing-declared"])
def test_the_hook_reads_the_platform_the_project_declares(hook_repo, pre_commit_home, tmp_path, declared):
    # text-embedding-005 exists on Vertex AI only: the commit passes when the project's .env says Vertex AI,
    # and fails (GL001 on the Gemini API) when nothing is declared; pre-commit passes only app.py to the hook.
    pytest.importorskip("pre_commit")
    env = _env(pre_commit_home)
    project = _hooked_project(tmp_path, hook_repo, env)
    (project / ".env").write_text("GOOGLE_GENAI_USE_VERTEXAI=true\n" if declared else "PORT=8080\n", encoding="utf-8")
    _git(project, env, "add", "-A")
    _git(project, env, "commit", "-q", "-m", "initial")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=str(project),
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (project / "service").mkdir()
    (project / "service" / "app.py").write_text(EMBED, encoding="utf-8")
    _git(project, env, "add", "service/app.py")
    result = _commit(project, env, "embed")
    output = result.stdout + result.stderr
    if declared:
        assert result.returncode == 0 and "Passed" in output, output
    else:
        assert result.returncode == 1 and "GL001" in output and "text-embedding-005" in output, output
