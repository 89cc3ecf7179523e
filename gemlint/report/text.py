"""``path:line:col: GL001 message``, with the source line and a caret on a terminal."""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from ..safe_text import escape
from ..types import FileError, RunResult
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
        out.append(f"{where}: {code} {escape(f.message)}")
        if ctx.verbose and f.platform_note:
            out.append(f"    platform: {escape(f.platform_note)}")
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


# Files skipped on purpose, one line per kind unless --verbose: (start of the message, what a count of them is).
_NOTICE_KINDS = (
    ("minified or generated bundle", "minified or generated bundles skipped"),
    ("binary file", "binary files (NUL bytes) skipped"),
    ("dangling symlink", "dangling symlinks skipped"),
    ("symlink loop", "symlink loops skipped"),
    ("file is ", "files larger than max-file-size skipped"),
    ("notebook language is", "notebooks in another language skipped"),
)


def _notice_kind(message: str) -> Tuple[str, str]:
    """``(key, plural phrase)`` of a notice; an unknown kind is keyed by its whole message."""
    for start, plural in _NOTICE_KINDS:
        if message.startswith(start):
            return start, plural
    return message, f"files: {message}"


def file_error_lines(errors: Sequence[FileError], verbose: bool = False) -> List[str]:
    """The stderr lines for file errors and notices, in the order of ``errors``.

    Errors (files that could not be read or parsed) get a line each. Notices (files skipped on purpose)
    get one line per kind, ``12 minified or generated bundles skipped (list them with --verbose)``, or the
    file's own line when it is the only one of its kind; ``verbose`` lists every file.
    """
    kinds: Dict[str, List[FileError]] = {}
    for err in errors:
        if not err.fatal and not verbose:
            kinds.setdefault(_notice_kind(err.message)[0], []).append(err)
    lines: List[str] = []
    for err in errors:
        level = "error" if err.fatal else "warning"
        if err.fatal or verbose:
            lines.append(f"gemlint: {level}: {err.display()}")
            continue
        group = kinds.pop(_notice_kind(err.message)[0], None)
        if group is None:  # its kind was printed at its first file
            continue
        if len(group) == 1:
            lines.append(f"gemlint: {level}: {err.display()}")
        else:
            lines.append(f"gemlint: {level}: {len(group)} {_notice_kind(err.message)[1]} (list them with --verbose)")
    return lines
