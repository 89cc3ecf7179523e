"""Findings → LSP diagnostics: same code, message and severity as ``gemlint scan``.

Each diagnostic links its rule's page in ``docs/rules.md`` on GitHub
(``codeDescription``; the anchors are the generated ``## GL001 unknown-model``
headings, so they stay stable as long as a rule keeps its code and name) and
points at the call site that needs the model (``relatedInformation``).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from lsprotocol import types as lsp

from gemlint.server.units import Unit
from gemlint.suppress import PATTERN
from gemlint.types import MAX_RELATED, Finding, Location

RULES_URL = "https://github.com/gemlint/gemlint/blob/main/docs/rules.md"
SOURCE = "gemlint"
_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning}


def rule_url(code: str, name: str) -> str:
    """The rule's section of docs/rules.md (GitHub's anchor of ``## GL001 unknown-model``)."""
    return f"{RULES_URL}#{code.lower()}-{name}"


def split_lines(text: str) -> List[str]:
    """Lines as gemlint numbers them (``\\r\\n`` and ``\\r`` read as ``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def client_column(line: str, column: int, encoding: str) -> int:
    """A 0-based character column of ``line`` in the client's position units."""
    head = line[:column]
    if encoding == lsp.PositionEncodingKind.Utf8:
        return len(head.encode("utf-8"))
    if encoding == lsp.PositionEncodingKind.Utf32:
        return len(head)
    return len(head) + sum(1 for ch in head if ord(ch) > 0xFFFF)


def server_column(line: str, units: int, encoding: str) -> int:
    """The 0-based character column at ``units`` client position units into ``line``."""
    if encoding == lsp.PositionEncodingKind.Utf32:
        return min(units, len(line))
    count = 0
    for index, ch in enumerate(line):
        if count >= units:
            return index
        count += (
            len(ch.encode("utf-8")) if encoding == lsp.PositionEncodingKind.Utf8 else (2 if ord(ch) > 0xFFFF else 1)
        )
    return len(line)


def span(lines: Sequence[str], loc: Location, length: int) -> Tuple[int, int, int]:
    """``(line, start, end)``: 0-based line and character columns of a finding's text."""
    line = max(loc.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    start = max(loc.column - 1, 0)
    if loc.end_line == loc.line and loc.end_column is not None and loc.end_column > loc.column:
        return line, start, min(loc.end_column - 1, len(text))  # an explicit extent (a call site shown)
    if length:
        return line, start, min(start + length, len(text)) if start < len(text) else start
    m = PATTERN.search(text)  # a finding about a suppression comment (GL900): the comment
    return (line, m.start(), m.end()) if m else (line, start, len(text))


def to_range(lines: Sequence[str], loc: Location, length: int, encoding: str) -> lsp.Range:
    line, start, end = span(lines, loc, length)
    text = lines[line] if line < len(lines) else ""
    return lsp.Range(
        start=lsp.Position(line=line, character=client_column(text, start, encoding)),
        end=lsp.Position(line=line, character=client_column(text, end, encoding)),
    )


def diagnostic(f: Finding, unit: Unit, lines: Sequence[str], encoding: str) -> lsp.Diagnostic:
    """One finding as a diagnostic of the document ``lines`` belong to."""
    related = []
    for loc in f.related[:MAX_RELATED]:
        where = _related_location(loc, unit, encoding)
        if where is not None:
            related.append(lsp.DiagnosticRelatedInformation(location=where, message=_site_message(f)))
    return lsp.Diagnostic(
        range=to_range(lines, f.location, len(f.model), encoding),
        message=f.full_text(),
        severity=_SEVERITY.get(f.severity, lsp.DiagnosticSeverity.Warning),
        code=f.code,
        code_description=lsp.CodeDescription(href=rule_url(f.code, f.name)),
        source=SOURCE,
        related_information=related or None,
        data={"model": f.model, "fingerprint": f.fingerprint()},
    )


def _site_message(f: Finding) -> str:
    if f.site_kind and f.method:
        return f"{f.site_kind} needs a model that supports {f.method}"
    return f"call site: {f.site_kind}" if f.site_kind else "call site"


def _related_location(loc: Location, unit: Unit, encoding: str) -> Optional[lsp.Location]:
    if loc.path == unit.path:
        found = unit.document_of(loc.cell)
        if found is None:
            return None
        uri, text = found
        lines = split_lines(text)
    else:
        from pygls.uris import from_fs_path

        uri, lines = from_fs_path(loc.path) or loc.path, [""] * loc.line
    line = max(loc.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    character = client_column(text, max(loc.column - 1, 0), encoding)
    position = lsp.Position(line=line, character=character)
    return lsp.Location(uri=uri, range=lsp.Range(start=position, end=position))


def diagnostics_by_document(unit: Unit, findings: Sequence[Finding], encoding: str) -> Dict[str, List[lsp.Diagnostic]]:
    """Diagnostics for every document of ``unit`` (every cell of a notebook, empty lists included)."""
    out: Dict[str, List[lsp.Diagnostic]] = {uri: [] for uri in unit.document_uris()}
    lines_of: Dict[str, List[str]] = {}
    mapper = None
    for f in findings:
        if not unit.notebook and f.location.cell is not None:  # an .ipynb opened as JSON text (Helix, Neovim)
            if mapper is None:
                from gemlint.report.sarif import PositionMapper

                mapper = PositionMapper({unit.path: unit.text})
            f = _in_json_text(f, mapper)
        found = unit.document_of(f.location.cell)
        if found is None:
            continue
        uri, text = found
        if uri not in lines_of:
            lines_of[uri] = split_lines(text)
        out.setdefault(uri, []).append(diagnostic(f, unit, lines_of[uri], encoding))
    return out


def _in_json_text(f: Finding, mapper) -> Finding:
    """A notebook finding located in the notebook's JSON text (its cell's source string there, as SARIF places
    it), or unchanged (so not shown) when the cell cannot be found in that text."""
    (line, column, end), exact = mapper.position(f.location, len(f.model))
    if not exact:
        return f
    where = f.location
    moved = where._replace(line=line, column=column, cell=None, end_line=line if end else None, end_column=end)
    return f._replace(location=moved)
