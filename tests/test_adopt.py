"""Adopting gemlint: baseline, safe autofix (--fix / --diff) and --add-ignore (issue 9).

End-to-end tests run the real CLI on a writable copy of the fixture project (tests/fixtures/project)
(or a small project) in tmp_path; unit tests cover the rewrite helpers.
"""

from __future__ import annotations

import ast
import json
import os
import pathlib
import shutil
import stat
from typing import Dict, List, Tuple

import pytest

from gemlint import adopt as A
from gemlint.errors import Failure
from tests.helpers import PROJECT, SEPT_INVENTORY, run_cli

INV = str(SEPT_INVENTORY)

# Every change `--fix` makes to the fixture project: (path, line, old line text, new line text).
EXPECTED_FIXES: List[Tuple[str, int, str, str]] = [
    (
        "backend/config.py",
        5,
        'BACKUP_MODEL = os.environ.get("DESK_BACKUP_MODEL", "gemini-3.8-flsh")',
        'BACKUP_MODEL = os.environ.get("DESK_BACKUP_MODEL", "gemini-3.8-flash")',
    ),  # GL001 typo, one closest suggestion (distance 1)
    (
        "backend/vectors.py",
        12,
        '    return client.models.embed_content(model="text-embedding-004", contents=docs)',
        '    return client.models.embed_content(model="gemini-embedding-2", contents=docs)',
    ),  # GL003, shut down; gemini-embedding-2 supports embedContent
    (
        "frontend/Voice.tsx",
        14,
        '    model: "gemini-2.5-flash-native-audio-preview-12-2025",',
        '    model: "gemini-3.8-live",',
    ),  # GL004 past its shutdown date (2026-11-17); gemini-3.8-live supports bidiGenerateContent
    # backend/video.py:14 (veo in generate_content): its replacement chain ends at gemini-omni-1.2-flash, announced
    # after the listing (methods unknown), so no fix; frontend/Picker.tsx:7 is a mention: never rewritten
]
# Findings that must keep their name, each with the reason it has no safe fix.
REFUSED = {
    ("backend/video.py", 6): "the replacement gemini-omni-1.2-flash is not in the inventory",  # announced, unlisted
    ("backend/video.py", 10): "does not support predict",  # imagen → gemini-3.1-flash-image: wrong class
    ("frontend/answer.ts", 5): "no single close match",  # three names at distance 1
    ("backend/drafts.py", 7): "no replacement is documented",
    ("frontend/Picker.tsx", 7): "a mention reaches no call site",  # <option value>: class unknown
}


# --------------------------------------------------------------------------- helpers


def copy_project(tmp_path: pathlib.Path) -> pathlib.Path:
    """A writable copy of the fixture project."""
    app = tmp_path / "app"
    shutil.copytree(PROJECT, app)
    for root, dirs, files in os.walk(app):
        for name in dirs + files:
            p = os.path.join(root, name)
            os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)
    return app


def snapshot(root: pathlib.Path) -> Dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def gemlint(cwd: pathlib.Path, *args: str, inventory: str = INV):
    return run_cli(["scan", "--no-cache", "--inventory", inventory, *args], cwd=cwd)


def findings(cwd: pathlib.Path, *args: str, inventory: str = INV) -> List[dict]:
    run = gemlint(cwd, "--format", "json", *args, inventory=inventory)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)["findings"]


def ts_parses(path: pathlib.Path) -> bool:
    import tree_sitter
    import tree_sitter_javascript
    import tree_sitter_typescript

    if path.suffix == ".tsx":
        capsule = tree_sitter_typescript.language_tsx()
    elif path.suffix == ".ts":
        capsule = tree_sitter_typescript.language_typescript()
    else:
        capsule = tree_sitter_javascript.language()
    tree = tree_sitter.Parser(tree_sitter.Language(capsule)).parse(path.read_bytes())
    return not tree.root_node.has_error


def make_project(tmp_path: pathlib.Path, files: Dict[str, str]) -> pathlib.Path:
    proj = tmp_path / "proj"
    for name, text in files.items():
        target = proj / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    return proj


