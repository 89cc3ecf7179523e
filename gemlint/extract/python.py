"""Model references in Python source, with the stdlib ``ast``.

Two passes over the parsed chunks (one chunk per file, or per notebook cell,
sharing one namespace): the first records what names, ``self`` attributes and
dict keys are bound to; the second finds call sites, resolves the model
argument back to string literals, and reports every other whole-name literal
for an existence check. Docstrings, comments and names inside longer text are
never references. A name used where it is bound (module code, a function's own
locals) holds only the values of the bindings that reach that use in program
order (cells in order); Colab ``# @param [...]`` options are values too.
"""

from __future__ import annotations

import ast
import io
import re
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from ..records import record
from ..types import GEMINI, VERTEX, CallSite, Export, FileError, Location, ModelRef, PendingUse, Symbol, Write
from . import doubles_py, names, patterns, py_facts, py_flow
from .blocks import parse_relevant
from .call_config import py_config
from .platform import ENV_VARS, PyPlatforms, branch_test, site_with
from .sites import LANGCHAIN_PROVIDER_PREFIXES, LIVE_RUNNER_CALL, SiteSpec, lookup

MAX_DEPTH = 8
PARTIAL_PARSE_MIN = 4000  # characters; smaller sources are parsed whole
ENV_GETTERS = {"getenv", "get"}  # os.getenv(...), os.environ.get(...)
FIELD_FACTORIES = {"Field", "field"}  # pydantic Field(default=…), dataclasses.field(default=…)
_FLAGS = ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
# Colab form fields: NAME = "default"  # @param ["a", "b"] {allow-input: true}
_FORM_PARAM = re.compile(r"\s*#\s*@param\s*\[")
_FORM_OPTION = re.compile(r"\s*(?:\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)')\s*(?:,|(\]))")


@record
class Chunk:
    """Source text parsed as one unit: a whole file or one notebook cell."""

    text: str
    cell: Optional[int] = None


@record
class _Str:
    """A string literal found by resolution, and where its text lives."""

    node: ast.AST  # ast.Constant
    chunk: int
    value: str
    offset: int = 0  # offset of the model text inside the literal's value
    length: Optional[int] = None


class _Parsed:
    def __init__(self, chunk: Chunk, tree: ast.Module):
        self.chunk = chunk
        self.tree = tree
        # Lines as ast numbers them (\n, \r\n, \r), not as str.splitlines does (\x0c, \x85, \u2028 too).
        self.lines = io.StringIO(chunk.text, newline="").readlines() or [""]


def parse_chunks(chunks: Sequence[Chunk], path: str) -> Tuple[List[Optional[_Parsed]], List[FileError]]:
    """Parse every chunk; a chunk that fails gives one FileError and None."""
    parsed: List[Optional[_Parsed]] = []
    errors: List[FileError] = []
    for chunk in chunks:
        try:
            tree = None
            if len(chunk.text) > PARTIAL_PARSE_MIN:
                tree = parse_relevant(chunk.text, path, _FLAGS)
            if tree is None:
                tree = compile(chunk.text, path, "exec", _FLAGS, dont_inherit=True)
        except SyntaxError as exc:
            where = f"cell {chunk.cell}: " if chunk.cell is not None else ""
            line = exc.lineno or 0
            col = exc.offset or 0
            msg = (exc.msg or "invalid syntax").split("\n")[0]
            errors.append(FileError(path, f"{where}syntax error at line {line}:{col}: {msg}"))
            parsed.append(None)
            continue
        except (RecursionError, MemoryError):
            where = f"cell {chunk.cell}: " if chunk.cell is not None else ""
            errors.append(FileError(path, f"{where}too deeply nested for Python's parser; not scanned"))
            parsed.append(None)
            continue
        except ValueError as exc:  # e.g. source code string cannot contain null bytes
            errors.append(FileError(path, f"cannot parse: {exc}"))
            parsed.append(None)
            continue
        parsed.append(_Parsed(chunk, tree))
    return parsed, errors


def extract_python(chunks: Sequence[Chunk], path: str, known: Callable[[str], bool]):
    """Return ``(refs, errors)`` for Python source split into ``chunks``.

    ``known(name)`` tells whether a bare name is known to the inventory,
    lifecycle data or configuration (for names without a version digit).
    """
    refs, errors, _, _ = extract_python_facts(chunks, path, known, exports=False)
    return refs, errors


