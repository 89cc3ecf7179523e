"""Gradio apps: a ``gr.Dropdown`` of models hands its choice to the function an event calls.

``model = gr.Dropdown(["gemini-…", "gemini-…"], value="gemini-…")`` given in an event's ``inputs``
(``button.click(chat, inputs=[box, model])``, ``.change``/``.submit``/``.then``/``.load``…, ``gr.on(…)``,
``gr.Interface(fn=chat, inputs=[…])``) arrives in the function's parameter at the same position;
``gr.ChatInterface(chat, additional_inputs=[model])`` after its message and history. A ``Dropdown``'s or
``Radio``'s choices (a list, a name of one, ``(label, value)`` pairs) and its ``value``, and a ``Textbox``'s
value, are written into that parameter (``Write`` into ``f#param``), as a call passing them would. Only functions
of the file (``def``) are followed; a lambda, a method or an imported function is not.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from gemlint.extract.python.nodes import _dotted, _keyword, choice_values
from gemlint.types import IMPORT, Symbol, Write

CHOICES = frozenset(("Dropdown", "Radio"))
VALUES = CHOICES | {"Textbox"}
EVENTS = frozenset(("click", "change", "submit", "input", "select", "then", "success", "load", "blur", "release"))
MAX_INPUTS = 32
MAX_CHOICES = 256  # choices kept per component


def mentions(ex) -> bool:
    """Whether the file imports gradio (the cheap test before anything else)."""
    return any(module.split(".")[0] == "gradio" for module, _ in ex.imports.values())


def writes(ex) -> List[Write]:
    """What each event's input components hand to the parameters of the file's function it calls."""
    from gemlint.extract.python.py_flow import local_function, values_of

    out: List[Write] = []
    for node, scope, cls, chunk in ex.b.calls:
        wired = _wiring(node)
        if wired is None:
            continue
        fn_expr, inputs, offset = wired
        ex._enter(scope, cls, chunk)
        fn = local_function(ex, fn_expr)
        if fn is None:
            continue
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        qual = ex.b.func_names.get(fn)
        for i, item in enumerate(inputs[:MAX_INPUTS]):
            if qual is None or i + offset >= len(params) or type(item) is ast.Starred:
                break  # past the parameters, or after *components: positions unknown
            for value in _component_values(ex, item):
                refs, symbols = values_of(ex, value)
                if refs or symbols:
                    out.append(Write(Symbol(IMPORT, "", f"{qual}#{params[i + offset]}"), tuple(refs), tuple(symbols)))
    return out


def _wiring(node: ast.Call) -> Optional[Tuple[ast.AST, List[ast.AST], int]]:
    """``(function, input components, first parameter they fill)`` of an event or interface call; else None."""
    func = node.func
    name = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else ""
    if name in EVENTS:  # button.click(fn, inputs, …)
        fn, inputs, offset = _argument(node, "fn", 0), _argument(node, "inputs", 1), 0
    elif name == "on":  # gr.on(triggers, fn, inputs, …)
        fn, inputs, offset = _argument(node, "fn", 1), _argument(node, "inputs", 2), 0
    elif name == "Interface":  # gr.Interface(fn, inputs, outputs)
        fn, inputs, offset = _argument(node, "fn", 0), _argument(node, "inputs", 1), 0
    elif name == "ChatInterface":  # gr.ChatInterface(fn, …, additional_inputs=[…]): after message and history
        fn, inputs, offset = _argument(node, "fn", 0), _argument(node, "additional_inputs", None), 2
    else:
        return None
    if fn is None or inputs is None:
        return None
    items = list(inputs.elts) if type(inputs) in (ast.List, ast.Tuple) else [inputs]
    return fn, items, offset


def _argument(node: ast.Call, keyword: str, position: Optional[int]) -> Optional[ast.AST]:
    """A call's argument given by ``keyword``, else at ``position`` (None: keyword only)."""
    value = _keyword(node, keyword)
    if value is not None:
        return value
    if position is not None and position < len(node.args) and type(node.args[position]) is not ast.Starred:
        return node.args[position]
    return None


def _component_values(ex, item: ast.AST) -> List[ast.AST]:
    """The values an input component can hand over: a ``Dropdown``'s/``Radio``'s choices and value, a
    ``Textbox``'s value; the component given directly or by a name bound to it."""
    calls = [item] if type(item) is ast.Call else []
    if type(item) is ast.Name:
        calls = [v for v, _ in ex._lookup_name(item.id) if type(v) is ast.Call]
    out: List[ast.AST] = []
    for call in calls:
        kind = _dotted(call.func)[-1:]
        if not kind or kind[0] not in VALUES:
            continue
        kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg}
        if kind[0] == "Textbox":
            value = kwargs.get("value") or (call.args[0] if call.args else None)
            out.extend([value] if value is not None else [])
            continue
        choices = kwargs.get("choices") or (call.args[0] if call.args else None)
        for choice in choice_values(choices)[:MAX_CHOICES] if choices is not None else ():
            pair = type(choice) is ast.Tuple and len(choice.elts) == 2  # ("Label", "value") pairs: the value
            out.append(choice.elts[1] if pair else choice)
        if "value" in kwargs:
            out.append(kwargs["value"])
    return out
