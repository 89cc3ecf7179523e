"""References apart from mentions (issue 12, parts 2-4), Python and TypeScript/JavaScript alike.

A reference reaches a call site or a known model parameter and keeps GL001-GL005;
a mention (dict/object key, list entry, unused constant) gets GL006 or a GL003
warning; patterns, response fields and assertion text are never reported.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.helpers import run_cli, scan_json, scan_source


def found(tmp_path, source: str, name: str = "example.py"):
    """``(line, code, severity)`` of every finding in one snippet."""
    return [(f.location.line, f.code, f.severity) for f in scan_source(tmp_path, source, name).findings]


def only(tmp_path, source: str, name: str = "example.py"):
    [finding] = scan_source(tmp_path, source, name).findings
    return finding


# --------------------------------------------------------------------------- mentions

MENTION_CASES = [
    # (source, file name, expected findings)
    pytest.param(
        'PRICES = {"gemini-3.8-flash": 0.3, "gemini-1.5-flash-8b": 0.1}\n',
        "a.py",
        [(1, "GL003", "warning")],
        id="py-dict-key-retired",
    ),
    pytest.param(
        "export const LABELS = { 'gemini-3.8-flash': 'Flash', 'gemini-1.5-pro': 'Legacy' };\n",
        "a.ts",
        [(1, "GL003", "warning")],
        id="ts-object-key-retired",
    ),
    pytest.param('PRICES = {"gemini-9.9-ultra": 1}\n', "a.py", [(1, "GL006", "warning")], id="py-dict-key-unknown"),
    pytest.param(
        "const LABELS = { 'gemini-9.9-ultra': 'x' };\n", "a.ts", [(1, "GL006", "warning")], id="ts-object-key-unknown"
    ),
    pytest.param(
        "const LABELS = { \"gemini-9.9-ultra\": 'x' };\n", "a.js", [(1, "GL006", "warning")], id="js-object-key-unknown"
    ),
    pytest.param(
        'OPTIONS = ["gemini-3.8-flash", "gemini-9.9-ultra"]\n', "a.py", [(1, "GL006", "warning")], id="py-list-entry"
    ),
    pytest.param(
        "const OPTIONS = ['gemini-3.8-flash', 'gemini-9.9-ultra'];\n",
        "a.ts",
        [(1, "GL006", "warning")],
        id="ts-array-entry",
    ),
    pytest.param('UNUSED = "gemini-2.0-flash"\n', "a.py", [(1, "GL003", "warning")], id="py-unused-constant"),
    pytest.param(
        '<option value="gemini-2.0-flash">x</option>;\n', "a.tsx", [(1, "GL003", "warning")], id="jsx-attribute"
    ),
    # a mention is never GL002 and never an error, whatever the model's class
    pytest.param('LIVE_MODELS = ["gemini-3.8-flash", "gemini-embedding-2"]\n', "a.py", [], id="py-never-gl002"),
    # a listed mention with a shutdown date is a GL004 warning (issue 23: a picker offering a model that shuts down)
    pytest.param('EMBED = {"gemini-embedding-001": 1}\n', "a.py", [(1, "GL004", "warning")], id="py-listed-mention"),
    # ... GL005 (deprecated, no date) stays for references
    pytest.param('NAMES = ["gemini-3.5-flash"]\n', "a.py", [], id="py-deprecated-mention"),
    # a name known only on Vertex AI is known
    pytest.param('NAMES = ["gemini-live-2.5-flash-native-audio"]\n', "a.py", [], id="vertex-only-name"),
    # a model under a record key (metadata) names what a request used: a mention, not a model parameter
    pytest.param(
        'job = {"status": "done", "metadata": {"model": "gemini-2.0-flash", "version": 3}}\n',
        "a.py",
        [(1, "GL003", "warning")],
        id="py-metadata-record",
    ),
    pytest.param(
        'log(custom_metadata={"model_name": "gemini-9.9-ultra"})\n',
        "a.py",
        [(1, "GL006", "warning")],
        id="py-kw-record",
    ),
    pytest.param(
        "const r = { id, metadata: { request, model: 'veo-3', version: '3.0.0' } };\n",
        "a.ts",
        [(1, "GL006", "warning")],
        id="ts-metadata-record",
    ),
    pytest.param(
        "const M = 'gemini-2.0-flash';\nconst r = { errorMetadata: { model: M } };\n",
        "a.ts",
        [(1, "GL003", "warning")],
        id="ts-record-through-a-constant",
    ),
    # a model beside a result's keys (usage, latency, finishReason) names what answered: an app's record of a call
    pytest.param(
        "return { text, usage: { totalTokens }, model: options.model || 'gemini-1.5-flash', latency };\n",
        "a.ts",
        [(1, "GL003", "warning")],
        id="ts-result-record",
    ),
    pytest.param(
        "const model = 'gemini-1.5-flash';\nres.json({ content, model, finishReason });\n",
        "a.ts",
        [(1, "GL003", "warning")],
        id="ts-result-record-through-a-constant",
    ),
    pytest.param(
        'result = {"text": text, "model": "gemini-1.5-flash", "usage": usage}\n',
        "a.py",
        [(1, "GL003", "warning")],
        id="py-result-record",
    ),
]


@pytest.mark.parametrize("source,name,expected", MENTION_CASES)
def test_mentions(tmp_path, source, name, expected):
    assert found(tmp_path, source, name) == expected


def test_retired_mention_says_it_is_a_mention_and_has_no_fix(tmp_path):
    f = only(tmp_path, 'PRICES = {"gemini-2.0-flash": 0.1}\n')
    assert (f.code, f.severity) == ("GL003", "warning")
    assert "mention" in f.message and "no call site" in f.message
    assert f.fix is None and "mention" in f.fix_refusal
    assert f.suggestions == ("gemini-3.6-flash",)


def test_unknown_mention_fix_only_for_a_plain_typo(tmp_path):
    typo = only(tmp_path, 'PRICES = {"gemini-3.8-flsh": 0.3}\n')
    assert typo.code == "GL006" and typo.fix is not None and typo.fix.new == "gemini-3.8-flash"
    ambiguous = only(tmp_path, 'PRICES = {"gemini-3.9-flash": 0.3}\n')
    assert ambiguous.code == "GL006" and ambiguous.fix is None


def test_fix_rewrites_a_typo_mention_never_a_retired_one(tmp_path):
    (tmp_path / "a.py").write_text('P = {"gemini-3.8-flsh": 1, "gemini-2.0-flash": 2}\n', encoding="utf-8")
    (tmp_path / "b.ts").write_text("const L = { 'gemini-3.8-flsh': 'x', 'gemini-2.0-flash': 'y' };\n", encoding="utf-8")
    run = run_cli(["scan", "--no-cache", "--fix", "."], cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # the retired mentions are left: warnings, which exit 0
    assert (tmp_path / "a.py").read_text() == 'P = {"gemini-3.8-flash": 1, "gemini-2.0-flash": 2}\n'
    assert (tmp_path / "b.ts").read_text() == "const L = { 'gemini-3.8-flash': 'x', 'gemini-2.0-flash': 'y' };\n"


# --------------------------------------------------------------------------- references

REFERENCE_CASES = [
    pytest.param('generate(model="gemini-2.0-flash")\n', "a.py", [(1, "GL003", "error")], id="py-model-keyword"),
    pytest.param(
        'CONFIG = {"model": "gemini-2.0-flash", "temperature": 0}\n',
        "a.py",
        [(1, "GL003", "error")],
        id="py-model-dict",
    ),
    pytest.param(
        'M = "gemini-2.0-flash"\nCONFIG = {"model": M}\n',
        "a.py",
        [(1, "GL003", "error")],
        id="py-constant-to-model-dict",
    ),
    pytest.param(
        "const cfg = { model: 'gemini-2.0-flash', temperature: 0 };\n",
        "a.ts",
        [(1, "GL003", "error")],
        id="ts-model-property",
    ),
    pytest.param(
        "const M = 'gemini-2.0-flash';\npost({ model: M });\n",
        "a.ts",
        [(1, "GL003", "error")],
        id="ts-constant-to-model-property",
    ),
    pytest.param(
        "const model = 'gemini-2.0-flash';\npost({ model });\n",
        "a.js",
        [(1, "GL003", "error")],
        id="js-shorthand-model",
    ),
    # the default or the choice a model parameter takes is sent as it is: m || 'x', m ?? 'x', c ? 'x' : 'y', 'x' as M
    pytest.param(
        "post({ prompt, model: request.model || 'gemini-2.0-flash' });\n",
        "a.ts",
        [(1, "GL003", "error")],
        id="ts-model-default",
    ),
    pytest.param(
        "post({ prompt, model: fast ? 'gemini-2.0-flash' : (request.model ?? 'gemini-1.5-pro') });\n",
        "a.ts",
        [(1, "GL003", "error"), (1, "GL003", "error")],
        id="ts-model-choice",
    ),
    pytest.param(
        "const cfg = { model: 'gemini-2.0-flash' as const, timeout: 30000 };\n",
        "a.ts",
        [(1, "GL003", "error")],
        id="ts-model-as-const",
    ),
    # a record's model that a call then uses is a reference; a model key beside a metadata key is a parameter
    pytest.param(
        'from google import genai\n\njob = {"metadata": {"model": "gemini-2.0-flash"}}\n'
        'genai.Client().models.generate_content(model=job["metadata"]["model"], contents="hi")\n',
        "a.py",
        [(3, "GL003", "error")],
        id="py-record-sent-to-a-call",
    ),
    pytest.param(
        'from google import genai\n\nCONFIG = {"live": {"tier": "gemini-9.0-flash"}}\nlive = CONFIG["live"]\n'
        'genai.Client().models.generate_content(model=live["tier"], contents="hi")\n',
        "a.py",
        [(3, "GL001", "error")],
        id="py-dict-in-a-dict-sent-to-a-call",
    ),
    pytest.param(
        "const cfg = { model: 'gemini-2.0-flash', metadata: { owner: 'x' } };\n",
        "a.ts",
        [(1, "GL003", "error")],
        id="ts-model-beside-metadata",
    ),
    # one literal, used by a call and listed as a key elsewhere: the group is a reference
    pytest.param(
        'M = "gemini-3.8-flash"\nLIVE = [M]\nclient.aio.live.connect(model=M)\n',
        "a.py",
        [(1, "GL002", "error")],
        id="py-sited-group-is-a-reference",
    ),
]


@pytest.mark.parametrize("source,name,expected", REFERENCE_CASES)
def test_references(tmp_path, source, name, expected):
    assert found(tmp_path, source, name) == expected


# --------------------------------------------------------------------------- never reported

NEVER = [
    # patterns
    pytest.param(
        'def f(n):\n    return "gemini-2" in n or n.startswith("gemini-1") or n.endswith("gemini-3")\n',
        "a.py",
        id="py-substring-prefix-suffix",
    ),
    pytest.param('def f(n):\n    return n.startswith(("gemini-1", "gemini-2"))\n', "a.py", id="py-startswith-tuple"),
    pytest.param(
        'import re\nP = re.compile("gemini-1.5")\nre.match("gemini-2", x)\nre.search("gemini-3", x)\n',
        "a.py",
        id="py-regex",
    ),
    pytest.param(
        "const f = (n: string) => n.startsWith('gemini-1') || n.includes('gemini-2') || n.endsWith('gemini-3');\n",
        "a.ts",
        id="ts-string-tests",
    ),
    pytest.param("const r = new RegExp('gemini-1.5');\nconst s = RegExp('gemini-2');\n", "a.js", id="js-regexp"),
    # recorded API responses
    pytest.param('R = {"candidates": [], "modelVersion": "gemini-1.5-pro"}\n', "a.py", id="py-model-version"),
    pytest.param('R = {"model": "gemini-1.5-pro", "usageMetadata": {}}\n', "a.py", id="py-response-model"),
    pytest.param(
        'r = types.GenerateContentResponse(model_version="gemini-1.5-pro")\n', "a.py", id="py-response-keyword"
    ),
    pytest.param("const r = { candidates: [], modelVersion: 'gemini-1.5-pro' };\n", "a.ts", id="ts-model-version"),
    pytest.param("const r = { model: 'gemini-1.5-pro', usageMetadata: {} };\n", "a.ts", id="ts-response-model"),
    pytest.param(
        'def test_r(r):\n    assert r.model_version == "gemini-1.5-pro"\n'
        '    assert r["modelVersion"] != "gemini-1.0-pro"\n',
        "test_r.py",
        id="py-expected-response-field",
    ),
    pytest.param(
        "expect(res.modelVersion).toBe('gemini-1.5-pro');\nexpect(res.modelVersion).not.toEqual('gemini-1.0-pro');\n",
        "r.test.ts",
        id="ts-expected-response-field",
    ),
    # the expected text of a test assertion
    pytest.param(
        'import pytest\n\ndef test_x():\n    with pytest.raises(ValueError, match="gemini-1.5-pro"):\n        f()\n',
        "test_a.py",
        id="py-raises-match",
    ),
    pytest.param(
        "expect(() => f()).toThrow('gemini-1.5-pro');\nexpect(err.message).toContain('gemini-9.9-x');\n"
        "expect(msg).toMatch('gemini-2.0-flash');\n",
        "a.test.ts",
        id="ts-assertions",
    ),
    # labels the code chooses: a tuned model's or a job's display name
    pytest.param(
        'cfg = types.CreateTuningJobConfig(tuned_model_display_name="gemini-2.5-flash-preference-tuned")\n'
        'job = aiplatform.CustomContainerTrainingJob(display_name="gemma-2b-sft-lora")\n'
        'spec = {"displayName": "gemini-1.5-pro"}\n',
        "a.py",
        id="py-display-names",
    ),
    pytest.param(
        "const job = { tunedModelDisplayName: 'gemini-2.5-flash-tuned', display_name: 'gemma-3-label' };\n",
        "a.ts",
        id="ts-display-names",
    ),
    pytest.param(
        'SERVICE_NAME = "gemma-3-1b"\nJOB_DISPLAY_NAME: str = "gemini-2.5-flash-tuned"\n'
        'deploy(service_name="gemma-3-1b")\n',
        "a.py",
        id="py-label-constants",
    ),
    # a path's part: a string a Path is divided by
    pytest.param(
        'from pathlib import Path\nmodel_dir = Path("models") / "gemma-2-2b-it-lora-sql" / "gemini-1.5-pro"\n',
        "a.py",
        id="py-path-parts",
    ),
    # resource paths
    pytest.param(
        'client.models.generate_content(model="projects/p/locations/l/endpoints/123", contents="x")\n'
        'client.models.generate_content(model="tunedModels/my-model-1", contents="x")\n',
        "a.py",
        id="resource-paths",
    ),
]


@pytest.mark.parametrize("source,name", NEVER)
def test_never_reported(tmp_path, source, name):
    assert found(tmp_path, source, name) == []


def test_a_label_constant_sent_to_a_call_is_still_a_reference(tmp_path):
    source = 'SERVICE_NAME = "gemini-9.9-x"\nclient.models.generate_content(model=SERVICE_NAME, contents="a")\n'
    assert found(tmp_path, source) == [(1, "GL001", "error")]


def test_a_label_key_hides_its_value_only(tmp_path):
    source = 'job = {"display_name": "gemini-9.9-tuned", "model_label": "gemini-9.9-other"}\n'
    assert found(tmp_path, source) == [(1, "GL006", "warning")]


def test_a_pattern_string_is_not_a_mention_but_the_same_name_elsewhere_is(tmp_path):
    src = 'def f(n):\n    return n.startswith("gemini-1.5-pro")\n\nOLD = ["gemini-1.5-pro"]\n'
    assert found(tmp_path, src) == [(4, "GL003", "warning")]


# --------------------------------------------------------------------------- per-file-ignores


def test_per_file_ignores_silences_gl006_in_tests(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gemlint]\n[tool.gemlint.per-file-ignores]\n"tests/**" = ["GL006"]\n"legacy_*.py" = ["GL0"]\n'
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text('NAMES = ["gemini-9.9-ultra", "gemini-2.0-flash"]\n')
    (tmp_path / "app.py").write_text('NAMES = ["gemini-9.9-ultra"]\n')
    (tmp_path / "legacy_x.py").write_text('generate(model="gemini-9.9-ultra")\n')
    data = scan_json(["."], cwd=tmp_path)
    got = sorted((f["path"], f["code"]) for f in data["findings"])
    assert got == [("app.py", "GL006"), ("tests/t.py", "GL003")]


@pytest.mark.parametrize(
    "value", ['{"tests/**" = "GL006"}', '{"tests/**" = ["XX1"]}', '["GL006"]', '{"tests/**" = [1]}']
)
def test_per_file_ignores_bad_value_exits_2_naming_file_and_key(tmp_path, value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.gemlint]\nper-file-ignores = {value}\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    run = run_cli(["scan", "--no-cache", "."], cwd=tmp_path)
    assert run.returncode == 2
    assert "pyproject.toml" in run.stderr and "per-file-ignores" in run.stderr
    assert "Traceback" not in run.stderr


# --------------------------------------------------------------------------- part 3: values that reach calls

DATACLASS_AGENT = """from dataclasses import dataclass
from google import genai


