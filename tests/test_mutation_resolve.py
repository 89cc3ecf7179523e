"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind: resolve.

Direct calls of ``gemlint.resolve`` with the real bundled inventory, lifecycle data and Vertex AI catalogue (and
the September 2026 listing as a project Vertex inventory), on the suite's pinned date unless a test is about a
date boundary.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterator, Optional

import pytest

from gemlint import resolve as _resolve
from gemlint.inventory import Inventory, ModelInfo, load_inventory
from gemlint.inventory.lifecycle import build_lifecycle, load_lifecycle
from gemlint.inventory.vertex import load_vertex_catalogue
from gemlint.resolve import (
    ANNOUNCED,
    EXTRA,
    LISTED,
    NO_VERDICT,
    RETIRED,
    UNKNOWN,
    Context,
    Resolution,
    candidates,
    dead,
    family,
    follow_replacements,
    resolve,
    right_class,
    stem,
    suggest,
    vertex_right_class,
    vertex_suggest,
)
from gemlint.types import GEMINI, VERTEX
from tests.helpers import SEPT_INVENTORY, TODAY

INV = load_inventory()
LIFE = load_lifecycle()
CAT = load_vertex_catalogue()
SEPT = load_inventory(str(SEPT_INVENTORY))  # a project's own listing, used as its Vertex AI inventory


@pytest.fixture(autouse=True)
def _fresh_suggestions() -> Iterator[None]:
    """Each test computes its suggestions itself: the process-wide memo may hold results computed earlier (by
    another test, or by mutmut's clean run before it forks the process that tries a mutant)."""
    _resolve._SUGGESTIONS.clear()
    yield


def ctx(today: _dt.date = TODAY, inventory: Inventory = INV, vertex_inventory: Optional[Inventory] = None) -> Context:
    return Context(inventory, LIFE, today, vertex_inventory)


# --- resolve: the Gemini API ---------------------------------------------------------------------------------


def test_a_listed_name_resolves_with_its_listing_and_lifecycle_row():
    got = resolve("models/gemini-3.7-flash", GEMINI, ctx())
    assert got == Resolution(
        "gemini-3.7-flash", LISTED, GEMINI, INV.get("gemini-3.7-flash"), LIFE.get("gemini-3.7-flash")
    )
    assert got.info is not None and got.life is not None and got.life.deprecated


def test_an_extra_name_keeps_its_lifecycle_row():
    extra = INV.with_extra(["gemini-2.0-flash", "my-tuned-model"])
    assert resolve("gemini-2.0-flash", GEMINI, ctx(inventory=extra)) == Resolution(
        "gemini-2.0-flash", EXTRA, GEMINI, None, LIFE.get("gemini-2.0-flash")
    )
    assert resolve("models/my-tuned-model", GEMINI, ctx(inventory=extra)) == Resolution(
        "my-tuned-model", EXTRA, GEMINI, None, None
    )


def test_an_announced_name():
    assert resolve("gemini-4-carbon", GEMINI, ctx()) == Resolution(
        "gemini-4-carbon", ANNOUNCED, GEMINI, None, LIFE.get("gemini-4-carbon")
    )


def test_retired_by_the_data_and_by_a_past_shutdown_date():
    assert resolve("gemini-2.0-flash", GEMINI, ctx()) == Resolution(
        "gemini-2.0-flash", RETIRED, GEMINI, None, LIFE.get("gemini-2.0-flash")
    )
    # Not marked retired, not listed: its shutdown date (2026-02-17) alone retires it, on the day itself too.
    name = "gemini-2.5-flash-preview-09-25"
    life = LIFE.get(name)
    assert life is not None and not life.retired and life.shutdown == _dt.date(2026, 2, 17)
    assert resolve(name, GEMINI, ctx()) == Resolution(name, RETIRED, GEMINI, None, life)
    assert resolve(name, GEMINI, ctx(today=_dt.date(2026, 2, 17))).status == RETIRED
    assert resolve(name, GEMINI, ctx(today=_dt.date(2026, 2, 16))) == Resolution(name, UNKNOWN, GEMINI, None, life)


