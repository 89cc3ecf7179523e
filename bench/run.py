"""Benchmark harness for issue 7: times gemlint against ripgrep and Python start-up.

    python bench/run.py [--files 20000] [--runs 5] [--tree DIR] [--growth 1000,5000,20000]
                        [--gemlint CMD] [--python EXE] [--one-file PATH] [--json]

Every figure is the median of ``--runs`` timed runs after one untimed warm-up,
gemlint and its baseline alternating so that drift hits both. This is a
harness, not a test: it prints figures, ratios and PASS/FAIL against the
issue's targets and exits 0; it exits 2 when something cannot be measured
(rg missing, gemlint exiting 2 or crashing). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import generate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gemlint.config import DEFAULT_EXCLUDES  # noqa: E402

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
# gemlint's built-in excludes plus vendor/, which the generated pyproject.toml excludes:
# ripgrep gets them as -g '!NAME' so both tools read the same files.
EXCLUDES = DEFAULT_EXCLUDES + ("vendor",)
TARGETS = {"cold": 5.0, "warm": 2.0, "one_file": 1.5, "one_file_linked": 1.5, "memory_mib": 100.0, "growth": 1.25}


class HarnessError(Exception):
    """Something could not be measured (a command failed)."""


class Case(NamedTuple):
    """One command to time: run in ``cwd``; ``prepare`` runs untimed before each run."""

    cmd: List[str]
    cwd: Path
    ok: Tuple[int, ...] = (0,)
    prepare: Optional[Callable[[], None]] = None


def run_once(case: Case) -> float:
    """Wall time of one run, stdout discarded; raises HarnessError on an unexpected exit status."""
    if case.prepare:
        case.prepare()
    start = time.perf_counter()
    proc = subprocess.run(case.cmd, cwd=case.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode not in case.ok:
        tail = proc.stderr.decode(errors="replace")[-2000:]
        raise HarnessError(f"`{shlex.join(case.cmd)}` in {case.cwd} exited {proc.returncode}:\n{tail}")
    return took


def compare(label: str, a: Case, b: Case, runs: int) -> Dict[str, object]:
    """One warm-up of each, then ``runs`` alternating timed runs; medians and their ratio."""
    times: Dict[str, List[float]] = {"gemlint": [], "baseline": []}
    for i in range(runs + 1):
        progress(f"{label}: {'warm-up' if i == 0 else f'run {i}/{runs}'}")
        ta, tb = run_once(a), run_once(b)
        if i:
            times["gemlint"].append(ta)
            times["baseline"].append(tb)
    med_a, med_b = statistics.median(times["gemlint"]), statistics.median(times["baseline"])
    return {
        "gemlint_s": med_a,
        "baseline_s": med_b,
        "ratio": med_a / med_b,
        "runs": times,
        "gemlint_cmd": shlex.join(a.cmd),
        "baseline_cmd": shlex.join(b.cmd),
    }


# -- memory --------------------------------------------------------------------------------------

WRAPPER = """\
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "maxrss_kib": r.ru_maxrss, "stderr": p.stderr.decode(errors="replace")[-2000:]}))
"""


def descendants(root: int) -> List[int]:
    """Every live process below ``root`` (from /proc/*/stat parent ids)."""
    kids: Dict[int, List[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    ppid = int(fh.read().rpartition(b")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for kid in kids.get(todo.pop(), []):
            found.append(kid)
            todo.append(kid)
    return found


def proc_kib(pid: int, file: str, field: bytes) -> int:
    """A ``field`` in KiB from /proc/PID/FILE (VmHWM in status, Pss in smaps_rollup); 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/{file}", "rb") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def peak_memory(case: Case) -> Dict[str, object]:
    """Peak memory of ``case`` and every process it starts.

    A wrapper process runs the command; while it runs, /proc is sampled every 10 ms for each
    descendant's VmHWM (peak RSS), and the per-process peaks are summed: an upper bound on the
    simultaneous peak of gemlint plus its workers (pages shared between processes count in each).
    The wrapper also reports getrusage(RUSAGE_CHILDREN) ru_maxrss: the largest single process among
    those waited for, which catches processes too short for the sampler. The figure checked against
    the target is the larger of the two. For information, the largest sampled sum of PSS (shared
    pages split between their users) is what the scan really held at once.
    """
    if case.prepare:
        case.prepare()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *case.cmd], cwd=case.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    peaks: Dict[int, int] = {}
    pss_peak = 0
    sampling = os.path.isdir("/proc/self")
    while proc.poll() is None:
        pids = descendants(proc.pid) if sampling else []
        for pid in pids:
            peaks[pid] = max(peaks.get(pid, 0), proc_kib(pid, "status", b"VmHWM:"))
        pss_peak = max(pss_peak, sum(proc_kib(pid, "smaps_rollup", b"Pss:") for pid in pids))
        time.sleep(0.01)
    out, err = proc.communicate()
    try:
        info = json.loads(out)
    except ValueError:
        raise HarnessError(f"memory wrapper failed: {err.decode(errors='replace')[-2000:]}") from None
    if info["rc"] not in case.ok:
        raise HarnessError(f"`{shlex.join(case.cmd)}` exited {info['rc']}:\n{info['stderr']}")
    tree_mib = sum(peaks.values()) / 1024
    largest_mib = info["maxrss_kib"] / 1024
    return {
        "peak_mib": max(tree_mib, largest_mib),
        "tree_sum_vmhwm_mib": tree_mib,
        "largest_process_mib": largest_mib,
        "sampled_pss_mib": pss_peak / 1024,
        "processes_seen": len(peaks),
        "gemlint_cmd": shlex.join(case.cmd),
    }


# -- set-up ----------------------------------------------------------------------------------------


def progress(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def default_gemlint() -> List[str]:
    """The gemlint console script beside this interpreter, else the one on PATH, else ``python -m gemlint``.

    Beside the interpreter comes first so that a pyenv/asdf shim (a shell script adding ~0.1 s
    to every run) is not what gets timed.
    """
    beside = Path(sys.executable).with_name("gemlint")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("gemlint")
    return [found] if found else [sys.executable, "-m", "gemlint"]


def interpreter_of(cmd: Sequence[str]) -> str:
    """The Python that runs ``cmd``: itself if it is a python, else its script's shebang, else ours."""
    exe = shutil.which(cmd[0]) or cmd[0]
    if Path(exe).name.startswith("python"):
        return exe
    try:
        with open(exe, "rb") as fh:
            first = fh.readline().decode(errors="replace")
    except OSError:
        return sys.executable
    words = first[2:].split() if first.startswith("#!") else []
    if words and Path(words[0]).name == "env" and len(words) > 1:
        words = [shutil.which(words[1]) or ""]
    return words[0] if words and "python" in Path(words[0]).name else sys.executable


def ensure_tree(path: Path, files: int, seed: int) -> Path:
    """Generate the tree at ``path`` unless it is there already."""
    if not path.exists():
        progress(f"generating {files} files into {path}")
        start = time.perf_counter()
        stats = generate.generate(path, files, seed)
        progress(
            f"generated {stats['files']} files, {stats['bytes'] / 2**20:.1f} MiB in {time.perf_counter() - start:.1f} s"
        )
    for name in (".gitignore", ".ignore", ".rgignore"):
        if (path / name).exists():
            progress(f"warning: {path / name} exists; rg honours it, gemlint may not")
    return path


def tree_size(path: Path) -> Tuple[int, int]:
    """(files, bytes) of the whole tree, excluded folders included (the cache folder left out)."""
    files = size = 0
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if d != ".gemlint_cache"]
        files += len(names)
        size += sum(os.path.getsize(os.path.join(root, n)) for n in names)
    return files, size


def rg_case(tree: Path) -> Case:
    """ripgrep over the files gemlint reads: hidden files too (.env), the same excludes, and no
    ignore files from folders above the tree (bench/out/ sits in a git checkout whose .gitignore
    lists build/ and dist/)."""
    globs = [arg for name in EXCLUDES for arg in ("-g", f"!{name}")]
    return Case(["rg", "-c", "-i", "--hidden", "--no-ignore-parent", *globs, "gemini-[0-9]", "."], tree, (0, 1))


# -- the figures -----------------------------------------------------------------------------------


def measure(args: argparse.Namespace, gemlint: List[str], python: str, tree: Path) -> Dict[str, object]:
    """All four targets plus growth, as a dict ready for the table or --json."""
    cache = tree / ".gemlint_cache"

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    cold = Case([*gemlint, "scan", "--no-cache", "--exit-zero", "--format", "json", "."], tree, (0, 1), clear_cache)
    warm = Case([*gemlint, "scan", "--exit-zero", "--format", "json", "."], tree, (0, 1))
    one_file = args.one_file or generate.ONE_FILE
    if not (tree / one_file).is_file():
        raise HarnessError(f"{tree / one_file} not found: pass --one-file PATH (relative to the tree)")
    files, size = tree_size(tree)
    results: Dict[str, object] = {
        "tree": str(tree),
        "files": files,
        "bytes": size,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "python": python,
        "platform": platform.platform(),
        "rg_version": subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.splitlines()[0],
    }
    results["cold"] = compare("cold scan", cold, rg_case(tree), args.runs)
    clear_cache()
    results["warm"] = compare("warm re-scan", warm, rg_case(tree), args.runs)
    results["one_file"] = compare(
        "one file",
        Case([*gemlint, "scan", one_file], tree, (0, 1)),
        Case([python, "-c", "import click"], tree),
        args.runs,
    )
    if (tree / generate.LINKED_FILE).is_file():  # its model name lives in another file: linked via the project index
        results["one_file_linked"] = compare(
            "one file, name from another file",
            Case([*gemlint, "scan", generate.LINKED_FILE], tree, (0, 1)),
            Case([python, "-c", "import click"], tree),
            args.runs,
        )
    progress("peak memory of a cold scan")
    results["memory"] = peak_memory(cold)
    results["growth"] = growth(args, cold, tree, results["cold"])
    clear_cache()
    return results


def growth(args: argparse.Namespace, cold: Case, tree: Path, measured: Dict[str, object]) -> List[Dict[str, object]]:
    """Cold scan time for each --growth size (trees bench/out/tree-N-sSEED), in seconds per 1k files."""
    rows = []
    for n in args.growth:
        path = OUT / f"tree-{n}-s{args.seed}"
        if path.resolve() == tree.resolve():
            found = measured
        else:
            ensure_tree(path, n, args.seed)
            found = compare(
                f"growth {n} files",
                cold._replace(cwd=path, prepare=lambda p=path: shutil.rmtree(p / ".gemlint_cache", ignore_errors=True)),
                rg_case(path),
                args.runs,
            )
        rows.append(
            {
                "files": n,
                "gemlint_s": found["gemlint_s"],
                "rg_s": found["baseline_s"],
                "gemlint_s_per_1k": found["gemlint_s"] / n * 1000,
                "rg_s_per_1k": found["baseline_s"] / n * 1000,
            }
        )
    for prev, row in zip(rows, rows[1:]):
        # The cost of each extra 1k files, free of the fixed start-up cost.
        row["marginal_s_per_1k"] = (row["gemlint_s"] - prev["gemlint_s"]) / (row["files"] - prev["files"]) * 1000
    return rows


def verdicts(r: Dict[str, object]) -> List[Tuple[str, str, str, str, str, bool]]:
    """Table rows: (target, gemlint, baseline, ratio, target, passed)."""
    rows = []
    for key, label in (
        ("cold", "cold scan vs rg"),
        ("warm", "warm re-scan vs rg"),
        ("one_file", "one file vs import click"),
        ("one_file_linked", "one file, linked, vs import click"),
    ):
        if key not in r:
            continue
        f = r[key]
        rows.append(
            (
                label,
                f"{f['gemlint_s']:.3f} s",
                f"{f['baseline_s']:.3f} s",
                f"{f['ratio']:.2f}x",
                f"<= {TARGETS[key]:g}x",
                f["ratio"] <= TARGETS[key],
            )
        )
    mem = r["memory"]["peak_mib"]
    rows.append(
        (
            "peak memory (process tree)",
            f"{mem:.1f} MiB",
            "-",
            "-",
            f"<= {TARGETS['memory_mib']:g} MiB",
            mem <= TARGETS["memory_mib"],
        )
    )
    g = r["growth"]
    if len(g) >= 2:
        # Three sizes or more: the last step's cost per extra 1k files against the first step's.
        # Two sizes: plain seconds per 1k files, which fixed start-up makes dearer for the small tree.
        key, first, last = ("marginal_s_per_1k", g[1], g[-1]) if len(g) >= 3 else ("gemlint_s_per_1k", g[0], g[-1])
        ratio = last[key] / first[key] if first[key] > 0 else float("inf")
        what = "extra" if len(g) >= 3 else "s/1k"
        rows.append(
            (
                f"growth: {what} 1k files at {last['files']} vs {first['files']}",
                f"{last[key]:.3f} s",
                f"{first[key]:.3f} s",
                f"{ratio:.2f}x",
                f"<= {TARGETS['growth']:g}x",
                ratio <= TARGETS["growth"],
            )
        )
    return rows


def print_table(r: Dict[str, object]) -> None:
    print(
        f"tree {r['tree']}: {r['files']} files, {r['bytes'] / 2**20:.1f} MiB; {r['runs']} runs after 1 warm-up "
        f"(medians); {r['cpus']} CPUs; {r['rg_version']}"
    )
    for key in ("cold", "warm", "one_file", "one_file_linked"):
        if key not in r:
            continue
        print(f"  {key:9} gemlint: {r[key]['gemlint_cmd']}\n  {'':9} baseline: {r[key]['baseline_cmd']}")
    print()
    head = ("target", "gemlint", "baseline", "ratio", "target", "result")
    rows = [head] + [(*row[:5], "PASS" if row[5] else "FAIL") for row in verdicts(r)]
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    m = r["memory"]
    print(
        f"\nmemory (cold scan): sum of VmHWM over {m['processes_seen']} processes {m['tree_sum_vmhwm_mib']:.1f} MiB;"
        f" largest single process (rusage) {m['largest_process_mib']:.1f} MiB;"
        f" peak sampled PSS sum {m['sampled_pss_mib']:.1f} MiB"
    )
    if r["growth"]:
        print("\ngrowth (cold scan)    files   gemlint   s/1k files  s/extra 1k        rg   s/1k files")
        for g in r["growth"]:
            extra = f"{g['marginal_s_per_1k']:9.4f} s" if "marginal_s_per_1k" in g else f"{'-':>11}"
            print(
                f"{'':20}{g['files']:>7}  {g['gemlint_s']:7.3f} s  {g['gemlint_s_per_1k']:9.4f} s  {extra}"
                f"  {g['rg_s']:7.3f} s  {g['rg_s_per_1k']:9.4f} s"
            )


def byte_compile(python: str) -> None:
    """Compile gemlint's modules to bytecode, as a regular (non-editable) pip install does.

    An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every run,
    which is start-up cost no user install pays.
    """
    code = "import gemlint, os, compileall; compileall.compile_dir(os.path.dirname(gemlint.__file__), quiet=1)"
    subprocess.run(
        [python, "-c", code], check=False, env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    )


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20000, help="size of the generated tree (default 20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure, after one warm-up (default 5)")
    parser.add_argument("--tree", type=Path, help="tree to scan, generated if missing (default bench/out/tree-N-sSEED)")
    parser.add_argument(
        "--growth", default="1000,5000,20000", help="comma-separated tree sizes for the growth figure ('' to skip)"
    )
    parser.add_argument("--gemlint", help="command to run instead of gemlint, e.g. 'python -m gemlint'")
    parser.add_argument("--python", help="interpreter for the `import click` baseline (default: gemlint's)")
    parser.add_argument("--one-file", help=f"one-file target, relative to the tree (default {generate.ONE_FILE})")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    args = parser.parse_args(argv)
    args.growth = [int(n) for n in args.growth.split(",") if n.strip()]

    if not shutil.which("rg"):
        print("ripgrep (rg) is needed as the baseline. Install it: apt-get install ripgrep", file=sys.stderr)
        return 2
    gemlint = shlex.split(args.gemlint) if args.gemlint else default_gemlint()
    python = args.python or interpreter_of(gemlint)
    byte_compile(python)
    tree = ensure_tree((args.tree or OUT / f"tree-{args.files}-s{args.seed}").resolve(), args.files, args.seed)
    try:
        results = measure(args, gemlint, python, tree)
    except HarnessError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    results["verdicts"] = {row[0]: row[5] for row in verdicts(results)}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
