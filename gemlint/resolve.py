"""Model references × inventory → what each name is.

A name is *listed* (in the inventory), *extra* (accepted by configuration),
*announced* (exists, but first seen after the listing: methods unknown),
*retired* (absent, and the lifecycle data records it as retired or shut
down), or *unknown*. Vertex AI call sites resolve against a project Vertex
inventory when one is configured or refreshed, else against the bundled
Vertex AI catalogue; never against Gemini API shutdown dates. Where the
catalogue has no verdict (a resource path, an unlisted version of a family it
knows, a name only the Gemini API data knows) the status is *no verdict*.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import TYPE_CHECKING, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from gemlint.inventory import Inventory, ModelInfo
from gemlint.inventory.lifecycle import Lifecycle, LifecycleEntry
from gemlint.records import record
from gemlint.types import GEMINI, VERTEX, ModelRef, normalize

if TYPE_CHECKING:  # the Vertex AI catalogue loads only for a Vertex AI call site
    from gemlint.inventory.vertex import VertexCatalogue, VertexModel

LISTED, EXTRA, RETIRED, UNKNOWN = "listed", "extra", "retired", "unknown"
ANNOUNCED, NO_VERDICT = "announced", "no-verdict"


@record
class Context:
    """What resolution and the rules need, passed explicitly."""

    inventory: Inventory
    lifecycle: Lifecycle
    today: _dt.date
    vertex_inventory: Optional[Inventory] = None
    max_inventory_age: int = 30  # days; 0 never calls an inventory stale
    shutdown_horizon: int = 30  # days: a shutdown this close (or past) makes GL004 an error
    aliases: FrozenSet[str] = frozenset()  # names the project's own tables define (rules/aliases.py), per scan

    @property
    def vertex_catalogue(self) -> VertexCatalogue:
        """The bundled Vertex AI catalogue (read on first use)."""
        from gemlint.inventory.vertex import load_vertex_catalogue

        return load_vertex_catalogue()


@record
class Resolution:
    model: str
    status: str
    backend: str = "gemini"
    info: Optional[ModelInfo] = None
    life: Optional[LifecycleEntry] = None
    vertex: Optional[VertexModel] = None  # the catalogue row, for Vertex AI call sites


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
    if life is not None and life.announced:
        return Resolution(model, ANNOUNCED, backend, None, life)
    if life is not None and (life.retired or (life.shutdown is not None and life.shutdown <= ctx.today)):
        return Resolution(model, RETIRED, backend, None, life)
    return Resolution(model, UNKNOWN, backend, None, life)


def _resolve_vertex(model: str, ctx: Context) -> Resolution:
    if "/" in model:  # an endpoint, tuned-model or other publisher's resource path: nothing to judge
        return Resolution(model, NO_VERDICT, VERTEX)
    if ctx.vertex_inventory is not None:  # a project listing overrides the bundled catalogue
        info = ctx.vertex_inventory.get(model)
        if info is not None:  # listed: it exists; the catalogue's row still gives kind and dates
            return Resolution(model, LISTED, VERTEX, info, vertex=ctx.vertex_catalogue.get(model))
        if ctx.vertex_inventory.is_extra(model) or ctx.inventory.is_extra(model):
            return Resolution(model, EXTRA, VERTEX)
        return Resolution(model, UNKNOWN, VERTEX)
    catalogue = ctx.vertex_catalogue
    row = catalogue.get(model)
    if row is not None:
        status = RETIRED if row.retired_on(ctx.today) else LISTED
        return Resolution(model, status, VERTEX, ModelInfo(row.id, row.methods), vertex=row)
    if ctx.inventory.is_extra(model):
        return Resolution(model, EXTRA, VERTEX)
    if catalogue.knows_family(model) or _known_on_gemini(model, ctx):
        return Resolution(model, NO_VERDICT, VERTEX)
    return Resolution(model, UNKNOWN, VERTEX)


def only_vertex_knows(name: str, ctx: Context) -> bool:
    """True when the Gemini API data does not know ``name`` and the Vertex AI data lists it (retired or not)."""
    model = normalize(name)
    if resolve(model, GEMINI, ctx).status != UNKNOWN or ctx.inventory.is_extra(model):
        return False
    return _resolve_vertex(model, ctx).status in (LISTED, RETIRED)


def _known_on_gemini(model: str, ctx: Context) -> bool:
    """Names the Gemini API data knows: the catalogue is partial, so on Vertex AI they get no verdict."""
    return (
        ctx.lifecycle.known_on_vertex(model)
        or ctx.inventory.get(model) is not None
        or ctx.lifecycle.get(model) is not None
    )


def vertex_suggest(name: str, methods: Sequence[Optional[str]], ctx: Context, limit: int = 3) -> Tuple[str, ...]:
    """Close names from the Vertex AI catalogue (current models only), right class first."""
    catalogue = ctx.vertex_catalogue  # bundled, loaded once per process: its identity keys the answers
    key = ("vertex", id(catalogue), normalize(name), tuple(methods), limit, ctx.today)
    found = _SUGGESTIONS.get(key)
    if found is None:
        found = _SUGGESTIONS[key] = _vertex_suggest(name, methods, ctx, limit)
    return found


def _vertex_suggest(name: str, methods: Sequence[Optional[str]], ctx: Context, limit: int) -> Tuple[str, ...]:
    import difflib  # only when a name needs suggestions: start-up stays small

    catalogue = ctx.vertex_catalogue
    rows = [r for r in (catalogue.models[n] for n in catalogue.names()) if not r.retired_on(ctx.today)]
    needed = [m for m in methods if m]
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(normalize(name))
    scored = []
    for row in rows:
        matcher.set_seq1(row.id)
        # the two quick ratios are upper bounds of ratio(): as get_close_matches does, they skip most rows
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.6:
            fits = all(row.supports(m) is not False for m in needed)
            changed = words_changed(normalize(name), row.id), version_gap(normalize(name), row.id)
            scored.append((not fits, *changed, -round(ratio, 3), row.status == "deprecated", _descending(row.id)))
    scored.sort()
    if scored and not scored[0][0]:  # some close name is of the right class: offer only those
        scored = [s for s in scored if not s[0]]
    return tuple(_undescending(s[-1]) for s in scored[:limit])


# The kind of model a call-site method is made for, to rank right-class suggestions.
_METHOD_KIND = {
    "generateContent": "generate",
    "countTokens": "generate",
    "createCachedContent": "generate",
    "batchGenerateContent": "generate",
    "embedContent": "embed",
    "asyncBatchEmbedContent": "embed",
    "predictLongRunning": "video",
    "bidiGenerateContent": "live",
}


def vertex_right_class(method: str, ctx: Context, near: str = "", limit: int = 3) -> Tuple[str, ...]:
    """Current Vertex AI catalogue models that serve ``method``: its usual kind, closest to ``near`` first."""
    key = ("vertex-class", id(ctx.vertex_catalogue), method, near, limit, ctx.today)
    found = _SUGGESTIONS.get(key)
    if found is None:
        found = _SUGGESTIONS[key] = _vertex_right_class(method, ctx, near, limit)
    return found


def _vertex_right_class(method: str, ctx: Context, near: str, limit: int) -> Tuple[str, ...]:
    import difflib  # only when a name needs suggestions: start-up stays small

    catalogue = ctx.vertex_catalogue
    rows = [
        r
        for r in (catalogue.models[n] for n in catalogue.names())
        if r.status in ("ga", "preview") and not r.retired_on(ctx.today) and r.supports(method)
    ]
    kind = _METHOD_KIND.get(method)
    target = stem(near)
    rows.sort(
        key=lambda r: (
            kind is not None and r.kind != kind,
            -round(difflib.SequenceMatcher(None, target, stem(r.id), autojunk=False).ratio(), 2),
            r.status != "ga",
            _descending(r.id),
        )
    )
    return tuple(r.id for r in rows[:limit])


def inventory_age(inv: Inventory, today: _dt.date) -> Optional[int]:
    """Days between the inventory's listing and ``today`` (None when its date is unknown)."""
    as_of = inv.as_of()
    return None if as_of is None else (today - as_of).days


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
    key = (inv.digest, id(inv), normalize(name), tuple(methods), backend, limit, ctx.today)
    found = _SUGGESTIONS.get(key)
    if found is None:
        found = _SUGGESTIONS[key] = _suggest(normalize(name), methods, ctx, backend, limit)
    return found


