"""Model references in a Jupyter notebook, cell by cell, as Jupyter runs it.

- The kernel's language decides: a Python kernel's code cells are IPython
  (see ``ipython.py``) and share one namespace in cell order; an R, Julia or
  bash notebook is not Python.
- Cell magics: ``%%time``/``%%timeit``/``%%capture`` bodies are Python in the
  notebook's namespace; ``%%writefile path`` (``%%file``) bodies are scanned as
  the file ``path`` names (Python in its own namespace, TypeScript/JavaScript,
  settings); ``%%python`` bodies are a separate Python program;
  ``%%bigquery``/``%%sql`` bodies are SQL (``sql.py``); every other cell magic
  (``%%bash``, ``%%html``, unknown ones) is not Python and never a syntax error.
- A TypeScript or JavaScript kernel (Deno) has each cell read as a script.
- REST URLs (``…/models/{id}:{method}``) count in every cell body and in the
  shell commands and magic arguments of Python cells.

Locations point into the cell: ``cell`` is the 1-based index in the notebook's
cells list and ``line`` counts the cell's own lines (a magic line is line 1).
"""

from __future__ import annotations

import os
import re
import shlex
from typing import Callable, List, Optional, Sequence, Tuple

from gemlint.budget import poll
from gemlint.extract import names, relevance
from gemlint.extract.notebook import ipython
from gemlint.source import PYTHON_KERNELS, read_notebook
from gemlint.suppress import find_suppressions
from gemlint.types import GEMINI, VERTEX, CallSite, FileError, Location, ModelRef

Suppression = Tuple[int, Optional[int], Tuple[str, ...]]
_URL_STARTS = " \t\"'(<=`"
_CELL_SYNTAX_ERROR = re.compile(r"cell (\d+): syntax error at line (\d+):(\d+)")
_KERNEL_FILES = {"typescript": "cell.ts", "javascript": "cell.js"}  # Deno's Jupyter kernel
_SCRIPT_SUFFIXES = (
    (".tsx", "tsx"),
    (".jsx", "tsx"),
    (".ts", "ts"),
    (".mts", "ts"),
    (".cts", "ts"),
    (".js", "js"),
    (".mjs", "js"),
    (".cjs", "js"),
)


def extract_notebook(
    data: bytes, path: str, known: Callable[[str], bool], facts: Optional[list] = None
) -> Tuple[List[ModelRef], List[FileError], List[Suppression]]:
    """``(refs, errors, suppressions)`` for the notebook bytes ``data``.

    With ``facts`` (a list), the Python cells' cross-file facts are appended to
    it (``PendingUse``s: names imported from the project's modules, environment
    values; ``Write``s: values passed to the project's functions), the cells
    read as one namespace; a notebook exports nothing.
    Raises ``SourceError`` when the notebook cannot be read at all.
    """
    from gemlint.extract.python.extractor import Chunk, extract_python, extract_python_facts

    cells, language = read_notebook(data)
    python_kernel = not language or language in PYTHON_KERNELS
    refs: List[ModelRef] = []
    errors: List[FileError] = []
    sups: List[Suppression] = []
    chunks = []
    shifts = {}
    kernel_file = _KERNEL_FILES.get(language or "")
    for index, source in cells:
        poll()  # the time budget, where no timer interrupts (gemlint.budget)
        if not python_kernel:
            sups.extend(find_suppressions(source, index))
            if kernel_file:  # a Deno (TypeScript/JavaScript) kernel: each cell read as a script
                found, errs = _as_file(source, kernel_file, path, index, known)
                refs.extend(found or [])
                errors.extend(_written_error(e, index, f"{language} cell") for e in errs)
            else:
                refs.extend(text_refs(_lines(source), path, index))
            continue
        magic = ipython.cell_magic(source)
        if magic is None or magic.name in ipython.PYTHON_CELL_MAGICS:
            body = source if magic is None else ipython.blank_through(source, magic.line)
            cell = ipython.transform_cell(body)
            chunks.append(Chunk(cell.python, cell=index))
            if cell.shift:
                shifts[index] = cell.shift
            sups.extend(find_suppressions(cell.python, index, python=True))
            segments = [(s.line, s.column, s.text, s.magic) for s in cell.segments]
            refs.extend(text_refs(segments, path, index))
            for line, column, text, name in segments:
                sups.extend(find_suppressions("\n" * (line - 1) + text, index))
                if name in ipython.SQL_CELL_MAGICS:
                    refs.extend(_sql_refs(text, path, index, line, column, refs))
            continue
        sups.extend(find_suppressions(source, index))
        body = ipython.blank_through(source, magic.line)
        target = magic_file(magic)
        if target:
            found, errs = _as_file(body, target, path, index, known)
            if found is not None:
                refs.extend(found)
                label = f"%%{magic.name} {target}" if magic.name in ipython.WRITEFILE_MAGICS else f"%%{magic.name}"
                errors.extend(_written_error(e, index, label) for e in errs)
                continue
        rest = text_refs(_lines(source), path, index)
        refs.extend(rest)
        if magic.name in ipython.SQL_CELL_MAGICS:
            refs.extend(_sql_refs(source, path, index, 1, 1, rest))
    if chunks:
        keep = relevance.select_cells([c.text for c in chunks])  # the rest cannot matter: never parsed
        chunks = [c for c, chosen in zip(chunks, keep) if chosen]
    if chunks:
        if facts is None:
            found, errs = extract_python(chunks, path, known)
        else:
            writes: list = []
            found, errs, _, pending = extract_python_facts(chunks, path, known, exports=False, writes=writes)
            facts.extend(p._replace(site=_unshift_site(p.site, shifts)) for p in pending)
            facts.extend(w._replace(refs=tuple(_unshift(r, shifts) for r in w.refs)) for w in writes)
        refs.extend(_unshift(r, shifts) for r in found)
        errors.extend(_unshift_error(e, shifts) for e in errs)
    return refs, errors, sups


