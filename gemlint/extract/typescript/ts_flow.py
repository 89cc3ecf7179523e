"""TypeScript/JavaScript value flow: what one file reads from and writes into flow nodes.

``ts_values.TsFile.resolve`` calls in here where a value leaves the file's
own bindings: a parameter (``f#0``), an element of an array (``.map``,
``.find``, ``xs[i]``, ``for … of``), a keyed store read
(``searchParams.get('model')``, ``localStorage.getItem``), the value a call
returns (``f()``), the value of a ``<select>``'s ``e.target.value`` (its
``<option value>``s, ``ts_react``). While collecting facts it records the
flow node each one comes from (``ts_origins``).

``facts`` lists what the file *writes*: arguments into the parameters of the
functions and methods it calls (``Write`` to ``f#0``, ``Cls.m#0.model``),
props into components (``Comp#0.prop``), object literals into the fields of
their declared type (``LiveConfig.model``), values into keyed stores; and the
nodes the file *defines*: return values (``f()``), parameter defaults, typed
parameters and fields (aliases of their type), callbacks bound to a
component's or function's callback slot.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from gemlint.extract.typescript import ts_dom, ts_fields, ts_globals, ts_react, ts_vue
from gemlint.extract.typescript import ts_origins as o
from gemlint.types import IMPORT, STORE, Export, Symbol, Write

Node = Any
_FUNCTION_TYPES = o.FUNCTIONS
_ELEMENT_PICKS = o.ELEMENT_PICKS
_NOT_TARGETS = frozenset(
    ("require", "useState", "useRef", "useContext", "createContext", "useMemo", "useEffect", "useCallback")
)
_MAX_FIELDS = 2  # nesting of object-literal fields written field by field (config.model, config.a.b)
_MAX_RETURNS = 16  # return statements looked at per function
# A bare package specifier (react, @google/genai): nothing in the project reads what is written into it.
_PACKAGE = re.compile(r"^(?:node:|@[\w.-]+/[\w.-]|[\w][\w.-]*$)")


def elements(arr: Node) -> List[Any]:
    """The element expressions of an array literal (a spread stands for the elements it spreads)."""
    out: List[Any] = []
    for child in arr.named_children:
        if child.type == "spread_element":
            if child.named_child_count:
                out.append(("elements", child.named_child(0)))
        elif child.type != "comment":
            out.append(child)
    return out


def _worth(f, origin: Tuple[str, str]) -> bool:
    """A node a value can come from: a project module's, or a parameter/return/field/type of this file."""
    module, name = origin
    if module:
        return not _PACKAGE.match(module)
    return any(c in name for c in "#(.<") or name in o.local_declarations(f)


def record_origins(f, node: Any, suffix: str) -> None:
    """Record the flow nodes ``node`` + ``suffix`` (``.key``, ``[]``, ``""``) starts at."""
    for module, name in o.origins(f, node):
        full = o.join(name, suffix[1:]) if suffix.startswith(".") else name + suffix
        if _worth(f, (module, full)):
            f._record(Symbol(IMPORT, module, full))
    f._record(ts_fields.field_read(f, node, suffix))  # opts.model of an untyped parameter: by field name


# -- reads (called from TsFile.resolve) --------------------------------------------------------


def is_parameter(f, ident: Node) -> bool:
    return o.param_slot(f, ident) is not None


def parameter_values(f, ident: Node, want_objects: bool) -> List[Any]:
    """What a parameter can hold inside the file: its default, its same-named bindings, array elements."""
    slot = o.param_slot(f, ident)
    out: List[Any] = list(o.bound(f, f.text(ident)))
    if slot.default is not None and slot.default not in out:
        out.append(slot.default)
    it = o.iterator_call(slot.fn) if slot.index == 0 else None
    if it is not None:
        array = it.child_by_field_name("function").child_by_field_name("object")
        if array is not None:
            out.append(("member", ("elements", array), slot.path[1:]) if slot.path else ("elements", array))
    elif not want_objects and f.symbols_out is not None:
        record_origins(f, ident, "")
    return out