def _suggest(model: str, methods: Sequence[Optional[str]], ctx: Context, backend: str, limit: int) -> Tuple[str, ...]:
    import difflib  # only when a name needs suggestions: start-up stays small

    from gemlint.suggest_index import pool

    needed = [m for m in methods if m]
    scored = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(model)
    inv = ctx.vertex_inventory if backend == VERTEX and ctx.vertex_inventory is not None else ctx.inventory
    # Never suggest a model that is retired or past its shutdown date; filtered once per inventory (an index).
    live = pool(
        ("gemini", id(inv), inv.digest, id(ctx.lifecycle), ctx.today, backend),
        lambda: ([i for i in candidates(ctx, backend) if not dead(i.name, ctx)], lambda i: i.name),
    )
    for info in live.near(model):
        matcher.set_seq1(info.name)
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        ratio = matcher.ratio()
        if ratio < 0.6:
            continue
        fits = all(info.supports(m) for m in needed)
        # Right class first, then the fewest words changed, the same version, closeness, not deprecated, newer.
        changed = words_changed(model, info.name), version_gap(model, info.name)
        scored.append((not fits, *changed, -round(ratio, 3), _discouraged(ctx, info.name), _descending(info.name)))
    scored.sort()
    if scored and not scored[0][0]:  # some close name is of the right class: offer only those
        scored = [s for s in scored if not s[0]]
    return tuple(_undescending(s[-1]) for s in scored[:limit])


