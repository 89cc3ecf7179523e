"""Every file gemlint writes goes through here: inside the project, atomically, mode kept.

A path that lies inside one of the project's roots (the configuration's
folder, the scanned folders) but resolves outside all of them through a
symlink is refused with ``OutsideProject``, an ``OSError`` whose message says
why in one line. A path named outside the project on purpose (``--output-file
/tmp/report.json``) is the user's choice and is written. The bytes go to a
temporary file in the target's folder, which then replaces the target: a
failed write leaves the old file whole, and the old file's permission bits
are kept (a new file gets the usual ``0666`` less the umask).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Iterable, List, Optional, Sequence


class OutsideProject(OSError):
    """A write that would leave the project through a symlink; ``str()`` is the one-line reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.strerror = reason
        self.filename = path

    def __str__(self) -> str:
        return self.strerror


def is_under(path: str, folder: str) -> bool:
    """True when ``path`` is ``folder`` or inside it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def project_roots(config_root: Optional[str], paths: Iterable[str] = ()) -> List[str]:
    """Where a run may write: the configuration file's folder (None: no file found) and the scanned folders.

    A named file counts by its folder. A scanned folder that a symlink leads
    out of the configuration's folder (or, without one, of the working
    folder) is no root: ``gemlint scan --fix src`` with ``src -> /elsewhere``
    writes nothing there.
    """
    base = os.path.abspath(config_root or os.getcwd())
    roots = [base] if config_root else []
    for given in paths:
        folder = os.path.abspath(given if os.path.isdir(given) else os.path.dirname(os.path.abspath(given)))
        try:
            resolve_target(folder, [base])
        except OutsideProject:
            continue
        roots.append(folder)
    return sorted(set(roots)) or [base]


def resolve_target(path: str, roots: Sequence[str]) -> str:
    """The real path a write to ``path`` reaches; raises OutsideProject when a symlink leads it out."""
    real = os.path.realpath(path)
    if not roots:
        return real
    if any(is_under(real, os.path.realpath(root)) for root in roots):
        return real
    lexical = os.path.abspath(path)
    inside = [os.path.abspath(root) for root in roots if is_under(lexical, os.path.abspath(root))]
    if inside:
        raise OutsideProject(path, f"a symlink leads it to {real}, outside the project ({inside[0]})")
    return real  # named outside the project on purpose


def make_dirs(folder: str, roots: Sequence[str]) -> str:
    """Create ``folder`` (and its parents) unless a symlink leads it out of the project; returns its real path."""
    real = resolve_target(folder, roots)
    os.makedirs(real, exist_ok=True)
    return real


def write_bytes(
    path: str,
    data: bytes,
    roots: Sequence[str],
    durable: bool = False,
    new_mode: Optional[int] = None,
    special_ok: bool = False,
) -> None:
    """Write ``data`` to ``path`` atomically (``durable``: fsync the file and its folder).

    A new file gets ``new_mode`` if given, else 0666 less the umask, as
    ``open()`` would. A symlink inside the project is followed: its target is
    replaced and the link kept. A path that is not a regular file
    (``--output-file /dev/stdout``, a pipe) is written in place when
    ``special_ok``, as a rename cannot reach it, and refused otherwise.
    Raises OSError (``OutsideProject`` for a path a symlink leads out of the
    project).
    """
    target = resolve_target(path, roots)
    try:
        st: Optional[os.stat_result] = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not special_ok:
            raise OSError(errno.EINVAL, "not a regular file", path)
        with open(path, "wb") as fh:
            fh.write(data)
        return
    if st is not None and not os.access(target, os.W_OK):  # a read-only file stays unwritten, as with open()
        raise PermissionError(errno.EACCES, "permission denied", path)
    folder = os.path.dirname(target)
    tmp = os.path.join(folder, f".{os.path.basename(target)}.{os.urandom(6).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666 if st is None else 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if st is not None or new_mode is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else new_mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _fsync_dir(folder)


def write_text(path: str, text: str, roots: Sequence[str], special_ok: bool = False) -> None:
    """``write_bytes`` of ``text`` in UTF-8, newlines as given."""
    write_bytes(path, text.encode("utf-8"), roots, special_ok=special_ok)


def _fsync_dir(folder: str) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def reason(exc: OSError) -> str:
    """One line on why a write failed (a refusal verbatim; an OS error in lower case, as gemlint prints them)."""
    if isinstance(exc, OutsideProject):
        return str(exc)
    return (exc.strerror or str(exc)).lower()
