"""Hostile input (issue 24): a stranger's pull request cannot steer gemlint.

Every case builds its repository at test time (``tests/hostile.py``), runs ``python -m gemlint`` in a
subprocess under a CPU-time and memory limit, and checks: no traceback or internal error, no raw control
character or stray workflow command on either stream, the planted real finding in ``real.py`` still reported
(where the run can report), the exit status, and nothing outside the project read or written. Algorithmic
cases are small and check growth instead: doubling the input at most ~2.5x the CPU time.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.growth import GROWERS, growth_problems
from tests.hostile import OUTSIDE_MODEL, REAL, REAL_FINDING, Sandbox, check_output, run, run_batch

INJECT = "\n::error file=FAKE.py,line=1::INJECTED\n"
NASTY = "\n::error::X\x1b]52;c;QUFBQQ==\x07\x1b]8;;http://x\x07\u202e\x9b31m##[error]Y"


def _call(model: str) -> str:
    return (
        "from google import genai\n\nclient = genai.Client()\n"
        f"client.models.generate_content(model={model!r}, contents='x')\n"
    )


@pytest.fixture
def box(tmp_path: Path):
    sandbox = Sandbox(tmp_path)
    yield sandbox
    for cleanup in sandbox.cleanups:
        cleanup()


def _reported(r, code: int = 1) -> None:
    check_output(r)
    assert REAL_FINDING in r.out, str(r)
    assert r.code == code, str(r)


# 1. Every string from the scanned tree is printed safely.


# Inventory names a pull request commits, close to the planted finding's name: they come back in "did you mean".
NEAR_NAMES = ["gemini-1.0-prro\u202e", "gemini-1.0-pr\n::e", "gemini-1.0-prr\x1b]5"]


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "gitlab", "junit"])
def test_file_name_literal_and_inventory_names_cannot_inject_output(box: Sandbox, fmt: str) -> None:
    """One sandbox per format holds every case: hostile file names (one unreadable), a hostile literal, a plain
    unreadable file (a file error: an annotation in --format github) and a committed inventory of hostile names."""
    box.put(f"x{INJECT}.py", _call("gemini-1.0-prro"))
    box.put("lit.py", _call("gemini-1.0-pro" + NASTY))
    box.put(f"bad{INJECT}.py", b"\xff\xfe\x00(")
    box.put("bad.py", b"\xff\xfe\x00(")
    models = [{"name": f"models/{name}", "supportedGenerationMethods": ["generateContent"]} for name in NEAR_NAMES]
    box.put(".gemlint/models.json", json.dumps({"models": models, "fetched_at": "2026-11-20"}))
    r = box.scan("--verbose", fmt=fmt)
    check_output(r, github=fmt == "github")
    assert r.code == 1, str(r)
    if fmt == "text":
        assert REAL_FINDING in r.out
        assert "x\\n::error file=FAKE.py,line=1::INJECTED\\n.py:4:" in r.out  # shown escaped, as git quotes
        assert "\\x1b]52;c;QUFBQQ==\\x07" in r.out and "\\u202e" in r.out
        assert "did you mean gemini-1.0-prro\\u202e?" in r.out  # the committed inventory's name, escaped
    elif fmt == "github":
        assert "file=x%0A%3A%3Aerror file=FAKE.py%2Cline=1%3A%3AINJECTED%0A.py," in r.out
        assert "::error file=real.py," in r.out
        assert "::error file=bad.py,title=gemlint::" in r.out  # a file error is an annotation
        assert "gemlint: error: bad.py" not in r.err  # not twice
        assert r.err == "" or not r.err.strip().startswith("::")
    elif fmt in ("json", "sarif", "gitlab"):
        strings = _strings(json.loads(r.out))  # the raw strings survive, JSON-escaped
        assert any("gemini-1.0-pro" + NASTY in text for text in strings), strings


def _strings(data) -> list:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for item in data for s in _strings(item)] if isinstance(data, list) else []


def test_baseline_entries_and_config_keys_are_escaped(box: Sandbox) -> None:
    box.put("base.json", json.dumps({"version": 1, "findings": [{"path": f"a{INJECT}", "code": "GL001"}]}))
    check_output(box.scan("--baseline", "base.json"))
    key = "k\\n::error file=FAKE.py,line=1::INJECTED\\n\\u001b[2J"  # TOML escapes of a newline and ESC
    (box.proj / "pyproject.toml").write_text(f'[tool.gemlint]\n"{key}" = 1\n', encoding="utf-8")
    r = box.scan()
    check_output(r)
    assert r.code == 2 and "\\n::error file=FAKE.py" in r.err, str(r)


# 2. A file name is a file name.

OPTION_NAMES = ["--select=GL9.py", "--extend-exclude=*.py", "--output-file=hijack.py", "--exit-zero.py"]


@pytest.mark.parametrize("user_args", [[], ["--no-cache"], ["--inventory", "inv.json", "-q"], ["--select", "GL001"]])
def test_hook_reads_committed_option_like_names_as_files(box: Sandbox, user_args) -> None:
    for name in OPTION_NAMES:
        box.put(name, _call("gemini-1.0-prro"))
    box.put("inv.json", (Path(__file__).parent / "fixtures" / "models-list-2026-09.json").read_bytes())
    before = (box.proj / "--output-file=hijack.py").read_bytes()
    r = run(["hook", *user_args, "real.py", *OPTION_NAMES], box.proj)
    check_output(r)
    assert r.code == 1, str(r)
    for name in ["real.py", *OPTION_NAMES]:
        assert f"{name}:4:" in r.out, f"{name} not scanned\n{r}"
    assert (box.proj / "--output-file=hijack.py").read_bytes() == before
    assert not (box.proj / "hijack.py").exists()


def test_hook_option_list_matches_the_scan_command() -> None:
    from gemlint.cli import scan
    from gemlint.hook_args import VALUE_OPTIONS

    taking = {o for p in scan.params if not getattr(p, "is_flag", True) and p.opts[0].startswith("-") for o in p.opts}
    assert taking == set(VALUE_OPTIONS)


@pytest.mark.parametrize("quick", [True, False])
def test_double_dash_ends_options_on_both_paths(box: Sandbox, quick: bool) -> None:
    box.put("--select=GL9.py", _call("gemini-1.0-prro"))
    extra = [] if quick else ["--color", "never"]  # an option with a value: click parses
    r = run(["scan", "--no-cache", *extra, "--", "--select=GL9.py", "real.py"], box.proj)
    _reported(r)
    assert "--select=GL9.py:4:" in r.out


# 3. The project is the boundary.


def _outside_config(box: Sandbox) -> None:
    box.put("cfg.ts", f'export const M = "{OUTSIDE_MODEL}";\n', outside=True)
    box.put("cfg.py", f'M = "{OUTSIDE_MODEL}"\n', outside=True)
    box.put("tsconfig.json", '{"compilerOptions": {"baseUrl": "."}}', outside=True)


def _ts_app(module: str) -> str:
    return (
        f'import {{ GoogleGenAI }} from "@google/genai";\nimport {{ M }} from "{module}";\n'
        "const ai = new GoogleGenAI({});\nawait ai.models.generateContent({ model: M, contents: 'x' });\n"
    )


def test_resolution_does_not_leave_the_project(box: Sandbox) -> None:
    """tsconfig ``paths`` to a relative and an absolute folder outside, a Python relative import above the root
    (through a symlink), and a symlink the walker refused, each from its own file, in one project: nothing
    outside is read, reported, or rewritten by ``--fix`` or ``--add-ignore``."""
    _outside_config(box)
    paths = {"@rel/*": ["../outside/*"], "@abs/*": [f"{box.outside}/*"]}
    box.put("tsconfig.json", json.dumps({"compilerOptions": {"baseUrl": ".", "paths": paths}}))
    box.put("app_rel.ts", _ts_app("@rel/cfg"))
    box.put("app_abs.ts", _ts_app("@abs/cfg"))
    (box.tmp / "_x").symlink_to(box.outside)  # `from .._x.cfg` from proj/app.py names tmp/_x/cfg.py
    box.put("app.py", "from .._x.cfg import M\n" + _call("PLACEHOLDER").replace("'PLACEHOLDER'", "M"))
    os.symlink(box.outside / "cfg.py", box.proj / "linked.py")  # a symlink the walker refuses
    box.put("b.py", "from linked import M\n" + _call("PLACEHOLDER").replace("'PLACEHOLDER'", "M"))
    for args in ([], ["--fix"], ["--add-ignore"]):
        r = box.scan(*args)
        check_output(r)
        assert OUTSIDE_MODEL not in r.out + r.err, str(r)
        if args != ["--add-ignore"]:  # which silences the planted finding itself
            _reported(r)
    box.check_outside()


def _boxes(tmp: Path, names) -> dict:
    """A sandbox per name, side by side under ``tmp``."""
    out = {}
    for name in names:
        (tmp / name).mkdir()
        out[name] = Sandbox(tmp / name)
    return out


SCAN = ["scan", "--no-cache", "--format", "text"]


def test_configured_paths_must_stay_in_the_project(tmp_path: Path) -> None:
    """``inventory``, ``baseline`` and ``vertex-inventory`` naming a file outside, by an absolute and by a relative
    path: each its own project, all run in one child (``run_batch``)."""
    cases, boxes = [], []
    for key in ("inventory", "baseline", "vertex-inventory"):
        for form in ("absolute", "relative"):
            box = _boxes(tmp_path, [f"{key}-{form}"])[f"{key}-{form}"]
            secret = box.put("secret.json", '{"models": []}', outside=True)
            where = str(secret) if form == "absolute" else "../outside/secret.json"
            (box.proj / "pyproject.toml").write_text(f'[tool.gemlint]\n{key} = "{where}"\n', encoding="utf-8")
            cases.append((SCAN, box.proj))
            boxes.append(box)
    for (_, cwd), r in zip(cases, run_batch(cases, tmp_path)):
        check_output(r)
        assert r.code == 2 and "inside the project" in r.err, f"{cwd}\n{r}"
    for box in boxes:
        box.check_outside()


def test_special_files_are_refused_never_waited_on(tmp_path: Path) -> None:
    """``/dev/zero``, a FIFO and ``/dev/stdin`` as ``--inventory`` and ``--baseline``, and a FIFO as the configured
    inventory: one line each, at once (one child runs them all; a wait would stop it at its time-out)."""
    boxes = _boxes(tmp_path, ["options", "configured"])
    os.mkfifo(boxes["options"].proj / "fifo")
    cases = [
        ([*SCAN, option, special], boxes["options"].proj)
        for option in ("--inventory", "--baseline")
        for special in ("/dev/zero", "fifo", "/dev/stdin")
    ]
    os.mkfifo(boxes["configured"].proj / "inv")
    (boxes["configured"].proj / "pyproject.toml").write_text('[tool.gemlint]\ninventory = "inv"\n', encoding="utf-8")
    cases.append((SCAN, boxes["configured"].proj))
    for (args, _), r in zip(cases, run_batch(cases, tmp_path, timeout=20)):
        check_output(r)
        assert r.code == 2 and "not a regular file" in r.err, f"{args}\n{r}"
        assert r.cpu < 5, f"{args}\n{r}"


# 4. Bounded work: bad files are a line for that file, the scan goes on.


def _ts_import(box: Sandbox, at: str, tsconfig: str) -> None:
    """A tsconfig.json and a TS file whose bare import makes the linker read it, in folder ``at``."""
    box.put(f"{at}/tsconfig.json", tsconfig)
    box.put(
        f"{at}/app.ts",
        'import { GoogleGenAI } from "@google/genai";\nimport { M } from "cfgmod";\n'
        "const ai = new GoogleGenAI({});\nawait ai.models.generateContent({ model: M, contents: 'x' });\n",
    )


def _deep_folders(box: Sandbox, at: str, depth: int) -> None:
    """``at/d/d/.../d/app.ts``, ``depth`` folders deep, made and removed through folder descriptors (a path of
    1,200 parts resolved per call would make this quadratic; pytest's own rmtree recurses once per folder)."""
    fds = [os.open(box.proj / at, os.O_RDONLY)]
    for _ in range(depth):
        os.mkdir("d", dir_fd=fds[-1])
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    fd = os.open("app.ts", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1])
    os.write(fd, b'import { M } from "cfgmod";\nconsole.log(M);\n')
    os.close(fd)

    def remove() -> None:
        os.unlink("app.ts", dir_fd=fds[-1])
        for parent in reversed(fds[:-1]):
            os.rmdir("d", dir_fd=parent)
        for fd in fds:
            os.close(fd)

    box.cleanups.append(remove)