def text_refs(segments: Sequence[tuple], path: str, cell: Optional[int]) -> List[ModelRef]:
    """REST URL references in non-Python text: ``(line, column, text, ...)`` segments of a cell."""
    refs = []
    for segment in segments:
        line, column, text = segment[0], segment[1], segment[2]
        if "/models/" not in text:
            continue
        for offset, model, verb, method in names.rest_urls(text):
            start = max(text.rfind(c, 0, offset) for c in _URL_STARTS) + 1
            backend = VERTEX if "aiplatform.googleapis.com" in text[start:offset] else GEMINI
            site = CallSite(f"REST URL :{verb}", method, Location(path, line, column + start, cell), backend)
            refs.append(ModelRef(model, Location(path, line, column + offset, cell), site))
    return refs


def _sql_refs(text: str, path: str, cell: int, line: int, column: int, taken: Sequence[ModelRef]) -> List[ModelRef]:
    """Model ids in SQL ``text`` starting at (``line``, ``column``) of ``cell``; REST URLs already found are skipped."""
    from gemlint.extract.notebook.sql import sql_models

    seen = {(r.location.line, r.location.column) for r in taken if r.location.cell == cell}
    refs = []
    for found in sql_models(text):
        before = text[: found.offset]
        row = line + before.count("\n")
        col = (column + found.offset) if "\n" not in before else found.offset - before.rfind("\n")
        if (row, col) in seen or not names.looks_like_model(found.model):
            continue
        site = CallSite(found.kind, found.method, Location(path, row, col, cell), VERTEX)
        refs.append(ModelRef(found.model, Location(path, row, col, cell), site))
    return refs


def _as_file(
    body: str, target: str, path: str, cell: int, known: Callable[[str], bool]
) -> Tuple[Optional[List[ModelRef]], List[FileError]]:
    """Scan a cell body as the file ``target`` (by suffix); None when gemlint does not read that kind."""
    lower = target.lower()
    if lower.endswith((".py", ".pyw")):
        from gemlint.extract.python.extractor import Chunk, extract_python

        refs, errors = extract_python([Chunk(body, cell=cell)], path, known)
        return refs, errors
    dialect = next((d for suffix, d in _SCRIPT_SUFFIXES if lower.endswith(suffix)), "")
    if dialect:
        from gemlint.extract.typescript.extractor import extract_typescript

        refs, errors = extract_typescript(body, path, dialect, known)
        return [_in_cell(r, cell) for r in refs], errors
    from gemlint.extract.settings.extractor import extract_settings
    from gemlint.extract.settings.settings_files import is_settings_file

    if is_settings_file(target):
        return [_in_cell(r, cell) for r in extract_settings(body, path, known)], []
    return None, []


def _written_error(error: FileError, cell: int, label: str) -> FileError:
    """A problem inside a written file: a notice (IPython runs the cell fine), named by cell and file."""
    message = error.message
    prefix = f"cell {cell}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return FileError(error.path, f"{prefix}{label}: {message}", fatal=False)


def _unshift(ref: ModelRef, shifts: dict) -> ModelRef:
    """Columns back where they are in a cell IPython dedented."""
    if not shifts:
        return ref

    def moved(loc: Location) -> Location:
        shift = shifts.get(loc.cell)
        if not shift or not 0 < loc.line <= len(shift) or not shift[loc.line - 1]:
            return loc
        return loc._replace(column=loc.column + shift[loc.line - 1])

    site = ref.site._replace(location=moved(ref.site.location)) if ref.site is not None else None
    return ref._replace(location=moved(ref.location), site=site)


def _unshift_site(site: CallSite, shifts: dict) -> CallSite:
    """A call site's column back where it is in a cell IPython dedented."""
    return _unshift(ModelRef("", site.location, site), shifts).site or site


def _unshift_error(error: FileError, shifts: dict) -> FileError:
    """A syntax error's column back where it is in a cell IPython dedented."""
    m = _CELL_SYNTAX_ERROR.match(error.message)
    shift = shifts.get(int(m.group(1))) if m else None
    if not shift or not 0 < int(m.group(2)) <= len(shift):
        return error
    column = int(m.group(3)) + shift[int(m.group(2)) - 1]
    return error._replace(message=error.message[: m.start(3)] + str(column) + error.message[m.end(3) :])


def _in_cell(ref: ModelRef, cell: int) -> ModelRef:
    site = ref.site
    if site is not None:
        site = site._replace(location=site.location._replace(cell=cell))
    return ref._replace(location=ref.location._replace(cell=cell), site=site)


def magic_file(magic: ipython.CellMagic) -> str:
    """The file a cell magic's body stands for: ``%%writefile`` its path, ``%%python`` a script; else ""."""
    if magic.name in ipython.WRITEFILE_MAGICS:
        return _written_path(magic.argument)
    if magic.name in ipython.SUBPROCESS_PYTHON_MAGICS:
        return "cell.py"
    if magic.name == "script":  # %%script python3 / %%script node
        program = os.path.basename((magic.argument.split() or [""])[0])
        if program.startswith(("python", "pypy")):
            return "cell.py"
        if program in ("node", "nodejs"):
            return "cell.js"
    return ""


def _written_path(argument: str) -> str:
    """The file a ``%%writefile [-a] path`` cell writes."""
    try:
        words = shlex.split(argument)
    except ValueError:
        words = argument.split()
    files = [w for w in words if not w.startswith("-")]
    return files[0] if files else ""


def _lines(source: str) -> List[Tuple[int, int, str]]:
    return [(n, 1, line) for n, line in enumerate(source.split("\n"), start=1)]
