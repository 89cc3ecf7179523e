"""Reporters: ``render(result, context) -> str`` for each output format."""

from __future__ import annotations

from typing import Callable

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def get_renderer(fmt: str) -> Callable:
    """The render function of a format (imported on demand to keep start-up small)."""
    if fmt == "text":
        from .text import render
    elif fmt == "json":
        from .json_report import render
    elif fmt == "sarif":
        from .sarif import render
    elif fmt == "github":
        from .github import render
    elif fmt == "gitlab":
        from .gitlab import render
    elif fmt == "junit":
        from .junit import render
    else:  # pragma: no cover - click validates the choice
        raise ValueError(fmt)
    return render
