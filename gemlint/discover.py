"""Paths → the files to scan, each with its language.

Directories are walked with the configured gitignore-style excludes; files
named on the command line are always scanned unless ``force_exclude`` is set
(pre-commit passes files explicitly, as with ruff's ``--force-exclude``).
Symlink loops and dangling links become notices, never crashes. A symlink
met while walking that leads out of the scanned folders (a checkout's
``notes.py -> ~/.ssh/config``) is not followed: it becomes a notice, unless
the file was named on the command line.
"""

from __future__ import annotations

import errno
import os
from typing import Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

from gemlint import probes
from gemlint.extract.settings.env_platform import is_declaration_file
from gemlint.extract.settings.settings_files import is_settings_file
from gemlint.globs import Glob
from gemlint.records import record
from gemlint.safe_write import is_under
from gemlint.types import FileError

LANGUAGES = {
    ".py": "python",
    ".pyi": "python",
    ".ipynb": "notebook",
    ".ts": "ts",
    ".mts": "ts",
    ".cts": "ts",
    ".tsx": "tsx",
    ".jsx": "tsx",
    ".js": "js",
    ".mjs": "js",
    ".cjs": "js",
    ".vue": "component",  # single-file components: their <script> blocks (extract/typescript/components.py)
    ".svelte": "component",
    ".html": "page",  # inline scripts and form controls (extract/typescript/pages.py)
    ".htm": "page",
}


@record
class SourceFile:
    """A file to scan: its path as shown in reports, its real path, its language."""

    display: str
    path: str
    language: str


def language_of(path: str, settings_files: bool = True) -> Optional[str]:
    """The language gemlint reads ``path`` as, or None to skip it."""
    dot = path.rfind(".")
    lang = LANGUAGES.get(path[dot:].lower()) if dot > path.rfind("/") else None
    if lang is None and settings_files and is_settings_file(path):
        return "settings"
    if lang is None and is_declaration_file(path):
        return "declarations"  # Dockerfiles, shell scripts, Terraform: read for the platform they declare
    return lang


class PathMatcher:
    """gitignore-style patterns, relative to ``root``."""

    def __init__(self, patterns: Iterable[str], root: str):
        self.root = os.path.abspath(root)
        self._rules: List[Tuple[Glob, bool, bool]] = []  # (glob, dir_only, negated)
        # Plain names ("node_modules", "vendor/") match any path part: a set lookup when nothing is negated.
        self._names: Set[str] = set()
        self._dir_names: Set[str] = set()
        self._negated = any(p.strip().startswith("!") for p in patterns)
        for raw in patterns:
            pat = raw.strip()
            if not pat or pat.startswith("#"):
                continue
            negated = pat.startswith("!")
            if negated:
                pat = pat[1:]
            dir_only = pat.endswith("/")
            pat = pat.rstrip("/")
            anchored = "/" in pat
            if not anchored and not negated and not self._negated and not any(c in pat for c in "*?[\\"):
                (self._dir_names if dir_only else self._names).add(pat)
                continue
            pat = pat.lstrip("/")
            if pat.startswith("./"):
                pat = pat[2:]
            self._rules.append((Glob(pat, anchored), dir_only, negated))  # linear time (gemlint.globs)

    def excluded(self, path: str, is_dir: bool) -> bool:
        """True when ``path`` (absolute or relative to cwd) or one of its folders is excluded."""
        rel = self._relative(path)
        if rel is None:
            return False
        parts = rel.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if self._match(sub, is_dir or depth < len(parts)):
                return True
        return False

    def match_entry(self, rel: str, is_dir: bool) -> bool:
        """Match one walked entry (its parents were already checked)."""
        return self._match(rel, is_dir)

    def _match(self, rel: str, is_dir: bool) -> bool:
        if self._names or self._dir_names:
            base = rel.rsplit("/", 1)[-1]
            if base in self._names or (is_dir and base in self._dir_names):
                return True
        result = False
        for regex, dir_only, negated in self._rules:
            if dir_only and not is_dir:
                continue
            if regex.match(rel):
                result = not negated
        return result

    def _relative(self, path: str) -> Optional[str]:
        absolute = os.path.abspath(path)
        rel = os.path.relpath(absolute, self.root) if absolute.startswith(self.root) else None
        if rel is None or rel == "." or rel.startswith(".."):
            return None
        return rel.replace(os.sep, "/")


def display_path(path: str, cwd: str) -> str:
    """Report paths relative to the working folder, with forward slashes."""
    absolute = os.path.abspath(path)
    if absolute == cwd:
        return "."
    rel = os.path.relpath(absolute, cwd) if absolute.startswith(cwd.rstrip(os.sep) + os.sep) else absolute
    return rel.replace(os.sep, "/")


