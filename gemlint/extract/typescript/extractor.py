"""Model references in TypeScript, TSX and JavaScript, found with tree-sitter.

The source is parsed once; a few tree-sitter queries (compiled once per grammar
and process) pick out the nodes that matter: SDK calls, string and template
literals, Live ``{ setup: { model } }`` objects and ``vertexai: true``. Values
are resolved inside the file: literals, ``const``/``let``/``var`` bindings (by
name, every binding of that name), shorthand properties, object properties and
``CONFIG.model``, ternaries, ``a || 'x'`` / ``a ?? 'x'``, parameter defaults,
destructuring defaults and React ``useState('x')`` initial values.

Grammars by dialect: ``tsx`` (.tsx, .jsx) → the TSX grammar; ``ts`` (.ts, .mts,
.cts) → the TypeScript grammar; ``js`` (.js, .mjs, .cjs) → the JavaScript
grammar, which parses plain JS and JSX natively and has none of the TypeScript
ambiguities (``a < b > (c)`` or a ``<T>`` cast read as a type).

Nothing here walks the tree recursively: queries run in C, the error scan uses
an explicit stack and value resolution a bounded work list, so deeply nested
sources cannot hit Python's recursion limit.

The parts live beside this entry point: ``ts_grammar`` (grammars and queries),
``ts_values`` (literals and value resolution), ``ts_tables`` (the SDK method
tables), ``ts_platform`` (Gemini API or Vertex AI) and ``ts_facts`` (cross-file
facts). This module reads the query matches: call sites, REST URLs, Live setup
messages and names that reach no call site.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from gemlint.budget import poll
from gemlint.extract import names, patterns, routed
from gemlint.extract.typescript import (
    doubles_ts,
    ts_cjs,
    ts_dom,
    ts_facts,
    ts_fields,
    ts_flow,
    ts_globals,
    ts_svelte,
    ts_syntax,
    ts_vue,
)
from gemlint.extract.typescript.ts_grammar import LABELS, Node
from gemlint.extract.typescript.ts_grammar import get_grammar as _grammar  # noqa: F401 (tests reach it here)
from gemlint.extract.typescript.ts_peers import ts_peers
from gemlint.extract.typescript.ts_platform import TsPlatforms
from gemlint.extract.typescript.ts_tables import (
    GENAI_METHODS,
    GENAI_PATHS,
    INIT_CHAT_PREFIXES,
    LANGCHAIN,
    LEGACY_EMBED,
    LEGACY_GENERATE,
    PROVIDER_METHODS,
)
from gemlint.extract.typescript.ts_values import TsFile, decode, first_arg, plausible
from gemlint.types import GEMINI, VERTEX, CallSite, FileError, ModelRef

_KEY_PARENTS = {
    "pair": "key",
    "pair_pattern": "key",
    "property_signature": "name",
    "method_definition": "name",
    "method_signature": "name",
    "abstract_method_signature": "name",
    "public_field_definition": "name",
    "field_definition": "property",
    "enum_assignment": "name",
}
# Strings that name a module (import/export sources, `import x = require('…')`, `declare module '…'`).
_MODULE_PARENTS = frozenset(("import_require_clause", "external_module_reference", "module", "internal_module"))
# tree-sitter's query cursor is quadratic in the child count of an ERROR node; past this many
# children the clean subtrees are queried one by one instead of the whole tree.
_WIDE_ERROR = 1000
# Quick test on a literal's first bytes (quote included) before decoding it: a whole-value
# model name starts with a family (or models/). Names spelled with escapes are only found at sites.
_NAME_START = re.compile(
    rb"[\"'`](?:models/)?(?:"
    + b"|".join(re.escape(f.encode()) for f in names.FAMILIES + ("aqa", "nano-banana", "deep-research", "antigravity"))
    + rb")"
)


def _error_scan(root: Node) -> Tuple[List[Tuple[int, int]], Node, int]:
    """Outermost ERROR ranges, the first ERROR/MISSING node and the widest ERROR's child count.

    Visits only the nodes on paths to errors (explicit stack, no recursion).
    """
    if root.is_error:
        return [(root.start_byte, root.end_byte)], root, root.child_count
    ranges: List[Tuple[int, int]] = []
    first: Optional[Node] = None
    widest = 0
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.is_error or child.is_missing:
                if child.is_error:
                    ranges.append((child.start_byte, child.end_byte))
                    widest = max(widest, child.child_count)
                if first is None or child.start_byte < first.start_byte:
                    first = child
            elif child.has_error:
                stack.append(child)
    return ranges, first if first is not None else root, widest


def _clean_subtrees(root: Node) -> List[Node]:
    """The error-free subtrees of a broken tree, minus literals lying loose in ERROR nodes."""
    roots: List[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.has_error:
                if not child.is_missing:
                    stack.append(child)
            elif child.is_named and not (node.is_error and child.type in ("string", "template_string")):
                roots.append(child)
    return roots


def extract_typescript(
    text: str,
    path: str,
    dialect: str,
    known: Callable[[str], bool],
    facts: Optional[list] = None,
    binds: frozenset = frozenset(),
    loops: tuple = (),
) -> Tuple[List[ModelRef], List[FileError]]:
    """Model references in one TypeScript/TSX/JavaScript source.

    ``dialect`` is ``"tsx"`` (.tsx/.jsx), ``"ts"`` (.ts/.mts/.cts) or ``"js"``
    (.js/.mjs/.cjs); ``known(name)`` accepts names without a version digit
    (``gemini-pro-latest``). Returns refs sorted by position: one per
    (literal, call site) for literals that reach an SDK call, REST URL or Live
    setup message, and an existence-only ref (``site=None``) for every other
    literal whose whole value is a model name. A file tree-sitter cannot parse
    gives one ``FileError`` plus the refs it could still place: literals lying
    loose in an ERROR node are dropped, constructs tree-sitter recovered are kept.
    Each @google/genai call takes the platform of its client (``ts_platform.py``). When ``facts`` is a list,
    the file's exports and pending uses (see ``ts_facts``) are appended to it. ``binds``: the variables a
    Svelte template's selects bind (``pages.template_binds``); ``loops``: a Vue template's selects whose options
    iterate a list (``pages.vue_loops``).
    """
    g, tree, src = ts_syntax.parse(text.encode("utf-8", "surrogatepass"), dialect)
    root = tree.root_node
    f = TsFile(g, src, path, known, root)
    f.template_binds = binds  # a Svelte template's <select bind:value={x}>: x is read as x.value too
    errors: List[FileError] = []
    if root.has_error:
        ranges, first, widest = _error_scan(root)
        f.set_errors(ranges)
        if widest > _WIDE_ERROR:
            f.roots = _clean_subtrees(root)
        loc = f.location(first.start_byte, first)
        what = "missing token" if first.is_missing else "unexpected input"
        errors.append(
            FileError(
                path,
                f"syntax error at line {loc.line}:{loc.column} (tree-sitter could not parse this {LABELS[g.name]}:"
                f" {what}; names inside the broken part were not checked)",
            )
        )
    f.silence = doubles_ts.find(f)
    caps = f.caps = g.captures(g.main, f.roots)
    f.platforms = TsPlatforms(f, caps)
    _call_sites(f, caps)
    _live_setups(f, caps.get("setup", ()))
    literals = caps.get("str", []) + caps.get("tpl", [])
    _rest_urls(f, literals)
    _existence(f, literals)
    if b"<option" in src or b"<input" in src:  # a dialog's markup in a string: its controls (ts_dom)
        ts_dom.markup_controls(f, literals)
    refs = sorted(
        names.without_shadowed_paths(f.refs),
        key=lambda r: (r.location.line, r.location.column, r.site is None, r.site.kind if r.site else ""),
    )
    if facts is not None:
        flow_exports, writes = ts_flow.facts(f)
        writes += ts_vue.loop_writes(f, loops)  # <option v-for="m in models" :value="m.id"> of a v-model select
        if f.svelte and binds:
            writes += ts_svelte.bound_store_writes(f, binds)  # <select bind:value={$model}>: model.set(…)
        pending = ts_facts.pending(f)
        flow_exports += tuple(ts_fields.imports_export(f, writes, pending)) + ts_globals.globals_export(f)
        facts.extend((ts_facts.exports(f) + ts_cjs.exports(f) + flow_exports, pending, writes))
    return refs, errors


def _call_sites(f: TsFile, caps: Dict[str, List[Node]]) -> None:
    src = f.src
    # Vercel AI SDK providers callable as google('…'): name -> backend
    providers: Dict[str, str] = {"google": GEMINI}
    if b"@ai-sdk/google-vertex" in src:
        providers["vertex"] = VERTEX
    for spec in caps.get("alias", ()):
        name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
        if name is not None and alias is not None:
            providers[f.text(alias)] = VERTEX if f.text(name) == "vertex" else GEMINI
    for decl in caps.get("provider", ()):
        name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
        fn = value.child_by_field_name("function") if value is not None else None
        if name is not None and fn is not None:
            providers[f.text(name)] = VERTEX if f.text(fn) == "createVertex" else GEMINI

    for call in caps.get("nscall", ()):
        fn = call.child_by_field_name("function")
        ns_node = fn.child_by_field_name("object")
        method = f.text(fn.child_by_field_name("property"))
        ns = f.text(ns_node.child_by_field_name("property"))
        receiver = ns_node.child_by_field_name("object")
        if ns == "music":
            outer = receiver
            if (
                outer is None
                or outer.type != "member_expression"
                or f.text(outer.child_by_field_name("property")) != "live"
            ):
                continue
            ns = "live.music"
            receiver = outer.child_by_field_name("object")
        if (ns, method) not in GENAI_METHODS:
            continue
        leaves = f.model_at_path(call, GENAI_PATHS.get((ns, method), ("model",)))
        custom = f.platforms.custom_endpoint(receiver)
        for backend, follows in f.platforms.call_platforms(receiver, call):
            site = f.site(f"ai.{ns}.{method}", GENAI_METHODS[(ns, method)], call, backend, follows, custom)
            for leaf in leaves:
                f.add_site_leaf(leaf, f.platforms.leaf_site(leaf, site))

    # @google/generative-ai: what is each getGenerativeModel() result used for?
    embed_on: Set[str] = set()
    generate_on: Set[str] = set()
    legacy_calls: List[Node] = []
    provider_calls: List[Tuple[Node, str, str]] = []
    for call in caps.get("mcall", ()):
        fn = call.child_by_field_name("function")
        obj = fn.child_by_field_name("object")
        method = f.text(fn.child_by_field_name("property"))
        if method == "getGenerativeModel":
            legacy_calls.append(call)
        elif obj is not None and obj.type == "identifier":
            name = f.text(obj)
            if method in LEGACY_EMBED:
                embed_on.add(name)
            elif method in LEGACY_GENERATE:
                generate_on.add(name)
            elif method in PROVIDER_METHODS and name in providers:
                provider_calls.append((call, f"{name}.{method}", providers[name]))
    legacy_backend = VERTEX if b"@google-cloud/vertexai" in src else GEMINI
    for call in legacy_calls:
        method = "generateContent"
        holder = _declared_name(f, call)
        if holder is not None and holder in embed_on and holder not in generate_on:
            method = "embedContent"
        receiver = call.child_by_field_name("function").child_by_field_name("object")
        if (
            receiver is not None
            and receiver.type == "member_expression"
            and f.text(receiver.child_by_field_name("property")) in ("preview",)
        ):  # vertexAI.preview.getGenerativeModel
            receiver = receiver.child_by_field_name("object")
        backend = f.platforms.known_client(receiver) or legacy_backend
        site = f.site("getGenerativeModel", method, call, backend)
        for leaf in f.model_of_object_arg(call, ("model",)):
            f.add_site_leaf(leaf, site)
    for call, kind, backend in provider_calls:
        method = PROVIDER_METHODS[kind.rsplit(".", 1)[1]]
        site = f.site(kind, method, call, backend)
        for leaf in f.resolve(first_arg(call)):
            f.add_site_leaf(leaf, site)

    fcalls = list(caps.get("fcall", ()))
    if set(providers) - {"google", "vertex"}:  # aliases: look at every plain call once more
        fcalls = _any_fcalls(f)
    for call in fcalls:
        name = f.text(call.child_by_field_name("function"))
        if name == "initChatModel":
            _init_chat_model(f, call)
        elif name in providers:
            site = f.site(f"{name}()", "generateContent", call, providers[name])
            for leaf in f.resolve(first_arg(call)):
                f.add_site_leaf(leaf, site)

    for new in caps.get("new", ()):
        ctor = new.child_by_field_name("constructor")
        if ctor.type == "member_expression":
            ctor = ctor.child_by_field_name("property")
        name = f.text(ctor)
        if name not in LANGCHAIN:
            continue
        keys, method, backend = LANGCHAIN[name]
        site = f.site(name, method, new, backend)
        for leaf in f.model_of_object_arg(new, keys):
            f.add_site_leaf(leaf, site)


def _any_fcalls(f: TsFile) -> List[Node]:
    """Every ``name(...)`` call (used only when a file aliases the Vercel provider)."""
    return list(f.g.captures(f.g.any_fcall, f.roots).get("fcall", ()))


def _declared_name(f: TsFile, call: Node) -> Optional[str]:
    """``model`` for ``const model = [await] genAI.getGenerativeModel(...)``."""
    parent = call.parent
    if parent is not None and parent.type == "await_expression":
        parent = parent.parent
    if parent is not None and parent.type in ("variable_declarator", "assignment_expression"):
        name = parent.child_by_field_name("name" if parent.type == "variable_declarator" else "left")
        if name is not None and name.type == "identifier":
            return f.text(name)
    return None


def _init_chat_model(f: TsFile, call: Node) -> None:
    """LangChain ``initChatModel("google-genai:gemini-…")``: the name after the provider prefix."""
    for leaf in f.resolve(first_arg(call)):
        if f.loose(leaf):
            continue
        lit = f.literal(leaf)
        if lit is None or not lit.static:
            continue
        for prefix, backend in INIT_CHAT_PREFIXES:
            if lit.value.startswith(prefix) and plausible(lit.value[len(prefix) :]):
                site = f.site("initChatModel", "generateContent", call, backend)
                b = f.byte_of(lit.value, lit.segments, len(prefix), leaf.start_byte)
                f.consumed.add(leaf.id)
                f.add_ref(leaf, lit.value[len(prefix) :], b, site)


def _live_setups(f: TsFile, setups: Iterable[Node]) -> None:
    """``{ setup: { model: X } }``: the first message of a raw Live socket, in any object literal.

    Sent or only expected in a test, it names a Gemini API Live model whatever
    other client the file builds; the socket's endpoint decides the method.
    """
    backend = VERTEX if b"aiplatform.googleapis.com" in f.src else GEMINI
    method = patterns.live_setup_method(decode(f.src)) if b"BidiGenerateMusic" in f.src else "bidiGenerateContent"
    for setup in setups:
        site = None
        for obj in f.resolve(setup, True):
            for value in f.property(obj, "model"):
                if site is None:  # its model is resolved again for what other files hold (ts_facts.pending)
                    site = f.site(ts_facts.LIVE_SETUP, method, setup, backend)
                for leaf in f.resolve(value):
                    f.add_site_leaf(leaf, site)


def _rest_urls(f: TsFile, literals: Iterable[Node]) -> None:
    """``…/models/{id}:{method}`` inside any string or template literal."""
    src = f.src
    for node in literals:
        s, e = node.start_byte, node.end_byte
        if src.find(b"/models/", s, e) < 0 or f.loose(node):
            continue
        lit = f.literal(node)
        if lit is None:
            continue
        parts = [(lit.value, lit.segments)] if lit.static else lit.parts
        site_loc = None
        # a template's host may sit in another static run than its model
        whole_vertex = not lit.static and any(names.url_platform(v, len(v)) == VERTEX for v, _ in parts)
        for i, (value, segments) in enumerate(parts):
            for offset, model, verb, method in names.rest_urls(value):
                if method is None and not names.could_be_model(model, f.known):
                    continue
                if site_loc is None:
                    site_loc = f.location(s, node)
                backend = VERTEX if whole_vertex else names.url_platform(value, offset)
                site = CallSite(f"REST URL :{verb}", method, site_loc, backend)
                f.add_ref(node, model, f.byte_of(value, segments, offset, s), site)
            for offset, model in names.publisher_paths(value):
                # projects/…/publishers/google/models/ID (a prediction endpoint): Vertex AI, existence only
                site = CallSite(names.PATH_KIND, None, f.location(s, node), VERTEX)
                f.add_ref(node, model, f.byte_of(value, segments, offset, s), site)
            # `${BASE}/models/${MODEL}:generateContent`: the substitution names the model
            if i + 1 < len(parts) and value.endswith("/models/"):
                backend = VERTEX if whole_vertex or value.endswith(names.PUBLISHER_PREFIX) else GEMINI
                _rest_substitution(f, node, i, parts[i + 1][0], backend, value.endswith(names.PUBLISHER_PREFIX))


def _rest_substitution(f: TsFile, node: Node, index: int, after: str, backend: str, publisher: bool) -> None:
    if not after.startswith(":"):
        if publisher and not after.startswith(("/", "-", ".", "@")):
            # `projects/${p}/locations/${l}/publishers/google/models/${model}`: an endpoint path
            site = CallSite(names.PATH_KIND, None, f.location(node.start_byte, node), VERTEX)
            _substituted(f, node, index, site)
        return
    verb_end = 1
    while verb_end < len(after) and after[verb_end].isalpha():
        verb_end += 1
    verb = after[1:verb_end]
    if verb not in names.REST_METHODS:
        return
    site = CallSite(f"REST URL :{verb}", names.REST_METHODS[verb], f.location(node.start_byte, node), backend)
    _substituted(f, node, index, site)


def _substituted(f: TsFile, node: Node, index: int, site: CallSite) -> None:
    """The literals the template's ``index``-th substitution can hold, at ``site``."""
    subs = [c for c in node.children if c.type == "template_substitution"]
    if index >= len(subs) or not subs[index].named_child_count:
        return
    for leaf in f.resolve(subs[index].named_child(0)):
        if leaf.id != node.id:
            f.add_site_leaf(leaf, site)


