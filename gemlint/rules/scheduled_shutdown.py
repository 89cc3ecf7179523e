"""## What it does
Warns about a model that the inventory still lists but that has an announced
shutdown date (the Gemini API deprecations page or changelog), with the date
and the documented replacement.

## Why is this bad?
On the shutdown date requests start failing with 404; the dates on the
deprecations page are the earliest possible ones.

## Example
```python
client.models.generate_videos(model="veo-3.1-fast-generate-preview", prompt="…")
```

## Use instead
```python
client.models.generate_videos(model="<a current video model>", prompt="…")
```
"""

from __future__ import annotations

import sys
from typing import List

from ..resolve import LISTED, follow_replacements
from ..types import Finding
from .base import finding, gemini_resolution, replacement_fix, replacement_suggestions

_RULE = sys.modules[__name__]
CODE = "GL004"
NAME = "scheduled-shutdown"
SEVERITY = "warning"
SUMMARY = "Model has an announced shutdown date"
VALID = ['client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n']
INVALID = ['client.models.embed_content(model="gemini-embedding-001", contents=["a"])\n']


def check(group, ctx) -> List[Finding]:
    """GL004 for a listed model with a shutdown date (a warning)."""
    res = gemini_resolution(group, ctx)
    if group.is_mention or res is None or res.status != LISTED or res.life is None or res.life.shutdown is None:
        return []
    life = res.life
    when = life.shutdown.isoformat()
    suggestions = replacement_suggestions(group, res, ctx)
    if suggestions:
        move = f"move to {suggestions[0]}"
    elif life.replacement:
        move = "no replacement fits here: " + follow_replacements(life, group.methods(), ctx)[1]
    else:
        move = "no replacement is documented"
    if life.shutdown <= ctx.today:
        days = (ctx.today - life.shutdown).days
        ago = f"{days} day{'s' if days != 1 else ''} ago" if days else "today"
        message = f"model '{group.model}': shutdown date {when} passed {ago}; "
        if ctx.inventory.fetched_at:
            message += f"the inventory of {ctx.inventory.fetched_at[:10]} still lists it, so it may still answer, "
        else:
            message += "the inventory still lists it, so it may still answer, "
        message += f"but it can stop at any time: {move}"
    else:
        days = (life.shutdown - ctx.today).days
        message = f"model '{group.model}' shuts down on {when} (in {days} days)"
        message += f"; replacement: {suggestions[0]}" if suggestions else f"; {move}"
    if life.shutdown <= ctx.today:
        fix, refusal = replacement_fix(group, res, ctx)
    else:  # still served: switching models is the user's call until the date
        fix, refusal = None, f"the model is served until {when}; switch when ready"
    return [finding(_RULE, group, message, suggestions=suggestions, fix=fix, fix_refusal=refusal)]
