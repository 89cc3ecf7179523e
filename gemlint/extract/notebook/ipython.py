"""IPython cell syntax turned into the Python IPython itself would run, positions kept.

A small pure-Python mirror of ``IPython.core.inputtransformer2`` (IPython is
never imported): the same rules decide what is special syntax, but where
IPython writes ``get_ipython().system(...)`` this module writes a neutral
statement or expression of (about) the same length, so that every line and
column of untouched code still points into the cell as written.

Rules mirrored (per *logical* line: strings, brackets and ``\\`` continuations
are followed, so a ``%`` inside a multi-line string is not a magic):

- **cell magic** ``%%name args`` on the first non-blank line (``cell_magic``);
  its body is classified by :func:`cell_magic`, not transformed here.
- **escaped command** (``EscapedCommand``): a logical line whose first character
  is one of ``! !! % ? ?? , ; /`` (``!ls``, ``%pip install``, ``?obj``,
  ``%time stmt``), continued by trailing backslashes → ``pass`` (kept as a
  statement, so a block whose body is only a ``!`` line still parses);
  ``%time``/``%timeit`` keep their Python statement behind a same-length
  ``if 1:`` prefix.
- **magic / system assignment** (``MagicAssign``, ``SystemAssign``):
  ``x = %sx cmd``, ``x = !cmd`` → ``x = None``; ``x = %time expr`` keeps ``expr``.
- **help** (``HelpEnd``): a logical line ending in ``obj?``/``obj??`` → ``pass``.
- top-level ``await`` needs no rewrite (the Python extractor compiles with
  ``PyCF_ALLOW_TOP_LEVEL_AWAIT``).

A cell whose first line is indented is dedented as IPython 7 and 8 do (Colab
runs 7): the first line's indent comes off every line that has it. IPython 9
removes the lines' common indent instead; no cell was found that it runs and
the former rejects (20,000 generated cells, one help-end case aside: see
tests/test_notebooks.py). ``shift`` tells how many columns each line lost,
for callers to add back. Not mirrored:
stripping ``>>>``/``In [1]:`` prompts (such cells stay as written).
"""

from __future__ import annotations

import builtins
import keyword
import re
from typing import List, Optional, Tuple

from gemlint.extract.python.safe_parse import safe_compile
from gemlint.records import record

ESCAPES = "!%?,;/"
_SHADOWING = frozenset(dir(builtins)) | frozenset(keyword.kwlist)
# IPython's _help_end_re: a (dotted, subscripted) name, optionally a magic, then ? or ??
_HELP_END = re.compile(r"(%{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])*)(\?\??)$")
_CELL_MAGIC_HELP = re.compile(r"%%\w+\?")
# Lines that may hold special syntax: an escape first, ``= !``/``= %``, a trailing ``?``. Three patterns, each
# starting with a literal character the regex engine scans for quickly (one alternation of the three took 7x longer:
# 0.26 s against 0.03 s over the 6,956 code cells of the Vertex AI samples).
_ESCAPE_FIRST = re.compile(r"\n[ \t]*[!%?,;/]")  # searched in "\n" + source: a line starting with an escape
_ASSIGNED_ESCAPE = re.compile(r"=[ \t]*[!%]")
_TRAILING_HELP = re.compile(r"\?[ \t]*\r?$", re.M)


def maybe_special(source: str) -> bool:
    """Whether ``source`` may hold IPython syntax: a line starting with an escape (``!``, ``%``, ``?``, ``,``,
    ``;``, ``/``), ``= !``/``= %``, or a trailing ``?``."""
    if ("!" in source or "%" in source) and _ASSIGNED_ESCAPE.search(source):
        return True
    if "?" in source and _TRAILING_HELP.search(source):
        return True
    return _ESCAPE_FIRST.search("\n" + source) is not None


_NAME = re.compile(r"\w+")
# Line magics whose argument is a Python statement (kept behind ``if 1:``).
_TIMING = ("time", "timeit")
# What the line lexer stops at: in code, and inside each kind of string.
_CODE_STOPS = re.compile(r"[#\"'\\()\[\]{}=]")
_STRING_STOPS = {q: re.compile(r"\\|" + re.escape(q)) for q in ('"', "'", '"""', "'''")}
_TIMEIT_OPTION = re.compile(r"(?:-[nrp]\s*\d+|-[tcqo])\s+")


