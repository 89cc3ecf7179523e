"""gemlint sweep (issue 29): real git repositories served as file:// URLs, the summary's numbers, resuming,
failures recorded, shards merged, credentials kept out of every output, untrusted-PR safety."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from gemlint.sweep.sources import Source, make_source, redact, select_shard, shard_of
from tests.helpers import CORPUS, TODAY, acceptance
from tests.inproc import invoke
from tests.sweep_repos import ALPHA, BETA, GAMMA, commit_files, git, make_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    base = tmp_path_factory.mktemp("sweep-repos")
    commits = {
        "alpha": make_repo(base / "alpha", ALPHA),
        "beta": make_repo(base / "beta", BETA),
        "gamma": make_repo(base / "gamma", GAMMA),
    }
    return base, commits


def sources(base: pathlib.Path):
    """alpha and beta as file:// URLs, gamma as a local checkout, and a URL that cannot be cloned."""
    return [f"file://{base}/alpha", f"file://{base}/beta", str(base / "gamma"), f"file://{base}/missing"]


def sweep(cwd, *args):
    return invoke(["sweep", "-j", "1", "--clone-jobs", "2", *args], cwd)


def load(out: pathlib.Path, name="summary.json"):
    return json.loads((out / name).read_text(encoding="utf-8"))


def test_summary_numbers_and_a_failing_clone_recorded(repos, tmp_path):
    base, commits = repos
    out = tmp_path / "out"
    outcome = sweep(tmp_path, *sources(base), "--out", str(out), "--before", "2026-12-31")
    assert outcome.code == 1, outcome  # one source failed: recorded, the rest done
    summary = load(out)
    assert summary["today"] == TODAY.isoformat()
    assert summary["totals"] == {
        "repositories": 4,
        "scanned": 3,
        "failed": 1,
        "files_scanned": 5,  # app.py, svc/embed.py, web/app.ts, tools.py, main.py
        "errors": 1,  # gemini-1.5-pro (retired)
        "warnings": 6,  # GL004 scheduled shutdown: 2.5-flash at 3 sites, -image, 3.1-flash-lite, embedding-001
        "models": 5,
        "call_sites": 7,
    }
    rows = {m["model"]: m for m in summary["models"]}
    assert set(rows) == {
        "gemini-1.5-pro",
        "gemini-2.5-flash",
        "gemini-2.5-flash-image",
        "gemini-3.1-flash-lite",
        "gemini-embedding-001",
    }
    alpha, beta, gamma = f"file://{base}/alpha", f"file://{base}/beta", str(base / "gamma")
    flash = rows["gemini-2.5-flash"]
    assert (flash["status"], flash["shutdown"], flash["replacement"]) == (
        "shutdown scheduled",
        "2026-12-01",
        "gemini-3.5-flash-lite",
    )
    assert (flash["repositories"], flash["files"], flash["call_sites"]) == ([alpha, beta], 2, 3)
    old = rows["gemini-1.5-pro"]
    assert (old["status"], old["repositories"], old["files"], old["call_sites"]) == ("retired", [alpha], 1, 1)
    assert rows["gemini-3.1-flash-lite"]["repositories"] == [gamma]
    assert (flash["findings"], old["findings"]) == ({"GL004": 3}, {"GL003": 1})
    assert summary["models"][0]["model"] == "gemini-1.5-pro"  # retired first, then by shutdown date
    # The timeline: upcoming shutdowns by date, each with the repositories still on the model.
    assert [(e["date"], [m["model"] for m in e["models"]]) for e in summary["timeline"]] == [
        ("2026-12-01", ["gemini-2.5-flash"]),
        ("2027-03-15", ["gemini-2.5-flash-image"]),
        ("2027-05-07", ["gemini-3.1-flash-lite"]),
        ("2028-05-14", ["gemini-embedding-001"]),
    ]
    # --before: what stops working by then, and where.
    breaking = summary["breaking"]
    assert [m["model"] for m in breaking["models"]] == ["gemini-1.5-pro", "gemini-2.5-flash"]
    assert {r["source"]: r["breaking"] for r in breaking["repositories"]} == {
        alpha: ["gemini-1.5-pro", "gemini-2.5-flash"],
        beta: ["gemini-2.5-flash"],
    }
    repos_by = {r["source"]: r for r in summary["repositories"]}
    assert repos_by[alpha]["owners"] == ["@acme/alpha", "@acme/search"]  # CODEOWNERS, last matching rule
    assert repos_by[alpha]["commit"] == commits["alpha"]
    assert (repos_by[alpha]["errors"], repos_by[gamma]["errors"]) == (1, 0)
    assert repos_by[beta]["owners"] == []
    failed = repos_by[f"file://{base}/missing"]
    assert failed["status"] == "failed" and failed["stage"] == "clone" and "missing" in failed["error"]
    assert summary["failures"] == [{"source": f"file://{base}/missing", "stage": "clone", "error": failed["error"]}]
    # The per-repository JSON report carries the commit scanned.
    slug = Source(alpha).slug
    report = json.loads((out / "repos" / slug / "report.json").read_text())
    assert (report["source"], report["commit"]) == (alpha, commits["alpha"])
    assert {(f["path"], f["code"]) for f in report["findings"]} >= {("app.py", "GL003"), ("app.py", "GL004")}
    # The other formats say the same.
    md = (out / "summary.md").read_text()
    assert "## What stops working by 2026-12-31" in md and f"{beta} (no CODEOWNERS): gemini-2.5-flash" in md
    csv_rows = (out / "models.csv").read_text().splitlines()
    assert csv_rows[0].startswith("model,platform,status,shutdown")
    assert "gemini-2.5-flash,gemini,shutdown scheduled,2026-12-01,gemini-3.5-flash-lite,2,2,3" in csv_rows
    assert "sweep-data" in (out / "summary.html").read_text()
    assert not (out / "clones" / Source(alpha).slug).exists()  # clones removed once scanned


