"""The other whole model names of a TS/JS literal's list or object (issue 23).

A mention's *peers* guide suggestions (``rules/base.peer_methods``): when every peer is a listed model
of one class (all Live models), an unknown or retired entry is offered models of that class. The
containers, as for Python (``py_flow.peers``):

- an array literal: its string elements (``['a', 'b']``);
- an object literal: its values (``{ fast: 'a', live: 'b' }``);
- an array of objects: the values of the same key in every object (``[{ id: 'a' }, { id: 'b' }]``).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from gemlint.extract import names, patterns

MAX_PEERS = 64  # other names of a list kept per element: enough to tell the class the list shares
MAX_ITEMS = 1024  # elements (or objects) of one container looked at


def ts_peers(f: Any, node: Any, cache: Dict[tuple, List[Tuple[int, str]]]) -> Tuple[str, ...]:
    """The other whole model names of the container ``node`` is an element (or a value) of."""
    container, key = _container(f, node)
    if container is None:
        return ()
    where = (container.start_byte, container.end_byte, key)  # (a node's ``id`` is not unique across a file)
    found = cache.get(where)
    if found is None:  # each container's names are found once: the elements of a long list stay linear
        found = cache[where] = _names(f, _items(f, container, key))
    out = [text for start, text in found if start != node.start_byte]
    return tuple(out[:MAX_PEERS])


def _container(f: Any, node: Any) -> Tuple[Optional[Any], Optional[str]]:
    parent = node.parent
    if parent is None:
        return None, None
    if parent.type == "array":
        return parent, None
    if parent.type != "pair":
        return None, None
    value = parent.child_by_field_name("value")
    obj = parent.parent
    if value is None or value.start_byte != node.start_byte or obj is None or obj.type != "object":
        return None, None
    key = parent.child_by_field_name("key")
    outer = obj.parent
    if key is not None and outer is not None and outer.type == "array":
        return outer, patterns.ts_key(key, f.text)  # an array of objects: the same key in each
    return obj, None


def _items(f: Any, container: Any, key: Optional[str]) -> List[Any]:
    children = container.named_children[:MAX_ITEMS]
    if container.type == "array" and key is None:
        return children
    out = []
    for child in children:
        if container.type == "array":  # the value of ``key`` in each object element
            if child.type != "object":
                continue
            pairs = [p for p in child.named_children if p.type == "pair"]
            pairs = [p for p in pairs if patterns.ts_key(p.child_by_field_name("key"), f.text) == key]
        else:
            pairs = [child] if child.type == "pair" else []
        for pair in pairs:
            value = pair.child_by_field_name("value")
            if value is not None:
                out.append(value)
    return out


def _names(f: Any, items: List[Any]) -> List[Tuple[int, str]]:
    out = []
    for item in items:
        if item.type not in ("string", "template_string"):
            continue
        lit = f.literal(item)
        if lit is not None and lit.static and names.could_be_model(lit.value, f.known):
            out.append((item.start_byte, lit.value))
    return out
