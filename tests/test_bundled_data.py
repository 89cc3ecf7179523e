"""The bundled inventory and lifecycle data, tested as code."""

from __future__ import annotations

import importlib.util
import json

from gemlint.inventory import BUNDLED_LIFECYCLE, BUNDLED_MODELS, load_inventory
from gemlint.inventory.lifecycle import load_lifecycle
from tests.helpers import REFERENCE, REPO, acceptance


def _build_module():
    spec = importlib.util.spec_from_file_location("build_inventory", REPO / "scripts" / "build_inventory.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@acceptance("comparing the bundled data with ../shared/reference")
def test_bundled_files_are_built_from_the_reference():
    build = _build_module()
    models, lifecycle = build.build(REFERENCE)
    with open(BUNDLED_MODELS, encoding="utf-8") as fh:
        assert fh.read() == build.dump(models)
    with open(BUNDLED_LIFECYCLE, encoding="utf-8") as fh:
        assert fh.read() == build.dump(lifecycle)


def test_bundled_inventory_has_the_60_listed_models_with_their_date():
    inv = load_inventory()
    assert len(inv.models) == 60 and inv.bundled and inv.fetched_at == "2026-10-24"
    for info in inv.models.values():
        assert info.methods, info.name
        assert not info.name.startswith("models/")
    assert inv.get("models/gemini-3.1-flash-live-preview").methods == ("bidiGenerateContent",)


def test_lifecycle_facts_are_consistent():
    inv = load_inventory()
    life = load_lifecycle()
    with open(BUNDLED_LIFECYCLE, encoding="utf-8") as fh:
        raw = json.load(fh)
    for row in raw["retired"]:
        assert row["model"] not in inv.models, f"{row['model']} is retired but listed"
        assert life.get(row["model"]).retired
    names = [r["model"] for r in raw["retired"]]
    assert len(names) == len(set(names))
    for name in life.names():
        entry = life.get(name)
        for replacement in entry.replacement_names():
            assert replacement == replacement.strip() and " " not in replacement
    # The changelog sentence of the reference is kept as rows.
    assert life.get("gemini-3.7-flash").auto_routed and life.get("gemini-3.7-flash").replacement == "gemini-3.8-flash"
    assert str(life.get("deep-research-pro-preview-12-2025").shutdown) == "2026-10-23"
    assert life.known_on_vertex("gemini-live-2.5-flash-native-audio")


def test_every_listed_model_name_is_recognised_as_a_model():
    from gemlint.api import known_names
    from gemlint.extract.names import could_be_model

    inv = load_inventory()
    known = known_names(inv, load_lifecycle())
    for name in inv.models:
        assert could_be_model(name, known.__contains__), name
