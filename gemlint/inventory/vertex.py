"""The Vertex AI catalogue: Google publisher models Vertex AI accepts, with their lifecycle.

Built by ``scripts/build_inventory.py`` from the reference catalogue and shipped
as ``gemlint/data/vertex.json`` (rows as written). Loaded on first use only: a
scan without Vertex AI call sites never reads it.

The lifecycle fields are read as written: a ``retirement`` date whose
``retirement_bound`` is ``not_before`` is a floor ("available until at least"),
never a shutdown; ``scheduled`` and ``observed`` dates are shutdowns. A
``restriction`` is an access cut (new or inactive projects blocked) before the
shutdown. ``inferred_fields`` were deduced rather than read from a source.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from gemlint.inventory import DATA_DIR, Inventory, ModelInfo, parse_date
from gemlint.records import record
from gemlint.types import normalize

BUNDLED_VERTEX = os.path.join(DATA_DIR, "vertex.json")
SHUTDOWN_BOUNDS = ("scheduled", "observed")
KIND_NAMES = {
    "generate": "text generation",
    "image": "image",
    "embed": "embedding",
    "video": "video",
    "speech": "speech",
    "live": "Live API",
    "music": "music",
}

# Call-site method -> the catalogue methods that serve it on Vertex AI. A method
# not in this table (tuning, Lyria RealTime, ...) gets no verdict from the catalogue.
_SERVED_BY: Dict[str, Tuple[str, ...]] = {
    "generateContent": ("generateContent",),
    "countTokens": ("countTokens", "generateContent"),
    "createCachedContent": ("generateContent",),
    "batchGenerateContent": ("generateContent",),
    "embedContent": ("embedContent",),
    "asyncBatchEmbedContent": ("embedContent",),
    "predict": ("predict",),
    "predictLongRunning": ("predictLongRunning",),
    "bidiGenerateContent": ("bidiGenerateContent",),
}


@record
class VertexModel:
    """One row of the catalogue."""

    id: str
    kind: str
    methods: Tuple[str, ...]
    status: str  # ga | preview | deprecated | retired, on the catalogue's date
    release: Optional[str] = None
    retirement: Optional[_dt.date] = None
    retirement_bound: Optional[str] = None  # not_before | scheduled | observed
    replacement: Optional[str] = None
    aliases: Tuple[str, ...] = ()
    restriction_since: Optional[_dt.date] = None
    restriction_scope: Optional[str] = None
    inferred_fields: Tuple[str, ...] = ()
    note: Optional[str] = None
    sources: Tuple[int, ...] = ()

    @property
    def shutdown(self) -> Optional[_dt.date]:
        """The shutdown date: a scheduled or observed retirement, never a not-before floor."""
        return self.retirement if self.retirement_bound in SHUTDOWN_BOUNDS else None

    def retired_on(self, today: _dt.date) -> bool:
        """Retired by the catalogue's status, or its shutdown date has passed."""
        if self.shutdown is not None:
            return self.shutdown <= today
        return self.status == "retired"

    def inferred(self, field: str) -> bool:
        return field in self.inferred_fields

    def supports(self, method: Optional[str]) -> Optional[bool]:
        """Whether a call needing ``method`` can use this model; None when the catalogue cannot say.

        On Vertex AI embedding models also answer ``:predict`` (the ``vertexai``
        SDK's ``TextEmbeddingModel``), whatever the SDK method the catalogue names.
        """
        if method is None:
            return True
        served_by = _SERVED_BY.get(method)
        if served_by is None:
            return None
        if method == "predict" and self.kind == "embed":
            return True
        return any(m in self.methods for m in served_by)

    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    def replacement_names(self) -> Tuple[str, ...]:
        return (normalize(self.replacement),) if self.replacement else ()


