"""Notebooks as Jupyter runs them (issue 12, part 1).

IPython syntax, cell magics by kind, SQL cells, the kernel's language, cell
order as program order (and the same rule in plain Python), Colab form fields,
outputs and markdown. Fixture notebooks live in tests/fixtures/notebooks/;
smaller ones are written to tmp_path.
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemlint.extract.notebook.extractor import extract_notebook
from gemlint.extract.notebook.ipython import blank_through, cell_magic, maybe_special, transform_cell
from gemlint.extract.notebook.sql import sql_models
from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.source import notebook_chunks

from .helpers import CORPUS, SEPT_INVENTORY, run_cli, scan_json, scan_source

_LIMIT = sys.getrecursionlimit()
try:  # the reference for the differential test only; gemlint itself never imports IPython
    from IPython.core import inputtransformer2
except ImportError:  # pragma: no cover
    inputtransformer2 = None
sys.setrecursionlimit(_LIMIT)  # importing IPython raises the limit; other tests rely on the default

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "notebooks"
KNOWN = frozenset({"gemini-3.8-flash", "gemini-embedding-2", "gemini-flash-latest"}).__contains__


def compiles(text: str) -> bool:
    try:
        compile(text, "cell", "exec", 0x2000 | 0x400, dont_inherit=True)  # top-level await, AST only
    except (SyntaxError, ValueError):
        return False
    return True


def found(data: dict) -> List[tuple]:
    """(cell, line, column, code, model) of every finding, sorted."""
    return sorted((f.get("cell"), f["line"], f["column"], f["code"], f["model"]) for f in data["findings"])


def notebook(tmp_path: pathlib.Path, cells: List[str], language: str = "python", name: str = "t.ipynb"):
    nb = {
        "cells": [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in cells],
        "metadata": {"kernelspec": {"language": language, "name": language}},
    }
    path = tmp_path / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


# -- 1. IPython syntax: what Python sees, positions kept --------------------------------------------------------

CELLS = [
    ("%pip install -q google-genai", "pass"),
    ("%pip install -q google-genai \\\n    pandas\nx = 1", "pass\n\nx = 1"),
    ("files = !ls data\nprint(len(files))", "files = None\nprint(len(files))"),
    ("x = %sx ls -la", "x = None"),
    ("!!ls", "pass"),
    ("?client.models", "pass"),
    ("client.models?", "pass"),
    ("client.models.generate_content??", "pass"),
    ("if not files:\n    !mkdir data\nelse:\n    %ls", "if not files:\n    pass\nelse:\n    pass"),
    ("%time r = f(1)", "if 1: r = f(1)"),
    ("r = %time f(1)", "r =       f(1)"),
    ("%timeit -n 3 -r 1 f(1)", "if 1:             f(1)"),
    ("await client.aio.models.list()", "await client.aio.models.list()"),
    ('s = """\n%not a magic\n!nor a shell line\n"""', 's = """\n%not a magic\n!nor a shell line\n"""'),
    ("a = 5 % 3\nb = a != 2  # really?", "a = 5 % 3\nb = a != 2  # really?"),
    ("  x = 1\n  y = 2", "x = 1\ny = 2"),  # IPython dedents a pasted cell
    ('s = "a\\" !x"\n!ls', 's = "a\\" !x"\npass'),  # an escaped quote does not end the string
    ('z = "abc\\\n!not a command"\n!ls', 'z = "abc\\\n!not a command"\npass'),  # backslash-newline in a string
]


@pytest.mark.parametrize("cell, python", CELLS, ids=[c[0][:24] for c in CELLS])
def test_a_cell_becomes_the_python_ipython_runs_with_lines_kept(cell: str, python: str) -> None:
    out = transform_cell(cell)
    assert out.python == python
    assert out.python.count("\n") == cell.count("\n")
    assert compiles(out.python)


def test_untouched_code_keeps_its_columns_and_segments_point_into_the_cell() -> None:
    cell = 'x = "gemini-3.8-flash"\nfiles = !curl https://h/v1beta/models/gemini-1.5-flash:generateContent\n  %ls'
    out = transform_cell(cell)
    assert out.python.split("\n")[0] == 'x = "gemini-3.8-flash"'
    lines = cell.split("\n")
    for seg in out.segments:
        assert lines[seg.line - 1][seg.column - 1 :].startswith(seg.text)
    assert [(s.line, s.column) for s in out.segments] == [(2, 9), (3, 3)]


def test_dedented_cell_reports_columns_in_the_cell_as_written(tmp_path) -> None:
    path = notebook(tmp_path, ['    text = "x"\n    m = "gemini-3.8-flsh"'])
    data = scan_json([str(path)])
    assert found(data) == [(1, 2, 10, "GL006", "gemini-3.8-flsh")]  # an unused name: a mention


def test_a_syntax_error_in_a_dedented_cell_points_into_the_cell_as_written(tmp_path) -> None:
    path = notebook(tmp_path, ["    x = 'gemini-3.8-flash'\n    y = (]"])
    data = scan_json([str(path)])
    assert [e["message"] for e in data["errors"]] == [
        "cell 1: syntax error at line 2:10: closing parenthesis ']' does not match opening parenthesis '('"
    ]


def test_cell_magic_line_is_read_as_ipython_reads_it() -> None:
    assert cell_magic("\n  %%writefile -a out/worker.py\nprint(1)") == ("writefile", "-a out/worker.py", 2)
    assert cell_magic("%%bigquery df --project p\nSELECT 1").name == "bigquery"
    assert cell_magic("%%!\nls").name == "!"
    assert cell_magic("%%time?") is None  # help on the magic
    assert cell_magic("# comment\n%%bash\nls") is None  # not first: IPython runs it as Python (and fails)
    assert blank_through("%%time\nx = 1\ny = 2", 1) == "\nx = 1\ny = 2"


FRAGMENTS = [
    "!ls -la",
    "%pip install -q google-genai",
    "x = !ls",
    "y = %sx echo hi",
    "?client",
    "client.models?",
    "obj.attr??",
    "%time z = f(1)",
    "r = %timeit -n 2 f(2)",
    "await g()",
    "x = 5 % 3",
    "if True:",
    "    !echo 'it''s'",
    "    %ls",
    "    pass",
    "def f(a=1):",
    "    return a",
    "s = '''",
    "%not a magic",
    "'''",
    "print(x)?",
    "a = (1,",
    "  2)",
    "%pip install a \\",
    "   b",
    "b = a != 2",
    "for i in range(3):",
    "    %time print(i)",
    "x = 1  # what?",
    "f'{x!r}'",
    "%env X=1",
    "!!ls",
    ",f a b",
    "/f a",
    "x: int = !ls",
    "%%time",
    "try:",
    "except Exception:",
    "    y = !pwd",
    "    fh?",
    "\tx = 1",
    "",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6))
def test_a_cell_parses_exactly_when_ipython_can_run_it(fragments: List[str]) -> None:
    """Differential check against IPython's own transformer (only in the tests, never on the scan path)."""
    if inputtransformer2 is None:
        pytest.skip("IPython is not installed")
    cell = "\n".join(fragments)
    if cell_magic(cell) is not None:
        return
    if "\\\n" in cell and cell.rstrip().endswith("?"):
        # Not mirrored: IPython's help-end search counts the brackets of a magic's `\` continuation lines, so
        # `%pip install a \` + `a = (1,` + ... + `obj?` makes the whole cell one help request (found in 2 of
        # 19,512 generated cells).
        return
    ours = transform_cell(cell).python
    assert ours.count("\n") == cell.count("\n")
    try:
        theirs = compiles(inputtransformer2.TransformerManager().transform_cell(cell))
    except (SyntaxError, ValueError):
        theirs = False
    assert compiles(ours) == theirs, (cell, ours)


