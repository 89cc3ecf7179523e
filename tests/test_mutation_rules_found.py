"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind: rules_found.

The rules that judge whether a model exists (GL001 unknown-model, GL003 retired-model, GL900 unused-suppression),
their shared helpers (``gemlint.rules.base``) and the rule table (``gemlint.rules``). The rules' ``check`` and the
helpers are called directly on literal groups built from real records, with the bundled inventory, lifecycle data
and Vertex AI catalogue, the date pinned to ``tests.helpers.TODAY``; a few cases go through the real ``gemlint``
group in-process (``tests/inproc.py``).
"""

from __future__ import annotations

import datetime as _dt
import json
import pathlib
from typing import Optional, Sequence

import pytest

import gemlint.rules as rules_pkg
from gemlint.inventory import load_inventory, parse_inventory
from gemlint.inventory.lifecycle import load_lifecycle
from gemlint.resolve import RETIRED, UNKNOWN, Context, resolve
from gemlint.rules import (
    ALL_RULES,
    base,
    doc_page,
    get_rule,
    retired_model,
    rules_markdown,
    run_rules,
    unknown_model,
    unused_suppression,
)
from gemlint.rules.base import LiteralGroup
from gemlint.types import GEMINI, VERTEX, CallSite, Finding, Fix, Location, ModelRef
from tests.helpers import SEPT_INVENTORY, TODAY
from tests.inproc import invoke, scan, write

INVENTORY = load_inventory()  # the bundled listing of 2026-10-24 (32 days before TODAY)
LIFECYCLE = load_lifecycle()
CTX = Context(INVENTORY, LIFECYCLE, TODAY)  # max-inventory-age 30: the bundled listing is stale
FRESH = Context(INVENTORY, LIFECYCLE, TODAY, max_inventory_age=0)  # never stale

GEN = "models.generate_content"
LIVE = "live.connect"
EMBED = "models.embed_content"
METHOD = {GEN: "generateContent", LIVE: "bidiGenerateContent", EMBED: "embedContent"}


def loc(line: int = 1, column: int = 1, path: str = "a.py", cell: Optional[int] = None, **ends) -> Location:
    return Location(path, line, column, cell, ends.get("end_line"), ends.get("end_column"))


def site(kind: str = GEN, line: int = 1, path: str = "a.py", backend: str = GEMINI, **kw) -> CallSite:
    method = kw.pop("method", METHOD.get(kind))
    return CallSite(kind, method, loc(line, 1, path, kw.pop("cell", None)), backend)


def ref(text: str, *sites: Optional[CallSite], where: Optional[Location] = None, **kw) -> LiteralGroup:
    """One literal at ``where`` (default a.py:1:10) reaching ``sites`` (none: a mention)."""
    where = where or loc(1, 10)
    refs = tuple(ModelRef(text, where, s, **kw) for s in (sites or (None,)))
    return LiteralGroup(refs)


def gemini(text: str, *kinds: str, **kw) -> LiteralGroup:
    """A literal passed to Gemini API calls of ``kinds`` (each on its own line, 5, 6, ...)."""
    return ref(text, *(site(k, 5 + i) for i, k in enumerate(kinds)), **kw)


def vertex(text: str, *kinds: str, **kw) -> LiteralGroup:
    return ref(text, *(site(k, 5 + i, backend=VERTEX) for i, k in enumerate(kinds)), **kw)


def only(found: Sequence[Finding]) -> Finding:
    assert len(found) == 1, found
    return found[0]


def inventory_dated(fetched_at: Optional[str]):
    """The bundled listing's models under another ``fetched_at`` (None: an inventory file with no date)."""
    data = json.loads(pathlib.Path(INVENTORY.path).read_text(encoding="utf-8"))
    data.pop("fetched_at")
    if fetched_at is not None:
        data["fetched_at"] = fetched_at
    return parse_inventory(json.dumps(data).encode(), "models.json")


# --- gemlint.rules: the rule table, lookup, running, documentation ---------------------------------------------


@pytest.mark.parametrize(
    "key, want",
    [
        ("GL001", unknown_model),
        ("gl001", unknown_model),
        ("Gl003", retired_model),
        ("unknown-model", unknown_model),
        ("RETIRED-MODEL", retired_model),
        ("Unused-Suppression", unused_suppression),
        ("GL999", None),
        ("no-such-rule", None),
    ],
)
def test_get_rule_by_code_or_name_in_any_case(key, want):
    assert get_rule(key) is want


