"""Adopting gemlint on an existing codebase: baseline, safe autofix and inline ignores.

``adopt()`` runs after the scan, in this order:

1. ``--baseline FILE`` (or ``baseline`` in the configuration) drops the findings
   recorded in the baseline and notes the entries that no longer match anything
   (so the file shrinks over time). Not applied with ``--write-baseline``,
   which records every current finding.
2. ``--fix`` rewrites each name whose finding carries a safe ``Fix`` in place:
   only the characters of the name change; quotes, the ``models/`` prefix,
   encoding, BOM and newlines are kept. Notebooks are edited inside the cell's
   ``source`` and written back in their own JSON style.
3. ``--add-ignore`` appends ``gemlint: ignore[CODES]`` to every line that still
   has findings (``#``, ``//`` or ``{/* */}`` inside JSX; never in JSON).
4. ``--write-baseline FILE`` records what is left and reports nothing.

Exit codes (chosen like ruff and detect-secrets): ``--write-baseline`` reports
no finding and exits 0 (file errors are recorded too and shown as warnings);
``--diff`` writes nothing, prints the unified diff to stdout instead of the
report and exits 1 when the diff is not empty, 0 otherwise. ``--diff`` alone
implies ``--fix``.
"""

from __future__ import annotations

import ast
import codecs
import difflib
import io
import json
import os
import re
import tokenize
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import click

from .discover import language_of
from .errors import Failure
from .safe_write import project_roots, reason, write_bytes, write_text
from .source import blank_magics, line_offset
from .suppress import PATTERN
from .types import FileError, Finding, Location, RunResult, replace

BASELINE_VERSION = 1
FILE_ERROR_CODE = "file-error"  # baseline entries for files that could not be read or parsed
_EOL = re.compile(r"\r\n|\r|\n")
_TS_KINDS = ("ts", "tsx", "js")
_UNSAFE_TS_NODES = frozenset({"string", "string_fragment", "template_string", "comment", "regex", "jsx_text"})
_JSX_CHILD_CONTEXT = frozenset({"jsx_element", "jsx_fragment"})

Key = Tuple[str, int, str, str, str]  # (path, cell, code, model, call site)


# --------------------------------------------------------------------------- entry point


def adopt(result: RunResult, scanner: Any, opts: Dict[str, Any]) -> RunResult:
    """Apply baseline, fix, add-ignore and write-baseline as ``opts`` asks; returns what is left to report."""
    write_path = opts.get("write_baseline")
    show_diff = bool(opts.get("show_diff"))
    add_ignore = bool(opts.get("add_ignore"))
    do_fix = bool(opts.get("fix")) or (show_diff and not add_ignore)
    if show_diff and write_path:
        raise Failure("--diff writes nothing, so it cannot be combined with --write-baseline")
    baseline_path = None if write_path else (opts.get("baseline") or scanner.config.baseline)
    config = scanner.config  # writes stay in the configuration's folder and the scanned folders
    roots = project_roots(config.root if config.path else None, opts.get("paths") or ["."])
    result = without_file(result, write_path or baseline_path)
    if baseline_path:
        result = apply_baseline(result, load_baseline(baseline_path), baseline_path, opts.get("paths"))
    if do_fix or add_ignore:
        result = _rewrite(result, do_fix, add_ignore, show_diff, roots)
    if write_path:
        result = record_baseline(result, write_path, opts.get("paths"), [*roots, os.getcwd()])
    return result


def without_file(result: RunResult, path: Optional[str]) -> RunResult:
    """Drop what the scan found in the baseline file itself (a .json settings file full of model names)."""
    if not path:
        return result
    target = os.path.abspath(path)
    findings = tuple(f for f in result.findings if os.path.abspath(f.location.path) != target)
    errors = tuple(e for e in result.errors if os.path.abspath(e.path) != target)
    if len(findings) == len(result.findings) and len(errors) == len(result.errors):
        return result
    return replace(result, findings=findings, errors=errors)


