"""Parse only what can matter: the top-level blocks of a module that can hold a reference.

A Python file that passed the byte prefilter usually names a model in one or
two places. Its top-level statements ("blocks": a function, a class, an
assignment) are split on lines that start in column 0; a block is relevant when
its text holds a model-name family or a call-site marker, or binds a name that
a relevant block uses. Only relevant blocks are parsed, each padded with blank
lines so line numbers stay exact, and their statements form one module.

Any doubt means a full parse instead: a relevant block that does not parse on
its own (a string or bracket spanning a column-0 line), or relevant blocks
covering most of the file.
"""

from __future__ import annotations

import ast
import bisect
import io
import itertools
import re
from typing import Any, List, Optional, Set, Tuple

from gemlint.extract.names import LoadedRe2
from gemlint.extract.python.safe_parse import safe_compile

# Model-name families (as in names.PREFILTER_TOKENS) and call-site markers of sites.py.
_RELEVANT_SOURCE = (
    r"gemini|gemma|imagen|veo-|lyria|learnlm|embedding|bison|aqa|nano-banana|deep-research|antigravity|"
    r"models[./]|chats\.|caches\.|batches\.|tunings\.|live\.|music\.|completions\.|setup|run_live|"
    r"GenerativeModel|from_pretrained|CachedContent|ChatGoogle|GoogleGenerativeAI|VertexAI|init_chat_model|"
    r"GoogleGenAI|Agent\b|GOOGLE_GENAI_USE_VERTEXAI|vertexai|Client\("
)
_RELEVANT = re.compile(_RELEVANT_SOURCE, re.ASCII)  # ASCII \b, as google-re2's
_RELEVANT_RE2 = LoadedRe2(_RELEVANT_SOURCE)
_CONTINUES = frozenset(" \t#)]}")
_FOLLOWS = re.compile(r"(?:else|elif|except|finally|case)\b")
_IDENT = re.compile(r"[^\W\d]\w*")  # identifiers, non-ASCII ones too
_DEFINES = re.compile(r"^[ \t]*(?:(?:async[ \t]+)?def|class)[ \t]+(\w+)|^[ \t]*(\w+)[ \t]*(?::[^=\n]*)?=(?!=)", re.M)
FULL_PARSE_SHARE = 0.6  # relevant blocks covering more of the file than this: parse it whole
# Comments and string literals (bodies unrolled for speed), so that a column-0 line inside a string spanning
# lines (a docstring's usage example) is not taken for a statement.
_STRINGS = re.compile(
    r"#[^\r\n]*"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r'|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"?'
    r"|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'?",
    re.S,
)


def _inside_strings(lines: List[str]) -> Set[int]:
    """Indices of the lines that begin inside a string literal spanning lines."""
    text = "".join(lines)
    if '"""' not in text and "'''" not in text and "\\\n" not in text:
        return set()
    ends = list(itertools.accumulate(map(len, lines)))  # offset just past each line
    inside: Set[int] = set()
    for m in _STRINGS.finditer(text):
        start, end = m.span()
        if text[start] == "#":
            continue
        first, last = bisect.bisect_right(ends, start), bisect.bisect_left(ends, end)
        if last > first:
            inside.update(range(first + 1, last + 1))
    return inside


def _relevant() -> Any:
    """``_RELEVANT``, by google-re2 once a large scan has loaded it (``names.LoadedRe2``), else by ``re``."""
    return _RELEVANT_RE2.get() or _RELEVANT


def split_blocks(lines: List[str]) -> List[Tuple[int, int]]:
    """``(start, end)`` line index ranges of the top-level statements."""
    starts = []
    for i, line in enumerate(lines):
        if not line or line[0] in _CONTINUES or line[0] == "\n" or line[0] == "\r":
            continue
        if _FOLLOWS.match(line):
            continue  # else:/except: belong to the statement above
        if i and lines[i - 1].rstrip("\r\n").endswith("\\"):
            continue
        if (
            starts
            and lines[starts[-1]].startswith("@")
            and all(lines[j].startswith("@") or not lines[j].strip() for j in range(starts[-1], i))
        ):
            continue  # the def/class under its decorators
        starts.append(i)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return [(s, e) for s, e in zip(starts, starts[1:] + [len(lines)])]


def relevant_blocks(lines: List[str]) -> Optional[List[Tuple[int, int]]]:
    """The blocks to parse, or None when the whole file should be parsed.

    The blocks only ever grow, so the answer is None as soon as they cover too much of the file or one of them
    starts inside a string spanning lines: most large files that name models are decided before the closure.
    """
    blocks = split_blocks(lines)
    if len(blocks) < 3:
        return None
    limit = FULL_PARSE_SHARE * len(lines)
    texts: List[Optional[str]] = ["".join(lines[s:e]) for s, e in blocks]
    # Imports are always kept: a relevant block may call a model with a name imported from elsewhere.
    search = _relevant().search
    chosen = [bool(search(t)) or t.startswith(("import ", "from ")) for t in texts]
    covered = sum(e - s for (s, e), keep in zip(blocks, chosen) if keep)
    if covered > limit:
        return None
    inside = _inside_strings(lines)  # a column-0 line inside a string (a docstring's usage example) is no statement
    if any(keep and s in inside for (s, _), keep in zip(blocks, chosen)):
        return None
    defines: List[Optional[Set[str]]] = [None] * len(texts)
    used: Set[str] = set()
    changed = True
    while changed:
        changed = False
        for i, text in enumerate(texts):
            if chosen[i] and text is not None:
                used.update(_IDENT.findall(text))
                texts[i] = None  # its identifiers are in ``used`` now
        for i, (s, e) in enumerate(blocks):
            if chosen[i]:
                continue
            names = defines[i]
            if names is None:
                names = defines[i] = {a or b for a, b in _DEFINES.findall(texts[i] or "")}
            if names & used:
                covered += e - s
                if covered > limit or s in inside:
                    return None
                chosen[i] = True
                changed = True
    return [b for b, keep in zip(blocks, chosen) if keep]


def parse_relevant(text: str, flags: int) -> Optional[ast.Module]:
    """A module of the relevant blocks only (exact line numbers), or None to parse it all."""
    lines = io.StringIO(text, newline="").readlines()  # lines as ast counts them
    picked = relevant_blocks(lines)
    if picked is None:
        return None
    body: List[ast.stmt] = []
    for start, end in picked:
        source = "\n" * start + "".join(lines[start:end])
        try:
            tree = safe_compile(source, "exec", flags)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        body.extend(tree.body)
    return ast.Module(body=body, type_ignores=[])
