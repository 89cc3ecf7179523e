"""TypeScript/JavaScript test code whose calls never reach the API: test doubles and expected failures.

A call reports nothing (no reference, no mention) when

- its receiver is a test double: a name bound to a value built with ``vi.fn``/``jest.fn``/
  ``jasmine.createSpy(Obj)``/``sinon.stub``/``mock<T>()``/``mockDeep``/``createMock`` (an object of
  such functions included), or a member replaced by one (``ai.models.generateContent = vi.fn()``);
- it sits in a test whose transport is replaced: ``(vi|jest|sinon).spyOn(X, 'fetch')`` and other
  spies on a transport or SDK method (``request``, ``send``, ``connect``, ``generateContent``…),
  ``globalThis.fetch = …``, ``vi.stubGlobal('fetch', …)``, ``vi.mock``/``jest.mock``/``doMock`` of a
  module, ``nock(…)``, msw's ``setupServer``/``setupWorker``, ``fetchMock``. The scope is the
  ``it``/``test`` block that installs it; from ``beforeEach``/``beforeAll``, the enclosing
  ``describe``; from a ``describe`` body or module code, that ``describe`` or the file;
- it expects the failure: ``expect(X).rejects``, ``expect(() => X).toThrow…()``,
  ``expectAsync(X).toBeRejected…()``, ``assert.rejects(X)``/``assert.throws(X)``, or sits in a
  test's ``try`` block whose ``catch`` makes assertions;
- it is the expected value of an assertion: ``expect(url).toBe('…/models/…')``;
- it only looks the name up offline: ``new LocalTokenizer('…')``, ``getTokenizerName('…')``.

A hand-written double (``new FakeWebSocketFactory()``, ``new MockApiClient()``: a class named
``Fake…``/``Mock…``/``Stub…``/``Dummy…``) replaces the transport of the block that builds it.

``find`` returns ``None`` for a source with none of these words (most files), else a ``TsSilence``:
byte spans whose literals and calls report nothing (a call's model is used, silently).
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Dict, List, Optional, Set, Tuple

Node = Any  # tree_sitter.Node (imported lazily)

_MARKERS = re.compile(
    rb"\b(?:vi|jest|sinon|jasmine)\.|\bspyOn\(|\bnock\b|setupServer|setupWorker|fetchMock|\.rejects\b|"
    rb"\.toThrow|toBeRejected|assert\.(?:rejects|throws)|\.fetch\s*=|createSpy|\bmock(?:Deep)?<|createMock|"
    rb"LocalTokenizer|getTokenizerName|Fake|Stub|\bexpect\(|\bassert\b"
)
# A literal each alternative of _MARKERS contains: most files hold none, and a substring test is many times
# faster than the regex (whose alternatives begin with \b, which defeats the regex engine's prefix search).
_MARKER_WORDS = (
    b"vi.", b"jest.", b"sinon.", b"jasmine.", b"spyOn(", b"nock", b"setupServer", b"setupWorker", b"fetchMock",
    b".rejects", b".toThrow", b"toBeRejected", b"assert", b".fetch", b"createSpy", b"mock", b"createMock",
    b"LocalTokenizer", b"getTokenizerName", b"Fake", b"Stub", b"expect(",
)
_DOUBLE_VALUE = re.compile(
    r"\b(?:vi|jest)\.fn\b|\bjasmine\.createSpy(?:Obj)?\b|\bcreateSpyObj\b|\bsinon\.(?:stub|fake|mock)\b|"
    r"\bmock(?:Deep)?<|\bmockDeep\(|\bcreateMock\b|\b(?:vi|jest)\.mocked\("
)
# Spied-on methods that carry the request: replacing one replaces the transport.
TRANSPORT_METHODS = frozenset(
    (
        "fetch",
        "request",
        "_request",
        "requestStream",
        "send",
        "connect",
        "create",
        "post",
        "generateContent",
        "generateContentStream",
        "embedContent",
        "countTokens",
        "computeTokens",
        "generateImages",
        "generateVideos",
        "sendMessage",
        "sendMessageStream",
        "callTool",
    )
)
_TRANSPORT_METHOD = re.compile(r"(?i)apicall|request|fetch|websocket|connect")
_MODULE_MOCKS = frozenset(("vi.mock", "jest.mock", "vi.doMock", "jest.doMock", "jest.unstable_mockModule"))
_TRANSPORT_CALLS = frozenset(("nock", "setupServer", "setupWorker", "enableFetchMocks", "vi.stubGlobal"))
_TEST_BLOCKS = frozenset(("it", "test", "fit", "xit", "describe", "fdescribe", "xdescribe", "suite", "context"))
_EXPECT_FAILURE = re.compile(r"^\.(?:rejects\b|toThrow\w*\(|toBeRejected\w*\()")
# Matchers whose argument is the expected value, not a request: expect(url).toBe('…/models/…').
_EXPECTED_VALUE = frozenset(("toBe", "toEqual", "toStrictEqual", "toContain", "toMatch", "toHaveBeenCalledWith"))
_ASSERT_FAILURE = frozenset(("assert.rejects", "assert.throws", "assert.isRejected"))
# Calls that take a model name but look it up in a local table (the SDK's tokenizer): no API call.
OFFLINE_LOOKUPS = frozenset(("LocalTokenizer", "getTokenizerName", "loadTokenizer"))
_FAKE_CLASS = re.compile(r"^(?:Fake|Mock|Stub|Dummy)[A-Z_]")
_PATTERNS = (
    "(call_expression) @call",
    "(new_expression constructor: [(identifier) (member_expression)] @ctor) @new",
    "(try_statement body: (statement_block) @trybody handler: (catch_clause body: (statement_block) @catchbody))",
    "(assignment_expression left: (member_expression) @left right: (_) @right)",
    "(variable_declarator name: (identifier) @name value: (_) @value)",
)
_QUERIES: Dict[str, Any] = {}


class TsSilence:
    """Byte spans where nothing is reported: expected failures, scopes of replaced transports, calls on doubles."""

    def __init__(self) -> None:
        self.spans: List[Tuple[int, int]] = []
        self._starts: List[int] = []
        self._ends: List[int] = []

    def finish(self) -> None:
        merged: List[Tuple[int, int]] = []
        for s, e in sorted(self.spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self.spans = merged
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def covers(self, node: Node) -> bool:
        """A node inside a silenced span (a call on a double is one)."""
        i = bisect.bisect_right(self._starts, node.start_byte) - 1
        return i >= 0 and node.start_byte < self._ends[i]


def _name(f, node: Optional[Node]) -> str:
    """``vi.spyOn`` for the function of a call (text without spaces, calls cut), ``""`` when too long."""
    if node is None or node.end_byte - node.start_byte > 120:
        return ""
    return re.sub(r"\s+", "", f.text(node))


def _args(call: Node) -> List[Node]:
    args = call.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []


def _string(f, node: Optional[Node]) -> Optional[str]:
    if node is None or node.type not in ("string", "template_string"):
        return None
    lit = f.literal(node)
    return lit.value if lit is not None and lit.static else None


def find(f) -> Optional[TsSilence]:
    """The silenced spans and calls of one parsed file (``TsFile``), or None when it has no test double."""
    if not any(word in f.src for word in _MARKER_WORDS) or _MARKERS.search(f.src) is None:
        return None
    query = _QUERIES.get(f.g.name)
    if query is None:
        query = _QUERIES[f.g.name] = f.g._compile(_PATTERNS)
    caps = f.g.captures(query, f.roots)
    silence = TsSilence()
    doubles: Set[str] = set()
    for name, value in zip(caps.get("name", ()), caps.get("value", ())):
        if value.end_byte - value.start_byte < 4000 and _DOUBLE_VALUE.search(f.text(value)):
            doubles.add(f.text(name))
    for left, right in zip(caps.get("left", ()), caps.get("right", ())):
        target = _name(f, left)
        if target.endswith(".fetch") and target.count(".") == 1:
            _install(f, silence, left)  # globalThis.fetch = vi.fn()
        elif right.end_byte - right.start_byte < 4000 and _DOUBLE_VALUE.search(f.text(right)):
            doubles.add(target)
    for ctor in caps.get("ctor", ()):  # new FakeWebSocketFactory(): a hand-written double of the transport
        cls = _name(f, ctor).rsplit(".", 1)[-1]
        if _FAKE_CLASS.match(cls):
            _install(f, silence, ctor)
        elif cls in OFFLINE_LOOKUPS and ctor.parent is not None:
            silence.spans.append((ctor.parent.start_byte, ctor.parent.end_byte))
    for body, handler in zip(caps.get("trybody", ()), caps.get("catchbody", ())):
        # try { await call() } catch (e) { expect(e)… }: the test expects the failure
        if handler.end_byte - handler.start_byte < 4000 and re.search(r"\b(?:expect|assert)\b", f.text(handler)):
            if _block(f, body) is not None:
                silence.spans.append((body.start_byte, body.end_byte))
    calls = caps.get("call", ())
    for call in calls:
        fn = call.child_by_field_name("function")
        args = _args(call)
        if args and args[0].type in ("string", "template_string") and _expected_value(f, fn):
            silence.spans.append((args[0].start_byte, args[0].end_byte))
        name = _name(f, fn)
        if not name:
            continue
        last = name.rsplit(".", 1)[-1]
        if last in OFFLINE_LOOKUPS:
            silence.spans.append((call.start_byte, call.end_byte))

        elif last == "spyOn" or name in ("sinon.stub", "sinon.replace"):
            method = _string(f, args[1]) if len(args) > 1 else None
            if method is not None and (method in TRANSPORT_METHODS or _TRANSPORT_METHOD.search(method)):
                _install(f, silence, call)
        elif name in _MODULE_MOCKS or name in _TRANSPORT_CALLS or name.startswith("fetchMock."):
            _install(f, silence, call)
        elif name in ("expect", "expectAsync") and args:
            after = f.src[call.end_byte : call.end_byte + 40].decode("utf-8", "replace")
            if _EXPECT_FAILURE.match(re.sub(r"\s+", "", after)):
                silence.spans.append((args[0].start_byte, args[0].end_byte))
        elif name in _ASSERT_FAILURE and args:
            silence.spans.append((args[0].start_byte, args[0].end_byte))
        if doubles and fn is not None and fn.type == "member_expression":
            receiver = _name(f, fn.child_by_field_name("object"))
            parts = receiver.split(".")
            if any(".".join(parts[:i]) in doubles for i in range(1, len(parts) + 1)) or name in doubles:
                silence.spans.append((call.start_byte, call.end_byte))
    silence.finish()
    if silence.spans:  # names a silenced call takes from elsewhere (ask(MODEL)) are used, and reported nowhere
        for call in calls:
            if silence.covers(call):
                for arg in _args(call):
                    if arg.type in ("identifier", "member_expression"):
                        f.consumed.update(leaf.id for leaf in f.resolve(arg))
    return silence if silence.spans else None


def _expected_value(f, fn: Optional[Node]) -> bool:
    """``expect(…).toBe`` (``.not``/``.resolves`` between them too): the argument is the expected value."""
    if fn is None or fn.type != "member_expression":
        return False
    prop = fn.child_by_field_name("property")
    if prop is None or f.text(prop) not in _EXPECTED_VALUE:
        return False
    obj = fn.child_by_field_name("object")
    while obj is not None and obj.type == "member_expression":
        obj = obj.child_by_field_name("object")
    return obj is not None and obj.type == "call_expression" and _name(f, obj.child_by_field_name("function")) in (
        "expect",
        "expectAsync",
    )


def _install(f, silence: TsSilence, node: Node) -> None:
    """A transport replaced at ``node``: silence the test block (or describe, or file) that holds it."""
    block = _block(f, node)
    if block is None:
        silence.spans.append((0, len(f.src)))
    else:
        silence.spans.append((block.start_byte, block.end_byte))


def _block(f, node: Node) -> Optional[Node]:
    """The ``it``/``test``/``describe`` call around ``node`` (from a ``beforeEach``: its describe)."""
    parent = node.parent
    while parent is not None:
        if parent.type == "call_expression":
            name = _name(f, parent.child_by_field_name("function"))
            if name.split(".", 1)[0] in _TEST_BLOCKS:
                return parent
        parent = parent.parent
    return None
