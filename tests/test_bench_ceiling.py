"""``bench/ceiling.py`` and ``bench/corpus.py``'s ceiling: what two CPU-bound processes gain on this machine."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def corpus(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # corpus.py imports its sibling run.py
    import corpus

    return corpus


def test_each_process_does_the_whole_work_and_the_wall_time_is_reported():
    out = subprocess.run(
        [sys.executable, str(BENCH / "ceiling.py"), "--procs", "2", "--rounds", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout)
    assert (report["procs"], report["rounds"]) == (2, 1)
    assert 0 < report["wall_s"] < 60


def test_the_ceiling_is_twice_one_process_over_two_and_the_scan_is_measured_against_it(corpus):
    results = {"wall_s": {"ceiling1": 1.0, "ceiling2": 1.25, "j1": 3.0, "j2": 2.0}}
    top = corpus.ceiling(results)
    assert top["speedup"] == pytest.approx(1.6)  # two processes did twice the work in 1.25x the time
    assert top["scan_share"] == pytest.approx(1.5 / 1.6)


def test_no_ceiling_without_both_runs_and_no_share_without_the_scans(corpus):
    assert corpus.ceiling({"wall_s": {"ceiling1": 1.0}}) is None
    assert corpus.ceiling({"wall_s": {"ceiling1": 1.0, "ceiling2": 1.0}}) == {"speedup": 2.0}
