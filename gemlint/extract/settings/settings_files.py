"""Which files are settings files (.env, YAML, JSON, TOML), apart from reading them.

Discovery asks this of every file; the extractor in ``settings`` (and its patterns) loads only when a
settings file is read.
"""

from __future__ import annotations

import os

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
    if is_env_file(base):
        return True
    return base.endswith(SETTINGS_SUFFIXES)


ENV_EXAMPLES = ("env.example", "env.sample", "env.template")


def is_env_file(path: str) -> bool:
    """``.env``, ``.env.*`` and ``.env-*`` (``.env.local``, ``.env.example``, ``.env-example``), ``env.example``."""
    base = os.path.basename(path)
    return base == ".env" or base.startswith((".env.", ".env-")) or base in ENV_EXAMPLES


def is_compose_file(path: str) -> bool:
    """``docker-compose.yml``, ``compose.yaml`` and their ``.override``/variant spellings."""
    base = os.path.basename(path)
    return base.endswith((".yml", ".yaml")) and (base.startswith("docker-compose") or base.startswith("compose"))
