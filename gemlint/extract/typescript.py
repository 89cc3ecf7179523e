"""Model references in TypeScript, TSX and JavaScript, found with tree-sitter.

The source is parsed once; a few tree-sitter queries (compiled once per grammar
and process) pick out the nodes that matter: SDK calls, string and template
literals, Live ``{ setup: { model } }`` objects and ``vertexai: true``. Values
are resolved inside the file: literals, ``const``/``let``/``var`` bindings (by
name, every binding of that name), shorthand properties, object properties and
``CONFIG.model``, ternaries, ``a || 'x'`` / ``a ?? 'x'``, parameter defaults,
destructuring defaults and React ``useState('x')`` initial values.

Grammars by dialect: ``tsx`` (.tsx, .jsx) → the TSX grammar; ``ts`` (.ts, .mts,
.cts) → the TypeScript grammar; ``js`` (.js, .mjs, .cjs) → the JavaScript
grammar, which parses plain JS and JSX natively and has none of the TypeScript
ambiguities (``a < b > (c)`` or a ``<T>`` cast read as a type).

Nothing here walks the tree recursively: queries run in C, the error scan uses
an explicit stack and value resolution a bounded work list, so deeply nested
sources cannot hit Python's recursion limit.
"""

from __future__ import annotations

import bisect
import html
import re
import threading
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple

from gemlint.extract import names
from gemlint.types import GEMINI, VERTEX, CallSite, FileError, Location, ModelRef

# dialect (and a few file-suffix spellings) -> grammar
_DIALECTS = {
    "tsx": "tsx",
    "jsx": "tsx",
    "ts": "typescript",
    "mts": "typescript",
    "cts": "typescript",
    "typescript": "typescript",
    "js": "javascript",
    "mjs": "javascript",
    "cjs": "javascript",
    "javascript": "javascript",
}
_LABELS = {"tsx": "TSX/JSX", "typescript": "TypeScript", "javascript": "JavaScript"}

# @google/genai: (namespace, method) -> API method the model needs.
_GENAI_METHODS: Dict[Tuple[str, str], Optional[str]] = {
    ("models", "generateContent"): "generateContent",
    ("models", "generateContentStream"): "generateContent",
    ("models", "countTokens"): "countTokens",
    ("models", "embedContent"): "embedContent",
    ("models", "generateImages"): "predict",
    ("models", "editImage"): "predict",
    ("models", "upscaleImage"): "predict",
    ("models", "recontextImage"): "predict",
    ("models", "segmentImage"): "predict",
    ("models", "generateVideos"): "predictLongRunning",
    ("models", "get"): None,  # a lookup: the model only has to exist
    ("chats", "create"): "generateContent",
    ("caches", "create"): "createCachedContent",
    ("batches", "create"): "batchGenerateContent",
    ("batches", "createEmbeddings"): "asyncBatchEmbedContent",
    ("tunings", "tune"): "createTunedModel",
    ("live", "connect"): "bidiGenerateContent",
    ("live.music", "connect"): "bidiGenerateMusic",
}
# Vercel AI SDK provider methods: google.textEmbeddingModel('…') etc.
_PROVIDER_METHODS = {
    "languageModel": "generateContent",
    "chat": "generateContent",
    "textEmbeddingModel": "embedContent",
    "textEmbedding": "embedContent",
    "embedding": "embedContent",
    "image": "predict",
    "imageModel": "predict",
}
# LangChain JS constructors: name -> (model keys, method, backend)
_LANGCHAIN = {
    "ChatGoogleGenerativeAI": (("model", "modelName"), "generateContent", GEMINI),
    "GoogleGenerativeAIEmbeddings": (("model", "modelName"), "embedContent", GEMINI),
    "ChatVertexAI": (("model", "modelName"), "generateContent", VERTEX),
}
# initChatModel("google-genai:gemini-…") provider prefixes
_INIT_CHAT_PREFIXES = (("google-genai:", GEMINI), ("google-vertexai:", VERTEX))
# @google/generative-ai model methods that say what a getGenerativeModel() result is used for
_LEGACY_EMBED = ("embedContent", "batchEmbedContents")
_LEGACY_GENERATE = ("generateContent", "generateContentStream", "startChat", "countTokens")


def _q(items: Iterable[str]) -> str:
    return " ".join(f'"{i}"' for i in items)


