"""Behaviours the claim tests turned up: each would have printed a line the code's author would not agree with."""

from __future__ import annotations

import json

from tests.helpers import run_cli, scan_json

BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")'


def test_suppression_comment_is_case_insensitive(tmp_path):
    (tmp_path / "a.py").write_text(BAD + "  # GEMLINT: IGNORE[gl001]\n" + BAD + "\n")
    data = scan_json(["a.py"], cwd=tmp_path)
    assert [(f["line"], f["code"]) for f in data["findings"]] == [(2, "GL001")]


def test_a_baseline_written_in_the_project_is_not_scanned_as_settings(tmp_path):
    (tmp_path / "a.py").write_text(BAD + "\n")
    assert (
        run_cli(["scan", "--no-cache", "--write-baseline", "gemlint-baseline.json", "."], cwd=tmp_path).returncode == 0
    )
    assert "gemini-3.8-flsh" in (tmp_path / "gemlint-baseline.json").read_text()
    data = scan_json(["."], cwd=tmp_path)
    assert {f["path"] for f in data["findings"]} == {"a.py"}
    # the same names in an ordinary JSON settings file are still checked
    (tmp_path / "settings.json").write_text(json.dumps({"model": "gemini-3.8-flsh"}))
    data = scan_json(["."], cwd=tmp_path)
    assert {f["path"] for f in data["findings"]} == {"a.py", "settings.json"}


def test_the_size_notice_names_a_size_a_person_can_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\nmax-file-size = 100\n")
    (tmp_path / "a.py").write_text("# padding\n" * 300 + 'M = "gemini-3.8-flash"\n')
    result = run_cli(["scan", "--no-cache", "--verbose", "a.py"], cwd=tmp_path)
    assert "file is 3 KB, larger than max-file-size; skipped" in result.stdout + result.stderr
