"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind: rules_dated.

The dated rules (GL004 scheduled-shutdown, GL005 deprecated-model), the method check (GL002 unsupported-method)
and the mention check (GL006 stale-model-mention): exact messages, severities, dates on both sides of every
boundary, related locations, fixes, the reasons a fix is refused, and suggestions. Scans run in-process on the
bundled inventory, lifecycle data and Vertex AI catalogue; the scan date is pinned through ``make_scanner``'s
``today`` (or ``GEMLINT_TODAY`` for the CLI), never the real date.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Dict, List, Optional, Sequence, Tuple

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.inventory import vertex as vertex_catalogue
from gemlint.types import Finding, Fix
from tests.helpers import SEPT_INVENTORY, TODAY
from tests.inproc import invoke, write

VERTEX_HEAD = "from google import genai\nclient = genai.Client(vertexai=True)\n"


def _findings(
    tmp_path: pathlib.Path,
    source: str,
    codes: Sequence[str],
    today: dt.date = TODAY,
    name: str = "example.py",
    **config,
) -> List[Finding]:
    """The findings of ``codes`` for one snippet, scanned in-process on ``today``."""
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    scanner = make_scanner(Config(root=str(tmp_path), **config), today=today)
    return [f for f in scan([str(path)], scanner).findings if f.code in codes]


def _one(tmp_path: pathlib.Path, source: str, code: str, today: dt.date = TODAY, **config) -> Finding:
    found = _findings(tmp_path, source, (code,), today=today, **config)
    assert len(found) == 1, found
    return found[0]


def _call(model: str, method: str = "generate_content") -> str:
    return f'client.models.{method}(model="{model}", contents="hi")\n'


def _inventory(tmp_path: pathlib.Path, models: Dict[str, List[str]], fetched_at: Optional[str], name: str) -> str:
    """A models.list-shaped inventory file (what `gemlint models refresh` writes), ``fetched_at`` optional."""
    data: dict = {"models": [{"name": f"models/{m}", "supportedGenerationMethods": ms} for m, ms in models.items()]}
    if fetched_at is not None:
        data["fetched_at"] = fetched_at
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _lines(finding: Finding) -> Tuple[int, ...]:
    return tuple(loc.line for loc in finding.related)


# --- GL004 scheduled-shutdown, Gemini API ------------------------------------------------------------------------

SERVED_UNTIL = "the model is served until {}; switch when ready"


@pytest.mark.parametrize(
    "today, message",
    [
        (
            dt.date(2026, 11, 30),
            (
                "'gemini-2.5-pro' is auto-routed from 2026-12-01 (in 1 day): move to "
                "gemini-3.8-flash\nreaches models.generate_content (line 1), needs generateContent"
            ),
        ),
        (
            dt.date(2026, 11, 25),
            (
                "'gemini-2.5-pro' is auto-routed from 2026-12-01 (in 6 days): move to "
                "gemini-3.8-flash\nreaches models.generate_content (line 1), needs generateContent"
            ),
        ),
        (
            dt.date(2026, 12, 1),
            (
                "'gemini-2.5-pro' is auto-routed since 2026-12-01: move to "
                "gemini-3.8-flash\nauto-routed today: requests are served by gemini-3.8-flash; "
                "reaches models.generate_content (line 1), needs generateContent"
            ),
        ),
        (
            dt.date(2026, 12, 2),
            (
                "'gemini-2.5-pro' is auto-routed since 2026-12-01: move to "
                "gemini-3.8-flash\nauto-routed 1 day ago: requests are served by "
                "gemini-3.8-flash; reaches models.generate_content (line 1), needs "
                "generateContent"
            ),
        ),
        (
            dt.date(2026, 12, 3),
            (
                "'gemini-2.5-pro' is auto-routed since 2026-12-01: move to "
                "gemini-3.8-flash\nauto-routed 2 days ago: requests are served by "
                "gemini-3.8-flash; reaches models.generate_content (line 1), needs "
                "generateContent"
            ),
        ),
    ],
)
def test_gl004_auto_routed_on_both_sides_of_the_date(tmp_path: pathlib.Path, today: dt.date, message: str) -> None:
    f = _one(tmp_path, _call("gemini-2.5-pro"), "GL004", today=today)
    assert (f.severity, f.full_text(), f.suggestions) == ("warning", message, ("gemini-3.8-flash",))
    assert (f.name, f.site_kind, f.method, _lines(f)) == (
        "scheduled-shutdown",
        "models.generate_content",
        "generateContent",
        (1,),
    )
    if today < dt.date(2026, 12, 1):  # still served: no fix until the date
        assert (f.fix, f.fix_refusal) == (None, SERVED_UNTIL.format("2026-12-01"))
    else:  # requests already go to the replacement: rewritten
        assert (f.fix, f.fix_refusal) == (Fix("gemini-2.5-pro", "gemini-3.8-flash"), None)


@pytest.mark.parametrize(
    "today, when",
    [
        (dt.date(2026, 11, 17), "today"),
        (dt.date(2026, 11, 18), "1 day ago"),
        (dt.date(2026, 11, 25), "8 days ago"),
    ],
)
def test_gl004_passed_shutdown_moves_to_the_replacement(tmp_path: pathlib.Path, today: dt.date, when: str) -> None:
    f = _one(tmp_path, _call("models/gemini-2.5-flash-preview-tts"), "GL004", today=today)
    assert f.full_text() == (
        "'gemini-2.5-flash-preview-tts' passed its shutdown date 2026-11-17: move to gemini-3.8-flash-tts\n"
        f"{when}; the inventory of 2026-10-24 still lists it, so it may still answer, but it can stop at any time; "
        "an error: the shutdown is within shutdown-horizon (30 days) or past; "
        "reaches models.generate_content (line 1), needs generateContent"
    )
    assert f.suggestions == ("gemini-3.8-flash-tts",)
    assert (f.fix, f.fix_refusal) == (Fix("models/gemini-2.5-flash-preview-tts", "models/gemini-3.8-flash-tts"), None)


