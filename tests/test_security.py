"""Scanning an untrusted repository never runs its code and never writes outside it (issue 17).

Each attack of the issue is reproduced through the real CLI and shown to fail:
a planted pickle (and a planted or forged cache in the JSON format the cache
now uses) never runs and never changes the findings; ``--fix``,
``--add-ignore``, ``--write-baseline``, ``--output-file``, the cache and
``models refresh`` never write through a symlink leading out of the project;
a file reached through such a symlink is read only when named.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import stat
import subprocess
import sys
from hashlib import blake2b
from pathlib import Path
from typing import Dict, FrozenSet, List, NamedTuple, Optional, Tuple

import pytest

from gemlint import __version__, cache_codec
from gemlint.cache_codec import RECORDS, decode_entries, decoders, encode_entries
from gemlint.types import CallSite, FileError, FileResult, Location, ModelRef
from tests.fakeapi import FakeApi
from tests.helpers import REPO, run_cli

CONFIG = "[tool.gemlint]\nmax-inventory-age = 0\n"
BAD = (
    "from google import genai\n\nclient = genai.Client()\n"
    'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
)
FIXED = BAD.replace("gemini-3.8-flsh", "gemini-3.8-flash")
MAGIC = b"GEMLINT-CACHE 2 "
FILLERS = 20  # more than runner.CACHE_MIN_FILES: the cache is really used
NOTICE = "ignored, rebuilding the cache"


# -- helpers ---------------------------------------------------------------------------------------------------


def project(root: Path, bad: bool = True) -> Path:
    """A configured project: ``app.py`` (a bad name when ``bad``) and filler files that use good names."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(CONFIG)
    (root / "app.py").write_text(BAD if bad else FIXED)
    for i in range(FILLERS):
        (root / f"m{i:02}.py").write_text(
            f'MODEL = "gemini-3.8-flash"  # {i}\nclient.models.generate_content(model=MODEL)\n'
        )
    return root


def machine(tmp_path: Path, name: str = "this") -> Dict[str, str]:
    """The environment of one machine: its own user cache folder (where the signing key lives)."""
    return {"GEMLINT_USER_CACHE_DIR": str(tmp_path / f"user-cache-{name}")}


