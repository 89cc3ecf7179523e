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
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from gemlint.budget import poll
from gemlint.extract import names, patterns, routed
from gemlint.extract.call_config import py_config
from gemlint.extract.python import doubles_py, fstrings, newer_syntax, py_facts, py_flow, py_gradio, py_streamlit
from gemlint.extract.python.blocks import parse_relevant
from gemlint.extract.python.nodes import (
    _FLAGS,
    MAX_DEPTH,
    PARTIAL_PARSE_MIN,
    Chunk,
    _argument,
    _char_col,
    _const_str,
    _dict_get,
    _dotted,
    _find_in_source,
    _keyword,
    _Parsed,
    _Str,
)
from gemlint.extract.python.platform import PyPlatforms, site_with
from gemlint.extract.python.resolver import Resolver
from gemlint.extract.python.safe_parse import TooLarge, safe_compile
from gemlint.extract.python.walker import _Walker
from gemlint.extract.sites import ADK_AGENT_KINDS, LANGCHAIN_PROVIDER_PREFIXES, SiteSpec, lookup
from gemlint.types import GEMINI, VERTEX, CallSite, Export, FileError, Location, ModelRef, PendingUse, Symbol, Write


def parse_chunks(chunks: Sequence[Chunk], path: str) -> Tuple[List[Optional[_Parsed]], List[FileError]]:
    """Parse every chunk; a chunk that fails gives one FileError and None."""
    parsed: List[Optional[_Parsed]] = []
    errors: List[FileError] = []
    for chunk in chunks:
        poll()  # the time budget, where no timer interrupts (gemlint.budget): a notebook's cells one by one
        try:
            tree, chunk = _parse_chunk(chunk)
        except SyntaxError as exc:
            where = f"cell {chunk.cell}: " if chunk.cell is not None else ""
            line = exc.lineno or 0
            col = exc.offset or 0
            msg = (exc.msg or "invalid syntax").split("\n")[0]
            errors.append(FileError(path, f"{where}syntax error at line {line}:{col}: {msg}"))
            parsed.append(None)
            continue
        except TooLarge as exc:
            where = f"cell {chunk.cell}: " if chunk.cell is not None else ""
            errors.append(FileError(path, f"{where}{exc}; not scanned"))
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


def _parse_chunk(chunk: Chunk) -> Tuple[ast.Module, Chunk]:
    """``(tree, chunk)``; a chunk in syntax of a newer Python than this one is read rewritten in place
    (``newer_syntax.downgrade``: type parameters, ``except A, B:``, t-strings; ``fstrings.downgrade``: 3.12's
    f-string fields blanked), and the chunk returned holds that text. Raises the first SyntaxError of the code
    itself: the chunk's, or the rewritten chunk's when that lies after it (positions are the same in both)."""
    try:
        return _parse(chunk.text), chunk
    except SyntaxError as exc:
        error = exc
    rewritten = newer_syntax.downgrade(chunk.text) if newer_syntax.NEEDED else None
    if fstrings.NEEDED:
        rewritten = fstrings.downgrade(rewritten or chunk.text) or rewritten
    if rewritten is not None:
        try:
            return _parse(rewritten), chunk._replace(text=rewritten)
        except SyntaxError as exc:
            if _where(exc) > _where(error):  # the rewrite read past the first error: the code's own comes later
                error = exc
    raise error


def _where(exc: SyntaxError) -> Tuple[int, int]:
    return exc.lineno or 0, exc.offset or 0


def _parse(text: str) -> ast.Module:
    """The module ``text`` holds, parsed whole or, when it is large, only in its relevant blocks."""
    tree = parse_relevant(text, _FLAGS) if len(text) > PARTIAL_PARSE_MIN else None
    return tree if tree is not None else safe_compile(text, "exec", _FLAGS)


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
            if ex.b.session or ex.streamlit:
                writes.extend(py_streamlit.writes(ex))
            if py_gradio.mentions(ex):  # gr.Dropdown(models) in an event's inputs: the function's parameter
                writes.extend(py_gradio.writes(ex))
        found = py_facts.module_exports(ex) + py_flow.exports(ex) if exports else ()
        return refs, errors, found, tuple(ex.pending)
    except RecursionError:
        errors.append(FileError(path, "too deeply nested to analyse; not scanned"))
        return [], errors, (), ()


class _Extractor(Resolver):
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
        self.streamlit = py_streamlit.imports_streamlit(self.b.imports)  # pickers return their options
        self.flow_cache: Dict[str, object] = {}

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
            poll()  # the time budget, where no timer interrupts (gemlint.budget)
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
            poll()
            role = patterns.python_role(node, parents)
            if role == patterns.IGNORE:
                continue  # a pattern, a response field, an assertion's expected text
            ref = self._ref(_Str(node, chunk, node.value), None)
            if ref is not None:
                if role == patterns.COMPARED:
                    ref = ref._replace(compared=True)
                parent = parents.get(id(node))
                peers = py_flow.peers(node, parent, self._known_bare)
                if peers:
                    ref = ref._replace(peers=peers)
                if py_flow.table_key(node, parent) or (
                    role == patterns.COMPARED and routed.python_routed(node, parents)
                ):
                    ref = ref._replace(alias=True)
                self.refs.append(ref)
        return self.refs

    def _parameters(self) -> None:
        """Values of a known model parameter (``model=`` of any call, ``{"model": …}``) that reach no call site.

        They are references that only need the model to exist: a pseudo call site
        of kind ``model parameter`` with no method.
        """
        b = self.b
        for node, scope, cls, chunk in b.calls:
            given = [kw for kw in node.keywords if kw.arg in patterns.MODEL_KEYS]
            if not given:
                continue  # most calls: no model parameter
            parts = _dotted(node.func)
            if parts and (lookup(parts) is not None or "Response" in parts[-1] or doubles_py.offline_lookup(parts)):
                continue
            for kw in given:
                self._enter(scope, cls, chunk)
                self._parameter(kw.value, node)
        for node, scope, cls, chunk in b.dicts:
            keys = [_const_str(k) for k in node.keys]
            if "setup" in keys or patterns.is_response([k for k in keys if k]) or patterns.is_result(keys):
                continue
            if patterns.MODEL_KEYS.isdisjoint(keys) or self._record(node, chunk):
                continue  # no model key; or {"metadata": {"model": …}}: what a request used, sent nowhere
            for key, value in zip(keys, node.values):
                if key in patterns.MODEL_KEYS:
                    self._enter(scope, cls, chunk)
                    self._parameter(value, node)

    def _record(self, mapping: ast.Dict, chunk: int) -> bool:
        """Whether ``mapping`` is the value of a record key (``patterns.is_record_key``)."""
        parents = patterns.python_parents(self.units[chunk].tree, {mapping.lineno})
        return patterns.python_record(mapping, parents)

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
        run_open = spec.kind in ADK_AGENT_KINDS and not self.b.runs_agents
        if spec.kind in ADK_AGENT_KINDS and self.b.run_live:
            method = "bidiGenerateContent"
            kind = f"{spec.kind} (run_live)"
        if spec.kind == "init_chat_model":
            provider = _keyword(node, "model_provider")
            if provider is not None and _const_str(provider) not in ("google_genai", "google_vertexai"):
                return
        asked = py_config(node, self)  # response_modalities / speech_config (call_config.py)
        custom = self.platforms.custom_endpoint(node, spec, self)
        for backend, follows in self._call_platforms(node, spec, parts):
            site = CallSite(kind, method, self._loc_of(node), backend, follows, *asked, custom, run_open)
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


