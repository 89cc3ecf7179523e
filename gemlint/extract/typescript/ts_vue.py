"""Vue's reactivity: ``const model = ref('…')`` holds its value in ``model.value``.

``ref(x)``, ``shallowRef(x)`` (imported from ``vue``) start with ``x``; every ``model.value = y`` in the file
is another value; ``computed(() => x)`` is ``x``. ``model.value`` reads them all, in the file; a module's
``export const model = ref(x)`` exports ``model.value`` too, so another file's ``model.value`` reads ``x``, and
another file's ``model.value = y`` on the imported ref writes ``y`` there.
"""

from __future__ import annotations

from typing import Any, List, Optional

from gemlint.extract.typescript import ts_origins as o
from gemlint.types import IMPORT, Symbol

REFS = frozenset(("ref", "shallowRef"))
COMPUTED = "computed"
REACTIVE = frozenset(("reactive", "shallowReactive"))  # the object itself, made reactive: config.model


def holder(f, node: Any) -> bool:
    """Whether ``node`` is a call making a Vue holder a component's template may write into: ``ref(…)``,
    ``shallowRef(…)``, ``reactive(…)``, ``shallowReactive(…)`` imported from ``vue`` (named by its variable)."""
    if not f.mentions(b"vue"):
        return False
    return _callee(f, node) in REFS | REACTIVE


def reactive_object(f, call: Any) -> Optional[List[Any]]:
    """``[x]`` for ``reactive(x)`` / ``shallowReactive(x)`` imported from ``vue`` (its fields are x's); else None."""
    if not f.mentions(b"vue") or _callee(f, call) not in REACTIVE:
        return None
    arg = o.first_argument(call)
    return [arg] if arg is not None else []


def _callee(f, node: Any) -> Optional[str]:
    """The name ``vue`` exports that ``node`` calls, when it calls one by an imported identifier; else None."""
    node = o.unwrap(node)
    if node is None or node.type != "call_expression":
        return None
    fn = o.unwrap(node.child_by_field_name("function"))
    if fn is None or fn.type != "identifier":
        return None
    entry = f.imports.get(f.text(fn))
    return entry[1] if entry is not None and entry[0] == "vue" else None


def _vue_call(f, node: Any) -> Optional[str]:
    """``ref``, ``shallowRef`` or ``computed`` when ``node`` is such a call imported from ``vue``; else None."""
    name = _callee(f, node)
    return name if name in REFS or name == COMPUTED else None


def initial(f, node: Any) -> Optional[Any]:
    """What ``ref(x)`` / ``computed(() => x)`` holds at first: ``x``; None for any other expression."""
    kind = _vue_call(f, node)
    if kind is None:
        return None
    arg = o.unwrap(o.first_argument(o.unwrap(node)))
    if kind == COMPUTED:
        body = arg.child_by_field_name("body") if arg is not None and arg.type == "arrow_function" else None
        return body if body is not None and body.type != "statement_block" else None
    return arg


def ref_values(f, obj: Any) -> Optional[List[Any]]:
    """The values of ``obj.value`` when ``obj`` names a ref of this file; None when it names none."""
    obj = o.unwrap(obj) if not isinstance(obj, tuple) else None
    if obj is None or obj.type not in ("identifier", "shorthand_property_identifier") or not f.mentions(b"vue"):
        return None
    name = f.text(obj)  # another file's writes into an exported ref reach its node `name.value`
    return o.held_values(f, name, initial, o.member_writes(f, "value"), Symbol(IMPORT, "", f"{name}.value"))


def loop_writes(f, loops) -> tuple:
    """``<select v-model="selected"><option v-for="m in models" :value="m.id">`` (or Svelte's ``<select
    bind:value={selected}>{#each models as m}<option value={m.id}>``): each element's ``id`` of the list
    ``models`` (the script's, a ``ref``/``$state`` of it, or imported: its node ``models[].id``) written into
    ``selected.value`` (into each node ``pages.bound_nodes`` names for the binding: ``config.model``, ``$store``)."""
    from gemlint.extract.typescript.pages import SVELTE_BIND, VUE_BIND, bound_nodes

    out: list = []
    for bound, listed, field in loops:
        for node in bound_nodes(bound, SVELTE_BIND if f.svelte else VUE_BIND):
            _list_writes(f, Symbol(IMPORT, "", node), listed, field, out, 0)
    return tuple(out)