def notebook(*cells: dict) -> dict:
    return {
        "cells": list(cells),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def code_cell(source, outputs=None) -> dict:
    return {
        "cell_type": "code",
        "execution_count": 3,
        "id": "c0ffee",
        "metadata": {"tags": ["keep-me"]},
        "outputs": outputs or [],
        "source": source,
    }


# --------------------------------------------------------------------------- --fix on the fixture project


def test_fix_project_makes_exactly_the_expected_changes(tmp_path):
    app = copy_project(tmp_path)
    before = snapshot(app)
    run = gemlint(app, "--fix", ".")
    assert run.returncode == 1, run.stderr  # findings without a safe fix remain (and broken.py)
    assert "gemlint: fixed 3 names in 3 files;" in run.stderr
    after = snapshot(app)
    assert set(after) == set(before)
    expected = {}
    for path, line, old, new in EXPECTED_FIXES:
        lines = before[path].decode("utf-8").split("\n")
        assert lines[line - 1] == old, path
        lines[line - 1] = new
        expected[path] = "\n".join(lines).encode("utf-8")
    for path in before:
        assert after[path] == expected.get(path, before[path]), path


def test_fixed_project_still_parses_and_rescans_clean_of_fixable_findings(tmp_path):
    app = copy_project(tmp_path)
    first = findings(app, ".")
    nb_before = json.loads((app / "notebooks/explore.ipynb").read_text(encoding="utf-8"))
    assert gemlint(app, "--fix", ".").returncode == 1
    for py in app.rglob("*.py"):
        if py.name != "broken.py":
            ast.parse(py.read_text(encoding="utf-8"), str(py))
    for ts in list(app.glob("frontend/*.ts*")) + list(app.glob("frontend/*.js")):
        assert ts_parses(ts), ts
    nb_after = json.loads((app / "notebooks/explore.ipynb").read_text(encoding="utf-8"))
    assert nb_after == nb_before  # no notebook finding in the project has a safe fix
    second = findings(app, ".")
    assert [f for f in second if f["fix"]] == []
    fixed = {(f["path"], f["line"], f["model"]) for f in first if f["fix"]}
    assert {(p, ln) for p, ln, _ in fixed} == {(p, ln) for p, ln, _, _ in EXPECTED_FIXES}
    assert not fixed & {(f["path"], f["line"], f["model"]) for f in second}
    for f in second:
        assert f["no_fix_reason"] or f["code"] == "GL900", f
    reasons = {(f["path"], f["line"]): f.get("no_fix_reason", "") for f in second}
    for where, why in REFUSED.items():
        assert why in reasons[where], (where, reasons[where])


def test_diff_prints_the_changes_and_writes_nothing(tmp_path):
    app = copy_project(tmp_path)
    before = snapshot(app)
    run = gemlint(app, "--fix", "--diff", ".")
    assert snapshot(app) == before
    assert run.returncode == 1
    assert "gemlint: would fix 3 names in 3 files;" in run.stderr
    for path, _, old, new in EXPECTED_FIXES:
        assert f"--- a/{path}\n+++ b/{path}\n" in run.stdout
        assert f"\n-{old}\n+{new}\n" in run.stdout
    assert run.stdout.count("--- a/") == len(EXPECTED_FIXES)
    assert "GL002" not in run.stdout  # the diff replaces the report


def test_diff_alone_implies_fix_and_exits_0_without_changes(tmp_path):
    proj = make_project(tmp_path, {"a.py": 'client.models.embed_content(model="text-embedding-004", contents="x")\n'})
    run = gemlint(proj, "--diff", ".")
    assert run.returncode == 1 and '+client.models.embed_content(model="gemini-embedding-2"' in run.stdout
    assert (proj / "a.py").read_text() == 'client.models.embed_content(model="text-embedding-004", contents="x")\n'
    assert gemlint(proj, "--fix", ".").returncode == 0
    clean = gemlint(proj, "--diff", ".")
    assert clean.returncode == 0 and clean.stdout == ""


# --------------------------------------------------------------------------- fixes that are refused


def test_fix_refused_when_the_replacement_is_of_the_wrong_class(tmp_path):
    inventory = tmp_path / "inventory.json"
    inventory.write_text(
        json.dumps(
            {
                "models": [
                    {"name": "models/gemini-embedding-2", "supportedGenerationMethods": ["countTokens"]},
                    {"name": "models/gemini-3.8-flash", "supportedGenerationMethods": ["generateContent"]},
                ]
            }
        )
    )
    source = 'client.models.embed_content(model="text-embedding-004", contents=["a"])\n'
    proj = make_project(tmp_path, {"embed.py": source})
    [f] = findings(proj, ".", inventory=str(inventory))
    assert f["code"] == "GL003" and f["fix"] is None
    assert "the replacement gemini-embedding-2 does not support embedContent" in f["no_fix_reason"]
    assert "no replacement of the right class" in f["no_fix_reason"]
    run = gemlint(proj, "--fix", ".", inventory=str(inventory))
    assert run.returncode == 1 and "fixed 0 names in 0 files; 1 finding has no safe fix" in run.stderr
    assert (proj / "embed.py").read_text() == source


def test_fix_refused_when_one_literal_reaches_call_sites_of_different_classes(tmp_path):
    source = (
        'MODEL = "text-embedding-004"\n'
        "client.models.embed_content(model=MODEL, contents=['a'])\n"
        "client.models.generate_content(model=MODEL, contents='a')\n"
    )
    proj = make_project(tmp_path, {"both.py": source})
    got = findings(proj, ".")
    assert got and all(f["fix"] is None for f in got)
    assert gemlint(proj, "--fix", ".").returncode == 1
    assert (proj / "both.py").read_text() == source


# --------------------------------------------------------------------------- --fix: formatting kept


def test_fix_keeps_encoding_crlf_quotes_and_prefix(tmp_path):
    source = (
        "# -*- coding: latin-1 -*-\r\n"
        "GREETING = 'caf\xe9'\r\n"
        "client.models.embed_content(model='models/text-embedding-004', contents=[GREETING])\r\n"
    )
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "latin.py").write_bytes(source.encode("latin-1"))
    assert gemlint(proj, "--fix", ".").returncode == 0
    expected = source.replace("models/text-embedding-004", "models/gemini-embedding-2").encode("latin-1")
    assert (proj / "latin.py").read_bytes() == expected