def _existence(f: TsFile, literals: Iterable[Node]) -> None:
    """Whole-value model names that reach no call site (a known model parameter, or a mention)."""
    params: Optional[Dict[int, Node]] = None
    containers: Dict[tuple, list] = {}  # (start, end, key) of a container -> its model names (peers)
    for node in literals:
        poll()  # the time budget, where no timer interrupts (gemlint.budget)
        if node.id in f.consumed:
            continue
        s, e = node.start_byte, node.end_byte
        if e - s > 300 or e - s < 5 or _NAME_START.match(f.src, s) is None:
            continue
        lit = f.literal(node)
        if lit is None or not lit.static or not names.could_be_model(lit.value, f.known):
            continue
        if f.loose(node) or _not_a_value(f, node):
            continue
        role = patterns.ts_role(node, f.text)
        if role == patterns.IGNORE:
            continue  # a pattern, a response field, an assertion's expected text
        platform = f.platforms.unsited(node, lit.value)
        site = None
        if role == patterns.PARAMETER:  # { model: '…' }, { model: m || '…' }: a known model parameter, existence only
            value = patterns.ts_value_node(node)
            holder = value.parent.parent if value.parent.type == "pair" else value.parent
            site = f.site(patterns.PARAMETER_KIND, None, holder or node, platform or GEMINI, platform is None)
        else:
            if params is None:
                params = _parameter_values(f)
            holder = params.get(node.id)
            if holder is not None and f.silence is not None and f.silence.covers(holder):
                continue  # the model parameter of a test double's call
            if holder is not None:  # const MODEL = '…'; … { model: MODEL }
                site = f.site(patterns.PARAMETER_KIND, None, holder, platform or GEMINI, platform is None)
        peers = ts_peers(f, node, containers) if site is None else ()
        compared = role == patterns.COMPARED
        alias = site is None and (_table_key(node) or (compared and routed.ts_routed(node, f.text)))
        f.add_ref(node, lit.value, f.byte_of(lit.value, lit.segments, 0, s), site, platform, peers, compared, alias)


