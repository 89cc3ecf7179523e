"""What a Python expression can hold: names, attributes, calls, containers (a mixin of the extractor)."""

from __future__ import annotations

import ast
from typing import Iterable, List, Optional, Set, Tuple

from gemlint.extract.python import py_cli, py_flow, py_streamlit
from gemlint.extract.python.nodes import (
    _FORM_OPTION,
    _FORM_PARAM,
    ENV_GETTERS,
    FIELD_FACTORIES,
    MAX_DEPTH,
    _char_col,
    _const_str,
    _dict_get,
    _dotted,
    _is_environ,
    _keyword,
    _Str,
)
from gemlint.extract.python.walker import _Def

MAX_KEYED = 256  # values of one dict read by a computed key


def _computed_key(key: ast.AST) -> bool:
    """A subscript or ``.get`` key the code computes (a name, an attribute, a call), not a constant or a slice."""
    return isinstance(key, (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.JoinedStr, ast.BinOp))


class Resolver:
    """The value-resolution methods of ``_Extractor`` (its state lives there)."""

    # resolution: expression -> string literals it can hold
    def _resolve(self, expr: ast.AST, depth: int, seen: Set[int]) -> Iterable[_Str]:
        if depth > MAX_DEPTH or id(expr) in seen:
            return
        seen = seen | {id(expr)}
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                yield _Str(expr, self._chunk_of(expr), expr.value)
        elif isinstance(expr, ast.Name):
            values = self._lookup_name(expr.id, expr)
            if self.symbols_out is not None and self._scope:
                self._add_symbol(py_flow.parameter_symbol(self, expr.id, expr))
            if not values:
                self._symbol((expr.id,))  # imported: a symbol for the linker
            for value, chunk in values:
                saved, self.chunk = self.chunk, chunk  # names in the value are used where it is written
                try:
                    yield from self._resolve(value, depth + 1, seen)
                finally:
                    self.chunk = saved
        elif isinstance(expr, ast.Attribute) and py_streamlit.is_session(expr.value):  # st.session_state.model
            yield from self._session(expr.attr, depth, seen)
        elif isinstance(expr, ast.Attribute) and (options := py_cli.namespace_values(self, expr)) is not None:
            for value, chunk in options:  # args.model: the values of its command-line option
                saved, self.chunk = self.chunk, chunk
                try:
                    yield from self._resolve(value, depth + 1, seen)
                finally:
                    self.chunk = saved
        elif isinstance(expr, ast.Attribute):
            if expr.attr == "value" and isinstance(expr.value, ast.Attribute):
                # Model.FLASH.value: an Enum member's value (a str has no .value: a literal found here is one)
                yield from self._resolve(expr.value, depth + 1, seen)
            values = self._lookup_attr(expr)
            if self.symbols_out is not None:
                if values:  # a typed field of this file's class: other files may construct it (Cls(x=...))
                    self._add_symbol(py_flow.local_field_symbol(self, expr))
                else:
                    instance = py_flow.attribute_symbol(self, expr)
                    self._add_symbol(instance) if instance is not None else self._symbol(_dotted(expr))
            for value, _ in values:
                yield from self._resolve(value, depth + 1, seen)
        elif isinstance(expr, ast.Subscript):
            key = _const_str(expr.slice)
            if key is not None and py_streamlit.is_session(expr.value):  # st.session_state["model"]
                yield from self._session(key, depth, seen)
            elif key is not None and _is_environ(expr.value):
                self._env(key)  # os.environ["KEY"]
            elif key is not None:
                containers = list(self._resolve_containers(expr.value, depth))
                for container in containers:
                    for value in _dict_get(container, key):
                        yield from self._resolve(value, depth + 1, seen)
                if not containers and self.symbols_out is not None:
                    self._add_symbol(py_flow.key_symbol(self, expr.value, key))  # CONF["k"], CONF imported
                    self._add_symbol(py_flow.typed_key_symbol(self, expr.value, key))  # cfg["k"], cfg: TypedDict
            elif isinstance(expr.slice, ast.Constant) and type(expr.slice.value) is int:
                yield from self._elements(expr.value, depth + 1, seen)  # MODELS[0]
            elif _computed_key(expr.slice) and not _is_environ(expr.value) and not py_streamlit.is_session(expr.value):
                yield from self._any_value(expr.value, depth, seen)  # MODELS[name], {…}[mode]: any of them
        elif isinstance(expr, ast.Call):
            yield from self._resolve_call(expr, depth, seen)
        elif isinstance(expr, ast.IfExp):
            yield from self._resolve(expr.body, depth + 1, seen)
            yield from self._resolve(expr.orelse, depth + 1, seen)
        elif isinstance(expr, ast.BoolOp):
            for value in expr.values:
                yield from self._resolve(value, depth + 1, seen)
        elif isinstance(expr, ast.JoinedStr):
            yield from self._resolve_fstring(expr, depth, seen)
        elif isinstance(expr, ast.Starred):  # the loop variable of `for m in MODELS`
            yield from self._elements(expr.value, depth + 1, seen)

    def _any_value(self, expr: ast.AST, depth: int, seen: Set[int]) -> Iterable[_Str]:
        """``expr[k]`` for a key or index the code computes: any value of the dict ``expr`` holds, else any
        element of its list or tuple (``MODELS[name]``, ``{"fast": "…", "smart": "…"}[mode]``)."""
        containers = list(self._resolve_containers(expr, depth))
        for container in containers:
            for value in container.values[:MAX_KEYED]:
                yield from self._resolve(value, depth + 1, seen)
        if not containers:
            yield from self._elements(expr, depth + 1, seen)

    def _session(self, key: str, depth: int, seen: Set[int]) -> Iterable[_Str]:
        """What the file writes into ``st.session_state[key]``, and the other pages' writes (a symbol)."""
        self._add_symbol(py_streamlit.symbol(key))
        saved = self._scope, self._class, self.chunk
        try:
            for value, scope, cls, chunk in py_streamlit.session_values(self).get(key, ()):
                self._enter(scope, cls, chunk)
                yield from self._resolve(value, depth + 1, seen)
        finally:
            self._scope, self._class, self.chunk = saved

    def _elements(self, expr: ast.AST, depth: int, seen: Set[int]) -> Iterable[_Str]:
        return py_flow.elements(self, expr, depth, seen, MAX_DEPTH)

    def _resolve_call(self, expr: ast.Call, depth: int, seen: Set[int]) -> Iterable[_Str]:
        parts = _dotted(expr.func)
        fn = py_flow.local_function(self, expr.func)
        if fn is not None:  # a function of this file: what it returns
            yield from py_flow.returned(self, fn, depth, seen)
            return
        if self.streamlit and isinstance(expr.func, ast.Attribute):
            value = py_streamlit.returned(expr)
            if value is not None:  # st.selectbox("Model", OPTIONS): one of the options; a text box's default
                yield from self._resolve(value, depth + 1, seen)
                return
            key = py_streamlit.session_get(expr)
            if key is not None:  # st.session_state.get("model", default)
                yield from self._session(key, depth, seen)
                if len(expr.args) > 1:
                    yield from self._resolve(expr.args[1], depth + 1, seen)
                return
        if parts and parts[-1] in FIELD_FACTORIES:  # model: str = Field(default="…") / field(default="…")
            default = _keyword(expr, "default")
            if default is None and parts[-1] == "Field" and expr.args:
                default = expr.args[0]
            if default is not None:
                yield from self._resolve(default, depth + 1, seen)
            return
        if not parts or parts[-1] not in ENV_GETTERS:
            if self.symbols_out is not None and parts and not parts[-1][:1].isupper():
                self._add_symbol(py_flow.suffix_symbol(self, expr.func, "()"))  # an imported function's result
            return
        is_env = parts[-1] == "getenv" or (len(parts) >= 2 and parts[-2] == "environ")
        if not is_env:
            # D.get("key", default) on a dict literal bound to D
            key = _const_str(expr.args[0]) if expr.args else None
            if key is not None:
                containers = list(self._resolve_containers(expr.func.value, depth))
                for container in containers:
                    for value in _dict_get(container, key):
                        yield from self._resolve(value, depth + 1, seen)
                if not containers and self.symbols_out is not None:
                    self._add_symbol(py_flow.key_symbol(self, expr.func.value, key))
            elif expr.args and _computed_key(expr.args[0]) and parts[-1] == "get":  # MODELS.get(name, default)
                yield from self._any_value(expr.func.value, depth, seen)
            if len(expr.args) > 1:
                yield from self._resolve(expr.args[1], depth + 1, seen)
            return
        self._env(_const_str(expr.args[0]) if expr.args else _const_str(_keyword(expr, "key")))
        default = expr.args[1] if len(expr.args) > 1 else _keyword(expr, "default")
        if default is not None:
            yield from self._resolve(default, depth + 1, seen)

    def _resolve_fstring(self, expr: ast.JoinedStr, depth: int, seen: Set[int]) -> Iterable[_Str]:
        values = expr.values
        if all(isinstance(v, ast.Constant) for v in values):
            return  # no substitution: the constant parts are not separate nodes we can point at
        # f"models/{NAME}" or f"{NAME}": the model part comes from a resolvable value
        if len(values) == 1 and isinstance(values[0], ast.FormattedValue):
            yield from self._resolve(values[0].value, depth + 1, seen)
        elif (
            len(values) == 2
            and isinstance(values[0], ast.Constant)
            and values[0].value == "models/"
            and isinstance(values[1], ast.FormattedValue)
        ):
            yield from self._resolve(values[1].value, depth + 1, seen)

    def _resolve_containers(self, expr: ast.AST, depth: int) -> Iterable[ast.Dict]:
        if isinstance(expr, ast.Dict):
            yield expr
        elif isinstance(expr, ast.Name) and depth < MAX_DEPTH:
            for value, chunk in self._lookup_name(expr.id, expr):
                saved, self.chunk = self.chunk, chunk
                try:
                    yield from self._resolve_containers(value, depth + 1)
                finally:
                    self.chunk = saved
        elif isinstance(expr, ast.Attribute) and depth < MAX_DEPTH:
            for value, _ in self._lookup_attr(expr):
                yield from self._resolve_containers(value, depth + 1)
        elif isinstance(expr, ast.Subscript) and depth < MAX_DEPTH:  # CONFIG["live"]["model"]: a dict in a dict
            key = _const_str(expr.slice)
            if key is not None and not _is_environ(expr.value):
                for container in self._resolve_containers(expr.value, depth + 1):
                    for value in _dict_get(container, key):
                        yield from self._resolve_containers(value, depth + 1)

    def _lookup_name(self, name: str, use: Optional[ast.AST] = None) -> List[Tuple[ast.AST, int]]:
        """The values ``name`` can hold where it is used (every binding when ``use`` is None).

        The innermost function scope binding ``name`` wins, else the module.
        When ``use`` sits in the scope that binds the name (module code using a
        module name, a function using its own local), only the reaching
        definitions count (see ``_reaching``). A function using a module-level
        name sees every module-level binding: it may run after any of them.
        """
        scope = self._scope
        for i in range(len(scope) - 1, -1, -1):
            table = self.b.functions.get(scope[i])
            if table and name in table:
                entries = table[name]
                return self._reaching(entries, use) if use is not None and i == len(scope) - 1 else entries
        entries = self.b.module.get(name, [])
        return self._reaching(entries, use) if use is not None and not scope else entries

    def _reaching(self, entries: List[Tuple[ast.AST, int]], use: ast.AST) -> List[Tuple[ast.AST, int]]:
        """Bindings that reach ``use`` in program order (cells in order, then lines).

        The last unconditional binding before the use and every conditional one
        after it (an ``if``/``for``/``try`` body may or may not have run), plus
        any binding later in a loop that holds the use (the next iteration sees
        it). A use that no binding precedes (a cell run out of order) keeps
        every binding, as do bindings whose position is not recorded.
        """
        where = (self.chunk, use.lineno, use.col_offset)
        defs = self.b.defs
        before = []
        other = []
        later = []
        for entry in entries:
            info = defs.get(id(entry[0]))
            if info is None:
                other.append(entry)
            elif (info.chunk, info.line, info.column) <= where:
                before.append((info, entry))
            else:
                later.append((info, entry))
        if not before:
            return entries
        if later and self.b.loops:
            other.extend(entry for info, entry in later if self._same_loop(where, info))
        before.sort(key=lambda pair: (pair[0].chunk, pair[0].line, pair[0].column))
        cut = 0
        for k in range(len(before) - 1, -1, -1):
            if not before[k][0].conditional:
                cut = k
                last = before[k][0]
                while cut > 0 and before[cut - 1][0][:3] == last[:3]:  # same statement (a = b = ..., @param)
                    cut -= 1
                break
        return [entry for _, entry in before[cut:]] + other

    def _same_loop(self, where: Tuple[int, int, int], info: _Def) -> bool:
        """True when one loop holds both the use at ``where`` and the binding ``info``."""
        chunk, line, col = where
        if info.chunk != chunk:
            return False
        for c, start_line, start_col, end_line, end_col in self.b.loops:
            if c == chunk and (start_line, start_col) <= (line, col):
                if (info.line, info.column) <= (end_line, end_col):
                    return True
        return False

    def _form_options(self) -> None:
        """Colab ``# @param ["a", "b"]`` options: more values of the module-level name, at their own columns."""
        b = self.b
        for entries in b.module.values():
            extra = []
            for value, chunk in entries:
                info = b.defs.get(id(value))
                if info is None or type(value) is not ast.Constant or type(value.value) is not str:
                    continue
                lines = self.units[chunk].lines
                if info.line - 1 >= len(lines) or "@param" not in lines[info.line - 1]:
                    continue
                text = lines[info.line - 1]
                m = _FORM_PARAM.match(text, _char_col(lines, info.line, info.column))
                pos = m.end() if m else -1
                while pos >= 0:
                    option = _FORM_OPTION.match(text, pos)
                    if option is None:
                        break
                    group = 1 if option.group(1) is not None else 2
                    if option.group(group) and option.group(group) != value.value:
                        node = ast.Constant(value=option.group(group))
                        start = len(text[: option.start(group) - 1].encode("utf-8"))
                        node.lineno = node.end_lineno = info.line
                        node.col_offset = start
                        node.end_col_offset = len(text[: option.end(group) + 1].encode("utf-8"))
                        b.defs[id(node)] = info
                        b.const_chunk[id(node)] = chunk
                        b.literals.append((node, chunk))
                        extra.append((node, chunk))
                    pos = -1 if option.group(3) else option.end()
            entries.extend(extra)

    def _lookup_attr(self, expr: ast.Attribute) -> List[Tuple[ast.AST, int]]:
        base = expr.value
        if isinstance(base, ast.Name):
            if base.id in ("self", "cls") and self._class is not None:
                return self.b.attrs.get(self._class, {}).get(expr.attr, [])
            table = self.b.classes.get(base.id)
            if table is not None:
                return table.get(expr.attr, [])
        # self.settings.model, cfg.model: the attribute of the class the object is an instance of
        cls = self._class_of(base, self._scope, 0)
        if cls is not None:
            return self.b.attrs.get(cls, {}).get(expr.attr, [])
        if py_flow.imported_class(self, base) is not None:
            return []  # an instance of an imported class: its file's field (py_flow.attribute_symbol)
        return self._unique_attr(expr.attr)

    def _class_of(self, expr: ast.AST, scope: tuple, depth: int) -> Optional[ast.AST]:
        """The file's class ``expr`` is an instance of, from annotations and ``X(...)`` assignments.

        ``settings: AgentSettings`` (a parameter, a class-body or ``self.x:``
        annotation), ``self.settings = AgentSettings()``, ``cfg = Config()``,
        and ``self.settings = settings`` where ``settings`` is such a parameter.
        """
        if depth > 4:
            return None
        if isinstance(expr, ast.Call):
            return self._class_named(expr.func)
        if isinstance(expr, ast.Name):
            for fn in reversed(scope):
                annotation = self.b.param_types.get(fn, {}).get(expr.id)
                if annotation is not None:
                    return self._class_named(annotation)
                table = self.b.functions.get(fn)
                if table and expr.id in table:
                    return self._first_class(table[expr.id], scope, depth)
            return self._first_class(self.b.module.get(expr.id, []), (), depth)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
            if self._class is None:
                return None
            annotation = self.b.attr_types.get(self._class, {}).get(expr.attr)
            if annotation is not None:
                found = self._class_named(annotation)
                if found is not None:
                    return found
            for value, _ in self.b.attrs.get(self._class, {}).get(expr.attr, []):
                found = self._class_of(value, self.b.value_scope.get(id(value), ()), depth + 1)
                if found is not None:
                    return found
        return None

    def _first_class(self, values, scope: tuple, depth: int) -> Optional[ast.AST]:
        for value, _ in values:
            found = self._class_of(value, scope, depth + 1)
            if found is not None:
                return found
        return None

    def _class_named(self, node: ast.AST) -> Optional[ast.AST]:
        """The class node an annotation or constructor names (``X``, ``"X"``, ``Optional[X]``, ``X | None``)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value.strip()
        elif isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.Subscript):  # Optional[X]
            inner = node.slice.value if type(node.slice).__name__ == "Index" else node.slice  # Python 3.8 Index
            return self._class_named(inner)
        elif isinstance(node, ast.BinOp):  # X | None
            return self._class_named(node.left) or self._class_named(node.right)
        else:
            return None
        for cls, table in self.b.attrs.items():
            if getattr(cls, "name", None) == name and self.b.classes.get(name) is table:
                return cls
        return None

    def _unique_attr(self, attr: str) -> List[Tuple[ast.AST, int]]:
        """When the object's class is unknown: the attribute of the one class of the file that assigns it.

        Two classes assigning the same attribute make the lookup ambiguous: nothing is resolved.
        """
        found = [table[attr] for table in self.b.attrs.values() if attr in table]
        return found[0] if len(found) == 1 else []
