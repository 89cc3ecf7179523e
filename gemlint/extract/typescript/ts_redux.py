"""Redux Toolkit slices: a model kept in the store, set by a dispatched action, read by a selector.

``createSlice({ name, initialState: { model: '…' }, reducers: { setModel(state, action) { state.model =
action.payload } } })`` (``createSlice`` from ``@reduxjs/toolkit``) writes its initial state's fields, and what each
reducer assigns from ``action.payload``, into the keyed store ``Symbol(STORE, "redux", field)``. Another file's
``dispatch(setModel('…'))`` writes ``'…'`` into ``setModel#0`` (an ordinary call into the slice's exported action),
which the reducer's field receives. ``useSelector((s) => s.settings.model)`` (or ``useAppSelector``) reads the field,
and so does ``useSelector(selectModel)`` with a named selector, of the file or exported by another
(``export const selectModel = (state: RootState) => state.settings.model``: ``Export("selectModel()")``).
Like Streamlit's session state, the store is matched by field name across the project: approximate.
"""

from __future__ import annotations

from typing import Any, Iterator, List, Optional, Tuple

from gemlint.extract.typescript import ts_origins as o
from gemlint.types import IMPORT, STORE, Export, Symbol, Write

STORE_NAME = "redux"
TOOLKITS = frozenset(("@reduxjs/toolkit", "@reduxjs/toolkit/query"))
SELECTORS = frozenset(("useSelector", "useAppSelector", "useTypedSelector"))
MAX_FIELDS = 64


def field_symbol(field: str) -> Symbol:
    """The keyed store node of a state field."""
    return Symbol(STORE, STORE_NAME, field)


def slice_writes(f, out) -> None:
    """For each ``createSlice(…)`` of this file: its initial fields, and each reducer's ``action.payload`` field
    (``out``: ``ts_flow._Facts``)."""
    for call in _slice_calls(f):
        config = o.unwrap(o.first_argument(call))
        if config is None or config.type != "object":
            continue
        for key, value in _pairs(f, config):
            if key == "initialState":
                for state in f.resolve(value, True):
                    if state.type == "object":
                        _initial(f, state, out.write, 0)
            elif key == "reducers":
                for reducers in f.resolve(value, True):
                    if reducers.type == "object":
                        _reducers(f, reducers, out)


def _slice_calls(f) -> Iterator[Any]:
    for call in f.caps.get("flowcall", ()):
        fn = o.unwrap(call.child_by_field_name("function"))
        if fn is not None and fn.type == "identifier":
            entry = f.imports.get(f.text(fn))
            if entry is not None and entry[0] in TOOLKITS and entry[1] == "createSlice":
                yield call


def _pairs(f, obj: Any) -> List[Tuple[str, Any]]:
    """``(key, value)`` of an object literal: pairs, shorthand properties and methods (``setModel(state, a) {…}``)."""
    out: List[Tuple[str, Any]] = []
    for child in obj.named_children[: MAX_FIELDS * 2]:
        if child.type == "pair":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            text = f.key_text(key) if key is not None else None
            if text and value is not None:
                out.append((text, value))
        elif child.type == "shorthand_property_identifier":
            out.append((f.text(child), child))
        elif child.type == "method_definition":
            name = child.child_by_field_name("name")
            if name is not None:
                out.append((f.text(name), child))
    return out


def _initial(f, state: Any, write, depth: int) -> None:
    for key, value in _pairs(f, state):
        write([field_symbol(key)], value, approximate=True)
        if depth < 1:  # initialState: { ai: { model: '…' } }
            for inner in f.resolve(value, True):
                if inner.type == "object":
                    _initial(f, inner, write, depth + 1)


def _reducers(f, reducers: Any, out) -> None:
    for name, fn in _pairs(f, reducers):
        fn = o.unwrap(fn)
        if fn is None or fn.type not in ("arrow_function", "function_expression", "method_definition"):
            continue
        params = _params(fn)
        if len(params) < 2:
            continue
        for field in _payload_fields(f, fn, params[0], params[1]):
            passed = Symbol(IMPORT, "", f"{name}#0")  # what dispatch(setModel(v)) passes: v
            w = Write(field_symbol(field), (), (passed,), True)
            if w not in out.writes:
                out.writes.append(w)