def test_run_rules_applies_the_selected_rules_group_by_group_in_table_order():
    typo, retired = gemini("gemini-3.8-flsh", GEN), gemini("gemini-2.0-flash", EMBED)
    both = [typo, ref("gemini-3.8-flsh", site(EMBED, 7), site(GEN, 3))]
    got = run_rules([typo, retired, both[1]], FRESH, lambda code: True)
    assert [(f.code, f.model, f.location.line) for f in got] == [
        ("GL001", "gemini-3.8-flsh", 1),
        ("GL003", "gemini-2.0-flash", 1),
        ("GL001", "gemini-3.8-flsh", 1),
    ]
    assert [f.code for f in run_rules([typo, retired], FRESH, lambda code: code != "GL001")] == ["GL003"]
    assert run_rules([typo, retired], FRESH, lambda code: False) == []
    assert run_rules([], FRESH, lambda code: True) == []


def test_doc_page_and_the_rule_command_print_title_summary_severity_and_docstring():
    page = doc_page(unknown_model)
    assert page.startswith(
        "# unknown-model (GL001)\n\nModel name is not in the inventory. Severity: error.\n\n## What it does\nFlags a "
    )
    assert page.endswith("are judged by their ID.\n") and not page.endswith("\n\n")
    assert doc_page(unused_suppression) == (
        "# unused-suppression (GL900)\n\nSuppression comment that suppresses nothing. Severity: warning.\n\n"
        + unused_suppression.__doc__.strip()
        + "\n"
    )
    out = invoke(["rule", "gl003"], pathlib.Path.cwd())
    assert (out.code, out.out) == (0, doc_page(retired_model) + "\n")


def test_rules_markdown_demotes_each_page_one_level_under_its_code_and_name():
    text = rules_markdown()
    assert text.startswith(
        "# gemlint rules\n\nGenerated from the rules' docstrings by `python scripts/gen_rule_docs.py`.\n\n"
        "## GL001 unknown-model\n\nModel name is not in the inventory. Severity: error.\n\n### What it does\n"
    )
    assert "## GL900 unused-suppression\n\nSuppression comment that suppresses nothing. Severity: warning.\n\n" in text
    assert "\n## What it does" not in text and text.count("### What it does") == len(ALL_RULES)
    assert text.endswith("```\n")


def test_unused_suppression_check_reports_nothing_for_a_literal():
    assert unused_suppression.check(gemini("gemini-3.8-flsh", GEN), FRESH) == []
    assert (unused_suppression.CODE, unused_suppression.NAME, unused_suppression.SEVERITY) == (
        "GL900",
        "unused-suppression",
        "warning",
    )


# --- gemlint.rules.base: the literal group -----------------------------------------------------------------------


def test_sited_orders_by_call_site_then_kind_then_method_and_drops_unsited():
    a = ModelRef("m", loc(), site(GEN, 9))
    b = ModelRef("m", loc(), site(EMBED, 2))
    c = ModelRef("m", loc(), None)
    d = ModelRef("m", loc(), site(GEN, 2))
    e = ModelRef("m", loc(), CallSite(GEN, None, loc(2, 1)))
    f = ModelRef("m", loc(), CallSite(GEN, "countTokens", loc(2, 1)))
    group = LiteralGroup((a, b, c, d, e, f))
    assert group.sited() == [b, e, f, d, a]
    assert group.methods() == ("embedContent", "countTokens", "generateContent")
    assert LiteralGroup((c,)).sited() == [] and LiteralGroup((c,)).methods() == ()


def test_backends_in_first_seen_order_without_repeats():
    group = ref("m", site(GEN, 1, backend=VERTEX), site(GEN, 2), site(GEN, 3, backend=VERTEX))
    assert group.backends() == (VERTEX, GEMINI)
    assert ref("m", platform=VERTEX).backends() == (VERTEX,)
    assert ref("m").backends() == (GEMINI,)


@pytest.mark.parametrize(
    "where, call, want",
    [
        (loc(1), loc(12), "live.connect (line 12)"),
        (loc(1, cell=2), loc(4, cell=2), "live.connect (line 4)"),
        (loc(1, cell=2), loc(4, cell=3), "live.connect (cell 3, line 4)"),
        (loc(1), loc(4, cell=3), "live.connect (cell 3, line 4)"),
        (loc(1, cell=2), loc(4), "live.connect (a.py:4)"),
        (loc(1), loc(7, path="b.py"), "live.connect (b.py:7)"),
        (loc(1), loc(7, path="b.ipynb", cell=5), "live.connect (b.ipynb:cell 5:7)"),
    ],
)
def test_site_text_names_the_call_and_where_it_is(where, call, want):
    r = ModelRef("m", where, CallSite(LIVE, "bidiGenerateContent", call))
    assert base.site_text(r) == want


