"""Where a name lives: the files of a project, and the file each import names.

``Project`` indexes the scanned files' facts by absolute path, loads the
facts of other files on demand, and maps a module as a file spells it
(Python ``.config`` / ``pkg.config``, TypeScript ``./config`` / ``@/lib/x``
through tsconfig ``baseUrl``/``paths``) to a file. The value flow
(``gemlint/flow/graph.py``) is built on it.
"""

from __future__ import annotations

import json
import os
import re
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from gemlint import probes
from gemlint.boundary import TSCONFIG_LIMIT, Boundary, read_regular
from gemlint.extract.settings.settings_files import is_compose_file
from gemlint.types import GLOBAL_NAMES, PAGE_SCRIPTS, Export, FileResult, ModelRef

TS_EXTS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
PY_EXT = (".py",)
MAX_LEVELS = 16  # absolute imports are looked up at most this many folders above the importer
MAX_LISTED = 512  # files of one folder looked at for pages and classic scripts
MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "package.json", "tsconfig.json", ".git")

Loader = Callable[[str], Optional[FileResult]]  # absolute path -> facts of a file not extracted


class Project:
    """The scanned files' facts, indexed by absolute path, and how modules map to files."""

    def __init__(self, results: Sequence[FileResult], load: Loader, root: str, lazy_exports=None, roots=()):
        self.root = os.path.abspath(root)
        # Resolution reads nothing outside the project root and the scan roots (gemlint.boundary).
        self.boundary = Boundary([self.root, *roots])
        # Only results with something in them: an empty one (prefilter-skipped) is loaded on demand.
        self.by_path: Dict[str, FileResult] = {os.path.abspath(r.path): r for r in results if has_content(r)}
        self.load = load
        self.lazy_exports = lazy_exports  # display path -> exports, for results given without them
        self.loaded: Dict[str, Optional[FileResult]] = {}
        self._exports: Dict[str, Dict[str, List[Export]]] = {}
        self._tsconfig: Dict[str, Optional[Tuple[str, Dict]]] = {}
        self._modules: Dict[Tuple[str, str, bool], Optional[str]] = {}  # (importer's folder, spec, python) -> file
        self._chain: Dict[Tuple[str, str], Optional[Tuple[str, int]]] = {}  # (folder, absolute module) -> found
        self._scopes: Dict[str, List[str]] = {}  # classic script -> the files that may declare its globals
        self._listings: Dict[str, List[str]] = {}
        self._groups: Dict[str, Set[str]] = {}
        self._globals: Dict[str, Set[str]] = {}
        self.env: Dict[str, List[Tuple[str, bool, ModelRef]]] = {}
        for r in results:
            if r.env:
                self._add_env(r)

    def _add_env(self, r: FileResult) -> None:
        folder = os.path.dirname(os.path.abspath(r.path))
        compose = is_compose_file(r.path)
        for value in r.env:
            self.env.setdefault(value.key, []).append((folder, compose, value.ref))

    # files
    def file(self, path: str) -> Optional[FileResult]:
        """Facts of ``path``: from the scan, or extracted now (a file the prefilter skipped)."""
        result = self.by_path.get(path)
        if result is not None:
            return result
        if path not in self.loaded:
            self.loaded[path] = self.load(path) if self.boundary.inside(path) and probes.isfile(path) else None
        return self.loaded[path]

    def exports(self, path: str) -> Dict[str, List[Export]]:
        table = self._exports.get(path)
        if table is None:
            table = {}
            result = self.file(path) if not probes.isdir(path) else None
            exports = result.exports if result is not None else ()
            if result is not None and not exports and self.lazy_exports is not None:
                exports = self.lazy_exports(result.path)
            for export in exports:
                table.setdefault(export.name, []).append(export)
            self._exports[path] = table
        return table

    # classic scripts (extract/typescript/ts_globals.py)
    def global_definers(self, reader: str, name: str) -> List[str]:
        """The files that declare the global ``name`` for the classic script ``reader``: the scripts (and pages)
        sharing a page with it, or, when no page in its folder or the one above loads it, its folder's scripts."""
        scope = self._global_scope(reader)
        return [p for p in scope if p != reader and name in self._declared_globals(p)]

    def _global_scope(self, reader: str) -> List[str]:
        found = self._scopes.get(reader)
        if found is not None:
            return found
        folder = os.path.dirname(reader)
        groups = [g for page in self._pages_near(folder) for g in [self._page_group(page)] if reader in g]
        if groups:
            found = sorted({p for g in groups for p in g})
        else:
            found = [p for p in self._folder_files(folder) if p.endswith((".js", ".html", ".htm"))]
        self._scopes[reader] = found
        return found

    def _pages_near(self, folder: str) -> List[str]:
        """The HTML pages in ``folder`` and the folder above it (inside the project)."""
        out: List[str] = []
        for place in (folder, os.path.dirname(folder)):
            if self.boundary.inside(place):
                out.extend(p for p in self._folder_files(place) if p.endswith((".html", ".htm")))
        return out

    def _folder_files(self, folder: str) -> List[str]:
        found = self._listings.get(folder)
        if found is None:
            try:
                names = sorted(os.listdir(folder)) if self.boundary.inside(folder) else []
            except OSError:
                names = []
            found = self._listings[folder] = [os.path.join(folder, n) for n in names[:MAX_LISTED]]
        return found

    def _page_group(self, page: str) -> Set[str]:
        """A page and the classic scripts it loads (``src`` relative to the page, or ``/…`` from a folder above)."""
        found = self._groups.get(page)
        if found is None:
            found = {page}
            for export in self.exports(page).get(PAGE_SCRIPTS, ()):
                for sym in export.symbols:
                    path = self._script_at(os.path.dirname(page), sym.module)
                    if path is not None:
                        found.add(path)
            self._groups[page] = found
        return found

    def _script_at(self, folder: str, spec: str) -> Optional[str]:
        rest = spec.lstrip("/")
        bases = [folder]
        if spec.startswith("/"):  # served from a folder above: the page's, or one of its parents
            while self.boundary.inside(os.path.dirname(bases[-1])) and len(bases) < MAX_LEVELS:
                bases.append(os.path.dirname(bases[-1]))
        for base in bases:
            path = os.path.normpath(os.path.join(base, rest))
            if self.boundary.inside(path) and probes.isfile(path):
                return path
        return None

    def _declared_globals(self, path: str) -> Set[str]:
        found = self._globals.get(path)
        if found is None:
            found = self._globals[path] = {s.name for e in self.exports(path).get(GLOBAL_NAMES, ()) for s in e.symbols}
        return found

    # modules
    def module(self, importer: str, spec: str) -> Optional[str]:
        """The file (or namespace-package folder) ``spec`` names, imported from ``importer``."""
        python = importer.endswith(PY_EXT) or importer.endswith(".ipynb")
        key = (os.path.dirname(importer), spec, python)
        if key not in self._modules:
            found = self._py_module(importer, spec) if python else self._ts_module(importer, spec)
            self._modules[key] = found if found is not None and self.boundary.inside(found) else None
        return self._modules[key]

    def _py_module(self, importer: str, spec: str) -> Optional[str]:
        level = len(spec) - len(spec.lstrip("."))
        rest = spec[level:]
        if not level:
            hit = self._from_ancestors(os.path.dirname(importer), rest)
            return hit[0] if hit is not None and hit[1] < MAX_LEVELS else None
        base = os.path.dirname(importer)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        return py_at(os.path.join(base, *rest.split(".")) if rest else base, True)

    def _from_ancestors(self, folder: str, rest: str) -> Optional[Tuple[str, int]]:
        """The module ``rest`` (absolute) from ``folder``, its ``src/``, or the same above it up to the project
        root: ``(file, levels up)``. Kept per folder: importers in sibling folders share their ancestors' answers."""
        parts = rest.split(".")
        walked: List[str] = []  # folders asked, nearest first; the last one's answer is `hit`
        hit: Optional[Tuple[str, int]] = None
        while True:
            key = (folder, rest)
            if key in self._chain:
                if not walked:
                    return self._chain[key]
                above = self._chain[key]
                hit = None if above is None else (above[0], above[1] + 1)
                break
            walked.append(folder)
            src = os.path.join(folder, "src")
            bases = (folder, src) if probes.isdir(src) else (folder,)
            found = next((f for f in (_module_in(b, parts) for b in bases) if f is not None), None)
            if found is not None:
                hit = (found, 0)
                break
            if folder == self.root or os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
        last = len(walked) - 1
        for i, below in enumerate(walked):
            self._chain[(below, rest)] = None if hit is None else (hit[0], hit[1] + last - i)
        return self._chain[(walked[0], rest)]

    def _ts_module(self, importer: str, spec: str) -> Optional[str]:
        if spec.startswith("."):
            bases = [os.path.normpath(os.path.join(os.path.dirname(importer), spec))]
        else:
            bases = self._ts_paths(importer, spec)
        for base in bases:
            found = _ts_at(base)
            if found is not None:
                return found
        return None

    def _ts_paths(self, importer: str, spec: str) -> List[str]:
        """Candidates for a bare specifier from the nearest tsconfig.json/jsconfig.json ``baseUrl``/``paths``."""
        config = self._nearest_tsconfig(os.path.dirname(importer))
        if config is None:
            return []
        folder, options = config
        base_url = options.get("baseUrl")
        base = os.path.normpath(os.path.join(folder, base_url)) if isinstance(base_url, str) else folder
        out: List[str] = []
        paths = options.get("paths")
        if isinstance(paths, dict):
            for pattern in sorted(paths, key=lambda p: -len(p)):
                targets = paths[pattern]
                if not isinstance(targets, list):
                    continue
                star = None
                if pattern == spec:
                    star = ""
                elif pattern.count("*") == 1:
                    head, tail = pattern.split("*")
                    if spec.startswith(head) and spec.endswith(tail) and len(spec) >= len(head) + len(tail):
                        star = spec[len(head) : len(spec) - len(tail)]
                if star is None:
                    continue
                for target in targets:
                    if isinstance(target, str):
                        out.append(os.path.normpath(os.path.join(base, target.replace("*", star))))
        if isinstance(base_url, str):
            out.append(os.path.normpath(os.path.join(base, spec)))
        return out

    def _nearest_tsconfig(self, folder: str) -> Optional[Tuple[str, Dict]]:
        """The nearest tsconfig.json/jsconfig.json at or above ``folder``, up to the project root (a loop:
        1,200 nested folders are no recursion), never one outside the boundary."""
        walked: List[str] = []
        found: Optional[Tuple[str, Dict]] = None
        while True:
            if folder in self._tsconfig:
                found = self._tsconfig[folder]
                break
            walked.append(folder)
            for name in ("tsconfig.json", "jsconfig.json"):
                path = os.path.join(folder, name)
                if self.boundary.inside(path) and probes.isfile(path):
                    options = read_tsconfig(path)
                    if options is not None:
                        found = (folder, options)
                        break
            if found is not None or folder == self.root or os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
        for seen in walked:
            self._tsconfig[seen] = found
        return found

    def env_values(self, where: str, key: str) -> List[ModelRef]:
        """Values of ``key`` in .env files of ``where``'s folder or above, and in compose files."""
        folder = os.path.dirname(where)
        out = []
        for env_folder, compose, ref in self.env.get(key, ()):
            if compose or folder == env_folder or folder.startswith(env_folder.rstrip(os.sep) + os.sep):
                out.append(ref)
        return out


