"""## What it does
Warns about a listed model that the Gemini API changelog marks as deprecated
without a shutdown date (for example auto-routed to a newer model).

## Why is this bad?
A deprecated model may already be served by another model (auto-routing
changes behaviour and pricing) and will be shut down later.

## Example
```python
client.models.generate_content(model="gemini-3.7-flash", contents="hi")
```

## Use instead
```python
client.models.generate_content(model="gemini-3.8-flash", contents="hi")
```

## Vertex AI
On Vertex AI call sites: a model the Vertex AI catalogue marks deprecated with
neither a shutdown date nor an access restriction (those are GL004), with its
replacement when named. A deprecation the catalogue deduced rather than read
is marked "(inferred)".
"""

from __future__ import annotations

import sys
from typing import List

from gemlint.resolve import LISTED
from gemlint.rules.base import (
    chain_text,
    details,
    finding,
    gemini_resolution,
    inferred_note,
    replacement_fix,
    replacement_suggestions,
    vertex_resolution,
    vertex_successor,
)
from gemlint.types import Finding

_RULE = sys.modules[__name__]
CODE = "GL005"
NAME = "deprecated-model"
SEVERITY = "warning"
SUMMARY = "Model is deprecated (no shutdown date yet)"
VALID = [
    'client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="gemini-3.5-flash", contents="a")\n',
]
INVALID = [
    'client.models.generate_content(model="gemini-3.7-flash", contents="hi")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.edit_image(model="imagen-4.0-ingredients-preview", prompt="a")\n',
]


def check(group, ctx) -> List[Finding]:
    """GL005 for a listed model deprecated by the changelog, without a date."""
    if group.is_mention:
        return []
    found = _gemini(group, gemini_resolution(group, ctx), ctx)
    if found:
        return found
    vres = vertex_resolution(group, ctx)
    return _vertex(group, vres, ctx) if vres is not None and vres.status == LISTED and vres.vertex else []


def _gemini(group, res, ctx) -> List[Finding]:
    if res is None or res.status != LISTED or res.life is None:
        return []
    life = res.life
    if not life.deprecated or life.shutdown is not None:
        return []
    suggestions = replacement_suggestions(group, res, ctx)
    action = f"move to {suggestions[0]}" if suggestions else f"see `gemlint models show {group.model}`"
    if life.auto_routed and life.replacement:
        routed = "auto-routed" if suggestions[:1] == (life.replacement,) else f"auto-routed to {life.replacement}"
        message = f"'{group.model}' is deprecated and {routed}: {action}"
        detail = f"requests to it are already served by {life.replacement}"
    else:
        message = f"'{group.model}' is deprecated (no shutdown date yet): {action}"
        detail = "" if suggestions else "no replacement is documented"
    if life.auto_routed:  # requests already go to the replacement
        fix, refusal = replacement_fix(group, res, ctx)
    else:
        fix, refusal = None, "the model is still served; switch when ready"
    return [
        finding(
            _RULE,
            group,
            message,
            suggestions=suggestions,
            fix=fix,
            fix_refusal=refusal,
            detail=details(detail, chain_text(group)),
        )
    ]


def _vertex(group, res, ctx) -> List[Finding]:
    row = res.vertex
    if row.status != "deprecated" or row.shutdown is not None or row.restriction_since is not None:
        return []
    successor, documented = vertex_successor(row, ctx)
    action = f"move to {successor}" if successor else "see `gemlint models list --platform vertex`"
    message = f"'{group.model}' is deprecated on Vertex AI: {action}"
    detail = details(
        f"deprecated by the Vertex AI catalogue{inferred_note(row, 'status')}",
        documented if successor else "no replacement is documented",
    )
    refusal = "the model is still served; switch when ready"
    suggestions = (successor,) if successor else ()
    return [finding(_RULE, group, message, suggestions=suggestions, fix_refusal=refusal, detail=detail)]
