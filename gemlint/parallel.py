"""Per-file work shared between the main process and forked workers: one queue, costliest file first.

Every process (the main one included) claims the next files from one queue until it is empty, so no process
waits at the end for another's fixed share. The queue is a pipe, filled before the fork with the claims (each a
4-byte position in the costliest-first order): a read of 4 bytes takes one claim, atomically between processes.
Workers send their results back in batches (JSON, length-prefixed) through a pipe each; the main process
reads them between its own files and rebuilds each result with a checking decoder (``cache_codec``: plain data
only, as the cache reads its file). Whatever a worker claimed and never sent back (it was killed, it crashed)
the main process computes itself at the end: results are complete and in input order, as with one process.
Nothing is loaded before the fork: each process loads the extractors of the languages it meets (in parallel).
"""

from __future__ import annotations

import json
import os
import struct
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

from gemlint.discover import SourceFile

R = TypeVar("R")
Work = Callable[[SourceFile, object], R]

CLAIM = struct.Struct("<I")  # one claim in the queue: a position in the costliest-first order
FRAME = struct.Struct("<I")  # the length of one batch of results
MAX_CLAIMS = 2048  # 8 KiB of claims: the queue fits a pipe's buffer on every platform (filled before the fork)
BATCH_FILES = 48  # a worker sends its results after this many files...
BATCH_SECONDS = 0.03  # ...or this long, whichever comes first (smaller batches: more writes; larger: more lost)
RESULT_PIPE = 1 << 20  # bytes asked for the result pipes (Linux), so that a worker rarely waits for the reader

# Microseconds of extraction (a fixed cost, and per byte) by language, measured on the Vertex AI sample collection.
# Only the order of the queue depends on it. A notebook's bytes are mostly outputs, which cost next to nothing.
COST = {
    "python": (50.0, 0.5),
    "notebook": (5000.0, 0.005),
    "ts": (50.0, 0.3),
    "tsx": (50.0, 0.3),
    "js": (1500.0, 0.02),
    "component": (50.0, 0.3),
    "page": (50.0, 0.05),
    "settings": (150.0, 0.07),
    "declarations": (150.0, 0.01),
}


# Languages whose extractor costs each process a load of its own (tree-sitter grammars and queries: about 0.1 s of CPU
# for the three). While their files are a small part of the work, the main process alone reads them, before it joins
# the queue: loaded once, while the workers start on the queue.
LOADED_APART = frozenset({"ts", "tsx", "js", "component", "page"})
APART_SHARE = 0.5  # at most this part of one process's fair share of the estimated work


def estimated_cost(language: str, size: int) -> float:
    """A file's likely extraction time in microseconds, from its language and size (the queue's order)."""
    fixed, per_byte = COST.get(language, (50.0, 0.1))
    return fixed + per_byte * size


def costliest_first(sources: Sequence[SourceFile], sizes: Optional[Sequence[int]] = None) -> List[int]:
    """Indices of ``sources``, the costliest first (ties in input order)."""
    return _plan(sources, sizes, 1)[0]