def test_site_text_of_an_unsited_reference_is_empty():
    assert base.site_text(ModelRef("m", loc())) == ""


def test_related_locations_are_distinct_and_sorted():
    calls = [
        loc(9, path="b.py"),
        loc(3, 7),
        loc(3, 2, end_line=3, end_column=9),
        loc(3, 2),
        loc(3, 2, end_line=3),
        loc(5, cell=1),
        loc(9),
        loc(3, 7),
    ]
    group = LiteralGroup(tuple(ModelRef("m", loc(), CallSite(GEN, "generateContent", c)) for c in calls))
    assert base.related_locations(group) == (
        loc(3, 2),
        loc(3, 2, end_line=3),
        loc(3, 2, end_line=3, end_column=9),
        loc(3, 7),
        loc(9),
        loc(5, cell=1),
        loc(9, path="b.py"),
    )
    assert base.related_locations(ref("m")) == ()


def test_location_order_puts_no_cell_and_no_end_first():
    assert base.location_order(loc(4, 2)) == ("a.py", 0, 4, 2, 0, 0)
    assert base.location_order(loc(4, 2, cell=3, end_line=5, end_column=6)) == ("a.py", 3, 4, 2, 5, 6)


def test_gemini_and_vertex_resolutions_follow_the_backends_reached():
    both = ref("gemini-2.0-flash", site(GEN, 1), site(GEN, 2, backend=VERTEX))
    assert base.gemini_resolution(both, CTX) == resolve("gemini-2.0-flash", GEMINI, CTX)
    assert base.vertex_resolution(both, CTX) == resolve("gemini-2.0-flash", VERTEX, CTX)
    assert base.gemini_resolution(both, CTX).status == RETIRED and base.gemini_resolution(both, CTX).backend == GEMINI
    assert base.vertex_resolution(both, CTX).backend == VERTEX
    assert base.vertex_resolution(gemini("gemini-2.0-flash", GEN), CTX) is None
    assert base.gemini_resolution(vertex("gemini-2.0-flash", GEN), CTX) is None


@pytest.mark.parametrize(
    "old, new, want",
    [
        ("models/gemini-2.0-flash", "gemini-3.6-flash", "models/gemini-3.6-flash"),
        ("models/gemini-2.0-flash", "models/gemini-3.6-flash", "models/gemini-3.6-flash"),
        ("gemini-2.0-flash", "models/gemini-3.6-flash", "gemini-3.6-flash"),
        ("gemini-2.0-flash", "gemini-3.6-flash", "gemini-3.6-flash"),
        ("MODELS/gemini-2.0-flash", "gemini-3.6-flash", "gemini-3.6-flash"),
    ],
)
def test_keep_prefix(old, new, want):
    assert base.keep_prefix(old, new) == want


@pytest.mark.parametrize(
    "old, new, want",
    [
        ("text-embedding-004", "text-embedding-005", "text-embedding-005"),
        ("publishers/google/models/text-embedding-004", "text-embedding-005", "publishers/google/models/text-embedding-005"),
        (
            "projects/p/locations/us/publishers/google/models/text-embedding-004",
            "text-embedding-005",
            "projects/p/locations/us/publishers/google/models/text-embedding-005",
        ),
        ("text-embedding-004 ", "text-embedding-005", "text-embedding-005"),
    ],
)
def test_vertex_spelling_keeps_a_publisher_path(old, new, want):
    assert base.vertex_spelling(old, new) == want


def test_inferred_note():
    catalogue = CTX.vertex_catalogue
    assert base.inferred_note(catalogue.get("gemini-2.0-flash-exp"), "status") == " (inferred)"
    assert base.inferred_note(catalogue.get("gemini-2.0-flash-exp"), "retirement") == ""
    assert base.inferred_note(catalogue.get("gemini-1.5-flash-002"), "status") == ""


# --- gemlint.rules.base: fixes and suggestions -------------------------------------------------------------------

MENTION_REFUSAL = "a mention reaches no call site: the replacement's class cannot be checked"
NOT_PLAIN = "the name is not written as a plain literal"