_MAIN_PATTERNS = (
    # <x>.models.generateContent(...), <x>.live.connect(...), <x>.live.music.connect(...)
    "(call_expression function: (member_expression object: (member_expression property: (property_identifier) @_ns)"
    f" property: (property_identifier)) (#any-of? @_ns {_q({k[0].split('.')[-1] for k in _GENAI_METHODS})})) @nscall",
    # genAI.getGenerativeModel(...), google.textEmbeddingModel(...), legacy model.embedContent(...)
    "(call_expression function: (member_expression property: (property_identifier) @_m)"
    f" (#any-of? @_m {_q(('getGenerativeModel',) + tuple(_PROVIDER_METHODS) + _LEGACY_EMBED + _LEGACY_GENERATE)}))"
    " @mcall",
    # google('…'), vertex('…'), initChatModel('google-genai:…')
    '(call_expression function: (identifier) @_f (#any-of? @_f "google" "vertex" "initChatModel")) @fcall',
    # new ChatGoogleGenerativeAI({...})
    "(new_expression constructor: [(identifier) @_c (member_expression property: (property_identifier) @_c)]"
    f" (#any-of? @_c {_q(_LANGCHAIN)})) @new",
    "(string) @str",
    "(template_string) @tpl",
    # { setup: { model } } (raw Live socket)
    '(pair key: [(property_identifier) @_sk (string (string_fragment) @_sk)] value: (_) @setup (#eq? @_sk "setup"))',
    '((shorthand_property_identifier) @setup (#eq? @setup "setup"))',
    # new GoogleGenAI({ vertexai: true })
    "(pair key: [(property_identifier) @_vk (string (string_fragment) @_vk)] value: (true) @vertex"
    ' (#eq? @_vk "vertexai"))',
    # import { google as g } from '@ai-sdk/google'
    '(import_specifier name: (identifier) @_in alias: (identifier) (#any-of? @_in "google" "vertex")) @alias',
    # const g = createGoogleGenerativeAI({...})
    "(variable_declarator name: (identifier) value: (call_expression function: (identifier) @_pf)"
    ' (#any-of? @_pf "createGoogleGenerativeAI" "createVertex")) @provider',
)
_ANY_FCALL_PATTERN = "(call_expression function: (identifier)) @fcall"
# Bindings, run only when a call site needs a name resolved. Patterns a grammar lacks are dropped.
_BIND_PATTERNS = (
    "(variable_declarator name: (identifier) @name value: (_) @value)",
    # const [model, setModel] = useState('models/…')
    "(variable_declarator name: (array_pattern . (identifier) @name)"
    " value: (call_expression function: [(identifier) @_fn (member_expression property: (property_identifier) @_fn)]"
    ' arguments: (arguments . (_) @value)) (#eq? @_fn "useState"))',
    # const { model } = CONFIG;  const { model: m } = CONFIG
    "(variable_declarator name: (object_pattern (shorthand_property_identifier_pattern) @name) value: (_) @objsrc)",
    "(variable_declarator name: (object_pattern (pair_pattern key: (property_identifier) @key"
    " value: (identifier) @name)) value: (_) @objsrc)",
    "(object_assignment_pattern left: (shorthand_property_identifier_pattern) @name right: (_) @value)",
    "(assignment_pattern left: (identifier) @name right: (_) @value)",
    "(assignment_expression left: (identifier) @name right: (_) @value)",
    "(required_parameter pattern: (identifier) @name value: (_) @value)",
    "(optional_parameter pattern: (identifier) @name value: (_) @value)",
    "(assignment_expression left: (member_expression object: (this) property: (property_identifier) @thisname)"
    " right: (_) @value)",
    "(public_field_definition name: (property_identifier) @thisname value: (_) @value)",
    "(field_definition property: (property_identifier) @thisname value: (_) @value)",
    "(enum_declaration name: (identifier) @name body: (enum_body) @value)",
)

_WRAPPERS = frozenset(
    ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression")
)
_KEY_PARENTS = {
    "pair": "key",
    "pair_pattern": "key",
    "property_signature": "name",
    "method_definition": "name",
    "method_signature": "name",
    "abstract_method_signature": "name",
    "public_field_definition": "name",
    "field_definition": "property",
    "enum_assignment": "name",
}
# Strings that name a module (import/export sources, `import x = require('…')`, `declare module '…'`).
_MODULE_PARENTS = frozenset(("import_require_clause", "external_module_reference", "module", "internal_module"))
_MAX_STEPS = 2000  # work-list budget when resolving one value
_FILE_BUDGET = 200_000  # resolution steps for a whole file
# tree-sitter's query cursor is quadratic in the child count of an ERROR node; past this many
# children the clean subtrees are queried one by one instead of the whole tree.
_WIDE_ERROR = 1000
_MAX_DEPTH = 16  # nesting of CONFIG.a.b member lookups
_CONT_BYTES = bytes(range(0x80, 0xC0))  # UTF-8 continuation bytes
# Quick test on a literal's first bytes (quote included) before decoding it: a whole-value
# model name starts with a family (or models/). Names spelled with escapes are only found at sites.
_NAME_START = re.compile(
    rb"[\"'`](?:models/)?(?:"
    + b"|".join(re.escape(f.encode()) for f in names.FAMILIES + ("aqa", "nano-banana", "deep-research", "antigravity"))
    + rb")"
)

Node = Any  # tree_sitter.Node (imported lazily)
_NODE_KINDS = re.compile(r"\((?!#)([a-z][a-z_]*)")  # named node types in a query pattern


