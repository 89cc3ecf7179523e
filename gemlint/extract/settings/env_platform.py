"""The platform a project declares for clients built without a flag.

google-genai picks Vertex AI when ``GOOGLE_GENAI_USE_VERTEXAI`` (or
``GOOGLE_GENAI_USE_ENTERPRISE``) is true in the environment. Projects set it in
files gemlint can read without running anything: ``.env*``, compose files,
Dockerfiles (``ENV``), shell scripts (``export``, ``gcloud run deploy
--set-env-vars``/``--update-env-vars``), Cloud Build / App Engine / Cloud Run
YAML (``env:``, ``envVariables:``, ``- name: … value: …``), Terraform
(``env { name = … value = … }``) and GitHub workflow ``env:`` blocks.

``declarations`` reads one file's text (line by line, no parser); ``PlatformMap``
answers, for a file, which platform(s) the nearest declaring folder gives
(the file's folder upwards), else both platforms when the file's project declares
both (services on each, shared code between them), with the declaration that decided
("GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1"). A deployment file kept in a folder
of its own (``scripts/deploy.sh``, ``.github/workflows/``) covers the folder above.
"""

from __future__ import annotations

import os
import re
from typing import Dict, Iterable, List, Optional, Sequence

from gemlint import probes
from gemlint.types import GEMINI, VERTEX, Declaration, Location

_KEY = r"(?P<key>GOOGLE_GENAI_USE_(?:VERTEXAI|ENTERPRISE))"
_VAL = r"[\"']?(?P<value>[A-Za-z0-9]+)\b"
_PATTERNS = {
    # KEY=value, KEY: value, "KEY": "value", KEY = "value" (env files, YAML maps, JSON, HCL, --set-env-vars lists)
    "assign": (rf"(?<![A-Za-z0-9_]){_KEY}[\"']?\s*(?:=|:)\s*{_VAL}", 0),
    # Dockerfile `ENV KEY value`
    "docker_env": (rf"^\s*ENV\s+{_KEY}\s+{_VAL}", re.IGNORECASE),
    # name: KEY / name = "KEY" / "name": "KEY", then a `value` within the next lines (Cloud Run, k8s, Terraform)
    "name": (rf"\bname[\"']?\s*(?:=|:)\s*[\"']?{_KEY}\b", 0),
    "value": (rf"\bvalue[\"']?\s*(?:=|:)\s*{_VAL}", 0),
    "comment": (r"^\s*(?:#|//)", 0),
    # In code (Python, notebooks) only a quoted key in a mapping counts: env_vars={"GOOGLE_GENAI_USE_VERTEXAI": "1"}
    # (prose in docstrings and markdown, `GOOGLE_GENAI_USE_VERTEXAI=true`, does not)
    "code_key": (rf"([\"']){_KEY}\1\s*:\s*{_VAL}", 0),
}
_COMPILED: Dict[str, re.Pattern[str]] = {}  # compiled when a file first names a key (not on the memo's path)


def _pattern(name: str) -> re.Pattern[str]:
    found = _COMPILED.get(name)
    if found is None:
        found = _COMPILED[name] = re.compile(*_PATTERNS[name])
    return found


TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off")

# Files that are read only for their declarations (discover.py's "declarations" language).
DECLARATION_SUFFIXES = (".sh", ".bash", ".tf", ".dockerfile")


def is_declaration_file(name: str) -> bool:
    """Dockerfiles, shell scripts and Terraform: read for the platform they declare, nothing else."""
    base = os.path.basename(name)
    return base == "Dockerfile" or base.startswith("Dockerfile.") or base.endswith(DECLARATION_SUFFIXES)


def _platform(value: str) -> Optional[str]:
    low = value.lower()
    return VERTEX if low in TRUE else GEMINI if low in FALSE else None


def declarations(text: str, path: str, code: bool = False) -> List[Declaration]:
    """Every ``GOOGLE_GENAI_USE_VERTEXAI``/``_ENTERPRISE`` set to a constant in ``text``, in file order.

    A value that is not a constant (``${USE_VERTEX}``) declares nothing; comment lines are skipped. In
    ``code`` only a quoted mapping key counts (``env_vars={"GOOGLE_GENAI_USE_VERTEXAI": "1"}``).
    """
    if "GOOGLE_GENAI_USE_" not in text:
        return []
    out: List[Declaration] = []
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        if "GOOGLE_GENAI_USE_" not in raw or _pattern("comment").match(raw):
            continue
        line = _uncommented(raw)
        if code:
            for m in _pattern("code_key").finditer(line):
                _add(out, m.group("key"), m.group("value"), path, i + 1, m.start("key") + 1)
            continue
        found = False
        for m in list(_pattern("assign").finditer(line)) + list(_pattern("docker_env").finditer(line)):
            found = True
            _add(out, m.group("key"), m.group("value"), path, i + 1, m.start("key") + 1)
        if found:
            continue
        named = _pattern("name").search(line)
        if named is None:
            continue
        for j in range(i, min(i + 4, len(lines))):
            v = _pattern("value").search(lines[j][named.end() :] if j == i else lines[j])
            if v is not None:
                _add(out, named.group("key"), v.group("value"), path, i + 1, named.start("key") + 1)
                break
    return out


def _uncommented(line: str) -> str:
    """``line`` without a trailing ``# …`` or `` // …`` comment (outside quotes)."""
    quote = ""
    for i, c in enumerate(line):
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif i and line[i - 1] in " \t" and (c == "#" or line.startswith("//", i)):
            return line[:i]
    return line


def _add(out: List[Declaration], key: str, value: str, path: str, line: int, column: int) -> None:
    platform = _platform(value)
    if platform is not None:
        out.append(Declaration(key, value, platform, Location(path, line, column)))


def describe(decl: Declaration) -> str:
    """``GOOGLE_GENAI_USE_VERTEXAI=TRUE in scripts/deploy.sh:4``."""
    return f"{decl.key}={decl.value} in {decl.location.path}:{decl.location.line}"


PLATFORM_NAMES = {VERTEX: "Vertex AI", GEMINI: "Gemini API"}


class PlatformMap:
    """Which platform(s) each folder's clients without a flag go to, from the project's declarations.

    Paths (display paths, relative to the working folder, or absolute) are compared as absolute folders.
    A declaration covers its folder and everything below it; a folder no declaration covers runs on both
    platforms when its project (the nearest folder with a project marker) declares both, else is not
    covered. ``.env*``, compose files and Dockerfiles
    cover their own folder; a deployment file (a shell script, Terraform, a workflow, Cloud Build or Cloud
    Run YAML) kept in a folder with no code and no project marker (``scripts/``, ``infra/``,
    ``.github/workflows/``) covers the nearest folder above that has some, up to ``root``.
    """

    def __init__(self, decls: Iterable[Declaration], root: Optional[str] = None) -> None:
        self.root = os.path.abspath(root) if root else None
        self._holds: Dict[str, bool] = {}
        self.by_folder: Dict[str, List[Declaration]] = {}
        for d in decls:
            self.by_folder.setdefault(self._scope(d), []).append(d)
        self.all: List[Declaration] = [d for ds in self.by_folder.values() for d in ds]
        self._memo: Dict[str, Verdict] = {}

    def __bool__(self) -> bool:
        return bool(self.all)

    def platforms(self, path: str) -> Verdict:
        """``{platform: note}`` for a call in ``path``: the nearest folder (upwards) that declares anything.

        Empty when nothing is declared. The note says what decided: ``GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1``.
        """
        folder = _folder(path)
        found = self._memo.get(folder)
        if found is None:
            found = self._memo[folder] = self._decide(folder)
        return found

    def _decide(self, folder: str) -> Verdict:
        current: Optional[str] = folder
        while current is not None:
            decls = self.by_folder.get(current)
            if decls:
                return _verdict(decls)
            current = _parent(current)
        if not self.all:
            return {}
        # No folder above declares it: code shared by services of one project (the nearest folder with a
        # project marker) that declare different platforms runs on both. One platform declared in some
        # other folder says nothing here (a sibling sample, another service).
        project = self._project_of(folder)
        inside = [d for ds in self.by_folder.items() if project is None or _under(ds[0], project) for d in ds[1]]
        verdict = _verdict(inside)
        return verdict if len(verdict) > 1 else {}

    def _project_of(self, folder: str) -> Optional[str]:
        """The nearest folder at or above ``folder`` (up to ``root``) holding a project marker."""
        from gemlint.flow.modules import MARKERS

        current: Optional[str] = folder
        while current is not None:
            if any(os.path.exists(os.path.join(current, m)) for m in MARKERS):
                return current
            if self.root is not None and current == self.root:
                return current
            current = _parent(current)
        return None

    def _scope(self, decl: Declaration) -> str:
        """The folder a declaration covers (see the class docstring)."""
        folder = _folder(decl.location.path)
        if _folder_scoped(os.path.basename(decl.location.path)) or self.root is None:
            return folder
        current = folder
        while _under(current, self.root) and current != self.root and not self._holds_code(current):
            current = os.path.dirname(current)
        return current if _under(current, self.root) else folder

    def _holds_code(self, folder: str) -> bool:
        """True when ``folder`` holds a source file gemlint reads or a project marker."""
        found = self._holds.get(folder)
        if found is None:
            from gemlint.discover import LANGUAGES
            from gemlint.flow.modules import MARKERS

            try:
                with os.scandir(folder) as it:
                    names = [e.name for e in it]
            except OSError:
                names = []
            found = any(n in MARKERS or os.path.splitext(n)[1].lower() in LANGUAGES for n in names)
            self._holds[folder] = found
        return found


Verdict = Dict[str, str]  # platform -> what declared it


def _folder_scoped(base: str) -> bool:
    """``.env*``, compose files and Dockerfiles configure the folder they sit in."""
    from gemlint.extract.settings.settings_files import is_compose_file, is_env_file

    return is_env_file(base) or is_compose_file(base) or base.startswith("Dockerfile") or base.endswith(".dockerfile")


def _verdict(decls: Sequence[Declaration]) -> Verdict:
    out: Verdict = {}
    for p in sorted({d.platform for d in decls}):
        out[p] = describe(next(d for d in decls if d.platform == p))
    return out


def _under(folder: str, root: str) -> bool:
    return folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)


def _folder(path: str) -> str:
    """The absolute folder of a path (display paths are relative to the working folder)."""
    return os.path.dirname(os.path.abspath(path))


def _parent(folder: str) -> Optional[str]:
    parent = os.path.dirname(folder)
    return parent if parent != folder else None


def ancestor_declarations(paths: Sequence[str], root: str, cwd: str, known: Iterable[str]) -> List[Declaration]:
    """Declarations in the folders above the scanned ``paths``, up to the project ``root`` (never above it).

    Only the declaration files of those folders are read (one directory listing each); ``known`` are display
    paths already read by the scan.
    """
    from gemlint.discover import display_path
    from gemlint.extract.settings.settings_files import is_compose_file, is_env_file

    seen = set(known)
    root = os.path.abspath(root)
    folders: List[str] = []
    for p in paths:
        folder = os.path.abspath(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) or ".")
        while folder == root or folder.startswith(root.rstrip(os.sep) + os.sep):
            if folder not in folders:
                folders.append(folder)
            if folder == root:
                break
            folder = os.path.dirname(folder)
    out: List[Declaration] = []
    for folder in folders:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        if probes.active():  # for the scan memo: a declaration file added or removed
            probes.listed(folder, "declarations", declaration_names_digest(entries), kind="n")
        names = [e.name for e in entries if e.is_file(follow_symlinks=False)]
        for name in names:
            full = os.path.join(folder, name)
            shown = display_path(full, cwd)
            if shown in seen or not (is_env_file(name) or is_compose_file(name) or is_declaration_file(name)):
                continue
            seen.add(shown)
            probes.read(full)
            out.extend(declarations(_read_small(full), shown))
    return out


def declaration_names_digest(entries) -> str:
    """A digest of the names of the files among a folder's ``entries`` that could declare a platform."""
    from gemlint.digest import digest
    from gemlint.extract.settings.settings_files import is_compose_file, is_env_file

    names = [e.name for e in entries if e.is_file(follow_symlinks=False)]
    kept = [n for n in names if is_env_file(n) or is_compose_file(n) or is_declaration_file(n)]
    return digest("\0".join(kept).encode("utf-8", "surrogateescape"), 12)


def _read_small(path: str, limit: int = 1 << 20) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")