def test_replacement_fix_rewrites_a_plain_reference_keeping_its_prefix():
    res = resolve("gemini-2.0-flash", GEMINI, CTX)
    assert base.replacement_fix(gemini("gemini-2.0-flash", GEN), res, CTX) == (
        Fix("gemini-2.0-flash", "gemini-3.6-flash"),
        None,
    )
    assert base.replacement_fix(gemini("models/gemini-2.0-flash", GEN), res, CTX) == (
        Fix("models/gemini-2.0-flash", "models/gemini-3.6-flash"),
        None,
    )


def test_replacement_fix_refusals():
    res = resolve("gemini-2.0-flash", GEMINI, CTX)
    assert base.replacement_fix(ref("gemini-2.0-flash"), res, CTX) == (None, MENTION_REFUSAL)
    assert base.replacement_fix(gemini("gemini-2.0-flash", GEN, fixable=False), res, CTX) == (None, NOT_PLAIN)
    settings = ref("gemini-2.0-flash", site(GEN, 5), settings=True)
    assert base.replacement_fix(settings, res, CTX) == (None, NOT_PLAIN)
    assert base.replacement_fix(gemini("gemini-2.0-flash", EMBED), res, CTX) == (
        None,
        "the replacement gemini-3.6-flash does not support embedContent, which this call site needs "
        "(no replacement of the right class)",
    )
    none = resolve("gemini-1.5-flash", GEMINI, CTX)
    assert base.replacement_fix(gemini("gemini-1.5-flash", GEN), none, CTX) == (None, "no replacement is documented")


def test_replacement_suggestions_follow_the_chain_else_offer_the_call_sites_class():
    assert base.replacement_suggestions(
        gemini("gemini-robotics-er-1.5-preview", GEN), resolve("gemini-robotics-er-1.5-preview", GEMINI, CTX), CTX
    ) == ("gemini-robotics-er-2-preview",)
    none = resolve("gemini-1.5-flash", GEMINI, CTX)
    assert base.replacement_suggestions(gemini("gemini-1.5-flash", GEN), none, CTX) == (
        "gemini-3.5-flash-lite",
        "gemini-2.5-flash-lite",
        "gemini-3.8-flash",
    )
    # the first method needed decides the class
    assert base.replacement_suggestions(gemini("gemini-1.5-flash", EMBED, GEN), none, CTX) == ("gemini-embedding-2",)
    assert base.replacement_suggestions(gemini("gemini-1.5-flash", "models.generate_videos"), none, CTX) == ()
    assert base.replacement_suggestions(ref("gemini-1.5-flash"), none, CTX) == ()