def _table_key(node: Node) -> bool:
    """``{ 'x-base': { … } }``: the key of a pair whose value is an object (an entry of a table of the code's own)."""
    pair = node.parent
    if pair is None or pair.type != "pair":
        return False
    key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
    return key is not None and key.id == node.id and value is not None and value.type == "object"


def _parameter_values(f: TsFile) -> Dict[int, Node]:
    """Literal node id -> the object whose model parameter (``{ model: NAME }``, ``{ model }``) it reaches."""
    found: Dict[int, Node] = {}
    for param in f.g.captures(f.g.params, f.roots).get("param", ()):
        holder = param.parent.parent if param.parent is not None and param.parent.type == "pair" else param.parent
        if holder is None or holder.type != "object":
            continue
        keys = [patterns.ts_key(k, f.text) for k in patterns.ts_keys(holder)]
        if (
            "setup" in keys
            or patterns.is_response(keys)
            or patterns.is_result(keys)
            or patterns.ts_record(holder, f.text)
        ):
            continue
        for leaf in f.resolve(param):
            found.setdefault(leaf.id, holder)
    return found


def _not_a_value(f: TsFile, node: Node) -> bool:
    """Object keys, import specifiers and ``require('…')`` arguments."""
    parent = node.parent
    if parent is None:
        return False
    pt = parent.type
    field = _KEY_PARENTS.get(pt)
    if pt == "pair":  # { 'gemini-1.5-pro': 'Legacy' }: an object key is a mention, as a dict key in Python
        return False
    if field is not None:
        key = parent.child_by_field_name(field)
        return key is not None and key.id == node.id
    if pt in ("import_statement", "export_statement"):
        source = parent.child_by_field_name("source")
        return source is not None and source.id == node.id
    if pt in _MODULE_PARENTS or pt == "enum_body":  # enum_body: `enum E { 'gemini-x' }` member name
        return True
    if pt == "arguments":
        call = parent.parent
        if call is not None and call.type == "call_expression":
            fn = call.child_by_field_name("function")
            return fn is not None and (fn.type == "import" or f.text(fn) == "require")
    return False
