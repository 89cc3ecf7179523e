"""Issue 27: promises a deliberate-breakage audit could break with the suite staying green, each pinned through
the real command line (``python -m gemlint``)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli


def scan(cwd: Path, *args: str):
    return run_cli(["scan", *args], cwd=cwd, subprocess_only=True)


def test_a_subset_scan_sees_a_new_typo_in_env_through_the_project_index(tmp_path):
    """pre-commit's `gemlint scan app.py` resolves through the index a whole-project scan kept; the index must
    notice that `.env` changed since (the file is not among those scanned, so nothing else re-reads it)."""
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\nmax-inventory-age = 0\n")
    (tmp_path / "app.py").write_text(
        "import os\nfrom google import genai\n\nclient = genai.Client()\n"
        'client.models.generate_content(model=os.getenv("GEMINI_MODEL", "gemini-3.8-flash"), contents="x")\n'
    )
    (tmp_path / ".env").write_text("GEMINI_MODEL=gemini-3.8-flash\n")
    for i in range(20):  # enough files for the cache (and so the project index) to be kept
        (tmp_path / f"m{i}.py").write_text("X = 1\n")
    whole = scan(tmp_path, ".")
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert any((tmp_path / ".gemlint_cache").rglob("*")), "the whole-project scan kept no index"
    (tmp_path / ".env").write_text("GEMINI_MODEL=gemini-3.8-flsh\n")
    subset = scan(tmp_path, "--format", "json", "app.py")
    found = [(f["path"], f["code"], f["model"]) for f in json.loads(subset.stdout)["findings"]]
    assert found == [(".env", "GL001", "gemini-3.8-flsh")], subset.stdout + subset.stderr
    assert subset.returncode == 1


def test_live_connect_constraints_built_in_a_helper_is_a_live_call_site(tmp_path):
    (tmp_path / "tokens.py").write_text(
        "from google import genai\nfrom google.genai import types\n\nclient = genai.Client()\n\n\n"
        "def constraints():\n"
        '    return types.LiveConnectConstraints(model="gemini-3.8-flash", config=types.LiveConnectConfig())\n\n\n'
        "def token():\n"
        "    config = types.CreateAuthTokenConfig(live_connect_constraints=constraints())\n"
        "    return client.auth_tokens.create(config=config)\n"
    )
    result = scan(tmp_path, "--no-cache", "--format", "json", "tokens.py")
    [f] = json.loads(result.stdout)["findings"]
    assert (f["code"], f["line"], f["method"]) == ("GL002", 8, "bidiGenerateContent")
    assert f["message"] == "'gemini-3.8-flash' is not a Live model: use gemini-3.8-live"


def test_vertex_suggestions_are_three_current_models_of_the_right_class(tmp_path):
    (tmp_path / "v.py").write_text(
        "from google import genai\nclient = genai.Client(vertexai=True)\n"
        'client.models.generate_content(model="gemini-3.8-flsh", contents="a")\n'
        'client.models.embed_content(model="text-embeding-005", contents="a")\n'
    )
    result = scan(tmp_path, "--no-cache", "--format", "json", "v.py")
    gen, embed = json.loads(result.stdout)["findings"]
    assert gen["code"] == embed["code"] == "GL001" and "on Vertex AI" in gen["message"]
    assert len(gen["suggestions"]) == 3 and gen["suggestions"][0] == "gemini-3.8-flash"
    assert embed["suggestions"][0] == "text-embedding-005"
    listed = run_cli(["models", "list", "--platform", "vertex", "--format", "json"], cwd=tmp_path)
    current = {m.get("id") or m.get("name") for m in json.loads(listed.stdout)["models"]}
    assert set(gen["suggestions"]) <= current and set(embed["suggestions"]) <= current


def test_the_replacement_chain_ends_at_a_live_model(tmp_path):
    """gemini-robotics-er-1.5-preview -> 1.6-preview (shut down too) -> 2-preview: the fix and every message
    name the live end of the chain, never a shut-down link."""
    (tmp_path / "r.py").write_text(
        'client.models.generate_content(model="gemini-robotics-er-1.5-preview", contents="a")\n'
    )
    result = scan(tmp_path, "--no-cache", "--format", "json", "r.py")
    [f] = json.loads(result.stdout)["findings"]
    assert f["code"] == "GL003" and f["suggestions"] == ["gemini-robotics-er-2-preview"]
    assert f["fix"] == {"replacement": "gemini-robotics-er-2-preview"}
    assert "1.6" not in f["message"] and "gemini-robotics-er-1.6-preview is itself retired" in f["detail"]
    fixed = scan(tmp_path, "--no-cache", "--fix", "r.py")
    assert fixed.returncode == 0 and "gemini-robotics-er-2-preview" in (tmp_path / "r.py").read_text()


def test_one_replacement_story_per_name_and_call_class(tmp_path):
    """GL002 and GL004 on one literal, `models show` and --fix name the same model, of the call site's class
    (issue 27: an image model was offered for a transcription call while the others said something else)."""
    (tmp_path / "t.py").write_text(
        'client.models.generate_content(model="gemini-3.1-flash-live-preview", contents=["audio"])\n'
        'client.aio.live.connect(model="gemini-3.1-flash-live-preview")\n'
    )
    result = scan(tmp_path, "--no-cache", "--format", "json", "t.py")
    found = {(f["code"], f["line"]): f for f in json.loads(result.stdout)["findings"]}
    gen2, gen4, live4 = found[("GL002", 1)], found[("GL004", 1)], found[("GL004", 2)]
    assert gen2["suggestions"][0] == gen4["suggestions"][0] == "gemini-3.1-pro-preview"
    assert not any("image" in s for s in gen2["suggestions"] + gen4["suggestions"])
    assert live4["suggestions"][0] == "gemini-3.8-live" and live4["fix"] == {"replacement": "gemini-3.8-live"}
    shown = run_cli(["models", "show", "gemini-3.1-flash-live-preview"], cwd=tmp_path).stdout
    assert (
        "move to, per call: generateContent -> gemini-3.1-pro-preview; bidiGenerateContent -> gemini-3.8-live" in shown
    )
