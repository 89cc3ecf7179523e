"""What a whole-name literal that reaches no call site is doing there.

Shared by the Python and TypeScript/JavaScript extractors. A model-shaped
literal is one of:

- ``IGNORE``: not a model name at all as far as gemlint is concerned: a
  *pattern* (``'gemini-2' in name``, ``.startswith('gemini-1')``,
  ``re.match(…)``, ``.includes(…)``, ``new RegExp(…)``), a field of a recorded
  API *response* (``"modelVersion": …``, ``"model": …`` beside
  ``candidates``/``usageMetadata``), or the expected text of a test
  *assertion* (``pytest.raises(…, match=…)``, ``expect(…).toThrow(…)``,
  ``.toContain(…)``, ``.toMatch(…)``);
- ``PARAMETER``: the value of a known model parameter (``model=`` of any call,
  ``{"model": …}``, ``{model: …}``): a reference, checked like a call site
  that only needs the model to exist;
- ``COMPARED``: one side of an equality test (``model != 'gemini-embedding-001'``,
  ``model in ('a', 'b')``, ``case 'a':``): code that recognises a name, not a
  use of the model; a mention checked for existence only (a typo never matches);
- ``MENTION`` (the default): a dict or object key, a list entry, a constant
  nobody uses. Whether it stays a mention is decided per literal group by the
  rules: a group that also reaches a call site is a reference.
"""

from __future__ import annotations

from typing import Optional

IGNORE, PARAMETER, MENTION, COMPARED = "ignore", "parameter", "mention", "compared"

# The pseudo call-site kind of a known model parameter (no API method needed).
PARAMETER_KIND = "model parameter"

# Keyword arguments and object keys whose value is a model name.
MODEL_KEYS = frozenset(("model", "model_name", "model_id", "base_model", "modelName", "modelId", "baseModel"))
# Keys that hold the model name inside a recorded API response.
RESPONSE_MODEL_KEYS = frozenset(("modelVersion", "model_version"))
# Sibling keys that mark a dict/object as a recorded response (its "model" is not a request parameter).
RESPONSE_KEYS = frozenset(
    (
        "candidates",
        "usageMetadata",
        "usage_metadata",
        "promptFeedback",
        "prompt_feedback",
        "responseId",
        "response_id",
        "modelVersion",
        "model_version",
        "serverContent",
        "server_content",
        "setupComplete",
        "setup_complete",
    )
)
# Keys only a result has (what came back, how long it took): a model beside them names what answered, in an app's
# own record of a call (``{text, usage: {…}, model: …, latency}``); no request sends them.
RESULT_KEYS = frozenset(
    ("usage", "latency", "latencyMs", "latency_ms", "finishReason", "finish_reason", "tokensUsed", "tokens_used")
)
# An OpenAI-compatible chat completion: both keys together.
OPENAI_RESPONSE_KEYS = frozenset(("choices", "object"))

# Python: str methods and module functions that take a substring, prefix or regular expression.
PY_STR_TESTS = frozenset(
    (
        "startswith",
        "endswith",
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "removeprefix",
        "removesuffix",
        "replace",
        "split",
        "partition",
        "rpartition",
        "strip",
        "lstrip",
        "rstrip",
    )
)
PY_REGEX_MODULES = frozenset(("re", "regex", "re2", "fnmatch"))
PY_REGEX_FUNCS = frozenset(
    ("match", "fullmatch", "search", "compile", "findall", "finditer", "sub", "subn", "split", "fnmatch", "filter")
)
PY_ASSERT_REGEX = frozenset(("assertRaisesRegex", "assertRaisesRegexp", "assertWarnsRegex", "assertRegex", "assertIn"))
PY_ASSERT_MATCH = frozenset(("raises", "warns", "raises_regex"))

# TypeScript/JavaScript: string methods that take a substring, prefix or pattern.
TS_STR_TESTS = frozenset(
    (
        "includes",
        "startsWith",
        "endsWith",
        "indexOf",
        "lastIndexOf",
        "match",
        "matchAll",
        "search",
        "replace",
        "replaceAll",
        "split",
        "test",
    )
)
# Test assertions whose argument is expected text (an error message, a substring).
TS_ASSERTIONS = frozenset(
    (
        "toThrow",
        "toThrowError",
        "toThrowErrorMatchingInlineSnapshot",
        "toContain",
        "toMatch",
        "toHaveBeenCalledWithMatch",
        "rejectedWith",
        "throws",
        "rejects",
        "stringContaining",
        "stringMatching",
    )
)


