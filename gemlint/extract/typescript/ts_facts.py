"""TypeScript/JavaScript facts for project-wide resolution: imports, exports, env lookups.

``typescript.py`` calls in here where its own resolution stops (an identifier
bound by an import, ``process.env.X``); ``exports`` lists what the file's
``export`` statements make available. ``gemlint/flow/`` joins them up.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from gemlint.extract.python.py_facts import worth_exporting
from gemlint.extract.typescript import ts_origins as o
from gemlint.types import ENV, IMPORT, Export, ModelRef, Symbol

ENV_OBJECTS = ("process.env", "import.meta.env")
_MAX_ELEMENTS = 64  # array elements recorded as exports (MODELS[])
_MAX_KEYS = 3  # nesting of object properties recorded as exports (MODELS.live.audio)


def _source(f, node) -> Optional[str]:
    src = node.child_by_field_name("source")
    if src is None:
        return None
    lit = f.literal(src)
    return lit.value if lit is not None and lit.static else None


def import_table(f) -> Dict[str, Tuple[str, str]]:
    """local name -> (module specifier, exported name); ``""`` for a namespace import."""
    table: Dict[str, Tuple[str, str]] = {}
    for root in f.roots:
        for stmt in root.named_children if root.type == "program" else [root]:
            if stmt.type != "import_statement":
                continue
            module = _source(f, stmt)
            if module is None:
                continue
            for clause in stmt.named_children:
                if clause.type != "import_clause":
                    continue
                for part in clause.named_children:
                    if part.type == "identifier":
                        table[f.text(part)] = (module, "default")
                    elif part.type == "namespace_import" and part.named_child_count:
                        table[f.text(part.named_child(0))] = (module, "")
                    elif part.type == "named_imports":
                        for spec in part.named_children:
                            if spec.type != "import_specifier":
                                continue
                            name = spec.child_by_field_name("name")
                            alias = spec.child_by_field_name("alias") or name
                            if name is not None:
                                table[f.text(alias)] = (module, f.text(name))
    return table


def dotted(f, node) -> Optional[Tuple[str, ...]]:
    """``("MODELS", "live")`` for ``MODELS.live`` / ``MODELS["live"]``; None for anything else."""
    parts: List[str] = []
    while node is not None:
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            text = f.text(node)
            if text[:1] == "$" and f.svelte and text[1:] in f.imports:
                parts.extend(("value", text[1:]))  # $settings.model: the Svelte store's value (ts_svelte)
            else:
                parts.append(text)
            break
        if node.end_byte - node.start_byte == 11 and f.text(node) == "import.meta":
            parts.append("import.meta")
            break
        if t == "non_null_expression":
            node = node.named_child(0) if node.named_child_count else None
        elif t in ("member_expression", "subscript_expression"):
            prop = node.child_by_field_name("property" if t == "member_expression" else "index")
            key = f.key_text(prop) if prop is not None else None
            if key is None:
                return None
            parts.append(key)
            node = node.child_by_field_name("object")
        else:
            return None
    if not parts or node is None:
        return None
    return tuple(reversed(parts))


def symbol_for(f, parts: Tuple[str, ...]) -> Optional[Symbol]:
    """An env variable (``process.env.X``) or an imported name (``LIVE``, ``cfg.MODELS.live``)."""
    if len(parts) == 3 and ".".join(parts[:2]) in ENV_OBJECTS:
        return Symbol(ENV, "", parts[2])
    if parts[0] in f.bindings():
        return None  # bound in this file
    entry = f.imports.get(parts[0])
    if entry is None:
        return None
    module, name = entry
    full = ".".join(([name] if name else []) + list(parts[1:]))
    return Symbol(IMPORT, module, full) if full else None


def env_call(f, call) -> Optional[Symbol]:
    """``Deno.env.get("X")``."""
    fn = call.child_by_field_name("function")
    if fn is None or f.text(fn) != "Deno.env.get":
        return None
    args = call.child_by_field_name("arguments")
    first = args.named_child(0) if args is not None and args.named_child_count else None
    key = f.key_text(first) if first is not None else None
    return Symbol(ENV, "", key) if key else None


def _values(f, node) -> Tuple[List[ModelRef], List[Symbol]]:
    refs: List[ModelRef] = []
    outer, f.symbols_out = f.symbols_out, []
    try:
        leaves = f.resolve(node)
        symbols = f.symbols_out
    finally:
        f.symbols_out = outer
    for leaf in leaves:
        ref = f.leaf_ref(leaf)
        if ref is not None and worth_exporting(ref.text) and ref not in refs:
            refs.append(ref)
    return refs, symbols


def _export_value(f, name: str, node, out: List[Export], depth: int = 0) -> None:
    refs, symbols = _values(f, node)
    if refs or symbols:
        out.append(Export(name, tuple(refs), tuple(symbols)))
    if depth >= _MAX_KEYS or isinstance(node, tuple):  # ("member", obj, key) of a spread: its values only
        return
    if f.mentions(b"vue"):
        from gemlint.extract.typescript.ts_vue import initial

        held = initial(f, node)
        if held is not None:  # export const model = ref('…'): model.value
            _export_value(f, f"{name}.value", held, out, depth + 1)
    if f.mentions(b"svelte"):
        from gemlint.extract.typescript import ts_svelte

        held = ts_svelte.initial(f, node)
        if held is not None:  # export const model = writable('…'): model.value, and what model.set(…) writes
            _export_value(f, f"{name}.value", held, out, depth + 1)
            out.append(Export(f"{name}.value", (), (ts_svelte.written(name),)))
    for obj in f.resolve(node, True):
        if obj.type == "array":  # MODELS[]: the elements (read by iteration, .map, .find, indexing)
            from gemlint.extract.typescript.ts_flow import elements

            for element in elements(obj)[:_MAX_ELEMENTS]:
                _export_value(f, f"{name}[]", element, out, depth + 1)
            continue
        for key_text, value in f.members(obj):
            _export_value(f, f"{name}.{key_text}", value, out, depth + 1)


_BODIES = {"enum_declaration": "enum_body", "class_declaration": "class_body"}


def exports(f) -> Tuple[Export, ...]:
    """``export const``, ``export default``, ``export { X as Y } [from]`` and ``export * from``."""
    out: List[Export] = []
    for root in f.roots:
        for stmt in root.named_children if root.type == "program" else [root]:
            if stmt.type != "export_statement":
                continue
            module = _source(f, stmt)
            decl = stmt.child_by_field_name("declaration")
            value = stmt.child_by_field_name("value")
            if decl is not None and decl.type in _BODIES:  # export enum Models {…}, export class Config {…}
                name, body = decl.child_by_field_name("name"), decl.child_by_field_name("body")
                if name is not None and body is not None and body.type == _BODIES[decl.type]:
                    _export_value(f, f.text(name), body, out)
                continue
            if decl is not None:
                for d in decl.named_children:
                    if d.type == "variable_declarator":
                        name, val = d.child_by_field_name("name"), d.child_by_field_name("value")
                        if name is not None and val is not None and name.type == "identifier":
                            _export_value(f, f.text(name), val, out)
                continue
            if value is not None:
                _export_value(f, "default", value, out)
                continue
            clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
            if clause is None:
                namespace = next((c for c in stmt.named_children if c.type == "namespace_export"), None)
                if module is not None and namespace is not None and namespace.named_child_count:
                    alias = f.text(namespace.named_child(namespace.named_child_count - 1))
                    out.append(Export(alias, (), (Symbol(IMPORT, module, ""),)))
                elif module is not None:
                    out.append(Export("*", (), (Symbol(IMPORT, module, "*"),)))
                continue
            for spec in clause.named_children:
                if spec.type != "export_specifier":
                    continue
                name = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias") or name
                if name is None:
                    continue
                if module is not None:
                    out.append(Export(f.text(alias), (), (Symbol(IMPORT, module, f.text(name)),)))
                else:
                    _export_value(f, f.text(alias), name, out)
    return tuple(out)


MODEL_KEYS = ("model", "baseModel", "modelName", "model_name")
LIVE_SETUP = "Live setup message"  # the site of a raw Live socket's first message (extractor._live_setups)


def pending(f):
    """Pending uses: each call site's model argument resolved again, collecting the symbols it meets."""
    from gemlint.types import PendingUse

    out: List[PendingUse] = []
    for site, call in f.site_calls:
        is_call = call.type in ("call_expression", "new_expression")
        if not is_call and site.kind != LIVE_SETUP:
            continue
        outer, f.symbols_out = f.symbols_out, []
        try:
            if not is_call:  # { setup: { model: X } }: X, written in the message itself (not a config passed in)
                obj = o.unwrap(call)
                for value in f.property(obj, "model") if obj is not None and obj.type == "object" else ():
                    f.resolve(value)
            else:
                f.model_of_object_arg(call, MODEL_KEYS)
            if call.type == "call_expression":
                f.resolve(_first_arg(call))
            symbols = f.symbols_out
        finally:
            f.symbols_out = outer
        for symbol in symbols:
            use = PendingUse(site, symbol)
            if use not in out:
                out.append(use)
    return tuple(out)


def _first_arg(call):
    args = call.child_by_field_name("arguments")
    for child in args.named_children if args is not None else ():
        if child.type != "comment":
            return child
    return None
