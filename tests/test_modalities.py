"""A call's config is part of its class: response_modalities, speech_config, the Interactions API.

Python and TypeScript, on the Gemini API and on Vertex AI, through the real scan.
"""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.extract.call_config import modality_name
from gemlint.inventory.modalities import BUNDLED_MODALITIES, load_modalities
from gemlint.types import GEMINI, VERTEX
from tests.helpers import REFERENCE, acceptance, run_cli

DAY = _dt.date(2026, 12, 7)


def generate(model: str, modalities: str) -> str:
    """A generate_content call asking ``model`` for ``modalities`` (a Python expression)."""
    config = f'{{"response_modalities": {modalities}}}'
    return f'client.models.generate_content(model="{model}", contents="x", config={config})\n'


PY = "from google import genai\nfrom google.genai import types\nclient = genai.Client({flag})\n"
TS = "import {{ GoogleGenAI, Modality }} from '@google/genai';\nconst ai = new GoogleGenAI({{{flag}}});\n"


def run(tmp_path, monkeypatch, name, body, vertex=False):
    if name.endswith(".py"):
        head = PY.format(flag="vertexai=True, project='p', location='l'" if vertex else "api_key='k'")
    else:
        head = TS.format(flag=" vertexai: true " if vertex else " apiKey: 'k' ")
    (tmp_path / name).write_text(head + body)
    monkeypatch.chdir(tmp_path)
    found = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    return [f for f in found if f.code == "GL002"]


def one(found):
    assert len(found) == 1, found
    return found[0]


# -- Python ---------------------------------------------------------------------------------------------------

PY_CASES = {
    "config-class": 'client.models.generate_content(model="gemini-3.8-flash", contents="x",'
    ' config=types.GenerateContentConfig(response_modalities=["IMAGE"]))\n',
    "config-dict": 'client.models.generate_content(model="gemini-3.8-flash", contents="x",'
    ' config={"response_modalities": ["image"]})\n',
    "config-name": "CFG = types.GenerateContentConfig(response_modalities=[types.Modality.IMAGE])\n"
    'client.models.generate_content(model="gemini-3.8-flash", contents="x", config=CFG)\n',
    "list-name": 'WANT = ["TEXT", "IMAGE"]\n'
    'client.models.generate_content(model="gemini-3.8-flash", contents="x", config={"response_modalities": WANT})\n',
    "list-chain": 'BASE = ["IMAGE"]\nWANT = BASE\n'
    'client.models.generate_content(model="gemini-3.8-flash", contents="x", config={"response_modalities": WANT})\n',
    "stream": 'client.models.generate_content_stream(model="gemini-3.8-flash", contents="x",'
    ' config={"response_modalities": ["IMAGE"]})\n',
    "interactions": 'client.interactions.create(model="gemini-3.8-flash", input="x", response_modalities=["image"])\n',
}


@pytest.mark.parametrize("case", sorted(PY_CASES))
def test_python_image_from_a_text_model(tmp_path, monkeypatch, case):
    f = one(run(tmp_path, monkeypatch, "a.py", PY_CASES[case]))
    assert f.severity == "error"
    assert f.message == f"'gemini-3.8-flash' cannot return IMAGE: use {f.suggestions[0]}"
    assert f.detail.startswith("gemini-3.8-flash returns text only; response_modalities ")
    assert "needs IMAGE output; models that do: " + ", ".join(f.suggestions) in f.detail
    assert f.suggestions and all("image" in s for s in f.suggestions)
    assert f.fix is None


@pytest.mark.parametrize("case", sorted(PY_CASES))
def test_python_image_from_an_image_model_is_fine(tmp_path, monkeypatch, case):
    body = PY_CASES[case].replace("gemini-3.8-flash", "gemini-3-pro-image")
    assert run(tmp_path, monkeypatch, "a.py", body) == []


def test_python_audio_from_generate_content_needs_a_tts_model(tmp_path, monkeypatch):
    body = generate("gemini-3.8-flash", '["AUDIO"]')
    f = one(run(tmp_path, monkeypatch, "a.py", body))
    assert f.suggestions == ("gemini-3.8-flash-tts",)
    assert run(tmp_path, monkeypatch, "a.py", body.replace("gemini-3.8-flash", "gemini-3.8-flash-tts")) == []


