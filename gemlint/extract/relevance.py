"""Parse only the notebook cells that can matter: a byte-level pre-pass before ``ast``.

A code cell is *relevant* when its text can hold a reference or decide one:

- a seed: a model-name family or ``models/`` (``names.PREFILTER_TOKENS``), the
  word ``model`` (``model=`` of any call, ``{"model": …}``), a call-site name
  from the catalogue (``sites.py``: ``generate_content``, ``GenerativeModel``,
  ``Agent`` …), a platform marker (``vertexai``, ``GOOGLE_GENAI_USE_*``,
  ``Client(``), a Live ``setup`` message or ``run_live``, an ``import``;
- or a cell that *writes* a name a relevant cell mentions: binds it (``=``,
  ``+=``, ``:=``, ``for``/``with``/``except … as``, ``import``, ``def``,
  ``class``, ``del``, ``global``), stores into it (``x.a = …``, ``x[k] = …``)
  or calls it or one of its methods (``f(M)`` passes ``M`` into a parameter,
  ``xs.append(M)`` into a list);
- or a cell that calls a function that is no builtin with a name a value
  from a relevant cell may have reached (``pick(MODEL)``, or ``b = MODEL``
  then ``pick(b)``: ``pick`` may come from another module whose parameter
  reaches a call site). Repeated until nothing changes.

Every value that reaches a call site travels from a seed cell to a seed cell
through such writes, so a cell outside the closure can neither hold a
reference nor change where one goes: skipping it changes no finding
(``tests/test_relevance.py`` checks that on generated notebooks). What a
skipped cell can no longer give is a syntax error of its own: like a file
without any model token, it is read but not parsed.

Over-approximation is cheap (a cell parsed for nothing); under-approximation
is a missed finding, so every test here errs on the side of "relevant".
"""

from __future__ import annotations

import builtins
import keyword
import re
from typing import Dict, FrozenSet, List, Optional, Sequence, Set

from gemlint.extract import names, sites

# Off by default: on both benchmark trees it cost more than it saved (bench/README.md); tests switch it on.
ENABLED = False
SKIP_MIN_SHARE = 0.8  # less than this share of a notebook's code outside the seeds: parse every cell (cheaper)

# Anywhere in a word: model-name families, ``models/``, ``model``/``Model``, platform modules and variables.
_SEED_PARTS = sorted(
    {t.decode() for t in names.PREFILTER_TOKENS}
    | {"model", "Model", "vertexai", "aiplatform", "generativeai", "GOOGLE_GENAI", "ENTERPRISE"}
)
# Whole words: call-site names of the catalogue (``client.models.generate_content``: ``models``), client and
# Live markers, and the builtins that reach names without spelling them (``globals()["MODEL"] = …``).
_SEED_WORDS = sorted(
    {pair[0] for pair in sites.PAIR_SITES}
    | {pair[1] for pair in sites.PAIR_SITES if pair[1] not in ("create", "get")}
    | set(sites.NAME_SITES)
    | {"setup", sites.LIVE_RUNNER_CALL, "Client", "genai", "enterprise"}
    | {"globals", "locals", "vars", "setattr", "exec", "eval", "__import__", "__builtins__", "__dict__"}
)
_SEED_WORDS = [w for w in _SEED_WORDS if not any(p in w for p in _SEED_PARTS)]  # GenerativeModel: 'Model'
_WORD_PATTERNS = {w: re.compile(rf"\b{re.escape(w)}\b") for w in _SEED_WORDS}


def _seed(text: str) -> bool:
    """A seed cell: one of the parts anywhere in ``text``, or one of the words as a word (substring test first)."""
    if any(p in text for p in _SEED_PARTS):
        return True
    return any(w in text and _WORD_PATTERNS[w].search(text) is not None for w in _SEED_WORDS)