def test_unknown_names_with_and_without_a_lifecycle_row():
    assert resolve("gemini-3.8-flsh", GEMINI, ctx()) == Resolution("gemini-3.8-flsh", UNKNOWN, GEMINI, None, None)
    name = "gemini-2.5-flash-exp-native-audio-thinking-dialog"  # documented once, never listed, no shutdown
    assert resolve(name, GEMINI, ctx()) == Resolution(name, UNKNOWN, GEMINI, None, LIFE.get(name))


# --- resolve: Vertex AI --------------------------------------------------------------------------------------


def test_a_vertex_resource_path_gets_no_verdict():
    path = "projects/p/locations/us-central1/endpoints/123"
    assert resolve(path, VERTEX, ctx()) == Resolution(path, NO_VERDICT, VERTEX)
    assert resolve(path, VERTEX, ctx(vertex_inventory=SEPT)) == Resolution(path, NO_VERDICT, VERTEX)


def test_a_project_vertex_inventory_overrides_the_catalogue():
    c = ctx(vertex_inventory=SEPT)
    name = "gemini-3.1-pro-preview"
    assert resolve(f"publishers/google/models/{name}", VERTEX, c) == Resolution(
        name, LISTED, VERTEX, SEPT.get(name), vertex=CAT.get(name)
    )
    # Listed in the project inventory but not in the catalogue: listed, no catalogue row.
    assert resolve("gemini-3.5-transcribe", VERTEX, c) == Resolution(
        "gemini-3.5-transcribe", LISTED, VERTEX, SEPT.get("gemini-3.5-transcribe"), vertex=None
    )
    # In the catalogue but not in the project's listing: unknown there.
    assert CAT.get("gemini-4-argon") is not None and SEPT.get("gemini-4-argon") is None
    assert resolve("gemini-4-argon", VERTEX, c) == Resolution("gemini-4-argon", UNKNOWN, VERTEX)
    assert resolve("text-embedding-005", VERTEX, c) == Resolution("text-embedding-005", UNKNOWN, VERTEX)


def test_extra_names_count_from_either_inventory_on_vertex():
    own = ctx(inventory=INV.with_extra(["my-tuned"]), vertex_inventory=SEPT)
    assert resolve("my-tuned", VERTEX, own) == Resolution("my-tuned", EXTRA, VERTEX)
    project = ctx(vertex_inventory=SEPT.with_extra(["other-tuned"]))
    assert resolve("other-tuned", VERTEX, project) == Resolution("other-tuned", EXTRA, VERTEX)
    assert resolve("my-tuned", VERTEX, project) == Resolution("my-tuned", UNKNOWN, VERTEX)
    # Without a project listing, the configured extras still count against the catalogue.
    assert resolve("my-tuned", VERTEX, ctx(inventory=INV.with_extra(["my-tuned"]))) == Resolution(
        "my-tuned", EXTRA, VERTEX
    )


def test_catalogue_rows_by_id_and_alias():
    row = CAT.get("gemini-3.8-flash")
    assert resolve("gemini-3.8-flash", VERTEX, ctx()) == Resolution(
        "gemini-3.8-flash", LISTED, VERTEX, ModelInfo("gemini-3.8-flash", row.methods), vertex=row
    )
    old = CAT.get("gemini-pro")  # an alias of gemini-1.0-pro-002, retired
    assert old is not None and old.id == "gemini-1.0-pro-002"
    assert resolve("gemini-pro", VERTEX, ctx()) == Resolution(
        "gemini-pro", RETIRED, VERTEX, ModelInfo("gemini-1.0-pro-002", old.methods), vertex=old
    )


