"""Which platform each TypeScript/JavaScript call goes to: the Gemini API or Vertex AI.

The same decisions as ``platform.py`` makes for Python, over tree-sitter nodes:
``new GoogleGenAI({ vertexai: true })`` (or ``enterprise: true``, under any
alias: ``import { GoogleGenAI as G }``, ``import * as g``, ``const { GoogleGenAI: G }
= require(…)``) is a Vertex AI client, ``vertexai: false`` a Gemini API one, and
a client with neither follows ``process.env.GOOGLE_GENAI_USE_VERTEXAI`` /
``…_ENTERPRISE`` set in code, else the configured default (sites marked
``follows_env``). A call takes the platform of the client its receiver holds
(``ai.models.generateContent``, ``this.ai.live.connect``), an untraced receiver the
file's platform; code inside
``if (client.vertexai)`` / ``client.vertexai ? … : …`` belongs to that platform.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Set, Tuple

from gemlint.extract import names
from gemlint.types import GEMINI, VERTEX, CallSite

Node = Any
_ENV = "env"  # a client built with neither flag: it follows the environment
_UNKNOWN = "?"  # a client gemlint cannot trace (a parameter, a factory): the file's evidence
_RUNTIME = "both"  # vertexai: useVertex: decided at run time, so the call is checked on both platforms
_MAX_DEPTH = 8
GENAI_CLASS = "GoogleGenAI"
CLIENT_FLAGS = ("vertexai", "enterprise")
# Other SDKs' client classes: always one platform.
FIXED_CLASSES = {"VertexAI": VERTEX, "GoogleGenerativeAI": GEMINI, "PredictionServiceClient": VERTEX}
# Packages whose presence makes a file a Vertex AI file.
VERTEX_PACKAGES = (b"@google-cloud/vertexai", b"@google-cloud/aiplatform", b"@ai-sdk/google-vertex")
_ENV_SET = re.compile(
    rb"process\.env(?:\.|\[\s*['\"])GOOGLE_GENAI_USE_(?:VERTEXAI|ENTERPRISE)(?:['\"]\s*\])?\s*(?:=|\?\?=|\|\|=)"
    rb"\s*['\"`]?(?:true|1)\b",
    re.IGNORECASE,
)
_WRAPPERS = ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression")

# Query patterns added to the extractor's main query (captures: clientnew, genai_alias, vtest).
PATTERNS = (
    # new GoogleGenAI({...}), new g.GoogleGenAI({...}), new G({...}) (filtered by name in Python)
    "(new_expression constructor: [(identifier) (member_expression property: (property_identifier))]) @clientnew",
    # import { GoogleGenAI as G } from '@google/genai'
    '(import_specifier name: (identifier) @_gn alias: (identifier) (#eq? @_gn "GoogleGenAI")) @genai_alias',
    # const { GoogleGenAI: G } = require('@google/genai')
    '(pair_pattern key: (property_identifier) @_gk value: (identifier) (#eq? @_gk "GoogleGenAI")) @genai_alias',
    # if (client.vertexai) / client.vertexai ? a : b
    '(member_expression property: (property_identifier) @_vp (#eq? @_vp "vertexai")) @vtest',
)


# Where `const`/`let` bindings live: a name declared in two of them is two variables.
_BLOCKS = frozenset(("statement_block", "program", "class_body", "switch_body"))


def _block_of(node: Node) -> Optional[Node]:
    node = node.parent
    while node is not None and node.type not in _BLOCKS:
        node = node.parent
    return node


def visible(values: List[Any], use: Node) -> List[Any]:
    """The bindings of a name that ``use`` sees: the ``const``/``let`` declarations of the innermost block around
    it that declares the name (``const ai`` in two functions is two clients), with every other binding (an
    assignment, a ``var``: gemlint does not place them); all of them when none of its blocks declares it."""
    by_block: Dict[int, List[Any]] = {}
    others: List[Any] = []
    for value in values:
        declarator = None if isinstance(value, tuple) else value.parent
        block = None
        if declarator is not None and declarator.type == "variable_declarator":
            declaration = declarator.parent
            if declaration is not None and declaration.type == "lexical_declaration":
                block = _block_of(declaration)
        if block is None:
            others.append(value)
        else:
            by_block.setdefault(block.id, []).append(value)
    if len(by_block) < 2:
        return values
    block = _block_of(use)
    while block is not None:
        if block.id in by_block:
            return by_block[block.id] + others
        block = _block_of(block)
    return values


class TsPlatforms:
    """Platform decisions for one parsed file (``f`` is ``ts_values.TsFile``)."""

    def __init__(self, f: Any, caps: Dict[str, List[Node]]) -> None:
        self.f = f
        self.classes: Set[str] = {GENAI_CLASS}
        for spec in caps.get("genai_alias", ()):
            alias = spec.child_by_field_name("alias" if spec.type == "import_specifier" else "value")
            if alias is not None:
                self.classes.add(f.text(alias))
        self.news: List[Node] = list(caps.get("clientnew", ()))
        self.env = VERTEX if _ENV_SET.search(f.src) else None
        self.ranges: List[Tuple[int, int, str]] = []  # (start_byte, end_byte, platform) of guarded branches
        for test in caps.get("vtest", ()):
            self._branch(test)
        self._file: Optional[Tuple[Optional[str]]] = None

    def _branch(self, test: Node) -> None:
        node, swap = test, False
        for _ in range(6):
            parent = node.parent
            if parent is None:
                return
            t = parent.type
            if t == "parenthesized_expression":
                node = parent
            elif t == "unary_expression" and self.f.text(parent.child_by_field_name("operator")) == "!":
                node, swap = parent, not swap
            elif t in ("if_statement", "ternary_expression"):
                condition = parent.child_by_field_name("condition")
                if condition is None or condition.id != node.id:
                    return
                yes, no = (GEMINI, VERTEX) if swap else (VERTEX, GEMINI)
                for field, platform in (("consequence", yes), ("alternative", no)):
                    body = parent.child_by_field_name(field)
                    if body is not None:
                        self.ranges.append((body.start_byte, body.end_byte, platform))
                return
            else:
                return

    # -- clients -------------------------------------------------------------

    def class_platform(self, new: Node) -> Optional[str]:
        """``"vertex"``/``"gemini"``/``"env"`` for a client ``new`` expression; None when not a model client."""
        ctor = new.child_by_field_name("constructor")
        if ctor is not None and ctor.type == "member_expression":
            ctor = ctor.child_by_field_name("property")
        name = self.f.text(ctor) if ctor is not None else ""
        if name in FIXED_CLASSES:
            return FIXED_CLASSES[name]
        if name not in self.classes:
            return None
        args = new.child_by_field_name("arguments")
        first = next((c for c in args.named_children if c.type != "comment"), None) if args is not None else None
        if first is None:
            return _ENV
        found: Set[str] = set()  # the flags of the options objects (one without a flag, or spread in, says nothing)
        for obj in self.f.resolve(first, True):
            flagged = None  # this options object's platform: a true flag wins over a false one
            for flag in CLIENT_FLAGS:
                for value in self.f.property(obj, flag):
                    if isinstance(value, tuple) or value.type not in ("true", "false"):
                        return _RUNTIME  # vertexai: useVertex: decided at run time
                    flagged = VERTEX if value.type == "true" or flagged == VERTEX else GEMINI
            if flagged is not None:
                found.add(flagged)
        if len(found) > 1:  # options objects whose flags disagree (a table of test cases, one per platform)
            return _RUNTIME
        return found.pop() if found else _ENV

    def clients(self, node: Optional[Node]) -> List[str]:
        """The platform of every client ``node`` can hold (``"env"``: built with no flag; ``"?"``: untraced)."""
        return [(self.class_platform(new) if new is not None else None) or _UNKNOWN for new in self._news(node, 0)]

    def custom_endpoint(self, receiver: Optional[Node]) -> bool:
        """Whether every client ``receiver`` can hold is built with ``httpOptions: { baseUrl }`` of its own."""
        return all(
            new is not None and self.class_platform(new) is not None and self._base_url(new)
            for new in self._news(receiver, 0)
        )

    def _news(self, node: Optional[Node], depth: int) -> List[Optional[Node]]:
        """The ``new`` expressions ``node`` can hold (None for a value that cannot be traced to one)."""
        if node is None or depth > _MAX_DEPTH:
            return [None]
        t = node.type
        if t == "new_expression":
            return [node]
        if t in _WRAPPERS:
            return self._news(node.named_child(0) if node.named_child_count else None, depth + 1)
        if t == "ternary_expression":
            return self._news(node.child_by_field_name("consequence"), depth + 1) + self._news(
                node.child_by_field_name("alternative"), depth + 1
            )
        values: List[Any] = []
        if t == "identifier":
            values = visible(self.f.bindings().get(self.f.text(node), []), node)
        elif t == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is not None and obj.type == "this" and prop is not None:
                values = self.f.bindings().get("this." + self.f.text(prop), [])
        return [n for v in values if not isinstance(v, tuple) for n in self._news(v, depth + 1)] or [None]

    def _base_url(self, new: Node) -> bool:
        args = new.child_by_field_name("arguments")
        first = next((c for c in args.named_children if c.type != "comment"), None) if args is not None else None
        if first is None:
            return False
        objects = self.f.resolve(first, True)
        return bool(objects) and all(
            any(
                not isinstance(options, tuple) and any(True for _ in self.f.property(o, "baseUrl"))
                for options in self.f.property(obj, "httpOptions")
                for o in ([] if isinstance(options, tuple) else self.f.resolve(options, True))
            )
            for obj in objects
        )

    def call_platforms(self, receiver: Optional[Node], call: Node) -> List[Tuple[str, bool]]:
        """``(backend, follows_env)`` for each platform a call on ``receiver`` can go to."""
        out: List[Tuple[str, bool]] = []
        for client in sorted(set(self.clients(receiver))):
            if client == _RUNTIME:  # both, unless an `if (client.vertexai)` branch decides
                branch = self.branch_of(call)
                for pair in [(branch, False)] if branch else [(GEMINI, False), (VERTEX, False)]:
                    if pair not in out:
                        out.append(pair)
                continue
            if client == _UNKNOWN:  # untraced: in a one-platform file, that platform
                pair = self.env_platform(call, self.file_platform())
            elif client == _ENV:
                pair = self.env_platform(call)
            else:
                pair = (client, False)
            if pair not in out:
                out.append(pair)
        return out

    def known_client(self, receiver: Optional[Node]) -> Optional[str]:
        """The one fixed platform of the client ``receiver`` holds, if known (for other SDKs' model getters)."""
        found = set(self.clients(receiver))
        return found.pop() if len(found) == 1 and not found & {_ENV, _UNKNOWN, _RUNTIME} else None

    def env_platform(self, node: Node, evidence: Optional[str] = None) -> Tuple[str, bool]:
        """Where a call goes: its guarded branch, else ``evidence``, else the env set in code, else the default."""
        branch = self.branch_of(node)
        return names.first_platform(branch, evidence, self.env)

    def branch_of(self, node: Node) -> Optional[str]:
        """The platform of the innermost ``client.vertexai`` branch holding ``node``, if any."""
        best: Optional[Tuple[int, str]] = None
        for start, end, platform in self.ranges:
            if start <= node.start_byte < end and (best is None or start > best[0]):
                best = (start, platform)
        return best[1] if best else None

    def leaf_site(self, leaf: Node, site: CallSite) -> CallSite:
        """``site`` for one literal: a literal inside a guarded branch takes that branch's platform."""
        if not site.follows_env:
            return site
        branch = self.branch_of(leaf)
        return site._replace(backend=branch, follows_env=False) if branch is not None else site

    # -- names that reach no call ---------------------------------------------

    def file_platform(self) -> Optional[str]:
        """The platform the file's clients and imports agree on; None when mixed or silent."""
        if self._file is None:
            found: Set[str] = set()
            for new in self.news:
                platform = self.class_platform(new)
                if platform is not None and platform not in (_UNKNOWN, _RUNTIME):
                    found.add((self.env or _ENV) if platform == _ENV else platform)
            if any(p in self.f.src for p in VERTEX_PACKAGES):
                found.add(VERTEX)
            if not found:
                self._file = (self.env,)
            else:
                self._file = (found.pop() if len(found) == 1 and _ENV not in found else None,)
        return self._file[0]

    def unsited(self, node: Node, text: str) -> Optional[str]:
        """The platform of a name that reaches no call."""
        if text.startswith("models/") or _in_setup(self.f, node):
            return GEMINI  # the Gemini API's own spelling; a raw Live setup frame
        branch = self.branch_of(node)
        return branch if branch is not None else self.file_platform()


def _in_setup(f: Any, node: Node) -> bool:
    """``{ setup: { model: '…' } }``: the first frame of a raw Gemini API Live socket."""
    pair = node.parent
    if pair is None or pair.type != "pair" or f.key_text(pair.child_by_field_name("key")) != "model":
        return False
    outer = pair.parent.parent if pair.parent is not None else None
    return outer is not None and outer.type == "pair" and f.key_text(outer.child_by_field_name("key")) == "setup"
