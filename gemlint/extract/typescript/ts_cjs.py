"""CommonJS exports: ``module.exports = {…}``, ``module.exports.X = …``, ``exports.X = …``.

The reading side needs nothing here: ``const { X } = require('./config')``,
``const cfg = require('./config')`` and ``require('./config').X`` start at the
``('./config', '')`` origin (``ts_origins``), so ``X`` is the symbol
``Symbol(IMPORT, './config', 'X')``, resolved like an ES import.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from gemlint.extract.typescript.ts_facts import _export_value
from gemlint.types import Export


def _target(f, left) -> Optional[Tuple[str, ...]]:
    """``()`` for ``module.exports``; ``("X",)`` for ``module.exports.X`` / ``exports.X``; None otherwise."""
    parts: List[str] = []
    node = left
    while node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is None:
            return None
        parts.append(f.text(prop))
        node = node.child_by_field_name("object")
    if node is None or node.type != "identifier":
        return None
    parts.append(f.text(node))
    parts.reverse()
    if parts[:2] == ["module", "exports"]:
        return tuple(parts[2:])
    if parts[0] == "exports" and len(parts) > 1:
        return tuple(parts[1:])
    return None


def exports(f) -> Tuple[Export, ...]:
    """Values a CommonJS module exports, named as ES exports are (``X``, ``OBJ.key``, ``default``)."""
    if b"exports" not in f.src:
        return ()
    out: List[Export] = []
    for root in f.roots:
        for stmt in root.named_children if root.type == "program" else [root]:
            if stmt.type != "expression_statement" or not stmt.named_child_count:
                continue
            assign = stmt.named_child(0)
            if assign.type != "assignment_expression":
                continue
            left, right = assign.child_by_field_name("left"), assign.child_by_field_name("right")
            target = _target(f, left) if left is not None else None
            if target is None or right is None:
                continue
            if target:
                _export_value(f, ".".join(target), right, out)
                continue
            _export_value(f, "default", right, out)
            for obj in f.resolve(right, True):  # module.exports = { MODEL: '…' }: each key is an export
                for child in obj.named_children if obj.type == "object" else ():
                    if child.type == "pair":
                        key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                        name = f.key_text(key) if key is not None else None
                        if name is not None and value is not None:
                            _export_value(f, name, value, out)
                    elif child.type == "shorthand_property_identifier":
                        _export_value(f, f.text(child), child, out)
    return tuple(out)
