"""Property tests (hypothesis) for every extractor and the notebook reader.

(a) Arbitrary text (and bytes, and JSON for notebooks) never makes an extractor raise.
(b) Generated Python, TypeScript/TSX/JavaScript and settings snippets around a model name: the name is found,
    and every reported ref's location spells its text: ``lines[line - 1][col - 1 : col - 1 + len(text)]``.
(c) Python sources large enough for the partial (relevant-blocks) parse report exactly what a whole parse does.

Each test counts the examples it ran; the counts are printed once at the end of the module.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from typing import Iterator, List, Sequence
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from gemlint.api import ExtractOptions, known_names, process_file
from gemlint.discover import SourceFile
from gemlint.extract.python import extractor as python_extractor
from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.extract.settings.extractor import extract_settings
from gemlint.extract.typescript.extractor import extract_typescript
from gemlint.inventory import load_inventory
from gemlint.inventory.lifecycle import load_lifecycle
from gemlint.source import SourceError, notebook_chunks
from gemlint.types import ModelRef

# GEMLINT_HYPOTHESIS_SCALE=10 runs ten times as many examples (for a deeper search than CI's).
SCALE = float(os.environ.get("GEMLINT_HYPOTHESIS_SCALE", "1"))
ARBITRARY = settings(max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
GENERATED = settings(max_examples=int(200 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Sources over 4,000 characters (the partial parse) cost 30 ms an example to draw and check twice: fewer of them.
LARGE = settings(max_examples=int(100 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])

KNOWN = known_names(load_inventory(), load_lifecycle())
known = KNOWN.__contains__
DIALECTS = ("ts", "tsx", "js")
NAMES = (
    "gemini-3.8-flash",
    "gemini-3.8-flsh",
    "gemini-2.5-flash-native-audio-preview-12-2025",
    "gemini-embedding-2",
    "imagen-4.0-generate-001",
    "gemma-4-31b-it",
    "veo-3.1-generate-preview",
    "gemini-1.5-pro",
)

RUNS: Counter = Counter()


def ran(name: str) -> None:
    RUNS[name] += 1
    note(f"{name}: example {RUNS[name]}")


@pytest.fixture(scope="module", autouse=True)
def report_example_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    summary = ", ".join(f"{name}={count}" for name, count in sorted(RUNS.items()))
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is not None and capture is not None and summary:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nhypothesis examples run: {summary}")


def assert_positions(text: str, refs: Sequence[ModelRef]) -> None:
    """Every ref's (1-based line, character column) spells its text in ``text``."""
    lines = text.split("\n")
    for ref in refs:
        line, col = ref.location.line, ref.location.column
        assert 1 <= line <= len(lines), (ref, len(lines))
        assert lines[line - 1][col - 1 : col - 1 + len(ref.text)] == ref.text, (ref, lines[line - 1])


def assert_found(refs: Sequence[ModelRef], name: str) -> None:
    assert any(r.text == name for r in refs), (name, [r.text for r in refs])