def test_fix_in_a_notebook_touches_only_the_cell_source(tmp_path):
    outputs = [{"name": "stdout", "output_type": "stream", "text": ["gemini-2.0-flash text-embedding-004\n"]}]
    nb = notebook(
        code_cell(["from google import genai\n", "client = genai.Client()"]),
        code_cell(
            ["# embed\n", "r = client.models.embed_content(model=\"text-embedding-004\", contents=['é'])\n", "r"],
            outputs,
        ),
        code_cell('r2 = client.models.embed_content(model="text-embedding-004", contents="x")'),
    )
    raw = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    proj = make_project(tmp_path, {"nb.ipynb": raw})
    assert gemlint(proj, "--fix", ".").returncode == 0
    text = (proj / "nb.ipynb").read_text(encoding="utf-8")
    after = json.loads(text)
    nb["cells"][1]["source"][1] = nb["cells"][1]["source"][1].replace("text-embedding-004", "gemini-embedding-2")
    nb["cells"][2]["source"] = nb["cells"][2]["source"].replace("text-embedding-004", "gemini-embedding-2")
    assert after == nb  # outputs, metadata and ids unchanged
    assert text == json.dumps(nb, indent=1, ensure_ascii=False) + "\n"  # nbformat's own layout kept
    assert findings(proj, ".") == []


def test_fix_skips_a_name_that_changed_since_the_scan():
    assert A.replace_name('m = "gemini-9"\n', 1, 6, "gemini-1.5-pro", "gemini-2.5-pro") is None


# --------------------------------------------------------------------------- baseline


def test_write_baseline_then_baseline_reports_nothing_and_one_new_model(tmp_path):
    app = copy_project(tmp_path)
    write = gemlint(app, "--write-baseline", "gemlint-baseline.json", ".")
    assert write.returncode == 0, write.stderr
    assert "All clear" in write.stdout and "recorded" in write.stderr
    data = json.loads((app / "gemlint-baseline.json").read_text())
    assert data["version"] == 1 and data["tool"] == "gemlint"
    keys = [(e["path"], e.get("cell", 0), e["code"], e["model"], e["call_site"] or "") for e in data["findings"]]
    assert keys == sorted(keys)
    assert {"path", "code", "model", "call_site", "count"} <= set(data["findings"][0])
    run = gemlint(app, "--format", "json", "--baseline", "gemlint-baseline.json", ".")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["findings"] == []
    assert "backend/broken.py" in run.stderr  # a recorded file error stays visible, as a warning
    with open(app / "backend/drafts.py", "a", encoding="utf-8") as fh:
        fh.write('\nNEW_MODEL = genai.GenerativeModel("gemini-1.0-pro")\n')
    [new] = findings(app, "--baseline", "gemlint-baseline.json", ".")
    assert (new["path"], new["model"]) == ("backend/drafts.py", "gemini-1.0-pro")