def test_warnings_counted_per_finding(repos, tmp_path):
    base, _ = repos
    out = tmp_path / "out"
    sweep(tmp_path, f"file://{base}/alpha", "--out", str(out))
    report = json.loads((out / "repos" / Source(f"file://{base}/alpha").slug / "report.json").read_text())
    summary = load(out)
    warnings = sum(1 for f in report["findings"] if f["severity"] == "warning")
    errors = sum(1 for f in report["findings"] if f["severity"] == "error")
    assert (summary["totals"]["warnings"], summary["totals"]["errors"]) == (warnings, errors) == (3, 1)


def test_resume_rescans_nothing_unchanged_and_only_what_changed(repos, tmp_path):
    base, _ = repos
    work = tmp_path / "repos"
    shutil.copytree(base, work, symlinks=True)
    out = tmp_path / "out"
    args = [f"file://{work}/alpha", f"file://{work}/beta", str(work / "gamma"), "--out", str(out)]
    first = sweep(tmp_path, *args)
    assert first.code == 0, first
    records = sorted((out / "repos").glob("*/record.json"))
    stamps = {p: p.stat().st_mtime_ns for p in records}
    summary = load(out)
    second = sweep(tmp_path, *args)
    assert second.code == 0
    assert "0 scanned, 3 unchanged" in second.err
    assert not (out / "clones").exists() or not any((out / "clones").iterdir())  # nothing fetched either
    assert {p: p.stat().st_mtime_ns for p in records} == stamps  # no record rewritten
    assert load(out) == summary
    # A new commit in beta: beta alone is fetched and scanned again.
    commit_files(work / "beta", {"more.py": 'MODEL = "gemini-2.5-pro"\n'}, "more")
    third = sweep(tmp_path, *args)
    assert "1 scanned, 2 unchanged" in third.err, third.err
    beta = Source(f"file://{work}/beta").slug
    assert [p for p in records if p.stat().st_mtime_ns != stamps[p]] == [out / "repos" / beta / "record.json"]
    # A shutdown date passed since the last sweep (gemini-2.5-flash, 2026-12-01): the repositories using the
    # model are scanned again (a coming shutdown is now a retired model); gamma, which does not use it, is not.
    later = invoke(["sweep", "-j", "1", *args], tmp_path, {"GEMLINT_TODAY": "2026-12-02"})
    assert "2 scanned, 1 unchanged" in later.err, later.err
    scanned_on = {p.parent.name.split("-")[1]: json.loads(p.read_text())["scanned_on"] for p in records}
    assert scanned_on == {"alpha": "2026-12-02", "beta": "2026-12-02", "gamma": TODAY.isoformat()}
    # A local checkout with uncommitted changes is always scanned again (its commit no longer says what is there).
    (work / "gamma" / "main.py").write_text("MODEL = 'gemini-2.0-flash'\n")
    fourth = invoke(["sweep", "-j", "1", *args], tmp_path, {"GEMLINT_TODAY": "2026-12-02"})
    assert "1 scanned, 2 unchanged" in fourth.err, fourth.err
    assert "gemini-2.0-flash" in {m["model"] for m in load(out)["models"]}


