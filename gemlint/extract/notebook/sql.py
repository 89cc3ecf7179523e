"""Model ids named in SQL: BigQuery generative AI functions and AlloyDB ``google_ml`` calls.

Pure text in, records out; no parser beyond comments, strings and brackets:

- BigQuery ``AI.GENERATE(…, endpoint => 'gemini-2.5-flash')`` and its siblings
  (``AI.GENERATE_TABLE``, ``AI.GENERATE_BOOL``/``_INT``/``_DOUBLE``,
  ``ML.GENERATE_TEXT``, ``ML.GENERATE_EMBEDDING``, ``AI.GENERATE_EMBEDDING``, ``AI.EMBED``);
- BigQuery ``CREATE [OR REPLACE] MODEL … REMOTE WITH CONNECTION … OPTIONS(endpoint = 'ID')``;
- AlloyDB ``google_ml.embedding('ID', …)`` and
  ``google_ml.predict_row('…/publishers/google/models/ID:generateContent', …)``.

Both services call Vertex AI, so ``platform`` is always ``"vertex"``.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from gemlint.extract.names import REST_METHODS
from gemlint.records import record

_EMBEDDING_FUNCTIONS = {"GENERATE_EMBEDDING", "EMBED", "SIMILARITY"}
_BQ_FUNCTION = re.compile(
    r"\b(ML|AI)\s*\.\s*(GENERATE_TEXT|GENERATE_EMBEDDING|GENERATE_TABLE|GENERATE_BOOL|GENERATE_INT"
    r"|GENERATE_DOUBLE|GENERATE|EMBED|SIMILARITY|CLASSIFY|IF|SCORE)\s*\(",
    re.IGNORECASE,
)
_ENDPOINT_ARG = re.compile(r"\bendpoint\s*=>\s*(['\"])([^'\"\n]*)\1", re.IGNORECASE)
_CREATE_MODEL = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?MODEL\b", re.IGNORECASE)
_REMOTE = re.compile(r"\bREMOTE\s+WITH\s+CONNECTION\b", re.IGNORECASE)
_ENDPOINT_OPTION = re.compile(r"\bendpoint\s*=\s*(['\"])([^'\"\n]*)\1", re.IGNORECASE)
_ALLOYDB = re.compile(
    r"(?<![\w.])(?:google_ml\s*\.\s*)?(embedding|predict_row)\s*\(\s*(?:model_id\s*=>\s*)?(['\"])([^'\"\n]*)\2",
    re.IGNORECASE,
)
_PUBLISHER_MODEL = re.compile(r"(?:^|/)models/([A-Za-z0-9][A-Za-z0-9.\-_]*)(?::([A-Za-z]+))?")


@record
class SqlModel:
    """One model id in SQL text.

    ``offset`` is the index of ``model`` in the text given to :func:`sql_models`;
    ``kind`` labels the construct (``BigQuery AI.GENERATE``); ``method`` is the
    API method the model needs (``generateContent`` or ``embedContent``).
    """

    offset: int
    model: str
    kind: str
    method: str
    platform: str = "vertex"


def sql_models(text: str) -> List[SqlModel]:
    """Every model id ``text`` (SQL) passes to a BigQuery or AlloyDB model function, in text order.

    The ids are returned as written (a publisher path is cut to its model id);
    callers decide whether an id looks like a Gemini model. Names inside SQL
    comments are ignored.
    """
    masked = _mask_comments(text)
    found: List[SqlModel] = []
    calls = [(m, _close(masked, m.end() - 1)) for m in _BQ_FUNCTION.finditer(masked)]
    for arg in _ENDPOINT_ARG.finditer(masked):
        inside = [(end - m.start(), m) for m, end in calls if m.end() <= arg.start() and arg.end() <= end]
        if not inside:
            continue
        m = min(inside, key=lambda pair: pair[0])[1]
        name = m.group(2).upper()
        kind = f"BigQuery {m.group(1).upper()}.{name}"
        method = "embedContent" if name in _EMBEDDING_FUNCTIONS else "generateContent"
        found.extend(_model(arg.start(2), arg.group(2), kind, method))
    for m in _CREATE_MODEL.finditer(masked):
        end = masked.find(";", m.end())
        statement = masked[m.end() : len(masked) if end < 0 else end]
        if not _REMOTE.search(statement):
            continue
        option = _ENDPOINT_OPTION.search(statement)
        if option:
            value = option.group(2)
            method = "embedContent" if "embedding" in value else "generateContent"
            found.extend(_model(m.end() + option.start(2), value, "BigQuery CREATE MODEL REMOTE", method))
    for m in _ALLOYDB.finditer(masked):
        function = m.group(1).lower()
        if function == "embedding":
            found.extend(_model(m.start(3), m.group(3), "AlloyDB google_ml.embedding", "embedContent"))
        else:
            found.extend(_model(m.start(3), m.group(3), "AlloyDB google_ml.predict_row", "generateContent"))
    found.sort(key=lambda r: r.offset)
    return found


def _model(offset: int, value: str, kind: str, method: str) -> List[SqlModel]:
    """The model id inside an endpoint value (a bare id, ``id:verb`` or a publisher path)."""
    if "/" in value:
        matches = list(_PUBLISHER_MODEL.finditer(value))
        m = matches[-1] if matches else None
        if m is None or "publishers/" not in value[: m.start(1)] and not value.startswith("models/"):
            return []
        verb = m.group(2)
        return [SqlModel(offset + m.start(1), m.group(1), kind, _method(verb, method))]
    model, _, verb = value.partition(":")
    if not model.strip() or model != model.strip():
        return []
    return [SqlModel(offset, model, kind, _method(verb or None, method))]


def _method(verb: Optional[str], default: str) -> str:
    return (REST_METHODS.get(verb) if verb else None) or default


def _close(text: str, open_index: int) -> int:
    """Index just past the bracket closing the one at ``open_index`` (string-aware), or len(text)."""
    depth = 0
    i = open_index
    n = len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            i = _string_end(text, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return len(text)


def _mask_comments(text: str) -> str:
    """``text`` with ``-- …``, ``# …`` and ``/* … */`` comments replaced by spaces (same offsets)."""
    if "--" not in text and "#" not in text and "/*" not in text:
        return text
    out = list(text)
    spans: List[Tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            i = _string_end(text, i)
        elif text.startswith("--", i) or c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            spans.append((i, end))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            spans.append((i, end))
            i = end
        else:
            i += 1
    for start, end in spans:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "
    return "".join(out)