def test_python_live_audio_needs_a_model_that_speaks(tmp_path, monkeypatch):
    body = 'client.aio.live.connect(model="gemini-3.5-transcribe-live", config={"response_modalities": ["AUDIO"]})\n'
    f = one(run(tmp_path, monkeypatch, "a.py", body))
    assert f.message == f"'gemini-3.5-transcribe-live' cannot return AUDIO: use {f.suggestions[0]}"
    assert f.detail.startswith(
        "gemini-3.5-transcribe-live returns text only; response_modalities ['AUDIO'] needs AUDIO output"
    )
    assert "reaches live.connect" in f.detail
    ok = body.replace("gemini-3.5-transcribe-live", "gemini-3.1-flash-live-preview")
    assert run(tmp_path, monkeypatch, "a.py", ok) == []


def test_python_speech_config_without_audio_is_a_warning(tmp_path, monkeypatch):
    body = (
        "cfg = types.GenerateContentConfig(response_modalities=['TEXT'], speech_config=types.SpeechConfig())\n"
        'client.models.generate_content(model="gemini-3.8-flash", contents="x", config=cfg)\n'
    )
    f = one(run(tmp_path, monkeypatch, "a.py", body))
    assert f.severity == "warning"
    assert f.message == "'gemini-3.8-flash' ignores speech_config without AUDIO: add AUDIO to response_modalities"
    assert f.detail.startswith("speech_config sets a voice, but response_modalities ['TEXT'] has no AUDIO")
    assert run(tmp_path, monkeypatch, "a.py", body.replace("speech_config=types.SpeechConfig()", "temperature=0")) == []


def test_python_image_model_asked_only_for_text_is_a_warning(tmp_path, monkeypatch):
    body = generate("gemini-3-pro-image", '["TEXT"]')
    f = one(run(tmp_path, monkeypatch, "a.py", body))
    assert f.severity == "warning"
    assert f.message == "'gemini-3-pro-image' will not draw when asked only for TEXT: add IMAGE to response_modalities"
    assert f.detail.startswith("gemini-3-pro-image is an image model; response_modalities ['TEXT'] asks only for TEXT")
    assert run(tmp_path, monkeypatch, "a.py", body.replace('["TEXT"]', '["TEXT", "IMAGE"]')) == []


def test_a_config_built_at_run_time_asks_nothing(tmp_path, monkeypatch):
    body = generate("gemini-3.8-flash", "modes()")
    assert run(tmp_path, monkeypatch, "a.py", body) == []


def test_a_model_the_table_does_not_know_gets_no_verdict(tmp_path, monkeypatch):
    body = generate("gemini-4-hydrogen", '["IMAGE"]')
    assert load_modalities().get("gemini-4-hydrogen", GEMINI) is None
    assert run(tmp_path, monkeypatch, "a.py", body) == []


def test_vertex_ai_uses_the_vertex_table(tmp_path, monkeypatch):
    body = generate("gemini-3.8-flash", '["IMAGE"]')
    f = one(run(tmp_path, monkeypatch, "a.py", body, vertex=True))
    # gemini-3.1-flash-image serves Vertex AI (GA there) and is offered; smaller tiers are not when another fits
    assert f.suggestions == ("gemini-3.1-flash-image", "gemini-3-pro-image")


# -- TypeScript -----------------------------------------------------------------------------------------------

TS_CASES = {
    "inline": "await ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x',"
    " config: { responseModalities: [Modality.IMAGE] } });\n",
    "strings": "await ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x',"
    " config: { responseModalities: ['TEXT', 'IMAGE'] } });\n",
    "const-config": "const config = { responseModalities: ['IMAGE'] };\n"
    "await ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x', config });\n",
    "const-list": "const modes = [Modality.IMAGE];\n"
    "await ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x',"
    " config: { responseModalities: modes } });\n",
    "as-const": "await ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x',"
    " config: { responseModalities: ['IMAGE'] as const } });\n",
    "interactions": "await ai.interactions.create({ model: 'gemini-3.8-flash', input: 'x',"
    " responseModalities: ['image'] });\n",
}


@pytest.mark.parametrize("case", sorted(TS_CASES))
def test_typescript_image_from_a_text_model(tmp_path, monkeypatch, case):
    f = one(run(tmp_path, monkeypatch, "a.ts", TS_CASES[case]))
    assert f.message == f"'gemini-3.8-flash' cannot return IMAGE: use {f.suggestions[0]}"
    assert f.detail.startswith("gemini-3.8-flash returns text only; response_modalities ")


@pytest.mark.parametrize("case", sorted(TS_CASES))
def test_typescript_image_from_an_image_model_is_fine(tmp_path, monkeypatch, case):
    assert run(tmp_path, monkeypatch, "a.ts", TS_CASES[case].replace("gemini-3.8-flash", "gemini-3-pro-image")) == []


