"""The project index: every file's cross-file facts, kept in the cache folder.

A scan of a few files (a pre-commit hook) must resolve names through the
whole project without reading it. A whole-project scan with the cache on
writes this index: for each file that exports a name, calls a model with a
symbol from elsewhere, or sets an environment variable, its size, mtime and
``FileResult``. A scan of files then loads the index (small: only those
files), re-extracts any entry whose size or mtime changed, and links. Files
added since the index was written are found only through the imports that
name them (or by the next whole-project scan).

Stored as JSON (not pickle): records are NamedTuples encoded by their fields,
decoded only into the types listed here, so a tampered index cannot run code.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Tuple

from . import __version__
from .types import CallSite, EnvValue, Export, FileError, FileResult, Location, ModelRef, PendingUse, Symbol

Entries = Dict[str, Tuple[int, int, FileResult]]  # display path -> size, mtime_ns, result
_TYPES = {
    t.__name__: t for t in (CallSite, EnvValue, Export, FileError, FileResult, Location, ModelRef, PendingUse, Symbol)
}
FORMAT = 1


def _encode(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"t": type(value).__name__, "v": [_encode(v) for v in value]}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        cls = _TYPES[value["t"]]  # KeyError on anything else: the index is discarded
        return cls(*[_decode(v) for v in value["v"]])
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value


def has_facts(result: FileResult) -> bool:
    return bool(result.exports or result.pending or result.env)


class ProjectIndex:
    """Load and save the index of one project root for one settings key."""

    def __init__(self, folder: str, key: str):
        self.file = os.path.join(folder, __version__, f"{key}.project.json")
        self._text: Optional[str] = None

    def exists(self) -> bool:
        return os.path.isfile(self.file)

    def load(self, root: str) -> Optional[Entries]:
        """The entries written for ``root``, or None when there is no usable index."""
        try:
            with open(self.file, encoding="utf-8") as fh:
                self._text = fh.read()
            data = json.loads(self._text)
            if data.get("format") != FORMAT or data.get("where") != [os.path.abspath(root), os.getcwd()]:
                return None
            return {path: (size, mtime, _decode(result)) for path, size, mtime, result in data["files"]}
        except Exception:  # missing, corrupt, foreign: rebuild from a full discovery
            return None

    def save(self, root: str, entries: Entries) -> None:
        """Write the index (only when it changed); a folder that cannot be written keeps none."""
        files: List[list] = [[p, s, m, _encode(r)] for p, (s, m, r) in sorted(entries.items())]
        where = [os.path.abspath(root), os.getcwd()]  # paths are shown relative to the working folder
        text = json.dumps({"format": FORMAT, "where": where, "files": files}, separators=(",", ":"))
        if text == self._text:
            return
        from .cache import ensure_cache_dir

        try:
            ensure_cache_dir(os.path.dirname(os.path.dirname(self.file)))
            os.makedirs(os.path.dirname(self.file), exist_ok=True)
            tmp = f"{self.file}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self.file)
            self._text = text
        except OSError:
            pass


def stat_of(path: str) -> Optional[Tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def entries_of(results: List[FileResult]) -> Entries:
    """Index entries for the results that carry facts."""
    out: Entries = {}
    for result in results:
        if has_facts(result):
            stat = stat_of(result.path)
            if stat is not None:
                out[result.path] = (stat[0], stat[1], result)
    return out
