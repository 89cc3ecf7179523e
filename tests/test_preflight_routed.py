"""Preflight reports the model that answered (``modelVersion``) when another answers for the one asked.

The fake API answers gemini-2.5-flash as gemini-3.5-flash-lite, as the real API has done since
2026-12-01 (auto-routing); the real google-genai client reads ``model_version`` from the answer.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gemlint.preflight import OK, check
from tests.fakeapi import FakeApi

KEY = "AIzaFAKE-routed-KEY-0123456789-secret"
ASKED, ANSWERED = "gemini-2.5-flash", "gemini-3.5-flash-lite"
CODE = 'client.models.generate_content(model="gemini-2.5-flash", contents="hi")\n'


def test_probe_reports_the_model_that_answered(fake_api_env: FakeApi) -> None:
    fake_api_env.route(ASKED, ANSWERED)
    report = check([(ASKED, "generateContent"), ("gemini-3.8-flash", "generateContent")], api_key=KEY,
                   base_url=fake_api_env.base_url, probe=True, timeout=10)  # fmt: skip
    routed, direct = report.get(ASKED), report.get("gemini-3.8-flash")
    assert routed.status == OK and routed.answered_by == ANSWERED and report.ok
    assert f"answered by {ANSWERED}, not {ASKED} (auto-routed)" in routed.detail
    assert direct.status == OK and direct.answered_by is None and "answered by" not in direct.detail


def test_without_routing_nothing_is_said(fake_api_env: FakeApi) -> None:
    report = check([(ASKED, "generateContent")], api_key=KEY, base_url=fake_api_env.base_url, probe=True, timeout=10)
    assert report.get(ASKED).answered_by is None


def _run(api: FakeApi, cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gemlint", "preflight", "--probe", *args, "."],
        cwd=cwd, env=api.env(GEMINI_API_KEY=KEY), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "junit"])
def test_every_format_says_who_answered(fake_api: FakeApi, tmp_path, fmt: str) -> None:
    (tmp_path / "app.py").write_text(CODE)
    fake_api.route(ASKED, ANSWERED)
    proc = _run(fake_api, tmp_path, "--format", fmt)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the call works: a warning, not a failure
    assert ANSWERED in proc.stdout and KEY not in proc.stdout + proc.stderr
    if fmt == "json":
        [finding] = json.loads(proc.stdout)["findings"]
        assert (finding["code"], finding["severity"], finding["line"]) == ("GL106", "warning", 1)
        assert finding["message"] == f"{ASKED} is answered by {ANSWERED} (auto-routed)"


def test_json_is_silent_when_the_model_answers_itself(fake_api: FakeApi, tmp_path) -> None:
    (tmp_path / "app.py").write_text(CODE)
    proc = _run(fake_api, tmp_path, "--format", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["findings"] == []
