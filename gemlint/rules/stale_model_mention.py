"""## What it does
Warns about a *mention*: a string that is a whole model name but reaches no
call site and no model parameter (a dict or object key, a list entry, a
constant nobody uses, a JSX attribute), when the inventory does not list the
name and the lifecycle data does not know it either: a typo or an invented
name. A mention of a retired model is reported by GL003 as a warning. A
mention nothing places on a platform, of a name only Vertex AI knows, is
judged on Vertex AI (docs/platforms.md).

Only *references* (names traced to a call such as `generate_content(model=…)`
or to a known model parameter such as `model=` or `{"model": …}`) get the
errors GL001–GL003 and the method check GL002: gemlint cannot tell which
method a mention will need. Not reported at all: patterns (`'gemini-2' in
name`, `.startswith('gemini-1')`, `re.match(…)`, `.includes(…)`), fields of
recorded API responses (`"modelVersion": …`), labels the code chooses
(`display_name=…`, `tunedModelDisplayName: …`, `SERVICE_NAME = …`), parts of a path
(`MODELS_DIR / "gemma-2-2b-lora"`) and the expected text of a test
assertion (`pytest.raises(…, match=…)`, `expect(…).toThrow(…)`). A name the
code only compares (`model != 'gemini-embedding-001'`, `model in ('a', 'b')`,
`case 'a':`) recognises that model rather than using it: it gets GL006 when
it is unknown (the test never matches), never a retirement or shutdown
warning.
A `model` under a record key (`{"metadata": {"model": …}}`, `customMetadata:
{model: …}`: an operation's or an error's details, an app's log of a
request) names the model a request used and sends nothing: a mention, unless
the code passes it on to a call. So does a `model` beside a result's keys
(`usage`, `latency`, `finishReason`: `{text, usage, model, latency}`), an app's
record of what answered.
A family label (`gemini-3`, `gemini-2.5`, `gemma-4`: Gemini or Gemma and a
version, nothing after) names a generation of models in a table or a
comparison and is not reported; sent to a call as a model, it is.
A name the project defines as a key of a table whose entries are objects
(`{"gemini-3-fast-base": {"model": …}}`) is the project's own alias: neither
the key nor its other mentions (`"extends": "gemini-3-fast-base"`) are
reported, unless it is one or two edits from a name the data knows (a typo).
So is a name the code compares and then routes to another model it writes
(`if model == "x-summarizer": model = "gemini-…"`).

## Why is this bad?
A table keyed by a name that does not exist never matches: a price, a label
or an option for it is dead, and a user who picks it gets a 404.

## Example
```python
PRICE_PER_MTOK = {"gemini-3.8-flsh": 0.30}
```

## Use instead
```python
PRICE_PER_MTOK = {"gemini-3.8-flash": 0.30}
```

`gemlint scan --fix` rewrites a mention only for a plain typo (exactly one
listed name at the smallest edit distance, at most 2), never to a retired
model's replacement. Silence the rule where mentions are expected, for
example in tests, with `per-file-ignores` in `[tool.gemlint]`:

```toml
[tool.gemlint.per-file-ignores]
"tests/**" = ["GL006"]
```
"""

from __future__ import annotations

import sys
from typing import List

from gemlint.extract.names import is_family_label
from gemlint.resolve import UNKNOWN, resolve, suggest, vertex_suggest
from gemlint.rules.aliases import is_alias
from gemlint.rules.base import finding, peer_methods, typo_fix
from gemlint.types import GEMINI, VERTEX, Finding

_RULE = sys.modules[__name__]
CODE = "GL006"
NAME = "stale-model-mention"
SEVERITY = "warning"
SUMMARY = "A model name that reaches no call is not in the inventory"
VALID = [
    'PRICES = {"gemini-3.8-flash": 0.30}\n',
    'def legacy(name):\n    return name.startswith("gemini-1") or "gemini-2" in name\n',
    'client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n',
    'FAMILY_LABELS = {"gemini-3": "Gemini 3", "gemini-2.5": "Gemini 2.5", "gemma-4": "Gemma 4"}\n',
    'PRESETS = {"gemini-3-fast-base": {"model": "gemini-3.8-flash"}, "web": {"extends": "gemini-3-fast-base"}}\n',
]
INVALID = [
    'PRICES = {"gemini-3.8-flsh": 0.30}\n',
    'OPTIONS = ["gemini-3.8-flash", "gemini-9.9-ultra"]\n',
    'LIMITS = {"gemini-3.8-flsh": {"tokens": 8192}}\n',
]


def check(group, ctx) -> List[Finding]:
    """GL006 for a mention whose name is neither listed, accepted, retired nor known on Vertex AI."""
    if not group.is_mention:
        return []
    # a mention in a Vertex AI file (its only evidence) is judged by the Vertex AI catalogue
    backend = VERTEX if group.backends() == (VERTEX,) else GEMINI
    res = resolve(group.text, backend, ctx)
    if res.status != UNKNOWN or (backend == GEMINI and ctx.lifecycle.known_on_vertex(group.model)):
        return []
    if is_family_label(group.model) or is_alias(group, ctx):
        return []  # {"gemini-3": …}: a generation's label; {"x-base": {…}}: the project's own alias (aliases.py)
    if backend == VERTEX:
        vinv = ctx.vertex_inventory
        suggestions = suggest(group.text, (), ctx, VERTEX) if vinv is not None else vertex_suggest(group.text, (), ctx)
        where = " on Vertex AI"
        listing = "not in the Vertex AI catalogue"
    else:
        suggestions = suggest(group.text, peer_methods(group, ctx), ctx)  # the list's class, if it has one
        inv = ctx.inventory
        where = ""
        listing = "not in the inventory" + (f" of {inv.fetched_at[:10]}" if inv.fetched_at else "")
    action = f"did you mean {suggestions[0]}?" if suggestions else "see `gemlint models list`"
    message = f"'{group.model}' is unknown{where} (a mention, no call site): {action}"
    detail = "; ".join(
        p for p in (listing, f"other close names: {', '.join(suggestions[1:])}" if len(suggestions) > 1 else "") if p
    )
    fix, refusal = typo_fix(group, suggestions, ctx)
    return [finding(_RULE, group, message, suggestions=suggestions, fix=fix, fix_refusal=refusal, detail=detail)]