def _rewrite(result: RunResult, do_fix: bool, add_ignore: bool, show_diff: bool, roots: Sequence[str]) -> RunResult:
    """Fix and/or add ignores in memory, then write the files or print the diff."""
    ws = Workspace()
    notes: List[str] = []
    changed: List[Finding] = []
    findings = list(result.findings)
    summary = ""
    if do_fix:
        findings, fixed, fix_notes = apply_fixes(findings, ws)
        changed.extend(fixed)
        notes.extend(fix_notes)
        summary = fix_summary(fixed, findings, dry_run=show_diff)
    if add_ignore:
        findings, ignored, ignore_notes = add_ignores(findings, ws)
        changed.extend(ignored)
        notes.extend(ignore_notes)
    if show_diff:
        click.echo(ws.diff(), nl=False)
        findings = sorted(changed, key=_order)
    else:
        failed = dict(ws.write(roots))
        if failed:
            notes.extend(
                f"cannot write {path}: {why}; its findings are reported unchanged" for path, why in failed.items()
            )
            findings = [f for f in findings if f.location.path not in failed]
            findings = sorted(findings + [f for f in result.findings if f.location.path in failed], key=_order)
    if summary:
        click.echo(summary, err=True)
    return replace(result, findings=tuple(findings), notices=result.notices + tuple(notes))


def fix_summary(fixed: Sequence[Finding], left: Sequence[Finding], dry_run: bool) -> str:
    """``gemlint: fixed N names in M files; K findings have no safe fix (...)``."""
    names = len({_position(f) for f in fixed})
    files = len({f.location.path for f in fixed})
    no_fix = sum(1 for f in left if f.fix is None and f.code != "GL900")
    return (
        f"gemlint: {'would fix' if dry_run else 'fixed'} {_plural(names, 'name')} in {_plural(files, 'file')}; "
        f"{_plural(no_fix, 'finding')} {'has' if no_fix == 1 else 'have'} no safe fix "
        "(see no_fix_reason in --format json)"
    )


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def _order(f: Finding):
    loc = f.location
    return (loc.path, loc.cell or 0, loc.line, loc.column, f.code, f.message)


# --------------------------------------------------------------------------- files in memory


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


def fix_in_notebook(doc: Doc, loc: Location, old: str, new: str) -> bool:
    """Replace ``old`` by ``new`` at the location inside the cell source."""
    found = cell_source(doc.nb, loc.cell or 0)
    if found is None:
        return False
    cell_dict, parts = found
    offset = cell_offset(parts, loc.line, loc.column)
    joined = "".join(parts)
    if offset is None or joined[offset : offset + len(old)] != old:
        return False
    edit = edit_parts(parts, offset, len(old), new)
    if edit is None:
        return False
    set_part(doc, loc.cell, cell_dict, parts, *edit)
    return True


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


# --------------------------------------------------------------------------- --fix


def apply_fixes(findings: List[Finding], ws: Workspace) -> Tuple[List[Finding], List[Finding], List[str]]:
    """Apply every finding's safe fix; returns ``(findings left, findings fixed, notes)``.

    Fixes are applied right to left within a line so earlier columns stay
    valid. A finding whose name no longer reads ``fix.old`` at its location is
    skipped with a note. Every other finding at a fixed literal goes too (the
    name it was about is gone), and columns after a fix on the same line shift.
    """
    fixable = sorted((f for f in findings if f.fix is not None), key=_position, reverse=True)
    done: Dict[Tuple[str, int, int, int], Finding] = {}
    notes: List[str] = []
    for f in fixable:
        key = _position(f)
        if key in done:
            continue
        if _apply_fix(f, ws):
            done[key] = f
        else:
            notes.append(f"{f.location.display()}: the text there is no longer '{f.fix.old}'; not fixed")
    fixed = [f for f in findings if _position(f) in done and f.fix is not None and f.fix == done[_position(f)].fix]
    left = [_shift(f, done) for f in findings if _position(f) not in done]
    return left, fixed, notes


def _position(f: Finding) -> Tuple[str, int, int, int]:
    loc = f.location
    return (loc.path, loc.cell or 0, loc.line, loc.column)