def is_response(keys) -> bool:
    """True when a dict/object with these (string) keys looks like a recorded API response."""
    keys = set(keys)
    return bool(keys & RESPONSE_KEYS) or OPENAI_RESPONSE_KEYS <= keys


_LABELS = ("displayname", "servicename")


def is_label_key(key: Optional[str]) -> bool:
    """A key, keyword or constant naming a label the code chooses (``display_name``, ``tunedModelDisplayName``,
    ``SERVICE_NAME``): never a model, whatever model-like text the label holds
    (``tuned_model_display_name="gemini-2.5-flash-preference-tuned"``, a Cloud Run service ``"gemma-3-1b"``)."""
    return key is not None and key.replace("_", "").lower().endswith(_LABELS)


def is_record_key(key: Optional[str]) -> bool:
    """A key or keyword whose dict/object records what happened (``metadata``, ``customMetadata``,
    ``error_metadata``): a long-running operation's or an error's details, an app's own log of a request. A
    ``model`` inside it names the model a request used; it sends nothing to one (``{metadata: {model: …}}``)."""
    return key is not None and key.replace("_", "").lower().endswith("metadata")


def classify_key(key: Optional[str], sibling_keys, record: bool = False) -> str:
    """The role of a literal that is the value of ``key`` in a dict/object with ``sibling_keys``; ``record``:
    that dict/object is itself the value of a record key (``is_record_key``)."""
    if key in RESPONSE_MODEL_KEYS or is_label_key(key):
        return IGNORE
    if key in MODEL_KEYS:
        return IGNORE if is_response(sibling_keys) else MENTION if record or is_result(sibling_keys) else PARAMETER
    return MENTION


def is_result(keys) -> bool:
    """True when a dict/object with these keys records a call's result (``RESULT_KEYS``): its model is a mention."""
    return not RESULT_KEYS.isdisjoint(keys)


def python_record(mapping, parents) -> bool:
    """Whether the ``ast.Dict`` ``mapping`` is the value of a record key: ``{"metadata": {…}}``, ``metadata={…}``."""
    import ast

    outer = parents.get(id(mapping))
    if type(outer) is ast.keyword:
        return outer.value is mapping and is_record_key(outer.arg)
    if type(outer) is ast.Dict:
        for k, v in zip(outer.keys, outer.values):
            if v is mapping:
                return type(k) is ast.Constant and type(k.value) is str and is_record_key(k.value)
    return False


def ts_record(obj, text) -> bool:
    """Whether the tree-sitter ``object`` ``obj`` is the value of a record key (``metadata: { … }``)."""
    pair = obj.parent if obj is not None else None
    if pair is None or pair.type != "pair":
        return False
    key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
    return key is not None and value is not None and value.id == obj.id and is_record_key(ts_key(key, text))


# -- Python ------------------------------------------------------------------


