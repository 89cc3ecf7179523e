"""``gemlint.preflight`` against the fake Gemini API (REST and Live), with the real google-genai client."""

from __future__ import annotations

import json
import threading
import traceback

import pytest

from gemlint.inventory.fetch import FetchError
from gemlint.preflight import (
    LIVE_REJECTED,
    OK,
    UNAVAILABLE,
    UNKNOWN,
    UNSUPPORTED,
    PreflightError,
    PreflightFailure,
    check,
    require,
)
from tests.fakeapi import LIVE_PATH, FakeApi, live_reject_reason

FAKE_KEY = "AIzaFAKE-KEY-0123456789-gemlint-secret"
LIVE_MODELS = (
    "gemini-2.5-flash-native-audio-latest",
    "gemini-2.5-flash-native-audio-preview-09-2025",
    "gemini-2.5-flash-native-audio-preview-12-2025",
    "gemini-3.1-flash-live-preview",
)


def run(api: FakeApi, models, **kwargs):
    kwargs.setdefault("timeout", 10)
    return check(models, api_key=FAKE_KEY, base_url=api.base_url, **kwargs)


def live_requests(api: FakeApi):
    return [r for r in api.requests if r.path == LIVE_PATH.format(version="v1beta")]


def test_live_rejected_names_1008_and_the_reason(fake_api_env: FakeApi) -> None:
    model = "gemini-2.5-flash-native-audio-dialog"
    report = run(fake_api_env, [(model, "bidiGenerateContent", "app.py:12:30")], live=True)
    result = report.get(model)
    assert result is not None and result.status == LIVE_REJECTED and not report.ok
    assert result.close_code == 1008
    reason = live_reject_reason(model, "v1beta")
    assert len(reason.encode()) == 123
    assert f'closed the session with 1008 (policy violation): "{reason}"' in result.detail
    assert "does not exist or does not support bidiGenerateContent" in result.detail
    for name in LIVE_MODELS:
        assert name in report.live_models and name in result.detail
    assert result.locations == ("app.py:12:30",)
    [ws] = live_requests(fake_api_env)
    assert json.loads(ws.body)["setup"]["model"] == f"models/{model}"
    assert ws.api_key == FAKE_KEY


def test_live_model_passes_after_a_real_session(fake_api_env: FakeApi) -> None:
    report = run(fake_api_env, [("gemini-3.1-flash-live-preview", "bidiGenerateContent")], live=True)
    [result] = report.results
    assert result.status == OK and report.ok
    assert "Live session opened (setupComplete)" in result.detail
    assert result.methods == ("bidiGenerateContent",)
    assert len(live_requests(fake_api_env)) == 1


def test_without_live_a_live_model_is_only_looked_up(fake_api_env: FakeApi) -> None:
    report = run(fake_api_env, [("gemini-3.1-flash-live-preview", "bidiGenerateContent")])
    assert report.results[0].status == OK
    assert live_requests(fake_api_env) == [] and report.live_models == ()


def test_probe_reports_no_longer_available(fake_api_env: FakeApi) -> None:
    fake_api_env.withdraw("gemini-2.5-flash")
    pairs = [("models/gemini-2.5-flash", "generateContent"), ("gemini-2.5-pro", "generateContent")]
    report = run(fake_api_env, pairs, probe=True)
    withdrawn, fine = report.results
    assert withdrawn.model == "gemini-2.5-flash" and withdrawn.status == UNAVAILABLE
    assert "This model models/gemini-2.5-flash is no longer available to new users" in withdrawn.detail
    assert "404 NOT_FOUND" in withdrawn.detail
    assert fine.status == OK and "generateContent answered" in fine.detail
    posts = [r for r in fake_api_env.requests if r.method == "POST"]
    assert sorted(r.path for r in posts) == [
        "/v1beta/models/gemini-2.5-flash:generateContent",
        "/v1beta/models/gemini-2.5-pro:generateContent",
    ]
    assert all(json.loads(r.body)["generationConfig"]["maxOutputTokens"] == 1 for r in posts)


def test_without_probe_a_withdrawn_model_looks_fine(fake_api_env: FakeApi) -> None:
    fake_api_env.withdraw("gemini-2.5-flash")
    assert run(fake_api_env, [("gemini-2.5-flash", "generateContent")]).results[0].status == OK
    assert not any(r.method == "POST" for r in fake_api_env.requests)


def test_unknown_and_unsupported(fake_api_env: FakeApi) -> None:
    pairs = [
        ("gemini-9-ultra", "generateContent"),
        ("gemini-2.5-flash", "bidiGenerateContent"),
        ("gemini-2.5-flash", "generateContent"),
        ("gemini-embedding-001", None),
    ]
    report = run(fake_api_env, pairs)
    unknown, flash, embedding = report.results
    assert unknown.status == UNKNOWN
    assert "404 NOT_FOUND: Model is not found: models/gemini-9-ultra for api version v1beta" in unknown.detail
    assert flash.status == UNSUPPORTED and flash.needed == ("bidiGenerateContent", "generateContent")
    assert "does not support bidiGenerateContent" in flash.detail
    assert embedding.status == OK and embedding.detail == "listed"