def _apply_fix(f: Finding, ws: Workspace) -> bool:
    doc = ws.get(f.location.path)
    if doc is None:
        return False
    if doc.nb is not None:
        return fix_in_notebook(doc, f.location, f.fix.old, f.fix.new)
    if f.location.cell is not None:
        return False
    new_text = replace_name(doc.text, f.location.line, f.location.column, f.fix.old, f.fix.new)
    if new_text is None:
        return False
    doc.text = new_text
    return True


def _shift(f: Finding, done: Dict[Tuple[str, int, int, int], Finding]) -> Finding:
    """Move a finding's column past the fixes made before it on its line."""
    path, cell, line, column = _position(f)
    delta = sum(
        len(g.fix.new) - len(g.fix.old)
        for (p, c, ln, col), g in done.items()
        if (p, c, ln) == (path, cell, line) and col < column
    )
    if not delta:
        return f
    return replace(f, location=replace(f.location, column=column + delta))


# --------------------------------------------------------------------------- --add-ignore


def comment_style(doc: Doc) -> Optional[str]:
    """The comment marker appended for this file, or None (JSON has no comments)."""
    if doc.kind in ("python", "notebook"):
        return "  # "
    if doc.kind in _TS_KINDS:
        return " // "
    if doc.path.lower().endswith(".json"):
        return None
    return "  # "


def merge_ignore(line: str, codes: Sequence[str], marker: str) -> Optional[str]:
    """``line`` with ``codes`` added to its gemlint ignore comment, or a new comment appended.

    ``marker`` is the comment opener with its spacing (``"  # "``, ``" // "``)
    or ``"{/* "`` for a JSX child. Returns None when a bare ``gemlint: ignore``
    already covers everything.
    """
    m = PATTERN.search(line)
    if m is not None:
        raw = m.group("codes")
        if not raw or not raw.strip():
            return None
        merged = sorted({c.strip().upper() for c in raw.split(",") if c.strip()} | set(codes))
        return line[: m.start("codes")] + ",".join(merged) + line[m.end("codes") :]
    body = f"gemlint: ignore[{','.join(sorted(set(codes)))}]"
    if marker == "{/* ":
        return line + "{/* " + body + " */}"
    return line + marker + body


def add_ignores(findings: List[Finding], ws: Workspace) -> Tuple[List[Finding], List[Finding], List[str]]:
    """Comment every line that has findings; returns ``(findings left, findings ignored, notes)``.

    GL900 (unused suppression) is never ignored: remove the stale comment instead.
    """
    lines: Dict[Tuple[str, int, int], List[Finding]] = {}
    for f in findings:
        if f.code != "GL900":
            lines.setdefault((f.location.path, f.location.cell or 0, f.location.line), []).append(f)
    done, notes = set(), []
    for key, group in sorted(lines.items()):
        why = _ignore_line(ws, key, sorted({f.code for f in group}))
        if why is None:
            done.add(key)
        else:
            notes.append(f"{group[0].location.display()}: cannot add a gemlint ignore comment ({why})")
    left, ignored = [], []
    for f in findings:
        key = (f.location.path, f.location.cell or 0, f.location.line)
        (ignored if key in done else left).append(f)
    return left, ignored, notes


def _ignore_line(ws: Workspace, key: Tuple[str, int, int], codes: List[str]) -> Optional[str]:
    """Add the comment for one line; None on success, else the reason it was not added."""
    path, cell, line = key
    doc = ws.get(path)
    if doc is None:
        return f"cannot read it back: {ws.broken.get(path, 'unknown error')}"
    marker = comment_style(doc)
    if marker is None:
        return "JSON files have no comments; use a baseline or fix the value"
    if doc.nb is not None:
        return _ignore_in_cell(doc, cell, line, codes)
    span = line_span(doc.text, line)
    if span is None:
        return "the line is gone"
    if doc.kind in _TS_KINDS:
        context = ts_context(doc.text, span[1], doc.kind)
        if context == "unsafe":
            return "the line ends inside a string, comment or JSX text"
        marker = "{/* " if context == "jsx" else marker
    new_line = merge_ignore(doc.text[span[0] : span[1]], codes, marker)
    if new_line is None:
        return None
    new_text = doc.text[: span[0]] + new_line + doc.text[span[1] :]
    if not same_meaning(doc, doc.text, new_text):
        return "a comment there would change the code (the line ends inside a string or continues)"
    doc.text = new_text
    return None