def test_shards_partition_and_merge_to_the_single_run_summary(repos, tmp_path):
    base, _ = repos
    srcs = sources(base)
    single = tmp_path / "single"
    sweep(tmp_path, *srcs, "--out", str(single), "--before", "2027-06-01")
    shard_dirs = []
    for index in (1, 2, 3):
        folder = tmp_path / f"shard{index}"
        sweep(tmp_path, *srcs, "--out", str(folder), "--shard", f"{index}/3")
        shard_dirs.append(str(folder))
    covered = [json.loads((pathlib.Path(d) / "sweep.json").read_text())["repos"] for d in shard_dirs]
    assert sorted(s for c in covered for s in c) == sorted(make_source(s).slug for s in srcs)  # a partition
    merged = tmp_path / "merged"
    outcome = invoke(["sweep", "merge", *shard_dirs, "--out", str(merged), "--before", "2027-06-01"], tmp_path)
    assert outcome.code == 1  # the failed clone travels through the merge
    assert load(merged) == load(single)
    assert (merged / "summary.md").read_text() == (single / "summary.md").read_text()
    assert (merged / "summary.html").read_text() == (single / "summary.html").read_text()


def test_merge_of_a_folder_that_is_not_a_sweep_output(tmp_path):
    outcome = invoke(["sweep", "merge", str(tmp_path)], tmp_path)
    assert outcome.code == 2
    assert outcome.err.startswith("gemlint: error: ") and "sweep.json" in outcome.err
    assert "Traceback" not in outcome.err


def test_credentials_never_appear_in_output(repos, tmp_path):
    base, _ = repos
    secret = "ghp_s3cretTOKEN42"
    out = tmp_path / "out"
    listed = tmp_path / "sources.txt"
    listed.write_text(
        f"# one per line, optional ref\nfile://x-access-token:{secret}@{base}/alpha main\n"
        f"https://bot:{secret}@127.0.0.1:9/nowhere.git\n"  # refused at once: git's error names the URL
    )
    outcome = sweep(tmp_path, "--from", str(listed), "--out", str(out), "--keep-clones", "--sarif")
    assert outcome.code == 1, outcome
    assert secret not in outcome.out + outcome.err
    assert "https://127.0.0.1:9/nowhere.git" in outcome.err  # named, without its userinfo
    everything = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "report.sarif" for p in everything) and any("clones" in p.parts for p in everything)
    leaked = [p for p in everything if secret.encode() in p.read_bytes()]
    assert leaked == []
    summary = load(out)
    assert f"file://{base}/alpha@main" in {r["source"] for r in summary["repositories"]}
    sarif = json.loads((out / "repos" / Source(f"file://{base}/alpha", "main").slug / "report.sarif").read_text())
    assert sarif["runs"][0]["versionControlProvenance"] == [
        {"repositoryUri": f"file://{base}/alpha@main", "revisionId": git(base / "alpha", "rev-parse", "main").strip()}
    ]


def test_redact_removes_userinfo_only():
    assert redact("fatal: unable to access 'https://u:p@h.example/r.git/': 403") == (
        "fatal: unable to access 'https://h.example/r.git/': 403"
    )
    assert redact("git@github.com:o/r.git") == "git@github.com:o/r.git"  # an ssh user, not a secret
    assert redact("ssh://git@h/r and http://tok@h/r") == "ssh://h/r and http://h/r"


