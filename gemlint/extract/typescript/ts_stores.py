"""Zustand stores: ``export const useStore = create((set) => ({ model: '…', setModel: (m) => set({ model: m }) }))``.

A store's state is the object its initializer returns. A component reads it through a selector
(``useStore((s) => s.model)``), the whole state (``const { model } = useStore()``) or ``useStore.getState()``:
``ts_origins`` names each read ``useStore().model``. The store exports ``useStore().KEY`` for each key of the
state: its initial value, and every value a ``set({ KEY: v })`` of the initializer writes. A function of the state
(``setModel: (m) => …``) is the node ``useStore().setModel``, so a component's ``setModel(x)`` writes into
``useStore().setModel#0``, which ``set({ model: m })`` makes a value of ``useStore().model``.

Only ``create`` and ``createStore`` imported from a ``zustand`` module start a store; middleware around the
initializer (``persist(init, options)``, ``devtools(init)``, ``immer(init)``) is looked through, and so is the
curried ``create<State>()(init)``.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from gemlint.extract.typescript import ts_origins as o

Node = object
FACTORIES = frozenset(("create", "createStore"))
_MAX_WRAPPERS = 4  # middleware calls looked through around an initializer


def stores(f) -> Dict[str, Node]:
    """Store name -> its initializer function, for the file's ``const NAME = create(…)`` (cached)."""
    return named_definitions(f, "stores", b"zustand", initializer)


def named_definitions(f, key: str, marker: bytes, definition: Callable[[Any, Node], Any]) -> Dict[str, Any]:
    """Name -> ``definition(f, value)`` for the file's bindings where it is not None; cached under ``key``, and
    empty without ``marker`` (the library's name) in the file."""
    found = f.flow_cache.get(key)
    if found is None:
        found = {}
        if f.mentions(marker):
            for name, values in f.bindings().items():
                for value in values:
                    defined = None if isinstance(value, tuple) else definition(f, value)
                    if defined is not None:
                        found.setdefault(name, defined)
        f.flow_cache[key] = found
    return found


def initializer(f, value: Node) -> Optional[Node]:
    """The state initializer of ``create(init)``, ``create<T>()(init)``, ``create(persist(init, …))``; else None."""
    call = o.unwrap(value)
    if call is None or call.type != "call_expression":
        return None
    fn = o.unwrap(call.child_by_field_name("function"))
    if fn is not None and fn.type == "call_expression":  # create<State>()(init)
        fn = o.unwrap(fn.child_by_field_name("function"))
    if fn is None or fn.type != "identifier" or not _from_zustand(f, f.text(fn)):
        return None
    arg = o.first_argument(call)
    for _ in range(_MAX_WRAPPERS):
        arg = o.unwrap(arg)
        if arg is None:
            return None
        if arg.type in o.FUNCTIONS:
            return arg
        if arg.type != "call_expression":
            return None
        arg = o.first_argument(arg)  # persist(init, options), devtools(init)
    return None


def _from_zustand(f, name: str) -> bool:
    entry = f.imports.get(name)
    return entry is not None and entry[1] in FACTORIES and entry[0].split("/")[0] == "zustand"


def returned_objects(fn: Node) -> Iterator[Node]:
    """The object literals a function returns: its expression body, or its block's top-level ``return``s."""
    body = o.unwrap(fn.child_by_field_name("body"))
    if body is None:
        return
    if body.type != "statement_block":
        if body.type == "object":
            yield body
        return
    for stmt in body.named_children:
        if stmt.type == "return_statement" and stmt.named_child_count:
            value = o.unwrap(stmt.named_child(0))
            if value is not None and value.type == "object":
                yield value


def state_of(f, obj: Node) -> Optional[str]:
    """The store whose state the object literal ``obj`` is (``function_names`` names its functions after it)."""
    for name, init in stores(f).items():
        if any(state.id == obj.id for state in returned_objects(init)):
            return name
    return None


def store_exports(f, export) -> None:
    """``export(name, node)`` for each store key's values: the initial state and what ``set({…})`` writes; under
    the store's name and the names it is exported as (``export default useModel``, ``export { useModel as M }``)."""
    found = stores(f)
    aliases = _exported_as(f, found)
    for name, init in found.items():
        values = [(key, value) for state in returned_objects(init) for key, value in f.members(state)]
        values += _set_writes(f, init)
        for alias in [name] + aliases.get(name, []):
            for key, value in values:
                export(f"{alias}().{key}", value)


def _exported_as(f, found: Dict[str, Node]) -> Dict[str, List[str]]:
    """Store name -> the other names the file exports it as: ``default``, an ``export { X as Y }`` alias."""
    out: Dict[str, List[str]] = {}
    for root in f.roots:
        for stmt in root.named_children if root.type == "program" else [root]:
            if stmt.type != "export_statement" or stmt.child_by_field_name("source") is not None:
                continue
            value = o.unwrap(stmt.child_by_field_name("value"))
            if value is not None and value.type == "identifier" and f.text(value) in found:
                out.setdefault(f.text(value), []).append("default")
            for clause in (c for c in stmt.named_children if c.type == "export_clause"):
                for spec in clause.named_children:
                    name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                    if name is not None and alias is not None and f.text(name) in found:
                        out.setdefault(f.text(name), []).append(f.text(alias))
    return out


def _set_writes(f, init: Node) -> List[Tuple[str, Node]]:
    """``(key, value)`` of every ``set({ key: value })`` / ``set((s) => ({ key: value }))`` inside ``init``."""
    params = o.params_of(init)
    setter = _plain_name(f, params[0]) if params else None
    if setter is None:
        return []
    out: List[Tuple[str, Node]] = []
    start, end = init.start_byte, init.end_byte
    for call in f.caps.get("flowcall", ()):
        if not start <= call.start_byte < end or call.type != "call_expression":
            continue
        fn = o.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "identifier" or f.text(fn) != setter:
            continue
        arg = o.unwrap(o.first_argument(call))
        objects = [arg] if arg is not None and arg.type == "object" else []
        if arg is not None and arg.type in o.FUNCTIONS:
            objects = list(returned_objects(arg))
        for obj in objects:
            out.extend(f.members(obj))
    return out


def selected(f, call: Node) -> Optional[str]:
    """``.model`` for ``useStore((s) => s.model)`` (a selector: one parameter, its member chain); else None."""
    fn = o.unwrap(o.first_argument(call))
    if fn is None or fn.type != "arrow_function":
        return None
    params = o.params_of(fn)
    body = o.unwrap(fn.child_by_field_name("body"))
    name = _plain_name(f, params[0]) if len(params) == 1 else None
    if name is None or body is None:
        return None
    keys: List[str] = []
    while body is not None and body.type == "member_expression":
        prop = body.child_by_field_name("property")
        if prop is None:
            return None
        keys.append(f.text(prop))
        body = o.unwrap(body.child_by_field_name("object"))
    if not keys or body is None or body.type != "identifier" or f.text(body) != name:
        return None
    return "".join("." + k for k in reversed(keys))


def _plain_name(f, param: Node) -> Optional[str]:
    """The name a parameter binds when it is a plain name (``s``, ``s: State``), else None."""
    if param.type in ("required_parameter", "optional_parameter"):
        param = param.child_by_field_name("pattern")
    return f.text(param) if param is not None and param.type == "identifier" else None
