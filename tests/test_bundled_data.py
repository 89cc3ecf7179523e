"""The bundled inventory and lifecycle data, tested as code."""

from __future__ import annotations

import importlib.util
import json

from gemlint.inventory import BUNDLED_LIFECYCLE, BUNDLED_MODELS, load_inventory
from gemlint.inventory.lifecycle import load_lifecycle
from gemlint.inventory.modalities import BUNDLED_MODALITIES
from gemlint.inventory.vertex import BUNDLED_VERTEX, load_vertex_catalogue
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
    with open(BUNDLED_VERTEX, encoding="utf-8") as fh:
        assert fh.read() == build.dump(build.build_vertex(REFERENCE))
    with open(BUNDLED_MODALITIES, encoding="utf-8") as fh:
        assert fh.read() == build.dump(build.build_modalities(REFERENCE))


def test_bundled_vertex_catalogue_keeps_the_facts_as_written():
    with open(BUNDLED_VERTEX, encoding="utf-8") as fh:
        raw = json.load(fh)
    catalogue = load_vertex_catalogue()
    assert raw["as_of"] == catalogue.as_of == "2026-12-01"
    assert len(catalogue.models) == len(raw["models"]) == 136
    for row in raw["models"]:
        model = catalogue.get(row["id"])
        assert model.kind == row["kind"] and list(model.methods) == row["methods"] and model.status == row["status"]
        assert model.retirement_bound == row.get("retirement_bound")
        assert set(model.inferred_fields) == set(row.get("inferred_fields", []) if row.get("inferred") else [])
        for alias in row["aliases"]:
            assert catalogue.get(alias) is model
        for index in model.sources:
            assert catalogue.source(index) is not None
        if row.get("retirement_bound") == "not_before":
            assert model.shutdown is None  # a floor, never a shutdown


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
    # The November rows keep where their facts come from; announced models exist with unknown methods.
    flash_live = life.get("gemini-3.1-flash-live-preview")
    assert str(flash_live.shutdown) == "2026-11-17" and flash_live.grade == "B" and flash_live.evidence_date
    assert {n for n in life.names() if life.get(n).announced} == {
        "gemini-4-hydrogen",
        "gemini-4-carbon",
        "gemini-4-neon",
        "gemini-omni-1.2-flash",
        "gemini-decision-1",
    }
    for name in ("gemini-4-hydrogen", "gemini-omni-1.2-flash"):
        assert name not in inv.models and life.get(name).source and not life.get(name).methods


def test_every_listed_model_name_is_recognised_as_a_model():
    from gemlint.api import known_names
    from gemlint.extract.names import could_be_model

    inv = load_inventory()
    known = known_names(inv, load_lifecycle())
    for name in inv.models:
        assert could_be_model(name, known.__contains__), name
