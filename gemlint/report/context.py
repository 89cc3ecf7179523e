"""What reporters may need besides the findings: sources for snippets, colour."""

from __future__ import annotations

from typing import Dict, List, Optional


class ReportContext:
    """Options for rendering; ``line()`` reads a file's lines on demand."""

    def __init__(
        self,
        color: bool = False,
        show_source: bool = False,
        tool_version: str = "",
        inventory_path: Optional[str] = None,
        verbose: bool = False,
    ) -> None:
        self.color = color
        self.show_source = show_source
        self.tool_version = tool_version
        self.inventory_path = inventory_path
        self.verbose = verbose  # details under each finding (what decided the platform)
        self._lines: Dict[str, Optional[List[str]]] = {}

    def line(self, path: str, line: int, cell: Optional[int] = None) -> Optional[str]:
        """The text of ``line`` in ``path`` (or in notebook ``cell``), if readable."""
        key = f"{path}#{cell}"
        if key not in self._lines:
            self._lines[key] = _read_lines(path, cell)
        lines = self._lines[key]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]


def _read_lines(path: str, cell: Optional[int]) -> Optional[List[str]]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    from gemlint.source import SourceError, decode_text

    try:
        if cell is not None:
            import json

            nb = json.loads(decode_text(data))
            source = nb["cells"][cell - 1].get("source", "")
            return ("".join(source) if isinstance(source, list) else str(source)).split("\n")
        return decode_text(data).split("\n")
    except (SourceError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
