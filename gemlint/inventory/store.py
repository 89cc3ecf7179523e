"""Where a project's inventory lives, how it is written, and what changed.

A project keeps its own inventory in ``.gemlint/models.json`` beside its
``pyproject.toml`` (committed like a lock file), and its Vertex AI inventory
in ``.gemlint/vertex-models.json``. Writes are atomic: a failed
refresh never costs the inventory a project already had.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from typing import List, Optional, Tuple

from . import Inventory

INVENTORY_DIR = ".gemlint"
INVENTORY_FILE = "models.json"
VERTEX_INVENTORY_FILE = "vertex-models.json"


def find_project_root(start_dir: str) -> Optional[str]:
    """The nearest folder at or above ``start_dir`` holding a pyproject.toml, or None."""
    current = os.path.abspath(start_dir)
    while True:
        if os.path.isfile(os.path.join(current, "pyproject.toml")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def default_inventory_path(project_root: str, filename: str = INVENTORY_FILE) -> str:
    """``<project_root>/.gemlint/models.json`` (or ``filename``)."""
    return os.path.join(project_root, INVENTORY_DIR, filename)


def default_output_path(start_dir: str, filename: str = INVENTORY_FILE) -> str:
    """Where ``models refresh`` writes by default: beside the nearest pyproject.toml, else in ``start_dir``."""
    return default_inventory_path(find_project_root(start_dir) or os.path.abspath(start_dir), filename)


def find_project_inventory(start_dir: str, filename: str = INVENTORY_FILE) -> Optional[str]:
    """The project's own inventory (``.gemlint/models.json`` beside the nearest pyproject.toml) if it exists."""
    root = find_project_root(start_dir)
    if root is None:
        return None
    path = default_inventory_path(root, filename)
    return path if os.path.isfile(path) else None


def write_inventory_atomic(path: str, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` atomically.

    The JSON goes to a temporary file in the same folder, is fsynced, then
    renamed over ``path``. On any failure the previous file is untouched, the
    temporary file is removed and the ``OSError`` (or ``TypeError`` for data
    that is not JSON) propagates.
    """
    folder = os.path.dirname(os.path.abspath(path))
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"  # fails before touching the disk
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".models-", suffix=".json.tmp", dir=folder)
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def _mode_for(path: str) -> int:
    """Keep an existing file's permissions; new files get 0644 (mkstemp's 0600 would hide a shared lock file)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return 0o644


def _fsync_dir(folder: str) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class MethodChange:
    """A model whose supportedGenerationMethods changed."""

    name: str
    old: Tuple[str, ...]
    new: Tuple[str, ...]

    @property
    def lost(self) -> Tuple[str, ...]:
        return tuple(m for m in self.old if m not in self.new)

    @property
    def gained(self) -> Tuple[str, ...]:
        return tuple(m for m in self.new if m not in self.old)


@dataclass(frozen=True)
class InventoryDiff:
    """What changed between two inventories (bare model ids, sorted)."""

    added: Tuple[str, ...] = ()
    removed: Tuple[str, ...] = ()
    methods_changed: Tuple[MethodChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.methods_changed)


def diff_inventories(old: Inventory, new: Inventory) -> InventoryDiff:
    """Models added, removed, and whose method lists changed (order of methods ignored)."""
    added = tuple(sorted(set(new.models) - set(old.models)))
    removed = tuple(sorted(set(old.models) - set(new.models)))
    changed = tuple(
        MethodChange(name, old.models[name].methods, new.models[name].methods)
        for name in sorted(set(old.models) & set(new.models))
        if set(old.models[name].methods) != set(new.models[name].methods)
    )
    return InventoryDiff(added, removed, changed)


def render_diff(diff: InventoryDiff) -> List[str]:
    """Human-readable lines for ``diff`` ("no changes" when empty)."""
    if diff.empty:
        return ["no changes"]
    lines = [f"+ {name}" for name in diff.added]
    lines += [f"- {name}" for name in diff.removed]
    for change in diff.methods_changed:
        parts = [f"+{m}" for m in change.gained] + [f"-{m}" for m in change.lost]
        lines.append(f"~ {change.name}: {' '.join(parts)}")
    summary = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.methods_changed)} changed methods"
    return lines + [summary]
