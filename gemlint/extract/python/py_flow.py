"""Python values that travel through functions, instances and containers (the value flow's Python facts).

The extractor (``python.py``) calls in here for what its in-file resolution
cannot end on: a function parameter (a node ``f#name`` its callers write
into), an instance of an imported class (``Settings().live_model`` is the
node ``Settings.live_model`` of the class's file), a constant key or the
elements of an imported container (``CONF.fallback_model``, ``MODELS[]``),
an imported function's return value (``f()``). It also records the facts
other files need: the ``Write``s of this file's calls into functions and
classes (``open_session(X)``, ``Settings(live_model=X)``) and the exports of
return values, parameter aliases, dict keys, list elements and module-level
instances. See docs/value-flow.md.
"""

from __future__ import annotations

import ast
import sys
from typing import Dict, List, Optional, Tuple

from gemlint.extract import names
from gemlint.extract.python.nodes import _dotted
from gemlint.extract.python.py_facts import import_symbol, worth_exporting
from gemlint.extract.sites import lookup
from gemlint.types import IMPORT, Export, ModelRef, Symbol, Write

MAX_WRITES = 2000  # writes one file records (a generated file with more gets the first ones)
STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) - {"test"}  # Python 3.10+; older: none skipped


def qualname(ex, fn: ast.AST) -> Optional[str]:
    """``f`` or ``Cls.m`` for a module-level function or a method; None for nested functions and lambdas."""
    return ex.b.func_names.get(fn)


def param_position(ex, fn: ast.AST, name: str) -> Optional[int]:
    """The position of parameter ``name`` as callers count it (``self``/``cls`` of a method not counted)."""
    args = fn.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    if "." in (qualname(ex, fn) or "") and positional and not _is_static(fn):
        positional = positional[1:]
    return positional.index(name) if name in positional else None


def _is_static(fn: ast.AST) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(fn, "decorator_list", ()))


def parameter_symbol(ex, name: str, use: ast.AST) -> Optional[Symbol]:
    """``Symbol(IMPORT, "", "f#name")`` when ``name`` at ``use`` is a parameter of a nameable function.

    Not when a plain (unconditional) assignment in the function replaces the
    parameter before ``use``.
    """
    scope = ex._scope
    for i in range(len(scope) - 1, -1, -1):
        fn = scope[i]
        if isinstance(fn, ast.Lambda):
            return None
        args = fn.args
        params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
        if name not in params:
            if name in ex.b.functions.get(fn, {}):
                return None  # a local of an inner function
            continue
        qual = qualname(ex, fn)
        if qual is None:
            return None
        entries = ex.b.functions.get(fn, {}).get(name, [])
        if entries and i == len(scope) - 1:
            for value, _ in ex._reaching(entries, use):
                info = ex.b.defs.get(id(value))
                if info is not None and not info.conditional:
                    return None
        ex.param_nodes[(qual, name)] = fn
        return Symbol(IMPORT, "", f"{qual}#{name}")
    return None


def imported_class(ex, expr: ast.AST, depth: int = 0) -> Optional[Tuple[str, ...]]:
    """The dotted name of the imported class ``expr`` is an instance of (``Settings()``, ``s: Settings``)."""
    if depth > 4:
        return None
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and _alternate_constructor(func.attr):
            return _class_parts(ex, func.value)  # Configuration.from_runnable_config(config)
        return _class_parts(ex, func)
    if isinstance(expr, ast.Name):
        for fn in reversed(ex._scope):
            annotation = ex.b.param_types.get(fn, {}).get(expr.id)
            if annotation is not None:
                return _class_parts(ex, annotation)
            table = ex.b.functions.get(fn)
            if table and expr.id in table:
                return _first(ex, table[expr.id], depth)
        return _first(ex, ex.b.module.get(expr.id, []), depth)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        cls = ex._class
        if cls is None:
            return None
        annotation = ex.b.attr_types.get(cls, {}).get(expr.attr)
        if annotation is not None:
            return _class_parts(ex, annotation)
        return _first(ex, ex.b.attrs.get(cls, {}).get(expr.attr, []), depth)
    return None


