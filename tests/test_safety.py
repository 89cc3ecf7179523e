"""Inventory and cache safety.

Concurrent ``models refresh`` and ``scan`` processes never see a torn inventory; a corrupt or too-new inventory
is refused with one line naming the file; a corrupt cache is discarded and rebuilt; results are the same with
and without the cache and with one or several workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from gemlint import runner
from gemlint.cache_codec import decode_entries
from gemlint.inventory import InventoryError, parse_inventory
from tests.fakeapi import FakeApi, bundled_models
from tests.helpers import TODAY, run_cli

FAKE_KEY = "AIzaFAKE-safety-0123456789"
BAD = 'client.models.generate_content(model="gemini-3.8-flsh")\n'
CONFIG = "[tool.gemlint]\nmax-inventory-age = 0\n"
PROCESSES = 6  # of each kind: 12 processes at once on a 2-core machine
SYNTHETIC = 600  # extra models: an inventory of ~200 KB, so a torn write would be likely to show
DEADLINE = 120  # seconds for the whole crowd; a hang fails instead of blocking CI


def many_models(count: int) -> List[dict]:
    """The bundled models plus ``count`` synthetic ones: a file big enough that a torn write would show."""
    extra = [
        {
            "name": f"models/gemini-synthetic-{i}-flash",
            "displayName": f"Synthetic {i} " + "padding " * 20,
            "supportedGenerationMethods": ["generateContent", "countTokens"],
            "inputTokenLimit": 1048576,
            "outputTokenLimit": 65536,
        }
        for i in range(count)
    ]
    return bundled_models() + extra


def gemlint_cmd(*args: str) -> List[str]:
    return [sys.executable, "-m", "gemlint", *args]


def test_concurrent_refreshes_and_scans_never_see_a_torn_inventory(fake_api: FakeApi, tmp_path: Path) -> None:
    fake_api.set_models(many_models(SYNTHETIC))
    fake_api.set_page_size(1000)
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "app.py").write_text(BAD)
    inventory = tmp_path / "inv" / "models.json"
    env = fake_api.env(GEMINI_API_KEY=FAKE_KEY, GEMLINT_TODAY=TODAY.isoformat(), NO_COLOR="1")
    first = subprocess.run(
        gemlint_cmd("models", "refresh", "--output", str(inventory)),
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert first.returncode == 0, first.stderr

    # A reader in this process parses the file as fast as it can while the crowd runs.
    stop = threading.Event()
    reads: List[int] = []
    torn: List[str] = []

    def read_loop() -> None:
        while not stop.is_set():
            try:
                raw = inventory.read_bytes()
                parse_inventory(raw, str(inventory))
                reads.append(len(raw))
            except InventoryError as exc:
                torn.append(str(exc)[:200])
            except OSError as exc:  # the file must always exist: a rename never leaves a gap
                torn.append(f"OSError: {exc}")
            time.sleep(0.002)  # leave the GIL to the fake server's thread

    reader = threading.Thread(target=read_loop, daemon=True)
    reader.start()
    procs: List[Tuple[str, subprocess.Popen]] = []
    try:
        for _ in range(PROCESSES):
            for kind, args in (
                ("refresh", ("models", "refresh", "--output", str(inventory))),
                ("scan", ("scan", "--no-cache", "--format", "json", "--inventory", str(inventory), "app.py")),
            ):
                proc = subprocess.Popen(
                    gemlint_cmd(*args),
                    env=env,
                    cwd=tmp_path,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                procs.append((kind, proc))
        deadline = time.monotonic() + DEADLINE
        results = []
        for kind, proc in procs:
            try:
                out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pytest.fail(f"a {kind} process did not finish within {DEADLINE}s")
            results.append((kind, proc.returncode, out, err))
    finally:
        stop.set()
        reader.join(timeout=10)
        for _, proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    assert not torn, torn[:3]
    assert reads, "the reader never read the inventory"
    for kind, code, out, err in results:
        assert "Traceback" not in err, err
        assert "not a valid inventory" not in err, err
        if kind == "refresh":
            assert code == 0, err
            assert f"wrote {60 + SYNTHETIC} models" in out
        else:
            assert code == 1, err
            data = json.loads(out)
            assert [(f["path"], f["line"], f["column"], f["code"]) for f in data["findings"]] == [
                ("app.py", 1, 39, "GL001")
            ]
    # No temporary files left behind by the writers.
    assert sorted(p.name for p in inventory.parent.iterdir()) == ["models.json"]
    assert len(parse_inventory(inventory.read_bytes(), str(inventory)).models) == 60 + SYNTHETIC


# -- a broken inventory ----------------------------------------------------------------------------------------


def project(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "app.py").write_text(BAD)


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("gemlint: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


CORRUPT = [
    pytest.param(b'{"models": [{"name": "models/gemini-3.8-fl', "not a valid inventory (invalid JSON", id="truncated"),
    pytest.param(b"\x00\xff garbage \xfe", "not a valid inventory (invalid JSON", id="binary"),
    pytest.param(b"", "not a valid inventory (invalid JSON", id="empty"),
    pytest.param(b'["models"]', "not a valid inventory (expected", id="wrong-shape"),
    pytest.param(b'{"models": [{"displayName": "x"}]}', "models[0] has no string 'name'", id="no-name"),
]


@pytest.mark.parametrize("content,reason", CORRUPT)
def test_corrupt_inventory_is_one_line_naming_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    project(tmp_path)
    (tmp_path / "broken.json").write_bytes(content)
    result = run_cli(["scan", "--no-cache", "--inventory", "broken.json", "."], cwd=tmp_path)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert line.startswith("gemlint: error: broken.json: ") and reason in line, line
    assert result.stdout == ""


def test_corrupt_project_inventory_is_named_too(tmp_path: Path) -> None:
    """The refreshed ``.gemlint/models.json`` beside pyproject.toml is used by default; broken, it is named."""
    project(tmp_path)
    (tmp_path / ".gemlint").mkdir()
    (tmp_path / ".gemlint" / "models.json").write_text('{"models": [')
    result = run_cli(["scan", "--no-cache", "."], cwd=tmp_path)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert os.path.join(".gemlint", "models.json") in line and "not a valid inventory" in line, line


@pytest.mark.parametrize("version", [99])
def test_inventory_of_a_newer_schema_is_refused(tmp_path: Path, version) -> None:
    project(tmp_path)
    data = {"schema_version": version, "models": bundled_models()}
    (tmp_path / "future.json").write_text(json.dumps(data))
    result = run_cli(["scan", "--no-cache", "--inventory", "future.json", "."], cwd=tmp_path)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert line == (
        f"gemlint: error: future.json: inventory schema_version {version!r} is newer than this gemlint "
        "understands (1); upgrade gemlint"
    )


# -- the cache -----------------------------------------------------------------------------------------------


def tree(root: Path, count: int = 200) -> None:
    """``count`` files of every kind, most holding model names (so they are parsed, not only read)."""
    (root / "pyproject.toml").write_text(CONFIG)
    for i in range(count):
        folder = root / f"pkg{i % 7}" / f"sub{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 10
        if kind in (0, 1, 2):
            (folder / f"m{i}.py").write_text(
                f'"""Module {i}."""\nMODEL = "gemini-3.{i % 9}-flash"\n\n\ndef run(client):\n'
                f"    return client.models.generate_content(model=MODEL, contents='{i}')\n"
            )
        elif kind == 3:
            embed = f'EMBED = "gemini-embedding-{i % 3}"\nc.models.embed_content(model=EMBED)\n'
            (folder / f"e{i}.py").write_text(embed)
        elif kind in (4, 5):
            (folder / f"c{i}.ts").write_text(
                f"const ai = new GoogleGenAI({{}});\nconst model = 'gemini-2.{i % 6}-flash';\n"
                "await ai.models.generateContent({ model, contents: 'x' });\n"
            )
        elif kind == 6:
            cells = [{"cell_type": "code", "metadata": {}, "source": [f'm = "gemini-{i % 4}.5-pro"\n']}]
            (folder / f"n{i}.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
        elif kind == 7:
            (folder / f"s{i}.yaml").write_text(f"llm:\n  model: gemini-3.{i % 5}-flash-lite\n")
        elif kind == 8:
            (folder / f"bad{i}.py").write_text(f'def f(:\n    m = "gemini-3.8-flash"  # {i}\n')
        else:
            (folder / f"plain{i}.py").write_text(f"x = {i}\n")


def scan_tree(root: Path, *args: str) -> Tuple[int, str, str]:
    result = run_cli(["scan", "--format", "json", *args, "."], cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def cache_files(root: Path) -> List[Path]:
    return sorted((root / ".gemlint_cache").glob("*/*.json"))


def load_cache(path: Path) -> Dict[str, tuple]:
    """The entries of a cache file (its signature line skipped), checked by the cache's own decoder."""
    head, _, body = path.read_bytes().partition(b"\n")
    assert head.startswith(b"GEMLINT-CACHE 2 ")
    return decode_entries(json.loads(body))


