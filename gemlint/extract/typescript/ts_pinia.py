"""Pinia stores (Vue): ``export const useSettings = defineStore('settings', {...})`` or ``defineStore('settings',
() => {...})``.

A component reads the state as ``useSettings().model`` (``const s = useSettings(); s.model``: Pinia unwraps refs)
and calls its actions (``s.setModel('…')``), which ``ts_origins`` names ``useSettings().model`` and
``useSettings().setModel``. The store exports ``useSettings().KEY`` with the values the state can hold:

- an options store: its ``state()``'s returned object, and every ``this.KEY = v`` of its ``actions``;
- a setup store: each key of the object its function returns: a ref's values (``ts_vue``: the initial one and
  every ``model.value = v``), or the value itself.

An action (a method of ``actions``, or a function a setup store returns) is the node ``useSettings().NAME``, so a
component's ``s.setModel(x)`` writes into its parameter, which ``this.model = m`` / ``model.value = m`` makes a
value of ``useSettings().model``. Only ``defineStore`` imported from ``pinia`` starts a store.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, Tuple

from gemlint.extract.typescript import ts_origins as o
from gemlint.extract.typescript.ts_stores import named_definitions, returned_objects

Store = Tuple[str, Any]  # ("options", the options object) or ("setup", the setup function)


def pinia_stores(f) -> Dict[str, Store]:
    """Store name -> its kind and definition, for the file's ``const NAME = defineStore(id, …)`` (cached)."""
    return named_definitions(f, "pinia", b"pinia", _definition)


def _definition(f, value: Any) -> Optional[Store]:
    call = o.unwrap(value)
    if call is None or call.type != "call_expression":
        return None
    fn = o.unwrap(call.child_by_field_name("function"))
    entry = f.imports.get(f.text(fn)) if fn is not None and fn.type == "identifier" else None
    if entry is None or entry != ("pinia", "defineStore"):
        return None
    args = call.child_by_field_name("arguments")
    given = [o.unwrap(c) for c in args.named_children if c.type != "comment"] if args is not None else []
    if len(given) < 2 or given[1] is None:
        return None
    if given[1].type == "object":
        return "options", given[1]
    return ("setup", given[1]) if given[1].type in o.FUNCTIONS else None


def _member(f, obj: Any, key: str) -> Optional[Any]:
    """The value of ``key`` in the object literal ``obj`` (a method counts as its own value)."""
    for child in obj.named_children:
        if child.type == "method_definition":
            name = child.child_by_field_name("name")
            if name is not None and f.text(name) == key:
                return child
        elif child.type == "pair":
            k = child.child_by_field_name("key")
            if k is not None and f.key_text(k) == key:
                return o.unwrap(child.child_by_field_name("value"))
    return None


def _actions(f, options: Any) -> Iterator[Tuple[str, Any]]:
    """``(name, function)`` of an options store's actions."""
    actions = _member(f, options, "actions")
    if actions is None or actions.type != "object":
        return
    for child in actions.named_children:
        if child.type == "method_definition":
            name = child.child_by_field_name("name")
            if name is not None:
                yield f.text(name), child
        elif child.type == "pair":
            key, value = child.child_by_field_name("key"), o.unwrap(child.child_by_field_name("value"))
            if key is not None and value is not None and value.type in o.FUNCTIONS:
                yield f.key_text(key), value


def store_exports(f, export) -> None:
    """``export(name, node)`` for each state key's values (module docstring)."""
    from gemlint.extract.typescript.ts_vue import ref_values

    for name, (kind, node) in pinia_stores(f).items():
        values: List[Tuple[str, Any]] = []
        if kind == "options":
            state = _member(f, node, "state")
            if state is not None:
                values += [kv for obj in returned_objects(state) for kv in f.members(obj)]
            inside = [(fn.start_byte, fn.end_byte) for _, fn in _actions(f, node)]
            for key, writes in f.bindings().items():
                if key.startswith("this."):
                    values += [(key[5:], v) for v in writes if any(s <= v.start_byte < e for s, e in inside)]
        else:
            for obj in returned_objects(node):
                for key, value in f.members(obj):
                    held = ref_values(f, value)
                    values += [(key, v) for v in held] if held is not None else [(key, value)]
        for key, value in values:
            export(f"{name}().{key}", value)


def action_name(f, fn: Any) -> Optional[str]:
    """``useSettings().setModel`` for an action of a store of this file (module docstring); else None."""
    for name, (kind, node) in pinia_stores(f).items():
        if not node.start_byte <= fn.start_byte < node.end_byte:
            continue
        if kind == "options":
            for action, body in _actions(f, node):
                if body.id == fn.id:
                    return f"{name}().{action}"
            continue
        declared = _declared_name(f, fn)
        for obj in returned_objects(node):
            for key, value in f.members(obj):
                if value.id == fn.id or (declared is not None and value.type in _NAMES and f.text(value) == declared):
                    return f"{name}().{key}"
    return None


_NAMES = frozenset(("identifier", "shorthand_property_identifier"))


def _declared_name(f, fn: Any) -> Optional[str]:
    """``setModel`` of ``function setModel(…)`` or ``const setModel = (…) => …``."""
    name = fn.child_by_field_name("name") if fn.type == "function_declaration" else None
    parent = fn.parent
    if name is None and parent is not None and parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
    return f.text(name) if name is not None else None
