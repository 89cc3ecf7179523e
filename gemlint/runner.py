"""Run per-file extraction: from the cache when possible, in parallel otherwise.

Results come back in the order of the input files, whatever the number of
workers, so output is identical with one or many workers and with or without
the cache (tests check both).
"""

from __future__ import annotations

import os
import sys
from typing import Callable, List, Optional, Sequence, Tuple

from gemlint import __version__
from gemlint.api import ExtractOptions
from gemlint.cache import Cache, content_digest, default_cache_dir
from gemlint.cache_codec import schema_fingerprint
from gemlint.digest import blake2b
from gemlint.discover import SourceFile
from gemlint.types import FileResult

CACHE_MIN_FILES = 16
PARALLEL_THRESHOLD = 48  # below this many files to parse, workers cost more than they save


def code_fingerprint(root: Optional[str] = None) -> str:
    """gemlint's own files as they are on disk (path, size, modification time), ``root`` the package folder.

    Part of the cache key with the version: an edited checkout, or a pre-commit hook at a new revision that
    still says the same version, never reads the results another gemlint stored. About 0.3 ms (90 stats).
    """
    if root is None:
        if not _FINGERPRINT:
            _FINGERPRINT.append(code_fingerprint(os.path.dirname(os.path.abspath(__file__))))
        return _FINGERPRINT[0]
    rows: List[str] = []
    _stat_files(root, "", rows)
    return "\n".join(rows)


def _stat_files(folder: str, prefix: str, rows: List[str]) -> None:
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":  # compiling changes nothing
                _stat_files(entry.path, f"{prefix}{entry.name}/", rows)
            continue
        try:
            st = entry.stat()
        except OSError:  # removed while we looked: the next run sees the new state
            continue
        rows.append(f"{prefix}{entry.name}:{st.st_size}:{st.st_mtime_ns}")


_FINGERPRINT: List[str] = []  # this process's code_fingerprint(), computed once


def settings_key(opts: ExtractOptions) -> str:
    """A digest of everything a FileResult depends on besides the file itself."""
    h = blake2b(digest_size=12)
    h.update(__version__.encode())
    h.update(code_fingerprint().encode())
    h.update(sys.version.encode())
    h.update("\n".join(sorted(opts.known)).encode())
    h.update(f"{opts.include_minified}|{opts.max_file_size}".encode())
    h.update(schema_fingerprint().encode())  # a record gaining a field makes a new cache file
    return h.hexdigest()


def make_runner(
    config,
    scanner,
    use_cache: bool = True,
    cache_dir: Optional[str] = None,
    jobs: Optional[int] = 0,
    notify: Optional[Callable[[str], None]] = None,
):
    """A ``file_results`` callable for ``api.scan``; ``notify`` gets the cache's one-line notices."""
    folder = cache_dir or default_cache_dir(config.root)

    def run(sources: List[SourceFile], opts: ExtractOptions) -> List[FileResult]:
        run.recomputed = len(sources)  # type: ignore[attr-defined]
        if len(sources) < CACHE_MIN_FILES:  # a few files: reading them beats loading the cache
            return [process_file(s, opts) for s in sources]
        cache = Cache(folder, settings_key(opts), [config.root], notify) if use_cache else None
        if cache is not None:
            cache.load()
        results: List[Optional[FileResult]] = [None] * len(sources)
        todo: List[Tuple[int, SourceFile, Optional[Tuple[int, int]]]] = []
        for i, source in enumerate(sources):
            stat = _stat(source.path)
            if cache is not None and stat is not None:
                hit = cache.get(source.display, stat[0], stat[1]) or _same_content(cache, source, stat)
                if hit is not None:
                    results[i] = hit
                    continue
            todo.append((i, source, stat))
        run.recomputed = len(todo)  # type: ignore[attr-defined]
        sizes = [stat[0] if stat is not None else 0 for _, _, stat in todo]
        computed = _compute([s for _, s, _ in todo], opts, jobs or 0, sizes)
        for (i, source, stat), result in zip(todo, computed):
            results[i] = result
            if cache is not None and stat is not None and not _has_internal(result):
                cache.put(source.display, stat[0], stat[1], result.digest, result)
        if cache is not None:
            cache.save()
        return [r for r in results if r is not None]

    def project_index(opts: ExtractOptions):
        """The project index (cross-file facts) beside the cache, or None without a cache."""
        from gemlint.project_index import ProjectIndex

        return ProjectIndex(folder, settings_key(opts), [config.root]) if use_cache else None

    def scan_memo(opts: ExtractOptions):
        """The scan memo beside the cache (``scan_memo.py``) and its settings key; only with the cache."""
        from gemlint.scan_memo import ScanMemo

        key = settings_key(opts)
        return ScanMemo(folder, key, [config.root]), key

    run.project_index = project_index  # type: ignore[attr-defined]
    if use_cache:
        run.scan_memo = scan_memo  # type: ignore[attr-defined]
    return run


