"""``--statistics``: how often each rule fired, like ``ruff check --statistics``.

One line per rule that fired, ``   3  GL001  unknown-model       1 fixable``,
sorted by count (highest first), then code; the last column counts the
findings ``gemlint scan --fix`` can fix safely.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, List, Tuple

from gemlint.report.context import ReportContext
from gemlint.types import RunResult


def counts(result: RunResult) -> List[Tuple[int, str, str]]:
    """``(count, code, name)`` per rule that fired, most frequent first, then by code."""
    tally = Counter(f.code for f in result.findings)
    names: Dict[str, str] = {}
    for f in result.findings:
        names.setdefault(f.code, f.name)
    return sorted(((n, code, names[code]) for code, n in tally.items()), key=lambda row: (-row[0], row[1]))


def render(result: RunResult, ctx: ReportContext) -> str:
    """The statistics table (empty when nothing fired)."""
    rows = counts(result)
    if not rows:
        return ""
    width = max(4, len(str(rows[0][0])))
    code_width = max(len(code) for _, code, _ in rows)
    name_width = max(len(name) for _, _, name in rows)
    fixable = Counter(f.code for f in result.findings if f.fix is not None)
    return "".join(
        f"{n:>{width}}  {code:<{code_width}}  {name:<{name_width}}  {fixable[code]} fixable\n" for n, code, name in rows
    )
