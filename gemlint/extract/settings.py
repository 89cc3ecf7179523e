"""Model names in settings files: .env, YAML, JSON and TOML.

Settings carry values, not code, so each line is read for values that are a
whole model name (``GEMINI_MODEL=gemini-1.5-pro``, ``model: "gemini-3.8-flash"``).
They are checked for existence only. Lock files and package manifests are not
settings and are never read.
"""

from __future__ import annotations

import os
import re
from typing import Callable, List

from ..types import Location, ModelRef
from . import names

# A value: delimited by start/space/quote/=/:/,/[ before and end/space/quote/,/]/# after.
_VALUE = re.compile(
    rf"(?:(?<=^)|(?<=[\s\"'=:,\[(]))(?P<name>{names.MODEL_NAME.pattern}|[a-z][a-z0-9.\-]*)(?=$|[\s\"',\])#])"
)
_COMMENT = re.compile(r"^\s*(#|//|;)")

NOT_SETTINGS = frozenset(
    {
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "composer.json",
        "composer.lock",
        "pyproject.toml",
        "poetry.lock",
        "pdm.lock",
        "uv.lock",
        "Pipfile",
        "Pipfile.lock",
        "Cargo.toml",
        "Cargo.lock",
        "tsconfig.json",
        "jsconfig.json",
        ".pre-commit-config.yaml",
        ".pre-commit-hooks.yaml",
        "pubspec.yaml",
        "pubspec.lock",
        "environment.yml",
        "environment.yaml",
        "deno.lock",
    }
)
SETTINGS_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".env")


def is_settings_file(path: str) -> bool:
    """True for .env files and YAML/JSON/TOML settings (not manifests or lock files)."""
    base = os.path.basename(path)
    if base in NOT_SETTINGS or base.endswith((".lock", "-lock.json", "-lock.yaml")):
        return False
    if base == ".env" or base.startswith(".env."):
        return True
    return base.endswith(SETTINGS_SUFFIXES)


def extract_settings(text: str, path: str, known: Callable[[str], bool]) -> List[ModelRef]:
    """Whole-name model values in a settings file, one ref per value."""
    refs: List[ModelRef] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line or _COMMENT.match(line) or "-" not in line:
            continue
        for m in _VALUE.finditer(line):
            value = m.group("name")
            bare = value[len("models/") :] if value.startswith("models/") else value
            if names.looks_like_model(value) or (names.could_be_model(value, known) and known(bare)):
                refs.append(ModelRef(value, Location(path, lineno, m.start("name") + 1), settings=True))
    return refs