def member_values(f, obj: Any, key: str) -> Optional[List[Any]]:
    """The options of a ``<select>`` for ``e.target.value`` in its ``onChange``; a Vue ref's values for
    ``model.value`` (``ts_vue``), a Svelte store's (``ts_svelte``), a page's control's (``ts_dom``); None for any
    other member."""
    if key != "value" or isinstance(obj, tuple):
        return None
    picked = ts_react.select_target_values(f, obj)
    if picked is None:
        from gemlint.extract.typescript.ts_vue import ref_values

        picked = ref_values(f, obj)
    if picked is None and f.mentions(b"svelte"):
        from gemlint.extract.typescript.ts_svelte import store_values

        picked = store_values(f, obj)
    if picked is None and ts_dom.reads_elements(f):  # document.getElementById('model').value: a page's control
        picked = ts_dom.control_value(f, obj)
    return picked


def subscribed(f, ident: Node, stack: List[Any], want_objects: bool) -> None:
    """``$model`` in a component reads the store ``model``: this file's (its values onto ``stack``), or an imported
    one's (the symbol ``model.value``)."""
    from gemlint.extract.typescript import ts_facts, ts_svelte

    name = ts_svelte.subscription(f, ident)
    if name is None:
        return
    values = ts_svelte.named_values(f, name)
    if values is not None:
        stack.extend(values)
    elif not want_objects and f.symbols_out is not None:
        f._record(ts_facts.symbol_for(f, (name, "value")))


def call_values(f, call: Node) -> List[Any]:
    """In-file values of a call: ``xs.find(…)`` gives an element of ``xs``; ``f()`` what local ``f`` returns."""
    fn = o.unwrap(call.child_by_field_name("function"))
    if fn is None:
        return []
    if f.svelte or f.mentions(b"svelte"):  # get(model) of a Svelte store; $state(x) in a Svelte file
        from gemlint.extract.typescript.ts_svelte import read

        picked = read(f, call)
        if picked is not None:
            return picked
    if fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        if prop is not None and f.text(prop) in _ELEMENT_PICKS:
            obj = fn.child_by_field_name("object")
            return [("elements", obj)] if obj is not None else []
        return []
    if fn.type != "identifier":
        return []
    reactive = ts_vue.reactive_object(f, call)
    if reactive is not None:
        return reactive  # reactive({ model: … }): the object
    name = f.text(fn)
    fn_node = o.local_declarations(f).get(name)
    if fn_node is None:
        bound = [v for v in o.bound(f, name) if not isinstance(v, tuple) and v.type in _FUNCTION_TYPES]
        fn_node = bound[0] if len(bound) == 1 else None
    if fn_node is None or fn_node.type not in _FUNCTION_TYPES:
        return []
    return return_values(f, fn_node)


def record_state(f, ident: Node) -> None:
    """Record the node of a ``useState`` value (what its setter's callers pass) or setter."""
    state = ts_react.state_nodes(f).get(f.text(ident))
    if state is not None:
        f._record(Symbol(IMPORT, state[0], state[1]))


def record_call(f, call: Node) -> None:
    """Record the node a call's value comes from: a keyed store or another function's return."""
    store = store_access(f, call, ("get", "getAll", "getItem"))
    if store is not None:
        f._record(Symbol(STORE, store[0], store[1]))
        return
    if f.mentions(b".val("):  # $('#model').val(): a page's control (ts_dom)
        control = ts_dom.jquery_value(f, call)
        if control is not None:
            f._record(control)
            return
    if f.mentions(b"Selector"):  # useSelector((s) => s.settings.model): a Redux state field (ts_redux)
        from gemlint.extract.typescript import ts_redux

        selected = ts_redux.selected_symbol(f, call)
        if selected is not None:
            f._record(selected)
            return
    record_origins(f, call, "")


