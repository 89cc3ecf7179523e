"""The files an edit touches, in memory: reading them back faithfully, editing lines and notebook cells.

Shared by ``--fix``, ``--add-ignore`` and any other caller that needs the same
edit (an editor's quick fix): offsets are computed on the file's own text
(BOM removed, its newlines kept), notebooks are edited inside a cell's
``source`` and written back in their own JSON style.
"""

from __future__ import annotations

import codecs
import difflib
import io
import json
import os
import re
import tokenize
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from gemlint.discover import language_of
from gemlint.safe_write import reason, write_bytes
from gemlint.source import line_offset

_EOL = re.compile(r"\r\n|\r|\n")
TS_KINDS = ("ts", "tsx", "js")


@dataclass
class Doc:
    """One file being rewritten: its bytes, how they decode, and the current text.

    ``text`` is the decoded content with the BOM removed and the file's own
    newlines kept (offsets are computed on it, never on gemlint's normalised
    text). Notebooks keep the parsed JSON in ``nb`` and their edited source
    strings in ``strings`` (original → current) for a byte-faithful write.
    """

    display: str
    path: str
    kind: str
    data: bytes
    bom: bytes
    codec: str
    original: str
    text: str
    nb: Optional[dict] = None
    strings: Dict[Tuple[int, int], Tuple[str, str]] = field(default_factory=dict)
    meaning: Optional[str] = None  # AST dump of a Python file while comments are added

    def encoded(self) -> bytes:
        """The current content, encoded like the original."""
        return self.bom + self.current().encode(self.codec)

    def current(self) -> str:
        if self.nb is None or not self.strings:
            return self.text
        return dump_notebook(self.nb, self.original, self.strings)

    def changed(self) -> bool:
        return self.current() != self.original


def split_encoding(data: bytes, kind: str) -> Tuple[bytes, str]:
    """``(bom, codec)`` as gemlint.source decodes the file (coding cookies for Python)."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return bom, codec
    if data.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8, "utf-8"
    if kind == "python":
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return b"", "utf-8" if encoding == "utf-8-sig" else encoding
    return b"", "utf-8"


def load_doc(display: str) -> Doc:
    """Read a scanned file for rewriting; raises OSError, ValueError or SyntaxError."""
    path = os.path.abspath(display)
    kind = language_of(path) or "settings"
    with open(path, "rb") as fh:
        data = fh.read()
    bom, codec = split_encoding(data, kind)
    text = data[len(bom) :].decode(codec)
    nb = json.loads(text) if kind == "notebook" else None
    return Doc(display, path, kind, data, bom, codec, text, text, nb)


class Workspace:
    """The files touched by one run, loaded once, written (or diffed) at the end."""

    def __init__(self) -> None:
        self.docs: Dict[str, Doc] = {}
        self.broken: Dict[str, str] = {}

    def get(self, display: str) -> Optional[Doc]:
        """The file shown as ``display`` in reports, or None when it cannot be read back."""
        if display in self.broken:
            return None
        doc = self.docs.get(display)
        if doc is None:
            try:
                doc = self.docs[display] = load_doc(display)
            except (OSError, ValueError, SyntaxError, LookupError) as exc:
                self.broken[display] = str(getattr(exc, "strerror", None) or exc).splitlines()[0]
                return None
        return doc

    def changed(self) -> List[Doc]:
        return [d for _, d in sorted(self.docs.items()) if d.changed()]

    def write(self, roots: Sequence[str]) -> List[Tuple[str, str]]:
        """Write every changed file (atomically, never out of ``roots``); returns ``(path, reason)`` for failures."""
        failed = []
        for doc in self.changed():
            try:
                write_bytes(doc.path, doc.encoded(), roots)
            except OSError as exc:
                failed.append((doc.display, reason(exc)))
        return failed

    def diff(self) -> str:
        """The unified diff of every changed file (``--- a/path`` / ``+++ b/path``)."""
        return "".join(unified_diff(d.display, d.original, d.current()) for d in self.changed())


def unified_diff(display: str, before: str, after: str) -> str:
    """A git-style unified diff of one file, marking a missing final newline."""
    name = display.lstrip("/")
    lines = difflib.unified_diff(split_lines(before), split_lines(after), fromfile=f"a/{name}", tofile=f"b/{name}", n=3)
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def split_lines(text: str) -> List[str]:
    """Lines with their own terminators (``\\r\\n``, ``\\r`` or ``\\n``) only."""
    out, start = [], 0
    for m in _EOL.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


# --------------------------------------------------------------------------- offsets in raw text


def line_starts(text: str) -> List[int]:
    """Offsets where each line begins; line 1 begins after any leading U+FEFF (as gemlint reads it)."""
    starts = [len(text) - len(text.lstrip("\ufeff"))]
    starts.extend(m.end() for m in _EOL.finditer(text))
    return starts


def line_span(text: str, line: int, starts: Optional[List[int]] = None) -> Optional[Tuple[int, int]]:
    """``(start, end)`` of line ``line`` (1-based) without its terminator, or None."""
    starts = starts if starts is not None else line_starts(text)
    if line < 1 or line > len(starts):
        return None
    start = starts[line - 1]
    m = _EOL.search(text, start)
    return start, (m.start() if m else len(text))


def replace_name(text: str, line: int, column: int, old: str, new: str) -> Optional[str]:
    """``text`` with ``old`` at (line, column) replaced by ``new``; None when the text there differs."""
    span = line_span(text, line)
    if span is None or column < 1:
        return None
    offset = span[0] + column - 1
    if offset + len(old) > span[1] or text[offset : offset + len(old)] != old:
        return None
    return text[:offset] + new + text[offset + len(old) :]


# --------------------------------------------------------------------------- notebooks


def cell_source(nb: dict, cell: int) -> Optional[Tuple[dict, List[str]]]:
    """The cell (1-based) and its source as a list of strings, or None."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not 1 <= cell <= len(cells) or not isinstance(cells[cell - 1], dict):
        return None
    source = cells[cell - 1].get("source", "")
    if isinstance(source, str):
        return cells[cell - 1], [source]
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return cells[cell - 1], list(source)
    return None


