"""Every ``[tool.gemlint]`` key and every ``gemlint scan`` flag: one test shows its effect, one its absence.

Each test builds a small project in ``tmp_path`` and runs the real ``gemlint`` group (tests/inproc.py). The
keys are those of ``gemlint.config._KEYS``; ``test_every_key_and_flag_is_covered`` fails when a key or a flag
is added without a test here.
"""

from __future__ import annotations

import json
import pathlib
import re

import click
import pytest

import gemlint
from gemlint.cli import cli
from gemlint.config import _KEYS
from tests.inproc import Outcome, invoke, scan, write

BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
GOOD = 'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n'
SHUT = 'client.models.generate_content(model="gemini-3.1-flash-lite", contents="x")\n'  # GL004 on the Gemini API
AGE = "max-inventory-age = 0\n"  # no staleness warning unless a test wants it
BUNDLED = pathlib.Path(gemlint.__file__).parent / "data" / "models.json"


def models(outcome: Outcome) -> list:
    return sorted((f["path"], f["code"], f["model"]) for f in outcome.json()["findings"])


def paths(outcome: Outcome) -> set:
    return {f["path"] for f in outcome.json()["findings"]}


def config(root: pathlib.Path, body: str = "") -> None:
    (root / "pyproject.toml").write_text("[tool.gemlint]\n" + AGE + body)


# --- [tool.gemlint] keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["exclude", "extend-exclude"])
def test_exclude_keys(tmp_path, key):
    write(tmp_path, {"gen/a.py": BAD, "src/b.py": BAD, "node_modules/x/c.py": BAD})
    config(tmp_path)
    assert paths(scan(tmp_path, "--no-cache")) == {"gen/a.py", "src/b.py"}
    config(tmp_path, f'{key} = ["gen/"]\n')
    # the built-in folders stay excluded whichever key is used
    assert paths(scan(tmp_path, "--no-cache")) == {"src/b.py"}


@pytest.mark.parametrize(
    "body, codes",
    [
        pytest.param("", {"GL001", "GL004"}, id="absent"),
        pytest.param('select = ["GL004"]\n', {"GL004"}, id="select"),
        pytest.param('ignore = ["GL004"]\n', {"GL001"}, id="ignore"),
        pytest.param('select = ["GL00"]\nignore = ["GL001"]\n', {"GL004"}, id="select-prefix-and-ignore"),
        pytest.param('select = ["ALL"]\nignore = ["GL0"]\n', set(), id="all-then-ignore"),
    ],
)
def test_select_and_ignore_keys(tmp_path, body, codes):
    write(tmp_path, {"a.py": BAD + SHUT})
    config(tmp_path, body)
    assert {f["code"] for f in scan(tmp_path, "--no-cache").json()["findings"]} == codes


def test_extra_models_key(tmp_path):
    write(tmp_path, {"a.py": GOOD + 'client.models.generate_content(model="acme-tuned-7", contents="x")\n'})
    config(tmp_path)
    assert models(scan(tmp_path, "--no-cache")) == [("a.py", "GL001", "acme-tuned-7")]
    config(tmp_path, 'extra-models = ["acme-tuned-7"]\n')
    assert models(scan(tmp_path, "--no-cache")) == []


def smaller_inventory(path: pathlib.Path) -> None:
    data = json.loads(BUNDLED.read_text())
    data["models"] = [m for m in data["models"] if m["name"] != "models/gemini-3.8-flash"]
    path.write_text(json.dumps(data))


def test_inventory_key(tmp_path):
    write(tmp_path, {"src/a.py": GOOD})
    smaller_inventory(tmp_path / "inv.json")
    config(tmp_path)
    assert models(scan(tmp_path, "--no-cache", "src")) == []
    config(tmp_path, 'inventory = "inv.json"\n')  # relative to the configuration's folder
    assert models(scan(tmp_path, "--no-cache", "src")) == [("src/a.py", "GL001", "gemini-3.8-flash")]
    sub = tmp_path / "src"
    assert models(scan(sub, "--no-cache", ".")) == [("a.py", "GL001", "gemini-3.8-flash")]