def test_ipython_syntax_notebook_reports_only_its_one_bad_name() -> None:
    result = run_cli(["scan", "--format", "json", "--no-cache", "ipython_syntax.ipynb"], cwd=FIXTURES)
    data = json.loads(result.stdout)
    assert data.get("errors", []) == []
    assert found(data) == [(8, 2, 51, "GL001", "gemini-3.8-flsh")]  # the dedented cell, as written
    assert "syntax error" not in result.stdout + result.stderr


def test_a_cell_ipython_cannot_run_is_the_only_syntax_error(tmp_path) -> None:
    path = notebook(tmp_path, ["!ls\nx = 'gemini-3.8-flash'", "def broken(:\n    pass", "%%bash\ndef (:"])
    data = scan_json([str(path)])
    assert [e["message"] for e in data["errors"]] == ["cell 2: syntax error at line 1:12: invalid syntax"]


AUTOMAGIC_CELLS = [
    "pip install --quiet google-adk==1.4.2",
    "pip install -U 'google-genai>=1.0'",
    "  load_ext autoreload",
    "\ncd /content/repo",
    "env GOOGLE_CLOUD_PROJECT=my-project",
    "set_env GOOGLE_GENAI_USE_VERTEXAI=1",
    "matplotlib inline",
    "conda install -y ffmpeg",
    "ls -la",
    "time = 5",  # an assignment: Python
    "pip install x\nimport os",  # two lines: IPython applies no automagic
    "pip install x\n\n",  # nor to a cell with a blank line after it
    "sudo apt-get update && apt-get install ffmpeg -y",  # no such magic: a real syntax error
    "print x",
    "pip",
    "timeit sum(range(10))",
]
_IPYTHON_SHELL = """
import json, sys
from traitlets.config import Config
from IPython.core.interactiveshell import InteractiveShell
config = Config()
config.HistoryManager.enabled = False
shell = InteractiveShell(config=config)
print(json.dumps([shell.transform_cell(cell) for cell in json.loads(sys.stdin.read())]))
"""


