"""Value resolution inside one TypeScript/JavaScript file: literals, bindings, properties.

``TsFile`` holds the extraction state of one parsed file: literal decoding
(escapes, templates, byte offsets back to columns), the binding table and a
bounded work list that resolves an expression to the literals (or object
literals) it can evaluate to. Nothing here recurses on the tree.
"""

from __future__ import annotations

import bisect
import html
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

from gemlint.budget import poll
from gemlint.extract import names
from gemlint.extract.call_config import ts_config
from gemlint.extract.typescript import ts_facts, ts_flow, ts_react, ts_vue
from gemlint.extract.typescript.components import svelte_file
from gemlint.types import IMPORT, VERTEX, CallSite, Location, ModelRef, Symbol

if TYPE_CHECKING:
    from gemlint.extract.typescript.ts_grammar import Grammar

Node = Any  # tree_sitter.Node (imported lazily)

_WRAPPERS = frozenset(
    ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression")
)
_MAX_STEPS = 2000  # work-list budget when resolving one value
_FILE_BUDGET = 200_000  # resolution steps for a whole file
_MAX_DEPTH = 16  # nesting of CONFIG.a.b member lookups
_MAX_MEMBERS = 256  # values of one object read by a computed key (MODEL_MAP[name])
_CONT_BYTES = bytes(range(0x80, 0xC0))  # UTF-8 continuation bytes


class Literal:
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


def decode(raw: bytes) -> str:
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


