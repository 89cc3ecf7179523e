"""The cache never changes a result: every cached scan equals a ``--no-cache`` scan of the same tree.

Each scenario changes one input between two cached scans (a file's content, only its mtime, only its size, the
inventory, the settings, gemlint's own version) at three project sizes: below the cache threshold (the cache is
not used), between it and the parallel threshold (cache, one process) and above the parallel threshold (cache
and worker processes). All through the real ``gemlint`` group (tests/inproc.py), in fresh temporary folders.
"""

from __future__ import annotations

import json
import os
import pathlib

import pytest

import gemlint
from gemlint import runner as runner_module
from gemlint.cache import CACHE_DIRNAME
from tests.inproc import findings, invoke, scan, write

GOOD = 'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n'
BAD = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
LIVE = 'client.models.generate_content(model="gemini-3.8-flash-live", contents="x")\n'
SIZES = [
    pytest.param(4, id="below-cache-threshold"),
    pytest.param(runner_module.CACHE_MIN_FILES + 4, id="cached-serial"),
    pytest.param(runner_module.PARALLEL_THRESHOLD + 4, id="cached-parallel"),
]


def make_project(root: pathlib.Path, count: int) -> pathlib.Path:
    files = {f"pkg/m{i:03d}.py": (BAD if i % 3 == 0 else GOOD) for i in range(count)}
    files["pyproject.toml"] = "[tool.gemlint]\nmax-inventory-age = 0\n"
    return write(root, files)


def cached(root: pathlib.Path, *args: str):
    return scan(root, "--cache-dir", str(root.parent / (root.name + "-cache")), "-j", "2", *args)


def fresh(root: pathlib.Path, *args: str):
    return scan(root, "--no-cache", "-j", "1", *args)


def assert_same(root: pathlib.Path, *args: str) -> list:
    """A cached scan reports exactly what an uncached one does; returns the findings."""
    got, want = cached(root, *args), fresh(root, *args)
    assert findings(got) == findings(want)
    assert got.json()["files_scanned"] == want.json()["files_scanned"]
    return findings(want)


def beside_cache(path: pathlib.Path) -> bool:
    """The project index and the scan memo, kept in the cache folder apart from the per-file results."""
    return "project-index" in path.parts or "scan-memo" in path.parts


def cache_files(root: pathlib.Path) -> list:
    folder = root.parent / (root.name + "-cache")
    # per-file results only: the project index (cross-file facts, written by every whole-project scan) lives apart
    found = folder.rglob("*.json") if folder.exists() else ()
    return sorted(p for p in found if not beside_cache(p))


@pytest.mark.parametrize("count", SIZES)
def test_edit_between_cached_scans(tmp_path, count):
    root = make_project(tmp_path / "p", count)
    before = assert_same(root)
    assert any(f[5] == "gemini-3.8-flsh" for f in before)
    target = root / "pkg" / "m001.py"
    stat = target.stat()
    edited = GOOD.replace("flash", "flxsh")
    assert len(edited) == len(GOOD)
    target.write_text(edited)  # the same size, a new mtime
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    after = assert_same(root)
    assert ("pkg/m001.py", None, 1, 39, "GL001", "gemini-3.8-flxsh") in [f[:6] for f in after]
    assert (len(cache_files(root)) == 1) == (count >= runner_module.CACHE_MIN_FILES)


@pytest.mark.parametrize("count", SIZES)
def test_edit_that_keeps_the_mtime(tmp_path, count):
    """A new size alone must invalidate the entry (mtime granularity can hide an edit)."""
    root = make_project(tmp_path / "p", count)
    assert_same(root)
    target = root / "pkg" / "m002.py"
    stat = target.stat()
    target.write_text(LIVE)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = assert_same(root)
    assert any(f[0] == "pkg/m002.py" and f[5] == "gemini-3.8-flash-live" for f in after)


@pytest.mark.parametrize("count", SIZES)
def test_touch_without_change(tmp_path, count):
    root = make_project(tmp_path / "p", count)
    before = assert_same(root)
    for path in sorted((root / "pkg").iterdir())[:3]:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 7_000_000_000))
    assert assert_same(root) == before