def discover(
    paths: Sequence[str],
    matcher: PathMatcher,
    force_exclude: bool = False,
    settings_files: bool = True,
    cwd: Optional[str] = None,
) -> Iterator[Union[SourceFile, FileError]]:
    """Yield the files to scan (sorted, deduplicated) and notices for odd paths."""
    cwd = os.path.abspath(cwd or os.getcwd())
    seen: Set[str] = set()
    visited_dirs: Set[Tuple[int, int]] = set()
    # Symlinks met while walking may not lead out of the folders given; files given are read wherever they are.
    roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    named = {os.path.realpath(p) for p in paths if os.path.isfile(p)}
    for given in paths:
        shown = display_path(given, cwd)
        if os.path.islink(given) and not os.path.exists(given):
            yield FileError(shown, _broken_link_reason(given), fatal=False)
            continue
        if os.path.isdir(given):
            if force_exclude and matcher.excluded(given, True):
                continue
            yield from _walk(given, matcher, settings_files, cwd, seen, visited_dirs, (roots, named))
        elif os.path.exists(given):
            if force_exclude and matcher.excluded(given, False):
                continue
            lang = language_of(given, settings_files)
            try:
                st = os.stat(given)
                key = (st.st_dev, st.st_ino)
            except OSError:
                key = os.path.realpath(given)
            if lang is not None and key not in seen:
                seen.add(key)
                yield SourceFile(shown, given, lang)
        else:
            yield FileError(shown, "no such file or directory", fatal=True)


def _walk(top, matcher, settings_files, cwd, seen, visited_dirs, allowed) -> Iterator[Union[SourceFile, FileError]]:
    roots, named = allowed
    base = matcher._relative(top)
    if base is None and not os.path.abspath(top).startswith(matcher.root):
        base = ""  # outside the config root: patterns apply relative to the folder given
    stack = [(top, base or "", display_path(top, cwd))]
    while stack:
        folder, rel_folder, shown_folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            yield FileError(display_path(folder, cwd), _os_reason(exc), fatal=False)
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited_dirs:
            yield FileError(display_path(folder, cwd), "symlink loop (folder already scanned); skipped", fatal=False)
            continue
        visited_dirs.add(ident)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield FileError(display_path(folder, cwd), f"cannot list folder: {_os_reason(exc)}", fatal=True)
            continue
        if probes.active():  # for the scan memo: which entries this folder had, and its mtime as a shortcut
            digest = listing_digest(entries, rel_folder, matcher)
            probes.listed(os.path.abspath(folder), f"walk:{rel_folder}", digest, mtime_ns=st.st_mtime_ns)
        subdirs = []
        for entry in entries:
            path = entry.path
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:  # is_dir() raises ELOOP for a symlink loop
                reason = "symlink loop; skipped" if exc.errno == errno.ELOOP else _os_reason(exc)
                yield FileError(display_path(path, cwd), reason, fatal=False)
                continue
            if entry.is_symlink() and not (is_dir or is_file):
                try:
                    os.stat(path)
                    reason = "not a regular file; skipped"
                except OSError:
                    reason = _broken_link_reason(path)
                if language_of(entry.name, settings_files) is not None or reason.startswith("symlink loop"):
                    yield FileError(display_path(path, cwd), reason, fatal=False)
                continue
            name = entry.name
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if matcher.match_entry(rel, is_dir):
                continue
            shown = name if shown_folder == "." else f"{shown_folder}/{name}"
            if entry.is_symlink() and (is_dir or language_of(name, settings_files) is not None):
                real = os.path.realpath(path)
                if real in named:
                    continue  # read where it is named
                if not any(is_under(real, root) for root in roots):
                    what = "folder" if is_dir else "file"
                    yield FileError(
                        shown,
                        f"symlink to {real}, outside the scanned folders; not followed "
                        f"(name the {what} on the command line to scan it)",
                        fatal=False,
                    )
                    continue
            if is_dir:
                subdirs.append((path, rel, shown))
            elif is_file:
                lang = language_of(name, settings_files)
                if lang is None:
                    continue
                key = _file_key(entry, path, st.st_dev)
                if key in seen:
                    continue
                seen.add(key)
                yield SourceFile(shown, path, lang)
        stack.extend(reversed(subdirs))


def listing_digest(entries: Sequence[os.DirEntry], rel_folder: str, matcher: PathMatcher) -> str:
    """A digest of a folder's entries that no exclude pattern drops (name, folder or not, a symlink's target)."""
    from gemlint.digest import blake2b

    h = blake2b(digest_size=12)
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
        if not matcher.match_entry(rel, is_dir):
            # a symlink by where it leads: retargeted into or out of the scanned folders, it is followed or not
            link = os.path.realpath(entry.path) if entry.is_symlink() else ""
            h.update(f"{entry.name}\0{is_dir:d}{link}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def relisted(matcher: PathMatcher):
    """For the scan memo: a folder's digest read again now (None when it cannot be listed), by the ``mode`` it
    was recorded with: ``walk:REL`` (``listing_digest``) or ``declarations`` (``env_platform``)."""

    def digest(folder: str, mode: str) -> Optional[str]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return None
        if mode.startswith("walk:"):
            return listing_digest(entries, mode[5:], matcher)
        if mode == "declarations":
            from gemlint.extract.settings.env_platform import declaration_names_digest

            return declaration_names_digest(entries)
        return None

    return digest


def _file_key(entry: os.DirEntry, path: str, device: int):
    """Identity of a file for de-duplication (the inode scandir already read, when possible)."""
    try:
        if entry.is_symlink():
            st = os.stat(path)
            return (st.st_dev, st.st_ino)
        return (device, entry.inode())
    except OSError:
        return os.path.abspath(path)


def _broken_link_reason(path: str) -> str:
    """Why a symlink that does not resolve is skipped: a loop or a dangling target."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop; skipped"
    return "dangling symlink; skipped"


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)
