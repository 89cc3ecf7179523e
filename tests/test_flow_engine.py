"""The value-flow engine (gemlint/flow) on hand-built facts: the contract every extractor emits into.

Each test builds ``FileResult``s with ``Export``/``PendingUse``/``Write`` records as an
extractor would (Python or TypeScript alike) and links them; the files exist on disk only
so that module specifiers resolve.
"""

from __future__ import annotations

import pathlib
from typing import Dict, List

from gemlint.flow import MAX_DEPTH, link, route
from gemlint.types import (
    FIELD,
    IMPORT,
    IMPORTS,
    STORE,
    CallSite,
    Export,
    FileResult,
    Location,
    ModelRef,
    PendingUse,
    Symbol,
    Write,
)

LIVE = CallSite("live.connect", "bidiGenerateContent", Location("voice.py", 10, 5))


def lit(path: str, line: int, text: str = "gemini-x") -> ModelRef:
    return ModelRef(text, Location(path, line, 1))


def files(root: pathlib.Path, names: List[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")


def run(root: pathlib.Path, results: List[FileResult]) -> Dict[str, List[ModelRef]]:
    """path -> the refs that gained a call site."""
    out = link(results, lambda path: None, str(root))
    return {r.path: [x for x in r.refs if x.site is not None] for r in out}


def result(root: pathlib.Path, name: str, **facts) -> FileResult:
    return FileResult(str(root / name), digest="d", **facts)


def sink(name: str) -> PendingUse:
    return PendingUse(LIVE, Symbol(IMPORT, "", name))


def voice(root: pathlib.Path) -> FileResult:
    """``def open_session(model): live.connect(model=model)``: the sink and the positional alias."""
    alias = Export("open_session#model", (), (Symbol(IMPORT, "", "open_session#0"),))
    return result(root, "voice.py", exports=(alias,), pending=(sink("open_session#model"),))


def test_an_argument_written_by_position_reaches_the_parameter_sink(tmp_path):
    files(tmp_path, ["voice.py", "app.py"])
    ref = lit(str(tmp_path / "app.py"), 5)
    app = result(tmp_path, "app.py", writes=(Write(Symbol(IMPORT, ".voice", "open_session#0"), (ref,)),))
    found = run(tmp_path, [voice(tmp_path), app])[str(tmp_path / "app.py")]
    assert [(r.text, r.site, r.approximate) for r in found] == [("gemini-x", LIVE, False)]
    assert route(found[0].via) == "open_session(model)"


def test_a_write_into_another_parameter_reaches_nothing(tmp_path):
    files(tmp_path, ["voice.py", "app.py"])
    ref = lit(str(tmp_path / "app.py"), 5)
    app = result(tmp_path, "app.py", writes=(Write(Symbol(IMPORT, ".voice", "open_session#1"), (ref,)),))
    assert run(tmp_path, [voice(tmp_path), app])[str(tmp_path / "app.py")] == []


def test_writes_follow_re_exports_to_the_defining_file(tmp_path):
    files(tmp_path, ["pkg/__init__.py", "pkg/voice.py", "app.py"])
    reexport = Export("open_session", (), (Symbol(IMPORT, ".voice", "open_session"),))
    init = result(tmp_path, "pkg/__init__.py", exports=(reexport,))
    alias = Export("open_session#model", (), (Symbol(IMPORT, "", "open_session#0"),))
    inner = result(tmp_path, "pkg/voice.py", exports=(alias,), pending=(sink("open_session#model"),))
    ref = lit(str(tmp_path / "app.py"), 3)
    app = result(tmp_path, "app.py", writes=(Write(Symbol(IMPORT, "pkg", "open_session#0"), (ref,)),))
    found = run(tmp_path, [init, inner, app])[str(tmp_path / "app.py")]
    assert [r.site for r in found] == [LIVE]


def test_a_symbol_in_a_write_is_followed_from_the_writing_file(tmp_path):
    files(tmp_path, ["voice.py", "settings.py"])
    field = Export("Settings.live_model", (lit(str(tmp_path / "settings.py"), 5),))
    settings = result(tmp_path, "settings.py", exports=(field,))
    write = Write(Symbol(IMPORT, "", "open_session#0"), (), (Symbol(IMPORT, ".settings", "Settings.live_model"),))
    v = voice(tmp_path)._replace(writes=(write,))
    found = run(tmp_path, [v, settings])[str(tmp_path / "settings.py")]
    assert [(r.site, r.approximate) for r in found] == [(LIVE, False)]
    assert route(found[0].via) == "Settings.live_model → open_session(model)"


def test_store_and_field_steps_are_approximate_and_approximate_writes_stay_so(tmp_path):
    files(tmp_path, ["a.ts", "b.ts", "c.ts"])
    store = Symbol(STORE, "url", "model")
    field = Symbol(FIELD, "", "model")
    a = result(tmp_path, "a.ts", writes=(Write(store, (lit(str(tmp_path / "a.ts"), 1),)),))
    b = result(tmp_path, "b.ts", writes=(Write(field, (lit(str(tmp_path / "b.ts"), 2),)),))
    exact = Write(Symbol(IMPORT, "", "x"), (lit(str(tmp_path / "c.ts"), 3),), approximate=True)
    link = Export(IMPORTS, (), (Symbol(IMPORT, "./b", ""),))  # a field matched by name: c.ts imports b.ts
    c = result(
        tmp_path,
        "c.ts",
        exports=(link,),
        writes=(exact,),
        pending=(PendingUse(LIVE, store), PendingUse(LIVE, field), sink("x")),
    )
    found = run(tmp_path, [a, b, c])
    for name in ("a.ts", "b.ts", "c.ts"):
        assert [(r.site, r.approximate) for r in found[str(tmp_path / name)]] == [(LIVE, True)], name


def test_a_return_value_merging_several_callers_is_approximate(tmp_path):
    # def pick(m): return m  -- called as pick("a") and pick("b"); live.connect(model=pick(...))
    files(tmp_path, ["lib.py", "one.py", "two.py"])
    ret = Export("pick()", (), (Symbol(IMPORT, "", "pick#0"),))
    lib = result(tmp_path, "lib.py", exports=(ret,), pending=(sink("pick()"),))
    one = result(
        tmp_path, "one.py", writes=(Write(Symbol(IMPORT, ".lib", "pick#0"), (lit(str(tmp_path / "one.py"), 1),)),)
    )
    found = run(tmp_path, [lib, one])
    assert [r.approximate for r in found[str(tmp_path / "one.py")]] == [False]  # one caller: exact
    two = result(
        tmp_path, "two.py", writes=(Write(Symbol(IMPORT, ".lib", "pick#0"), (lit(str(tmp_path / "two.py"), 1),)),)
    )
    found = run(tmp_path, [lib, one, two])
    assert [r.approximate for r in found[str(tmp_path / "one.py")]] == [True]
    assert [r.approximate for r in found[str(tmp_path / "two.py")]] == [True]


def test_a_cycle_ends_and_keeps_the_values_on_it(tmp_path):
    # a.X = b.Y, b.Y = a.X or "lit": the literal reaches X's call site once; the cycle ends
    files(tmp_path, ["a.py", "b.py"])
    a = result(tmp_path, "a.py", exports=(Export("X", (), (Symbol(IMPORT, ".b", "Y"),)),), pending=(sink("X"),))
    ref = lit(str(tmp_path / "b.py"), 1)
    b = result(tmp_path, "b.py", exports=(Export("Y", (ref,), (Symbol(IMPORT, ".a", "X"),)),))
    found = run(tmp_path, [a, b])
    assert [r.location for r in found[str(tmp_path / "b.py")]] == [ref.location]


def test_a_chain_longer_than_the_depth_bound_is_cut(tmp_path):
    names = [f"m{i}.py" for i in range(MAX_DEPTH + 3)]
    files(tmp_path, names)
    results = []
    for i, name in enumerate(names[:-1]):
        nxt = names[i + 1][:-3]
        results.append(result(tmp_path, name, exports=(Export("X", (), (Symbol(IMPORT, f".{nxt}", "X"),)),)))
    last = lit(str(tmp_path / names[-1]), 1)
    results.append(result(tmp_path, names[-1], exports=(Export("X", (last,)),)))
    results[0] = results[0]._replace(pending=(sink("X"),))
    assert run(tmp_path, results)[str(tmp_path / names[-1])] == []
    # the same chain cut short reaches
    short = results[-4:]
    short[0] = short[0]._replace(pending=(sink("X"),))
    assert len(run(tmp_path, short)[str(tmp_path / names[-1])]) == 1


def _canonical_calls(monkeypatch) -> List[int]:
    from gemlint.flow import graph

    calls = [0]
    original = graph.Flow._canonical

    def counted(self, *args):
        calls[0] += 1
        return original(self, *args)

    monkeypatch.setattr(graph.Flow, "_canonical", counted)
    return calls


def test_a_value_that_holds_a_step_on_itself_is_not_followed_name_by_growing_name(tmp_path, monkeypatch):
    # `const items = getSaved()` and `return items.map(…)` in one file (bindings by name): getSaved() holds
    # getSaved().map() and getSaved().filter().map(), each a step on itself. Read as aliases, every name grew
    # without end: 786,431 look-ups for one write in a real app (two minutes), up to the depth bound.
    files(tmp_path, ["store.js"])
    ref = lit(str(tmp_path / "store.js"), 9)
    grows = Export(
        "getSaved()", (), (Symbol(IMPORT, "", "getSaved().map()"), Symbol(IMPORT, "", "getSaved().filter().map()"))
    )
    write = Write(Symbol(IMPORT, "", "getSaved().filter().map().filter()#0"), (ref,))
    store = result(tmp_path, "store.js", exports=(grows,), writes=(write,), pending=(sink("getSaved()#0"),))
    calls = _canonical_calls(monkeypatch)
    assert run(tmp_path, [store])[str(tmp_path / "store.js")] == []
    assert calls[0] <= 8


def test_the_names_one_symbol_visits_are_bounded(tmp_path, monkeypatch):
    # aliases that fan out into ever new names (here through another file each time, four ways: 4**16 names up to
    # the depth bound) stop at MAX_SPELLINGS names visited
    from gemlint.flow.graph import MAX_SPELLINGS

    files(tmp_path, ["a.js", "b.js"])
    fan = tuple(Symbol(IMPORT, "./b", f"T{i}.x") for i in range(4))
    a = result(tmp_path, "a.js", exports=(Export("T", (), fan),), pending=(sink("T.z#0"),))
    back = tuple(Symbol(IMPORT, "./a", f"T.y{i}") for i in range(4))
    b = result(tmp_path, "b.js", exports=tuple(Export(f"T{i}", (), back) for i in range(4)))
    write = Write(Symbol(IMPORT, "./a", "T.z#0"), (lit(str(tmp_path / "b.js"), 1),))
    b = b._replace(writes=(write,))
    calls = _canonical_calls(monkeypatch)
    run(tmp_path, [a, b])
    assert MAX_SPELLINGS <= calls[0] <= 16 * MAX_SPELLINGS  # a few symbols, each its own search (4**16 unbounded)
