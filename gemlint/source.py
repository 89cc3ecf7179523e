"""Bytes → text, in one place: encodings, notebooks, binary and minified files.

Every problem becomes a ``SourceError`` with a one-line reason; callers turn
it into a ``FileError`` and the scan carries on.
"""

from __future__ import annotations

import codecs
import io
import json
import tokenize
from typing import TYPE_CHECKING, List, Optional, Tuple

if TYPE_CHECKING:  # the Python extractor is loaded only when a notebook is read
    from gemlint.extract.python.nodes import Chunk


MINIFIED_LINE = 5000  # a line longer than this marks a minified or generated bundle
MINIFIED_SUFFIXES = (".min.js", ".min.mjs", ".min.cjs", ".bundle.js", "-min.js", ".chunk.js")


class SourceError(Exception):
    """A file whose contents cannot be turned into text; the message is one line."""


def decode_python(data: bytes) -> str:
    """Decode Python source honouring the BOM and the PEP 263 coding cookie."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceError(f"cannot decode: {exc}") from None
    return _decode(data, encoding)


def decode_text(data: bytes) -> str:
    """Decode a non-Python text file: UTF-8 (with or without BOM) or BOM-marked UTF-16."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")
    return _decode(data, "utf-8")  # a UTF-8 BOM decodes to U+FEFF, dropped below


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "utf-8-sig":  # the BOM tokenize found; plain UTF-8 spares importing another codec
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        line = data.count(b"\n", 0, exc.start) + 1
        shown = {"utf-8": "UTF-8", "utf-16": "UTF-16"}.get(encoding.lower(), encoding)
        raise SourceError(f"not valid {shown} (byte 0x{bad} on line {line}); not scanned") from None
    except LookupError:
        raise SourceError(f"unknown encoding {encoding!r} in the coding cookie; not scanned") from None
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def is_utf16(data: bytes) -> bool:
    """BOM-marked UTF-16: text, though its bytes hold NULs and no ASCII model names."""
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def looks_binary(data: bytes) -> bool:
    """A NUL byte near the start marks a binary file (as codespell and git do); UTF-16 is text."""
    return b"\0" in data[:8192] and not is_utf16(data)


def is_minified(path: str, data: bytes) -> bool:
    """Minified or generated bundles: known suffixes, or any very long line."""
    if path.endswith(MINIFIED_SUFFIXES):
        return True
    if len(data) <= MINIFIED_LINE:
        return False
    start = 0
    find = data.find
    while True:
        end = find(b"\n", start)
        if end < 0:
            return len(data) - start > MINIFIED_LINE
        if end - start > MINIFIED_LINE:
            return True
        start = end + 1


PYTHON_KERNELS = ("python", "python3", "ipython", "ipython3")


def read_notebook(data: bytes) -> Tuple[List[Tuple[int, str]], Optional[str]]:
    """``([(cell number, source), ...], kernel language)``: the non-blank code cells, 1-based.

    Markdown and raw cells and every output are left out. Raises SourceError
    when the notebook is not JSON or has no cells list.
    """
    try:
        nb = json.loads(decode_text(data))
    except ValueError as exc:
        raise SourceError(f"notebook is not valid JSON ({str(exc).splitlines()[0]}); not scanned") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SourceError("notebook has no 'cells' list; not scanned")
    cells = []
    for index, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if isinstance(source, str) and source.strip():
            cells.append((index, source))
    return cells, _notebook_language(nb)


def notebook_chunks(data: bytes) -> Tuple[List[Chunk], Optional[str]]:
    """The cells of a notebook Python parses, as IPython runs them; or ``([], reason)``.

    Plain code cells and ``%%time``/``%%timeit``/``%%capture`` bodies, after
    IPython's input transformation (see ``extract/ipython.py``); other cell
    magics are not Python. Raises SourceError when the notebook is unreadable.
    """
    from gemlint.extract.notebook.ipython import PYTHON_CELL_MAGICS, blank_through, cell_magic, transform_cell
    from gemlint.extract.python.nodes import Chunk

    cells, language = read_notebook(data)
    if language and language not in PYTHON_KERNELS:
        return [], f"notebook language is {language}; not Python"
    chunks = []
    for index, source in cells:
        magic = cell_magic(source)
        if magic is not None:
            if magic.name not in PYTHON_CELL_MAGICS:
                continue
            source = blank_through(source, magic.line)
        chunks.append(Chunk(transform_cell(source).python, cell=index))
    return chunks, None


def line_offset(text: str, line: int, column: int) -> Optional[int]:
    """Offset of 1-based ``line``/``column`` in ``text`` (lines split on ``\\n``, as cells are read), or None."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return None
        start = found + 1
    return start + column - 1


def blank_magics(source: str) -> str:
    """A code cell as Python sees it after IPython's transformation (lines and columns kept)."""
    from gemlint.extract.notebook.ipython import blank_through, cell_magic, transform_cell

    magic = cell_magic(source)
    if magic is not None:
        source = blank_through(source, magic.line)
    return transform_cell(source).python


def _notebook_language(nb: dict) -> Optional[str]:
    meta = nb.get("metadata")
    if not isinstance(meta, dict):
        return None
    for key in ("kernelspec", "language_info"):
        section = meta.get(key)
        if isinstance(section, dict):
            value = section.get("language") or (section.get("name") if key == "language_info" else None)
            if isinstance(value, str):
                return value.lower()
    return None
