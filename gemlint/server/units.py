"""What the server checks as one file: a text document, or a notebook made of its cell documents.

A notebook opened through LSP notebook sync is rebuilt as ``.ipynb`` JSON from
the cells as they are in the editor (markup cells kept, so a finding's ``cell``
is the position in the editor's cell list) and checked by the same pipeline
as a notebook on disk. A finding's ``cell`` then names the cell document its
diagnostic belongs to.
"""

from __future__ import annotations

import json
from typing import List, Optional, Tuple
from urllib.parse import unquote, urlparse

from gemlint.records import record

PYTHON_CELL_LANGUAGES = ("python", "ipython", "py")


def uri_to_path(uri: str) -> str:
    """The file system path of a ``file:`` URI; other URIs (untitled, cells) are kept as they are."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    path = unquote(parsed.path)
    if len(path) > 2 and path[0] == "/" and path[2] == ":":  # file:///C:/x on Windows
        path = path[1:]
    return path


@record
class Cell:
    """One notebook cell as the editor has it."""

    uri: str
    code: bool
    language: str
    text: str


@record
class Unit:
    """One checked file: a text document (``cells`` empty) or a notebook."""

    uri: str
    path: str
    text: str = ""
    cells: Tuple[Cell, ...] = ()
    notebook: bool = False

    def data(self, cell_uri: Optional[str] = None, cell_text: Optional[str] = None) -> str:
        """The file's text, a notebook's as ``.ipynb`` JSON; ``cell_text`` replaces the cell ``cell_uri``."""
        if not self.notebook:
            return self.text if cell_text is None else cell_text
        cells = []
        for cell in self.cells:
            text = cell_text if cell.uri == cell_uri and cell_text is not None else cell.text
            python = cell.code and cell.language.lower() in PYTHON_CELL_LANGUAGES
            cells.append({"cell_type": "code" if python else ("raw" if cell.code else "markdown"), "source": text})
        return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

    def document_uris(self) -> List[str]:
        """The documents diagnostics are published for (the cells of a notebook)."""
        return [c.uri for c in self.cells] if self.notebook else [self.uri]

    def cell_of(self, uri: str) -> Optional[int]:
        """The 1-based cell number of the cell document ``uri``."""
        for index, cell in enumerate(self.cells, start=1):
            if cell.uri == uri:
                return index
        return None

    def document_of(self, cell: Optional[int]) -> Optional[Tuple[str, str]]:
        """``(uri, text)`` of the document a location in this unit falls in."""
        if not self.notebook:
            return (self.uri, self.text) if cell is None else None  # an .ipynb opened as JSON text
        if cell is None or not 1 <= cell <= len(self.cells):
            return None
        found = self.cells[cell - 1]
        return found.uri, found.text


def notebook_path(uri: str) -> str:
    """A notebook's path, with the ``.ipynb`` suffix the pipeline reads notebooks by."""
    path = uri_to_path(uri)
    return path if path.lower().endswith(".ipynb") else path + ".ipynb"
