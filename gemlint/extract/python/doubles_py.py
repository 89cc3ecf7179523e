"""Python test code whose calls never reach the API: test doubles and expected failures.

A call reports nothing (no reference, no mention) when

- its receiver is a test double: a name or attribute bound to ``Mock``/``MagicMock``/
  ``AsyncMock``/``create_autospec(…)`` (or derived from one: ``fake.models.return_value``),
  to the object a patcher yields (``with mock.patch…(…) as fake``, ``fake = mocker.patch(…)``),
  or injected by a ``@mock.patch…`` decorator;
- it sits in a test whose transport is replaced: ``respx``, ``responses``, ``aioresponses``,
  ``requests_mock``, ``httpx.MockTransport``, the ``httpx_mock``/``respx_mock``/``requests_mock``
  fixtures, or a patch of the client or of its transport (``send``, ``request``,
  ``_request_once``, ``ws_connect``, a ``client`` attribute, an SDK method such as
  ``generate_content``). The scope is the function that installs it (a ``setUp`` method: its
  class; a pytest fixture: every test of the file taking it, all of them when ``autouse``;
  module code: the module);
- it expects the failure: inside ``with pytest.raises(…)`` / ``self.assertRaises(…)`` or passed
  to their call forms, or in a test's ``try`` block whose ``except`` checks the error;
- it only looks the name up offline: the SDK's local tokenizer (``LocalTokenizer(model_name=…)``,
  ``get_tokenizer_name(…)``) reads its own table; ``_build_request`` builds a request it never sends.

The expected text of an assertion (``assert request.url == '…/models/…'``) is no reference either.

``find`` returns ``None`` for a source with none of these words (most files), else a ``Silence``
that the extractor asks about each call and each literal.
"""

from __future__ import annotations

import ast
import bisect
import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

from gemlint.extract.names import LoadedRe2
from gemlint.extract.python.nodes import _CHILD_FIELDS, child_fields

# Words without one of which a chunk holds nothing this module finds (``find`` skips the walk).
MARKERS = (
    "mock",  # mock, mocker, respx.mock, requests_mock
    "Mock",  # MagicMock, AsyncMock, MockTransport
    "respx",
    "aioresponse",  # aioresponses(), the aioresponses / mock_aioresponse fixtures
    "assertRaises",
    "failUnlessRaises",
    "monkeypatch",
    "okenizer",  # LocalTokenizer, get_tokenizer_name
    "_build_request",
    "assert",
    "Fake",
    "Stub",
    "Dummy",  # DummyClient()
    "pytest_httpx",
    "setattr",  # setattr(client, "send", fake)
)
# Words that count only in code form: docstrings say "Raises:", notebooks name lists ``responses`` and image
# ``patches``; a call (``pytest.raises(``), a dotted name (``mock.patch.object``, ``responses.add``) counts.
_CODE_MARKERS = {
    "patch": re.compile(r"\bpatch\s*[(.]|\.\s*patch\b", re.ASCII),  # ASCII \b and \s, as google-re2's
    "raises": re.compile(r"\braises\s*\(", re.ASCII),
    "responses": re.compile(r"\bresponses\s*\.", re.ASCII),
}


def may_hold_doubles(text: str) -> bool:
    """False when ``text`` cannot hold a test double, an expected failure or an offline lookup (cheap).

    One google-re2 pass once a large scan has loaded it (``names.LoadedRe2``), else a substring test per word.
    """
    gate = _GATE_RE2.get()
    return gate.search(text) is not None if gate is not None else by_words(text)


def gate_pattern() -> str:
    """``may_hold_doubles`` as one regular expression (for google-re2)."""
    return "|".join([re.escape(m) for m in MARKERS] + [p.pattern for p in _CODE_MARKERS.values()])


def by_words(text: str) -> bool:
    """``may_hold_doubles`` without google-re2: a substring test per word, the code words' patterns after."""
    if any(m in text for m in MARKERS):
        return True
    return any(word in text and pattern.search(text) for word, pattern in _CODE_MARKERS.items())


