"""Where a TypeScript/JavaScript value comes from, as a node of the value-flow graph.

An *origin* is ``(module, name)``: ``module`` is the import specifier as the
file spells it (``""`` for this file) and ``name`` follows the node-name
conventions of ``gemlint.types``: ``f#0`` (parameter 0 of ``f``),
``f#0.model`` (its ``model`` field), ``f()`` (what ``f`` returns),
``LiveConfig.model`` (a typed field), ``LiveClient.connect#0`` (a method's
parameter; ``new LiveClient()`` is an instance, named by its class).

Origins are computed for expressions that start at something the file cannot
see into: a parameter, an import, ``require('…')``, a local function or class,
a declared type. Everything else has none. All walks are bounded loops over
parents; nothing recurses on the tree beyond ``_MAX_DEPTH`` expression steps.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from gemlint.types import Symbol

Node = Any
Origin = Tuple[str, str]

FUNCTIONS = frozenset(
    (
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    )
)
_CLASSES = frozenset(("class_declaration", "class", "abstract_class_declaration"))
WRAPPERS = frozenset(
    ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression")
)
# Array methods whose callback's first parameter is an element of the array.
ITERATORS = frozenset(("map", "find", "filter", "forEach", "some", "every", "flatMap", "findLast", "reduce"))
_MAX_DEPTH = 8
ELEMENT_PICKS = frozenset(("find", "findLast", "at", "pop", "shift"))  # xs.find(…) is an element of xs
_MAX_ORIGINS = 8


def join(name: str, key: str) -> str:
    """``name.key`` (``key`` alone for a namespace, whose name is ``""``)."""
    return f"{name}.{key}" if name else key


def unwrap(node: Optional[Node]) -> Optional[Node]:
    while node is not None and node.type in WRAPPERS and node.named_child_count:
        node = node.named_child(0)
    return node


def params_of(fn: Node) -> List[Node]:
    """The parameter nodes of a function-like node, in order."""
    params = fn.child_by_field_name("parameters")
    if params is None:
        single = fn.child_by_field_name("parameter")
        return [single] if single is not None else []
    return [c for c in params.named_children if c.type != "comment"]


def _parameters(f, fn: Node) -> Dict[str, Slot]:
    """name -> Slot for every name ``fn``'s parameters bind (memoised per function)."""
    cache = f.flow_cache.setdefault("params", {})
    table = cache.get(fn.id)
    if table is None:
        table = {}
        for i, param in enumerate(params_of(fn)):
            for name, (path, default, typ) in param_bindings(f, param).items():
                table.setdefault(name, Slot(fn, i, path, default, typ))
        cache[fn.id] = table
    return table


def param_bindings(f, param: Node) -> Dict[str, Tuple[str, Optional[Node], Optional[Node]]]:
    """name -> ``(path, default, type)`` for the names ``param`` binds (path ``.field`` when destructured)."""
    pattern, default, typ = param, None, None
    if param.type in ("required_parameter", "optional_parameter"):
        pattern = param.child_by_field_name("pattern")
        default = param.child_by_field_name("value")
        typ = param.child_by_field_name("type")
    if pattern is not None and pattern.type == "assignment_pattern":
        default = pattern.child_by_field_name("right")
        pattern = pattern.child_by_field_name("left")
    out: Dict[str, Tuple[str, Optional[Node], Optional[Node]]] = {}
    if pattern is None:
        return out
    if pattern.type == "identifier":
        out[f.text(pattern)] = ("", default, typ)
    if pattern.type != "object_pattern":
        return out
    for child in pattern.named_children:
        t = child.type
        if t == "shorthand_property_identifier_pattern":
            out[f.text(child)] = ("." + f.text(child), None, typ)
        elif t == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None:
                out[f.text(left)] = ("." + f.text(left), child.child_by_field_name("right"), typ)
        elif t == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            inner_default = None
            if value is not None and value.type == "assignment_pattern":
                inner_default = value.child_by_field_name("right")
                value = value.child_by_field_name("left")
            if key is not None and value is not None and value.type == "identifier":
                out[f.text(value)] = ("." + (f.key_text(key) or f.text(key)), inner_default, typ)
    return out


class Slot:
    """A parameter an identifier names: its function, position, destructured path, default and type."""

    __slots__ = ("fn", "index", "path", "default", "type")

    def __init__(self, fn: Node, index: int, path: str, default: Optional[Node], typ: Optional[Node]):
        self.fn, self.index, self.path, self.default, self.type = fn, index, path, default, typ


