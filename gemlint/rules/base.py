"""What every rule shares: the literal group it looks at and small helpers."""

from __future__ import annotations

import itertools
from typing import Dict, Optional, Tuple

from gemlint.records import record
from gemlint.resolve import (
    Context,
    Resolution,
    edit_distance,
    follow_replacements,
    methods_needed,
    modalities_asked,
    resolve,
    right_class,
)
from gemlint.types import GEMINI, MAX_RELATED, VERTEX, Finding, Fix, Location, ModelRef, normalize


@record
class LiteralGroup:
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
        """The references that reach a call site, in a stable order (by call site, then kind)."""
        found = [r for r in self.refs if r.site is not None]
        found.sort(key=lambda r: (location_order(r.site.location), r.site.kind, r.site.method or ""))
        return found

    @property
    def is_mention(self) -> bool:
        """A whole model name that reaches no call site and no model parameter (a key, a list entry...).

        Decided per literal: once any resolution step (in this file or across
        files) ties the literal to a call site, the group is a reference.
        Settings-file values are configuration, hence references.
        """
        return not any(r.site is not None or r.settings for r in self.refs)

    @property
    def compared(self) -> bool:
        """A mention that only ever sits in an equality test (``model != '…'``): checked for existence only."""
        return all(r.compared and r.site is None and not r.settings for r in self.refs)

    def backends(self) -> Tuple[str, ...]:
        found = []
        for ref in self.refs:
            backend = ref.backend
            if backend not in found:
                found.append(backend)
        return tuple(found)

    def methods(self) -> Tuple[str, ...]:
        return methods_needed(self.sited())

    def asked(self) -> Tuple[str, ...]:
        """The output modalities its call sites ask for (``response_modalities``): what a replacement must return."""
        return modalities_asked(self.sited())

    @property
    def approximate(self) -> bool:
        """True when no call site is reached by a certain way (each way took a field, a store or merged callers)."""
        sited = self.sited()
        return bool(sited) and all(r.approximate for r in sited)


def travelled(group: LiteralGroup, kind: Optional[str] = None, method: Optional[str] = None) -> Tuple[str, str]:
    """How the value reached its nearest call site across nodes: ``(message suffix, detail)``, or ``("", "")``.

    An approximate way (a field matched by name, a keyed store, merged callers) is said in the message:
    `` (via CONF.fallback_model → chats.create, backend/chat.py:10)``; an exact one only names the call site
    there (`` (→ chats.create, backend/chat.py:10)``) and keeps the whole way for the detail. A finding about
    one call (GL002's ``kind`` and ``method``) names a way to that call first, whichever is nearer.
    """
    here = group.location.path
    ways = [r for r in group.sited() if r.via]
    ways.sort(
        key=lambda r: (
            kind is not None and (r.site.kind, r.site.method) != (kind, method),
            r.site.location.path != here,
            r.approximate,
            len(r.via),
        )
    )  # the nearest
    for ref in ways[:1]:
        from gemlint.flow.graph import route

        where = ref.site.location
        at = f"{ref.site.kind}, {where.path}:{where.line}"
        way = f"via {route(ref.via)} → {at}"
        return (f" ({way})" if ref.approximate else f" (→ {at})"), way
    return "", ""


# The classes a list of names can share, most specific first (each by the method its models serve).
CLASS_METHODS = ("bidiGenerateContent", "embedContent", "predictLongRunning", "predict", "generateContent")


def peer_methods(group: LiteralGroup, ctx: Context) -> Tuple[str, ...]:
    """For a mention whose list or object holds only listed models of one class: that class's method."""
    peers = group.refs[0].peers if group.is_mention else ()
    infos = [ctx.inventory.get(p) for p in peers]
    if not infos or any(info is None for info in infos):
        return ()
    for method in CLASS_METHODS:
        if all(info.supports(method) for info in infos):
            return (method,)
    return ()


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


# What a call site's method asks of a model, as the one-line verdicts say it.
_CLASS_PHRASE = {
    "bidiGenerateContent": ("a Live model", "is not a Live model"),
    "embedContent": ("an embedding model", "is not an embedding model"),
    "asyncBatchEmbedContent": ("an embedding model", "is not an embedding model"),
    "generateContent": ("a model that generates content", "cannot generate content"),
    "predictLongRunning": ("a video model", "cannot generate videos"),
    "predict": ("a prediction model", "cannot serve predict"),
}


def needs_phrase(method: str) -> str:
    """``a Live model`` for bidiGenerateContent; ``a model that supports M`` otherwise."""
    return _CLASS_PHRASE.get(method, (f"a model that supports {method}", ""))[0]


def lacks_phrase(method: str) -> str:
    """``is not a Live model`` for bidiGenerateContent; ``does not support M`` otherwise."""
    return _CLASS_PHRASE.get(method, ("", f"does not support {method}"))[1]


def chain_text(group: LiteralGroup) -> str:
    """Every call site the literal reaches and what each needs: ``reaches live.connect (line 5) (needs ...)``."""
    parts: Dict[str, None] = {}  # an ordered set: thousands of call sites stay linear (issue 24)
    for ref in group.sited():
        need = f", needs {ref.site.method}" if ref.site.method else ""
        parts[f"{site_text(ref)}{need}"] = None
    if not parts:
        return ""
    shown = list(itertools.islice(parts, MAX_RELATED))  # the detail grows with findings, not findings x sites
    more = f"; and {len(parts) - MAX_RELATED} more" if len(parts) > MAX_RELATED else ""
    return "reaches " + "; ".join(shown) + more


