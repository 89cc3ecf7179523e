"""The server's project hook: names that travel between files (``gemlint.flow``), open buffers first.

Each workspace root's files are read once (as ``gemlint scan`` reads them) and
the ones that carry cross-file facts (``project_index.has_facts``: an export,
a call through a name from elsewhere, an environment value) are kept with
their size and mtime; before each check an entry whose file changed on disk is
read again. An open buffer overrides its file. The facts are linked as
``api.scan`` links them, so a literal in ``config.py`` that reaches
``live.connect`` in ``voice.py`` gets the same finding as in a scan: located in
``config.py``, the call site as related location. An open file holding such a
call site also shows the finding, at the call site (``mirror``), pointing at the
literal, so editing ``config.py`` or ``.env`` re-publishes ``voice.py``.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Dict, List, Mapping, Optional, Set, Tuple

from gemlint.api import check_file, process_file, project_platforms, sort_key, with_aliases
from gemlint.discover import SourceFile, discover, language_of
from gemlint.flow import find_root, link
from gemlint.project_index import has_facts, stat_of
from gemlint.rules.aliases import alias_keys
from gemlint.server.checker import Checked
from gemlint.server.settings import Scanners
from gemlint.types import FileError, FileResult, Finding, Location

if TYPE_CHECKING:
    from gemlint.resolve import Context

MAX_FILES = 20000  # a root larger than this (a home folder) is indexed up to here
_CALLEE = re.compile(r"[\w$.]+")

Entry = Tuple[Tuple[int, int], FileResult]  # (size, mtime_ns), the file's result


class ProjectFacts:
    """A ``ProjectHook``: link the open units with the facts of their project's files on disk."""

    def __init__(self) -> None:
        self.roots: Dict[str, Dict[str, Entry]] = {}  # root -> absolute path -> entry

    # ------------------------------------------------------------------ disk facts

    def invalidate(self) -> None:
        """Files were created or deleted: read every root again on next use."""
        self.roots.clear()

    def touch(self, path: str, scanners: Scanners) -> None:
        """``path`` was saved: (re)read it into the root that holds it, if that root is indexed."""
        for root, entries in self.roots.items():
            if _inside(path, root) and path not in entries:
                entry = _read(path, scanners)
                if entry is not None:
                    entries[path] = entry

    def stale(self) -> bool:
        """True when a file read for its facts changed or went since (for clients without file watchers)."""
        for root in sorted(self.roots):
            entries = self.roots[root]
            if any(stat_of(path) != entries[path][0] for path in sorted(entries)):
                return True
        return False

    def _entries(self, root: str, scanners: Scanners) -> Dict[str, Entry]:
        entries = self.roots.get(root)
        if entries is None:
            entries = {}
            scanner, _, matcher = scanners.get(os.path.join(root, "_.py"))
            count = 0
            for item in discover([root], matcher, True, scanner.config.settings_files, cwd=root):
                if isinstance(item, FileError):
                    continue
                count += 1
                if count > MAX_FILES:
                    break
                entry = _read(item.path, scanners, item.language)
                if entry is not None:
                    entries[os.path.abspath(item.path)] = entry
            self.roots[root] = entries
            return entries
        for path in sorted(entries):  # re-read what changed on disk
            stat = stat_of(path)
            if stat is None:
                del entries[path]
            elif stat != entries[path][0]:
                entry = _read(path, scanners)
                if entry is None:
                    del entries[path]
                else:
                    entries[path] = entry
        return entries

    def indexed(self, path: str, scanners: Scanners) -> bool:
        """True when the project holding ``path`` has been read (its first check need not wait)."""
        return self.root_of(path, scanners) in self.roots

    def index(self, path: str, scanners: Scanners) -> None:
        """Read the project holding ``path`` (run in the background by the server before its first full check)."""
        self._entries(self.root_of(path, scanners), scanners)

    def root_of(self, path: str, scanners: Scanners) -> str:
        """The project ``path`` belongs to: the workspace root holding it, else its nearest project folder."""
        if scanners.root and _inside(path, os.path.abspath(scanners.root)):
            return os.path.abspath(scanners.root)
        return find_root(path, os.path.dirname(path))

    # ------------------------------------------------------------------ the hook

    def __call__(self, checked: Mapping[str, Checked], scanners: Scanners) -> Dict[str, List[Finding]]:
        """Findings per open unit path, with every name that travels between files resolved."""
        by_root: Dict[str, List[Checked]] = {}
        for path in sorted(checked):
            item = checked[path]
            if item.scanner is not None and os.path.isabs(path):
                by_root.setdefault(self.root_of(path, scanners), []).append(item)
        out: Dict[str, List[Finding]] = {}
        for root in sorted(by_root):
            out.update(self._root(root, by_root[root], scanners))
        return out

    def _root(self, root: str, units: List[Checked], scanners: Scanners) -> Dict[str, List[Finding]]:
        entries = self._entries(root, scanners)
        open_results = {os.path.abspath(c.unit.path): c.result for c in units}
        results = [r for r in open_results.values()]
        results += [entries[p][1] for p in sorted(entries) if p not in open_results]
        ctx_of = _AliasContexts(alias_keys(results))
        if not any(r.pending for r in results) and not ctx_of.named_in(open_results.values()):
            return {}
        linked = link(results, _no_load, root)
        linked_by_path = {os.path.abspath(r.path): r for r in linked}
        platforms = project_platforms(results, [root], root)  # GOOGLE_GENAI_USE_VERTEXAI the project declares
        findings_of: Dict[str, List[Finding]] = {}

        def findings(result: FileResult) -> List[Finding]:
            path = os.path.abspath(result.path)
            if path not in findings_of:
                scanner, _, _ = scanners.get(path)
                prefix = root.rstrip(os.sep) + os.sep  # other files named as a scan of the root names them
                findings_of[path] = [
                    f._replace(message=f.message.replace(prefix, ""), detail=f.detail.replace(prefix, ""))
                    if prefix in f.message or prefix in f.detail
                    else f
                    for f in check_file(result, ctx_of(scanner), scanner.config, None, platforms)
                ]
            return findings_of[path]

        reaching: Dict[str, List[str]] = {}  # site path -> the files whose literals reach a call there
        for other_path in sorted(linked_by_path):
            sites = {os.path.abspath(r.site.location.path) for r in linked_by_path[other_path].refs if r.site}
            for site_path in sorted(sites - {other_path}):
                reaching.setdefault(site_path, []).append(other_path)
        out: Dict[str, List[Finding]] = {}
        for item in units:
            path = os.path.abspath(item.unit.path)
            mine = linked_by_path.get(path, item.result)
            if mine is item.result and not ctx_of.named_in([mine]):  # nothing reaches it, it names no alias:
                # its own findings (a stored check also holds linked ones)
                own = [f for f in item.findings if all(os.path.abspath(r.path) == path for r in f.related)]
            else:
                own = findings(mine)
            mirrored: List[Finding] = []
            for other_path in reaching.get(path, ()):
                for f in findings(linked_by_path[other_path]):
                    mirrored.extend(mirror(f, path, item))
            out[item.unit.path] = sorted(own + _dedupe(mirrored), key=sort_key)
        return out