@pytest.mark.skipif(inputtransformer2 is None, reason="IPython is not installed")
def test_a_one_line_magic_without_percent_is_what_ipython_runs(tmp_path) -> None:
    """Automagic (on by default): a one-line cell ``pip install x`` is ``%pip install x`` to IPython, so it
    is no syntax error; differential against IPython's own ``InteractiveShell.transform_cell``, in a child
    process with its own IPYTHONDIR."""
    env = {"IPYTHONDIR": str(tmp_path / "ipython"), "PATH": "", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _IPYTHON_SHELL], input=json.dumps(AUTOMAGIC_CELLS), env=env,
        capture_output=True, text=True, timeout=120, check=True,
    )
    for cell, theirs in zip(AUTOMAGIC_CELLS, json.loads(out.stdout)):
        ours = transform_cell(cell).python
        assert compiles(ours) == compiles(theirs), (cell, ours, theirs)


def test_a_notebook_installing_with_automagic_has_no_syntax_error(tmp_path) -> None:
    use = 'client.models.generate_content(model="gemini-3.8-flash", contents="x")'
    path = notebook(tmp_path, ["pip install --quiet google-genai", "sudo apt-get install -y ffmpeg", use])
    data = scan_json([str(path)])
    assert [e["message"] for e in data["errors"]] == ["cell 2: syntax error at line 1:6: invalid syntax"]


# -- 2. Cell magics ------------------------------------------------------------------------------------------


def test_cell_magics_by_kind_through_the_cli() -> None:
    result = run_cli(["scan", "--format", "json", "--no-cache", "magics.ipynb"], cwd=FIXTURES)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert data.get("errors", []) == []  # %%bash, %%sh, %%script, %%html, %%js, %%latex, unknown: never Python
    assert found(data) == [
        (10, 5, 45, "GL001", "gemini-3.8-flsh"),  # %%writefile worker.py: that Python file, own namespace
        (11, 4, 43, "GL001", "gemini-3.8-flsh"),  # %%writefile -a web/app.ts: TypeScript
        (12, 2, 14, "GL001", "gemini-3.8-flsh"),  # %%writefile .env: settings
        (14, 2, 66, "GL003", "gemini-1.5-flash"),  # REST URL in %%bash
        (15, 4, 43, "GL001", "gemini-3.8-flsh"),  # %%time body is Python
    ]
    sites = {f["cell"]: f.get("call_site") for f in data["findings"]}
    assert sites[10] == "models.generate_content"
    assert sites[14] == "REST URL :generateContent"


