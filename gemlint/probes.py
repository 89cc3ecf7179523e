"""What a scan learned from the file system beyond the files it read, for the scan memo to check again.

Discovery lists folders; linking probes for modules (``isfile``, ``isdir``),
resolves symlinks (``realpath``) and reads files it did not extract
(``load_facts``, tsconfig files); the platform reader lists the folders above
the scanned paths. While a ``recording()`` is active in this thread each look
is kept, keyed ``(kind, path)``:

- ``s``: a file read: its ``[size, mtime_ns]`` (None: absent);
- ``r``: a path's resolved form (it passes through a symlink, or lies outside
  the project);
- ``p``: a folder and the entries looked up in it: ``[mtime_ns, {"f:name":
  bool, ...}]`` (``f`` a file, ``d`` a folder, ``e`` exists, ``L`` a symlink);
  when the folder's mtime is unchanged nothing is asked again;
- ``l`` (discovery) and ``n`` (platform declarations): a folder whose entries
  were listed: ``[mtime_ns, mode, digest]``; when its mtime moved,
  ``relist(folder, mode)`` digests the entries again (``scan_memo.py``): a
  ``__pycache__`` created beside them changes nothing.

``replay`` says whether every answer is still the same. With no recording
active these functions are plain ``os`` calls.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from typing import Callable, Dict, Iterator, List, Optional, Set, Tuple

Probes = Dict[Tuple[str, str], object]
Relist = Callable[[str, str], Optional[str]]

class _Active(threading.local):
    found: Optional[Probes] = None
    missing: Set[str] = set()  # folders found absent during this recording (replaced per recording)
    seen: Optional[Dict[Tuple[str, str], bool]] = None  # the answers given inside this block, recorded or not


_ACTIVE = _Active()  # the recording of this thread (threading is loaded already; contextvars would cost 2 ms)


def file_stat(path: str) -> Optional[List[int]]:
    """A file's ``[size, mtime_ns]``; None when absent."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_size, st.st_mtime_ns]


def _mtime(path: str) -> Optional[int]:
    try:
        return os.stat(path).st_mtime_ns
    except (OSError, ValueError):
        return None


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


_ENTRY = {"f": os.path.isfile, "d": os.path.isdir, "e": os.path.lexists, "L": os.path.islink}


def _entry(found: Probes, folder: str, kind: str, name: str, answer: bool) -> None:
    """Note that ``folder/name`` answered ``answer`` to ``kind``; a missing folder is noted in the one above."""
    missing = _ACTIVE.missing
    while True:
        probe = found.get(("p", folder))
        if probe is None:
            parent = os.path.dirname(folder)
            mtime = None if folder in missing else _mtime(folder)
            if mtime is None and parent != folder:  # decided by the nearest folder that exists
                missing.add(folder)
                kind, name, answer, folder = "e", os.path.basename(folder), False, parent
                continue
            probe = found[("p", folder)] = [mtime, {}]
        probe[1][f"{kind}:{name}"] = answer  # type: ignore[index]
        return


def _probe(kind: str, path: str) -> bool:
    answers = _ACTIVE.seen
    if answers is None:
        return _ENTRY[kind](path)
    seen = answers.get((kind, path))  # linking asks the same question many times (`google/__init__.py`)
    if seen is not None:
        return seen
    answer = answers[(kind, path)] = _ENTRY[kind](path)
    found = _ACTIVE.found
    if found is not None:
        absolute = os.path.abspath(path)
        _entry(found, os.path.dirname(absolute), kind, os.path.basename(absolute), answer)
    return answer


def isfile(path: str) -> bool:
    """``os.path.isfile``, recorded."""
    return _probe("f", path)


def isdir(path: str) -> bool:
    """``os.path.isdir``, recorded."""
    return _probe("d", path)


def realpath(path: str, roots: Tuple[str, ...] = ()) -> str:
    """``os.path.realpath`` of the absolute path, recorded (a symlink swapped inside the project).

    A path inside one of ``roots`` that resolves to itself is recorded as "no component up to the root is a
    symlink", one entry probe per folder, checked again only in folders whose mtime moved.
    """
    absolute = os.path.abspath(path)
    real = os.path.realpath(absolute)
    found = _ACTIVE.found
    if found is None:
        return real
    root = next((r for r in roots if absolute.startswith(r.rstrip(os.sep) + os.sep)), None)
    if real != absolute or root is None:
        found[("r", path)] = real
        return real
    child = absolute
    while len(child) > len(root):
        folder = os.path.dirname(child)
        _entry(found, folder, "L", os.path.basename(child), False)
        child = folder
    return real


def read(path: str) -> None:
    """Note that the file ``path`` was read: its size and mtime are recorded."""
    found = _ACTIVE.found
    if found is not None:
        found[("s", path)] = file_stat(path)


def active() -> bool:
    """Whether a recording is active in this thread."""
    return _ACTIVE.found is not None


def listed(folder: str, mode: str, digest: Optional[str], kind: str = "l", mtime_ns: Optional[int] = None) -> None:
    """Record a folder whose entries were listed: its mtime (unchanged: nothing to check; read now unless the
    caller has it), and ``digest`` of the entries that mattered, which ``relist(folder, mode)`` gives again when
    the mtime moved."""
    found = _ACTIVE.found
    if found is not None:
        found[(kind, folder)] = [_mtime(folder) if mtime_ns is None else mtime_ns, mode, digest]


def stat_seen(path: str, st: os.stat_result) -> None:
    """Record a file's stat the caller already took (a discovered file, before it is read)."""
    found = _ACTIVE.found
    if found is not None:
        found[("s", path)] = [st.st_size, st.st_mtime_ns]


@contextmanager
def recording(wanted: bool = True) -> Iterator[Probes]:
    """Record every look taken in this thread until the block ends (nothing, into an empty dict, unless
    ``wanted``: a scan without the memo pays nothing). Either way a question asked again inside the block is
    answered from the first answer (one scan's view of the file system)."""
    found: Probes = {}
    before = _ACTIVE.found, _ACTIVE.missing, _ACTIVE.seen
    _ACTIVE.found, _ACTIVE.missing, _ACTIVE.seen = (found if wanted else None), set(), {}
    try:
        yield found
    finally:
        _ACTIVE.found, _ACTIVE.missing, _ACTIVE.seen = before


def replay(found: Probes, relist: Relist) -> bool:
    """Whether every recorded look gets the same answer now."""
    for (kind, path), answer in found.items():
        if kind == "s":
            same = file_stat(path) == answer
        elif kind == "r":
            same = _real(path) == answer
        elif kind == "p":
            mtime, entries = answer  # type: ignore[misc]
            same = _mtime(path) == mtime or all(
                _ENTRY[key[0]](os.path.join(path, key[2:])) == value for key, value in entries.items()
            )
        else:  # "l", "n"
            mtime, mode, digest = answer  # type: ignore[misc]
            same = _mtime(path) == mtime or relist(path, mode) == digest
        if not same:
            return False
    return True


def newest_mtime(found: Probes) -> int:
    """The latest mtime among the recorded files and folders (0 when none)."""
    newest = 0
    for (kind, _), answer in found.items():
        if kind == "s" and answer is not None:
            newest = max(newest, answer[1])  # type: ignore[index]
        elif kind in ("p", "l", "n") and answer[0] is not None:  # type: ignore[index]
            newest = max(newest, answer[0])  # type: ignore[index]
    return newest
