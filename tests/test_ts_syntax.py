"""Syntax errors you can trust (issue 25): valid TSX/JSX is never a syntax error; real errors still are."""

from __future__ import annotations

import textwrap

import pytest

from gemlint.extract.typescript.extractor import extract_typescript
from gemlint.extract.typescript.ts_syntax import parse
from tests.helpers import run_cli

MODEL_CALL = "ai.live.connect({ model: 'gemini-3.8-flash' });"


def extract(source: str, path: str = "app/Dialog.tsx", dialect: str = "tsx"):
    return extract_typescript(textwrap.dedent(source).lstrip("\n"), path, dialect, lambda n: False)


JSX_TEXTS = [
    "<h3>Model & Voice</h3>",  # issue 25's report: a bare & in JSX text, accepted by tsc
    "<h3>Model &amp; Voice</h3>",
    '<h3>Model {"&"} Voice</h3>',
    "<p>R&D team</p>",
    "<p>a && b</p>",
    "<>A & B</>",
    "<p>\n  Terms &\n  conditions\n</p>",
    "<p>x &copy 2024 <b>y</b> & z {q}</p>",  # several in one element, one of them before nested JSX
]


@pytest.mark.parametrize("jsx", JSX_TEXTS)
@pytest.mark.parametrize("dialect", ["tsx", "js"])
def test_ampersand_in_jsx_text_is_valid(jsx: str, dialect: str) -> None:
    source = f"const M = 'gemini-2.5-pro';\nexport const V = () => (\n{jsx}\n);\n{MODEL_CALL}\n"
    refs, errors = extract(source, dialect=dialect)
    assert errors == []
    # the names around it are found, the call site too (value flow keeps working)
    assert [(r.text, r.site is not None) for r in refs] == [("gemini-2.5-pro", False), ("gemini-3.8-flash", True)]
    assert refs[1].location.line == source.count("\n")  # positions are unchanged by the repair


def test_names_after_the_ampersand_keep_their_columns() -> None:
    refs, errors = extract("const x = <h3>A & B</h3>; const m = 'gemini-3.8-flash';\n")
    assert errors == [] and [(r.text, r.location.column) for r in refs] == [("gemini-3.8-flash", 38)]


IMPORT_TYPES = [  # import types the grammar takes for dynamic imports when more type follows (tsc accepts them)
    "interface Data {\n  windows: import('./chatWindow').ChatWindow[];\n  n: number;\n}",
    "let w: import('./chatWindow').ChatWindow[] = [];",
    'type W = Array<import("./window").Window[]>;',
    "const w = load<import('./window').Window[]>('/w');",
]


@pytest.mark.parametrize("declaration", IMPORT_TYPES)
@pytest.mark.parametrize("dialect", ["ts", "tsx"])
def test_an_import_type_followed_by_more_type_is_valid(declaration: str, dialect: str) -> None:
    source = f"{declaration}\nconst m = 'gemini-3.8-flash'; {MODEL_CALL}\n"
    refs, errors = extract(source, "app/types.ts", dialect)
    assert errors == []
    line = source.count("\n")
    assert [(r.text, r.location.line, r.location.column) for r in refs] == [
        ("gemini-3.8-flash", line, 12),
        ("gemini-3.8-flash", line, source.splitlines()[-1].rindex("gemini") + 1),
    ]


def test_a_dynamic_import_outside_a_type_is_left_alone() -> None:
    source = b"const m = import('./settings').then((s) => s.MODEL);\nlet w: import('./w').W[];\nconst x = = 1;\n"
    _, tree, read = parse(source, "ts")
    assert read == source.replace(b"import('./w')", b"_" * 13)  # only the import type is renamed
    assert tree.root_node.has_error  # the real error stays


REAL_ERRORS = [
    ("tsx", "const a = <p>a > b</p>;\n"),  # tsc: TS1382, '>' must be {'>'} or &gt; in JSX text
    ("tsx", "function broken( {\n  const x = = ;\n"),
    ("ts", "const x = = 1;\n"),
    ("js", "let = ;\n"),
]


@pytest.mark.parametrize("dialect,source", REAL_ERRORS)
def test_real_errors_are_still_reported(dialect: str, source: str) -> None:
    refs, errors = extract(f"const M = 'gemini-2.5-pro';\n{source}", dialect=dialect)
    assert len(errors) == 1 and errors[0].message.startswith("syntax error at line 2:")
    assert [r.text for r in refs] == ["gemini-2.5-pro"]  # the rest of the file is still read


def test_ts_file_with_jsx_is_parsed_with_the_other_grammar() -> None:
    # TSX written in a .ts file: the TypeScript grammar fails, the TSX grammar parses it.
    refs, errors = extract(f"const v = <div>x</div>;\n{MODEL_CALL}\n", path="app/v.ts", dialect="ts")
    assert errors == [] and [r.text for r in refs] == ["gemini-3.8-flash"]


def test_tsx_file_with_angle_cast_is_parsed_with_the_other_grammar() -> None:
    refs, errors = extract(f"const s = <string>value;\n{MODEL_CALL}\n")
    assert errors == [] and [r.text for r in refs] == ["gemini-3.8-flash"]


def test_scan_of_valid_tsx_is_clean(tmp_path) -> None:
    (tmp_path / "Dialog.tsx").write_text(
        "export const D = () => <form><h3>Model & Voice</h3><p>Terms &amp; {'&'} conditions</p></form>;\n"
    )
    result = run_cli(["scan", "--no-cache", "."], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "syntax error" not in result.stdout + result.stderr


def test_captures_come_in_document_order_whatever_the_memory_layout():
    """py-tree-sitter 0.25/0.26 hand back each capture's nodes in an order that follows memory addresses, so one
    file gave different facts from run to run (a resolution budget and first matches follow that order);
    ``Grammar.captures`` sorts them. The source is parsed under several allocation patterns."""
    from gemlint.extract.typescript.ts_grammar import get_grammar

    grammar = get_grammar("ts")
    source = b"".join(
        b"function f%d(a: string) { const x%d = g%d(a); return h(x%d, a.b(), new C(a)); }\n" % (i, i, i, i)
        for i in range(60)
    )
    for size in (0, 3000, 20000):
        junk = [bytearray(64 * (i % 7 + 1)) for i in range(size)]
        tree = grammar.parser().parse(source)
        caps = grammar.captures(grammar.main, [tree.root_node])
        assert caps.get("flowcall")
        for name, nodes in caps.items():
            keys = [(n.start_byte, -n.end_byte) for n in nodes]
            assert keys == sorted(keys), name
        del junk