def py_at(base: str, module_file: bool) -> Optional[str]:
    """The module file, package ``__init__.py`` or namespace folder at ``base`` (no extension)."""
    if module_file and probes.isfile(base + ".py"):
        return base + ".py"
    init = os.path.join(base, "__init__.py")
    if probes.isfile(init):
        return init
    return base if probes.isdir(base) else None


def _module_in(base: str, parts: List[str]) -> Optional[str]:
    """``py_at`` for the module ``parts`` under ``base``, asking first whether the folder of its first part is there
    (absent: ``x.py`` is the only candidate; a dotted name has none): two probes or one instead of three."""
    if not probes.isdir(os.path.join(base, parts[0])):
        if len(parts) > 1:
            return None
        candidate = os.path.join(base, parts[0] + ".py")
        return candidate if probes.isfile(candidate) else None
    return py_at(os.path.join(base, *parts), True)


def _ts_at(base: str) -> Optional[str]:
    if probes.isfile(base) and base.endswith(TS_EXTS):
        return base
    stem = base
    for ext in (".js", ".jsx", ".mjs", ".cjs"):  # ESM style './config.js' naming config.ts
        if base.endswith(ext):
            stem = base[: -len(ext)]
            break
    for ext in TS_EXTS:
        if probes.isfile(stem + ext):
            return stem + ext
    if probes.isdir(base):
        for ext in TS_EXTS:
            index = os.path.join(base, "index" + ext)
            if probes.isfile(index):
                return index
    return None