def test_gl004_the_day_before_a_shutdown(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, _call("gemini-2.5-flash-preview-tts"), "GL004", today=dt.date(2026, 11, 16))
    assert f.full_text() == (
        "'gemini-2.5-flash-preview-tts' shuts down on 2026-11-17 (in 1 day): move to "
        "gemini-3.8-flash-tts\nan error: the shutdown is within shutdown-horizon (30 "
        "days) or past; reaches models.generate_content (line 1), needs generateContent"
    )
    assert (f.fix, f.fix_refusal) == (None, SERVED_UNTIL.format("2026-11-17"))
    assert f.suggestions == ("gemini-3.8-flash-tts",)


def test_gl004_future_shutdown_with_replacements_of_the_right_class(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, _call("gemini-omni-1.1-flash"), "GL004")
    assert f.full_text() == (
        "'gemini-omni-1.1-flash' shuts down on 2026-12-03 (in 8 days): move to "
        "gemini-3.8-flash\nan error: the shutdown is within shutdown-horizon (30 days) or "
        "past; reaches models.generate_content (line 1), needs generateContent"
    )
    assert f.suggestions == ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.5-flash-lite")
    assert (f.fix, f.fix_refusal) == (None, SERVED_UNTIL.format("2026-12-03"))


def test_gl004_future_shutdown_where_no_replacement_fits(tmp_path: pathlib.Path) -> None:
    """A model parameter (no call site, so no method): the documented replacement is not listed."""
    f = _one(tmp_path, 'run(model="gemini-omni-1.1-flash")\n', "GL004")
    assert f.full_text() == (
        "'gemini-omni-1.1-flash' shuts down on 2026-12-03 (in 8 days): see `gemlint "
        "models show gemini-omni-1.1-flash`\nno replacement fits here: the replacement "
        "gemini-omni-1.2-flash is not in the inventory; an error: the shutdown is within "
        "shutdown-horizon (30 days) or past; reaches model parameter (line 1)"
    )
    assert (f.suggestions, f.site_kind, f.method) == ((), "model parameter", None)
    assert (f.fix, f.fix_refusal) == (None, SERVED_UNTIL.format("2026-12-03"))


def test_gl004_future_shutdown_where_no_model_serves_the_call(tmp_path: pathlib.Path) -> None:
    """No listed model serves live.connect: the replacement is named as of the wrong class."""
    models = {"gemini-omni-1.1-flash": ["generateContent"], "gemini-omni-1.2-flash": ["generateContent"]}
    listing = _inventory(tmp_path, models, "2026-11-20", "inv.json")
    f = _one(tmp_path, 'client.aio.live.connect(model="gemini-omni-1.1-flash")\n', "GL004", inventory=listing)
    assert f.full_text() == (
        "'gemini-omni-1.1-flash' shuts down on 2026-12-03 (in 8 days): see `gemlint "
        "models show gemini-omni-1.1-flash`\nno replacement fits here: the replacement "
        "gemini-omni-1.2-flash does not support bidiGenerateContent, which this call "
        "site needs (no replacement of the right class); an error: the shutdown is "
        "within shutdown-horizon (30 days) or past; reaches live.connect (line 1), needs "
        "bidiGenerateContent"
    )
    assert (f.suggestions, f.fix, f.method) == ((), None, "bidiGenerateContent")


@pytest.mark.parametrize(
    "source, move, suggestions",
    [
        ('run(model="deep-research-pro-preview-12-2025")\n', "see `gemlint models list`", ()),
        (
            _call("deep-research-pro-preview-12-2025"),
            "move to gemini-nano-banana-2.1",
            ("gemini-nano-banana-2.1", "gemini-pro-latest", "gemini-4-argon"),
        ),
    ],
)
def test_gl004_passed_shutdown_without_a_documented_replacement(
    tmp_path: pathlib.Path, source: str, move: str, suggestions: Tuple[str, ...]
) -> None:
    f = _one(tmp_path, source, "GL004")
    assert f.message == f"'deep-research-pro-preview-12-2025' passed its shutdown date 2026-10-23: {move}"
    assert f.detail.startswith(
        "33 days ago; the inventory of 2026-10-24 still lists it, so it may still answer, but it can stop at any time"
    )
    assert ("no replacement is documented" in f.detail) == (not suggestions)
    assert (f.suggestions, f.fix, f.fix_refusal) == (suggestions, None, "no replacement is documented")


def test_gl004_passed_shutdown_where_the_replacement_is_of_another_class(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, _call("gemini-3.1-flash-live-preview"), "GL004")
    assert f.message.endswith("passed its shutdown date 2026-11-17: move to gemini-3.1-pro-preview")
    assert f.fix is None
    assert f.fix_refusal == (
        "the replacement gemini-3.8-live does not support generateContent, which this call site needs "
        "(no replacement of the right class)"
    )


