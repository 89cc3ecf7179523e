#!/usr/bin/env python3
"""The ecosystem check: gemlint on pinned public Gemini repositories, against a judged baseline.

Modelled on ruff's ecosystem check and mypy_primer. Each repository of ``bench/ecosystem/repos.json``
(``owner/name`` at a pinned commit) is checked out outside this repository (``/work/eco`` by default,
``--eco DIR``), scanned with ``gemlint scan --format json --no-cache`` on a pinned date, and its
findings are compared with ``bench/ecosystem/baseline.json``, where each finding was judged by reading
the code: ``true`` (the finding is right), ``false`` (it is wrong: a test double, a recording...) or
``debatable``, with a one-line reason. Printed: the findings that are new (unjudged, with file:line and
the code line), the judged ones that disappeared, and the precision of the run, true / (true + false),
for errors and for all findings (debatable and unjudged ones are counted apart).

    python bench/ecosystem.py                 # check out what is missing, scan, compare
    python bench/ecosystem.py --update        # also add new findings to the baseline, verdict null
    python bench/ecosystem.py --json          # the comparison as JSON on stdout

Checkouts: ``git clone`` of ``--source`` (default ``https://github.com/{repo}.git``) then ``git checkout
COMMIT``; a ``--source`` that names a local bare repository (``/mirrors/{owner}+{name}/repo``) is
exported blob by blob instead, which tolerates the large files a partial mirror lacks (they are
listed). Nothing is written inside the scanned checkouts (``--no-cache``). Exit status: 0 when the
targets hold (errors >= 0.95, all findings >= 0.90 true) and nothing is unjudged, 1 otherwise, 2 when a
repository cannot be checked out or scanned.
"""

from __future__ import annotations

import argparse
import json
import linecache
import os
import subprocess
import sys
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
REPOS = os.path.join(HERE, "ecosystem", "repos.json")
BASELINE = os.path.join(HERE, "ecosystem", "baseline.json")
TARGET_ERRORS, TARGET_ALL = 0.95, 0.90

Key = Tuple[str, str, int, Optional[int], str, str]  # repo, path, line, cell, code, model


def key_of(repo: str, f: dict) -> Key:
    return (repo, f["path"], f["line"], f.get("cell"), f["code"], f["model"])


def checkout_dir(eco: str, repo: str) -> str:
    return os.path.join(eco, repo.replace("/", "__"))


def checkout(eco: str, repo: str, commit: str, source: str) -> str:
    """The checkout of ``repo`` at ``commit`` under ``eco`` (made when missing)."""
    dest = checkout_dir(eco, repo)
    stamp = os.path.join(eco, f".{repo.replace('/', '__')}.commit")
    if os.path.isdir(dest) and os.path.exists(stamp) and open(stamp).read().strip() == commit:
        return dest
    owner, name = repo.split("/")
    url = source.format(repo=repo, owner=owner, name=name)
    if os.path.isdir(dest):
        subprocess.run(["rm", "-rf", dest], check=True)
    os.makedirs(eco, exist_ok=True)
    if os.path.isdir(url):
        missing = _export(url, commit, dest)
        if missing:
            print(f"{repo}: {len(missing)} file(s) missing from the mirror: {', '.join(missing[:5])}", file=sys.stderr)
    else:
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", url, dest], check=True)
        subprocess.run(["git", "-C", dest, "checkout", "--quiet", commit], check=True)
    with open(stamp, "w") as fh:
        fh.write(commit + "\n")
    return dest