def enclosing_function(node: Optional[Node]) -> Optional[Node]:
    while node is not None and node.type not in FUNCTIONS:
        node = node.parent
    return node


def param_slot(f, ident: Node) -> Optional[Slot]:
    """The parameter of an enclosing function that ``ident`` refers to, if any (nearest scope first)."""
    name = f.text(ident)
    if name not in parameter_names(f):
        return None  # no function of the file has a parameter of that name: skip the walk up the tree
    return _slot_in(f, enclosing_function(ident.parent), name)


def bound(f, name: str) -> list:
    """``f.bindings()[name]``, without building the binding table for a name no declaration binds."""
    if name not in declared_names(f):
        return []
    return f.bindings().get(name, [])


def declared_names(f) -> frozenset:
    """Every name a ``const``/``let``/``var`` (patterns included), an assignment or a ``for … of`` binds."""
    names = f.flow_cache.get("declared")
    if names is None:
        found = set()
        for node in f.caps.get("declared", ()):
            if node.type == "identifier":
                found.add(f.text(node))
                continue
            stack = [node]  # an object or array pattern: the identifiers in it
            while stack:
                item = stack.pop()
                if item.type in ("identifier", "shorthand_property_identifier_pattern"):
                    found.add(f.text(item))
                else:
                    stack.extend(item.named_children)
        names = f.flow_cache["declared"] = frozenset(found)
    return names


def parameter_names(f) -> frozenset:
    """Every name a parameter binds anywhere in the file."""
    names = f.flow_cache.get("param_names")
    if names is None:
        found = set()
        for node in f.caps.get("params", ()):
            if node.type == "identifier":
                found.add(f.text(node))
                continue
            for param in node.named_children:
                found.update(param_bindings(f, param))
        names = f.flow_cache["param_names"] = frozenset(found)
    return names


def _slot_in(f, fn: Optional[Node], name: str) -> Optional[Slot]:
    """``name`` as a parameter of ``fn`` or of a function around it (memoised per function and name)."""
    cache = f.flow_cache.setdefault("slot", {})
    chain = []
    found = None
    while fn is not None:
        key = (fn.id, name)
        if key in cache:
            found = cache[key]
            break
        chain.append(key)
        found = _parameters(f, fn).get(name)
        if found is not None:
            break
        fn = enclosing_function(fn.parent)
    for key in chain:
        cache[key] = found
    return found


def enclosing_class(node: Node) -> Optional[Node]:
    while node is not None:
        if node.type in _CLASSES:
            return node
        node = node.parent
    return None


def class_name(f, node: Node) -> Optional[str]:
    cls = enclosing_class(node)
    name = cls.child_by_field_name("name") if cls is not None else None
    return f.text(name) if name is not None else None


def iterator_call(fn: Node) -> Optional[Node]:
    """The ``xs.map(cb)`` call when ``fn`` is its callback, else None."""
    parent = fn.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None or parent.type != "arguments":
        return None
    call = parent.parent
    callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    if callee is None or callee.type != "member_expression":
        return None
    prop = callee.child_by_field_name("property")
    if prop is None or prop.text.decode("utf-8", "replace") not in ITERATORS:
        return None
    first = next((c for c in parent.named_children if c.type != "comment"), None)
    return call if first is not None and first.id == fn.id else None


def function_names(f, fn: Node, depth: int = 0) -> List[Origin]:
    """The nodes a function is known as: ``("", "f")``, ``("", "Cls.m")``, or the slot a callback fills."""
    t = fn.type
    action = _pinia_action(f, fn)  # an action of a Pinia store: useSettings().setModel (ts_pinia)
    if t in ("function_declaration", "generator_function_declaration"):
        name = fn.child_by_field_name("name")
        return ([("", f.text(name))] if name is not None else []) + action
    if action:
        return action
    if t == "method_definition":
        name, cls = fn.child_by_field_name("name"), class_name(f, fn)
        if name is None or cls is None:
            return []
        method = f.text(name)
        return [("", cls if method == "constructor" else f"{cls}.{method}")]
    parent = fn.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return []
    pt = parent.type
    if pt == "variable_declarator":
        name = parent.child_by_field_name("name")
        return [("", f.text(name))] if name is not None and name.type == "identifier" else []
    if pt == "pair" and parent.parent is not None and f.mentions(b"zustand"):  # setModel: (m) => set({ model: m })
        from gemlint.extract.typescript.ts_stores import state_of

        key = parent.child_by_field_name("key")
        store = state_of(f, parent.parent) if key is not None else None
        return [("", f"{store}().{f.key_text(key)}")] if store else []
    if pt in ("public_field_definition", "field_definition"):
        name = parent.child_by_field_name("name") or parent.child_by_field_name("property")
        cls = class_name(f, parent)
        return [("", f"{cls}.{f.text(name)}")] if name is not None and cls else []
    if pt == "jsx_expression" and parent.parent is not None and parent.parent.type == "jsx_attribute":
        attr = parent.parent
        element = attr.parent
        key = attr.named_child(0) if attr.named_child_count else None
        tag = element.child_by_field_name("name") if element is not None else None
        if key is None or tag is None:
            return []
        return [(m, f"{n}#0.{f.text(key)}") for m, n in origins(f, tag, depth + 1)]
    if pt == "arguments" and iterator_call(fn) is None:
        call = parent.parent
        if call is None or call.type not in ("call_expression", "new_expression"):
            return []
        index = [c.id for c in parent.named_children if c.type != "comment"].index(fn.id)
        callee = call.child_by_field_name("function" if call.type == "call_expression" else "constructor")
        return [(m, f"{n}#{index}") for m, n in origins(f, callee, depth + 1)] if callee is not None else []
    return []


