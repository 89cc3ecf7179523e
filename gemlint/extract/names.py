"""What a Gemini model name looks like, and where one sits inside a string.

One pattern for every language: a family (``gemini``, ``gemma``, ``imagen``,
``veo``, ``lyria``, ...) and dash-separated lowercase parts of which one
starts with a version digit, optionally prefixed with ``models/``. Look-alikes such as
``gemini-api-key``, ``gemini-cli`` or docs URLs do not match because no part
is a version number.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Iterator, Optional, Tuple

from gemlint.types import GEMINI

FAMILIES = (
    "gemini",
    "gemma",
    "imagen",
    "veo",
    "lyria",
    "learnlm",
    "text-embedding",
    "embedding",
    "chat-bison",
    "text-bison",
)

# A part is lowercase letters/digits, with dots only between digits (3.5).
_PART = r"[a-z0-9]+(?:\.[0-9]+)*"
_FAMILY = "|".join(re.escape(f) for f in FAMILIES)
# gemini-3.8-flash, gemma-4-31b-it, imagen-4.0-generate-001, veo-3.1-...
MODEL_NAME = re.compile(rf"(?:models/)?(?:{_FAMILY})(?:-[a-z]+)*-[0-9][a-z0-9]*(?:\.[0-9]+)*(?:-{_PART})*")
_WHOLE = re.compile(rf"^{MODEL_NAME.pattern}\Z")
# Gemini or Gemma and a version, nothing after: `gemini-3`, `gemini-2.5`, `gemma-4` name a generation of models (their
# ids always go on: gemini-3-pro-preview). Other families have ids of that shape (text-embedding-005, lyria-3.5).
_FAMILY_LABEL = re.compile(r"^(?:models/)?(?:gemini|gemma)-[1-9][0-9]*(?:\.[0-9]+)?\Z")
# Families whose names carry no version digit but exist (gemini-pro-latest,
# gemini-flash-latest, aqa): accepted when they are known to the inventory.
_LOOSE_WHOLE = re.compile(rf"^(?:models/)?(?:{_FAMILY}|aqa|nano-banana|deep-research|antigravity)(?:-{_PART})*\Z")

# The prefilter: a file whose bytes contain none of these cannot hold a model
# name (or a suppression comment), so it is only read, never parsed.
PREFILTER_TOKENS = (
    b"gemini",
    b"gemma",
    b"imagen",
    b"veo-",
    b"lyria",
    b"learnlm",
    b"embedding",
    b"bison",
    b"aqa",
    b"nano-banana",
    b"deep-research",
    b"antigravity",
    b"models/",
    b"gemlint",
)
_PREFILTER_RE2 = None


def may_mention_model(data: bytes, fast: bool = True) -> bool:
    """True when ``data`` contains a model-name family, ``models/`` or ``gemlint``.

    With ``fast`` and google-re2 installed (``pip install gemlint[fast]``) one
    linear-time pass; otherwise one ``bytes.__contains__`` per token, slower
    over many files but with no import to pay for a few.
    """
    global _PREFILTER_RE2
    if not fast:
        return contains_any(data)
    if _PREFILTER_RE2 is None:
        _PREFILTER_RE2 = _compile_re2()
    if _PREFILTER_RE2:
        return _PREFILTER_RE2.search(data) is not None
    return contains_any(data)


class LoadedRe2:
    """``pattern`` compiled by google-re2 once it is loaded (a large scan's prefilter loads it: ``may_mention_model``):
    one linear pass, faster than ``re`` over many alternatives. ``get()`` is None until then (no import to pay)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: Any = None

    def get(self) -> Any:
        if self._compiled is None:
            re2 = sys.modules.get("re2")
            if re2 is not None:
                self._compiled = re2.compile(self.pattern)
        return self._compiled


def contains_any(data: bytes) -> bool:
    """The prefilter without google-re2."""
    return any(token in data for token in PREFILTER_TOKENS)


_TOKEN_IN_TEXT = re.compile("|".join(re.escape(t.decode("ascii")) for t in PREFILTER_TOKENS))


def has_token(text: str) -> bool:
    """``contains_any`` for a short string (one literal): one regular-expression search, no encoding."""
    return _TOKEN_IN_TEXT.search(text) is not None


def _compile_re2():
    try:
        import re2
    except ImportError:
        return False
    return re2.compile(b"|".join(re.escape(t) for t in PREFILTER_TOKENS))


# .../models/{id}:{method} in REST URLs (v1, v1beta, v1alpha; any host).
REST_URL = re.compile(r"/models/([a-zA-Z0-9][a-zA-Z0-9.\-_]*):([a-zA-Z]+)")
REST_METHODS = {
    "generateContent": "generateContent",
    "streamGenerateContent": "generateContent",
    "countTokens": "countTokens",
    "embedContent": "embedContent",
    "batchEmbedContents": "embedContent",
    "asyncBatchEmbedContent": "asyncBatchEmbedContent",
    "batchGenerateContent": "batchGenerateContent",
    "predict": "predict",
    "predictLongRunning": "predictLongRunning",
    "generateAnswer": "generateAnswer",
}
LIVE_URL_MARKER = "BidiGenerateContent"


def looks_like_model(text: str) -> bool:
    """True when ``text`` is, as a whole, shaped like a versioned model name."""
    return bool(_WHOLE.match(text))


def is_family_label(text: str) -> bool:
    """``gemini-3``, ``gemini-2.5``, ``gemma-4``: a family and a version, the label of a generation of models."""
    return bool(_FAMILY_LABEL.match(text))


def could_be_model(text: str, known) -> bool:
    """A whole-string model name: versioned shape, or a name ``known`` accepts.

    ``known`` is a callable taking the bare name (inventory, lifecycle or
    extra-models membership).
    """
    if looks_like_model(text):
        return True
    return bool(_LOOSE_WHOLE.match(text)) and known(text)


def rest_urls(text: str) -> Iterator[Tuple[int, str, str, Optional[str]]]:
    """``(offset, model, verb, method)`` for each ``/models/{id}:{verb}`` in ``text``.

    ``verb`` is the URL's own (``streamGenerateContent``); ``method`` is the API
    method it needs (``generateContent``; ``None`` for an unknown verb).
    """
    for m in REST_URL.finditer(text):
        yield m.start(1), m.group(1), m.group(2), REST_METHODS.get(m.group(2))


# Vertex AI spells a model as projects/…/publishers/google/models/{id}, on *-aiplatform.googleapis.com.
VERTEX_HOST = "aiplatform.googleapis.com"
PUBLISHER_PREFIX = "publishers/google/models/"
PUBLISHER_PATH = re.compile(r"publishers/google/models/([a-zA-Z0-9][a-zA-Z0-9.\-_@]*)(?![a-zA-Z0-9.\-_@:])")


def url_platform(text: str, offset: int) -> str:
    """``"vertex"`` for the model at ``offset`` of a Vertex AI URL or publisher path, else ``"gemini"``."""
    if VERTEX_HOST in text or text[:offset].endswith(PUBLISHER_PREFIX):
        return "vertex"
    return "gemini"


def publisher_paths(text: str) -> Iterator[Tuple[int, str]]:
    """``(offset, model)`` for each ``publishers/google/models/{id}`` with no ``:verb`` (an endpoint path)."""
    for m in PUBLISHER_PATH.finditer(text):
        if not _MODEL_GARDEN.search(m.group(1)):
            yield m.start(1), m.group(1)


# A Model Garden version (``gemma3@gemma-3-1b-it``) names a deployable artefact, not a catalogue model; a
# catalogue version (``text-bison@001``) has digits after the ``@``.
_MODEL_GARDEN = re.compile(r"@(?!\d+$)")


def publisher_id(text: str) -> int:
    """Where the ID starts in a whole-value publisher path (``projects/…/publishers/google/models/ID``); 0: not one."""
    i = text.find(PUBLISHER_PREFIX)
    if i < 0:
        return 0
    start = i + len(PUBLISHER_PREFIX)
    rest = text[start:]
    return start if rest and "/" not in rest and ":" not in rest else 0


PATH_KIND = "publisher model path"  # the existence-only site of a bare publisher path


def without_shadowed_paths(refs: list) -> list:
    """Drop a publisher path's existence-only site where a real call site uses the same literal."""
    called = {(r.location, r.text) for r in refs if r.site is not None and r.site.kind != PATH_KIND}
    if not called:
        return refs
    return [r for r in refs if not (r.site is not None and r.site.kind == PATH_KIND and (r.location, r.text) in called)]


_TUNED_ID = re.compile(r"(?:models/)?\d+")  # models/7687416965014487040: a tuned model's numeric id


def is_other_resource(text: str) -> bool:
    """A resource path that names no catalogue model: ``tunedModels/…``, a Vertex AI endpoint or other
    ``projects/…`` path (a publisher model path ``…/publishers/google/models/ID`` is a model)."""
    if text.startswith("tunedModels/") or _TUNED_ID.fullmatch(text):
        return True
    return text.startswith("projects/") and "/publishers/google/models/" not in text


def first_platform(*choices):
    """``(platform, follows_env)``: the first known of a call's branch, its client's evidence, the environment set
    in code; with none, the Gemini API, open to the configured default (``follows_env``)."""
    for choice in choices:
        if choice is not None:
            return choice, False
    return GEMINI, True
