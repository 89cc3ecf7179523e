"""The model inventory: which models exist and what each one supports.

An inventory file has the models.list REST shape
``{"models": [{"name": "models/...", "supportedGenerationMethods": [...]}]}``
plus optional ``schema_version``, ``fetched_at``, ``source`` and
``api_version``. The bundled snapshot lives in ``gemlint/data/models.json``.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Dict, Iterable, List, Optional, Tuple

from gemlint.digest import digest as _digest
from gemlint.records import record
from gemlint.types import normalize

SCHEMA_VERSION = 1
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
BUNDLED_MODELS = os.path.join(DATA_DIR, "models.json")
BUNDLED_LIFECYCLE = os.path.join(DATA_DIR, "lifecycle.json")


class InventoryError(Exception):
    """An inventory file that cannot be used; the message names the file."""


@record
class ModelInfo:
    """One listed model."""

    name: str  # bare id, no models/ prefix
    methods: Tuple[str, ...]
    display_name: Optional[str] = None
    input_token_limit: Optional[int] = None
    output_token_limit: Optional[int] = None

    def supports(self, method: Optional[str]) -> bool:
        return method is None or method in self.methods


class Inventory:
    """The models one inventory file lists, plus names accepted as existing."""

    def __init__(
        self,
        models: Dict[str, ModelInfo],
        path: Optional[str] = None,
        fetched_at: Optional[str] = None,
        source: str = "gemini-api",
        api_version: Optional[str] = None,
        extra: Tuple[str, ...] = (),
        digest: str = "",
        bundled: bool = False,
    ) -> None:
        self.models = models
        self.path = path
        self.fetched_at = fetched_at
        self.source = source
        self.api_version = api_version
        self.extra = tuple(extra)
        self.digest = digest
        self.bundled = bundled
        self._extra_set = frozenset(normalize(x) for x in self.extra)

    def __repr__(self) -> str:
        return f"Inventory({len(self.models)} models, path={self.path!r}, fetched_at={self.fetched_at!r})"

    def get(self, name: str) -> Optional[ModelInfo]:
        """The listed model called ``name`` (``models/`` prefix optional)."""
        return self.models.get(normalize(name))

    def is_extra(self, name: str) -> bool:
        """True for names the configuration accepts as existing (tuned, private)."""
        return normalize(name) in self._extra_set

    def names(self) -> List[str]:
        return sorted(self.models)

    def as_of(self) -> Optional[_dt.date]:
        """The date the listing was taken, if known."""
        return parse_date(self.fetched_at)

    def with_extra(self, extra: Iterable[str]) -> Inventory:
        return Inventory(
            models=self.models,
            path=self.path,
            fetched_at=self.fetched_at,
            source=self.source,
            api_version=self.api_version,
            extra=tuple(extra),
            digest=self.digest,
            bundled=self.bundled,
        )


def parse_date(text: Optional[str]) -> Optional[_dt.date]:
    """The date part of an ISO date or timestamp, or None."""
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def parse_inventory(raw: bytes, path: Optional[str]) -> Inventory:
    """Parse inventory bytes; raise InventoryError naming ``path`` on any problem."""
    where = path or "<inventory>"
    try:
        text = raw.decode("utf-8")  # not "utf-8-sig": one codec import less at start-up
        data = json.loads(text[1:] if text.startswith("\ufeff") else text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InventoryError(f"{where}: not a valid inventory (invalid JSON: {exc})") from None
    except RecursionError:
        raise InventoryError(f"{where}: not a valid inventory (nested too deeply)") from None
    if not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise InventoryError(f'{where}: not a valid inventory (expected {{"models": [...]}}, the models.list shape)')
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise InventoryError(f"{where}: inventory schema_version must be an integer, got {version!r}")
    if version > SCHEMA_VERSION:
        raise InventoryError(
            f"{where}: inventory schema_version {version!r} is newer than this gemlint understands "
            f"({SCHEMA_VERSION}); upgrade gemlint"
        )
    models: Dict[str, ModelInfo] = {}
    for i, entry in enumerate(data["models"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InventoryError(f"{where}: models[{i}] has no string 'name'")
        methods = entry.get("supportedGenerationMethods", entry.get("supported_actions", [])) or []
        if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
            raise InventoryError(f"{where}: models[{i}].supportedGenerationMethods is not a list of strings")
        info = ModelInfo(
            name=normalize(entry["name"]),
            methods=tuple(methods),
            display_name=entry.get("displayName"),
            input_token_limit=entry.get("inputTokenLimit"),
            output_token_limit=entry.get("outputTokenLimit"),
        )
        models[info.name] = info
    return Inventory(
        models=models,
        path=path,
        fetched_at=_text(data.get("fetched_at")) or _text(data.get("_as_of")),
        source=data.get("source", "gemini-api"),
        api_version=data.get("api_version"),
        digest=_digest(raw, 8),
    )


def _text(value: object) -> Optional[str]:
    """``value`` if it is a string (a date written as a number is no date), else None."""
    return value if isinstance(value, str) else None


def load_inventory(path: Optional[str] = None) -> Inventory:
    """Load ``path``, or the bundled snapshot when ``path`` is None (a regular file within the size limit)."""
    from gemlint.boundary import INVENTORY_LIMIT, read_regular

    target = path or BUNDLED_MODELS
    try:
        raw = read_regular(target, INVENTORY_LIMIT)
    except OSError as exc:
        raise InventoryError(f"{target}: cannot read inventory ({exc.strerror or exc})") from None
    inv = parse_inventory(raw, target)
    inv.bundled = path is None
    return inv
