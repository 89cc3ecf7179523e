"""Client settings over ``[tool.gemlint]``, and the scanner that checks a given file.

The client sends ``initializationOptions`` and ``workspace/didChangeConfiguration``
settings (``{"inventory": PATH, "select": [...], "ignore": [...]}``, optionally
under a ``"gemlint"`` key); each wins over the nearest ``[tool.gemlint]``.
The configuration file and the inventory file (``.gemlint/models.json`` after a
``gemlint models refresh``) are re-stated before each check, so an edit to either
is picked up without a restart.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Callable, Dict, Optional, Tuple

from gemlint.api import ExtractOptions, Scanner, make_scanner, project_inventory
from gemlint.config import Config, ConfigError, find_config, load_config
from gemlint.discover import PathMatcher
from gemlint.inventory import InventoryError
from gemlint.records import record

Log = Callable[[str], None]


@record
class Settings:
    """What the editor may override; None keeps the project's configuration."""

    inventory: Optional[str] = None
    select: Optional[Tuple[str, ...]] = None
    ignore: Optional[Tuple[str, ...]] = None
    debounce_ms: int = 30  # changes closer than this are a burst, checked once this long after the last one


def parse_settings(raw: Any, log: Log) -> Settings:
    """Settings from the client's JSON (unknown keys and bad values are logged and dropped)."""
    if isinstance(raw, dict) and isinstance(raw.get("gemlint"), dict):
        raw = raw["gemlint"]
    if not isinstance(raw, dict):
        return Settings()
    values: Dict[str, Any] = {}
    inventory = raw.get("inventory")
    if isinstance(inventory, str) and inventory:
        values["inventory"] = os.path.expanduser(inventory)
    for key in ("select", "ignore"):
        codes = raw.get(key)
        if codes is None:
            continue
        if isinstance(codes, str):
            codes = [c for c in codes.split(",")]
        if isinstance(codes, list) and all(isinstance(c, str) for c in codes):
            values[key] = tuple(c.strip().upper() for c in codes if c.strip())
        else:
            log(f"gemlint: setting '{key}' must be a list of rule codes, got {codes!r}; ignored")
    debounce = raw.get("debounce")
    if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 5000:
        values["debounce_ms"] = debounce
    return Settings(**values)


def today() -> _dt.date:
    """``GEMLINT_TODAY`` (as the CLI reads it) or the real date."""
    env = os.environ.get("GEMLINT_TODAY")
    if env:
        try:
            return _dt.date.fromisoformat(env)
        except ValueError:
            pass
    return _dt.date.today()


def _mtime(path: Optional[str]) -> Optional[Tuple[float, int]]:
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime, st.st_size)


class Scanners:
    """One scanner per configuration, rebuilt when its files or the settings change."""

    def __init__(self, log: Log, root: Optional[str] = None) -> None:
        self.log = log
        self.root = root
        self.settings = Settings()
        self._cache: Dict[tuple, Tuple[Scanner, ExtractOptions, PathMatcher]] = {}
        self._reported: set = set()
        self._seen: Dict[str, tuple] = {}  # folder -> the stamp its last check used

    def update(self, settings: Settings) -> None:
        """New client settings: every scanner is rebuilt on next use."""
        self.settings = settings
        self._cache.clear()
        self._seen.clear()

    def config_for(self, path: str) -> Config:
        """The ``[tool.gemlint]`` that governs ``path`` with the client settings applied."""
        start = os.path.dirname(path) if os.path.isabs(path) else (self.root or os.getcwd())
        config_path = find_config(start if os.path.isdir(start) else (self.root or os.getcwd()))
        try:
            config = load_config(config_path, cwd=self.root or start)
        except ConfigError as exc:
            self._once(f"gemlint: {exc}; using the defaults")
            config = Config(root=os.path.abspath(self.root or start))
        s = self.settings
        return config.with_overrides(select=s.select, ignore=s.ignore)

    def get(self, path: str) -> Tuple[Scanner, ExtractOptions, PathMatcher]:
        """The scanner, its extraction options and its exclude matcher for ``path``."""
        config, inventory, key = self.stamp(path)
        self._seen[os.path.dirname(path)] = key
        found = self._cache.get(key)
        if found is None:
            try:
                scanner = make_scanner(config, inventory, key[-1])
            except InventoryError as exc:
                self._once(f"gemlint: {exc}; using the bundled inventory")
                scanner = make_scanner(config._replace(inventory=None, vertex_inventory=None), None, key[-1])
            matcher = PathMatcher(config.exclude + config.extend_exclude, config.root)
            found = (scanner, scanner.options(), matcher)
            if len(self._cache) > 16:
                self._cache.clear()
            self._cache[key] = found
        return found

    def stamp(self, path: str) -> Tuple[Config, Optional[str], tuple]:
        """The configuration, the inventory file and a key that changes when either file (or the date) does."""
        config = self.config_for(path)
        inventory = self.settings.inventory or config.inventory or project_inventory(config)
        key = (config, _mtime(config.path), inventory, _mtime(inventory), _mtime(config.vertex_inventory), today())
        return config, inventory, key

    def changed(self, folder: str) -> bool:
        """True when the configuration or inventory of files in ``folder`` changed since they were last checked."""
        seen = self._seen.get(folder)
        return seen is not None and self.stamp(os.path.join(folder, "_"))[2] != seen

    def excluded(self, path: str) -> bool:
        """True when the configuration excludes ``path`` (as a scan of the folder would)."""
        if not os.path.isabs(path):
            return False
        _, _, matcher = self.get(path)
        return matcher.excluded(path, False)

    def _once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.log(message)