def type_origins(f, typ: Optional[Node]) -> List[Origin]:
    """The declared type a ``type_annotation`` (or type node) names: imported or declared here."""
    if typ is None:
        return []
    if typ.type == "type_annotation":
        typ = typ.named_child(0) if typ.named_child_count else None
    if typ is not None and typ.type == "generic_type":  # Readonly<T> and friends are rare here: take the name
        typ = typ.child_by_field_name("name") or typ.named_child(0)
    if typ is None or typ.type != "type_identifier":
        return []
    name = f.text(typ)
    entry = f.imports.get(name)
    if entry is not None:
        return [(entry[0], entry[1] if entry[1] != "default" else name)]
    return [("", name)] if name in local_declarations(f) else []


def local_declarations(f) -> Dict[str, Node]:
    """Functions, classes, interfaces and type aliases declared at any level of this file."""
    table = f.flow_cache.get("decls")
    if table is None:
        table = {}
        for node in f.caps.get("decl", ()):
            name = node.child_by_field_name("name")
            if name is not None:
                table.setdefault(f.text(name), node)
        f.flow_cache["decls"] = table
    return table


def _callee_text(f, call: Node) -> Optional[str]:
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        return f.text(fn)
    if fn.type == "member_expression":  # React.useState
        prop = fn.child_by_field_name("property")
        return f.text(prop) if prop is not None else None
    return None


def held_values(f, name: str, initial, writes: Dict[str, List[Node]], node: Symbol) -> Optional[List[Node]]:
    """What a reactive holder this file binds to ``name`` holds (a Vue ref, a Svelte store): ``initial(f, value)`` of
    its declaration, and the file's ``writes`` to it; ``node`` (recorded) brings what other files write. None when
    ``name`` is no such holder."""
    starts = [initial(f, v) for v in f.bindings().get(name, ()) if not isinstance(v, tuple)]
    starts = [s for s in starts if s is not None]
    if not starts:
        return None
    if f.symbols_out is not None:
        f._record(node)
    return starts + writes.get(name, [])


def member_writes(f, key: str) -> Dict[str, List[Node]]:
    """Name -> the values of this file's ``name.key = v`` (from the main query's member assignments, once);
    ``this.key = v`` under the name ``this``."""
    cache_key = "member_writes." + key
    found = f.flow_cache.get(cache_key)
    if found is None:
        found = {}
        for member in f.caps.get("memberset", ()):
            obj, prop = member.child_by_field_name("object"), member.child_by_field_name("property")
            value = member.parent.child_by_field_name("right") if member.parent is not None else None
            if obj is not None and obj.type in ("identifier", "this") and prop is not None and value is not None:
                if f.text(prop) == key:
                    found.setdefault(f.text(obj), []).append(value)
        f.flow_cache[cache_key] = found
    return found


def written_values(f, query: str) -> Dict[str, List[Node]]:
    """Name -> the ``@value`` nodes the lazy query ``query`` pairs with each ``@name`` in this file (``model.set(v)``
    of Svelte): run once per file, on first use."""
    found = f.flow_cache.get(query)
    if found is None:
        found = {}
        for _, caps in f.g.matches(getattr(f.g, query), f.roots):
            names, values = caps.get("name"), caps.get("value")
            if names and values:
                name = names[0] if isinstance(names, list) else names
                value = values[0] if isinstance(values, list) else values
                found.setdefault(f.text(name), []).append(value)
        f.flow_cache[query] = found
    return found