def _plan(sources: Sequence[SourceFile], sizes: Optional[Sequence[int]], processes: int) -> Tuple[List[int], List[int]]:
    """(the queue, the main process's own files before it): each costliest first."""
    if sizes is None:
        sizes = [_size(s.path) for s in sources]
    costs = [estimated_cost(s.language, size) for s, size in zip(sources, sizes)]
    order = sorted(range(len(sources)), key=lambda i: (-costs[i], i))
    if processes < 2:
        return order, []
    apart = sum(c for s, c in zip(sources, costs) if s.language in LOADED_APART)
    if not apart or apart > sum(costs) / processes * APART_SHARE:
        return order, []
    own = [i for i in order if sources[i].language in LOADED_APART]
    return [i for i in order if sources[i].language not in LOADED_APART], own


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def run_shared(
    sources: Sequence[SourceFile],
    opts: object,
    processes: int,
    work: Work,
    sizes: Optional[Sequence[int]] = None,
    decode: Optional[Callable[[Any], R]] = None,
) -> List[R]:
    """``work(source, opts)`` for every source, shared by this process and ``processes - 1`` forked workers.

    Results in input order. A worker's results travel as JSON (records as lists of their fields) and ``decode``
    rebuilds each one here (None: the plain JSON value). Needs ``os.fork``; ``work`` never raises
    (``api.process_file``), but a worker that dies anyway loses nothing: what it did not send back (or sent
    back undecodable) is computed here.
    """
    order, own = _plan(sources, sizes, processes)
    step = max(1, -(-len(order) // MAX_CLAIMS))  # files per claim: 1 up to MAX_CLAIMS files
    queue_r, queue_w = os.pipe()
    try:
        _write_all(queue_w, b"".join(CLAIM.pack(start) for start in range(0, len(order), step)))
    finally:
        os.close(queue_w)  # the queue is complete: a read past its end finds nothing
    workers: Dict[int, int] = {}  # result pipe -> pid
    results: List[Optional[R]] = [None] * len(sources)
    done = [False] * len(sources)
    finished = False
    try:
        for _ in range(processes - 1):
            started = _fork_worker(queue_r, workers, sources, opts, order, step, work)
            if started is None:  # no more processes (a limit, no memory): those running do the work
                break
            workers[started[0]] = started[1]
        reader = _Reader(workers, results, done, decode)
        for i in own:
            results[i] = work(sources[i], opts)
            done[i] = True
            reader.poll()
        for start in _claims(queue_r):
            for position in range(start, min(start + step, len(order))):
                i = order[position]
                results[i] = work(sources[i], opts)
                done[i] = True
                reader.poll()
        os.close(queue_r)
        queue_r = -1
        reader.wait()
        finished = True
    finally:
        if queue_r >= 0:
            os.close(queue_r)
        _reap(workers.values(), kill=not finished)
        for fd in workers:
            _close(fd)
    for i, ok in enumerate(done):  # claimed by a worker that died before sending it back
        if not ok:
            results[i] = work(sources[i], opts)
    return results  # type: ignore[return-value]


def _claims(queue_r: int):
    while True:
        claim = os.read(queue_r, CLAIM.size)
        if len(claim) < CLAIM.size:  # empty (a claim is never split: all were written at once, before any read)
            return
        yield CLAIM.unpack(claim)[0]


def _fork_worker(queue_r, workers, sources, opts, order, step, work) -> Optional[Tuple[int, int]]:
    """A new worker: (the pipe to read its results from, its pid); None when none can be started."""
    try:
        result_r, result_w = os.pipe()
    except OSError:  # out of file descriptors
        return None
    _grow_pipe(result_w)
    try:
        pid = os.fork()
    except OSError:
        os.close(result_r)
        os.close(result_w)
        return None
    if pid == 0:  # the worker: never returns into the caller's code
        code = 1
        try:
            os.close(result_r)
            for fd in workers:  # the other workers' pipes: only the main process reads them
                os.close(fd)
            _serve(queue_r, result_w, sources, opts, order, step, work)
            os.close(result_w)  # the end, now: the exit would close it only after freeing the process's memory
            code = 0
        finally:
            os._exit(code)  # no flushing of the parent's buffers, no atexit handlers
    os.close(result_w)
    return result_r, pid


def _serve(queue_r, result_w, sources, opts, order, step, work) -> None:
    batch: List[Tuple[int, object]] = []
    sent = time.monotonic()
    for start in _claims(queue_r):
        for position in range(start, min(start + step, len(order))):
            i = order[position]
            batch.append((i, work(sources[i], opts)))
        if len(batch) >= BATCH_FILES or time.monotonic() - sent > BATCH_SECONDS:
            _send(result_w, batch)
            batch = []
            sent = time.monotonic()
    if batch:
        _send(result_w, batch)


def _send(fd: int, batch: list) -> None:
    data = json.dumps(batch, separators=(",", ":")).encode("ascii")  # ASCII: lone surrogates in paths come back
    _write_all(fd, FRAME.pack(len(data)) + data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _grow_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), RESULT_PIPE)
    except (ImportError, OSError):  # not Linux, or over the system's limit: the default size works, slower
        pass


class _Reader:
    """The main process's side of the result pipes: batches decoded as they come, each result in its place."""

    def __init__(self, workers: Dict[int, int], results: list, done: List[bool], decode) -> None:
        self.open = {fd: bytearray() for fd in workers}
        self.results = results
        self.done = done
        self.decode = decode
        for fd in workers:
            os.set_blocking(fd, False)

    def poll(self) -> None:
        """Take what the workers have sent so far, without waiting."""
        for fd in list(self.open):
            self._read(fd)

    def wait(self) -> None:
        """Take everything until every worker has closed its pipe (finished, or died)."""
        import select  # selectors would cost a millisecond more to import

        poller = select.poll()
        for fd in self.open:
            poller.register(fd, select.POLLIN)
        while self.open:
            for fd, _ in poller.poll():
                if not self._read(fd):
                    poller.unregister(fd)

    def _read(self, fd: int) -> bool:
        """Read ``fd`` until it would block; False (and forgotten) at its end."""
        buffer = self.open[fd]
        while True:
            try:
                chunk = os.read(fd, RESULT_PIPE)
            except BlockingIOError:
                break
            if not chunk:
                self._unpack(buffer)  # what came with the end; a partial batch left is lost (computed again)
                del self.open[fd]
                return False
            buffer += chunk
        self._unpack(buffer)
        return True

    def _unpack(self, buffer: bytearray) -> None:
        while len(buffer) >= FRAME.size:
            size = FRAME.unpack_from(buffer)[0]
            end = FRAME.size + size
            if len(buffer) < end:
                return
            try:
                batch = json.loads(buffer[FRAME.size : end])
            except ValueError:  # cannot happen short of a bug: the files are computed again
                batch = []
            del buffer[:end]
            self._take(batch if type(batch) is list else [])

    def _take(self, batch: list) -> None:
        count = len(self.results)
        for item in batch:
            if type(item) is not list or len(item) != 2 or type(item[0]) is not int or not 0 <= item[0] < count:
                continue
            i = item[0]
            if self.done[i]:
                continue
            try:
                self.results[i] = item[1] if self.decode is None else self.decode(item[1])
            except (ValueError, TypeError):  # not a result (CodecError is a ValueError): computed again
                continue
            self.done[i] = True


_EXITING: List[int] = []  # finished workers not reaped yet (still freeing their memory when the scan went on)
_AT_EXIT: List[bool] = []  # whether _reap is registered to run at the interpreter's exit


def _reap(pids, kill: bool) -> None:
    """Reap the workers; ``kill`` them first when the main process stops early (an interrupt, an error).

    A finished worker has sent everything, but its exit (freeing its memory) takes a few milliseconds more: it is
    reaped by the next call here, or at the interpreter's exit, if it is not done yet, not waited for."""
    for pid in _EXITING[:]:
        _EXITING.remove(pid)
        _wait(pid, 0)
    for pid in pids:
        if kill:
            try:
                import signal

                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if not _wait(pid, 0 if kill else os.WNOHANG):
            if not _AT_EXIT:
                import atexit

                atexit.register(_reap, (), False)  # reaped by us, its CPU time and memory count as the scan's
                _AT_EXIT.append(True)
            _EXITING.append(pid)


def _wait(pid: int, flags: int) -> bool:
    """Whether ``pid`` is reaped (or was not ours to reap)."""
    try:
        return os.waitpid(pid, flags)[0] != 0
    except ChildProcessError:
        return True


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass
