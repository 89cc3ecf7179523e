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
(the file's folder upwards), else what the whole project declares, with the
declaration that decided ("GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1").
"""

from __future__ import annotations

import os
import re
from typing import Dict, Iterable, List, Optional, Sequence

from ..types import GEMINI, VERTEX, Declaration, Location

KEYS = ("GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_ENTERPRISE")
TOKEN = b"GOOGLE_GENAI_USE_"  # the prefilter's token (extract/calls.py)
_KEY = r"(?P<key>GOOGLE_GENAI_USE_(?:VERTEXAI|ENTERPRISE))"
_VAL = r"[\"']?(?P<value>[A-Za-z0-9]+)\b"
# KEY=value, KEY: value, "KEY": "value", KEY = "value" (env files, YAML maps, JSON, HCL, --set-env-vars lists)
_ASSIGN = re.compile(rf"(?<![A-Za-z0-9_]){_KEY}[\"']?\s*(?:=|:)\s*{_VAL}")
# Dockerfile `ENV KEY value`
_DOCKER_ENV = re.compile(rf"^\s*ENV\s+{_KEY}\s+{_VAL}", re.IGNORECASE)
# name: KEY / name = "KEY" / "name": "KEY", then a `value` within the next lines (Cloud Run, k8s, Terraform)
_NAME = re.compile(rf"\bname[\"']?\s*(?:=|:)\s*[\"']?{_KEY}\b")
_VALUE = re.compile(rf"\bvalue[\"']?\s*(?:=|:)\s*{_VAL}")
_COMMENT = re.compile(r"^\s*(?:#|//)")
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


def declarations(text: str, path: str) -> List[Declaration]:
    """Every ``GOOGLE_GENAI_USE_VERTEXAI``/``_ENTERPRISE`` set to a constant in ``text``, in file order.

    A value that is not a constant (``${USE_VERTEX}``) declares nothing; comment lines are skipped.
    """
    if "GOOGLE_GENAI_USE_" not in text:
        return []
    out: List[Declaration] = []
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        if "GOOGLE_GENAI_USE_" not in raw or _COMMENT.match(raw):
            continue
        line = _uncommented(raw)
        found = False
        for m in list(_ASSIGN.finditer(line)) + list(_DOCKER_ENV.finditer(line)):
            found = True
            _add(out, m.group("key"), m.group("value"), path, i + 1, m.start("key") + 1)
        if found:
            continue
        named = _NAME.search(line)
        if named is None:
            continue
        for j in range(i, min(i + 4, len(lines))):
            v = _VALUE.search(lines[j][named.end() :] if j == i else lines[j])
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
    """

    def __init__(self, decls: Iterable[Declaration]) -> None:
        self.by_folder: Dict[str, List[Declaration]] = {}
        for d in decls:
            self.by_folder.setdefault(_folder(d.location.path), []).append(d)
        self.all: List[Declaration] = [d for ds in self.by_folder.values() for d in ds]
        self._memo: Dict[str, Verdict] = {}

    def __bool__(self) -> bool:
        return bool(self.all)

    def platforms(self, path: str) -> Verdict:
        """``{platform: note}`` for a call in ``path``: the nearest folder's declarations, else its project's.

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
        # No folder above declares it: what the file's project declares anywhere (a deploy script, a
        # workflow, Terraform), the project being the nearest folder with a project marker.
        project = _project_of(folder)
        inside = [d for d in self.all if project is None or _under(_folder(d.location.path), project)]
        return _verdict(inside) if inside else {}


Verdict = Dict[str, str]  # platform -> what declared it


def _verdict(decls: Sequence[Declaration]) -> Verdict:
    out: Verdict = {}
    for p in sorted({d.platform for d in decls}):
        out[p] = describe(next(d for d in decls if d.platform == p))
    return out


def _under(folder: str, root: str) -> bool:
    return folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)


def _project_of(folder: str) -> Optional[str]:
    """The nearest folder at or above ``folder`` holding a project marker (pyproject.toml, package.json, .git…)."""
    from ..flow.modules import MARKERS

    current: Optional[str] = folder
    while current is not None:
        if any(os.path.exists(os.path.join(current, m)) for m in MARKERS):
            return current
        current = _parent(current)
    return None


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
    from ..discover import display_path
    from .settings_files import is_compose_file, is_env_file

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
                names = sorted(e.name for e in it if e.is_file(follow_symlinks=False))
        except OSError:
            continue
        for name in names:
            full = os.path.join(folder, name)
            shown = display_path(full, cwd)
            if shown in seen or not (is_env_file(name) or is_compose_file(name) or is_declaration_file(name)):
                continue
            seen.add(shown)
            out.extend(declarations(_read_small(full), shown))
    return out


def _read_small(path: str, limit: int = 1 << 20) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")
