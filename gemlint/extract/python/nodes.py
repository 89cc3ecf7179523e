"""Records and small helpers shared by the Python extractor's modules."""

from __future__ import annotations

import ast
import io
import re
from bisect import bisect_right
from typing import Dict, List, Optional, Tuple

from gemlint.extract.sites import SiteSpec
from gemlint.records import record

MAX_DEPTH = 8


PARTIAL_PARSE_MIN = 4000  # characters; smaller sources are parsed whole


ENV_GETTERS = {"getenv", "get"}  # os.getenv(...), os.environ.get(...)


FIELD_FACTORIES = {"Field", "field"}  # pydantic Field(default=…), dataclasses.field(default=…)


_FLAGS = ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)

# Fields that never hold a node to visit: contexts and operators (a Load, an Add: no children), identifiers,
# numbers, flags, tags, and the aliases of an import (the walks read imports whole).
_NOT_CHILDREN = frozenset(
    ("ctx", "op", "ops", "attr", "id", "arg", "name", "names", "module", "level", "asname", "is_async", "kind",
     "type_comment", "conversion", "simple", "tag", "kwd_attrs", "rest")
)  # fmt: skip
_CHILD_FIELDS: Dict[type, Tuple[str, ...]] = {}


def child_fields(kind: type) -> Tuple[str, ...]:
    """The fields of an ``ast`` node type that can hold nodes to visit, in ``_fields`` order (kept per type)."""
    found = _CHILD_FIELDS.get(kind)
    if found is None:
        found = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _NOT_CHILDREN)
    return found


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
        self._lines: Optional[List[str]] = None

    @property
    def lines(self) -> List[str]:
        """Lines as ast numbers them (\n, \r\n, \r), not as str.splitlines does (\x0c, \x85, \u2028 too); split on
        first use (most chunks never place a reference)."""
        if self._lines is None:
            self._lines = io.StringIO(self.chunk.text, newline="").readlines() or [""]
        return self._lines


# helpers
def _dotted(node: ast.AST) -> Tuple[str, ...]:
    """``a.b.c`` as ``("a", "b", "c")``; a call at the root is ``"()"``; () for anything else."""
    kind = type(node)
    if kind is ast.Name:  # most callees: one name
        return (node.id,)
    parts: List[str] = []
    while kind is ast.Attribute:
        parts.append(node.attr)
        node = node.value
        kind = type(node)
    if kind is ast.Name:
        parts.append(node.id)
    elif kind is ast.Call:
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


def choice_values(choices: ast.AST) -> List[ast.AST]:
    """The values a list of choices offers: a list's, tuple's or set's elements (not ``*starred`` ones), else the
    elements of whatever ``choices`` names (``MODELS``: a ``Starred``, which resolution reads as its elements)."""
    if type(choices) in (ast.List, ast.Tuple, ast.Set):
        return [e for e in choices.elts if type(e) is not ast.Starred]
    return [ast.Starred(value=choices, ctx=ast.Load())]


def _dict_get(container: ast.Dict, key: str) -> List[ast.AST]:
    return [v for k, v in zip(container.keys, container.values) if k is not None and _const_str(k) == key]


def _char_col(lines: List[str], lineno: int, byte_col: int) -> int:
    """Convert ast's UTF-8 byte column to a character column (0-based)."""
    if lineno - 1 >= len(lines):
        return byte_col
    line = lines[lineno - 1]
    if line.isascii():
        return byte_col
    if len(line) <= _STEP:
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))
    # A long line (8,000 literals after a comment with an é): decode from the nearest checkpoint, not from the
    # line's start for every literal, which was quadratic (issue 24).
    cached = _LINE[0]  # one read: another thread may put its own line there meanwhile
    if cached is None or cached[0] is not line:
        marks, at = [0], 0  # byte offset of every _STEP-th character
        for start in range(0, len(line) - _STEP, _STEP):
            at += len(line[start : start + _STEP].encode("utf-8"))
            marks.append(at)
        cached = _LINE[0] = (line, line.encode("utf-8"), marks)
    _, data, marks = cached
    k = bisect_right(marks, byte_col) - 1
    return k * _STEP + len(data[marks[k] : byte_col].decode("utf-8", errors="replace"))


_STEP = 1024  # characters between checkpoints of a long non-ASCII line
_LINE: list = [None]  # the last long non-ASCII line: (the line, its UTF-8 bytes, its checkpoints)


def _find_in_source(lines: List[str], node: ast.AST, text: str, offset: int) -> Optional[Tuple[int, int]]:
    """1-based (line, column) of ``text`` inside the literal's source, if spelled literally."""
    start_line, end_line = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno
    if start_line - 1 >= len(lines):
        return None
    start_col = _char_col(lines, start_line, node.col_offset)
    end_col = getattr(node, "end_col_offset", None)
    if start_line == end_line and end_col is not None:  # only the literal's own text: a 40,000-literal line
        segment = lines[start_line - 1][start_col : _char_col(lines, end_line, end_col)]  # stays linear
        idx = segment.find(text, offset)
        return (start_line, start_col + idx + 1) if idx >= 0 else None
    segment_lines = lines[start_line - 1 : end_line]
    if not segment_lines:
        return None
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
