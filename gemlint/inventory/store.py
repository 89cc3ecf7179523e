"""Where a project's inventory lives, how it is written, and what changed.

A project keeps its own inventory in ``.gemlint/models.json`` beside its
``pyproject.toml`` (committed like a lock file), and its Vertex AI inventory
in ``.gemlint/vertex-models.json``. Writes are atomic: a failed
refresh never costs the inventory a project already had.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from gemlint.inventory import Inventory

# Where a project's inventory lives: in locate.py, which a scan imports without this module's dataclasses.
from gemlint.inventory.locate import (  # noqa: F401 - re-exported for the models commands and the tests
    INVENTORY_DIR,
    INVENTORY_FILE,
    VERTEX_INVENTORY_FILE,
    default_inventory_path,
    default_output_path,
    find_project_inventory,
    find_project_root,
)
from gemlint.safe_write import make_dirs, write_bytes


def write_inventory_atomic(path: str, data: dict, roots: Optional[Sequence[str]] = None) -> None:
    """Write ``data`` as JSON to ``path`` atomically, never through a symlink leaving the project.

    The JSON goes to a temporary file in the same folder, is fsynced, then
    renamed over ``path`` (its permissions kept; a new file gets 0644). On
    any failure the previous file is untouched, the temporary file is removed
    and the ``OSError`` (``OutsideProject`` when ``path`` or its folder is a
    symlink leading out of ``roots``: by default the working folder and its
    project) or ``TypeError`` for data that is not JSON propagates.
    """
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"  # fails before touching the disk
    if roots is None:
        roots = inventory_roots(os.getcwd())
    make_dirs(os.path.dirname(os.path.abspath(path)), roots)
    # A new inventory is 0644 whatever the umask: it is shared like a lock file.
    write_bytes(path, text.encode("utf-8"), roots, durable=True, new_mode=0o644)


def inventory_roots(start_dir: str) -> List[str]:
    """Where ``models refresh`` may write: the nearest project (pyproject.toml) and ``start_dir``."""
    roots = [os.path.abspath(start_dir)]
    project = find_project_root(start_dir)
    return roots if project is None else sorted({project, *roots})


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
