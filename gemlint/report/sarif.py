"""SARIF 2.1.0 for code scanning (GitHub ``upload-sarif``, Azure DevOps, VS Code SARIF viewer).

One run: ``tool.driver`` lists every rule (id, kebab-case name, short and
full description, the doc page as help text and markdown, ``helpUri``); each
finding is one result with a physical location covering the model name, the
call site(s) as ``relatedLocations`` and a ``partialFingerprints`` entry that
does not depend on line numbers. Files that could not be read or parsed are
``invocations[0].toolExecutionNotifications``.

Paths are URIs relative to ``%SRCROOT%`` (the folder gemlint ran in, also
given as an absolute ``file:`` URI in ``originalUriBaseIds``); columns count
Unicode code points (``columnKind``).

Notebooks: the region is a position in the ``.ipynb`` file itself (the JSON
text), so that code scanning shows and annotates the right line; the cell is
kept in ``region.properties`` as ``cell`` (1-based index in the ``cells``
list), ``cellLine`` and ``cellColumn`` (the position gemlint's text and JSON
reports use). When the raw position cannot be worked out (unreadable file,
unexpected layout) the region falls back to the cell-relative line and
column, and ``region.properties.cellRelative`` is ``true``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from json.decoder import scanstring
from pathlib import Path, PurePath
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

from gemlint.report.context import ReportContext
from gemlint.safe_text import json_safe
from gemlint.source import line_offset
from gemlint.types import MAX_RELATED, FileError, Finding, Location, RunResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/gemlint/gemlint"
RULES_DOC_URI = "https://github.com/gemlint/gemlint/blob/main/docs/rules.md"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "gemlintFingerprint/v1"

# (line, column, end column) in the file as stored on disk; end column is exclusive.
FilePosition = Tuple[int, int, Optional[int]]


def rule_help_uri(code: str, name: str) -> str:
    """The documentation URL of a rule: ``.../docs/rules.md#gl001-unknown-model``."""
    return f"{RULES_DOC_URI}#{code.lower()}-{name}"


def fingerprints(findings: Tuple[Finding, ...]) -> List[str]:
    """A line-independent hash per finding (sha256 hex).

    It hashes :meth:`Finding.fingerprint` (path, rule, model, call-site kind,
    cell) plus the occurrence number among findings with the same identity,
    so that two identical calls in one file stay two alerts while inserting
    or removing lines elsewhere changes nothing.
    """
    seen: Dict[str, int] = {}
    out = []
    for f in findings:
        key = f.fingerprint()
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(hashlib.sha256(f"{key}|{n}".encode()).hexdigest())
    return out


def artifact_uri(path: str) -> Tuple[str, bool]:
    """``(uri, relative)``: a forward-slash URI relative to the working folder when possible."""
    p = PurePath(path)
    if p.is_absolute():
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = None
        if rel is None or rel == ".." or rel.startswith(".." + os.sep):
            return Path(path).as_uri(), False
        p = PurePath(rel)
    return quote(p.as_posix(), safe="/-._~!$&'()*+,;=@"), True


class PositionMapper:
    """Map finding locations to positions in the file on disk (notebook cells → raw ``.ipynb`` JSON)."""

    def __init__(self, texts: Optional[Dict[str, str]] = None) -> None:
        """``texts``: the text of a notebook as an editor has it (path -> unsaved ``.ipynb`` JSON), read instead
        of the file on disk."""
        self._notebooks: Dict[str, Optional[Tuple[str, Any, Dict[int, List[int]]]]] = {}
        self._texts = texts or {}

    def position(self, loc: Location, length: int) -> Tuple[FilePosition, bool]:
        """``((line, column, end_column), exact)``; ``exact`` is false for a cell-relative fallback."""
        end = loc.end_column if loc.end_column is not None and loc.end_line in (None, loc.line) else None
        if end is None and length > 0:
            end = loc.column + length
        if loc.cell is None:
            return (loc.line, loc.column, end), True
        mapped = self._notebook_position(loc, (end - loc.column) if end is not None else 0)
        if mapped is None:
            return (loc.line, loc.column, end), False
        return mapped, True

    def _notebook_position(self, loc: Location, length: int) -> Optional[FilePosition]:
        if loc.path not in self._notebooks:
            given = self._texts.get(loc.path)
            self._notebooks[loc.path] = _load_notebook(loc.path) if given is None else _parse_notebook(given)
        loaded = self._notebooks[loc.path]
        if loaded is None or loc.cell is None:
            return None
        text, nb, all_offsets = loaded
        try:
            source = nb["cells"][loc.cell - 1]["source"]
        except (KeyError, IndexError, TypeError):
            return None
        offsets = all_offsets.get(loc.cell - 1, [])
        chunks = [source] if isinstance(source, str) else list(source)
        if len(chunks) != len(offsets) or not all(isinstance(c, str) for c in chunks):
            return None
        start = _raw_offset(text, chunks, offsets, loc.line, loc.column)
        if start is None:
            return None
        end = _raw_offset(text, chunks, offsets, loc.line, loc.column + length) if length else None
        line = text.count("\n", 0, start) + 1
        line_start = text.rfind("\n", 0, start) + 1
        end_col = end - line_start + 1 if end is not None and end > start and "\n" not in text[start:end] else None
        return line, start - line_start + 1, end_col


