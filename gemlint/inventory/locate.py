"""Where a project's inventory lives: ``.gemlint/models.json`` beside the nearest ``pyproject.toml``.

Apart from ``store.py`` (writing and comparing inventories) so that a scan finds the file without loading
what writing needs.
"""

from __future__ import annotations

import os
from typing import Optional

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
    from gemlint.boundary import is_inside

    return path if os.path.isfile(path) and is_inside(path, root) else None  # never a symlink out of the project
