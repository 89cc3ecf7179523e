"""Python facts for project-wide resolution: imports, exports, env lookups.

The extractor (``python.py``) calls in here where its own resolution stops:
a name bound by an import, an attribute of an imported module or class, an
environment variable. Each becomes a ``Symbol`` that ``gemlint/flow``
resolves across the project (``gemlint/flow``).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from gemlint.extract import names
from gemlint.types import ENV, IMPORT, Export, ModelRef, Symbol


def import_table(nodes: List[ast.AST]) -> Dict[str, Tuple[str, str]]:
    """local name -> (module as written, name inside it); ``""`` for the module itself."""
    table: Dict[str, Tuple[str, str]] = {}
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":  # star imports stay dynamic
                    table[alias.asname or alias.name] = (module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    table[alias.asname] = (alias.name, "")
                else:
                    root = alias.name.split(".")[0]
                    table[root] = (root, "")
    return table


def import_symbol(table: Dict[str, Tuple[str, str]], parts: Tuple[str, ...]) -> Optional[Symbol]:
    """The symbol for ``parts`` (``("config", "EMBED_MODEL")``) when its root is imported."""
    if not parts or parts[0] not in table or "()" in parts:
        return None
    module, name = table[parts[0]]
    dotted = ".".join(([name] if name else []) + list(parts[1:]))
    return Symbol(IMPORT, module, dotted) if dotted else None


def env_symbol(key: Optional[str]) -> Optional[Symbol]:
    return Symbol(ENV, "", key) if key else None


def worth_exporting(text: str) -> bool:
    """A literal that could name a model (kept small: only these are recorded as exports)."""
    text = text.strip()
    return 0 < len(text) <= 256 and " " not in text and "{" not in text and names.has_token(text)


def module_exports(ex) -> Tuple[Export, ...]:
    """Module-level names, class attributes and imported names of the file ``ex`` walked."""
    out: List[Export] = []
    b = ex.b
    tables = [("", b.module)] + [(f"{cls}.", attrs) for cls, attrs in b.classes.items()]
    for prefix, table in tables:
        for name, values in table.items():
            refs: Dict[ModelRef, None] = {}  # ordered sets: a name bound 4,000 times stays linear (issue 24)
            symbols: Dict[Symbol, None] = {}
            for value, chunk in values:
                ex._enter((), None, chunk)
                found, syms = ex.resolve_with_symbols(value)
                for item in found:
                    if worth_exporting(item.value):
                        ref = ex.literal_ref(item)
                        if ref is not None:
                            refs[ref] = None
                symbols.update(dict.fromkeys(syms))
            if refs or symbols:
                out.append(Export(prefix + name, tuple(refs), tuple(symbols)))
    for local, (module, name) in ex.imports.items():
        if local not in b.module and name:  # re-exported by `from .x import Y` (e.g. in __init__.py)
            out.append(Export(local, (), (Symbol(IMPORT, module, name),)))
    return tuple(out)
