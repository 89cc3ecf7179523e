"""Kept for importers of ``gemlint.link``: the value flow lives in ``gemlint/flow/``."""

from __future__ import annotations

from gemlint.flow import Project, find_root, link, read_tsconfig  # noqa: F401