def _ignore_in_cell(doc: Doc, cell: int, line: int, codes: List[str]) -> Optional[str]:
    found = cell_source(doc.nb, cell)
    if found is None:
        return "the cell is gone"
    cell_dict, parts = found
    joined = "".join(parts)
    start = cell_offset(parts, line, 1)
    if start is None:
        return "the line is gone"
    end = joined.find("\n", start)
    end = len(joined) if end < 0 else end
    if end > start and joined[end - 1] == "\r":
        end -= 1
    new_line = merge_ignore(joined[start:end], codes, "  # ")
    if new_line is None:
        return None
    if not python_same_meaning(blank_magics(joined), blank_magics(joined[:start] + new_line + joined[end:])):
        return "a comment there would change the code (the line ends inside a string or continues)"
    edit = edit_parts(parts, start, end - start, new_line)
    if edit is None:
        return "the line is split across source strings"
    set_part(doc, cell, cell_dict, parts, *edit)
    return None


def same_meaning(doc: Doc, before: str, after: str) -> bool:
    """True when adding the comment left the code (or data) unchanged."""
    if doc.kind == "python":
        if doc.meaning is None:
            doc.meaning = python_dump(before) or ""
        return bool(doc.meaning) and python_dump(after) == doc.meaning
    if doc.kind in _TS_KINDS:
        return ts_has_error(before, doc.kind) or not ts_has_error(after, doc.kind)
    return settings_same_meaning(doc.path, before, after)


def python_same_meaning(before: str, after: str) -> bool:
    """The two sources have the same AST (comments do not appear in it)."""
    dump = python_dump(before)
    return dump is not None and python_dump(after) == dump


def python_dump(text: str) -> Optional[str]:
    """The AST of ``text`` as a string, or None when it does not parse."""
    try:
        return ast.dump(ast.parse(text))
    except (SyntaxError, ValueError):
        return None


def settings_same_meaning(path: str, before: str, after: str) -> bool:
    """YAML and TOML hold the same data before and after (when a parser is at hand)."""
    lower = path.lower()
    loader = None
    if lower.endswith((".yaml", ".yml")):
        try:
            import yaml

            loader = lambda text: list(yaml.safe_load_all(text))  # noqa: E731
        except ImportError:
            return True
    elif lower.endswith(".toml"):
        try:
            import tomllib  # type: ignore[import-not-found]
        except ImportError:  # Python < 3.11
            try:
                import tomli as tomllib  # type: ignore[no-redef]
            except ImportError:
                return True
        loader = tomllib.loads
    if loader is None:
        return True
    try:
        return loader(before) == loader(after)
    except Exception:  # a file the parser rejects: do not risk it
        return False


def _ts_tree(text: str, kind: str):
    from .extract.typescript import _grammar

    return _grammar(kind).parser().parse(text.encode("utf-8"))


def ts_has_error(text: str, kind: str) -> bool:
    return bool(_ts_tree(text, kind).root_node.has_error)


def ts_context(text: str, offset: int, kind: str) -> str:
    """What surrounds the end of a line at ``offset``: ``code``, ``jsx`` (element children) or ``unsafe``."""
    target = len(text[:offset].encode("utf-8"))
    node = _ts_tree(text, kind).root_node
    while True:
        inner = next((c for c in node.children if c.start_byte < target < c.end_byte), None)
        if inner is None:
            break
        node = inner
    if node.type in _UNSAFE_TS_NODES:
        return "unsafe"
    if node.type in _JSX_CHILD_CONTEXT:
        return "jsx"
    return "code"


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True)
class Baseline:
    """Recorded findings: ``(path, cell, code, model, call site)`` → count, paths relative to the file's folder."""

    path: str
    entries: Dict[Key, int]

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


