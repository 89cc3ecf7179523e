"""The project index is kept per project root (issue 28): a hook's scan of a file in a sub-project (its own
``pyproject.toml``) and a scan of the whole checkout no longer overwrite each other's index, and the first
scan of the sub-project takes its part of the checkout's index instead of reading every cached file again."""

from __future__ import annotations

import pytest

from gemlint import cache as cache_module
from gemlint.cache import CACHE_DIRNAME
from tests.inproc import findings, scan, write

FILES = {
    "pyproject.toml": "[project]\nname = 'top'\n",
    "top.py": 'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n',
    "svc/pyproject.toml": "[project]\nname = 'svc'\n",
    "svc/config.py": 'MODEL = "gemini-3.8-flsh"\n',
    "svc/app.py": (
        "from google import genai\nfrom config import MODEL\nclient = genai.Client()\n"
        'client.models.generate_content(model=MODEL, contents="x")\n'
    ),
    **{f"svc/pkg/m{i:02d}.py": 'X = "gemini-3.8-flash"\n' for i in range(20)},  # above the cache's threshold
}


@pytest.fixture
def cache_loads(monkeypatch):
    """How many times a scan loaded the whole per-file cache."""
    count = [0]
    real = cache_module.Cache.load

    def counted(self):
        count[0] += 1
        return real(self)

    monkeypatch.setattr(cache_module.Cache, "load", counted)
    return count


def index_files(root):
    return sorted(p.name for p in (root / CACHE_DIRNAME).rglob("project-index/*.json"))


def test_a_sub_project_scan_keeps_its_own_index_beside_the_checkouts(tmp_path, cache_loads):
    root = write(tmp_path / "repo", FILES)
    want = findings(scan(root, "--no-cache", "svc/app.py"))
    assert any(f[5] == "gemini-3.8-flsh" for f in want)

    scan(root, ".")  # the whole checkout: its index
    assert len(index_files(root)) == 1
    cache_loads[0] = 0
    assert findings(scan(root, "svc/app.py")) == want
    assert cache_loads[0] == 0, "the first sub-project scan read every cached file instead of the index"
    assert len(index_files(root)) == 2

    scan(root, ".")  # a whole scan again leaves the sub-project's index alone
    cache_loads[0] = 0
    assert findings(scan(root, "svc/app.py")) == want
    assert cache_loads[0] == 0
    assert len(index_files(root)) == 2


def test_without_an_index_above_the_sub_project_is_read_in_full(tmp_path, cache_loads):
    root = write(tmp_path / "repo", FILES)
    want = findings(scan(root, "--no-cache", "svc/app.py"))
    assert findings(scan(root, "svc/app.py")) == want
    assert len(index_files(root)) == 1
