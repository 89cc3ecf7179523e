"""The on-disk cache of per-file extraction results, in ``.gemlint_cache/``.

One pickle per (gemlint version, extraction settings, inventory) key, mapping
each file to its size, mtime, content digest and ``FileResult``. A file whose
size and mtime are unchanged is not read again; a parsed file whose stat
changed is re-read and its result reused when its content digest is the
same. The folder carries a ``.gitignore`` and a ``CACHEDIR.TAG``; a corrupt
cache file is discarded. A scan of a few files (a pre-commit run) neither
reads nor writes it: loading a whole project's entries would cost more.
"""

from __future__ import annotations

import os
from typing import Dict, Optional, Tuple

from . import __version__
from .types import FileResult

CACHE_DIRNAME = ".gemlint_cache"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by gemlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
Entry = Tuple[int, int, str, Optional[FileResult]]  # size, mtime_ns, content digest, result (None: nothing)


def content_digest(data: bytes) -> str:
    """A digest of the file's bytes (hashlib is imported on first use: start-up stays small)."""
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """Per-file results for one settings key; load once, save once."""

    def __init__(self, folder: str, key: str):
        self.folder = folder
        self.file = os.path.join(folder, __version__, f"{key}.pickle")
        self.entries: Dict[str, Entry] = {}
        self.dirty = False

    def load(self) -> None:
        """Read the cache file; anything unreadable or corrupt is discarded."""
        import pickle

        try:
            with open(self.file, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict):
                self.entries = data
        except Exception:  # missing, truncated, from another Python: start afresh
            self.entries = {}

    def get(self, path: str, size: int, mtime_ns: int) -> Optional[FileResult]:
        entry = self.entries.get(path)
        if entry is not None and entry[0] == size and entry[1] == mtime_ns:
            return self.result(path, entry)
        return None

    @staticmethod
    def result(path: str, entry: Entry) -> FileResult:
        """The entry's result; files that yielded nothing are stored as None (a smaller, faster cache)."""
        return entry[3] if entry[3] is not None else FileResult(path)

    def put(self, path: str, size: int, mtime_ns: int, digest: str, result: FileResult) -> None:
        empty = not (
            result.refs or result.errors or result.suppressions or result.exports or result.pending or result.env
        )
        self.entries[path] = (size, mtime_ns, digest, None if empty else result)
        self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if not self.dirty:
            return
        import pickle
        import tempfile

        try:
            ensure_cache_dir(self.folder)
            os.makedirs(os.path.dirname(self.file), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.file), prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(self.entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.file)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            pass


def ensure_cache_dir(folder: str) -> None:
    """Create the cache folder with its .gitignore and CACHEDIR.TAG."""
    os.makedirs(folder, exist_ok=True)
    for name, text in ((".gitignore", "# Automatically created by gemlint.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        target = os.path.join(folder, name)
        if not os.path.exists(target):
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)


def default_cache_dir(root: str) -> str:
    return os.path.join(root, CACHE_DIRNAME)


def remove_cache(folder: Optional[str] = None) -> Optional[str]:
    """Delete the cache folder (default: the project's); return it if it existed."""
    if folder is None:
        from .config import find_config

        found = find_config(".")
        folder = default_cache_dir(os.path.dirname(found) if found else os.getcwd())
    if not os.path.isdir(folder):
        return None
    import shutil

    shutil.rmtree(folder)
    return folder


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
