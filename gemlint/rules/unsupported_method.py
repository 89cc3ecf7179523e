"""## What it does
Flags a model that exists but does not list the API method its call site
needs: a live-only model in `generate_content`, a text model in
`live.connect`, an embedding model asked to generate, a video model asked for
text.

## Why is this bad?
The request fails at run time: REST answers 404 `… or is not supported for
generateContent`, and the Live API closes the socket with code 1008.

## Example
```python
client.models.generate_content(model="gemini-3.1-flash-live-preview", contents="hi")
```

## Use instead
```python
client.models.generate_content(model="gemini-3.8-flash", contents="hi")
```
"""

from __future__ import annotations

import sys
from typing import List

from ..resolve import LISTED, right_class
from ..types import VERTEX, Finding
from .base import finding, gemini_resolution, site_text

_RULE = sys.modules[__name__]
CODE = "GL002"
NAME = "unsupported-method"
SEVERITY = "error"
SUMMARY = "Model does not support the method its call site needs"
VALID = [
    'client.models.embed_content(model="gemini-embedding-2", contents=["a"])\n',
    'client.aio.live.connect(model="gemini-3.1-flash-live-preview")\n',
]
INVALID = [
    'client.models.generate_content(model="gemini-embedding-2", contents="hi")\n',
    'client.aio.live.connect(model="gemini-3.8-flash")\n',
]


def check(group, ctx) -> List[Finding]:
    """GL002 once per (call-site kind, method) the listed model cannot serve."""
    res = gemini_resolution(group, ctx)
    out = []
    seen = set()
    for ref in group.sited():
        site = ref.site
        if site.method is None or (site.backend == VERTEX and ctx.vertex_inventory is None):
            continue
        info = (ctx.vertex_inventory if site.backend == VERTEX else ctx.inventory).get(group.text)
        if info is None or (site.backend != VERTEX and (res is None or res.status != LISTED)):
            continue
        if info.supports(site.method) or (site.kind, site.method) in seen:
            continue
        seen.add((site.kind, site.method))
        better = right_class(site.method, ctx, site.backend, near=group.model)
        methods = ", ".join(info.methods) or "no methods"
        message = (
            f"model '{group.model}' does not support {site.method}, which {site_text(ref)} needs; it supports {methods}"
        )
        if better:
            message += "; models that do: " + ", ".join(better)
        out.append(
            finding(
                _RULE,
                group,
                message,
                suggestions=better,
                site_kind=site.kind,
                method=site.method,
                related=_sites_of(group, site),
                fix_refusal="the model is of the wrong class for this call; "
                "choose a model that supports " + site.method,
            )
        )
    return out


def _sites_of(group, site) -> tuple:
    """Every call site like ``site`` (kind, method, backend) the literal reaches, other files' included."""
    found = []
    for ref in group.sited():
        other = ref.site
        same = (other.kind, other.method, other.backend) == (site.kind, site.method, site.backend)
        if same and other.location not in found:
            found.append(other.location)
    return tuple(found)
