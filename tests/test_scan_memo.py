"""The scan memo (gemlint/scan_memo.py): a re-scan of an unchanged project is answered from it, and any change
that could move a finding makes a full scan whose report equals a ``--no-cache`` one (issue 28).

Each scenario scans a project whose files are older than the memo (git's racy rule), changes one thing, and
scans again. ``extract_sources`` is counted (wrapping the real function) to tell a memo answer from a scan.
"""

from __future__ import annotations

import os
import pathlib
import time

import pytest

from gemlint import api
from gemlint.cache import CACHE_DIRNAME
from tests.inproc import findings, scan, write

MAIN = (
    "from google import genai\n"
    "from cfg.models import MODEL\n"
    "client = genai.Client()\n"
    'client.models.generate_content(model=MODEL, contents="x")\n'
    'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n'
)
BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'


@pytest.fixture
def calls(monkeypatch):
    """How many times a scan extracted its files (0: the memo answered)."""
    count = [0]
    real = api.extract_sources

    def counted(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "extract_sources", counted)
    return count


def backdate(root: pathlib.Path, seconds: int = 60) -> None:
    """Every file and folder under ``root`` (and ``root``) older than the memo's racy window."""
    when = time.time() - seconds  # clock-ok: file times, not the date under test
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            os.utime(os.path.join(folder, name), (when, when), follow_symlinks=False)
    os.utime(root, (when, when))


def project(tmp_path: pathlib.Path) -> pathlib.Path:
    root = write(
        tmp_path / "proj",
        {
            "pyproject.toml": '[tool.gemlint]\nmax-inventory-age = 0\nextend-exclude = ["cfg/", ".env"]\n',
            "main.py": MAIN,
            "app/bad.py": BAD,
            # cfg/__init__.py does not exist yet: OTHER resolves to nothing until it does
            "app/other.py": "from cfg import OTHER\nclient.models.generate_content(model=OTHER, contents='x')\n",
            "cfg/models.py": 'MODEL = "gemini-3.8-flsh"\n',  # excluded: read by linking only
            ".env": "GOOGLE_GENAI_USE_VERTEXAI=false\n",  # excluded: read as a declaration above the scan
        },
    )
    scan(root, ".")  # creates the cache folder, which changes the project folder's mtime
    backdate(root)
    return root


def memo_scan(root: pathlib.Path, *args: str, env=None):
    return scan(root, *args, ".", env=env)


def fresh(root: pathlib.Path, *args: str, env=None):
    return scan(root, "--no-cache", *args, ".", env=env)


def test_unchanged_project_is_answered_by_the_memo(tmp_path, calls):
    root = project(tmp_path)
    calls[0] = 0
    first = memo_scan(root)
    assert calls[0] == 1 and len(findings(first)) == 2
    again = memo_scan(root)
    assert calls[0] == 1, "the second scan extracted its files"
    assert again.out == first.out and again.err == first.err and again.code == first.code
    assert list((root / CACHE_DIRNAME).rglob("scan-memo/*.json"))


def _edit(root: pathlib.Path) -> None:
    (root / "app/bad.py").write_text(BAD.replace("flsh", "flash") + "\n", encoding="utf-8")


def _add(root: pathlib.Path) -> None:
    (root / "app/new.py").write_text(BAD.replace("flsh", "flush"), encoding="utf-8")


def _remove(root: pathlib.Path) -> None:
    (root / "app/bad.py").unlink()


def _settings(root: pathlib.Path) -> None:
    path = root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + 'ignore = ["GL001"]\n', encoding="utf-8")


def _linked(root: pathlib.Path) -> None:  # an excluded module that linking reads
    (root / "cfg/models.py").write_text('MODEL = "gemini-3.8-flash"\n', encoding="utf-8")


def _probed(root: pathlib.Path) -> None:  # a module appears, in a folder no scan lists, where linking found none
    (root / "cfg/__init__.py").write_text('OTHER = "gemini-3.8-flush"\n', encoding="utf-8")


def _declared(root: pathlib.Path) -> None:  # the platform declared in a file no scan reads as a source
    (root / ".env").write_text("GOOGLE_GENAI_USE_VERTEXAI=true\n", encoding="utf-8")


@pytest.mark.parametrize("change", [_edit, _add, _remove, _settings, _linked, _probed, _declared])
def test_a_change_is_a_full_scan_equal_to_an_uncached_one(tmp_path, calls, change):
    root = project(tmp_path)
    memo_scan(root)
    calls[0] = 0
    before = memo_scan(root)
    assert calls[0] == 0, "no memo to begin with"
    time.sleep(0.01)  # a new mtime step on any file system the suite runs on
    change(root)
    after = memo_scan(root)
    assert calls[0] == 1, "the memo answered for a changed project"
    assert findings(after) == findings(fresh(root))
    assert findings(after) != findings(before)


