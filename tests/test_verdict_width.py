"""Issue 27: one-line verdicts. Every GL001-GL004 line of the default text format fits in 120 columns, on a
small project with the common cases: Python and TypeScript, the Gemini API, Vertex AI and a client whose
platform is decided at run time (judged on both), wrong-class calls and response_modalities.

Through the real CLI (``gemlint scan``), as a user reads it. The expected codes per line keep every case in
play: a case that stopped being reported would otherwise make the width check pass vacuously.
"""

from __future__ import annotations

import re

from tests.helpers import run_cli

PY_GEMINI = """from google import genai
from google.genai import types
client = genai.Client(api_key="k")
client.models.generate_content(model="gemini-3.8-flsh", contents="x")
client.aio.live.connect(model="gemini-3.8-flash")
client.models.generate_content(model="gemini-2.0-flash-exp", contents="x")
client.models.embed_content(model="gemini-embedding-001", contents="x")
client.models.generate_content(model="gemini-3.8-flash", contents="x", config={"response_modalities": ["IMAGE"]})
client.models.generate_content(model="gemini-3.8-flash", contents="x", config={"response_modalities": ["AUDIO"]})
cfg = types.GenerateContentConfig(response_modalities=["TEXT"], speech_config=types.SpeechConfig())
client.models.generate_content(model="gemini-3.8-flash", contents="x", config=cfg)
client.models.generate_content(model="gemini-3-pro-image", contents="x", config={"response_modalities": ["TEXT"]})
client.models.generate_content(model="gemini-2.5-pro", contents="x")
"""
PY_VERTEX = """from google import genai
client = genai.Client(vertexai=True, project="p", location="l")
client.models.generate_content(model="gemini-3.8-flsh", contents="x")
client.models.generate_content(model="gemini-2.5-flash", contents="x")
client.models.generate_images(model="imagen-4.0-generate-001", prompt="x")
client.models.embed_content(model="gemini-3.8-flash", contents="x")
client.aio.live.connect(model="gemini-live-2.5-flash-native-audio")
client.models.generate_content(model="gemini-3.8-flash", contents="x", config={"response_modalities": ["IMAGE"]})
"""
PY_BOTH = """import os
from google import genai
client = genai.Client(vertexai=os.environ.get("V") == "1")
client.models.generate_content(model="text-bison@001", contents="x")
client.models.generate_content(model="gemini-3.8-flsh", contents="x")
client.models.embed_content(model="gemini-3.8-flash", contents="x")
client.models.generate_content(model="gemini-3.8-flash", contents="x", config={"response_modalities": ["IMAGE"]})
client.models.generate_content(model="gemini-2.5-flash", contents="x")
client.models.generate_images(model="imagen-4.0-generate-001", prompt="x")
client.models.embed_content(model="text-embedding-004", contents="x")
client.models.generate_videos(model="veo-2.0-generate-001", prompt="x")
client.models.generate_content(model="gemini-2.0-flash", contents="x")
"""
TS_GEMINI = """import { GoogleGenAI, Modality } from '@google/genai';
const ai = new GoogleGenAI({ apiKey: 'k' });
const session = await ai.live.connect({ model: 'gemini-2.5-flash-native-audio-dialog', config: {} });
ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x', config: { responseModalities: ['IMAGE'] } });
await ai.models.generateContent({ model: 'gemini-live-2.5-flash-preview', contents: 'x' });
ai.live.connect({ model: 'gemini-3.5-transcribe-live', config: { responseModalities: [Modality.AUDIO] } });
await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'x' });
"""
TS_BOTH = """import { GoogleGenAI } from '@google/genai';
const ai = new GoogleGenAI({ vertexai: process.env.V === '1' });
await ai.models.generateContent({ model: 'gemini-3.8-flsh', contents: 'x' });
ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x', config: { responseModalities: ['IMAGE'] } });
"""
FILES = {
    "app.py": PY_GEMINI,
    "vertex.py": PY_VERTEX,
    "both.py": PY_BOTH,
    "web/live.ts": TS_GEMINI,
    "web/both.ts": TS_BOTH,
}

EXPECTED = {
    ("app.py", 4): "GL001", ("app.py", 5): "GL002", ("app.py", 6): "GL003", ("app.py", 7): "GL004",
    ("app.py", 8): "GL002", ("app.py", 9): "GL002", ("app.py", 11): "GL002", ("app.py", 12): "GL002",
    ("app.py", 13): "GL004",
    ("vertex.py", 3): "GL001", ("vertex.py", 4): "GL004", ("vertex.py", 5): "GL003", ("vertex.py", 6): "GL002",
    ("vertex.py", 7): "GL004", ("vertex.py", 8): "GL002",
    ("both.py", 4): "GL003", ("both.py", 5): "GL001", ("both.py", 6): "GL002", ("both.py", 7): "GL002",
    ("both.py", 8): "GL004", ("both.py", 9): "GL003", ("both.py", 10): "GL003", ("both.py", 11): "GL003",
    ("both.py", 12): "GL003",
    ("web/live.ts", 3): "GL001", ("web/live.ts", 4): "GL002", ("web/live.ts", 5): "GL003",
    ("web/live.ts", 6): "GL002", ("web/live.ts", 7): "GL004",
    ("web/both.ts", 3): "GL001", ("web/both.ts", 4): "GL002",
}  # fmt: skip

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):\d+: (?P<code>GL\d{3}) ")


def test_every_verdict_line_fits_in_120_columns(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli(["scan", "--no-cache", "."], cwd=tmp_path)
    lines = [m for m in map(LINE.match, result.stdout.splitlines()) if m]
    assert {(m["path"], int(m["line"])): m["code"] for m in lines} == EXPECTED, result.stdout
    too_long = [m.string for m in lines if len(m.string) > 120]
    assert too_long == [], "\n".join(f"{len(t)}: {t}" for t in too_long)
    # both-platform lines say both platforms; modality lines lead with the verdict and the action
    text = result.stdout
    assert "both.py:7:39: GL002 Both platforms: 'gemini-3.8-flash' cannot return IMAGE: use gemini-3-pro-image" in text
    assert "both.py:5:39: GL001 Vertex AI: 'gemini-3.8-flsh' does not exist: did you mean gemini-3.8-flash?; " in text
    assert "app.py:11:39: GL002 'gemini-3.8-flash' ignores speech_config without AUDIO: add AUDIO to" in text
    # a both-platform line says each verdict briefly (dates, asides and "closed to new projects" are in the detail):
    # a Vertex AI shutdown beside the Gemini API's auto-routing, and a model retired on both where only Vertex AI
    # names a replacement (issue 27: these two ran to 135 and 147 columns)
    assert (
        "both.py:8:39: GL004 Vertex AI: model shuts down in 126 days: move to gemini-3.8-flash; Gemini API: auto-routed"
    ) in text
    assert (
        "both.py:9:38: GL003 Both platforms: model was retired: use generate_content with gemini-3.1-flash-image"
        " on Vertex AI\n"
    ) in text