def normalized(text: str) -> str:
    """What gemlint.source hands the extractors: newlines as ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- strategies --------------------------------------------------------------------------------------------

FRAGMENTS = (
    "gemini-3.8-flash",
    "models/gemini-3.8-flsh",
    "gemini-",
    "-3.8",
    "gemma-4-31b-it",
    "imagen-4.0-generate-001",
    '"',
    "'",
    "`",
    '"""',
    "${",
    "}",
    "{",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    ":",
    "=",
    "\\",
    "\n",
    "\r\n",
    " ",
    "\t",
    "#",
    "//",
    "/*",
    "*/",
    "f'",
    'f"',
    "rb'",
    "client.models.generate_content(model=",
    "ai.models.generateContent(",
    "{ model: ",
    "model=",
    "X = ",
    "const X = ",
    "useState(",
    "def f(",
    "class A:",
    "self.m = ",
    "os.getenv(",
    "<div>",
    "</div>",
    "/models/",
    ":generateContent",
    "é",
    "日本",
    "😀",
    "\u2028",
    "\x0c",
    "\x00",
    "\ufeff",
)
# Text that is arbitrary but dense in what the extractors look for.
arbitrary_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=60).map("".join),
)
ws = st.sampled_from(["", " ", "  ", "\t", " \t "])
# Text for inside a one-line literal or comment: no newline, quote, backslash or NUL (repr covers the rest).
line_text = st.text(st.characters(blacklist_characters="\n\r\"'\\\x00", blacklist_categories=("Cs",)), max_size=20)
model_name = st.tuples(st.booleans(), st.sampled_from(NAMES)).map(lambda t: ("models/" if t[0] else "") + t[1])
py_var = st.sampled_from(["X", "MODEL", "módelo", "模型", "_m", "ñame"])
ts_var = st.sampled_from(["X", "MODEL", "módelo", "模型", "_m", "$m"])


@st.composite
def py_preamble(draw) -> str:
    """Lines before the snippet: comments, unicode strings and identifiers, docstring-like strings."""
    lines = []
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 6))
        text = draw(line_text)
        if kind == 0:
            lines.append(f"#{text}")
        elif kind == 1:
            lines.append(f's{i} = "{text}"')
        elif kind == 2:
            lines.append(f"s{i} = {draw(st.text(max_size=20))!r}")
        elif kind == 3:
            lines.append(f'"""Docs mention gemini-3.8-flash and {text}."""')
        elif kind == 4:
            lines.append(f"ñ{i} = f'{{1}}{text.replace('{', '{{').replace('}', '}}')}'")
        elif kind == 5:
            lines.append("\x0c")
        else:
            lines.append(f"x{i} = ({draw(ws)}1,{draw(ws)}# {text}\n{draw(ws)}2)")
    return "".join(line + "\n" for line in lines)


@st.composite
def python_snippet(draw):
    """(source, name): a Python snippet that hands the model name to an SDK call, or just binds it."""
    name = draw(model_name)
    quote = draw(st.sampled_from(['"', "'", '"""', "'''"]))
    prefix = draw(st.sampled_from(["", "r", "u", "R", "U"]))
    pad = draw(st.sampled_from(["", " ", "\n  "] if len(quote) == 3 else ["", " "]))
    lit = f"{prefix}{quote}{pad}{name}{pad}{quote}"
    bare_lit = f"{prefix}{quote}{name}{quote}"
    var = draw(py_var)
    same_line = draw(st.sampled_from(["", 'ü = "日本😀"; ', "s = '\\u00e9\\n'; ", "t = 'é' * 2; "]))
    w = [draw(ws) for _ in range(6)]
    forms = [
        f'{same_line}client.models.generate_content({w[0]}model{w[1]}={w[2]}{lit}{w[3]}, contents="hi")',
        f"{same_line}{var}{w[0]}={w[1]}{lit}\nclient.models.generate_content(model={w[2]}{var})",
        f"{same_line}{var} = {lit}\nout = wrap(str(client.models.generate_content(\n{w[0]}model={var},\n"
        f"{w[1]}contents=[str(len('ü'))])))",
        f'{same_line}{var} = {bare_lit}\nclient.models.generate_content(model=f"{{{var}}}")',
        f"{same_line}{var} = {bare_lit}\nclient.batches.create(model=f\"models/{{{var}}}\", src='x')",
        f'{same_line}CFG = {{{w[0]}"model":{w[1]}{lit}}}\nclient.models.generate_content(model=CFG["model"])',
        f'import os\n{same_line}m = os.getenv("GEMINI_MODEL",{w[0]}{lit})\nclient.models.generate_content(model=m)',
        f"class Bot:\n    def __init__(self):\n        {same_line}self.m = {lit}\n\n    def run(self):\n"
        f"        return client.models.generate_content(model=self.m)",
        f"def run(model={w[0]}{lit}):\n    return client.models.embed_content(model=model, contents='x')",
        f"async def main():\n    async with client.aio.live.connect(model={lit}, config={{}}) as s:\n        pass",
        f"{same_line}{var}{w[0]}={w[1]}{bare_lit}",
    ]
    form = draw(st.integers(0, len(forms) - 1))
    source = draw(py_preamble()) + forms[form] + draw(st.sampled_from(["", "\n", "  # trailing é\n"]))
    return source, name


