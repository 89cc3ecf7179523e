"""Where an absolute Python import leads (``flow.modules.Project.module``): nearest folder first, ``src/`` too."""

from __future__ import annotations

import os
import pathlib

from gemlint.flow.modules import MAX_LEVELS, Project


def _project(root: pathlib.Path, files) -> Project:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    return Project([], lambda path: None, str(root))


def _found(project: Project, importer: pathlib.Path, spec: str):
    found = project.module(str(importer), spec)
    return None if found is None else os.path.relpath(found, project.root)


def test_nearest_folder_wins_and_siblings_share_what_is_above(tmp_path) -> None:
    project = _project(
        tmp_path,
        ["config.py", "a/config.py", "a/b/x.py", "a/c/y.py", "d/z.py", "lib/util.py", "src/pkg/__init__.py"],
    )
    assert _found(project, tmp_path / "a/b/x.py", "config") == "a/config.py"
    assert _found(project, tmp_path / "a/c/y.py", "config") == "a/config.py"  # the answer kept for a/, again
    assert _found(project, tmp_path / "d/z.py", "config") == "config.py"
    assert _found(project, tmp_path / "a/b/x.py", "lib.util") == "lib/util.py"  # a/lib absent: one level up
    assert _found(project, tmp_path / "a/b/x.py", "pkg") == "src/pkg/__init__.py"  # the root's src/
    assert _found(project, tmp_path / "a/b/x.py", "lib.missing") is None
    assert _found(project, tmp_path / "a/b/x.py", "json") is None  # not in the project


def test_module_file_before_package_and_namespace_folder(tmp_path) -> None:
    project = _project(tmp_path, ["m.py", "m/__init__.py", "ns/part.py", "app/main.py"])
    main = tmp_path / "app/main.py"
    assert _found(project, main, "m") == "m.py"
    assert _found(project, main, "ns") == "ns"  # a namespace package: the folder
    assert _found(project, main, "ns.part") == "ns/part.py"


def test_search_stops_at_the_project_root_and_at_the_level_limit(tmp_path) -> None:
    deep = "/".join(f"d{i}" for i in range(MAX_LEVELS))
    root = tmp_path / "proj"
    project = _project(root, ["top.py", f"{deep}/leaf.py", "d0/near.py"])
    (tmp_path / "outside.py").write_text("", encoding="utf-8")
    leaf = root / deep / "leaf.py"
    assert _found(project, leaf, "near") == "d0/near.py"  # MAX_LEVELS - 1 folders up
    assert _found(project, leaf, "top") is None  # MAX_LEVELS folders up: past the limit
    assert _found(project, root / "d0/near.py", "top") == "top.py"
    assert _found(project, root / "d0/near.py", "outside") is None  # above the project root