@pytest.mark.parametrize(
    "text, kind, suggestions, want",
    [
        # one name at distance 1 wins over two at distance 2
        ("gemini-3.8-flsh", GEN, ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash"), "gemini-3.8-flash"),
        ("models/gemini-3.8-flsh", GEN, ("gemini-3.8-flash", "gemini-3.6-flash"), "models/gemini-3.8-flash"),
        ("gemini-embedding-3", EMBED, ("gemini-embedding-2",), "gemini-embedding-2"),
        # two at the best distance, none close enough, none of the right class, nothing suggested
        ("gemini-3.8-flsh", GEN, ("gemini-3.6-flash", "gemini-3.7-flash"), None),
        ("gemini-3.9-flash", GEN, ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash"), None),
        ("gemini-3.8-fzzzh", GEN, ("gemini-3.8-flash",), None),
        ("gemini-embedding-3", GEN, ("gemini-embedding-2",), None),
        ("gemini-3.8-flsh", GEN, (), None),
    ],
)
def test_typo_fix_needs_exactly_one_closest_name_of_the_right_class(text, kind, suggestions, want):
    got = base.typo_fix(gemini(text, kind), suggestions, FRESH)
    if want is None:
        assert got == (None, "no single close match of the right class")
    else:
        assert got == (Fix(text, want), None)


def test_typo_fix_of_a_name_that_is_not_a_plain_literal():
    group = gemini("gemini-3.8-flsh", GEN, fixable=False)
    assert base.typo_fix(group, ("gemini-3.8-flash",), FRESH) == (None, NOT_PLAIN)


# --- gemlint.rules.base: the finding -----------------------------------------------------------------------------


def test_finding_defaults_come_from_the_rule_and_the_group():
    group = ref("models/gemini-x", site(EMBED, 9), site(GEN, 4), where=loc(2, 8))
    got = base.finding(unknown_model, group, "the message")
    assert got == Finding(
        code="GL001",
        name="unknown-model",
        severity="error",
        message="the message",
        model="models/gemini-x",
        location=loc(2, 8),
        related=(loc(4), loc(9)),
        suggestions=(),
        site_kind=GEN,
        method="generateContent",
        fix=None,
        fix_refusal=None,
    )


def test_finding_keywords_override_the_defaults():
    group = ref("gemini-x", site(EMBED, 9), where=loc(2, 8))
    got = base.finding(
        retired_model,
        group,
        "msg",
        severity="warning",
        related=(loc(30),),
        site_kind="elsewhere",
        method="countTokens",
        suggestions=("a", "b"),
        fix=Fix("gemini-x", "a"),
        fix_refusal="why",
    )
    assert got == Finding(
        "GL003", "retired-model", "warning", "msg", "gemini-x", loc(2, 8), (loc(30),), ("a", "b"), "elsewhere",
        "countTokens", Fix("gemini-x", "a"), "why",
    )  # fmt: skip


def test_finding_of_an_unsited_literal():
    mention = base.finding(retired_model, ref("gemini-x", where=loc(3, 4)), "m")
    assert (mention.related, mention.site_kind, mention.method, mention.severity) == ((), None, None, "error")
    setting = base.finding(retired_model, ref("gemini-x", settings=True), "m")
    assert (setting.site_kind, setting.method) == ("settings", None)
    first = LiteralGroup((ModelRef("gemini-x", loc()), ModelRef("gemini-x", loc(), settings=True)))
    assert base.finding(retired_model, first, "m").site_kind is None
    no_method = base.finding(retired_model, ref("gemini-x", site("models.generate_videos", 6)), "m")
    assert (no_method.site_kind, no_method.method, no_method.related) == ("models.generate_videos", None, (loc(6),))


# --- gemlint.rules.base: the Vertex AI replacement fix ------------------------------------------------------------


def vfix(text: str, group: LiteralGroup, ctx: Context = CTX):
    return base.vertex_replacement_fix(group, resolve(text, VERTEX, ctx), ctx)


def test_vertex_replacement_fix_rewrites_to_a_current_replacement_in_the_original_spelling():
    assert vfix("text-embedding-004", vertex("text-embedding-004", EMBED)) == (
        Fix("text-embedding-004", "text-embedding-005"),
        None,
    )
    path = "projects/p/locations/us/publishers/google/models/text-embedding-004"
    assert vfix(path, vertex(path, EMBED)) == (Fix(path, path.replace("004", "005")), None)
    # a call that needs no particular method (count_tokens here) is no obstacle
    assert vfix("gemini-2.0-flash-exp", vertex("gemini-2.0-flash-exp", GEN, "models.count_tokens")) == (
        Fix("gemini-2.0-flash-exp", "gemini-3.5-flash"),
        None,
    )


@pytest.mark.parametrize(
    "text, group, want",
    [
        ("gemini-3.8-flsh", vertex("gemini-3.8-flsh", GEN), "no replacement is documented"),
        ("gemini-3.5-flash", vertex("gemini-3.5-flash", GEN), "no replacement is documented"),
        (
            "text-embedding-004",
            ref("text-embedding-004", site(EMBED, 5, backend=VERTEX), site(EMBED, 6)),
            "the name also reaches a Gemini API call",
        ),
        (
            "gemini-1.5-flash-preview-0514",
            vertex("gemini-1.5-flash-preview-0514", GEN),
            "the replacement gemini-1.5-flash-002 is not a current Vertex AI model",
        ),
        (
            "gemini-1.5-flash",
            vertex("gemini-1.5-flash", GEN),
            "the replacement gemini-2.5-flash is itself deprecated on Vertex AI",
        ),
        (
            "imagegeneration@002",
            ref("imagegeneration@002", CallSite("models.generate_images", "predict", loc(5), VERTEX)),
            "the replacement gemini-2.5-flash-image is itself deprecated on Vertex AI",
        ),
        (
            "veo-2.0-generate-001",
            vertex("veo-2.0-generate-001", GEN, "models.generate_videos", EMBED),
            "the replacement veo-3.1-generate-001 does not support generateContent, embedContent on Vertex AI",
        ),
        ("text-embedding-004", vertex("text-embedding-004", EMBED, fixable=False), NOT_PLAIN),
    ],
)
def test_vertex_replacement_fix_refusals(text, group, want):
    assert vfix(text, group) == (None, want)
