"""Shared-queue extraction (issue 28, ``gemlint/parallel.py``): complete, in input order, and robust to a dying worker.

Real forked workers throughout. The work functions record the process that ran them; where a test needs one
process to act first (a worker to die before the main process reads anything), the main process waits for a
marker file the worker writes, so the outcome does not depend on scheduling.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from gemlint import parallel, runner
from gemlint.discover import SourceFile
from tests.inproc import findings, scan, write

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not sys.platform.startswith("linux"), reason="fork")


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging: a lost worker must never leave the main process waiting."""

    def expired(signum, frame):
        raise AssertionError(f"still waiting after {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def wait_for(marker: Path, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not marker.exists() and time.monotonic() < end:
        time.sleep(0.002)


def sources(count: int):
    """``count`` sources of varied languages and sizes: the costliest-first order is not the input order."""
    langs = ["python", "notebook", "ts", "settings"]
    out = [SourceFile(f"f{i:03d}", f"/nonexistent/f{i:03d}", langs[i % 4]) for i in range(count)]
    sizes = [(i * 7919) % 50_000 for i in range(count)]
    return out, sizes


@pytest.mark.parametrize("claims", [parallel.MAX_CLAIMS, 7], ids=["a-file-a-claim", "many-files-a-claim"])
def test_results_come_back_complete_and_in_input_order_whichever_process_read_them(tmp_path, monkeypatch, claims):
    monkeypatch.setattr(parallel, "MAX_CLAIMS", claims)  # 300 files in 7 claims: a claim takes 43 files
    files, sizes = sources(300)
    assert parallel.costliest_first(files, sizes) != list(range(300))  # the queue's order is not the input's
    main = os.getpid()
    markers = {True: tmp_path / "main-started", False: tmp_path / "worker-started"}
    first = [True]  # per process (the worker forks with its own copy)

    def work(source, opts):
        if first[0]:  # each process holds its first file until the other has one: both read files, whoever
            first[0] = False  # claimed first (the worker could otherwise take every claim before the main one)
            is_main = os.getpid() == main
            markers[is_main].touch()
            wait_for(markers[not is_main])
        return source.display, os.getpid(), opts

    with deadline(60):
        results = parallel.run_shared(files, "opts", 2, work, sizes)
    assert [r[0] for r in results] == [f.display for f in files]
    assert all(r[2] == "opts" for r in results)
    pids = {r[1] for r in results}
    assert main in pids and len(pids) == 2


def test_three_processes_share_the_queue(tmp_path):
    files, sizes = sources(200)

    def work(source, opts):
        (tmp_path / str(os.getpid())).touch()
        end = time.monotonic() + 30
        while len(list(tmp_path.iterdir())) < 3 and time.monotonic() < end:
            time.sleep(0.002)  # each process holds its first file until all three have one
        return source.display, os.getpid()

    with deadline(60):
        results = parallel.run_shared(files, None, 3, work, sizes)
    assert [r[0] for r in results] == [f.display for f in files]
    assert len({r[1] for r in results}) == 3


def _die(how: str) -> None:
    if how == "exit":
        os._exit(3)
    if how == "sigkill":
        os.kill(os.getpid(), signal.SIGKILL)
    if how == "interrupt":
        raise KeyboardInterrupt  # a BaseException: the worker stops, its unsent results are lost


@pytest.mark.parametrize("how", ["exit", "sigkill", "interrupt"])
@pytest.mark.parametrize("after", [0, parallel.BATCH_FILES + 5], ids=["first-file", "after-a-batch"])
def test_a_worker_that_dies_loses_no_file(tmp_path, how, after):
    """The main process computes what the dead worker claimed and never sent back; nothing hangs."""
    files, sizes = sources(400)
    main = os.getpid()
    dead = tmp_path / "worker-dead"
    count = [0]

    def work(source, opts):
        if os.getpid() == main:
            wait_for(dead)
            return source.display, main
        count[0] += 1
        if count[0] > after:
            dead.touch()
            _die(how)
        time.sleep(0.001)  # a batch goes back on size or on time: both happen
        return source.display, os.getpid()

    with deadline(60):
        results = parallel.run_shared(files, None, 2, work, sizes)
    assert [r[0] for r in results] == [f.display for f in files]
    from_worker = [r for r in results if r[1] != main]
    if after == 0:
        assert from_worker == []
    else:
        assert 0 < len(from_worker) <= after  # what it sent before it died is kept, and nothing twice


def test_a_result_that_does_not_decode_is_computed_again_here(tmp_path):
    """Results cross as plain data, rebuilt by the cache's checking decoder: one it refuses is read again here."""
    from gemlint.cache_codec import decoders
    from gemlint.types import FileResult, Location, ModelRef

    files, sizes = sources(120)
    main = os.getpid()
    started = tmp_path / "worker-started"

    def work(source, opts):
        good = FileResult(source.display, refs=(ModelRef("gemini-x", Location(source.display, 1, 0)),))
        if os.getpid() == main:
            wait_for(started)
            return good
        started.touch()
        if source.display.endswith("7"):
            return good._replace(refs=(ModelRef("gemini-x", Location(source.display, -3, 0)),))  # no line -3
        return good._replace(digest=f"w{os.getpid()}")

    with deadline(60):
        results = parallel.run_shared(files, None, 2, work, sizes, decoders()[FileResult])
    assert [r.path for r in results] == [f.display for f in files]
    assert all(type(r) is FileResult and r.refs[0].location.line == 1 for r in results)
    assert any(r.digest for r in results), "the worker's results came back"


def test_the_main_process_stops_its_workers_when_interrupted(tmp_path):
    """An interrupt in the main process (Ctrl-C) ends the workers too: none is left running or unreaped."""
    files, sizes = sources(300)
    main = os.getpid()
    pids = tmp_path / "pids"
    pids.mkdir()

    def work(source, opts):
        if os.getpid() != main:
            (pids / str(os.getpid())).touch()
            time.sleep(3600)  # a worker busy for long: it is killed, not waited for
            return source.display
        end = time.monotonic() + 30
        while not any(pids.iterdir()) and time.monotonic() < end:
            time.sleep(0.002)  # until the worker is at work
        raise KeyboardInterrupt

    with deadline(30), pytest.raises(KeyboardInterrupt):
        parallel.run_shared(files, None, 2, work, sizes)
    (worker,) = [int(p.name) for p in pids.iterdir()]
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)  # killed and reaped: no such process


