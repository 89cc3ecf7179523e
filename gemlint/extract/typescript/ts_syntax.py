"""Parse TypeScript/TSX/JavaScript so that a syntax error is one the language itself would report.

tree-sitter's grammars reject a few things ``tsc`` and the JavaScript engines accept. The one
met in real code is a bare ``&`` in JSX text (``<h3>Model & Voice</h3>``): the grammar only
knows ``&name;`` character references there. Such ``&`` tokens (``&``, ``&&``), found
where a JSX node precedes them inside an ERROR node, are blanked to spaces (same byte
length: every position stays where it was) and the source is parsed again, a few rounds at
most. The other is an import type followed by more type (``x: import('./m').T[]``): the grammar takes
``import('./m')`` there for a dynamic import and fails on the ``[]``; in a type position, it becomes a
type name of the same length. A TS or TSX file that still fails is then parsed with the other grammar (TS ↔ TSX);
when that one parses cleanly, its tree is used. Whatever still fails is a real error: the
caller reports it and keeps the names tree-sitter could place.
"""

from __future__ import annotations

import re
from typing import Any, List, Tuple

from gemlint.extract.typescript.ts_grammar import Grammar, get_grammar

Node = Any  # tree_sitter.Node (imported lazily)

_AMPERSANDS = frozenset(("&", "&&", "&=", "&&="))
_MAX_ROUNDS = 8
_OTHER = {"tsx": "ts", "ts": "tsx"}


def parse(src: bytes, dialect: str) -> Tuple[Grammar, Any, bytes]:
    """``(grammar, tree, source)``: the tree to read, and the bytes it was parsed from.

    The bytes differ from ``src`` only where a bare ``&`` in JSX text was blanked.
    """
    g = get_grammar(dialect)
    tree, fixed = _parse_repaired(g, src)
    if not tree.root_node.has_error:
        return g, tree, fixed
    other = _OTHER.get(dialect)
    if other is not None:
        g2 = get_grammar(other)
        if g2.name != g.name:
            tree2, fixed2 = _parse_repaired(g2, src)
            if not tree2.root_node.has_error:
                return g2, tree2, fixed2
    return g, tree, fixed


def _parse_repaired(g: Grammar, src: bytes) -> Tuple[Any, bytes]:
    tree = g.parser().parse(src)
    if tree.root_node.has_error and _IMPORT_TYPE.search(src) is not None:
        spots = import_types(g, tree.root_node)
        if spots:  # `x: import('./m').T[]`: the grammar reads `import('./m')` as an expression there
            buf = bytearray(src)
            for start, end in spots:
                buf[start:end] = b"_" * (end - start)  # a type name of the same byte length
            src = bytes(buf)
            tree = g.parser().parse(src)
    if b"&" not in src:
        return tree, src
    for _ in range(_MAX_ROUNDS):
        if not tree.root_node.has_error:
            break
        spots = jsx_ampersands(tree.root_node)
        if not spots:
            break
        buf = bytearray(src)
        for start, end in spots:
            buf[start:end] = b" " * (end - start)
        src = bytes(buf)
        tree = g.parser().parse(src)
    return tree, src


def jsx_ampersands(root: Node) -> List[Tuple[int, int]]:
    """Byte ranges of ``&`` tokens tree-sitter could not place in JSX text (explicit stack)."""
    spots: List[Tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        previous = None
        for child in node.children:
            if child.is_error:
                prev = previous
                for part in child.children:
                    if part.type in _AMPERSANDS and prev is not None and prev.type.startswith("jsx_"):
                        spots.append((part.start_byte, part.end_byte))
                    prev = part
                stack.append(child)
            elif child.has_error:
                stack.append(child)
            previous = child
    return spots


_TYPE_CONTEXTS = frozenset(("type_annotation", "type_arguments", "type_alias_declaration", "ERROR"))


# import('./m').T[ : the shape the grammar fails on (a cheap test before any query)
_IMPORT_TYPE = re.compile(rb"""import\s*\(\s*['"][^'"\n]*['"]\s*\)\s*\.[\w.\s]*\[""")


def import_types(g: Grammar, root: Node) -> List[Tuple[int, int]]:
    """Byte ranges of ``import('…')`` in type positions (``x: import('./m').T[]``, ``get<import('./m').T[]>()``),
    where the grammar takes the import type for a dynamic import and then fails on what follows."""
    spots: List[Tuple[int, int]] = []
    for call in g.captures(g.import_calls, [root]).get("call", ()):
        if _in_type(call) or _type_argument(call):
            spots.append((call.start_byte, call.end_byte))
    return spots


def _in_type(node: Node) -> bool:
    up = node.parent
    for _ in range(64):
        if up is None:
            return False
        if up.type in _TYPE_CONTEXTS:
            return True
        up = up.parent
    return False


def _type_argument(node: Node) -> bool:
    """``get<import('./m').T[]>(…)`` read as ``get < import('./m').T[…]``: the right side of a ``<``."""
    up = node.parent
    while up is not None and up.type in ("member_expression", "subscript_expression"):
        if up.child_by_field_name("object") != node:
            return False
        node, up = up, up.parent
    if up is None or up.type != "binary_expression":
        return False
    op, right = up.child_by_field_name("operator"), up.child_by_field_name("right")
    return op is not None and op.type == "<" and right == node