# Strings and comments: blanked (newlines kept) before statements are split and targets found.
_STRING_OR_COMMENT = re.compile(
    r"#[^\r\n]*"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r'|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"?'
    r"|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'?",
    re.S,
)
_IDENT = re.compile(r"[^\W\d]\w*")
# A name not preceded by a dot (the root of an attribute chain, or a plain name).
_ROOT = re.compile(r"(?<![\w.])[^\W\d]\w*")
# The root of a callee: f(, x.append(, d[k].update(, self.items.add(
_CALLEE_ROOT = re.compile(r"(?<![\w.])([^\W\d]\w*)(?:\s*(?:\.\s*\w+|\[[^\[\]\n]*\]))*\s*\(")
_WALRUS = re.compile(r"([^\W\d]\w*)\s*:=")
_BRACKET_OR_EQ = re.compile(r"[()\[\]{}=]")
_HEAD = re.compile(r"[ \t]*(?:async[ \t]+)?(def|class|from|import|for|del|global|nonlocal|case|match|@)")
_IMPORTED = re.compile(r"\bimport\b(.*)", re.S)
_FOR_TARGET = re.compile(r"\bfor\b(.*?)\bin\b", re.S)
_AS = re.compile(r"\bas\s+([^\W\d]\w*)")
# Names a cell may call without binding them: Python's builtins and what IPython adds to the namespace.
_BUILTINS = frozenset(dir(builtins)) | {"display", "get_ipython"}
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(getattr(keyword, "softkwlist", ()))


def select_cells(texts: Sequence[str]) -> List[bool]:
    """For each cell's Python text (IPython syntax already turned into Python), whether to parse it."""
    if not ENABLED:
        return [True] * len(texts)
    keep = [_seed(t) for t in texts]
    total = sum(map(len, texts))
    if sum(len(t) for t, k in zip(texts, keep) if not k) < SKIP_MIN_SHARE * total:
        return [True] * len(texts)  # too little left to skip to pay for the closure
    mentioned: Set[str] = set()
    for text, chosen in zip(texts, keep):
        if chosen:
            mentioned.update(_IDENT.findall(text))
    mentioned -= _KEYWORDS
    idents = [set(_IDENT.findall(t)) - _KEYWORDS if not k else set() for t, k in zip(texts, keep)]
    bound = _Shadowed(texts)
    writes: List[Optional[FrozenSet[str]]] = [None] * len(texts)
    calls = [False] * len(texts)
    tainted = set(mentioned)  # names a value from a relevant cell may have reached (through cells not parsed)
    changed = True
    while changed:
        changed = False
        for i, text in enumerate(texts):
            if keep[i] or idents[i].isdisjoint(tainted):  # writes are among a cell's names
                continue
            if writes[i] is None:
                writes[i] = frozenset(
                    n for n in written_names(text) if n not in _KEYWORDS and (n not in _BUILTINS or bound(n))
                )
                calls[i] = any(n not in _KEYWORDS and (n not in _BUILTINS or bound(n)) for n in called_roots(text))
            # it writes a name a relevant cell mentions, or passes a value that came from one on to a function
            # (a parameter that may reach a call site in another module: `pick(MODEL)`, pick imported)
            if calls[i] or not writes[i].isdisjoint(mentioned):
                keep[i] = changed = True
                mentioned.update(idents[i])
                tainted.update(idents[i])
            elif not writes[i] <= tainted:
                tainted.update(writes[i])  # `b = MODEL`: b may hold it now
                changed = True
    return keep


