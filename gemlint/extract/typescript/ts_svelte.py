"""Svelte stores: ``const model = writable('…')`` holds its value, read by ``get(model)`` and ``$model``.

``writable(x)`` and ``readable(x)`` (imported from ``svelte/store``) start with ``x``; every ``model.set(y)`` of the
file is another value. ``get(model)`` (``svelte/store``'s ``get``) and, in a component, ``$model`` read them all,
as ``model.value`` reads a Vue ref (``ts_vue``). A module's ``export const model = writable(x)`` exports
``model.value``: ``x``, and whatever another file's ``model.set(y)`` writes into ``model.set#0``; another file's
``get(model)`` or ``$model`` reads it. Svelte 5's ``$state(x)`` and ``$derived(x)`` (runes, in ``.svelte`` files)
are ``x``.
"""

from __future__ import annotations

from typing import Any, List, Optional

from gemlint.extract.typescript import ts_origins as o
from gemlint.types import IMPORT, Symbol

MODULE = "svelte/store"
STORES = frozenset(("writable", "readable"))
RUNES = frozenset(("$state", "$derived"))
WRITE = "set"


def _imported(f, fn: Any, names) -> bool:
    """Whether the identifier ``fn`` is one of ``names`` imported from ``svelte/store``."""
    if fn is None or fn.type != "identifier":
        return False
    entry = f.imports.get(f.text(fn))
    return entry is not None and entry[0] == MODULE and entry[1] in names


def initial(f, node: Any) -> Optional[Any]:
    """What ``writable(x)`` / ``readable(x)`` holds at first: ``x``; None for any other expression."""
    node = o.unwrap(node)
    if node is None or node.type != "call_expression":
        return None
    if not _imported(f, o.unwrap(node.child_by_field_name("function")), STORES):
        return None
    return o.unwrap(o.first_argument(node))


def read(f, call: Any) -> Optional[List[Any]]:
    """``get(model)``: the store's value, as the member ``model.value``; ``$state(x)``/``$derived(x)`` in a component:
    ``x``; None for any other call."""
    fn = o.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier":
        return None
    if f.text(fn) in RUNES and f.svelte:
        arg = o.first_argument(call)
        return [arg] if arg is not None else []
    if not _imported(f, fn, ("get",)):
        return None
    arg = o.unwrap(o.first_argument(call))
    return [("member", arg, "value")] if arg is not None else []


def store_values(f, obj: Any) -> Optional[List[Any]]:
    """The values of a store of this file that ``obj`` names (for ``obj.value``); None when it names none."""
    if isinstance(obj, tuple) or obj is None or obj.type != "identifier":
        return None
    return named_values(f, f.text(obj))


def named_values(f, name: str) -> Optional[List[Any]]:
    """The values of the store this file binds to ``name``: its initial ones and its ``name.set(…)``, and (recorded
    as a symbol) what other files write with ``name.set(…)``; None when ``name`` is no store of this file."""
    return o.held_values(f, name, initial, o.written_values(f, "store_sets"), written(name))


def subscription(f, ident: Any) -> Optional[str]:
    """``model`` for ``$model`` in a component (Svelte's store subscription); None for any other identifier."""
    text = f.text(ident)
    if len(text) < 2 or text[0] != "$" or text in RUNES or not f.svelte:
        return None
    name = text[1:]
    return name if name.isidentifier() else None


def written(name: str) -> Symbol:
    """The node another file's ``name.set(y)`` writes ``y`` into (its first argument's slot)."""
    return Symbol(IMPORT, "", f"{name}.{WRITE}#0")


def bound_store_writes(f, binds) -> tuple:
    """A component's ``<select bind:value={$model}>`` sets the store ``model`` as ``model.set(…)`` would: what its
    options write into the node ``$model`` (``pages.control_facts``) goes on into the store's ``model.set#0``, the
    imported module's or this file's own store's."""
    from gemlint.types import Write

    out = []
    for bound in sorted(binds):
        if not bound.startswith("$"):
            continue
        name = bound[1:]
        entry = f.imports.get(name)
        if entry is not None and entry[1] not in ("", "default"):
            target = Symbol(IMPORT, entry[0], f"{entry[1]}.{WRITE}#0")
        elif entry is None and any(
            initial(f, v) is not None for v in f.bindings().get(name, ()) if not isinstance(v, tuple)
        ):
            target = written(name)
        else:
            continue
        out.append(Write(target, (), (Symbol(IMPORT, "", bound),)))
    return tuple(out)
