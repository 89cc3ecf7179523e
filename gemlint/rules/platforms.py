"""One finding per literal that goes to both platforms, the note saying what chose the platform, and the
platform a name only Vertex AI knows gives a literal nothing else placed (``placed_by_name``).

A client built without a flag in a project that declares both platforms (one service on each), or a
client whose ``vertexai=`` is decided at run time, reaches the same call once per platform; a constant can
reach a call on each platform. Either way the literal is judged on each and reported once ("Vertex AI: …;
Gemini API: …"), at the most severe verdict.
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

from gemlint.extract.patterns import PARAMETER_KIND
from gemlint.resolve import Context, only_vertex_knows
from gemlint.rules.base import LiteralGroup, details
from gemlint.types import GEMINI, MAX_RELATED, VERTEX, Finding, ModelRef, replace

NAMES = {VERTEX: "Vertex AI", GEMINI: "Gemini API"}
_SEVERITY = {"error": 0, "warning": 1}
_WHEN = re.compile(r" (?:on|since|from) \d{4}-\d{2}-\d{2}| \([^()]*\)")  # dates and asides: in the detail


def on_both_platforms(group: LiteralGroup) -> bool:
    """True when the literal is judged on both platforms: one call site (or settings value) that goes to both,
    or calls on each (a constant that a Gemini API client's call and a Vertex AI client's call both use)."""
    first = group.refs[0].backend
    return any(ref.backend != first for ref in group.refs)


def platform_note(group: LiteralGroup) -> str:
    """``Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1`` for the refs a declaration placed."""
    notes: List[str] = []
    for ref in sorted(group.refs, key=lambda r: r.backend != VERTEX):  # Vertex AI first, as in the message
        if ref.platform_note:
            text = f"{NAMES.get(ref.backend, ref.backend)}: {ref.platform_note}"
            if text not in notes:
                notes.append(text)
    return "; ".join(notes)


def with_platform_note(findings: Sequence[Finding], group: LiteralGroup) -> List[Finding]:
    note = platform_note(group) if findings else ""
    if not note:
        return list(findings)
    return [f if f.platform_note else f._replace(platform_note=note) for f in findings]


# Among errors, the most definite verdict leads: retired, then the wrong class, then unknown.
_DEFINITE = {"GL003": 0, "GL002": 1, "GL001": 2}


def _worst(findings: Sequence[Finding]) -> Finding:
    return min(findings, key=lambda f: (_SEVERITY.get(f.severity, 2), _DEFINITE.get(f.code, 3), f.code))


def both_platforms(group: LiteralGroup, rules, ctx) -> List[Finding]:
    """Judge ``group`` on each platform; one finding at the worst verdict, naming each platform's."""
    per: Dict[str, List[Finding]] = {}
    for backend in (VERTEX, GEMINI):
        part = LiteralGroup(tuple(r for r in group.refs if r.backend == backend))
        if part.refs:
            per[backend] = [f for rule in rules for f in rule.check(part, ctx)]
    failing = {b: fs for b, fs in per.items() if fs}
    if not failing:
        return []
    worst = {b: _worst(fs) for b, fs in failing.items()}
    primary = _worst(list(worst.values()))
    lead = next(b for b in (VERTEX, GEMINI) if worst.get(b) is primary)
    fixes = {f.fix for f in worst.values()}
    fix = primary.fix if len(fixes) == 1 and len(worst) == len(per) else None
    common = _common(worst)
    suggestions: List[str] = [common] if common else []
    for f in worst.values():
        suggestions += [s for s in f.suggestions if s not in suggestions]
    related = list(primary.related)
    for f in worst.values():  # the calls of every platform with the same verdict: the finding points at each
        if f.code == primary.code:
            related += [r for r in f.related if r not in related]
    merged = primary._replace(
        related=tuple(related[:MAX_RELATED]),
        related_total=_total(max(len(related), primary.related_total)),
        message=merged_message(group.model, lead, worst, per, common),
        detail="; ".join(
            details(f"{NAMES[b]}: {worst[b].message}", worst[b].detail) for b in (VERTEX, GEMINI) if b in worst
        ),
        suggestions=tuple(suggestions[:3]),
        fix=fix,
        fix_refusal=primary.fix_refusal if fix else "the name is used on both platforms, which need different fixes",
        platform_note=platform_note(group) or _why_both(group),
    )
    return [merged]


def _total(count: int) -> int:
    """``Finding.related_total``: how many call sites there are when the list was cut (else 0, as ``capped``)."""
    return count if count > MAX_RELATED else 0


def _why_both(group: LiteralGroup) -> str:
    """What put the literal on both platforms, when no declaration did: one call decided at run time, or calls
    on each platform."""
    seen: Dict[tuple, str] = {}
    for ref in group.refs:
        key = (ref.site.location, ref.site.kind) if ref.site is not None else (ref.location, None)
        if seen.setdefault(key, ref.backend) != ref.backend:
            return "both platforms: the client's vertexai= is decided at run time"
    return "both platforms: the name reaches a call on each"


def _split(model: str, message: str) -> Tuple[str, str]:
    """``('was retired on 2026-08-17', 'use Y')`` from ``'X' was retired on 2026-08-17: use Y (via …)``."""
    quoted = f"'{model}' "
    body = message[len(quoted) :] if message.startswith(quoted) else message
    verdict, _, action = body.partition(": ")
    return verdict, _without_way(action)[0]