@pytest.mark.parametrize("count", SIZES)
def test_inventory_change(tmp_path, count):
    root = make_project(tmp_path / "p", count)
    bundled = json.loads((pathlib.Path(gemlint.__file__).parent / "data" / "models.json").read_text())
    smaller = dict(bundled, models=[m for m in bundled["models"] if m["name"] != "models/gemini-3.8-flash"])
    (root / "inv.json").write_text(json.dumps(bundled))
    before = assert_same(root, "--inventory", "inv.json")
    (root / "inv.json").write_text(json.dumps(smaller))
    after = assert_same(root, "--inventory", "inv.json")
    assert len(after) > len(before)  # the good names are now unknown


@pytest.mark.parametrize("count", SIZES)
def test_settings_change(tmp_path, count):
    root = make_project(tmp_path / "p", count)
    write(root, {"config/.env": "GEMINI_MODEL=gemini-3.8-flsh\n"})
    with_settings = assert_same(root)
    without = assert_same(root, "--no-settings-files")
    assert any(f[0] == "config/.env" for f in with_settings)
    assert not any(f[0] == "config/.env" for f in without)
    # extra-models changes what extraction knows: a custom name becomes a reference the cache must not hide
    write(root, {"pkg/custom.py": GOOD + 'client.models.generate_content(model="acme-tuned-7", contents="x")\n'})
    plain = assert_same(root)
    (root / "pyproject.toml").write_text('[tool.gemlint]\nmax-inventory-age = 0\nextra-models = ["acme-tuned-7"]\n')
    extra = assert_same(root)
    assert any(f[5] == "acme-tuned-7" for f in plain)
    assert not any(f[5] == "acme-tuned-7" for f in extra)


@pytest.mark.parametrize("count", SIZES[1:])
def test_version_change_uses_a_new_cache(tmp_path, monkeypatch, count):
    """A new gemlint version must not read the results an older one stored.

    The version is part of the cache key (cache.py, runner.settings_key). A newer version that extracts
    differently is simulated by a changed version string plus an extraction that finds nothing.
    """
    root = make_project(tmp_path / "p", count)
    assert_same(root)
    assert [p.parent.name for p in cache_files(root)] == [gemlint.__version__]
    monkeypatch.setattr(runner_module, "__version__", "99.0.0")
    monkeypatch.setattr("gemlint.cache.__version__", "99.0.0")
    real = runner_module.process_file
    monkeypatch.setattr(runner_module, "process_file", lambda source, opts: real(source, opts)._replace(refs=[]))
    got = cached(root)
    want = scan(root, "--no-cache", "-j", "2")  # through the runner, which the patch reaches
    assert findings(got) == findings(want) == []
    assert sorted(p.parent.name for p in cache_files(root)) == sorted([gemlint.__version__, "99.0.0"])


@pytest.mark.parametrize("count", SIZES[1:])
def test_changed_gemlint_code_with_the_same_version_uses_a_new_cache(tmp_path, monkeypatch, count):
    """An edited checkout, or a pre-commit hook at a new revision, that still says the same version."""
    root = make_project(tmp_path / "p", count)
    assert_same(root)
    (first,) = cache_files(root)
    monkeypatch.setattr(runner_module, "_FINGERPRINT", ["gemlint/extract/python/extractor.py:1234:1"])  # other code
    real = runner_module.process_file
    monkeypatch.setattr(runner_module, "process_file", lambda source, opts: real(source, opts)._replace(refs=[]))
    got = cached(root)
    assert findings(got) == findings(scan(root, "--no-cache", "-j", "2")) == []
    assert len(cache_files(root)) == 2 and first in cache_files(root)  # a cache of its own, the old one untouched


