"""Read syntax of a newer Python than the one gemlint runs on, rewritten in place to what it can parse.

A project that requires Python 3.12 or 3.14 writes what an older parser refuses; gemlint running on 3.9-3.13 would
call that valid code a syntax error and check none of the file. ``downgrade`` rewrites, one character for one
character (every line and column of the file stays where it was):

- PEP 695 (3.12) type parameters, ``def f[T](x: T)`` and ``class Box[T: int = str](Base)``: the brackets are
  blanked; and a ``type Alias[T] = …`` statement becomes the assignment ``Alias = …``;
- PEP 758 (3.14) ``except A, B:`` without brackets: what follows the first type is blanked;
- PEP 750 (3.14) template strings, ``t"…"``: read as the f-strings they spell (``fstrings`` handles those).

What the blanked parts held (type names) never names a model. A multi-line type parameter list is left alone
(its line breaks could not be kept): the file's syntax error stands.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from typing import List, Optional, Tuple

NEEDED = sys.version_info < (3, 14)
TYPE_PARAMS = sys.version_info < (3, 12)  # PEP 695
_HINTS = re.compile(r"\b(?:type|def|class|except)\b|\b(?:[tT][rR]?|[rR][tT])['\"]")
_TEMPLATE_PREFIX = re.compile(r"(?:[tT][rR]?|[rR][tT])\Z")
_STARTS = frozenset((tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT))

Edit = Tuple[int, int, str]  # (start offset, end offset, replacement of the same length)


def downgrade(text: str) -> Optional[str]:
    """``text`` with its newer-only syntax rewritten (same length, same lines); None when there is none."""
    if not _HINTS.search(text):
        return None
    tokens: List[tokenize.TokenInfo] = []
    try:
        tokens.extend(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):  # IndentationError too: what came before it is still rewritten
        pass
    starts = [0]
    for line in io.StringIO(text):
        starts.append(starts[-1] + len(line))

    def at(point: Tuple[int, int]) -> int:
        return starts[point[0] - 1] + point[1]

    edits: List[Edit] = []
    code = [t for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]
    for i, tok in enumerate(code):
        if tok.type != tokenize.NAME:
            continue
        word = tok.string
        if TYPE_PARAMS and word in ("def", "class"):
            _type_params(code, i, at, edits)
        elif TYPE_PARAMS and word == "type" and (i == 0 or code[i - 1].type in _STARTS):
            _alias(code, i, at, edits)
        elif word == "except":
            _except_list(code, i, at, edits)
        elif _TEMPLATE_PREFIX.match(word) and i + 1 < len(code):
            nxt = code[i + 1]
            if nxt.type == tokenize.STRING and nxt.start == tok.end:  # t"…": no space between
                start = at(tok.start) + max(word.find("t"), word.find("T"))
                edits.append((start, start + 1, "f"))
    if not edits:
        return None
    out = list(text)
    for start, end, new in edits:
        out[start:end] = new
    return "".join(out)


def _closing(code: list, i: int) -> Optional[int]:
    """Index of the token closing the bracket opened at ``code[i]``, on the same line; None otherwise."""
    depth = 0
    for j in range(i, len(code)):
        s = code[j].string
        if code[j].type == tokenize.OP and s in "([{":
            depth += 1
        elif code[j].type == tokenize.OP and s in ")]}":
            depth -= 1
            if depth == 0:
                return j if code[j].start[0] == code[i].start[0] else None
        elif code[j].type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            return None
    return None


def _blank(at, first, last) -> Edit:
    start, end = at(first.start), at(last.end)
    return start, end, " " * (end - start)


def _type_params(code: list, i: int, at, edits: List[Edit]) -> None:
    """``def f[T](…)``, ``class C[T](…)``: blank ``[T]``."""
    if i + 2 < len(code) and code[i + 1].type == tokenize.NAME and code[i + 2].string == "[":
        close = _closing(code, i + 2)
        if close is not None:
            edits.append(_blank(at, code[i + 2], code[close]))


def _alias(code: list, i: int, at, edits: List[Edit]) -> None:
    """``type Alias[T] = …``: ``Alias`` moved to where ``type`` stood, the rest up to ``=`` blanked."""
    if i + 2 >= len(code) or code[i + 1].type != tokenize.NAME:
        return
    j = i + 2
    if code[j].string == "[":
        close = _closing(code, j)
        if close is None:
            return
        j = close + 1
    if j >= len(code) or code[j].string != "=" or code[i].start[0] != code[j].start[0]:
        return
    start, end = at(code[i].start), at(code[j].start)
    name = code[i + 1].string
    edits.append((start, end, name + " " * (end - start - len(name))))


def _except_list(code: list, i: int, at, edits: List[Edit]) -> None:
    """``except A, B:`` (no ``as``): blank ``, B``."""
    j = i + 1
    if j < len(code) and code[j].string == "*":
        j += 1
    depth = 0
    comma = None
    for k in range(j, len(code)):
        tok = code[k]
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            return
        s = tok.string
        if tok.type == tokenize.OP and s in "([{":
            depth += 1
        elif tok.type == tokenize.OP and s in ")]}":
            depth -= 1
        elif depth == 0 and tok.type == tokenize.NAME and s == "as":
            return  # except A, B as e: still an error in 3.14
        elif depth == 0 and s == "," and comma is None:
            comma = k
        elif depth == 0 and s == ":":
            if comma is not None and code[comma].start[0] == tok.start[0]:
                edits.append(_blank(at, code[comma], code[k - 1]))
            return