def test_finished_workers_are_reaped_no_zombie_is_left(tmp_path):
    """A finished worker is reaped at once, or by the next parallel run when it was still exiting."""
    files, sizes = sources(100)
    main = os.getpid()
    started = tmp_path / "worker-started"

    def work(source, opts):
        if os.getpid() == main:
            wait_for(started)
        else:
            started.touch()
        return os.getpid()

    with deadline(60):
        first = {pid for pid in parallel.run_shared(files, None, 2, work, sizes)} - {main}
        started.unlink()
        parallel.run_shared(files, None, 2, work, sizes)
    assert first
    for pid in first:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # not a child of ours any more: reaped


WORKER_CPU = """
import os, sys, time
from gemlint import parallel
from gemlint.discover import SourceFile

main = os.getpid()
held = []
def work(source, opts):
    if os.getpid() != main:
        end = time.process_time() + 0.4  # the worker's CPU time
        while time.process_time() < end:
            pass
        held.append(bytearray(150_000_000))  # memory to free: its exit takes a while (the main process goes on)
    else:
        time.sleep(0.2)  # the worker takes the other file meanwhile
    return source.display
files = [SourceFile(str(i), str(i), "python") for i in range(2)]
assert parallel.run_shared(files, None, 2, work, [1] * 2) == ["0", "1"]
"""


def test_a_workers_cpu_time_counts_as_the_scans():
    """What times the scan (``time``, a benchmark, CI accounting) sees the workers' CPU too: gemlint reaps them."""
    import subprocess

    before = os.times()
    subprocess.run([sys.executable, "-c", WORKER_CPU], check=True, timeout=60)
    after = os.times()
    assert after.children_user + after.children_system - before.children_user - before.children_system > 0.35