def test_code_fingerprint_follows_every_file_but_bytecode(tmp_path):
    package = tmp_path / "gemlint"
    for src in pathlib.Path(gemlint.__file__).parent.rglob("*"):
        if src.is_file() and "__pycache__" not in src.parts:
            dst = package / src.relative_to(pathlib.Path(gemlint.__file__).parent)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    before = runner_module.code_fingerprint(str(package))
    assert "extract/python/extractor.py:" in before and "data/models.json:" in before
    (package / "extract" / "__pycache__").mkdir(exist_ok=True)
    (package / "extract" / "__pycache__" / "python.cpython-311.pyc").write_bytes(b"x")
    assert runner_module.code_fingerprint(str(package)) == before  # compiling changes nothing
    target = package / "extract" / "python" / "extractor.py"
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    touched = runner_module.code_fingerprint(str(package))
    assert touched != before
    target.write_bytes(target.read_bytes() + b"\n")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert runner_module.code_fingerprint(str(package)) not in (before, touched)  # same time, new size
    (package / "rules" / "new_rule.py").write_text("")
    assert "rules/new_rule.py:0:" in runner_module.code_fingerprint(str(package))
    assert runner_module.code_fingerprint() == runner_module.code_fingerprint()  # this gemlint, computed once


def test_cache_dir_and_clean(tmp_path):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    elsewhere = tmp_path / "elsewhere"
    assert scan(root, "--cache-dir", str(elsewhere)).code == 1
    assert list(elsewhere.rglob("*.json")), "--cache-dir holds the cache"
    assert (elsewhere / "CACHEDIR.TAG").is_file() and (elsewhere / ".gitignore").is_file()
    assert not (root / CACHE_DIRNAME).exists(), "--cache-dir replaces the default folder"
    assert scan(root).code == 1
    assert list((root / CACHE_DIRNAME).rglob("*.json")), "default: .gemlint_cache beside pyproject.toml"
    # --no-cache neither reads nor writes
    other = tmp_path / "p2"
    make_project(other, runner_module.CACHE_MIN_FILES + 1)
    scan(other, "--no-cache")
    assert not (other / CACHE_DIRNAME).exists()
    # clean removes the default folder, and --cache-dir names another
    done = invoke(["clean"], root)
    assert done.code == 0 and "removed" in done.out and not (root / CACHE_DIRNAME).exists()
    again = invoke(["clean"], root)
    assert again.code == 0 and again.out.strip() == "no cache to remove"
    done = invoke(["clean", "--cache-dir", str(elsewhere)], root)
    assert done.code == 0 and not elsewhere.exists()


def test_no_cache_below_threshold(tmp_path):
    """A scan of a few files (a pre-commit run) neither reads nor writes the per-file cache."""
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES - 1)

    def per_file() -> list:
        folder = root / CACHE_DIRNAME
        return [p for p in folder.rglob("*.json") if not beside_cache(p)] if folder.exists() else []

    scan(root)
    assert per_file() == []
    write(root, {"pkg/extra.py": GOOD})
    scan(root)
    assert per_file() != []


def test_a_poisoned_entry_is_not_served_after_an_edit(tmp_path):
    """Reading the cached result when size and mtime match: proven by editing the cache's view of the world."""
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 2)
    first = findings(cached(root))
    second = findings(cached(root))
    assert first == second  # served from the cache
    (root / "pkg" / "m000.py").write_text(GOOD + "\n")
    third = findings(cached(root))
    assert not any(f[0] == "pkg/m000.py" for f in third)


def test_unchanged_size_and_mtime_is_not_read_again(tmp_path):
    """The documented trade-off (cache.py): a file whose size and mtime are unchanged is served from the cache.

    Editing a file and putting its size and mtime back shows it: the cached scan still reports the old name,
    which also proves that the cache is really used between scans (not silently rebuilt each time).
    """
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 2)
    target = root / "pkg" / "m000.py"
    first = findings(cached(root))
    stat = target.stat()
    target.write_text(BAD.replace("flsh", "flxh"))  # the same size
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert target.stat().st_size == stat.st_size
    assert findings(cached(root)) == first  # served from the cache
    assert "gemini-3.8-flxh" in {f[5] for f in findings(fresh(root))}
    # a new mtime alone is enough to read it again
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert findings(cached(root)) == findings(fresh(root))


# --- the signing key and the cache file (cache.py's promises) ----------------------------------------------


def keyed(root: pathlib.Path, key_dir: pathlib.Path, *args: str, **env):
    """A cached scan with its own user cache folder for the signing key."""
    return scan(root, *args, env={"GEMLINT_USER_CACHE_DIR": str(key_dir), **env})


