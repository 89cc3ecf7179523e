"""Every rule's VALID and INVALID examples, run through the real pipeline."""

from __future__ import annotations

import pkgutil

import pytest

import gemlint.rules as rules_pkg
from gemlint.inventory import load_inventory
from gemlint.rules import ALL_RULES, doc_page, get_rule
from tests.helpers import scan_source

EXAMPLES = [
    pytest.param(rule, kind, i, source, id=f"{rule.CODE}-{kind}-{i}")
    for rule in ALL_RULES
    for kind in ("VALID", "INVALID")
    for i, source in enumerate(getattr(rule, kind))
]


@pytest.mark.parametrize("rule,kind,index,source", EXAMPLES)
def test_rule_examples(tmp_path, rule, kind, index, source):
    codes = [f.code for f in scan_source(tmp_path, source).findings]
    if kind == "VALID":
        assert rule.CODE not in codes
    else:
        assert rule.CODE in codes


def test_every_rule_module_is_registered():
    helpers = {"aliases", "base", "platforms", "modality_check", "test_fixtures"}
    modules = {m.name for m in pkgutil.iter_modules(rules_pkg.__path__)} - helpers
    assert modules == {r.__name__.rsplit(".", 1)[1] for r in ALL_RULES}


def test_rule_identity_and_docs():
    codes = [r.CODE for r in ALL_RULES]
    assert len(set(codes)) == len(codes)
    for rule in ALL_RULES:
        assert rule.CODE.startswith("GL") and rule.CODE[2:].isdigit()
        assert rule.NAME == rule.NAME.lower() and " " not in rule.NAME
        assert rule.SEVERITY in ("error", "warning")
        page = doc_page(rule)
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in page, (rule.CODE, heading)
        assert get_rule(rule.CODE) is rule and get_rule(rule.NAME) is rule
        assert rule.VALID and rule.INVALID


def test_gl001_suggestions_prefer_the_call_sites_class(tmp_path):
    src = (
        "async def f(c):\n"
        '    async with c.aio.live.connect(model="gemini-2.5-flash-native-audio-dialog"):\n'
        "        pass\n"
    )
    [finding] = scan_source(tmp_path, src).findings
    assert finding.code == "GL001"
    assert finding.suggestions[0].startswith("gemini-2.5-flash-native-audio")
    assert "live.connect needs a Live model (bidiGenerateContent)" in finding.detail
    assert finding.related and finding.related[0].line == 2


def test_gl002_names_methods_and_site(tmp_path):
    src = 'M = "gemini-embedding-2"\n\n\ndef f(c):\n    return c.models.generate_content(model=M)\n'
    [finding] = scan_source(tmp_path, src).findings
    assert finding.code == "GL002" and finding.location.line == 1
    assert "cannot generate content: use " in finding.message
    assert "embedContent" in finding.detail and "models.generate_content (line 5)" in finding.detail
    # up to three suggestions, each a model that supports the method the call needs
    assert 1 <= len(finding.suggestions) <= 3
    inventory = load_inventory()
    assert all(inventory.models[s].supports("generateContent") for s in finding.suggestions), finding.suggestions
    assert finding.message.endswith(": use " + finding.suggestions[0])
    assert "models that do: " + ", ".join(finding.suggestions) in finding.detail


def test_gl003_message_has_date_and_replacement(tmp_path):
    [finding] = scan_source(tmp_path, 'c.models.generate_content(model="gemini-2.0-flash")\n').findings
    assert finding.code == "GL003"
    assert "2026-06-01" in finding.message and "gemini-3.6-flash" in finding.message


def test_gl004_uses_the_injected_date(tmp_path):
    src = 'c.models.embed_content(model="gemini-embedding-001", contents=["a"])\n'
    [finding] = scan_source(tmp_path, src).findings
    assert finding.code == "GL004" and finding.severity == "warning"
    assert "2028-05-14" in finding.message and "in 536 days" in finding.message


def test_vertex_only_live_id_is_not_unknown_on_vertex(tmp_path):
    src = (
        "client = genai.Client(vertexai=True, project='p', location='us-central1')\n"
        "async def f():\n"
        "    async with client.aio.live.connect(model='gemini-live-2.5-flash-native-audio'):\n"
        "        pass\n"
    )
    # Known to the Vertex AI catalogue: no GL001, only its own restriction and shutdown (2026-12-13).
    [finding] = scan_source(tmp_path, src).findings
    assert finding.code == "GL004" and "on Vertex AI" in finding.message and "shuts down in 18 days" in finding.message
    assert "shuts down on 2026-12-13" in finding.detail


def test_vertex_id_on_the_gemini_api_is_unknown(tmp_path):
    src = "async def f(client):\n    await client.aio.live.connect(model='gemini-live-2.5-flash-native-audio')\n"
    assert [f.code for f in scan_source(tmp_path, src).findings] == ["GL001"]


def test_vertex_call_sites_get_no_gemini_shutdown_dates(tmp_path):
    # gemini-3.5-flash is deprecated and auto-routed on the Gemini API, guaranteed until 2027-05-19 on Vertex AI.
    gemini = "def f(c):\n    c.models.generate_content(model='gemini-3.5-flash')\n"
    assert [f.code for f in scan_source(tmp_path, gemini).findings] == ["GL005"]
    src = "from vertexai.generative_models import GenerativeModel\nm = GenerativeModel('gemini-3.5-flash')\n"
    assert scan_source(tmp_path, src).findings == ()


def test_extra_models_are_accepted(tmp_path):
    src = 'c.models.generate_content(model="gemini-3.8-flash-acme-tuned")\n'
    assert [f.code for f in scan_source(tmp_path, src).findings] == ["GL001"]
    assert scan_source(tmp_path, src, extra_models=("gemini-3.8-flash-acme-tuned",)).findings == ()


def test_docs_rules_md_is_current():
    from gemlint.rules import rules_markdown
    from tests.helpers import REPO

    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == rules_markdown(), "run python scripts/gen_rule_docs.py"
    for rule in ALL_RULES:
        assert f"## {rule.CODE} {rule.NAME}\n" in text
