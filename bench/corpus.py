"""Real-corpus benchmark (issue 28): gemlint on a checked-out public repository, against ripgrep and llm-sunset.

    python bench/corpus.py TREE [--runs 5] [--sunset CMD] [--gemlint CMD] [--one-file PATH] [--floor] [--json]

TREE is a checkout kept outside this repository (bench/README.md says how to get one). Every round runs,
one after the other so that load from other processes hits all alike: a cold scan (default workers),
ripgrep, llm-sunset (when found), cold scans with -j 1 and -j 2, a warm re-scan, the one-file scan (twice: the
first after the round's whole-tree scans, reported, then a hook's later run, the target) and
`python -c "import click"`, and ``bench/ceiling.py`` with one process and with two (the speed-up this machine
gives two CPU-bound Python processes: the ceiling of ``-j 1 / -j 2``); with --floor, also ``bench/floor.py``
(the floor of any scan that parses Python with ``ast``: files read, notebooks decoded, only what names a model
parsed; no analysis), shown against ripgrep beside the targets. Figures are medians over --runs rounds after one
warm-up round, as wall time and as CPU time (user + system of the command and its children, steadier on a busy
machine).
Prints ratios and PASS/FAIL against the issue's targets; exits 0, or 2 when something cannot be measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from run import Case, HarnessError, byte_compile, default_gemlint, interpreter_of, peak_memory, progress, rg_case

# target name -> (numerator, denominator, limit, "max" (ratio at most) or "min" (ratio at least))
TARGETS = {
    "cold vs llm-sunset": ("cold", "sunset", 0.5, "max"),
    "cold vs ripgrep": ("cold", "rg", 15.0, "max"),
    "warm vs ripgrep": ("warm", "rg", 2.0, "max"),
    "one file vs import click": ("one_file", "click", 1.5, "max"),
    "-j 1 / -j 2": ("j1", "j2", 1.8, "min"),
}


def timed(case: Case) -> Tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children) of one run."""
    if case.prepare:
        case.prepare()
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run(case.cmd, cwd=case.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode not in case.ok:
        tail = proc.stderr.decode(errors="replace")[-2000:]
        raise HarnessError(f"`{shlex.join(case.cmd)}` in {case.cwd} exited {proc.returncode}:\n{tail}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def one_file_target(tree: Path) -> Optional[str]:
    """The first Python file (sorted) that calls generate_content: what a pre-commit hook would be given."""
    for path in sorted(tree.rglob("*.py")):
        if any(part.startswith(".") or part in ("node_modules", "venv", ".venv") for part in path.parts):
            continue
        try:
            if b"generate_content(" in path.read_bytes():
                return str(path.relative_to(tree))
        except OSError:
            continue
    return None


def cases(args: argparse.Namespace, gemlint: List[str], python: str, tree: Path) -> Dict[str, Case]:
    cache = tree / ".gemlint_cache"

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    scan = [*gemlint, "scan", "--exit-zero", "--format", "json"]
    out: Dict[str, Case] = {
        "cold": Case([*scan, "--no-cache", "."], tree, (0, 1), clear),
        "rg": rg_case(tree),
        "j1": Case([*scan, "--no-cache", "-j", "1", "."], tree, (0, 1), clear),
        "j2": Case([*scan, "--no-cache", "-j", "2", "."], tree, (0, 1), clear),
        "warm": Case([*scan, "."], tree, (0, 1)),
    }
    if args.sunset:
        sunset = shlex.split(args.sunset)
    else:
        sunset = [shutil.which("llm-sunset")] if shutil.which("llm-sunset") else []
    if sunset:
        out["sunset"] = Case([*sunset, "scan", "."], tree, (0, 1))  # exits 1 when it finds something
    target = args.one_file or one_file_target(tree)
    if target:
        # Each round's cold runs cleared the cache, and the warm one's scan of the whole tree wrote the project
        # index of the tree's root: the first one-file scan takes its sub-project's part of it and keeps an index
        # of its own (reported, not a target); the second is what a hook costs on every later commit.
        out["one_file_first"] = Case([*gemlint, "scan", target], tree, (0, 1))
        out["one_file"] = Case([*gemlint, "scan", target], tree, (0, 1))
        out["click"] = Case([python, "-c", "import click"], tree)
    ceiling = str(Path(__file__).with_name("ceiling.py"))
    out["ceiling1"] = Case([python, ceiling, "--procs", "1"], tree)
    out["ceiling2"] = Case([python, ceiling, "--procs", "2"], tree)
    if getattr(args, "floor", False):
        out["floor"] = Case([python, str(Path(__file__).with_name("floor.py")), str(tree)], tree)
    return out


def measure(args: argparse.Namespace, gemlint: List[str], python: str, tree: Path) -> Dict[str, object]:
    found = cases(args, gemlint, python, tree)
    walls: Dict[str, List[float]] = {k: [] for k in found}
    cpus: Dict[str, List[float]] = {k: [] for k in found}
    timed(found["cold"])  # leaves nothing behind; the warm case needs a cache: one cached scan first
    subprocess.run(found["warm"].cmd, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for i in range(args.runs + 1):
        progress(f"round {'warm-up' if i == 0 else f'{i}/{args.runs}'}")
        # `-j 1` and `-j 2` swap places every other round: the one run second was 5% slower on a VM whose CPU
        # slows after a few seconds of load (the same `-j 2` command measured first, as `cold`, was not)
        order = _swapped(list(found), "j1", "j2") if i % 2 else list(found)
        second = "j1" if i % 2 else "j2"
        for name in order:
            case = found[name]
            wall, cpu = timed(case)
            if name == second:  # the cold runs before it cleared the cache: one cached scan for the warm run
                subprocess.run(found["warm"].cmd, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i:
                walls[name].append(wall)
                cpus[name].append(cpu)
    progress("peak memory of a cold scan")
    memory = peak_memory(found["cold"])
    shutil.rmtree(tree / ".gemlint_cache", ignore_errors=True)
    files = sum(len(f) for _, _, f in os.walk(tree))
    results: Dict[str, object] = {
        "tree": str(tree),
        "files": files,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "commands": {k: shlex.join(c.cmd) for k, c in found.items()},
        "wall_s": {k: statistics.median(v) for k, v in walls.items()},
        "cpu_s": {k: statistics.median(v) for k, v in cpus.items()},
        "all_wall_s": walls,
        "memory": memory,
    }
    results["ratios"] = ratios(results)
    results["ceiling"] = ceiling(results)
    return results


def _swapped(names: List[str], a: str, b: str) -> List[str]:
    """``names`` with ``a`` and ``b`` trading places (unchanged when either is missing)."""
    if a not in names or b not in names:
        return names
    i, j = names.index(a), names.index(b)
    names[i], names[j] = names[j], names[i]
    return names


def ratios(results: Dict[str, object]) -> Dict[str, Dict[str, object]]:
    wall, cpu = results["wall_s"], results["cpu_s"]
    out: Dict[str, Dict[str, object]] = {}
    for label, (a, b, limit, kind) in TARGETS.items():
        if a not in wall or b not in wall:
            continue
        ratio = wall[a] / wall[b]
        ok = ratio <= limit if kind == "max" else ratio >= limit
        out[label] = {
            "wall": ratio, "cpu": cpu[a] / cpu[b] if cpu[b] else None, "limit": limit, "kind": kind, "pass": ok,
        }
    return out


def ceiling(results: Dict[str, object]) -> Optional[Dict[str, float]]:
    """The machine's ceiling for ``-j 1 / -j 2`` (two CPU-bound processes against one, each doing the same work)
    and the share of it the scan reaches; None when not measured."""
    wall = results["wall_s"]
    if not wall.get("ceiling2") or "ceiling1" not in wall:
        return None
    limit = 2 * wall["ceiling1"] / wall["ceiling2"]
    out = {"speedup": limit}
    if wall.get("j2") and "j1" in wall:
        out["scan_share"] = (wall["j1"] / wall["j2"]) / limit
    return out


def print_table(r: Dict[str, object]) -> None:
    print(
        f"tree {r['tree']}: {r['files']} files; {r['cpus']} CPUs; "
        f"load average {r['load_average']}; {r['runs']} rounds"
    )
    print(f"{'case':14} {'wall s':>8} {'cpu s':>8}  command")
    for k, cmd in r["commands"].items():
        print(f"{k:14} {r['wall_s'][k]:8.3f} {r['cpu_s'][k]:8.3f}  {cmd}")
    print(f"\n{'target':26} {'wall':>7} {'cpu':>7}  limit  verdict")
    for label, row in r["ratios"].items():
        cpu = f"{row['cpu']:7.2f}" if row["cpu"] is not None else "      -"
        sign = "<=" if row["kind"] == "max" else ">="
        print(f"{label:26} {row['wall']:7.2f} {cpu}  {sign}{row['limit']:<4} {'PASS' if row['pass'] else 'FAIL'}")
    if "floor" in r["wall_s"] and "rg" in r["wall_s"]:  # no target: how far below the cold scan any ast scan can go
        print(f"{'floor vs ripgrep':26} {r['wall_s']['floor'] / r['wall_s']['rg']:7.2f}          (bench/floor.py)")
    top = r.get("ceiling")
    if top:  # no target: what this machine allows two processes
        share = f"; the scan reaches {top['scan_share']:.0%} of it" if "scan_share" in top else ""
        print(f"{'-j 2 ceiling (machine)':26} {top['speedup']:7.2f}          (bench/ceiling.py{share})")
    peak = r["memory"]["peak_mib"]
    print(f"{'peak memory (MiB)':26} {peak:7.1f}          <=100  {'PASS' if peak <= 100 else 'FAIL'}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="a checked-out repository (kept outside this one)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds, after one warm-up round (default 5)")
    parser.add_argument("--sunset", help="llm-sunset command (default: llm-sunset on PATH, skipped when missing)")
    parser.add_argument("--gemlint", help="command to run instead of gemlint, e.g. 'python -m gemlint'")
    parser.add_argument("--python", help="interpreter for the `import click` baseline (default: gemlint's)")
    parser.add_argument("--one-file", help="one-file target relative to the tree (default: first .py calling a model)")
    parser.add_argument("--floor", action="store_true", help="also time bench/floor.py (the floor of an ast scan)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    args = parser.parse_args(argv)
    if not shutil.which("rg"):
        print("ripgrep (rg) is needed as the baseline. Install it: apt-get install ripgrep", file=sys.stderr)
        return 2
    tree = args.tree.resolve()
    if not tree.is_dir():
        print(f"bench: {tree} is not a folder (see bench/README.md: a real corpus)", file=sys.stderr)
        return 2
    gemlint = shlex.split(args.gemlint) if args.gemlint else default_gemlint()
    python = args.python or interpreter_of(gemlint)
    byte_compile(python)
    try:
        results = measure(args, gemlint, python, tree)
    except HarnessError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