NO_WORKER = """
import os, resource
from gemlint import parallel
from gemlint.discover import SourceFile

def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
free = [fd for fd in range(4096) if not is_open(fd)][:2]  # the queue's pipe takes these two, no other fits
resource.setrlimit(resource.RLIMIT_NOFILE, (free[1] + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
files = [SourceFile(str(i), str(i), "python") for i in range(50)]
main = os.getpid()
got = parallel.run_shared(files, None, 2, lambda source, opts: (source.display, os.getpid()), [1] * 50)
assert got == [(str(i), main) for i in range(50)], got
print("ok")
"""


def test_when_no_worker_can_start_the_main_process_does_the_work():
    """Out of file descriptors (or processes) for a worker: the scan goes on in the main process alone."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", NO_WORKER], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_notebook_outputs_do_not_put_a_notebook_first():
    """The queue's order guesses the cost: a notebook's bytes are mostly outputs, a Python file's are code."""
    files = [SourceFile("big.ipynb", "big.ipynb", "notebook"), SourceFile("mid.py", "mid.py", "python")]
    assert parallel.costliest_first(files, [2_000_000, 200_000]) == [1, 0]
    assert parallel.costliest_first(files, [2_000_000, 2_000]) == [0, 1]


def test_a_few_typescript_files_are_read_by_the_main_process_alone(tmp_path):
    """Each process that reads TypeScript loads the grammars (about 0.1 s of CPU): a few such files stay in one."""
    files = [SourceFile(f"m{i}.py", f"m{i}.py", "python") for i in range(200)]
    files += [SourceFile(f"c{i}.{lang}", f"c{i}.{lang}", lang) for i, lang in enumerate(["ts", "tsx", "js"] * 4)]
    sizes = [20_000] * 200 + [3_000] * 12
    main = os.getpid()
    started = tmp_path / "worker-started"

    def work(source, opts):
        if os.getpid() != main:
            started.touch()
        elif source.language == "python":
            wait_for(started)
        return source.language, os.getpid()

    with deadline(60):
        results = parallel.run_shared(files, None, 2, work, sizes)
    assert {pid for lang, pid in results if lang != "python"} == {main}
    assert {pid for lang, pid in results if lang == "python"} - {main}, "the worker read Python files"


def test_typescript_that_is_much_of_the_work_is_shared():
    files = [SourceFile(f"c{i}.ts", f"c{i}.ts", "ts") for i in range(100)] + [SourceFile("m.py", "m.py", "python")]
    queue, own = parallel._plan(files, [20_000] * 101, 2)
    assert own == [] and sorted(queue) == list(range(101))
    queue, own = parallel._plan(files, [20_000] * 100 + [100_000_000], 2)  # one huge Python file: TS is little
    assert queue == [100] and own == list(range(100))


BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'


@pytest.mark.parametrize("jobs", ["2", "4"])
def test_a_scan_whose_worker_is_killed_reports_what_one_process_does(tmp_path, monkeypatch, jobs):
    """End to end: a worker killed mid-scan (SIGKILL on its 5th file) changes nothing in the report."""
    files = {f"pkg/m{i:03d}.py": BAD * (1 + i % 7) for i in range(runner.PARALLEL_THRESHOLD + 30)}
    files["pkg/cfg.ipynb"] = (
        '{"cells": [{"cell_type": "code", "source": ["m = \\"gemini-1.0-pro\\"\\n"], "metadata": {}, "outputs": []}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    files["pyproject.toml"] = "[tool.gemlint]\nmax-inventory-age = 0\n"
    project = write(tmp_path / "p", files)
    want = scan(project, "--no-cache", "-j", "1")
    main = os.getpid()
    killed = tmp_path / "killed"
    real = runner.process_file
    seen = [0]

    def process_file(source, opts):
        if os.getpid() == main:
            wait_for(killed)
        else:
            seen[0] += 1
            if seen[0] == 5 and not killed.exists():  # the first worker to get there; any others carry on
                killed.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return real(source, opts)

    monkeypatch.setattr(runner, "process_file", process_file)
    with deadline(120):
        got = scan(project, "--no-cache", "-j", jobs)
    assert killed.exists()
    assert got.json()["files_scanned"] == want.json()["files_scanned"] == len(files) - 1  # not pyproject.toml
    assert findings(got) == findings(want) and len(findings(want)) > len(files) - 2