def return_values(f, fn: Node) -> List[Node]:
    """The expressions a function returns (an arrow's expression body; its own ``return`` statements)."""
    body = fn.child_by_field_name("body")
    if body is not None and body.type != "statement_block":
        return [body]
    table = f.flow_cache.get("returns")
    if table is None:  # one query for the file; each return belongs to its nearest function
        table = {}
        for ret in f.caps.get("ret", ()):
            owner = o.enclosing_function(ret.parent)
            if owner is not None and ret.named_child_count:
                table.setdefault(owner.id, []).append(ret.named_child(0))
        if f.caps:  # asked before the main query ran (a test double's check): no table to keep yet
            f.flow_cache["returns"] = table
    return table.get(fn.id, [])[:_MAX_RETURNS]


# -- keyed stores ------------------------------------------------------------------------------


def _store_of(f, obj: Optional[Node], depth: int = 0) -> Optional[str]:
    obj = o.unwrap(obj)
    if obj is None or depth > 3:
        return None
    t = obj.type
    if t == "identifier":
        name = f.text(obj)
        if name in ("localStorage", "sessionStorage"):
            return name
        if name == "searchParams":
            return "url"
        for value in o.bound(f, name):
            if not isinstance(value, tuple):
                found = _store_of(f, value, depth + 1)
                if found:
                    return found
        return None
    if t == "member_expression":
        prop = obj.child_by_field_name("property")
        text = f.text(prop) if prop is not None else ""
        if text in ("localStorage", "sessionStorage"):
            return text
        return "url" if text == "searchParams" else None
    if t == "new_expression":
        ctor = obj.child_by_field_name("constructor")
        text = f.text(ctor) if ctor is not None else ""
        return "url" if text == "URLSearchParams" else "formdata" if text == "FormData" else None
    return None


def store_access(f, call: Node, methods: Tuple[str, ...]) -> Optional[Tuple[str, str]]:
    """``(store, key)`` for ``params.get('model')``, ``localStorage.setItem('k', …)`` and the like."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return None
    prop = fn.child_by_field_name("property")
    method = f.text(prop) if prop is not None else ""
    if method not in methods:
        return None
    store = _store_of(f, fn.child_by_field_name("object"))
    if store is None or (method.endswith("Item") != (store in ("localStorage", "sessionStorage"))):
        return None
    arg = o.first_argument(call)
    key = f.key_text(arg) if arg is not None else None
    return (store, key) if key else None


# -- facts -------------------------------------------------------------------------------------


class _Facts:
    def __init__(self, f) -> None:
        self.f = f
        self.writes: List[Write] = []
        self.exports: List[Export] = []

    def write(self, targets: List[Symbol], value: Any, approximate: bool = False, depth: int = 0) -> None:
        """``value`` written into each target, then its object literal's fields into ``target.field``."""
        from gemlint.extract.typescript.ts_facts import _values

        f = self.f
        targets = [t for t in targets if t.kind != IMPORT or not _PACKAGE.match(t.module)]
        if not targets or value is None:
            return
        refs, symbols = _values(f, value)
        if refs or symbols:
            for target in targets:
                w = Write(target, tuple(refs), tuple(symbols), approximate)
                if w not in self.writes:
                    self.writes.append(w)
        if depth >= _MAX_FIELDS or isinstance(value, tuple):
            return
        for obj in f.resolve(value, True):
            if obj.type != "object":
                continue
            for key, field in _fields(f, obj):
                self.write([t._replace(name=o.join(t.name, key)) for t in targets], field, approximate, depth + 1)

    def export_alias(self, targets: List[Symbol], value: Node) -> None:
        """``<Ctx.Provider value={liveAPI}>``: the node of this file *is* what ``value`` comes from, so a
        write into one of its fields (``useContext(Ctx).setModel(…)``) lands where that field lives."""
        symbols = tuple(Symbol(IMPORT, m, n) for m, n in o.origins(self.f, value) if _worth(self.f, (m, n)))
        for target in targets:
            if symbols:
                self.export(target.name, None, symbols)

    def export(self, name: str, value: Any = None, symbols: Tuple[Symbol, ...] = ()) -> None:
        from gemlint.extract.typescript.ts_facts import _values

        refs: list = []
        found: list = [s for s in symbols if s.kind != IMPORT or not _PACKAGE.match(s.module)]
        if value is not None:
            refs, more = _values(self.f, value)
            found += [s for s in more if s not in found and (s.kind != IMPORT or not _PACKAGE.match(s.module))]
        if refs or found:
            e = Export(name, tuple(refs), tuple(found))
            if e not in self.exports:
                self.exports.append(e)