@record
class Segment:
    """Text IPython does not run as Python (a shell command, a magic's arguments).

    ``line``/``column`` are 1-based positions in the cell; ``magic`` names the
    line magic (``pip``, ``sql``), ``None`` for shell escapes and help.
    """

    line: int
    column: int
    text: str
    magic: Optional[str] = None


@record
class Transformed:
    """A code cell as Python sees it, and the non-Python text taken out of it."""

    python: str
    segments: Tuple[Segment, ...] = ()
    # IPython dedents a cell whose first line is indented: columns removed per line (empty: none)
    shift: Tuple[int, ...] = ()


@record
class CellMagic:
    """The ``%%name argument`` line of a cell; ``line`` is 1-based."""

    name: str
    argument: str
    line: int


def cell_magic(source: str) -> Optional[CellMagic]:
    """The cell magic opening ``source`` (after blank lines), or None."""
    for number, line in enumerate(source.split("\n"), start=1):
        if not line.strip():
            continue  # IPython drops leading blank lines, then the first line's indentation
        line = line.lstrip(" \t")
        if not line.startswith("%%") or _CELL_MAGIC_HELP.match(line):
            return None
        name, _, argument = line[2:].rstrip().partition(" ")
        return CellMagic(name, argument.strip(), number)
    return None


def blank_through(source: str, line: int) -> str:
    """``source`` with its first ``line`` lines emptied (a cell magic's body, lines kept)."""
    parts = source.split("\n")
    return "\n".join([""] * min(line, len(parts)) + parts[line:])


def transform_cell(source: str) -> Transformed:
    """IPython's own transformation of a code cell (no cell magic), as same-position Python."""
    lines = source.split("\n")
    shift = _leading_indent(lines)
    if shift:
        lines = [line[n:] for line, n in zip(lines, shift)]
        source = "\n".join(lines)
    auto = _automagic_line(lines)
    if auto is not None:  # `pip install x` alone in a cell: IPython runs it as %pip
        indent = len(lines[auto]) - len(lines[auto].lstrip(" \t"))
        out = list(lines)
        out[auto] = lines[auto][:indent] + "pass"
        auto_segments: List[Segment] = []
        _collect(auto_segments, lines, auto, auto, indent)
        if shift:
            auto_segments = [seg._replace(column=seg.column + shift[seg.line - 1]) for seg in auto_segments]
        return Transformed("\n".join(out), tuple(auto_segments), shift)
    if not maybe_special(source):
        return Transformed(source, (), shift)
    out = list(lines)
    segments: List[Segment] = []
    i = 0
    quote = ""  # open string delimiter carried across lines ('""\"' / "'''" or a continued one)
    depth = 0
    continued = False
    while i < len(lines):
        line = lines[i]
        at_start = not quote and depth == 0 and not continued
        if at_start:
            stripped = line.lstrip(" \t")
            indent = len(line) - len(stripped)
            if stripped and stripped[0] in ESCAPES:
                end = _continued_end(lines, i)
                out[i] = line[:indent] + _escaped_statement(stripped)
                _collect(segments, lines, i, end, indent)
                for j in range(i + 1, end + 1):
                    out[j] = ""
                i = end + 1
                continue
        start_line = i
        info = _LineScan(quote, depth)
        j = i
        while True:
            info.scan(lines[j])
            if info.command is not None:  # x = !cmd / x = %magic
                break
            if info.quote or info.depth or info.backslash:
                if j + 1 >= len(lines):
                    break
                j += 1
                continue
            break
        if info.command is not None:
            col = info.command
            end = _continued_end(lines, j)
            rest = lines[j][col:]
            out[j] = lines[j][:col] + _assigned_expression(rest)
            _collect(segments, lines, j, end, col)
            for k in range(j + 1, end + 1):
                out[k] = ""
            quote, depth, continued = "", 0, False
            i = end + 1
            continue
        if at_start and info.last == "?" and not info.quote and not info.backslash:  # (an open bracket: EOF)
            piece = "\n".join(lines[start_line : j + 1]).lstrip(" \t")
            if _HELP_END.search(piece.rstrip()):
                indent = len(lines[start_line]) - len(lines[start_line].lstrip(" \t"))
                out[start_line] = lines[start_line][:indent] + "pass"
                _collect(segments, lines, start_line, j, indent)
                for k in range(start_line + 1, j + 1):
                    out[k] = ""
        quote, depth, continued = info.quote, info.depth, info.backslash
        i = j + 1
    if shift:
        segments = [seg._replace(column=seg.column + shift[seg.line - 1]) for seg in segments]
    return Transformed("\n".join(out), tuple(segments), shift)