def _export(git_dir: str, commit: str, dest: str) -> List[str]:
    """Write the tree of ``commit`` from a bare repository to ``dest``; the paths whose blobs are absent."""
    tree = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit], capture_output=True, check=True)
    blobs = []
    for entry in tree.stdout.split(b"\0"):
        if entry:
            meta, path = entry.split(b"\t", 1)
            kind, sha = meta.split()[1:3]
            if kind == b"blob":
                blobs.append((sha, path.decode("utf-8", "surrogateescape")))
    cat = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    missing = []
    for sha, path in blobs:
        cat.stdin.write(sha + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if header[-1] == b"missing":
            missing.append(path)
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        full = os.path.join(dest, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data)
    cat.stdin.close()
    cat.wait()
    return missing


def scan(path: str, today: str, gemlint: List[str]) -> dict:
    env = dict(os.environ, GEMLINT_TODAY=today, NO_COLOR="1")
    run = subprocess.run(
        [*gemlint, "scan", "--format", "json", "--no-cache", "."], cwd=path, env=env, capture_output=True, text=True
    )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"gemlint exited {run.returncode} in {path}: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def code_line(root: str, f: dict) -> str:
    if f.get("cell") is not None:
        return _cell_line(os.path.join(root, f["path"]), f["cell"], f["line"])
    return linecache.getline(os.path.join(root, f["path"]), f["line"]).strip()


def _cell_line(path: str, cell: int, line: int) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            cells = json.load(fh).get("cells", [])
        source = cells[cell - 1].get("source", "")  # gemlint numbers every cell, from 1
        lines = ("".join(source) if isinstance(source, list) else source).split("\n")
        return lines[line - 1].strip()
    except (OSError, ValueError, IndexError, KeyError, AttributeError):
        return ""


def precision(entries: List[dict]) -> Tuple[Optional[float], int, int]:
    true = sum(1 for e in entries if e.get("verdict") == "true")
    false = sum(1 for e in entries if e.get("verdict") == "false")
    return (true / (true + false) if true + false else None), true, false


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eco", default=os.environ.get("GEMLINT_ECO", "/work/eco"), help="where the checkouts live")
    ap.add_argument("--source", default="https://github.com/{repo}.git", help="clone URL or bare-repository template")
    ap.add_argument("--gemlint", default=f"{sys.executable} -m gemlint", help="the command to run")
    ap.add_argument("--update", action="store_true", help="add new findings to the baseline (verdict null)")
    ap.add_argument("--json", action="store_true", help="print the comparison as JSON")
    ap.add_argument("--only", help="one repository (owner/name)")
    args = ap.parse_args(argv)

    config = json.load(open(REPOS))
    baseline = json.load(open(BASELINE)) if os.path.exists(BASELINE) else {"findings": []}
    judged: Dict[Key, dict] = {
        (e["repo"], e["path"], e["line"], e.get("cell"), e["code"], e["model"]): e for e in baseline["findings"]
    }
    env_path = os.pathsep.join(filter(None, [REPO_ROOT, os.environ.get("PYTHONPATH")]))
    os.environ["PYTHONPATH"] = env_path  # this checkout's gemlint
    current: List[dict] = []
    seen_repos = []
    for entry in config["repos"]:
        repo, commit = entry["repo"], entry["commit"]
        if args.only and repo != args.only:
            continue
        seen_repos.append(repo)
        try:
            root = checkout(args.eco, repo, commit, args.source)
            data = scan(root, config["today"], args.gemlint.split())
        except (subprocess.CalledProcessError, RuntimeError, ValueError) as exc:
            print(f"{repo}: {exc}", file=sys.stderr)
            return 2
        for f in data["findings"]:
            k = key_of(repo, f)
            item = dict(judged.get(k, {}))
            item.update(repo=repo, path=f["path"], line=f["line"], cell=f.get("cell"), code=f["code"],
                        model=f["model"], severity=f["severity"], site=f.get("call_site"))
            item.setdefault("verdict", None)
            item.setdefault("reason", "")
            item["source"] = item.get("source") or code_line(root, f)
            current.append(item)
    now = {(e["repo"], e["path"], e["line"], e.get("cell"), e["code"], e["model"]) for e in current}
    gone = [e for k, e in judged.items() if k[0] in seen_repos and k not in now]
    new = [e for e in current if e["verdict"] is None]
    errors = [e for e in current if e["severity"] == "error"]
    p_err, t_err, f_err = precision(errors)
    p_all, t_all, f_all = precision(current)
    debatable = sum(1 for e in current if e.get("verdict") == "debatable")
    ok = (p_err or 0) >= TARGET_ERRORS and (p_all or 0) >= TARGET_ALL and not new

    if args.update:
        keep = [e for k, e in judged.items() if k[0] not in seen_repos]
        baseline["findings"] = sorted(
            keep + current,
            key=lambda e: (e["repo"], e["path"], e.get("cell") or 0, e["line"], e["code"], e["model"]),
        )
        with open(BASELINE, "w") as fh:
            json.dump(baseline, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    if args.json:
        print(json.dumps({"new": new, "disappeared": gone, "precision_errors": p_err, "precision_all": p_all,
                          "findings": len(current), "errors": len(errors), "debatable": debatable}, indent=1))
        return 0 if ok else 1
    for e in new:
        where = f"{e['path']}:{e['line']}" + (f" (cell {e['cell']})" if e.get("cell") is not None else "")
        print(f"new      {e['repo']} {where} {e['code']} {e['severity']} {e['model']}\n           {e['source'][:140]}")
    for e in gone:
        print(
            f"gone     {e['repo']} {e['path']}:{e['line']} {e['code']} {e['model']} "
            f"(was {e['verdict']}: {e['reason']})"
        )
    by_repo: Dict[str, List[dict]] = {}
    for e in current:
        by_repo.setdefault(e["repo"], []).append(e)
    for repo in seen_repos:
        items = by_repo.get(repo, [])
        p, t, f = precision(items)
        pe, te, fe = precision([e for e in items if e["severity"] == "error"])
        print(
            f"{repo:40s} {len(items):4d} findings  precision {_pct(p)} ({t} true, {f} false)  "
            f"errors {_pct(pe)} ({te}/{te + fe})"
        )
    print(
        f"total: {len(current)} findings ({len(errors)} errors), {len(new)} unjudged, {len(gone)} disappeared, "
        f"{debatable} debatable"
    )
    print(f"precision of errors {_pct(p_err)} ({t_err} true, {f_err} false; target {TARGET_ERRORS:.2f})")
    print(f"precision of all findings {_pct(p_all)} ({t_all} true, {f_all} false; target {TARGET_ALL:.2f})")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def _pct(value: Optional[float]) -> str:
    return "n/a " if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