def test_writefile_python_is_its_own_namespace(tmp_path) -> None:
    path = notebook(
        tmp_path,
        [
            "M = 'gemini-3.8-live'",
            "%%writefile job.py\nM = 'gemini-3.8-flash'\nclient.models.generate_content(model=M, contents='x')",
            "client.live.connect(model=M)",
        ],
    )
    assert found(scan_json([str(path)])) == []  # neither value crosses into the other namespace


def test_writefile_with_broken_python_is_a_notice_not_a_failure(tmp_path) -> None:
    path = notebook(tmp_path, ["%%writefile broken.py\ndef f(:\n", "x = 'gemini-3.8-flash'"])
    result = run_cli(["scan", "--no-cache", str(path)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cell 1: %%writefile broken.py: syntax error at line 2:7" in result.stdout + result.stderr


@pytest.mark.parametrize("magic", ["%%python3", "%%script python3", "%%pypy"])
def test_python_script_magics_are_a_separate_python_program(tmp_path, magic) -> None:
    body = "import google.genai as g\ng.Client().models.generate_content(model='gemini-3.8-flsh', contents='x')"
    path = notebook(tmp_path, ["M = 1", f"{magic}\n{body}"])
    column = body.split("\n")[1].index("gemini-3.8-flsh") + 1
    assert found(scan_json([str(path)])) == [(2, 3, column, "GL001", "gemini-3.8-flsh")]


def test_a_deno_notebook_reads_each_cell_as_typescript(tmp_path) -> None:
    cell = (
        "const ai = new GoogleGenAI({});\nawait ai.models.generateContent({ model: 'gemini-3.8-flsh', contents: 'x' });"
    )
    path = notebook(tmp_path, ["import { GoogleGenAI } from 'npm:@google/genai';", cell], language="typescript")
    data = scan_json([str(path)])
    assert data.get("errors", []) == []
    assert found(data) == [(2, 2, 43, "GL001", "gemini-3.8-flsh")]
    assert data["findings"][0]["call_site"] == "ai.models.generateContent"


def test_rest_urls_are_found_in_every_kind_of_cell_body(tmp_path) -> None:
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:streamGenerateContent"
    path = notebook(
        tmp_path,
        [f"%%bash\ncurl '{url}'", f"%%sql\nSELECT '{url}'", f"%%mystery\n{url}", f"!curl {url}", f"x = !curl {url}"],
    )
    data = scan_json([str(path)])
    column = url.index("gemini-1.5-flash") + 1
    assert [(f["cell"], f["line"], f["column"]) for f in data["findings"]] == [
        (1, 2, column + len("curl '")),
        (2, 2, column + len("SELECT '")),
        (3, 2, column),
        (4, 1, column + len("!curl ")),
        (5, 1, column + len("x = !curl ")),
    ]
    assert {(f["code"], f["call_site"], f["method"]) for f in data["findings"]} == {
        ("GL003", "REST URL :streamGenerateContent", "generateContent")
    }


def test_extractor_api_places_writefile_refs_in_their_cell() -> None:
    refs, errors, _ = extract_notebook((FIXTURES / "magics.ipynb").read_bytes(), "magics.ipynb", KNOWN)
    assert errors == []
    ts = [r for r in refs if r.location.cell == 11]
    assert [(r.text, r.location.line, r.location.column, r.site.kind) for r in ts] == [
        ("gemini-3.8-flsh", 4, 43, "ai.models.generateContent")
    ]
    assert ts[0].site.location.cell == 11


# -- 3. SQL ----------------------------------------------------------------------------------------------------


def test_sql_models_bigquery_and_alloydb() -> None:
    sql = (
        "-- AI.GENERATE(x, endpoint => 'gemini-1.0-pro') in a comment\n"
        "SELECT AI.GENERATE(('Summarize: ', body), endpoint => 'gemini-2.5-flash').result,\n"
        '  ML.GENERATE_EMBEDDING(MODEL d.m, TABLE t), ai.generate_table(MODEL x, endpoint => "gemini-3.8-flash")\n'
        "FROM t;\n"
        "CREATE OR REPLACE MODEL d.emb REMOTE WITH CONNECTION `us.c` OPTIONS (ENDPOINT = 'text-embedding-005');\n"
        "CREATE MODEL d.local OPTIONS (endpoint = 'gemini-9');\n"
        "SELECT google_ml.embedding('gemini-embedding-001', body),\n"
        "  google_ml.predict_row('projects/p/locations/l/publishers/google/models/gemini-2.0-flash:generateContent',"
        " '{}');\n"
        "SELECT AI.GENERATE_EMBEDDING(x, endpoint => 'https://l-aiplatform.googleapis.com/v1/projects/p/locations/l/"
        "publishers/google/models/gemini-embedding-2')"
    )
    got = [(sql[m.offset : m.offset + len(m.model)], m.model, m.kind, m.method, m.platform) for m in sql_models(sql)]
    assert got == [
        ("gemini-2.5-flash", "gemini-2.5-flash", "BigQuery AI.GENERATE", "generateContent", "vertex"),
        ("gemini-3.8-flash", "gemini-3.8-flash", "BigQuery AI.GENERATE_TABLE", "generateContent", "vertex"),
        ("text-embedding-005", "text-embedding-005", "BigQuery CREATE MODEL REMOTE", "embedContent", "vertex"),
        ("gemini-embedding-001", "gemini-embedding-001", "AlloyDB google_ml.embedding", "embedContent", "vertex"),
        ("gemini-2.0-flash", "gemini-2.0-flash", "AlloyDB google_ml.predict_row", "generateContent", "vertex"),
        ("gemini-embedding-2", "gemini-embedding-2", "BigQuery AI.GENERATE_EMBEDDING", "embedContent", "vertex"),
    ]


def test_sql_cells_are_vertex_references(tmp_path) -> None:
    line = "SELECT AI.GENERATE(p, endpoint => 'gemini-2.5-flsh') FROM t"
    path = notebook(tmp_path, ["%%bigquery\n" + line])
    data = scan_json([str(path)])
    assert [(f["cell"], f["line"], f["column"], f["code"], f["call_site"]) for f in data["findings"]] == [
        (1, 2, line.index("gemini-2.5-flsh") + 1, "GL001", "BigQuery AI.GENERATE")
    ]
    assert "Vertex AI" in data["findings"][0]["message"]


def test_sql_line_magics_and_suppressions_in_foreign_cells(tmp_path) -> None:
    line = "rows = %sql SELECT google_ml.embedding('gemini-embedding-9x', body) FROM docs"
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent"
    path = notebook(tmp_path, [line, f"%%bash\ncurl '{url}'  # gemlint: ignore[GL003]\ncurl '{url}'"])
    data = scan_json([str(path)])
    assert [(f["cell"], f["line"], f["column"], f["call_site"]) for f in data["findings"]] == [
        (1, 1, line.index("gemini-embedding-9x") + 1, "AlloyDB google_ml.embedding"),
        (2, 3, url.index("gemini-1.5-flash") + len("curl '") + 1, "REST URL :generateContent"),
    ]


def test_a_notebook_whose_only_trouble_is_sql_or_shell_exits_0() -> None:
    result = run_cli(["scan", "--no-cache", "sql_shell_only.ipynb"], cwd=FIXTURES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()
    assert "All clear" in result.stdout


# -- 4. The kernel's language ----------------------------------------------------------------------------------


def test_an_r_notebook_is_not_python_but_its_rest_urls_count() -> None:
    data = scan_json(["r_kernel.ipynb"], cwd=FIXTURES)
    assert data.get("errors", []) == []
    assert found(data) == [(2, 3, 65, "GL003", "gemini-1.5-flash")]  # the R string is not a Python reference


@pytest.mark.parametrize("language", ["julia", "bash"])
def test_other_kernels_are_not_parsed_as_python(tmp_path, language) -> None:
    url = "https://generativelanguage.googleapis.com/v1/models/gemini-1.5-flash:countTokens"
    path = notebook(
        tmp_path, [f'using HTTP; x = "{url}" |> fetch', f"for m in a b; do echo $m; done # {url}"], language
    )
    data = scan_json([str(path)])
    assert data.get("errors", []) == []
    assert [(f["cell"], f["code"]) for f in data["findings"]] == [(1, "GL003"), (2, "GL003")]
    chunks, reason = notebook_chunks(path.read_bytes())
    assert chunks == [] and language in reason


# -- 5. Cell order is program order ----------------------------------------------------------------------------


def test_cell_order_and_form_fields_through_the_cli() -> None:
    data = scan_json(["cell_order.ipynb"], cwd=FIXTURES)
    assert found(data) == [
        (2, 1, 83, "GL003", "gemini-1.5-flash"),  # @param option reaching generate_content (cell 3)
        (2, 1, 103, "GL002", "gemini-3.1-flash-live-preview"),  # live-only option for generate_content
        (2, 1, 103, "GL004", "gemini-3.1-flash-live-preview"),  # and shut down on 2026-11-17
        (6, 2, 17, "GL001", "gemini-3.8-flsh"),  # conditional re-assignment may reach cell 7
    ]
    # not reported: the default gemini-3.8-flash (cell 2) never reaches embed_content (cell 5 re-assigns first),
    # and gemini-embedding-2 (cell 4) never reaches generate_content (cell 3 runs before it)


def test_straight_line_python_sees_the_reaching_assignment(tmp_path) -> None:
    source = (
        "from google import genai\n"
        "client = genai.Client()\n"
        'MODEL = "gemini-3.8-flash"\n'
        'client.models.generate_content(model=MODEL, contents="x")\n'
        'MODEL = "gemini-embedding-2"\n'
        'client.models.embed_content(model=MODEL, contents="x")\n'
        "def later():\n"
        "    client.live.connect(model=MODEL)  # may run after either assignment\n"
    )
    result = scan_source(tmp_path, source)
    assert sorted((f.location.line, f.code, f.model) for f in result.findings) == [
        (3, "GL002", "gemini-3.8-flash"),
        (5, "GL002", "gemini-embedding-2"),
    ]
    assert {f.site_kind for f in result.findings} == {"live.connect"}


def test_conditional_assignments_may_reach_and_function_locals_follow_the_same_rule() -> None:
    source = (
        "def run(client, fast):\n"
        '    model = "gemini-3.1-flash-live-preview"\n'
        "    if fast:\n"
        '        model = "gemini-3.8-flash"\n'
        "    client.models.generate_content(model=model)\n"
        '    model = "gemini-embedding-2"\n'
        "    client.models.embed_content(model=model)\n"
    )
    refs, errors = extract_python([Chunk(source)], "t.py", KNOWN)
    assert errors == []
    pairs = sorted((r.text, r.site.kind) for r in refs if r.site is not None)
    assert pairs == [
        ("gemini-3.1-flash-live-preview", "models.generate_content"),
        ("gemini-3.8-flash", "models.generate_content"),
        ("gemini-embedding-2", "models.embed_content"),
    ]


def test_a_binding_later_in_a_loop_reaches_the_next_iteration() -> None:
    source = (
        'model = "gemini-3.8-flash"\n'
        "while True:\n"
        "    r = client.models.generate_content(model=model)\n"
        "    if r is None:\n"
        '        model = "gemini-1.5-flash"  # the fallback the next attempt uses\n'
        'model = "gemini-embedding-2"\n'
        "client.models.embed_content(model=model)\n"
    )
    refs, _ = extract_python([Chunk(source)], "t.py", KNOWN)
    assert [(r.text, r.location.line, r.site.kind) for r in refs] == [
        ("gemini-3.8-flash", 1, "models.generate_content"),
        ("gemini-1.5-flash", 5, "models.generate_content"),
        ("gemini-embedding-2", 6, "models.embed_content"),
    ]


def test_a_use_before_every_assignment_keeps_them_all() -> None:
    cells = [
        Chunk("client.models.generate_content(model=M)", cell=1),  # run after cell 2, out of order
        Chunk("M = 'gemini-3.8-flash'", cell=2),
    ]
    refs, _ = extract_python(cells, "t.ipynb", KNOWN)
    assert [(r.text, r.location.cell, r.site.kind) for r in refs] == [
        ("gemini-3.8-flash", 2, "models.generate_content")
    ]


# -- 6. Colab form fields ----------------------------------------------------------------------------------


def test_param_options_in_a_python_file(tmp_path) -> None:
    form = 'MODEL = "gemini-3.8-flash"  # @param ["gemini-3.8-flash", \'gemini-3.8-flsh\', "gemini-3.6-flash"]'
    source = (
        "from google import genai\n"
        f"{form}\n"
        'PROMPT = "hi"  # @param {type:"string"}\n'
        "genai.Client().models.generate_content(model=MODEL, contents=PROMPT)\n"
    )
    result = scan_source(tmp_path, source)
    assert [(f.location.line, f.location.column, f.code, f.model) for f in result.findings] == [
        (2, form.index("gemini-3.8-flsh") + 1, "GL001", "gemini-3.8-flsh")
    ]
    assert result.findings[0].fix is not None  # the option is spelled in place: --fix can rewrite it


def test_param_options_without_a_call_are_checked_for_existence() -> None:
    form = 'M = "gemini-3.8-flash"  # @param ["gemini-3.8-flash", "gemini-9.9-zzz"]'
    refs, _ = extract_python([Chunk(form)], "t.py", KNOWN)
    assert [(r.text, r.location.column, r.site) for r in refs] == [
        ("gemini-3.8-flash", 6, None),
        ("gemini-9.9-zzz", form.index("gemini-9.9-zzz") + 1, None),
    ]


# -- 7. Outputs and markdown -------------------------------------------------------------------------------


def test_outputs_and_markdown_are_never_references() -> None:
    refs, _, _ = extract_notebook((FIXTURES / "ipython_syntax.ipynb").read_bytes(), "n.ipynb", KNOWN)
    texts = {r.text for r in refs}
    assert "gemini-1.5-pro" not in texts and "gemini-1.0-pro" not in texts  # an output and a markdown cell
    assert "gemini-3.8-flash" in texts


# -- acceptance ------------------------------------------------------------------------------------------------


@pytest.mark.skipif(not (CORPUS / "studio").is_dir(), reason="acceptance corpus not available")
def test_studio_notebook_acceptance() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gemlint",
            "scan",
            "--format",
            "json",
            "--no-cache",
            "--inventory",
            str(SEPT_INVENTORY),
            "notebooks/explore.ipynb",
        ],
        cwd=CORPUS / "studio",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "syntax error" not in result.stdout + result.stderr
    got = {(f["cell"], f["line"], f["code"], f["model"]) for f in json.loads(result.stdout)["findings"]}
    assert {
        (4, 1, "GL003", "gemini-2.0-flash-lite"),
        (4, 1, "GL002", "gemini-2.5-flash-native-audio-latest"),
        (8, 5, "GL001", "gemini-3.8-flsh"),
        (13, 2, "GL003", "gemini-1.5-flash"),
    } <= got
    assert not {g for g in got if g[0] in (4, 9) and g[3] in ("gemini-3.8-flash", "gemini-embedding-2")}


_ONE_PATTERN = re.compile(r"^[ \t]*[!%?,;/]|=[ \t]*[!%]|\?[ \t]*\r?$", re.M)  # what maybe_special splits in three


@given(st.text(alphabet=st.sampled_from(" \t\r\nab=!%?,;/#'\"("), max_size=40))
def test_maybe_special_answers_as_the_single_pattern_did(source):
    assert maybe_special(source) == (_ONE_PATTERN.search(source) is not None)
