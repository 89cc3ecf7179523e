"""The Vertex AI catalogue's verdicts, the November lifecycle facts and announced models, through the real pipeline."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.inventory.vertex import family, load_vertex_catalogue
from gemlint.resolve import LISTED, NO_VERDICT, RETIRED, UNKNOWN, resolve
from gemlint.types import GEMINI, VERTEX, normalize
from tests.helpers import TODAY, run_cli, scan_source

VERTEX_CLIENT = (
    "from google import genai\n\nclient = genai.Client(vertexai=True, project='p', location='us-central1')\n"
)
GEMINI_CLIENT = "from google import genai\n\nclient = genai.Client()\n"


def vertex_scan(tmp_path, call: str, today: _dt.date = TODAY, **config):
    """Findings for one call on a Vertex AI client (the call is line 4)."""
    path = tmp_path / "v.py"
    path.write_text(VERTEX_CLIENT + call + "\n", encoding="utf-8")
    return scan([str(path)], make_scanner(Config(root=str(tmp_path), **config), today=today)).findings


def gemini_scan(tmp_path, call: str, today: _dt.date = TODAY, **config):
    path = tmp_path / "g.py"
    path.write_text(GEMINI_CLIENT + call + "\n", encoding="utf-8")
    return scan([str(path)], make_scanner(Config(root=str(tmp_path), **config), today=today)).findings


def codes(findings):
    return [f.code for f in findings]


def context(today: _dt.date = TODAY):
    return make_scanner(Config(), today=today).context


# -- the catalogue's verdicts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        'client.models.embed_content(model="text-embedding-005", contents="a")',
        'client.models.generate_videos(model="veo-3.1-generate-001", prompt="a")',
        'client.models.generate_content(model="gemini-4-argon", contents="a")',
        'client.models.generate_content(model="gemini-3.5-flash", contents="a")',  # deprecated on the Gemini API only
    ],
)
def test_models_vertex_ai_knows_are_not_reported(tmp_path, call):
    assert vertex_scan(tmp_path, call) == ()


def test_the_same_vertex_only_name_on_the_gemini_api_is_reported(tmp_path):
    findings = gemini_scan(tmp_path, 'client.models.embed_content(model="text-embedding-005", contents="a")')
    assert codes(findings) in (["GL001"], ["GL003"])


def test_wrong_kind_on_vertex_ai(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.generate_content(model="text-embedding-005", contents="a")')
    assert finding.code == "GL002" and finding.method == "generateContent"
    assert "embedding model on Vertex AI" in finding.full_text() and "supports embedContent" in finding.full_text()
    assert finding.suggestions and all(load_vertex_catalogue().get(s).kind == "generate" for s in finding.suggestions)


def test_live_model_in_generate_content_on_vertex_ai(tmp_path):
    call = 'client.models.generate_content(model="gemini-3.8-live", contents="a")'
    [finding] = vertex_scan(tmp_path, call)
    assert finding.code == "GL002" and "Live API model on Vertex AI" in finding.full_text()


def test_vertexai_sdk_embedding_model_is_served_by_predict(tmp_path):
    src = (
        "from vertexai.language_models import TextEmbeddingModel\n"
        "m = TextEmbeddingModel.from_pretrained('text-embedding-005')\n"
    )
    assert scan_source(tmp_path, src).findings == ()
    src = src.replace("text-embedding-005", "gemini-3.8-flash")
    [finding] = scan_source(tmp_path, src).findings
    assert finding.code == "GL002" and "on Vertex AI" in finding.full_text() and "predict" in finding.full_text()


def test_retired_on_vertex_ai(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.generate_content(model="gemini-1.5-pro-002", contents="a")')
    assert finding.code == "GL003" and finding.severity == "error"
    assert "retired on Vertex AI" in finding.full_text() and "2025-09-24" in finding.full_text()
    # The documented replacement (gemini-2.5-pro) is itself closed to new projects: its own replacement is the
    # advice and the fix, and the detail names the documented one.
    assert "observed" in finding.full_text() and finding.suggestions == ("gemini-3.8-flash",)
    assert "documented replacement gemini-2.5-pro, itself closed to new projects" in finding.full_text()
    assert finding.fix is not None and finding.fix.new == "gemini-3.8-flash"


def test_the_successor_chain_of_a_catalogue():
    """``VertexCatalogue.successor``: past retired, closing or deprecated replacements to the first current one;
    where the chain ends without one, the last model not retired, else the documented name; loops end."""
    import datetime as dt

    from gemlint.inventory.vertex import VertexCatalogue, VertexModel

    today = dt.date(2026, 6, 1)

    def row(name, replacement=None, **kw):
        return VertexModel(id=name, kind="text", methods=("generateContent",), status=kw.pop("status", "ga"),
                           replacement=replacement, **kw)  # fmt: skip

    rows = [
        row("old", "mid", status="retired"),
        row("mid", "new", restriction_since=dt.date(2026, 1, 1)),
        row("new"),
        row("a", "b", status="retired"),
        row("b", "c", status="deprecated"),
        row("c", status="retired"),
        row("x", "y", status="retired"),
        row("y", "x", status="retired"),
        row("p", "q", status="retired"),
        row("r", "s", status="retired"),
        row("s", "t", retirement=dt.date(2026, 9, 1), retirement_bound="scheduled"),
        row("t"),
    ]
    catalogue = VertexCatalogue({r.id: r for r in rows}, "2026-06-01", [], "test")
    successor = catalogue.successor
    assert successor(catalogue.get("old"), today) == "new"  # past a retired model's closed replacement
    assert successor(catalogue.get("mid"), today) == "new"
    assert successor(catalogue.get("a"), today) == "b"  # the chain ends retired: the last one still served
    assert successor(catalogue.get("x"), today) == "y"  # a loop of retired models: the documented name
    assert successor(catalogue.get("p"), today) == "q"  # not in the catalogue: the documented name
    assert successor(catalogue.get("r"), today) == "t"  # a replacement with a scheduled shutdown hands on too
    assert successor(catalogue.get("new"), today) is None


def test_retired_alias_names_its_model_and_the_inferred_date(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.generate_content(model="gemini-pro", contents="a")')
    assert finding.code == "GL003" and "alias of gemini-1.0-pro-002" in finding.full_text()
    assert "date inferred" in finding.full_text()


def test_retired_fix_goes_to_a_current_replacement(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.generate_videos(model="veo-3.0-generate-001", prompt="a")')
    assert finding.code == "GL003" and finding.fix is not None and finding.fix.new == "veo-3.1-generate-001"


def test_unknown_on_vertex_ai_with_catalogue_suggestions(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.generate_content(model="gemini-3.8-flsh", contents="a")')
    assert finding.code == "GL001" and "does not exist on Vertex AI" in finding.full_text()
    assert "Vertex AI catalogue of 2026-12-01" in finding.full_text()
    assert finding.suggestions[0] == "gemini-3.8-flash"


@pytest.mark.parametrize(
    "name",
    [
        "imagen-4.0-generate-002",  # an unlisted version of a family the catalogue knows
        "gemini-3.8-flash-002",
        "text-embedding-006",
        "gemini-3.8-flash-tts",  # a Gemini API model the catalogue does not list
    ],
)
def test_no_verdict_where_the_catalogue_has_none(tmp_path, name):
    assert resolve(name, VERTEX, context()).status == NO_VERDICT
    assert vertex_scan(tmp_path, f'client.models.generate_content(model="{name}", contents="a")') == ()


def test_family_strips_version_tails():
    assert family("imagen-4.0-generate-preview-06-06") == "imagen-4.0-generate"
    assert family("textembedding-gecko@003") == "textembedding-gecko"
    assert family("gemini-3.8-flsh") == "gemini-3.8-flsh"
    assert not load_vertex_catalogue().knows_family("gemini-9.9-ultra")


def test_not_before_is_a_floor_not_a_shutdown(tmp_path):
    # veo-3.1-generate-001: "2026-11-17 or later", already passed on TODAY; gemini-embedding-001: 2028-05-20 or later.
    row = load_vertex_catalogue().get("veo-3.1-generate-001")
    assert row.retirement_bound == "not_before" and row.retirement < TODAY and row.shutdown is None
    far = _dt.date(2030, 1, 1)
    assert vertex_scan(tmp_path, 'client.models.generate_videos(model="veo-3.1-generate-001", prompt="a")', far) == ()
    call = 'client.models.embed_content(model="gemini-embedding-001", contents="a")'
    assert vertex_scan(tmp_path, call, far) == ()
    # The same id on the Gemini API has a shutdown date (GL004): platforms do not mix.
    assert "GL004" in codes(gemini_scan(tmp_path, call))


def test_restriction_is_a_dated_warning(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.generate_content(model="gemini-2.5-flash", contents="a")')
    assert finding.code == "GL004" and finding.severity == "warning"
    assert "on Vertex AI" in finding.full_text()
    assert "closed to new and inactive projects since 2026-10-20" in finding.full_text()
    assert "shuts down on 2027-03-31" in finding.full_text() and "gemini-3.8-flash" in finding.full_text()


def test_scheduled_shutdown_then_retired(tmp_path):
    call = 'client.aio.live.connect(model="gemini-live-2.5-flash-native-audio")'
    [before] = vertex_scan(tmp_path, call, _dt.date(2026, 11, 1))
    assert (
        before.code == "GL004"
        and "from 2026-11-13 (inferred)" in before.full_text()
        and "in 42 days" in before.full_text()
    )
    [after] = vertex_scan(tmp_path, call, _dt.date(2026, 12, 20))
    assert after.code == "GL003" and "retired on Vertex AI" in after.full_text() and "2026-12-13" in after.full_text()


def test_deprecated_without_date_is_gl005_marked_inferred(tmp_path):
    [finding] = vertex_scan(tmp_path, 'client.models.edit_image(model="imagen-4.0-ingredients-preview", prompt="a")')
    assert finding.code == "GL005" and "deprecated on Vertex AI: move to" in finding.message
    assert finding.detail == "deprecated by the Vertex AI catalogue (inferred)"


def test_publisher_path_is_judged_by_its_id(tmp_path):
    path = "projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-001"
    assert normalize(path) == "gemini-2.0-flash-001"
    assert resolve(path, VERTEX, context()).status == RETIRED
    assert resolve("publishers/google/models/text-embedding-005", VERTEX, context()).status == LISTED


@pytest.mark.parametrize(
    "path",
    [
        "projects/p/locations/us-central1/endpoints/1234567890",
        "projects/p/locations/us-central1/models/987@1",
        "projects/p/locations/us-central1/publishers/anthropic/models/claude-x",
    ],
)
def test_endpoint_and_tuned_model_paths_get_no_verdict(tmp_path, path):
    assert resolve(path, VERTEX, context()).status == NO_VERDICT
    assert vertex_scan(tmp_path, f'client.models.generate_content(model="{path}", contents="a")') == ()


def test_a_project_vertex_inventory_overrides_the_catalogue(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n")
    listing = {"models": [{"name": "publishers/google/models/gemini-3.8-flash", "supportedActions": []}]}
    (tmp_path / ".gemlint").mkdir()
    (tmp_path / ".gemlint" / "vertex-models.json").write_text(json.dumps(listing))
    config = Config(root=str(tmp_path), path=str(tmp_path / "pyproject.toml"))
    scanner = make_scanner(config, today=TODAY)
    assert scanner.vertex_inventory is not None
    (tmp_path / "v.py").write_text(
        VERTEX_CLIENT + 'client.models.embed_content(model="text-embedding-005", contents="a")\n'
    )
    [finding] = scan([str(tmp_path / "v.py")], scanner).findings
    assert finding.code == "GL001" and "Vertex AI inventory" in finding.full_text()


def test_vertex_inventory_setting_overrides_the_catalogue(tmp_path):
    listing = tmp_path / "vx.json"
    listing.write_text(json.dumps({"models": [{"name": "publishers/google/models/text-embedding-005"}]}))
    call = 'client.models.generate_content(model="gemini-1.5-pro-002", contents="a")'
    assert codes(vertex_scan(tmp_path, call)) == ["GL003"]
    assert codes(vertex_scan(tmp_path, call, vertex_inventory=str(listing))) == ["GL001"]


# -- announced models, the November facts, the inventory's age ------------------------------------------------


@pytest.mark.parametrize("name", ["gemini-4-hydrogen", "gemini-4-carbon", "gemini-4-neon", "gemini-omni-1.2-flash"])
def test_announced_models_are_never_unknown_nor_of_the_wrong_class(tmp_path, name):
    assert resolve(name, GEMINI, context()).status == "announced"
    calls = [
        f'client.models.generate_content(model="{name}", contents="a")',
        f'client.models.embed_content(model="{name}", contents="a")',
        f'client.aio.live.connect(model="{name}")',
    ]
    assert gemini_scan(tmp_path, "\n".join(calls)) == ()


def test_models_show_says_where_an_announced_model_comes_from():
    result = run_cli(["models", "show", "gemini-4-hydrogen"])
    assert result.returncode == 0, result.stderr
    assert "announced after the listing" in result.stdout and "methods unknown" in result.stdout
    assert "first evidence 2026-11-12" in result.stdout and "@ai-sdk/google" in result.stdout
    assert "grade: C+A" in result.stdout


def test_november_shutdowns(tmp_path):
    call = 'client.aio.live.connect(model="gemini-3.1-flash-live-preview")'
    [before] = gemini_scan(tmp_path, call, _dt.date(2026, 11, 10))
    assert before.code == "GL004" and "shuts down on 2026-11-17 (in 7 days)" in before.full_text()
    [after] = gemini_scan(tmp_path, call)
    assert after.code == "GL004" and "passed its shutdown date 2026-11-17" in after.message
    assert after.detail.startswith("8 days ago;") and after.severity == "error"
    assert after.fix is not None and after.fix.new == "gemini-3.8-live"
    for name in ("gemini-2.5-flash-native-audio-preview-12-2025", "gemini-2.5-pro-preview-tts"):
        life = context().lifecycle.get(name)
        assert str(life.shutdown) == "2026-11-17" and life.grade == "B" and life.source


def test_auto_routing_from_december(tmp_path):
    [finding] = gemini_scan(tmp_path, 'client.models.generate_content(model="gemini-2.5-pro", contents="a")')
    assert finding.code == "GL004"
    assert "'gemini-2.5-pro' is auto-routed from 2026-12-01 (in 6 days): move to gemini-3.8-flash" == finding.message
    assert finding.severity == "warning"  # auto-routed: a warning whatever the horizon
    life = context().lifecycle.get("gemini-2.5-flash")
    assert life.auto_routed and life.replacement == "gemini-3.5-flash-lite"


def test_gl001_wording_follows_the_inventory_age(tmp_path):
    call = 'client.models.generate_content(model="gemini-3.8-flsh", contents="a")'
    [stale] = gemini_scan(tmp_path, call, _dt.date(2026, 12, 1))
    assert stale.message.startswith("'gemini-3.8-flsh' is not listed: ")
    assert "not in the inventory of 2026-10-24 (38 days old: a newer model would not be in it)" in stale.detail
    [fresh] = gemini_scan(tmp_path, call, _dt.date(2026, 11, 1))
    assert "does not exist" in fresh.message and fresh.detail.startswith("not in the inventory of 2026-10-24;")
    [never] = gemini_scan(tmp_path, call, _dt.date(2026, 12, 1), max_inventory_age=0)
    assert "does not exist" in never.full_text()


def test_stale_wording_uses_the_scan_date_on_the_cli(tmp_path):
    (tmp_path / "a.py").write_text(GEMINI_CLIENT + 'client.models.generate_content(model="gemini-3.8-flsh")\n')
    result = run_cli(["scan", "--no-cache", "a.py"], cwd=tmp_path, env={"GEMLINT_TODAY": "2026-12-01"})
    assert "'gemini-3.8-flsh' is not listed: did you mean gemini-3.8-flash?" in result.stdout
    assert "Note: the bundled inventory is from 2026-10-24 (38 days old)" in result.stdout


# -- models list / show --platform vertex, through the real CLI -----------------------------------------------


def test_models_list_platform_vertex(tmp_path):
    result = run_cli(["models", "list", "--platform", "vertex"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert len(rows) == len(load_vertex_catalogue().models)
    assert "embed" in rows["text-embedding-005"] and "embedContent" in rows["text-embedding-005"]
    assert "available until at least 2027-05-19" in rows["gemini-3.5-flash"]
    assert "retires 2027-03-31 (scheduled)" in rows["gemini-2.5-flash"]
    gemini = run_cli(["models", "list"], cwd=tmp_path).stdout.split()
    assert "text-embedding-005" not in gemini


def test_models_list_platform_vertex_json_by_method(tmp_path):
    result = run_cli(["models", "list", "--platform", "vertex", "--format", "json", "--method", "predictLongRunning"])
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-12-01" and data["bundled"] is True
    assert {m["kind"] for m in data["models"]} == {"video"}
    assert "veo-3.1-generate-001" in [m["id"] for m in data["models"]]


def test_models_show_platform_vertex(tmp_path):
    result = run_cli(["models", "show", "gemini-live-2.5-flash-native-audio", "--platform", "vertex"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "platform: Vertex AI" in out and "kind: Live API (live)" in out
    assert "retirement: 2026-12-13 (shutdown, scheduled)" in out
    assert "restriction: since 2026-11-13 (inferred)" in out
    assert "inferred (deduced, not read from a source; lower weight): restriction" in out
    assert "source [0]: https://docs.cloud.google.com/" in out
    floor = run_cli(["models", "show", "veo-3.1-generate-001", "--platform", "vertex"], cwd=tmp_path).stdout
    assert "2026-11-17 (a floor, not a shutdown" in floor


def test_models_show_platform_vertex_unknown_is_one_line(tmp_path):
    result = run_cli(["models", "show", "gemini-3.8-flsh", "--platform", "vertex"], cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "not in the bundled Vertex AI catalogue" in line and "gemini-3.8-flash" in line


def test_resolve_unknown_name_on_vertex(tmp_path):
    assert resolve("gemini-9.9-ultra", VERTEX, context()).status == UNKNOWN


def test_a_refreshed_vertex_listing_without_methods_keeps_the_catalogue_kinds(tmp_path):
    # `gemlint models refresh --vertex` writes publisher models with no method lists.
    listing = tmp_path / "vx.json"
    names = ["text-embedding-005", "gemini-3.8-flash"]
    listing.write_text(
        json.dumps({"source": "vertex", "models": [{"name": f"publishers/google/models/{n}"} for n in names]})
    )
    embed = 'client.models.embed_content(model="text-embedding-005", contents="a")'
    assert vertex_scan(tmp_path, embed, vertex_inventory=str(listing)) == ()
    wrong = 'client.models.generate_content(model="text-embedding-005", contents="a")'
    assert codes(vertex_scan(tmp_path, wrong, vertex_inventory=str(listing))) == ["GL002"]
    assert (
        vertex_scan(tmp_path, 'client.models.generate_content(model="gemini-3.8-flash")', vertex_inventory=str(listing))
        == ()
    )


def test_publisher_path_in_a_call_is_fixed_in_its_own_spelling(tmp_path):
    path = "projects/p/locations/us-central1/publishers/google/models/veo-3.0-generate-001"
    [finding] = vertex_scan(tmp_path, f'client.models.generate_videos(model="{path}", prompt="a")')
    assert finding.code == "GL003" and "'veo-3.0-generate-001' was retired on Vertex AI" in finding.message
    # the fix rewrites the ID where it stands inside the path, so the path keeps its spelling
    line = f'client.models.generate_videos(model="{path}", prompt="a")'
    assert finding.location.column == line.index("veo-3.0-generate-001") + 1
    assert finding.fix == ("veo-3.0-generate-001", "veo-3.1-generate-001")
    assert len(finding.related) == 1  # the call, not also the bare path's existence check
