"""The project index: every file's cross-file facts, kept in the cache folder.

A scan of a few files (a pre-commit hook) must resolve names through the
whole project without reading it. A whole-project scan with the cache on
writes this index: for each file that exports a name, calls a model with a
symbol from elsewhere, writes a value into another file's node (``Write``),
sets an environment variable or declares the platform (``GOOGLE_GENAI_USE_VERTEXAI``),
its size, mtime and ``FileResult``. A scan of files then loads the index of its project root (small:
only those files; or, the first time, the part under it of the index of a folder above it), re-extracts
any entry whose size or mtime changed, and links. Files
added since the index was written are found only through the imports that
name them (or by the next whole-project scan).

Stored as JSON: records are written as the lists of their fields and read back
through ``cache_codec``'s checked decoders, field by field (never as code).
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple

from gemlint import __version__
from gemlint.safe_write import OutsideProject, make_dirs, resolve_target, write_bytes
from gemlint.types import Declaration, EnvValue, Export, FileResult, ModelRef, PendingUse, Write

Entries = Dict[str, Tuple[int, int, FileResult]]  # display path -> size, mtime_ns, result
FORMAT = 6


def _decode_all(cls: type, values: Any) -> tuple:
    """A tuple of ``cls`` records, each checked by the cache codec (CodecError on anything else)."""
    from gemlint.cache_codec import CodecError, decoders

    if type(values) is not list:
        raise CodecError("expected a list")
    decode = decoders()[cls]
    return tuple(decode(v) for v in values)


def has_facts(result: FileResult) -> bool:
    """Whether ``result`` holds anything another file's findings depend on (flow facts, table aliases)."""
    if result.exports or result.pending or result.env or result.writes or result.declarations:
        return True
    return any(r.alias for r in result.refs)


class ProjectIndex:
    """Load and save the index of one project root for one settings key.

    Read and written as the cache is (``cache.py``): signed with this
    machine's key, never through a symlink leaving the project, and not at
    all when the cache cannot be used.
    """

    def __init__(self, folder: str, key: str, roots: Sequence[str] = ()):
        self.folder = folder
        self.key = key
        self.roots = tuple(roots) or (os.path.dirname(os.path.abspath(folder)),)
        self._text: Optional[bytes] = None
        self._raw_exports: Dict[str, str] = {}  # path -> exports as JSON text, decoded on demand
        self._loaded: Dict[str, FileResult] = {}  # path -> the (export-less) result load returned
        self._stats: Dict[str, Tuple[int, int]] = {}  # path -> (size, mtime) as loaded

    def file(self, root: str) -> str:
        """The index file of ``root`` scanned from this working folder: one per project root, so that a hook's
        scan of a sub-project (its own ``pyproject.toml``) and a scan of the whole checkout keep theirs."""
        from gemlint.digest import digest

        where = digest(f"{os.path.abspath(root)}\0{os.getcwd()}".encode("utf-8", "surrogateescape"), 8)
        return os.path.join(self.folder, __version__, "project-index", f"{self.key}-{where}.v{FORMAT}.json")

    def exists(self, root: str) -> bool:
        return os.path.isfile(self.file(root))

    def _read(self, root: str) -> bytes:
        """The signed body (raises when missing, foreign or damaged: see ``cache.read_signed``)."""
        from gemlint.cache import read_signed, signing_key

        return read_signed(resolve_target(self.file(root), self.roots), signing_key(self.roots))

    def load(self, root: str, within: str = "") -> Optional[Entries]:
        """The entries written for ``root`` (only those under the folder ``within``, when given), or None when
        there is no usable index.

        Exports are decoded on first use (``exports``): most runs need few of them.
        """
        try:
            body = self._read(root)
            self._text = body
            data = json.loads(body)
            if data.get("format") != FORMAT or data.get("where") != [os.path.abspath(root), os.getcwd()]:
                return None
            entries: Entries = {}
            self._raw_exports = {}
            for path, size, mtime, pending, env, writes, exports, decls, aliases in data["files"]:
                if type(path) is not str or type(size) is not int or type(mtime) is not int:
                    return None
                if within and not os.path.abspath(path).startswith(within):
                    continue
                pending, env = _decode_all(PendingUse, pending), _decode_all(EnvValue, env)
                writes = _decode_all(Write, writes)  # the flow needs every file's writes to find a node's values
                decls = _decode_all(Declaration, decls)
                refs = _decode_all(ModelRef, aliases)
                facts = FileResult(path, refs=refs, pending=pending, env=env, writes=writes, declarations=decls)
                entries[path] = (size, mtime, facts)
                self._loaded[path] = entries[path][2]
                self._stats[path] = (size, mtime)
                if exports:
                    self._raw_exports[path] = exports
            return entries
        except Exception:  # missing, unsigned, corrupt, foreign, cache unusable: rebuild from a full discovery
            return None

    def load_within(self, root: str) -> Optional[Entries]:
        """The entries under ``root`` from the index of the nearest folder above it that has one (a scan of the
        whole checkout), when ``root`` has none of its own: a file's facts do not depend on the root."""
        prefix = os.path.abspath(root).rstrip(os.sep) + os.sep
        folder = os.path.abspath(root)
        while os.path.dirname(folder) != folder:
            folder = os.path.dirname(folder)
            if self.exists(folder):
                entries = self.load(folder, within=prefix)
                if entries is not None:
                    return entries
        return None

    def exports(self, path: str) -> Tuple[Export, ...]:
        """The exports of an entry ``load`` returned (decoded now)."""
        raw = self._raw_exports.get(path)
        if not raw:
            return ()
        try:
            return _decode_all(Export, json.loads(raw))
        except Exception:
            return ()

    def save(self, root: str, entries: Entries) -> None:
        """Sign and write the index (only when it changed); nothing is written where the cache may not be."""
        files: List[list] = []
        for path, (size, mtime, r) in sorted(entries.items()):
            loaded = self._loaded.get(path)
            if loaded is r or (loaded == r and self._stats.get(path) == (size, mtime)):
                exports = self._raw_exports.get(path, "")  # as loaded (a copy of it too): still the stored text
            else:
                exports = json.dumps(r.exports, separators=(",", ":")) if r.exports else ""
            aliases = [ref for ref in r.refs if ref.alias]
            files.append([path, size, mtime, r.pending, r.env, r.writes, exports, r.declarations, aliases])
        where = [os.path.abspath(root), os.getcwd()]  # paths are shown relative to the working folder
        body = json.dumps({"format": FORMAT, "where": where, "files": files}, separators=(",", ":")).encode()
        if body == self._text:
            return
        from gemlint.cache import CacheUnusable, ensure_cache_dir, signed, signing_key

        try:
            key = signing_key(self.roots)
            ensure_cache_dir(self.folder, self.roots)
            file = self.file(root)
            real = make_dirs(os.path.dirname(file), self.roots)
            target = os.path.join(real, os.path.basename(file))
            write_bytes(target, signed(key, resolve_target(target, self.roots), body), self.roots)
            self._text = body
        except (CacheUnusable, OutsideProject, OSError):
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
                facts = FileResult(
                    result.path,
                    refs=tuple(r for r in result.refs if r.alias),  # the names its tables define (rules/aliases.py)
                    exports=result.exports,
                    pending=result.pending,
                    env=result.env,
                    writes=result.writes,
                    declarations=result.declarations,
                )
                out[result.path] = (stat[0], stat[1], facts)
    return out