def python_role(node, parents) -> str:
    """The role of the ``ast.Constant`` ``node``; ``parents`` maps ``id(child)`` to its parent node."""
    import ast

    parent = parents.get(id(node))
    if parent is None:
        return MENTION
    kind = type(parent)
    if kind is ast.Compare:
        # 'gemini-2' in name: a substring test
        if parent.left is node and any(type(op) in (ast.In, ast.NotIn) for op in parent.ops):
            return IGNORE
        # assert response.model_version == "…": the expected value of a response field
        if any(_response_field(side) for side in [parent.left, *parent.comparators] if side is not node):
            return IGNORE
        return COMPARED if _equality(parent) else MENTION
    if kind in (ast.Tuple, ast.List, ast.Set):
        outer = parents.get(id(parent))
        # name.startswith(("gemini-1", "gemini-2"))
        if type(outer) is ast.Call and parent in outer.args and _python_pattern_call(outer):
            return IGNORE
        # model in ("gemini-a", "gemini-b"): the names a test recognises
        if type(outer) is ast.Compare and parent is not outer.left and _equality(outer):
            return COMPARED
        return MENTION
    if kind is getattr(ast, "MatchValue", None):  # match model: case "gemini-a": (Python 3.10+)
        return COMPARED
    if kind in (ast.Assign, ast.AnnAssign) and parent.value is node:
        targets = parent.targets if kind is ast.Assign else [parent.target]
        if any(type(t) is ast.Name and is_label_key(t.id) for t in targets):
            return IGNORE  # SERVICE_NAME = "gemma-3-1b": the name of a service, not of a model
    if kind is ast.BinOp and type(parent.op) is ast.Div:
        return IGNORE  # MODELS_DIR / "gemma-2-2b-it-lora": a path's part (a str divides nothing), not a model
    if kind is ast.Call:
        if node in parent.args and _python_pattern_call(parent):
            return IGNORE
        return MENTION
    if kind is ast.keyword:
        call = parents.get(id(parent))
        callee = _dotted(call.func) if type(call) is ast.Call else ()
        last = callee[-1] if callee else ""
        if parent.arg == "match" and last in PY_ASSERT_MATCH:
            return IGNORE  # pytest.raises(..., match="…")
        if parent.arg in RESPONSE_MODEL_KEYS or "Response" in last or is_label_key(parent.arg):
            return IGNORE  # GenerateContentResponse(model_version="…"), CreateTuningJobConfig(display_name="…")
        return PARAMETER if parent.arg in MODEL_KEYS else MENTION
    if kind is ast.Dict:
        if any(k is node for k in parent.keys):
            return MENTION  # a dict key
        keys = [k.value for k in parent.keys if type(k) is ast.Constant and type(k.value) is str]
        for k, v in zip(parent.keys, parent.values):
            if v is node:
                key = k.value if type(k) is ast.Constant and type(k.value) is str else None
                return classify_key(key, keys, key in MODEL_KEYS and python_record(parent, parents))
    return MENTION


def _equality(compare) -> bool:
    """``==``, ``!=``, ``is``, ``in`` a container: tests of a whole value (not a substring of it)."""
    import ast

    return all(type(op) in (ast.Eq, ast.NotEq, ast.Is, ast.IsNot, ast.In, ast.NotIn) for op in compare.ops)


def _response_field(node) -> bool:
    import ast

    if type(node) is ast.Attribute:
        return node.attr in RESPONSE_MODEL_KEYS
    if type(node) is ast.Subscript:
        key = node.slice
        return type(key) is ast.Constant and key.value in RESPONSE_MODEL_KEYS
    return False


def _python_pattern_call(call) -> bool:
    """``x.startswith(…)``, ``re.match(…)``, ``self.assertRaisesRegex(…)`` and the like."""
    parts = _dotted(call.func)
    if not parts:
        return False
    last = parts[-1]
    if len(parts) >= 2 and last in PY_STR_TESTS:
        return True
    if last in PY_REGEX_FUNCS and (len(parts) >= 2 and parts[-2] in PY_REGEX_MODULES or last == "fnmatch"):
        return True
    return last in PY_ASSERT_REGEX


def _dotted(node) -> tuple:
    import ast

    parts = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is ast.Name:
        parts.append(node.id)
    elif type(node) is ast.Call:
        parts.append("()")
    return tuple(reversed(parts))


def python_parents(tree, lines) -> dict:
    """``id(child) -> parent`` for the nodes of ``tree`` on the way to the given line numbers.

    Only nodes whose line span holds one of ``lines`` are entered (nodes
    without a position, such as ``arguments``, always are), so a large module
    with a few candidate literals costs a few statements, not a full walk.
    """
    import ast
    from bisect import bisect_left

    wanted = sorted(lines)  # a line within [start, end]: one binary search, not a scan of every line (issue 24)
    count = len(wanted)
    parents = {}
    stack = [tree]
    while stack:
        parent = stack.pop()
        for child in ast.iter_child_nodes(parent):
            start = getattr(child, "lineno", None)
            if start is not None:
                end = getattr(child, "end_lineno", None) or start
                at = bisect_left(wanted, start)
                if at == count or wanted[at] > end:
                    continue
            parents[id(child)] = parent
            stack.append(child)
    return parents


# -- TypeScript / JavaScript (tree-sitter nodes) -------------------------------


_TS_PASS_THROUGH = frozenset(
    ("parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression")
)