def relative(display: str, root: str) -> str:
    """A report path relative to the baseline's folder, with forward slashes."""
    absolute = os.path.abspath(display)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = absolute
    return rel.replace(os.sep, "/")


def finding_key(f: Finding, root: str) -> Key:
    """The baseline identity of a finding: ``Finding.fingerprint()``'s parts, path made relative."""
    return (relative(f.location.path, root), f.location.cell or 0, f.code, f.model, f.site_kind or "")


def error_key(e: FileError, root: str) -> Key:
    return (relative(e.path, root), 0, FILE_ERROR_CODE, "", "")


def load_baseline(path: str) -> Baseline:
    """Read a baseline file; a missing or malformed one is a one-line ``Failure`` (exit 2)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise Failure(
            f"baseline {path} does not exist (create it with `gemlint scan --write-baseline {path}`)"
        ) from None
    except OSError as exc:
        raise Failure(f"cannot read baseline {path}: {(exc.strerror or str(exc)).lower()}") from None
    except ValueError as exc:
        raise Failure(f"baseline {path} is not valid JSON ({str(exc).splitlines()[0]})") from None
    return Baseline(path, _parse_entries(path, data))


def _parse_entries(path: str, data: Any) -> Dict[Key, int]:
    def bad(why: str) -> Failure:
        return Failure(f"baseline {path} is not a gemlint baseline: {why}")

    if not isinstance(data, dict) or data.get("tool") != "gemlint" or not isinstance(data.get("findings"), list):
        raise bad('expected {"version": 1, "tool": "gemlint", "findings": [...]}')
    if data.get("version") != BASELINE_VERSION:
        raise bad(f"unsupported version {data.get('version')!r} (this gemlint reads version {BASELINE_VERSION})")
    entries: Dict[Key, int] = {}
    for index, item in enumerate(data["findings"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not isinstance(item.get("code"), str):
            raise bad(f"entry {index} needs a 'path' and a 'code'")
        count, cell = item.get("count", 1), item.get("cell", 0)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise bad(f"entry {index} has a 'count' that is not a positive integer")
        if not isinstance(cell, int) or isinstance(cell, bool) or cell < 0:
            raise bad(f"entry {index} has a 'cell' that is not a cell number")
        model, site = item.get("model") or "", item.get("call_site") or ""
        if not isinstance(model, str) or not isinstance(site, str):
            raise bad(f"entry {index} has a 'model' or 'call_site' that is not a string")
        key = (item["path"], cell, item["code"], model, site)
        entries[key] = entries.get(key, 0) + count
    return entries


def apply_baseline(
    result: RunResult, baseline: Baseline, shown_as: str, scanned: Optional[Sequence[str]] = None
) -> RunResult:
    """Drop the findings the baseline records (up to each entry's count) and note stale entries.

    File errors recorded in the baseline stay visible, as warnings. Stale
    entries are noted only for files under the ``scanned`` paths (all when
    None), so scanning part of the tree does not flag the rest.
    """
    left = dict(baseline.entries)
    findings = []
    for f in result.findings:
        key = finding_key(f, baseline.root)
        if left.get(key, 0) > 0:
            left[key] -= 1
        else:
            findings.append(f)
    errors = []
    for e in result.errors:
        key = error_key(e, baseline.root)
        if e.fatal and not e.internal and left.get(key, 0) > 0:
            left[key] -= 1
            e = replace(e, message=f"{e.message} (recorded in the baseline)", fatal=False)
        errors.append(e)
    notes = [
        _stale_note(shown_as, key, n, baseline.entries[key])
        for key, n in sorted(left.items())
        if n > 0 and _under(os.path.join(baseline.root, key[0]), scanned)
    ]
    return replace(result, findings=tuple(findings), errors=tuple(errors), notices=result.notices + tuple(notes))


def _under(path: str, scanned: Optional[Sequence[str]]) -> bool:
    """True when ``path`` is one of the ``scanned`` paths or inside one of them."""
    if scanned is None:
        return True
    target = os.path.abspath(path)
    for given in scanned:
        root = os.path.abspath(given)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def _stale_note(shown_as: str, key: Key, unmatched: int, recorded: int) -> str:
    path, cell, code, model, site = key
    where = f"{path}:cell {cell}" if cell else path
    what = code if code == FILE_ERROR_CODE else f"{code} '{model}'" + (f" at {site}" if site else "")
    times = f" ({unmatched} of {recorded})" if recorded > 1 else ""
    return (
        f"baseline {shown_as}: {where} {what} no longer occurs{times}; "
        f"run `gemlint scan --write-baseline {shown_as}` to drop it"
    )


def baseline_counts(result: RunResult, root: str) -> Dict[Key, int]:
    """How often each key occurs among the findings and (non-internal) fatal file errors."""
    counts: Dict[Key, int] = {}
    for f in result.findings:
        key = finding_key(f, root)
        counts[key] = counts.get(key, 0) + 1
    for e in result.errors:
        if e.fatal and not e.internal:
            key = error_key(e, root)
            counts[key] = counts.get(key, 0) + 1
    return counts


def baseline_entries(counts: Dict[Key, int]) -> List[Dict[str, Any]]:
    """The entries of a baseline file, sorted by path, cell, code, model and call site."""
    entries = []
    for (path, cell, code, model, site), count in sorted(counts.items()):
        entry: Dict[str, Any] = {"path": path}
        if cell:
            entry["cell"] = cell
        entry.update({"code": code, "model": model, "call_site": site or None, "count": count})
        entries.append(entry)
    return entries


def kept_entries(path: str, scanned: Optional[Sequence[str]]) -> Dict[Key, int]:
    """Entries of an existing baseline for files outside the ``scanned`` paths (kept on rewrite)."""
    if scanned is None or not os.path.isfile(path):
        return {}
    try:
        old = load_baseline(path)
    except Failure:  # an unreadable old baseline is simply replaced
        return {}
    return {k: n for k, n in old.entries.items() if not _under(os.path.join(old.root, k[0]), scanned)}


def render_baseline(entries: List[Dict[str, Any]]) -> str:
    """The baseline file: one entry per line, so reviews and diffs stay readable."""
    head = f'{{\n  "version": {BASELINE_VERSION},\n  "tool": "gemlint",\n  "findings": ['
    if not entries:
        return head + "]\n}\n"
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    return f"{head}\n{body}\n  ]\n}}\n"


def record_baseline(
    result: RunResult, path: str, scanned: Optional[Sequence[str]] = None, roots: Optional[Sequence[str]] = None
) -> RunResult:
    """Write the baseline; the returned result has no finding (exit 0) and file errors as warnings.

    Entries of an existing baseline for files outside the ``scanned`` paths
    are kept, so recording part of the tree does not forget the rest.
    """
    root = os.path.dirname(os.path.abspath(path))
    counts = kept_entries(path, scanned)
    for key, n in baseline_counts(result, root).items():
        counts[key] = counts.get(key, 0) + n
    entries = baseline_entries(counts)
    try:
        write_text(path, render_baseline(entries), project_roots(None, scanned or ["."]) if roots is None else roots)
    except OSError as exc:
        raise Failure(f"cannot write baseline {path}: {reason(exc)}") from None
    errors_recorded = sum(1 for e in result.errors if e.fatal and not e.internal)
    note = f"recorded {_plural(len(result.findings), 'finding')}"
    note += f" and {_plural(errors_recorded, 'file error')}" if errors_recorded else ""
    note += f" in {path} ({_plural(len(entries), 'entry', 'entries')})"
    errors = tuple(
        replace(e, message=f"{e.message} (recorded in the baseline)", fatal=False) if e.fatal and not e.internal else e
        for e in result.errors
    )
    return replace(result, findings=(), errors=errors, notices=result.notices + (note,))
