"""Model references × inventory → what each name is.

A name is *listed* (in the inventory), *extra* (accepted by configuration),
*retired* (absent, and the lifecycle data records it as retired or shut
down), or *unknown*. Vertex AI call sites resolve against a Vertex inventory
when one is configured; without one they only get an existence check against
what is known to exist on Vertex, and never Gemini API shutdown dates.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
from typing import Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .inventory import Inventory, ModelInfo
from .inventory.lifecycle import Lifecycle, LifecycleEntry
from .types import VERTEX, ModelRef, normalize

LISTED, EXTRA, RETIRED, UNKNOWN = "listed", "extra", "retired", "unknown"


class Context(NamedTuple):
    """What resolution and the rules need, passed explicitly."""

    inventory: Inventory
    lifecycle: Lifecycle
    today: _dt.date
    vertex_inventory: Optional[Inventory] = None


class Resolution(NamedTuple):
    model: str
    status: str
    backend: str = "gemini"
    info: Optional[ModelInfo] = None
    life: Optional[LifecycleEntry] = None


def resolve(name: str, backend: str, ctx: Context) -> Resolution:
    """What ``name`` is for a call site on ``backend``."""
    model = normalize(name)
    if backend == VERTEX:
        return _resolve_vertex(model, ctx)
    inv = ctx.inventory
    info = inv.get(model)
    life = ctx.lifecycle.get(model)
    if info is not None:
        return Resolution(model, LISTED, backend, info, life)
    if inv.is_extra(model):
        return Resolution(model, EXTRA, backend, None, life)
    if life is not None and (life.retired or (life.shutdown is not None and life.shutdown <= ctx.today)):
        return Resolution(model, RETIRED, backend, None, life)
    return Resolution(model, UNKNOWN, backend, None, life)


def _resolve_vertex(model: str, ctx: Context) -> Resolution:
    if ctx.vertex_inventory is not None:
        info = ctx.vertex_inventory.get(model)
        if info is not None:
            return Resolution(model, LISTED, VERTEX, info)
        if ctx.vertex_inventory.is_extra(model) or ctx.inventory.is_extra(model):
            return Resolution(model, EXTRA, VERTEX)
        return Resolution(model, UNKNOWN, VERTEX)
    # No Vertex listing: existence only, against what is known to exist there.
    known = (
        ctx.lifecycle.known_on_vertex(model)
        or ctx.inventory.get(model) is not None
        or ctx.inventory.is_extra(model)
        or ctx.lifecycle.get(model) is not None  # may still exist on Vertex; Gemini dates don't apply
    )
    return Resolution(model, EXTRA if known else UNKNOWN, VERTEX)


def candidates(ctx: Context, backend: str) -> List[ModelInfo]:
    inv = ctx.vertex_inventory if backend == VERTEX and ctx.vertex_inventory is not None else ctx.inventory
    return [inv.models[n] for n in inv.names()]


def _discouraged(ctx: Context, model: str) -> bool:
    life = ctx.lifecycle.get(model)
    return life is not None and (life.deprecated or life.shutdown is not None)


_SUGGESTIONS: dict = {}  # the same bad name recurs across files: compute its suggestions once


def suggest(
    name: str, methods: Sequence[Optional[str]], ctx: Context, backend: str = "gemini", limit: int = 3
) -> Tuple[str, ...]:
    """Up to ``limit`` close names, preferring models that support every method needed."""
    inv = ctx.vertex_inventory if backend == VERTEX and ctx.vertex_inventory is not None else ctx.inventory
    key = (inv.digest, id(inv), normalize(name), tuple(methods), backend, limit)
    found = _SUGGESTIONS.get(key)
    if found is None:
        found = _SUGGESTIONS[key] = _suggest(normalize(name), methods, ctx, backend, limit)
    return found


def _suggest(model: str, methods: Sequence[Optional[str]], ctx: Context, backend: str, limit: int) -> Tuple[str, ...]:
    needed = [m for m in methods if m]
    scored = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(model)
    for info in candidates(ctx, backend):
        matcher.set_seq1(info.name)
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        ratio = matcher.ratio()
        if ratio < 0.6:
            continue
        fits = all(info.supports(m) for m in needed)
        # Right class first, then closeness, then not deprecated, then newer names.
        scored.append((not fits, -round(ratio, 3), _discouraged(ctx, info.name), _descending(info.name)))
    scored.sort()
    return tuple(_undescending(s[3]) for s in scored[:limit])


def right_class(method: str, ctx: Context, backend: str = "gemini", near: str = "", limit: int = 3) -> Tuple[str, ...]:
    """Models that support ``method``: same family and version as ``near`` first, then the most capable."""
    inv = ctx.vertex_inventory if backend == VERTEX and ctx.vertex_inventory is not None else ctx.inventory
    key = ("right-class", inv.digest, id(inv), method, stem(near), backend, limit)
    found = _SUGGESTIONS.get(key)
    if found is None:
        found = _SUGGESTIONS[key] = _right_class(method, ctx, backend, near, limit)
    return found


def _right_class(method: str, ctx: Context, backend: str, near: str, limit: int) -> Tuple[str, ...]:
    pool = [i for i in candidates(ctx, backend) if i.supports(method)]
    preferred = [i for i in pool if not _discouraged(ctx, i.name)] or pool
    target = stem(near)
    preferred.sort(
        key=lambda i: (
            -round(difflib.SequenceMatcher(None, target, stem(i.name), autojunk=False).ratio(), 2),
            -len(i.methods),
            _descending(i.name),
        )
    )
    return tuple(i.name for i in preferred[:limit])


def stem(name: str) -> str:
    """Family, version and first word: ``gemini-2.5-flash`` of ``gemini-2.5-flash-native-audio-latest``."""
    parts = normalize(name).split("-")
    for i, part in enumerate(parts):
        if part[:1].isdigit():
            return "-".join(parts[: i + 2])
    return "-".join(parts[:2])


def _descending(name: str) -> str:
    # Invert characters so that a plain ascending sort puts newer versions (3.8 > 3.7) first.
    return "".join(chr(0x10FFFF - ord(c)) for c in name)


def _undescending(key: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in key)


@functools.lru_cache(maxsize=4096)  # the same bad name recurs across literals and files
def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def methods_needed(refs: Iterable[ModelRef]) -> Tuple[str, ...]:
    """The distinct API methods the call sites of ``refs`` need, in first-seen order."""
    out: List[str] = []
    for ref in refs:
        if ref.site is not None and ref.site.method and ref.site.method not in out:
            out.append(ref.site.method)
    return tuple(out)