def extract_python_facts(
    chunks: Sequence[Chunk],
    path: str,
    known: Callable[[str], bool],
    exports: bool = True,
    writes: Optional[List[Write]] = None,
) -> Tuple[List[ModelRef], List[FileError], Tuple[Export, ...], Tuple[PendingUse, ...]]:
    """``(refs, errors, exports, pending uses)``: ``extract_python`` plus the facts linking needs.

    ``writes``, when given, receives the values this file's calls pass into other nodes (``Write``).
    """
    parsed, errors = parse_chunks(chunks, path)
    units = [(i, p) for i, p in enumerate(parsed) if p is not None]
    if not units:
        return [], errors, (), ()
    try:
        ex = _Extractor(path, units, known)
        refs = names.without_shadowed_paths(ex.run())
        if writes is not None:
            writes.extend(py_flow.call_writes(ex))
        found = py_facts.module_exports(ex) + py_flow.exports(ex) if exports else ()
        return refs, errors, found, tuple(ex.pending)
    except RecursionError:
        errors.append(FileError(path, "too deeply nested to analyse; not scanned"))
        return [], errors, (), ()


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

    def walk(self, tree: ast.Module, chunk: int) -> None:
        """Visit every node of ``tree`` once (iteratively: deep trees don't recurse)."""
        self._docstring(tree.body)
        self._straight.update(map(id, tree.body))
        stack: List[Tuple[ast.AST, tuple, Optional[ast.AST], Optional[ast.AST]]] = [(tree, (), None, None)]
        pop, push = stack.pop, stack.append
        Constant, Call, Name = ast.Constant, ast.Call, ast.Name
        while stack:
            node, scope, cls, body_of = pop()
            kind = type(node)
            if kind is Constant:
                if type(node.value) is str and node.value:
                    self.literals.append((node, chunk))
                    self.const_chunk[id(node)] = chunk
                continue
            if kind is Name:
                continue
            if kind is Call:
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
            for field in node._fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    for item in reversed(value):
                        if isinstance(item, ast.AST):
                            push((item, scope, cls, None))
                elif isinstance(value, ast.AST) and not isinstance(value, (ast.expr_context, ast.operator)):
                    push((value, scope, cls, None))

    def finish(self) -> None:
        """Derive file-wide flags from the recorded calls."""
        for node, _, _, _ in self.calls:
            parts = _dotted(node.func)
            if not parts:
                continue
            last = parts[-1]
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
        for arg, default in pairs:
            if table is None:
                table = self.functions.setdefault(node, {})
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
        elif kind in (ast.Tuple, ast.List) and type(value) in (ast.Tuple, ast.List):
            for t, v in zip(target.elts, value.elts):
                self._target(t, v, scope, cls, body_of, chunk)
        elif kind is ast.Subscript and _is_environ(target.value):
            if _const_str(target.slice) in ENV_VARS and _truthy(value):
                self.env_vertex = True


@record
class _Def:
    """Where a name binding takes effect: the end of its statement, in chunk (cell) order."""

    chunk: int
    line: int
    column: int  # ast's byte column of the statement's end
    conditional: bool  # inside if/for/while/try/with/match, a walrus or a parameter default: may not happen


