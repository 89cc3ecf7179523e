"""The scan memo: a whole scan's result, kept beside the per-file cache, for a re-scan where nothing changed.

A re-scan of an unchanged project with the per-file cache still links every
file and runs every rule (about 0.4 s on a 1,400-file project). The memo keeps
the last whole-folder scan's ``RunResult`` with a digest of everything it
came from:

- the settings (the per-file cache key: gemlint's files, Python, the names
  known), the configuration record, the date, the platform, the inventories
  (digest, path, extra names), the paths asked for, the working folder;
- every discovered file's size and mtime (as the per-file cache trusts them)
  and every folder discovery listed: its mtime, or when that moved (a cache
  or ``__pycache__`` folder created in it), the entries no exclude drops;
- and, replayed one by one, every look the scan took at the file system
  beyond those files (``probes.py``: modules probed while linking, files read
  for their facts, folders listed for platform declarations);
- the per-file cache file as the scan left it: a cache rebuilt, damaged or
  replaced since is read by a full scan, which says so.

When all of it is the same, the stored result is the answer; any difference
is a full scan that writes a new memo. A result holding an internal error or
a file over its time budget is never kept, and a memo is not believed when a
file or folder it saw is not older than the memo itself (git's racy rule).
The memo is signed with the cache's key and read back field by field
(``cache_codec``), like the cache itself.
"""

from __future__ import annotations

import os
from typing import Any, List, Optional, Sequence, Tuple

from gemlint import __version__
from gemlint.probes import Probes, file_stat, newest_mtime, replay, stat_seen
from gemlint.types import FileError, Finding, RunResult

_KINDS = {"s": (list, type(None)), "r": str, "p": list, "l": list, "n": list}


def settings_digest(parts: Sequence[str]) -> str:
    """The digest of everything besides the files that a whole scan depends on (``settings_parts``)."""
    from gemlint.digest import blake2b

    h = blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


class ScanMemo:
    """The memo file of one cache folder and settings key; ``roots``: the folders it may be read from and
    written in (the project's), as the cache's. ``settings`` is the digest of one scan's settings
    (``settings_digest``), given by ``bind`` before ``lookup`` and ``save``."""

    def __init__(self, folder: str, key: str, roots: Sequence[str]) -> None:
        self.folder = folder
        self.file = os.path.join(folder, __version__, "scan-memo", f"{key}.json")
        self.cache_file = os.path.join(folder, __version__, f"{key}.json")  # the per-file cache (cache.py)
        self.roots = tuple(roots)
        self.settings = ""

    def bind(self, settings: str) -> ScanMemo:
        """This memo for the scan whose settings digest is ``settings``."""
        self.settings = settings
        return self

    @staticmethod
    def record_sources(sources: Sequence[Any]) -> bool:
        """Record each discovered file's stat (before it is read); False when one went away meanwhile."""
        for source in sources:
            try:
                stat_seen(source.path, os.stat(source.path))
            except OSError:
                return False
        return True

    def lookup(self, relist) -> Optional[RunResult]:
        """The stored result when it came from these settings and every probe answers the same; else None.

        ``relist(folder, mode)`` digests a folder's entries again (``discover.relisted``).
        """
        from gemlint.cache import CacheUnusable, Unsigned, read_signed, signing_key
        from gemlint.safe_write import OutsideProject, resolve_target

        try:
            key = signing_key(self.roots)
            real = resolve_target(self.file, self.roots)
            written = os.stat(real).st_mtime_ns
            body = read_signed(real, key)
        except (CacheUnusable, OutsideProject, Unsigned, OSError):
            return None  # the per-file cache says why, once, when it is not usable
        try:
            return _decode(body, self.settings, written, relist, file_stat(self.cache_file))
        except (ValueError, TypeError, RecursionError, KeyError, IndexError, AttributeError):
            return None  # not the shape gemlint writes: a full scan writes a new one

    def save(self, result: RunResult, found: Probes) -> None:
        """Keep ``result`` with the probes ``found`` (not when it holds an internal error)."""
        if any(e.internal for e in result.errors):
            return
        import json

        from gemlint.cache import CacheUnusable, ensure_cache_dir, signed, signing_key
        from gemlint.safe_write import OutsideProject, make_dirs, resolve_target, write_bytes

        table = {
            "settings": self.settings,
            "cache": file_stat(self.cache_file),
            "probes": [[kind, path, answer] for (kind, path), answer in sorted(found.items())],
            "result": [list(result.findings), list(result.errors), result.files_scanned, list(result.notices)],
        }
        try:
            body = json.dumps(table, separators=(",", ":"), check_circular=False).encode("utf-8", "surrogatepass")
            key = signing_key(self.roots)
            ensure_cache_dir(self.folder, self.roots)
            real = make_dirs(os.path.dirname(self.file), self.roots)
            target = os.path.join(real, os.path.basename(self.file))
            write_bytes(target, signed(key, resolve_target(target, self.roots), body), self.roots)
        except (CacheUnusable, OutsideProject, OSError, TypeError, ValueError):
            pass  # a memo is a bonus: the per-file cache reports what is wrong with the folder


def _decode(body: bytes, settings: str, written: int, relist, cache: Optional[List[int]]) -> Optional[RunResult]:
    """The memo's result if it was made with ``settings`` and its probes replay; raises ValueError when malformed.

    As git does with its index: a file or folder whose mtime is not older than the memo's own (``written``)
    may have changed again within the same step of the file system's clock after the scan saw it, unseen;
    then the memo is not believed, and the full scan writes a newer one.
    """
    import json

    from gemlint.cache_codec import CodecError, decoders

    data = json.loads(body)
    if type(data) is not dict or data.get("settings") != settings or data.get("cache") != cache:
        return None  # other settings, or the per-file cache changed since (rebuilt, damaged, replaced)
    found: Probes = {}
    for item in data["probes"]:
        if type(item) is not list or len(item) != 3 or item[0] not in _KINDS or type(item[1]) is not str:
            raise CodecError("a probe is malformed")
        if not isinstance(item[2], _KINDS[item[0]]):
            raise CodecError("a probe's answer is malformed")
        found[(item[0], item[1])] = item[2]
    if newest_mtime(found) >= written or not replay(found, relist):
        return None
    findings, errors, count, notices = data["result"]
    table = decoders()
    if type(count) is not int or type(notices) is not list or not all(type(n) is str for n in notices):
        raise CodecError("the result is malformed")
    return RunResult(
        tuple(_records(table[Finding], findings)), tuple(_records(table[FileError], errors)), count, tuple(notices)
    )


def _records(decode, values: Any) -> List[Any]:
    from gemlint.cache_codec import CodecError

    if type(values) is not list:
        raise CodecError("expected a list")
    return [decode(v) for v in values]


def settings_parts(scanner, paths: Sequence[str], force_exclude: bool, settings_key: str) -> Tuple[str, ...]:
    """Everything besides the files that a whole scan's result depends on, as strings."""
    parts = [settings_key, repr(scanner.config), scanner.today.isoformat(), repr(scanner.env_platform)]
    for inv in (scanner.inventory, scanner.vertex_inventory):
        if inv is not None:
            parts.append(repr((inv.digest, inv.path, inv.extra, inv.fetched_at, inv.bundled)))
    parts.append(repr((tuple(paths), os.getcwd(), force_exclude)))
    return tuple(parts)