def first_argument(call: Node) -> Optional[Node]:
    args = call.child_by_field_name("arguments")
    for child in args.named_children if args is not None else ():
        if child.type != "comment":
            return child
    return None


def _type_argument(call: Node) -> Optional[Node]:
    args = call.child_by_field_name("type_arguments")
    return args.named_child(0) if args is not None and args.named_child_count else None


def origins(f, node: Optional[Node], depth: int = 0) -> List[Origin]:
    """The flow nodes ``node``'s value comes from (empty when it does not start somewhere named)."""
    node = unwrap(node)
    if node is None or depth > _MAX_DEPTH:
        return []
    cache = f.flow_cache.setdefault("origins", {})
    if node.id in cache:
        return cache[node.id]
    cache[node.id] = []  # a cycle through bindings ends here
    out = _origins(f, node, depth)[:_MAX_ORIGINS]
    cache[node.id] = out
    return out


def _origins(f, node: Node, depth: int) -> List[Origin]:  # noqa: C901 (one branch per expression kind)
    t = node.type
    if t in ("identifier", "shorthand_property_identifier", "type_identifier"):
        if t == "type_identifier":
            return type_origins(f, node)
        slot = param_slot(f, node)
        if slot is not None:
            it = iterator_call(slot.fn) if slot.index == 0 else None
            if it is not None:  # xs.map((m) => …): an element of xs
                array = it.child_by_field_name("function").child_by_field_name("object")
                return [(m, n + "[]" + slot.path) for m, n in origins(f, array, depth + 1)]
            out = [(m, f"{n}#{slot.index}{slot.path}") for m, n in function_names(f, slot.fn, depth + 1)]
            out += [(m, n + slot.path) for m, n in type_origins(f, slot.type)]
            return out
        name = f.text(node)
        entry = f.imports.get(name)
        if entry is not None:
            return [(entry[0], entry[1] if entry[1] != "default" or not name else "default")]
        values = bound(f, name)
        if values:
            out: List[Origin] = []
            for value in values:
                if isinstance(value, tuple):
                    if value[0] == "member":
                        out += [(m, join(n, value[2])) for m, n in origins(f, value[1], depth + 1)]
                    elif value[0] == "elements":  # for (const m of xs)
                        out += [(m, n + "[]") for m, n in origins(f, value[1], depth + 1)]
                    continue
                if value.type in FUNCTIONS:
                    out.append(("", name))
                    continue
                holder = value.parent
                if holder is not None and holder.type == "variable_declarator":
                    out += type_origins(f, holder.child_by_field_name("type"))
                if value.type == "call_expression" and _callee_text(f, value) == "createContext":
                    out.append(("", name))  # a context: named by its variable (see ts_react)
                elif value.type == "call_expression" and _is_store(f, name):
                    out.append(("", name))  # a Zustand or Pinia store: named by its variable (ts_stores, ts_pinia)
                elif value.type == "call_expression" and _is_reactive_holder(f, value):
                    out.append(("", name))  # a Vue ref/reactive object, a Svelte $state: its template writes a field
                elif value.type == "object" and f.svelte:
                    out.append(("", name))  # Svelte 4: a component's `let settings = {…}` is state its template binds
                elif value.type in ("call_expression", "new_expression", "member_expression", "identifier"):
                    out += origins(f, value, depth + 1)
                elif value.type == "array":  # [...MODELS, …]: holds the elements of MODELS
                    for child in value.named_children:
                        if child.type == "spread_element" and child.named_child_count:
                            out += origins(f, child.named_child(0), depth + 1)
            return out
        if name in local_declarations(f):
            return [("", name)]
        from gemlint.extract.typescript.ts_globals import free_origin

        return free_origin(f, name)  # a global another script of the page declares
    if t == "call_expression":
        fn = unwrap(node.child_by_field_name("function"))
        if fn is None:
            return []
        callee = _callee_text(f, node)
        if fn.type == "identifier" and callee == "require":
            arg = first_argument(node)
            spec = f.key_text(arg) if arg is not None else None
            return [(spec, "")] if spec else []
        if callee == "useRef":
            return origins(f, first_argument(node), depth + 1)
        if callee == "useMemo":  # useMemo(() => new X(…), deps): what the factory returns
            factory = unwrap(first_argument(node))
            if factory is None or factory.type not in FUNCTIONS:
                return []
            body = factory.child_by_field_name("body")
            return origins(f, body, depth + 1) if body is not None and body.type != "statement_block" else []
        if callee == "useContext":
            arg = first_argument(node)
            return [(m, f"{n}.Provider#0.value") for m, n in origins(f, arg, depth + 1)] + [
                o for o in _context_types(f, arg)
            ]
        if callee == "createContext":
            return type_origins(f, _type_argument(node))
        if fn.type == "member_expression" and callee in ELEMENT_PICKS:  # xs.find(…): an element of xs
            return [(m, n + "[]") for m, n in origins(f, fn.child_by_field_name("object"), depth + 1)]
        if fn.type == "member_expression" and callee == "getState":  # useStore.getState(): the store's state
            return [(m, n + "()") for m, n in origins(f, fn.child_by_field_name("object"), depth + 1)]
        if fn.type == "identifier":
            from gemlint.extract.typescript.ts_stores import selected

            path = selected(f, node)  # useStore((s) => s.model): the state's field (ts_stores)
            if path is not None:
                return [(m, n + "()" + path) for m, n in origins(f, fn, depth + 1)]
        return [(m, n + "()") for m, n in origins(f, fn, depth + 1)]
    if t == "new_expression":
        return origins(f, node.child_by_field_name("constructor"), depth + 1)
    if t in ("member_expression", "subscript_expression"):
        obj = unwrap(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property" if t == "member_expression" else "index")
        computed = t == "subscript_expression" and prop is not None and prop.type == "identifier"  # xs[i]
        key = f.key_text(prop) if prop is not None and not computed else None
        if obj is not None and t == "subscript_expression" and (key is None or key.isdigit()):
            return [(m, n + "[]") for m, n in origins(f, obj, depth + 1)]  # xs[i], xs[0]
        if obj is None or key is None:
            return []
        if obj.type == "this":
            cls = class_name(f, node) or ("this" if _options_field(f, node) else None)  # Options API (ts_vue)
            out = [("", f"{cls}.{key}")] if cls else []
            for value in f.bindings().get("this." + key, ()):
                if not isinstance(value, tuple) and value.type != "string":
                    out += origins(f, value, depth + 1)
            return out
        if key == "current" and _is_ref(f, obj):
            return origins(f, obj, depth + 1)
        return [(m, join(n, key)) for m, n in origins(f, obj, depth + 1)]
    return []


def _is_store(f, name: str) -> bool:
    if not f.mentions(b"zustand") and not f.mentions(b"pinia"):
        return False
    from gemlint.extract.typescript.ts_pinia import pinia_stores
    from gemlint.extract.typescript.ts_stores import stores

    return name in stores(f) or name in pinia_stores(f)


def _options_field(f, node: Node) -> bool:
    from gemlint.extract.typescript.ts_vue import options_field

    return options_field(f, node)


def _is_reactive_holder(f, call: Node) -> bool:
    """A Vue ``ref``/``reactive`` (``ts_vue.holder``) or, in a Svelte file, a ``$state(…)`` rune."""
    if f.svelte:
        return _callee_text(f, call) == "$state"
    from gemlint.extract.typescript.ts_vue import holder

    return holder(f, call)


def _pinia_action(f, fn: Node) -> List[Origin]:
    if not f.mentions(b"pinia"):
        return []
    from gemlint.extract.typescript.ts_pinia import action_name

    name = action_name(f, fn)
    return [("", name)] if name else []


def _is_ref(f, obj: Node) -> bool:
    """``obj`` is ``useRef(…)`` or a name bound to it."""
    if obj.type == "call_expression":
        return _callee_text(f, obj) == "useRef"
    if obj.type == "identifier":
        return any(
            not isinstance(v, tuple) and v.type == "call_expression" and _callee_text(f, v) == "useRef"
            for v in bound(f, f.text(obj))
        )
    return False


def _context_types(f, arg: Optional[Node]) -> List[Origin]:
    """``createContext<T>(…)`` bound to the name ``arg``: the type ``T``."""
    arg = unwrap(arg)
    if arg is None or arg.type != "identifier":
        return []
    out: List[Origin] = []
    for value in bound(f, f.text(arg)):
        if (
            not isinstance(value, tuple)
            and value.type == "call_expression"
            and _callee_text(f, value) == "createContext"
        ):
            out += type_origins(f, _type_argument(value))
    return out


def callee_text(f, call: Node) -> Optional[str]:
    """``useState`` for ``useState(…)`` and ``React.useState(…)``."""
    return _callee_text(f, call)
