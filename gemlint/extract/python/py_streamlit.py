"""Streamlit: a model picked in a widget, or kept in ``st.session_state``, reaches the calls that read it.

- A picker (``st.selectbox("Model", OPTIONS)``, ``radio``, ``select_slider``, ``pills``, ``segmented_control``, on
  ``st``, ``st.sidebar`` or a column) returns one of its options: each option is a value of the call, as each
  ``<option>`` of a ``<select>`` is in TypeScript. A text box (``text_input``, ``text_area``) returns its
  ``value=`` until the user types. Only in a file that imports ``streamlit``.
- ``st.session_state.model = X``, ``st.session_state["model"] = X`` and a widget's ``key="model"`` write
  ``model`` of the session's state; ``st.session_state.model``, ``st.session_state["model"]`` and
  ``st.session_state.get("model")`` read it. In the file the writes are values of the read; across the pages of a
  multipage app they travel as ``Symbol(STORE, "streamlit", "model")`` (approximate: which write a page sees
  depends on the pages the user opened).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from gemlint.types import STORE, Symbol, Write

PICKERS = frozenset(("selectbox", "radio", "select_slider", "pills", "segmented_control"))
TEXT_INPUTS = frozenset(("text_input", "text_area"))
SESSION = "session_state"
STORE_NAME = "streamlit"


def imports_streamlit(imports: List[ast.AST]) -> bool:
    """Whether the file imports ``streamlit`` (``import streamlit as st``, ``from streamlit import …``)."""
    for node in imports:
        if isinstance(node, ast.Import):
            if any(a.name.split(".")[0] == STORE_NAME for a in node.names):
                return True
        elif node.module and node.module.split(".")[0] == STORE_NAME and not node.level:
            return True
    return False


def options(call: ast.Call, last: str) -> Optional[ast.AST]:
    """The options of a picker call (its second argument or ``options=``), else None."""
    return _second(call, "options") if last in PICKERS else None


def typed_default(call: ast.Call, last: str) -> Optional[ast.AST]:
    """The text a text box returns until the user types (``st.text_input("Model", value=M)``), else None."""
    return _second(call, "value") if last in TEXT_INPUTS else None


def _second(call: ast.Call, keyword: str) -> Optional[ast.AST]:
    """The argument after the label: the second positional one, or ``keyword=``."""
    if len(call.args) > 1 and not isinstance(call.args[0], ast.Starred):
        return call.args[1]
    return next((kw.value for kw in call.keywords if kw.arg == keyword), None)


def is_session(node: ast.AST) -> bool:
    """``st.session_state`` (any root: ``st``, ``streamlit``) or a bare ``session_state``."""
    return (isinstance(node, ast.Attribute) and node.attr == SESSION) or (
        isinstance(node, ast.Name) and node.id == SESSION
    )


def session_key(node: ast.AST) -> Optional[str]:
    """``model`` for ``st.session_state.model`` and ``st.session_state["model"]``; else None."""
    if isinstance(node, ast.Attribute) and is_session(node.value):
        return node.attr
    if isinstance(node, ast.Subscript) and is_session(node.value):
        key = node.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    return None


def session_get(call: ast.Call) -> Optional[str]:
    """``model`` for ``st.session_state.get("model")``; else None."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "get" and is_session(func.value) and call.args):
        return None
    key = call.args[0]
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None


def symbol(key: str) -> Symbol:
    """The session state's ``key``, as the pages of an app share it (a keyed store: approximate)."""
    return Symbol(STORE, STORE_NAME, key)


Entry = Tuple[ast.AST, tuple, Optional[ast.AST], int]  # (value, scope, class, chunk)


def returned(call: ast.Call) -> Optional[ast.AST]:
    """What a widget call returns, as an expression: a picker's options as a ``Starred`` (one of its elements), a
    text box's default text; None for any other call."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    picked = options(call, func.attr)
    if picked is not None:
        return ast.Starred(picked, ast.Load())
    return typed_default(call, func.attr)


def session_values(ex) -> Dict[str, List[Entry]]:
    """Key -> what the file writes into the session's state: assignments, and each picker's options under its
    ``key=`` (as a ``Starred``: its elements). Computed once per file."""
    found = ex.flow_cache.get("session")
    if found is None:
        found = {key: list(values) for key, values in ex.b.session.items()}
        if ex.streamlit:
            for call, scope, cls, chunk in ex.b.calls:
                value = returned(call)
                key = next((kw.value for kw in call.keywords if kw.arg == "key"), None) if value is not None else None
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.setdefault(key.value, []).append((value, scope, cls, chunk))
        ex.flow_cache["session"] = found
    return found


def writes(ex) -> List[Write]:
    """The values the file writes into the session's state, for the other pages of the app."""
    from gemlint.extract.python.py_flow import values_of

    out: List[Write] = []
    for key, values in session_values(ex).items():
        for value, scope, cls, chunk in values:
            ex._enter(scope, cls, chunk)
            refs, symbols = values_of(ex, value)
            if refs or symbols:
                out.append(Write(symbol(key), tuple(refs), tuple(symbols), approximate=True))
    return out
