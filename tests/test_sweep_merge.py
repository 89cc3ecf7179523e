"""Property (issue 29): splitting a sweep into N shards and merging their outputs gives exactly the summary of
the single run, whatever the records, the number of shards and the order the outputs are merged in."""

from __future__ import annotations

import datetime as _dt
import os
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from gemlint.sweep.engine import write_json
from gemlint.sweep.html import page
from gemlint.sweep.render import markdown, models_csv, repositories_csv
from gemlint.sweep.sources import make_source, select_shard
from gemlint.sweep.summary import load_outputs, summarise

MODELS = {
    "gemini-2.5-flash": {"listed": True, "shutdown": "2026-12-01", "replacement": "gemini-3.5-flash-lite"},
    "gemini-1.5-pro": {"listed": False, "retired": True},
    "gemini-3.1-flash-lite": {"listed": True, "shutdown": "2027-05-07", "replacement": "gemini-3.5-flash-lite"},
    "gemini-flash-latest": {"listed": True, "deprecated": True},
    "gemini-3.8-flash": {"listed": True},
    "gemini-9-typo": {"listed": False},
}

use = st.builds(
    lambda model, platform, files, sites, mentions, codes: {
        "model": model,
        "platform": platform,
        "files": sorted(set(files)),
        "call_sites": sites,
        "mentions": mentions,
        "codes": codes,
        "facts": MODELS[model] if platform == "gemini" else {"listed": MODELS[model]["listed"]},
    },
    st.sampled_from(sorted(MODELS)),
    st.sampled_from(["gemini", "vertex"]),
    st.lists(st.sampled_from(["a.py", "b/c.ts", "d.env", "e.ipynb"]), min_size=1, max_size=3),
    st.integers(0, 5),
    st.integers(0, 3),
    st.dictionaries(st.sampled_from(["GL001", "GL003", "GL004"]), st.integers(1, 4), max_size=2),
)


@st.composite
def records(draw):
    count = draw(st.integers(1, 12))
    out = []
    for i in range(count):
        source = make_source(f"https://git.example.invalid/team{draw(st.integers(0, 3))}/repo{i}.git")
        if draw(st.integers(0, 5)) == 0:
            out.append(
                {
                    "schema": 1,
                    "source": source.name,
                    "slug": source.slug,
                    "status": "failed",
                    "stage": "clone",
                    "error": "fatal: repository not found",
                    "commit": None,
                }
            )
            continue
        uses = {(u["model"], u["platform"]): u for u in draw(st.lists(use, max_size=5))}
        out.append(
            {
                "schema": 1,
                "source": source.name,
                "slug": source.slug,
                "commit": f"{i:040x}",
                "status": "ok",
                "files_scanned": draw(st.integers(0, 50)),
                "errors": draw(st.integers(0, 4)),
                "warnings": draw(st.integers(0, 4)),
                "owners": sorted(set(draw(st.lists(st.sampled_from(["@a", "@b/c", "x@y.z"]), max_size=2)))),
                "models": [uses[k] for k in sorted(uses)],
            }
        )
    return out


def write_output(folder: str, recs) -> None:
    for rec in recs:
        write_json(os.path.join(folder, "repos", rec["slug"], "record.json"), rec)
    write_json(os.path.join(folder, "sweep.json"), {"schema": 1, "repos": [r["slug"] for r in recs]})


def rendered(summary):
    return (summary, markdown(summary), models_csv(summary), repositories_csv(summary), page(summary))


@settings(max_examples=15)
@given(
    recs=records(),
    shards=st.integers(1, 6),
    before=st.none() | st.dates(_dt.date(2026, 1, 1), _dt.date(2028, 1, 1)),
    reverse=st.booleans(),
)
def test_merging_shards_gives_the_single_run_summary(recs, shards, before, reverse):
    today = _dt.date(2026, 11, 25)
    single = summarise(recs, today, before)
    by_name = {r["source"]: r for r in recs}
    sources = [make_source(r["source"]) for r in recs]
    with tempfile.TemporaryDirectory() as tmp:
        folders = []
        for index in range(1, shards + 1):
            folder = os.path.join(tmp, f"shard-{index}")
            write_output(folder, [by_name[s.name] for s in select_shard(sources, index, shards)])
            folders.append(folder)
        merged = summarise(load_outputs(reversed(folders) if reverse else folders), today, before)
    assert rendered(merged) == rendered(single)
    assert merged["totals"]["repositories"] == len(recs)
    assert sum(len(m["repositories"]) for m in merged["models"]) == sum(len(r.get("models", ())) for r in recs)


def test_csv_cells_a_spreadsheet_would_run_are_quoted():
    """CSV injection: a cell starting =, +, -, @, tab or CR gets an apostrophe first; counts stay numbers."""
    summary = {
        "models": [
            {"model": "=cmd|' /C calc'!A0", "platform": "gemini", "status": "unknown", "shutdown": None,
             "replacement": "+1", "repositories": ["r"], "files": 2, "call_sites": 0},
        ],
        "repositories": [
            {"source": "https://git.example.invalid/x.git", "commit": None, "status": "failed", "errors": 0,
             "warnings": 0, "owners": ["@team"], "models": [], "breaking": 0,
             "error": '=HYPERLINK("https://evil.invalid","x")'},
        ],
    }
    models = models_csv(summary).splitlines()[1]
    assert models.startswith("'=cmd|") and ",'+1,1,2,0" in models
    repos = repositories_csv(summary).splitlines()[1]
    assert ",'@team," in repos and "'=HYPERLINK(" in repos and ",0,0," in repos
