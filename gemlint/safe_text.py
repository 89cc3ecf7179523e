"""Printing strings that come from the scanned tree: paths, literals, inventory names, config keys.

A pull request chooses those strings, so printed raw they could move the reader's cursor, write the clipboard
(OSC 52), hide text (bidi overrides, U+202E) or start a CI workflow command (a file named
``x\\n::error::FAKE\\n.py``). ``escape`` shows every control character (C0, DEL, C1), bidi control and line
separator as a visible escape, as git quotes such paths (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``; a backslash
doubles only in a string that needed escaping, so plain Windows paths stay as they are). ``guard_lines`` is the
last line of defence on the way out: a line gemlint prints can start a GitHub workflow command (``::name``
after leading blanks, or the legacy ``##[name]`` anywhere in the line) only when gemlint built it.
JSON and SARIF reports keep raw strings (the JSON encoder escapes them).
"""

from __future__ import annotations

import re

# C0 but newline-free text never needs \n kept: every caller escapes whole one-line strings.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}
# In printed output: the same set minus newline (a line separator gemlint itself writes) and tab.
_UNSAFE_OUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SGR = "\x1b\\[[0-9;]*m"  # gemlint's own colours (when colour is on)
# `::name` at a line start: the runner trims leading white space (Unicode's, as .NET's TrimStart) first.
_COMMAND_START = re.compile(r"^([^\S\n]*):(?=:)", re.M)
_LEGACY_COMMAND = "##["  # `##[name]...`: the runner's v1 syntax, recognised anywhere in a line


def _code(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    point = ord(ch)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def escape(text: str) -> str:
    """``text`` with control and bidi characters shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _code(m.group(0)), text.replace("\\", "\\\\"))


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character ``escape`` would change (a control, bidi or separator character)."""
    return _UNSAFE.search(text) is not None


def guard_lines(text: str, keep_colour: bool = False, commands: bool = False, json_text: bool = False) -> str:
    """``text`` made safe to print: stray control characters escaped, no workflow command gemlint did not build.

    Newlines (gemlint's own line breaks) and tabs stay; gemlint's colour codes stay when ``keep_colour``; any
    other control character is escaped. Unless ``commands`` (the ``--format github`` report, whose lines are
    commands built with every part escaped), a line starting with ``::`` gets its first colon escaped and
    ``##[`` becomes ``##\\x5b`` (``\\u003a``, ``\\u005b`` in JSON text: the same string once decoded).
    """
    if keep_colour and "\x1b" in text:
        parts = re.split(f"({_SGR})", text)
        text = "".join(p if i % 2 else _UNSAFE_OUT.sub(lambda m: _code(m.group(0)), p) for i, p in enumerate(parts))
    elif _UNSAFE_OUT.search(text):
        text = _UNSAFE_OUT.sub(lambda m: _code(m.group(0)), text)
    if not commands:
        if "::" in text:
            text = _COMMAND_START.sub(lambda m: m.group(1) + ("\\u003a" if json_text else "\\x3a"), text)
        if _LEGACY_COMMAND in text:
            text = text.replace(_LEGACY_COMMAND, "##\\u005b" if json_text else "##\\x5b")
    return text


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1 and bidi characters as ``\\uXXXX``.

    The encoder already escapes C0; these it leaves raw. The strings decode to the same values.
    """
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