# IPython's line magics and the shell aliases it defines on POSIX (``%lsmagic``, IPython 8 with ipykernel).
LINE_MAGICS = frozenset(
    "alias alias_magic autoawait autocall automagic autosave bookmark cat cd clear colors conda config "
    "connect_info cp debug dhist dirs doctest_mode ed edit env gui hist history killbgscripts ldir less lf lk "
    "ll load load_ext loadpy logoff logon logstart logstate logstop ls lsmagic lx macro magic mamba man "
    "matplotlib micromamba mkdir more mv notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd "
    "pprint precision prun psearch psource pushd pwd pycat pylab qtconsole quickref recall rehashx reload_ext "
    "rep rerun reset reset_selective rm rmdir run save sc set_env store sx system tb time timeit unalias "
    "unload_ext uv who who_ls whos xdel xmode".split()
)
_FIRST_WORD = re.compile(r"[ \t]*([A-Za-z_]\w*)")


def _automagic_line(lines: List[str]) -> Optional[int]:
    """The line of a one-line cell IPython runs as a line magic named without its ``%`` (automagic, on by
    default: ``pip install x``, ``load_ext autoreload``); None for any other cell.

    IPython applies this "dynamic" transformation only to a cell of one line (``InteractiveShell.
    transform_cell``), to a name that is a line magic and not a builtin or keyword (``is_shadowed``). A line
    that is valid Python is left as it is (``ls`` alone names a variable as well as it lists files); only
    a name the notebook itself bound earlier (``pip = ...``) would make IPython read the line as Python.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or len("\n".join(lines[first:]).splitlines()) != 1:
        return None
    m = _FIRST_WORD.match(lines[first])
    if m is None or m.group(1) not in LINE_MAGICS or m.group(1) in _SHADOWING:
        return None
    import ast

    try:
        safe_compile(lines[first].strip(), "exec", ast.PyCF_ONLY_AST)
    except SyntaxError:
        return first
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


def _leading_indent(lines: List[str]) -> Tuple[int, ...]:
    """IPython's ``leading_indent``: the first non-blank line's indentation, removed from every line having it."""
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return ()
    return tuple(len(indent) if line.startswith(indent) else 0 for line in lines)


def _escaped_statement(stripped: str) -> str:
    """The Python statement standing for an escaped command (``%time stmt`` keeps ``stmt``)."""
    if stripped.startswith("%") and not stripped.startswith("%%"):
        m = _NAME.match(stripped, 1)
        if m and m.group(0) in _TIMING and not stripped.rstrip().endswith("\\"):
            start = _timing_body(stripped, m.end())
            body = stripped[start:]
            if body.strip() and start >= 6 and _simple_statement(body):
                return "if 1:" + " " * (start - 5) + body
    return "pass"


def _assigned_expression(rest: str) -> str:
    """What stands for ``%magic args`` / ``!cmd`` on the right of ``=``."""
    if rest.startswith("%"):
        m = _NAME.match(rest, 1)
        if m and m.group(0) in _TIMING and not rest.rstrip().endswith("\\"):
            start = _timing_body(rest, m.end())
            body = rest[start:]
            if body.strip() and _expression(body):
                return " " * start + body
    return "None"


def _timing_body(text: str, after_name: int) -> int:
    """Where the statement starts after ``%time``/``%timeit`` and its options."""
    pos = after_name
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    while True:
        m = _TIMEIT_OPTION.match(text, pos)
        if not m:
            return pos
        pos = m.end()


def _simple_statement(body: str) -> bool:
    try:
        safe_compile(body, "exec", 0x2000)  # PyCF_ALLOW_TOP_LEVEL_AWAIT
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return not body.lstrip().startswith(("for ", "while ", "if ", "with ", "def ", "class ", "try:", "async "))


def _expression(body: str) -> bool:
    try:
        safe_compile(body.strip(), "eval", 0x2000)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _continued_end(lines: List[str], start: int) -> int:
    """Last line of a command continued with trailing backslashes (IPython's rule)."""
    end = start
    while end + 1 < len(lines) and lines[end].rstrip("\r").endswith("\\"):
        end += 1
    return end


def _collect(segments: List[Segment], lines: List[str], start: int, end: int, col: int) -> None:
    first = lines[start][col:].rstrip("\r")
    magic = None
    if first.startswith("%") and not first.startswith("%%"):
        m = _NAME.match(first, 1)
        magic = m.group(0) if m else None
    segments.append(Segment(start + 1, col + 1, first, magic))
    for k in range(start + 1, end + 1):
        segments.append(Segment(k + 1, 1, lines[k].rstrip("\r"), magic))


class _LineScan:
    """Lexical state across one physical line: strings, brackets, comment, last token."""

    __slots__ = ("quote", "depth", "backslash", "last", "command", "_assign_seen")

    def __init__(self, quote: str, depth: int):
        self.quote = quote
        self.depth = depth
        self.backslash = False
        self.last = ""
        self.command: Optional[int] = None
        self._assign_seen = False

    def scan(self, line: str) -> None:
        self.backslash = False
        n = len(line.rstrip("\r"))
        pos = 0
        quote = self.quote
        code_end = n  # where the code ends (a comment starts)
        while pos < n:
            if quote:
                m = _STRING_STOPS[quote].search(line, pos, n)
                if m is None:
                    pos = n
                    break
                if m.group() == "\\":
                    pos = m.end() + 1
                    if pos > n:  # a backslash-newline inside a string continues it
                        self.quote = quote
                        self.last = ""
                        return
                    continue
                pos = m.end()
                quote = ""
                continue
            m = _CODE_STOPS.search(line, pos, n)
            if m is None:
                break
            pos = m.start()
            c = line[pos]
            if c == "#":
                code_end = pos
                break
            if c in "\"'":
                triple = line[pos : pos + 3]
                quote = triple if triple in ('"""', "'''") else c
                pos += len(quote)
                continue
            if c == "\\":
                if pos == n - 1:
                    self.backslash = True
                    code_end = pos
                    break
            elif c in "([{":
                self.depth += 1
            elif c in ")]}":
                self.depth = max(0, self.depth - 1)
            elif self.depth == 0 and not self._assign_seen and self._assignment(line, pos, n):
                return
            pos += 1
        if quote and len(quote) == 1:
            quote = ""  # an unterminated single-quoted string ends with its line
        self.quote = quote
        code = line[:code_end].rstrip()
        if quote:
            self.last = ""
        elif code.strip() or code_end < n:  # a blank line inside brackets keeps the last token
            self.last = code[-1:]

    def _assignment(self, line: str, pos: int, n: int) -> bool:
        """At a top-level ``=``: note it, and a command on its right (``x = !cmd``, ``x = %magic``)."""
        prev = line[pos - 1] if pos else ""
        nxt = line[pos + 1] if pos + 1 < n else ""
        if nxt == "=" or prev in "=<>!:+-*/%&|^@~":
            return False
        self._assign_seen = True
        k = pos + 1
        while k < n and line[k] in " \t":
            k += 1
        if k >= n or not line[:pos].strip():
            return False
        if line[k] == "!" and line[k + 1 : k + 2] != "=":
            self.command = k
        elif line[k] == "%" and _NAME.match(line, k + 1) and not line[k + 1].isdigit():
            self.command = k
        return self.command is not None


# Cell magics whose body IPython runs as Python in the notebook's own namespace.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
# Cell magics whose body is a separate Python program (run in a subprocess).
SUBPROCESS_PYTHON_MAGICS = frozenset({"python", "python3", "pypy"})
# Cell magics that write their body to a file: the file's suffix decides its language.
WRITEFILE_MAGICS = frozenset({"writefile", "file"})
# Cell magics whose body is SQL for BigQuery or a database.
SQL_CELL_MAGICS = frozenset({"bigquery", "sql"})
