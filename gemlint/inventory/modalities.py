"""The inventory's companion: which output modalities (text, image, audio, video) each model can return.

Built by ``scripts/build_inventory.py`` from the reference's modalities table and shipped as
``gemlint/data/modalities.json``: per platform (``gemini``, ``vertex``), each model's ``output`` list
with the ``source`` it was read from and its ``grade`` (B: a data package citing Google's model pages
or the Vertex AI catalogue's kind; C: inferred from the id, marked ``inferred``). A model it does not
list has no verdict: gemlint says nothing about its modalities. Loaded on first use only.
"""

from __future__ import annotations

import json
import os
from typing import Dict, List, Optional, Tuple

from gemlint.inventory import DATA_DIR
from gemlint.records import record
from gemlint.types import GEMINI, VERTEX, normalize

BUNDLED_MODALITIES = os.path.join(DATA_DIR, "modalities.json")
PLATFORM_NAMES = {GEMINI: "Gemini API", VERTEX: "Vertex AI"}


@record
class Modalities:
    """One model's output modalities on one platform, with where they come from."""

    model: str
    output: Tuple[str, ...]  # lower-case: "text", "image", "audio", "video"
    grade: str
    source: str
    inferred: bool = False

    def returns(self, modality: str) -> bool:
        return modality.lower() in self.output

    def describe(self) -> str:
        """``image, text (grade B, from …)``."""
        outs = ", ".join(self.output) or "no generated output (embeddings)"
        how = " (inferred)" if self.inferred else ""
        return f"{outs} (grade {self.grade}{how}; {self.source})"


class ModalityTable:
    """Output modalities by platform and model id."""

    def __init__(self, data: dict) -> None:
        self.as_of: str = data.get("as_of", "")
        self.rows: Dict[str, Dict[str, Modalities]] = {}
        for platform in (GEMINI, VERTEX):
            table: Dict[str, Modalities] = {}
            for model, row in (data.get(platform) or {}).items():
                output = tuple(str(o).lower() for o in row.get("output", ()))
                grade, source = row.get("grade", ""), row.get("source", "")
                table[model] = Modalities(model, output, grade, source, bool(row.get("inferred")))
            self.rows[platform] = table

    def get(self, model: str, platform: str) -> Optional[Modalities]:
        """The row for ``model`` on ``platform`` (None: no verdict)."""
        return self.rows.get(platform, {}).get(normalize(model))

    def models_returning(self, modality: str, platform: str) -> List[str]:
        """Every model on ``platform`` that can return ``modality``."""
        return [m for m, row in self.rows.get(platform, {}).items() if row.returns(modality)]


_TABLE: Optional[ModalityTable] = None


def load_modalities(path: str = BUNDLED_MODALITIES) -> ModalityTable:
    """The bundled table (read once); an unreadable file gives an empty table (no verdicts)."""
    global _TABLE
    if _TABLE is None or path != BUNDLED_MODALITIES:
        try:
            with open(path, encoding="utf-8") as fh:
                table = ModalityTable(json.load(fh))
        except (OSError, ValueError):
            table = ModalityTable({})
        if path != BUNDLED_MODALITIES:
            return table
        _TABLE = table
    return _TABLE