def mirror(f: Finding, path: str, item: Checked) -> List[Finding]:
    """``f`` (located at a literal in another file) shown at each of its call sites in ``path``.

    The copy points back at the literal; it offers no replacement (the name is not written here).
    """
    out = []
    for loc in f.related:
        if os.path.abspath(loc.path) != path:
            continue
        end = None
        found = item.unit.document_of(loc.cell) if item.unit.notebook else (item.unit.uri, item.unit.text)
        if found is not None:
            lines = found[1].replace("\r\n", "\n").replace("\r", "\n").split("\n")
            text = lines[loc.line - 1] if 0 < loc.line <= len(lines) else ""
            m = _CALLEE.match(text, max(loc.column - 1, 0))
            if m is not None:
                end = m.end() + 1
        at = Location(item.unit.path, loc.line, loc.column, loc.cell, loc.line if end else None, end)
        others = tuple(r for r in f.related if r != loc)
        out.append(f._replace(location=at, related=(f.location,) + others, suggestions=(), fix=None))
    return out


def _dedupe(findings: List[Finding]) -> List[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.model, f.location, f.related)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _read(path: str, scanners: Scanners, lang: Optional[str] = None) -> Optional[Entry]:
    """A file's result as a scan reads it, when it carries cross-file facts."""
    lang = lang or language_of(path)
    stat = stat_of(path)
    if lang is None or stat is None or scanners.excluded(path):
        return None
    _, opts, _ = scanners.get(path)
    result = process_file(SourceFile(path, path, lang), opts)
    return (stat, result) if has_facts(result) else None


class _AliasContexts:
    """Each scanner's context knowing which of a project's table keys are its aliases (``gemlint.rules.aliases``)."""

    def __init__(self, keys: Set[str]) -> None:
        self.keys = keys
        self._contexts: Dict[int, Context] = {}

    def __call__(self, scanner) -> Context:
        found = self._contexts.get(id(scanner))
        if found is None:
            found = self._contexts[id(scanner)] = with_aliases(scanner.context, self.keys)
        return found

    def named_in(self, results) -> bool:
        """Whether one of ``results`` names a key a table of the project defines (then the rules run again)."""
        return bool(self.keys) and any(r.model in self.keys for o in results for r in o.refs)


def _no_load(path: str) -> Optional[FileResult]:
    return None  # every file with facts is in the index: the rest have none to give


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