def test_signing_key_is_created_private_and_reused(tmp_path):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    key_dir = tmp_path / "user" / "gemlint"
    first = keyed(root, key_dir)
    key = key_dir / "key"
    assert key.is_file() and len(key.read_text()) == 64 and int(key.read_text(), 16) >= 0
    assert key.stat().st_mode & 0o777 == 0o600 and key_dir.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in key_dir.iterdir()] == ["key"]  # the temporary name is gone
    text = key.read_text()
    second = keyed(root, key_dir)
    assert key.read_text() == text and findings(first) == findings(second) and second.err == ""
    assert (root / CACHE_DIRNAME / ".gitignore").read_text() == "# Automatically created by gemlint.\n*\n"
    assert (
        (root / CACHE_DIRNAME / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )


@pytest.mark.parametrize(
    "env, where",
    [
        pytest.param({"XDG_CACHE_HOME": "{tmp}/xdg"}, "xdg/gemlint/key", id="xdg"),
        pytest.param({"XDG_CACHE_HOME": "relative/xdg"}, "home/.cache/gemlint/key", id="relative-xdg-ignored"),
        pytest.param({"XDG_CACHE_HOME": None}, "home/.cache/gemlint/key", id="home"),
    ],
)
def test_signing_key_location(tmp_path, env, where):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    (tmp_path / "home").mkdir()
    full = {k: (v.format(tmp=tmp_path) if v else v) for k, v in env.items()}
    full.update(GEMLINT_USER_CACHE_DIR=None, HOME=str(tmp_path / "home"))
    out = scan(root, env=full)
    assert out.err == "" and (tmp_path / where).is_file()


def test_a_key_inside_the_project_is_refused(tmp_path):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    out = scan(root, env={"GEMLINT_USER_CACHE_DIR": str(root / "keys")})
    assert "gemlint: note: cache not used: the signing key" in out.err and "lies inside the project" in out.err
    assert not (root / "keys").exists() and not list((root / CACHE_DIRNAME).rglob("*.json"))


@pytest.mark.parametrize(
    "content, mode, why",
    [
        ("ab" * 32, 0o644, "others can read or own it"),
        ("ab" * 31, 0o600, "not a gemlint key file"),
        ("zz" * 32, 0o600, "not a gemlint key file"),
    ],
)
def test_a_bad_key_is_refused_with_one_note(tmp_path, content, mode, why):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    key_dir = tmp_path / "user"
    key_dir.mkdir()
    (key_dir / "key").write_text(content)
    (key_dir / "key").chmod(mode)
    out = keyed(root, key_dir)
    assert f"cache not used: cannot read the signing key {key_dir / 'key'}: {why}" in out.err, out.err
    assert findings(out) == findings(fresh(root))


@pytest.mark.parametrize(
    "damage, why",
    [
        (lambda data: data.replace(b'"', b"'", 1) if b'"' in data else data + b" ", "its signature does not match"),
        (lambda data: b"junk" + data, "not a gemlint cache file"),
        (lambda data: data.split(b"\n", 1)[1], "not a gemlint cache file"),
        (lambda data: data.split(b"\n", 1)[0] + b"\n", "its signature does not match"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path, damage, why):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    key_dir = tmp_path / "user"
    want = findings(keyed(root, key_dir))
    (cache_file,) = [p for p in (root / CACHE_DIRNAME).rglob("*.json") if not beside_cache(p)]
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    out = keyed(root, key_dir)
    assert findings(out) == want
    notes = [line for line in out.err.splitlines() if line.startswith("gemlint: note:")]
    assert len(notes) == 1 and why in notes[0] and "ignored, rebuilding the cache" in notes[0], out.err
    assert keyed(root, key_dir).err == ""  # rebuilt: no second notice


def test_a_cache_from_another_machine_is_not_believed(tmp_path):
    root = make_project(tmp_path / "p", runner_module.CACHE_MIN_FILES + 1)
    want = findings(keyed(root, tmp_path / "machine-a"))
    out = keyed(root, tmp_path / "machine-b")
    assert findings(out) == want and "its signature does not match" in out.err
