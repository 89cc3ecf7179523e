"""``--add-ignore``: append ``gemlint: ignore[CODES]`` to every line that still has findings.

``#`` for Python and notebooks (and the shell body of a ``%%bash`` cell),
``//`` for TypeScript/JavaScript and the ``<script>`` of ``.vue``/``.svelte``
components and HTML pages (``{/* */}`` among JSX children), ``<!-- -->`` after a
page's markup (a form control's line), never in
JSON nor in other cell magics' bodies (SQL, HTML, a file being written); a
comment that would change the code is not added.
"""

from __future__ import annotations

import shlex
from typing import Dict, List, Optional, Sequence, Tuple

from gemlint.adopt.documents import TS_KINDS, Doc, Workspace, cell_offset, cell_source, edit_parts, line_span, set_part
from gemlint.adopt.meaning import python_same_meaning, same_meaning, ts_context, ts_has_error
from gemlint.extract.notebook.extractor import magic_file
from gemlint.extract.notebook.ipython import PYTHON_CELL_MAGICS, CellMagic, cell_magic
from gemlint.source import blank_magics
from gemlint.suppress import PATTERN
from gemlint.types import Finding


def comment_style(doc: Doc) -> Optional[str]:
    """The comment marker appended for this file, or None (JSON has no comments)."""
    if doc.kind in ("python", "notebook"):
        return "  # "
    if doc.kind in TS_KINDS:
        return " // "
    if doc.path.lower().endswith(".json"):
        return None
    return "  # "


def merge_ignore(line: str, codes: Sequence[str], marker: str) -> Optional[str]:
    """``line`` with ``codes`` added to its gemlint ignore comment, or a new comment appended.

    ``marker`` is the comment opener with its spacing (``"  # "``, ``" // "``)
    or ``"{/* "`` for a JSX child. Returns None when a bare ``gemlint: ignore``
    already covers everything.
    """
    m = PATTERN.search(line)
    if m is not None:
        raw = m.group("codes")
        if not raw or not raw.strip():
            return None
        merged = sorted({c.strip().upper() for c in raw.split(",") if c.strip()} | set(codes))
        return line[: m.start("codes")] + ",".join(merged) + line[m.end("codes") :]
    body = f"gemlint: ignore[{','.join(sorted(set(codes)))}]"
    if marker == "{/* ":
        return line + "{/* " + body + " */}"
    if marker == " <!-- ":
        return line + " <!-- " + body + " -->"
    return line + marker + body


def add_ignores(findings: List[Finding], ws: Workspace) -> Tuple[List[Finding], List[Finding], List[str]]:
    """Comment every line that has findings; returns ``(findings left, findings ignored, notes)``.

    GL900 (unused suppression) is never ignored: remove the stale comment instead.
    """
    lines: Dict[Tuple[str, int, int], List[Finding]] = {}
    for f in findings:
        if f.code != "GL900":
            lines.setdefault((f.location.path, f.location.cell or 0, f.location.line), []).append(f)
    done, notes = set(), []
    for key, group in sorted(lines.items()):
        why = _ignore_line(ws, key, sorted({f.code for f in group}))
        if why is None:
            done.add(key)
        else:
            notes.append(f"{group[0].location.display()}: cannot add a gemlint ignore comment ({why})")
    left, ignored = [], []
    for f in findings:
        key = (f.location.path, f.location.cell or 0, f.location.line)
        (ignored if key in done else left).append(f)
    return left, ignored, notes


def _ignore_line(ws: Workspace, key: Tuple[str, int, int], codes: List[str]) -> Optional[str]:
    """Add the comment for one line; None on success, else the reason it was not added."""
    path, cell, line = key
    doc = ws.get(path)
    if doc is None:
        return f"cannot read it back: {ws.broken.get(path, 'unknown error')}"
    marker = comment_style(doc)
    if marker is None:
        return "JSON files have no comments; use a baseline or fix the value"
    if doc.nb is not None:
        return _ignore_in_cell(doc, cell, line, codes)
    span = line_span(doc.text, line)
    if span is None:
        return "the line is gone"
    if doc.kind in ("component", "page"):
        new_line, why = component_ignore_line(doc.text, span[0], span[1], codes, markup=doc.kind)
        if new_line is not None:
            doc.text = doc.text[: span[0]] + new_line + doc.text[span[1] :]
        return why
    if doc.kind in TS_KINDS:
        context = ts_context(doc.text, span[1], doc.kind)
        if context == "unsafe":
            return "the line ends inside a string, comment or JSX text"
        marker = "{/* " if context == "jsx" else marker
    new_line = merge_ignore(doc.text[span[0] : span[1]], codes, marker)
    if new_line is None:
        return None
    new_text = doc.text[: span[0]] + new_line + doc.text[span[1] :]
    if not same_meaning(doc, doc.text, new_text):
        return "a comment there would change the code (the line ends inside a string or continues)"
    doc.text = new_text
    return None


