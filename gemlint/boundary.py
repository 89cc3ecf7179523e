"""The project is the boundary: where resolution may read, and how a file named by the project is opened.

A pull request chooses the tsconfig ``paths``, the relative imports, the symlinks and the configured
inventory or baseline path. ``Boundary`` answers whether a path (symlinks resolved) lies inside the project
root or a scan root; ``read_regular`` opens only a regular file (a FIFO, device or socket is refused at once,
never waited on: the open is non-blocking and checked with ``fstat`` before any read) and refuses one larger
than its limit before reading it.
"""

from __future__ import annotations

import os
import stat
from typing import Iterable, Tuple

from gemlint import probes

# Size limits of the readers of files a project supplies (the scanned sources have ``max-file-size``).
INVENTORY_LIMIT = 64 * 1024 * 1024  # a real models.list is ~100 KB; a 1e6-model inventory is ~60 MB
BASELINE_LIMIT = 64 * 1024 * 1024
CONFIG_LIMIT = 4 * 1024 * 1024  # pyproject.toml, gemlint.toml
TSCONFIG_LIMIT = 4 * 1024 * 1024
SETTINGS_LIMIT = 1024 * 1024  # .env, YAML, JSON, TOML settings: a real one is a few KB


class NotRegular(OSError):
    """The path is a FIFO, device, socket or folder: gemlint does not open it."""


class TooLarge(OSError):
    """The file is over the reader's size limit."""


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def is_inside(path: str, root: str) -> bool:
    """Whether ``path`` (symlinks resolved) is ``root`` or lies under it (symlinks of ``root`` resolved too)."""
    real, base = _real(path), _real(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


class Boundary:
    """The folders resolution may read: the project root and the scan roots (symlinks resolved)."""

    def __init__(self, roots: Iterable[str]) -> None:
        self.roots: Tuple[str, ...] = tuple(sorted({_real(r) for r in roots}))
        self._seen: dict = {}

    def inside(self, path: str) -> bool:
        """Whether ``path`` (symlinks resolved) lies in one of the roots."""
        found = self._seen.get(path)
        if found is None:
            real = probes.realpath(path, self.roots)
            found = any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in self.roots)
            self._seen[path] = found
        return found


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``; ``NotRegular`` or ``TooLarge`` (both ``OSError``) otherwise.

    Opened non-blocking, so a FIFO without a writer never hangs the run; ``fstat`` on the open file decides
    (no race with a swap between check and open).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(0, "not a regular file (a FIFO, device or folder is never read)", path)
        if info.st_size > limit:
            raise TooLarge(0, f"larger than {limit // (1024 * 1024)} MB", path)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew while read
            raise TooLarge(0, f"larger than {limit // (1024 * 1024)} MB", path)
        return data
    finally:
        os.close(fd)