VERTEX_SRC = (
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="gemini-3.1-flash-lite", contents="x")\n'
)


def test_vertex_inventory_key(tmp_path):
    write(tmp_path, {"src/a.py": VERTEX_SRC})
    (tmp_path / "vinv.json").write_text(
        json.dumps({"models": [{"name": "models/gemini-3.5-flash", "supportedGenerationMethods": ["generateContent"]}]})
    )
    config(tmp_path)
    assert models(scan(tmp_path, "--no-cache", "src")) == []  # the bundled Vertex AI catalogue lists it
    config(tmp_path, 'vertex-inventory = "vinv.json"\n')
    out = scan(tmp_path, "--no-cache", "src")
    assert models(out) == [("src/a.py", "GL001", "gemini-3.1-flash-lite")]
    assert "on Vertex AI" in out.json()["findings"][0]["message"]


def test_max_inventory_age_key(tmp_path):
    write(tmp_path, {"a.py": BAD})
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n")
    # bundled inventory of 2026-10-24, today 2026-11-25: 32 > 30 days, and a GL001 could be a newer model
    warned = invoke(["scan", "--no-cache"], tmp_path)
    assert warned.out.count("(32 days old)") == 1 and "max-inventory-age = 0" in warned.out
    assert "is not listed: did you mean gemini-3.8-flash?" in warned.out
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\nmax-inventory-age = 60\n")
    fresh = invoke(["scan", "--no-cache"], tmp_path)
    assert "days old" not in fresh.out and "does not exist: did you mean gemini-3.8-flash?" in fresh.out


def test_fail_on_key_and_flag(tmp_path):
    write(tmp_path, {"a.py": SHUT})  # GL004 only: a warning (shutdown 2027-05-07, beyond the horizon)
    config(tmp_path)
    assert invoke(["scan", "--no-cache"], tmp_path).code == 0
    config(tmp_path, 'fail-on = "warning"\n')
    assert invoke(["scan", "--no-cache"], tmp_path).code == 1
    assert invoke(["scan", "--no-cache", "--fail-on", "error"], tmp_path).code == 0


def test_shutdown_horizon_key(tmp_path):
    write(tmp_path, {"a.py": SHUT})  # shuts down 2027-05-07: 163 days after 2026-11-25
    config(tmp_path)
    assert [f["severity"] for f in scan(tmp_path, "--no-cache").json()["findings"]] == ["warning"]
    config(tmp_path, 'shutdown-horizon = "24w"\n')  # 168 days
    assert [f["severity"] for f in scan(tmp_path, "--no-cache").json()["findings"]] == ["error"]
    config(tmp_path, "shutdown-horizon = 162\n")
    assert [f["severity"] for f in scan(tmp_path, "--no-cache").json()["findings"]] == ["warning"]


def test_settings_files_key(tmp_path):
    write(tmp_path, {".env": "GEMINI_MODEL=gemini-3.8-flsh\n", "conf/app.yaml": "model: gemini-3.8-flsh\n"})
    config(tmp_path)
    assert paths(scan(tmp_path, "--no-cache")) == {".env", "conf/app.yaml"}
    config(tmp_path, "settings-files = false\n")
    assert paths(scan(tmp_path, "--no-cache")) == set()


MINIFIED = 'const m = ai.models.generateContent({model: "gemini-3.8-flsh"});\n'


def test_include_minified_key(tmp_path):
    write(tmp_path, {"app.min.js": MINIFIED})
    config(tmp_path)
    skipped = scan(tmp_path, "--no-cache")
    assert paths(skipped) == set() and "app.min.js: minified" in skipped.err
    config(tmp_path, "include-minified = true\n")
    assert paths(scan(tmp_path, "--no-cache")) == {"app.min.js"}


