"""Untyped object fields matched by name (issue 23): the standard field-based approximation.

A module-level object literal with no declared type (``export const cfg = { model: 'x' }``) writes
each of its fields into ``Symbol(FIELD, "", key)`` (approximate); a field read on an untyped
parameter (``opts.model`` in ``function run(opts)``) reads the same node. The graph
(``flow/graph.py``) lets a write reach a read only when the two files are linked by an import, in
either direction (or are one file): each such file records the modules it imports as the export
``IMPORTS`` (module specifiers, resolved by the graph).
"""

from __future__ import annotations

import re
from typing import Any, List, Optional, Tuple

from gemlint.extract.typescript import ts_origins as o
from gemlint.types import FIELD, IMPORT, IMPORTS, Export, Symbol, Write

MAX_FIELDS = 64  # fields of one object literal written by name
MAX_IMPORTS = 128  # modules listed per file
_REQUIRE = re.compile(rb"""\brequire\(\s*['"]([^'"\n]{1,200})['"]\s*\)""")
_DECLARATIONS = ("lexical_declaration", "variable_declaration")


def field_read(f: Any, node: Any, suffix: str) -> Optional[Symbol]:
    """``Symbol(FIELD, "", key)`` for ``param.key`` where ``param`` is an untyped, whole parameter."""
    key = suffix[1:]
    if not suffix.startswith(".") or not key or any(c in key for c in ".#([") or node is None:
        return None
    node = o.unwrap(node)
    if node is None or node.type != "identifier":
        return None
    slot = o.param_slot(f, node)
    if slot is None or slot.type is not None or slot.path or o.iterator_call(slot.fn) is not None:
        return None
    return Symbol(FIELD, "", key)


def field_writes(f: Any, write) -> None:
    """Write the fields of each module-level, untyped ``const X = { … }`` into their FIELD nodes."""
    for root in f.roots:
        for stmt in root.named_children if root.type == "program" else ():
            decl = stmt
            if stmt.type == "export_statement":
                decl = stmt.child_by_field_name("declaration")
            if decl is None or decl.type not in _DECLARATIONS:
                continue
            for declarator in decl.named_children:
                if declarator.type != "variable_declarator" or declarator.child_by_field_name("type") is not None:
                    continue
                value = o.unwrap(declarator.child_by_field_name("value"))
                if value is None or value.type != "object":
                    continue
                for pair in [c for c in value.named_children if c.type == "pair"][:MAX_FIELDS]:
                    key = pair.child_by_field_name("key")
                    text = f.key_text(key) if key is not None else None
                    field = pair.child_by_field_name("value")
                    if text and field is not None and not any(c in text for c in ".#(["):
                        write([Symbol(FIELD, "", text)], field, approximate=True)


def imports_export(f: Any, writes: Tuple[Write, ...], pending) -> List[Export]:
    """``Export(IMPORTS)`` of the modules the file imports, when it writes or reads a FIELD node."""
    uses = any(w.target.kind == FIELD or any(s.kind == FIELD for s in w.symbols) for w in writes) or any(
        p.symbol.kind == FIELD for p in pending
    )
    if not uses:
        return []
    specs: List[str] = []
    for module, _ in f.imports.values():
        if module and module not in specs:
            specs.append(module)
    for match in _REQUIRE.finditer(f.src):
        spec = match.group(1).decode("utf-8", "replace")
        if spec not in specs:
            specs.append(spec)
    symbols = tuple(Symbol(IMPORT, spec, "") for spec in specs[:MAX_IMPORTS])
    return [Export(IMPORTS, (), symbols)] if symbols else []