def test_results_are_identical_with_and_without_cache_and_workers(tmp_path: Path) -> None:
    tree(tmp_path)
    assert runner._workers(4, 200) > 1  # 200 files cross PARALLEL_THRESHOLD: --jobs 4 really runs workers
    plain = scan_tree(tmp_path, "--no-cache", "--jobs", "1")
    code, out, err = plain
    assert code == 1
    data = json.loads(out)
    assert data["files_scanned"] == 200 and len(data["findings"]) > 50
    assert len([e for e in data["errors"] if "syntax error" in e["message"]]) == 20
    runs = {
        "no cache, 4 jobs": scan_tree(tmp_path, "--no-cache", "--jobs", "4"),
        "cold cache, 4 jobs": scan_tree(tmp_path, "--jobs", "4"),
        "warm cache, 1 job": scan_tree(tmp_path, "--jobs", "1"),
        "warm cache, 4 jobs": scan_tree(tmp_path, "--jobs", "4"),
        "warm cache, default jobs": scan_tree(tmp_path),
    }
    for name, result in runs.items():
        assert result == plain, name
    [cache] = cache_files(tmp_path)
    assert len(load_cache(cache)) == 200


@pytest.mark.parametrize(
    "garbage",
    [
        pytest.param(b"not a cache at all", id="garbage"),
        pytest.param(None, id="truncated"),
        pytest.param(b'["a", "list"]', id="wrong-type"),
        pytest.param(b"", id="empty"),
    ],
)
def test_corrupt_cache_is_discarded_and_rebuilt(tmp_path: Path, garbage) -> None:
    tree(tmp_path, 30)
    first = scan_tree(tmp_path)
    [cache] = cache_files(tmp_path)
    good = cache.read_bytes()
    cache.write_bytes(good[: len(good) // 2] if garbage is None else garbage)
    code, out, err = scan_tree(tmp_path)
    assert (code, out) == first[:2]
    notices = [line for line in err.splitlines() if "ignored, rebuilding the cache" in line]
    assert len(notices) == 1, err  # one line says so; the other lines are the first run's
    assert [line for line in err.splitlines() if line not in notices] == first[2].splitlines()
    assert cache_files(tmp_path) == [cache]
    entries = load_cache(cache)  # valid again, and complete
    assert len(entries) == 30
    assert scan_tree(tmp_path) == first  # no notice once rebuilt
    assert scan_tree(tmp_path, "--no-cache") == first