def test_gl004_names_the_date_of_a_timestamped_inventory_or_none(tmp_path: pathlib.Path) -> None:
    models = {"gemini-2.5-flash-preview-tts": ["generateContent"], "gemini-3.8-flash-tts": ["generateContent"]}
    stamped = _inventory(tmp_path, models, "2026-11-20T08:30:00Z", "stamped.json")
    f = _one(tmp_path, _call("gemini-2.5-flash-preview-tts"), "GL004", inventory=stamped)
    assert f.full_text() == (
        "'gemini-2.5-flash-preview-tts' passed its shutdown date 2026-11-17: move to "
        "gemini-3.8-flash-tts\n8 days ago; the inventory of 2026-11-20 still lists it, so "
        "it may still answer, but it can stop at any time; an error: the shutdown is "
        "within shutdown-horizon (30 days) or past; reaches models.generate_content "
        "(line 1), needs generateContent"
    )
    bare = _inventory(tmp_path, models, None, "bare.json")
    f = _one(tmp_path, _call("gemini-2.5-flash-preview-tts"), "GL004", inventory=bare)
    assert f.full_text() == (
        "'gemini-2.5-flash-preview-tts' passed its shutdown date 2026-11-17: move to "
        "gemini-3.8-flash-tts\n8 days ago; the inventory still lists it, so it may still "
        "answer, but it can stop at any time; an error: the shutdown is within "
        "shutdown-horizon (30 days) or past; reaches models.generate_content (line 1), "
        "needs generateContent"
    )


def test_gl004_for_a_mention_with_a_date_not_for_a_model_without_one(tmp_path: pathlib.Path) -> None:
    # issue 23: a mention (a list of choices) with a shutdown date is a warning too; one without a date is not
    source = (
        'OPTIONS = ["gemini-2.5-pro", "gemini-omni-1.1-flash"]\n'
        + _call("gemini-3.8-flash")  # lifecycle facts, no date
        + _call("gemini-4-argon")  # no lifecycle facts at all
        + _call("gemini-1.5-flash")  # retired: GL003's business
        + _call("veo-3.1-lite-generate-preview", "generate_videos")  # shut down, no longer listed
    )
    found = _findings(tmp_path, source, ("GL004",))
    assert [(f.location.line, f.model, f.severity) for f in found] == [
        (1, "gemini-2.5-pro", "warning"),
        (1, "gemini-omni-1.1-flash", "warning"),
    ]
    assert found[0].message.startswith(
        "'gemini-2.5-pro' is auto-routed from 2026-12-01 (in 6 days) (a mention, no call site): "
    )


def test_gl004_through_the_cli_on_a_pinned_date(tmp_path: pathlib.Path) -> None:
    write(tmp_path, {"a.py": _call("gemini-2.5-pro")})
    out = invoke(["scan", "--format", "json", "--no-cache", "a.py"], tmp_path, {"GEMLINT_TODAY": "2026-11-30"})
    (f,) = [f for f in out.json()["findings"] if f["code"] == "GL004"]
    assert (f["severity"], f["message"], f["no_fix_reason"]) == (
        "warning",
        ("'gemini-2.5-pro' is auto-routed from 2026-12-01 (in 1 day): move to gemini-3.8-flash"),
        "the model is served until 2026-12-01; switch when ready",
    )


# --- GL004 scheduled-shutdown, Vertex AI -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, verdict, closed, fixed",
    [  # in effect, the message says so and the detail gives the date; to come, the message gives the date
        (
            dt.date(2026, 10, 19),
            "closed to new projects from 2026-10-20 and shuts down on 2027-03-31 (in 163 days)",
            "from 2026-10-20",
            False,
        ),
        (dt.date(2026, 10, 20), "closed to new projects, shuts down in 162 days", "since 2026-10-20", True),
        (dt.date(2026, 11, 25), "closed to new projects, shuts down in 126 days", "since 2026-10-20", True),
    ],
)
def test_gl004_vertex_access_restriction_on_both_sides_of_its_date(
    tmp_path: pathlib.Path, today: dt.date, verdict: str, closed: str, fixed: bool
) -> None:
    f = _one(tmp_path, VERTEX_HEAD + _call("gemini-2.5-flash"), "GL004", today=today)
    assert (f.severity, f.full_text()) == (
        "warning",
        f"'gemini-2.5-flash' on Vertex AI {verdict}: move to gemini-3.8-flash\n"
        f"closed to new and inactive projects {closed}; "
        "shuts down on 2027-03-31; a warning until 30 days before the shutdown (shutdown-horizon)",
    )
    assert (f.suggestions, _lines(f), f.method) == (("gemini-3.8-flash",), (3,), "generateContent")
    if fixed:  # new projects already fail
        assert (f.fix, f.fix_refusal) == (Fix("gemini-2.5-flash", "gemini-3.8-flash"), None)
    else:
        assert (f.fix, f.fix_refusal) == (None, SERVED_UNTIL.format("2027-03-31"))


def test_gl004_vertex_inferred_restriction_on_a_live_model(tmp_path: pathlib.Path) -> None:
    source = VERTEX_HEAD + 'client.aio.live.connect(model="gemini-live-2.5-flash-native-audio")\n'
    f = _one(tmp_path, source, "GL004")
    assert f.full_text() == (
        "'gemini-live-2.5-flash-native-audio' on Vertex AI closed to new projects, "
        "shuts down in 18 days: move to "
        "gemini-3.8-live\nclosed to new and inactive projects since 2026-11-13 "
        "(inferred); shuts down on 2026-12-13; an error: the shutdown is within "
        "shutdown-horizon (30 days) or past"
    )
    assert (f.fix, f.site_kind) == (Fix("gemini-live-2.5-flash-native-audio", "gemini-3.8-live"), "live.connect")


