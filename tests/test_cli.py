"""The scan command end to end: exit codes, formats, configuration, suppression."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap

import pytest

from tests.helpers import PROJECT, SEPT_INVENTORY, fresh_run, run_cli, scan_json

BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
GOOD = 'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n'


def project(tmp_path, files: dict, config: str = "") -> None:
    if config:
        (tmp_path / "pyproject.toml").write_text(textwrap.dedent(config))
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_version_and_help():
    version = run_cli(["--version"])
    assert version.returncode == 0 and "gemlint" in version.stdout and "0." in version.stdout
    help_text = run_cli(["scan", "--help"])
    assert help_text.returncode == 0
    for option in (
        "--format",
        "--inventory",
        "--config",
        "--select",
        "--ignore",
        "--exit-zero",
        "--force-exclude",
        "--statistics",
        "--no-cache",
        "--output-file",
        "--include-minified",
    ):
        assert option in help_text.stdout


def test_python_dash_m_and_console_script_agree(tmp_path):
    project(tmp_path, {"a.py": BAD})
    script = subprocess.run(["gemlint", "scan", "--no-cache", "a.py"], cwd=tmp_path, capture_output=True, text=True)
    module = run_cli(["scan", "--no-cache", "a.py"], cwd=tmp_path, subprocess_only=True)  # python -m gemlint
    assert script.returncode == module.returncode == 1
    assert "a.py:1:39: GL001" in script.stdout and "a.py:1:39: GL001" in module.stdout


@pytest.mark.parametrize(
    "files,args,code",
    [
        pytest.param({"a.py": GOOD}, [], 0, id="clean"),
        pytest.param({"a.py": BAD}, [], 1, id="findings"),
        pytest.param({"a.py": BAD}, ["--exit-zero"], 0, id="exit-zero"),
        pytest.param({"a.py": BAD}, ["--ignore", "GL001"], 0, id="ignored-code"),
        pytest.param({"a.py": BAD}, ["--select", "GL002"], 0, id="not-selected"),
        pytest.param({"a.py": GOOD}, ["--format", "nope"], 2, id="usage-error"),
        pytest.param({"a.py": GOOD}, ["missing.py"], 2, id="missing-path"),
        pytest.param({"a.py": GOOD}, ["--inventory", "nope.json"], 2, id="missing-inventory"),
        pytest.param({"a.py": "def f(:\n    m = 'gemini-3.8-flash'\n"}, [], 1, id="syntax-error-file"),
    ],
)
def test_exit_codes(tmp_path, files, args, code):
    project(tmp_path, files)
    paths = [] if any(a.endswith(".py") for a in args) else ["."]
    result = run_cli(["scan", "--no-cache", *args, *paths], cwd=tmp_path)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_named(tmp_path):
    result = run_cli(["scan", "--no-cache", "does/not/exist.py"], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "gemlint: error: path does not exist: does/not/exist.py"


def test_json_shape(tmp_path):
    project(tmp_path, {"pkg/a.py": "M = 'gemini-embedding-2'\nc.models.generate_content(model=M)\n"})
    data = scan_json(["."], cwd=tmp_path)
    [f] = data["findings"]
    assert f["path"] == "pkg/a.py" and (f["line"], f["column"]) == (1, 6)
    assert f["code"] == "GL002" and f["name"] == "unsupported-method" and f["severity"] == "error"
    assert f["model"] == "gemini-embedding-2" and isinstance(f["suggestions"], list) and f["suggestions"]
    assert f["related"] == [{"path": "pkg/a.py", "line": 2, "column": 1}]
    assert f["call_site"] == "models.generate_content" and f["method"] == "generateContent"
    assert "cell" not in f and data["errors"] == []


def test_text_output_has_no_colour_when_piped(tmp_path):
    project(tmp_path, {"a.py": BAD})
    result = run_cli(["scan", "--no-cache", "."], cwd=tmp_path, env={"NO_COLOR": ""})
    assert "\033[" not in result.stdout
    assert result.stdout.splitlines()[0].startswith("a.py:1:39: GL001 [*] 'gemini-3.8-flsh' is not listed")


def test_color_always_shows_source_and_caret(tmp_path):
    project(tmp_path, {"a.py": BAD})
    out = run_cli(["scan", "--no-cache", "--color", "always", "."], cwd=tmp_path, env={"NO_COLOR": ""}).stdout
    assert "\033[" in out and BAD.strip() in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\n    " + " " * 38 + "^" * len("gemini-3.8-flsh") + "\n" in plain


def test_suppression_comments(tmp_path):
    project(
        tmp_path,
        {
            "a.py": 'M = f(model="gemini-9.9-nope")  # gemlint: ignore\n'
            'N = f(model="gemini-9.8-nope")  # gemlint: ignore[GL001, GL003]\n'
            'O = f(model="gemini-9.7-nope")  # gemlint: ignore[GL003]\n',
        },
    )
    data = scan_json(["."], cwd=tmp_path)
    # Line 2 suppresses GL001 but names GL003 needlessly (reported, as ruff's RUF100 does).
    assert [(f["line"], f["code"]) for f in data["findings"]] == [(2, "GL900"), (3, "GL900"), (3, "GL001")]


def test_unused_suppression_is_reported(tmp_path):
    project(tmp_path, {"a.py": 'M = "gemini-3.8-flash"  # gemlint: ignore[GL001]\n'})
    data = scan_json(["."], cwd=tmp_path)
    assert [(f["line"], f["code"], f["name"]) for f in data["findings"]] == [(1, "GL900", "unused-suppression")]


CONFIGS = [
    pytest.param("[tool.gemlint]\nselekt = ['GL001']\n", "unknown key 'selekt'", id="unknown-key"),
    pytest.param("[tool.gemlint]\nselect = 'GL001'\n", "'select' must be a list of strings", id="wrong-type"),
    pytest.param("[tool.gemlint]\nselect = ['XX1']\n", "unknown rule code or prefix 'XX1'", id="bad-code"),
    pytest.param("[tool.gemlint]\nmax-inventory-age = -3\n", "'max-inventory-age'", id="negative"),
    pytest.param("[tool.gemlint\n", "invalid TOML", id="invalid-toml"),
    pytest.param("[tool.gemlint]\nbackend = { 'x/' = 'azure' }\n", "'backend'", id="bad-backend"),
]


@pytest.mark.parametrize("config,message", CONFIGS)
def test_configuration_errors_name_file_and_key(tmp_path, config, message):
    project(tmp_path, {"a.py": GOOD}, config)
    result = run_cli(["scan", "--no-cache", "."], cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "pyproject.toml" in line and message in line


def test_configuration_select_exclude_extra_models(tmp_path):
    project(
        tmp_path,
        {"a.py": BAD, "vendor/b.py": BAD, "c.py": 'M = "gemini-3.8-flash-acme"\n', "d.py": 'X = "gemini-1.5-pro"\n'},
        """
        [tool.gemlint]
        exclude = ["vendor/"]
        extra-models = ["gemini-3.8-flash-acme"]
        ignore = ["GL003"]
        """,
    )
    data = scan_json(["."], cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in data["findings"]] == [("a.py", "GL001")]
    # Command-line flags win over the file.
    data = scan_json(["--select", "GL003", "."], cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in data["findings"]] == [("d.py", "GL003")]


def test_force_exclude_applies_to_named_files(tmp_path):
    project(tmp_path, {"vendor/b.py": BAD}, "[tool.gemlint]\nexclude = ['vendor/']\n")
    assert run_cli(["scan", "--no-cache", "vendor/b.py"], cwd=tmp_path).returncode == 1
    assert run_cli(["scan", "--no-cache", "--force-exclude", "vendor/b.py"], cwd=tmp_path).returncode == 0


def test_builtin_excludes(tmp_path):
    project(tmp_path, {f"{d}/x.py": BAD for d in ("node_modules", ".venv", "venv", "build", "dist", "__pycache__")})
    assert scan_json(["."], cwd=tmp_path)["findings"] == []


def test_bad_file_is_reported_and_the_scan_goes_on(tmp_path):
    project(tmp_path, {"a.py": BAD, "broken.py": "def f(:\n    return 'gemini-3.8-flash'\n", "z.py": BAD})
    result = run_cli(["scan", "--no-cache", "--format", "json", "."], cwd=tmp_path)
    assert result.returncode == 1
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["a.py", "z.py"]
    errors = [line for line in result.stderr.splitlines() if "broken.py" in line]
    assert errors == ["gemlint: error: broken.py: syntax error at line 1:7: invalid syntax"]


def test_stale_inventory_warns_once_without_changing_the_exit_code(tmp_path):
    project(tmp_path, {"a.py": GOOD})
    old = run_cli(["scan", "--no-cache", "."], cwd=tmp_path, env={"GEMLINT_TODAY": "2027-01-01"})
    fresh = run_cli(["scan", "--no-cache", "."], cwd=tmp_path, env={"GEMLINT_TODAY": "2026-10-30"})
    assert old.returncode == fresh.returncode == 0
    # nothing to say when no GL001 could be a model newer than the inventory (issue 27: only when it matters)
    assert "gemlint models refresh" not in old.stdout + old.stderr and fresh.stderr == ""


def test_scan_never_imports_google_genai(tmp_path):
    project(tmp_path, {"a.py": BAD, "b.ts": "ai.models.generateContent({ model: 'gemini-3.8-flash' })\n"})
    code, _, modules = fresh_run(["scan", "--no-cache", "."], tmp_path)
    assert code == 1, code
    assert "google.genai" not in modules and "google" not in modules, "google imported"


def test_inventory_flag_is_honoured():
    """The September listing still has the veo previews: GL004 past their date, not GL003 as with the bundled one."""
    video = "backend/video.py"
    data = scan_json(["--inventory", str(SEPT_INVENTORY), video], cwd=PROJECT)
    assert sorted((f["line"], f["code"]) for f in data["findings"]) == [
        (6, "GL004"),
        (10, "GL003"),
        (14, "GL002"),
        (14, "GL004"),
    ]
    bundled = scan_json([video], cwd=PROJECT)
    assert sorted((f["line"], f["code"]) for f in bundled["findings"]) == [(6, "GL003"), (10, "GL003"), (14, "GL003")]


def test_suppression_syntax_inside_a_docstring_is_not_a_suppression(tmp_path):
    project(tmp_path, {"a.py": '"""Write `# gemlint: ignore[GL001]` after the name."""\nX = "gemini-3.8-flash"\n'})
    assert scan_json(["."], cwd=tmp_path)["findings"] == []