def scan(root: Path, *args: str, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
    result = run_cli(["scan", "--format", "json", *args], cwd=root, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def findings(result: subprocess.CompletedProcess) -> List[Tuple[str, int, str]]:
    assert result.returncode in (0, 1), result.stderr
    return sorted((f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"])


def notices(result: subprocess.CompletedProcess, text: str) -> List[str]:
    return [line for line in result.stderr.splitlines() if text in line]


def cache_file(root: Path) -> Path:
    [found] = sorted((root / ".gemlint_cache").glob("*/*.json"))
    return found


def sign(path: Path, body: bytes, env: Dict[str, str]) -> bytes:
    """A cache file as gemlint writes it on the machine of ``env``: MAC line (keyed BLAKE2b), then the JSON body."""
    key = bytes.fromhex((Path(env["GEMLINT_USER_CACHE_DIR"]) / "key").read_text())
    signature = blake2b(MAGIC + os.fsencode(os.path.realpath(path)) + b"\0" + body, key=key, digest_size=32)
    return MAGIC + signature.hexdigest().encode() + b"\n" + body


def hide_app_finding(root: Path, cache: Path) -> bytes:
    """The cache body with ``app.py`` recorded as holding nothing, for its current size and mtime."""
    entries = decode_entries(json.loads(cache.read_bytes().partition(b"\n")[2]))
    st = (root / "app.py").stat()
    entries["app.py"] = (st.st_size, st.st_mtime_ns, "", None)
    return json.dumps(encode_entries(entries)).encode()


def tree_bytes(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- no code from disk -----------------------------------------------------------------------------------------


def test_package_source_has_no_pickle_marshal_or_shelve() -> None:
    """Nothing in gemlint can turn bytes from disk into code (eval and exec are not called either)."""
    package = REPO / "gemlint"
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 20
    offending = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\b(pickle|cPickle|marshal|shelve|dill|cloudpickle)\b|\b(eval|exec)\s*\(", text):
            offending.append(f"{path.relative_to(REPO)}: {match.group(0)}")
    assert offending == []


def test_codec_reads_back_every_field_of_every_record() -> None:
    """Every field of every cached record has a decoder, and a fully populated result survives the round trip."""
    assert set(decoders()) == set(RECORDS)
    where = Location("a.ipynb", 3, 7, cell=2, end_line=3, end_column=20)
    result = FileResult(
        "a.ipynb",
        refs=(
            ModelRef("models/gemini-x", where, CallSite("models.generate_content", "generateContent", where, "vertex")),
            ModelRef("gemini-y", where._replace(cell=None), None, fixable=False, settings=True),
        ),
        errors=(FileError("a.ipynb", "a notice", fatal=False),),
        suppressions=((3, 2, ("GL001", "GL002")), (4, None, ())),
        digest="abc",
    )
    entries = {"a.ipynb": (10, 123, "abc", result), "b.py": (0, 5, "", None)}
    body = json.dumps(encode_entries(entries))
    assert decode_entries(json.loads(body)) == entries


class _Grown(NamedTuple):
    """A record as another change might grow one: new fields with defaults, of the usual types."""

    path: str
    facts: Tuple[Tuple[str, Optional[int]], ...] = ()
    flag: bool = False
    where: Optional[Location] = None


class _Odd(NamedTuple):
    names: FrozenSet[str] = frozenset()


def test_codec_follows_new_fields_and_refuses_types_it_cannot_check() -> None:
    decode = cache_codec._record_decoder(_Grown, decoders())
    grown = _Grown("a.py", (("x", 1), ("y", None)), True, Location("a.py", 1, 2))
    assert decode(json.loads(json.dumps(grown))) == grown
    assert decode(json.loads(json.dumps(_Grown("b.py")))) == _Grown("b.py")
    for bad in (["a.py", [["x", "1"]], True, None], ["a.py", [], 1, None], ["a.py", [], True, None, "extra"]):
        with pytest.raises(cache_codec.CodecError):
            decode(bad)
    with pytest.raises(TypeError, match="_Odd.names"):
        cache_codec._record_decoder(_Odd, {})


class _Payload:
    """Unpickling this creates ``marker``: what a crafted pickle in a pull request would do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("name", ["json", "pickle"], ids=["as-the-cache-file", "under-the-old-pickle-name"])
def test_planted_pickle_never_runs_and_changes_nothing(tmp_path: Path, name: str) -> None:
    env = machine(tmp_path)
    root = project(tmp_path / "repo")
    expected = findings(scan(root, "--no-cache", env=env))
    assert ("app.py", 4, "GL001") in expected
    cache = cache_file(root) if scan(root, env=env) else None  # learn the cache file's name
    # The payload is live: unpickling it does create its marker file.
    control = tmp_path / "control-marker"
    pickle.loads(pickle.dumps(_Payload(control)))
    assert control.exists()
    marker = tmp_path / "pwned"
    planted = cache.with_suffix(f".{name}")
    planted.write_bytes(pickle.dumps({"app.py": _Payload(marker)}))
    result = scan(root, env=env)
    assert not marker.exists()
    assert findings(result) == expected and result.returncode == 1
    assert len(notices(result, NOTICE)) == (1 if name == "json" else 0), result.stderr


def test_cache_shipped_from_another_machine_cannot_hide_a_finding(tmp_path: Path) -> None:
    """A cache signed with the attacker's own key, forged to hide app.py's finding, is ignored with one notice."""
    attacker, victim = machine(tmp_path, "attacker"), machine(tmp_path, "victim")
    theirs = project(tmp_path / "attacker-repo", bad=False)
    scan(theirs, env=attacker)
    ours = project(tmp_path / "repo")
    expected = findings(scan(ours, "--no-cache", env=victim))
    assert ("app.py", 4, "GL001") in expected
    forged = hide_app_finding(ours, cache_file(theirs))
    target = ours / cache_file(theirs).relative_to(theirs)
    target.parent.mkdir(parents=True)
    target.write_bytes(sign(target, forged, attacker))
    result = scan(ours, env=victim)
    assert findings(result) == expected and result.returncode == 1
    [note] = notices(result, NOTICE)
    assert "signature does not match" in note and note.startswith("gemlint: note: .gemlint_cache/")
    assert findings(scan(ours, env=victim)) == expected  # rebuilt from the files
    # Control: the very same forgery, signed with the victim's own key, would hide the finding.
    target.write_bytes(sign(target, forged, victim))
    assert ("app.py", 4, "GL001") not in findings(scan(ours, env=victim))


def test_a_cache_edited_after_signing_is_ignored(tmp_path: Path) -> None:
    env = machine(tmp_path)
    root = project(tmp_path / "repo")
    expected = findings(scan(root, env=env))
    cache = cache_file(root)
    head = cache.read_bytes().partition(b"\n")[0]
    cache.write_bytes(head + b"\n" + hide_app_finding(root, cache))  # the old, genuine signature line
    result = scan(root, env=env)
    assert findings(result) == expected and len(notices(result, "signature does not match")) == 1


def _dump(table) -> str:
    return json.dumps(table, separators=(",", ":"))


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda t: "not json {", id="not-json"),
        pytest.param(lambda t: '["a", "list"]', id="a-list"),
        pytest.param(lambda t: _dump({**t, "extra": []}), id="unknown-key"),
        pytest.param(lambda t: _dump({**t, "sizes": t["sizes"][1:]}), id="columns-misaligned"),
        pytest.param(lambda t: _dump({**t, "sizes": [True] * len(t["sizes"])}), id="bool-for-int"),
        pytest.param(lambda t: _dump({**t, "paths": ["same.py"] * len(t["paths"])}), id="duplicate-paths"),
        pytest.param(lambda t: _dump({**t, "results": [[0, r[1]] for r in t["results"]]}), id="result-moved"),
        pytest.param(lambda t: _dump({**t, "results": [[r[0], r[1] + [1]] for r in t["results"]]}), id="extra-field"),
        pytest.param(lambda t: _dump(t).replace('"app.py",4,', '"app.py","4",'), id="string-line"),
        pytest.param(lambda t: _dump(t).replace('"gemini"', '"elsewhere"'), id="unknown-backend"),
        pytest.param(lambda t: _dump({**t, "results": [[0, json.loads(_nested(50))]]}), id="nested-lists"),
        pytest.param(lambda t: _dump(t)[:-1] + "," + _nested(100_000) + "}", id="deep-nesting"),
    ],
)
def test_signed_but_malformed_cache_is_discarded_with_one_notice(tmp_path: Path, mutate) -> None:
    """Even with a valid signature, anything but the expected shape is discarded whole and rebuilt."""
    env = machine(tmp_path)
    root = project(tmp_path / "repo")
    first = scan(root, env=env)
    expected = findings(first)
    cache = cache_file(root)
    table = json.loads(cache.read_bytes().partition(b"\n")[2])
    assert '"app.py",4,' in _dump(table) and '"gemini"' in _dump(table)  # the mutations have a target
    cache.write_bytes(sign(cache, mutate(table).encode(), env))
    result = scan(root, env=env)
    assert findings(result) == expected
    [note] = notices(result, NOTICE)
    assert "not a valid gemlint cache" in note
    assert [line for line in result.stderr.splitlines() if line != note] == first.stderr.splitlines()
    again = scan(root, env=env)
    assert again.stderr == first.stderr and findings(again) == expected  # rebuilt: no second notice


def test_signing_key_is_private_and_outside_the_project(tmp_path: Path) -> None:
    env = machine(tmp_path)
    root = project(tmp_path / "repo")
    scan(root, env=env)
    folder = Path(env["GEMLINT_USER_CACHE_DIR"])
    key = folder / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert re.fullmatch(rb"[0-9a-f]{64}", key.read_bytes())
    assert not any(p.name == "key" for p in root.rglob("*"))
    assert cache_file(root).read_bytes().startswith(MAGIC)


def test_a_signing_key_inside_the_project_is_not_trusted(tmp_path: Path) -> None:
    """XDG_CACHE_HOME inside the checkout: a repository could ship the key with a cache signed by it."""
    root = project(tmp_path / "repo")
    inside = {"GEMLINT_USER_CACHE_DIR": "", "XDG_CACHE_HOME": str(root / ".cache")}
    shipped = root / ".cache" / "gemlint"
    shipped.mkdir(parents=True)
    (shipped / "key").write_text("ab" * 32)
    shipped.joinpath("key").chmod(0o600)
    expected = findings(scan(root, "--no-cache", env=inside))
    result = scan(root, env=inside)
    assert findings(result) == expected
    [note] = notices(result, "cache not used")
    assert "lies inside the project" in note
    assert not (root / ".gemlint_cache").exists()


# -- no writes out of the project ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "where", [".gemlint_cache", f".gemlint_cache/{__version__}"], ids=["cache-folder", "version-folder"]
)
def test_nothing_is_written_through_a_symlinked_cache_folder(tmp_path: Path, where: str) -> None:
    env = machine(tmp_path)
    root = project(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("untouched\n")
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    expected = findings(scan(root, "--no-cache", env=env))
    for _ in range(2):
        result = scan(root, env=env)
        assert findings(result) == expected
        [note] = notices(result, "cache not used")
        assert "outside the project" in note
    assert tree_bytes(outside) == {"keep.txt": b"untouched\n"}
    assert link.is_symlink()


@pytest.mark.parametrize("name", [".gitignore", "CACHEDIR.TAG"])
@pytest.mark.parametrize("victim_exists", [True, False], ids=["victim", "dangling"])
def test_cache_folder_files_are_not_written_through_symlinks(tmp_path: Path, name: str, victim_exists: bool) -> None:
    env = machine(tmp_path)
    root = project(tmp_path / "repo")
    victim = tmp_path / "victim.txt"
    if victim_exists:
        victim.write_text("precious\n")
    (root / ".gemlint_cache").mkdir()
    (root / ".gemlint_cache" / name).symlink_to(victim)
    result = scan(root, env=env)
    assert findings(result) == findings(scan(root, "--no-cache", env=env))
    assert (victim.read_text() == "precious\n") if victim_exists else not victim.exists()
    assert cache_file(root).read_bytes().startswith(MAGIC)  # the cache itself still works


def linked_project(tmp_path: Path) -> Tuple[Path, Path]:
    """``repo/app.py`` is a symlink to ``outside/victim.py`` (a bad name with a safe fix); ``repo/own.py`` is real."""
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.py"
    victim.write_text(BAD)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text(CONFIG)
    (root / "own.py").write_text(BAD)
    (root / "app.py").symlink_to(victim)
    return root, victim


@pytest.mark.parametrize("flag", ["--fix", "--add-ignore"])
@pytest.mark.parametrize("paths", [["."], ["own.py", "app.py"]], ids=["walked", "named"])
def test_fix_and_add_ignore_leave_a_symlinked_outside_file_alone(tmp_path: Path, flag: str, paths: List[str]) -> None:
    root, victim = linked_project(tmp_path)
    before = victim.read_bytes()
    result = run_cli(["scan", "--no-cache", flag, *paths], cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    assert victim.read_bytes() == before
    assert (root / "app.py").is_symlink()
    assert (root / "own.py").read_text() != BAD  # the run went on: the project's own file was rewritten
    if paths == ["."]:  # never read, so nothing to write
        assert len(notices(result, "app.py: symlink to")) == 1, result.stderr
        assert "outside the scanned folders" in result.stderr
    else:
        [note] = notices(result, "cannot write app.py")
        assert f"a symlink leads it to {victim}, outside the project ({root})" in note
        assert result.returncode == 1  # app.py's finding is reported unchanged
        if flag == "--fix":  # the summary counts what was written, not what was planned
            assert "gemlint: fixed 1 name in 1 file;" in result.stderr, result.stderr


def test_fix_in_a_named_folder_that_leads_out_writes_nothing(tmp_path: Path) -> None:
    """``gemlint scan --fix lib`` where the repository made ``lib`` a symlink to a folder outside it."""
    root, victim = linked_project(tmp_path)
    (root / "lib").symlink_to(victim.parent, target_is_directory=True)
    result = run_cli(["scan", "--no-cache", "--fix", "lib"], cwd=root)
    assert victim.read_text() == BAD
    assert len(notices(result, "cannot write lib/victim.py: a symlink leads it to")) == 1, result.stderr


def test_fix_keeps_modes_and_symlinks_inside_the_project(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "bin").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG)
    (root / "private.py").write_text(BAD)
    (root / "private.py").chmod(0o640)
    (root / "bin" / "tool.py").write_text("#!/usr/bin/env python3\n" + BAD)
    (root / "bin" / "tool.py").chmod(0o755)
    (root / "alias.py").symlink_to("private.py")
    result = run_cli(["scan", "--no-cache", "--fix", "alias.py", "bin"], cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "private.py").read_text() == FIXED and (root / "alias.py").is_symlink()
    assert (root / "bin" / "tool.py").read_text() == "#!/usr/bin/env python3\n" + FIXED
    assert stat.S_IMODE((root / "private.py").stat().st_mode) == 0o640
    assert stat.S_IMODE((root / "bin" / "tool.py").stat().st_mode) == 0o755
    assert sorted(p.name for p in root.iterdir()) == ["alias.py", "bin", "private.py", "pyproject.toml"]
    assert sorted(p.name for p in (root / "bin").iterdir()) == ["tool.py"]  # no temporary file left


@pytest.mark.parametrize("option", ["--write-baseline", "--output-file"])
def test_baseline_and_report_are_not_written_through_an_outside_symlink(tmp_path: Path, option: str) -> None:
    root, victim = linked_project(tmp_path)
    target = tmp_path / "outside" / "victim.json"
    target.write_text("{}\n")
    (root / "report.json").symlink_to(target)
    result = run_cli(["scan", "--no-cache", option, "report.json", "own.py"], cwd=root)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("gemlint: error: cannot write ") and "outside the project" in lines[0]
    assert target.read_text() == "{}\n"
    # A report named outside the project on purpose is written as asked.
    elsewhere = tmp_path / "outside" / "fresh.json"
    assert run_cli(["scan", "--no-cache", option, str(elsewhere), "own.py"], cwd=root).returncode in (0, 1)
    assert elsewhere.is_file()


@pytest.mark.parametrize("link", [".gemlint", ".gemlint/models.json"])
def test_models_refresh_does_not_write_through_an_outside_symlink(fake_api: FakeApi, tmp_path: Path, link: str):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "models.json").write_text('{"models": []}\n')
    if link == ".gemlint":
        (root / ".gemlint").symlink_to(outside, target_is_directory=True)
    else:
        (root / ".gemlint").mkdir()
        (root / ".gemlint" / "models.json").symlink_to(outside / "models.json")
    env = fake_api.env(GEMINI_API_KEY="AIzaFAKE-security-0123456789")
    proc = subprocess.run(
        [sys.executable, "-m", "gemlint", "models", "refresh"], env=env, cwd=root, capture_output=True, text=True
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "outside the project" in lines[0] and "Traceback" not in proc.stderr
    assert tree_bytes(outside) == {"models.json": b'{"models": []}\n'}


# -- reads say where they went ---------------------------------------------------------------------------------


def test_reads_through_a_symlink_out_of_the_scan_roots_need_the_file_named(tmp_path: Path) -> None:
    root, victim = linked_project(tmp_path)
    (root / "lib").symlink_to(victim.parent, target_is_directory=True)
    (root / "inside.py").symlink_to("own.py")  # a symlink within the project is followed as before
    walked = scan(root, "--no-cache", ".")
    data = json.loads(walked.stdout)
    assert {f["path"] for f in data["findings"]} == {"inside.py"}  # own.py is the same file, shown once
    skipped = {e["path"]: e["message"] for e in data["errors"]}
    assert set(skipped) == {"app.py", "lib"} and all("outside the scanned folders" in m for m in skipped.values())
    assert not any(e["fatal"] for e in data["errors"])
    assert len(notices(walked, "outside the scanned folders")) == 2
    named = scan(root, "--no-cache", ".", "app.py")  # named: read where it leads
    assert {f["path"] for f in json.loads(named.stdout)["findings"]} == {"inside.py", "app.py"}
    assert [e["path"] for e in json.loads(named.stdout)["errors"]] == ["lib"]
    # A named folder is a scan root: app.py's link now stays inside the scanned folders (the file is read once).
    named = scan(root, "--no-cache", ".", "lib")
    assert sorted(f["path"] for f in json.loads(named.stdout)["findings"]) == ["app.py", "inside.py"]
    assert "outside the scanned folders" not in named.stderr


def test_clean_removes_a_symlinked_cache_folder_link_only(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("untouched\n")
    (root / ".gemlint_cache").symlink_to(outside, target_is_directory=True)
    result = run_cli(["clean"], cwd=root)
    assert result.returncode == 0, result.stderr
    assert not os.path.lexists(root / ".gemlint_cache")
    assert tree_bytes(outside) == {"keep.txt": b"untouched\n"}


def test_report_to_dev_stdout_is_written_in_place(tmp_path: Path) -> None:
    """A path that is no regular file (a pipe here) cannot be replaced by a rename: it is written as it is."""
    root, _ = linked_project(tmp_path)
    args = ["scan", "--no-cache", "--format", "json", "--output-file", "/dev/stdout", "own.py"]
    result = run_cli(args, cwd=root, subprocess_only=True)  # this process's /dev/stdout is pytest's capture
    assert result.returncode == 1, result.stderr
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["own.py"]