def _without_way(action: str) -> Tuple[str, str]:
    """``('use Y', ' (→ live.connect, a.py:4)')``: an action and the call site (→ …) or way (via …) after it."""
    cut = min((i for i in (action.find(" (→ "), action.find(" (via ")) if i != -1), default=len(action))
    return action[:cut], action[cut:]


_WITHIN = re.compile(r" on \d{4}-\d{2}-\d{2} \((in \d+ days?)\)")  # shuts down on DATE (in N days)
_CLAUSES = re.compile(r", | and ")  # closed to new projects, shuts down in N days


def _brief(verdict: str) -> str:
    """A platform's verdict in a few words for a both-platform line: its last clause (the shutdown, after
    "closed to new projects"), "in N days" for a dated shutdown, no other dates or asides (they are in the
    detail): ``shuts down in 114 days`` from ``closed to new projects, shuts down in 114 days``."""
    verdict = _WITHIN.sub(r" \1", verdict)
    last = _CLAUSES.split(verdict)[-1]
    return _WHEN.sub("", last if last.startswith("shuts down") else verdict)


def _common(worst: Dict[str, Finding]) -> str:
    """The first model the worst platform suggests that the other suggests too (one story for both), or ``""``."""
    if len(worst) < 2:
        return ""
    first, second = worst.get(VERTEX), worst.get(GEMINI)
    return next((s for s in first.suggestions if s in second.suggestions), "")


def merged_message(model: str, lead: str, worst: Dict[str, Finding], per: Dict[str, list], common: str = "") -> str:
    """One line for a call judged on both platforms: the worst platform's verdict and action lead, the other
    platform's verdict follows in a few words; each verdict is brief (``_brief``: dates and asides are in the
    detail, with each platform's whole message), so the common lines fit in 120 columns.

    ``Vertex AI: 'X' was retired: use Y; Gemini API: not listed``; the same verdict on both, and a model both
    suggest (``common``): ``Both platforms: 'X' is not an embedding model: use Y``; the same verdict where only
    the leading platform names a model: ``Both platforms: 'X' was retired: use Y on Vertex AI``.
    """
    other = GEMINI if lead == VERTEX else VERTEX
    quoted = f"'{model}' "
    whole = worst[lead].message
    if lead == VERTEX:
        whole = whole.replace(" on Vertex AI", "", 1)  # the line says the platform first
    verdict, action = _split(model, whole)
    verdict = _brief(verdict)
    body = whole[len(quoted) :] if whole.startswith(quoted) else whole
    # the action as written; the call site it reaches (→ …) or the way (via …) is said once, at the end
    rest, suffix = _without_way(body.partition(": ")[2])
    text = f"{quoted if whole.startswith(quoted) else ''}{verdict}" + (f": {rest}" if rest else "")
    return _merged(lead, other, worst, per, common, (text, rest, verdict, action)) + suffix


def _merged(
    lead: str, other: str, worst: Dict[str, Finding], per: Dict[str, list], common: str, parts: Tuple[str, ...]
) -> str:
    """``merged_message`` without the call-site suffix; ``parts``: the lead's line (name, brief verdict,
    action), its action as written, its brief verdict and its action without asides."""
    text, rest, verdict, action = parts
    model = worst[lead].model
    if other not in worst:
        return f"{NAMES[lead]}: {text}" + (f"; {NAMES[other]}: no problem" if other in per else "")
    their_verdict, their_action = _split(model, worst[other].message.replace(" on Vertex AI", "", 1))
    their_verdict = _brief(their_verdict)
    if verdict == their_verdict:
        if action == their_action:
            return f"Both platforms: {text}"
        first = worst[lead].suggestions[0] if worst[lead].suggestions else ""
        if common and first and action == f"use {first}" and their_action.startswith("use "):
            head = text[: len(text) - len(rest)]  # the name and verdict, up to the action
            return f"Both platforms: {head}{rest.replace(first, common, 1)}"
        if rest and not worst[other].suggestions:  # the other platform names no model: one action, where it holds
            return f"Both platforms: {text} on {NAMES[lead]}"
        return f"{NAMES[lead]}: {text}; {NAMES[other]}: {_WHEN.sub('', their_action)}"
    for word in ("is ", "was "):
        if their_verdict.startswith(word):
            their_verdict = their_verdict[len(word) :]
            break
    return f"{NAMES[lead]}: {text}; {NAMES[other]}: {their_verdict}"


VERTEX_BY_NAME = "only Vertex AI knows this name, and nothing in the code or configuration sets the platform"


def placed_by_name(group: LiteralGroup, ctx: Context) -> LiteralGroup:
    """``group`` judged on Vertex AI when only Vertex AI knows the name and none of its references has a
    platform or a client: a mention or a model parameter that nothing placed (``imagen-3.0-generate-001``
    in a front end's list of models). A call on an SDK client built without a flag stays on the Gemini API,
    where such a client goes by default."""
    if not all(_free(r) for r in group.refs) or not only_vertex_knows(group.model, ctx):
        return group
    return LiteralGroup(
        tuple(
            replace(r, site=replace(r.site, backend=VERTEX), platform_note=VERTEX_BY_NAME)
            if r.site is not None
            else replace(r, platform=VERTEX, platform_note=VERTEX_BY_NAME)
            for r in group.refs
        )
    )


def _free(ref: ModelRef) -> bool:
    """Nothing placed it, and no SDK client makes the call: a mention or a model parameter."""
    return ref.unplaced and (ref.site is None or ref.site.kind == PARAMETER_KIND)
