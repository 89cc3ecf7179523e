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
FORMAT = 3


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
        self.file = os.path.join(folder, __version__, f"{key}.project{FORMAT}.json")
        self._text: Optional[str] = None
        self._raw_exports: Dict[str, str] = {}  # path -> exports as JSON text, decoded on demand
        self._loaded: Dict[str, FileResult] = {}  # path -> the (export-less) result load returned

    def exists(self) -> bool:
        return os.path.isfile(self.file)

    def load(self, root: str) -> Optional[Entries]:
        """The entries written for ``root``, or None when there is no usable index.

        Exports are decoded on first use (``exports``): most runs need few of them.
        """
        try:
            with open(self.file, encoding="utf-8") as fh:
                self._text = fh.read()
            data = json.loads(self._text)
            if data.get("format") != FORMAT or data.get("where") != [os.path.abspath(root), os.getcwd()]:
                return None
            entries: Entries = {}
            self._raw_exports = {}
            for path, size, mtime, pending, env, exports in data["files"]:
                entries[path] = (size, mtime, FileResult(path, pending=_decode(pending), env=_decode(env)))
                self._loaded[path] = entries[path][2]
                if exports:
                    self._raw_exports[path] = exports
            return entries
        except Exception:  # missing, corrupt, foreign: rebuild from a full discovery
            return None

    def exports(self, path: str) -> Tuple[Export, ...]:
        """The exports of an entry ``load`` returned (decoded now)."""
        raw = self._raw_exports.get(path)
        if not raw:
            return ()
        try:
            return _decode(json.loads(raw))
        except Exception:
            return ()

    def save(self, root: str, entries: Entries) -> None:
        """Write the index (only when it changed); a folder that cannot be written keeps none."""
        files: List[list] = []
        for path, (size, mtime, r) in sorted(entries.items()):
            if self._loaded.get(path) is r:  # as loaded: its exports are still the stored text
                exports = self._raw_exports.get(path, "")
            else:
                exports = json.dumps(_encode(r.exports), separators=(",", ":")) if r.exports else ""
            files.append([path, size, mtime, _encode(r.pending), _encode(r.env), exports])
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
    """Index entries for the results that carry facts (the facts only: refs are re-read when needed)."""
    out: Entries = {}
    for result in results:
        if has_facts(result):
            stat = stat_of(result.path)
            if stat is not None:
                facts = FileResult(result.path, exports=result.exports, pending=result.pending, env=result.env)
                out[result.path] = (stat[0], stat[1], facts)
    return out