class TsFile:
    """Extraction state for one parsed file."""

    def __init__(self, g: Grammar, src: bytes, path: str, known: Callable[[str], bool], root: Node) -> None:
        self.g = g
        self.src = src
        self.path = path
        self.svelte = svelte_file(path)  # $store and runes mean Svelte's here (ts_svelte)
        self.template_binds: frozenset = frozenset()  # variables a Svelte template's select binds (pages.py)
        self.known = known
        self.roots: List[Node] = [root]  # subtrees the queries run on
        self.ascii = src.isascii()
        self.error_ranges: List[Tuple[int, int]] = []  # outermost ERROR nodes, sorted
        self._error_starts: List[int] = []
        self._bindings: Optional[Dict[str, list]] = None
        self._literals: Dict[int, Optional[Literal]] = {}
        self._col_cache: Dict[int, Tuple[int, int]] = {}
        self.refs: List[ModelRef] = []
        self._seen: Set[Tuple[int, str, Optional[CallSite]]] = set()
        self.consumed: Set[int] = set()
        self.platforms: Any = None  # TsPlatforms, once the main query ran
        self.budget = _FILE_BUDGET
        # cross-file facts: symbols met while resolving each call site's model (see ts_facts)
        self.symbols_out: Optional[List[Symbol]] = None
        self._resolved: Dict[Tuple[int, bool, int, bool], Tuple[tuple, tuple]] = {}  # resolve's answers
        self._recorders: List[List[Symbol]] = []
        self.site_calls: List[Tuple[CallSite, Node]] = []
        self._imports: Optional[Dict[str, Tuple[str, str]]] = None
        self.flow_cache: Dict[Any, Any] = {}  # ts_origins / ts_flow memo tables, `mentions`
        self.caps: Dict[str, List[Node]] = {}  # the main query's captures (set once it ran)
        # test doubles and expected failures (doubles_ts.TsSilence): nothing there is reported
        self.silence: Any = None
        self.silent_sites: Set[Location] = set()

    def mentions(self, word: bytes) -> bool:
        """Whether the source holds ``word`` (searched once per file: per call site, a large file is quadratic)."""
        found = self.flow_cache.get(word)
        if found is None:
            found = self.flow_cache[word] = word in self.src
        return found

    @property
    def imports(self) -> Dict[str, Tuple[str, str]]:
        if self._imports is None:
            self._imports = ts_facts.import_table(self)
        return self._imports

    def leaf_ref(self, leaf: Node) -> Optional[ModelRef]:
        """A site-less ref for a literal, placed as ``add_site_leaf`` would place it."""
        if self.loose(leaf):
            return None
        lit = self.literal(leaf)
        if lit is None or not lit.static or not plausible(lit.value.strip()):
            return None
        text = lit.value.strip()
        b = self.byte_of(lit.value, lit.segments, len(lit.value) - len(lit.value.lstrip()), leaf.start_byte)
        encoded = text.encode("utf-8", "surrogatepass")
        return ModelRef(text, self.location(b, leaf), None, self.src[b : b + len(encoded)] == encoded)

    def _record(self, symbol: Optional[Symbol]) -> None:
        if symbol is None or self.symbols_out is None:
            return
        for recorder in self._recorders:  # the resolutions under way: what each met, to replay it (resolve)
            recorder.append(symbol)
        if symbol not in self.symbols_out:
            self.symbols_out.append(symbol)

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

    def literal(self, node: Node) -> Optional[Literal]:
        """Decode a ``string`` / ``template_string`` node (cached)."""
        key = node.id
        if key in self._literals:
            return self._literals[key]
        lit = self._decode_literal(node)
        self._literals[key] = lit
        return lit

    def _decode_literal(self, node: Node) -> Optional[Literal]:
        n = node.child_count
        if n < 2:
            return None
        start = node.child(0).end_byte
        end = max(start, node.child(n - 1).start_byte)
        raw = self.src[start:end]
        is_tpl = node.type == "template_string"
        if b"\\" not in raw and b"&" not in raw and not (is_tpl and b"${" in raw):
            value = decode(raw)
            return Literal(node, value, [(0, start, True)], True, [])
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
                text = decode(self.src[pos:upto])
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
                raw_esc = decode(self.src[child.start_byte : child.end_byte])
                text = _unescape(raw_esc) if t == "escape_sequence" else html.unescape(raw_esc)
                segments.append((length, child.start_byte, False))
                value_chunks.append(text)
                length += len(text)
                pos = child.end_byte
        flush_literal(end)
        value = "".join(value_chunks)
        if not static:
            parts.append((value, segments))
        return Literal(node, value, segments, static, parts)

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

    def add_ref(
        self,
        node: Node,
        text: str,
        b: int,
        site: Optional[CallSite],
        platform: Optional[str] = None,
        peers: Tuple[str, ...] = (),
        compared: bool = False,
        alias: bool = False,
    ) -> None:
        if self.silence is not None and self.silence.covers(node):
            return
        key = (b, text, site)
        if key in self._seen:
            return
        self._seen.add(key)
        encoded = text.encode("utf-8", "surrogatepass")
        fixable = self.src[b : b + len(encoded)] == encoded
        loc = self.location(b, node)
        self.refs.append(
            ModelRef(
                text=text,
                location=loc,
                site=site,
                fixable=fixable,
                platform=platform,
                peers=peers,
                compared=compared,
                alias=alias,
            )
        )

    def add_site_leaf(self, leaf: Node, site: CallSite) -> None:
        """A literal that reaches ``site``: one ref for its whole value."""
        if self.loose(leaf):
            return
        lit = self.literal(leaf)
        if lit is None or not lit.static:
            return
        text = lit.value.strip()
        if not plausible(text):
            return
        self.consumed.add(leaf.id)
        if site.location in self.silent_sites:
            return  # a call on a test double: its names are used, and reported nowhere
        lead = len(lit.value) - len(lit.value.lstrip())
        cut = names.publisher_id(text)
        if cut:  # projects/…/publishers/google/models/ID: that ID, on Vertex AI
            text, lead, site = text[cut:], lead + cut, site._replace(backend=VERTEX, follows_env=False)
        b = self.byte_of(lit.value, lit.segments, lead, leaf.start_byte)
        self.add_ref(leaf, text, b, site)

    def site(
        self,
        kind: str,
        method: Optional[str],
        call: Node,
        backend: str,
        follows_env: bool = False,
        custom: bool = False,
    ) -> CallSite:
        asked = ts_config(call, self)  # responseModalities / speechConfig (call_config.py)
        site = CallSite(kind, method, self.location(call.start_byte, call), backend, follows_env, *asked, custom)
        if self.silence is not None and self.silence.covers(call):
            self.silent_sites.add(site.location)
            return site
        self.site_calls.append((site, call))  # its model is resolved again for symbols (ts_facts.pending)
        return site

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
                elif "elems" in caps and "name" in caps:
                    table.setdefault(self.text(_one(caps, "name")), []).append(("elements", _one(caps, "elems")))
                elif "name" in caps and value is not None:
                    if "_fn" in caps and value.type in ("arrow_function", "function_expression"):
                        # useState(() => ({ model: '…' })): a lazy initial state is what the function returns
                        table.setdefault(self.text(_one(caps, "name")), []).extend(ts_flow.return_values(self, value))
                        continue
                    table.setdefault(self.text(_one(caps, "name")), []).append(value)
            ts_vue.options_data(self, table)  # export default { data() { return {…} } }: this.<field>
            self._bindings = table
            ts_react.setter_bindings(self, table)
        return self._bindings

    def text(self, node: Node) -> str:
        return decode(self.src[node.start_byte : node.end_byte])

    def key_text(self, node: Node) -> Optional[str]:
        t = node.type
        if t in ("property_identifier", "identifier", "shorthand_property_identifier", "number"):
            return self.text(node)
        if t in ("string", "template_string"):
            lit = self.literal(node)
            return lit.value if lit is not None and lit.static else None
        return None

    def resolve(self, start: Any, want_objects: bool = False, depth: int = 0) -> List[Node]:
        """Literal nodes (or object-literal nodes) an expression can evaluate to.

        Memoised per node: two thirds of the resolutions of a TypeScript file ask again what was asked before (each
        call's arguments, each site's model, again for its symbols). An answer keeps the symbols it recorded, and
        gives them again when it is reused."""
        if start is None or depth > _MAX_DEPTH:
            return []
        if isinstance(start, tuple):
            return self._resolve(start, want_objects, depth)
        recording = self.symbols_out is not None
        key = (start.id, want_objects, depth, recording)
        known = self._resolved.get(key)
        if known is not None:
            for symbol in known[1]:
                self._record(symbol)
            return list(known[0])
        recorder: List[Symbol] = []
        self._recorders.append(recorder)
        try:
            out = self._resolve(start, want_objects, depth)
        finally:
            self._recorders.pop()
        self._resolved[key] = (tuple(out), tuple(recorder) if recording else ())
        return out

    def _resolve(self, start: Any, want_objects: bool, depth: int) -> List[Node]:
        out: List[Node] = []
        poll()  # the time budget, where no timer interrupts (gemlint.budget)
        seen: Set[Any] = set()
        stack = [start]
        steps = 0
        while stack and steps < _MAX_STEPS and self.budget > 0:
            item = stack.pop()
            steps += 1
            self.budget -= 1
            if isinstance(item, tuple):  # ("member", object_expr, key) or ("elements", array_expr)
                if item[0] in ("elements", "values"):
                    for arr in self.resolve(item[1], True, depth + 1):
                        if arr.type == "array":
                            stack.extend(ts_flow.elements(arr))
                        elif arr.type == "object" and item[0] == "values":  # MODELS[key]: any member's value
                            stack.extend(value for _, value in self.members(arr)[:_MAX_MEMBERS])
                    if not want_objects and self.symbols_out is not None:
                        ts_flow.record_origins(self, item[1], "[]")
                    continue
                picked = ts_flow.member_values(self, item[1], item[2])
                if picked is not None:  # e.target.value of a <select>: its options
                    stack.extend(picked)
                    continue
                objects = self.resolve(item[1], True, depth + 1)
                for obj in objects:
                    stack.extend(self.property(obj, item[2]))
                if not want_objects and self.symbols_out is not None and isinstance(item[1], tuple):
                    if item[1][0] == "elements":
                        ts_flow.record_origins(self, item[1][1], "[]." + item[2])  # xs.map(({ id }) => id)
                elif not want_objects and self.symbols_out is not None:
                    if not objects:
                        parts = ts_facts.dotted(self, item[1])
                        if parts:
                            self._record(ts_facts.symbol_for(self, parts + (item[2],)))
                    ts_flow.record_origins(self, item[1], "." + item[2])
                continue
            if item.id in seen:
                continue
            seen.add(item.id)
            t = item.type
            if t in ("string", "template_string"):
                if not want_objects:
                    named = model_path_substitution(self, item) if t == "template_string" else None
                    if named is not None:
                        stack.append(named)  # `models/${model}`: the name model holds
                    else:
                        out.append(item)
            elif t in ("object", "enum_body", "array", "class_body"):
                if want_objects:
                    out.append(item)
            elif t in ("identifier", "shorthand_property_identifier") and ts_flow.is_parameter(self, item):
                stack.extend(ts_flow.parameter_values(self, item, want_objects))
            elif t in ("identifier", "shorthand_property_identifier"):
                bound = self.bindings().get(self.text(item), ())
                stack.extend(bound)
                if not bound and t == "identifier" and self.svelte:
                    ts_flow.subscribed(self, item, stack, want_objects)  # $model: a Svelte store's value
                if not want_objects and self.symbols_out is not None and self.mentions(b"useState"):
                    ts_flow.record_state(self, item)  # a useState value or setter: its node (ts_react)
                if not bound and not want_objects and self.symbols_out is not None:
                    self._record(ts_facts.symbol_for(self, (self.text(item),)))
                if self.template_binds and not want_objects and self.text(item) in self.template_binds:
                    self._record(Symbol(IMPORT, "", self.text(item) + ".value"))  # <select bind:value={x}>
            elif t == "call_expression":
                stack.extend(ts_flow.call_values(self, item))
                if not want_objects and self.symbols_out is not None:
                    self._record(ts_facts.env_call(self, item))
                    ts_flow.record_call(self, item)
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
                computed = t == "subscript_expression" and prop is not None and prop.type == "identifier"
                key = self.key_text(prop) if prop is not None and not computed else None  # MODELS[mode]: no key
                if obj is not None and key is None and t == "subscript_expression":
                    stack.append(("values", obj))  # MODELS[i], MODEL_MAP[name]: an element, a member's value
                if obj is None or key is None:
                    continue
                if obj.type == "this":
                    stack.extend(self.bindings().get("this." + key, ()))
                    if not want_objects and self.symbols_out is not None and ts_vue.options_field(self, item):
                        self._record(Symbol(IMPORT, "", "this." + key))  # what its template's v-model writes
                else:
                    stack.append(("member", obj, key))
        return out

    def property(self, obj: Node, key: str) -> List[Any]:
        """Value nodes of property ``key`` in an object literal, an enum body or a class body (its static fields);
        ``("member", expr, key)`` for a spread (``{...base}``) that may hold it."""
        if obj.type == "array":  # MODELS[0]
            items = ts_flow.elements(obj)
            return [items[int(key)]] if key.isdigit() and int(key) < len(items) else []
        return [v if k is not None else ("member", v, key) for k, v in self._members(obj, True) if k in (key, None)]

    def members(self, obj: Node) -> List[Tuple[str, Node]]:
        """``(key, value node)`` of an object literal's properties, an enum's members, a class's static fields."""
        return [(k, v) for k, v in self._members(obj, False) if k is not None]

    def _members(self, obj: Node, spreads: bool) -> Iterator[Tuple[Optional[str], Node]]:
        for child in obj.named_children:
            t = child.type
            if t in _FIELDS:  # class Config { static readonly MODEL = '…' }
                name, value = child.child_by_field_name(_FIELDS[t]), child.child_by_field_name("value")
                if name is not None and value is not None and _static(child):
                    yield self.text(name), value
            elif t in ("pair", "enum_assignment"):
                key = child.child_by_field_name("key" if t == "pair" else "name")
                value = child.child_by_field_name("value")
                key_text = self.key_text(key) if key is not None else None
                if key_text is not None and value is not None:
                    yield key_text, value
            elif t == "shorthand_property_identifier":
                yield self.text(child), child
            elif t == "spread_element" and spreads and child.named_child_count:
                yield None, child.named_child(0)

    def model_at_path(self, call: Node, path: Tuple[str, ...]) -> List[Node]:
        """Literals reaching ``arg.path[0].path[1]…`` of a call's first argument."""
        if len(path) == 1:
            return self.model_of_object_arg(call, path)
        objects = self.resolve(first_arg(call), True) if first_arg(call) is not None else []
        for key in path[:-1]:
            objects = [o for obj in objects for value in self.property(obj, key) for o in self.resolve(value, True)]
        leaves: List[Node] = []
        for obj in objects:
            for value in self.property(obj, path[-1]):
                leaves.extend(self.resolve(value))
        return leaves

    def model_of_object_arg(self, call: Node, keys: Tuple[str, ...]) -> List[Node]:
        """Literals reaching the ``model`` (or ``keys``) property of a call's first argument."""
        arg = first_arg(call)
        leaves: List[Node] = []
        if arg is None:
            return leaves
        for obj in self.resolve(arg, True):
            for key in keys:
                for value in self.property(obj, key):
                    leaves.extend(self.resolve(value))
        return leaves


