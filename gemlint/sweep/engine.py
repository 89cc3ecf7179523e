"""Run a sweep: look up commits, clone and scan on bounded workers, reuse what is already scanned, record failures.

Layout of the output folder (``--out``)::

    sweep.json                 the manifest: which sources this run (or shard) covered
    repos/<slug>/record.json   one per source: commit, key, counts, models (or the failure)
    repos/<slug>/report.json   gemlint's JSON report with "source" and "commit" (report.sarif with --sarif)
    summary.{json,md,html}, models.csv, repositories.csv

Clones go to the work folder (``--work``, default ``<out>/clones``) and are removed once scanned unless
``--keep-clones``. A source whose record has the same commit and the same key (gemlint, inventories, lifecycle
data, SARIF wanted) is not cloned or scanned again.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Callable, Dict, List, Optional

from gemlint import __version__
from gemlint.digest import digest
from gemlint.records import record
from gemlint.sweep import RECORD_SCHEMA
from gemlint.sweep.gitops import DEFAULT_BLOB_LIMIT, GitError, fetch_checkout, local_commit, remote_commit
from gemlint.sweep.scanrepo import failure_record, scan_repository
from gemlint.sweep.sources import Source, redact


@record
class SweepOptions:
    """How to sweep (the command line's options)."""

    out: str
    work: Optional[str] = None
    jobs: int = 0  # scan processes (0: one per core)
    clone_jobs: int = 4  # concurrent git fetches
    sarif: bool = False
    inventory: Optional[str] = None
    vertex_inventory: Optional[str] = None
    today: Optional[_dt.date] = None
    blob_limit: int = DEFAULT_BLOB_LIMIT
    keep_clones: bool = False
    force: bool = False  # rescan even what is up to date
    shard: Optional[str] = None  # "I/N", recorded in the manifest


def scan_key(opts: SweepOptions) -> Dict[str, Any]:
    """What a scan's result depends on besides the commit: gemlint itself, the inventories and lifecycle data."""
    from gemlint.inventory import BUNDLED_LIFECYCLE, BUNDLED_MODELS
    from gemlint.runner import code_fingerprint

    def file_digest(path: Optional[str]) -> Optional[str]:
        if path is None:
            return None
        with open(path, "rb") as fh:
            return digest(fh.read(), 8)

    return {
        "gemlint": f"{__version__}+{digest(code_fingerprint().encode('utf-8'), 8)}",
        "inventory": file_digest(opts.inventory or BUNDLED_MODELS),
        "vertex_inventory": file_digest(opts.vertex_inventory),
        "lifecycle": file_digest(BUNDLED_LIFECYCLE),
        "sarif": bool(opts.sarif),
    }


def read_record(path: str) -> Optional[Dict[str, Any]]:
    """A stored record, or None when absent or unreadable (it is then rebuilt)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == RECORD_SCHEMA else None


def write_json(path: str, data: Any) -> None:
    """Write ``data`` as indented JSON, atomically."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False, sort_keys=True)
        fh.write("\n")
    os.replace(tmp, path)


class Sweep:
    """One sweep over ``sources``; ``run()`` returns the records in source order."""

    def __init__(self, sources: List[Source], opts: SweepOptions, notify: Callable[[str], None] = lambda _m: None):
        self.sources = sources
        self.opts = opts
        self.notify = notify
        self.key = scan_key(opts)
        self.today = (opts.today or _dt.date.today()).isoformat()
        self.work = os.path.abspath(opts.work or os.path.join(opts.out, "clones"))
        self.done = 0
        self.lock = threading.Lock()
        self.reused = 0
        self.scanned = 0
        # Clones on disk at once: those being fetched plus those waiting for (or in) a scan.
        self.on_disk = threading.BoundedSemaphore(max(1, opts.clone_jobs) + max(1, self._scan_workers()) * 2)

    def _scan_workers(self) -> int:
        return self.opts.jobs or os.cpu_count() or 1

    def repo_dir(self, source: Source) -> str:
        return os.path.join(os.path.abspath(self.opts.out), "repos", source.slug)

    def run(self) -> List[Dict[str, Any]]:
        """Sweep every source; a failing clone or scan is recorded and the others go on."""
        results: Dict[str, Dict[str, Any]] = {}
        workers = self._scan_workers()
        pool = _process_pool(workers) if workers > 1 else None
        try:
            with ThreadPoolExecutor(max_workers=max(1, self.opts.clone_jobs)) as fetchers:
                pending: Dict[Future, tuple] = {fetchers.submit(self._prepare, s): (s, None) for s in self.sources}
                while pending:
                    finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    for future in finished:
                        source, job = pending.pop(future)
                        if job is not None:  # a scan came back
                            results[source.slug] = self._complete(source, job, _outcome(future, job))
                            continue
                        outcome = future.result()
                        if "record" in outcome:  # reused or failed: nothing to scan
                            self._finish(source, outcome["record"], outcome.get("reused", False))
                            results[source.slug] = outcome["record"]
                        elif pool is None:
                            job = outcome["job"]
                            results[source.slug] = self._complete(source, job, scan_repository(job))
                        else:
                            job = outcome["job"]
                            pending[pool.submit(scan_repository, job)] = (source, job)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return [results[s.slug] for s in self.sources]

    def _prepare(self, source: Source) -> Dict[str, Any]:
        """Commit lookup, resumability check and clone, on a fetch thread; never raises."""
        try:
            return self._prepare_source(source)
        except Exception as exc:  # one source must not stop the sweep
            base = {"source": source.name, "slug": source.slug}
            return {"record": failure_record(base, "clone", f"internal error: {type(exc).__name__}: {exc}")}

    def _prepare_source(self, source: Source) -> Dict[str, Any]:
        base = {"source": source.name, "slug": source.slug}
        try:
            if source.remote:
                commit: Optional[str] = remote_commit(source)
            elif os.path.isdir(source.location):
                commit = local_commit(source.location)
            else:
                return {"record": failure_record(base, "source", f"{source.name}: no such folder")}
        except GitError as exc:
            return {"record": failure_record(base, "clone", str(exc))}
        previous = read_record(os.path.join(self.repo_dir(source), "record.json"))
        if (
            not self.opts.force
            and previous is not None
            and previous.get("status") == "ok"
            and commit is not None
            and not commit.endswith("+dirty")
            and previous.get("commit") == commit
            and previous.get("key") == self.key
            and not _verdicts_dated_between(previous, self.today)
        ):
            return {"record": previous, "reused": True}
        job = dict(
            base,
            commit=commit,
            key=self.key,
            out=self.repo_dir(source),
            sarif=self.opts.sarif,
            inventory=self.opts.inventory,
            vertex_inventory=self.opts.vertex_inventory,
            today=self.today,
            folder=source.location,
            exclude=_inside(source.location, [self.opts.out, self.work]) if not source.remote else [],
        )
        if source.remote:
            self.on_disk.acquire()
            dest = os.path.join(self.work, source.slug)
            try:
                shutil.rmtree(dest, ignore_errors=True)
                job["commit"] = fetch_checkout(source, dest, self.opts.blob_limit)
                job["folder"] = dest
                job["clone"] = dest
            except (GitError, OSError) as exc:
                self._remove_clone(dest)
                return {"record": failure_record(base, "clone", str(exc))}
        return {"job": job}

    def _complete(self, source: Source, job: Dict[str, Any], found: Dict[str, Any]) -> Dict[str, Any]:
        if job.get("clone"):
            self._remove_clone(job["clone"])
        self._finish(source, found, False)
        return found

    def _remove_clone(self, dest: str) -> None:
        if not self.opts.keep_clones:
            shutil.rmtree(dest, ignore_errors=True)
        self.on_disk.release()

    def _finish(self, source: Source, found: Dict[str, Any], reused: bool) -> None:
        folder = self.repo_dir(source)
        if not reused:
            if found.get("status") != "ok":
                for name in ("report.json", "report.sarif"):  # no stale report beside a failure
                    try:
                        os.remove(os.path.join(folder, name))
                    except OSError:
                        pass
            write_json(os.path.join(folder, "record.json"), found)
        with self.lock:
            self.done += 1
            if reused:
                self.reused += 1
            elif found.get("status") == "ok":
                self.scanned += 1
            position = f"[{self.done}/{len(self.sources)}]"
        self.notify(f"{position} {source.name}: {_progress(found, reused)}")


def _verdicts_dated_between(previous: Dict[str, Any], today: str) -> bool:
    """True when a shutdown date of a model the repository uses lies between the day it was scanned and
    ``today``: its findings (a coming shutdown, now a retired model) would differ, so it is scanned again."""
    scanned = previous.get("scanned_on")
    if not scanned:
        return True
    low, high = sorted((scanned, today))
    for use in previous.get("models", ()):
        shutdown = use.get("facts", {}).get("shutdown")
        if shutdown and low < shutdown <= high:
            return True
    return False


def _inside(folder: str, paths: List[str]) -> List[str]:
    """Anchored exclude patterns for those of ``paths`` (the sweep's own output) that lie inside ``folder``."""
    root = os.path.realpath(folder)
    found = []
    for path in paths:
        real = os.path.realpath(path)
        if real.startswith(root.rstrip(os.sep) + os.sep):
            found.append("/" + os.path.relpath(real, root).replace(os.sep, "/") + "/")
    return found


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _outcome(future: Future, job: Dict[str, Any]) -> Dict[str, Any]:
    try:
        return future.result()
    except Exception as exc:  # a worker process that died
        return failure_record(job, "scan", f"worker failed: {type(exc).__name__}: {exc}")


def _progress(found: Dict[str, Any], reused: bool) -> str:
    if found.get("status") != "ok":
        return f"{found.get('stage', 'scan')} failed: {found.get('error')}"
    commit = (found.get("commit") or "no commit")[:12]
    counts = f"{_plural(found['errors'], 'error')}, {_plural(found['warnings'], 'warning')}"
    return f"unchanged at {commit}, not rescanned ({counts})" if reused else f"scanned at {commit}: {counts}"


def _process_pool(workers: int):
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    if sys.platform.startswith("linux"):
        # forkserver: the fetch threads make fork unsafe; the server preloads gemlint once for every worker.
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["gemlint.sweep.scanrepo"])
    else:
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def write_manifest(opts: SweepOptions, sources: List[Source], records: List[Dict[str, Any]]) -> None:
    """``sweep.json``: what this run (or shard) covered, for ``gemlint sweep merge``."""
    write_json(
        os.path.join(opts.out, "sweep.json"),
        {
            "schema": RECORD_SCHEMA,
            "gemlint": __version__,
            "shard": opts.shard,
            "repos": [s.slug for s in sources],
            "failed": [redact(r["source"]) for r in records if r.get("status") != "ok"],
        },
    )