def test_typescript_live_and_speech(tmp_path, monkeypatch):
    live = (
        "ai.live.connect({ model: 'gemini-3.5-transcribe-live', config: { responseModalities: [Modality.AUDIO] } });\n"
    )
    f = one(run(tmp_path, monkeypatch, "a.ts", live))
    assert f.message.startswith("'gemini-3.5-transcribe-live' cannot return AUDIO: use ")
    assert "needs AUDIO output" in f.detail
    speech = (
        "await ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x',"
        " config: { responseModalities: ['TEXT'], speechConfig: { voiceConfig: {} } } });\n"
    )
    assert one(run(tmp_path, monkeypatch, "a.ts", speech)).severity == "warning"


# -- the Interactions API -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, body",
    [
        ("a.py", 'client.interactions.create(model="gemini-3.8-flsh", input="x")\n'),
        ("a.ts", "await ai.interactions.create({ model: 'gemini-3.8-flsh', input: 'x' });\n"),
    ],
)
def test_interactions_create_is_a_generate_content_call_site(tmp_path, monkeypatch, name, body):
    (tmp_path / name).write_text((PY.format(flag="") if name.endswith(".py") else TS.format(flag="")) + body)
    monkeypatch.chdir(tmp_path)
    [f] = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    assert f.code == "GL001" and f.method == "generateContent" and f.site_kind.endswith("interactions.create")
    # an embedding model there is the wrong class
    (tmp_path / name).write_text((tmp_path / name).read_text().replace("gemini-3.8-flsh", "gemini-embedding-2"))
    [f] = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    assert f.code == "GL002"


@pytest.mark.parametrize(
    "name, body",
    [
        ("a.py", 'client.interactions.create(agent="deep-research-pro-preview-12-2025", input="x")\n'),
        ("a.ts", "await ai.interactions.create({ agent: 'deep-research-pro-preview-12-2025', input: 'x' });\n"),
        ("a.py", 'client.interactions.create(agent="gemini-3.8-flsh", input="x")\n'),
        ("a.ts", "await ai.interactions.create({ agent: 'gemini-3.8-flsh', input: 'x' });\n"),
    ],
)
def test_an_agent_is_not_a_model(tmp_path, monkeypatch, name, body):
    (tmp_path / name).write_text((PY.format(flag="") if name.endswith(".py") else TS.format(flag="")) + body)
    monkeypatch.chdir(tmp_path)
    found = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    # never judged as a model of the call (no call-site finding, no "does not exist", no class check); only the
    # id's documented shutdown (2026-10-23, passed) is a warning, as for any mention with a date (issue 23)
    assert all(f.site_kind is None and f.code not in ("GL001", "GL002") for f in found), found
    assert all(f.severity == "warning" for f in found), found
    if "deep-research-pro-preview-12-2025" in body:
        assert [(f.code, f.severity) for f in found] == [("GL004", "warning")]


# -- a call whose kind must change -----------------------------------------------------------------------------


def test_a_retired_imagen_model_says_the_call_must_change(tmp_path, monkeypatch):
    body = 'client.models.generate_images(model="imagen-3.0-fast-generate-001", prompt="x")\n'
    (tmp_path / "a.py").write_text(PY.format(flag="vertexai=True") + body)
    monkeypatch.chdir(tmp_path)
    [f] = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    assert f.code == "GL003" and f.fix is None
    assert f.message == (
        "'imagen-3.0-fast-generate-001' was retired on Vertex AI on 2026-06-30: "
        "use generate_content with gemini-3.1-flash-image"
    )
    assert f.detail.startswith("no Imagen model is left for generate_images on this platform; ")
    assert f.suggestions == ("gemini-3.1-flash-image",)


def test_a_family_that_lives_on_keeps_the_ordinary_advice(tmp_path, monkeypatch):
    # veo-2.0-generate-exp is retired, but the Veo family lives on (veo-3.1-generate-001): the ordinary advice
    body = 'client.models.generate_videos(model="veo-2.0-generate-exp", prompt="x")\n'
    (tmp_path / "a.py").write_text(PY.format(flag="vertexai=True") + body)
    monkeypatch.chdir(tmp_path)
    found = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    [f] = found
    assert f.code == "GL003" and "is left for" not in f.message and f.suggestions == ("veo-3.1-generate-001",)


def test_a_retired_imagen_model_in_typescript(tmp_path, monkeypatch):
    body = "await ai.models.generateImages({ model: 'imagen-4.0-generate-001', prompt: 'x' });\n"
    (tmp_path / "a.ts").write_text(TS.format(flag=" vertexai: true ") + body)
    monkeypatch.chdir(tmp_path)
    [f] = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    assert f.message.startswith("'imagen-4.0-generate-001' was retired on Vertex AI on ")
    assert ": use generateContent with " in f.message
    assert f.detail.startswith("no Imagen model is left for generateImages on this platform; ")


