"""Issue 27: a light install. ``pip install gemlint`` brings what scan, server and rule need; google-genai is
the ``api`` extra, and the commands that need it say so in one line (exit 2).
"""

from __future__ import annotations

import re
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
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    copy = tmp_path / "src"
    from tests.checkout import copy_working_tree

    copy_working_tree(copy)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    installed = subprocess.run([*pip, "install", "-q", str(copy)], capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stderr[-3000:]
    listed = subprocess.run([*pip, "list", "--format=freeze"], capture_output=True, text=True, timeout=120)
    names = {line.split("==")[0].lower() for line in listed.stdout.splitlines()} - {"pip", "setuptools", "wheel"}
    assert len(names) <= 12, sorted(names)
    assert "google-genai" not in names and "gemlint" in names
    gemlint = python.parent / "gemlint"
    refresh = subprocess.run([str(gemlint), "models", "refresh"], cwd=tmp_path, capture_output=True, text=True)
    assert refresh.returncode == 2 and MESSAGE in refresh.stderr, refresh.stderr