def test_shards_are_a_deterministic_partition():
    srcs = [make_source(f"https://example.invalid/org/repo{i}.git") for i in range(40)]
    for count in (1, 2, 5):
        parts = [select_shard(srcs, i, count) for i in range(1, count + 1)]
        assert sorted(s.name for p in parts for s in p) == sorted(s.name for s in srcs)
        assert select_shard(list(reversed(srcs)), 1, count) == list(reversed(parts[0]))  # order-independent
    assert len({shard_of(s, 5) for s in srcs}) == 5


def test_untrusted_repository_runs_nothing_and_is_not_written(repos, tmp_path):
    """A local checkout whose .git/config names an fsmonitor program and hooks, with a submodule and 20 files
    (enough for gemlint's cache): the sweep runs none of it and writes nothing into the checkout."""
    base, _ = repos
    marker = tmp_path / "ran"
    evil = tmp_path / "evil"
    files = {f"pkg/m{i}.py": f"M{i} = 'gemini-2.5-flash'\n" for i in range(20)}
    make_repo(evil, files)
    script = tmp_path / "payload.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(0o755)
    git(evil, "config", "core.fsmonitor", str(script))
    for hook in ("post-checkout", "post-merge", "reference-transaction", "pre-commit"):
        (evil / ".git" / "hooks" / hook).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (evil / ".git" / "hooks" / hook).chmod(0o755)
    git(evil, "-c", "protocol.file.allow=always", "submodule", "add", "-q", f"file://{base}/gamma", "sub")
    git(evil, "commit", "-q", "-m", "sub")
    marker.unlink(missing_ok=True)  # the commits above ran the hooks themselves

    def snapshot():
        return sorted((str(p.relative_to(evil)), p.stat().st_mtime_ns) for p in evil.rglob("*"))

    before = snapshot()
    out = tmp_path / "out"
    assert sweep(tmp_path, str(evil), f"file://{evil}", "--out", str(out), "--keep-clones").code == 0
    assert not marker.exists()
    assert snapshot() == before
    clone = out / "clones" / Source(f"file://{evil}").slug
    assert (clone / "pkg" / "m0.py").is_file() and not any((clone / "sub").iterdir())  # no submodule recursion
    assert not list(clone.rglob(".gemlint_cache"))
    rows = {r["source"]: r for r in load(out)["repositories"]}
    assert rows[f"file://{evil}"]["call_sites"] == 0  # sub/ (gamma, one call) not fetched
    assert rows[str(evil)]["call_sites"] == 1  # the local checkout has it checked out: scanned as it is
    assert {m["model"]: m["files"] for m in load(out)["models"]}["gemini-2.5-flash"] == 40


def test_sweep_findings_are_the_scans(tmp_path, monkeypatch):
    """The sweep's pipeline (kept open for model references) reports exactly what `gemlint scan` does."""
    from gemlint.api import make_scanner, scan
    from gemlint.config import Config
    from gemlint.sweep.scanrepo import scan_folder
    from gemlint.types import normalize
    from tests.helpers import PROJECT

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    monkeypatch.chdir(project)
    scanner = make_scanner(Config(root=str(project)), today=TODAY)
    expected = scan(["."], scanner)
    result, refs = scan_folder(str(project), scanner)
    assert expected.findings and result.findings == expected.findings
    assert result.errors == expected.errors
    assert {r.model for r in refs} >= {normalize(f.model) for f in expected.findings}