def _params(fn: Any) -> List[Any]:
    """The parameters that are plain names (``state``, ``action: PayloadAction<string>``), in order."""
    out = []
    for p in o.params_of(fn):
        node = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        if node is not None and node.type == "identifier":
            out.append(node)
    return out


def _payload_fields(f, fn: Any, state: Any, action: Any) -> List[str]:
    """The fields ``state.…field = action.payload`` assigns in the reducer ``fn``."""
    state_name, payload = f.text(state), f.text(action) + ".payload"
    body = fn.child_by_field_name("body")
    out: List[str] = []
    stack = [body] if body is not None else []
    seen = 0
    while stack and seen < 400:
        node = stack.pop()
        seen += 1
        if node.type == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and left.type == "member_expression" and f.text(right) == payload:
                root = left
                while root.type == "member_expression":
                    root = root.child_by_field_name("object")
                prop = left.child_by_field_name("property")
                if root is not None and f.text(root) == state_name and prop is not None:
                    out.append(f.text(prop))
        stack.extend(node.named_children)
    return out


def selected_symbol(f, call: Any) -> Optional[Symbol]:
    """The node ``useSelector(…)`` reads: ``useSelector((s) => s.settings.model)`` the store's field ``model``;
    ``useSelector(selectModel)`` the field its selector of this file reads, or, imported, the selector's return
    (``selectModel()``, which ``selector_exports`` gives); None for any other call."""
    fn = o.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier" or f.text(fn) not in SELECTORS:
        return None
    arg = o.unwrap(o.first_argument(call))
    if arg is not None and arg.type == "identifier":
        name = f.text(arg)
        entry = f.imports.get(name)
        if entry is not None:
            return Symbol(IMPORT, entry[0], f"{entry[1]}()") if entry[1] not in ("", "default") else None
        bound = [v for v in o.bound(f, name) if not isinstance(v, tuple)]
        arg = o.unwrap(bound[0]) if len(bound) == 1 else None
    field = state_field(f, arg) if arg is not None else None
    return field_symbol(field) if field is not None else None


def state_field(f, fn: Any) -> Optional[str]:
    """``model`` for a selector ``(s) => s.settings.model`` (one parameter, its member read); else None."""
    if fn.type != "arrow_function":
        return None
    params = _params(fn)
    body = o.unwrap(fn.child_by_field_name("body"))
    if len(params) != 1 or body is None or body.type != "member_expression":
        return None
    root = body
    while root is not None and root.type == "member_expression":
        root = o.unwrap(root.child_by_field_name("object"))
    prop = body.child_by_field_name("property")
    if root is None or f.text(root) != f.text(params[0]) or prop is None:
        return None
    return f.text(prop)


def selector_exports(f) -> List[Export]:
    """``export const selectModel = (state: RootState) => state.settings.model``: ``Export("selectModel()")`` of
    the store's field, for the files that pass the selector to ``useSelector``."""
    out: List[Export] = []
    for declarator in f.caps.get("declared", ()):
        holder = declarator.parent
        if holder is None or holder.type != "variable_declarator" or declarator.type != "identifier":
            continue
        statement = holder.parent.parent if holder.parent is not None else None
        if statement is None or statement.type != "export_statement":
            continue
        value = o.unwrap(holder.child_by_field_name("value"))
        field = state_field(f, value) if value is not None else None
        if field is not None and _state_param(f, value):
            out.append(Export(f"{f.text(declarator)}()", (), (field_symbol(field),)))
    return out


def _state_param(f, fn: Any) -> bool:
    """A selector's parameter is the store's state: named ``state`` or typed ``RootState``/``…State``."""
    param = o.params_of(fn)[0]
    if param.type == "identifier":
        return f.text(param) == "state"
    kind = param.child_by_field_name("type")
    return f.text(param.child_by_field_name("pattern") or param) == "state" or (
        kind is not None and f.text(kind).rstrip().endswith("State")
    )