@st.composite
def ts_preamble(draw, dialect: str) -> str:
    lines = []
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        text = draw(line_text)
        if kind == 0:
            lines.append(f"//{text}")
        elif kind == 1:
            lines.append(f"/* {text.replace('*/', '')}\n   gemini-3.8-flash in a comment */")
        elif kind == 2:
            lines.append(f"const s{i} = {json.dumps(draw(st.text(max_size=20)), ensure_ascii=False)};")
        elif kind == 3:
            lines.append(f"const t{i} = `{text.replace('`', '').replace('$', '')}`;")
        elif kind == 4 and dialect != "ts":
            lines.append(f'const el{i} = <div title="é">{{"{text}"}}</div>;')
        else:
            lines.append(f"let ñ{i} = 1;")
    return "".join(line + "\n" for line in lines)


@st.composite
def ts_snippet(draw, dialect: str):
    name = draw(model_name)
    quote = draw(st.sampled_from(['"', "'", "`"]))
    lit = f"{quote}{name}{quote}"
    var = draw(ts_var)
    typed = ": string" if dialect != "js" and draw(st.booleans()) else ""
    same_line = draw(st.sampled_from(["", 'const ü = "日本😀"; ', "let s = '\\u00e9\\n'; ", "/* é */ "]))
    w = [draw(ws) for _ in range(4)]
    forms = [
        f"{same_line}await ai.models.generateContent({{{w[0]}model:{w[1]}{lit},{w[2]}contents: 'hi' }});",
        f"{same_line}const {var}{typed} = {lit};\nawait ai.models.generateContent({{ model: {var}, contents }});",
        f"{same_line}const model{typed} ={w[0]}{lit};\nconst r = await ai.models.generateContent({{ model }});",
        f"{same_line}const {var} = {lit};\nwrap(log(ai.models.generateContent({{\n{w[0]}model: {var},\n}})));",
        f"{same_line}const m = genAI.getGenerativeModel({{ model: {lit} }});",
        f"{same_line}const result = await generateText({{ model: google({lit}), prompt }});",
        f"{same_line}const llm = new ChatGoogleGenerativeAI({{ model: {lit}, temperature: 0 }});",
        f"{same_line}const [m, setM] = useState({lit});\nconst session = await ai.live.connect({{ model: m }});",
        f"{same_line}const {var} = cond ? {lit} : 'fallback';\nawait ai.models.generateContent({{ model: {var} }});",
        f"const CFG = {{ model: {lit} }};\n{same_line}await ai.models.embedContent({{ model: CFG.model, contents }});",
        f"{same_line}export const {var}{typed} = {lit};",
    ]
    form = draw(st.integers(0, len(forms) - 1))
    source = draw(ts_preamble(dialect)) + forms[form] + draw(st.sampled_from(["", "\n", " // trailing é\n"]))
    return source, name