def test_baseline_from_config_and_stale_entries_are_reported(tmp_path):
    app = copy_project(tmp_path)
    assert gemlint(app, "--write-baseline", "gemlint-baseline.json", ".").returncode == 0
    pyproject = app / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'baseline = "gemlint-baseline.json"\n')
    path = app / "backend/vectors.py"
    path.write_text(path.read_text().replace('"text-embedding-004"', '"gemini-embedding-2"'))
    run = gemlint(app, ".")
    assert run.returncode == 0, run.stderr + run.stdout
    stale = [ln for ln in run.stderr.splitlines() if "no longer occurs" in ln]
    assert stale == [
        "gemlint: note: baseline "
        f"{app / 'gemlint-baseline.json'}: backend/vectors.py GL003 'text-embedding-004' at "
        "models.embed_content no longer occurs; run `gemlint scan --write-baseline "
        f"{app / 'gemlint-baseline.json'}` to drop it"
    ]


def test_baseline_entries_survive_line_moves_and_respect_counts(tmp_path):
    call = 'client.models.generate_content(model="gemini-1.5-pro", contents="x")\n'
    proj = make_project(tmp_path, {"app.py": call + call})
    assert gemlint(proj, "--write-baseline", "base.json", ".").returncode == 0
    [entry] = json.loads((proj / "base.json").read_text())["findings"]
    assert entry["count"] == 2
    (proj / "app.py").write_text("import os\n\n\n" + call + "\n" + call)
    assert findings(proj, "--baseline", "base.json", ".") == []
    (proj / "app.py").write_text(call * 3)
    assert len(findings(proj, "--baseline", "base.json", ".")) == 1


def test_scanning_part_of_the_tree_neither_flags_nor_forgets_the_rest(tmp_path):
    bad = 'client.models.generate_content(model="gemini-1.5-pro", contents="x")\n'
    proj = make_project(tmp_path, {"a/one.py": bad, "b/two.py": bad})
    assert gemlint(proj, "--write-baseline", "base.json", ".").returncode == 0
    (proj / "b/two.py").write_text(bad.replace("1.5-pro", "3.8-flash"))
    run = gemlint(proj, "--baseline", "base.json", "a")
    assert run.returncode == 0 and "no longer occurs" not in run.stderr
    assert "b/two.py" in gemlint(proj, "--baseline", "base.json", "b").stderr
    assert gemlint(proj, "--write-baseline", "base.json", "b").returncode == 0
    entries = json.loads((proj / "base.json").read_text())["findings"]
    assert [e["path"] for e in entries] == ["a/one.py"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "does not exist"),
        ("{not json", "is not valid JSON"),
        ('{"version": 1, "tool": "gemlint", "findings": [{"code": "GL001"}]}', "needs a 'path' and a 'code'"),
        ('{"version": 7, "tool": "gemlint", "findings": []}', "unsupported version 7"),
        ("[]", "is not a gemlint baseline"),
    ],
)
def test_missing_or_corrupt_baseline_is_a_one_line_error(tmp_path, content, message):
    proj = make_project(tmp_path, {"a.py": 'M = "gemini-1.5-pro"\n'})
    if content is not None:
        (tmp_path / "base.json").write_text(content)
    run = gemlint(proj, "--baseline", str(tmp_path / "base.json"), ".")
    assert run.returncode == 2
    errors = [ln for ln in run.stderr.splitlines() if ln.startswith("gemlint: error:")]
    assert len(errors) == 1 and message in errors[0]


# --------------------------------------------------------------------------- --add-ignore


