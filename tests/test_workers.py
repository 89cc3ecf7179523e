"""Worker processes: an internal error while scanning one file is reported for that file and the scan goes on.

The error is raised inside a real worker: the scan runs in this process (the real ``gemlint`` group) with
``--jobs 2`` over more files than ``runner.PARALLEL_THRESHOLD``, so the runner forks; the extractor is patched
in this process before the fork, so the workers inherit the patch. The processes share one queue of files
(``gemlint.parallel``): the main process holds back until the worker has met the faulty file.
"""

from __future__ import annotations

import os
import time

import pytest

import gemlint.extract.python.extractor as python_extractor
from gemlint import runner
from tests.inproc import findings, invoke, scan, write

BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
COUNT = runner.PARALLEL_THRESHOLD + 12
VICTIM = "pkg/m013.py"  # the worker meets it (the test checks the pid it failed in)


@pytest.fixture
def project(tmp_path):
    files = {f"pkg/m{i:03d}.py": BAD for i in range(COUNT)}
    files["pyproject.toml"] = "[tool.gemlint]\nmax-inventory-age = 0\n"
    return write(tmp_path / "p", files)


@pytest.fixture
def faulty(monkeypatch, tmp_path):
    """Make the Python extractor raise for VICTIM only, naming the process it ran in.

    The main process reads nothing until a worker has raised for VICTIM (the worker takes every file meanwhile,
    VICTIM among them: it is not the first in the queue, which the main process may hold); with no worker, it
    gives up after 30 s and the tests fail on the pid."""
    real = python_extractor.extract_python_facts  # what a scan calls for a .py file
    main = os.getpid()
    met = tmp_path / "victim-met"

    def extract(chunks, path, known, *args, **kwargs):
        if os.getpid() == main:
            deadline = time.monotonic() + 30
            while not met.exists() and time.monotonic() < deadline:
                time.sleep(0.005)
        if path == VICTIM:
            met.touch()
            raise RuntimeError(f"boom in process {os.getpid()}")
        return real(chunks, path, known, *args, **kwargs)

    monkeypatch.setattr(python_extractor, "extract_python_facts", extract)


@pytest.mark.parametrize("cache", [["--no-cache"], []], ids=["no-cache", "cache"])
def test_internal_error_in_a_worker_is_reported_and_the_scan_goes_on(project, faulty, cache):
    out = invoke(["scan", "--format", "json", "-j", "2", *cache, "."], project)
    assert out.code == 2  # an internal error
    data = out.json()
    assert data["files_scanned"] == COUNT
    assert {f["path"] for f in data["findings"]} == {f"pkg/m{i:03d}.py" for i in range(COUNT)} - {VICTIM}
    (error,) = data["errors"]
    assert (
        error["path"] == VICTIM and "internal error while scanning: RuntimeError: boom in process" in error["message"]
    )
    pid = int(error["message"].rsplit(" ", 1)[1])
    assert pid != os.getpid(), "the error was raised in a worker process"
    assert f"{VICTIM}: internal error while scanning" in out.err
    assert "gemlint: run with --debug to see the tracebacks" in out.err and "Traceback" not in out.err


def test_debug_shows_the_workers_traceback(project, faulty):
    out = invoke(["scan", "--no-cache", "-j", "2", "--debug", "."], project)
    assert out.code == 2
    assert "Traceback (most recent call last)" in out.err and "RuntimeError: boom in process" in out.err
    assert "run with --debug" not in out.err


def test_a_failed_file_is_not_cached(project, faulty, monkeypatch):
    cache_dir = project.parent / "cache"
    assert invoke(["scan", "-j", "2", "--cache-dir", str(cache_dir), "."], project).code == 2
    monkeypatch.undo()  # the bug is fixed: the next cached scan must read the file again
    healed = scan(project, "--cache-dir", str(cache_dir), "-j", "2")
    assert healed.code == 1 and healed.json()["errors"] == []
    assert findings(healed) == findings(scan(project, "--no-cache", "-j", "1"))
    assert VICTIM in {f[0] for f in findings(healed)}