# Each case writes into its own folder (``at``), where nothing else reads its files (a tsconfig.json applies to
# the folder it is in): one scan runs them all.
CRASHERS = {
    "tsconfig-deep": lambda box, at: _ts_import(box, at, "[" * 100_000),
    "tsconfig-comments": lambda box, at: _ts_import(box, at, "/*a" * 100_000),
    "deep-folders": lambda box, at: _deep_folders(box, at, 1200),
    "notebook-line": lambda box, at: box.put(
        f"{at}/nb.ipynb",
        json.dumps(
            {
                "cells": [{"cell_type": "code", "source": [_call("gemini-1.0-pro"), "x = '" + "a" * 50_000 + "!?'\n"]}],
                "metadata": {},
            }
        ),
    ),
    "nested-js": lambda box, at: box.put(
        f"{at}/deep.js",
        'import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\nconst x = '
        + "{a:\n" * 100_000  # a line each: not a minified bundle
        + '"gemini-1.0-pro"'
        + "}\n" * 100_000
        + ";\nawait ai.models.generateContent({ model: x.a.a, contents: 'x' });\n",
    ),
    "nested-json-settings": lambda box, at: box.put(f"{at}/settings.json", "[" * 100_000 + '"gemini-1.0-pro"'),
    "member-chain": lambda box, at: box.put(
        f"{at}/chain.py",
        _call("PLACEHOLDER").replace("'PLACEHOLDER'", "cfg" + ".b" * 40_000) + 'M = "gemini-1.0-pro"\n',
    ),
    "env-long": lambda box, at: box.put(f"{at}/.env", "GEMINI_MODEL=gemini-1.0-prro\n" * 200_000),
    # left-recursive chains past what CPython 3.9/3.10's parser survives on an 8 MiB stack (SIGSEGV there)
    "left-chains": lambda box, at: box.put(
        f"{at}/chains.py", 'x = ("gemini-1.0-pro", a' + ".b()" * 150_000 + ")\ny = a" + "+a" * 300_000 + "\n"
    ),
}