def _fields(f, obj: Node) -> List[Tuple[str, Node]]:
    out: List[Tuple[str, Node]] = []
    for child in obj.named_children:
        if child.type == "pair":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            text = f.key_text(key) if key is not None else None
            if text is not None and value is not None:
                out.append((text, value))
        elif child.type == "shorthand_property_identifier":
            out.append((f.text(child), child))
    return out


def _symbols(origins: List[Tuple[str, str]], suffix: str = "") -> List[Symbol]:
    return [Symbol(IMPORT, m, n + suffix) for m, n in origins if n or m]


def facts(f) -> Tuple[Tuple[Export, ...], Tuple[Write, ...]]:
    """The file's flow exports (returns, defaults, aliases, callbacks) and writes."""
    out = _Facts(f)
    caps = f.caps
    setters = ts_react.state_setters(f)
    sdk_calls = {call.id for _, call in f.site_calls}
    for call in caps.get("flowcall", ()):
        if call.id not in sdk_calls:
            _call(out, call, setters)
    for element in caps.get("jsx", ()):
        _element(out, element)
    for decl in caps.get("typed", ()):
        types = o.type_origins(f, decl.child_by_field_name("type"))
        if types:
            value = decl.child_by_field_name("value")
            for obj in f.resolve(value, True):
                if obj.type == "object":
                    for key, field in _fields(f, obj):
                        out.write(_symbols(types, "." + key), field)
    for fn in list(caps.get("decl", ())) + list(caps.get("flowfn", ())):
        if fn.type in ("interface_declaration", "type_alias_declaration"):
            _type_fields(out, fn)
        elif fn.type not in ("class_declaration", "abstract_class_declaration"):
            _function(out, fn)
    ts_react.context_exports(f, out)
    if f.mentions(b"zustand") or f.mentions(b"pinia"):
        from gemlint.extract.typescript import ts_pinia, ts_stores
        from gemlint.extract.typescript.ts_facts import _export_value

        export = lambda name, node: _export_value(f, name, node, out.exports)  # noqa: E731
        ts_stores.store_exports(f, export)
        ts_pinia.store_exports(f, export)
    _member_writes(out)
    if f.mentions(b"createSlice"):  # Redux Toolkit: the slice's state fields (ts_redux)
        from gemlint.extract.typescript.ts_redux import slice_writes

        slice_writes(f, out)
    if f.mentions(b"State) =>") or f.mentions(b"(state) =>") or f.mentions(b"state: RootState"):
        from gemlint.extract.typescript.ts_redux import selector_exports

        out.exports.extend(selector_exports(f))  # export const selectModel = (state) => state.settings.model
    ts_fields.field_writes(f, out.write)
    out.writes.extend(f.flow_cache.get("markup_writes", ()))  # controls of markup in the file's strings (ts_dom)
    return tuple(out.exports), tuple(out.writes)


def _member_writes(out: _Facts) -> None:
    """``settings.model = v`` where ``settings`` comes from a node (an import, a store's state, a Vue ref's
    ``model.value``): ``v`` written into that node's field, which every reader of the field reads."""
    f = out.f
    for member in f.caps.get("memberset", ()):
        obj, key = member.child_by_field_name("object"), member.child_by_field_name("property")
        value = member.parent.child_by_field_name("right") if member.parent is not None else None
        if obj is None or key is None or value is None or key.type != "property_identifier":
            continue
        if obj.type == "this" or not _may_be_named(f, obj):
            continue
        if f.silence is not None and f.silence.covers(value):
            continue  # a test double's field
        targets = _symbols(o.origins(f, obj), "." + f.text(key))
        if targets:
            out.write(targets, value)