class _Shadowed:
    """Whether some cell may bind a builtin name (``input = …``, ``def print``, ``a, open = …``): then it counts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.known: Dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        found = self.known.get(name)
        if found is None:
            found = self.known[name] = any(_binds(t, name) for t in self.texts if name in t)
        return found


def _binds(text: str, name: str) -> bool:
    """``name`` in ``text`` somewhere a binding could put it (str.find, then a look at its neighbours)."""
    i = text.find(name)
    while i >= 0:
        end = i + len(name)
        before = text[max(0, i - 16) : i].rstrip(" \t")
        after = text[end : end + 8].lstrip(" \t")
        word_start = not (i and (text[i - 1].isalnum() or text[i - 1] in "_."))
        word_end = not (end < len(text) and (text[end].isalnum() or text[end] == "_"))
        if word_start and word_end:
            if after[:1] in (":", ",", ")") or (after[:1] == "=" and after[1:2] != "="):
                return True
            if after[:2] in ("+=", "-=", "*=", "/=", "|=", "&=", "%=", "^=", "@=") or after[:3] in ("//=", "**="):
                return True
            if before.endswith((",", "(")) or before.rsplit(None, 1)[-1:] in (["def"], ["class"], ["as"],
                                                                             ["import"], ["for"], ["global"]):
                return True
        i = text.find(name, end)
    return False


def written_names(text: str) -> Set[str]:
    """Names ``text`` may write to: binding targets, store roots, callee roots (an over-approximation)."""
    code = _STRING_OR_COMMENT.sub(_blank, text)
    out: Set[str] = set(_CALLEE_ROOT.findall(code))  # f(M) writes into f's parameter, xs.append(M) into xs
    out.update(_WALRUS.findall(code))
    out.update(_AS.findall(code))  # with … as x, except … as e, import … as m
    out.update(_names_of(_FOR_TARGET.findall(code)))  # for loops' targets (comprehensions' too)
    for statement in _statements(code):
        head = _HEAD.match(statement)
        if head is None:
            out.update(_ROOT.findall(_assigned(statement)))
            continue
        word = head.group(1)
        rest = statement[head.end() :]
        if word in ("def", "class"):
            out.update(_IDENT.findall(rest)[:1])
        elif word in ("from", "import"):
            names = _IMPORTED.search(statement)
            for part in (names.group(1) if names else "").strip(" \t\n()\\").split(","):
                words = _IDENT.findall(part)
                out.update(words[-1:] if "as" in words else words[:1])
        elif word == "@":
            out.update(_ROOT.findall(rest)[:1])
        elif word != "for":  # del, global, nonlocal, case, match: every name
            out.update(_IDENT.findall(rest))
    return out


def _names_of(parts: List[str]) -> Set[str]:
    return {n for part in parts for n in _IDENT.findall(part)}


def _statements(code: str) -> List[str]:
    """Logical lines: physical lines joined while brackets are open or a line ends with a backslash."""
    out: List[str] = []
    pending: List[str] = []
    depth = 0
    for line in code.split("\n"):
        pending.append(line)
        depth += line.count("(") + line.count("[") + line.count("{")
        depth -= line.count(")") + line.count("]") + line.count("}")
        if depth <= 0 and not line.endswith("\\"):
            out.append("\n".join(pending) if len(pending) > 1 else line)
            pending = []
            depth = 0
    if pending:
        out.append("\n".join(pending))
    return out


def _assigned(statement: str) -> str:
    """What stands left of the statement's last '=' (or op=) outside brackets: its targets; '' when none."""
    if "=" not in statement:
        return ""
    depth = 0
    last = -1
    for m in _BRACKET_OR_EQ.finditer(statement):
        c = m.group()
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth <= 0:
            i = m.start()
            prev = statement[i - 1 : i]
            if statement[i + 1 : i + 2] != "=" and prev not in ("=", "<", ">", "!"):
                last = i
    return statement[:last] if last > 0 else ""


def called_roots(text: str) -> Set[str]:
    """The roots of the callees ``text`` calls (``helpers.ask(M)``: ``helpers``)."""
    return set(_CALLEE_ROOT.findall(_STRING_OR_COMMENT.sub(_blank, text)))


def _blank(m: re.Match[str]) -> str:
    """A string or comment as a placeholder on the same lines (an empty string, or nothing for a comment)."""
    s = m.group(0)
    return '""' + "\n" * s.count("\n") if not s.startswith("#") else ""
