"""Which platform each Python call goes to: the Gemini API or Vertex AI.

Decided per client object, not per file. ``genai.Client(vertexai=True)`` or
``genai.Client(enterprise=True)`` (under any import alias) is a Vertex AI
client; a flag set to false is a Gemini API client; a client built with
neither follows the environment: ``GOOGLE_GENAI_USE_VERTEXAI`` /
``GOOGLE_GENAI_USE_ENTERPRISE`` set in code, else the configured default
(applied after extraction by ``gemlint.api.override_backend``, whose sites are
marked ``follows_env``). A call site takes the platform of the client its
receiver holds (``vertex.models.embed_content``, ``self.client.aio.live.connect``);
a receiver it cannot trace (a parameter, a factory's result) takes the file's platform.
Code inside ``if client.vertexai:`` (and its ``else``) belongs to that platform.
The ``vertexai`` SDK, ``google.cloud.aiplatform``, LangChain's Vertex classes and
Vertex AI URLs are always Vertex AI. A name that reaches no call takes the
platform of the file's evidence (see ``file_platform``).
"""

from __future__ import annotations

import ast
from typing import Any, List, Optional, Sequence, Set, Tuple

from gemlint.extract import names
from gemlint.extract.sites import SiteSpec, lookup
from gemlint.types import GEMINI, VERTEX

ENV_VARS = ("GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_ENTERPRISE")
CLIENT_FLAGS = ("vertexai", "enterprise")
GENAI_MODULE = "google.genai"
# Modules whose every model call is Vertex AI.
VERTEX_MODULES = (
    "vertexai",
    "google.cloud.aiplatform",
    "google.cloud.aiplatform_v1",
    "google.cloud.aiplatform_v1beta1",
)
GEMINI_MODULES = ("google.generativeai",)
# Call sites outside google-genai that build a google-genai client themselves (ADK agents, and
# langchain-google-genai 3.x, whose classes also take `vertexai=`).
ENV_FOLLOWING_KINDS = ("Agent", "LlmAgent", "Gemini", "ChatGoogleGenerativeAI", "GoogleGenerativeAIEmbeddings")
FLAG_TAKING_KINDS = ("ChatGoogleGenerativeAI", "GoogleGenerativeAIEmbeddings")
# Namespaces between a client and a method: client.aio.live.music.connect → client
_NAMESPACES = ("models", "chats", "caches", "batches", "tunings", "live", "music", "aio", "interactions")
_MAX_DEPTH = 8
_ENV = "env"  # a client built with neither flag: it follows the environment
_UNKNOWN = "?"  # a client gemlint cannot trace (a parameter, a factory, **options): the file's evidence
_RUNTIME = "both"  # vertexai=use_vertex: decided at run time, so the call is checked on both platforms

Platforms = List[Tuple[str, bool]]  # (backend, follows_env) pairs


def truthy(node: Optional[ast.AST]) -> Optional[bool]:
    """The boolean a constant flag spells (``True``, ``"true"``, ``1``), None when not a constant."""
    if not isinstance(node, ast.Constant) or node.value is None:
        return None
    value = node.value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def branch_test(test: ast.AST) -> Optional[str]:
    """The platform whose code an ``if`` test guards: ``client.vertexai`` → ``"vertex"``, ``not …`` → ``"gemini"``."""
    swap = False
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, swap = test.operand, not swap
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Eq, ast.Is, ast.NotEq, ast.IsNot))
    ):
        flag = truthy(test.comparators[0])
        if flag is None:
            return None
        swap ^= (not flag) ^ isinstance(test.ops[0], (ast.NotEq, ast.IsNot))
        test = test.left
    if isinstance(test, ast.Attribute) and test.attr == "vertexai":
        return GEMINI if swap else VERTEX
    return None


def _other(platform: str) -> str:
    return GEMINI if platform == VERTEX else VERTEX


def _dotted(node: ast.AST) -> Tuple[str, ...]:
    """``a.b.c`` as ``("a", "b", "c")``; () unless the chain starts at a name."""
    kind = type(node)
    if kind is ast.Name:
        return (node.id,)
    parts: List[str] = []
    while kind is ast.Attribute:
        parts.append(node.attr)
        node = node.value
        kind = type(node)
    if kind is ast.Name:
        parts.append(node.id)
        return tuple(reversed(parts))
    return ()