def _same_content(cache: Cache, source: SourceFile, stat: Tuple[int, int]) -> Optional[FileResult]:
    """A parsed file whose stat changed but whose bytes did not (a checkout, a touch)."""
    entry = cache.entries.get(source.display)
    if entry is None or not entry[2] or entry[0] != stat[0]:
        return None
    try:
        with open(source.path, "rb") as fh:
            digest = content_digest(fh.read())
    except OSError:
        return None
    if digest != entry[2]:
        return None
    result = cache.result(source.display, entry)
    cache.put(source.display, stat[0], stat[1], digest, result)
    return result


def _has_internal(result: FileResult) -> bool:
    """An internal error, or a file over its time budget: neither is cached (the next run tries again)."""
    from gemlint.budget import timed_out

    return any(e.internal for e in result.errors) or timed_out(result)


def _stat(path: str) -> Optional[Tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def process_file(source: SourceFile, opts: ExtractOptions) -> FileResult:
    """``file_facts.process_file``, loaded when the first file is read (a memo-answered re-scan reads none)."""
    from gemlint.file_facts import process_file as read

    return read(source, opts)


def _one(args: Tuple[SourceFile, ExtractOptions]) -> FileResult:
    return process_file(*args)


def _workers(jobs: int, count: int) -> int:
    """How many processes share the work, the main one included."""
    if jobs == 1 or count < PARALLEL_THRESHOLD:
        return 1
    cpus = os.cpu_count() or 1
    return max(1, min(jobs or cpus, cpus * 2, count // 16 or 1))


def _compute(
    sources: Sequence[SourceFile], opts: ExtractOptions, jobs: int, sizes: Optional[Sequence[int]] = None
) -> List[FileResult]:
    """Results in input order. The main process works too (one fewer process in memory): with ``os.fork`` it and
    the workers take files from one queue, costliest first (``gemlint.parallel``); elsewhere a process pool takes
    a static share of the files."""
    workers = _workers(jobs, len(sources))
    if workers == 1:
        return [process_file(s, opts) for s in sources]
    if sys.platform.startswith("linux"):
        from gemlint.extract import load_extractor
        from gemlint.parallel import run_shared

        # Extractors every process needs are imported once, before the fork (the workers share them); the
        # tree-sitter grammars are not: the main process alone reads TypeScript/JavaScript (gemlint.parallel).
        for lang in {s.language for s in sources} & {"python", "notebook", "settings"}:
            load_extractor(lang)
        return run_shared(sources, opts, workers, process_file, sizes, _decode)
    return _pool_compute(sources, opts, workers)


def _decode(value) -> FileResult:
    """A worker's result, from its JSON (the decoder is built at the first one: in the parallel part, 3 ms)."""
    if not _DECODER:
        from gemlint.cache_codec import decoders

        _DECODER.append(decoders()[FileResult])
    return _DECODER[0](value)


_DECODER: list = []  # the cache's checking decoder of a FileResult, once built


def _pool_compute(sources: Sequence[SourceFile], opts: ExtractOptions, workers: int) -> List[FileResult]:
    """Where forking is not the default (macOS, Windows): a pool of fresh processes, each a static share."""
    from concurrent.futures import ProcessPoolExecutor

    shares = _shares(sources, workers)  # share 0 stays here
    others = [i for share in shares[1:] for i in share]
    chunk = max(1, len(others) // ((workers - 1) * 8))
    results: List[Optional[FileResult]] = [None] * len(sources)
    with ProcessPoolExecutor(max_workers=workers - 1) as pool:
        pending = pool.map(_one, [(sources[i], opts) for i in others], chunksize=chunk)
        for i in shares[0]:
            results[i] = process_file(sources[i], opts)
        for i, result in zip(others, pending):
            results[i] = result
    return [r for r in results if r is not None]


MAIN_SHARE = 0.8  # the main process also starts the workers and unpickles their results: it takes less


def _shares(sources: Sequence[SourceFile], workers: int) -> List[List[int]]:
    """Indices of ``sources`` per process, balanced on bytes (largest first, each to the least loaded process;
    the main process's load counts 1/MAIN_SHARE), each share in input order."""
    sizes = []
    for i, source in enumerate(sources):
        try:
            sizes.append((os.stat(source.path).st_size, i))
        except OSError:
            sizes.append((0, i))
    load = [0.0] * workers
    shares: List[List[int]] = [[] for _ in range(workers)]
    for size, i in sorted(sizes, key=lambda pair: (-pair[0], pair[1])):
        k = min(range(workers), key=lambda w: (load[w] + size / (MAIN_SHARE if w == 0 else 1.0), w))
        load[k] += (size + 512) / (MAIN_SHARE if k == 0 else 1.0)  # + a fixed cost per file
        shares[k].append(i)
    return [sorted(share) for share in shares]
