"""The rules, in one explicit tuple (a test checks every module is listed)."""

from __future__ import annotations

from typing import Dict, Iterable, List

from gemlint.resolve import Context
from gemlint.rules import (
    deprecated_model,
    retired_model,
    scheduled_shutdown,
    stale_model_mention,
    unknown_model,
    unsupported_method,
    unused_suppression,
)
from gemlint.rules.base import LiteralGroup
from gemlint.rules.platforms import both_platforms, on_both_platforms, placed_by_name, with_platform_note
from gemlint.types import Finding

ALL_RULES = (
    unknown_model,
    unsupported_method,
    retired_model,
    scheduled_shutdown,
    deprecated_model,
    stale_model_mention,
    unused_suppression,
)
BY_CODE: Dict[str, object] = {r.CODE: r for r in ALL_RULES}
BY_NAME: Dict[str, object] = {r.NAME: r for r in ALL_RULES}


def get_rule(code_or_name: str):
    """The rule module for ``GL001`` or ``unknown-model`` (case-insensitive code), or None."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())


def run_rules(groups: Iterable[LiteralGroup], ctx: Context, selected) -> List[Finding]:
    """Apply every selected rule to every literal group.

    A literal whose call goes to both platforms (the project declares both, or the client picks one at run
    time) is judged on each and reported once, saying what fails on each (``both_platforms``).
    """
    rules = [r for r in ALL_RULES if selected(r.CODE)]
    existence = [r for r in rules if r in EXISTENCE_RULES]
    out: List[Finding] = []
    for group in groups:
        group = placed_by_name(group, ctx)
        chosen = existence if group.compared else rules
        if on_both_platforms(group):
            out.extend(both_platforms(group, chosen, ctx))
            continue
        found = [f for rule in chosen for f in rule.check(group, ctx)]
        out.extend(with_platform_note(found, group))
    return out


# A name only compared (``model != 'gemini-embedding-001'``) is code recognising that model, not using it: a typo
# there never matches (GL006), but a retired or deprecated name is no reason to change it.
EXISTENCE_RULES = (stale_model_mention,)


def rules_markdown() -> str:
    """docs/rules.md: every rule's page under a ``## GL001 unknown-model`` heading."""
    parts = ["# gemlint rules", "", "Generated from the rules' docstrings by `python scripts/gen_rule_docs.py`.", ""]
    for rule in ALL_RULES:
        body = rule.__doc__.strip().replace("\n## ", "\n### ")
        body = "#" + body if body.startswith("## ") else body
        parts += [f"## {rule.CODE} {rule.NAME}", "", f"{rule.SUMMARY}. Severity: {rule.SEVERITY}.", "", body, ""]
    return "\n".join(parts)


def doc_page(rule) -> str:
    """The rule's documentation: code, name, then its module docstring."""
    title = f"# {rule.NAME} ({rule.CODE})"
    return f"{title}\n\n{rule.SUMMARY}. Severity: {rule.SEVERITY}.\n\n{rule.__doc__.strip()}\n"
