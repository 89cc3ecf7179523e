"""GitHub Actions workflow commands: one ``::error`` / ``::warning`` annotation per finding.

``::error file=PATH,line=L,endLine=L,col=C,endColumn=E,title=gemlint GL001::message``;
warning-level rules give ``::warning``. Files that could not be read or parsed
are annotations too (``::error`` when they fail the run, ``::warning`` for
skipped files), and so are the run's notes (``::notice``). Notebook positions
are mapped to the line of the ``.ipynb`` file (as in the SARIF report) and the
message starts with ``cell N, line L:``.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import List, Optional, Tuple

from gemlint.report.context import ReportContext
from gemlint.report.sarif import PositionMapper
from gemlint.safe_text import escape, has_unsafe
from gemlint.types import FileError, Finding, RunResult


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command as @actions/core does (``%``, CR, LF).

    Other control and bidi characters (which the toolkit passes through) are shown as visible escapes first
    (``gemlint.safe_text.escape``), so an annotation never carries a raw escape sequence into the log.
    """
    if has_unsafe(text.replace("\r", "").replace("\n", "")):
        text = escape(text)
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace("##[", "##\\x5b") if "##[" in text else text  # the runner's legacy syntax, as elsewhere


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command (the data escapes plus ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, properties: List[Tuple[str, Optional[object]]]) -> str:
    """``::level k=v,k=v::message`` with every part escaped; properties whose value is None are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties if value is not None)
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def _path(path: str) -> str:
    return PurePath(path).as_posix()


def _finding_line(f: Finding, mapper: PositionMapper) -> str:
    (line, col, end), _ = mapper.position(f.location, len(f.model))
    message = f.message
    if f.location.cell is not None:
        message = f"cell {f.location.cell}, line {f.location.line}: {message}"
    props: List[Tuple[str, Optional[object]]] = [
        ("file", _path(f.location.path)),
        ("line", line),
        ("endLine", line),
        ("col", col),
        ("endColumn", end if end is not None and end > col else None),
        ("title", f"gemlint {f.code}"),
    ]
    return command("error" if f.severity == "error" else "warning", message, props)


def _error_line(err: FileError) -> str:
    title = "gemlint internal error" if err.internal else "gemlint"
    return command("error" if err.fatal else "warning", err.message, [("file", _path(err.path)), ("title", title)])


def render(result: RunResult, ctx: ReportContext) -> str:
    """One workflow command per finding and per unreadable or unparsable file."""
    mapper = PositionMapper()
    out = [_finding_line(f, mapper) for f in result.findings]
    out += [_error_line(e) for e in result.errors]
    out += [command("notice", note, [("title", "gemlint")]) for note in result.notices]
    return "".join(line + "\n" for line in out)