def test_add_ignore_then_rescan_is_clean_and_removing_the_name_gives_gl900(tmp_path):
    app = copy_project(tmp_path)
    before = snapshot(app)
    run = gemlint(app, "--add-ignore", ".")
    assert run.returncode == 1, run.stderr  # broken.py still does not parse
    assert findings(app, ".") == []
    for py in app.rglob("*.py"):
        if py.name != "broken.py":
            ast.parse(py.read_text(encoding="utf-8"))
    for ts in list(app.glob("frontend/*.ts*")) + list(app.glob("frontend/*.js")):
        assert ts_parses(ts), ts
    after = snapshot(app)
    picker = after["frontend/Picker.tsx"].decode().split("\n")[6]
    assert picker == '      <option value="gemini-2.0-flash">Classic</option>{/* gemlint: ignore[GL003] */}'
    chat = after["frontend/chat.ts"].decode().split("\n")[2]
    # live-only in generateContent, and past its shutdown date (2026-11-17)
    assert chat == "const CHAT_MODEL = 'gemini-3.1-flash-live-preview'; // gemlint: ignore[GL002,GL004]"
    drafts = after["backend/drafts.py"].decode().split("\n")[6]
    assert drafts.endswith('GenerativeModel("gemini-1.5-flash")  # gemlint: ignore[GL003]')
    nb_before = json.loads(before["notebooks/explore.ipynb"])
    nb_after = json.loads(after["notebooks/explore.ipynb"])
    assert nb_after["cells"][3]["source"][0].endswith("  # gemlint: ignore[GL003]")
    for old, new in zip(nb_before["cells"], nb_after["cells"]):
        assert {k: v for k, v in old.items() if k != "source"} == {k: v for k, v in new.items() if k != "source"}
    path = app / "backend/drafts.py"
    path.write_text(path.read_text().replace('"gemini-1.5-flash"', '"gemini-3.6-flash"'))
    [unused] = findings(app, ".")
    assert (unused["code"], unused["path"], unused["line"]) == ("GL900", "backend/drafts.py", 7)


def test_add_ignore_merges_codes_and_skips_json(tmp_path):
    proj = make_project(
        tmp_path,
        {
            "a.py": 'A = ["gemini-1.5-pro", "gemini-3.8-flsh"]  # gemlint: ignore[GL005]\n',
            "b.ts": "const m = 'gemini-1.5-pro';\n",
            ".env": "GEMINI_MODEL=gemini-1.5-pro\n",
            "settings.yaml": "model: gemini-1.5-pro\n",
            "config.json": '{"model": "gemini-1.5-pro"}\n',
        },
    )
    run = gemlint(proj, "--add-ignore", ".")
    assert "config.json:1:" in run.stderr and "JSON files have no comments" in run.stderr
    assert (
        proj / "a.py"
    ).read_text() == 'A = ["gemini-1.5-pro", "gemini-3.8-flsh"]  # gemlint: ignore[GL003,GL005,GL006]\n'
    assert (proj / "b.ts").read_text() == "const m = 'gemini-1.5-pro'; // gemlint: ignore[GL003]\n"
    assert (proj / ".env").read_text() == "GEMINI_MODEL=gemini-1.5-pro  # gemlint: ignore[GL003]\n"
    assert (proj / "settings.yaml").read_text() == "model: gemini-1.5-pro  # gemlint: ignore[GL003]\n"
    assert (proj / "config.json").read_text() == '{"model": "gemini-1.5-pro"}\n'
    left = findings(proj, ".")
    assert [(f["path"], f["code"]) for f in left if f["code"] != "GL900"] == [("config.json", "GL003")]


def test_add_ignore_never_writes_into_a_string(tmp_path):
    py = 'M = "gemini-1.5-pro"; P = """a\nb"""\nN = "gemini-1.5-pro" \\\n    + ""\n'
    ts = "const m = 'gemini-1.5-pro', s = `a\nb`;\n"
    proj = make_project(tmp_path, {"a.py": py, "t.ts": ts})
    assert len(findings(proj, ".")) == 3
    run = gemlint(proj, "--add-ignore", ".")
    assert (proj / "a.py").read_text() == py
    assert (proj / "t.ts").read_text() == ts
    assert run.stderr.count("cannot add a gemlint ignore comment") == 3
    assert len(findings(proj, ".")) == 3


URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flsh:generateContent"


