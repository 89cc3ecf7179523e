"""What every rule shares: the literal group it looks at and small helpers."""

from __future__ import annotations

from typing import NamedTuple, Optional, Tuple

from ..resolve import Context, Resolution, edit_distance, methods_needed, resolve
from ..types import GEMINI, VERTEX, Finding, Fix, Location, ModelRef, normalize


class LiteralGroup(NamedTuple):
    """Every reference made by one string literal (one per call site it reaches)."""

    refs: Tuple[ModelRef, ...]

    @property
    def text(self) -> str:
        return self.refs[0].text

    @property
    def model(self) -> str:
        return normalize(self.text)

    @property
    def location(self) -> Location:
        return self.refs[0].location

    @property
    def fixable(self) -> bool:
        return all(r.fixable and not r.settings for r in self.refs)

    def sited(self):
        return [r for r in self.refs if r.site is not None]

    @property
    def is_mention(self) -> bool:
        """A whole model name that reaches no call site and no model parameter (a key, a list entry...).

        Decided per literal: once any resolution step (in this file or across
        files) ties the literal to a call site, the group is a reference.
        Settings-file values are configuration, hence references.
        """
        return not any(r.site is not None or r.settings for r in self.refs)

    def backends(self) -> Tuple[str, ...]:
        found = []
        for ref in self.refs:
            backend = ref.site.backend if ref.site is not None else GEMINI
            if backend not in found:
                found.append(backend)
        return tuple(found)

    def methods(self) -> Tuple[str, ...]:
        return methods_needed(self.refs)


def site_text(ref: ModelRef) -> str:
    """``live.connect (line 12)``, or with the file when the call is elsewhere."""
    site = ref.site
    if site is None:
        return ""
    where = site.location
    if where.path == ref.location.path and where.cell == ref.location.cell:
        at = f"line {where.line}"
    elif where.path == ref.location.path and where.cell is not None:
        at = f"cell {where.cell}, line {where.line}"
    elif where.cell is not None:
        at = f"{where.path}:cell {where.cell}:{where.line}"
    else:
        at = f"{where.path}:{where.line}"
    return f"{site.kind} ({at})"


def related_locations(group: LiteralGroup) -> Tuple[Location, ...]:
    seen = []
    for ref in group.sited():
        if ref.site.location not in seen:
            seen.append(ref.site.location)
    return tuple(seen)


def gemini_resolution(group: LiteralGroup, ctx: Context) -> Optional[Resolution]:
    """The Gemini API resolution when any reference targets the Gemini API."""
    return resolve(group.text, GEMINI, ctx) if GEMINI in group.backends() else None


def vertex_resolution(group: LiteralGroup, ctx: Context) -> Optional[Resolution]:
    return resolve(group.text, VERTEX, ctx) if VERTEX in group.backends() else None


def keep_prefix(old: str, new: str) -> str:
    """The replacement spelled like the original (``models/`` kept or not)."""
    new = normalize(new)
    return f"models/{new}" if old.startswith("models/") else new


def replacement_fix(group: LiteralGroup, res: Resolution, ctx: Context) -> Tuple[Optional[Fix], Optional[str]]:
    """A safe fix to the documented replacement, or the reason there is none."""
    life = res.life
    if life is None or not life.replacement:
        return None, "no replacement is documented"
    needed = group.methods()
    for name in life.replacement_names():
        info = ctx.inventory.get(name)
        if info is None:
            continue
        if all(info.supports(m) for m in needed):
            if not group.fixable:
                return None, "the name is not written as a plain literal"
            return Fix(group.text, keep_prefix(group.text, name)), None
        return None, (
            f"the replacement {name} does not support {', '.join(m for m in needed if not info.supports(m))}, "
            "which this call site needs (no replacement of the right class)"
        )
    return None, f"the replacement {life.replacement} is not in the inventory"


def typo_fix(group: LiteralGroup, suggestions: Tuple[str, ...], ctx: Context) -> Tuple[Optional[Fix], Optional[str]]:
    """A fix for a typo: exactly one closest suggestion (edit distance <= 2) of the right class.

    ``gemini-3.8-flsh`` is fixed to ``gemini-3.8-flash`` (distance 1) although
    ``gemini-3.6-flash`` is at distance 2; ``gemini-3.9-flash`` is not fixed,
    three names being at distance 1.
    """
    needed = group.methods()
    distances = {s: edit_distance(group.model, s) for s in suggestions}
    fitting = [s for s in suggestions if distances[s] <= 2 and all(ctx.inventory.get(s).supports(m) for m in needed)]
    best = min((distances[s] for s in fitting), default=None)
    close = [s for s in fitting if distances[s] == best]
    if len(close) != 1:
        return None, "no single close match of the right class"
    if not group.fixable:
        return None, "the name is not written as a plain literal"
    return Fix(group.text, keep_prefix(group.text, close[0])), None


def finding(rule, group: LiteralGroup, message: str, **extra) -> Finding:
    """Build a rule's finding at the group's literal."""
    sited = group.sited()
    return Finding(
        code=rule.CODE,
        name=rule.NAME,
        severity=extra.pop("severity", rule.SEVERITY),
        message=message,
        model=group.text,
        location=group.location,
        related=extra.pop("related", None) or related_locations(group),
        site_kind=extra.pop("site_kind", sited[0].site.kind if sited else _unsited_kind(group)),
        method=extra.pop("method", group.methods()[0] if group.methods() else None),
        **extra,
    )


def _unsited_kind(group: LiteralGroup) -> Optional[str]:
    return "settings" if group.refs[0].settings else None