def test_require_lists_every_failing_model(fake_api_env: FakeApi) -> None:
    pairs = [
        ("gemini-2.5-flash", "generateContent", "a.py:1:1"),
        ("gemini-9-ultra", "generateContent", "b.py:2:2"),
        ("gemini-9-ultra", "generateContent", "c.py:3:3"),
        ("gemini-2.5-flash-native-audio-dialog", "bidiGenerateContent", "live.py:4:4"),
    ]
    with pytest.raises(PreflightError) as info:
        require(pairs, api_key=FAKE_KEY, base_url=fake_api_env.base_url, live=True, timeout=10)
    text = str(info.value)
    assert text.splitlines()[0] == "2 of 3 models failed preflight:"
    assert "gemini-9-ultra: unknown: not found for this key" in text and "(used at b.py:2:2, c.py:3:3)" in text
    assert "gemini-2.5-flash-native-audio-dialog: live-rejected:" in text and "1008" in text
    assert "gemini-2.5-flash:" not in text
    assert len(info.value.report.results) == 3
    ok = require([("gemini-2.5-flash", "generateContent")], api_key=FAKE_KEY, base_url=fake_api_env.base_url)
    assert ok.ok


def test_bounded_concurrency_and_progress(fake_api_env: FakeApi) -> None:
    fake_api_env.delay(0.2)
    names = [m for m in fake_api_env.model_names()[:12]]
    seen, lock = [], threading.Lock()

    def progress(result) -> None:
        with lock:
            seen.append(result.model)

    report = run(fake_api_env, [(n, None) for n in names], concurrency=3, on_result=progress)
    assert [r.model for r in report.results] == [n[len("models/") :] for n in names]
    assert sorted(seen) == sorted(r.model for r in report.results)
    assert 1 < fake_api_env.max_in_flight <= 3


# -- failures: PreflightFailure, one line, never the key ----------------------


def _assert_safe(err: BaseException) -> None:
    rendered = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    for text in (str(err), repr(err), rendered):
        assert FAKE_KEY not in text
    assert "\n" not in str(err)
    assert err.__cause__ is None and err.__context__ is None


@pytest.mark.parametrize(
    "status,expected",
    [
        (400, "the API key was rejected (400 INVALID_ARGUMENT"),
        (401, "the API key was rejected (401 UNAUTHENTICATED"),
        (403, "the API key lacks permission (403 PERMISSION_DENIED"),
        (429, "quota exceeded (429 RESOURCE_EXHAUSTED"),
    ],
)
def test_key_and_quota_failures_abort(fake_api_env: FakeApi, status: int, expected: str) -> None:
    fake_api_env.fail(status)
    fake_api_env.echo_key()
    with pytest.raises(PreflightFailure) as info:
        run(fake_api_env, [("gemini-2.5-flash", "generateContent")], probe=True)
    assert expected in str(info.value) and isinstance(info.value, FetchError)
    _assert_safe(info.value)
    assert fake_api_env.requests[0].api_key == FAKE_KEY


def test_server_error_is_a_per_model_error_without_the_key(fake_api_env: FakeApi) -> None:
    fake_api_env.fail(500)
    fake_api_env.echo_key()
    [result] = run(fake_api_env, [("gemini-2.5-flash", "generateContent")]).results
    assert result.status == "error" and "500 INTERNAL" in result.detail
    assert FAKE_KEY not in result.detail and "***" in result.detail


def test_live_key_rejected_aborts(fake_api_env: FakeApi) -> None:
    fake_api_env.live_close(1007, "API key not valid. Please pass a valid API key.")
    with pytest.raises(PreflightFailure, match=r"the API key was rejected by the Live API \(1007: API key not valid"):
        run(fake_api_env, [("gemini-3.1-flash-live-preview", "bidiGenerateContent")], live=True)


def test_live_other_close_is_an_error(fake_api_env: FakeApi) -> None:
    fake_api_env.live_close(1011, "Internal error occurred.")
    report = run(fake_api_env, [("gemini-3.1-flash-live-preview", "bidiGenerateContent")], live=True)
    [result] = report.results
    assert result.status == "error" and result.close_code == 1011
    assert 'closed the session with 1011 (internal error): "Internal error occurred."' in result.detail


def test_live_setup_timeout(fake_api_env: FakeApi) -> None:
    fake_api_env.live_setup_delay(5)
    with pytest.raises(PreflightFailure, match=r"timed out after 0.5s .*Live session for gemini-3.1-flash-live"):
        run(fake_api_env, [("gemini-3.1-flash-live-preview", "bidiGenerateContent")], live=True, timeout=0.5)


def test_no_key(fake_api_env: FakeApi) -> None:
    with pytest.raises(PreflightFailure, match="no API key: set GEMINI_API_KEY or GOOGLE_API_KEY"):
        check([("gemini-2.5-flash", None)], base_url=fake_api_env.base_url)
    assert fake_api_env.requests == []


def test_connection_refused(fake_api_env: FakeApi, dead_url: str) -> None:
    with pytest.raises(PreflightFailure) as info:
        check([("gemini-2.5-flash", None)], api_key=FAKE_KEY, base_url=dead_url, timeout=5)
    assert f"cannot connect to {dead_url[len('https://') :]}: connection refused" in str(info.value)
    _assert_safe(info.value)


def test_timeout(fake_api_env: FakeApi) -> None:
    fake_api_env.delay(5)
    with pytest.raises(PreflightFailure, match=r"timed out after 0.3s waiting for 127.0.0.1:\d+ \(models.get"):
        run(fake_api_env, [("gemini-2.5-flash", None)], timeout=0.3)
