"""Every command's output goes through the output guard (issue 24; ``gemlint/guarded_streams.py``).

A hostile string (a newline then a workflow command, an OSC 52 clipboard write, a bidi override) is fed to each
command as a file name, a model name or an argument, and what the command prints on either stream must hold no
raw control character and no line starting a workflow command gemlint did not build (``tests.hostile``'s
``check_output``). Most commands run in this process through ``gemlint.entry.run`` (``tests/inproc.py``); the
console script's own streams are checked in a subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import pytest

from gemlint.guarded_streams import GuardedStream
from tests.fakeapi import FakeApi
from tests.hostile import Run, check_output, run
from tests.inproc import invoke

HOSTILE = "\n::error file=FAKE.py,line=1::INJECTED\x1b]52;c;QUFBQQ==\x07\u202e##[warning]W"
NAME = "\n::error::X\x1b]52;c;QUFBQQ==\x07\u202e##[warning]W"  # no blank: still read as a model name
CALL = "from google import genai\n\nclient = genai.Client()\nclient.models.generate_content(model={!r}, contents='x')\n"


def _checked(args: List[str], cwd: Path, env=None, codes=(0, 1, 2)) -> Run:
    outcome = invoke(args, cwd, env)
    r = Run(outcome.code, outcome.out, outcome.err, 0.0)
    check_output(r)
    assert r.code in codes, str(r)
    return r


def _inventory(path: Path, *names: str) -> Path:
    models = [{"name": f"models/{n}", "supportedGenerationMethods": ["generateContent"]} for n in names]
    path.write_text(json.dumps({"models": models, "fetched_at": "2026-11-20"}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["bogus" + HOSTILE],  # click: no such command, named
        ["scan", "--format", "x" + HOSTILE],  # click: invalid choice, repeated
        ["scan", "--jobs", "x" + HOSTILE],
        ["scan", "--select", "GL" + HOSTILE],
        ["scan", "--bogus" + HOSTILE],
        ["scan", "missing" + HOSTILE],
        ["scan", "--baseline", "missing" + HOSTILE],
        ["scan", "--config", "missing" + HOSTILE],
        ["rule", "GL" + HOSTILE],
        ["preflight", "missing" + HOSTILE],
        ["models", "show", "gemini" + HOSTILE],
        ["models", "list", "--inventory", "missing" + HOSTILE],
        ["models", "diff", "a" + HOSTILE, "b"],
        ["sweep", "run", "missing" + HOSTILE],
        ["sweep", "merge", "missing" + HOSTILE],
        ["server", "--bogus" + HOSTILE],
        ["hook", "--select", "GL" + HOSTILE, "x.py"],
    ],
    ids=lambda args: " ".join(a.split("\n")[0] for a in args),
)
def test_hostile_arguments_are_printed_guarded(tmp_path: Path, args: List[str]) -> None:
    (tmp_path / "x.py").write_text(CALL.format("gemini-1.0-prro"), encoding="utf-8")
    _checked(args, tmp_path)


def test_hostile_file_names_through_scan_hook_baseline_and_clean(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    name = "x" + HOSTILE + ".py"
    (tmp_path / name).write_text(CALL.format("gemini-1.0-prro"), encoding="utf-8")
    r = _checked(["hook", name], tmp_path, codes=(1,))
    assert "\\x1b]52;c;QUFBQQ==\\x07" in r.out
    for fmt in ("text", "github", "json", "sarif", "gitlab", "junit"):
        r = invoke(["scan", "--no-cache", "--format", fmt, "."], tmp_path)
        check_output(Run(r.code, r.out, r.err, 0.0), github=fmt == "github")
    baseline = "base" + HOSTILE + ".json"
    _checked(["scan", "--no-cache", "--write-baseline", baseline, "."], tmp_path)
    _checked(["scan", "--no-cache", "--baseline", baseline, "."], tmp_path, codes=(0,))
    _checked(["scan", "--no-cache", "--output-file", "no-such-folder" + HOSTILE + "/r.txt", "."], tmp_path, codes=(2,))
    cache = tmp_path / ("cache" + HOSTILE)
    cache.mkdir()
    r = _checked(["clean", "--cache-dir", str(cache)], tmp_path, codes=(0,))
    assert r.out.startswith("removed ") and not cache.exists()


def test_hostile_inventory_names_through_models_commands(tmp_path: Path) -> None:
    old = _inventory(tmp_path / "old.json", "gemini-kept")
    new = _inventory(tmp_path / "new.json", "gemini-kept", "gemini-new" + HOSTILE)
    _checked(["models", "diff", str(old), str(new)], tmp_path, codes=(0,))
    r = _checked(["models", "list", "--inventory", str(new), "--format", "json"], tmp_path, codes=(0,))
    assert "gemini-new" + HOSTILE in [m["name"] for m in json.loads(r.out)["models"]]  # JSON keeps the raw name
    _checked(["models", "list", "--inventory", str(new)], tmp_path, codes=(0,))
    _checked(["models", "show", "gemini-new" + HOSTILE, "--inventory", str(new)], tmp_path)


def test_models_refresh_prints_hostile_served_names_guarded(fake_api_env: FakeApi, tmp_path: Path) -> None:
    fake_api_env.set_models(
        [{"name": "models/gemini-9" + HOSTILE, "supportedGenerationMethods": ["generateContent"], "version": "1"}]
    )
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(CALL.format("gemini-9" + HOSTILE), encoding="utf-8")
    _inventory(tmp_path / "old.json", "gemini-old")
    env = {"GEMINI_API_KEY": "AIzaFAKE-KEY-0123456789", "GOOGLE_GEMINI_BASE_URL": fake_api_env.base_url}
    r = _checked(["models", "refresh", "--output", str(tmp_path / "old.json")], tmp_path, env=env, codes=(0,))
    assert "+ gemini-9\\n::error file=FAKE.py" in r.out, str(r)  # escaped, on its own line
    _checked(["models", "refresh", "--output", str(tmp_path / ("out" + HOSTILE) / "m.json")], tmp_path, env=env)


def test_preflight_prints_hostile_model_names_guarded(fake_api_env: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    (tmp_path / ("app" + HOSTILE + ".py")).write_text(CALL.format("gemini-1.0-pro" + NAME), encoding="utf-8")
    env = {"GEMINI_API_KEY": "AIzaFAKE-KEY-0123456789", "GOOGLE_GEMINI_BASE_URL": fake_api_env.base_url}
    for fmt in ("text", "github", "json"):
        r = invoke(["preflight", "--format", fmt, "."], tmp_path, env)
        check_output(Run(r.code, r.out, r.err, 0.0), github=fmt == "github")
        assert r.code == 1 and "gemini-1.0-pro" in r.out, r
        if fmt == "github":
            assert r.out.startswith("::error file=app"), r.out  # an annotation gemlint built, kept
        if fmt == "json":
            assert any("gemini-1.0-pro" + NAME == f["model"] for f in json.loads(r.out)["findings"])


def test_the_console_scripts_own_streams_are_guarded(tmp_path: Path) -> None:
    """Not the test runner's streams: ``python -m gemlint``'s, for a click error, a command and the server."""
    for args in (["rule", "GL" + HOSTILE], ["scan", "--format", "x" + HOSTILE], ["server", "--x" + HOSTILE]):
        r = run(args, tmp_path, timeout=30)
        check_output(r)
        # shown escaped: the newline as \n, or (where click itself breaks the line: click 8.1 on Python 3.9)
        # the colon that would start the workflow command as \x3a
        assert r.code == 2 and ("\\n::error" in r.err or "\n\\x3a:error" in r.err), str(r)


def test_writes_split_anywhere_cannot_start_a_command() -> None:
    """A command split over several writes (``print`` writes the newline apart) is caught at the seam too."""
    import io

    for pieces in (["x\n", ":", ":error::A"], ["  :", ":error::A"], ["#", "#[error]A"], ["##", "[error]A"], ["\n::x"]):
        raw = io.StringIO()
        stream = GuardedStream(raw)
        for piece in pieces:
            stream.write(piece)
        text = raw.getvalue()
        assert "##[" not in text and not any(line.lstrip().startswith("::") for line in text.splitlines()), pieces
    raw = io.StringIO()
    stream = GuardedStream(raw)
    stream.write("a: b\n")
    stream.write("c :: d")
    assert raw.getvalue() == "a: b\nc :: d"  # only a line start is a command
    with pytest.raises(TypeError):
        stream.write(b"")  # type: ignore[arg-type]


def test_streams_are_restored_after_the_run(tmp_path: Path) -> None:
    import sys

    before = sys.stdout, sys.stderr
    _checked(["rule", "GL001"], tmp_path, codes=(0,))
    assert not isinstance(sys.stdout, GuardedStream) and not isinstance(sys.stderr, GuardedStream)
    assert (sys.stdout, sys.stderr) == before