@st.composite
def settings_snippet(draw):
    name = draw(model_name)
    lines = [f"# {draw(line_text)}" for _ in range(draw(st.integers(0, 3)))]
    lines.append(f"note{draw(ws)}={draw(ws)}{json.dumps(draw(st.text(max_size=10)), ensure_ascii=False)}")
    quote = draw(st.sampled_from(["", '"', "'"]))
    lines.append(
        draw(
            st.sampled_from(
                [
                    f"GEMINI_MODEL={quote}{name}{quote}",
                    f"model:{draw(ws)} {quote}{name}{quote}",
                    f'  "model": "{name}",',
                    f"model = {quote or chr(34)}{name}{quote or chr(34)}",
                    f"models: [{quote}{name}{quote}, other]",
                ]
            )
        )
    )
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"])), name


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
cell_source = st.one_of(
    st.text(max_size=40),
    st.lists(st.text(max_size=20), max_size=4),
    st.sampled_from(['m = "gemini-3.8-flsh"\n', "%%bash\necho gemini-3.8-flash\n", "!pip install x\nm = 1\n"]),
    json_values,
)
cells = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"cell_type": st.sampled_from(["code", "markdown", "raw", 3]), "source": cell_source},
            optional={"metadata": json_values},
        ),
        json_values,
    ),
    max_size=5,
)
notebooks = st.fixed_dictionaries(
    {"cells": cells},
    optional={
        "metadata": st.one_of(
            json_values,
            st.fixed_dictionaries(
                {"kernelspec": st.fixed_dictionaries({"language": st.sampled_from(["python", "R"])})}
            ),
        ),
        "nbformat": st.integers(0, 5),
    },
)


FILLER_BLOCKS = (
    'def helper_{i}(x, y=1):\n    """Add things."""\n    return x + y + {i}\n',
    "class Thing{i}:\n    size = {i}\n\n    def grow(self):\n        return self.size * 2\n",
    "@decorate\n@decorate_more({i})\ndef wrapped_{i}():\n    pass\n",
    "if FLAG_{i}:\n    value_{i} = 1\nelif OTHER:\n    value_{i} = 2\nelse:\n    value_{i} = 3\n",
    "try:\n    import thing_{i}\nexcept ImportError:\n    thing_{i} = None\nfinally:\n    pass\n",
    'TEXT_{i} = """Notes that span lines\nat column 0, with (brackets and \'quotes\'\n"""\n',
    "numbers_{i} = [\n1,\n2,\n]\n",
    "total_{i} = 1 + \\\n2\n",
    "# a comment about helper {i} (\nñame_{i} = {i}\n",
    "\x0c\ndef feed_{i}():\n    return {i}\n",
    'DOCS_{i} = """Usage:\n\nclient.models.generate_content(model="gemini-1.5-pro")\n"""\n',
    'def documented_{i}():\n    """Example:\n\nm = "gemini-2.0-flash"\n    """\n',
    'SKIP_{i} = {{\n"gemini-9.9-nope"\n}}\n',
)


@st.composite
def filler(draw, size: int) -> str:
    """Unrelated top-level blocks, some with strings, brackets or docstrings that span column-0 lines."""
    kinds = draw(st.lists(st.sampled_from(FILLER_BLOCKS), min_size=1, max_size=4, unique=True))
    # The order of the blocks from a seeded Random drawn once: a draw per block made generating these
    # sources most of this module's time.
    pick = draw(st.randoms(use_true_random=False)).choice
    out = []
    length = 0
    while length < size:
        out.append(pick(kinds).format(i=len(out)) + "\n\n")
        length += len(out[-1])
    return "".join(out)


@st.composite
def big_python_snippet(draw):
    """A snippet spread over a source large enough for the partial (relevant-blocks) parse."""
    if draw(st.booleans()):
        source, name = draw(python_snippet())
    else:  # the name reaches the call through an alias bound in an unrelated-looking block of its own
        name = draw(model_name)
        var, alias = draw(py_var), draw(st.sampled_from(["ALIAS", "módelo_2", "模型二", "_alias"]))
        source = (
            f'{var} = "{name}"\n\n'
            + draw(filler(300))
            + f"{alias} = {var}\n\n"
            + draw(filler(300))
            + f"client.models.generate_content(model={alias})\n"
        )
    before, after = draw(filler(draw(st.integers(4050, 5000)))), draw(filler(draw(st.integers(0, 1500))))
    return before + source + "\n\n\n" + after, name