def ts_value_node(node):
    """The expression whose value ``node`` becomes: itself, or the default or choice that holds it
    (``m || 'x'``, ``m ?? 'x'``, ``fast ? 'x' : 'y'``, ``('x' as Model)``), as Python reads ``m or "x"``."""
    for _ in range(16):
        parent = node.parent
        if parent is None:
            return node
        pt = parent.type
        if pt == "binary_expression":
            op, right = parent.child_by_field_name("operator"), parent.child_by_field_name("right")
            if op is None or op.type not in ("||", "??", "&&") or right is None or right.id != node.id:
                return node
        elif pt == "ternary_expression":
            condition = parent.child_by_field_name("condition")
            if condition is not None and condition.id == node.id:
                return node
        elif pt not in _TS_PASS_THROUGH:
            return node
        node = parent
    return node


def ts_role(node, text) -> str:
    """The role of a tree-sitter ``string`` node; ``text(n)`` gives a node's source text."""
    node = ts_value_node(node)  # m || 'x': the role of the whole default
    parent = node.parent
    if parent is None:
        return MENTION
    pt = parent.type
    if pt == "arguments":
        call = parent.parent
        if call is None:
            return MENTION
        if call.type == "new_expression":
            ctor = call.child_by_field_name("constructor")
            return IGNORE if ctor is not None and text(ctor) == "RegExp" else MENTION
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            name = text(prop) if prop is not None else ""
            if name in TS_STR_TESTS or name in TS_ASSERTIONS:
                return IGNORE  # name.startsWith('gemini-1'), expect(f).toThrow('…')
            if _expects_response_field(fn, text):
                return IGNORE  # expect(response.modelVersion).toBe('…')
        elif fn is not None and text(fn) == "RegExp":
            return IGNORE
        return MENTION
    if pt == "array" and parent.parent is not None and parent.parent.type == "arguments":
        return IGNORE if ts_role(parent, text) == IGNORE else MENTION  # x.startsWith(['a', 'b'])
    if pt == "pair":
        key = parent.child_by_field_name("key")
        if key is None or key.id == node.id:
            return MENTION  # an object key
        obj = parent.parent
        keys = [ts_key(k, text) for k in ts_keys(obj)] if obj is not None else []
        name = ts_key(key, text)
        return classify_key(name, [k for k in keys if k], name in MODEL_KEYS and ts_record(obj, text))
    if pt == "jsx_attribute":
        name = parent.named_child(0) if parent.named_child_count else None
        return PARAMETER if name is not None and text(name) in MODEL_KEYS else MENTION
    if pt == "binary_expression":
        op = parent.child_by_field_name("operator")
        return COMPARED if op is not None and op.type in _TS_EQUALITY else MENTION
    if pt == "switch_case" and parent.child_by_field_name("value") == node:
        return COMPARED  # case 'gemini-a':
    return MENTION


_TS_EQUALITY = frozenset(("===", "!==", "==", "!="))


def _expects_response_field(fn, text) -> bool:
    """``expect(x.modelVersion).toBe`` / ``.toEqual``: the callee's object is ``expect(<a response field>)``."""
    call = fn.child_by_field_name("object")
    while call is not None and call.type == "member_expression":  # expect(x).not.toBe
        call = call.child_by_field_name("object")
    if call is None or call.type != "call_expression":
        return False
    args = call.child_by_field_name("arguments")
    first = args.named_child(0) if args is not None and args.named_child_count else None
    if first is None or first.type != "member_expression":
        return False
    prop = first.child_by_field_name("property")
    return prop is not None and text(prop) in RESPONSE_MODEL_KEYS


def ts_keys(obj):
    for child in obj.named_children:
        if child.type == "pair":
            key = child.child_by_field_name("key")
            if key is not None:
                yield key
        elif child.type == "shorthand_property_identifier":
            yield child


def ts_key(node, text) -> Optional[str]:
    raw = text(node)
    if node.type == "string":
        return raw[1:-1]
    return raw


# -- raw Live sockets ------------------------------------------------------------

LIVE_MUSIC_MARKER = "BidiGenerateMusic"


def live_setup_method(source: str) -> str:
    """The method a raw ``{setup: {model}}`` message needs: the socket's endpoint decides.

    ``…BidiGenerateMusic`` (Lyria RealTime) needs ``bidiGenerateMusic``;
    ``…BidiGenerateContent``, or no endpoint named in the file, ``bidiGenerateContent``.
    """
    if LIVE_MUSIC_MARKER in source and "BidiGenerateContent" not in source:
        return "bidiGenerateMusic"
    return "bidiGenerateContent"