# Comments and trailing commas of a tsconfig.json; compiled (and cached by re) when a tsconfig is read.
# Linear time: an unterminated string or comment runs to the end of the text at once (no rescan from each `/*`).
_JSONC = r'(?s)"(?:\\.|[^"\\])*(?:"|\\?\Z)|//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z)'
_TRAILING_COMMA = r",(\s*[}\]])"


def read_tsconfig(path: str) -> Optional[Dict]:
    """``compilerOptions`` of a tsconfig.json/jsconfig.json (comments and trailing commas allowed)."""
    probes.read(path)
    try:
        text = read_regular(path, TSCONFIG_LIMIT).decode("utf-8")
        text = re.sub(_JSONC, lambda m: m.group(0) if m.group(0).startswith('"') else "", text)
        data = json.loads(re.sub(_TRAILING_COMMA, r"\1", text))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):  # unreadable, too large, too deep
        return None
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    return options if isinstance(options, dict) else {}


def has_content(r: FileResult) -> bool:
    """A result with something in it (an empty one, prefilter-skipped, is loaded on demand)."""
    return bool(r.digest or r.refs or r.exports or r.pending or r.env or r.writes)


def find_root(path: str, cwd: str) -> str:
    """The project folder of a scanned file: the nearest folder with a project marker, at most up to ``cwd``."""
    folder = os.path.dirname(os.path.abspath(path))
    start = folder
    cwd = os.path.abspath(cwd)
    inside = folder == cwd or folder.startswith(cwd.rstrip(os.sep) + os.sep)
    for _ in range(32):
        if any(os.path.exists(os.path.join(folder, m)) for m in MARKERS):
            return folder
        if folder == cwd or os.path.dirname(folder) == folder:
            break
        folder = os.path.dirname(folder)
    return cwd if inside else start
