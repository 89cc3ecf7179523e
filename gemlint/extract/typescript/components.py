"""Single-file components (``.vue``, ``.svelte``): their ``<script>`` blocks are TypeScript or JavaScript.

A Vue or Svelte app calls Gemini from ``<script setup lang="ts">`` as a React app does from a ``.tsx`` file. The
blocks are read in place: everything outside them (the template, the styles, the tags) is blanked to spaces, line
ends kept, so that lines and columns stay those of the file, and the result is one TypeScript (``lang="ts"``),
TSX (``lang="tsx"``/``"jsx"``) or JavaScript program. The template's markup is not read.
"""

from __future__ import annotations

import re
from typing import List, Tuple

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_LANG = re.compile(r"""\blang\s*=\s*["']?\s*(tsx|jsx|ts|typescript|js|javascript)\b""", re.I)
_DIALECTS = {"ts": "ts", "typescript": "ts", "tsx": "tsx", "jsx": "tsx", "js": "js", "javascript": "js"}
_BLANK = re.compile(r"[^\r\n]")


def script_text(text: str) -> Tuple[str, str]:
    """``(text, dialect)``: ``text`` with everything but its ``<script>`` blocks' bodies blanked, and the dialect
    to parse it as (TypeScript when any block says ``lang="ts"``); ``("", "js")`` when there is no block."""
    spans: List[Tuple[int, int]] = []
    dialects = set()
    for m in _SCRIPT.finditer(text):
        lang = _LANG.search(m.group(1))
        dialects.add(_DIALECTS[lang.group(1).lower()] if lang else "js")
        spans.append(m.span(2))
    if not spans:
        return "", "js"
    parts: List[str] = []
    at = 0
    for start, end in spans:
        parts.append(_BLANK.sub(" ", text[at:start]))
        parts.append(text[start:end])
        at = end
    parts.append(_BLANK.sub(" ", text[at:]))
    dialect = "tsx" if "tsx" in dialects else "ts" if "ts" in dialects else "js"
    return "".join(parts), dialect


def svelte_file(path: str) -> bool:
    """A component (``App.svelte``) or a module of runes (``store.svelte.ts``): where ``$store`` and runes mean
    Svelte's, not a name of the code's own (a folder named ``app.svelte-kit/`` is no such file)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.endswith(".svelte") or ".svelte." in name