def _notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c}
                for c in cells
            ],
            "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.mark.parametrize(
    "cell, line",
    [
        (f"%%bash\ncurl -s {URL}\n", f"curl -s {URL}  # gemlint: ignore[GL001]\n"),
        ("%%script bash\n# don't forget the key\ncurl " + URL + "\n", f"curl {URL}  # gemlint: ignore[GL001]\n"),
        (
            '%%writefile app.py\nclient.models.generate_content(model="gemini-3.8-flsh")\n',
            'client.models.generate_content(model="gemini-3.8-flsh")  # gemlint: ignore[GL001]\n',
        ),
    ],
    ids=["bash", "script-bash", "writefile-py"],
)
def test_add_ignore_comments_shell_and_written_python_cells(tmp_path, cell, line):
    proj = make_project(tmp_path, {"nb.ipynb": _notebook(cell)})
    assert [f["code"] for f in findings(proj, ".")] == ["GL001"]
    run = gemlint(proj, "--add-ignore", ".")
    assert "cannot add" not in run.stderr, run.stderr
    source = json.loads((proj / "nb.ipynb").read_text(encoding="utf-8"))["cells"][0]["source"]
    assert "".join(source).endswith(line)
    assert findings(proj, ".") == []  # the comment is honoured, and used


@pytest.mark.parametrize(
    "cell, reason",
    [
        (f"%%bash\ncurl -X POST \\\n  {URL} \\\n  -d '{{}}'\n", "the shell line continues on the next one"),
        (f'%%bash\nURL="{URL}\n"\ncurl "$URL"\n', "the line ends inside a shell string"),
        (f"%%bash\ncat <<EOF\n{URL}\nEOF\n", "the line may be inside a shell here-document"),
        (
            "%%writefile web.ts\nai.models.generateContent({ model: 'gemini-3.8-flsh' });\n",
            "the cell's body is %%writefile web.ts text, not Python or shell; use a baseline",
        ),
        (f"%%html\n<a href='{URL}'>x</a>\n", "the cell's body is %%html text, not Python or shell; use a baseline"),
    ],
    ids=["continued", "in-string", "here-document", "writefile-ts", "html"],
)
def test_add_ignore_says_why_it_leaves_a_cell_alone(tmp_path, cell, reason):
    text = _notebook(cell)
    proj = make_project(tmp_path, {"nb.ipynb": text})
    assert [f["code"] for f in findings(proj, ".")] == ["GL001"]
    run = gemlint(proj, "--add-ignore", ".")
    assert f"cannot add a gemlint ignore comment ({reason})" in run.stderr, run.stderr
    assert (proj / "nb.ipynb").read_text(encoding="utf-8") == text


# --------------------------------------------------------------------------- unit tests of the helpers


def test_replace_name_on_raw_text_with_mixed_newlines():
    text = "a = 1\r\nb = 'gemini-1.5-pro'\rc = \"models/gemini-1.5-pro\"\n"
    once = A.replace_name(text, 2, 6, "gemini-1.5-pro", "gemini-2.5-pro")
    assert once == "a = 1\r\nb = 'gemini-2.5-pro'\rc = \"models/gemini-1.5-pro\"\n"
    twice = A.replace_name(once, 3, 6, "models/gemini-1.5-pro", "models/gemini-2.5-pro")
    assert twice == "a = 1\r\nb = 'gemini-2.5-pro'\rc = \"models/gemini-2.5-pro\"\n"
    assert A.replace_name(text, 2, 7, "gemini-1.5-pro", "x") is None  # wrong column
    assert A.replace_name(text, 9, 1, "a", "b") is None  # no such line


def test_split_encoding_matches_gemlint_source():
    assert A.split_encoding(b"\xef\xbb\xbfx = 1\n", "python") == (b"\xef\xbb\xbf", "utf-8")
    assert A.split_encoding(b"\xff\xfex\x00", "ts") == (b"\xff\xfe", "utf-16-le")
    assert A.split_encoding(b"# coding: latin-1\n", "python") == (b"", "iso-8859-1")
    assert A.split_encoding(b"x", "settings") == (b"", "utf-8")