_STAGES = frozenset(("preview", "exp", "experimental", "latest", "stable"))  # a release of the same model


def _words(name: str) -> Tuple[str, ...]:
    """The words of a model name, without versions, dates and release stages: ``gemini-2.0-flash-thinking-exp-01-21``
    -> ``gemini``, ``flash``, ``thinking``."""
    return tuple(w for w in name.replace("_", "-").split("-") if w and not w[0].isdigit() and w not in _STAGES)


def _version(name: str) -> str:
    """The first part of a model name that starts with a digit (``2.5`` of ``gemini-2.5-flash-preview-05-20``)."""
    return next((w for w in name.split("-") if w[:1].isdigit()), "")


def version_gap(name: str, candidate: str) -> int:
    """0: the same version (``2.5``); 1: the same major one (``3`` and ``3.1``); 2: another."""
    mine, theirs = _version(name), _version(candidate)
    if mine == theirs:
        return 0
    return 1 if mine.split(".")[0] == theirs.split(".")[0] else 2


@functools.lru_cache(maxsize=65536)
def _alike(a: str, b: str) -> bool:
    """Two words one may be a typo of the other: equal; letters left out or added, at most one per four
    (``flsh``/``flash``, ``lte``/``lite``, ``tt``/``tts``); or two neighbours swapped (``falsh``). A letter
    replaced is another word: ``live`` is not ``lite``, ``pro`` not ``exp``."""
    if a == b:
        return True
    short, size = min(len(a), len(b)), abs(len(a) - len(b))
    if short < 3:  # a short word cut by one letter at its end (``tt``/``tts``), nothing else
        return short == 2 and size == 1 and (a.startswith(b) or b.startswith(a))
    if size:
        return size <= max(1, short // 4) and edit_distance(a, b) == size
    wrong = [i for i in range(len(a)) if a[i] != b[i]]
    return len(wrong) == 2 and wrong[1] == wrong[0] + 1 and a[wrong[0]] == b[wrong[1]] and a[wrong[1]] == b[wrong[0]]


def words_changed(name: str, candidate: str) -> int:
    """How many words a suggestion drops from ``name`` or adds to it, a typo of a word counting as the word.

    ``gemini-pro`` is nearer ``gemini-pro-latest`` (no word changed) than ``gemini-4-argon`` (``pro`` dropped,
    ``argon`` added), though their letters are about as close; ``gemini-3-pro`` nearer ``gemini-3.1-pro-preview``
    than ``gemini-3-pro-image``."""
    mine, theirs = _words(name), _words(candidate)
    dropped = sum(1 for w in mine if not any(_alike(w, t) for t in theirs))
    added = sum(1 for t in theirs if not any(_alike(w, t) for w in mine))
    return dropped + added


def right_class(
    method: str,
    ctx: Context,
    backend: str = "gemini",
    near: str = "",
    limit: int = 3,
    asked: Sequence[str] = (),
    also: Sequence[str] = (),
) -> Tuple[str, ...]:
    """Models that support ``method`` and every method in ``also`` (the other call sites of one name), and can
    return the ``asked`` output modalities as far as the modality table knows: same family and version as ``near``
    first, then the most capable. None when no model serves them all."""
    inv = ctx.vertex_inventory if backend == VERTEX and ctx.vertex_inventory is not None else ctx.inventory
    methods = (method, *(m for m in also if m != method))
    key = ("right-class", inv.digest, id(inv), methods, stem(near), backend, limit, ctx.today, tuple(asked))
    found = _SUGGESTIONS.get(key)
    if found is None:
        found = _SUGGESTIONS[key] = _right_class(methods, ctx, backend, near, limit, tuple(asked))
    return found


def _right_class(
    methods: Tuple[str, ...], ctx: Context, backend: str, near: str, limit: int, asked: Tuple[str, ...]
) -> Tuple[str, ...]:
    import difflib  # only when a name needs suggestions: start-up stays small

    method = methods[0]
    pool = [i for i in candidates(ctx, backend) if all(i.supports(m) for m in methods) and not dead(i.name, ctx)]
    if asked:  # models the modality table says return what the call asks for; if it knows none, those it has no row for
        pool = [i for i in pool if returns_all(i.name, asked, backend)] or [
            i for i in pool if not lacks_modality(i.name, asked, backend)
        ]
    preferred = [i for i in pool if not _discouraged(ctx, i.name)] or pool
    target = stem(near)
    home = family(near)
    own = _specialties(near)
    # No specialty the name did not have (an image model for a transcription call) while plain ones fit:
    # the call site's class, not the name's family, decides.
    allowed = own | _IMPLIED.get(method, frozenset())
    preferred = [i for i in preferred if not (_specialties(i.name) - allowed)] or preferred
    # Same family and version first (gemini-3.8-flash in live.connect: gemini-3.8-live), then no
    # specialty the name did not have (no image model for text), stable before preview/experimental,
    # the closest stem, the closest name, the most capable, the newest.
    preferred.sort(
        key=lambda i: (
            bool(home) and family(i.name) != home,
            bool(_specialties(i.name) - own),
            _unstable(i.name),
            -round(difflib.SequenceMatcher(None, target, stem(i.name), autojunk=False).ratio(), 2),
            -round(difflib.SequenceMatcher(None, normalize(near), i.name, autojunk=False).ratio(), 2),
            -len(i.methods),
            _descending(i.name),
        )
    )
    return tuple(i.name for i in preferred[:limit])


def family(name: str) -> str:
    """Family and version: ``gemini-3.8`` of ``gemini-3.8-flash`` (empty without a version)."""
    parts = normalize(name).split("-")
    for i, part in enumerate(parts):
        if part[:1].isdigit():
            return "-".join(parts[: i + 1])
    return ""


_SPECIALTIES = frozenset(
    ("image", "tts", "audio", "live", "embedding", "robotics", "computer", "transcribe", "music", "veo", "imagen")
)


# Specialties a call's method asks for itself (a Live model in live.connect is no surprise).
_IMPLIED = {
    "bidiGenerateContent": frozenset(("live", "audio")),
    "embedContent": frozenset(("embedding",)),
    "asyncBatchEmbedContent": frozenset(("embedding",)),
    "predictLongRunning": frozenset(("veo",)),
    "predict": frozenset(("imagen", "image")),
}


def _specialties(name: str) -> frozenset:
    return frozenset(p for p in normalize(name).split("-") if p in _SPECIALTIES)


def _unstable(name: str) -> bool:
    return any(tag in name.split("-") for tag in ("preview", "exp", "experimental"))


def dead(name: str, ctx: Context) -> bool:
    """Retired, or past its shutdown date as of the scan date (whether or not still listed)."""
    life = ctx.lifecycle.get(name)
    if life is None:
        return False
    if life.shutdown is not None and life.shutdown <= ctx.today:
        return True
    return life.retired and ctx.inventory.get(name) is None


def follow_replacements(
    life: Optional[LifecycleEntry], methods: Sequence[str], ctx: Context, asked: Sequence[str] = ()
):
    """Follow ``replacement`` links to the first listed model that is alive, supports ``methods`` and can return
    the ``asked`` output modalities (unless the modality table says it cannot, it can).

    Returns ``(name, None)``, or ``(None, reason)`` when the chain ends without
    one: a replacement that is not listed, or one of the wrong class (the
    first alive one is named in the reason). Never returns a model retired or
    shut down as of the scan date.
    """
    if life is None or not life.replacement:
        return None, "no replacement is documented"
    queue = list(life.replacement_names())
    seen = {normalize(life.model)}
    wrong_class = None
    missing = None
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        info = ctx.inventory.get(name)
        if info is not None and not dead(name, ctx):
            lacking = [m for m in methods if not info.supports(m)]
            cannot = lacks_modality(name, asked)
            if not lacking and not cannot:
                return name, None
            if wrong_class is None:
                wrong_class = (name, lacking, cannot)
        elif info is None and not dead(name, ctx) and missing is None:
            missing = name
        nxt = ctx.lifecycle.get(name)
        if nxt is not None and nxt.replacement:
            queue.extend(nxt.replacement_names())
    if wrong_class is not None:
        name, lacking, cannot = wrong_class
        if lacking:
            return None, (
                f"the replacement {name} does not support {', '.join(lacking)}, "
                "which this call site needs (no replacement of the right class)"
            )
        return None, f"the replacement {name} cannot return {' or '.join(cannot)}, which this call asks for"
    if missing is not None:
        return None, f"the replacement {missing} is not in the inventory"
    return None, f"every model in the replacement chain of {life.replacement} is retired or shut down"


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


def modalities_asked(refs: Iterable[ModelRef]) -> Tuple[str, ...]:
    """The output modalities the call sites of ``refs`` ask for (``response_modalities``), in first-seen order."""
    out: List[str] = []
    for ref in refs:
        for modality in ref.site.modalities if ref.site is not None else ():
            if modality not in out:
                out.append(modality)
    return tuple(out)


def lacks_modality(name: str, asked: Sequence[str], backend: str = GEMINI) -> Tuple[str, ...]:
    """The ``asked`` output modalities the modality table says ``name`` cannot return (none: no verdict, or fits)."""
    row = _modality_row(name, backend) if asked else None
    return tuple(m for m in asked if not row.returns(m)) if row is not None else ()


def returns_all(name: str, asked: Sequence[str], backend: str = GEMINI) -> bool:
    """Whether the modality table says ``name`` returns every ``asked`` output modality (no row: False)."""
    row = _modality_row(name, backend)
    return row is not None and all(row.returns(m) for m in asked)


def _modality_row(name: str, backend: str):
    from gemlint.inventory.modalities import load_modalities  # only when a call asks for modalities

    return load_modalities().get(name, backend)


def methods_needed(refs: Iterable[ModelRef]) -> Tuple[str, ...]:
    """The distinct API methods the call sites of ``refs`` need, in first-seen order."""
    out: List[str] = []
    for ref in refs:
        if ref.site is not None and ref.site.method and ref.site.method not in out:
            out.append(ref.site.method)
    return tuple(out)