class _Extractor:
    """Call sites, resolution, and existence-only literals, over the walked facts."""

    def __init__(self, path: str, units: List[Tuple[int, _Parsed]], known: Callable[[str], bool]):
        self.path = path
        self.units = dict(units)
        self.known = known
        self.b = _Walker()
        for index, unit in units:
            self.b.walk(unit.tree, index)
        self.b.finish()
        self.platforms = PyPlatforms(self.b)
        self._form_options()
        self.refs: List[ModelRef] = []
        self.used: Set[int] = set()  # ids of literals that reached a call site
        self._scope: tuple = ()
        self._class: Optional[ast.AST] = None
        self.chunk = units[0][0]
        self.imports = py_facts.import_table(self.b.imports)
        self.symbols_out: Optional[List[Symbol]] = None  # collects symbols while resolving a value
        self.pending: List[PendingUse] = []
        self.param_nodes: Dict[Tuple[str, str], ast.AST] = {}  # (function, parameter) read as a node
        self.silence = doubles_py.find(self.units)  # test doubles, expected failures: nothing reported

    def _enter(self, scope: tuple, cls: Optional[ast.AST], chunk: int) -> None:
        self._scope, self._class, self.chunk = scope, cls, chunk

    def run(self) -> List[ModelRef]:
        b = self.b
        for node, chunk in b.literals:
            if "/models/" in node.value and id(node) not in b.docstrings:
                self.chunk = chunk
                self._rest(node)
        for node, scope, cls, chunk in b.joined:
            self._enter(scope, cls, chunk)
            self._joined(node)
        for node, scope, cls, chunk in b.dicts:
            self._enter(scope, cls, chunk)
            self._setup_dict(node)
        for node, scope, cls, chunk in b.calls:
            parts = _dotted(node.func)
            if self.silence is not None and self.silence.covers(chunk, node):
                self._enter(scope, cls, chunk)  # a test double's call: its names are used, reported nowhere
                for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                    self._swallow(arg)
                continue
            spec = lookup(parts) if parts else None
            if spec is not None:
                arg = _argument(node, spec)
                if arg is not None:
                    self._enter(scope, cls, chunk)
                    self._site(node, spec, parts, arg)
        self._parameters()
        candidates = [
            (node, chunk)
            for node, chunk in b.literals
            if id(node) not in self.used
            and id(node) not in b.docstrings
            and names.could_be_model(node.value, self._known_bare)
        ]
        if candidates:
            lines: Dict[int, Set[int]] = {}
            for node, chunk in candidates:
                lines.setdefault(chunk, set()).add(node.lineno)
            parents: Dict[int, ast.AST] = {}
            for chunk, wanted in lines.items():
                parents.update(patterns.python_parents(self.units[chunk].tree, wanted))
        for node, chunk in candidates:
            if patterns.python_role(node, parents) == patterns.IGNORE:
                continue  # a pattern, a response field, an assertion's expected text
            ref = self._ref(_Str(node, chunk, node.value), None)
            if ref is not None:
                peers = py_flow.peers(node, parents.get(id(node)), self._known_bare)
                self.refs.append(ref._replace(peers=peers) if peers else ref)
        return self.refs

    def _parameters(self) -> None:
        """Values of a known model parameter (``model=`` of any call, ``{"model": …}``) that reach no call site.

        They are references that only need the model to exist: a pseudo call site
        of kind ``model parameter`` with no method.
        """
        b = self.b
        for node, scope, cls, chunk in b.calls:
            parts = _dotted(node.func)
            if parts and (lookup(parts) is not None or "Response" in parts[-1] or doubles_py.offline_lookup(parts)):
                continue
            for kw in node.keywords:
                if kw.arg in patterns.MODEL_KEYS:
                    self._enter(scope, cls, chunk)
                    self._parameter(kw.value, node)
        for node, scope, cls, chunk in b.dicts:
            keys = [_const_str(k) for k in node.keys]
            if "setup" in keys or patterns.is_response([k for k in keys if k]):
                continue
            for key, value in zip(keys, node.values):
                if key in patterns.MODEL_KEYS:
                    self._enter(scope, cls, chunk)
                    self._parameter(value, node)

    def _swallow(self, expr: ast.AST) -> None:
        """The literals a test double's call takes: used, and reported nowhere (``doubles_py``)."""
        for found in self._resolve(expr, 0, set()):
            self.used.add(id(found.node))

    def _parameter(self, expr: ast.AST, holder: ast.AST) -> None:
        if isinstance(expr, ast.Constant) and id(expr) in self.used:
            return
        platform = self.platforms.unsited(holder, self.chunk, "", self)  # the file's (or branch's) platform
        site = CallSite(patterns.PARAMETER_KIND, None, self._loc_of(holder), platform or GEMINI, platform is None)
        for found in self._resolve(expr, 0, set()):
            if id(found.node) in self.used or id(found.node) in self.b.docstrings:
                continue
            text = found.value.strip()
            if not names.could_be_model(text, self._known_bare):
                continue
            self.used.add(id(found.node))
            ref = self._ref(_Str(found.node, found.chunk, found.value, found.value.index(text), len(text)), site)
            if ref is not None:
                self.refs.append(ref)

    def _known_bare(self, text: str) -> bool:
        return self.known(text[len("models/") :] if text.startswith("models/") else text)

    def _joined(self, node: ast.JoinedStr) -> None:
        values = node.values
        for i, part in enumerate(values):
            if type(part) is not ast.Constant or not isinstance(part.value, str) or "/models/" not in part.value:
                continue
            self._rest(part, node)
            # f"{BASE}/models/{MODEL}:generateContent": the model comes from a resolvable value
            if part.value.endswith("/models/") and i + 1 < len(values) and type(values[i + 1]) is ast.FormattedValue:
                after = values[i + 2] if i + 2 < len(values) else None
                if isinstance(after, ast.Constant) and isinstance(after.value, str) and after.value.startswith(":"):
                    verb = after.value[1:].split("?")[0].split("/")[0]
                    method = names.REST_METHODS.get(verb)
                    site = CallSite(f"REST URL :{verb}", method, self._loc_of(node), self._fstring_backend(node))
                    self._emit(values[i + 1].value, site, strict=False)
                elif part.value.endswith(names.PUBLISHER_PREFIX) and i + 1 < len(values):
                    # f"projects/{P}/locations/{L}/publishers/google/models/{MODEL}": a Vertex AI endpoint path
                    site = CallSite(names.PATH_KIND, None, self._loc_of(node), VERTEX)
                    self._emit(values[i + 1].value, site, strict=False)

    def _setup_dict(self, node: ast.Dict) -> None:
        # {"setup": {"model": ...}}: the first frame of a raw Live socket
        for key, value in zip(node.keys, node.values):
            if key is not None and type(value) is ast.Dict and _const_str(key) == "setup":
                for k2, v2 in zip(value.keys, value.values):
                    if k2 is not None and _const_str(k2) == "model":
                        site = CallSite("Live setup message", self._live_method(), self._loc_of(node), GEMINI)
                        self._emit(v2, site, strict=False)

    def _live_method(self) -> str:
        """bidiGenerateMusic when the file's socket is Lyria RealTime's ``BidiGenerateMusic`` endpoint."""
        texts = [u.chunk.text for u in self.units.values()]
        if not any(patterns.LIVE_MUSIC_MARKER in t for t in texts):
            return "bidiGenerateContent"
        return patterns.live_setup_method("\n".join(texts))

    # call sites
    def _site(self, node: ast.Call, spec: SiteSpec, parts: Tuple[str, ...], arg: ast.AST) -> None:
        method = spec.method
        kind = spec.kind
        if spec.kind in ("Agent", "LlmAgent", "Gemini") and self.b.run_live:
            method = "bidiGenerateContent"
            kind = f"{spec.kind} (run_live)"
        if spec.kind == "init_chat_model":
            provider = _keyword(node, "model_provider")
            if provider is not None and _const_str(provider) not in ("google_genai", "google_vertexai"):
                return
        asked = py_config(node, self)  # response_modalities / speech_config (call_config.py)
        for backend, follows in self._call_platforms(node, spec, parts):
            site = CallSite(kind, method, self._loc_of(node), backend, follows, *asked)
            for value in self._nested(arg, spec.path, 0):
                self._emit(value, site, strict=spec.strict, provider_prefix=spec.kind == "init_chat_model")

    def _nested(self, expr: ast.AST, path: Tuple[str, ...], depth: int) -> Iterable[ast.AST]:
        """The values at ``path`` inside ``expr``: dict keys (``{"a": {"model": …}}``) or keywords (``A(model=…)``)."""
        if not path:
            yield expr
            return
        if depth > MAX_DEPTH:
            return
        key, rest = path[0], path[1:]
        if isinstance(expr, ast.Call):
            parts = _dotted(expr.func)
            if parts and lookup(parts) is not None:
                return  # types.LiveConnectConstraints(model=…) is a call site of its own
            value = _keyword(expr, key)
            if value is not None:
                yield from self._nested(value, rest, depth + 1)
            return
        for container in self._resolve_containers(expr, depth):
            for value in _dict_get(container, key):
                yield from self._nested(value, rest, depth + 1)
        if isinstance(expr, ast.Name):  # config = types.CreateAuthTokenConfig(...)
            for value, _ in self._lookup_name(expr.id):
                if isinstance(value, ast.Call):
                    yield from self._nested(value, path, depth + 1)

    # platforms (see platform.py)
    def _call_platforms(self, node: ast.Call, spec: SiteSpec, parts: Tuple[str, ...]) -> List[Tuple[str, bool]]:
        if spec.kind == "GenerativeModel":
            root = parts[0] if parts else ""
            if "GenerativeModel" in self.b.vertex_imports or root in self.b.vertex_imports or root == "vertexai":
                return [(VERTEX, False)]
        return self.platforms.call_platforms(node, spec, parts, self, self.chunk)

    def _fstring_backend(self, node: ast.JoinedStr) -> str:
        return self.platforms.fstring_platform(node, self)

    def resolve_with_symbols(self, expr: ast.AST) -> Tuple[List[_Str], List[Symbol]]:
        """Literals ``expr`` can hold, and the symbols from elsewhere it can hold."""
        outer, self.symbols_out = self.symbols_out, []
        try:
            found = list(self._resolve(expr, 0, set()))
            return found, self.symbols_out
        finally:
            self.symbols_out = outer

    def literal_ref(self, found: _Str) -> Optional[ModelRef]:
        """A site-less ref for a resolved literal, placed as a call site's ref would be."""
        text = found.value[: found.length] if found.length is not None else found.value
        offset = found.offset + len(text) - len(text.lstrip())
        text = text.strip()
        return self._ref(_Str(found.node, found.chunk, found.value, offset, len(text)), None) if text else None

    def _symbol(self, parts: Tuple[str, ...]) -> None:
        if self.symbols_out is not None:
            if parts and (self._lookup_name(parts[0]) or parts[0] in ("self", "cls")):
                return  # bound in this file: not an import
            symbol = py_facts.import_symbol(self.imports, parts)
            if symbol is not None and symbol not in self.symbols_out:
                self.symbols_out.append(symbol)

    def _add_symbol(self, symbol: Optional[Symbol]) -> None:
        if symbol is not None and self.symbols_out is not None and symbol not in self.symbols_out:
            self.symbols_out.append(symbol)

    def _env(self, key: Optional[str]) -> None:
        symbol = py_facts.env_symbol(key)
        if self.symbols_out is not None and symbol is not None and symbol not in self.symbols_out:
            self.symbols_out.append(symbol)

    def _emit(self, expr: ast.AST, site: CallSite, strict: bool, provider_prefix: bool = False) -> None:
        found_all, symbols = self.resolve_with_symbols(expr)
        for symbol in symbols:
            self.pending.append(PendingUse(site, symbol, strict or provider_prefix))
        for found in found_all:
            value = found.value
            offset = found.offset
            if provider_prefix:
                for prefix in LANGCHAIN_PROVIDER_PREFIXES:
                    if value.startswith(prefix):
                        value, offset = value[len(prefix) :], offset + len(prefix)
                        break
            text = value[: found.length] if found.length is not None else value
            offset += len(text) - len(text.lstrip())
            text = text.strip()
            ref_site = site
            cut = names.publisher_id(text)
            if cut:  # projects/…/publishers/google/models/ID: that ID, on Vertex AI
                offset, text, ref_site = offset + cut, text[cut:], site_with(site, (VERTEX, False))
            if not text or names.is_other_resource(text) or "{" in text or " " in text:
                continue
            if strict and not names.could_be_model(text, self._known_bare):
                continue
            self.used.add(id(found.node))
            if ref_site.follows_env:  # a literal inside `if client.vertexai:` is that platform's
                branch = self.platforms.branch_of(found.node, found.chunk)
                ref_site = site_with(ref_site, (branch, False)) if branch is not None else ref_site
            ref = self._ref(_Str(found.node, found.chunk, found.value, offset, len(text)), ref_site)
            if ref is not None:
                self.refs.append(ref)

    def _rest(self, node: ast.Constant, joined: Optional[ast.JoinedStr] = None) -> None:
        loc_node = joined if joined is not None else node
        for offset, model, verb, method in names.rest_urls(node.value):
            backend = self._fstring_backend(joined) if joined is not None else names.url_platform(node.value, offset)
            site = CallSite(f"REST URL :{verb}", method, self._loc_of(loc_node), backend)
            self.used.add(id(node))
            ref = self._ref(_Str(node, self.chunk, node.value, offset, len(model)), site)
            if ref is not None:
                self.refs.append(ref)
        for offset, model in names.publisher_paths(node.value):
            # projects/…/publishers/google/models/ID (a prediction endpoint): Vertex AI, existence only
            site = CallSite(names.PATH_KIND, None, self._loc_of(loc_node), VERTEX)
            self.used.add(id(node))
            ref = self._ref(_Str(node, self.chunk, node.value, offset, len(model)), site)
            if ref is not None:
                self.refs.append(ref)

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
        elif isinstance(expr, ast.Attribute):
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
            if key is not None and _is_environ(expr.value):
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

    def _elements(self, expr: ast.AST, depth: int, seen: Set[int]) -> Iterable[_Str]:
        return py_flow.elements(self, expr, depth, seen, MAX_DEPTH)

    def _resolve_call(self, expr: ast.Call, depth: int, seen: Set[int]) -> Iterable[_Str]:
        parts = _dotted(expr.func)
        fn = py_flow.local_function(self, expr.func)
        if fn is not None:  # a function of this file: what it returns
            yield from py_flow.returned(self, fn, depth, seen)
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

    # positions
    def _chunk_of(self, node: ast.AST) -> int:
        """The chunk (notebook cell) a resolved literal lives in."""
        return self.b.const_chunk.get(id(node), self.chunk)

    def _loc_of(self, node: ast.AST, chunk: Optional[int] = None) -> Location:
        unit = self.units[self.chunk if chunk is None else chunk]
        line = node.lineno
        col = _char_col(unit.lines, line, node.col_offset)
        return Location(self.path, line, col + 1, unit.chunk.cell)

    def _ref(self, found: _Str, site: Optional[CallSite]) -> Optional[ModelRef]:
        unit = self.units[found.chunk]
        node = found.node
        if self.silence is not None and self.silence.covers(found.chunk, node):
            return None  # inside a test double's call or scope, or an expected failure
        text = found.value[found.offset : found.offset + found.length] if found.length else found.value
        if not text:
            return None
        segment_start = (node.lineno, node.col_offset)
        pos = _find_in_source(unit.lines, node, text, found.offset)
        if pos is None:
            line, col = segment_start[0], _char_col(unit.lines, node.lineno, node.col_offset) + 1
            fixable = False
        else:
            line, col = pos
            fixable = True
        loc = Location(self.path, line, col, unit.chunk.cell)
        platform = self.platforms.unsited(node, found.chunk, text, self) if site is None else None
        return ModelRef(text=text, location=loc, site=site, fixable=fixable, platform=platform)


