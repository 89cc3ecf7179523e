"""``path:line:col: GL001 message``, with the source line and a caret on a terminal."""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from gemlint.report.context import ReportContext
from gemlint.safe_text import escape
from gemlint.types import FileError, RunResult

_RESET = "\033[0m"
_STYLES = {"error": "\033[1;31m", "warning": "\033[1;33m", "path": "\033[1m", "dim": "\033[2m"}


WIDTH = 120  # a default text line fits in this many columns when it can


def render(result: RunResult, ctx: ReportContext) -> str:
    """One line per finding (``[*]`` when ``--fix`` can fix it); with ``show_source`` the line and a caret
    under the name; with ``verbose`` the finding's detail and why there is no fix."""
    out: List[str] = []
    verbose = getattr(ctx, "verbose", False)
    for f in result.findings:
        where = f.location.display()
        code = f.code
        mark = "[*] " if f.fix is not None else ""
        message = f.message if verbose else fit(f"{where}: {code} {mark}", f.message, f.model)
        if ctx.color:
            where = f"{_STYLES['path']}{where}{_RESET}"
            code = f"{_STYLES.get(f.severity, '')}{code}{_RESET}"
        out.append(f"{where}: {code} {mark}{escape(message)}")
        if verbose:
            if f.platform_note:
                out.append(f"    platform: {escape(f.platform_note)}")
            if f.detail:
                out.append(f"    {escape(f.detail)}")
            if f.fix is None and f.fix_refusal:
                out.append(f"    no fix: {escape(f.fix_refusal)}")
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


_PLATFORM_HEADS = ("Vertex AI: ", "Gemini API: ", "Both platforms: ")  # a both-platform finding's first words


def fit(head: str, message: str, model: str) -> str:
    """``message``, or when ``head + message`` would pass ``WIDTH`` columns and it starts with the quoted
    model name (which the location points at), alone or after a both-platform finding's platform, the message
    with the name said as "model". A name that is not a plain model id (odd characters) is always shown,
    escaped: it is suspicious in itself."""
    quoted = f"'{model}' "
    plain = all(c.isalnum() or c in "-._/@:" for c in model)
    if len(head) + len(message) <= WIDTH or not plain:
        return message
    lead = next((p for p in _PLATFORM_HEADS if message.startswith(p + quoted)), "")
    if message.startswith(lead + quoted):
        return lead + "model " + message[len(lead) + len(quoted) :]
    return message


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