# store.$patch({ model }) (Pinia) and useStore.setState({ model }) (Zustand): the fields of the store's state
_STATE_PATCHES = {"$patch": "", "setState": "()"}


def _call(out: _Facts, call: Node, setters: Dict[str, List[Tuple[str, str]]]) -> None:
    f = out.f
    if f.silence is not None and f.silence.covers(call):
        return  # a call in a test whose transport is replaced, or on a double (doubles_ts): no request
    store = store_access(f, call, ("set", "append", "setItem"))
    if store is not None:
        args = [c for c in call.child_by_field_name("arguments").named_children if c.type != "comment"]
        if len(args) > 1:
            out.write([Symbol(STORE, store[0], store[1])], args[1], approximate=True)
        return
    is_new = call.type == "new_expression"
    callee = o.unwrap(call.child_by_field_name("constructor" if is_new else "function"))
    if callee is None or not _may_be_named(f, callee):
        return
    if not is_new and callee.type == "identifier" and f.text(callee) in setters:  # setConfig({...}) of useState<T>
        targets = _symbols(setters[f.text(callee)])
    else:
        if f.text(callee) in _NOT_TARGETS or (
            callee.type == "member_expression" and f.text(callee.child_by_field_name("property")) in o.ITERATORS
        ):
            return
        patch = (
            _STATE_PATCHES.get(f.text(callee.child_by_field_name("property")))
            if callee.type == "member_expression"
            else None
        )
        if patch is not None:
            state = _symbols(o.origins(f, callee.child_by_field_name("object")), patch)
            arg = o.unwrap(o.first_argument(call))
            if state and arg is not None and arg.type == "object":
                out.write(state, arg)  # its fields into the state's fields
            return
        targets = _symbols(o.origins(f, callee), "#{}")
    if not targets:
        return
    args = call.child_by_field_name("arguments")
    for i, arg in enumerate(c for c in args.named_children if c.type != "comment"):
        slot = [t._replace(name=t.name.format(i)) if "#{}" in t.name else t for t in targets]
        if arg.type in _FUNCTION_TYPES:
            continue  # a callback: its parameters name this slot themselves (ts_origins.function_names)
        _callback(out, arg, [s for s in slot if "#" in s.name])
        out.write(slot, arg)


_CHAIN = frozenset(
    ("member_expression", "subscript_expression", "call_expression", "new_expression") + tuple(o.WRAPPERS)
)
_CHAIN_FIELD = {"call_expression": "function", "new_expression": "constructor"}


def _may_be_named(f, callee: Node) -> bool:
    """Whether the callee's root can start an origin: an import, a declared or local name, a parameter, ``this``,
    a global of a classic script.

    A quick test before ``origins``: most calls start at a global (``console.log``, ``JSON.parse``).
    """
    node = callee
    for _ in range(32):
        if node is None or node.type not in _CHAIN:
            break
        node = node.child_by_field_name(_CHAIN_FIELD.get(node.type, "object")) or (
            node.named_child(0) if node.type in o.WRAPPERS and node.named_child_count else None
        )
    if node is None or node.type != "identifier":
        return node is not None and node.type == "this"
    name = f.text(node)
    return (
        name in f.imports
        or name in o.declared_names(f)
        or name in o.parameter_names(f)
        or name in o.local_declarations(f)
        or (name not in ts_globals.BUILTINS and ts_globals.is_classic(f))  # another classic script's global
    )


_LITERALS = frozenset(("string", "template_string"))
_SHAPES = frozenset(("object", "array", "ternary_expression", "binary_expression", "jsx_element"))