_GATE_RE2 = LoadedRe2(gate_pattern())
MOCK_FACTORIES = frozenset(
    (
        "Mock",
        "MagicMock",
        "AsyncMock",
        "NonCallableMock",
        "NonCallableMagicMock",
        "create_autospec",
        "PropertyMock",
        "MockTransport",
    )
)
# Attributes whose replacement takes the request away from the network.
TRANSPORT_ATTRS = frozenset(
    (
        "send",
        "request",
        "_request",
        "_request_once",
        "async_request",
        "_async_request",
        "_async_request_once",
        "request_streamed",
        "async_request_streamed",
        "_request_streamed",
        "_async_request_streamed",
        "ws_connect",
        "connect",
        "urlopen",
        "post",
        "generate_content",
        "generate_content_stream",
        "_generate_content",
        "_generate_content_stream",
        "embed_content",
        "send_message",
        "send_message_stream",
    )
)
# Fixtures (pytest plugins) that replace the HTTP transport for the test taking them.
TRANSPORT_FIXTURES = frozenset(("httpx_mock", "respx_mock", "requests_mock", "aioresponses", "mock_aioresponse"))
TRANSPORT_MODULES = frozenset(("respx", "responses", "aioresponses", "requests_mock", "pytest_httpx"))
RAISES = frozenset(("raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "failUnlessRaises"))
SETUP_METHODS = frozenset(("setUp", "asyncSetUp", "setUpClass", "setup_method", "setup_class", "setup"))
# Calls that take a model name but look it up offline (a tokenizer's own table): not API call sites.
# ``_build_request`` builds the SDK's HTTP request without sending it.
OFFLINE_LOOKUPS = frozenset(
    ("LocalTokenizer", "get_tokenizer_name", "_get_tokenizer_name", "load_model_proto", "_build_request")
)

# A hand-written double: FakeClient(), MockApiClient(), StubTransport().
_FAKE_CLASS = re.compile(r"^(?:Fake|Mock|Stub|Dummy)[A-Z_]")
_Span = Tuple[int, int, int, int, int]  # chunk, start line, start col, end line, end col (ast's byte columns)
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _dotted(node: ast.AST) -> Tuple[str, ...]:
    parts: List[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Await):
            node = node.value
        else:
            break
    if isinstance(node, ast.Name):
        parts.append(node.id)
    else:
        return ()
    return tuple(reversed(parts))


def _plain(parts: Tuple[str, ...]) -> Tuple[str, ...]:
    """The dotted name up to its first call: ``fake.models`` for ``fake.models.x().y``."""
    out: List[str] = []
    for p in parts:
        if p == "()":
            break
        out.append(p)
    return tuple(out)


def _span(chunk: int, node: ast.AST) -> _Span:
    return (chunk, node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0)


def _const(node: Optional[ast.AST]) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_patcher(parts: Tuple[str, ...]) -> bool:
    """``mock.patch``, ``patch.object``, ``mocker.patch.object``, ``patch.dict``…"""
    return bool(parts) and ("patch" in parts[-2:] or parts[-1] == "setattr") and "()" not in parts


def _patch_replaces_transport(call: ast.Call) -> bool:
    """A patch of the client, of its transport or of an SDK method."""
    parts = _dotted(call.func)
    if not parts:
        return False
    target: Tuple[str, ...] = ()
    if parts[-1] == "object" or (parts[-1] == "setattr" and len(call.args) >= 3):
        attr = _const(call.args[1]) if len(call.args) > 1 else None
        owner = _dotted(call.args[0]) if call.args else ()
        target = owner + ((attr,) if attr else ())
    elif call.args and _const(call.args[0]):
        target = tuple(_const(call.args[0]).split("."))
    if not target:
        return False
    last = target[-1]
    return (
        last in TRANSPORT_ATTRS
        or "client" in last.lower()
        or (target[:2] == ("google", "genai") and len(target) <= 3)
    )


def _installs_transport(call: ast.Call) -> bool:
    parts = _dotted(call.func)
    if not parts:
        return False
    if parts[0] in TRANSPORT_MODULES or parts[-1] in ("MockTransport", "aioresponses", "Mocker"):
        return True
    if _FAKE_CLASS.match(parts[-1]):
        return True
    if parts[-1] in MOCK_FACTORIES:  # MagicMock(spec=BaseApiClient), create_autospec(genai.Client)
        spec = next((k.value for k in call.keywords if k.arg in ("spec", "spec_set")), None)
        spec = spec if spec is not None else (call.args[0] if call.args else None)
        return spec is not None and "client" in ".".join(_dotted(spec)).lower()
    return _is_patcher(parts) and _patch_replaces_transport(call)


class Silence:
    """Where a file's calls and literals report nothing (see the module docstring)."""

    def __init__(self) -> None:
        self.spans: List[_Span] = []
        self._merged: Dict[int, Tuple[List[Tuple[int, int]], List[Tuple[int, int]]]] = {}

    def finish(self) -> None:
        """Merge overlapping spans per chunk, for ``covers`` to bisect."""
        by_chunk: Dict[int, List[Tuple[Tuple[int, int], Tuple[int, int]]]] = {}
        for c, sl, sc, el, ec in sorted(self.spans):
            spans = by_chunk.setdefault(c, [])
            if spans and (sl, sc) <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], (el, ec)))
            else:
                spans.append(((sl, sc), (el, ec)))
        self._merged = {c: ([s for s, _ in v], [e for _, e in v]) for c, v in by_chunk.items()}

    def covers(self, chunk: int, node: ast.AST) -> bool:
        """True when ``node`` (a literal or a call) lies in a silenced span (a call on a double is one)."""
        found = self._merged.get(chunk)
        if found is None:
            return False
        starts, ends = found
        where = (node.lineno, node.col_offset)
        i = bisect.bisect_right(starts, where) - 1
        return i >= 0 and where < ends[i]


