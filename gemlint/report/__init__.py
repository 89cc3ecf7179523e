"""Reporters: ``render(result, context) -> str`` for each output format."""

from __future__ import annotations

from typing import Callable

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def get_renderer(fmt: str) -> Callable:
    """The render function of a format (imported on demand to keep start-up small)."""
    if fmt == "text":
        from gemlint.report.text import render
    elif fmt == "json":
        from gemlint.report.json_report import render
    elif fmt == "sarif":
        from gemlint.report.sarif import render
    elif fmt == "github":
        from gemlint.report.github import render
    elif fmt == "gitlab":
        from gemlint.report.gitlab import render
    elif fmt == "junit":
        from gemlint.report.junit import render
    else:  # pragma: no cover - click validates the choice
        raise ValueError(fmt)
    return render
