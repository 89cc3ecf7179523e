"""Git, run as on an untrusted pull request: no hooks, no submodules, no ``ext::``, no prompts, no stored URL.

A remote source is fetched into a fresh repository (``git init`` then ``git fetch --depth 1`` with the URL given
on the command line, never written into ``.git/config``), with ``--filter=blob:limit=…`` so that blobs larger
than gemlint would read are not downloaded; the checkout leaves those paths out (sparse checkout) instead of
fetching them. The user's own credential helpers and SSH agent work as usual; git's output is passed through
``redact`` before it is shown or recorded.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from typing import List, Optional, Sequence

from gemlint.sweep.sources import Source, redact

# Every git command: hooks off, no file-system monitor (it runs a program), ext:: transport refused, no
# submodule recursion, no credential prompt on a terminal (a missing credential fails instead of waiting).
SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "protocol.ext.allow=never",
    "submodule.recurse=false",
    "fetch.recurseSubmodules=false",
    "core.symlinks=true",
    "advice.detachedHead=false",
    "init.defaultBranch=sweep",
)
GIT_TIMEOUT = 600
DEFAULT_BLOB_LIMIT = 20 * 1024 * 1024  # gemlint skips larger files (max-file-size) anyway


class GitError(Exception):
    """A git command that failed; the message is redacted and one line."""


def git_env() -> dict:
    """The environment of every git command: the user's own, without terminal prompts or a pager."""
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GCM_INTERACTIVE="never", LC_ALL="C")
    env["GIT_OPTIONAL_LOCKS"] = "0"  # `git status` in a local checkout must not rewrite its index
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def run_git(args: Sequence[str], cwd: Optional[str] = None, input_text: Optional[str] = None) -> str:
    """``git ARGS`` with the safe configuration; its stdout, or a ``GitError`` (redacted stderr, last line)."""
    command = ["git"]
    for item in SAFE_CONFIG:
        command += ["-c", item]
    command += list(args)
    try:
        done = subprocess.run(
            command,
            # Never the process's own folder: the sweep scans each checkout from inside it (scanrepo) while other
            # threads clone, and a checkout removed under a git started there fails ("Unable to read current
            # working directory").
            cwd=cwd if cwd is not None else tempfile.gettempdir(),
            env=git_env(),
            input=input_text,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GIT_TIMEOUT,
            stdin=None if input_text is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed to sweep repositories)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        raise GitError(error_line(done.stderr) or f"git {args[0]} exited with {done.returncode}")
    return done.stdout


def error_line(stderr: str) -> str:
    """The line of git's error output worth showing (``fatal:``/``error:`` first), credentials removed."""
    lines = [line.strip() for line in redact(stderr).splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else ""


def is_commit_id(ref: Optional[str]) -> bool:
    """True for a full 40 (or 64) hex commit id."""
    return bool(ref) and bool(re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", ref or ""))


def remote_commit(source: Source) -> str:
    """The commit ``source`` points at now (``git ls-remote``), without cloning it."""
    if is_commit_id(source.ref):
        return source.ref  # type: ignore[return-value]
    wanted = source.ref or "HEAD"
    out = run_git(["ls-remote", "--", source.location, wanted])
    rows = [line.split("\t", 1) for line in out.splitlines() if "\t" in line]
    names = [wanted, f"refs/heads/{wanted}", f"refs/tags/{wanted}^{{}}", f"refs/tags/{wanted}"]
    for name in names:  # a branch before a tag; a peeled tag before the tag object
        for oid, ref in rows:
            if ref == name:
                return oid
    raise GitError(f"{source.name}: no branch or tag called {wanted!r}")


def fetch_checkout(source: Source, dest: str, blob_limit: int = DEFAULT_BLOB_LIMIT) -> str:
    """Fetch ``source`` at its ref (depth 1) into the new folder ``dest`` and check it out; returns the commit.

    Paths whose blobs the filter left out are not checked out (gemlint would skip them as too large).
    """
    dest = os.path.abspath(dest)
    os.makedirs(dest)
    run_git(["init", "-q", "--template=", dest])
    wanted = source.ref or "HEAD"
    fetch = ["fetch", "-q", "--depth", "1", "--no-tags", "--no-recurse-submodules", "--no-write-fetch-head"]
    if blob_limit:
        fetch.append(f"--filter=blob:limit={blob_limit}")
    # The URL goes on the command line only (a remote defined by -c): git keeps no copy of it, nor of a
    # credential in it, in .git/ (a partial fetch records the remote's name, "sweep", as its promisor).
    run_git(["-c", f"remote.sweep.url={source.location}", *fetch, "sweep", f"+{wanted}:refs/sweep/target"], cwd=dest)
    commit = run_git(["rev-parse", "--verify", "refs/sweep/target^{commit}"], cwd=dest).strip()
    missing = _missing_blobs(dest, commit)
    if missing:
        paths = _paths_of(dest, commit, missing)
        patterns = "/*\n" + "".join(f"!/{_escape(p)}\n" for p in paths)
        run_git(["sparse-checkout", "set", "--no-cone", "--stdin"], cwd=dest, input_text=patterns)
    run_git(["checkout", "-q", "--detach", commit], cwd=dest)
    return commit


def _missing_blobs(dest: str, commit: str) -> set:
    out = run_git(["rev-list", "--objects", "--missing=print", commit], cwd=dest)
    return {line[1:].strip() for line in out.splitlines() if line.startswith("?")}


def _paths_of(dest: str, commit: str, oids: set) -> List[str]:
    out = run_git(["ls-tree", "-r", "-z", "--full-tree", commit], cwd=dest)
    paths = []
    for entry in out.split("\0"):
        if "\t" in entry:
            meta, path = entry.split("\t", 1)
            if meta.split()[-1] in oids:
                paths.append(path)
    return paths


def _escape(path: str) -> str:
    """A path as a literal gitignore-style pattern."""
    escaped = re.sub(r"([\\*?\[\]!# ])", r"\\\1", path)
    return escaped


def local_commit(folder: str) -> Optional[str]:
    """The commit checked out in ``folder`` (``+dirty`` when tracked files changed), or None outside git."""
    try:
        top = run_git(["rev-parse", "--show-toplevel"], cwd=folder).strip()
        commit = run_git(["rev-parse", "--verify", "HEAD^{commit}"], cwd=folder).strip()
    except GitError:
        return None
    if os.path.realpath(top) != os.path.realpath(folder):
        return None  # a folder inside some other checkout: its commit says nothing about this folder
    try:
        status = run_git(["status", "--porcelain", "--untracked-files=no"], cwd=folder)
    except GitError:
        return commit + "+dirty"
    return commit + "+dirty" if status.strip() else commit
