"""``gemlint preflight`` end to end: scan a project, then the real client against the fake API."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.fakeapi import FakeApi

KEY = "AIzaFAKE-preflight-KEY-0123456789-secret"


def run(api: FakeApi, cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gemlint", "preflight", *args],
        cwd=cwd,
        env=api.env(GEMINI_API_KEY=KEY),
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(tmp_path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)


INCIDENT = """import { GoogleGenAI } from '@google/genai';
export async function start(ai: GoogleGenAI) {
  return ai.live.connect({
    model: 'gemini-2.5-flash-native-audio-dialog',
    callbacks: { onclose: () => undefined },
  });
}
"""


def test_incident_model_is_rejected_by_a_real_live_session(fake_api: FakeApi, tmp_path):
    write(tmp_path, "App.tsx", INCIDENT)
    proc = run(fake_api, tmp_path, "--live", ".")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "gemini-2.5-flash-native-audio-dialog: live-rejected" in out
    # the API's own reason, cut at 123 bytes like the real close frame
    assert "1008" in out and '"models/gemini-2.5-flash-native-audio-dialog is not found for API version v1beta' in out
    assert "used at App.tsx:4:13" in out
    assert "gemini-3.1-flash-live-preview" in out  # the live models this key can use
    assert KEY not in out + proc.stderr


def test_live_model_passes_after_a_real_session(fake_api: FakeApi, tmp_path):
    write(tmp_path, "live.py", 'async def f(c):\n    await c.aio.live.connect(model="gemini-3.1-flash-live-preview")\n')
    proc = run(fake_api, tmp_path, "--live", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "gemini-3.1-flash-live-preview: ok" in proc.stdout
    assert any(r.path.endswith("BidiGenerateContent") for r in fake_api.requests)
    assert KEY not in proc.stdout + proc.stderr


def test_probe_reports_no_longer_available(fake_api: FakeApi, tmp_path):
    fake_api.withdraw("gemini-2.5-flash")
    write(tmp_path, "a.py", 'client.models.generate_content(model="gemini-2.5-flash", contents="x")\n')
    proc = run(fake_api, tmp_path, "--probe", "--format", "json", ".")
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["code"] == "GL103" and finding["path"] == "a.py" and finding["line"] == 1
    assert "is no longer available to new users" in finding["message"]
    assert KEY not in proc.stdout + proc.stderr


def test_network_failure_exits_2_with_one_line(fake_api: FakeApi, dead_url: str, tmp_path):
    write(tmp_path, "a.py", 'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n')
    proc = subprocess.run(
        [sys.executable, "-m", "gemlint", "preflight", "--base-url", dead_url, "."],
        cwd=tmp_path,
        env=fake_api.env(GEMINI_API_KEY=KEY),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("gemlint: error: preflight could not run:") and KEY not in line


def test_no_key_exits_2(fake_api: FakeApi, tmp_path):
    write(tmp_path, "a.py", 'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n')
    env = fake_api.env()
    proc = subprocess.run(
        [sys.executable, "-m", "gemlint", "preflight", "."],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "API key" in proc.stderr


def test_names_judged_on_vertex_ai_are_not_asked_of_the_gemini_api(fake_api: FakeApi, tmp_path):
    # a Vertex AI file's constant, and a front end's option only Vertex AI knows (nothing places it): skipped;
    # the Gemini API call is checked
    write(tmp_path, "vertex.py", "from google import genai\nc = genai.Client(vertexai=True)\nM = 'gemini-2.5-pro'\n")
    write(tmp_path, "options.ts", "export const OPTIONS = [{ value: 'imagen-3.0-capability-001' }];\n")
    write(tmp_path, "a.py", 'client.models.generate_content(model="gemini-2.5-flash", contents="x")\n')
    proc = run(fake_api, tmp_path, ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not any("imagen-3.0-capability-001" in r.path or "gemini-2.5-pro" in r.path for r in fake_api.requests)
    assert "imagen-3.0-capability-001" not in proc.stdout and "gemini-2.5-pro" not in proc.stdout
    assert "gemini-2.5-flash: ok" in proc.stdout