def test_baseline_key(tmp_path):
    write(tmp_path, {"a.py": BAD})
    config(tmp_path)
    (tmp_path / "base").mkdir()
    assert scan(tmp_path, "--no-cache", "a.py").code == 1
    assert scan(tmp_path, "--no-cache", "--write-baseline", "base/bl.json", "a.py").code == 0
    assert json.loads((tmp_path / "base" / "bl.json").read_text())["findings"]
    assert scan(tmp_path, "--no-cache", "a.py").code == 1  # recorded, but not used until named
    assert scan(tmp_path, "--no-cache", "--baseline", "base/bl.json", "a.py").code == 0
    config(tmp_path, 'baseline = "base/bl.json"\n')
    assert scan(tmp_path, "--no-cache", "a.py").code == 0
    write(tmp_path, {"a.py": BAD + BAD.replace("flsh", "flaash")})
    assert models(scan(tmp_path, "--no-cache", "a.py")) == [("a.py", "GL001", "gemini-3.8-flaash")]


@pytest.mark.parametrize(
    "body, vertex_paths",
    [
        pytest.param("", set(), id="absent"),
        pytest.param('backend = "vertex"\n', {"a.py", "svc/b.py"}, id="whole-project"),
        pytest.param('backend = { "svc/**" = "vertex" }\n', {"svc/b.py"}, id="per-path"),
        pytest.param('backend = { "**" = "vertex", "svc/**" = "gemini" }\n', {"a.py"}, id="last-match-wins"),
    ],
)
def test_backend_key(tmp_path, body, vertex_paths):
    src = "from google import genai\nclient = genai.Client()\n" + SHUT
    write(tmp_path, {"a.py": src, "svc/b.py": src})
    config(tmp_path, body)
    gemini_shutdown = paths(scan(tmp_path, "--no-cache"))  # GL004 is a Gemini API date, never said on Vertex AI
    assert gemini_shutdown == {"a.py", "svc/b.py"} - vertex_paths


def test_max_file_size_key(tmp_path):
    write(tmp_path, {"big.py": "x = 1\n" * 400 + BAD, "small.py": BAD})
    config(tmp_path)
    assert paths(scan(tmp_path, "--no-cache")) == {"big.py", "small.py"}
    config(tmp_path, "max-file-size = 1000\n")
    out = scan(tmp_path, "--no-cache")
    assert paths(out) == {"small.py"} and "big.py" in out.err and "max-file-size" in out.err


def test_timeout_key_and_flag(tmp_path):
    """A file whose reading takes longer than ``timeout`` seconds of CPU is a notice; the others are checked."""
    lines = (f'm{i} = "gemini-x-{i}"\nclient.models.generate_content(model=m{i})\n' for i in range(1500))
    slow = BAD + "".join(lines)  # about 0.25 s of CPU to read here: 5x the budget below
    write(tmp_path, {"slow.py": slow, "small.py": BAD})
    config(tmp_path)  # absent: 5 s, which the slow file is far within
    assert paths(scan(tmp_path, "--no-cache")) == {"slow.py", "small.py"}
    config(tmp_path, "timeout = 0.05\n")
    out = scan(tmp_path, "--no-cache")
    assert paths(out) == {"small.py"}
    assert "slow.py: reading took longer than the per-file time budget of 0.05 s" in out.err
    assert paths(scan(tmp_path, "--no-cache", "--timeout", "0")) == {"slow.py", "small.py"}  # the flag wins; 0: none
    config(tmp_path)
    assert paths(scan(tmp_path, "--no-cache", "--timeout", "0.05")) == {"small.py"}
    assert paths(scan(tmp_path, "--no-cache", env={"GEMLINT_FILE_TIMEOUT": "0.05"})) == {"small.py"}
    for bad in ("-1", '"5"', "true", "inf", "nan"):
        config(tmp_path, f"timeout = {bad}\n")
        out = invoke(["scan", "--no-cache"], tmp_path)
        assert out.code == 2 and "'timeout' must be a non-negative number of seconds" in out.err, (bad, out)
    assert invoke(["scan", "--timeout", "-1"], tmp_path).code == 2