# -- the data and `models show` ------------------------------------------------------------------------------


def test_modality_names():
    assert [modality_name(t) for t in ("image", "IMAGE", "Modality.AUDIO", "types.Modality.TEXT", "pdf")] == [
        "IMAGE",
        "IMAGE",
        "AUDIO",
        "TEXT",
        None,
    ]


@acceptance("comparing the bundled modalities with ../shared/reference")
def test_bundled_modalities_are_the_reference_facts():
    ref = json.loads((REFERENCE / "modalities-2026-11.json").read_text())
    table = load_modalities()
    for platform, key in ((GEMINI, "gemini_api"), (VERTEX, "vertex_ai")):
        assert set(table.rows[platform]) == set(ref[key])
        for model, row in ref[key].items():
            mine = table.get(model, platform)
            assert list(mine.output) == row["output"] and mine.grade == row["grade"]
            assert mine.source == ref["_sources"][row["source"]] and mine.inferred == bool(row.get("inferred"))
    with open(BUNDLED_MODALITIES, encoding="utf-8") as fh:
        assert json.load(fh)["as_of"] == ref["_as_of"]


@pytest.mark.parametrize(
    "platform, model, expected",
    [
        (
            "vertex",
            "gemini-3.1-flash-image",
            "output modalities: text, image (grade B; reference/vertex-models-2026-11.json kind)",
        ),
        ("gemini", "gemini-3.8-flash-tts", "output modalities: audio (grade C (inferred); the model id (inferred))"),
        ("gemini", "gemini-3.8-flash", "output modalities: text (grade B; PyPI package litellm 1.110.2"),
    ],
)
def test_models_show_prints_output_modalities(platform, model, expected):
    result = run_cli(["models", "show", model, "--platform", platform])
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


# -- advice that fits the call: a retired model's replacement must return what the call asks for ----------------


def retired(tmp_path, monkeypatch, name, body):
    run(tmp_path, monkeypatch, name, body)  # writes the file
    found = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    return one([f for f in found if f.code == "GL003"])


def test_a_replacement_that_cannot_return_images_is_neither_the_fix_nor_the_advice(tmp_path, monkeypatch):
    # gemini-2.0-flash's documented replacement, gemini-3.6-flash, returns text only.
    f = retired(tmp_path, monkeypatch, "a.py", generate("gemini-2.0-flash", '["TEXT", "IMAGE"]'))
    assert f.fix is None
    assert "the replacement gemini-3.6-flash cannot return IMAGE, which this call asks for" in f.fix_refusal
    table = load_modalities()
    assert f.suggestions and all(table.get(s, GEMINI).returns("IMAGE") for s in f.suggestions), f.suggestions
    assert f.message == f"'gemini-2.0-flash' was retired on 2026-06-01: use {f.suggestions[0]}"


def test_a_text_call_keeps_the_documented_replacement_and_its_fix(tmp_path, monkeypatch):
    f = retired(tmp_path, monkeypatch, "a.py", generate("gemini-2.0-flash", '["TEXT"]'))
    assert f.fix is not None and f.fix.new == "gemini-3.6-flash"
    assert f.suggestions == ("gemini-3.6-flash",)


def test_typescript_generation_config_asking_for_images_gets_an_image_model(tmp_path, monkeypatch):
    body = (
        "const model = genAI.getGenerativeModel({\n  model: 'gemini-2.0-flash-exp',\n"
        "  generationConfig: { responseModalities: ['Text', 'Image'] },\n});\n"
    )
    head = "import { GoogleGenerativeAI } from '@google/generative-ai';\nconst genAI = new GoogleGenerativeAI('k');\n"
    (tmp_path / "route.ts").write_text(head + body)
    monkeypatch.chdir(tmp_path)
    found = scan(["."], make_scanner(Config(root=str(tmp_path)), today=DAY)).findings
    f = one([f for f in found if f.code == "GL003"])
    table = load_modalities()
    assert f.suggestions and all(table.get(s, GEMINI).returns("IMAGE") for s in f.suggestions), f.suggestions
    assert "a model of the right class that returns TEXT and IMAGE, as the call asks" in f.detail


def test_a_name_sent_to_chat_and_live_is_told_no_single_model_serves_both(tmp_path, monkeypatch):
    body = 'M = "gemini-2.0-flash"\nclient.models.generate_content(model=M, contents="x")\n'
    body += "client.aio.live.connect(model=M)\n"
    f = retired(tmp_path, monkeypatch, "a.py", body)
    assert f.suggestions == () and f.fix is None
    assert "one per call: no current model serves generateContent and bidiGenerateContent" in f.message
