"""Configuration: the nearest pyproject.toml with a ``[tool.gemlint]`` table.

Like ruff, a pyproject.toml without the table is skipped and the search goes
on upward. ``--config FILE`` names the file directly (a ``gemlint.toml`` or a
pyproject.toml). Command-line flags win over the file. A bad key or value is a
``ConfigError`` naming the file and the key.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, Optional, Tuple

from gemlint.records import record

DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    "site-packages",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".eggs",
    "__pypackages__",
    ".gemlint",
    ".gemlint_cache",
    ".next",
    ".ipynb_checkpoints",
)
BACKENDS = ("gemini", "vertex")
FAIL_ON = ("error", "warning")


class ConfigError(Exception):
    """A configuration problem; ``str()`` is one line naming the file and key."""


@record
class Config:
    """Settings for one run. ``root`` is the folder relative paths start from."""

    root: str = "."
    path: Optional[str] = None  # the file the settings came from
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: Tuple[str, ...] = ()
    select: Tuple[str, ...] = ("GL",)
    ignore: Tuple[str, ...] = ()
    extra_models: Tuple[str, ...] = ()
    inventory: Optional[str] = None
    vertex_inventory: Optional[str] = None
    max_inventory_age: int = 30
    settings_files: bool = True
    include_minified: bool = False
    baseline: Optional[str] = None
    backend: Tuple[Tuple[str, str], ...] = ()  # (pattern, backend) pairs
    max_file_size: int = 20 * 1024 * 1024
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()  # (glob, codes) pairs, as ruff's
    fail_on: str = "error"  # the lowest severity that makes the exit status 1
    shutdown_horizon: int = 30  # days: a GL004 shutdown this close (or past) is an error
    timeout: Optional[float] = None  # seconds of CPU per file (gemlint.budget; None: GEMLINT_FILE_TIMEOUT or 5)

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with the non-None command-line values applied."""
        return self._replace(**{k: v for k, v in changes.items() if v is not None})

    def selects(self, code: str) -> bool:
        """ruff-style prefix selection: the most specific matching prefix decides."""
        chosen = _specificity(self.select, code)
        return chosen >= 0 and chosen > _specificity(self.ignore, code)


def _specificity(prefixes: Tuple[str, ...], code: str) -> int:
    """Length of the longest prefix matching ``code`` (ALL counts 0; -1 for none)."""
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


# key -> (attribute, kind)
_KEYS = {
    "exclude": ("exclude", "list"),
    "extend-exclude": ("extend_exclude", "list"),
    "select": ("select", "codes"),
    "ignore": ("ignore", "codes"),
    "extra-models": ("extra_models", "list"),
    "inventory": ("inventory", "path"),
    "vertex-inventory": ("vertex_inventory", "path"),
    "max-inventory-age": ("max_inventory_age", "int"),
    "settings-files": ("settings_files", "bool"),
    "include-minified": ("include_minified", "bool"),
    "baseline": ("baseline", "path"),
    "backend": ("backend", "backend"),
    "max-file-size": ("max_file_size", "int"),
    "per-file-ignores": ("per_file_ignores", "per-file-ignores"),
    "fail-on": ("fail_on", "fail-on"),
    "shutdown-horizon": ("shutdown_horizon", "days"),
    "timeout": ("timeout", "seconds"),
}