def cell_offset(parts: List[str], line: int, column: int) -> Optional[int]:
    """Offset of (line, column) in the joined cell source (lines split on ``\\n``, as gemlint reads cells)."""
    return line_offset("".join(parts), line, column)


def edit_parts(parts: List[str], offset: int, length: int, new: str) -> Optional[Tuple[int, str]]:
    """Replace ``length`` characters at ``offset`` inside one element; ``(index, new element)`` or None."""
    start = 0
    for index, part in enumerate(parts):
        end = start + len(part)
        inside = start <= offset < end or (offset == end and index == len(parts) - 1)
        if inside and offset + length <= end:
            local = offset - start
            return index, part[:local] + new + part[local + length :]
        start = end
    return None


def set_part(doc: Doc, cell: int, cell_dict: dict, parts: List[str], index: int, value: str) -> None:
    """Store one edited source element in the notebook, remembering the original string."""
    key = (cell, index)
    original = doc.strings.get(key, (parts[index], parts[index]))[0]
    doc.strings[key] = (original, value)
    if isinstance(cell_dict.get("source"), str):
        cell_dict["source"] = value
    else:
        cell_dict["source"][index] = value


def notebook_style(text: str) -> Tuple[Optional[int], str, bool]:
    """``(indent, newline, trailing newline)`` of a notebook file as written."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    indent = None
    if len(lines) > 1:
        second = lines[1]
        indent = len(second) - len(second.lstrip(" "))
    return indent, newline, text.endswith(newline)


def _dumps(nb: Any, indent: Optional[int], ensure_ascii: bool, newline: str, trailing: bool) -> str:
    text = json.dumps(nb, indent=indent, ensure_ascii=ensure_ascii)
    if newline != "\n":
        text = text.replace("\n", newline)
    return text + newline if trailing else text


def dump_notebook(nb: dict, original: str, strings: Dict[Tuple[int, int], Tuple[str, str]]) -> str:
    """The edited notebook in the original's JSON style, byte-identical outside the edited strings.

    Tries the styles nbformat and editors write (indent 1, 2 or 4; ASCII or
    not); when none reproduces the original exactly, swaps the edited source
    strings textually; only as a last resort re-dumps with the detected indent.
    """
    indent, newline, trailing = notebook_style(original)
    before = json.loads(original)
    for ind in dict.fromkeys((indent, 1, 2, 4)):
        for ensure_ascii in (False, True):
            if _dumps(before, ind, ensure_ascii, newline, trailing) == original:
                return _dumps(nb, ind, ensure_ascii, newline, trailing)
    swapped = swap_json_strings(original, strings.values())
    if swapped is not None:
        return swapped
    return _dumps(nb, indent, False, newline, trailing)


def swap_json_strings(text: str, pairs: Iterable[Tuple[str, str]]) -> Optional[str]:
    """Replace each string's JSON spelling when it occurs exactly once in ``text``; else None."""
    for old, new in pairs:
        for ensure_ascii in (False, True):
            needle = json.dumps(old, ensure_ascii=ensure_ascii)
            if text.count(needle) == 1:
                text = text.replace(needle, json.dumps(new, ensure_ascii=ensure_ascii))
                break
        else:
            return None
    return text


def plural(n: int, word: str, many: str = "") -> str:
    """``1 file``, ``2 files`` (``many`` for irregular plurals)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"