def test_one_bad_file_never_stops_the_run(box: Sandbox) -> None:
    """Every case in one project, each in its own folder beside a planted finding of its own: one scan, under
    the same CPU-time and memory limits, reports every planted finding."""
    for case, write in CRASHERS.items():
        box.put(f"{case}/real.py", REAL)
        write(box, case)
    r = box.scan()
    _reported(r)
    for case in CRASHERS:
        assert f"{case}/real.py:4:" in r.out, f"{case}: its folder's finding is missing\n{r}"


def test_hostile_globs_are_linear_and_never_an_error(box: Sandbox) -> None:
    """Globs that are not valid regular expressions, and ones that backtrack, in every key that takes them."""
    slow = '"*a*a*a*a*a*a*a*a*a*a*a*a*b"'
    config = (
        'exclude = ["[\\\\]", "x[z-a]"]\n'
        f"extend-exclude = [{slow}]\n"
        f'per-file-ignores = {{{slow} = ["GL001"]}}\n'
        f'backend = {{{slow} = "vertex"}}\n'
    )
    (box.proj / "pyproject.toml").write_text(f"[tool.gemlint]\n{config}", encoding="utf-8")
    box.put("a" * 200 + ".py", _call("gemini-1.0-prro"))  # findings: per-file-ignores and backend match them too
    box.put("/".join(["a" * 100] * 20) + "/m.py", _call("gemini-1.0-prro"))
    r = box.scan()
    _reported(r)
    assert "a" * 200 + ".py:4:" in r.out and "/m.py:4:" in r.out, str(r)
    assert r.cpu < 5, str(r)


