"""What a sweep covers: sources from the command line and ``--from`` files, their names, and shards.

A source is a local folder (a checkout, scanned in place) or a git URL (cloned shallow). Its *name* is what
every output shows and what resumability keys on: the URL with any ``user:password@`` taken out, so a
credential given in a URL is used by git but never printed or stored.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, List, Optional, Sequence, Tuple

from gemlint.digest import digest
from gemlint.records import record

# scheme://user:secret@host/... ; the userinfo is everything up to the last @ before the host's slash.
_URL_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]*@")
_SCP_LIKE = re.compile(r"^[A-Za-z0-9_.\-]+@[A-Za-z0-9_.\-]+:(?!//)")  # git@github.com:owner/repo.git


@record
class Source:
    """One repository to sweep."""

    location: str  # the folder (absolute) or the URL exactly as given (may hold credentials: never shown)
    ref: Optional[str] = None  # branch, tag or commit (remote sources); None: the default branch / HEAD
    remote: bool = True

    @property
    def name(self) -> str:
        """The source as every output shows it: the URL without credentials, or the folder; ``@ref`` appended."""
        base = redact(self.location)
        return f"{base}@{self.ref}" if self.ref else base

    @property
    def slug(self) -> str:
        """A folder name unique to this source: readable tail plus a digest of the name."""
        tail = redact(self.location).rstrip("/")
        if tail.endswith(".git"):
            tail = tail[:-4]
        parts = [p for p in re.split(r"[/:]", tail) if p][-2:]
        readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(parts)).strip("-.")[:60] or "repo"
        return f"{readable}-{digest(self.name.encode('utf-8'), 6)}"


class SourceError(Exception):
    """A ``--from`` file or source that cannot be used; the message names it."""


def redact(text: str) -> str:
    """``text`` with the userinfo (``user:token@``) of every URL in it removed."""
    return _URL_USERINFO.sub(lambda m: m.group("scheme"), text)


def is_remote(spec: str) -> bool:
    """True for a git URL (``scheme://`` or ``user@host:path``), false for a local path."""
    return "://" in spec or bool(_SCP_LIKE.match(spec))


def make_source(spec: str, ref: Optional[str] = None, base: str = ".") -> Source:
    """A source from one command-line word or ``--from`` line; local paths are made absolute from ``base``."""
    spec = spec.strip()
    if is_remote(spec):
        return Source(spec, ref or None, True)
    if ref:
        raise SourceError(f"{spec}: a ref ({ref}) is only for git URLs; check the folder out at that ref instead")
    return Source(os.path.abspath(os.path.join(base, os.path.expanduser(spec))), None, False)


def read_source_file(path: str) -> List[Source]:
    """Sources listed in ``path``: one per line, ``URL-or-folder [ref]``; blank lines and ``#`` comments skipped.

    Relative folders are read from the file's own folder.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SourceError(f"{path}: cannot read the source list ({reason})") from None
    base = os.path.dirname(os.path.abspath(path))
    found = []
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
        if not words:
            continue
        if len(words) > 2:
            raise SourceError(f"{redact(path)}:{number}: expected `URL-or-folder [ref]`, got {len(words)} words")
        found.append(make_source(words[0], words[1] if len(words) == 2 else None, base))
    return found


def gather(specs: Sequence[str], from_files: Iterable[str] = ()) -> List[Source]:
    """Every source, command line first, then each ``--from`` file; duplicates (same name) kept once."""
    sources = [make_source(s) for s in specs]
    for path in from_files:
        sources.extend(read_source_file(path))
    seen = set()
    unique = []
    for source in sources:
        if source.name not in seen:
            seen.add(source.name)
            unique.append(source)
    return unique


def parse_shard(text: str) -> Tuple[int, int]:
    """``I/N`` (1 <= I <= N) as a pair, else a ``SourceError``."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise SourceError(f"--shard {text!r}: expected I/N, e.g. 2/4")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise SourceError(f"--shard {text}: I must be between 1 and N")
    return index, count


def shard_of(source: Source, count: int) -> int:
    """The shard (1..count) a source belongs to: a digest of its name, so the same on every machine and
    whatever the order or number of the other sources."""
    return int(digest(source.name.encode("utf-8"), 8), 16) % count + 1


def select_shard(sources: Sequence[Source], index: int, count: int) -> List[Source]:
    """The sources of shard ``index`` of ``count``; the shards of 1..count partition ``sources``."""
    return [s for s in sources if shard_of(s, count) == index]
