"""``--fix``: rewrite each name whose finding carries a safe ``Fix``, in place.

Only the characters of the name change; quotes, the ``models/`` prefix,
encoding, BOM and newlines are kept.
"""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from gemlint.adopt.documents import Doc, Workspace, cell_offset, cell_source, edit_parts, plural, replace_name, set_part
from gemlint.types import Finding, Location, replace


def fix_summary(fixed: Sequence[Finding], left: Sequence[Finding], dry_run: bool) -> str:
    """``gemlint: fixed N names in M files; K findings have no safe fix (...)``."""
    names = len({_position(f) for f in fixed})
    files = len({f.location.path for f in fixed})
    no_fix = sum(1 for f in left if f.fix is None and f.code != "GL900")
    return (
        f"gemlint: {'would fix' if dry_run else 'fixed'} {plural(names, 'name')} in {plural(files, 'file')}; "
        f"{plural(no_fix, 'finding')} {'has' if no_fix == 1 else 'have'} no safe fix "
        "(see no_fix_reason in --format json)"
    )


def apply_fixes(findings: List[Finding], ws: Workspace) -> Tuple[List[Finding], List[Finding], List[str]]:
    """Apply every finding's safe fix; returns ``(findings left, findings fixed, notes)``.

    Fixes are applied right to left within a line so earlier columns stay
    valid. A finding whose name no longer reads ``fix.old`` at its location is
    skipped with a note. Every other finding at a fixed literal goes too (the
    name it was about is gone), and columns after a fix on the same line shift.
    """
    fixable = sorted((f for f in findings if f.fix is not None), key=_position, reverse=True)
    done: Dict[Tuple[str, int, int, int], Finding] = {}
    notes: List[str] = []
    for f in fixable:
        key = _position(f)
        if key in done:
            continue
        if _apply_fix(f, ws):
            done[key] = f
        else:
            notes.append(f"{f.location.display()}: the text there is no longer '{f.fix.old}'; not fixed")
    fixed = [f for f in findings if _position(f) in done and f.fix is not None and f.fix == done[_position(f)].fix]
    left = [_shift(f, done) for f in findings if _position(f) not in done]
    return left, fixed, notes


def _position(f: Finding) -> Tuple[str, int, int, int]:
    loc = f.location
    return (loc.path, loc.cell or 0, loc.line, loc.column)


def _apply_fix(f: Finding, ws: Workspace) -> bool:
    doc = ws.get(f.location.path)
    if doc is None:
        return False
    if doc.nb is not None:
        return fix_in_notebook(doc, f.location, f.fix.old, f.fix.new)
    if f.location.cell is not None:
        return False
    new_text = replace_name(doc.text, f.location.line, f.location.column, f.fix.old, f.fix.new)
    if new_text is None:
        return False
    doc.text = new_text
    return True


def _shift(f: Finding, done: Dict[Tuple[str, int, int, int], Finding]) -> Finding:
    """Move a finding's column past the fixes made before it on its line."""
    path, cell, line, column = _position(f)
    delta = sum(
        len(g.fix.new) - len(g.fix.old)
        for (p, c, ln, col), g in done.items()
        if (p, c, ln) == (path, cell, line) and col < column
    )
    if not delta:
        return f
    return replace(f, location=replace(f.location, column=column + delta))


def fix_in_notebook(doc: Doc, loc: Location, old: str, new: str) -> bool:
    """Replace ``old`` by ``new`` at the location inside the cell source."""
    found = cell_source(doc.nb, loc.cell or 0)
    if found is None:
        return False
    cell_dict, parts = found
    offset = cell_offset(parts, loc.line, loc.column)
    joined = "".join(parts)
    if offset is None or joined[offset : offset + len(old)] != old:
        return False
    edit = edit_parts(parts, offset, len(old), new)
    if edit is None:
        return False
    set_part(doc, loc.cell, cell_dict, parts, *edit)
    return True