@dataclass
class AgentSettings:
    model: str = "gemini-3.5-transcribe-live"
    temperature: float = 0.2


class Agent:
    def __init__(self, settings: AgentSettings):
        self.settings = settings
        self.client = genai.Client()

    def answer(self, question):
        return self.client.models.generate_content(model=self.settings.model, contents=question)
"""


def test_dataclass_default_reaches_the_call_through_an_annotated_parameter(tmp_path):
    f = only(tmp_path, DATACLASS_AGENT)
    assert (f.location.line, f.code) == (7, "GL002")
    assert f.related[0].line == 17


@pytest.mark.parametrize(
    "header,init",
    [
        pytest.param("from pydantic import BaseModel\n\nclass S(BaseModel):\n", "self.s = S()", id="pydantic-ctor"),
        pytest.param("from typing import NamedTuple\n\nclass S(NamedTuple):\n", "self.s = S()", id="namedtuple"),
        pytest.param("class S:\n", "self.s: S = make()", id="self-annotation"),
        pytest.param("class S:\n", "self.s = s", id="optional-parameter"),
    ],
)
def test_field_defaults_reach_attribute_chains(tmp_path, header, init):
    src = (
        header + '    model: str = "gemini-embedding-2"\n\n\n'
        "class A:\n"
        "    def __init__(self, s: Optional[S] = None):\n"
        f"        {init}\n\n"
        "    def go(self, c):\n"
        "        return c.models.generate_content(model=self.s.model, contents='x')\n"
    )
    f = only(tmp_path, src)
    assert f.code == "GL002" and f.model == "gemini-embedding-2"


def test_class_level_annotation_types_the_attribute(tmp_path):
    src = (
        'class Config:\n    def __init__(self):\n        self.model = "gemini-3.8-flash"\n\n\n'
        "class Voice:\n    config: Config\n\n"
        "    async def run(self, c):\n"
        "        async with c.aio.live.connect(model=self.config.model):\n            pass\n"
    )
    f = only(tmp_path, src)
    assert (f.location.line, f.code) == (3, "GL002")


def test_unique_attribute_among_classes_when_the_type_is_unknown(tmp_path):
    src = (
        'class Config:\n    def __init__(self):\n        self.model = "gemini-3.8-flash"\n\n\n'
        "def run(c, cfg):\n    return c.aio.live.connect(model=cfg.model)\n"
    )
    assert found(tmp_path, src) == [(3, "GL002", "error")]


def test_ambiguous_attribute_resolves_nothing(tmp_path):
    src = (
        'class A:\n    def __init__(self):\n        self.model = "gemini-3.8-flash"\n\n\n'
        'class B:\n    def __init__(self):\n        self.model = "gemini-3.8-live"\n\n\n'
        "def run(c, cfg):\n    return c.aio.live.connect(model=cfg.model)\n"
    )
    assert found(tmp_path, src) == []  # listed mentions: nothing to say, and no guess between A and B


def test_raw_live_setup_in_a_test_is_a_gemini_reference(tmp_path):
    src = (
        "import { GoogleGenAI } from '@google/genai';\n"
        "it('names the model', () => {\n"
        "  expect(sent).toEqual({ setup: { model: 'models/gemini-2.0-flash-live-001' } });\n"
        "  const c = new GoogleGenAI({ vertexai: true, project: 'p', location: 'l' });\n"
        "});\n"
    )
    f = only(tmp_path, src, "voice.test.ts")
    assert (f.location.line, f.code, f.severity) == (3, "GL003", "error")
    assert f.site_kind == "Live setup message" and f.method == "bidiGenerateContent"


@pytest.mark.parametrize(
    "source,name",
    [
        pytest.param(
            "const URL = 'wss://x/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateMusic';\n"
            "ws.send(JSON.stringify({ setup: { model: 'models/gemini-3.8-flash' } }));\n",
            "music.ts",
            id="ts",
        ),
        pytest.param(
            'URL = "wss://x/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateMusic"\n'
            'ws.send(json.dumps({"setup": {"model": "models/gemini-3.8-flash"}}))\n',
            "music.py",
            id="py",
        ),
    ],
)
def test_the_socket_endpoint_decides_the_setup_method(tmp_path, source, name):
    f = only(tmp_path, source, name)
    assert f.code == "GL002" and f.method == "bidiGenerateMusic"


CALL_SITES = [
    pytest.param(
        'client.auth_tokens.create(config={"uses": 1, "live_connect_constraints": {"model": "gemini-3.8-flash"}})\n',
        "a.py",
        "bidiGenerateContent",
        id="py-auth-token-dict",
    ),
    pytest.param(
        "cfg = types.CreateAuthTokenConfig(\n    live_connect_constraints=types.LiveConnectConstraints("
        'model="gemini-3.8-flash")\n)\nclient.auth_tokens.create(config=cfg)\n',
        "a.py",
        "bidiGenerateContent",
        id="py-auth-token-typed",
    ),
    pytest.param(
        "await ai.authTokens.create({ config: { uses: 1, liveConnectConstraints: { model: 'gemini-3.8-flash' } } });\n",
        "a.ts",
        "bidiGenerateContent",
        id="ts-auth-token",
    ),
    pytest.param(
        'async def f(client):\n    async with client.aio.live.music.connect(model="gemini-3.8-flash"):\n        pass\n',
        "a.py",
        "bidiGenerateMusic",
        id="py-lyria",
    ),
    pytest.param(
        "await ai.live.music.connect({ model: 'gemini-3.8-flash', callbacks: {} });\n",
        "a.ts",
        "bidiGenerateMusic",
        id="ts-lyria",
    ),
]


@pytest.mark.parametrize("source,name,method", CALL_SITES)
def test_new_call_sites(tmp_path, source, name, method):
    f = only(tmp_path, source, name)
    assert (f.code, f.method) == ("GL002", method)


# --------------------------------------------------------------------------- part 4: suggestions and fixes


def test_replacement_chain_is_followed_past_shut_down_models(tmp_path):
    # gemini-robotics-er-1.5-preview (shut down 2026-04-30) -> gemini-robotics-er-1.6-preview
    # (shut down 2026-08-31) -> gemini-robotics-er-2-preview
    f = only(tmp_path, 'c.models.generate_content(model="gemini-robotics-er-1.5-preview")\n')
    assert f.code == "GL003"
    assert f.suggestions == ("gemini-robotics-er-2-preview",)
    assert f.fix is not None and f.fix.new == "gemini-robotics-er-2-preview"
    assert f.message.endswith(": use gemini-robotics-er-2-preview")
    assert "gemini-robotics-er-1.6-preview is itself retired or replaced" in f.detail


def test_no_replacement_of_the_wrong_class_is_suggested_or_fixed(tmp_path):
    # imagen-4.0-generate-001 (shut down 2026-08-17) -> gemini-3.1-flash-image, which has no predict
    f = only(tmp_path, 'c.models.generate_images(model="imagen-4.0-generate-001", prompt="x")\n')
    assert f.code == "GL003" and f.fix is None
    assert "does not support predict" in f.fix_refusal
    assert "gemini-3.1-flash-image" not in f.suggestions


def test_right_class_suggestions_rank_the_family_first(tmp_path):
    src = "async def f(c):\n    async with c.aio.live.connect(model='gemini-3.8-flash'):\n        pass\n"
    f = only(tmp_path, src)
    assert f.code == "GL002" and f.suggestions[0] == "gemini-3.8-live"


def test_a_passed_shutdown_date_says_so_plainly(tmp_path):
    f = only(tmp_path, 'c.models.generate_content(model="gemini-3.1-flash-image-preview")\n')
    assert f.code == "GL004"
    assert (
        f.message
        == "'gemini-3.1-flash-image-preview' passed its shutdown date 2026-06-25: move to gemini-nano-banana-2.1"
    )
    assert f.detail.startswith("153 days ago; the inventory of 2026-10-24 still lists it, so it may still answer")


def test_gl005_wording(tmp_path):
    f = only(tmp_path, 'c.models.generate_content(model="gemini-3.7-flash")\n')
    assert f.code == "GL005" and "replaced to" not in f.message
    assert "auto-routed: move to gemini-3.8-flash" in f.message


def test_related_locations_are_sorted(tmp_path):
    src = (
        'M = "gemini-2.0-flash"\n\n\ndef b(c):\n    return c.models.count_tokens(model=M)\n\n\n'
        "def a(c):\n    return c.models.generate_content(model=M)\n"
    )
    f = only(tmp_path, src)
    assert [loc.line for loc in f.related] == [5, 9]
    data = scan_json(["example.py"], cwd=tmp_path)
    assert [r["line"] for r in data["findings"][0]["related"]] == [5, 9]


def test_mention_output_is_the_same_with_and_without_the_cache(tmp_path):
    for i in range(20):  # enough files for the cache to be used
        (tmp_path / f"m{i}.py").write_text(f'P{i} = {{"gemini-2.0-flash": 1, "gemini-9.9-x{i}": 2}}\n')
    (tmp_path / "b.ts").write_text("const L = { 'gemini-1.5-pro': 'x' };\n")
    base = ["scan", "--format", "json", "."]
    cold = run_cli(base, cwd=tmp_path).stdout
    warm = run_cli(base, cwd=tmp_path).stdout
    uncached = run_cli(base + ["--no-cache"], cwd=tmp_path).stdout
    assert cold == warm == uncached
    assert len(json.loads(uncached)["findings"]) == 41


@pytest.mark.parametrize(
    "header,default",
    [
        pytest.param(
            "from pydantic import BaseModel, Field\n\nclass S(BaseModel):\n", 'Field(default="{m}")', id="pydantic"
        ),
        pytest.param("from pydantic import BaseModel, Field\n\nclass S(BaseModel):\n", 'Field("{m}")', id="positional"),
        pytest.param(
            "from dataclasses import dataclass, field\n\n@dataclass\nclass S:\n",
            'field(default="{m}")',
            id="dataclass-field",
        ),
    ],
)
def test_field_factory_defaults_reach_the_call(tmp_path, header, default):
    src = (
        header + "    model: str = " + default.format(m="gemini-embedding-2") + "\n\n\n"
        "def go(c, s: S):\n"
        "    return c.models.generate_content(model=s.model, contents='x')\n"
    )
    f = only(tmp_path, src)
    assert f.code == "GL002" and f.model == "gemini-embedding-2"


def test_suggestions_are_alive_on_the_scan_date_and_of_the_right_class(tmp_path):
    import datetime as _dt

    from gemlint.api import make_scanner, scan
    from gemlint.config import Config

    src = (
        "async def f(c):\n"
        '    async with c.aio.live.connect(model="gemini-2.5-flash-native-audio-dialog"):\n'
        "        pass\n"
    )
    (tmp_path / "seed.py").write_text(src)

    def suggestions(day):
        scanner = make_scanner(Config(root=str(tmp_path)), today=day)
        [finding] = scan([str(tmp_path / "seed.py")], scanner).findings
        assert finding.code == "GL001"
        return finding.suggestions

    shut = "gemini-2.5-flash-native-audio-preview-12-2025"  # shut down on 2026-11-17
    before = suggestions(_dt.date(2026, 11, 10))
    after = suggestions(_dt.date(2026, 11, 25))
    assert shut in before and shut not in after and after
    # every suggestion serves the Live API: no close name of the wrong class (gemini-2.5-flash-image) fills the list
    inventory = make_scanner(Config(root=str(tmp_path))).inventory
    assert all(inventory.get(name).supports("bidiGenerateContent") for name in before + after)


# --------------------------------------------------------------------------- comparisons

COMPARISON_CASES = [
    # a retired or scheduled name the code only recognises: nothing to change there
    pytest.param("def f(m):\n    return m != 'gemini-1.5-flash-002'\n", "a.py", [], id="py-not-equal-retired"),
    pytest.param("def f(m):\n    return m == 'gemini-2.0-flash'\n", "a.py", [], id="py-equal-retired"),
    pytest.param("def f(m):\n    return m in ('gemini-1.5-pro', 'gemini-2.0-flash')\n", "a.py", [], id="py-in-tuple"),
    pytest.param(
        "def f(m):\n    match m:\n        case 'gemini-1.5-pro':\n            return 1\n",
        "a.py",
        [],
        id="py-match-case",
        marks=pytest.mark.skipif(sys.version_info < (3, 10), reason="match is Python 3.10+"),
    ),
    pytest.param("export const f = (m: string) => m !== 'gemini-1.5-pro';\n", "a.ts", [], id="ts-strict-not-equal"),
    pytest.param("const f = (m) => m == 'gemini-2.0-flash';\n", "a.js", [], id="js-equal"),
    pytest.param(
        "function f(m: string) {\n  switch (m) {\n    case 'gemini-1.5-pro':\n      return 1;\n  }\n}\n",
        "a.ts",
        [],
        id="ts-switch-case",
    ),
    # a typo in a test never matches: still reported
    pytest.param("def f(m):\n    return m == 'gemini-3.8-flsh'\n", "a.py", [(2, "GL006", "warning")], id="py-typo"),
    pytest.param("const f = (m) => m === 'gemini-3.8-flsh';\n", "a.ts", [(1, "GL006", "warning")], id="ts-typo"),
    # not a test of the whole value: a mention as before (a list entry)
    pytest.param("OLD = ['gemini-1.5-pro']\n", "a.py", [(1, "GL003", "warning")], id="py-list-stays-a-mention"),
    pytest.param("const OLD = 'gemini-1.5-pro' + suffix;\n", "a.ts", [(1, "GL003", "warning")], id="ts-concat-mention"),
]


@pytest.mark.parametrize("source,name,expected", COMPARISON_CASES)
def test_a_compared_name_is_checked_for_existence_only(tmp_path, source, name, expected):
    assert found(tmp_path, source, name) == expected


def test_a_compared_name_that_also_reaches_a_call_is_a_reference(tmp_path):
    source = (
        "from google import genai\nc = genai.Client()\nM = 'gemini-2.0-flash'\n"
        "if M == 'gemini-2.0-flash':\n    c.models.generate_content(model=M, contents='x')\n"
    )
    # the constant reaches the call (an error); the compared literal on line 4 stays quiet
    assert found(tmp_path, source) == [(3, "GL003", "error")]


# --------------------------------------------------------------------------- family labels


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ('FAMILIES = {"gemini-3": "Gemini 3", "gemini-2.5": "Gemini 2.5", "gemma-4": "Gemma 4"}\n', "a.py"),
        ("export const LEGACY = ['gemini-2.0', 'gemini-1.5', 'gemini-1.0'];\n", "a.ts"),
        ("if (family === 'gemini-3') { pick(); }\n", "a.js"),
    ],
)
def test_a_family_label_is_no_mention(tmp_path, source, name):
    assert found(tmp_path, source, name) == []


def test_a_family_label_sent_as_a_model_is_still_an_error(tmp_path):
    src = "from google import genai\nclient = genai.Client()\n"
    src += 'client.models.generate_content(model="gemini-3", contents="x")\n'
    assert found(tmp_path, src) == [(3, "GL001", "error")]


def test_a_family_label_with_more_after_it_is_a_mention(tmp_path):
    assert found(tmp_path, 'OPTIONS = ["gemini-3-ultra-max"]\n') == [(1, "GL006", "warning")]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("gemini-3", True),
        ("gemini-2.5", True),
        ("gemma-4", True),
        ("models/gemini-3", True),
        ("text-embedding-005", False),  # ids of other families have that shape
        ("lyria-3.5", False),
        ("embedding-001", False),
        ("gemini-3-pro", False),
        ("gemini-001", False),
    ],
)
def test_family_labels(name, label):
    from gemlint.extract.names import is_family_label

    assert is_family_label(name) is label