def test_no_verdict_where_the_catalogue_cannot_judge():
    # An unlisted version of a family the catalogue knows.
    assert resolve("imagen-4.0-generate-preview-09-09", VERTEX, ctx()) == Resolution(
        "imagen-4.0-generate-preview-09-09", NO_VERDICT, VERTEX
    )
    # Listed on the Gemini API, no lifecycle row, not in the catalogue.
    assert LIFE.get("aqa") is None and not LIFE.known_on_vertex("aqa")
    assert resolve("aqa", VERTEX, ctx()) == Resolution("aqa", NO_VERDICT, VERTEX)
    # Known to the lifecycle data only.
    assert resolve("gemini-2.0-flash-lite-preview", VERTEX, ctx()) == Resolution(
        "gemini-2.0-flash-lite-preview", NO_VERDICT, VERTEX
    )
    assert resolve("gemini-9-flsh", VERTEX, ctx()) == Resolution("gemini-9-flsh", UNKNOWN, VERTEX)


# --- stem, family, dead ----------------------------------------------------------------------------------------


def test_stem_and_family():
    assert stem("models/gemini-2.5-flash-native-audio-latest") == "gemini-2.5-flash"
    assert stem("gemini-3-pro-image-preview") == "gemini-3-pro"
    assert stem("gemini-flash-latest") == "gemini-flash"
    assert stem("aqa") == "aqa"
    assert family("models/gemini-3.8-flash") == "gemini-3.8"
    assert family("gemini-flash-latest") == ""


def test_dead_models():
    assert dead("gemini-1.5-flash", ctx())  # retired, no date, not listed
    assert not dead("gemini-3.8-flash", ctx())  # no lifecycle row
    assert not dead("gemini-2.5-flash-exp-native-audio-thinking-dialog", ctx())  # a row, nothing retired
    # Listed, shut down on 2026-12-01: dead from that day on, whether or not the listing still has it.
    assert not dead("gemini-2.5-flash", ctx(today=_dt.date(2026, 11, 30)))
    assert dead("gemini-2.5-flash", ctx(today=_dt.date(2026, 12, 1)))


# --- follow_replacements -----------------------------------------------------------------------------------


def test_no_replacement():
    assert follow_replacements(None, (), ctx()) == (None, "no replacement is documented")
    assert follow_replacements(LIFE.get("gemini-1.5-flash"), (), ctx()) == (None, "no replacement is documented")


def test_a_replacement_of_the_wrong_class_names_every_missing_method():
    life = LIFE.get("gemini-2.0-flash-live-001")
    assert follow_replacements(life, ("bidiGenerateContent",), ctx()) == ("gemini-3.8-live", None)
    assert follow_replacements(life, ("generateContent", "countTokens"), ctx()) == (
        None,
        "the replacement gemini-3.8-live does not support generateContent, countTokens, "
        "which this call site needs (no replacement of the right class)",
    )


def test_an_unlisted_replacement():
    life = LIFE.get("gemini-omni-1.1-flash")
    assert follow_replacements(life, ("generateContent",), ctx()) == (
        None,
        "the replacement gemini-omni-1.2-flash is not in the inventory",
    )


def test_the_first_alive_replacement_of_the_wrong_class_is_named():
    # gemini-2.5-flash-image (wrong class) is replaced in turn by gemini-3.1-flash-lite-image, which has no
    # lifecycle row: the chain ends there, and the reason names the first one.
    life = LIFE.get("gemini-2.0-flash-preview-image-generation")
    assert follow_replacements(life, ("bidiGenerateContent",), ctx()) == (
        None,
        "the replacement gemini-2.5-flash-image does not support bidiGenerateContent, "
        "which this call site needs (no replacement of the right class)",
    )


def chain(*rows: dict) -> Context:
    """The bundled inventory with lifecycle facts of the bundled file's shape (replacement chains the data lacks)."""
    return Context(
        INV,
        build_lifecycle(
            {
                "retired": [r for r in rows if r.get("retired")],
                "deprecations": [r for r in rows if not r.get("retired")],
            }
        ),
        TODAY,
    )


def test_a_chain_of_retired_and_shut_down_models():
    c = chain(
        {"model": "old-a", "shutdown": "2026-01-01", "replacement": "gemini-2.5-flash"},
        # Still listed, but shut down before the scan date; then a retired model that is not listed.
        {"model": "gemini-2.5-flash", "shutdown": "2026-11-01", "replacement": "gone-b"},
        {"model": "gone-b", "retired": True},
    )
    assert follow_replacements(c.lifecycle.get("old-a"), ("generateContent",), c) == (
        None,
        "every model in the replacement chain of gemini-2.5-flash is retired or shut down",
    )


