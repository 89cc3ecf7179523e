"""Names the project routes itself: compared, then another model sent in their place.

A proxy or an agent framework often gives a job a name of its own and swaps it for a real model before the request
leaves: ``if (model === 'gemini-2.0-flash-exp-summarizer') { body.model = 'gemini-2.5-flash-lite' }``,
``model = "gemini-fast" if …``, ``case 'x': model = '…'``. Such a compared name is the project's alias, as the key
of a table of its own is (``ModelRef.alias``, ``rules/aliases.py``): when no model data knows it and it is no near
miss of a known name, handing it to the project's own code is not an error. It is still judged where it reaches an
SDK call. A name only compared (``if (model === 'x') log()``), or whose branch passes a model on without writing one
(``generate(model=model)``), is not routed.
"""

from __future__ import annotations

import ast
from typing import Any, Dict, Optional

Node = Any  # tree_sitter.Node
MAX_NODES = 400  # nodes of a branch looked at for the model it sends instead


def _model_word(name: Optional[str]) -> bool:
    return bool(name) and "model" in name.lower()  # type: ignore[union-attr]


# -- TypeScript / JavaScript ---------------------------------------------------------------------------------------


def ts_routed(node: Node, text) -> bool:
    """Whether the compared string ``node`` names what the code routes: its branch sends another model."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "switch_case":  # switch (model) { case 'x': model = '…' }
        switch = parent.parent.parent if parent.parent is not None else None
        subject = switch.child_by_field_name("value") if switch is not None else None
        while subject is not None and subject.type == "parenthesized_expression" and subject.named_child_count:
            subject = subject.named_child(0)
        return subject is not None and _ts_model_named(subject, text) and _ts_sends_model(parent, text)
    if parent.type != "binary_expression":
        return False
    op = parent.child_by_field_name("operator")
    if op is None or op.type not in ("===", "=="):
        return False
    left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
    other = left if right is not None and right.id == node.id else right
    if other is None or not _ts_model_named(other, text):
        return False
    condition, up = parent, parent.parent
    while up is not None and _ts_conjunct(up):  # (model === 'x') && stream
        condition, up = up, up.parent
    if up is None:
        return False
    if up.type == "if_statement":
        branch = up.child_by_field_name("consequence")
        return branch is not None and _ts_sends_model(branch, text)
    test = up.child_by_field_name("condition") if up.type == "ternary_expression" else None
    if test is not None and test.id == condition.id:
        return _ts_written(up.child_by_field_name("consequence"))
    return False


def _ts_conjunct(node: Node) -> bool:
    """Parentheses, or an ``&&`` (an ``||`` holds branches the comparison does not decide)."""
    if node.type == "parenthesized_expression":
        return True
    op = node.child_by_field_name("operator") if node.type == "binary_expression" else None
    return op is not None and op.type == "&&"


def _ts_model_named(node: Node, text) -> bool:
    """``model``, ``body.model``, ``req.body['model']``, ``this.modelName``."""
    if node.type in ("identifier", "property_identifier", "shorthand_property_identifier"):
        return _model_word(text(node))
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return prop is not None and _ts_model_named(prop, text)
    if node.type == "subscript_expression":
        index = node.child_by_field_name("index")
        return index is not None and index.type == "string" and _model_word(text(index)[1:-1])
    return False


def _ts_written(value: Optional[Node]) -> bool:
    return value is not None and value.type in ("string", "template_string")


def _ts_sends_model(branch: Node, text) -> bool:
    """Whether ``branch`` assigns a model written there (``model = '…'``, ``body.model = '…'``) or builds
    ``{ model: '…' }``: passing the compared name on (``{ model }``, ``f(model)``) routes nothing."""
    stack = [branch]
    seen = 0
    while stack and seen < MAX_NODES:
        node = stack.pop()
        seen += 1
        kind = node.type
        if kind == "assignment_expression":
            target = node.child_by_field_name("left")
            if target is not None and _ts_model_named(target, text) and _ts_written(node.child_by_field_name("right")):
                return True
        elif kind == "variable_declarator":
            name = node.child_by_field_name("name")
            if name is not None and _ts_model_named(name, text) and _ts_written(node.child_by_field_name("value")):
                return True
        elif kind == "pair":
            key = node.child_by_field_name("key")
            if (
                key is not None
                and key.type in ("property_identifier", "string")
                and _model_word(text(key).strip("'\""))
                and _ts_written(node.child_by_field_name("value"))
            ):
                return True
        stack.extend(node.named_children)
    return False


# -- Python --------------------------------------------------------------------------------------------------------


def python_routed(node: ast.AST, parents: Dict[int, ast.AST]) -> bool:
    """Whether the compared string ``node`` names what the code routes: its branch sends another model."""
    compare = parents.get(id(node))
    if type(compare) is not ast.Compare or len(compare.ops) != 1 or type(compare.ops[0]) is not ast.Eq:
        return False
    other = compare.comparators[0] if compare.left is node else compare.left
    if not _py_model_named(other):
        return False
    condition, up = compare, parents.get(id(compare))
    while type(up) is ast.BoolOp and type(up.op) is ast.And:
        condition, up = up, parents.get(id(up))
    if type(up) is ast.If and up.test is condition:
        return _py_sends_model(up.body)
    if type(up) is ast.IfExp and up.test is condition:
        return type(up.body) is ast.Constant and isinstance(up.body.value, str)
    return False


def _py_model_named(node: ast.AST) -> bool:
    """``model``, ``self.model``, ``body["model"]``."""
    kind = type(node)
    if kind is ast.Name:
        return _model_word(node.id)
    if kind is ast.Attribute:
        return _model_word(node.attr)
    if kind is ast.Subscript:
        key = node.slice
        return type(key) is ast.Constant and isinstance(key.value, str) and _model_word(key.value)
    return False


def _py_written(value) -> bool:
    return (type(value) is ast.Constant and isinstance(value.value, str)) or type(value) is ast.JoinedStr


def _py_sends_model(body) -> bool:
    """Whether the statements assign a model written there, or pass ``model="…"`` / ``{"model": "…"}`` on: passing
    the compared name on (``model=model``) routes nothing."""
    seen = 0
    for statement in body:
        for node in ast.walk(statement):
            seen += 1
            if seen > MAX_NODES:
                return False
            kind = type(node)
            if kind is ast.Assign and _py_written(node.value) and any(_py_model_named(t) for t in node.targets):
                return True
            if kind is ast.AnnAssign and _py_written(node.value) and _py_model_named(node.target):
                return True
            if kind is ast.keyword and _py_written(node.value) and _model_word(node.arg):
                return True
            if kind is ast.Dict and any(
                _py_written(v) and type(k) is ast.Constant and isinstance(k.value, str) and _model_word(k.value)
                for k, v in zip(node.keys, node.values)
            ):
                return True
    return False
