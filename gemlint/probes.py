"""What a scan learned from the file system beyond the files it discovered, for the scan memo to check again.

Linking probes for modules (``isfile``, ``isdir``), reads files the scan did
not extract (``load_facts``) and lists the folders above the scanned paths
(platform declarations). While a ``recording()`` is active in this thread,
each such look is kept as ``(kind, path) -> answer`` (a probe for a file or
folder as the stat of the folder holding it); ``replay`` asks again and says
whether every answer is the same (``scan_memo.py``). With no
recording active these functions are plain ``os.path`` calls.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Dict, Iterator, List, Optional, Tuple

Probes = Dict[Tuple[str, str], object]
_ACTIVE: ContextVar[Optional[Probes]] = ContextVar("gemlint_probes", default=None)


def _stat(path: str) -> Optional[List[int]]:
    """A file's (size, mtime_ns), or a folder's mtime_ns (it changes when entries come or go); None: absent."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_size, st.st_mtime_ns]


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


_ASK = {"f": os.path.isfile, "d": os.path.isdir, "s": _stat, "r": _real}


def _record(kind: str, path: str) -> object:
    answer = _ASK[kind](path)
    found = _ACTIVE.get()
    if found is not None:
        if kind in ("f", "d"):
            # Whether an entry is a file or a folder changes only when entries of its folder come, go or are
            # renamed, which changes the folder's mtime: one stat per folder replaces thousands of probes.
            # A folder that does not exist is decided by the nearest one above that does.
            folder = os.path.dirname(os.path.abspath(path))
            while ("s", folder) not in found:
                st = _stat(folder)
                parent = os.path.dirname(folder)
                if st is not None or parent == folder:
                    found[("s", folder)] = st
                    break
                folder = parent
        else:
            found[(kind, path)] = answer
    return answer


def isfile(path: str) -> bool:
    """``os.path.isfile``, recorded."""
    return bool(_record("f", path))


def isdir(path: str) -> bool:
    """``os.path.isdir``, recorded."""
    return bool(_record("d", path))


def realpath(path: str, roots: Tuple[str, ...] = ()) -> str:
    """``os.path.realpath`` of the absolute path, recorded (a symlink swapped inside the project).

    A path inside one of ``roots`` that resolves to itself is recorded as the stats of its folders up to the
    root instead: it resolves elsewhere only once one of them turns into a symlink, which changes the folder
    above it; those folders are mostly the ones discovery listed already, so this costs nothing to check again.
    """
    absolute = os.path.abspath(path)
    real = os.path.realpath(absolute)
    found = _ACTIVE.get()
    if found is None:
        return real
    root = next((r for r in roots if absolute.startswith(r.rstrip(os.sep) + os.sep)), None)
    if real != absolute or root is None:
        found[("r", path)] = real
        return real
    folder = os.path.dirname(absolute)
    while ("s", folder) not in found:
        found[("s", folder)] = _stat(folder)
        if folder == root or len(folder) <= len(root):
            break
        folder = os.path.dirname(folder)
    return real


def read(path: str) -> None:
    """Note that ``path`` (a file read, or a folder listed) was used: its stat is recorded."""
    if _ACTIVE.get() is not None:
        _record("s", path)


def stat_seen(path: str, st: os.stat_result) -> None:
    """Record a stat the caller already took (a folder walked, a file about to be read)."""
    found = _ACTIVE.get()
    if found is not None:
        found[("s", path)] = [st.st_size, st.st_mtime_ns]


@contextmanager
def recording() -> Iterator[Probes]:
    """Record every probe made in this thread (and context) until the block ends."""
    found: Probes = {}
    token = _ACTIVE.set(found)
    try:
        yield found
    finally:
        _ACTIVE.reset(token)


def replay(found: Probes) -> bool:
    """Whether every recorded probe gets the same answer now."""
    return all(_ASK[kind](path) == answer for (kind, path), answer in found.items())