def _may_hold(f, value: Node) -> bool:
    """Whether a returned expression can hold a value worth exporting (a quick test before resolving it)."""
    value = o.unwrap(value)
    if value is None:
        return False
    t = value.type
    if t in _LITERALS:
        return value.end_byte - value.start_byte > 4
    if t in _SHAPES:
        return True
    return (t == "identifier" or t in _CHAIN) and _may_be_named(f, value)


def _callback(out: _Facts, value: Node, slots: List[Symbol]) -> None:
    """A local function passed as a callback: its parameter ``j`` holds what the slot's caller passes as ``j``; a
    ``useState`` setter passed on: its state holds what the slot's caller passes."""
    f = out.f
    value = o.unwrap(value)
    if value is None or value.type != "identifier" or not slots:
        return
    name = f.text(value)
    state = ts_react.setter_value(f, name)
    if state is not None:  # <Picker setModel={setModel}>: what the component passes to it is a value of the state
        out.export(state.name, None, tuple(s._replace(name=f"{s.name}#0") for s in slots))
        return
    fn = o.local_declarations(f).get(name)
    if fn is None or fn.type not in _FUNCTION_TYPES:
        bound = [v for v in o.bound(f, name) if not isinstance(v, tuple) and v.type in _FUNCTION_TYPES]
        fn = bound[0] if len(bound) == 1 else None
    if fn is None:
        return
    for j, _ in enumerate(o.params_of(fn)):
        out.export(f"{name}#{j}", None, tuple(s._replace(name=f"{s.name}#{j}") for s in slots))


def _element(out: _Facts, element: Node) -> None:
    f = out.f
    tag = element.child_by_field_name("name")
    if tag is None:
        return
    text = f.text(tag)
    if tag.type == "identifier" and text[:1].islower():
        if text == "option" and ts_react.has_open_select(f):
            value = ts_react.option_value(f, element)
            if value is not None:
                out.write([Symbol(IMPORT, "", ts_react.OPTIONS)], value, approximate=True)
        return
    components = o.origins(f, tag)
    if not components:
        return
    for attr in element.named_children:
        if attr.type != "jsx_attribute" or attr.named_child_count < 2:
            continue
        key, value = attr.named_child(0), attr.named_child(1)
        if value.type == "jsx_expression":
            value = value.named_child(0) if value.named_child_count else None
        if value is None:
            continue
        if value.type in _FUNCTION_TYPES:  # its parameters name the slot themselves (ts_origins.function_names)
            if _passes_a_value(f, text, f.text(key)):
                items = ts_react.item_values(f, element)
                handed = _handed_on(f, value) if items else []  # (v) => setModel(v): into setModel's argument
                for item in items:
                    if handed:
                        out.write(handed, item)
                    else:  # every <Select> of the project shares the slot its parameter reads: approximate
                        out.write(_symbols(components, f"#0.{f.text(key)}#0"), item, approximate=True)
            continue
        slot = _symbols(components, f"#0.{f.text(key)}")
        items = ts_react.item_values(f, element) if _passes_a_value(f, text, f.text(key)) else []
        if items:  # <Select onValueChange={…}> of Radix/shadcn: its items, into this handler only
            for item in items:
                out.write(_handler_argument(f, value), item)
        else:  # (not through the slot every select of the project shares)
            _callback(out, value, slot)
        out.write(slot, value)
        if text.endswith(".Provider") and f.text(key) == "value":  # this file's context: value is an alias too
            out.export_alias([s for s in slot if s.module == ""], value)


def _passes_a_value(f, tag: str, key: str) -> bool:
    """A select component's handler that receives the chosen value: Radix's ``onValueChange``, an Ant Design or
    Mantine ``<Select onChange>`` (MUI's gets an event: its ``e.target.value`` is read as a native select's)."""
    return key == "onValueChange" or (key == "onChange" and tag.endswith("Select"))