def _load_notebook(path: str) -> Optional[Tuple[str, Any, Dict[int, List[int]]]]:
    from gemlint.source import SourceError, decode_text

    try:
        with open(path, "rb") as fh:
            text = decode_text(fh.read())
    except (OSError, SourceError):
        return None
    return _parse_notebook(text)


def _parse_notebook(text: str) -> Optional[Tuple[str, Any, Dict[int, List[int]]]]:
    try:
        nb = json.loads(text)
    except ValueError:
        return None
    offsets = _source_offsets(text)
    return None if offsets is None else (text, nb, offsets)


_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def _source_offsets(text: str) -> Optional[Dict[int, List[int]]]:
    """Per cell index, the offsets of the opening quotes of its ``source`` strings; None if not JSON."""
    found: Dict[int, List[int]] = {}

    def value(pos: int, path: Tuple[Any, ...]) -> int:
        pos = _WS.match(text, pos).end()
        ch = text[pos : pos + 1]
        if ch == '"':
            if len(path) >= 3 and path[0] == "cells" and path[2] == "source":
                found.setdefault(path[1], []).append(pos)
            return scanstring(text, pos + 1)[1]
        if ch == "{":
            pos = _WS.match(text, pos + 1).end()
            if text[pos : pos + 1] == "}":
                return pos + 1
            while True:
                key, pos = scanstring(text, _WS.match(text, pos).end() + 1)
                pos = _WS.match(text, pos).end()
                if text[pos : pos + 1] != ":":
                    raise ValueError("expected ':'")
                pos = value(pos + 1, _child(path, key))
                pos = _WS.match(text, pos).end()
                if text[pos : pos + 1] == "}":
                    return pos + 1
                if text[pos : pos + 1] != ",":
                    raise ValueError("expected ',' or '}'")
                pos += 1
        if ch == "[":
            pos = _WS.match(text, pos + 1).end()
            if text[pos : pos + 1] == "]":
                return pos + 1
            index = 0
            while True:
                pos = value(pos, _child(path, index))
                pos = _WS.match(text, pos).end()
                if text[pos : pos + 1] == "]":
                    return pos + 1
                if text[pos : pos + 1] != ",":
                    raise ValueError("expected ',' or ']'")
                pos += 1
                index += 1
        m = _SCALAR.match(text, pos)
        if m is None:
            raise ValueError(f"unexpected character at {pos}")
        return m.end()

    try:
        value(0, ())
    except (ValueError, IndexError, RecursionError):
        return None
    return found


def _child(path: Tuple[Any, ...], key: Any) -> Tuple[Any, ...]:
    """The JSON path of a member; only ``cells[i].source`` matters, so the path stops growing there."""
    return (*path, key) if len(path) < 3 else path


def _raw_offset(text: str, chunks: List[str], offsets: List[int], line: int, column: int) -> Optional[int]:
    """Raw offset in ``text`` of cell ``line``/``column`` (1-based, code points), or None."""
    joined = "".join(chunks)
    index = line_offset(joined, line, column)  # the character index in the joined cell source
    if index is None or index > len(joined):
        return None
    last = len(chunks) - 1
    for i, (chunk, offset) in enumerate(zip(chunks, offsets)):
        if index < len(chunk) or (index == len(chunk) and i == last):
            return _skip_decoded(text, offset + 1, index)
        index -= len(chunk)
    return None


