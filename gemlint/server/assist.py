"""Completion inside a model string at a known call site, and hover on a model name.

The call site at the cursor is found by the extractors themselves: a copy of
the buffer gets a placeholder model name in the string under the cursor, the
copy is extracted like any file, and the reference found at that string tells
which call it reaches and which API method that call needs.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional, Tuple

from lsprotocol import types as lsp

from gemlint.api import check_text
from gemlint.cli_models import _lifecycle_lines, inventory_label
from gemlint.resolve import RETIRED, UNKNOWN, resolve
from gemlint.server.checker import Checked
from gemlint.server.diagnostics import client_column, server_column, split_lines
from gemlint.types import VERTEX, ModelRef, normalize

PLACEHOLDER = "gemini-0-placeholder"
_DATED = re.compile(r"-\d{2}-\d{4}$|-\d{3}$")  # -09-2025 snapshots, -001 versions
QUOTES = "'\"`"


def _document(checked: Checked, uri: str) -> Optional[Tuple[Optional[int], str]]:
    unit = checked.unit
    cell = unit.cell_of(uri) if unit.notebook else None
    found = unit.document_of(cell)
    return None if found is None else (cell, found[1])


def string_at(line: str, column: int) -> Optional[Tuple[int, int, str, bool]]:
    """``(start, end, quote, closed)`` of the string content around ``column`` on ``line``."""
    starts = [(line.rfind(q, 0, column), q) for q in QUOTES]
    start, quote = max(starts)
    if start < 0:
        return None
    end = line.find(quote, column)
    return (start + 1, end, quote, True) if end >= 0 else (start + 1, len(line), quote, False)


def site_at(checked: Checked, uri: str, position: lsp.Position, encoding: str):
    """``(ref, start, end, typed)``: the placeholder's reference (its call site) and the string's columns."""
    found = _document(checked, uri)
    if found is None or checked.scanner is None:
        return None
    cell, text = found
    lines = split_lines(text)
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    column = server_column(line, position.character, encoding)
    literal = string_at(line, column)
    if literal is None:
        return None
    start, end, quote, closed = literal
    typed = line[start:column]
    name = f"models/{PLACEHOLDER}" if typed.startswith("models/") else PLACEHOLDER
    new_line = line[:start] + name + (line[end:] if closed else quote + line[column:])
    # As typed, the call may not be closed yet (``model="gemini-|``): a second try closes its brackets.
    for attempt in (new_line, new_line + _closers(line[: start - 1])):
        copy_lines = list(lines)
        copy_lines[position.line] = attempt
        result, _ = check_text(checked.unit.path, checked.unit.data(uri, "\n".join(copy_lines)), checked.scanner)
        for ref in result.refs:
            loc = ref.location
            if ref.model == PLACEHOLDER and loc.line == position.line + 1 and loc.cell == cell and ref.site is not None:
                return ref, start, end, typed
    return None


def _closers(head: str) -> str:
    """The brackets ``head`` leaves open, closed in order (strings are not looked into)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    for ch in head:
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return "".join(reversed(stack))


def completions(checked: Checked, uri: str, position: lsp.Position, encoding: str) -> Optional[lsp.CompletionList]:
    """Models of the inventory that support what the call site at the cursor needs, best first."""
    found = site_at(checked, uri, position, encoding)
    if found is None:
        return None
    ref, start, end, typed = found
    scanner = checked.scanner
    ctx = scanner.context
    site = ref.site
    inventory = scanner.vertex_inventory if site.backend == VERTEX and scanner.vertex_inventory else scanner.inventory
    fitting = [n for n in inventory.names() if inventory.models[n].supports(site.method)]
    wanted = normalize(typed)
    ranked = sorted(fitting, key=lambda n: rank(n, wanted, ctx.lifecycle.get(n) if site.backend != VERTEX else None))
    line = split_lines(_document(checked, uri)[1])[position.line]
    rng = lsp.Range(
        start=lsp.Position(line=position.line, character=client_column(line, start, encoding)),
        end=lsp.Position(line=position.line, character=client_column(line, end, encoding)),
    )
    as_of = inventory.fetched_at[:10] if inventory.fetched_at else "unknown date"
    prefix = "models/" if typed.startswith("models/") else ""
    items = []
    for name in ranked:
        life = ctx.lifecycle.get(name) if site.backend != VERTEX else None
        if life is not None and (life.retired or (life.shutdown is not None and life.shutdown <= ctx.today)):
            continue
        info = inventory.models[name]
        detail = [", ".join(info.methods) or "no methods listed"]
        if life is not None and life.shutdown is not None:
            detail.append(f"shuts down {life.shutdown.isoformat()}")
        detail.append(f"inventory of {as_of}")
        items.append(
            lsp.CompletionItem(
                label=prefix + name,
                kind=lsp.CompletionItemKind.Value,
                detail=" · ".join(detail),
                documentation=info.display_name,
                sort_text=f"{len(items):04d}",
                filter_text=prefix + name,
                text_edit=lsp.TextEdit(range=rng, new_text=prefix + name),
                tags=[lsp.CompletionItemTag.Deprecated] if _discouraged(life) else None,
            )
        )
    return lsp.CompletionList(is_incomplete=False, items=items)


