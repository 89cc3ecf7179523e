"""Quick fixes (``textDocument/codeAction``) for the findings under the cursor.

- Replace the name with each suggestion of the right class (one that supports
  the method the call site needs). The finding's own safe fix (``Finding.fix``,
  what ``gemlint scan --fix`` would write) comes first and is marked preferred.
- Add ``gemlint: ignore[CODE]`` to the line, as ``gemlint scan --add-ignore``
  writes it (merged into an existing ignore comment; never where the comment
  would change the code, nor in JSON).
"""

from __future__ import annotations

from typing import List, Optional, Sequence

from lsprotocol import types as lsp

from gemlint import adopt
from gemlint.discover import language_of
from gemlint.rules.base import keep_prefix
from gemlint.server.checker import Checked
from gemlint.server.diagnostics import client_column, span, split_lines, to_range
from gemlint.types import Finding, normalize


def code_actions(checked: Checked, uri: str, wanted: lsp.Range, encoding: str) -> List[lsp.CodeAction]:
    """Fixes for the findings of document ``uri`` whose range meets ``wanted``."""
    found = checked.unit.document_of(checked.unit.cell_of(uri)) if checked.unit.notebook else (uri, checked.unit.text)
    if found is None or checked.scanner is None:
        return []
    _, text = found
    lines = split_lines(text)
    cell = checked.unit.cell_of(uri) if checked.unit.notebook else None
    out: List[lsp.CodeAction] = []
    for f in checked.findings:
        if f.location.cell != cell:
            continue
        rng = to_range(lines, f.location, len(f.model), encoding)
        if not _meets(rng, wanted):
            continue
        diag_ref = _diagnostic_stub(f, rng)
        out.extend(_replacements(f, checked, uri, lines, rng, diag_ref))
        ignore = _ignore(f, checked, uri, text, lines, encoding, diag_ref)
        if ignore is not None:
            out.append(ignore)
    return out


def right_class(f: Finding, checked: Checked) -> List[str]:
    """The finding's safe fix first, then each suggestion that supports the method its call site needs."""
    inventory = checked.scanner.inventory
    names: List[str] = [normalize(f.fix.new)] if f.fix is not None else []
    for name in f.suggestions:
        info = inventory.get(name)
        if info is not None and info.supports(f.method) and normalize(name) not in names:
            names.append(normalize(name))
    return names


def _replacements(f, checked, uri, lines, rng, diag_ref) -> List[lsp.CodeAction]:
    if not f.model:
        return []
    line, start, end = span(lines, f.location, len(f.model))
    if lines[line][start:end] != f.model:  # a name assembled from parts, or the buffer moved on
        return []
    preferred = normalize(f.fix.new) if f.fix is not None else None
    out = []
    for name in right_class(f, checked):
        new = keep_prefix(f.model, name)
        edit = lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=rng, new_text=new)]})
        out.append(
            lsp.CodeAction(
                title=f"Replace with {new}",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diag_ref],
                is_preferred=name == preferred or None,
                edit=edit,
            )
        )
    return out


def _ignore(f, checked, uri, text, lines, encoding, diag_ref) -> Optional[lsp.CodeAction]:
    if f.code == "GL900":
        return None
    line = f.location.line - 1
    if not 0 <= line < len(lines):
        return None
    new_line = ignore_line(checked, text, lines, line, f.code)
    if new_line is None or new_line == lines[line]:
        return None
    rng = lsp.Range(
        start=lsp.Position(line=line, character=0),
        end=lsp.Position(line=line, character=client_column(lines[line], len(lines[line]), encoding)),
    )
    return lsp.CodeAction(
        title=f"Ignore {f.code} on this line (gemlint: ignore[{f.code}])",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diag_ref],
        edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=rng, new_text=new_line)]}),
    )


def ignore_line(checked: Checked, text: str, lines: Sequence[str], line: int, code: str) -> Optional[str]:
    """Line ``line`` (0-based) with ``gemlint: ignore[code]`` added, or None where a comment is not safe."""
    unit = checked.unit
    kind = "notebook" if unit.notebook else language_of(unit.path)
    if kind is None or unit.path.lower().endswith(".json"):
        return None  # JSON has no comments
    marker = "  # "
    joined = "\n".join(lines)
    offset = sum(len(x) + 1 for x in lines[:line]) + len(lines[line])
    if kind in ("component", "page"):  # .vue, .svelte, .html: a line of a <script> block (or a page's markup)
        return adopt.component_ignore_line(joined, offset - len(lines[line]), offset, [code], kind)[0]
    if kind == "notebook":  # a cell: Python, or the body of its cell magic (shell, a file it writes)
        return adopt.cell_ignore_line(joined, offset - len(lines[line]), offset, [code])[0]
    if kind in ("ts", "tsx", "js"):
        context = adopt.ts_context(joined, offset, kind)
        if context == "unsafe":
            return None
        marker = "{/* " if context == "jsx" else " // "
    new_line = adopt.merge_ignore(lines[line], [code], marker)
    if new_line is None:
        return None
    after = joined[: offset - len(lines[line])] + new_line + joined[offset:]
    if kind == "python":
        same = adopt.python_same_meaning(joined, after)
    elif kind in ("ts", "tsx", "js"):
        same = adopt.ts_has_error(joined, kind) or not adopt.ts_has_error(after, kind)
    else:
        same = adopt.settings_same_meaning(unit.path, joined, after)
    return new_line if same else None


def _meets(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position):
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _diagnostic_stub(f: Finding, rng: lsp.Range) -> lsp.Diagnostic:
    return lsp.Diagnostic(range=rng, message=f.message, code=f.code, source="gemlint")