def _skip_decoded(text: str, pos: int, count: int) -> int:
    """The raw offset reached after decoding ``count`` characters of a JSON string starting at ``pos``."""
    for _ in range(count):
        if text[pos] != "\\":
            pos += 1
        elif text[pos + 1] != "u":
            pos += 2
        else:
            high = int(text[pos + 2 : pos + 6], 16)
            pos += 6
            if 0xD800 <= high < 0xDC00 and text[pos : pos + 2] == "\\u":
                low = int(text[pos + 2 : pos + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    pos += 6
    return pos


def _rule_descriptor(rule) -> Dict[str, Any]:
    from gemlint.rules import doc_page

    page = doc_page(rule)
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": rule.SUMMARY},
        "fullDescription": {"text": _what_it_does(rule.__doc__ or "") or rule.SUMMARY},
        "help": {"text": page, "markdown": page},
        "helpUri": rule_help_uri(rule.CODE, rule.NAME),
        "defaultConfiguration": {"level": _level(rule.SEVERITY)},
        "properties": {"tags": ["gemini", "model-name"]},
    }


def _what_it_does(doc: str) -> str:
    """The paragraph under ``## What it does``, on one line."""
    match = re.search(r"^## What it does\s*\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return " ".join(match.group(1).split()) if match else ""


def _level(severity: str) -> str:
    return "error" if severity == "error" else "warning"


def _artifact(path: str) -> Dict[str, Any]:
    uri, relative = artifact_uri(path)
    return {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}


def _physical(mapper: PositionMapper, loc: Location, length: int) -> Dict[str, Any]:
    (line, column, end), exact = mapper.position(loc, length)
    region: Dict[str, Any] = {"startLine": line, "startColumn": column}
    if end is not None and end > column:
        region["endColumn"] = end
    if loc.cell is not None:
        props: Dict[str, Any] = {"cell": loc.cell, "cellLine": loc.line, "cellColumn": loc.column}
        if not exact:
            props["cellRelative"] = True
        region["properties"] = props
    return {"artifactLocation": _artifact(loc.path), "region": region}


def _result(f: Finding, index: int, fingerprint: str, mapper: PositionMapper) -> Dict[str, Any]:
    location: Dict[str, Any] = {"physicalLocation": _physical(mapper, f.location, len(f.model))}
    result: Dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": _level(f.severity),
        "message": {"text": f.full_text()},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if f.related:
        what = f"call site: {f.site_kind}" if f.site_kind else "call site"
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(mapper, loc, 0), "message": {"text": what}}
            for i, loc in enumerate(f.related[:MAX_RELATED], start=1)
        ]
    props: Dict[str, Any] = {"model": f.model, "severity": f.severity}
    if f.related_total:  # relatedLocations holds the first MAX_RELATED call sites of these
        props["relatedTotal"] = f.related_total
    elif len(f.related) > MAX_RELATED:  # relatedLocations lists the first MAX_RELATED
        props["relatedTotal"] = len(f.related)
    if f.suggestions:
        props["suggestions"] = list(f.suggestions)
    if f.site_kind:
        props["callSite"] = f.site_kind
    if f.method:
        props["method"] = f.method
    if f.fix is not None:
        props["replacement"] = f.fix.new
    if f.platform_note:
        props["platform"] = f.platform_note
    result["properties"] = props
    return result


def _notification(err: FileError) -> Dict[str, Any]:
    note: Dict[str, Any] = {
        "level": "error" if err.fatal else "warning",
        "message": {"text": err.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(err.path)}}],
        "descriptor": {"id": "internal-error" if err.internal else ("file-error" if err.fatal else "file-skipped")},
    }
    return note


def sarif_log(result: RunResult, ctx: ReportContext) -> Dict[str, Any]:
    """The SARIF log of a run, as a JSON-ready dict."""
    from gemlint.rules import ALL_RULES

    rules = [_rule_descriptor(r) for r in ALL_RULES]
    index = {r.CODE: i for i, r in enumerate(ALL_RULES)}
    mapper = PositionMapper()
    results = []
    for f, fp in zip(result.findings, fingerprints(result.findings)):
        res = _result(f, index.get(f.code, -1), fp, mapper)
        if f.code not in index:  # a code without a rule module: no index to point at
            del res["ruleIndex"]
        results.append(res)
    notifications = [_notification(e) for e in result.errors]
    notifications += [{"level": "note", "message": {"text": text}} for text in result.notices]
    invocation: Dict[str, Any] = {"executionSuccessful": not any(e.internal for e in result.errors)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: Dict[str, Any] = {"name": "gemlint", "informationUri": INFORMATION_URI, "rules": rules}
    if ctx.tool_version:
        driver["version"] = ctx.tool_version
        driver["semanticVersion"] = ctx.tool_version
    run: Dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, ctx: ReportContext) -> str:
    """The SARIF 2.1.0 log of ``result`` as indented JSON."""
    return json_safe(json.dumps(sarif_log(result, ctx), indent=2, ensure_ascii=False)) + "\n"