def _under(module: str, roots: Sequence[str]) -> bool:
    return any(module == r or module.startswith(r + ".") for r in roots)


class PyPlatforms:
    """Platform decisions for one Python file (or notebook), over the walker's recorded facts.

    ``walker`` is the extractor's ``_Walker`` (its ``imports``, ``branches``,
    ``calls``, ``module`` and ``env_vertex``); name and ``self`` attribute
    look-ups go through the extractor, in the scope it has entered.
    """

    def __init__(self, walker: Any) -> None:
        self.walker = walker
        self.genai_modules: Set[str] = {"genai"}  # names bound to the google.genai module
        self.client_classes: Set[str] = set()  # names bound to google.genai.Client
        self.vertex_names: Set[str] = set()  # names bound to a Vertex-only module or class
        self.evidence: Set[str] = set()  # platforms the imports already show
        for node in walker.imports:
            self._import(node)
        self.env = VERTEX if walker.env_vertex else None
        # (chunk, start, end, platform) for each guarded branch
        self.ranges: List[Tuple[int, Tuple[int, int], Tuple[int, int], str]] = []
        for node, chunk in walker.branches:
            platform = branch_test(node.test)
            if platform is None:
                continue
            if isinstance(node, ast.If):
                self._range(chunk, node.body, platform)
                self._range(chunk, node.orelse, _other(platform))
            else:
                self._range(chunk, [node.body], platform)
                self._range(chunk, [node.orelse], _other(platform))
        self._file: Optional[Tuple[Optional[str]]] = None

    def _import(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                if alias.name == GENAI_MODULE and alias.asname:
                    self.genai_modules.add(alias.asname)
                elif _under(alias.name, VERTEX_MODULES):
                    self.evidence.add(VERTEX)
                    self.vertex_names.add(bound if alias.asname else alias.name.split(".")[0])
                elif _under(alias.name, GEMINI_MODULES):
                    self.evidence.add(GEMINI)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            module = node.module
            for alias in node.names:
                bound = alias.asname or alias.name
                if module == "google" and alias.name == "genai":
                    self.genai_modules.add(bound)
                elif _under(module, (GENAI_MODULE,)) and alias.name == "Client":
                    self.client_classes.add(bound)
                elif _under(module, VERTEX_MODULES) or _under(f"{module}.{alias.name}", VERTEX_MODULES):
                    self.evidence.add(VERTEX)
                    self.vertex_names.add(bound)
                elif _under(f"{module}.{alias.name}", GEMINI_MODULES) or _under(module, GEMINI_MODULES):
                    self.evidence.add(GEMINI)

    def _range(self, chunk: int, body: list, platform: str) -> None:
        if not body:
            return
        first, last = body[0], body[-1]
        end = (getattr(last, "end_lineno", None) or last.lineno, getattr(last, "end_col_offset", None) or 0)
        self.ranges.append((chunk, (first.lineno, first.col_offset), end, platform))

    # -- queries ---------------------------------------------------------------

    def branch_of(self, node: ast.AST, chunk: int) -> Optional[str]:
        """The platform of the innermost ``if client.vertexai`` branch holding ``node``, if any."""
        where = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        best: Optional[Tuple[Tuple[int, int], str]] = None
        for c, start, end, platform in self.ranges:
            if c == chunk and start <= where < end and (best is None or start > best[0]):
                best = (start, platform)
        return best[1] if best else None

    def client_flag(self, call: ast.Call, ex: Any = None, parts: Optional[Tuple[str, ...]] = None) -> Optional[str]:
        """``"vertex"``/``"gemini"`` for a google-genai ``Client(...)`` with a flag, ``"env"`` without, ``"?"`` unknown.

        None when ``call`` does not build a google-genai client. ``parts``: ``_dotted(call.func)``, when known.
        """
        if parts is None:
            parts = _dotted(call.func)
        if not self.is_client_class(parts):
            return None
        decided: Optional[str] = None
        for kw in call.keywords:
            if kw.arg is None:
                return _UNKNOWN  # Client(**options): cannot tell
            if kw.arg in CLIENT_FLAGS:
                flag = self._constant_flag(kw.value, ex)
                if flag is None:
                    return _RUNTIME  # vertexai=use_vertex: decided at run time
                if flag:
                    return VERTEX
                decided = GEMINI
        return decided or _ENV

    def is_client_class(self, parts: Tuple[str, ...]) -> bool:
        if not parts or (parts[-1] != "Client" and parts[-1] not in self.client_classes):
            return False
        if len(parts) == 1:
            return parts[0] in self.client_classes
        return ".".join(parts[:-1]) in self.genai_modules or ".".join(parts[:-1]) == GENAI_MODULE

    def _constant_flag(self, value: ast.AST, ex: Any) -> Optional[bool]:
        flag = truthy(value)
        if flag is None and isinstance(value, ast.Name) and ex is not None:
            found = {truthy(v) for v, _ in ex._lookup_name(value.id)}
            if len(found) == 1:
                flag = found.pop()
        return flag

    def call_platforms(self, call: ast.Call, spec: SiteSpec, parts: Tuple[str, ...], ex: Any, chunk: int) -> Platforms:
        """``(backend, follows_env)`` for each platform a call site can go to (usually one)."""
        if spec.backend == VERTEX or (parts and parts[0] in self.vertex_names):
            return [(VERTEX, False)]
        if spec.kind == "GenerativeModel":
            return [(GEMINI, False)]
        if spec.sdk != "google-genai" and spec.kind not in ENV_FOLLOWING_KINDS:
            return [(GEMINI, False)]
        clients = {_ENV}
        if spec.kind in FLAG_TAKING_KINDS:  # ChatGoogleGenerativeAI(model=…, vertexai=True)
            flag = next((kw.value for kw in call.keywords if kw.arg in CLIENT_FLAGS), None)
            if flag is not None:
                value = self._constant_flag(flag, ex)
                clients = {_RUNTIME if value is None else VERTEX if value else GEMINI}
        if spec.sdk == "google-genai":
            receiver = _receiver(call.func)
            clients = set(self._clients(receiver, ex, 0)) if receiver is not None else {_UNKNOWN}
        out: Platforms = []
        for client in sorted(clients):
            if client == _RUNTIME:  # both, unless an `if client.vertexai:` branch decides
                branch = self.branch_of(call, chunk)
                for pair in [(branch, False)] if branch else [(GEMINI, False), (VERTEX, False)]:
                    if pair not in out:
                        out.append(pair)
                continue
            if client == _UNKNOWN:  # untraced: in a one-platform file, that platform
                pair = self.env_platform(call, chunk, self.file_platform(ex))
            elif client == _ENV:
                pair = self.env_platform(call, chunk)
            else:
                pair = (client, False)
            if pair not in out:
                out.append(pair)
        return out

    def custom_endpoint(self, call: ast.Call, spec: SiteSpec, ex: Any) -> bool:
        """Whether every client a google-genai call can be made on is built with a ``base_url`` of its own."""
        receiver = _receiver(call.func) if spec.sdk == "google-genai" else None
        if receiver is None:
            return False
        return all(
            built is not None and self.client_flag(built, ex) is not None and _has_base_url(built, ex)
            for built in self._calls(receiver, ex, 0)
        )

    def env_platform(self, node: ast.AST, chunk: int, evidence: Optional[str] = None) -> Tuple[str, bool]:
        """Where a call goes: its guarded branch, else ``evidence``, else the env set in code, else the default."""
        branch = self.branch_of(node, chunk)
        return names.first_platform(branch, evidence, self.env)

    def _clients(self, expr: ast.AST, ex: Any, depth: int) -> List[str]:
        """The platform of every client ``expr`` can hold (``"env"``: built with no flag; ``"?"``: untraced)."""
        return [(self.client_flag(c, ex) if c is not None else None) or _UNKNOWN for c in self._calls(expr, ex, depth)]

    def _calls(self, expr: ast.AST, ex: Any, depth: int) -> List[Optional[ast.Call]]:
        """The calls whose result ``expr`` can hold (None for a value that cannot be traced to one)."""
        if depth > _MAX_DEPTH:
            return [None]
        if isinstance(expr, ast.Call):
            return [expr]
        if isinstance(expr, ast.Await):
            return self._calls(expr.value, ex, depth + 1)
        if isinstance(expr, ast.IfExp):
            return self._calls(expr.body, ex, depth + 1) + self._calls(expr.orelse, ex, depth + 1)
        if isinstance(expr, ast.BoolOp):
            return [c for v in expr.values for c in self._calls(v, ex, depth + 1)]
        values: List[Tuple[ast.AST, int]] = []
        if isinstance(expr, ast.Name):
            values = ex._lookup_name(expr.id)
        elif isinstance(expr, ast.Attribute):
            values = ex._lookup_attr(expr)
        return [c for v, _ in values for c in self._calls(v, ex, depth + 1)] or [None]

    def file_platform(self, ex: Any) -> Optional[str]:
        """The platform the whole file's evidence gives (for names that reach no call), None when mixed or silent.

        Evidence: clients built (with a flag, or following an environment set in
        code), Vertex-only SDK imports and calls, Gemini-only SDK imports.
        """
        if self._file is None:
            found = set(self.evidence)
            for node, _, _, _ in self.walker.calls:
                parts = _dotted(node.func)
                client = self.client_flag(node, parts=parts) if parts else None
                if client is not None:
                    if client not in (_UNKNOWN, _RUNTIME):
                        found.add((self.env or _ENV) if client == _ENV else client)
                    continue
                spec = lookup(parts) if parts else None
                if spec is not None and spec.backend == VERTEX:
                    found.add(VERTEX)
            if not found:
                self._file = (self.env,)
            else:
                self._file = (found.pop() if len(found) == 1 and _ENV not in found else None,)
        return self._file[0]

    def unsited(self, node: ast.AST, chunk: int, text: str, ex: Any) -> Optional[str]:
        """The platform of a name that reaches no call."""
        if text.startswith("models/"):
            return GEMINI  # the Gemini API's own spelling
        branch = self.branch_of(node, chunk)
        return branch if branch is not None else self.file_platform(ex)

    def fstring_platform(self, node: ast.JoinedStr, ex: Any) -> str:
        """A REST URL f-string: Vertex AI when its text, or the value its first part substitutes, is a Vertex URL."""
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        if names.VERTEX_HOST in text or names.PUBLISHER_PREFIX in text:
            return VERTEX
        first = node.values[0] if node.values else None
        if isinstance(first, ast.FormattedValue):
            for found in ex._resolve(first.value, 0, set()):
                if names.VERTEX_HOST in found.value or names.PUBLISHER_PREFIX in found.value:
                    return VERTEX
        return GEMINI


BASE_URL_KEYS = ("base_url", "baseUrl")


def _has_base_url(client: ast.Call, ex: Any) -> bool:
    """``Client(http_options={"base_url": …})`` or ``Client(http_options=types.HttpOptions(base_url=…))``."""
    options = next((kw.value for kw in client.keywords if kw.arg == "http_options"), None)
    if isinstance(options, ast.Name):  # options = types.HttpOptions(base_url=…); Client(http_options=options)
        found = ex._lookup_name(options.id)
        options = found[0][0] if len(found) == 1 else None
    if isinstance(options, ast.Dict):
        keys = [k.value for k in options.keys if isinstance(k, ast.Constant)]
        return any(k in BASE_URL_KEYS for k in keys)
    if isinstance(options, ast.Call):
        return any(kw.arg in BASE_URL_KEYS for kw in options.keywords)
    return False


def _receiver(func: ast.AST) -> Optional[ast.AST]:
    """``client`` in ``client.models.generate_content`` / ``client.aio.live.music.connect``."""
    if not isinstance(func, ast.Attribute):
        return None
    node = func.value
    while isinstance(node, ast.Attribute) and node.attr in _NAMESPACES:
        node = node.value
    return node


def site_with(site: Any, platform: Tuple[str, bool]) -> Any:
    """``site`` moved to ``platform`` (a ``(backend, follows_env)`` pair)."""
    backend, follows = platform
    if site.backend == backend and site.follows_env == follows:
        return site
    return site._replace(backend=backend, follows_env=follows)