class _Grammar:
    """One tree-sitter language with its compiled queries and a parser per thread."""

    def __init__(self, grammar: str) -> None:
        import tree_sitter

        if grammar == "javascript":
            import tree_sitter_javascript

            capsule = tree_sitter_javascript.language()
        else:
            import tree_sitter_typescript

            capsule = (
                tree_sitter_typescript.language_tsx()
                if grammar == "tsx"
                else tree_sitter_typescript.language_typescript()
            )
        self.ts = tree_sitter
        self._predicates: Dict[int, List[List[Tuple[str, str, Tuple[str, ...]]]]] = {}
        self.name = grammar
        self.language = tree_sitter.Language(capsule)
        self.main = self._compile(_MAIN_PATTERNS)
        self.any_fcall = self._compile((_ANY_FCALL_PATTERN,))
        self.bind = self._compile(_BIND_PATTERNS)
        self._local = threading.local()

    def _compile(self, patterns: Iterable[str]) -> Any:
        """One query of the patterns whose node types this grammar has (JS lacks TS-only nodes)."""
        ok = [p for p in patterns if all(self._has_kind(k) for k in _NODE_KINDS.findall(p))]
        query = self.ts.Query(self.language, "\n".join(ok))
        self._predicates[id(query)] = [_predicates(p) for p in ok]
        return query

    def _has_kind(self, kind: str) -> bool:
        return self.language.id_for_node_kind(kind, True) not in (None, 0)

    def parser(self) -> Any:
        parser = getattr(self._local, "parser", None)
        if parser is None:
            parser = self._local.parser = self.ts.Parser(self.language)
        return parser

    def _cursor(self, query: Any) -> Any:
        # py-tree-sitter 0.25 moved captures/matches to QueryCursor; 0.23 (the last for Python 3.9) has them on Query.
        cursor_class = getattr(self.ts, "QueryCursor", None)
        return cursor_class(query) if cursor_class is not None else query

    def captures(self, query: Any, roots: List[Node]) -> Dict[str, List[Node]]:
        if not hasattr(self.ts, "QueryCursor"):
            merged: Dict[str, List[Node]] = {}
            for _, caps in self.matches(query, roots):
                for name, nodes in caps.items():
                    merged.setdefault(name, []).extend(nodes if isinstance(nodes, list) else [nodes])
            return merged
        cursor = self._cursor(query)
        if len(roots) == 1:
            return cursor.captures(roots[0])
        merged: Dict[str, List[Node]] = {}
        for root in roots:
            for name, nodes in cursor.captures(root).items():
                merged.setdefault(name, []).extend(nodes)
        return merged

    def matches(self, query: Any, roots: List[Node]) -> List[Tuple[int, Dict[str, List[Node]]]]:
        cursor = self._cursor(query)
        out: List[Tuple[int, Dict[str, List[Node]]]] = []
        legacy = not hasattr(self.ts, "QueryCursor")
        for root in roots:
            found = cursor.matches(root)
            if legacy:  # py-tree-sitter 0.23 does not apply #any-of? / #eq?: do it here
                found = [m for m in found if _holds(self._predicates[id(query)][m[0]], m[1])]
            out.extend(found)
        return out


_PREDICATE = re.compile(r'\(#(any-of|eq|not-eq|match)\?\s+@(\w+)((?:\s+"[^"]*")+)\s*\)')


def _predicates(pattern: str) -> List[Tuple[str, str, Tuple[str, ...]]]:
    """``(operator, capture, values)`` of the text predicates in one query pattern."""
    return [(op, cap, tuple(re.findall(r'"([^"]*)"', rest))) for op, cap, rest in _PREDICATE.findall(pattern)]


def _holds(predicates: List[Tuple[str, str, Tuple[str, ...]]], caps: Dict[str, Any]) -> bool:
    for op, cap, values in predicates:
        nodes = caps.get(cap)
        if nodes is None:
            continue
        for node in nodes if isinstance(nodes, list) else [nodes]:
            text = node.text.decode("utf-8", "replace")
            ok = (
                text in values
                if op == "any-of"
                else text == values[0]
                if op == "eq"
                else text != values[0]
                if op == "not-eq"
                else re.search(values[0], text) is not None
            )
            if not ok:
                return False
    return True


_GRAMMARS: Dict[str, _Grammar] = {}
_GRAMMARS_LOCK = threading.Lock()


def _grammar(dialect: str) -> _Grammar:
    try:
        grammar = _DIALECTS[dialect]
    except KeyError:
        raise ValueError(f"unknown TypeScript/JavaScript dialect {dialect!r}") from None
    g = _GRAMMARS.get(grammar)
    if g is None:
        with _GRAMMARS_LOCK:
            g = _GRAMMARS.get(grammar)
            if g is None:
                g = _GRAMMARS[grammar] = _Grammar(grammar)
    return g


class _Literal:
    """The value of a string or template literal and how value offsets map to source bytes.

    ``segments`` holds ``(value_start, byte_start, literal)`` runs; for a template
    with substitutions ``parts`` lists each static run's ``(value, segments)``.
    """

    __slots__ = ("node", "value", "segments", "static", "parts")

    def __init__(self, node: Node, value: str, segments: List[Tuple[int, int, bool]], static: bool, parts: list):
        self.node = node
        self.value = value
        self.segments = segments
        self.static = static
        self.parts = parts


def _decode(raw: bytes) -> str:
    """Source bytes back to text (the inverse of the ``surrogatepass`` encoding of the input)."""
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:  # a slice tree-sitter cut inside an invalid sequence
        return raw.decode("utf-8", "replace")