def test_per_file_ignores_key(tmp_path):
    write(tmp_path, {"tests/t.py": BAD + SHUT, "src/a.py": BAD})
    config(tmp_path)
    assert models(scan(tmp_path, "--no-cache")) == [
        ("src/a.py", "GL001", "gemini-3.8-flsh"),
        ("tests/t.py", "GL001", "gemini-3.8-flsh"),
        ("tests/t.py", "GL004", "gemini-3.1-flash-lite"),
    ]
    config(tmp_path, '[tool.gemlint.per-file-ignores]\n"tests/**" = ["GL001"]\n')
    assert models(scan(tmp_path, "--no-cache")) == [
        ("src/a.py", "GL001", "gemini-3.8-flsh"),
        ("tests/t.py", "GL004", "gemini-3.1-flash-lite"),
    ]


@pytest.mark.parametrize(
    "body, message",
    [
        ("nope = 1\n", "unknown key 'nope'"),
        ("select = ['XX1']\n", "'select': unknown rule code or prefix 'XX1'"),
        ("ignore = 'GL001'\n", "'ignore' must be a list of strings"),
        ("max-file-size = -1\n", "'max-file-size' must be a non-negative integer"),
        ("max-inventory-age = true\n", "'max-inventory-age' must be a non-negative integer"),
        ("settings-files = 'no'\n", "'settings-files' must be true or false"),
        ("include-minified = 1\n", "'include-minified' must be true or false"),
        ("inventory = ''\n", "'inventory' must be a path string"),
        ("baseline = 3\n", "'baseline' must be a path string"),
        ("vertex-inventory = []\n", "'vertex-inventory' must be a path string"),
        ("backend = 'aws'\n", "'backend' must be"),
        ("backend = { 'a/**' = 'aws' }\n", "'backend' must be"),
        ("per-file-ignores = ['GL001']\n", "'per-file-ignores' must be a table"),
        ("per-file-ignores = { 'a' = 'GL001' }\n", "'per-file-ignores' must be a table"),
        ("per-file-ignores = { 'a' = ['ZZ'] }\n", "'per-file-ignores.a': unknown rule code or prefix 'ZZ'"),
        ("extend-exclude = [1]\n", "'extend-exclude' must be a list of strings"),
        ("extra-models = 'x'\n", "'extra-models' must be a list of strings"),
        ("exclude = 'x'\n", "'exclude' must be a list of strings"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path, body, message):
    write(tmp_path, {"a.py": GOOD, "pyproject.toml": "[tool.gemlint]\n" + body})
    out = invoke(["scan", "--no-cache", "."], tmp_path)
    assert out.code == 2
    assert out.err.startswith("gemlint: error: ") and "pyproject.toml" in out.err and message in out.err, out.err
    assert "Traceback" not in out.err


def test_config_file_flag_and_search(tmp_path):
    """``--config FILE`` reads a gemlint.toml (top-level keys); without it the nearest [tool.gemlint] wins."""
    write(tmp_path, {"a.py": BAD + SHUT, "settings/gemlint.toml": 'select = ["GL004"]\nmax-inventory-age = 0\n'})
    config(tmp_path)
    assert {f["code"] for f in scan(tmp_path, "--no-cache").json()["findings"]} == {"GL001", "GL004"}
    chosen = scan(tmp_path, "--no-cache", "--config", "settings/gemlint.toml", "a.py")
    assert {f["code"] for f in chosen.json()["findings"]} == {"GL004"}
    # a pyproject.toml without the table is skipped and the search goes on upward
    write(tmp_path, {"sub/pyproject.toml": "[project]\nname = 'x'\n", "sub/b.py": SHUT})
    config(tmp_path, 'ignore = ["GL004"]\n')
    assert models(scan(tmp_path / "sub", "--no-cache", ".")) == []
    # and a missing --config file is an error naming it
    missing = invoke(["scan", "--config", "nope.toml", "a.py"], tmp_path)
    assert missing.code == 2 and "nope.toml" in missing.err


# --- scan flags --------------------------------------------------------------------------------------------


def test_flag_select_ignore_override_the_file(tmp_path):
    write(tmp_path, {"a.py": BAD + SHUT})
    config(tmp_path, 'ignore = ["GL004"]\n')
    assert {f["code"] for f in scan(tmp_path, "--no-cache").json()["findings"]} == {"GL001"}
    # --select starts a fresh selection (the file's ignore no longer applies)
    assert {f["code"] for f in scan(tmp_path, "--no-cache", "--select", "GL004").json()["findings"]} == {"GL004"}
    # --ignore replaces the file's list
    assert {f["code"] for f in scan(tmp_path, "--no-cache", "--ignore", "GL001").json()["findings"]} == {"GL004"}


def test_flag_exclude_and_extend_exclude(tmp_path):
    write(tmp_path, {"gen/a.py": BAD, "src/b.py": BAD, "other/c.py": BAD})
    config(tmp_path, 'exclude = ["other/"]\n')
    assert paths(scan(tmp_path, "--no-cache")) == {"gen/a.py", "src/b.py"}
    assert paths(scan(tmp_path, "--no-cache", "--exclude", "gen/")) == {"src/b.py", "other/c.py"}
    assert paths(scan(tmp_path, "--no-cache", "--extend-exclude", "gen/")) == {"src/b.py"}


def test_flag_force_exclude(tmp_path):
    write(tmp_path, {"gen/a.py": BAD})
    config(tmp_path, 'exclude = ["gen/"]\n')
    assert paths(scan(tmp_path, "--no-cache", "gen/a.py")) == {"gen/a.py"}  # named files are scanned
    assert paths(scan(tmp_path, "--no-cache", "--force-exclude", "gen/a.py")) == set()


def test_flag_include_minified_and_no_settings_files(tmp_path):
    write(tmp_path, {"app.min.js": MINIFIED, ".env": "GEMINI_MODEL=gemini-3.8-flsh\n"})
    config(tmp_path)
    assert paths(scan(tmp_path, "--no-cache")) == {".env"}
    assert paths(scan(tmp_path, "--no-cache", "--include-minified")) == {".env", "app.min.js"}
    assert paths(scan(tmp_path, "--no-cache", "--no-settings-files")) == set()


def test_flag_inventory(tmp_path):
    write(tmp_path, {"a.py": GOOD})
    smaller_inventory(tmp_path / "inv.json")
    config(tmp_path)
    assert models(scan(tmp_path, "--no-cache", "a.py")) == []
    assert models(scan(tmp_path, "--no-cache", "--inventory", "inv.json", "a.py")) == [
        ("a.py", "GL001", "gemini-3.8-flash")
    ]
    missing = invoke(["scan", "--inventory", "nope.json", "a.py"], tmp_path)
    assert missing.code == 2 and "nope.json" in missing.err


def test_flag_exit_zero(tmp_path):
    write(tmp_path, {"a.py": BAD})
    config(tmp_path)
    assert invoke(["scan", "--no-cache", "a.py"], tmp_path).code == 1
    assert invoke(["scan", "--no-cache", "--exit-zero", "a.py"], tmp_path).code == 0
    assert invoke(["scan", "--no-cache", "--exit-zero", "missing.py"], tmp_path).code == 2  # 2 still means error


def test_flag_statistics(tmp_path):
    write(tmp_path, {"a.py": BAD + BAD, "b.py": SHUT})
    config(tmp_path)
    plain = invoke(["scan", "--no-cache", "."], tmp_path)
    assert "a.py:1:39: GL001" in plain.out
    stats = invoke(["scan", "--no-cache", "--statistics", "."], tmp_path)
    assert stats.code == 1
    assert [line.split()[:3] for line in stats.out.splitlines()] == [
        ["2", "GL001", "unknown-model"],
        ["1", "GL004", "scheduled-shutdown"],
    ]


@pytest.mark.parametrize(
    "fmt, marker",
    [
        ("text", re.compile(r"^a\.py:1:39: GL001 ", re.M)),
        ("json", re.compile(r'^\{\n  "version": ')),
        ("sarif", re.compile(r'"version": "2\.1\.0"')),
        ("github", re.compile(r"^::error file=a\.py,line=1,", re.M)),
        ("gitlab", re.compile(r'^\[\n  \{\n    "type": "issue"')),
        ("junit", re.compile(r'^<\?xml .*\n<testsuites name="gemlint"')),
    ],
)
def test_flag_format_and_output_file(tmp_path, fmt, marker):
    write(tmp_path, {"a.py": BAD})
    config(tmp_path)
    out = invoke(["scan", "--no-cache", "--format", fmt, "a.py"], tmp_path)
    assert out.code == 1 and marker.search(out.out), out.out[:300]
    if fmt == "text":
        assert invoke(["scan", "--no-cache", "a.py"], tmp_path).out == out.out  # text is the default
    to_file = invoke(["scan", "--no-cache", "--format", fmt, "-o", "report.out", "a.py"], tmp_path)
    assert to_file.code == 1 and to_file.out == ""
    assert marker.search((tmp_path / "report.out").read_text())


def test_flag_jobs_gives_the_same_report(tmp_path):
    write(tmp_path, {f"m{i:02d}.py": (BAD if i % 2 else GOOD) for i in range(60)})
    config(tmp_path)
    one = scan(tmp_path, "--no-cache", "-j", "1")
    two = scan(tmp_path, "--no-cache", "--jobs", "2")
    assert one.out == two.out and len(one.json()["findings"]) == 30
    bad = invoke(["scan", "--jobs", "-1", "."], tmp_path)
    assert bad.code == 2


def test_flag_fix_and_diff(tmp_path):
    write(tmp_path, {"a.py": BAD})
    config(tmp_path)
    diff = invoke(["scan", "--no-cache", "--diff", "a.py"], tmp_path)
    assert diff.code == 1 and '-client.models.generate_content(model="gemini-3.8-flsh"' in diff.out
    assert '+client.models.generate_content(model="gemini-3.8-flash"' in diff.out
    assert (tmp_path / "a.py").read_text() == BAD  # --diff writes nothing
    fixed = invoke(["scan", "--no-cache", "--fix", "a.py"], tmp_path)
    assert fixed.code == 0 and (tmp_path / "a.py").read_text() == GOOD


def test_flag_add_ignore(tmp_path):
    write(tmp_path, {"a.py": SHUT})
    config(tmp_path)
    assert invoke(["scan", "--no-cache", "--add-ignore", "a.py"], tmp_path).code == 0
    assert (tmp_path / "a.py").read_text() == SHUT.rstrip("\n") + "  # gemlint: ignore[GL004]\n"
    assert invoke(["scan", "--no-cache", "a.py"], tmp_path).code == 0


def test_flag_today(tmp_path):
    write(tmp_path, {"a.py": SHUT})
    config(tmp_path)
    before = scan(tmp_path, "--no-cache", "--today", "2026-11-25", "a.py").json()["findings"]
    assert [f["code"] for f in before] == ["GL004"] and "in 163 days" in before[0]["message"]
    after = scan(tmp_path, "--no-cache", "--today", "2027-06-01", "a.py").json()["findings"]
    assert [f["code"] for f in after] != ["GL004"] or "in 163 days" not in after[0]["message"]


def test_every_key_and_flag_is_covered():
    """A new key or flag must come with a test in this module (or the cache, output, worker and notice tests)."""
    folder = pathlib.Path(__file__).parent
    here = "".join(
        (folder / name).read_text()
        for name in (
            "test_config_keys.py",
            "test_cache_behaviour.py",
            "test_output.py",
            "test_workers.py",
            "test_notices.py",
        )
    )
    for key in _KEYS:
        assert f"{key} = " in here or f'"{key}"' in here, key
    for param in cli.commands["scan"].params:
        if isinstance(param, click.Option) and param.name != "help":
            assert any(f'"{opt}"' in here for opt in param.opts), param.opts