def test_a_model_reached_twice_in_the_chain_is_looked_at_once():
    c = chain(
        {"model": "old-a", "shutdown": "2026-01-01", "replacement": "old-b or gemini-3.8-live"},
        {"model": "old-b", "retired": True, "replacement": "gemini-3.8-live or gemini-3.8-flash"},
    )
    assert follow_replacements(c.lifecycle.get("old-a"), ("generateContent",), c) == ("gemini-3.8-flash", None)
    assert follow_replacements(c.lifecycle.get("old-a"), ("bidiGenerateContent",), c) == ("gemini-3.8-live", None)


def test_a_replacement_cycle_ends():
    """old-a -> old-b -> old-c -> old-b: data that loops (a typo in a lifecycle row) ends, it does not hang."""
    c = chain(
        {"model": "old-a", "shutdown": "2026-01-01", "replacement": "old-b"},
        {"model": "old-b", "retired": True, "replacement": "old-c"},
        {"model": "old-c", "retired": True, "replacement": "old-b or old-a"},
    )
    assert follow_replacements(c.lifecycle.get("old-a"), ("generateContent",), c) == (
        None,
        "every model in the replacement chain of old-b is retired or shut down",
    )


# --- which inventory suggestions come from, and their cache --------------------------------------------------

# Two project listings built in code carry no digest: only their identity tells them apart in the cache.
GEMINI_3 = Inventory({n: m for n, m in SEPT.models.items() if n.startswith("gemini-3")})
OTHERS = Inventory({n: m for n, m in SEPT.models.items() if not n.startswith("gemini-3")})
TYPO = "antigravity-preview-05-202"  # close to the bundled antigravity models; the September listing has none alive


def test_candidates_come_from_the_platform_s_inventory():
    assert [m.name for m in candidates(ctx(), VERTEX)] == INV.names()
    assert [m.name for m in candidates(ctx(vertex_inventory=SEPT), VERTEX)] == SEPT.names()
    assert [m.name for m in candidates(ctx(vertex_inventory=SEPT), GEMINI)] == INV.names()
    assert SEPT.names() != INV.names()


def test_vertex_suggestions_use_the_project_listing_when_there_is_one():
    alive = ("antigravity-preview-09-2026", "antigravity-preview-latest")
    assert suggest(TYPO, [], ctx(), VERTEX) == alive  # no project listing: the Gemini inventory
    assert suggest(TYPO, [], ctx(vertex_inventory=SEPT), VERTEX) == ()
    assert suggest(TYPO, [], ctx(vertex_inventory=INV.with_extra([])), VERTEX) == alive
    assert suggest(TYPO, [], ctx(vertex_inventory=SEPT), GEMINI) == alive
    assert suggest(TYPO, [], ctx(inventory=SEPT, vertex_inventory=INV), GEMINI) == ()


def test_suggestions_are_cached_per_inventory_object():
    first = suggest("gemini-3.8-flsh", ["generateContent"], ctx())
    assert first and suggest("gemini-3.8-flsh", ["generateContent"], ctx()) is first  # computed once
    assert GEMINI_3.digest == OTHERS.digest == ""
    assert suggest("gemini-3.8-flsh", [], ctx(vertex_inventory=GEMINI_3), VERTEX)[0] == "gemini-3.8-flash"
    assert "gemini-3.8-flash" not in suggest("gemini-3.8-flsh", [], ctx(vertex_inventory=OTHERS), VERTEX)


