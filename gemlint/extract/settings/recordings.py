"""Recorded HTTP exchanges and API responses in JSON/YAML files: data, never references.

A replay file holds what a test once sent and received; when the test is recorded again, the
code's model is used. ``is_recording`` spots them by where they live (a folder or file named
``recordings``, ``cassettes``, ``replays``, ``__snapshots__``, ``golden``: a test's expected output)
or by their shape (a VCR cassette's ``interactions`` of ``request``/``response``, a JSON body with ``candidates`` beside
``modelVersion``/``usageMetadata``/``finishReason``). ``response_field`` tells a value of a
response field (``modelVersion``, ``model_version``), which is never a reference in any file.
"""

from __future__ import annotations

import re

_PATH = re.compile(r"(?:^|[/\\._-])(?:recordings?|cassettes?|replays?|__snapshots__|golden)(?:$|[/\\._-])", re.I)
_HEAD = 200_000  # bytes of the file the shape tests read
_VCR = re.compile(r"""["']?interactions["']?\s*:[\s\S]{0,2000}?["']?request["']?\s*:""")
_EXCHANGE = re.compile(r"""["']request["']\s*:[\s\S]{0,20000}?["']response["']\s*:""")
_RESPONSE_BODY = re.compile(r"""["']?candidates["']?\s*:""")
_RESPONSE_MARKS = re.compile(
    r"""["']?(?:modelVersion|model_version|usageMetadata|usage_metadata|finishReason)["']?\s*:"""
)
_FIELD = re.compile(r"""["']?(?:modelVersion|model_version)["']?\s*[:=]\s*["']?$""")


def is_recording(path: str, text: str) -> bool:
    """True for a recorded exchange or API response (see the module docstring)."""
    if _PATH.search(path.replace("\\", "/")):
        return True
    head = text[:_HEAD]
    if _VCR.search(head) or _EXCHANGE.search(head):
        return True
    return _RESPONSE_BODY.search(head) is not None and _RESPONSE_MARKS.search(head) is not None


def response_field(line: str, start: int) -> bool:
    """True when the value starting at ``start`` of ``line`` is that of ``modelVersion``/``model_version``."""
    return _FIELD.search(line, max(0, start - 60), start) is not None
