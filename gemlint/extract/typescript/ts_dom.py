"""A page's form control, read by a script: ``document.getElementById('model').value``.

The element is found by ``getElementById('id')`` or ``querySelector('#id')`` (``select#id`` too), directly, through
a ``const`` that holds it, an object's field (``els.model``), a class's ``this.modelSelect``, or an element cache
filled by id (``ids.forEach((id) => { els[id] = document.getElementById(id) })``: ``els.model`` is the element
``model``); jQuery's ``$('#id').val()`` reads it too. Its ``.value`` is the keyed store ``Symbol(STORE, "dom", id)``
that the pages' controls write (``pages.py``): the model names of every ``<select id="id">``'s options and
``<input id="id">``'s value in the project.

A settings dialog a script builds from a string (``dialog.innerHTML = `<select id="model"><option value="…">…```)
holds controls too: ``markup_controls`` reads them out of the file's string and template literals, as mentions
and writes into the same store.
"""

from __future__ import annotations

import re
from typing import Any, List, Optional

from gemlint.extract import names
from gemlint.extract.typescript import ts_origins as o
from gemlint.extract.typescript.pages import controls
from gemlint.types import DOM_STORE, STORE, Symbol, Write

Node = Any
_ID_SELECTOR = re.compile(r"\s*[\w-]*#([\w-]+)\s*\Z")
_JQUERY = frozenset(("$", "jQuery"))
_MAX_DEPTH = 4


def reads_elements(f) -> bool:
    """Whether the file can read a control (a cheap test of its source, once per file)."""
    return f.mentions(b"getElementById") or f.mentions(b"querySelector") or f.mentions(b".val(")


def element_id(f, node: Optional[Node], depth: int = 0) -> Optional[str]:
    """The id of the element ``node`` holds, when it is found by id; else None."""
    node = o.unwrap(node)
    if node is None or depth > _MAX_DEPTH:
        return None
    t = node.type
    if t == "call_expression":
        return _looked_up(f, node)
    if t == "identifier":
        for value in o.bound(f, f.text(node)):
            found = element_id(f, value, depth + 1) if not isinstance(value, tuple) else None
            if found:
                return found
        return None
    if t == "member_expression":
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj is None or prop is None:
            return None
        key = f.text(prop)
        for value in o.member_writes(f, key).get("this", []) if obj.type == "this" else _fields(f, obj, key):
            found = element_id(f, value, depth + 1)
            if found:
                return found
        if f.text(obj) in _caches(f):
            return key  # els.model of `els[id] = document.getElementById(id)`
    return None


def _caches(f) -> frozenset:
    """Objects the file fills with elements by their ids: ``els[id] = document.getElementById(id)``."""
    found = f.flow_cache.get("element_caches")
    if found is None:
        names = set()
        for call in f.caps.get("flowcall", ()):
            arg = o.first_argument(call)
            parent = call.parent
            if arg is None or arg.type != "identifier" or parent is None or parent.type != "assignment_expression":
                continue
            left = parent.child_by_field_name("left")
            index = (
                left.child_by_field_name("index") if left is not None and left.type == "subscript_expression" else None
            )
            fn = call.child_by_field_name("function")
            method = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
            if index is not None and f.text(index) == f.text(arg) and method is not None:
                if f.text(method) == "getElementById":
                    names.add(f.text(left.child_by_field_name("object")))
        found = f.flow_cache["element_caches"] = frozenset(names)
    return found


def _looked_up(f, call: Node) -> Optional[str]:
    """``document.getElementById('id')``, ``document.querySelector('#id')``, ``$('#id')``: ``id``."""
    fn = o.unwrap(call.child_by_field_name("function"))
    arg = o.first_argument(call)
    key = f.key_text(arg) if arg is not None else None
    if fn is None or not key:
        return None
    if fn.type == "identifier":
        method = f.text(fn) if f.text(fn) in _JQUERY else ""
    elif fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        method = f.text(prop) if prop is not None else ""
    else:
        return None
    if method == "getElementById":
        return key.strip() or None
    if method == "querySelector" or method in _JQUERY:
        m = _ID_SELECTOR.match(key)
        return m.group(1) if m else None
    return None


def _fields(f, obj: Node, key: str) -> List[Node]:
    """``els.model``: the values of field ``key`` of the objects ``els`` holds in this file."""
    out: List[Node] = []
    for holder in f.resolve(obj, True):
        out.extend(v for v in f.property(holder, key) if not isinstance(v, tuple))
    return out


def control_value(f, obj: Node) -> Optional[List[Node]]:
    """For ``obj.value`` where ``obj`` is a control found by id: no value in this file, and the store node its
    pages write (recorded); None for any other object."""
    ident = element_id(f, obj)
    if ident is None:
        return None
    f._record(Symbol(STORE, DOM_STORE, ident))
    return []


def jquery_value(f, call: Node) -> Optional[Symbol]:
    """``$('#model').val()``: the store node of the control; None for any other call."""
    fn = o.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression" or o.first_argument(call) is not None:
        return None
    prop = fn.child_by_field_name("property")
    if prop is None or f.text(prop) != "val":
        return None
    ident = element_id(f, fn.child_by_field_name("object"))
    return Symbol(STORE, DOM_STORE, ident) if ident else None


def markup_controls(f, literals) -> None:
    """The controls of markup written in the file's string and template literals (a settings dialog's template):
    each model name a mention at its place in the literal, and written into its control's store node (kept in
    ``f.flow_cache["markup_writes"]`` for ``ts_flow.facts``)."""
    writes: List[Write] = []
    for node in literals:
        if (
            f.src.find(b"<option", node.start_byte, node.end_byte) < 0
            and f.src.find(b"<input", node.start_byte, node.end_byte) < 0
        ):
            continue
        lit = f.literal(node)
        if lit is None:
            continue
        for value, segments in [(lit.value, lit.segments)] if lit.static else lit.parts:
            for ident, held in controls(value).items():
                refs = []
                for offset, raw in held:
                    name = raw.strip()
                    if not names.could_be_model(name, f.known):
                        continue
                    offset += len(raw) - len(raw.lstrip())
                    b = f.byte_of(value, segments, offset, node.start_byte)
                    before = len(f.refs)
                    f.add_ref(node, name, b, None)
                    refs.extend(f.refs[before:])
                if refs:
                    writes.append(Write(Symbol(STORE, DOM_STORE, ident), tuple(refs), approximate=True))
    f.flow_cache["markup_writes"] = writes