@pytest.mark.parametrize(
    "today, verdict, closed, fix, refusal",
    [
        (dt.date(2026, 6, 14), " from 2026-06-15", "from", None, SERVED_UNTIL.format("2026-06-15")),
        (dt.date(2026, 6, 15), "", "since", Fix("gemini-3-flash-preview", "gemini-3.5-flash"), None),
    ],
)
def test_gl004_vertex_restriction_without_a_shutdown(
    tmp_path: pathlib.Path, today: dt.date, verdict: str, closed: str, fix: Optional[Fix], refusal: Optional[str]
) -> None:
    f = _one(tmp_path, VERTEX_HEAD + _call("gemini-3-flash-preview"), "GL004", today=today)
    assert f.full_text() == (
        f"'gemini-3-flash-preview' on Vertex AI closed to new projects{verdict}: move to "
        f"gemini-3.5-flash\nclosed to new and inactive projects {closed} 2026-06-15; "
        "a warning until 30 days before the shutdown (shutdown-horizon)"
    )
    assert f.severity == "warning"  # a restriction without a shutdown date never crosses the horizon
    assert (f.fix, f.fix_refusal, f.suggestions) == (fix, refusal, ("gemini-3.5-flash",))


@pytest.mark.parametrize(
    "today, days",
    [(dt.date(2025, 12, 1), "in 44 days"), (dt.date(2026, 1, 13), "in 1 day")],
)
def test_gl004_vertex_future_shutdown_with_an_inferred_date(tmp_path: pathlib.Path, today: dt.date, days: str) -> None:
    source = VERTEX_HEAD + _call("text-embedding-004", "embed_content")
    f = _one(tmp_path, source, "GL004", today=today)
    assert (
        f.message == f"'text-embedding-004' on Vertex AI shuts down on 2026-01-14 ({days}): move to text-embedding-005"
    )
    assert f.detail.startswith("shuts down on 2026-01-14 (inferred)")
    assert f.severity == ("warning" if days == "in 44 days" else "error")  # within shutdown-horizon
    assert (f.fix, f.fix_refusal, f.suggestions) == (None, SERVED_UNTIL.format("2026-01-14"), ("text-embedding-005",))


def test_gl004_vertex_on_its_shutdown_date_is_retired_not_scheduled(tmp_path: pathlib.Path) -> None:
    source = VERTEX_HEAD + _call("multimodalembedding@001", "embed_content")
    before = _one(tmp_path, source, "GL004", today=dt.date(2027, 3, 31))
    assert before.full_text() == (
        "'multimodalembedding@001' on Vertex AI shuts down on 2027-04-01 (in 1 day): "
        "move to gemini-embedding-2\nshuts down on 2027-04-01; an error: the shutdown is "
        "within shutdown-horizon (30 days) or past"
    )
    assert _findings(tmp_path, source, ("GL004",), today=dt.date(2027, 4, 1)) == []


@pytest.mark.parametrize("days", [0, 177])
def test_gl004_vertex_passed_shutdown_of_a_model_the_project_listing_still_has(
    tmp_path: pathlib.Path, days: int
) -> None:
    listing = _inventory(tmp_path, {"gemini-2.0-flash-001": ["generateContent"]}, "2026-11-20", "vertex.json")
    today = dt.date(2026, 6, 1) + dt.timedelta(days=days)
    f = _one(tmp_path, VERTEX_HEAD + _call("gemini-2.0-flash-001"), "GL004", today=today, vertex_inventory=listing)
    assert f.full_text() == (
        "'gemini-2.0-flash-001' on Vertex AI passed its shutdown date 2026-06-01: move to gemini-3.5-flash\n"
        f"was scheduled to shut down {days} days ago; the inventory lists it; "
        "an error: the shutdown is within shutdown-horizon (30 days) or past"
    )
    assert (f.fix, f.fix_refusal, f.suggestions) == (None, SERVED_UNTIL.format("2026-06-01"), ("gemini-3.5-flash",))


def test_gl004_vertex_says_nothing_of_a_floor_date_nor_an_unlisted_model(tmp_path: pathlib.Path) -> None:
    """A not-before retirement is no shutdown; a retired or unknown name is another rule's business."""
    source = VERTEX_HEAD + _call("gemini-3.8-flash") + _call("gemini-2.0-flash-001") + _call("gemini-9-flash")
    assert _findings(tmp_path, source, ("GL004",)) == []
    listing = _inventory(tmp_path, {"gemini-9-flash": ["generateContent"]}, None, "vertex.json")
    assert _findings(tmp_path, source, ("GL004",), vertex_inventory=listing) == []