def test_bad_project_inventory_and_configuration_are_one_line(tmp_path: Path) -> None:
    """An inventory whose ``fetched_at`` is a number, one nested 100,000 deep, and a pyproject.toml nested 20,000
    deep: each its own project, run in one child. A bad file is one line naming it (or the scan goes on)."""
    boxes = _boxes(tmp_path, ["fetched-at-int", "deep-inventory", "deep-pyproject"])
    boxes["fetched-at-int"].put(
        ".gemlint/models.json",
        '{"models": [{"name": "models/gemini-1.0-pro", "supportedGenerationMethods": []}], "fetched_at": 20261201}',
    )
    boxes["deep-inventory"].put(".gemlint/models.json", '{"models": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (boxes["deep-pyproject"].proj / "pyproject.toml").write_text(
        "[tool.gemlint]\nx = " + "[" * 20_000 + "]" * 20_000 + "\n"
    )
    names = list(boxes)
    runs = run_batch([(SCAN, boxes[name].proj) for name in names], tmp_path)
    for name, r in zip(names, runs):
        check_output(r)
        assert r.code in (1, 2), f"{name}\n{r}"
        if r.code == 2:
            wanted = "pyproject.toml" if name == "deep-pyproject" else "models.json"
            assert len(r.err.strip().splitlines()) == 1 and wanted in r.err, f"{name}\n{r}"
        else:
            assert name != "deep-pyproject" and REAL_FINDING in r.out, f"{name}\n{r}"


