"""Issue 27: a light install. ``pip install gemlint`` brings what scan, server and rule need; google-genai is
the ``api`` extra, and the commands that need it say so in one line (exit 2).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = "needs google-genai, which `pip install gemlint` leaves out: pip install 'gemlint[api]'"
# Block google.genai the way Python documents it (a None entry in sys.modules), then run the console script.
WITHOUT_GENAI = "import sys; sys.modules['google.genai'] = None; from gemlint.entry import main; main(sys.argv[1:])"


def _without_genai(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_GENAI, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("command", [["models", "refresh"], ["preflight", "."]])
def test_api_commands_without_the_extra_exit_2_naming_it(tmp_path, command):
    (tmp_path / "a.py").write_text('client.models.generate_content(model="gemini-3.8-flash", contents="x")\n')
    result = _without_genai(*command, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    name = "gemlint " + " ".join(command[:2] if command[0] == "models" else command[:1])
    assert result.stderr == f"gemlint: error: `{name}` {MESSAGE}\n"
    assert not (tmp_path / ".gemlint").exists()  # nothing written


def test_scan_works_without_google_genai(tmp_path):
    (tmp_path / "a.py").write_text('client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n')
    result = _without_genai("scan", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 1 and "GL001" in result.stdout, result.stderr


def test_google_genai_is_an_extra_not_a_dependency():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M).group(1)
    assert "google-genai" not in deps
    assert re.search(r'^api = \["google-genai', text, re.M)
    test_extra = re.search(r"^test = \[(.*?)^\]", text, re.S | re.M).group(1)
    assert '"google-genai' in test_extra  # the preflight tests use the real client


@pytest.mark.install
def test_pip_install_into_a_fresh_venv_brings_at_most_12_distributions(tmp_path, monkeypatch):
    """A real ``pip install .`` from the package index into a new virtual environment (network: the index)."""
    # Python 3.9's bundled pip extracts certifi's cacert.pem from its wheel into TMPDIR and never removes it:
    # give pip a temporary folder of this test's own, removed with tmp_path.
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    env_dir = tmp_path / "venv"
    # No pip of its own (ensurepip costs seconds): this interpreter's pip installs into it (--python), and
    # without byte-compiling what it installs (nothing here depends on .pyc files).
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    copy = tmp_path / "src"
    from tests.checkout import copy_working_tree

    copy_working_tree(copy)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python)]
    installed = subprocess.run(
        [*pip, "install", "-q", "--no-compile", str(copy)], capture_output=True, text=True, timeout=900
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    listed = subprocess.run([*pip, "list", "--format=freeze"], capture_output=True, text=True, timeout=120)
    names = {line.split("==")[0].lower() for line in listed.stdout.splitlines()} - {"pip", "setuptools", "wheel"}
    assert len(names) <= 12, sorted(names)
    assert "google-genai" not in names and "gemlint" in names
    gemlint = python.parent / "gemlint"
    refresh = subprocess.run([str(gemlint), "models", "refresh"], cwd=tmp_path, capture_output=True, text=True)
    assert refresh.returncode == 2 and MESSAGE in refresh.stderr, refresh.stderr


# The README's install line (Quick start), and the same requirement wherever the docs repeat it.
GIT_LINE = re.compile(r'^pip install "(gemlint @ git\+(https://\S+?)@(v[0-9][^"\s]*))"$', re.M)


def _readme_git_line() -> re.Match:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = GIT_LINE.search(readme)
    assert match, 'README.md has no `pip install "gemlint @ git+https://…@vX.Y.Z"` line'
    return match


def test_every_git_install_line_in_the_docs_is_the_readmes():
    """What test_pip_install_from_the_readmes_git_url proves for the README's line holds for every copy of it."""
    requirement = _readme_git_line().group(1)
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert requirement.endswith(f"@v{version.group(1)}"), requirement  # the tag the release carries
    copies = 0
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for found in re.findall(r'"(gemlint @ git\+[^"]*)"', text):
            for name in re.findall(r"\$(\w+)", found):  # a variable the same snippet sets (ci-cache.md)
                found = found.replace(f"${name}", re.search(rf'^\s*{name}: "([^"]*)"', text, re.M).group(1))
            assert found == requirement, (doc.name, found)
            copies += 1
    assert copies >= 6  # README: Quick start, GitLab; integrations.md: Actions, GitLab; editors.md; ci-cache.md


@pytest.mark.install
def test_pip_install_from_the_readmes_git_url(tmp_path):
    """The README's ``pip install "gemlint @ git+https://…@v0.3.0"`` as written, its URL swapped for a temporary
    clone of this checkout that carries the tag: pip clones it, checks the tag out, builds and installs it
    into a fresh virtual environment. Offline (no index): ``--no-deps``, the build's setuptools from the wheels
    virtualenv seeds environments with, gemlint's dependencies from this interpreter's site-packages."""
    match = _readme_git_line()
    url, tag = match.group(2), match.group(3)
    from tests.checkout import copy_working_tree, offline_pip_env

    clone = copy_working_tree(tmp_path / "clone")
    git_env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    git_env.update(GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@gemlint.invalid")
    git_env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@gemlint.invalid")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", tag]):
        done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=clone, env=git_env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
    # a commit after the tag: the install must check the tag out, not take the branch's head
    (clone / "gemlint" / "__init__.py").write_text('raise SystemExit("not the tagged release")\n', encoding="utf-8")
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-qam", "after"], cwd=clone, env=git_env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr

    # file://localhost/…: a PEP 508 URL needs a host (pip rejects git+file:///…), and git takes this form
    local_url = f"file://localhost{clone.as_posix()}"
    line = match.group(0).replace(url, local_url, 1)
    assert line == f'pip install "gemlint @ git+{local_url}@{tag}"'
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)  # pip runs from this interpreter, into it (--python)
    python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    offline = offline_pip_env()
    pip_env = dict(git_env, **{k: v for k, v in offline.items() if k != "PYTHONPATH"}, TMPDIR=str(tmp_path))
    command = [sys.executable, "-m", "pip", "--python", str(python), *shlex.split(line)[1:], "-q", "--no-deps"]
    installed = subprocess.run(command, cwd=tmp_path, env=pip_env, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-3000:]

    # gemlint's dependencies: this interpreter's, on a .pth line after the environment's own site-packages (so
    # the installed gemlint comes first, whatever else those folders hold)
    version_dir = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    site = env_dir / ("Lib" if sys.platform == "win32" else f"lib/{version_dir}") / "site-packages"
    (site / "gemlint_test_dependencies.pth").write_text(offline["PYTHONPATH"].replace(os.pathsep, "\n") + "\n")
    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMLINT_", "PYTHONPATH"))}
    run_env.update(NO_COLOR="1")
    gemlint = str(python.parent / "gemlint")
    where = subprocess.run([str(python), "-c", "import gemlint; print(gemlint.__file__)"], cwd=tmp_path,
                           env=run_env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout + where.stderr  # the installed copy
    version = subprocess.run([gemlint, "--version"], env=run_env, capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and tag[1:] in version.stdout, version.stdout + version.stderr
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text('client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n')
    scan = subprocess.run([gemlint, "scan", "--no-cache", "."], cwd=project, env=run_env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert scan.returncode == 1, scan.stdout + scan.stderr
    assert "app.py:1:39: GL001 " in scan.stdout and "did you mean gemini-3.8-flash?" in scan.stdout, scan.stdout
