"""Tree-sitter grammars and queries for TypeScript, TSX and JavaScript.

One ``Grammar`` per language and process, built on first use (tree-sitter is
imported only then), with its compiled queries and a parser per thread.
py-tree-sitter 0.23 (the last for Python 3.9) gets ``#any-of?`` wrong: it never sets the
predicate's capture index, so the check reads whatever bytes the allocator left there, and when those
name a real capture it demands that *every* listed value equal the node's text (py-tree-sitter
issue #325, fixed in 0.24). Matches were dropped or kept by the state of the heap: call sites vanished
in some processes and not in others, which looked like a hash-seed dependence. On 0.23 the queries are
therefore compiled without ``#any-of?``, and ``Grammar.matches`` applies every text predicate itself.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Dict, Iterable, List, Tuple

from gemlint.extract import patterns
from gemlint.extract.typescript.ts_platform import PATTERNS as _PLATFORM_PATTERNS
from gemlint.extract.typescript.ts_tables import (
    GENAI_METHODS,
    LANGCHAIN,
    LEGACY_EMBED,
    LEGACY_GENERATE,
    PROVIDER_METHODS,
)

Node = Any  # tree_sitter.Node (imported lazily)

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
LABELS = {"tsx": "TSX/JSX", "typescript": "TypeScript", "javascript": "JavaScript"}


def _q(items: Iterable[str]) -> str:
    return " ".join(f'"{i}"' for i in items)


_MAIN_PATTERNS = (
    # <x>.models.generateContent(...), <x>.live.connect(...), <x>.live.music.connect(...)
    "(call_expression function: (member_expression object: (member_expression property: (property_identifier) @_ns)"
    f" property: (property_identifier)) (#any-of? @_ns {_q({k[0].split('.')[-1] for k in GENAI_METHODS})})) @nscall",
    # genAI.getGenerativeModel(...), google.textEmbeddingModel(...), legacy model.embedContent(...)
    "(call_expression function: (member_expression property: (property_identifier) @_m)"
    f" (#any-of? @_m {_q(('getGenerativeModel',) + tuple(PROVIDER_METHODS) + LEGACY_EMBED + LEGACY_GENERATE)}))"
    " @mcall",
    # google('…'), vertex('…'), initChatModel('google-genai:…')
    '(call_expression function: (identifier) @_f (#any-of? @_f "google" "vertex" "initChatModel")) @fcall',
    # new ChatGoogleGenerativeAI({...})
    "(new_expression constructor: [(identifier) @_c (member_expression property: (property_identifier) @_c)]"
    f" (#any-of? @_c {_q(LANGCHAIN)})) @new",
    "(string) @str",
    "(template_string) @tpl",
    # { setup: { model } } (raw Live socket)
    '(pair key: [(property_identifier) @_sk (string (string_fragment) @_sk)] value: (_) @setup (#eq? @_sk "setup"))',
    '((shorthand_property_identifier) @setup (#eq? @setup "setup"))',
    # clients and `if (client.vertexai)` branches (ts_platform.py)
    *_PLATFORM_PATTERNS,
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
    # const [state, dispatch] = useReducer(reducer, { model: '…' }): the initial state is the second argument
    "(variable_declarator name: (array_pattern . (identifier) @name)"
    " value: (call_expression function: [(identifier) @_fn (member_expression property: (property_identifier) @_fn)]"
    ' arguments: (arguments . (_) . (_) @value)) (#eq? @_fn "useReducer"))',
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
    # class Config { static MODEL = '…' }: Config.MODEL reads the static field (ts_values.property)
    "(class_declaration name: (_) @name body: (class_body) @value)",
    # for (const m of MODELS): m is an element of MODELS
    "(for_in_statement left: (identifier) @name right: (_) @elems)",
)

# Known model parameters whose value is a name: { model: MODEL }, { model } (run only when a file has mentions).
_PARAM_PATTERNS = (
    "(pair key: [(property_identifier) @_pk (string (string_fragment) @_pk)] value: [(identifier) (member_expression)]"
    f" @param (#any-of? @_pk {_q(sorted(patterns.MODEL_KEYS))}))",
    f"((shorthand_property_identifier) @param (#any-of? @param {_q(sorted(patterns.MODEL_KEYS))}))",
)

# Declarations the value flow names nodes after (ts_origins.local_declarations).
_DECL_PATTERNS = (
    "(function_declaration) @decl",
    "(generator_function_declaration) @decl",
    "(class_declaration) @decl",
    "(abstract_class_declaration) @decl",
    "(interface_declaration) @decl",
    "(type_alias_declaration) @decl",
)
# What the value flow writes from (ts_flow.writes): calls, instances, JSX elements, typed declarations,
# CommonJS assignments.
_FLOW_PATTERNS = (
    "(call_expression arguments: (arguments (_))) @flowcall",
    "(new_expression arguments: (arguments (_))) @flowcall",
    "(jsx_opening_element) @jsx",
    "(jsx_self_closing_element) @jsx",
    "(variable_declarator name: (identifier) type: (type_annotation) value: (_)) @typed",
    "(method_definition) @flowfn",
    "(variable_declarator name: (identifier) value: [(arrow_function) (function_expression)]) @flowfn",
    "(return_statement) @ret",
    "(variable_declarator name: (_) @declared)",
    "(assignment_expression left: (identifier) @declared)",
    "(assignment_expression left: (member_expression) @memberset)",  # settings.model = '…' (ts_flow)
    "(for_in_statement left: (identifier) @declared)",
    "(formal_parameters) @params",
    "(arrow_function parameter: (identifier) @params)",
)

# React state: const [x, setX] = useState(...), and the plain calls that may be setX(...) (ts_react).
_STATE_PATTERNS = (
    "(variable_declarator name: (array_pattern . (identifier) @name . (identifier) @name)"
    " value: (call_expression) @call)",
)
_SETTER_CALL_PATTERNS = ("(call_expression function: (identifier) arguments: (arguments (_))) @call",)
# model.set('…'): a Svelte store written (ts_svelte; only in files that mention svelte)
_STORE_SET_PATTERNS = (
    "(call_expression function: (member_expression object: (identifier) @name"
    ' property: (property_identifier) @_sp (#eq? @_sp "set")) arguments: (arguments . (_) @value))',
)
# import('./m') calls: where an import type the grammar misread may stand (ts_syntax)
_IMPORT_CALL_PATTERNS = ("(call_expression function: (import)) @call",)

# Grammar attributes compiled on first use (Grammar.__getattr__).
_LAZY_QUERIES: Dict[str, Tuple[str, ...]] = {
    "any_fcall": (_ANY_FCALL_PATTERN,),
    "bind": _BIND_PATTERNS,
    "params": _PARAM_PATTERNS,
    "states": _STATE_PATTERNS,
    "setter_calls": _SETTER_CALL_PATTERNS,
    "store_sets": _STORE_SET_PATTERNS,
    "import_calls": _IMPORT_CALL_PATTERNS,
}

_NODE_KINDS = re.compile(r"\((?!#)([a-z][a-z_]*)")  # named node types in a query pattern


class Grammar:
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
        # py-tree-sitter 0.25+ (QueryCursor) applies text predicates correctly; 0.23 does not (module docstring)
        self.native_predicates = hasattr(tree_sitter, "QueryCursor")
        self._predicates: Dict[int, List[List[Tuple[str, str, Tuple[str, ...]]]]] = {}
        self.name = grammar
        self.language = tree_sitter.Language(capsule)
        # one pass over the tree: call sites and literals, and what the value flow needs (ts_flow)
        self.main = self._compile(_MAIN_PATTERNS + _FLOW_PATTERNS + _DECL_PATTERNS)
        self._local = threading.local()

    def compile_all(self) -> None:
        """Compile the lazy queries now (before worker processes fork, so that they share them)."""
        for name in _LAZY_QUERIES:
            getattr(self, name)

    def __getattr__(self, name: str) -> Any:
        """The queries only some files need, compiled on first use: each costs milliseconds to compile, and
        most projects' files never run most of them. (Racing threads may compile one twice; either is kept.)"""
        patterns = _LAZY_QUERIES.get(name)
        if patterns is None:
            raise AttributeError(name)
        query = self._compile(patterns)
        setattr(self, name, query)
        return query

    def _compile(self, patterns: Iterable[str]) -> Any:
        """One query of the patterns whose node types this grammar has (JS lacks TS-only nodes)."""
        ok = [p for p in patterns if all(self._has_kind(k) for k in _NODE_KINDS.findall(p))]
        query = self.ts.Query(self.language, "\n".join(ok if self.native_predicates else map(_without_any_of, ok)))
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
        """Each capture's nodes in document order (outer before inner at one start).

        py-tree-sitter 0.25/0.26 return each capture's list in an order that follows memory addresses: the same
        file gave different call orders from one run to the next, and with them different facts wherever a
        resolution budget or a first match decides. Sorting makes every run, and every version, agree."""
        merged: Dict[str, List[Node]] = {}
        if not self.native_predicates:
            for _, caps in self.matches(query, roots):
                for name, nodes in caps.items():
                    merged.setdefault(name, []).extend(nodes if isinstance(nodes, list) else [nodes])
        else:
            cursor = self._cursor(query)
            for root in roots:
                for name, nodes in cursor.captures(root).items():
                    merged.setdefault(name, []).extend(nodes)
        for nodes in merged.values():
            nodes.sort(key=_document_order)
        return merged

    def matches(self, query: Any, roots: List[Node]) -> List[Tuple[int, Dict[str, List[Node]]]]:
        cursor = self._cursor(query)
        out: List[Tuple[int, Dict[str, List[Node]]]] = []
        for root in roots:
            found = cursor.matches(root)
            if not self.native_predicates:  # py-tree-sitter 0.23: the query has no #any-of? (module docstring)
                found = [m for m in found if _holds(self._predicates[id(query)][m[0]], m[1])]
            out.extend(found)
        return out


def _document_order(node: Node) -> Tuple[int, int]:
    return node.start_byte, -node.end_byte


_PREDICATE = re.compile(r'\(#(any-of|eq|not-eq|match)\?\s+@(\w+)((?:\s+"[^"]*")+)\s*\)')


def _without_any_of(pattern: str) -> str:
    """The pattern without its ``#any-of?`` predicates (applied by ``Grammar.matches`` instead)."""
    return _PREDICATE.sub(lambda m: "" if m.group(1) == "any-of" else m.group(0), pattern)


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


_GRAMMARS: Dict[str, Grammar] = {}
_GRAMMARS_LOCK = threading.Lock()


def get_grammar(dialect: str) -> Grammar:
    try:
        grammar = _DIALECTS[dialect]
    except KeyError:
        raise ValueError(f"unknown TypeScript/JavaScript dialect {dialect!r}") from None
    g = _GRAMMARS.get(grammar)
    if g is None:
        with _GRAMMARS_LOCK:
            g = _GRAMMARS.get(grammar)
            if g is None:
                g = _GRAMMARS[grammar] = Grammar(grammar)
    return g
