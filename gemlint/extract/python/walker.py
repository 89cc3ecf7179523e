"""The first pass over a Python module: definitions, bindings, parameters and their types."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

from gemlint.budget import poll, polling
from gemlint.extract.python import py_cli, py_streamlit
from gemlint.extract.python.nodes import _CHILD_FIELDS, _const_str, _is_environ, _truthy, child_fields
from gemlint.extract.python.platform import ENV_VARS, branch_test
from gemlint.extract.sites import AGENT_RUN_CALLS, LIVE_RUNNER_CALL
from gemlint.records import record

# Nodes the walk records nothing about: it only visits their children.
_PLAIN = frozenset(
    (ast.Attribute, ast.keyword, ast.Subscript, ast.BinOp, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.List, ast.Tuple,
     ast.Starred, ast.Await, ast.Slice, ast.Set, ast.comprehension, ast.ListComp, ast.SetComp, ast.GeneratorExp,
     ast.DictComp, ast.FormattedValue)
)  # fmt: skip


class _Walker:
    """One pass over every chunk: the facts extraction needs, with their scopes.

    Records assignments (for names, ``self`` attributes and class attributes),
    parameter defaults, calls, string literals, f-strings and dict displays,
    each with the enclosing function scopes and class, so that resolution can
    run afterwards without walking the tree again.
    """

    def __init__(self) -> None:
        self.module: Dict[str, List[Tuple[ast.AST, int]]] = {}
        self.functions: Dict[ast.AST, Dict[str, List[Tuple[ast.AST, int]]]] = {}
        self.classes: Dict[str, Dict[str, List[Tuple[ast.AST, int]]]] = {}
        self.attrs: Dict[ast.AST, Dict[str, List[Tuple[ast.AST, int]]]] = {}  # class node -> attr -> values
        self.calls: List[Tuple[ast.Call, tuple, Optional[ast.AST], int]] = []
        self.joined: List[Tuple[ast.JoinedStr, tuple, Optional[ast.AST], int]] = []
        self.dicts: List[Tuple[ast.Dict, tuple, Optional[ast.AST], int]] = []
        self.literals: List[Tuple[ast.Constant, int]] = []
        self.const_chunk: Dict[int, int] = {}
        self.docstrings: Set[int] = set()
        self.env_vertex = False  # GOOGLE_GENAI_USE_VERTEXAI / _ENTERPRISE set true in code
        self.vertex_imports: Set[str] = set()
        self.imports: List[ast.AST] = []
        self.branches: List[Tuple[ast.AST, int]] = []  # `if client.vertexai:` and its ternary form
        self.run_live = False
        self.runs_agents = False  # a runner built or run here (sites.AGENT_RUN_CALLS, …Runner(…))
        # Where each name binding happens (id of the bound value -> _Def), for reaching definitions.
        self.defs: Dict[int, _Def] = {}
        self._straight: Set[int] = set()  # ids of statements directly in a module or function body
        self._stmt: Optional[ast.AST] = None  # the assignment being recorded (None: position unknown)
        self.loops: List[Tuple[int, int, int, int, int]] = []  # (chunk, line, col, end line, end col) of each loop
        # attribute typing (see _Extractor._class_of): annotations and where self.x was assigned
        self.param_types: Dict[ast.AST, Dict[str, ast.AST]] = {}  # function -> parameter -> annotation
        self.attr_types: Dict[ast.AST, Dict[str, ast.AST]] = {}  # class -> attribute -> annotation
        self.value_scope: Dict[int, tuple] = {}  # id(value of self.x = value) -> enclosing function scopes
        # functions other files can name (py_flow.py): f / Cls.m, their returns, class fields in order
        self.func_names: Dict[ast.AST, str] = {}
        self.func_by_name: Dict[str, ast.AST] = {}
        self.func_scope: Dict[ast.AST, tuple] = {}
        self.func_class: Dict[ast.AST, Optional[ast.AST]] = {}
        self.returns: Dict[ast.AST, List[Tuple[ast.AST, int]]] = {}
        self.class_fields: Dict[str, List[str]] = {}
        self.typed_dicts: List[Tuple[ast.AST, ast.Dict, tuple, Optional[ast.AST], int]] = []
        # st.session_state.model = value: key -> (value, scope, class, chunk) (py_streamlit)
        self.session: Dict[str, List[Tuple[ast.AST, tuple, Optional[ast.AST], int]]] = {}

    def walk(self, tree: ast.Module, chunk: int) -> None:
        """Visit every node of ``tree`` once (iteratively: deep trees don't recurse)."""
        self._docstring(tree.body)
        self._straight.update(map(id, tree.body))
        stack: List[Tuple[ast.AST, tuple, Optional[ast.AST], Optional[ast.AST]]] = [(tree, (), None, None)]
        pop, push = stack.pop, stack.append
        Constant, Call, Name, AST, children = ast.Constant, ast.Call, ast.Name, ast.AST, _CHILD_FIELDS
        polled, visited = polling(), 0  # the time budget, where no timer interrupts (gemlint.budget)
        while stack:
            if polled:
                visited += 1
                if not visited & 255:
                    poll()
            node, scope, cls, body_of = pop()
            kind = type(node)
            if kind is Constant:
                if type(node.value) is str and node.value:
                    self.literals.append((node, chunk))
                    self.const_chunk[id(node)] = chunk
                continue
            if kind is Name:
                continue
            if kind in _PLAIN:  # nothing to record here: straight to its children
                pass
            elif kind is Call:
                self.calls.append((node, scope, cls, chunk))
            elif kind is ast.Assign:
                self._stmt = node
                for target in node.targets:
                    self._target(target, node.value, scope, cls, body_of, chunk)
                self._stmt = None
            elif kind is ast.AnnAssign:
                self._annotation(node.target, node.annotation, cls, body_of)
                if type(node.value) is ast.Dict and body_of is None:  # cfg: LiveSettings = {...} (a TypedDict)
                    self.typed_dicts.append((node.annotation, node.value, scope, cls, chunk))
                if node.value is not None:
                    self._stmt = node
                    self._target(node.target, node.value, scope, cls, body_of, chunk)
                    self._stmt = None
            elif kind is ast.NamedExpr:
                self._stmt = node
                self._target(node.target, node.value, scope, cls, None, chunk)
                self._stmt = None
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef or kind is ast.Lambda:
                if kind is not ast.Lambda:
                    if not scope:  # a module-level function or a method: a node of the value flow
                        qual = f"{cls.name}.{node.name}" if cls is not None else node.name
                        self.func_names[node] = qual
                        self.func_by_name.setdefault(qual, node)
                        self.func_scope[node] = scope
                        self.func_class[node] = cls
                    self._docstring(node.body)
                    self._straight.update(map(id, node.body))
                    for deco in node.decorator_list:
                        push((deco, scope, cls, None))
                self._params(node, chunk)
                self._param_types(node)
                for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                    push((default, scope, cls, None))
                inner = scope + (node,)
                body = node.body if kind is not ast.Lambda else [node.body]
                for stmt in reversed(body):
                    push((stmt, inner, cls, None))
                continue
            elif kind is ast.ClassDef:
                self._docstring(node.body)
                self.classes[node.name] = self.attrs.setdefault(node, {})
                for item in node.decorator_list + node.bases + [k.value for k in node.keywords]:
                    push((item, scope, cls, None))
                for stmt in reversed(node.body):
                    push((stmt, (), node, node))
                continue
            elif kind is ast.JoinedStr:
                self.joined.append((node, scope, cls, chunk))
                for part in node.values:  # constant parts are not whole literals
                    if type(part) is ast.FormattedValue:
                        push((part.value, scope, cls, None))
                continue
            elif kind is ast.Dict:
                self.dicts.append((node, scope, cls, chunk))
            elif kind is ast.ImportFrom:
                if node.module and node.module.split(".")[0] == "vertexai":
                    self.vertex_imports.update(a.asname or a.name for a in node.names)
                self.imports.append(node)
                continue
            elif kind is ast.Import:
                self.imports.append(node)
                continue
            elif kind is ast.Expr and type(node.value) is Constant and type(node.value.value) is str:
                self.docstrings.add(id(node.value))  # a bare string statement: an attribute's docstring, never a value
            elif (kind is ast.If or kind is ast.IfExp) and branch_test(node.test) is not None:
                self.branches.append((node, chunk))
            elif kind is ast.For or kind is ast.While or kind is ast.AsyncFor:
                self.loops.append((chunk, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset))
                if kind is not ast.While and type(node.target) is ast.Name:
                    self._element_binding(node, scope, cls, chunk)
            elif kind is ast.Return:
                if node.value is not None and scope:
                    self.returns.setdefault(scope[-1], []).append((node.value, chunk))
            fields = children.get(kind)
            for field in fields if fields is not None else child_fields(kind):  # no contexts, operators, names
                value = getattr(node, field, None)
                if type(value) is list:
                    for item in reversed(value):
                        if type(item) is not Name and isinstance(item, AST):
                            push((item, scope, cls, None))
                elif value is not None and type(value) is not Name and isinstance(value, AST):
                    push((value, scope, cls, None))  # a Name holds nothing to record: never pushed

    def finish(self) -> None:
        """Derive file-wide flags from the recorded calls."""
        for node, _, _, _ in self.calls:
            func = node.func  # the callee's last name, as _dotted(func)[-1] gives it
            kind = type(func)
            last = func.attr if kind is ast.Attribute else func.id if kind is ast.Name else None
            if last is not None and (last in AGENT_RUN_CALLS or last.endswith("Runner")):
                self.runs_agents = True
            if last == LIVE_RUNNER_CALL:
                self.run_live = True
            elif last in ("setdefault", "putenv") and len(node.args) > 1:
                if _const_str(node.args[0]) in ENV_VARS and _truthy(node.args[1]):
                    self.env_vertex = True

    def _element_binding(self, node, scope: tuple, cls, chunk: int) -> None:
        """``for m in MODELS``: ``m`` holds the elements of ``MODELS`` (a Starred marker of the iterable)."""
        marker = ast.Starred(value=node.iter, ctx=ast.Load())
        ast.copy_location(marker, node.iter)
        table = self.functions.setdefault(scope[-1], {}) if scope else self.module
        table.setdefault(node.target.id, []).append((marker, chunk))
        self.defs[id(marker)] = _Def(chunk, node.lineno, node.col_offset, True)

    def _docstring(self, body: list) -> None:
        if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant:
            self.docstrings.add(id(body[0].value))

    def _params(self, node, chunk: int) -> None:
        args = node.args
        positional = args.posonlyargs + args.args
        table = None
        pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
        if getattr(node, "decorator_list", None):  # @click.option("--model", default=…) (a lambda has none)
            pairs += [(ast.arg(arg=name), value) for name, value in py_cli.decorated_options(node)]
        for arg, default in pairs:
            if table is None:
                table = self.functions.setdefault(node, {})
            default = py_cli.option_default(default)  # typer.Option("…"): its value
            table.setdefault(arg.arg, []).append((default, chunk))
            # a default is bound on entry, and the caller may pass something else: a may-reach definition
            self.defs[id(default)] = _Def(chunk, node.lineno, node.col_offset, True)

    def _param_types(self, node) -> None:
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            if arg.annotation is not None:
                self.param_types.setdefault(node, {})[arg.arg] = arg.annotation

    def _annotation(self, target, annotation, cls, body_of) -> None:
        """``settings: AgentSettings`` in a class body, or ``self.settings: AgentSettings = …``."""
        if body_of is not None and type(target) is ast.Name:
            self.attr_types.setdefault(body_of, {})[target.id] = annotation
            self.class_fields.setdefault(body_of.name, []).append(target.id)  # dataclass/NamedTuple order
        elif type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == "self":
            if cls is not None:
                self.attr_types.setdefault(cls, {})[target.attr] = annotation

    def _target(self, target, value, scope: tuple, cls, body_of, chunk: int) -> None:
        kind = type(target)
        if kind is ast.Name:
            if body_of is not None:
                table = self.attrs[body_of]
            elif scope:
                table = self.functions.setdefault(scope[-1], {})
            else:
                table = self.module
            table.setdefault(target.id, []).append((value, chunk))
            stmt = self._stmt
            if stmt is not None and body_of is None:
                conditional = type(stmt) is ast.NamedExpr or id(stmt) not in self._straight
                self.defs[id(value)] = _Def(
                    chunk, stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0, conditional
                )
        elif kind is ast.Attribute:
            base = target.value
            if type(base) is ast.Name and base.id in ("self", "cls") and cls is not None:
                self.attrs[cls].setdefault(target.attr, []).append((value, chunk))
                self.value_scope[id(value)] = scope
            elif py_streamlit.is_session(base):  # st.session_state.model = …
                self.session.setdefault(target.attr, []).append((value, scope, cls, chunk))
        elif kind in (ast.Tuple, ast.List) and type(value) in (ast.Tuple, ast.List):
            for t, v in zip(target.elts, value.elts):
                self._target(t, v, scope, cls, body_of, chunk)
        elif kind is ast.Subscript and _is_environ(target.value):
            if _const_str(target.slice) in ENV_VARS and _truthy(value):
                self.env_vertex = True
        elif kind is ast.Subscript:
            key = py_streamlit.session_key(target)  # st.session_state["model"] = …
            if key is not None:
                self.session.setdefault(key, []).append((value, scope, cls, chunk))


@record
class _Def:
    """Where a name binding takes effect: the end of its statement, in chunk (cell) order."""

    chunk: int
    line: int
    column: int  # ast's byte column of the statement's end
    conditional: bool  # inside if/for/while/try/with/match, a walrus or a parameter default: may not happen
