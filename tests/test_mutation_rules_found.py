"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind: rules_found.

The rules that judge whether a model exists (GL001 unknown-model, GL003 retired-model, GL900 unused-suppression),
their shared helpers (``gemlint.rules.base``) and the rule table (``gemlint.rules``). The rules' ``check`` and the
helpers are called directly on literal groups built from real records, with the bundled inventory, lifecycle data
and Vertex AI catalogue, the date pinned to ``tests.helpers.TODAY``; a few cases go through the real ``gemlint``
group in-process (``tests/inproc.py``).
"""

from __future__ import annotations

import json
import pathlib
from typing import Optional, Sequence

import pytest

from gemlint.extract.patterns import PARAMETER_KIND
from gemlint.inventory import Inventory, load_inventory, parse_inventory
from gemlint.inventory.lifecycle import load_lifecycle
from gemlint.resolve import RETIRED, Context, resolve
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
from tests.inproc import invoke

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


def inventory_dated(fetched_at: Optional[str], source: str = str(INVENTORY.path)) -> Inventory:
    """The models of the listing at ``source`` under another ``fetched_at`` (None: an inventory file with no date)."""
    data = json.loads(pathlib.Path(source).read_text(encoding="utf-8"))
    data.pop("fetched_at", None)
    data.pop("_as_of", None)
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
        (
            "publishers/google/models/text-embedding-004",
            "text-embedding-005",
            "publishers/google/models/text-embedding-005",
        ),
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
    # every method needed decides the class: no model both embeds and generates, so nothing is suggested
    assert base.replacement_suggestions(gemini("gemini-1.5-flash", EMBED, GEN), none, CTX) == ()
    assert base.replacement_suggestions(gemini("gemini-1.5-flash", EMBED), none, CTX) == ("gemini-embedding-2",)
    assert base.replacement_suggestions(gemini("gemini-1.5-flash", "models.generate_videos"), none, CTX) == ()
    assert base.replacement_suggestions(ref("gemini-1.5-flash"), none, CTX) == ()


@pytest.mark.parametrize(
    "text, kind, suggestions, want",
    [
        # one name at distance 1 wins over two at distance 2
        ("gemini-3.8-flsh", GEN, ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash"), "gemini-3.8-flash"),
        ("models/gemini-3.8-flsh", GEN, ("gemini-3.8-flash", "gemini-3.6-flash"), "models/gemini-3.8-flash"),
        ("gemini-embedding-3", EMBED, ("gemini-embedding-2",), "gemini-embedding-2"),
        ("gemini-3.8-flsx", GEN, ("gemini-3.8-flash",), "gemini-3.8-flash"),  # distance 2 is still close
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
    # a replacement that is retired (gemini-1.5-flash-002) or closed to new projects (gemini-2.5-flash) hands on
    # to its own: the fix goes to the first current model of the chain
    for retired in ("gemini-1.5-flash-preview-0514", "gemini-1.5-flash"):
        assert vfix(retired, vertex(retired, GEN)) == (Fix(retired, "gemini-3.8-flash"), None)
    # a model parameter whose replacement serves what the old model served is fixed
    parameter = ref("text-embedding-004", CallSite(PARAMETER_KIND, None, loc(5), VERTEX))
    assert vfix("text-embedding-004", parameter) == (Fix("text-embedding-004", "text-embedding-005"), None)


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
            # the replacement chain (gemini-2.5-flash-image, shutting down) ends at a Gemini image model
            "imagegeneration@002",
            ref("imagegeneration@002", CallSite("models.generate_images", "predict", loc(5), VERTEX)),
            "the replacement gemini-3.1-flash-lite-image does not support predict on Vertex AI",
        ),
        (
            "veo-2.0-generate-001",
            vertex("veo-2.0-generate-001", GEN, "models.generate_videos", EMBED),
            "the replacement veo-3.1-generate-001 does not support generateContent, embedContent on Vertex AI",
        ),
        ("text-embedding-004", vertex("text-embedding-004", EMBED, fixable=False), NOT_PLAIN),
        (
            # a model parameter (no known call): an Imagen model served predict, its replacement does not
            "imagen-3.0-capability-001",
            ref("imagen-3.0-capability-001", CallSite(PARAMETER_KIND, None, loc(5), VERTEX)),
            "the replacement gemini-3.1-flash-image does not serve predict as imagen-3.0-capability-001 did: the call "
            "itself may have to change",
        ),
    ],
)
def test_vertex_replacement_fix_refusals(text, group, want):
    assert vfix(text, group) == (None, want)


# --- GL001 unknown-model ------------------------------------------------------------------------------------------

TYPO = "gemini-3.8-flsh"
NEEDS_GEN = "models.generate_content (line 5) needs a model that supports generateContent"
MEANT = "did you mean gemini-3.8-flash, gemini-3.6-flash, gemini-3.7-flash?"
REFRESH = "a newer model would not be in it: run `gemlint models refresh`"


def gl001(group: LiteralGroup, ctx: Context) -> Finding:
    found = unknown_model.check(group, ctx)
    assert [f.code for f in found] == ["GL001"]
    return found[0]


def test_gl001_typo_with_a_fresh_inventory():
    got = gl001(gemini(TYPO, GEN), FRESH)
    assert got == (
        'GL001',
        'unknown-model',
        'error',
        "'gemini-3.8-flsh' does not exist: did you mean gemini-3.8-flash?",
        'gemini-3.8-flsh',
        (
            'a.py',
            1,
            10,
            None,
            None,
            None,
        ),
        (
            (
                'a.py',
                5,
                1,
                None,
                None,
                None,
            ),
        ),
        (
            'gemini-3.8-flash',
            'gemini-3.6-flash',
            'gemini-3.7-flash',
        ),
        'models.generate_content',
        'generateContent',
        (
            'gemini-3.8-flsh',
            'gemini-3.8-flash',
        ),
        None,
        0,
        None,
        (
            'not in the inventory of 2026-10-24; models.generate_content needs a model that '
            'generates content (generateContent); reaches models.generate_content (line 5), '
            'needs generateContent; other close names: gemini-3.6-flash, gemini-3.7-flash'
        ),
    )  # fmt: skip


@pytest.mark.parametrize(
    "max_age, stale",
    [(0, False), (1, True), (30, True), (31, True), (32, False), (33, False)],
)
def test_gl001_says_how_old_a_stale_inventory_is(max_age, stale):
    """The bundled listing is 32 days old on TODAY: stale past max-inventory-age, never with 0."""
    ctx = Context(INVENTORY, LIFECYCLE, TODAY, max_inventory_age=max_age)
    got = gl001(gemini("models/" + TYPO, GEN), ctx)
    if stale:
        head = f"'{TYPO}' is not listed"
        listing = "not in the inventory of 2026-10-24 (32 days old: a newer model would not be in it)"
    else:
        head = f"'{TYPO}' does not exist"
        listing = "not in the inventory of 2026-10-24"
    assert got.message == f"{head}: did you mean gemini-3.8-flash?"
    assert got.detail == f"{listing}; {GEN_DETAIL}; other close names: gemini-3.6-flash, gemini-3.7-flash"
    assert got.fix == Fix("models/" + TYPO, "models/gemini-3.8-flash")


@pytest.mark.parametrize(
    "max_age, head",
    [
        (0, f"'{TYPO}' does not exist"),
        (30, f"'{TYPO}' is not listed"),
    ],
)
def test_gl001_inventory_timestamps_are_shown_as_a_day(max_age, head):
    ctx = Context(inventory_dated("2026-10-24T03:44:17Z"), LIFECYCLE, TODAY, max_inventory_age=max_age)
    got = gl001(gemini(TYPO, GEN), ctx)
    assert got.message == f"{head}: did you mean gemini-3.8-flash?"
    assert got.detail.startswith("not in the inventory of 2026-10-24" + (" (32 days old" if max_age else ";"))


@pytest.mark.parametrize("max_age", [0, 30])
def test_gl001_with_an_undated_inventory(max_age):
    ctx = Context(inventory_dated(None), LIFECYCLE, TODAY, max_inventory_age=max_age)
    assert gl001(gemini(TYPO, GEN), ctx).full_text() == (
        "'gemini-3.8-flsh' does not exist: did you mean gemini-3.8-flash?\nnot in the "
        "inventory; models.generate_content needs a model that generates content "
        "(generateContent); reaches models.generate_content (line 5), needs "
        "generateContent; other close names: gemini-3.6-flash, gemini-3.7-flash"
    )


def test_gl001_message_parts():
    # two methods needed: both named, the first call site shown
    got = gl001(ref("gemini-zzz-qqq", site(EMBED, 9), site(GEN, 4)), FRESH)
    assert got.full_text() == (
        "'gemini-zzz-qqq' does not exist: see `gemlint models list --method "
        "generateContent`\nnot in the inventory of 2026-10-24; models.generate_content "
        "needs a model that generates content (generateContent and embedContent); "
        "reaches models.generate_content (line 4), needs generateContent; "
        "models.embed_content (line 9), needs embedContent"
    )
    assert (got.suggestions, got.fix, got.fix_refusal) == ((), None, "no single close match of the right class")
    # a call that needs no particular method: no "needs" clause
    got = gl001(gemini(TYPO, "models.generate_videos"), FRESH)
    assert got.full_text() == (
        "'gemini-3.8-flsh' does not exist: did you mean gemini-3.8-flash?\nnot in the "
        "inventory of 2026-10-24; reaches models.generate_videos (line 5); other close "
        "names: gemini-3.6-flash, gemini-3.7-flash"
    )
    assert (got.site_kind, got.method) == ("models.generate_videos", None)


def test_gl001_ignores_mentions_and_known_names():
    assert unknown_model.check(ref(TYPO), FRESH) == []
    assert unknown_model.check(ref(TYPO, platform=VERTEX), FRESH) == []
    assert unknown_model.check(gemini("gemini-3.8-flash", GEN), FRESH) == []
    assert unknown_model.check(gemini("gemini-2.0-flash", GEN), FRESH) == []  # retired: GL003's
    assert unknown_model.check(vertex("text-embedding-005", EMBED), FRESH) == []
    assert unknown_model.check(vertex("imagen-4.0-generate-002", GEN), FRESH) == []  # no verdict


def test_gl001_settings_value_is_a_reference():
    got = gl001(ref(TYPO, settings=True), FRESH)
    assert got.full_text() == (
        "'gemini-3.8-flsh' does not exist: did you mean gemini-3.8-flash?\nnot in the "
        "inventory of 2026-10-24; other close names: gemini-3.6-flash, gemini-3.7-flash"
    )
    assert (got.site_kind, got.fix, got.fix_refusal) == ("settings", None, NOT_PLAIN)


GEN_DETAIL = (
    "models.generate_content needs a model that generates content (generateContent); "
    "reaches models.generate_content (line 5), needs generateContent"
)
VERTEX_MEANT = "did you mean gemini-3.8-flash, gemini-3.7-flash, gemini-3.6-flash?"


def test_gl001_on_vertex_against_the_bundled_catalogue():
    got = gl001(vertex(TYPO, GEN), FRESH)
    assert got == (
        'GL001',
        'unknown-model',
        'error',
        "'gemini-3.8-flsh' does not exist on Vertex AI: did you mean gemini-3.8-flash?",
        'gemini-3.8-flsh',
        (
            'a.py',
            1,
            10,
            None,
            None,
            None,
        ),
        (
            (
                'a.py',
                5,
                1,
                None,
                None,
                None,
            ),
        ),
        (
            'gemini-3.8-flash',
            'gemini-3.7-flash',
            'gemini-3.6-flash',
        ),
        'models.generate_content',
        'generateContent',
        None,
        None,
        0,
        None,
        (
            'not in the bundled Vertex AI catalogue of 2026-12-01; models.generate_content '
            'needs a model that generates content (generateContent); reaches '
            'models.generate_content (line 5), needs generateContent; other close names: '
            'gemini-3.7-flash, gemini-3.6-flash'
        ),
    )  # fmt: skip


@pytest.mark.parametrize("max_age, stale", [(0, False), (82, True), (83, False)])
def test_gl001_on_vertex_against_a_project_vertex_inventory(max_age, stale):
    """A Vertex AI inventory (the September listing, 83 days old) replaces the catalogue and its suggestions."""
    for fetched in ("2026-09-03", "2026-09-03T10:00:00Z"):
        inv = inventory_dated(fetched, str(SEPT_INVENTORY))
        ctx = Context(INVENTORY, LIFECYCLE, TODAY, vertex_inventory=inv, max_inventory_age=max_age)
        got = gl001(vertex(TYPO, GEN), ctx)
        if stale:
            head = f"'{TYPO}' is not in the Vertex AI inventory"
            listing = (
                "not in the Vertex AI inventory of 2026-09-03 (83 days old: run `gemlint models refresh --vertex`)"
            )
        else:
            head = f"'{TYPO}' does not exist on Vertex AI"
            listing = "not in the Vertex AI inventory of 2026-09-03"
        assert got.message == f"{head}: did you mean gemini-3.8-flash?"
        assert got.detail == f"{listing}; {GEN_DETAIL}; other close names: gemini-3.6-flash, gemini-3.7-flash"
        assert got.suggestions == ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash")
        assert (got.fix, got.fix_refusal) == (None, None)


@pytest.mark.parametrize("max_age", [0, 30])
def test_gl001_on_vertex_with_an_undated_vertex_inventory(max_age):
    inv = inventory_dated(None, str(SEPT_INVENTORY))
    ctx = Context(INVENTORY, LIFECYCLE, TODAY, vertex_inventory=inv, max_inventory_age=max_age)
    assert gl001(vertex("zzzzqqq", "models.generate_videos"), ctx).full_text() == (
        "'zzzzqqq' does not exist on Vertex AI: see `gemlint models list --platform "
        "vertex`\nnot in the Vertex AI inventory; reaches models.generate_videos (line 5)"
    )


def test_gl001_reports_a_literal_once_when_both_platforms_miss_it():
    group = ref(TYPO, site(GEN, 3), site(GEN, 4, backend=VERTEX))
    got = gl001(group, FRESH)
    assert got.message == f"'{TYPO}' does not exist: did you mean gemini-3.8-flash?"
    assert got.detail.startswith("not in the inventory of 2026-10-24;")
    assert got.related == (loc(3), loc(4)) and got.fix == Fix(TYPO, "gemini-3.8-flash")
    # listed on the Gemini API, absent from the project's Vertex AI inventory: the Vertex AI call is reported
    sept = Context(INVENTORY, LIFECYCLE, TODAY, vertex_inventory=load_inventory(SEPT_INVENTORY), max_inventory_age=0)
    listed = [n for n in INVENTORY.names() if sept.vertex_inventory.get(n) is None][0]
    got = gl001(ref(listed, site(GEN, 3), site(GEN, 4, backend=VERTEX)), sept)
    assert got.message.startswith(f"'{listed}' does not exist on Vertex AI: ")
    assert got.detail.startswith("not in the Vertex AI inventory of ")


# --- GL003 retired-model ------------------------------------------------------------------------------------------

MENTION_NOTE = "; a mention: gemlint cannot check which replacement fits"


def gl003(group: LiteralGroup, ctx: Context = CTX) -> Finding:
    found = retired_model.check(group, ctx)
    assert [f.code for f in found] == ["GL003"]
    return found[0]


def test_gl003_reference_with_a_live_replacement():
    assert gl003(gemini("gemini-2.0-flash", GEN)) == (
        'GL003',
        'retired-model',
        'error',
        "'gemini-2.0-flash' was retired on 2026-06-01: use gemini-3.6-flash",
        'gemini-2.0-flash',
        (
            'a.py',
            1,
            10,
            None,
            None,
            None,
        ),
        (
            (
                'a.py',
                5,
                1,
                None,
                None,
                None,
            ),
        ),
        (
            'gemini-3.6-flash',
        ),
        'models.generate_content',
        'generateContent',
        (
            'gemini-2.0-flash',
            'gemini-3.6-flash',
        ),
        None,
        0,
        None,
        (
            'last listed 2026-06-26; documented replacement: gemini-3.6-flash; reaches '
            'models.generate_content (line 5), needs generateContent'
        ),
    )  # fmt: skip


@pytest.mark.parametrize(
    "group, message, suggestions, fix, refusal",
    [
        (
            gemini("gemini-2.5-flash-preview-09-25", GEN),
            (
                "'gemini-2.5-flash-preview-09-25' was retired on 2026-02-17: use "
                "gemini-3.6-flash\ndocumented replacement: gemini-3.6-flash; reaches "
                "models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-3.6-flash",),
            Fix("gemini-2.5-flash-preview-09-25", "gemini-3.6-flash"),
            None,
        ),
        (
            gemini("gemini-1.5-flash", GEN),
            (
                "'gemini-1.5-flash' was retired: use gemini-3.5-flash-lite\nlast listed "
                "2025-07-14..2025-07-22; no replacement is documented; a model of the right "
                "class; reaches models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-3.5-flash-lite", "gemini-2.5-flash-lite", "gemini-3.8-flash"),
            None,
            "no replacement is documented",
        ),
        (
            gemini("gemini-1.5-flash", "models.generate_videos"),
            (
                "'gemini-1.5-flash' was retired: pick a current model (`gemlint models "
                "list`)\nlast listed 2025-07-14..2025-07-22; no replacement is documented; "
                "reaches models.generate_videos (line 5)"
            ),
            (),
            None,
            "no replacement is documented",
        ),
        (
            gemini("gemini-2.0-flash", EMBED),
            (
                "'gemini-2.0-flash' was retired on 2026-06-01: use gemini-embedding-2\nlast "
                "listed 2026-06-26; documented replacement: gemini-3.6-flash; no documented "
                "replacement fits here: the replacement gemini-3.6-flash does not support "
                "embedContent, which this call site needs (no replacement of the right class); "
                "reaches models.embed_content (line 5), needs embedContent"
            ),
            ("gemini-embedding-2",),
            None,
            "the replacement gemini-3.6-flash does not support embedContent, which this call site needs "
            "(no replacement of the right class)",
        ),
        (
            gemini("gemini-2.0-flash", LIVE),
            (
                "'gemini-2.0-flash' was retired on 2026-06-01: use "
                "gemini-2.5-flash-native-audio-latest\nlast listed 2026-06-26; documented "
                "replacement: gemini-3.6-flash; no documented replacement fits here: the "
                "replacement gemini-3.6-flash does not support bidiGenerateContent, which this "
                "call site needs (no replacement of the right class); reaches live.connect (line "
                "5), needs bidiGenerateContent"
            ),
            ("gemini-2.5-flash-native-audio-latest", "gemini-3.8-live", "gemini-3.8-live-extended-thinking"),
            None,
            "the replacement gemini-3.6-flash does not support bidiGenerateContent, which this call site needs "
            "(no replacement of the right class)",
        ),
        (
            gemini("veo-3.1-generate-preview", "models.generate_videos"),
            (
                "'veo-3.1-generate-preview' was retired on 2026-10-22: pick a current model "
                "(`gemlint models list`)\nlast listed 2026-09-03 or later; absent from the "
                "listing of 2026-10-24; documented replacement: gemini-omni-1.2-flash; no "
                "documented replacement fits here: the replacement gemini-omni-1.2-flash is not "
                "in the inventory; reaches models.generate_videos (line 5)"
            ),
            (),
            None,
            "the replacement gemini-omni-1.2-flash is not in the inventory",
        ),
        (
            gemini("gemini-robotics-er-1.5-preview", GEN),
            (
                "'gemini-robotics-er-1.5-preview' was retired on 2026-04-30: use "
                "gemini-robotics-er-2-preview\nlast listed 2026-06-26; documented replacement: "
                "gemini-robotics-er-1.6-preview; the documented replacement "
                "gemini-robotics-er-1.6-preview is itself retired or replaced; reaches "
                "models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-robotics-er-2-preview",),
            Fix("gemini-robotics-er-1.5-preview", "gemini-robotics-er-2-preview"),
            None,
        ),
        (
            gemini("models/imagen-3.0-generate-002", GEN, fixable=False),
            (
                "'imagen-3.0-generate-002' was retired on 2025-11-10: use "
                "gemini-3.1-flash-image\nlast listed 2025-07-14..2025-07-22; documented "
                "replacement: imagen-4.0-generate-001; the documented replacement "
                "imagen-4.0-generate-001 is itself retired or replaced; reaches "
                "models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-3.1-flash-image",),
            None,
            NOT_PLAIN,
        ),
        (
            ref("gemini-2.0-flash", site(GEN, 3), site(GEN, 4, backend=VERTEX)),
            (
                "'gemini-2.0-flash' was retired on 2026-06-01: use gemini-3.6-flash\nlast listed "
                "2026-06-26; documented replacement: gemini-3.6-flash; reaches "
                "models.generate_content (line 3), needs generateContent; "
                "models.generate_content (line 4), needs generateContent"
            ),
            ("gemini-3.6-flash",),
            Fix("gemini-2.0-flash", "gemini-3.6-flash"),
            None,
        ),
    ],
)
def test_gl003_reference_messages(group, message, suggestions, fix, refusal):
    got = gl003(group)
    assert (got.severity, got.full_text(), got.suggestions, got.fix, got.fix_refusal) == (
        "error", message, suggestions, fix, refusal
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, message, detail, suggestions",
    [
        (
            "gemini-1.5-flash",
            "'gemini-1.5-flash' was retired (a mention, no call site): pick a current model (`gemlint models list`)",
            "last listed 2025-07-14..2025-07-22" + MENTION_NOTE,
            (),
        ),
        (
            "gemini-2.0-flash",
            "'gemini-2.0-flash' was retired on 2026-06-01 (a mention, no call site): "
            "its replacement is gemini-3.6-flash",
            "last listed 2026-06-26; documented replacement: gemini-3.6-flash" + MENTION_NOTE,
            ("gemini-3.6-flash",),
        ),
        (
            "models/gemini-2.5-flash-preview-09-25",
            "'gemini-2.5-flash-preview-09-25' was retired on 2026-02-17 (a mention, no call site): "
            "its replacement is gemini-3.6-flash",
            "documented replacement: gemini-3.6-flash" + MENTION_NOTE,
            ("gemini-3.6-flash",),
        ),
    ],
)
def test_gl003_mention_is_a_warning_never_fixed(text, message, detail, suggestions):
    got = gl003(ref(text, where=loc(4, 2)))
    assert got == Finding(
        "GL003", "retired-model", "warning", message, text, loc(4, 2), (), suggestions, None, None, None,
        MENTION_REFUSAL, detail=detail,
    )  # fmt: skip


def test_gl003_ignores_live_and_unknown_names():
    assert retired_model.check(gemini("gemini-3.8-flash", GEN), CTX) == []
    assert retired_model.check(gemini(TYPO, GEN), CTX) == []
    assert retired_model.check(vertex("gemini-3.5-flash", GEN), CTX) == []
    assert retired_model.check(vertex(TYPO, GEN), CTX) == []
    assert retired_model.check(vertex("veo-3.1-generate-001", "models.generate_videos"), CTX) == []


@pytest.mark.parametrize(
    "group, message, suggestions, fix, refusal",
    [
        (
            vertex("gemini-1.5-flash", GEN),
            (
                "'gemini-1.5-flash' was retired on Vertex AI on 2025-09-24: use "
                "gemini-3.8-flash\nalias of gemini-1.5-flash-002; shut down on 2025-09-24 "
                "(observed); documented replacement gemini-2.5-flash, itself closed to new projects on "
                "Vertex AI; reaches models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-3.8-flash",),
            Fix("gemini-1.5-flash", "gemini-3.8-flash"),
            None,
        ),
        (
            vertex("gemini-1.0-pro", GEN),
            (
                "'gemini-1.0-pro' was retired on Vertex AI on 2025-04-09: use "
                "gemini-3.8-flash\nalias of gemini-1.0-pro-002; shut down on 2025-04-09 "
                "(observed; date inferred); documented replacement gemini-2.5-flash, itself closed to new "
                "projects on Vertex AI; reaches models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-3.8-flash",),
            Fix("gemini-1.0-pro", "gemini-3.8-flash"),
            None,
        ),
        (
            vertex("gemini-1.5-pro-001", GEN),
            (
                "'gemini-1.5-pro-001' was retired on Vertex AI on 2025-05-24: use "
                "gemini-3.8-flash\nshut down on 2025-05-24 (scheduled date; date inferred); documented "
                "replacement gemini-2.5-pro, itself closed to new projects on Vertex AI; reaches "
                "models.generate_content (line 5), needs generateContent"
            ),
            ("gemini-3.8-flash",),
            Fix("gemini-1.5-pro-001", "gemini-3.8-flash"),
            None,
        ),
        (
            vertex("veo-2.0-generate-001", "models.generate_videos"),
            (
                "'veo-2.0-generate-001' was retired on Vertex AI on 2026-06-30: use "
                "veo-3.1-generate-001\nshut down on 2026-06-30 (scheduled date); reaches "
                "models.generate_videos (line 5)"
            ),
            ("veo-3.1-generate-001",),
            Fix("veo-2.0-generate-001", "veo-3.1-generate-001"),
            None,
        ),
        (
            vertex("gemini-2.0-flash-exp", GEN),
            (
                "'gemini-2.0-flash-exp' was retired on Vertex AI: use gemini-3.5-flash\nretired "
                "by the catalogue of 2026-12-01 (inferred); reaches models.generate_content "
                "(line 5), needs generateContent"
            ),
            ("gemini-3.5-flash",),
            Fix("gemini-2.0-flash-exp", "gemini-3.5-flash"),
            None,
        ),
        (
            vertex("gemini-1.5-flash-preview-0514", GEN),
            (
                "'gemini-1.5-flash-preview-0514' was retired on Vertex AI: use "
                "gemini-3.8-flash\nretired by the catalogue of 2026-12-01; documented replacement "
                "gemini-1.5-flash-002, itself retired on Vertex AI; reaches models.generate_content (line 5), "
                "needs generateContent"
            ),
            ("gemini-3.8-flash",),
            Fix("gemini-1.5-flash-preview-0514", "gemini-3.8-flash"),
            None,
        ),
        (
            vertex("projects/p/locations/us/publishers/google/models/text-embedding-004", EMBED),
            (
                "'text-embedding-004' was retired on Vertex AI on 2026-01-14: use "
                "text-embedding-005\nshut down on 2026-01-14 (scheduled date; date inferred); "
                "reaches models.embed_content (line 5), needs embedContent"
            ),
            ("text-embedding-005",),
            Fix(
                "projects/p/locations/us/publishers/google/models/text-embedding-004",
                "projects/p/locations/us/publishers/google/models/text-embedding-005",
            ),
            None,
        ),
        (
            ref("gemini-3-pro-image-preview", site(GEN, 3), site(GEN, 4, backend=VERTEX)),
            (
                "'gemini-3-pro-image-preview' was retired on Vertex AI on 2026-07-19: use "
                "gemini-3-pro-image\nshut down on 2026-07-19 (observed); reaches "
                "models.generate_content (line 3), needs generateContent; "
                "models.generate_content (line 4), needs generateContent"
            ),
            ("gemini-3-pro-image",),
            None,
            "the name also reaches a Gemini API call",
        ),
    ],
)
def test_gl003_on_vertex(group, message, suggestions, fix, refusal):
    got = gl003(group)
    assert (got.severity, got.full_text(), got.suggestions, got.fix, got.fix_refusal) == (
        "error", message, suggestions, fix, refusal
    )  # fmt: skip
    assert got.related == base.related_locations(group) and got.site_kind == group.sited()[0].site.kind


def test_gl003_vertex_mention_is_a_warning():
    got = gl003(ref("gemini-1.5-flash-002", platform=VERTEX, where=loc(2, 3)))
    assert got == (
        'GL003',
        'retired-model',
        'warning',
        (
            "'gemini-1.5-flash-002' was retired on Vertex AI on 2025-09-24 (a mention, no "
            'call site): use gemini-3.8-flash'
        ),
        'gemini-1.5-flash-002',
        (
            'a.py',
            2,
            3,
            None,
            None,
            None,
        ),
        (),
        (
            'gemini-3.8-flash',
        ),
        None,
        None,
        None,
        "a mention reaches no call site: the replacement's class cannot be checked",
        0,
        None,
        (
            'shut down on 2025-09-24 (observed); documented replacement gemini-2.5-flash, itself closed to new '
            'projects on Vertex AI; a mention: gemlint cannot check which replacement fits'
        ),
    )  # fmt: skip


def test_gl003_without_a_shutdown_date_or_listing_says_only_retired(tmp_path):
    """A lifecycle file may record a retirement with no dates: no empty parentheses then."""
    path = tmp_path / "lifecycle.json"
    path.write_text(json.dumps({"retired": [{"model": "gemini-0.9-old"}]}), encoding="utf-8")
    ctx = Context(INVENTORY, load_lifecycle(str(path)), TODAY)
    assert gl003(ref("gemini-0.9-old"), ctx).full_text() == (
        "'gemini-0.9-old' was retired (a mention, no call site): pick a current model "
        "(`gemlint models list`)\na mention: gemlint cannot check which replacement fits"
    )
    assert gl003(gemini("gemini-0.9-old", "models.generate_videos"), ctx).full_text() == (
        "'gemini-0.9-old' was retired: pick a current model (`gemlint models list`)\nno "
        "replacement is documented; reaches models.generate_videos (line 5)"
    )


def test_gl001_on_vertex_suggests_from_the_vertex_inventory_only():
    """gemini-3.8-flash-tts is in the Gemini API listing, not in the (September) Vertex AI inventory."""
    ctx = Context(INVENTORY, LIFECYCLE, TODAY, vertex_inventory=load_inventory(SEPT_INVENTORY), max_inventory_age=0)
    got = gl001(vertex("gemini-3.8-flash-ttq", GEN), ctx)
    assert got.suggestions == ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash")
    assert got.message.endswith(": did you mean gemini-3.8-flash?")
    assert got.suggestions == ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash")
