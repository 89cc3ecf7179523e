"""Checks that an edit left the code (or data) meaning the same: Python ASTs, TS parse errors, YAML/TOML data."""

from __future__ import annotations

import ast
from typing import Optional

from gemlint.adopt.documents import TS_KINDS, Doc

_UNSAFE_TS_NODES = frozenset({"string", "string_fragment", "template_string", "comment", "regex", "jsx_text"})
_JSX_CHILD_CONTEXT = frozenset({"jsx_element", "jsx_fragment"})


def same_meaning(doc: Doc, before: str, after: str) -> bool:
    """True when adding the comment left the code (or data) unchanged."""
    if doc.kind == "python":
        if doc.meaning is None:
            doc.meaning = python_dump(before) or ""
        return bool(doc.meaning) and python_dump(after) == doc.meaning
    if doc.kind in TS_KINDS:
        return ts_has_error(before, doc.kind) or not ts_has_error(after, doc.kind)
    return settings_same_meaning(doc.path, before, after)


def python_same_meaning(before: str, after: str) -> bool:
    """The two sources have the same AST (comments do not appear in it)."""
    dump = python_dump(before)
    return dump is not None and python_dump(after) == dump


def python_dump(text: str) -> Optional[str]:
    """The AST of ``text`` as a string, or None when it does not parse."""
    from gemlint.extract.python.safe_parse import safe_compile

    try:
        return ast.dump(safe_compile(text, "exec", ast.PyCF_ONLY_AST))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def settings_same_meaning(path: str, before: str, after: str) -> bool:
    """YAML and TOML hold the same data before and after (when a parser is at hand)."""
    lower = path.lower()
    loader = None
    if lower.endswith((".yaml", ".yml")):
        try:
            import yaml

            loader = lambda text: list(yaml.safe_load_all(text))  # noqa: E731
        except ImportError:
            return True
    elif lower.endswith(".toml"):
        try:
            import tomllib  # type: ignore[import-not-found]
        except ImportError:  # Python < 3.11
            try:
                import tomli as tomllib  # type: ignore[no-redef]
            except ImportError:
                return True
        loader = tomllib.loads
    if loader is None:
        return True
    try:
        return loader(before) == loader(after)
    except Exception:  # a file the parser rejects: do not risk it
        return False


def _ts_tree(text: str, kind: str):
    from gemlint.extract.typescript import ts_syntax

    return ts_syntax.parse(text.encode("utf-8", "surrogatepass"), kind)[1]


def ts_has_error(text: str, kind: str) -> bool:
    return bool(_ts_tree(text, kind).root_node.has_error)


def ts_context(text: str, offset: int, kind: str) -> str:
    """What surrounds the end of a line at ``offset``: ``code``, ``jsx`` (element children) or ``unsafe``."""
    target = len(text[:offset].encode("utf-8"))
    node = _ts_tree(text, kind).root_node
    while True:
        inner = next((c for c in node.children if c.start_byte < target < c.end_byte), None)
        if inner is None:
            break
        node = inner
    if node.type in _UNSAFE_TS_NODES:
        return "unsafe"
    if node.type in _JSX_CHILD_CONTEXT:
        return "jsx"
    return "code"
