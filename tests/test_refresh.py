"""``gemlint models refresh`` and ``fetch_models`` against the fake Gemini API, with the real client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from typing import Callable, List, Optional

import pytest

from gemlint.cli_models import models
from gemlint.inventory import load_inventory
from gemlint.inventory.fetch import FetchError, fetch_models
from tests.fakeapi import FakeApi, bundled_models
from tests.helpers import cli_runner

FAKE_KEY = "AIzaFAKE-KEY-0123456789-gemlint-secret"
PREVIOUS = b'{"models": [{"name": "models/kept-model", "supportedGenerationMethods": ["generateContent"]}]}\n'


def cli_command() -> List[str]:
    """``python -m gemlint models``: the real entry point (no fallback, so a missing command fails here)."""
    return [sys.executable, "-m", "gemlint", "models"]


def run_cli(args: List[str], env: dict, cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cli_command() + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=60)


def files_under(folder) -> List[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def assert_one_error_line(stderr: str, expected: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("gemlint: error: "), stderr
    assert expected in lines[0], stderr
    assert "Traceback" not in stderr


def assert_key_nowhere(*texts: str, folder=None) -> None:
    for text in texts:
        assert FAKE_KEY not in text
    if folder is not None:
        for path in folder.rglob("*"):
            if path.is_file():
                assert FAKE_KEY.encode() not in path.read_bytes(), path


# -- fetch_models ------------------------------------------------------------


def test_fetch_models_reads_every_page(fake_api_env: FakeApi) -> None:
    fake_api_env.set_page_size(7)
    data = fetch_models(FAKE_KEY, base_url=fake_api_env.base_url, timeout=10)
    assert [m["name"] for m in data["models"]] == fake_api_env.model_names()
    assert len(fake_api_env.list_requests()) == 9  # ceil(60 / 7)
    assert data["schema_version"] == 1 and data["source"] == "gemini-api" and data["api_version"] == "v1beta"
    assert data["fetched_at"].endswith("Z")
    by_name = {m["name"]: m for m in bundled_models()}
    for entry in data["models"]:
        original = by_name[entry["name"]]
        assert entry["supportedGenerationMethods"] == original["supportedGenerationMethods"]
        assert entry.get("inputTokenLimit") == original.get("inputTokenLimit")
    assert all(r.api_key == FAKE_KEY for r in fake_api_env.requests)
    assert all(r.path == "/v1beta/models" for r in fake_api_env.requests)


def test_fetch_models_reads_keys_like_google_genai(fake_api_env: FakeApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "gemini-key")
    monkeypatch.setenv("GOOGLE_API_KEY", "google-key")
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake_api_env.base_url)
    fake_api_env.require_keys("google-key")
    data = fetch_models(timeout=10)
    assert len(data["models"]) == 60
    assert {r.api_key for r in fake_api_env.requests} == {"google-key"}


def test_fetch_models_api_version_is_sent(fake_api_env: FakeApi) -> None:
    data = fetch_models(FAKE_KEY, base_url=fake_api_env.base_url, api_version="v1alpha", timeout=10)
    assert data["api_version"] == "v1alpha"
    assert fake_api_env.requests[0].path == "/v1alpha/models"


def test_vertex_without_project_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    with pytest.raises(FetchError, match="--vertex needs a Google Cloud project: pass --project"):
        fetch_models(vertex=True, location="us-central1")


# -- the CLI through a real subprocess ---------------------------------------


def test_refresh_subprocess_writes_every_model_of_every_page(fake_api: FakeApi, tmp_path) -> None:
    fake_api.set_page_size(7)
    out = tmp_path / "inv" / "models.json"
    proc = run_cli(["refresh", "--output", str(out)], fake_api.env(GEMINI_API_KEY=FAKE_KEY), str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    written = json.loads(out.read_text())
    assert [m["name"] for m in written["models"]] == fake_api.model_names()
    assert len(load_inventory(str(out)).models) == 60
    assert f"wrote 60 models to {out}" in proc.stdout
    assert "no changes" in proc.stdout  # same 60 models as the bundled snapshot
    assert len(fake_api.list_requests()) == 9
    assert all(r.api_key == FAKE_KEY for r in fake_api.requests)  # the key was sent...
    assert_key_nowhere(proc.stdout, proc.stderr, folder=tmp_path)  # ...and never written


def test_refresh_default_output_is_beside_pyproject(fake_api: FakeApi, tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    sub = tmp_path / "src" / "pkg"
    sub.mkdir(parents=True)
    proc = run_cli(["refresh"], fake_api.env(GEMINI_API_KEY=FAKE_KEY), str(sub))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".gemlint" / "models.json").is_file()


def test_refresh_prints_changes_against_previous_file(fake_api: FakeApi, tmp_path) -> None:
    models_ = bundled_models()
    dropped = models_.pop(0)  # removed from the API
    models_[0] = dict(models_[0], supportedGenerationMethods=["generateContent"])
    models_.append({"name": "models/gemini-9-ultra", "supportedGenerationMethods": ["generateContent"]})
    fake_api.set_models(models_)
    out = tmp_path / "models.json"
    out.write_text(json.dumps({"models": bundled_models()}))
    proc = run_cli(["refresh", "--output", str(out)], fake_api.env(GEMINI_API_KEY=FAKE_KEY), str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert f"changes against {out}" in proc.stdout
    assert "+ gemini-9-ultra" in proc.stdout
    assert f"- {dropped['name'][len('models/') :]}" in proc.stdout
    assert f"~ {models_[0]['name'][len('models/') :]}: -countTokens" in proc.stdout
    assert "1 added, 1 removed, 1 changed methods" in proc.stdout


def test_refresh_subprocess_dead_server_leaves_file_unchanged(fake_api: FakeApi, dead_url: str, tmp_path) -> None:
    out = tmp_path / "models.json"
    out.write_bytes(PREVIOUS)
    env = fake_api.env(GEMINI_API_KEY=FAKE_KEY, GOOGLE_GEMINI_BASE_URL=dead_url)
    proc = run_cli(["refresh", "--output", str(out), "--timeout", "5"], env, str(tmp_path))
    assert proc.returncode == 2
    port = dead_url.rsplit(":", 1)[1]
    assert_one_error_line(proc.stderr, f"cannot connect to 127.0.0.1:{port}: connection refused")
    assert out.read_bytes() == PREVIOUS
    assert files_under(tmp_path) == ["models.json"]
    assert_key_nowhere(proc.stdout, proc.stderr, folder=tmp_path)


def test_refresh_subprocess_500_from_third_page_leaves_file_unchanged(fake_api: FakeApi, tmp_path) -> None:
    fake_api.set_page_size(7)
    fake_api.fail(500, from_page=3)
    fake_api.echo_key()
    out = tmp_path / "models.json"
    out.write_bytes(PREVIOUS)
    proc = run_cli(["refresh", "--output", str(out)], fake_api.env(GEMINI_API_KEY=FAKE_KEY), str(tmp_path))
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr, "server error on page 3 of models.list (500 INTERNAL")
    assert out.read_bytes() == PREVIOUS
    assert files_under(tmp_path) == ["models.json"]
    assert [r.query.get("pageToken") for r in fake_api.list_requests()] == [None, "page-2", "page-3"]
    assert_key_nowhere(proc.stdout, proc.stderr, folder=tmp_path)


# -- every failure: exit 2, one line, previous file intact, key nowhere ------


def _setup(status: Optional[int] = None, from_page: Optional[int] = None) -> Callable[[FakeApi], None]:
    def apply(api: FakeApi) -> None:
        if status:
            api.fail(status, from_page=from_page)

    return apply


FAILURES = [
    ("400", _setup(400), [], "the API key was rejected (400 INVALID_ARGUMENT: API key not valid."),
    ("401", _setup(401), [], "the API key was rejected (401 UNAUTHENTICATED: Request had invalid authentication"),
    ("403", _setup(403), [], "the API key lacks permission (403 PERMISSION_DENIED: Method doesn't allow unregistered"),
    ("429", _setup(429), [], "quota exceeded (429 RESOURCE_EXHAUSTED: You exceeded your current quota"),
    ("500", _setup(500), [], "server error on page 1 of models.list (500 INTERNAL: An internal error"),
    ("503", _setup(503), [], "server error on page 1 of models.list (503 UNAVAILABLE: The service is currently"),
    ("page 3 of 5", _setup(500, 3), [], "server error on page 3 of models.list (500 INTERNAL"),
    ("timeout", lambda api: api.delay(5), ["--timeout", "0.3"], "timed out after 0.3s waiting for 127.0.0.1:"),
    ("malformed", lambda api: api.malformed(), [], "malformed JSON from 127.0.0.1:"),
    ("malformed page 2", lambda api: api.malformed(from_page=2), [], "(page 2 of models.list): Unterminated string"),
]


@pytest.mark.parametrize("setup,extra,expected", [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_refresh_failures(fake_api_env: FakeApi, tmp_path, setup, extra, expected) -> None:
    fake_api_env.set_page_size(12)  # 60 models: 5 pages
    fake_api_env.echo_key()
    setup(fake_api_env)
    out = tmp_path / "models.json"
    out.write_bytes(PREVIOUS)
    env = {"GEMINI_API_KEY": FAKE_KEY, "GOOGLE_GEMINI_BASE_URL": fake_api_env.base_url}
    result = cli_runner().invoke(models, ["refresh", "--output", str(out), *extra], env=env)
    assert result.exit_code == 2, result.output
    assert_one_error_line(result.stderr, expected)
    assert result.stdout == ""
    assert out.read_bytes() == PREVIOUS
    assert files_under(tmp_path) == ["models.json"]
    assert fake_api_env.requests and all(r.api_key == FAKE_KEY for r in fake_api_env.requests)
    assert_key_nowhere(result.stdout, result.stderr, folder=tmp_path)


def test_refresh_without_key(fake_api_env: FakeApi, tmp_path) -> None:
    out = tmp_path / "models.json"
    out.write_bytes(PREVIOUS)
    result = cli_runner().invoke(models, ["refresh", "--output", str(out), "--base-url", fake_api_env.base_url])
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, "no API key: set GEMINI_API_KEY or GOOGLE_API_KEY")
    assert out.read_bytes() == PREVIOUS
    assert fake_api_env.requests == []


def test_refresh_connection_refused(fake_api_env: FakeApi, dead_url: str, tmp_path) -> None:
    out = tmp_path / "models.json"
    out.write_bytes(PREVIOUS)
    result = cli_runner().invoke(
        models, ["refresh", "--output", str(out), "--base-url", dead_url], env={"GOOGLE_API_KEY": FAKE_KEY}
    )
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, f"cannot connect to {dead_url[len('https://') :]}: connection refused")
    assert out.read_bytes() == PREVIOUS
    assert_key_nowhere(result.stdout, result.stderr, folder=tmp_path)


def test_refresh_unwritable_output(fake_api_env: FakeApi, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(PREVIOUS)
    out = blocker / "models.json"  # its parent is a file: nothing can be created there
    env = {"GEMINI_API_KEY": FAKE_KEY, "GOOGLE_GEMINI_BASE_URL": fake_api_env.base_url}
    result = cli_runner().invoke(models, ["refresh", "--output", str(out)], env=env)
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, f"cannot write {out}:")
    assert blocker.read_bytes() == PREVIOUS
    assert files_under(tmp_path) == ["not-a-folder"]
    assert_key_nowhere(result.stdout, result.stderr, folder=tmp_path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_refresh_read_only_folder_keeps_previous(fake_api_env: FakeApi, tmp_path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "models.json"
    out.write_bytes(PREVIOUS)
    folder.chmod(0o555)
    try:
        env = {"GEMINI_API_KEY": FAKE_KEY, "GOOGLE_GEMINI_BASE_URL": fake_api_env.base_url}
        result = cli_runner().invoke(models, ["refresh", "--output", str(out)], env=env)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, f"cannot write {out}:")
    assert out.read_bytes() == PREVIOUS
    assert files_under(folder) == ["models.json"]


def test_refresh_empty_listing_keeps_previous(fake_api_env: FakeApi, tmp_path) -> None:
    fake_api_env.set_models([])
    out = tmp_path / "models.json"
    out.write_bytes(PREVIOUS)
    env = {"GEMINI_API_KEY": FAKE_KEY, "GOOGLE_GEMINI_BASE_URL": fake_api_env.base_url}
    result = cli_runner().invoke(models, ["refresh", "--output", str(out)], env=env)
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, "models.list returned no models")
    assert out.read_bytes() == PREVIOUS


def test_refresh_vertex_without_project(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    result = cli_runner().invoke(
        models, ["refresh", "--vertex", "--location", "us-central1", "--output", str(tmp_path / "v.json")]
    )
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, "--vertex needs a Google Cloud project")
    assert files_under(tmp_path) == []


# -- FetchError itself never carries the key ---------------------------------

FETCH_FAILURES = [f for f in FAILURES] + [
    ("refused", None, [], "connection refused"),
    ("no key", None, [], "no API key"),
]


@pytest.mark.parametrize("name,setup,extra,expected", FETCH_FAILURES, ids=[f[0] for f in FETCH_FAILURES])
def test_fetch_error_text_never_holds_the_key(
    fake_api_env: FakeApi, dead_url: str, name, setup, extra, expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_api_env.set_page_size(12)
    fake_api_env.echo_key()
    base_url = dead_url if name == "refused" else fake_api_env.base_url
    key = None if name == "no key" else FAKE_KEY
    if setup is not None:
        setup(fake_api_env)
    timeout = 0.3 if extra else 10
    with pytest.raises(FetchError) as info:
        fetch_models(key, base_url=base_url, timeout=timeout)
    err = info.value
    assert expected in str(err)
    assert "\n" not in str(err)
    assert err.__cause__ is None and err.__context__ is None
    rendered = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    assert_key_nowhere(str(err), repr(err), rendered)
    if name not in ("refused", "no key"):
        assert fake_api_env.requests and all(r.api_key == FAKE_KEY for r in fake_api_env.requests)


def test_refresh_reports_the_projects_affected_references(fake_api: FakeApi, tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n")
    (tmp_path / "app.py").write_text(
        'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n'
        'client.models.count_tokens(model="gemini-3.6-flash", contents="x")\n'
        'client.models.generate_content(model="gemini-2.5-pro", contents="x")\n'
    )
    models_ = [m for m in bundled_models() if m["name"] != "models/gemini-3.8-flash"]
    for i, m in enumerate(models_):
        if m["name"] == "models/gemini-3.6-flash":
            models_[i] = dict(m, supportedGenerationMethods=["generateContent"])
    fake_api.set_models(models_)
    proc = run_cli(["refresh"], fake_api.env(GEMINI_API_KEY=FAKE_KEY), str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "2 references in this project affected:" in proc.stdout
    assert "app.py:1:39: gemini-3.8-flash is no longer listed" in proc.stdout
    assert "app.py:2:35: gemini-3.6-flash no longer supports countTokens" in proc.stdout
    assert "gemini-2.5-pro" not in proc.stdout.split("affected:")[1]