def test_the_date_and_the_options_are_part_of_the_key(tmp_path, calls):
    root = project(tmp_path)
    memo_scan(root)
    memo_scan(root)
    assert calls[0] == 2  # the fixture's scan and the one that wrote the memo
    memo_scan(root, env={"GEMLINT_TODAY": "2027-03-01"})
    assert calls[0] == 3
    memo_scan(root, "--select", "GL001", env={"GEMLINT_TODAY": "2027-03-01"})
    assert calls[0] == 4
    memo_scan(root)
    assert calls[0] == 5  # one memo per settings key: the last scan's


def test_a_tampered_memo_is_not_believed(tmp_path, calls):
    root = project(tmp_path)
    first = memo_scan(root)
    (memo,) = (root / CACHE_DIRNAME).rglob("scan-memo/*.json")
    data = memo.read_bytes()
    assert data.count(b"gemini-3.8-flsh") and memo_scan(root).out == first.out
    calls[0] = 0
    memo.write_bytes(data.replace(b"gemini-3.8-flsh", b"gemini-3.8-flxh"))
    again = memo_scan(root)
    assert calls[0] == 1 and again.out == first.out


def test_a_memo_no_newer_than_what_it_saw_is_not_believed(tmp_path, calls):
    """git's racy rule: a change in the same step of the file system's clock as the scan could be unseen."""
    root = project(tmp_path)
    memo_scan(root)
    (memo,) = (root / CACHE_DIRNAME).rglob("scan-memo/*.json")
    calls[0] = 0
    memo_scan(root)
    assert calls[0] == 0
    seen = (root / "main.py").stat().st_mtime_ns
    os.utime(memo, ns=(seen, seen))
    memo_scan(root)
    assert calls[0] == 1


def test_folders_created_beside_the_files_keep_the_memo(tmp_path, calls):
    """A cache, ``__pycache__`` or ``.pytest_cache`` folder moves its folder's mtime but changes nothing scanned."""
    root = project(tmp_path)
    memo_scan(root)
    for made in (root / "__pycache__", root / "app" / "__pycache__", root / ".pytest_cache"):
        made.mkdir()
        (made / "x.pyc").write_bytes(b"")
    calls[0] = 0
    memo_scan(root)
    assert calls[0] == 0
    (root / "app" / "notes.py").write_text("x = 1\n", encoding="utf-8")  # a file discovery keeps: a new scan
    memo_scan(root)
    assert calls[0] == 1


def test_no_cache_neither_reads_nor_writes_a_memo(tmp_path, calls):
    root = write(tmp_path / "plain", {"main.py": MAIN})
    backdate(root)
    fresh(root)
    fresh(root)
    assert calls[0] == 2
    assert not (root / CACHE_DIRNAME).exists()


def test_a_new_declaration_file_no_scan_lists_is_a_full_scan(tmp_path, calls):
    """``.env`` excluded from the scan is still read for the platform: a new one must be seen."""
    root = project(tmp_path)
    (root / ".env").unlink()
    backdate(root)
    before = memo_scan(root)
    calls[0] = 0
    assert memo_scan(root).out == before.out and calls[0] == 0
    time.sleep(0.01)
    (root / ".env").write_text("GOOGLE_GENAI_USE_VERTEXAI=true\n", encoding="utf-8")
    after = memo_scan(root)
    assert calls[0] == 1
    assert findings(after) == findings(fresh(root)) != findings(before)


def test_a_symlink_retargeted_into_the_project_is_a_full_scan(tmp_path, calls):
    """Discovery follows a symlink only into the scanned folders: where it leads is part of its folder's entries."""
    root = project(tmp_path)
    outside = write(tmp_path / "outside", {"x.py": BAD.replace("flsh", "flish")})
    (root / "linked").symlink_to(outside, target_is_directory=True)
    backdate(root)
    memo_scan(root)
    calls[0] = 0
    before = memo_scan(root)
    assert calls[0] == 0 and "linked/x.py" not in before.out  # not followed: it leads out of the project
    time.sleep(0.01)
    (root / "linked").unlink()
    (root / "linked").symlink_to(root / "cfg", target_is_directory=True)  # cfg is excluded, linked/ is not
    after = memo_scan(root)
    assert calls[0] == 1
    assert findings(after) == findings(fresh(root)) != findings(before)