_FIELDS = {"public_field_definition": "name", "field_definition": "property"}  # TypeScript's, JavaScript's


def _static(field: Node) -> bool:
    return any(c.type == "static" for c in field.children)


def _one(caps: Dict[str, List[Node]], name: str) -> Optional[Node]:
    nodes = caps.get(name)
    return nodes[0] if nodes else None


def first_arg(call: Node) -> Optional[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return None
    for child in args.named_children:
        if child.type != "comment":
            return child
    return None


_MODEL_PATHS = frozenset((b"models/", b"publishers/google/models/"))


def model_path_substitution(f, node: Node) -> Optional[Node]:
    """``models/${X}`` (or ``publishers/google/models/${X}``), nothing else in the template: X's expression."""
    if node.named_child_count != 2:
        return None
    head, tail = node.named_child(0), node.named_child(1)
    if head.type != "string_fragment" or tail.type != "template_substitution" or not tail.named_child_count:
        return None
    if f.src[head.start_byte : head.end_byte] not in _MODEL_PATHS or node.end_byte - tail.end_byte != 1:
        return None
    return tail.named_child(0)


def plausible(value: str) -> bool:
    """A value that could be a model id at a call site (any spelling; the rules judge it)."""
    return (
        0 < len(value) <= 256
        and not names.is_other_resource(value)
        and "{" not in value
        and not any(c.isspace() for c in value)
    )