def _list_writes(f, target: Symbol, listed: str, field: str, out: list, depth: int) -> None:
    from gemlint.extract.typescript import ts_svelte
    from gemlint.extract.typescript.ts_facts import _values
    from gemlint.extract.typescript.ts_flow import elements
    from gemlint.types import Write

    entry = f.imports.get(listed)
    if entry is not None and entry[1] not in ("", "default"):
        out.append(Write(target, (), (Symbol(IMPORT, entry[0], f"{entry[1]}[]" + (f".{field}" if field else "")),)))
        return
    for array in f.bindings().get(listed, ()) if depth < 3 else ():
        if not isinstance(array, tuple) and array.type == "identifier":  # const models = NAMES
            _list_writes(f, target, f.text(array), field, out, depth + 1)
            continue
        if not isinstance(array, tuple) and array.type == "call_expression":
            held = ts_svelte.read(f, array) if f.svelte else None  # Svelte 5: let models = $state([...])
            array = o.unwrap(held[0]) if held and not isinstance(held[0], tuple) else initial(f, array)  # ref([])
        if array is None or isinstance(array, tuple) or array.type != "array":
            continue
        for element in elements(array)[:256]:
            values = [element] if not field else [v for v in f.property(element, field) if not isinstance(v, tuple)]
            for value in values:
                refs, symbols = _values(f, value)
                if refs or symbols:
                    out.append(Write(target, tuple(refs), tuple(symbols)))


def options_data(f, table: dict) -> None:
    """A component of the Options API (``export default { data() { return { settings: {…} } } }``, or the object
    given to ``defineComponent``): each field ``data`` returns is ``this.<field>`` in its methods, and the node
    ``this.<field>`` its template's ``v-model="settings.model"`` writes (``pages.bound_nodes``)."""
    if not f.path.endswith(".vue") or not f.mentions(b"data"):
        return
    for root in f.roots:
        for statement in root.named_children:
            if statement.type != "export_statement":
                continue
            component = o.unwrap(statement.child_by_field_name("value"))
            if component is not None and component.type == "call_expression":  # defineComponent({…})
                component = o.unwrap(o.first_argument(component))
            if component is None or component.type != "object":
                continue
            for fn in _data_functions(f, component):
                for returned in _returned(fn):
                    returned = o.unwrap(returned)
                    if returned is not None and returned.type == "object":
                        for key, value in f.members(returned):
                            table.setdefault("this." + key, []).append(value)


def options_field(f, node: Any) -> bool:
    """Whether ``this.<field>`` at ``node`` is a field of a component of the Options API (in a ``.vue`` file's
    script, outside any class)."""
    return f.path.endswith(".vue") and o.class_name(f, node) is None


def _data_functions(f, component: Any) -> List[Any]:
    """The ``data() {…}`` method of a component's options, or its ``data: () => ({…})`` / ``function`` value."""
    out = []
    for child in component.named_children:
        if child.type == "method_definition":
            name = child.child_by_field_name("name")
            if name is not None and f.text(name) == "data":
                out.append(child)
        elif child.type == "pair":
            key, value = child.child_by_field_name("key"), o.unwrap(child.child_by_field_name("value"))
            if key is not None and f.key_text(key) == "data" and value is not None and value.type in o.FUNCTIONS:
                out.append(value)
    return out


def _returned(fn: Any) -> List[Any]:
    """What ``data`` returns: an arrow's expression body, or the ``return`` statements of its own body (the bindings
    are built before the file's main query, whose captures ``ts_flow.return_values`` reads)."""
    body = fn.child_by_field_name("body")
    if body is None:
        return []
    if body.type != "statement_block":
        return [body]
    return [s.named_child(0) for s in body.named_children if s.type == "return_statement" and s.named_child_count]