def _unescape(raw: str) -> str:
    """The value of one JS escape sequence (``\\n``, ``\\x41``, ``\\u{1F600}``, line continuation...)."""
    body = raw[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
    c = body[0]
    if c in simple and len(body) == 1:
        return simple[c]
    try:
        if c == "x" and len(body) == 3:
            return chr(int(body[1:], 16))
        if c == "u":
            return chr(int(body[2:-1] if body.startswith("u{") else body[1:], 16))
    except ValueError:
        pass
    return body


class _File:
    """Extraction state for one parsed file."""

    def __init__(self, g: _Grammar, src: bytes, path: str, known: Callable[[str], bool], root: Node) -> None:
        self.g = g
        self.src = src
        self.path = path
        self.known = known
        self.roots: List[Node] = [root]  # subtrees the queries run on
        self.ascii = src.isascii()
        self.error_ranges: List[Tuple[int, int]] = []  # outermost ERROR nodes, sorted
        self._error_starts: List[int] = []
        self._bindings: Optional[Dict[str, list]] = None
        self._literals: Dict[int, Optional[_Literal]] = {}
        self._col_cache: Dict[int, Tuple[int, int]] = {}
        self.refs: List[ModelRef] = []
        self._seen: Set[Tuple[int, str, Optional[CallSite]]] = set()
        self.consumed: Set[int] = set()
        self.vertex = False
        self.budget = _FILE_BUDGET

    # -- positions ---------------------------------------------------------

    def _char_col(self, line_start: int, b: int) -> int:
        """0-based character column of byte ``b`` on the line starting at ``line_start``."""
        if self.ascii:
            return b - line_start
        last = self._col_cache.get(line_start)
        if last is not None and last[0] <= b:
            start, col = last
        else:
            start, col = line_start, 0
        col += len(self.src[start:b].translate(None, _CONT_BYTES))
        self._col_cache[line_start] = (b, col)
        return col

    def location(self, b: int, anchor: Node) -> Location:
        """Location of byte ``b``, which lies inside ``anchor`` (whose start point tree-sitter knows)."""
        row, bcol = anchor.start_point
        start = anchor.start_byte
        newlines = self.src.count(b"\n", start, b)
        if newlines:
            line_start = self.src.rfind(b"\n", start, b) + 1
        else:
            line_start = start - bcol
        return Location(self.path, row + newlines + 1, self._char_col(line_start, b) + 1)

    def set_errors(self, ranges: List[Tuple[int, int]]) -> None:
        self.error_ranges = sorted(ranges)
        self._error_starts = [s for s, _ in self.error_ranges]

    def loose(self, node: Node) -> bool:
        """A literal lying loose in an ERROR node (tree-sitter could not place it in any construct)."""
        if not self.error_ranges:
            return False
        i = bisect.bisect_right(self._error_starts, node.start_byte) - 1
        if i < 0 or node.start_byte >= self.error_ranges[i][1]:
            return False
        parent = node.parent
        return parent is None or parent.is_error

    # -- literals ----------------------------------------------------------

    def literal(self, node: Node) -> Optional[_Literal]:
        """Decode a ``string`` / ``template_string`` node (cached)."""
        key = node.id
        if key in self._literals:
            return self._literals[key]
        lit = self._decode_literal(node)
        self._literals[key] = lit
        return lit

    def _decode_literal(self, node: Node) -> Optional[_Literal]:
        n = node.child_count
        if n < 2:
            return None
        start = node.child(0).end_byte
        end = max(start, node.child(n - 1).start_byte)
        raw = self.src[start:end]
        is_tpl = node.type == "template_string"
        if b"\\" not in raw and b"&" not in raw and not (is_tpl and b"${" in raw):
            value = _decode(raw)
            return _Literal(node, value, [(0, start, True)], True, [])
        jsx = not is_tpl and node.parent is not None and node.parent.type == "jsx_attribute"
        parts: list = []
        value_chunks: List[str] = []
        segments: List[Tuple[int, int, bool]] = []
        length = 0
        pos = start
        static = True

        def flush_literal(upto: int) -> None:
            nonlocal length
            if upto > pos:
                text = _decode(self.src[pos:upto])
                segments.append((length, pos, True))
                value_chunks.append(text)
                length += len(text)

        for child in node.children:
            t = child.type
            if t == "template_substitution":
                flush_literal(child.start_byte)
                static = False
                parts.append(("".join(value_chunks), segments))
                value_chunks, segments, length = [], [], 0
                pos = child.end_byte
            elif (t == "escape_sequence" and not jsx) or t == "html_character_reference":
                flush_literal(child.start_byte)
                raw_esc = _decode(self.src[child.start_byte : child.end_byte])
                text = _unescape(raw_esc) if t == "escape_sequence" else html.unescape(raw_esc)
                segments.append((length, child.start_byte, False))
                value_chunks.append(text)
                length += len(text)
                pos = child.end_byte
        flush_literal(end)
        value = "".join(value_chunks)
        if not static:
            parts.append((value, segments))
        return _Literal(node, value, segments, static, parts)

    @staticmethod
    def byte_of(lit_value: str, segments: List[Tuple[int, int, bool]], index: int, src_fallback: int) -> int:
        """Source byte of value character ``index`` (an escape maps to its backslash)."""
        chosen = None
        for seg in segments:
            if seg[0] <= index:
                chosen = seg
            else:
                break
        if chosen is None:
            return src_fallback
        vstart, bstart, literal = chosen
        if not literal:
            return bstart
        return bstart + len(lit_value[vstart:index].encode("utf-8", "surrogatepass"))

    # -- refs --------------------------------------------------------------

    def add_ref(self, node: Node, text: str, b: int, site: Optional[CallSite]) -> None:
        key = (b, text, site)
        if key in self._seen:
            return
        self._seen.add(key)
        encoded = text.encode("utf-8", "surrogatepass")
        fixable = self.src[b : b + len(encoded)] == encoded
        self.refs.append(ModelRef(text=text, location=self.location(b, node), site=site, fixable=fixable))

    def add_site_leaf(self, leaf: Node, site: CallSite) -> None:
        """A literal that reaches ``site``: one ref for its whole value."""
        if self.loose(leaf):
            return
        lit = self.literal(leaf)
        if lit is None or not lit.static:
            return
        text = lit.value.strip()
        if not _plausible(text):
            return
        self.consumed.add(leaf.id)
        lead = len(lit.value) - len(lit.value.lstrip())
        b = self.byte_of(lit.value, lit.segments, lead, leaf.start_byte)
        self.add_ref(leaf, text, b, site)

    def site(self, kind: str, method: Optional[str], call: Node, backend: str) -> CallSite:
        return CallSite(kind, method, self.location(call.start_byte, call), backend)

    # -- value resolution --------------------------------------------------

    def bindings(self) -> Dict[str, list]:
        """name -> value nodes (or ``("member", object_expr, key)``), built on first use."""
        if self._bindings is None:
            table: Dict[str, list] = {}
            for _, caps in self.g.matches(self.g.bind, self.roots):
                value = _one(caps, "value")
                if "objsrc" in caps:
                    name = _one(caps, "name")
                    key = _one(caps, "key") or name
                    if name is not None and key is not None:
                        table.setdefault(self.text(name), []).append(("member", _one(caps, "objsrc"), self.text(key)))
                elif "thisname" in caps and value is not None:
                    table.setdefault("this." + self.text(_one(caps, "thisname")), []).append(value)
                elif "name" in caps and value is not None:
                    table.setdefault(self.text(_one(caps, "name")), []).append(value)
            self._bindings = table
        return self._bindings

    def text(self, node: Node) -> str:
        return _decode(self.src[node.start_byte : node.end_byte])

    def key_text(self, node: Node) -> Optional[str]:
        t = node.type
        if t in ("property_identifier", "identifier", "shorthand_property_identifier", "number"):
            return self.text(node)
        if t in ("string", "template_string"):
            lit = self.literal(node)
            return lit.value if lit is not None and lit.static else None
        return None

    def resolve(self, start: Any, want_objects: bool = False, depth: int = 0) -> List[Node]:
        """Literal nodes (or object-literal nodes) an expression can evaluate to."""
        out: List[Node] = []
        if depth > _MAX_DEPTH or start is None:
            return out
        seen: Set[Any] = set()
        stack = [start]
        steps = 0
        while stack and steps < _MAX_STEPS and self.budget > 0:
            item = stack.pop()
            steps += 1
            self.budget -= 1
            if isinstance(item, tuple):  # ("member", object_expr, key)
                for obj in self.resolve(item[1], True, depth + 1):
                    stack.extend(self.property(obj, item[2]))
                continue
            if item.id in seen:
                continue
            seen.add(item.id)
            t = item.type
            if t in ("string", "template_string"):
                if not want_objects:
                    out.append(item)
            elif t in ("object", "enum_body"):
                if want_objects:
                    out.append(item)
            elif t in ("identifier", "shorthand_property_identifier"):
                stack.extend(self.bindings().get(self.text(item), ()))
            elif t in _WRAPPERS:
                inner = item.named_child(0) if item.named_child_count else None
                if inner is not None:
                    stack.append(inner)
            elif t in ("type_assertion", "sequence_expression"):
                if item.named_child_count:
                    stack.append(item.named_child(item.named_child_count - 1))
            elif t == "ternary_expression":
                stack.extend(
                    c
                    for c in (item.child_by_field_name("consequence"), item.child_by_field_name("alternative"))
                    if c is not None
                )
            elif t == "binary_expression":
                op = item.child_by_field_name("operator")
                op_type = op.type if op is not None else ""
                sides = ("left", "right") if op_type in ("||", "??") else ("right",) if op_type == "&&" else ()
                stack.extend(c for c in (item.child_by_field_name(s) for s in sides) if c is not None)
            elif t == "assignment_expression":
                right = item.child_by_field_name("right")
                if right is not None:
                    stack.append(right)
            elif t in ("member_expression", "subscript_expression"):
                obj = item.child_by_field_name("object")
                prop = item.child_by_field_name("property" if t == "member_expression" else "index")
                key = self.key_text(prop) if prop is not None else None
                if obj is None or key is None:
                    continue
                if obj.type == "this":
                    stack.extend(self.bindings().get("this." + key, ()))
                else:
                    stack.append(("member", obj, key))
        return out

    def property(self, obj: Node, key: str) -> List[Any]:
        """Value nodes of property ``key`` in an object literal (or enum body)."""
        found: List[Any] = []
        for child in obj.named_children:
            t = child.type
            if t in ("pair", "enum_assignment"):
                k = child.child_by_field_name("key" if t == "pair" else "name")
                if k is not None and self.key_text(k) == key:
                    v = child.child_by_field_name("value")
                    if v is not None:
                        found.append(v)
            elif t == "shorthand_property_identifier":
                if self.text(child) == key:
                    found.append(child)
            elif t == "spread_element" and child.named_child_count:
                found.append(("member", child.named_child(0), key))
        return found

    def model_of_object_arg(self, call: Node, keys: Tuple[str, ...]) -> List[Node]:
        """Literals reaching the ``model`` (or ``keys``) property of a call's first argument."""
        arg = _first_arg(call)
        leaves: List[Node] = []
        if arg is None:
            return leaves
        for obj in self.resolve(arg, True):
            for key in keys:
                for value in self.property(obj, key):
                    leaves.extend(self.resolve(value))
        return leaves


def _one(caps: Dict[str, List[Node]], name: str) -> Optional[Node]:
    nodes = caps.get(name)
    return nodes[0] if nodes else None


def _first_arg(call: Node) -> Optional[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return None
    for child in args.named_children:
        if child.type != "comment":
            return child
    return None


def _plausible(value: str) -> bool:
    """A value that could be a model id at a call site (any spelling; the rules judge it)."""
    return (
        0 < len(value) <= 256
        and not value.startswith("tunedModels/")
        and "{" not in value
        and not any(c.isspace() for c in value)
    )


def _error_scan(root: Node) -> Tuple[List[Tuple[int, int]], Node, int]:
    """Outermost ERROR ranges, the first ERROR/MISSING node and the widest ERROR's child count.

    Visits only the nodes on paths to errors (explicit stack, no recursion).
    """
    if root.is_error:
        return [(root.start_byte, root.end_byte)], root, root.child_count
    ranges: List[Tuple[int, int]] = []
    first: Optional[Node] = None
    widest = 0
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.is_error or child.is_missing:
                if child.is_error:
                    ranges.append((child.start_byte, child.end_byte))
                    widest = max(widest, child.child_count)
                if first is None or child.start_byte < first.start_byte:
                    first = child
            elif child.has_error:
                stack.append(child)
    return ranges, first if first is not None else root, widest


def _clean_subtrees(root: Node) -> List[Node]:
    """The error-free subtrees of a broken tree, minus literals lying loose in ERROR nodes."""
    roots: List[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.has_error:
                if not child.is_missing:
                    stack.append(child)
            elif child.is_named and not (node.is_error and child.type in ("string", "template_string")):
                roots.append(child)
    return roots


def extract_typescript(
    text: str, path: str, dialect: str, known: Callable[[str], bool]
) -> Tuple[List[ModelRef], List[FileError]]:
    """Model references in one TypeScript/TSX/JavaScript source.

    ``dialect`` is ``"tsx"`` (.tsx/.jsx), ``"ts"`` (.ts/.mts/.cts) or ``"js"``
    (.js/.mjs/.cjs); ``known(name)`` accepts names without a version digit
    (``gemini-pro-latest``). Returns refs sorted by position: one per
    (literal, call site) for literals that reach an SDK call, REST URL or Live
    setup message, and an existence-only ref (``site=None``) for every other
    literal whose whole value is a model name. A file tree-sitter cannot parse
    gives one ``FileError`` plus the refs it could still place: literals lying
    loose in an ERROR node are dropped, constructs tree-sitter recovered are kept.
    A ``vertexai: true`` property anywhere in the file puts its @google/genai
    sites on the Vertex backend.
    """
    g = _grammar(dialect)
    src = text.encode("utf-8", "surrogatepass")
    tree = g.parser().parse(src)
    root = tree.root_node
    f = _File(g, src, path, known, root)
    errors: List[FileError] = []
    if root.has_error:
        ranges, first, widest = _error_scan(root)
        f.set_errors(ranges)
        if widest > _WIDE_ERROR:
            f.roots = _clean_subtrees(root)
        loc = f.location(first.start_byte, first)
        what = "missing token" if first.is_missing else "unexpected input"
        errors.append(
            FileError(
                path,
                f"syntax error at line {loc.line}:{loc.column} (tree-sitter could not parse this {_LABELS[g.name]}:"
                f" {what}; names inside the broken part were not checked)",
            )
        )
    caps = g.captures(g.main, f.roots)
    f.vertex = bool(caps.get("vertex"))
    _call_sites(f, caps)
    _live_setups(f, caps.get("setup", ()))
    literals = caps.get("str", []) + caps.get("tpl", [])
    _rest_urls(f, literals)
    _existence(f, literals)
    refs = sorted(
        f.refs,
        key=lambda r: (r.location.line, r.location.column, r.site is None, r.site.kind if r.site else ""),
    )
    return refs, errors


def _call_sites(f: _File, caps: Dict[str, List[Node]]) -> None:
    src = f.src
    genai_backend = VERTEX if f.vertex else GEMINI
    # Vercel AI SDK providers callable as google('…'): name -> backend
    providers: Dict[str, str] = {"google": GEMINI}
    if b"@ai-sdk/google-vertex" in src:
        providers["vertex"] = VERTEX
    for spec in caps.get("alias", ()):
        name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
        if name is not None and alias is not None:
            providers[f.text(alias)] = VERTEX if f.text(name) == "vertex" else GEMINI
    for decl in caps.get("provider", ()):
        name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
        fn = value.child_by_field_name("function") if value is not None else None
        if name is not None and fn is not None:
            providers[f.text(name)] = VERTEX if f.text(fn) == "createVertex" else GEMINI

    for call in caps.get("nscall", ()):
        fn = call.child_by_field_name("function")
        ns_node = fn.child_by_field_name("object")
        method = f.text(fn.child_by_field_name("property"))
        ns = f.text(ns_node.child_by_field_name("property"))
        if ns == "music":
            outer = ns_node.child_by_field_name("object")
            if (
                outer is None
                or outer.type != "member_expression"
                or f.text(outer.child_by_field_name("property")) != "live"
            ):
                continue
            ns = "live.music"
        if (ns, method) not in _GENAI_METHODS:
            continue
        site = f.site(f"ai.{ns}.{method}", _GENAI_METHODS[(ns, method)], call, genai_backend)
        keys = ("baseModel",) if ns == "tunings" else ("model",)
        for leaf in f.model_of_object_arg(call, keys):
            f.add_site_leaf(leaf, site)

    # @google/generative-ai: what is each getGenerativeModel() result used for?
    embed_on: Set[str] = set()
    generate_on: Set[str] = set()
    legacy_calls: List[Node] = []
    provider_calls: List[Tuple[Node, str, str]] = []
    for call in caps.get("mcall", ()):
        fn = call.child_by_field_name("function")
        obj = fn.child_by_field_name("object")
        method = f.text(fn.child_by_field_name("property"))
        if method == "getGenerativeModel":
            legacy_calls.append(call)
        elif obj is not None and obj.type == "identifier":
            name = f.text(obj)
            if method in _LEGACY_EMBED:
                embed_on.add(name)
            elif method in _LEGACY_GENERATE:
                generate_on.add(name)
            elif method in _PROVIDER_METHODS and name in providers:
                provider_calls.append((call, f"{name}.{method}", providers[name]))
    legacy_backend = VERTEX if b"@google-cloud/vertexai" in src else GEMINI
    for call in legacy_calls:
        method = "generateContent"
        holder = _declared_name(f, call)
        if holder is not None and holder in embed_on and holder not in generate_on:
            method = "embedContent"
        site = f.site("getGenerativeModel", method, call, legacy_backend)
        for leaf in f.model_of_object_arg(call, ("model",)):
            f.add_site_leaf(leaf, site)
    for call, kind, backend in provider_calls:
        method = _PROVIDER_METHODS[kind.rsplit(".", 1)[1]]
        site = f.site(kind, method, call, backend)
        for leaf in f.resolve(_first_arg(call)):
            f.add_site_leaf(leaf, site)

    fcalls = list(caps.get("fcall", ()))
    if set(providers) - {"google", "vertex"}:  # aliases: look at every plain call once more
        fcalls = _any_fcalls(f)
    for call in fcalls:
        name = f.text(call.child_by_field_name("function"))
        if name == "initChatModel":
            _init_chat_model(f, call)
        elif name in providers:
            site = f.site(f"{name}()", "generateContent", call, providers[name])
            for leaf in f.resolve(_first_arg(call)):
                f.add_site_leaf(leaf, site)

    for new in caps.get("new", ()):
        ctor = new.child_by_field_name("constructor")
        if ctor.type == "member_expression":
            ctor = ctor.child_by_field_name("property")
        name = f.text(ctor)
        if name not in _LANGCHAIN:
            continue
        keys, method, backend = _LANGCHAIN[name]
        site = f.site(name, method, new, backend)
        for leaf in f.model_of_object_arg(new, keys):
            f.add_site_leaf(leaf, site)


def _any_fcalls(f: _File) -> List[Node]:
    """Every ``name(...)`` call (used only when a file aliases the Vercel provider)."""
    return list(f.g.captures(f.g.any_fcall, f.roots).get("fcall", ()))


def _declared_name(f: _File, call: Node) -> Optional[str]:
    """``model`` for ``const model = [await] genAI.getGenerativeModel(...)``."""
    parent = call.parent
    if parent is not None and parent.type == "await_expression":
        parent = parent.parent
    if parent is not None and parent.type in ("variable_declarator", "assignment_expression"):
        name = parent.child_by_field_name("name" if parent.type == "variable_declarator" else "left")
        if name is not None and name.type == "identifier":
            return f.text(name)
    return None


def _init_chat_model(f: _File, call: Node) -> None:
    """LangChain ``initChatModel("google-genai:gemini-…")``: the name after the provider prefix."""
    for leaf in f.resolve(_first_arg(call)):
        if f.loose(leaf):
            continue
        lit = f.literal(leaf)
        if lit is None or not lit.static:
            continue
        for prefix, backend in _INIT_CHAT_PREFIXES:
            if lit.value.startswith(prefix) and _plausible(lit.value[len(prefix) :]):
                site = f.site("initChatModel", "generateContent", call, backend)
                b = f.byte_of(lit.value, lit.segments, len(prefix), leaf.start_byte)
                f.consumed.add(leaf.id)
                f.add_ref(leaf, lit.value[len(prefix) :], b, site)


def _live_setups(f: _File, setups: Iterable[Node]) -> None:
    """``{ setup: { model: X } }`` sent on a raw BidiGenerateContent socket."""
    live_file = names.LIVE_URL_MARKER.encode() in f.src
    backend = VERTEX if b"aiplatform.googleapis.com" in f.src else GEMINI
    for setup in setups:
        if not live_file and not _sent(f, setup):
            continue
        site = None
        for obj in f.resolve(setup, True):
            for value in f.property(obj, "model"):
                for leaf in f.resolve(value):
                    if site is None:
                        site = f.site("Live setup message", "bidiGenerateContent", setup, backend)
                    f.add_site_leaf(leaf, site)


def _sent(f: _File, obj: Node) -> bool:
    """The setup object sits in a ``.send(...)`` or ``JSON.stringify(...)`` call."""
    node = obj
    for _ in range(6):
        node = node.parent
        if node is None:
            return False
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression":
                prop = f.text(fn.child_by_field_name("property"))
                if prop == "send" or f.text(fn) == "JSON.stringify":
                    return True
    return False


def _rest_urls(f: _File, literals: Iterable[Node]) -> None:
    """``…/models/{id}:{method}`` inside any string or template literal."""
    src = f.src
    for node in literals:
        s, e = node.start_byte, node.end_byte
        if src.find(b"/models/", s, e) < 0 or f.loose(node):
            continue
        lit = f.literal(node)
        if lit is None:
            continue
        parts = [(lit.value, lit.segments)] if lit.static else lit.parts
        site_loc = None
        for i, (value, segments) in enumerate(parts):
            for offset, model, verb, method in names.rest_urls(value):
                if method is None and not names.could_be_model(model, f.known):
                    continue
                if site_loc is None:
                    site_loc = f.location(s, node)
                vertex = "aiplatform" in value or value[:offset].endswith("publishers/google/models/")
                site = CallSite(f"REST URL :{verb}", method, site_loc, VERTEX if vertex else GEMINI)
                f.add_ref(node, model, f.byte_of(value, segments, offset, s), site)
            # `${BASE}/models/${MODEL}:generateContent`: the substitution names the model
            if i + 1 < len(parts) and value.endswith("/models/"):
                _rest_substitution(f, node, i, parts[i + 1][0])


def _rest_substitution(f: _File, node: Node, index: int, after: str) -> None:
    if not after.startswith(":"):
        return
    verb_end = 1
    while verb_end < len(after) and after[verb_end].isalpha():
        verb_end += 1
    verb = after[1:verb_end]
    if verb not in names.REST_METHODS:
        return
    subs = [c for c in node.children if c.type == "template_substitution"]
    if index >= len(subs) or not subs[index].named_child_count:
        return
    site = CallSite(f"REST URL :{verb}", names.REST_METHODS[verb], f.location(node.start_byte, node), GEMINI)
    for leaf in f.resolve(subs[index].named_child(0)):
        if leaf.id != node.id:
            f.add_site_leaf(leaf, site)


def _existence(f: _File, literals: Iterable[Node]) -> None:
    """Whole-value model names that reach no call site."""
    for node in literals:
        if node.id in f.consumed:
            continue
        s, e = node.start_byte, node.end_byte
        if e - s > 300 or e - s < 5 or _NAME_START.match(f.src, s) is None:
            continue
        lit = f.literal(node)
        if lit is None or not lit.static or not names.could_be_model(lit.value, f.known):
            continue
        if f.loose(node) or _not_a_value(f, node):
            continue
        f.add_ref(node, lit.value, f.byte_of(lit.value, lit.segments, 0, s), None)


def _not_a_value(f: _File, node: Node) -> bool:
    """Object keys, import specifiers and ``require('…')`` arguments."""
    parent = node.parent
    if parent is None:
        return False
    pt = parent.type
    field = _KEY_PARENTS.get(pt)
    if field is not None:
        key = parent.child_by_field_name(field)
        return key is not None and key.id == node.id
    if pt in ("import_statement", "export_statement"):
        source = parent.child_by_field_name("source")
        return source is not None and source.id == node.id
    if pt in _MODULE_PARENTS or pt == "enum_body":  # enum_body: `enum E { 'gemini-x' }` member name
        return True
    if pt == "arguments":
        call = parent.parent
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            return fn is not None and (fn.type == "import" or f.text(fn) == "require")
    return False