def unknown_code(code: str) -> Optional[str]:
    """None for a valid rule code or prefix (``GL001``, ``GL00``, ``GL``, ``ALL``), else a one-line reason
    with a did-you-mean, as ruff's "unknown rule selector"."""
    from gemlint.rules import ALL_RULES  # lazily: the rules are loaded only once a scan needs them anyway

    codes = [r.CODE for r in ALL_RULES]
    if code == "ALL" or (len(code) >= 2 and any(c.startswith(code) for c in codes)):
        return None
    import difflib

    close = difflib.get_close_matches(code, codes, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown rule code or prefix {code!r}{hint} (`gemlint rule` lists them)"


def parse_days(value: Any) -> Optional[int]:
    """``"90d"``, ``"12w"`` or ``90`` → days; None when it is none of these."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        for suffix, factor in (("d", 1), ("w", 7)):
            if text.endswith(suffix) and text[:-1].isdigit():
                return int(text[:-1]) * factor
    return None


def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(_KEYS), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _load_toml(path: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11
        import tomli as tomllib
    from gemlint.boundary import CONFIG_LIMIT, read_regular

    try:
        return tomllib.loads(read_regular(path, CONFIG_LIMIT).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML (not UTF-8: {exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML (nested too deeply)") from None


def find_config(start: str) -> Optional[str]:
    """The nearest pyproject.toml with a [tool.gemlint] table, walking up from ``start``."""
    current = os.path.abspath(start)
    if os.path.isfile(current):
        current = os.path.dirname(current)
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            from gemlint.boundary import CONFIG_LIMIT, read_regular

            try:
                has_table = b"[tool.gemlint" in read_regular(candidate, CONFIG_LIMIT)
            except OSError:
                has_table = False
            if has_table:
                return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def load_config(path: Optional[str], cwd: str = ".") -> Config:
    """Read ``path`` (or return defaults rooted at ``cwd`` when None)."""
    if path is None:
        return Config(root=os.path.abspath(cwd))
    data = _load_toml(path)
    if os.path.basename(path) == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("gemlint", {})
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.gemlint] must be a table")
    root = os.path.dirname(os.path.abspath(path))
    values: Dict[str, Any] = {}
    for key, raw in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(
                f"{path}: unknown key '{key}' in [tool.gemlint]{_did_you_mean(key)} (known keys: {known})"
            )
        attr, kind = _KEYS[key]
        values[attr] = _convert(path, key, kind, raw, root)
    if "exclude" in values:
        # User excludes replace the patterns, but the built-in folders stay excluded (as ruff's extend).
        values["exclude"] = DEFAULT_EXCLUDES + values["exclude"]
    return Config(root=root, path=path, **values)


def _convert(path: str, key: str, kind: str, raw: Any, root: str) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{path}: '{key}' must be {expected}, got {raw!r}")

    if kind in ("list", "codes"):
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise bad("a list of strings")
        if kind == "codes":
            raw = [code.strip().upper() for code in raw]
            for code in raw:
                problem = unknown_code(code)
                if problem:
                    raise ConfigError(f"{path}: '{key}': {problem}")
        return tuple(raw)
    if kind == "per-file-ignores":
        expected = 'a table of path patterns to lists of rule codes (e.g. "tests/**" = ["GL006"])'
        if not isinstance(raw, dict):
            raise bad(expected)
        pairs = []
        for pattern, codes in raw.items():
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise bad(expected)
            pairs.append((pattern, _convert(path, f"{key}.{pattern}", "codes", codes, root)))
        return tuple(pairs)
    if kind == "path":
        if not isinstance(raw, str) or not raw:
            raise bad("a path string")
        full = raw if os.path.isabs(raw) else os.path.normpath(os.path.join(root, raw))
        from gemlint.boundary import is_inside

        if not is_inside(full, root):  # the repository's own config may not name files elsewhere (issue 24)
            raise ConfigError(
                f"{path}: '{key}' must name a file inside the project ({root}), got {raw!r}; "
                f"pass a file elsewhere on the command line instead"
            )
        return full
    if kind == "int":
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise bad("a non-negative integer")
        return raw
    if kind == "seconds":
        if not isinstance(raw, (int, float)) or isinstance(raw, bool) or not 0 <= raw < float("inf"):
            raise bad("a non-negative number of seconds (0: no limit)")
        return float(raw)
    if kind == "bool":
        if not isinstance(raw, bool):
            raise bad("true or false")
        return raw
    if kind == "fail-on":
        if raw not in FAIL_ON:
            raise bad('"error" or "warning"')
        return raw
    if kind == "days":
        days = parse_days(raw)
        if days is None:
            raise bad('a number of days such as "30d" (or "4w", or 30)')
        return days
    if kind == "backend":
        if isinstance(raw, str) and raw in BACKENDS:
            return (("**", raw),)  # the whole project
        if not isinstance(raw, dict) or not all(isinstance(v, str) and v in BACKENDS for v in raw.values()):
            raise bad('"gemini", "vertex" or a table of path patterns to "gemini" or "vertex"')
        return tuple(raw.items())
    raise bad(kind)  # pragma: no cover