# Class methods that build an instance of their class (pydantic, dataclass helpers, the from_* convention).
ALTERNATE_CONSTRUCTORS = frozenset(
    ("model_validate", "model_validate_json", "model_construct", "parse_obj", "parse_raw")
)


def _alternate_constructor(name: str) -> bool:
    return name.startswith("from_") or name in ALTERNATE_CONSTRUCTORS


def _first(ex, values, depth: int) -> Optional[Tuple[str, ...]]:
    for value, _ in values:
        if isinstance(value, ast.Call):
            found = imported_class(ex, value, depth + 1)
            if found is not None:
                return found
        elif isinstance(value, (ast.Name, ast.Attribute)) and depth < 4:
            found = imported_class(ex, value, depth + 1)
            if found is not None:
                return found
    return None


def _class_parts(ex, node: ast.AST) -> Optional[Tuple[str, ...]]:
    """``("Settings",)`` / ``("config", "Settings")`` when ``node`` names an imported class (capitalised)."""
    if isinstance(node, ast.Subscript):  # Optional[X]
        return _class_parts(ex, node.slice)
    if isinstance(node, ast.BinOp):  # X | None
        return _class_parts(ex, node.left) or _class_parts(ex, node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts: Tuple[str, ...] = tuple(node.value.strip().split("."))
    else:
        parts = _dotted(node)
    if not parts or not parts[-1][:1].isupper() or parts[0] not in ex.imports or ex.b.module.get(parts[0]):
        return None
    if lookup(parts) is not None:
        return None
    return parts


def attribute_symbol(ex, expr: ast.Attribute) -> Optional[Symbol]:
    """``Symbol(.settings, "Settings.live_model")`` for the field of an instance of an imported class."""
    parts = imported_class(ex, expr.value)
    return import_symbol(ex.imports, parts + (expr.attr,)) if parts else None


def local_field_symbol(ex, expr: ast.Attribute) -> Optional[Symbol]:
    """``Symbol(IMPORT, "", "Cls.field")`` for an annotated field of this file's class read from an instance."""
    base = expr.value
    if isinstance(base, ast.Name) and base.id in ("self", "cls"):
        cls = ex._class
    elif isinstance(base, ast.Name) and base.id in ex.b.classes:
        cls = next((c for c, t in ex.b.attrs.items() if t is ex.b.classes[base.id]), None)
    else:
        cls = ex._class_of(base, ex._scope, 0)
    name = getattr(cls, "name", None)
    if name is None or expr.attr not in ex.b.class_fields.get(name, ()):
        return None
    return Symbol(IMPORT, "", f"{name}.{expr.attr}")


def key_symbol(ex, container: ast.AST, key: str) -> Optional[Symbol]:
    """``CONF.fallback_model`` for ``CONF["fallback_model"]`` / ``CONF.get(...)`` with ``CONF`` imported;
    ``CONF.live.model`` for ``CONF["live"]["model"]``."""
    keys = [key]
    while isinstance(container, ast.Subscript) and len(keys) <= MAX_KEYS:  # a dict in a dict
        inner = container.slice
        if not (isinstance(inner, ast.Constant) and isinstance(inner.value, str)):
            return None
        keys.append(inner.value)
        container = container.value
    if any(not k or any(c in k for c in ".#([") for k in keys) or not isinstance(container, (ast.Name, ast.Attribute)):
        return None
    return _import_parts(ex, _dotted(container) + tuple(reversed(keys)))


def typed_key_symbol(ex, container: ast.AST, key: str) -> Optional[Symbol]:
    """``Cls.key`` for ``cfg["key"]`` where ``cfg`` is annotated with a class (a TypedDict) of this file or imported."""
    if not key or any(c in key for c in ".#([") or not isinstance(container, (ast.Name, ast.Attribute)):
        return None
    local = ex._class_of(container, ex._scope, 0)
    if local is not None:
        return Symbol(IMPORT, "", f"{local.name}.{key}")
    parts = imported_class(ex, container)
    return import_symbol(ex.imports, parts + (key,)) if parts else None


def suffix_symbol(ex, expr: ast.AST, suffix: str) -> Optional[Symbol]:
    """``f()`` (a return value) or ``X[]`` (list elements) of an imported name."""
    if not isinstance(expr, (ast.Name, ast.Attribute)):
        return None
    symbol = _import_parts(ex, _dotted(expr))
    return symbol._replace(name=symbol.name + suffix) if symbol is not None else None


def _import_parts(ex, parts: Tuple[str, ...]) -> Optional[Symbol]:
    if not parts or ex._lookup_name(parts[0]) or parts[0] in ("self", "cls"):
        return None
    symbol = import_symbol(ex.imports, parts)
    if symbol is not None and symbol.module.split(".")[0] in STDLIB:
        return None  # json.dumps(), os.path.join(...): never a node of the project
    return symbol


def elements(ex, expr: ast.AST, depth: int, seen, max_depth: int):
    """The literals the elements of the list or tuple ``expr`` can hold."""
    if depth > max_depth:
        return
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        for item in expr.elts:
            if not isinstance(item, ast.Starred):
                yield from ex._resolve(item, depth + 1, seen)
    elif isinstance(expr, ast.Name):
        values = ex._lookup_name(expr.id, expr)
        if not values and ex.symbols_out is not None:
            ex._add_symbol(suffix_symbol(ex, expr, "[]"))
        for value, chunk in values:
            saved, ex.chunk = ex.chunk, chunk
            try:
                yield from elements(ex, value, depth + 1, seen, max_depth)
            finally:
                ex.chunk = saved
    elif isinstance(expr, ast.Attribute):
        values = ex._lookup_attr(expr)
        if not values and ex.symbols_out is not None:
            ex._add_symbol(suffix_symbol(ex, expr, "[]"))
        for value, _ in values:
            yield from elements(ex, value, depth + 1, seen, max_depth)


def local_function(ex, func: ast.AST) -> Optional[ast.AST]:
    """The function node a call's ``func`` names in this file (``f``, ``self.m``, ``Cls.m``)."""
    b = ex.b
    if isinstance(func, ast.Name):
        if ex._lookup_name(func.id) and func.id not in b.func_by_name:
            return None
        return b.func_by_name.get(func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        base = func.value.id
        if base in ("self", "cls") and ex._class is not None:
            return b.func_by_name.get(f"{ex._class.name}.{func.attr}")
        if base in b.classes:
            return b.func_by_name.get(f"{base}.{func.attr}")
        cls = ex._class_of(func.value, ex._scope, 0)
        if cls is not None:
            return b.func_by_name.get(f"{cls.name}.{func.attr}")
    return None


def returned(ex, fn: ast.AST, depth: int, seen):
    """The literals ``fn`` returns, resolved in its own scope (a recursive call adds nothing)."""
    if id(fn) in seen:
        return
    seen = seen | {id(fn)}
    saved = ex._scope, ex._class, ex.chunk
    owner = ex.b.func_class.get(fn)
    try:
        for value, chunk in ex.b.returns.get(fn, ()):
            ex._enter(ex.b.func_scope.get(fn, ()) + (fn,), owner, chunk)
            yield from ex._resolve(value, depth + 1, seen)
    finally:
        ex._scope, ex._class, ex.chunk = saved


def call_target(ex, node: ast.Call) -> Optional[Tuple[str, str, bool]]:
    """``(module, name, constructor)`` of what a call passes its arguments to (None: not followed)."""
    func = node.func
    parts = _dotted(func)
    if not parts or "()" in parts or lookup(parts) is not None:
        return None
    fn = local_function(ex, func)
    if fn is not None:
        return "", ex.b.func_names[fn], False
    b = ex.b
    if isinstance(func, ast.Name) and func.id in b.classes and not ex._lookup_name(func.id):
        return "", func.id, True
    if isinstance(func, ast.Attribute):
        cls = imported_class(ex, func.value)
        if cls is not None:
            symbol = import_symbol(ex.imports, cls + (func.attr,))
            return (symbol.module, symbol.name, False) if symbol is not None else None
        local = ex._class_of(func.value, ex._scope, 0)
        if local is not None:
            return None  # a method the file does not define (inherited): not followed
    symbol = _import_parts(ex, parts)
    if symbol is None or not symbol.name:
        return None
    return symbol.module, symbol.name, parts[-1][:1].isupper()


def call_writes(ex) -> Tuple[Write, ...]:
    """The values this file's calls pass to functions and classes, as ``Write``s into their nodes."""
    out: List[Write] = []
    for node, scope, cls, chunk in ex.b.calls:
        if not any(_may_write(a) for a in node.args) and not any(
            kw.arg is not None and _may_write(kw.value) for kw in node.keywords
        ):
            continue  # print("…"), range(3), f(lambda: …): no argument _write would keep (most calls)
        ex._enter(scope, cls, chunk)
        if ex.silence is not None and ex.silence.covers(chunk, node):
            continue  # a call in a test whose transport is replaced, or on a double (doubles_py): no request
        target = call_target(ex, node)
        if target is None:
            continue
        module, name, constructor = target
        fields = ex.b.class_fields.get(name, ()) if constructor and not module else ()
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                break
            if constructor:
                if i >= len(fields):
                    break
                where = f"{name}.{fields[i]}"
            else:
                where = f"{name}#{i}"
            _write(ex, out, module, where, arg)
        for kw in node.keywords:
            if kw.arg is not None:
                _write(ex, out, module, f"{name}.{kw.arg}" if constructor else f"{name}#{kw.arg}", kw.value)
        if len(out) >= MAX_WRITES:
            break
    for annotation, display, scope, cls, chunk in ex.b.typed_dicts:  # cfg: LiveSettings = {"model": ...}
        ex._enter(scope, cls, chunk)
        local = ex._class_named(annotation)
        parts = None if local is not None else _class_parts(ex, annotation)
        symbol = Symbol(IMPORT, "", local.name) if local is not None else import_symbol(ex.imports, parts or ())
        if symbol is None or not symbol.name:
            continue
        for key, value in zip(display.keys, display.values):
            text = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
            if text and not any(c in text for c in ".#(["):
                _write(ex, out, symbol.module, f"{symbol.name}.{text}", value)
    return tuple(out[:MAX_WRITES])


_NEVER_WRITTEN = (ast.Lambda, ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp)


def _may_write(arg: ast.AST) -> bool:
    """Whether ``_write`` can keep anything of ``arg`` (a quick test before resolving the call's target)."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str) and worth_exporting(arg.value)
    return not isinstance(arg, _NEVER_WRITTEN)


def _write(ex, out: List[Write], module: str, name: str, arg: ast.AST) -> None:
    if not _may_write(arg):
        return
    refs, symbols = values_of(ex, arg)
    if refs or symbols:
        out.append(Write(Symbol(IMPORT, module, name), tuple(refs), tuple(symbols)))


def values_of(ex, expr: ast.AST) -> Tuple[List[ModelRef], List[Symbol]]:
    """Site-less refs of the model-like literals ``expr`` can hold, and its symbols."""
    found, symbols = ex.resolve_with_symbols(expr)
    refs: List[ModelRef] = []
    for item in found:
        if worth_exporting(item.value):
            ref = ex.literal_ref(item)
            if ref is not None and ref not in refs:
                refs.append(ref)
    return refs, symbols


def exports(ex) -> Tuple[Export, ...]:
    """The flow's exports of the file ``ex`` walked (after ``run`` and ``call_writes``)."""
    out: List[Export] = []
    for name, values in ex.b.module.items():
        out.extend(container_exports(ex, name, values))
    out.extend(flow_exports(ex))
    return tuple(out)


def flow_exports(ex) -> List[Export]:
    """Return values (``f()``), parameter aliases (``f#model`` = ``f#0``), module-level instances."""
    out: List[Export] = []
    b = ex.b
    for fn, qual in b.func_names.items():
        if fn not in b.returns:
            continue
        ex._enter(b.func_scope.get(fn, ()) + (fn,), b.func_class.get(fn), 0)
        refs: List[ModelRef] = []
        symbols: List[Symbol] = []
        for value, chunk in b.returns[fn]:
            ex.chunk = chunk
            r, s = values_of(ex, value)
            refs.extend(x for x in r if x not in refs)
            symbols.extend(x for x in s if x not in symbols)
        if refs or symbols:
            out.append(Export(f"{qual}()", tuple(refs), tuple(symbols)))
    for (qual, name), fn in ex.param_nodes.items():
        position = param_position(ex, fn, name)
        if position is not None:
            out.append(Export(f"{qual}#{name}", (), (Symbol(IMPORT, "", f"{qual}#{position}"),)))
    ex._enter((), None, 0)
    for name, values in b.module.items():
        for value, _ in values:
            if isinstance(value, ast.Call):
                parts = _class_parts(ex, value.func)
                symbol = import_symbol(ex.imports, parts) if parts else None
                if symbol is None and isinstance(value.func, ast.Name) and value.func.id in b.classes:
                    symbol = Symbol(IMPORT, "", value.func.id)
                if symbol is not None:
                    out.append(Export(name, (), (symbol,)))
    return out


def container_exports(ex, name: str, values: Dict) -> List[Export]:
    """``CONF.key`` for each constant key of a module-level dict (``CONF.live.model`` in a dict in it, up to
    ``MAX_KEYS`` levels), ``MODELS[]`` for a list's elements."""
    out: List[Export] = []
    for value, chunk in values:
        ex._enter((), None, chunk)
        if isinstance(value, ast.Dict):
            _dict_exports(ex, name, value, out, 1)
        elif isinstance(value, (ast.List, ast.Tuple)):
            refs, symbols = [], []
            for item in value.elts:
                r, s = values_of(ex, item)
                refs.extend(r)
                symbols.extend(s)
            if refs or symbols:
                out.append(Export(f"{name}[]", tuple(refs), tuple(symbols)))
    return out


def _dict_exports(ex, name: str, mapping: ast.Dict, out: List[Export], depth: int) -> None:
    for key, item in zip(mapping.keys, mapping.values):
        text = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
        if text and not any(c in text for c in ".#(["):
            refs, symbols = values_of(ex, item)
            if refs or symbols:
                out.append(Export(f"{name}.{text}", tuple(refs), tuple(symbols)))
            if isinstance(item, ast.Dict) and depth < MAX_KEYS:
                _dict_exports(ex, f"{name}.{text}", item, out, depth + 1)


def peers(node: ast.AST, parent: Optional[ast.AST], known) -> Tuple[str, ...]:
    """The other whole model names of the list, tuple, set or dict (keys or values) ``node`` is an element of."""
    if isinstance(parent, (ast.List, ast.Tuple, ast.Set)):
        items = parent.elts
    elif isinstance(parent, ast.Dict):
        items = parent.keys if any(k is node for k in parent.keys) else parent.values
    else:
        return ()
    # The container's model names are found once (the elements of one list come one after another), and at most
    # MAX_PEERS others are kept: 40,000 literals in one list stay linear, not 40,000 x 40,000 (issue 24).
    cached = _PEER_CACHE.get("items")
    if cached is None or cached[0] is not items or cached[1] != known:  # (a bound method is new each time)
        strings = [item for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        found = [item for item in strings if names.could_be_model(item.value, known)]
        cached = _PEER_CACHE["items"] = (items, known, found)
    out = []
    for item in cached[2]:
        if item is not node:
            out.append(item.value)
            if len(out) == MAX_PEERS:
                break
    return tuple(out)


def table_key(node: ast.AST, parent: Optional[ast.AST]) -> bool:
    """``{"fast-base": {...}}``: a dict key whose value is a dict (an entry of a table of the code's own)."""
    if not isinstance(parent, ast.Dict):
        return False
    for key, value in zip(parent.keys, parent.values):
        if key is node:
            return isinstance(value, ast.Dict)
    return False


MAX_KEYS = 3  # levels of dicts in dicts exported (CONF.live.audio.model), as TypeScript's objects
MAX_PEERS = 64  # other names of a list kept per element: enough to tell the class the list shares
_PEER_CACHE: Dict[str, tuple] = {}  # the last container's model-name elements (holds it alive: `is` stays valid)