class VertexCatalogue:
    """Lookup of the catalogue by id or alias."""

    def __init__(self, models: Dict[str, VertexModel], as_of: Optional[str], sources: List[dict], path: str) -> None:
        self.models = models
        self.as_of = as_of
        self.sources = sources
        self.path = path
        self.aliases = {alias: m.id for m in models.values() for alias in m.aliases}
        self._families: FrozenSet[str] = frozenset(family(n) for n in list(models) + list(self.aliases))

    def get(self, name: str) -> Optional[VertexModel]:
        """The row for ``name`` (an id or one of its aliases)."""
        model = normalize(name)
        found = self.models.get(model)
        if found is None and model in self.aliases:
            found = self.models[self.aliases[model]]
        return found

    def successor(self, row: VertexModel, today: _dt.date) -> Optional[str]:
        """``row``'s documented replacement, followed past replacements that are themselves going away.

        A replacement that is retired, deprecated, closed to new projects or scheduled to shut down, and names a
        replacement of its own, hands on to it (``text-bison@001`` → ``gemini-2.5-flash``, closed to new projects
        → ``gemini-3.8-flash``); the first current model wins. Where the chain ends without one, the last model
        that is not retired, else the documented replacement. None when nothing is documented.
        """
        if not row.replacement:
            return None
        name, seen, fallback = normalize(row.replacement), {row.id}, None
        while True:
            target = self.get(name)
            if target is None:
                return name if fallback is None else fallback  # not in the catalogue: the documented name
            retired = target.retired_on(today)
            if not retired:
                fallback = target.id
            going = retired or target.status == "deprecated" or target.restriction_since is not None
            if not going and target.shutdown is None:
                return target.id
            if not target.replacement or target.id in seen:
                return fallback or normalize(row.replacement)
            seen.add(target.id)
            name = normalize(target.replacement)

    def knows_family(self, name: str) -> bool:
        """True when the catalogue lists another version of ``name``'s family (``imagen-4.0-generate``)."""
        return family(normalize(name)) in self._families

    def names(self) -> List[str]:
        return sorted(self.models)

    def source(self, index: int) -> Optional[dict]:
        return self.sources[index] if 0 <= index < len(self.sources) else None

    def as_inventory(self) -> Inventory:
        """The catalogue as an inventory (every row, methods as written), for listing and diffs."""
        return Inventory(
            models={n: ModelInfo(n, m.methods) for n, m in self.models.items()},
            path=self.path,
            fetched_at=self.as_of,
            source="vertex-catalogue",
            bundled=True,
        )


# Version-like trailing parts: 001, 0409, 05-20, 09-2025, preview, exp, latest.
_VERSION_PART = re.compile(r"^(?:\d+|preview|exp|latest)$")


def family(name: str) -> str:
    """``name`` without its version tail: ``imagen-4.0-generate`` of ``imagen-4.0-generate-preview-06-06``."""
    parts = name.split("@", 1)[0].split("-")
    while len(parts) > 1 and _VERSION_PART.match(parts[-1]):
        parts.pop()
    return "-".join(parts)


def _row(raw: dict) -> VertexModel:
    restriction = raw.get("restriction") or {}
    return VertexModel(
        id=normalize(raw["id"]),
        kind=raw.get("kind", ""),
        methods=tuple(raw.get("methods") or ()),
        status=raw.get("status", ""),
        release=raw.get("release"),
        retirement=parse_date(raw.get("retirement")),
        retirement_bound=raw.get("retirement_bound"),
        replacement=raw.get("replacement"),
        aliases=tuple(normalize(a) for a in raw.get("aliases") or ()),
        restriction_since=parse_date(restriction.get("since")),
        restriction_scope=restriction.get("scope"),
        inferred_fields=tuple(raw.get("inferred_fields") or ()) if raw.get("inferred") else (),
        note=raw.get("note"),
        sources=_sources(raw),
    )


def _sources(raw: dict) -> Tuple[int, ...]:
    """Every source index of a row (``sources``), else its one ``source``."""
    if raw.get("sources"):
        return tuple(raw["sources"])
    return (raw["source"],) if isinstance(raw.get("source"), int) else ()


def build_catalogue(data: dict, path: str) -> VertexCatalogue:
    """Index the bundled catalogue JSON."""
    models = {}
    for raw in data.get("models", []):
        row = _row(raw)
        models[row.id] = row
    return VertexCatalogue(models, data.get("as_of"), list(data.get("sources", [])), path)


_BUNDLED: Optional[VertexCatalogue] = None


def load_vertex_catalogue() -> VertexCatalogue:
    """The bundled catalogue, read once on first use."""
    global _BUNDLED
    if _BUNDLED is None:
        with open(BUNDLED_VERTEX, "rb") as fh:
            _BUNDLED = build_catalogue(json.loads(fh.read()), BUNDLED_VERTEX)
    return _BUNDLED