# helpers
def _dotted(node: ast.AST) -> Tuple[str, ...]:
    parts: List[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append("()")
    elif not parts:
        return ()
    return tuple(reversed(parts))


def _argument(node: ast.Call, spec: SiteSpec) -> Optional[ast.AST]:
    for name in spec.keywords:
        value = _keyword(node, name)
        if value is not None:
            return value
    if spec.position is not None and len(node.args) > spec.position:
        arg = node.args[spec.position]
        if not isinstance(arg, ast.Starred):
            return arg
    return None


def _keyword(node: ast.Call, name: str) -> Optional[ast.AST]:
    for kw in node.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _const_str(node: Optional[ast.AST]) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _truthy(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes")
        return bool(value)
    return False


def _is_environ(node: ast.AST) -> bool:
    parts = _dotted(node)
    return bool(parts) and parts[-1] == "environ"


def _dict_get(container: ast.Dict, key: str) -> List[ast.AST]:
    return [v for k, v in zip(container.keys, container.values) if k is not None and _const_str(k) == key]


def _char_col(lines: List[str], lineno: int, byte_col: int) -> int:
    """Convert ast's UTF-8 byte column to a character column (0-based)."""
    if lineno - 1 >= len(lines):
        return byte_col
    line = lines[lineno - 1]
    if line.isascii():
        return byte_col
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))


def _find_in_source(lines: List[str], node: ast.AST, text: str, offset: int) -> Optional[Tuple[int, int]]:
    """1-based (line, column) of ``text`` inside the literal's source, if spelled literally."""
    start_line, end_line = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno
    if start_line - 1 >= len(lines):
        return None
    start_col = _char_col(lines, start_line, node.col_offset)
    segment_lines = lines[start_line - 1 : end_line]
    if not segment_lines:
        return None
    end_col = getattr(node, "end_col_offset", None)
    if end_col is not None and end_line - 1 < len(lines):
        last = segment_lines[-1][: _char_col(lines, end_line, end_col)]
        segment_lines = segment_lines[:-1] + [last]
    first = segment_lines[0][start_col:]
    segment = first + "".join(segment_lines[1:])
    # Source indices are never smaller than value indices (prefix, quotes and
    # escapes only add characters), so search from the value offset.
    idx = segment.find(text, offset)
    if idx < 0:
        return None
    before = segment[:idx]
    newlines = before.count("\n")
    if newlines == 0:
        return start_line, start_col + idx + 1
    return start_line + newlines, idx - before.rfind("\n")