def test_right_class_uses_the_platform_s_inventory_and_is_cached():
    near = "gemini-3.8-flash-tts"  # in the bundled inventory, not in the September listing
    assert right_class("generateContent", ctx(), near=near) == (
        "gemini-3.8-flash-tts",
        "gemini-3.8-flash",
        "gemini-3.8-flash-lite-tts",
    )
    assert right_class("generateContent", ctx(vertex_inventory=SEPT), VERTEX, near=near) == (
        "gemini-3.8-flash",
        "gemini-3.6-flash",
        "gemini-3.5-flash-lite",
    )
    assert right_class("generateContent", ctx(inventory=SEPT, vertex_inventory=INV), GEMINI, near=near)[0] != near
    assert right_class("generateContent", ctx(vertex_inventory=INV), VERTEX, near=near)[0] == near
    first = right_class("bidiGenerateContent", ctx())
    assert first and right_class("bidiGenerateContent", ctx()) is first
    assert right_class("generateContent", ctx(vertex_inventory=GEMINI_3), VERTEX, near="lyria-3.5") != right_class(
        "generateContent", ctx(vertex_inventory=OTHERS), VERTEX, near="lyria-3.5"
    )


def test_suggestions_at_the_similarity_threshold():
    # 'aqa' is exactly 0.6 similar to 'aqaQQQQ' (2 * 3 / 10): close enough, and so is 'lyria-002' on Vertex AI.
    assert suggest("aqaQQQQ", [], ctx()) == ("aqa",)
    assert vertex_suggest("lyria-002QQQQQQQQQQQQ", [], ctx()) == ("lyria-002",)
    assert suggest("zzzz", [], ctx()) == ()
    assert vertex_suggest("zzzz", [], ctx()) == ()


# --- Vertex AI catalogue suggestions -------------------------------------------------------------------------


def test_vertex_suggestions_for_a_retired_vertex_model():
    # The names that keep the word "pro" first, then those that add one (tts, image), then the rest.
    assert vertex_suggest("gemini-1.0-pro", [], ctx()) == (
        "gemini-2.5-pro",
        "gemini-3.1-pro-preview",
        "gemini-2.5-pro-tts",
    )
    assert vertex_suggest("gemini-1.0-pro", [None], ctx(), limit=10) == (
        "gemini-2.5-pro",
        "gemini-3.1-pro-preview",
        "gemini-2.5-pro-tts",
        "gemini-3-pro-image",
        "gemini-4-argon",
        "gemini-4-carbon",
        "gemini-4-neon",
        "gemini-4-hydrogen",
        "gemini-3.8-live",
        "gemini-3.8-flash",
    )
    # A generateContent call site: the Live API model is left out.
    assert vertex_suggest("gemini-1.0-pro", ["generateContent"], ctx(), limit=10)[8:] == (
        "gemini-3.8-flash",
        "gemini-3.7-flash",
    )


def test_vertex_suggestion_order_words_then_version_then_closeness():
    # No word changed: the same version first (2.5), then the closest; then one word added, closest first.
    assert vertex_suggest("gemini-2.5-flash-preview-05-20", [], ctx(), limit=10) == (
        "gemini-2.5-flash",
        "gemini-3-flash-preview",
        "gemini-3.5-flash",
        "gemini-3.8-flash",
        "gemini-3.7-flash",
        "gemini-3.6-flash",
        "gemini-2.5-flash-preview-tts",
        "gemini-2.5-flash-lite",
        "gemini-2.5-flash-image",
        "gemini-2.5-flash-tts",
    )
    assert vertex_suggest("gemini-2.5-flash-lite-preview-09-2025x", [], ctx(), limit=10)[2:7] == (
        "gemini-3.1-flash-lite",
        "gemini-flash-lite-latest",
        "gemini-2.5-flash-lite-preview-tts",
        "gemini-3-flash-preview",
        "gemini-3.1-flash-lite-image",
    )


def test_vertex_suggestions_of_the_right_class_only_when_there_are_some():
    # Close names of the right class exist: only those (no Live API or speech-only model for generateContent).
    assert vertex_suggest("gemini-2.0-flash-preview-image-generatio", ["generateContent"], ctx(), limit=10) == (
        "gemini-2.5-flash-image",
        "gemini-3.1-flash-image",
        "gemini-3.1-flash-lite-image",
        "gemini-3-flash-preview",
        "gemini-2.5-flash-preview-tts",
        "gemini-3.1-flash-tts-preview",
        "gemini-omni-flash-preview",
        "gemini-2.5-flash-lite-preview-tts",
    )
    # None of the close names serves the method (speech models): offer them anyway.
    assert vertex_suggest("chir", ["generateContent"], ctx(), limit=10) == ("chirp", "chirp_3", "chirp_2")


