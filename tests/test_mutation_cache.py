"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind: cache.

``tests/test_security.py`` checks the hardening of the signing key and of the cache file through subprocesses,
which mutation testing cannot see. These are the same promises checked in this process, by direct calls of
``gemlint/cache.py`` with real files, symlinks and FIFOs in ``tmp_path`` (and ``gemlint clean`` through the real
click group, ``tests/inproc.py``). The key folder is each test's own (``GEMLINT_USER_CACHE_DIR``).
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import stat
import tempfile
import threading
from typing import List, NamedTuple, Optional

import pytest

from gemlint import __version__, cache_codec
from gemlint import cache as cache_module
from gemlint.cache import (
    CACHE_DIRNAME,
    CACHEDIR_TAG,
    MAGIC,
    Cache,
    CacheUnusable,
    content_digest,
    default_cache_dir,
    ensure_cache_dir,
    remove_cache,
    signing_key,
    user_cache_dir,
)
from gemlint.cache_codec import encode_entries
from gemlint.types import CallSite, EnvValue, Export, FileError, FileResult, Location, ModelRef, PendingUse, Symbol
from tests.inproc import invoke, write

KEY_NOTE = "(delete it to make a new one)"
REBUILD = "ignored, rebuilding the cache"


@pytest.fixture
def user(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """This test's user cache folder (where the signing key goes); the working folder is ``tmp_path``."""
    folder = tmp_path / "user"
    monkeypatch.setenv("GEMLINT_USER_CACHE_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def project(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "p"
    root.mkdir(exist_ok=True)
    return root


def new_cache(root: pathlib.Path, notes: List[str], folder: Optional[pathlib.Path] = None) -> Cache:
    return Cache(str(folder or root / CACHE_DIRNAME), "k", [str(root)], notes.append)


def cache_path(root: pathlib.Path) -> pathlib.Path:
    return root / CACHE_DIRNAME / __version__ / "k.json"


LOC = Location("a.py", 3, 7)
REF = ModelRef("gemini-3.8-flash", LOC)
SITE = CallSite("generate", "generate_content", LOC)
FULL = FileResult("a.py", refs=(REF,), suppressions=((3, None, ("GL001",)),), digest="d")


def saved(root: pathlib.Path, entries: dict) -> Cache:
    """A cache holding ``entries``, loaded (the key made) and saved."""
    cache = new_cache(root, [])
    cache.load()
    for path, (size, mtime, digest, result) in entries.items():
        cache.put(path, size, mtime, digest, result)
    cache.save()
    return cache


def sign(path: pathlib.Path, body: bytes, key_dir: pathlib.Path) -> None:
    """Write ``body`` to ``path`` with a genuine signature line (the key of ``key_dir``)."""
    key = bytes.fromhex((key_dir / "key").read_text())
    mac = hashlib.blake2b(
        MAGIC + os.fsencode(os.path.realpath(path)) + b"\0" + body, key=key, digest_size=32
    ).hexdigest()
    path.write_bytes(MAGIC + mac.encode() + b"\n" + body)


# --- user_cache_dir: where the key lives ---------------------------------------------------------------------


def test_user_cache_dir_override_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEMLINT_USER_CACHE_DIR", "rel/keys")
    assert user_cache_dir() == str(tmp_path / "rel" / "keys")


def _environment(monkeypatch, tmp_path, **values) -> None:
    """Set each variable (``{tmp}`` is ``tmp_path``) or unset it when None; HOME is ``tmp_path/home``."""
    for name, value in values.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value.format(tmp=tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.mark.parametrize(
    "override, xdg, want",
    [
        pytest.param("", "{tmp}/xdg", "{tmp}/xdg/gemlint", id="empty-override-xdg"),
        pytest.param(None, "relative", "{tmp}/home/.cache/gemlint", id="relative-xdg"),
        pytest.param(None, None, "{tmp}/home/.cache/gemlint", id="no-xdg"),
    ],
)
def test_user_cache_dir_posix(tmp_path, monkeypatch, override, xdg, want):
    _environment(monkeypatch, tmp_path, GEMLINT_USER_CACHE_DIR=override, XDG_CACHE_HOME=xdg)
    assert user_cache_dir() == want.format(tmp=tmp_path)


@pytest.mark.parametrize(
    "xdg, local, want",
    [
        pytest.param(None, "{tmp}/local", "{tmp}/local/gemlint", id="localappdata"),
        pytest.param(None, None, "{tmp}/home/AppData/Local/gemlint", id="no-localappdata"),
        pytest.param("", "", "{tmp}/home/AppData/Local/gemlint", id="empty-localappdata"),
        pytest.param("rel", "{tmp}/local", "{tmp}/local/gemlint", id="relative-xdg"),
        pytest.param("{tmp}/xdg", "{tmp}/local", "{tmp}/xdg/gemlint", id="xdg-wins"),
    ],
)
def test_user_cache_dir_windows(tmp_path, monkeypatch, xdg, local, want):
    """``os.name`` and the environment are read at call time: the Windows branch runs here too."""
    monkeypatch.delenv("GEMLINT_USER_CACHE_DIR", raising=False)
    _environment(monkeypatch, tmp_path, XDG_CACHE_HOME=xdg, LOCALAPPDATA=local)
    with monkeypatch.context() as patch:
        patch.setattr(os, "name", "nt")
        got = user_cache_dir()
    assert got == want.format(tmp=tmp_path)


# --- signing_key: made private on first use, refused when it is not -----------------------------------------


def test_key_is_made_private_then_reused(user):
    key = signing_key()
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(user).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(user / "key").st_mode) == 0o600
    assert (user / "key").read_text() == key.hex()
    assert os.listdir(user) == ["key"]  # the temporary name is gone
    assert signing_key() == key


def test_key_in_an_existing_folder(user):
    user.mkdir(mode=0o755)
    key = signing_key()
    assert (user / "key").read_text() == key.hex() and os.listdir(user) == ["key"]
    assert stat.S_IMODE(os.stat(user).st_mode) == 0o755  # an existing folder is the user's: left as it is


def test_a_racing_key_wins(user):
    """The key is linked in place: a key already there (another gemlint's) is kept and returned."""
    user.mkdir()
    (user / "key").write_text("cd" * 32)
    (user / "key").chmod(0o600)
    assert cache_module._create_key(str(user), str(user / "key")) == bytes.fromhex("cd" * 32)
    assert os.listdir(user) == ["key"]


def test_a_key_that_can_be_neither_linked_nor_renamed_in_place(user):
    """The error is an OSError (signing_key turns it into its notice) and the temporary file is gone."""
    with pytest.raises(FileNotFoundError):
        cache_module._create_key(str(user), str(user / "missing" / "key"))
    assert os.listdir(user) == []


@pytest.mark.skipif(
    not os.path.isdir("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat(tempfile.gettempdir()).st_dev,
    reason="needs /dev/shm on a file system of its own",
)
def test_key_made_from_a_working_folder_on_another_file_system(user):
    """The temporary key lies beside the key (a hard link cannot cross file systems), not in the working folder."""
    elsewhere = tempfile.mkdtemp(dir="/dev/shm")
    try:
        os.chdir(elsewhere)
        key = signing_key()
        assert (user / "key").read_text() == key.hex() and os.listdir(elsewhere) == []
    finally:
        os.chdir(user.parent)
        shutil.rmtree(elsewhere)


def test_key_inside_the_project_is_refused(tmp_path, monkeypatch):
    root = project(tmp_path)
    (tmp_path / "alias").symlink_to(root)
    monkeypatch.setenv("GEMLINT_USER_CACHE_DIR", str(root / "keys"))
    with pytest.raises(CacheUnusable) as caught:
        signing_key([str(tmp_path / "other"), str(tmp_path / "alias")])  # a root is compared by its real path
    path = root / "keys" / "key"
    assert str(caught.value) == (
        f"the signing key {path} lies inside the project; set GEMLINT_USER_CACHE_DIR elsewhere"
    )
    assert not (root / "keys").exists()
    monkeypatch.setenv("GEMLINT_USER_CACHE_DIR", str(tmp_path / "keys"))
    assert len(signing_key([str(root)])) == 32  # beside the project, not in it


def refused(user: pathlib.Path) -> str:
    with pytest.raises(CacheUnusable) as caught:
        signing_key()
    return str(caught.value)


def test_a_symlinked_key_is_refused(user, tmp_path):
    user.mkdir()
    genuine = tmp_path / "genuine"
    genuine.write_text("ab" * 32)
    genuine.chmod(0o600)
    (user / "key").symlink_to(genuine)
    assert refused(user) == f"cannot read the signing key {user / 'key'}: too many levels of symbolic links"


@pytest.mark.parametrize(
    "content, mode, why",
    [
        pytest.param("ab" * 32, 0o640, f"others can read or own it {KEY_NOTE}", id="group-readable"),
        pytest.param("ab" * 32, 0o601, f"others can read or own it {KEY_NOTE}", id="others-exec"),
        pytest.param("ab" * 32, 0o700, None, id="owner-exec-ok"),
        pytest.param("ab" * 32 + "\n", 0o600, f"not a gemlint key file {KEY_NOTE}", id="newline-65"),
        pytest.param("ab" * 31, 0o600, f"not a gemlint key file {KEY_NOTE}", id="short-62"),
        pytest.param("zz" * 32, 0o600, f"not a gemlint key file {KEY_NOTE}", id="not-hex"),
        pytest.param("é" * 32, 0o600, f"not a gemlint key file {KEY_NOTE}", id="not-ascii"),
    ],
)
def test_key_file_checks(user, content, mode, why):
    user.mkdir()
    (user / "key").write_text(content, encoding="utf-8")
    (user / "key").chmod(mode)
    if why is None:
        assert signing_key() == bytes.fromhex(content)
    else:
        assert refused(user) == f"cannot read the signing key {user / 'key'}: {why}"


def test_a_key_owned_by_another_user_is_refused(user):
    user.mkdir()
    (user / "key").write_text("ab" * 32)
    (user / "key").chmod(0o600)
    os.chown(user / "key", os.getuid() + 1, -1)
    assert refused(user) == f"cannot read the signing key {user / 'key'}: others can read or own it {KEY_NOTE}"


def test_a_key_that_is_a_fifo_is_refused(user):
    """64 good bytes through a FIFO are still no key file."""
    user.mkdir()
    fifo = user / "key"
    os.mkfifo(fifo, 0o600)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(b"ab" * 32)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        assert refused(user) == f"cannot read the signing key {fifo}: not a gemlint key file {KEY_NOTE}"
    finally:
        writer.join(5)


def test_a_key_that_is_a_folder_is_refused(user):
    (user / "key").mkdir(parents=True)
    assert refused(user) == f"cannot read the signing key {user / 'key'}: is a directory"


def test_a_key_that_cannot_be_made(user, tmp_path):
    """The key folder is a dangling symlink: no key to read, and no folder can be made there."""
    user.symlink_to(tmp_path / "gone")
    assert refused(user) == f"cannot create the signing key {user / 'key'}: file exists"
    assert not (tmp_path / "gone").exists()


# --- Cache: load and save ----------------------------------------------------------------------------------


def test_init(tmp_path):
    cache = Cache("some/folder", "abc")
    assert cache.file == os.path.join("some/folder", __version__, "abc.json")
    assert cache.roots == (os.path.join(os.getcwd(), "some"),)
    assert cache.entries == {} and cache.dirty is False and cache.usable is True and cache._key is None
    assert cache.notify("anything") is None
    assert Cache("f", "k", [str(tmp_path)]).roots == (str(tmp_path),)


def test_round_trip_and_signature(user, tmp_path):
    root = project(tmp_path)
    digest = content_digest(b"x")
    assert digest == hashlib.blake2b(b"x", digest_size=16).hexdigest()
    first = saved(root, {"a.py": (10, 20, digest, FULL), "b.py": (1, 2, "e", FileResult("b.py"))})
    assert first.entries["b.py"] == (1, 2, "e", None)  # a file that yielded nothing is stored as None
    data = cache_path(root).read_bytes()
    head, _, body = data.partition(b"\n")
    key = bytes.fromhex((user / "key").read_text())
    mac = hashlib.blake2b(
        MAGIC + os.fsencode(str(cache_path(root))) + b"\0" + body, key=key, digest_size=32
    ).hexdigest()
    assert head == MAGIC + mac.encode()
    assert body == json.dumps(encode_entries(first.entries), separators=(",", ":")).encode("ascii")
    notes: List[str] = []
    again = new_cache(root, notes)
    again.load()
    assert notes == [] and again.entries == first.entries and not again.dirty and again.usable
    assert again.get("a.py", 10, 20) == FULL
    assert again.get("b.py", 1, 2) == FileResult("b.py")
    for args in (("a.py", 11, 20), ("a.py", 10, 21), ("c.py", 10, 20)):
        assert again.get(*args) is None
    # nothing changed: nothing written
    os.utime(cache_path(root), ns=(1, 1))
    again.save()
    assert os.stat(cache_path(root)).st_mtime_ns == 1


def test_cache_folder_files(user, tmp_path):
    root = project(tmp_path)
    saved(root, {"a.py": (1, 1, "d", FULL)})
    folder = root / CACHE_DIRNAME
    assert (folder / ".gitignore").read_text() == "# Automatically created by gemlint.\n*\n"
    assert (folder / "CACHEDIR.TAG").read_text() == CACHEDIR_TAG
    assert sorted(os.listdir(folder)) == sorted([".gitignore", "CACHEDIR.TAG", __version__])


def test_ensure_cache_dir_keeps_what_is_there(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / ".gitignore").write_text("mine\n")
    outside = tmp_path / "outside"
    (folder / "CACHEDIR.TAG").symlink_to(outside)  # dangling: never written through
    ensure_cache_dir(str(folder), [str(folder)])
    assert (folder / ".gitignore").read_text() == "mine\n"
    assert not outside.exists() and (folder / "CACHEDIR.TAG").is_symlink()
    assert default_cache_dir("/x/y") == os.path.join("/x/y", CACHE_DIRNAME)


@pytest.mark.parametrize(
    "field, value",
    [
        ("refs", (REF,)),
        ("errors", (FileError("a.py", "bad"),)),
        ("suppressions", ((1, None, ()),)),
        ("exports", (Export("X"),)),
        ("pending", (PendingUse(SITE, Symbol("env", "", "M")),)),
        ("env", (EnvValue("M", REF),)),
    ],
)
def test_put_keeps_any_fact(tmp_path, field, value):
    cache = Cache(str(tmp_path / "c"), "k")
    result = FileResult("a.py", **{field: value})
    cache.put("a.py", 5, 6, "d", result)
    assert cache.entries == {"a.py": (5, 6, "d", result)} and cache.dirty
    assert Cache.result("a.py", cache.entries["a.py"]) is result


@pytest.mark.parametrize(
    "damage, why",
    [
        pytest.param(lambda head, body: MAGIC + b"0" * 80 + b"\n" + body, "not a gemlint cache file", id="long-head"),
        pytest.param(lambda head, body: MAGIC + b"0" * 64, "not a gemlint cache file", id="no-newline"),
        pytest.param(lambda head, body: b"X" + head + b"\n" + body, "not a gemlint cache file", id="bad-magic"),
        pytest.param(
            lambda head, body: head + b"\n" + body + b" ",
            "its signature does not match (not written by gemlint on this machine, or damaged)",
            id="edited",
        ),
        pytest.param(
            lambda head, body: head[:-1] + b"\n" + body,
            "its signature does not match (not written by gemlint on this machine, or damaged)",
            id="short-mac",
        ),
    ],
)
def test_damaged_cache_is_discarded(user, tmp_path, damage, why):
    root = project(tmp_path)
    saved(root, {"a.py": (1, 1, "d", FULL)})
    head, _, body = cache_path(root).read_bytes().partition(b"\n")
    cache_path(root).write_bytes(damage(head, body))
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    shown = os.path.join("p", CACHE_DIRNAME, __version__, "k.json")
    assert notes == [f"{shown}: {why}; {REBUILD}"]
    assert cache.entries == {} and cache.dirty and cache.usable
    assert cache.get("a.py", 1, 1) is None
    cache.save()  # rebuilt even though nothing was put: the notice is not repeated
    notes.clear()
    again = new_cache(root, notes)
    again.load()
    assert notes == [] and again.entries == {}


@pytest.mark.parametrize(
    "body, why",
    [
        pytest.param(b"not json", "not valid JSON", id="json"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, "not valid JSON", id="deep"),
        pytest.param(b"[]", "not the table of a gemlint cache", id="codec"),
    ],
)
def test_signed_but_invalid_cache_is_discarded(user, tmp_path, body, why):
    root = project(tmp_path)
    saved(root, {"a.py": (1, 1, "d", FULL)})
    sign(cache_path(root), body, user)
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    assert notes == [
        f"{os.path.join('p', CACHE_DIRNAME, __version__, 'k.json')}: not a valid gemlint cache ({why}); {REBUILD}"
    ]
    assert cache.entries == {} and cache.dirty


class _Odd(NamedTuple):
    ratio: float  # a field type the cache codec cannot hold


def test_a_record_the_codec_cannot_hold_means_no_cache(user, tmp_path, monkeypatch):
    """A developer adds a record field of a type the codec refuses: one notice, and the cache is left alone."""
    root = project(tmp_path)
    saved(root, {"a.py": (1, 1, "d", FULL)})
    before = cache_path(root).read_bytes()
    monkeypatch.setattr(cache_codec, "RECORDS", (*cache_codec.RECORDS, _Odd))
    monkeypatch.setattr(cache_codec, "_DECODERS", None)
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    assert notes == [
        f"cache not used: _Odd.ratio: the cache cannot hold a field of type {float!r} (see gemlint/cache_codec.py)"
    ]
    assert cache.usable is False
    cache.put("b.py", 1, 1, "d", FULL)
    cache.save()
    assert cache_path(root).read_bytes() == before


def test_a_fifo_cache_file_neither_hangs_nor_counts(user, tmp_path):
    root = project(tmp_path)
    saved(root, {"a.py": (1, 1, "d", FULL)})
    cache_path(root).unlink()
    os.mkfifo(cache_path(root))
    notes: List[str] = []
    cache = new_cache(root, notes)
    done = threading.Thread(target=cache.load, daemon=True)
    done.start()
    done.join(10)  # at once unless it blocks; generous for a loaded machine
    if done.is_alive():  # it blocked on the FIFO: set it free before failing
        os.close(os.open(cache_path(root), os.O_WRONLY | os.O_NONBLOCK))
        done.join(2)
        pytest.fail("loading a FIFO cache file hung")
    assert notes == [f"{os.path.join('p', CACHE_DIRNAME, __version__, 'k.json')}: not a regular file; {REBUILD}"]
    assert cache.entries == {} and cache.dirty


def test_a_cache_file_that_is_a_folder(user, tmp_path):
    root = project(tmp_path)
    cache_path(root).mkdir(parents=True)
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    assert notes == [f"{os.path.join('p', CACHE_DIRNAME, __version__, 'k.json')}: not a regular file; {REBUILD}"]


def test_a_missing_cache_is_a_cold_run(user, tmp_path):
    root = project(tmp_path)
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    assert notes == [] and cache.usable and cache.dirty is False and cache._key == signing_key()
    cache.save()
    assert not cache_path(root).exists()  # nothing put: nothing written


def test_an_unusable_key_means_no_cache(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GEMLINT_USER_CACHE_DIR", str(root / "keys"))
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    assert notes == [
        f"cache not used: the signing key {root / 'keys' / 'key'} lies inside the project; "
        "set GEMLINT_USER_CACHE_DIR elsewhere"
    ]
    assert cache.usable is False
    cache.put("a.py", 1, 1, "d", FULL)
    cache.save()
    assert not (root / CACHE_DIRNAME).exists()


@pytest.mark.parametrize("where", ["folder", "version"])
def test_a_symlinked_cache_folder_is_not_used(user, tmp_path, where):
    root = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    link = root / CACHE_DIRNAME if where == "folder" else root / CACHE_DIRNAME / __version__
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    notes: List[str] = []
    cache = Cache(str(root / CACHE_DIRNAME), "k", notify=notes.append)  # the default root: the folder's parent
    cache.load()
    if where == "folder":
        shown, leads = os.path.join("p", CACHE_DIRNAME), outside
    else:
        shown, leads = os.path.join("p", CACHE_DIRNAME, __version__, "k.json"), outside / "k.json"
    assert notes == [f"cache not used: {shown}: a symlink leads it to {leads}, outside the project ({root})"]
    assert cache.usable is False
    cache.put("a.py", 1, 1, "d", FULL)
    cache.save()
    assert os.listdir(outside) == []


@pytest.mark.parametrize("where", ["folder", "version"])
def test_a_cache_folder_that_becomes_a_symlink_is_not_written(user, tmp_path, where):
    """Checked again on saving: the folders may have changed since the cache was loaded."""
    root = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    link = root / CACHE_DIRNAME if where == "folder" else root / CACHE_DIRNAME / __version__
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    cache.put("a.py", 1, 1, "d", FULL)
    cache.save()
    shown = os.path.relpath(link, tmp_path)
    assert notes == [f"cache not written: {shown}: a symlink leads it to {outside}, outside the project ({root})"]
    assert os.listdir(outside) == []


def test_a_cache_that_cannot_be_written_is_dropped_quietly(user, tmp_path):
    root = project(tmp_path)
    (root / CACHE_DIRNAME).write_text("a file")
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    cache.put("a.py", 1, 1, "d", FULL)
    cache.save()
    assert notes == [] and (root / CACHE_DIRNAME).read_text() == "a file"


def test_save_without_load_writes_nothing(user, tmp_path):
    root = project(tmp_path)
    cache = new_cache(root, [])
    cache.put("a.py", 1, 1, "d", FULL)
    cache.save()
    assert not (root / CACHE_DIRNAME).exists()


def test_an_entry_that_cannot_be_encoded(user, tmp_path):
    root = project(tmp_path)
    notes: List[str] = []
    cache = new_cache(root, notes)
    cache.load()
    cache.entries["a.py"] = (1, 1, "d", FileResult("a.py", refs=(object(),)))
    cache.dirty = True
    cache.save()
    assert notes == ["cache not written: Object of type object is not JSON serializable"]
    assert not cache_path(root).exists()


def test_paths_outside_the_working_folder_are_shown_whole(user, tmp_path, monkeypatch):
    root = project(tmp_path)
    saved(root, {"a.py": (1, 1, "d", FULL)})
    cache_path(root).write_bytes(b"junk")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    notes: List[str] = []
    new_cache(root, notes).load()
    assert notes == [f"{cache_path(root)}: not a gemlint cache file; {REBUILD}"]


# --- remove_cache and ``gemlint clean`` --------------------------------------------------------------------


def test_remove_cache_default_folder(tmp_path, monkeypatch):
    root = write(project(tmp_path), {"pyproject.toml": "[tool.gemlint]\n", "src/a.py": ""})
    (root / CACHE_DIRNAME / "x").mkdir(parents=True)
    (root / "src" / CACHE_DIRNAME).mkdir()
    monkeypatch.chdir(root / "src")
    assert remove_cache() == os.path.join(str(root), CACHE_DIRNAME)
    assert not (root / CACHE_DIRNAME).exists() and (root / "src" / CACHE_DIRNAME).is_dir()
    assert remove_cache() is None


def test_remove_cache_without_configuration(tmp_path, monkeypatch):
    here = tmp_path / "plain"
    (here / CACHE_DIRNAME).mkdir(parents=True)
    monkeypatch.chdir(here)
    assert remove_cache() == os.path.join(str(here), CACHE_DIRNAME)
    assert not (here / CACHE_DIRNAME).exists()


def test_remove_cache_removes_a_link_only(tmp_path):
    outside = tmp_path / "outside"
    (outside / "keep").mkdir(parents=True)
    link = tmp_path / "c"
    link.symlink_to(outside, target_is_directory=True)
    assert remove_cache(str(link)) == str(link)
    assert not os.path.lexists(link) and (outside / "keep").is_dir()
    dangling = tmp_path / "d"
    dangling.symlink_to(tmp_path / "gone")
    assert remove_cache(str(dangling)) == str(dangling) and not os.path.lexists(dangling)
    (tmp_path / "f").write_text("")
    assert remove_cache(str(tmp_path / "f")) is None and (tmp_path / "f").exists()


def test_clean_through_the_cli(tmp_path):
    root = write(project(tmp_path), {"pyproject.toml": "[tool.gemlint]\n"})
    (root / CACHE_DIRNAME / "v").mkdir(parents=True)
    done = invoke(["clean"], root)
    assert done.code == 0 and done.out == f"removed {root / CACHE_DIRNAME}\n"
    assert invoke(["clean"], root).out == "no cache to remove\n"
