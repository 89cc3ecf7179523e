"""A per-file time budget for the rules, as semgrep's ``--timeout``: one file cannot hold the whole run.

A pull request can commit a file with 40,000 model literals, each an unknown name whose suggestions are
computed. ``run_rules_within`` checks the file's literal groups one after another and stops once the file has
used ``file_budget()`` seconds of CPU; the findings made so far are kept and the file gets a one-line notice.
``GEMLINT_FILE_TIMEOUT`` sets the budget in seconds (default 5; 0 turns it off).
"""

from __future__ import annotations

import os
import time
from typing import Iterable, List, Tuple

from gemlint.types import FileError, Finding

DEFAULT_BUDGET = 5.0


def file_budget() -> float:
    """Seconds of CPU time the rules may spend on one file (0: no limit)."""
    raw = os.environ.get("GEMLINT_FILE_TIMEOUT", "")
    try:
        value = float(raw) if raw else DEFAULT_BUDGET
    except ValueError:
        value = DEFAULT_BUDGET
    return max(value, 0.0)


def run_rules_within(groups: Iterable, ctx, selected, budget: float) -> Tuple[List[Finding], bool]:
    """``run_rules`` over ``groups`` until ``budget`` seconds of CPU are spent: ``(findings, stopped early)``."""
    from gemlint.rules import run_rules

    if budget <= 0:
        return run_rules(groups, ctx, selected), False
    deadline = time.process_time() + budget
    out: List[Finding] = []
    for group in groups:
        out.extend(run_rules((group,), ctx, selected))
        if time.process_time() > deadline:
            return out, True
    return out, False


def over_budget_notice(path: str, budget: float) -> FileError:
    """The one line for a file whose rules ran out of time."""
    return FileError(
        path,
        f"checking took longer than the per-file time budget of {budget:g} s; the rest of the file was not "
        "checked (raise GEMLINT_FILE_TIMEOUT to check it whole)",
        fatal=False,
    )


MAX_NESTING = 1000  # objects deep: beyond this a TS/JS file is refused (tree-sitter's queries grow superlinearly)


def nesting_over(text: str, limit: int = MAX_NESTING) -> bool:
    """Whether ``text`` nests ``{`` deeper than ``limit`` (braces in strings count too).

    Only braces: deep arrays cost tree-sitter's queries nothing out of the way, deep objects cost minutes. Linear,
    and C-speed for the usual file: one with fewer opening braces than ``limit`` is answered by ``str.count``.
    """
    if text.count("{") <= limit:
        return False
    import re

    depth = 0
    for brace in re.sub(r"[^{}]+", "", text):
        if brace == "{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False