# -- (a) arbitrary input never raises ------------------------------------------------------------------------


@ARBITRARY
@given(arbitrary_text)
def test_python_never_raises_on_arbitrary_text(text: str) -> None:
    ran("python arbitrary")
    refs, errors = extract_python([Chunk(text)], "t.py", known)
    assert all(e.path == "t.py" and "\n" not in e.message for e in errors)
    refs, _ = extract_python([Chunk(normalized(text))], "t.py", known)
    assert_positions(normalized(text), [r for r in refs if r.fixable])


@pytest.mark.parametrize("dialect", DIALECTS)
@ARBITRARY
@given(text=arbitrary_text)
@example(text='"gemini-3.8-flash\n"')  # found here: `$` matched before the string's newline, a name "ending in \n"
def test_typescript_never_raises_on_arbitrary_text(dialect: str, text: str) -> None:
    ran(f"{dialect} arbitrary")
    refs, errors = extract_typescript(text, "t.ts", dialect, known)
    assert all(e.path == "t.ts" and "\n" not in e.message for e in errors)
    refs, _ = extract_typescript(normalized(text), "t.ts", dialect, known)
    assert_positions(normalized(text), [r for r in refs if r.fixable])


@ARBITRARY
@given(arbitrary_text)
def test_settings_never_raises_on_arbitrary_text(text: str) -> None:
    ran("settings arbitrary")
    assert_positions(text, extract_settings(text, "t.yaml", known))


@ARBITRARY
@given(st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())))
def test_notebook_chunks_raise_only_source_error_on_arbitrary_bytes(data: bytes) -> None:
    ran("notebook arbitrary bytes/JSON")
    try:
        chunks, skip = notebook_chunks(data)
    except SourceError as exc:
        assert "\n" not in str(exc)
        return
    assert all(isinstance(c.text, str) and isinstance(c.cell, int) for c in chunks)
    assert skip is None or isinstance(skip, str)


@ARBITRARY
@given(notebooks)
def test_notebooks_of_any_shape_are_read_and_extracted_without_raising(nb: dict) -> None:
    ran("notebook generated shapes")
    chunks, skip = notebook_chunks(json.dumps(nb).encode())
    assert skip is None or not chunks
    refs, _ = extract_python(chunks, "t.ipynb", known)
    by_cell = {c.cell: c.text for c in chunks}
    for ref in refs:
        if ref.fixable:
            assert_positions(by_cell[ref.location.cell], [ref])
    for index, cell in enumerate(nb["cells"], start=1):
        source = cell.get("source") if isinstance(cell, dict) else None
        if cell_is_plain_code(cell, nb) and source == 'm = "gemini-3.8-flsh"\n':
            assert any(r.location.cell == index and r.text == "gemini-3.8-flsh" for r in refs), refs


def cell_is_plain_code(cell: object, nb: dict) -> bool:
    meta = nb.get("metadata")
    lang = meta.get("kernelspec", {}).get("language") if isinstance(meta, dict) else None
    return isinstance(cell, dict) and cell.get("cell_type") == "code" and lang in (None, "python")


LANGS = {"t.py": "python", "t.ipynb": "notebook", "t.ts": "ts", "t.tsx": "tsx", "t.js": "js", "t.yaml": "settings"}
SCRATCH = tempfile.mkdtemp(prefix="gemlint-props-")


@ARBITRARY
@given(
    st.sampled_from(sorted(LANGS)),
    st.one_of(st.binary(max_size=300), arbitrary_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"# -*- coding: latin-1 -*-\n", b"# coding: nope\n"]),
)
def test_process_file_never_has_an_internal_error(name: str, body: bytes, head: bytes) -> None:
    ran("process_file arbitrary bytes")
    path = os.path.join(SCRATCH, name)
    with open(path, "wb") as fh:
        fh.write(head + body + b" gemini-3.8-flash")  # past the prefilter
    result = process_file(SourceFile(name, path, LANGS[name]), ExtractOptions(known=KNOWN))
    assert not [e for e in result.errors if e.internal], result.errors
    assert all("\n" not in e.message for e in result.errors)