# Growth: doubling the input costs at most ~2.5x the CPU time (measured in one child process: tests/growth.py).


# Two children (by language, about the same time each), so that xdist runs them side by side.
GROWTH_GROUPS = {
    "python-and-settings": [
        "literals-in-a-list",
        "literals-on-a-non-ascii-line",
        "rebindings",
        "member-chain",
        "env-lines",
    ],
    "typescript": ["export-star", "nested-objects", "call-sites"],
}


def test_growth_groups_cover_every_grower() -> None:
    assert sorted(n for names in GROWTH_GROUPS.values() for n in names) == sorted(GROWERS)


@pytest.mark.slow
@pytest.mark.parametrize("group", sorted(GROWTH_GROUPS))
def test_work_grows_near_linearly(tmp_path: Path, group: str) -> None:
    problems = growth_problems(GROWTH_GROUPS[group], tmp_path)
    assert not problems, "\n".join(f"{name}: {seen}" for name, seen in problems.items())


def test_related_locations_are_capped(box: Sandbox) -> None:
    box.put(
        "sites.js",
        'import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\nconst M = "gemini-1.0-prro";\n'
        + "ai.models.generateContent({ model: M });\n" * 2000,
    )
    r = box.scan(fmt="json")
    check_output(r)
    data = json.loads(r.out)
    from gemlint.types import MAX_RELATED

    assert max(len(f["related"]) for f in data["findings"]) <= MAX_RELATED
    assert len(r.out) < 200_000


def test_huge_inventory_suggestions_are_fast(box: Sandbox) -> None:
    models = [
        {"name": f"models/gemini-{i}-{i % 97}-exp", "supportedGenerationMethods": ["generateContent"]}
        for i in range(100_000)
    ]
    box.put(".gemlint/models.json", json.dumps({"models": models, "fetched_at": "2026-11-20"}))
    for i in range(20):
        box.put(f"u{i}.py", _call(f"gemini-{i}-unknown-{i}"))
    r = box.scan()
    _reported(r)
    assert r.cpu < 8, str(r)


def test_scan_does_not_import_click_or_heavy_modules(box: Sandbox) -> None:
    from tests.helpers import fresh_run

    code, _, modules = fresh_run(["hook", "real.py"], box.proj)
    assert code == 1
    assert not {"click", "pygls", "google.genai"} & modules
    assert sys.modules is not None


def test_a_file_over_the_time_budget_is_a_notice_and_the_scan_goes_on(box: Sandbox) -> None:
    """The rules' half of the per-file budget (reading's half: tests/test_time_budget.py): 6,000 unknown names
    in one list, quick to read, take seconds to check; the file stops at its budget with a notice."""
    box.put("lits.py", "M = [" + ", ".join(f'"gemini-x-{i}"' for i in range(6_000)) + "]\n")
    r = box.scan(env={"GEMLINT_FILE_TIMEOUT": "0.5"})
    _reported(r)
    assert "lits.py: checking took longer than the per-file time budget of 0.5 s" in r.err, str(r)
    assert r.cpu < 5, str(r)


def test_models_list_prints_committed_names_escaped(box: Sandbox) -> None:
    models = [{"name": "models/gemini-x" + NASTY, "supportedGenerationMethods": ["generateContent"]}]
    box.put(".gemlint/models.json", json.dumps({"models": models, "fetched_at": "2026-11-20"}))
    r = run(["models", "list"], box.proj)
    check_output(r)
    assert r.code == 0 and "gemini-x\\n::error::X\\x1b]52;c;" in r.out, str(r)
