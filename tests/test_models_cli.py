"""``gemlint models list|show|diff``, the inventory store and the refresh hooks (offline)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from gemlint.cli_models import affected_references, models
from gemlint.inventory import BUNDLED_MODELS, load_inventory, parse_inventory
from gemlint.inventory.store import (
    InventoryDiff,
    MethodChange,
    default_inventory_path,
    default_output_path,
    diff_inventories,
    find_project_inventory,
    find_project_root,
    render_diff,
    write_inventory_atomic,
)
from tests.helpers import cli_runner


def inv(*entries):
    """An inventory from ``(name, [methods])`` pairs."""
    data = {"models": [{"name": f"models/{n}", "supportedGenerationMethods": list(m)} for n, m in entries]}
    return parse_inventory(json.dumps(data).encode(), "<test>")


def write(path, *entries, **extra) -> str:
    data = {"models": [{"name": f"models/{n}", "supportedGenerationMethods": list(m)} for n, m in entries], **extra}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return str(path)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """Run in an empty folder with no pyproject.toml above it (so the bundled inventory answers)."""
    monkeypatch.chdir(tmp_path)
    if find_project_root(str(tmp_path)) is not None:
        pytest.skip("a pyproject.toml above the temp folder")
    return tmp_path


def invoke(*args: str):
    return cli_runner().invoke(models, list(args))


# -- list ---------------------------------------------------------------------


def test_list_bundled_text(in_tmp) -> None:
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 60
    assert lines[0].split()[0] == "antigravity-preview-05-2026"
    assert any(line.startswith("gemini-2.5-flash ") and "createCachedContent" in line for line in lines)


def test_list_filtered_by_method(in_tmp) -> None:
    result = invoke("list", "--method", "bidiGenerateContent")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert "gemini-3.1-flash-live-preview" in names and "gemini-2.5-flash-native-audio-latest" in names
    assert "gemini-2.5-flash" not in names
    assert len(names) == 9


def test_list_json(in_tmp) -> None:
    result = invoke("list", "--format", "json", "--method", "embedContent")
    data = json.loads(result.stdout)
    assert data["bundled"] is True and data["inventory"] == BUNDLED_MODELS
    assert [m["name"] for m in data["models"]] == [
        "gemini-embedding-001",
        "gemini-embedding-2",
        "gemini-embedding-2-preview",
    ]
    assert "asyncBatchEmbedContent" in data["models"][0]["methods"]


def test_list_uses_project_inventory_beside_pyproject(in_tmp) -> None:
    (in_tmp / "pyproject.toml").write_text("")
    write(in_tmp / ".gemlint" / "models.json", ("only-model", ["generateContent"]))
    (in_tmp / "sub").mkdir()
    os.chdir(in_tmp / "sub")
    result = invoke("list", "--format", "json")
    data = json.loads(result.stdout)
    assert [m["name"] for m in data["models"]] == ["only-model"]
    assert data["inventory"] == str(in_tmp / ".gemlint" / "models.json")


def test_list_explicit_inventory_and_bad_file(in_tmp) -> None:
    path = write(in_tmp / "inv.json", ("a-model", ["embedContent"]))
    assert invoke("list", "--inventory", path).stdout.split() == ["a-model", "embedContent"]
    (in_tmp / "bad.json").write_text("{not json")
    result = invoke("list", "--inventory", str(in_tmp / "bad.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith("gemlint: error: ") and "invalid JSON" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- show ---------------------------------------------------------------------


def test_show_listed_model(in_tmp) -> None:
    result = invoke("show", "models/gemini-2.5-flash")
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "gemini-2.5-flash"
    assert "methods: generateContent, countTokens, createCachedContent, batchGenerateContent" in out
    assert "input token limit: 1048576" in out and "output token limit: 65536" in out
    assert f"inventory: bundled snapshot ({BUNDLED_MODELS}), fetched 2026-10-24" in out


def test_show_retired_model_lifecycle(in_tmp) -> None:
    result = invoke("show", "gemini-2.0-flash")
    assert result.exit_code == 0
    out = result.stdout
    assert "listed: no" in out
    assert "shutdown: 2026-06-01" in out and "replacement: gemini-3.6-flash" in out and "retired: yes" in out


def test_show_scheduled_shutdown(in_tmp) -> None:
    out = invoke("show", "antigravity-preview-05-2026").stdout
    assert "methods: generateContent, countTokens" in out
    assert "shutdown: 2026-10-05" in out and "replacement: antigravity-preview-09-2026" in out


def test_show_unknown_model_suggests(in_tmp) -> None:
    result = invoke("show", "gemini-2.5-flsh")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "unknown model gemini-2.5-flsh" in result.stderr and "did you mean gemini-2.5-flash" in result.stderr


def test_show_names_the_inventory_file(in_tmp) -> None:
    path = write(in_tmp / "x.json", ("gemini-2.5-flash", ["generateContent"]), fetched_at="2026-11-02T10:00:00Z")
    out = invoke("show", "gemini-2.5-flash", "--inventory", path).stdout
    assert "methods: generateContent\n" in out
    assert "input token limit: unknown" in out
    assert f"inventory: {path}, fetched 2026-11-02T10:00:00Z" in out


# -- diff ---------------------------------------------------------------------


def test_diff_command(in_tmp) -> None:
    old = write(in_tmp / "old.json", ("a", ["generateContent", "countTokens"]), ("b", ["embedContent"]), ("c", ["x"]))
    new = write(in_tmp / "new.json", ("a", ["countTokens"]), ("c", ["x"]), ("d", ["bidiGenerateContent"]))
    result = invoke("diff", old, new)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "+ d",
        "- b",
        "~ a: -generateContent",
        "1 added, 1 removed, 1 changed methods",
    ]
    assert invoke("diff", old, old).stdout.strip() == "no changes"
    missing = invoke("diff", old, str(in_tmp / "nope.json"))
    assert missing.exit_code == 2 and "cannot read inventory" in missing.stderr


def test_diff_inventories_ignores_method_order() -> None:
    old = inv(("a", ["x", "y"]), ("b", ["x"]))
    new = inv(("a", ["y", "x"]), ("b", ["x", "z"]))
    diff = diff_inventories(old, new)
    assert diff == InventoryDiff((), (), (MethodChange("b", ("x",), ("x", "z")),))
    assert diff.methods_changed[0].gained == ("z",) and diff.methods_changed[0].lost == ()
    assert render_diff(diff) == ["~ b: +z", "0 added, 0 removed, 1 changed methods"]
    assert diff_inventories(old, old).empty


# -- affected_references (the hook for the project's own references) ---------


def test_affected_references_on_tuples() -> None:
    old = inv(("gone", ["generateContent"]), ("shrunk", ["generateContent", "bidiGenerateContent"]), ("same", ["x"]))
    new = inv(("shrunk", ["generateContent"]), ("same", ["x"]))
    refs = [
        ("models/gone", "generateContent", "app.py:3:10"),
        ("shrunk", "bidiGenerateContent", "live.py:8:20"),
        ("shrunk", "generateContent", "chat.py:1:1"),
        ("same", None, "x.py:2:2"),
        ("never-listed", "generateContent", "y.py:4:4"),
    ]
    assert affected_references(old, new, refs) == [
        "app.py:3:10: gone is no longer listed",
        "live.py:8:20: shrunk no longer supports bidiGenerateContent",
    ]


# -- store ----------------------------------------------------------------------


def test_write_inventory_atomic_writes_and_replaces(tmp_path) -> None:
    path = tmp_path / "deep" / "models.json"
    write_inventory_atomic(str(path), {"models": [{"name": "models/a"}]})
    assert json.loads(path.read_text()) == {"models": [{"name": "models/a"}]}
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o664)
    write_inventory_atomic(str(path), {"models": []})
    assert json.loads(path.read_text()) == {"models": []}
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert sorted(p.name for p in path.parent.iterdir()) == ["models.json"]


def test_write_inventory_atomic_failure_keeps_previous(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "models.json"
    path.write_bytes(b"previous bytes\x00\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_inventory_atomic(str(path), {"models": []})
    assert path.read_bytes() == b"previous bytes\x00\n"
    assert [p.name for p in tmp_path.iterdir()] == ["models.json"]


def test_write_inventory_atomic_unserialisable_touches_nothing(tmp_path) -> None:
    path = tmp_path / "models.json"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_inventory_atomic(str(path), {"models": [object()]})
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["models.json"]


def test_project_inventory_lookup(tmp_path) -> None:
    root = tmp_path / "proj"
    deep = root / "a" / "b"
    deep.mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    assert default_inventory_path(str(root)) == str(root / ".gemlint" / "models.json")
    assert default_output_path(str(deep)) == str(root / ".gemlint" / "models.json")
    assert find_project_inventory(str(deep)) is None  # not refreshed yet
    write(root / ".gemlint" / "models.json", ("m", ["generateContent"]))
    assert find_project_inventory(str(deep)) == str(root / ".gemlint" / "models.json")
    assert load_inventory(find_project_inventory(str(deep))).names() == ["m"]


# -- the Vertex AI platform and the lifecycle's evidence ---------------------------------------------------------


def test_list_platform_vertex_is_the_bundled_catalogue(in_tmp) -> None:
    result = invoke("list", "--platform", "vertex", "--method", "embedContent", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    names = [m["id"] for m in data["models"]]
    assert "text-embedding-005" in names and "gemini-3.8-flash" not in names
    assert all("embedContent" in m["methods"] for m in data["models"])


def test_list_platform_vertex_prefers_the_project_vertex_inventory(in_tmp) -> None:
    (in_tmp / "pyproject.toml").write_text("")
    write(in_tmp / ".gemlint" / "vertex-models.json", ("vertex-only-model", ["generateContent"]))
    data = json.loads(invoke("list", "--platform", "vertex", "--format", "json").stdout)
    assert [m["name"] for m in data["models"]] == ["vertex-only-model"]
    # The Gemini API listing is untouched by it.
    assert "vertex-only-model" not in invoke("list").stdout


def test_show_platform_vertex_marks_inferred_facts(in_tmp) -> None:
    result = invoke("show", "gemini-2.0-flash-exp", "--platform", "vertex")
    assert result.exit_code == 0
    assert "status: retired (inferred)" in result.stdout and "replacement: gemini-3.5-flash" in result.stdout


def test_show_gemini_lifecycle_evidence(in_tmp) -> None:
    result = invoke("show", "gemini-3.1-flash-live-preview")
    assert result.exit_code == 0
    assert "shutdown: 2026-11-17" in result.stdout and "grade: B" in result.stdout
    assert "source: PyPI package litellm" in result.stdout and "evidence date: <=2026-11-20" in result.stdout


def test_vertex_refresh_writes_its_own_project_file(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    path = default_output_path(str(tmp_path), "vertex-models.json")
    assert path == str(tmp_path / ".gemlint" / "vertex-models.json")
    assert default_output_path(str(tmp_path)) != path


def test_show_points_a_vertex_only_model_to_its_platform(in_tmp) -> None:
    result = invoke("show", "text-embedding-005")
    assert result.exit_code == 2 and "--platform vertex" in result.stderr