def details(*parts: str) -> str:
    """The non-empty parts of a finding's detail, joined."""
    return "; ".join(p for p in parts if p)


def related_locations(group: LiteralGroup) -> Tuple[Location, ...]:
    """The call sites the literal reaches, sorted (the same order whatever order extraction found them in)."""
    seen = {ref.site.location for ref in group.sited()}
    return tuple(sorted(seen, key=location_order))


def capped(related: Tuple[Location, ...]) -> Tuple[Tuple[Location, ...], int]:
    """The first ``MAX_RELATED`` call sites, and how many there are in all when that cut some (else 0)."""
    return related[:MAX_RELATED], len(related) if len(related) > MAX_RELATED else 0


def location_order(loc: Location):
    return (loc.path, loc.cell or 0, loc.line, loc.column, loc.end_line or 0, loc.end_column or 0)


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
    """A safe fix to the replacement (followed to a live model of the right class), or the reason there is none.

    Only a reference is rewritten, and only when every call site it reaches
    accepts the replacement; a mention never is.
    """
    if group.is_mention:
        return None, "a mention reaches no call site: the replacement's class cannot be checked"
    name, reason = follow_replacements(res.life, group.methods(), ctx, group.asked())
    if name is None:
        return None, reason
    if not group.fixable:
        return None, "the name is not written as a plain literal"
    return Fix(group.text, keep_prefix(group.text, name)), None


def replacement_suggestions(group: LiteralGroup, res: Resolution, ctx: Context) -> Tuple[str, ...]:
    """What to move to: the followed replacement, else models of the right class for the call site."""
    name, _ = follow_replacements(res.life, group.methods(), ctx, group.asked())
    if name is not None:
        return (name,)
    methods = group.methods()
    if methods:
        return right_class(methods[0], ctx, near=group.model, asked=group.asked(), also=methods[1:])
    return ()


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
    related, total = capped(extra.pop("related", None) or related_locations(group))
    suffix, way = travelled(group, extra.get("site_kind"), extra.get("method"))
    if way:
        extra["detail"] = details(way, extra.get("detail", ""))
    return Finding(
        code=rule.CODE,
        name=rule.NAME,
        severity=extra.pop("severity", rule.SEVERITY),
        message=message + suffix,
        model=group.text,
        location=group.location,
        related=related,
        related_total=total,
        site_kind=extra.pop("site_kind", sited[0].site.kind if sited else _unsited_kind(group)),
        method=extra.pop("method", group.methods()[0] if group.methods() else None),
        **extra,
    )


def _unsited_kind(group: LiteralGroup) -> Optional[str]:
    return "settings" if group.refs[0].settings else None


def vertex_replacement_fix(group: LiteralGroup, res: Resolution, ctx: Context) -> Tuple[Optional[Fix], Optional[str]]:
    """A safe fix to the Vertex AI catalogue's replacement, or the reason there is none.

    Only when every call site of the literal is on Vertex AI and the
    replacement is a current catalogue model serving every method they need.
    """
    row = res.vertex
    successor = vertex_successor(row, ctx)[0] if row is not None else None
    if successor is None:
        return None, "no replacement is documented"
    if GEMINI in group.backends():
        return None, "the name also reaches a Gemini API call"
    target = ctx.vertex_catalogue.get(successor)
    if target is None or target.retired_on(ctx.today):
        return None, f"the replacement {successor} is not a current Vertex AI model"
    if target.status == "deprecated" or target.restriction_since is not None:
        return None, f"the replacement {target.id} is itself deprecated on Vertex AI"
    missing = [m for m in group.methods() if target.supports(m) is False]
    if missing:
        return None, f"the replacement {target.id} does not support {', '.join(missing)} on Vertex AI"
    served = [m for m in row.methods if m != "countTokens"]
    if not group.methods() and served and not any(target.supports(m) for m in served):
        # a model parameter, whose call is not known: what the old model served stands for what it needs
        did = f"does not serve {', '.join(served)} as {row.id} did"
        return None, f"the replacement {target.id} {did}: the call itself may have to change"
    if not group.fixable:
        return None, "the name is not written as a plain literal"
    return Fix(group.text, vertex_spelling(group.text, target.id)), None


def vertex_successor(row, ctx: Context) -> Tuple[Optional[str], str]:
    """``(model, note)``: the catalogue's replacement for ``row``, followed past replacements that are going away
    themselves (``VertexCatalogue.successor``), and a note naming the documented one when they differ."""
    catalogue = ctx.vertex_catalogue
    name = catalogue.successor(row, ctx.today)
    documented = normalize(row.replacement) if row.replacement else None
    if name == documented or documented is None:
        return name, ""
    target = catalogue.get(documented)
    if target is None or target.retired_on(ctx.today):
        state = "retired"
    elif target.restriction_since is not None:
        since = target.restriction_since
        state = "closed to new projects" if since <= ctx.today else f"closing to new projects on {since.isoformat()}"
    elif target.shutdown is not None:
        state = f"shutting down on {target.shutdown.isoformat()}"
    else:
        state = "deprecated"
    return name, f"documented replacement {documented}, itself {state} on Vertex AI"


def vertex_spelling(old: str, new: str) -> str:
    """``new`` in the spelling of ``old``: a publisher path keeps its prefix."""
    bare = normalize(old)
    return old[: len(old) - len(bare)] + new if old.endswith(bare) else new


def inferred_note(row, field: str) -> str:
    """`` (inferred)`` after a catalogue fact that was deduced, not read from a source."""
    return " (inferred)" if row.inferred(field) else ""
