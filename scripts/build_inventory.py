#!/usr/bin/env python3
"""Build gemlint's bundled inventory and lifecycle data from ../shared/reference.

    python scripts/build_inventory.py [REFERENCE_DIR]

Writes gemlint/data/models.json (the models.list REST shape of the newest
listing, with its as-of date), gemlint/data/lifecycle.json (retired models,
the deprecations page, the later changelog, docs-only, Vertex-only and
announced ids, with the source, grade and evidence date of changed rows) and
gemlint/data/vertex.json (the Vertex AI catalogue: its rows as written) and
gemlint/data/modalities.json (each model's output modalities per platform, with source and grade).
It only reshapes: every fact comes from the reference files. The test
tests/test_bundled_data.py rebuilds all three and compares.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "gemlint" / "data"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
LISTING = "models-list-2026-10.json"
LIFECYCLE = "lifecycle-2026-11.json"
VERTEX = "vertex-models-2026-11.json"
MODALITIES = "modalities-2026-11.json"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTHS = {
    m: i
    for i, m in enumerate(
        "January February March April May June July August September October November December".split(), 1
    )
}


def bare(name: str) -> str:
    return name[len("models/") :] if name.startswith("models/") else name


def iso_date(text: str | None) -> str | None:
    """A YYYY-MM-DD date, or None for 'No shutdown date announced' and the like."""
    return text if text and DATE.match(text) else None


def prose_date(text: str) -> str | None:
    """The date of 'shut down December 9, 2025' in a docs note, if any."""
    m = re.search(r"shut down (\w+) (\d{1,2}), (\d{4})", text)
    if not m or m.group(1) not in MONTHS:
        return None
    return f"{m.group(3)}-{MONTHS[m.group(1)]:02d}-{int(m.group(2)):02d}"


def parse_changelog(about: str) -> list[dict]:
    """The 'Later changelog (...)' sentence of the lifecycle file, as rows."""
    m = re.search(r"Later changelog \(([^)]*)\): (.*?)(?:\. UPDATE .*)?$", about)
    if not m:
        return []
    when, rows = m.group(1), []
    for clause in m.group(2).rstrip(".").split("; "):
        name = clause.split(" ", 1)[0]
        row = {"model": name, "source": f"changelog {when}: {clause}", "deprecated": "deprecated" in clause}
        routed = re.search(r"auto-routed to (\S+)", clause)
        migrate = re.search(r"migrate to (\S+)", clause)
        shut = re.search(r"shuts down (\d{4}-\d{2}-\d{2})", clause)
        if routed:
            row["replacement"] = routed.group(1)
            row["auto_routed"] = True
        elif migrate:
            row["replacement"] = migrate.group(1)
        if shut:
            row["shutdown"] = shut.group(1)
        rows.append(row)
    return rows


def build(reference: pathlib.Path) -> tuple[dict, dict]:
    listing = json.loads((reference / LISTING).read_text())
    life = json.loads((reference / LIFECYCLE).read_text())
    models = {
        "schema_version": 1,
        "source": "gemini-api",
        "api_version": "v1beta",
        "fetched_at": listing["_as_of"],
        "_about": listing["_about"],
        "models": listing["models"],
    }
    retired = []
    for row in life["retired_or_absent"]:
        entry = {
            "model": bare(row["name"]),
            "methods": row.get("supportedGenerationMethods", []),
            "last_listed": row.get("last_listed"),
        }
        if iso_date(row.get("shutdown")):
            entry["shutdown"] = row["shutdown"]
        if row.get("replacement"):
            entry["replacement"] = row["replacement"]
        entry.update(evidence(row))
        retired.append(entry)
    deprecations = []
    for r in life["deprecations_page"]:
        entry = {
            "model": r["model"],
            "section": r["section"],
            "preview": r["preview"],
            "shutdown": iso_date(r["shutdown"]),
            "replacement": r["replacement"],
        }
        if r.get("auto_routed_to"):
            entry["auto_routed_to"] = r["auto_routed_to"]
        entry.update(evidence(r))
        deprecations.append(entry)
    docs_only = []
    for row in life["docs_only_ids"]:
        entry = {"model": bare(row["name"]), "docs": row["docs"]}
        if prose_date(row["docs"]):
            entry["shutdown"] = prose_date(row["docs"])
        docs_only.append(entry)
    lifecycle = {
        "schema_version": 1,
        "as_of": listing["_as_of"],
        "_about": life["_about"],
        "retired": retired,
        "deprecations": deprecations,
        "changelog": parse_changelog(life["_about"]),
        "docs_only": docs_only,
        "vertex_only": [
            {"model": r["vertex_id"], "gemini_api_counterpart": r["gemini_api_counterpart"]}
            for r in life["vertex_ai_only_ids"]
        ],
        "announced": [
            {
                "model": bare(r["name"]),
                "first_evidence": r["first_evidence"],
                "grade": r["grade"],
                "methods": r.get("supportedGenerationMethods"),
                "sources": r["sources"],
                "note": r["note"],
            }
            for r in life.get("announced_ids", [])
        ],
    }
    return models, lifecycle


def evidence(row: dict) -> dict:
    """Where a changed row's facts come from: source, grade, evidence date and note, when given."""
    return {key: row[key] for key in ("source", "grade", "evidence_date", "note") if row.get(key)}


def build_vertex(reference: pathlib.Path) -> dict:
    """The Vertex AI catalogue: its dated sources and every model row as written."""
    catalogue = json.loads((reference / VERTEX).read_text())
    return {
        "schema_version": 1,
        "source": "vertex-catalogue",
        "as_of": catalogue["_as_of"],
        "_about": catalogue["_about"],
        "sources": catalogue["_sources"],
        "models": catalogue["models"],
    }


def build_modalities(reference: pathlib.Path) -> dict:
    """Output modalities per platform and model: the reference's rows, source index replaced by its text."""
    data = json.loads((reference / MODALITIES).read_text())
    sources = data["_sources"]

    def row(r: dict) -> dict:
        out = {"output": r["output"], "grade": r["grade"], "source": sources[r["source"]]}
        if r.get("inferred"):
            out["inferred"] = True
        return out

    return {
        "schema_version": 1,
        "as_of": data["_as_of"],
        "_about": data["_about"],
        "gemini": {m: row(r) for m, r in data["gemini_api"].items()},
        "vertex": {m: row(r) for m, r in data["vertex_ai"].items()},
    }


def dump(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    reference = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    models, lifecycle = build(reference)
    vertex = build_vertex(reference)
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "models.json").write_text(dump(models))
    (DATA / "lifecycle.json").write_text(dump(lifecycle))
    (DATA / "vertex.json").write_text(dump(vertex))
    (DATA / "modalities.json").write_text(dump(build_modalities(reference)))
    print(
        f"wrote {len(models['models'])} models, {len(lifecycle['retired'])} retired entries and "
        f"{len(vertex['models'])} Vertex AI catalogue rows to {DATA}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
