"""Lifecycle facts: retired models, announced shutdowns, replacements.

Built by ``scripts/build_inventory.py`` from the reference lifecycle file and
shipped as ``gemlint/data/lifecycle.json``. Gemini API facts only: shutdown
dates never apply to Vertex AI call sites, whose ids are kept apart (the
Vertex AI catalogue is ``gemlint/inventory/vertex.py``). Rows changed after
the deprecations page carry their ``source``, ``grade`` and ``evidence_date``;
*announced* models exist but no listing in hand shows them yet.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Dict, Optional, Tuple

from gemlint.inventory import BUNDLED_LIFECYCLE, parse_date
from gemlint.records import record
from gemlint.types import normalize


@record
class LifecycleEntry:
    """What is known of one model's life on the Gemini API."""

    model: str
    shutdown: Optional[_dt.date] = None
    replacement: Optional[str] = None
    retired: bool = False  # listed once, now absent (or documented as shut down)
    deprecated: bool = False  # changelog says deprecated (maybe without a date)
    auto_routed: bool = False
    methods: Tuple[str, ...] = ()
    last_listed: Optional[str] = None
    note: Optional[str] = None
    source: Optional[str] = None  # where a changed row's facts come from
    grade: Optional[str] = None  # A Google SDK artifact, B data package citing Google, C third party
    evidence_date: Optional[str] = None
    announced: bool = False  # exists, first seen after the listing; methods unknown
    first_evidence: Optional[str] = None

    def replacement_names(self) -> Tuple[str, ...]:
        """Model ids named by ``replacement`` ('a or b' gives both; prose is dropped)."""
        if not self.replacement:
            return ()
        names = []
        for part in self.replacement.split(" or "):
            part = part.strip()
            if part and " " not in part:
                names.append(normalize(part))
        return tuple(names)


class Lifecycle:
    """Lookup of lifecycle facts by bare model id."""

    def __init__(self, entries: Dict[str, LifecycleEntry], vertex_only: Dict[str, str]):
        self.entries = entries
        self.vertex_only = vertex_only

    def get(self, name: str) -> Optional[LifecycleEntry]:
        return self.entries.get(normalize(name))

    def known_on_vertex(self, name: str) -> bool:
        return normalize(name) in self.vertex_only

    def names(self):
        return sorted(self.entries)


def _merge(entries: Dict[str, LifecycleEntry], model: str, **facts) -> None:
    old = entries.get(model)
    if old is None:
        entries[model] = LifecycleEntry(model=model, **{k: v for k, v in facts.items() if v is not None})
        return
    merged = {}
    for key, value in facts.items():
        if value is None or value is False or value == ():
            continue
        if getattr(old, key) in (None, False, ()):
            merged[key] = value
    if merged:
        entries[model] = old._replace(**merged)


def build_lifecycle(data: dict) -> Lifecycle:
    """Index the bundled lifecycle JSON. Earlier sources win on conflicts."""
    entries: Dict[str, LifecycleEntry] = {}
    for row in data.get("retired", []):
        _merge(
            entries,
            normalize(row["model"]),
            retired=True,
            shutdown=parse_date(row.get("shutdown")),
            replacement=row.get("replacement"),
            methods=tuple(row.get("methods", ())),
            last_listed=row.get("last_listed"),
            **_evidence(row),
        )
    for row in data.get("changelog", []):
        _merge(
            entries,
            normalize(row["model"]),
            shutdown=parse_date(row.get("shutdown")),
            replacement=row.get("replacement"),
            deprecated=bool(row.get("deprecated")),
            auto_routed=bool(row.get("auto_routed")),
            note=row.get("source"),
        )
    for row in data.get("deprecations", []):
        _merge(
            entries,
            normalize(row["model"]),
            shutdown=parse_date(row.get("shutdown")),
            replacement=row.get("replacement"),
            auto_routed=bool(row.get("auto_routed_to")),
            **_evidence(row),
        )
    for row in data.get("docs_only", []):
        shutdown = parse_date(row.get("shutdown"))
        _merge(entries, normalize(row["model"]), shutdown=shutdown, retired=bool(shutdown), note=row.get("docs"))
    for row in data.get("announced", []):
        _merge(
            entries,
            normalize(row["model"]),
            announced=True,
            first_evidence=row.get("first_evidence"),
            grade=row.get("grade"),
            source="; ".join(row.get("sources", ())) or None,
            note=row.get("note"),
        )
    vertex = {normalize(r["model"]): r.get("gemini_api_counterpart", "") for r in data.get("vertex_only", [])}
    return Lifecycle(entries, vertex)


def _evidence(row: dict) -> dict:
    return {
        "source": row.get("source"),
        "grade": row.get("grade"),
        "evidence_date": row.get("evidence_date"),
        "note": row.get("note"),
    }


_BUNDLED: Optional[Lifecycle] = None


def load_lifecycle(path: Optional[str] = None) -> Lifecycle:
    """The bundled lifecycle data (cached), or the file at ``path``."""
    global _BUNDLED
    if path is None and _BUNDLED is not None:
        return _BUNDLED
    with open(path or BUNDLED_LIFECYCLE, "rb") as fh:
        result = build_lifecycle(json.loads(fh.read()))
    if path is None:
        _BUNDLED = result
    return result
