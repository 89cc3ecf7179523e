"""The value graph: which literals a node of the project can hold, and how surely.

A *node* is a place a value lives that more than one file can name:

- ``("n", path, name)``: a name defined in the file at ``path`` (``X``,
  ``CONF.key``, ``Settings.live_model``, ``open_session#0``, ``f()``); an
  ``IMPORT`` symbol is followed through the modules and re-exports that spell
  it (``from .voice import open_session`` in ``__init__.py``) to this, its
  canonical form;
- ``("s", store, key)``: a keyed store (URL query, localStorage, FormData);
- ``("f", reader, field)``: an untyped object field, matched by name, as the file ``reader`` reads
  it: only the writes of ``reader`` and of files linked to it by an import reach it;
- ``("d", reader, id)``: a page's form control, read by its id: only the pages of the reader's app reach it.

``values(node)`` = the literals the file's ``Export`` of that name holds, the
values of its symbols, and the values of every ``Write`` (from any file)
whose target is that node. It is computed on demand from the call sites
(``PendingUse``), memoised, and bounded (``MAX_DEPTH``, ``MAX_WRITES``,
``MAX_VALUES``); a cycle ends where it closes. Each value carries its
evidence: *approximate* when the path took a store or field step, a Write
marked approximate, or a return value merging several callers' arguments;
and the nodes it went through (``via``), literal first.
"""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Set, Tuple

from gemlint import probes
from gemlint.flow.modules import Project, py_at
from gemlint.types import DOM_STORE, ENV, FIELD, GLOBALS, IMPORT, IMPORTS, STORE, ModelRef, Symbol, Write

MAX_DEPTH = 16  # node hops from a call site back to a literal
MAX_SPELLINGS = 256  # names (file, name) one symbol's canonical search visits
APP_LEVELS = 3  # a page's controls reach readers whose folder lies at most this many levels below where they meet
PAGE_FOLDERS = frozenset(("templates", "public", "views", "pages", "www", "html", "static"))  # where pages live
MAX_WRITES = 256  # writes followed into one node (fan-out)
MAX_VALUES = 512  # values one node may hold
SEPARATORS = ".#(["  # where a node name splits into an object and what is read from it
_SEPARATOR_SET = frozenset(SEPARATORS)

Node = Tuple[str, str, str]
Value = Tuple[ModelRef, bool, Tuple[str, ...]]  # the literal, approximate, the nodes it went through