def find(units: Dict[int, object]) -> Optional[Silence]:
    """The silenced calls and spans of a file's parsed chunks (``_Parsed`` with ``.tree``/``.chunk.text``)."""
    silence = Silence()
    for chunk, unit in units.items():
        if may_hold_doubles(unit.chunk.text):  # each chunk (a notebook cell) has a _Finder of its own
            _Finder(silence, chunk).run(unit.tree)
    silence.finish()
    return silence if silence.spans else None


class _Finder:
    def __init__(self, silence: Silence, chunk: int) -> None:
        self.s = silence
        self.chunk = chunk
        self.fixtures: Dict[str, bool] = {}  # fixture name -> autouse, for fixtures that install a transport
        self.funcs: List[Tuple[ast.AST, Tuple[ast.AST, ...], Optional[ast.ClassDef]]] = []
        # scope node (function, class or None for the module) -> dotted names of doubles
        self.mocks: Dict[Optional[ast.AST], Set[Tuple[str, ...]]] = {}
        self.calls: List[Tuple[ast.Call, Tuple[ast.AST, ...], Optional[ast.ClassDef]]] = []
        self.installers: Set[str] = set()  # functions of the file that replace the transport

    def run(self, tree: ast.Module) -> None:
        self._walk(tree)
        # a test calling a helper of the file that replaces the transport (or builds a mocked API client)
        for _ in range(3):
            before = len(self.installers)
            for call, scope, cls in self.calls:
                if scope and isinstance(call.func, ast.Name) and call.func.id in self.installers:
                    if scope[-1].name not in self.installers:
                        self._install(scope[-1], scope[:-1], cls)
            if len(self.installers) == before:
                break
        for fn, _scope, _cls in self.funcs:  # tests taking a fixture that replaces the transport
            if isinstance(fn, _FUNCS) and any(a.arg in self.fixtures for a in _params(fn)):
                self.s.spans.append(_span(self.chunk, fn))
        if any(self.fixtures.values()):  # an autouse fixture: every test of the module
            self.s.spans.append((self.chunk, 1, 0, 10**9, 0))
        doubles = {fn.name for fn, scope, cls in self.funcs if _is_fixture(fn) and self._returns_double(fn, scope, cls)}
        for fn, _, _ in self.funcs:  # a fixture that returns a double: the test's parameter is one
            for arg in _params(fn):
                if arg.arg in doubles:
                    self.mocks.setdefault(fn, set()).add((arg.arg,))
        for call, scope, cls in self.calls:
            parts = _plain(_dotted(call.func))
            if len(parts) > 1 and self._is_mock(parts[:-1], scope, cls):
                self.s.spans.append(_span(self.chunk, call))

    def _returns_double(self, fn: ast.AST, scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> bool:
        inner = scope + (fn,)
        for node in ast.walk(fn):
            value = getattr(node, "value", None) if isinstance(node, (ast.Return, ast.Yield)) else None
            if value is not None and self._double_value(value, inner, cls):
                return True
        return False

    def _is_mock(self, parts: Tuple[str, ...], scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> bool:
        keys: List[Optional[ast.AST]] = [None, *scope]
        if parts[0] in ("self", "cls") and cls is not None:
            keys.append(cls)
        for key in keys:
            found = self.mocks.get(key)
            if found and any(parts[:i] in found for i in range(1, len(parts) + 1)):
                return True
        return False

    def _mark(self, key: Optional[ast.AST], target: ast.AST, cls: Optional[ast.ClassDef]) -> None:
        parts = _plain(_dotted(target))
        if not parts:
            return
        if parts[0] in ("self", "cls") and cls is not None:
            key = cls
        self.mocks.setdefault(key, set()).add(parts)

    def _walk(self, tree: ast.Module) -> None:
        # (node, enclosing functions, class, owner of installed transports: function/class/None=module)
        stack: List[Tuple[ast.AST, Tuple[ast.AST, ...], Optional[ast.ClassDef]]] = [(tree, (), None)]
        assigns: List[Tuple[ast.AST, ast.AST, Tuple[ast.AST, ...], Optional[ast.ClassDef]]] = []
        AST, children = ast.AST, _CHILD_FIELDS
        while stack:
            node, scope, cls = stack.pop()
            kind = type(node)
            if kind in _FUNCS:
                self.funcs.append((node, scope, cls))
                self._function(node, scope, cls)
                for child in node.decorator_list:
                    stack.append((child, scope, cls))
                for child in node.body:
                    stack.append((child, scope + (node,), cls))
                continue
            if kind is ast.ClassDef:
                for child in node.body:
                    stack.append((child, scope, node))
                continue
            if kind in (ast.With, ast.AsyncWith):
                self._with(node, scope, cls)
            elif kind is ast.Try and node.body and any(fn.name.startswith("test") for fn in scope):
                if any(_asserts(h.body) for h in node.handlers):  # try: call() except E as e: assert …
                    first, last = node.body[0], node.body[-1]
                    self.s.spans.append(
                        (
                            self.chunk, first.lineno, first.col_offset,
                            last.end_lineno or last.lineno, last.end_col_offset or 0,
                        )
                    )
            elif kind is ast.Assert and isinstance(node.test, ast.Compare):
                for side in [node.test.left, *node.test.comparators]:  # assert url == '…': the expected text
                    if _const(side) is not None:
                        self.s.spans.append(_span(self.chunk, side))
            elif kind is ast.Call:
                self.calls.append((node, scope, cls))
                self._call(node, scope, cls)
            elif kind in (ast.Assign, ast.AnnAssign) and node.value is not None:
                targets = node.targets if kind is ast.Assign else [node.target]
                for t in targets:
                    assigns.append((t, node.value, scope, cls))
            fields = children.get(kind)
            for field in fields if fields is not None else child_fields(kind):  # ast.iter_child_nodes, cheaper
                value = getattr(node, field, None)
                if type(value) is list:
                    for child in value:
                        if isinstance(child, AST):
                            stack.append((child, scope, cls))
                elif value is not None and isinstance(value, AST):
                    stack.append((value, scope, cls))
        # names bound to doubles, and names derived from them (a few rounds: fake -> session -> reply)
        for _ in range(3):
            for target, value, scope, cls in assigns:
                key = scope[-1] if scope else None
                if self._double_value(value, scope, cls):
                    self._mark(key, target, cls)

    def _double_value(self, value: ast.AST, scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> bool:
        if isinstance(value, ast.Await):
            value = value.value
        parts = _dotted(value)
        if not parts:
            return False
        plain = _plain(parts)
        if isinstance(value, ast.Call) and plain and (plain[-1] in MOCK_FACTORIES or _FAKE_CLASS.match(plain[-1])):
            return True
        if isinstance(value, ast.Call) and _is_patcher(plain) and plain[-1] != "setattr":
            return True  # fake = mocker.patch(...)
        if plain and plain[-1] == "start" and len(plain) > 1 and _is_patcher(plain[:-1]):
            return True  # fake = mock.patch(...).start()
        return bool(plain) and self._is_mock(plain, scope, cls)

    def _function(self, fn: ast.AST, scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> None:
        injected = 0
        for deco in fn.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            parts = _plain(_dotted(call.func if call is not None else deco))
            if not parts:
                continue
            if parts[0] in TRANSPORT_MODULES or parts[-1] in ("activate", "Mocker"):
                self._install(fn, scope, cls)  # @respx.mock, @responses.activate, @aioresponses()
            elif _is_patcher(parts) and call is not None:
                positional_new = 3 if parts[-1] == "object" else 2
                if not any(k.arg == "new" for k in call.keywords) and len(call.args) < positional_new:
                    injected += 1
                if _patch_replaces_transport(call):
                    self._install(fn, scope, cls)
        params = _params(fn)
        if params and params[0].arg in ("self", "cls"):
            params = params[1:]
        for arg in params[:injected]:  # @mock.patch(...) passes its mock as the first arguments
            self.mocks.setdefault(fn, set()).add((arg.arg,))
        if any(a.arg in TRANSPORT_FIXTURES for a in params):
            self._install(fn, scope, cls)

    def _install(self, fn: Optional[ast.AST], scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> None:
        """A transport replaced in ``fn`` (None: module code): silence its scope."""
        if fn is None:
            self.s.spans.append((self.chunk, 1, 0, 10**9, 0))
            return
        self.installers.add(fn.name)
        if _is_fixture(fn):
            self.fixtures[fn.name] = _is_autouse(fn)
        if fn.name in SETUP_METHODS and cls is not None:
            self.s.spans.append(_span(self.chunk, cls))
        start = min([fn.lineno] + [d.lineno for d in fn.decorator_list])
        self.s.spans.append((self.chunk, start, 0, fn.end_lineno or fn.lineno, fn.end_col_offset or 0))

    def _call(self, call: ast.Call, scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> None:
        parts = _plain(_dotted(call.func))
        if parts and parts[-1] in OFFLINE_LOOKUPS:
            self.s.spans.append(_span(self.chunk, call))  # a local tokenizer's own table: no API call
        if parts and parts[-1] in RAISES and len(call.args) > 1:
            self.s.spans.append(_span(self.chunk, call))  # pytest.raises(E, fn, *args)
        if _installs_transport(call):
            self._install(scope[-1] if scope else None, scope[:-1], cls)

    def _with(self, node: ast.AST, scope: Tuple[ast.AST, ...], cls: Optional[ast.ClassDef]) -> None:
        key = scope[-1] if scope else None
        for item in node.items:
            expr = item.context_expr
            parts = _plain(_dotted(expr.func)) if isinstance(expr, ast.Call) else ()
            if parts and parts[-1] in RAISES and node.body:
                first, last = node.body[0], node.body[-1]
                self.s.spans.append(
                    (
                        self.chunk, first.lineno, first.col_offset,
                        last.end_lineno or last.lineno, last.end_col_offset or 0,
                    )
                )
            elif parts and _is_patcher(parts) and item.optional_vars is not None:
                self._mark(key, item.optional_vars, cls)  # with mock.patch(...) as fake


def _asserts(body: List[ast.stmt]) -> bool:
    """An ``except`` body that checks the error: an ``assert``, ``self.assert…(…)`` or ``pytest.fail``."""
    for node in (n for stmt in body for n in ast.walk(stmt)):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            last = _plain(_dotted(node.func))[-1:]
            if last and (last[0].startswith("assert") or last[0] == "fail"):
                return True
    return False


def _params(fn: ast.AST) -> List[ast.arg]:
    args = fn.args
    return args.posonlyargs + args.args + args.kwonlyargs


def _is_fixture(fn: ast.AST) -> bool:
    return any(
        _plain(_dotted(d.func if isinstance(d, ast.Call) else d))[-1:] == ("fixture",) for d in fn.decorator_list
    )


def _is_autouse(fn: ast.AST) -> bool:
    for d in fn.decorator_list:
        if isinstance(d, ast.Call) and _plain(_dotted(d.func))[-1:] == ("fixture",):
            return any(k.arg == "autouse" and isinstance(k.value, ast.Constant) and k.value.value for k in d.keywords)
    return False


def offline_lookup(parts: Iterable[str]) -> bool:
    """A call that takes a model name but never reaches the API (the SDK's local tokenizer)."""
    parts = tuple(parts)
    return bool(parts) and parts[-1] in OFFLINE_LOOKUPS
