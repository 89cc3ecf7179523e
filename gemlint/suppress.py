"""Inline suppressions: ``# gemlint: ignore`` and ``# gemlint: ignore[GL001,GL002]``.

The comment goes at the end of the line holding the model name (``//`` or
``/* */`` in TypeScript and JavaScript). Suppressions that hide nothing are
reported as GL900 unused-suppression.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, Iterable, List, Optional, Tuple

from gemlint.rules import unused_suppression
from gemlint.types import Finding, Location

PATTERN = re.compile(r"(?:#|//|/\*|<!--)\s*gemlint:\s*ignore(?:\[(?P<codes>[A-Za-z0-9_,\s-]*)\])?", re.IGNORECASE)
Key = Tuple[Optional[int], int]  # (cell, line)


def find_suppressions(
    text: str, cell: Optional[int] = None, python: bool = False
) -> List[Tuple[int, Optional[int], Tuple[str, ...]]]:
    """``(line, cell, codes)`` for each suppression comment; empty codes means all.

    In Python only real comments count (read with ``tokenize``), so a
    docstring that shows the syntax is not a suppression.
    """
    if "gemlint" not in text.lower():  # the comment is case-insensitive, as ruff's noqa is
        return []
    found = {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        if "gemlint" in line.lower():
            m = PATTERN.search(line)
            if m:
                found[lineno] = m
    if python and found:
        found = {line: m for line, m in found.items() if line in _python_comment_lines(text, found)}
    out = []
    for lineno, m in found.items():
        raw = m.group("codes")
        codes = tuple(c.strip().upper() for c in raw.split(",") if c.strip()) if raw else ()
        out.append((lineno, cell, codes))
    return out


def _python_comment_lines(text: str, candidates) -> set:
    """Lines among ``candidates`` whose suppression text sits in a ``#`` comment."""
    lines = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and tok.start[0] in candidates and PATTERN.search(tok.string):
                lines.add(tok.start[0])
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return set(candidates)  # unparsable: keep the plain reading
    return lines


def apply_suppressions(
    findings: Iterable[Finding],
    suppressions: Iterable[Tuple[int, Optional[int], Tuple[str, ...]]],
    path: str,
    report_unused: bool,
) -> List[Finding]:
    """Drop suppressed findings; add GL900 for suppressions that matched nothing."""
    table: Dict[Key, Tuple[str, ...]] = {(cell, line): codes for line, cell, codes in suppressions}
    used: Dict[Key, set] = {key: set() for key in table}
    kept = []
    for f in findings:
        key = (f.location.cell, f.location.line)
        codes = table.get(key)
        if codes is not None and (not codes or f.code in codes):
            used[key].add(f.code)
            continue
        kept.append(f)
    if report_unused:
        for key, codes in table.items():
            unused = [c for c in codes if c not in used[key]] if codes else ([] if used[key] else ["all"])
            if unused:
                cell, line = key
                what = ", ".join(unused) if codes else "any finding"
                kept.append(
                    Finding(
                        code=unused_suppression.CODE,
                        name=unused_suppression.NAME,
                        severity=unused_suppression.SEVERITY,
                        message=f"unused suppression: nothing on this line triggers {what}",
                        model="",
                        location=Location(path, line, 1, cell),
                    )
                )
    return kept
