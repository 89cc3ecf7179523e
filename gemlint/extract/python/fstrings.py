"""Read Python 3.12 f-strings on an older interpreter: blank the replacement fields only 3.12+ can parse.

PEP 701 (Python 3.12) lets an f-string's replacement field hold what older parsers refuse: the f-string's own
quote (``f"{x.replace("a", "b")}"``), a backslash, a ``#`` comment, and in a single-quoted f-string a line
break. A project that requires 3.12 writes them freely; gemlint running on 3.9-3.11 would call its valid code
a syntax error and check none of the file. ``downgrade`` finds every f-string (nested ones too), and replaces
each top-level replacement field holding such a construct by ``{0}`` padded with spaces: one character for one
character, line breaks kept (a line break in a single-quoted f-string cannot be kept: then nothing is
rewritten). Every other position of the file stays where it was, so lines and columns are exact; what the
blanked fields held is not read (model names inside an f-string's expression are rare).
"""

from __future__ import annotations

import re
import sys
from typing import List, Optional, Tuple

NEEDED = sys.version_info < (3, 12)  # 3.12+ parses every f-string itself
_QUOTE = re.compile(r"[#'\"]")
_PREFIX_CHARS = frozenset("rRbBuUfFtT")


class _Unreadable(Exception):
    """A string that does not end, or a field only 3.12 can parse that cannot be blanked in place."""


def downgrade(text: str) -> Optional[str]:
    """``text`` with its 3.12-only f-string fields blanked (same length, same lines); None when none is found."""
    if "f'" not in text and 'f"' not in text and "F'" not in text and 'F"' not in text:
        return None
    fields: List[Tuple[int, int]] = []
    try:
        _scan(text, fields)
    except _Unreadable:
        return None
    if not fields:
        return None
    out = list(text)
    for start, end in fields:  # the characters between '{' and '}'
        zero = True
        for i in range(start, end):
            if out[i] not in "\r\n":
                out[i] = "0" if zero else " "
                zero = False
    return "".join(out)


def _scan(text: str, fields: List[Tuple[int, int]]) -> None:
    """Collect the bad top-level fields of every f-string outside comments and other strings."""
    i = 0
    while True:
        m = _QUOTE.search(text, i)
        if m is None:
            return
        j = m.start()
        if text[j] == "#":
            end = text.find("\n", j)
            if end < 0:
                return
            i = end
            continue
        i, _ = _string(text, j, fields)


def _string(text: str, j: int, top: Optional[List[Tuple[int, int]]]) -> Tuple[int, bool]:
    """``(end, bad)`` of the string literal whose quote is at ``j`` (its prefix before it): ``bad`` when it holds
    what a replacement field may hold only on 3.12 (an f-string's bad field, a backslash, a ``#``)."""
    prefix = _prefix(text, j)
    quote = text[j : j + 3] if text.startswith(text[j] * 3, j) else text[j]
    body = j + len(quote)
    if "f" in prefix and "b" not in prefix:
        return _fstring(text, body, quote, top)
    end = _plain(text, body, quote)
    return end, "\\" in text[body:end] or "#" in text[body:end]


def _prefix(text: str, j: int) -> str:
    """The lower-cased string prefix before the quote at ``j`` ('' when the letters belong to a name)."""
    k = j
    while k > 0 and j - k < 2 and text[k - 1] in _PREFIX_CHARS:
        k -= 1
    if k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
        return ""  # `xf"…"` is a name then a string: no prefix
    return text[k:j].lower()


def _plain(text: str, i: int, quote: str) -> int:
    """The index just past the string (not an f-string) whose body starts at ``i``."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote)
        if c == "\n" and len(quote) == 1:
            raise _Unreadable
        i += 1
    raise _Unreadable


def _fstring(text: str, i: int, quote: str, top: Optional[List[Tuple[int, int]]]) -> Tuple[int, bool]:
    """``(end, bad)`` of the f-string whose body starts at ``i``: ``bad`` when a field needs 3.12.

    With ``top`` (a top-level f-string), each bad field's inner range is appended to it.
    """
    n = len(text)
    bad = False
    while i < n:
        c = text[i]
        if c == "\\":
            i += 1 if text.startswith(("{", "}"), i + 1) else 2  # `\{x}`: a backslash, then a field
            continue
        if text.startswith(quote, i):
            return i + len(quote), bad
        if c == "\n" and len(quote) == 1:
            raise _Unreadable
        if c == "{":
            if text.startswith("{", i + 1):
                i += 2
                continue
            end, field_bad = _field(text, i + 1, quote)
            if field_bad:
                bad = True
                if top is not None:
                    if len(quote) == 1 and "\n" in text[i:end]:
                        raise _Unreadable  # a line break in a single-quoted f-string: not blankable in place
                    top.append((i + 1, end - 1))
            i = end
            continue
        i += 1
    raise _Unreadable


def _field(text: str, i: int, quote: str) -> Tuple[int, bool]:
    """``(end, bad)`` of the replacement field whose expression starts at ``i`` (``end`` just past its '}')."""
    n = len(text)
    depth = 0
    bad = False
    in_spec = False
    while i < n:
        c = text[i]
        if in_spec:  # the format spec: text with nested fields, up to the field's '}'
            if c == "{":
                i, inner_bad = _field(text, i + 1, quote)
                bad = bad or inner_bad
                continue
            if c == "}":
                return i + 1, bad
            if c == "\\" or text.startswith(quote, i):
                bad = True
            i += 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                if c != "}":
                    raise _Unreadable
                return i + 1, bad
            depth -= 1
        elif c == ":" and depth == 0:
            in_spec = True
        elif c == "#" or c == "\\":
            bad = True
            if c == "#":
                end = text.find("\n", i)
                if end < 0:
                    raise _Unreadable
                i = end
                continue
        elif c == "\n" and len(quote) == 1:
            bad = True
        elif c in "'\"":
            bad = bad or quote[0] == c  # the outer quote's character: only 3.12 reads it here
            i, inner_bad = _string(text, i, None)
            bad = bad or inner_bad
            continue
        i += 1
    raise _Unreadable