class Flow:
    """The project's value graph over ``project``'s facts (built lazily, one per scan)."""

    def __init__(self, project: Project):
        self.project = project
        self._writes: Optional[Dict[Node, List[Tuple[str, Write]]]] = None
        self._memo: Dict[Node, List[Value]] = {}
        self._nodes: Dict[Tuple[str, Symbol], List[Node]] = {}
        self._active: Set[Node] = set()
        self._imports: Dict[str, Set[str]] = {}
        self._cut = False  # a cycle or the depth bound cut the value being computed: not memoised

    # nodes
    def nodes(self, where: str, symbol: Symbol) -> List[Node]:
        """The canonical nodes ``symbol``, as written in the file ``where``, names (none for ``env``)."""
        key = (where, symbol)
        found = self._nodes.get(key)
        if found is None:
            found = self._nodes[key] = self._find_nodes(where, symbol)
        return found

    def _find_nodes(self, where: str, symbol: Symbol) -> List[Node]:
        if symbol.kind == STORE and symbol.module == DOM_STORE:  # a page's control, as the file ``where`` reads it
            return [("d", where, symbol.name)]
        if symbol.kind == STORE:
            return [("s", symbol.module, symbol.name)]
        if symbol.kind == FIELD:  # read in ``where``: only writes of files linked to it by an import reach it
            return [("f", where, symbol.name)]
        if symbol.kind != IMPORT or not symbol.name or symbol.name == "*":
            return []
        if symbol.module == GLOBALS:  # a global of a classic script: the script of its page that declares it
            head = _first_part(symbol.name)
            out: List[Node] = []
            for definer in self.project.global_definers(where, head):
                out.extend(self._canonical(definer, symbol.name, 0, set()))
            return out
        target = where if not symbol.module else self.project.module(where, symbol.module)
        if target is None:
            return []
        return self._canonical(target, symbol.name, 0, set())

    def _canonical(self, target: str, name: str, depth: int, seen: Set[Tuple[str, str]]) -> List[Node]:
        """Follow re-exports and aliases (``settings.x`` with ``settings = Settings()``) to where ``name`` lives."""
        if depth > MAX_DEPTH or (target, name) in seen or len(seen) >= MAX_SPELLINGS:
            return []
        seen.add((target, name))
        table = self.project.exports(target)
        if name in table:
            return [("n", target, name)]
        for head, tail in _heads(name):
            if head not in table:
                continue
            out: List[Node] = []
            for export in table[head]:
                for sym in export.symbols:
                    if len(seen) >= MAX_SPELLINGS:
                        break
                    if sym.kind != IMPORT or sym.name == "*" or (not sym.name and tail[0] != "."):
                        continue
                    if (
                        not sym.module
                        and sym.name[len(head) : len(head) + 1] in _SEPARATOR_SET
                        and sym.name.startswith(head)
                    ):
                        continue  # f() holds f().map(): itself, one more step on (a name that only grows)
                    joined = sym.name + tail if sym.name else tail[1:]
                    there = target if not sym.module else self.project.module(target, sym.module)
                    if there is not None:
                        out.extend(self._canonical(there, joined, depth + 1, seen))
            if out:
                return out
            break
        parts = name.split(".")
        if len(parts) > 1 and (probes.isdir(target) or os.path.basename(target) == "__init__.py"):
            package = target if probes.isdir(target) else os.path.dirname(target)
            sub = py_at(os.path.join(package, parts[0]), True)
            if sub is not None and self.project.boundary.inside(sub):
                return self._canonical(sub, ".".join(parts[1:]), depth + 1, seen)
        stars: List[Node] = []
        for export in table.get("*", ()):
            for sym in export.symbols:
                there = self.project.module(target, sym.module) if sym.kind == IMPORT else None
                if there is not None:
                    stars.extend(self._canonical(there, name, depth + 1, seen))
        return stars or [("n", target, name)]

    # writes
    def writes_into(self, node: Node) -> List[Tuple[str, Write]]:
        """Every ``Write`` of the project whose target is ``node``, with the writing file."""
        if self._writes is None:
            table: Dict[Node, List[Tuple[str, Write]]] = {}
            for path, result in list(self.project.by_path.items()):
                for write in result.writes:
                    if write.target.kind == FIELD:  # one table entry per field name; readers filter by import
                        table.setdefault(("f", "", write.target.name), []).append((path, write))
                        continue
                    if write.target.kind == STORE and write.target.module == DOM_STORE:  # readers filter by place
                        table.setdefault(("d", "", write.target.name), []).append((path, write))
                        continue
                    for target in self.nodes(path, write.target):
                        table.setdefault(target, []).append((path, write))
            self._writes = table
        return self._writes.get(node, [])

    def imports(self, path: str) -> Set[str]:
        """The files ``path`` imports, as its ``@imports`` export lists them (FIELD readers and writers)."""
        found = self._imports.get(path)
        if found is None:
            found = set()
            for export in self.project.exports(path).get(IMPORTS, ()):
                for sym in export.symbols:
                    there = self.project.module(path, sym.module) if sym.kind == IMPORT and sym.module else None
                    if there is not None:
                        found.add(there)
            self._imports[path] = found
        return found

    def linked(self, a: str, b: str) -> bool:
        """One file, or one imports the other (either direction): the scope of a field matched by name."""
        return a == b or b in self.imports(a) or a in self.imports(b)

    def _writers(self, node: Node) -> int:
        """How many writes fill a parameter node, by name or, through its alias export, by position."""
        count = len(self.writes_into(node))
        for export in self.project.exports(node[1]).get(node[2], ()):
            for sym in export.symbols:
                if sym.kind == IMPORT and not sym.module and "#" in sym.name:
                    count += len(self.writes_into(("n", node[1], sym.name)))
        return count

    # values
    def symbol_values(self, where: str, symbol: Symbol, depth: int = 0) -> List[Value]:
        """The literals ``symbol`` (as written in ``where``) can hold, with their evidence."""
        if symbol.kind == ENV:
            return [(ref, False, ()) for ref in self.project.env_values(where, symbol.name)]
        out: List[Value] = []
        for node in self.nodes(where, symbol):
            out.extend(self.values(node, depth))
        return out

    def values(self, node: Node, depth: int) -> List[Value]:
        """The literals ``node`` can hold (memoised unless a cycle or the depth bound cut them)."""
        memo = self._memo.get(node)
        if memo is not None:
            return memo
        if depth > MAX_DEPTH or node in self._active:
            self._cut = True
            return []
        self._active.add(node)
        outer_cut, self._cut = self._cut, False
        try:
            found = self._collect(node, depth)
        finally:
            self._active.discard(node)
        label = node_label(node)
        out = _best(
            [(ref, approx, via + (label,) if not via or via[-1] != label else via) for ref, approx, via in found]
        )
        if not self._cut:
            self._memo[node] = out
        self._cut = outer_cut or self._cut
        return out

    def _collect(self, node: Node, depth: int) -> List[Value]:
        kind, where, name = node
        guess = kind != "n"  # a store or a field matched by name: approximate
        out: List[Value] = []
        if kind == "n":
            returned = name.endswith("()")
            for export in self.project.exports(where).get(name, ()):
                out.extend((ref, False, ()) for ref in export.refs)
                for sym in export.symbols:
                    if sym.kind == ENV:
                        out.extend(self.symbol_values(where, sym))
                        continue
                    for inner in self.nodes(where, sym):
                        # f() returning its parameter merges every caller's argument: approximate then
                        merged = returned and "#" in inner[2] and self._writers(inner) > 1
                        out.extend((r, a or merged, v) for r, a, v in self.values(inner, depth + 1))
        writes = self.writes_into(node)
        if kind == "f":  # an untyped field matched by name: the writes of files linked to the reader by an import
            writes = [(p, w) for p, w in self.writes_into(("f", "", name)) if self.linked(where, p)]
        elif kind == "d":  # a page's control by its id: the pages of the reader's own app
            writes = [(p, w) for p, w in self.writes_into(("d", "", name)) if same_app(where, p)]
        for path, write in writes[:MAX_WRITES]:
            approx = guess or write.approximate
            out.extend((ref, approx, ()) for ref in write.refs)
            for sym in write.symbols:
                for ref, a, via in self.symbol_values(path, sym, depth + 1):
                    out.append((ref, approx or a, via))
            if len(out) > MAX_VALUES:
                break
        return out[:MAX_VALUES]


