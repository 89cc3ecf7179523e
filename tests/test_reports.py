"""Report formats (SARIF, GitHub, GitLab, JUnit, statistics), ``--output-file`` and ``gemlint rule``.

Most tests run the real ``gemlint scan`` in a subprocess, on the fixture project
``tests/fixtures/project`` (read-only: nothing is written there) and on small
projects in ``tmp_path``. One acceptance test scores the corpus in ``../shared``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import pytest

from gemlint.report.context import ReportContext
from gemlint.report.github import command, escape_data, escape_property
from gemlint.report.github import render as render_github
from gemlint.report.sarif import PositionMapper, artifact_uri, fingerprints
from gemlint.rules import ALL_RULES
from gemlint.types import FileError, Finding, Location, RunResult
from tests.helpers import CORPUS, PROJECT, REPO, SARIF_SCHEMA, SEPT_INVENTORY, acceptance

TODAY = "2026-11-25"  # pins the lifecycle rules (GL004 vs GL003) for the fixture runs


BAD_CALL = 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
HEADER = "from google import genai\n\nclient = genai.Client()\n"


def run_gemlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real CLI (``python -m gemlint``) and capture its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEMLINT_")}
    env.update(NO_COLOR="1", GEMLINT_TODAY=TODAY)
    return subprocess.run(
        [sys.executable, "-m", "gemlint", *args],
        cwd=str(cwd),
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@cache
def project_scan(*args: str) -> subprocess.CompletedProcess:
    """A scan of the fixture project (cached per option list)."""
    proc = run_gemlint("scan", "--no-cache", "--inventory", str(SEPT_INVENTORY), *args, ".", cwd=PROJECT)
    assert proc.returncode in (0, 1), proc.stderr
    return proc


def project_json() -> Dict[str, Any]:
    return json.loads(project_scan("--format", "json").stdout)


def project_sarif() -> Dict[str, Any]:
    return json.loads(project_scan("--format", "sarif").stdout)


@cache
def sarif_validator():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid_sarif(log: Dict[str, Any]) -> None:
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def json_key(f: Dict[str, Any]) -> Tuple[str, Optional[int], int, str]:
    return f["path"], f.get("cell"), f["line"], f["code"]


def sarif_key(r: Dict[str, Any]) -> Tuple[str, Optional[int], int, str]:
    loc = r["locations"][0]["physicalLocation"]
    region = loc["region"]
    props = region.get("properties", {})
    line = props.get("cellLine", region["startLine"])
    return loc["artifactLocation"]["uri"], props.get("cell"), line, r["ruleId"]


def write_project(root: Path, files: Dict[str, Union[str, bytes]], config: str = "") -> Path:
    """A small project: ``pyproject.toml`` (with ``config`` under [tool.gemlint]) and ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "t"\n\n[tool.gemlint]\n{config}', encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def scan_tmp(root: Path, *args: str) -> subprocess.CompletedProcess:
    proc = run_gemlint("scan", "--no-cache", *args, ".", cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    return proc


def region_text(root: Path, result: Dict[str, Any]) -> str:
    """The text a result's region covers in the file on disk."""
    loc = result["locations"][0]["physicalLocation"]
    region = loc["region"]
    lines = (root / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8").split("\n")
    line = lines[region["startLine"] - 1]
    return line[region["startColumn"] - 1 : region["endColumn"] - 1]


# --- SARIF -------------------------------------------------------------------------------------------------------


def test_sarif_on_the_fixture_project_validates_against_the_schema():
    log = project_sarif()
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1


def test_sarif_has_one_result_per_json_finding():
    findings = project_json()["findings"]
    results = project_sarif()["runs"][0]["results"]
    assert len(results) == len(findings) > 0
    assert sorted(sarif_key(r) for r in results) == sorted(json_key(f) for f in findings)
    for f, r in zip(findings, results):
        assert r["message"]["text"] == f["message"] + ("\n" + f["detail"] if f["detail"] else "")
        assert r["level"] == f["severity"]
        assert r["properties"]["model"] == f["model"]


@acceptance("scoring SARIF against the corpus's expected.json")
def test_sarif_carries_every_expected_corpus_finding():
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["expected"]
    inventory = str(CORPUS.parent / "reference" / "models-list-2026-09.json")
    proc = run_gemlint("scan", "--no-cache", "--inventory", inventory, "--format", "sarif", ".", cwd=CORPUS / "app")
    assert proc.returncode in (0, 1), proc.stderr
    log = json.loads(proc.stdout)
    assert_valid_sarif(log)
    got: Dict[Tuple[str, Optional[int], int], List[str]] = {}
    for r in log["runs"][0]["results"]:
        uri, cell, line, code = sarif_key(r)
        got.setdefault((uri, cell, line), []).append(code)
    assert expected
    missing = [e for e in expected if not set(got.get((e["path"], e.get("cell"), e["line"]), ())) & set(e["codes"])]
    assert not missing


def test_sarif_rules_and_regions():
    run = project_sarif()["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gemlint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.CODE for r in ALL_RULES]
    for descriptor, rule in zip(rules, ALL_RULES):
        assert descriptor["name"] == rule.NAME and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.NAME)
        assert descriptor["shortDescription"]["text"] == rule.SUMMARY
        assert descriptor["fullDescription"]["text"]
        assert "## What it does" in descriptor["help"]["text"] and "## Use instead" in descriptor["help"]["markdown"]
        assert descriptor["helpUri"].endswith(f"#{rule.CODE.lower()}-{rule.NAME}")
        assert descriptor["defaultConfiguration"]["level"] == rule.SEVERITY
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert "\\" not in loc["artifactLocation"]["uri"] and not loc["artifactLocation"]["uri"].startswith("/")
        # the region covers exactly the model name, in notebooks too (raw .ipynb line)
        assert region_text(PROJECT, result) == result["properties"]["model"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")


def test_sarif_related_locations_point_at_the_call_site():
    results = project_sarif()["runs"][0]["results"]
    by_key = {(sarif_key(r)[0], sarif_key(r)[2], r["ruleId"]): r for r in results}
    audio = by_key[("backend/transcribe.py", 8, "GL002")]
    (related,) = audio["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == 11
    assert "models.generate_content" in related["message"]["text"]
    notebook = [r for r in results if r["locations"][0]["physicalLocation"]["region"].get("properties")]
    assert notebook, "the fixture notebook has findings"
    for r in notebook:
        props = r["locations"][0]["physicalLocation"]["region"]["properties"]
        assert props["cell"] >= 1 and props["cellLine"] >= 1 and "cellRelative" not in props


def test_sarif_unparsable_file_is_a_tool_notification():
    invocation = project_sarif()["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    errors = project_json()["errors"]
    assert len(notes) == len(errors) >= 1
    broken = [
        n for n in notes if n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "backend/broken.py"
    ]
    assert broken and broken[0]["level"] == "error" and "syntax error" in broken[0]["message"]["text"]


def test_sarif_fingerprints_do_not_depend_on_line_numbers(tmp_path):
    body = HEADER + BAD_CALL + 'client.models.generate_content(model="gemini-1.5-pro", contents="y")\n' + BAD_CALL
    root = write_project(
        tmp_path / "p", {"app.py": body, "web/chat.ts": 'ai.models.generateContent({model: "gemini-3.9-x"});\n'}
    )

    def prints() -> Dict[Tuple[str, str, int], Tuple[str, int]]:
        results = json.loads(scan_tmp(root, "--format", "sarif").stdout)["runs"][0]["results"]
        out, seen = {}, Counter()
        for r in results:
            key = (sarif_key(r)[0], r["ruleId"])
            seen[key] += 1
            out[(*key, seen[key])] = (r["partialFingerprints"]["gemlintFingerprint/v1"], sarif_key(r)[2])
        return out

    before = prints()
    assert {k[0] for k in before} == {"app.py", "web/chat.ts"} and len(before) == 4
    # the two identical bad calls in app.py are two alerts, not one
    assert len({fp for fp, _ in before.values()}) == len(before)
    (root / "app.py").write_text("\n\n\n# moved\n" + HEADER + "\n\n" + body.split(HEADER, 1)[1], encoding="utf-8")
    (root / "web" / "chat.ts").write_text(
        '\n\nimport x from "y";\n\nai.models.generateContent({model: "gemini-3.9-x"});\n'
    )
    after = prints()
    assert {k: fp for k, (fp, _) in after.items()} == {k: fp for k, (fp, _) in before.items()}
    assert all(after[k][1] > before[k][1] for k in before), "the lines did move"


def test_sarif_in_a_tmp_project_with_unreadable_files(tmp_path):
    root = write_project(
        tmp_path / "p",
        {
            "ok.py": HEADER + BAD_CALL,
            "latin1.py": b"# -*- coding: utf-8 -*-\nMODEL = 'gemini-caf\xe9'\n",
            "broken.py": 'MODEL = "gemini-2.5-flash"\ndef (:\n',
            "dir with space/n%b.py": HEADER + BAD_CALL,
        },
    )
    log = json.loads(scan_tmp(root, "--format", "sarif").stdout)
    assert_valid_sarif(log)
    run = log["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"ok.py", "dir%20with%20space/n%25b.py"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    noted = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["level"] for n in notes}
    assert noted == {"latin1.py": "error", "broken.py": "error"}


def test_sarif_without_findings_is_valid(tmp_path):
    root = write_project(tmp_path / "p", {"ok.py": 'MODEL = "gemini-3.8-flash"\n'})
    proc = scan_tmp(root, "--format", "sarif")
    assert proc.returncode == 0
    log = json.loads(proc.stdout)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]


def test_artifact_uri(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("src/a b.py") == ("src/a%20b.py", True)
    assert artifact_uri(str(tmp_path / "src" / "x.py")) == ("src/x.py", True)
    outside = tmp_path.parent / "elsewhere" / "x.py"
    uri, relative = artifact_uri(str(outside))
    assert not relative and uri.startswith("file://") and uri.endswith("/elsewhere/x.py")


def test_notebook_positions_map_to_the_raw_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# title ü\n"]},
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {"tags": ["x"]},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": ['MODEL = "gemini-x"\n']}],
                "source": ['# é "quoted" \\ tab\t\n', 'MODEL = "gemini-x"  # ü\n', "print(MODEL)"],
            },
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": 'a = 1\nM = "gemini-y"\n'},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for name, ascii_only in (("a.ipynb", True), ("b.ipynb", False)):
        text = json.dumps(nb, indent=1, ensure_ascii=ascii_only)
        (tmp_path / name).write_text(text, encoding="utf-8")
        mapper = PositionMapper()
        (line, col, end), exact = mapper.position(Location(name, 2, 10, cell=2), len("gemini-x"))
        raw = text.split("\n")[line - 1]
        assert exact and raw[col - 1 : end - 1] == "gemini-x"
        assert raw.strip().startswith('"MODEL')  # the source line, not the output line
        (line, col, end), exact = mapper.position(Location(name, 2, 6, cell=3), len("gemini-y"))
        raw = text.split("\n")[line - 1]
        assert exact and raw[col - 1 : end - 1] == "gemini-y"
    (tmp_path / "c.ipynb").write_text("not json", encoding="utf-8")
    (pos, exact) = PositionMapper().position(Location("c.ipynb", 2, 10, cell=2), 8)
    assert pos == (2, 10, 18) and not exact


def finding(message: str, path: str = "a.py", severity: str = "error", **kw: Any) -> Finding:
    return Finding(
        code="GL001",
        name="unknown-model",
        severity=severity,
        message=message,
        model="gemini-x",
        location=Location(path, 3, 7),
        **kw,
    )


def test_fingerprints_count_identical_findings():
    a, b = finding("m"), finding("m")
    fa, fb = fingerprints((a, b))
    assert fa != fb and len(fa) == 64
    assert fingerprints((a,)) == [fa]


# --- GitHub ------------------------------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("a:b,c") == "a:b,c"  # only properties escape ':' and ','
    assert (
        command("warning", "m", [("file", "x,y.py"), ("line", 2), ("col", None)]) == "::warning file=x%2Cy.py,line=2::m"
    )


def test_github_render_escapes_messages_and_paths():
    f = finding("50% of model: 'x', then\nmore", path="dir:1/a,b.py", suggestions=())
    warn = finding("w", severity="warning")
    err = FileError("bad%.py", "syntax error at line 1:2: oops\nsecond", fatal=True)
    notice = FileError("skip.min.js", "minified bundle, skipped", fatal=False)
    out = render_github(RunResult(findings=(f, warn), errors=(err, notice)), ReportContext()).splitlines()
    assert out == [
        "::error file=dir%3A1/a%2Cb.py,line=3,endLine=3,col=7,endColumn=15,title=gemlint GL001::"
        "50%25 of model: 'x', then%0Amore",
        "::warning file=a.py,line=3,endLine=3,col=7,endColumn=15,title=gemlint GL001::w",
        "::error file=bad%25.py,title=gemlint::syntax error at line 1:2: oops%0Asecond",
        "::warning file=skip.min.js,title=gemlint::minified bundle, skipped",
    ]


ANNOTATION = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def parse_annotation(line: str) -> Tuple[str, Dict[str, str], str]:
    m = ANNOTATION.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group("props").split(","))
    return m.group(1), props, m.group("message")


def test_github_one_annotation_per_finding_on_the_fixture_project():
    data = project_json()
    lines = project_scan("--format", "github").stdout.splitlines()
    assert len(lines) == len(data["findings"]) + len(data["errors"])
    annotations = [parse_annotation(line) for line in lines]
    for f, (level, props, message) in zip(data["findings"], annotations):
        assert level == f["severity"]
        assert props["file"] == f["path"] and props["title"] == f"gemlint {f['code']}"
        if "cell" in f:
            assert message.startswith(f"cell {f['cell']}, line {f['line']}: ")
        else:
            assert (int(props["line"]), int(props["col"])) == (f["line"], f["column"])
            assert int(props["endColumn"]) == f["column"] + len(f["model"])
        assert "\n" not in message
    assert {lvl for lvl, _, _ in annotations} == {"error", "warning"}
    error_lines = annotations[len(data["findings"]) :]
    assert [(p["file"], lvl) for lvl, p, _ in error_lines] == [(e["path"], "error") for e in data["errors"]]


# --- GitLab and JUnit --------------------------------------------------------------------------------------------


def test_gitlab_code_quality_on_the_fixture_project():
    data = project_json()
    issues = json.loads(project_scan("--format", "gitlab").stdout)
    assert isinstance(issues, list) and len(issues) == len(data["findings"]) + len(data["errors"])
    for f, issue in zip(data["findings"], issues):
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == f["code"] and f["message"] in issue["description"]
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["severity"] == {"error": "major", "warning": "minor"}[f["severity"]]
        assert issue["location"]["path"] == f["path"]
        if "cell" not in f:
            assert issue["location"]["lines"]["begin"] == f["line"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[-1]["check_name"] == "gemlint/file-error" and issues[-1]["location"]["path"] == "backend/broken.py"


def test_junit_on_the_fixture_project():
    data = project_json()
    root = ET.fromstring(project_scan("--format", "junit").stdout.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("failures") == str(len(data["findings"]))
    suites = root.findall("testsuite")
    paths = {f["path"] for f in data["findings"]} | {e["path"] for e in data["errors"]}
    assert sorted(s.get("name") for s in suites) == sorted(paths)
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == len(data["findings"])
    assert Counter(x.get("type") for x in failures) == Counter(f["code"] for f in data["findings"])
    assert len(root.findall("./testsuite/testcase/error")) == len(data["errors"])


def test_junit_and_gitlab_on_a_clean_project(tmp_path):
    root = write_project(tmp_path / "p", {"ok.py": 'MODEL = "gemini-3.8-flash"\n'})
    xml = ET.fromstring(scan_tmp(root, "--format", "junit").stdout.encode("utf-8"))
    assert xml.get("failures") == "0" and len(xml.findall("./testsuite/testcase")) == 1
    assert json.loads(scan_tmp(root, "--format", "gitlab").stdout) == []
    assert scan_tmp(root, "--format", "github").stdout == ""


def test_junit_survives_control_characters():
    from gemlint.report.junit import render

    f = finding("bad \x00 \x1b[31m char")
    root = ET.fromstring(render(RunResult(findings=(f,)), ReportContext()).encode("utf-8"))
    assert "\ufffd" in root.find("./testsuite/testcase/failure").get("message")


# --- statistics, --output-file, rule docs ------------------------------------------------------------------------

STAT_LINE = re.compile(r"^ *(\d+)  (GL\d{3})  ([a-z]+(?:-[a-z]+)*) +\d+ fixable$")


def test_statistics_on_the_fixture_project():
    counts = Counter(f["code"] for f in project_json()["findings"])
    names = {f["code"]: f["name"] for f in project_json()["findings"]}
    lines = project_scan("--statistics").stdout.splitlines()
    rows = []
    for line in lines:
        m = STAT_LINE.match(line)
        assert m, line
        rows.append((int(m.group(1)), m.group(2), m.group(3)))
    assert {code for _, code, _ in rows} >= {"GL001", "GL002", "GL003", "GL004"}
    assert {code: n for n, code, _ in rows} == dict(counts)
    assert all(name == names[code] for _, code, name in rows)
    assert rows == sorted(rows, key=lambda r: (-r[0], r[1]))
    assert len({line.index("GL") for line in lines}) == 1, "counts are right-aligned"


def test_statistics_is_empty_without_findings(tmp_path):
    root = write_project(tmp_path / "p", {"ok.py": 'MODEL = "gemini-3.8-flash"\n'})
    assert scan_tmp(root, "--statistics").stdout == ""


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab", "junit", "text", "statistics"])
def test_output_file_writes_the_report_and_stdout_stays_empty(tmp_path, fmt):
    root = write_project(tmp_path / "p", {"app.py": HEADER + BAD_CALL})
    fmt_args = ["--statistics"] if fmt == "statistics" else ["--format", fmt]
    expected = scan_tmp(root, *fmt_args).stdout
    out = tmp_path / "report.out"
    proc = scan_tmp(root, *fmt_args, "--output-file", str(out))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert out.read_text(encoding="utf-8") == expected
    assert "GL001" in expected


RULE_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_rule_prints_the_documentation():
    proc = run_gemlint("rule", "GL001", cwd=REPO)
    assert proc.returncode == 0
    assert proc.stdout.startswith("# unknown-model (GL001)")
    for section in RULE_SECTIONS:
        assert section in proc.stdout
    assert run_gemlint("rule", "unknown-model", cwd=REPO).stdout == proc.stdout
    unknown = run_gemlint("rule", "GL999", cwd=REPO)
    assert unknown.returncode == 2 and "GL999" in unknown.stderr


def test_rule_all_prints_every_rule():
    proc = run_gemlint("rule", "--all", cwd=REPO)
    assert proc.returncode == 0
    for rule in ALL_RULES:
        assert f"# {rule.NAME} ({rule.CODE})" in proc.stdout
    for section in RULE_SECTIONS:
        assert proc.stdout.count(section) == len(ALL_RULES)