# -- (b) generated snippets: the name is found, every position spells its text -------------------------------


@GENERATED
@given(python_snippet())
def test_python_snippets_report_the_name_where_it_is_written(snippet) -> None:
    ran("python snippets")
    source, name = snippet
    refs, errors = extract_python([Chunk(source)], "t.py", known)
    assert not errors, (errors, source)
    assert_found(refs, name)
    assert_positions(source, refs)


@GENERATED
@given(python_snippet(), st.integers(1, 3), st.sampled_from(["\n", "\r\n"]))
def test_python_snippets_in_notebook_cells_report_the_right_cell(snippet, cell: int, newline: str) -> None:
    ran("notebook snippets")
    source, name = snippet
    cell_source = source.replace("\n", newline)  # notebooks written on Windows may keep CRLF in their cells
    sources: List[object] = ["import os\n"] * (cell - 1) + [cell_source.splitlines(keepends=True)]
    nb = {"cells": [{"cell_type": "code", "source": s} for s in sources], "metadata": {}}
    chunks, skip = notebook_chunks(json.dumps(nb).encode())
    assert skip is None
    refs, errors = extract_python(chunks, "t.ipynb", known)
    assert not errors
    assert any(r.text == name and r.location.cell == cell for r in refs)
    assert_positions(source, [r for r in refs if r.location.cell == cell])


@pytest.mark.parametrize("dialect", DIALECTS)
@GENERATED
@given(data=st.data())
def test_typescript_snippets_report_the_name_where_it_is_written(dialect: str, data) -> None:
    ran(f"{dialect} snippets")
    source, name = data.draw(ts_snippet(dialect))
    refs, errors = extract_typescript(source, "t.ts", dialect, known)
    assert not errors, (errors, source)
    assert_found(refs, name)
    assert_positions(source, refs)


@GENERATED
@given(settings_snippet())
def test_settings_snippets_report_the_name_where_it_is_written(snippet) -> None:
    ran("settings snippets")
    source, name = snippet
    refs = extract_settings(source, "t.env", known)
    assert_found(refs, name)
    assert_positions(source, refs)


def whole_parse(chunks: Sequence[Chunk], path: str):
    with mock.patch.object(python_extractor, "PARTIAL_PARSE_MIN", 10**9):
        return extract_python(chunks, path, known)


HELPERS = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n\n" for i in range(120))
# Found by this property: a docstring's column-0 usage line parsed as code; an alias with a non-ASCII name dropped.
DOCSTRING_EXAMPLE = '"""Usage:\n\nclient.models.generate_content(model="gemini-1.5-pro")\n"""\n\n' + HELPERS
UNICODE_ALIAS = HELPERS + 'M = "gemini-1.5-pro"\n\nmódelo_2 = M\n\n' + HELPERS.replace("helper", "other")


@LARGE
@given(big_python_snippet())
@example((DOCSTRING_EXAMPLE + 'X = "gemini-3.8-flash"\n', "gemini-3.8-flash"))
@example((UNICODE_ALIAS + "client.models.generate_content(model=módelo_2)\n", "gemini-1.5-pro"))
def test_large_python_sources_report_what_a_whole_parse_reports(snippet) -> None:
    ran("python large sources")
    source, name = snippet
    assert len(source) > python_extractor.PARTIAL_PARSE_MIN
    refs, errors = extract_python([Chunk(source)], "t.py", known)
    assert not errors, errors
    assert_found(refs, name)
    assert_positions(source, refs)
    assert (refs, errors) == whole_parse([Chunk(source)], "t.py")