def same_app(reader: str, page: str) -> bool:
    """Whether a page's controls are the reader's: the page sits in the reader's folder or a folder above it
    (``index.html`` above ``src/``), or in a folder of pages beside it (Flask's ``templates/`` beside
    ``static/js/``, ``public/`` beside ``src/``), meeting the reader at most ``APP_LEVELS`` folders up. A page of
    another app of a sample collection (``app_b/`` beside ``app_a/``) is not."""
    folder, page_folder = os.path.dirname(reader), os.path.dirname(page)
    try:
        common = os.path.commonpath([folder, page_folder])
    except ValueError:  # different drives
        return False
    up = os.path.relpath(folder, common)
    if up != "." and up.count(os.sep) >= APP_LEVELS:
        return False
    down = os.path.relpath(page_folder, common)
    return down == "." or down.split(os.sep)[0] in PAGE_FOLDERS


def _first_part(name: str) -> str:
    """``GeminiLiveAPI`` of ``GeminiLiveAPI#1`` or ``CONFIG.api.model``: the name before any separator."""
    end = len(name)
    for sep in SEPARATORS:
        i = name.find(sep)
        if 0 <= i < end:
            end = i
    return name[:end]


def _heads(name: str):
    """``("Cls.m", "#0")``, ``("Cls", ".m#0")``: the object part and the rest, longest object first."""
    for i in range(len(name) - 1, 0, -1):
        if name[i] in SEPARATORS:
            yield name[:i], name[i:]


def _best(values: List[Value]) -> List[Value]:
    """One value per literal: exact before approximate, then the shortest way."""
    chosen: Dict[Tuple, Value] = {}
    for value in values:
        ref = value[0]
        key = (ref.location, ref.text)
        old = chosen.get(key)
        if old is None or (old[1], len(old[2])) > (value[1], len(value[2])):
            chosen[key] = value
    return list(chosen.values())


def node_label(node: Node) -> str:
    """How a node reads in a message: ``CONF.fallback_model``, ``open_session(model)``, ``url 'model'``."""
    kind, _, name = node
    if kind == "s":
        return f"{node[1]} '{name}'"
    if kind == "d":
        return f"{DOM_STORE} '{name}'"
    if kind == "f":
        return f".{name}"
    if "#" in name:
        func, param = name.rsplit("#", 1)
        return f"{func}(arg {int(param) + 1})" if param.isdigit() else f"{func}({param})"
    return name


def route(via: Tuple[str, ...], limit: int = 4) -> str:
    """``a → b → c``: the nodes a value went through, consecutive parameters of one function merged."""
    steps: List[str] = []
    for label in via:
        if steps and "(" in label and steps[-1].split("(")[0] == label.split("(")[0] and not label.endswith("()"):
            steps[-1] = label if "arg " in steps[-1] else steps[-1]
            continue
        steps.append(label)
    if len(steps) > limit:
        steps = steps[:1] + ["…"] + steps[-(limit - 2) :]
    return " → ".join(steps)
