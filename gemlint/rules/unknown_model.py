"""## What it does
Flags a model name that is not in the inventory and that the lifecycle data
does not know as retired: a typo, an invented name, or a name that never
existed on this backend.

## Why is this bad?
The API answers 404 `models/… is not found for API version v1beta`, and the
Live API accepts the WebSocket and then closes it with code 1008 right after
the first message, which client libraries surface as "WebSocket is already in
CLOSING or CLOSED state" (or never settle at all).

## Example
```python
client.aio.live.connect(model="gemini-2.5-flash-native-audio-dialog")
```

## Use instead
```python
client.aio.live.connect(model="gemini-2.5-flash-native-audio-latest")
```

A name that reaches no call site and no model parameter (a dict key, a
list entry) is a mention: GL006 reports it instead, as a warning.

Names of tuned or private models can be accepted with `extra-models` in
`[tool.gemlint]`; refresh the inventory with `gemlint models refresh`.
"""

from __future__ import annotations

import sys
from typing import List

from ..resolve import UNKNOWN, suggest
from ..types import VERTEX, Finding
from .base import finding, gemini_resolution, site_text, typo_fix, vertex_resolution

_RULE = sys.modules[__name__]
CODE = "GL001"
NAME = "unknown-model"
SEVERITY = "error"
SUMMARY = "Model name is not in the inventory"
VALID = [
    'client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n',
    'client.models.generate_content(model="models/gemini-3.8-flash", contents="hi")\n',
    'API_KEY_HEADER = "gemini-api-key"\n',
]
INVALID = [
    'client.models.generate_content(model="gemini-3.8-flsh", contents="hi")\n',
    'generate(model="gemini-9.9-ultra")\n',
]


def check(group, ctx) -> List[Finding]:
    """GL001 for a name that the inventory does not list (mentions get GL006)."""
    if group.is_mention:
        return []
    out = []
    res = gemini_resolution(group, ctx)
    methods = group.methods()
    if res is not None and res.status == UNKNOWN:
        suggestions = suggest(group.text, methods, ctx)
        fix, refusal = typo_fix(group, suggestions, ctx)
        out.append(
            finding(
                _RULE,
                group,
                _message(group, ctx, methods, suggestions),
                suggestions=suggestions,
                fix=fix,
                fix_refusal=refusal,
            )
        )
    vres = vertex_resolution(group, ctx)
    if vres is not None and vres.status == UNKNOWN and not out:
        suggestions = suggest(group.text, methods, ctx, VERTEX) if ctx.vertex_inventory is not None else ()
        where = "the Vertex AI inventory" if ctx.vertex_inventory is not None else "what is known to exist on Vertex AI"
        out.append(finding(_RULE, group, f"model '{group.model}' is not in {where}", suggestions=suggestions))
    return out


def _message(group, ctx, methods, suggestions) -> str:
    inv = ctx.inventory
    as_of = f" of {inv.fetched_at[:10]}" if inv.fetched_at else ""
    parts = [f"model '{group.model}' does not exist (not in the inventory{as_of})"]
    sited = group.sited()
    if sited and methods:
        parts.append(f"{site_text(sited[0])} needs a model that supports {' and '.join(methods)}")
    if suggestions:
        parts.append("did you mean " + ", ".join(suggestions) + "?")
    return "; ".join(parts)
