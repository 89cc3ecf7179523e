"""One finding per literal whose call goes to both platforms, and the note saying what chose the platform.

A client built without a flag in a project that declares both platforms (one service on each), or a
client whose ``vertexai=`` is decided at run time, reaches the same call once per platform: the literal
is judged on each and reported once ("Vertex AI: …; Gemini API: …"), at the most severe verdict.
"""

from __future__ import annotations

from typing import Dict, List, Sequence

from ..types import GEMINI, VERTEX, Finding
from .base import LiteralGroup

NAMES = {VERTEX: "Vertex AI", GEMINI: "Gemini API"}
_SEVERITY = {"error": 0, "warning": 1}


def on_both_platforms(group: LiteralGroup) -> bool:
    """True when one call site (or one settings value) of the literal is judged on both platforms."""
    seen: Dict[tuple, str] = {}
    for ref in group.refs:
        key = (ref.site.location, ref.site.kind) if ref.site is not None else (ref.location, None)
        backend = seen.setdefault(key, ref.backend)
        if backend != ref.backend:
            return True
    return False


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
    parts = []
    for backend in (VERTEX, GEMINI):
        if backend in worst:
            parts.append(f"{NAMES[backend]}: {worst[backend].message}")
        elif backend in per:
            parts.append(f"{NAMES[backend]}: no problem")
    fixes = {f.fix for f in worst.values()}
    fix = primary.fix if len(fixes) == 1 and len(worst) == len(per) else None
    suggestions: List[str] = []
    for f in worst.values():
        suggestions += [s for s in f.suggestions if s not in suggestions]
    merged = primary._replace(
        message="; ".join(parts),
        detail="; ".join(f"{NAMES[b]}: {worst[b].detail}" for b in (VERTEX, GEMINI) if b in worst and worst[b].detail),
        suggestions=tuple(suggestions[:3]),
        fix=fix,
        fix_refusal=primary.fix_refusal if fix else "the call runs on both platforms, which need different fixes",
        platform_note=platform_note(group) or "both platforms: the client's vertexai= is decided at run time",
    )
    return [merged]
