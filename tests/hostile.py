"""Helpers of the hostile-input suite (tests/test_hostile.py, issue 24).

``Sandbox`` lays out ``tmp/proj`` (the project a stranger's pull request controls, with a planted real finding
in ``real.py``) beside ``tmp/outside`` (files that must never be read or written: their bytes and, where the
file system keeps them, their access times are recorded). ``run`` starts ``python -m gemlint`` in a subprocess
under a CPU-time and an address-space limit (``resource.setrlimit``) and returns what it printed, its exit
status and the CPU time it used. ``check_output`` is what every case asserts about both streams.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

CPU_LIMIT = 10  # seconds of CPU per run (the issue: every case <= 10 s on the 2-core machine)
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space

REAL = (
    "from google import genai\n\nclient = genai.Client()\n"
    'client.models.generate_content(model="gemini-1.0-prro", contents="x")\n'
)
REAL_FINDING = "real.py:4:"  # where the planted finding is reported in text output
OUTSIDE_MODEL = "gemini-outside-secret"  # a model name only the outside files hold
OLD = 946684800  # 2000-01-01: outside files get this access time, so any read moves it (relatime)

# A raw control character (C0 but tab and newline, DEL, C1) or bidi control in printed output.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
COMMAND_LINE = re.compile(r"^\s*::")


@dataclass
class Run:
    code: int
    out: str
    err: str
    cpu: float  # user + system seconds of the child

    def __str__(self) -> str:
        return f"exit {self.code}, {self.cpu:.2f} s CPU\n--- stdout\n{self.out[-3000:]}\n--- stderr\n{self.err[-3000:]}"


def _limits(cpu: int, memory: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def run(
    args: List[str],
    cwd: Path,
    cpu: int = CPU_LIMIT,
    memory: int = MEMORY_LIMIT,
    env=None,
    timeout=60,
    module: str = "gemlint",
) -> Run:
    """``python -m gemlint ARGS`` (or another ``module``) from ``cwd`` under the limits; the child's own CPU time
    (os.wait4)."""
    from tests.helpers import REPO, TODAY  # here: the growth child (tests/growth.py) runs without pytest

    full_env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat(), NO_COLOR="1", PYTHONPATH=str(REPO))
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.update(env or {})
    out_path, err_path = cwd.parent / ".out", cwd.parent / ".err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=str(cwd),
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=_limits(cpu, memory),
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"gemlint {args} still running after {timeout} s (blocked?)")
            time.sleep(0.01)
    proc.returncode = os.waitstatus_to_exitcode(status)
    text_out = out_path.read_bytes().decode("utf-8", "replace")
    text_err = err_path.read_bytes().decode("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    return Run(proc.returncode, text_out, text_err, usage.ru_utime + usage.ru_stime)


def check_output(r: Run, github: bool = False) -> None:
    """No traceback, no internal error, no raw control character, no workflow command gemlint did not build."""
    both = r.out + r.err
    assert r.code >= 0, f"killed by signal {-r.code} (a limit was hit)\n{r}"
    assert "Traceback" not in both, str(r)
    assert "internal error" not in both, str(r)
    assert "MemoryError" not in both and "RecursionError" not in both, str(r)
    assert not RAW_CONTROL.search(both), f"raw control character printed: {RAW_CONTROL.search(both)!r}\n{r}"
    assert "##[" not in both, str(r)
    for stream, text in (("stderr", r.err), ("stdout", r.out)):
        for line in text.splitlines():
            if COMMAND_LINE.match(line):
                assert github and stream == "stdout", f"workflow command on {stream}: {line!r}"
                assert re.match(r"^::(error|warning|notice) [^:]*::", line), f"not a command gemlint builds: {line!r}"
                keys = {prop.split("=", 1)[0] for prop in line[2:].split("::")[0].split(" ", 1)[1].split(",")}
                assert keys <= {"file", "line", "endLine", "col", "endColumn", "title"}, f"injected property: {line!r}"


def run_batch(cases: List[Tuple[List[str], Path]], where: Path, **limits) -> List[Run]:
    """Each ``(args, cwd)`` of ``cases`` as ``gemlint ARGS`` run from ``cwd``, all in one child process under the
    limits (``tests/batch.py``): a ``Run`` per case, with the CPU time of that case alone."""
    spec = where / ".batch.json"
    spec.write_text(json.dumps([{"cwd": str(cwd), "args": args} for args, cwd in cases]), encoding="utf-8")
    r = run([str(spec)], where, module="tests.batch", **limits)
    check_output(r)  # the child's own streams
    assert r.code == 0, str(r)
    return [Run(x["code"], x["out"], x["err"], x["cpu"]) for x in json.loads(r.out)]


class Sandbox:
    """``tmp/proj`` (with ``pyproject.toml`` and the planted ``real.py``) and the watched ``tmp/outside``."""

    def __init__(self, tmp: Path, config: str = "") -> None:
        self.tmp = tmp
        self.proj = tmp / "proj"
        self.outside = tmp / "outside"
        self.proj.mkdir()
        self.outside.mkdir()
        (self.proj / "pyproject.toml").write_text(f"[tool.gemlint]\n{config}", encoding="utf-8")
        (self.proj / "real.py").write_text(REAL, encoding="utf-8")
        self.watched: Dict[Path, bytes] = {}
        self.atimes: Dict[Path, int] = {}
        self.cleanups: List = []  # run after the test (what pytest's own clean-up cannot remove)

    def put(self, rel: str, content, outside: bool = False) -> Path:
        path = (self.outside if outside else self.proj) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        if outside:
            self.watch(path)
        return path

    def watch(self, path: Path) -> None:
        """Record ``path``'s bytes and give it an old access time: a read moves it on relatime mounts."""
        self.watched[path] = path.read_bytes()
        os.utime(path, (OLD, path.stat().st_mtime))
        self.atimes[path] = path.stat().st_atime_ns

    def check_outside(self) -> None:
        """Outside files unchanged (bytes), unread (atime, when the mount keeps it), no file added there."""
        keeps = atime_kept(self.tmp)
        for path, data in self.watched.items():
            if keeps:  # before reading the bytes, which moves the access time
                assert path.stat().st_atime_ns == self.atimes[path], f"{path} was read"
            assert path.read_bytes() == data, f"{path} was rewritten"
        listed = {p for p in self.outside.rglob("*") if p.is_file()}
        assert listed <= set(self.watched) | {p for p in listed if p.parent != self.outside}, listed

    def scan(self, *args: str, fmt: str = "text", **kw) -> Run:
        return run(["scan", "--no-cache", "--format", fmt, *args], self.proj, **kw)


_ATIME: Dict[str, bool] = {}


def atime_kept(folder: Path) -> bool:
    """Whether reading a file in ``folder`` updates its access time (relatime or strictatime, not noatime)."""
    key = str(folder)
    if key not in _ATIME:
        probe = folder / ".atime-probe"
        probe.write_bytes(b"x")
        os.utime(probe, (OLD, probe.stat().st_mtime))
        before = probe.stat().st_atime_ns
        with open(probe, "rb") as fh:
            fh.read()
        _ATIME[key] = probe.stat().st_atime_ns != before
        probe.unlink()
    return _ATIME[key]