def test_doc_round_trips_bom_and_utf16(tmp_path):
    path = tmp_path / "m.ts"
    text = "\r\nconst m = 'gemini-1.5-pro';\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    doc = A.load_doc(str(path))
    doc.text = A.replace_name(doc.text, 2, 12, "gemini-1.5-pro", "gemini-2.5-pro")
    assert doc.encoded() == b"\xff\xfe" + text.replace("1.5", "2.5").encode("utf-16-le")


def test_merge_ignore():
    assert A.merge_ignore("x = 'm'", ["GL003"], "  # ") == "x = 'm'  # gemlint: ignore[GL003]"
    assert A.merge_ignore("x = 'm'  # gemlint: ignore[GL002]", ["GL001"], "  # ") == (
        "x = 'm'  # gemlint: ignore[GL001,GL002]"
    )
    assert A.merge_ignore("x = 'm'  # gemlint: ignore", ["GL001"], "  # ") is None
    assert A.merge_ignore("<a/>", ["GL003", "GL001"], "{/* ") == "<a/>{/* gemlint: ignore[GL001,GL003] */}"
    assert A.merge_ignore("f(); // note", ["GL003"], " // ") == "f(); // note // gemlint: ignore[GL003]"


def test_ts_context():
    src = "const a = <div>\n  <b x='gemini-1.5-pro' />\n  <b\n    x='m'\n  />\n</div>;\nconst t = `a\nb`;\n"
    ends = [i for i, c in enumerate(src) if c == "\n"]
    kinds = [A.ts_context(src, e, "tsx") for e in ends]
    assert kinds == ["jsx", "jsx", "code", "code", "jsx", "code", "unsafe", "code"]


def test_notebook_source_edits_stay_inside_one_string():
    parts = ["a = 1\n", 'm = "gemini-1.5-pro"\n', "m"]
    offset = A.cell_offset(parts, 2, 6)
    assert "".join(parts)[offset : offset + 14] == "gemini-1.5-pro"
    assert A.edit_parts(parts, offset, 14, "gemini-2.5-pro") == (1, 'm = "gemini-2.5-pro"\n')
    assert A.edit_parts(["ab", "cd"], 1, 2, "x") is None  # spans two strings
    assert A.edit_parts(["ab"], 2, 0, "!") == (0, "ab!")  # end of the last line


def test_dump_notebook_keeps_layout_or_swaps_strings():
    nb = notebook(code_cell(["m = 'gemini-1.5-pro'"]))
    for original in (json.dumps(nb, indent=1) + "\n", json.dumps(nb, indent=2), json.dumps(nb, indent=1) + "\r\n"):
        if "\r\n" in original:
            original = original.replace("\n", "\r\n")
        edited = json.loads(original)
        edited["cells"][0]["source"][0] = "m = 'gemini-2.5-pro'"
        strings = {(1, 0): ("m = 'gemini-1.5-pro'", "m = 'gemini-2.5-pro'")}
        assert A.dump_notebook(edited, original, strings) == original.replace("1.5", "2.5")
    odd = '{"cells": [{"cell_type": "code", "source": ["m = \'gemini-1.5-pro\'"], "outputs": [], "metadata": {}}],\n'
    odd += '   "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    edited = json.loads(odd)
    edited["cells"][0]["source"][0] = "m = 'gemini-2.5-pro'"
    strings = {(1, 0): ("m = 'gemini-1.5-pro'", "m = 'gemini-2.5-pro'")}
    assert A.dump_notebook(edited, odd, strings) == odd.replace("1.5", "2.5")


def test_baseline_render_and_load_round_trip(tmp_path):
    entries = [
        {"path": "a.py", "code": "GL001", "model": "m", "call_site": None, "count": 2},
        {"path": "nb.ipynb", "cell": 3, "code": "GL003", "model": "n", "call_site": "k", "count": 1},
    ]
    path = tmp_path / "b.json"
    path.write_text(A.render_baseline(entries))
    assert path.read_text().count("\n") == 8  # four lines of header and footer, one per entry
    loaded = A.load_baseline(str(path))
    assert loaded.entries == {("a.py", 0, "GL001", "m", ""): 2, ("nb.ipynb", 3, "GL003", "n", "k"): 1}
    path.write_text('{"version": 1, "tool": "gemlint", "findings": [{"path": "a", "code": "X", "count": 0}]}')
    with pytest.raises(Failure, match="positive integer"):
        A.load_baseline(str(path))