def test_parallel_scans_in_worker_processes(repos, tmp_path):
    """-j 2 (worker processes, in a real gemlint process) writes the same summary as -j 1."""
    base, _ = repos
    srcs = sources(base)[:3]
    one, two = tmp_path / "one", tmp_path / "two"
    assert sweep(tmp_path, *srcs, "--out", str(one)).code == 0
    env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat())
    done = subprocess.run(
        [sys.executable, "-m", "gemlint", "sweep", "-j", "2", *srcs, "--out", str(two)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert load(two) == load(one)


def test_ci_examples_use_real_options_and_shard_consistently():
    """The documented GitHub Actions and GitLab CI files: every `gemlint sweep` option they pass exists, the
    GitHub matrix has SHARDS entries, and each merge job waits for the shards."""
    import re

    import yaml

    from gemlint.sweep.command import merge_command, run_command

    examples = pathlib.Path(__file__).resolve().parents[1] / "examples" / "sweep"
    known = {
        "sweep": {o for p in run_command.params for o in p.opts},
        "merge": {o for p in merge_command.params for o in p.opts},
    }
    commands = []
    for name in ("github-workflow.yml", "gitlab-ci.yml"):
        text = (examples / name).read_text()
        yaml.safe_load(text)  # valid YAML
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        commands += re.findall(r"gemlint sweep (merge )?([^|\n]*(?:\\\n[^|\n]*)*)", code)
    assert len(commands) == 4
    for merge, rest in commands:
        options = set(re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", rest))
        assert options and options <= known["merge" if merge else "sweep"], (merge, rest)
    github = yaml.safe_load((examples / "github-workflow.yml").read_text())
    assert len(github["jobs"]["sweep"]["strategy"]["matrix"]["shard"]) == github["env"]["SHARDS"]
    assert github["jobs"]["merge"]["needs"] == "sweep"
    gitlab = yaml.safe_load((examples / "gitlab-ci.yml").read_text())
    assert gitlab["gemlint-sweep-merge"]["needs"] == ["gemlint-sweep"] and gitlab["gemlint-sweep"]["parallel"] == 4


@acceptance("the sweep's parity with scan on the acceptance corpus")
@pytest.mark.parametrize("project", ["app", "studio", "console", "agents"])
def test_sweep_findings_are_the_scans_on_the_corpus(project, monkeypatch):
    """The same parity on the four acceptance projects (read only: nothing is written)."""
    from gemlint.api import make_scanner, scan
    from gemlint.config import Config
    from gemlint.sweep.scanrepo import scan_folder

    folder = CORPUS / project
    monkeypatch.chdir(folder)
    scanner = make_scanner(Config(root=str(folder)), today=TODAY)
    expected = scan(["."], scanner)
    result, _ = scan_folder(str(folder), scanner)
    assert expected.findings and (result.findings, result.errors) == (expected.findings, expected.errors)


def test_large_files_are_neither_downloaded_nor_checked_out(tmp_path):
    """--blob-limit: a server that allows filters sends no blob over the limit, and the checkout leaves those
    paths out (names with glob characters and spaces included) instead of fetching them on demand."""
    big = "x = 1\n" * 400  # 2400 bytes
    repo = tmp_path / "big"
    make_repo(repo, {"app.py": ALPHA["app.py"], "data/big [1]*.py": big, "data/large.py": big, "small.py": "y = 2\n"})
    git(repo, "config", "uploadpack.allowFilter", "true")
    out = tmp_path / "out"
    outcome = sweep(tmp_path, f"file://{repo}", "--out", str(out), "--keep-clones", "--blob-limit", "1000")
    assert outcome.code == 0, outcome
    clone = out / "clones" / Source(f"file://{repo}").slug
    assert sorted(str(p.relative_to(clone)) for p in clone.rglob("*.py")) == ["app.py", "small.py"]
    objects = git(clone, "count-objects", "-v")
    assert "size-pack" in objects  # both large files hold the same blob: the one object left out
    assert git(clone, "rev-list", "--objects", "--missing=print", "HEAD").count("?") == 1
    assert load(out)["totals"]["call_sites"] == 3  # app.py scanned as usual


def test_git_never_runs_in_the_process_folder(repos, tmp_path):
    """The sweep scans each checkout from inside it while other threads clone: a git started without a folder of
    its own in a checkout removed meanwhile failed with "Unable to read current working directory" (seen in CI)."""
    from gemlint.sweep.gitops import run_git

    base, commits = repos
    gone = tmp_path / "gone"
    gone.mkdir()
    here = os.getcwd()
    os.chdir(gone)
    try:
        gone.rmdir()
        out = run_git(["ls-remote", "--", str(base / "alpha"), "HEAD"])
    finally:
        os.chdir(here)
    assert out.split("\t")[0] == commits["alpha"]