def test_vertex_right_class_keeps_current_ga_and_preview_models_serving_the_method():
    assert vertex_right_class("embedContent", ctx()) == (
        "text-multilingual-embedding-002",
        "text-embedding-005",
        "gemini-embedding-2",
    )
    assert vertex_right_class("embedContent", ctx(), limit=10) == (
        "text-multilingual-embedding-002",
        "text-embedding-005",
        "gemini-embedding-2",
        "gemini-embedding-001",
        "gemini-embedding-2-preview",
        "gemini-embedding-2-exp-11-2025",
    )
    assert vertex_right_class("bidiGenerateContent", ctx(), limit=10) == (
        "gemini-live-2.5-flash",
        "gemini-3.8-live",
        "gemini-3.1-flash-live-preview",
    )


# --- ranking: right class, closeness, stability, specialties ---------------------------------------------------


def test_right_class_prefers_general_stable_models_without_a_near_name():
    # No tts/image/live specialty, stable before preview, then the most capable, the newest.
    assert right_class("generateContent", ctx(), limit=10) == (
        "gemini-pro-latest",
        "gemini-flash-lite-latest",
        "gemini-flash-latest",
        "gemini-3.8-flash",
        "gemini-3.6-flash",
        "gemini-3.5-flash-lite",
        "gemini-2.5-flash-lite",
        "gemini-nano-banana-2.1",
        "gemini-4-argon",
        "lyria-3.5",
    )


def test_right_class_ranks_by_closeness_to_the_name_written():
    assert right_class("generateContent", ctx(), near="antigravity-preview", limit=10) == (
        "gemini-pro-latest",
        "gemini-nano-banana-2.1",
        "lyria-3.5",
        "gemma-4-26b-a4b-it",
        "gemma-4-31b-it",
        "gemini-4-argon",
        "gemini-flash-lite-latest",
        "gemini-3.5-flash-lite",
        "gemini-2.5-flash-lite",
        "gemini-flash-latest",
    )
    assert right_class("generateContent", ctx(), near="chirp_2", limit=10)[4:7] == (
        "gemini-flash-lite-latest",
        "gemini-flash-latest",
        "gemma-4-26b-a4b-it",
    )


def test_right_class_puts_experimental_models_last():
    vertex = ctx(vertex_inventory=CAT.as_inventory())  # the catalogue as a project listing
    assert right_class("embedContent", vertex, VERTEX, limit=5) == (
        "text-multilingual-embedding-002",
        "text-embedding-005",
        "gemini-embedding-2",
        "text-embedding-large-exp-03-07",
        "gemini-embedding-2-exp-11-2025",
    )


def test_vertex_right_class_ranks_by_closeness_to_the_name_written():
    assert vertex_right_class("generateContent", ctx(), near="antigravity-preview", limit=10) == (
        "gemini-robotics-er-1.5-preview",
        "gemini-3.1-pro-preview",
        "gemini-3.1-pro-preview-customtools",
        "gemini-4-neon",
        "gemini-4-hydrogen",
        "gemini-2.5-computer-use-preview-10-2025",
        "gemini-4-carbon",
        "gemini-4-carbon-cyber-permissive",
        "gemini-4-argon",
        "gemini-flash-lite-latest",
    )


def test_suggestions_never_include_a_dead_model_and_rank_by_closeness():
    got = suggest("gemini-2.5-flash-preview-tt", [None], ctx(), limit=10)
    assert "gemini-2.5-flash-preview-tts" not in got  # shut down on 2026-11-17
    assert got == (
        "gemini-3.8-flash-tts",  # "tt" cut short from "tts": no word changed
        "gemini-2.5-flash",
        "gemini-3-flash-preview",
        "gemini-3.8-flash-lite-tts",
        "gemini-3.5-flash",
        "gemini-flash-latest",
        "gemini-3.8-flash",
        "gemini-3.6-flash",
        "gemini-3.7-flash",
        "gemini-2.5-flash-lite",
    )