def test_gl004_vertex_restriction_without_a_documented_replacement(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled catalogue names a replacement for every dated row; a row without one (the catalogue's own
    builder on the bundled data, less that field) says so, suggests nothing and rewrites nothing."""
    data = json.loads(pathlib.Path(vertex_catalogue.BUNDLED_VERTEX).read_text(encoding="utf-8"))
    (row,) = [r for r in data["models"] if r["id"] == "gemini-2.5-flash"]
    del row["replacement"]
    monkeypatch.setattr(vertex_catalogue, "_BUNDLED", vertex_catalogue.build_catalogue(data, "vertex.json"))
    f = _one(tmp_path, VERTEX_HEAD + _call("gemini-2.5-flash"), "GL004")
    assert f.full_text() == (
        "'gemini-2.5-flash' on Vertex AI closed to new projects, "
        "shuts down in 126 days: see `gemlint models list --platform "
        "vertex`\nclosed to new and inactive projects since 2026-10-20; shuts down on "
        "2027-03-31; no replacement is documented; a warning until 30 days before the "
        "shutdown (shutdown-horizon)"
    )
    assert (f.suggestions, f.fix, f.fix_refusal) == ((), None, "no replacement is documented")


def test_gl004_vertex_fix_refused_when_the_name_also_reaches_the_gemini_api(tmp_path: pathlib.Path) -> None:
    source = (
        "from google import genai\n"
        "g = genai.Client()\n"
        "v = genai.Client(vertexai=True)\n"
        'M = "gemini-3-flash-preview"\n'
        "v.models.generate_content(model=M, contents='a')\n"
        "g.models.generate_content(model=M, contents='a')\n"
    )
    f = _one(tmp_path, source, "GL004")
    # judged on each platform (the Gemini API call has no problem), and no fix: the platforms need different ones
    assert f.full_text() == (
        "Vertex AI: 'gemini-3-flash-preview' closed to new projects: move to gemini-3.5-flash; Gemini API: no problem"
        "\nVertex AI: 'gemini-3-flash-preview' on Vertex AI closed to new projects: move to gemini-3.5-flash; "
        "closed to new and inactive projects since 2026-06-15; a warning until 30 days before the shutdown "
        "(shutdown-horizon)"
    )
    refusal = "the name is used on both platforms, which need different fixes"
    assert (f.fix, f.fix_refusal, _lines(f)) == (None, refusal, (5,))


# --- GL005 deprecated-model ------------------------------------------------------------------------------------

STILL_SERVED = "the model is still served; switch when ready"


@pytest.mark.parametrize(
    "model, replacement",
    [("gemini-3.7-flash", "gemini-3.8-flash"), ("gemini-3.5-flash", "gemini-3.6-flash")],
)
def test_gl005_auto_routed_models_are_rewritten(tmp_path: pathlib.Path, model: str, replacement: str) -> None:
    f = _one(tmp_path, _call(model), "GL005")
    assert (f.name, f.severity, f.full_text()) == (
        "deprecated-model",
        "warning",
        f"'{model}' is deprecated and auto-routed: move to {replacement}\nrequests to it are already served by "
        f"{replacement}; reaches models.generate_content (line 1), needs generateContent",
    )
    assert (f.suggestions, f.fix, f.fix_refusal) == ((replacement,), Fix(model, replacement), None)
    assert (f.site_kind, f.method, _lines(f)) == ("models.generate_content", "generateContent", (1,))


def test_gl005_deprecated_without_routing_names_its_replacement(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, _call("gemini-3.1-flash-image"), "GL005")
    assert f.full_text() == (
        "'gemini-3.1-flash-image' is deprecated (no shutdown date yet): move to "
        "gemini-nano-banana-2.1\nreaches models.generate_content (line 1), needs "
        "generateContent"
    )
    assert (f.suggestions, f.fix, f.fix_refusal) == (("gemini-nano-banana-2.1",), None, STILL_SERVED)


def test_gl005_deprecated_with_no_replacement_in_the_listing(tmp_path: pathlib.Path) -> None:
    """The September listing lacks gemini-nano-banana-2.1: the message names no replacement."""
    f = _one(tmp_path, 'run(model="gemini-3.1-flash-image")\n', "GL005", inventory=str(SEPT_INVENTORY))
    assert (f.full_text(), f.suggestions, f.fix, f.fix_refusal) == (
        (
            "'gemini-3.1-flash-image' is deprecated (no shutdown date yet): see `gemlint "
            "models show gemini-3.1-flash-image`\nno replacement is documented; reaches model "
            "parameter (line 1)"
        ),
        (),
        None,
        "the model is still served; switch when ready",
    )


def test_gl005_auto_routed_but_the_replacement_is_not_listed(tmp_path: pathlib.Path) -> None:
    """gemini-3.7-flash routed to gemini-3.8-flash, which a listing lacks: still said, but no rewrite."""
    listing = _inventory(tmp_path, {"gemini-3.7-flash": ["generateContent"]}, "2026-11-01", "inv.json")
    f = _one(tmp_path, 'run(model="gemini-3.7-flash")\n', "GL005", inventory=listing)
    assert f.full_text() == (
        "'gemini-3.7-flash' is deprecated and auto-routed to gemini-3.8-flash: see "
        "`gemlint models show gemini-3.7-flash`\nrequests to it are already served by "
        "gemini-3.8-flash; reaches model parameter (line 1)"
    )
    assert (f.suggestions, f.fix) == ((), None)
    assert f.fix_refusal == "the replacement gemini-3.8-flash is not in the inventory"


def test_gl005_not_for_a_deprecated_model_the_listing_lacks(tmp_path: pathlib.Path) -> None:
    listing = _inventory(tmp_path, {"gemini-3.8-flash": ["generateContent"]}, "2026-11-01", "inv.json")
    source = _call("gemini-3.7-flash") + _call("gemini-3.1-flash-image")
    assert _findings(tmp_path, source, ("GL005",), inventory=listing) == []
    assert [f.code for f in _findings(tmp_path, source, ("GL001", "GL005"), inventory=listing)] == ["GL001", "GL001"]


def test_gl005_not_for_dated_current_or_mentioned_models(tmp_path: pathlib.Path) -> None:
    source = (
        'TABLE = {"gemini-3.7-flash": 1}\n'
        + _call("gemini-2.5-pro")
        + _call("gemini-3.8-flash")
        + _call("gemini-3.1-flash-image-preview")
    )
    assert _findings(tmp_path, source, ("GL005",)) == []


@pytest.mark.parametrize(
    "call, message, suggestions",
    [
        (
            'client.models.edit_image(model="imagen-4.0-ingredients-preview", prompt="a")\n',
            (
                "'imagen-4.0-ingredients-preview' is deprecated on Vertex AI: move to "
                "gemini-3.1-flash-image\ndeprecated by the Vertex AI catalogue (inferred)"
            ),
            ("gemini-3.1-flash-image",),
        ),
        (
            'client.models.upscale_image(model="imagen-4.0-upscale-preview", prompt="a")\n',
            (
                "'imagen-4.0-upscale-preview' is deprecated on Vertex AI: see `gemlint models "
                "list --platform vertex`\ndeprecated by the Vertex AI catalogue (inferred); no "
                "replacement is documented"
            ),
            (),
        ),
    ],
)
def test_gl005_vertex_deprecation(
    tmp_path: pathlib.Path, call: str, message: str, suggestions: Tuple[str, ...]
) -> None:
    f = _one(tmp_path, VERTEX_HEAD + call, "GL005")
    assert (f.severity, f.full_text(), f.suggestions) == ("warning", message, suggestions)
    assert (f.fix, f.fix_refusal, f.method, _lines(f)) == (None, STILL_SERVED, "predict", (3,))


def test_gl005_vertex_leaves_dated_and_restricted_models_to_gl004(tmp_path: pathlib.Path) -> None:
    source = (
        VERTEX_HEAD
        + _call("gemini-3-flash-preview")  # deprecated, restricted
        + _call("multimodalembedding@001", "embed_content")  # deprecated, shutdown date
        + _call("gemini-3.8-flash")  # current
        + _call("gemini-2.0-flash-001")  # retired
    )
    assert _findings(tmp_path, source, ("GL005",)) == []
    assert [f.model for f in _findings(tmp_path, source, ("GL004",))] == [
        "gemini-3-flash-preview",
        "multimodalembedding@001",
    ]


def test_gl005_vertex_listed_model_unknown_to_the_catalogue(tmp_path: pathlib.Path) -> None:
    listing = _inventory(tmp_path, {"my-private-model": ["generateContent"]}, None, "vertex.json")
    source = VERTEX_HEAD + _call("my-private-model")
    assert _findings(tmp_path, source, ("GL004", "GL005", "GL002"), vertex_inventory=listing) == []


# --- GL002 unsupported-method ----------------------------------------------------------------------------------

WRONG_CLASS = "the model is of the wrong class for this call; choose a model that supports {}"


def test_gl002_one_finding_per_kind_and_method_with_every_like_site(tmp_path: pathlib.Path) -> None:
    source = (
        'M = "gemini-embedding-2"\n'
        "run(model=M)\n"  # a model parameter: no method, skipped
        "client.models.embed_content(model=M, contents='x')\n"  # supported: no verdict
        "client.models.generate_content(model=M, contents='a')\n"
        "client.models.count_tokens(model=M, contents='a')\n"
        "client.models.generate_content(model=M, contents='b')\n"
        "client.aio.live.connect(model=M)\n"
    )
    found = sorted(_findings(tmp_path, source, ("GL002",)), key=lambda f: f.related)
    assert [(f.site_kind, f.method, _lines(f)) for f in found] == [
        ("models.generate_content", "generateContent", (4, 6)),
        ("live.connect", "bidiGenerateContent", (7,)),
    ]
    gen, live = found
    assert (gen.name, gen.severity, gen.location.line) == ("unsupported-method", "error", 1)
    assert gen.full_text() == (
        "'gemini-embedding-2' cannot generate content: use "
        "gemini-nano-banana-2.1\nmodels.generate_content (line 4) needs generateContent; "
        "it supports embedContent, countTextTokens, countTokens, asyncBatchEmbedContent; "
        "models that do: gemini-nano-banana-2.1, gemini-4-argon, gemini-pro-latest; "
        "reaches models.embed_content (line 3), needs embedContent; "
        "models.generate_content (line 4), needs generateContent; models.count_tokens "
        "(line 5), needs countTokens; models.generate_content (line 6), needs "
        "generateContent; live.connect (line 7), needs bidiGenerateContent"
    )
    assert gen.suggestions == ("gemini-nano-banana-2.1", "gemini-4-argon", "gemini-pro-latest")
    assert (gen.fix, gen.fix_refusal) == (None, WRONG_CLASS.format("generateContent"))
    assert live.message.startswith("'gemini-embedding-2' is not a Live model: use ")
    assert live.detail.startswith("live.connect (line 7) needs bidiGenerateContent")
    assert live.fix_refusal == WRONG_CLASS.format("bidiGenerateContent")


def test_gl002_text_model_in_a_live_session(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, 'client.aio.live.connect(model="gemini-3.8-flash")\n', "GL002")
    assert f.full_text() == (
        "'gemini-3.8-flash' is not a Live model: use "
        "gemini-3.8-live\nlive.connect (line 1) needs bidiGenerateContent; it supports "
        "generateContent, countTokens, createCachedContent, batchGenerateContent; models "
        "that do: gemini-3.8-live, gemini-3.8-live-extended-thinking, "
        "gemini-2.5-flash-native-audio-latest; reaches live.connect (line 1), needs "
        "bidiGenerateContent"
    )


def test_gl002_model_with_no_methods_and_no_better_one(tmp_path: pathlib.Path) -> None:
    listing = _inventory(tmp_path, {"gemini-3.8-flash": [], "gemini-3.8-live": ["bidiGenerateContent"]}, None, "i.json")
    f = _one(tmp_path, _call("gemini-3.8-flash"), "GL002", inventory=listing)
    assert f.full_text() == (
        "'gemini-3.8-flash' cannot generate content: see "
        "`gemlint models list --method generateContent`\nmodels.generate_content (line 1) "
        "needs generateContent; it supports no methods; reaches models.generate_content "
        "(line 1), needs generateContent"
    )
    assert f.suggestions == ()


def test_gl002_no_verdict_for_unknown_supported_or_vertex_tuning(tmp_path: pathlib.Path) -> None:
    source = (
        'client.aio.live.connect(model="gemini-9-flash")\n'  # unknown: GL001's business
        + _call("gemini-embedding-2", "embed_content")
        + 'client.aio.live.connect(model="gemini-3.1-flash-live-preview")\n'
    )
    assert _findings(tmp_path, source, ("GL002",)) == []
    extra = _findings(tmp_path, _call("tuned-x"), ("GL002",), extra_models=["tuned-x"])
    assert extra == []
    vertex = VERTEX_HEAD + 'client.tunings.tune(base_model="text-embedding-005")\n'
    assert _findings(tmp_path, vertex, ("GL002",)) == []


@pytest.mark.parametrize(
    "model, call, kind, supports, better",
    [
        (
            "text-embedding-005",
            "generate_content",
            "an embedding",
            "embedContent",
            "gemini-3.5-flash, gemini-3.5-flash-lite, gemini-flash-lite-latest",
        ),
        (
            "veo-3.1-generate-001",
            "generate_content",
            "a video",
            "predictLongRunning",
            "gemini-3.1-pro-preview, gemini-3.1-pro-preview-customtools, gemini-3.1-flash-lite",
        ),
        (
            "chirp_2",
            "generate_content",
            "a speech",
            "no methods callable through google-genai",
            "gemini-4-argon, gemini-3.1-pro-preview, gemini-3.1-pro-preview-customtools",
        ),
        (
            "gemini-3.8-flash",
            "embed_content",
            "a text generation",
            "generateContent, countTokens",
            "gemini-embedding-2, gemini-embedding-001, gemini-embedding-2-exp-11-2025",
        ),
        (
            "imagen-4.0-upscale-preview",
            "embed_content",
            "an image",
            "predict",
            "gemini-embedding-2-preview, gemini-embedding-2-exp-11-2025, gemini-embedding-2",
        ),
    ],
)
def test_gl002_vertex_catalogue_kinds(
    tmp_path: pathlib.Path, model: str, call: str, kind: str, supports: str, better: str
) -> None:
    f = _one(tmp_path, VERTEX_HEAD + _call(model, call), "GL002")
    method = "generateContent" if call == "generate_content" else "embedContent"
    lacks = "cannot generate content" if method == "generateContent" else "is not an embedding model"
    first = better.split(", ")[0]
    assert f.full_text() == (
        f"'{model}' {lacks} on Vertex AI: use {first}\n'{model}' is {kind} model on Vertex AI; "
        f"models.{call} (line 3) needs {method}; it supports {supports}; models that do: {better}; "
        f"reaches models.{call} (line 3), needs {method}"
    )
    assert (f.suggestions, f.method, f.fix_refusal) == (tuple(better.split(", ")), method, WRONG_CLASS.format(method))


def test_gl002_vertex_project_listing_methods_decide(tmp_path: pathlib.Path) -> None:
    listing = _inventory(
        tmp_path,
        {
            "text-embedding-005": [],
            "gemini-3.8-flash": ["generateContent", "countTokens"],
            "my-embed": ["embedContent"],
        },
        None,
        "vertex.json",
    )
    source = (
        VERTEX_HEAD
        + _call("gemini-3.8-flash", "embed_content")  # the listing's methods say no
        + _call("gemini-3.8-flash")  # ... and yes
        + _call("text-embedding-005")  # no method list: the catalogue's row decides
    )
    found = _findings(tmp_path, source, ("GL002",), vertex_inventory=listing)
    assert [f.full_text() for f in found] == [
        (
            "'gemini-3.8-flash' is not an embedding model on Vertex AI: use "
            "my-embed\nmodels.embed_content (line 3) needs embedContent; it supports "
            "generateContent, countTokens; reaches models.embed_content (line 3), needs "
            "embedContent"
        ),
        (
            "'text-embedding-005' cannot generate content on Vertex AI: use "
            "gemini-3.5-flash\n'text-embedding-005' is an embedding model on Vertex AI; "
            "models.generate_content (line 5) needs generateContent; it supports "
            "embedContent; models that do: gemini-3.5-flash, gemini-3.5-flash-lite, "
            "gemini-flash-lite-latest; reaches models.generate_content (line 5), needs "
            "generateContent"
        ),
    ]
    assert [f.suggestions for f in found] == [
        ("my-embed",),
        ("gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-flash-lite-latest"),
    ]


def test_gl002_vertex_project_listing_without_a_better_model(tmp_path: pathlib.Path) -> None:
    listing = _inventory(tmp_path, {"gemini-3.8-flash": ["generateContent"]}, None, "vertex.json")
    f = _one(tmp_path, VERTEX_HEAD + _call("gemini-3.8-flash", "embed_content"), "GL002", vertex_inventory=listing)
    assert f.full_text() == (
        "'gemini-3.8-flash' is not an embedding model on Vertex AI: see `gemlint models "
        "list --method embedContent`\nmodels.embed_content (line 3) needs embedContent; "
        "it supports generateContent; reaches models.embed_content (line 3), needs "
        "embedContent"
    )
    assert f.suggestions == ()


def test_gl002_vertex_project_listing_prefers_the_same_family(tmp_path: pathlib.Path) -> None:
    models = {
        "gemini-3.8-flash": ["generateContent"],
        "ultra-9-model": ["bidiGenerateContent"],
        "gemini-3.8-live": ["bidiGenerateContent"],
    }
    listing = _inventory(tmp_path, models, None, "vertex.json")
    source = VERTEX_HEAD + 'client.aio.live.connect(model="gemini-3.8-flash")\n'
    f = _one(tmp_path, source, "GL002", vertex_inventory=listing)
    assert f.full_text() == (
        "'gemini-3.8-flash' is not a Live model on Vertex AI: use "
        "gemini-3.8-live\nlive.connect (line 3) needs bidiGenerateContent; it supports "
        "generateContent; models that do: gemini-3.8-live, ultra-9-model; reaches "
        "live.connect (line 3), needs bidiGenerateContent"
    )
    assert f.suggestions == ("gemini-3.8-live", "ultra-9-model")


def test_gl002_vertex_leaves_a_retired_model_to_gl003(tmp_path: pathlib.Path) -> None:
    source = VERTEX_HEAD + _call("textembedding-gecko@003")
    assert [f.code for f in _findings(tmp_path, source, ("GL002", "GL003"))] == ["GL003"]


def test_gl002_same_literal_on_both_backends_keeps_their_sites_apart(tmp_path: pathlib.Path) -> None:
    source = (
        "from google import genai\n"
        "g = genai.Client()\n"
        "v = genai.Client(vertexai=True)\n"
        'M = "text-embedding-005"\n'
        "v.models.generate_content(model=M, contents='a')\n"
        "g.models.generate_content(model=M, contents='a')\n"
    )
    found = _findings(tmp_path, source, ("GL002",))
    assert [(f.method, _lines(f)) for f in found] == [("generateContent", (5,))]


# --- GL006 stale-model-mention ---------------------------------------------------------------------------------


def test_gl006_typo_in_a_table_is_fixed(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, 'PRICES = {"models/gemini-3.8-flsh": 0.30}\n', "GL006")
    assert (f.name, f.severity, f.full_text()) == (
        "stale-model-mention",
        "warning",
        (
            "'gemini-3.8-flsh' is unknown (a mention, no call site): did you mean "
            "gemini-3.8-flash?\nnot in the inventory of 2026-10-24; other close names: "
            "gemini-3.6-flash, gemini-3.7-flash"
        ),
    )
    assert f.suggestions == ("gemini-3.8-flash", "gemini-3.6-flash", "gemini-3.7-flash")
    assert (f.fix, f.fix_refusal) == (Fix("models/gemini-3.8-flsh", "models/gemini-3.8-flash"), None)
    assert (f.related, f.site_kind, f.method) == ((), None, None)


def test_gl006_invented_name_is_not_fixed(tmp_path: pathlib.Path) -> None:
    f = _one(tmp_path, 'OPTIONS = ["gemini-3.8-flash", "gemini-9.9-ultra"]\n', "GL006")
    assert f.full_text() == (
        "'gemini-9.9-ultra' is unknown (a mention, no call site): did you mean gemini-3.8-flash?\n"
        "not in the inventory of 2026-10-24; other close names: gemini-3.6-flash, gemini-3.7-flash"
    )
    assert (f.fix, f.fix_refusal) == (None, "no single close match of the right class")


def test_gl006_inventory_without_a_date_and_a_stamped_one(tmp_path: pathlib.Path) -> None:
    bare = _inventory(tmp_path, {"gemini-3.8-flash": ["generateContent"]}, None, "bare.json")
    f = _one(tmp_path, 'PRICES = {"gemini-3.8-flsh": 0.30}\n', "GL006", inventory=bare)
    assert f.full_text() == (
        "'gemini-3.8-flsh' is unknown (a mention, no call site): did you mean gemini-3.8-flash?\nnot in the inventory"
    )
    stamped = _inventory(tmp_path, {"gemini-3.8-flash": ["generateContent"]}, "2026-11-20T08:30:00Z", "s.json")
    f = _one(tmp_path, 'PRICES = {"gemini-3.8-flsh": 0.30}\n', "GL006", inventory=stamped)
    assert f.detail == "not in the inventory of 2026-11-20"


def test_gl006_no_suggestion_no_question(tmp_path: pathlib.Path) -> None:
    bare = _inventory(tmp_path, {"gemini-3.8-flash": ["generateContent"]}, None, "bare.json")
    f = _one(tmp_path, 'NAMES = ["zzz-unrelated-9"]\nX = {"gemini-zzzz-qqq-0": 1}\n', "GL006", inventory=bare)
    assert f.full_text() == (
        "'gemini-zzzz-qqq-0' is unknown (a mention, no call site): see `gemlint models list`\nnot in the inventory"
    )
    assert (f.suggestions, f.fix, f.fix_refusal) == ((), None, "no single close match of the right class")


def test_gl006_not_for_references_listed_retired_or_vertex_only_names(tmp_path: pathlib.Path) -> None:
    source = (
        _call("gemini-3.8-flsh")  # a reference: GL001's business
        + 'TABLE = {"gemini-3.8-flash": 1, "gemini-1.5-flash": 2, "gemini-live-2.5-flash-native-audio": 3}\n'
    )
    assert _findings(tmp_path, source, ("GL006",)) == []


def test_gl006_mention_in_a_vertex_file_is_judged_by_the_catalogue(tmp_path: pathlib.Path) -> None:
    source = VERTEX_HEAD + 'OPTIONS = ["gemini-3.8-flsh", "text-embedding-005", "gemini-live-2.5-flash-native-audio"]\n'
    f = _one(tmp_path, source, "GL006")
    assert f.full_text() == (
        "'gemini-3.8-flsh' is unknown on Vertex AI (a mention, no call site): did you "
        "mean gemini-3.8-flash?\nnot in the Vertex AI catalogue; other close names: "
        "gemini-3.7-flash, gemini-3.6-flash"
    )
    assert (f.suggestions, f.fix) == (
        ("gemini-3.8-flash", "gemini-3.7-flash", "gemini-3.6-flash"),
        Fix("gemini-3.8-flsh", "gemini-3.8-flash"),
    )


def test_gl006_mention_in_a_vertex_file_with_a_project_listing(tmp_path: pathlib.Path) -> None:
    listing = _inventory(tmp_path, {"gemini-3.8-flash": ["generateContent"], "text-embedding-005": []}, None, "v.json")
    source = VERTEX_HEAD + 'OPTIONS = ["gemini-3.8-flsh", "text-embedding-005"]\n'
    f = _one(tmp_path, source, "GL006", vertex_inventory=listing)
    assert f.full_text() == (
        "'gemini-3.8-flsh' is unknown on Vertex AI (a mention, no call site): did you "
        "mean gemini-3.8-flash?\nnot in the Vertex AI catalogue"
    )
    assert f.suggestions == ("gemini-3.8-flash",)
