"""Issue 27: the exit status follows severity, the summary says what decided it, validation exits 2.

Every case runs the real command line in a new interpreter (``python -m gemlint``), as CI and pre-commit do.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from tests.helpers import run_cli

GEN = 'client.models.generate_content(model="{}", contents="x")\n'
# GL004: shuts down 2028-05-14, far beyond the horizon
WARN_ONLY = 'client.models.embed_content(model="gemini-embedding-001", contents="x")\n'
IMAGE = GEN.format("gemini-2.5-flash-image")  # GL004: shuts down 2027-03-15, 110 days after 2026-11-25
ROUTED = GEN.format("gemini-2.5-pro")  # GL004: auto-routed to gemini-3.8-flash from 2026-12-01
TYPO = GEN.format("gemini-3.8-flsh")  # GL001, fixable: one close name of the right class


def project(root: pathlib.Path, files: dict, config: str = "") -> pathlib.Path:
    (root / "pyproject.toml").write_text("[tool.gemlint]\nmax-inventory-age = 0\n" + config)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def scan(root: pathlib.Path, *args: str):
    return run_cli(["scan", "--no-cache", *args], cwd=root, subprocess_only=True)


def summary(result) -> str:
    return [line for line in result.stdout.splitlines() if not line.startswith(("a.py", "b.py", "[*]"))][0]


def test_warnings_only_exit_0_and_the_summary_says_why(tmp_path):
    result = scan(project(tmp_path, {"a.py": WARN_ONLY}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "GL004 'gemini-embedding-001' shuts down on 2028-05-14" in result.stdout
    assert summary(result) == 'Found 1 warning in 1 file; exit 0: warnings do not fail the run (fail-on = "error").'
    assert "All clear" not in result.stdout


def test_fail_on_warning_in_config_and_on_the_command_line(tmp_path):
    project(tmp_path, {"a.py": WARN_ONLY}, 'fail-on = "warning"\n')
    result = scan(tmp_path)
    assert result.returncode == 1
    assert summary(result) == 'Found 1 warning in 1 file; exit 1: 1 warning (fail-on = "warning").'
    # the command line wins over the file
    assert scan(tmp_path, "--fail-on", "error").returncode == 0
    project(tmp_path, {"a.py": WARN_ONLY})
    assert scan(tmp_path, "--fail-on", "warning").returncode == 1


def test_shutdown_horizon_turns_gl004_into_an_error(tmp_path):
    project(tmp_path, {"a.py": IMAGE})
    far = scan(tmp_path, "--format", "json")
    assert far.returncode == 0 and [f["severity"] for f in json.loads(far.stdout)["findings"]] == ["warning"]
    project(tmp_path, {"a.py": IMAGE}, 'shutdown-horizon = "120d"\n')
    near = scan(tmp_path)
    assert near.returncode == 1, near.stdout
    assert summary(near) == "Found 1 error in 1 file; exit 1: 1 error."
    detail = json.loads(scan(tmp_path, "--format", "json").stdout)["findings"][0]
    assert detail["severity"] == "error" and "within shutdown-horizon (120 days)" in detail["detail"]


def test_a_passed_shutdown_is_an_error_but_an_auto_routed_model_only_fails_with_fail_on_warning(tmp_path):
    project(tmp_path, {"a.py": ROUTED})
    before = scan(tmp_path)  # 2026-11-25: routing starts in 6 days, within the default horizon
    assert before.returncode == 0, before.stdout
    after = scan(tmp_path, "--today", "2026-12-05")
    assert after.returncode == 0 and "auto-routed since 2026-12-01" in after.stdout
    assert scan(tmp_path, "--fail-on", "warning").returncode == 1
    project(
        tmp_path,
        {
            "a.py": GEN.format("gemini-3.1-flash-live-preview")
            .replace("generate_content", "aio.live.connect")
            .replace(', contents="x"', "")
        },
    )
    passed = scan(tmp_path, "--format", "json")
    found = {f["code"]: f["severity"] for f in json.loads(passed.stdout)["findings"]}
    assert passed.returncode == 1 and found == {"GL004": "error"}


def test_parse_failure_exit_1_and_never_all_clear(tmp_path):
    project(tmp_path, {"a.py": "def f(:\n    return 'gemini-3.8-flash'\n"})
    result = scan(tmp_path)
    assert result.returncode == 1
    assert "a.py: syntax error" in result.stderr
    assert summary(result) == "No findings in 1 file; exit 1: 1 file could not be read or parsed."
    assert "All clear" not in result.stdout


def test_errors_and_warnings_the_fixable_count_and_the_marker(tmp_path):
    project(tmp_path, {"a.py": TYPO + WARN_ONLY})
    result = scan(tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("a.py:1:39: GL001 [*] 'gemini-3.8-flsh' does not exist: did you mean gemini-3.8-flash?")
    assert "[*]" not in lines[1]  # the shutdown is the user's call: no safe fix
    assert lines[2:] == [
        "Found 2 problems (1 error, 1 warning) in 1 file; exit 1: 1 error.",
        "[*] 1 fixable with `gemlint scan --fix`.",
    ]
    assert scan(tmp_path, "--exit-zero").stdout.splitlines()[2].endswith("exit 0: --exit-zero.")


def test_verbose_text_gives_the_detail_and_why_there_is_no_fix(tmp_path):
    project(tmp_path, {"a.py": WARN_ONLY})
    lines = scan(tmp_path, "--verbose").stdout.splitlines()
    assert lines[1].startswith("    a warning until 30 days before the shutdown (shutdown-horizon)")
    assert lines[2] == "    no fix: the model is served until 2028-05-14; switch when ready"


def test_statistics_has_a_fixable_column(tmp_path):
    project(tmp_path, {"a.py": TYPO + GEN.format("gemini-9.9-ultra"), "b.py": WARN_ONLY})
    result = scan(tmp_path, "--statistics")
    assert result.stdout.splitlines() == [
        "   2  GL001  unknown-model       1 fixable",
        "   1  GL004  scheduled-shutdown  0 fixable",
    ]


def test_a_run_that_checked_no_file_says_so(tmp_path):
    project(tmp_path, {"notes.txt": "gemini-3.8-flsh\n"})
    result = scan(tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("No files checked:")


@pytest.mark.parametrize(
    "args, config, message",
    [
        (["--select", "GL9999"], "", "unknown rule code or prefix 'GL9999'; did you mean GL900?"),
        (["--ignore", "GL01"], "", "unknown rule code or prefix 'GL01'; did you mean GL001?"),
        ([], 'ignore = ["GL04"]\n', "'ignore': unknown rule code or prefix 'GL04'; did you mean GL004?"),
        ([], 'select = ["GL7"]\n', "'select': unknown rule code or prefix 'GL7'"),
        ([], '[tool.gemlint.per-file-ignores]\n"tests/**" = ["GL066"]\n', "unknown rule code or prefix 'GL066'"),
        ([], "max-inventory-ages = 3\n", "unknown key 'max-inventory-ages' in [tool.gemlint]; did you mean"),
        ([], 'fail-on = "warnings"\n', '\'fail-on\' must be "error" or "warning"'),
        ([], 'shutdown-horizon = "soon"\n', "'shutdown-horizon' must be a number of days"),
    ],
)
def test_unknown_codes_and_keys_exit_2_with_a_did_you_mean(tmp_path, args, config, message):
    project(tmp_path, {"a.py": WARN_ONLY}, config)
    result = scan(tmp_path, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("gemlint: error: ") and message in line, line
    assert result.stdout == ""


@pytest.mark.parametrize("codes", ["GL", "GL0", "GL00", "GL004", "GL9", "GL900", "ALL", "gl001"])
def test_known_codes_and_prefixes_are_accepted(tmp_path, codes):
    project(tmp_path, {"a.py": WARN_ONLY})
    assert scan(tmp_path, "--select", codes).returncode == 0


def test_the_fast_exit_keeps_the_code_the_buffered_output_and_the_exit_handlers():
    """``entry.exit_now`` (the console script's exit, without the interpreter's teardown)."""
    import subprocess
    import sys

    script = (
        "import atexit, sys\n"
        "from gemlint import entry\n"
        "atexit.register(lambda: sys.stderr.write('handler ran'))\n"
        "sys.stdout.write('x' * 200000)\n"  # more than a pipe holds: still buffered when exit_now starts
        "entry.exit_now(3)\n"
    )
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as by default
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 3
    assert out.stdout == "x" * 200000
    assert out.stderr == "handler ran"


def test_the_console_script_exits_with_the_scans_code_and_its_whole_report(tmp_path):
    import subprocess
    import sys

    bad = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
    for i in range(40):
        (tmp_path / f"m{i}.py").write_text(bad, encoding="utf-8")
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    out = subprocess.run(
        [sys.executable, "-m", "gemlint", "scan", "--no-cache", "--format", "json", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env,
    )
    assert out.returncode == 1, out.stderr
    assert len(json.loads(out.stdout)["findings"]) == 40
