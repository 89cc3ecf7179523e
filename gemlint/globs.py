"""gitignore-style globs that match in linear time, whatever the pattern.

``exclude``, ``extend-exclude``, ``per-file-ignores`` and ``backend`` patterns come from the repository's
configuration, that is from a pull request. Translated to a backtracking regex, ``*a*a*a*a*a*a*a*a*b`` against a
long file name takes minutes, and ``[\\]`` or ``x[z-a]`` is a regex error. Here a pattern is parsed into tokens
(every character class built by gemlint, never handed to ``re`` raw): a pattern with at most two wildcards runs
as a compiled regex (its backtracking is at most quadratic in a path's length), any other one through a
Thompson simulation of its automaton, O(len(path) x len(pattern)).

Syntax: ``*`` any run of characters but ``/``; ``?`` one character but ``/``; ``[abc]``, ``[a-z]``, ``[!x]``
(``^`` too) one character of the class, never ``/`` (``\\`` escapes inside and outside a class); ``**/`` any
folders (or none); a trailing ``/**`` everything inside; ``**`` elsewhere any run of characters.
"""

from __future__ import annotations

import re
from typing import FrozenSet, List, Optional, Tuple, Union

# Token kinds.
LIT, ONE, CLASS, STAR, DSTAR, DIRS = range(6)
Token = Tuple[int, Union[str, Tuple[bool, FrozenSet[str], Tuple[Tuple[str, str], ...]], None]]


def _parse_class(pat: str, i: int) -> Optional[Tuple[Token, int]]:
    """The class starting at ``pat[i] == '['``: ``(token, index after ']')``, or None when unterminated."""
    j = i + 1
    negated = False
    if j < len(pat) and pat[j] in "!^":
        negated = True
        j += 1
    chars: List[str] = []
    ranges: List[Tuple[str, str]] = []
    first = True
    while j < len(pat):
        c = pat[j]
        if c == "]" and not first:
            return (CLASS, (negated, frozenset(chars), tuple(ranges))), j + 1
        first = False
        if c == "\\" and j + 1 < len(pat):
            j += 1
            c = pat[j]
        if j + 2 < len(pat) and pat[j + 1] == "-" and pat[j + 2] != "]":
            hi = pat[j + 2]
            if hi == "\\" and j + 3 < len(pat):
                hi = pat[j + 3]
                j += 1
            ranges.append((c, hi))  # a reversed range (z-a) matches nothing
            j += 3
            continue
        chars.append(c)
        j += 1
    return None


def parse(pat: str) -> List[Token]:
    """The tokens of a glob (see the module docstring)."""
    out: List[Token] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if pat.startswith("**/", i):
            out.append((DIRS, None))
            i += 3
        elif pat.startswith("/**", i) and i + 3 == n:
            out.append((LIT, "/"))
            out.append((DSTAR, None))
            i += 3
        elif pat.startswith("**", i):
            out.append((DSTAR, None))
            i += 2
        elif c == "*":
            if not out or out[-1][0] != STAR:  # `**`-free runs of stars are one star
                out.append((STAR, None))
            i += 1
        elif c == "?":
            out.append((ONE, None))
            i += 1
        elif c == "[":
            parsed = _parse_class(pat, i)
            if parsed is None:
                out.append((LIT, "["))
                i += 1
            else:
                out.append(parsed[0])
                i = parsed[1]
        elif c == "\\" and i + 1 < n:
            out.append((LIT, pat[i + 1]))
            i += 2
        else:
            out.append((LIT, c))
            i += 1
    return out


def _in_class(spec, ch: str) -> bool:
    negated, chars, ranges = spec
    if ch == "/":
        return False
    hit = ch in chars or any(lo <= ch <= hi for lo, hi in ranges)
    return hit != negated


def _class_regex(spec) -> str:
    negated, chars, ranges = spec
    body = "".join(re.escape(c) for c in sorted(chars))
    body += "".join(f"{re.escape(lo)}-{re.escape(hi)}" for lo, hi in ranges if lo <= hi)
    if negated:
        return f"[^/{body}]"
    return f"(?!/)[{body}]" if body else "(?!)"


def _regex(tokens: List[Token]) -> str:
    parts = []
    for kind, value in tokens:
        if kind == LIT:
            parts.append(re.escape(value))  # type: ignore[arg-type]
        elif kind == ONE:
            parts.append("[^/]")
        elif kind == CLASS:
            parts.append(_class_regex(value))
        elif kind == STAR:
            parts.append("[^/]*")
        elif kind == DSTAR:
            parts.append(".*")
        else:
            parts.append("(?:.*/)?")
    return "".join(parts)


class Glob:
    """One compiled pattern; ``match(path)`` is a whole-string match of a ``/``-separated relative path."""

    def __init__(self, pattern: str, anchored: bool = True) -> None:
        tokens = parse(pattern)
        if not anchored and tokens[:1] != [(DIRS, None)]:
            tokens = [(DIRS, None)] + tokens
        self.tokens = tokens
        wild = sum(1 for kind, _ in tokens if kind in (STAR, DSTAR, DIRS))
        self._regex = re.compile(_regex(tokens) + r"\Z", re.S) if wild <= 2 else None

    def match(self, path: str) -> bool:
        """Whether the whole of ``path`` matches."""
        if self._regex is not None:
            return self._regex.match(path) is not None
        return self._simulate(path)

    def _closure(self, states: set) -> set:
        tokens = self.tokens
        stack = list(states)
        while stack:
            i = stack.pop()
            if 0 <= i < len(tokens) and tokens[i][0] in (STAR, DSTAR, DIRS) and i + 1 not in states:
                states.add(i + 1)
                stack.append(i + 1)
        return states

    def _simulate(self, path: str) -> bool:
        tokens = self.tokens
        end = len(tokens)
        states = self._closure({0})
        for ch in path:
            nxt = set()
            for i in states:
                if i < 0:  # inside a `**/` (-(index + 1)): its empty alternative is behind it
                    i = -i - 1
                    nxt.add(-i - 1)
                    if ch == "/":
                        nxt.add(i + 1)
                    continue
                if i == end:
                    continue
                kind, value = tokens[i]
                if kind == LIT:
                    if ch == value:
                        nxt.add(i + 1)
                elif kind == ONE:
                    if ch != "/":
                        nxt.add(i + 1)
                elif kind == CLASS:
                    if _in_class(value, ch):
                        nxt.add(i + 1)
                elif kind == STAR:
                    if ch != "/":
                        nxt.add(i)
                elif kind == DSTAR:
                    nxt.add(i)
                else:  # DIRS: any characters up to a '/' (then past it), or nothing (the closure)
                    nxt.add(-i - 1)
                    if ch == "/":
                        nxt.add(i + 1)
            if not nxt:
                return False
            states = self._closure(nxt)
        return end in states
