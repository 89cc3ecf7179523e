"""Benchmark of `gemlint sweep` (issue 29): 200 generated local git repositories.

    python bench/sweep.py [--repos 200] [--files 40] [--jobs 2] [--out bench/out/sweep]

Generates the repositories once (``bench/generate.py`` trees of ``--files`` files each, a different seed per
repository, each committed in its own git repository), then times, each once after an untimed warm-up of the
interpreter's page cache:

- one by one: ``gemlint scan --no-cache --format json .`` in each repository, one process after another (what
  a person or a shell loop does by hand);
- ``gemlint sweep`` of the same repositories as local checkouts (scanned in place);
- ``gemlint sweep`` of the same repositories as ``file://`` URLs (each fetched shallow, scanned, removed);
- the same URL sweep again: nothing changed, nothing fetched or scanned (``ls-remote`` per repository only).

Prints the wall times and the ratio of each sweep to the one-by-one loop. Not a test; nothing here runs under
pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]


def make_repos(root: Path, count: int, files: int) -> list:
    """``count`` committed repositories under ``root`` (kept between runs)."""
    repos = []
    for i in range(count):
        repo = root / f"repo{i:03d}"
        if not (repo / ".git").is_dir():
            shutil.rmtree(repo, ignore_errors=True)
            generate(repo, files=files, seed=1000 + i)
            subprocess.run([*GIT, "init", "-q", "-b", "main", str(repo)], check=True)
            subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True)
            subprocess.run([*GIT, "-C", str(repo), "commit", "-q", "-m", "generated"], check=True)
        repos.append(repo)
    return repos


def gemlint_command() -> list:
    script = Path(sys.executable).with_name("gemlint")
    return [str(script)] if script.exists() and not os.environ.get("PYTHONPATH") else [sys.executable, "-m", "gemlint"]


def timed(label: str, command: list, cwd: Path, ok=(0, 1)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if done.returncode not in ok:
        sys.exit(f"{label}: exit {done.returncode}: {done.stderr[-2000:]}")
    return took


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--files", type=int, default=40, help="about how many files per repository")
    parser.add_argument("--jobs", type=int, default=2, help="sweep --jobs")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "sweep")
    parser.add_argument("--figures", default="one,local,clone,url", help="which of one,local,clone,url to time")
    args = parser.parse_args(argv)
    root = args.out / f"repos-{args.repos}x{args.files}"
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    repos = make_repos(root, args.repos, args.files)
    print(
        f"{len(repos)} repositories of ~{args.files} files in {root} ({time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    gemlint = gemlint_command()
    for repo in repos:  # warm the page cache
        for path in repo.rglob("*.py"):
            path.read_bytes()

    wanted = set(args.figures.split(","))
    scan = [*gemlint, "scan", "--no-cache", "--exit-zero", "--format", "json", "."]
    results = {}
    if "one" in wanted:
        start = time.perf_counter()
        for repo in repos:
            timed("scan", scan, repo)
        results["one"] = time.perf_counter() - start
    if "clone" in wanted:  # the by-hand baseline of a URL sweep: clone shallow, scan, remove, one after another
        start = time.perf_counter()
        scratch = args.out / "clone-one"
        for repo in repos:
            shutil.rmtree(scratch, ignore_errors=True)
            timed("clone", ["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(scratch)], args.out, ok=(0,))
            timed("scan", scan, scratch)
        shutil.rmtree(scratch, ignore_errors=True)
        results["clone"] = time.perf_counter() - start
    for name, sources in (("local", [str(r) for r in repos]), ("url", [r.as_uri() for r in repos])):
        if name not in wanted:
            continue
        out = args.out / f"result-{name}"
        shutil.rmtree(out, ignore_errors=True)
        command = [*gemlint, "sweep", "-q", "-j", str(args.jobs), "--out", str(out), *sources]
        results[name] = timed(f"sweep {name}", command, args.out)
        if name == "url":
            results["again"] = timed("sweep url again", command, args.out)
    labels = {
        "one": ("one by one: gemlint scan in each checkout", None),
        "local": ("sweep of the local checkouts", "one"),
        "clone": ("one by one: git clone --depth 1 + scan", None),
        "url": ("sweep of file:// URLs (fetch + scan)", "clone"),
        "again": ("the same URL sweep again (all unchanged)", "clone"),
    }
    for name, (label, baseline) in labels.items():
        if name in results:
            ratio = f"   {results[baseline] / results[name]:5.2f}x vs {baseline}" if baseline in results else ""
            print(f"{label:<44} {results[name]:7.2f} s{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
