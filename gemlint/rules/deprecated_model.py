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
"""

from __future__ import annotations

import sys
from typing import List

from ..resolve import LISTED
from ..types import Finding
from .base import finding, gemini_resolution, replacement_fix, replacement_suggestions

_RULE = sys.modules[__name__]
CODE = "GL005"
NAME = "deprecated-model"
SEVERITY = "warning"
SUMMARY = "Model is deprecated (no shutdown date yet)"
VALID = ['client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n']
INVALID = ['client.models.generate_content(model="gemini-3.7-flash", contents="hi")\n']


def check(group, ctx) -> List[Finding]:
    """GL005 for a listed model deprecated by the changelog, without a date."""
    res = gemini_resolution(group, ctx)
    if group.is_mention or res is None or res.status != LISTED or res.life is None:
        return []
    life = res.life
    if not life.deprecated or life.shutdown is not None:
        return []
    suggestions = replacement_suggestions(group, res, ctx)
    message = f"model '{group.model}' is deprecated"
    if life.auto_routed and life.replacement:
        message += f": requests to it are already auto-routed to {life.replacement}"
    elif suggestions:
        message += f"; its replacement is {suggestions[0]}"
    if life.auto_routed:  # requests already go to the replacement
        fix, refusal = replacement_fix(group, res, ctx)
    else:
        fix, refusal = None, "the model is still served; switch when ready"
    return [finding(_RULE, group, message, suggestions=suggestions, fix=fix, fix_refusal=refusal)]