def _ignore_in_cell(doc: Doc, cell: int, line: int, codes: List[str]) -> Optional[str]:
    found = cell_source(doc.nb, cell)
    if found is None:
        return "the cell is gone"
    cell_dict, parts = found
    joined = "".join(parts)
    start = cell_offset(parts, line, 1)
    if start is None:
        return "the line is gone"
    end = joined.find("\n", start)
    end = len(joined) if end < 0 else end
    if end > start and joined[end - 1] == "\r":
        end -= 1
    new_line, why = cell_ignore_line(joined, start, end, codes)
    if new_line is None:
        return why
    edit = edit_parts(parts, start, end - start, new_line)
    if edit is None:
        return "the line is split across source strings"
    set_part(doc, cell, cell_dict, parts, *edit)
    return None


def component_ignore_line(
    text: str, start: int, end: int, codes: Sequence[str], markup: str = ""
) -> Tuple[Optional[str], Optional[str]]:
    """The line ``text[start:end]`` of a ``.vue``/``.svelte`` file with an ignore comment for ``codes``, as
    ``cell_ignore_line`` answers: only a line wholly inside a ``<script>`` block (a comment after ``</script>``
    would be markup), checked on the script as gemlint reads it (``components.script_text``). With ``markup``
    (``"page"``, ``"component"``) a line of the markup that ends after a tag takes an HTML comment instead."""
    from gemlint.extract.typescript.components import script_text

    script, dialect = script_text(text)
    line = text[start:end]
    if script[start:end] != line:
        if markup:
            return _markup_ignore_line(text, start, end, codes, markup == "component")
        return None, "the line is not wholly inside the component's <script>"
    context = ts_context(script, end, dialect)
    if context == "unsafe":
        return None, "the line ends inside a string, comment or JSX text"
    new_line = merge_ignore(line, codes, "{/* " if context == "jsx" else " // ")
    if new_line is None:
        return None, None
    after, _ = script_text(text[:start] + new_line + text[end:])
    if not ts_has_error(script, dialect) and ts_has_error(after, dialect):
        return None, "a comment there would change the code"
    return new_line, None


def _markup_ignore_line(
    text: str, start: int, end: int, codes: Sequence[str], component: bool
) -> Tuple[Optional[str], Optional[str]]:
    """A line of markup with ``<!-- gemlint: ignore[…] -->`` appended: only where the line ends after a tag,
    outside any script, style, (a page's) template or comment (there the comment is markup's own, and invisible)."""
    from gemlint.extract.typescript.pages import markup_view

    line = text[start:end]
    if markup_view(text, component)[start:end] != line or not line.rstrip().endswith(">"):
        return None, "the line does not end after a tag of the page's markup"
    code = line.rstrip()
    new_line = merge_ignore(code, codes, " <!-- ")
    return (new_line + line[len(code) :] if new_line is not None else None), None  # a CR stays at the end


def cell_ignore_line(joined: str, start: int, end: int, codes: Sequence[str]) -> Tuple[Optional[str], Optional[str]]:
    """The line ``joined[start:end]`` of a notebook cell's text with an ignore comment for ``codes``.

    ``(new line, None)``; ``(None, None)`` when a bare ``gemlint: ignore`` already covers it; ``(None, reason)``
    when a comment there is not safe. Shared by ``--add-ignore`` and the language server's quick fix.
    """
    magic = cell_magic(joined)
    python = _python_body(magic)
    if magic is not None and not python:
        why = _shell_unsafe(joined, start, end, magic)
        if why is not None:
            return None, why
    new_line = merge_ignore(joined[start:end], codes, "  # ")
    if new_line is None:
        return None, None
    if python and not python_same_meaning(blank_magics(joined), blank_magics(joined[:start] + new_line + joined[end:])):
        return None, "a comment there would change the code (the line ends inside a string or continues)"
    return new_line, None


SHELLS = ("bash", "sh", "shell", "system")  # %%bash, %%sh, Colab's %%shell, %%system, %%script bash


def _python_body(magic: Optional[CellMagic]) -> bool:
    """A cell run as Python (no magic, %%time, ...), or a Python file or program its magic writes or runs."""
    return magic is None or magic.name in PYTHON_CELL_MAGICS or magic_file(magic).endswith(".py")


def _shell_unsafe(joined: str, start: int, end: int, magic: CellMagic) -> Optional[str]:
    """Why a ``#`` comment cannot end the line ``joined[start:end]`` of a cell-magic cell, or None when the body
    is shell and the line ends outside any quote, continuation or here-document (a ``#`` starting a word is then
    a comment)."""
    if joined.count("\n", 0, start) < magic.line:  # the line is the magic's own
        return f"the line is the %%{magic.name} line itself"
    shell = magic.name in SHELLS or (magic.name == "script" and magic.argument.split()[:1] in (["bash"], ["sh"]))
    if not shell:
        target = magic_file(magic)
        what = f"%%{magic.name} {target}" if target else f"%%{magic.name}"
        return f"the cell's body is {what} text, not Python or shell; use a baseline"
    text = joined[:end].split("\n")[magic.line :]
    if any("<<" in row for row in text):
        return "the line may be inside a shell here-document"
    if text[-1].rstrip().endswith("\\"):
        return "the shell line continues on the next one"
    code = "\n".join(row for row in text if not row.lstrip().startswith("#"))  # whole-line comments hold no quotes
    try:
        shlex.split(code, comments=False, posix=True)
    except ValueError:  # an unclosed quote: the line ends inside a shell string
        return "the line ends inside a shell string"
    return None