def rank(name: str, typed: str, life) -> tuple:
    """Best first: what the typed text starts, not deprecated, stable, Gemini, newest, most general."""
    parts = name.split("-")
    version = next((p for p in parts if p[:1].isdigit()), "")
    numbers = tuple(int(x) if x.isdigit() else 0 for x in (version.split(".") + ["0", "0"])[:3]) if version else ()
    unstable = "preview" in parts or "exp" in parts or bool(_DATED.search(name))
    return (
        bool(typed) and not name.startswith(typed),
        _discouraged(life),
        unstable,
        parts[0] != "gemini",
        tuple(-n for n in numbers) if numbers else (1,),
        len(parts),
        name,
    )


def _discouraged(life) -> bool:
    return life is not None and (life.deprecated or life.shutdown is not None)


def ref_at(checked: Checked, uri: str, position: lsp.Position, encoding: str) -> Optional[Tuple[ModelRef, lsp.Range]]:
    """The model reference whose name covers ``position``, from the last check of the document."""
    found = _document(checked, uri)
    if found is None:
        return None
    cell, text = found
    lines = split_lines(text)
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    column = server_column(line, position.character, encoding)
    for ref in checked.result.refs:
        loc = ref.location
        if (
            loc.cell == cell
            and loc.line == position.line + 1
            and loc.column - 1 <= column <= loc.column - 1 + len(ref.text)
        ):
            start, end = loc.column - 1, loc.column - 1 + len(ref.text)
            rng = lsp.Range(
                start=lsp.Position(line=position.line, character=client_column(line, start, encoding)),
                end=lsp.Position(line=position.line, character=client_column(line, end, encoding)),
            )
            return ref, rng
    return None


def hover(checked: Checked, uri: str, position: lsp.Position, encoding: str) -> Optional[lsp.Hover]:
    """What the inventory and the lifecycle data say of the model name under the cursor."""
    if checked.scanner is None:
        return None
    found = ref_at(checked, uri, position, encoding)
    if found is None:
        return None
    ref, rng = found
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover_text(ref, checked)), range=rng
    )


def verdict_text(ref: ModelRef, checked: Checked) -> str:
    """Markdown for the findings on ``ref``'s literal, as the diagnostics say them: each one-line verdict
    (``**GL001** 'X' does not exist: …``) first, then its platform and detail (provenance, dates, call sites)."""
    blocks = []
    loc = ref.location
    for f in checked.findings:
        at = f.location
        if (at.cell, at.line, at.column) != (loc.cell, loc.line, loc.column):
            continue
        lines = [f"**{f.code}** {f.message}"]
        if f.platform_note:
            lines.append(f"- platform: {f.platform_note}")
        if f.detail:
            lines.append(f"- {f.detail}")
        if f.fix is None and f.fix_refusal:
            lines.append(f"- no fix: {f.fix_refusal}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def hover_text(ref: ModelRef, checked: Checked) -> str:
    """Markdown: the findings' verdicts and details first (as the diagnostics), then status, methods,
    lifecycle, the call site's need, and which inventory answered and its age."""
    verdicts = verdict_text(ref, checked)
    facts = model_facts(ref, checked)
    return f"{verdicts}\n\n---\n\n{facts}" if verdicts else facts


def model_facts(ref: ModelRef, checked: Checked) -> str:
    """Markdown: status, methods, lifecycle, the call site's need, and which inventory answered and its age."""
    scanner = checked.scanner
    ctx = scanner.context
    backend = ref.site.backend if ref.site is not None else "gemini"
    res = resolve(ref.text, backend, ctx)
    inventory = scanner.vertex_inventory if backend == VERTEX and scanner.vertex_inventory else scanner.inventory
    status = {
        UNKNOWN: "not in the inventory",
        RETIRED: "retired",
    }.get(res.status, "listed in the inventory" if res.info is not None else "accepted (extra-models or Vertex AI)")
    lines = [f"**{normalize(ref.text)}**: {status}", ""]
    if res.info is not None:
        if res.info.display_name:
            lines.append(f"- display name: {res.info.display_name}")
        lines.append(f"- methods: {', '.join(res.info.methods) or '(none)'}")
    if backend != VERTEX:
        lines.extend(f"- {line}" for line in _lifecycle_lines(ctx.lifecycle.get(ref.text)))
    if ref.site is not None:
        need = f" needs {ref.site.method}" if ref.site.method else ""
        lines.append(f"- call site: {ref.site.kind} (line {ref.site.location.line}){need}")
    lines.append(f"- inventory: {inventory_label(inventory)}{_age(inventory.as_of(), ctx.today)}")
    return "\n".join(lines)


def _age(as_of: Optional[_dt.date], today: _dt.date) -> str:
    if as_of is None:
        return " (date unknown)"
    days = (today - as_of).days
    return f" ({days} day{'s' if days != 1 else ''} old)"