def _handed_on(f, arrow: Node) -> List[Symbol]:
    """``(v) => setModel(v)``, ``(v) => { setModel(v); save(v) }``: the first-argument nodes of the calls the
    handler passes its own parameter to, unchanged."""
    params = o.params_of(arrow)
    param = params[0] if len(params) == 1 else None
    if param is not None and param.type in ("required_parameter", "optional_parameter"):
        param = param.child_by_field_name("pattern")  # TypeScript's (v: string) => …
    if param is None or param.type != "identifier":
        return []
    name = f.text(param)
    out: List[Symbol] = []
    for call in f.caps.get("flowcall", ()):
        if not arrow.start_byte <= call.start_byte < arrow.end_byte or call.type != "call_expression":
            continue
        first = o.unwrap(o.first_argument(call))
        if first is not None and first.type == "identifier" and f.text(first) == name:
            out.extend(s for s in _handler_argument(f, call.child_by_field_name("function")) if s not in out)
    return out


def _handler_argument(f, handler: Node) -> List[Symbol]:
    """The node of the first argument ``handler`` receives, this usage's own (not the shared component slot): a
    ``useState`` setter's state, a local function's or a prop's parameter (``onModelChange#0``)."""
    handler = o.unwrap(handler)
    state = ts_react.setter_value(f, f.text(handler)) if handler is not None and handler.type == "identifier" else None
    return [state] if state is not None else _symbols(o.origins(f, handler), "#0")


def _function(out: _Facts, fn: Node) -> None:
    """Return values, parameter defaults and typed parameters of a named function or method."""
    f = out.f
    if fn.type == "variable_declarator":
        fn = fn.child_by_field_name("value")
    names = [n for m, n in o.function_names(f, fn) if m == ""]
    if not names:
        return
    name = names[0]
    if _exported(f, fn):  # calls inside the file resolve the return value themselves (call_values)
        for value in return_values(f, fn):
            if _may_hold(f, value):
                from gemlint.extract.typescript.ts_facts import _export_value

                _export_value(f, f"{name}()", value, out.exports)  # an object: each field too (f().setModel)
    for i, param in enumerate(o.params_of(fn)):
        typ = param.child_by_field_name("type") if param.type in ("required_parameter", "optional_parameter") else None
        types = o.type_origins(f, typ)
        if types:
            out.export(f"{name}#{i}", None, tuple(_symbols(types)))
        pattern = (
            param.child_by_field_name("pattern") if typ is not None or param.type.endswith("_parameter") else param
        )
        default = param.child_by_field_name("value") if param.type.endswith("_parameter") else None
        if pattern is not None and pattern.type == "assignment_pattern":
            default = pattern.child_by_field_name("right")
        if default is not None:
            out.export(f"{name}#{i}", default)


def _exported(f, fn: Node) -> bool:
    """A function another module can call: under an ``export`` (a method: its class), or any in CommonJS."""
    node = fn.parent
    for _ in range(6):
        if node is None:
            return False
        if node.type == "export_statement":
            return True
        if node.type == "program":
            return f.mentions(b"exports")
        node = node.parent
    return False


def _type_fields(out: _Facts, decl: Node) -> None:
    """``type S = { config: LiveConfig; setConfig: (c: LiveConfig) => void }``: fields as aliases of their types."""
    f = out.f
    name = decl.child_by_field_name("name")
    body = decl.child_by_field_name("body") or decl.child_by_field_name("value")
    if name is None or body is None or body.type not in ("object_type", "interface_body"):
        return
    for prop in body.named_children:
        if prop.type != "property_signature":
            continue
        key, typ = prop.child_by_field_name("name"), prop.child_by_field_name("type")
        if key is None or typ is None or not typ.named_child_count:
            continue
        field = f"{f.text(name)}.{f.text(key)}"
        inner = typ.named_child(0)
        if inner.type == "function_type":
            params = inner.child_by_field_name("parameters")
            for j, param in enumerate(c for c in (params.named_children if params else ()) if c.type != "comment"):
                types = o.type_origins(f, param.child_by_field_name("type"))
                if types:
                    out.export(f"{field}#{j}", None, tuple(_symbols(types)))
        else:
            types = o.type_origins(f, typ)
            if types:
                out.export(field, None, tuple(_symbols(types)))
