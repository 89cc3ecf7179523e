"""``path:line:col: GL001 message``, with the source line and a caret on a terminal."""

from __future__ import annotations

from typing import List

from ..types import RunResult
from .context import ReportContext

_RESET = "\033[0m"
_STYLES = {"error": "\033[1;31m", "warning": "\033[1;33m", "path": "\033[1m", "dim": "\033[2m"}


def render(result: RunResult, ctx: ReportContext) -> str:
    """One line per finding; with ``show_source`` the line and a caret under the name."""
    out: List[str] = []
    for f in result.findings:
        where = f.location.display()
        code = f.code
        if ctx.color:
            where = f"{_STYLES['path']}{where}{_RESET}"
            code = f"{_STYLES.get(f.severity, '')}{code}{_RESET}"
        out.append(f"{where}: {code} {f.message}")
        if ctx.show_source:
            text = ctx.line(f.location.path, f.location.line, f.location.cell)
            if text is not None and len(text) <= 500:
                width = max(len(f.model), 1)
                pad = "".join(c if c == "\t" else " " for c in text[: f.location.column - 1])
                caret = "^" * width
                if ctx.color:
                    caret = f"{_STYLES.get(f.severity, '')}{caret}{_RESET}"
                out.append(f"    {text.rstrip()}")
                out.append(f"    {pad}{caret}")
    return "\n".join(out) + ("\n" if out else "")


def summary(result: RunResult) -> str:
    """``Found 3 problems (2 errors, 1 warning) in 12 files.`` or ``All clear``."""
    errors = sum(1 for f in result.findings if f.severity == "error")
    warnings = len(result.findings) - errors
    files = result.files_scanned
    if not result.findings:
        return f"All clear: no model problems in {files} file{'s' if files != 1 else ''}."
    total = len(result.findings)
    return (
        f"Found {total} problem{'s' if total != 1 else ''} ({errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}) in {files} file{'s' if files != 1 else ''} scanned."
    )
