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

## Did you mean
Suggestions are current models of the right class for the call, ranked by
the words they keep (`gemini-pro` -> `gemini-pro-latest`, not
`gemini-4-argon`; a typo of a word counts as the word, a release stage such
as `preview` or `latest` as none), then by version (`gemini-3-pro` ->
`gemini-3.1-pro-preview`), then by how close the letters are.

Names of tuned or private models can be accepted with `extra-models` in
`[tool.gemlint]`; refresh the inventory with `gemlint models refresh`.

## A client with its own base URL
A client built with a base URL of the code's own (`genai.Client(http_options=
{"base_url": …})`, `new GoogleGenAI({ httpOptions: { baseUrl } })`) sends to a
proxy or a local model server, which may serve names Google does not list. A
name that reaches only calls on such clients is a warning, never fixed; a name
Google's data knows (retired, deprecated) is judged as everywhere else.

## The project's own aliases
A name the project defines as a key of a table whose entries are objects
(`{'gemini-3-flash-base': {extends: 'base', modelConfig: {model: …}}}`) is
an alias the code resolves itself. Handed to the project's own code as a
model parameter (`{modelConfigKey: {model: 'gemini-3-flash-base'}}`) it is
not reported. Sent to an SDK call it is: the API knows no project alias. A
key one or two edits from a name the data knows is a typo, not an alias.
So is a name the code routes itself: compared, then another model written in
its place (`if (body.model === 'x-summarizer') { body.model = 'gemini-…' }`,
`model = "gemini-…" if model == "x-summarizer" else model`, a `case`). A name
only compared, or whose branch passes it on (`generate(model=model)`), is not.

## The inventory's age
An inventory only knows the models listed on the day it was taken. When it is
older than `max-inventory-age` days (30 by default, counted to the scan date)
the finding does not claim the model does not exist: it says "is not
listed", and the summary's footer says once how old the inventory is, how
to refresh it (`gemlint models refresh`, with an API key) and how to silence
the note (`max-inventory-age = 0`). Models announced after the bundled listing
(`gemini-4-hydrogen`, ...) are known from the lifecycle data and never
reported.

## Vertex AI
Vertex AI call sites are judged against the bundled Vertex AI catalogue (or
the project's Vertex AI inventory, `vertex-inventory` or `gemlint models
refresh --vertex`): "does not exist on Vertex AI". The catalogue is partial,
so an unlisted version of a family it knows (`imagen-4.0-generate-002`), a
name the Gemini API data knows, and endpoint or tuned-model resource paths
(`projects/…/endpoints/…`) are not reported. Publisher paths
(`projects/…/publishers/google/models/ID`) are judged by their ID.
"""

from __future__ import annotations

import sys
from typing import List

from gemlint.inventory import parse_date
from gemlint.resolve import UNKNOWN, inventory_age, suggest, vertex_suggest
from gemlint.rules.aliases import is_alias
from gemlint.rules.base import (
    chain_text,
    details,
    finding,
    gemini_resolution,
    needs_phrase,
    typo_fix,
    vertex_resolution,
)
from gemlint.types import VERTEX, Finding

_RULE = sys.modules[__name__]
CODE = "GL001"
NAME = "unknown-model"
SEVERITY = "error"
SUMMARY = "Model name is not in the inventory"
VALID = [
    'client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n',
    'client.models.generate_content(model="models/gemini-3.8-flash", contents="hi")\n',
    'API_KEY_HEADER = "gemini-api-key"\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.embed_content(model="text-embedding-005", contents="a")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="imagen-4.0-generate-002", contents="a")\n',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="hi")\n',
    'PRESETS = {"gemini-3-fast-base": {"model": "gemini-3.8-flash"}}\nrun_preset(model="gemini-3-fast-base")\n',
]
INVALID = [
    'client.models.generate_content(model="gemini-3.8-flsh", contents="hi")\n',
    'generate(model="gemini-9.9-ultra")\n',
    'PRESETS = {"gemini-3-fast-base": {"model": "gemini-3.8-flash"}}\n'
    'client.models.generate_content(model="gemini-3-fast-base", contents="hi")\n',
    'PRESETS = {"gemini-3.8-flsh": {"tokens": 8192}}\ngenerate(model="gemini-3.8-flsh")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="gemini-3.8-flsh", contents="a")\n',
]


def check(group, ctx) -> List[Finding]:
    """GL001 for a name that the inventory does not list (mentions get GL006)."""
    if group.is_mention or is_alias(group, ctx):
        return []
    out = []
    res = gemini_resolution(group, ctx)
    methods = group.methods()
    if res is not None and res.status == UNKNOWN:
        suggestions = suggest(group.text, methods, ctx)
        fix, refusal = typo_fix(group, suggestions, ctx)
        message, detail = _message(group, ctx, methods, suggestions)
        out.append(
            finding(
                _RULE,
                group,
                message,
                suggestions=suggestions,
                fix=fix,
                fix_refusal=refusal,
                detail=detail,
            )
        )
    vres = vertex_resolution(group, ctx)
    if vres is not None and vres.status == UNKNOWN and not out:
        if ctx.vertex_inventory is not None:
            suggestions = suggest(group.text, methods, ctx, VERTEX)
        else:
            suggestions = vertex_suggest(group.text, methods, ctx)
        message, detail = _vertex_message(group, ctx, methods, suggestions)
        out.append(finding(_RULE, group, message, suggestions=suggestions, detail=detail))
    return [_own_endpoint(f) for f in out] if _sent_elsewhere(group) else out


def _sent_elsewhere(group) -> bool:
    """Every call the name reaches is made on a client with a base URL of the code's own (a proxy, a local server)."""
    sited = group.sited()
    return bool(sited) and all(r.site.custom_endpoint for r in sited)


def _own_endpoint(f: Finding) -> Finding:
    """A warning: the endpoint the client sends to may serve models Google does not list (a local model server)."""
    note = "every call it reaches is sent to the client's own base URL, which may serve models Google does not list"
    refusal = "the client's own endpoint may serve this name" if f.fix is not None else f.fix_refusal
    return f._replace(severity="warning", detail=details(note, f.detail), fix=None, fix_refusal=refusal)


def _message(group, ctx, methods, suggestions):
    """``'X' does not exist: did you mean Y?`` (``is not listed`` when the inventory is stale), and the detail."""
    inv = ctx.inventory
    age = inventory_age(inv, ctx.today)
    as_of = inv.fetched_at[:10] if inv.fetched_at else ""
    if as_of and _stale(age, ctx):
        verdict = f"'{group.model}' is not listed"
        listing = f"not in the inventory of {as_of} ({age} days old: a newer model would not be in it)"
    else:
        verdict = f"'{group.model}' does not exist"
        listing = f"not in the inventory{' of ' + as_of if as_of else ''}"
    return _verdict(verdict, methods, suggestions, ""), _detail(listing, group, methods, suggestions)


def _vertex_message(group, ctx, methods, suggestions):
    if ctx.vertex_inventory is not None:
        inv = ctx.vertex_inventory
        what, as_of, age = "the Vertex AI inventory", (inv.fetched_at or "")[:10], inventory_age(inv, ctx.today)
    else:
        cat = ctx.vertex_catalogue
        what, as_of = "the bundled Vertex AI catalogue", cat.as_of or ""
        age = (ctx.today - parse_date(as_of)).days if parse_date(as_of) else None
    of = f" of {as_of}" if as_of else ""
    if as_of and _stale(age, ctx):
        verdict = f"'{group.model}' is not in {what}"
        listing = f"not in {what}{of} ({age} days old: run `gemlint models refresh --vertex`)"
    else:
        verdict = f"'{group.model}' does not exist on Vertex AI"
        listing = f"not in {what}{of}"
    return _verdict(verdict, methods, suggestions, " --platform vertex"), _detail(listing, group, methods, suggestions)


def _verdict(verdict: str, methods, suggestions, platform: str) -> str:
    """The verdict and the action: the closest name of the right class, else where to look."""
    if suggestions:
        return f"{verdict}: did you mean {suggestions[0]}?"
    listing = f"gemlint models list{platform}" + (f" --method {methods[0]}" if methods else "")
    return f"{verdict}: see `{listing}`"


def _detail(listing: str, group, methods, suggestions) -> str:
    needs = ""
    sited = group.sited()
    if sited and methods:
        needs = f"{sited[0].site.kind} needs {needs_phrase(methods[0])} ({' and '.join(methods)})"
    more = f"other close names: {', '.join(suggestions[1:])}" if len(suggestions) > 1 else ""
    return details(listing, needs, chain_text(group), more)


def _stale(age, ctx) -> bool:
    return age is not None and ctx.max_inventory_age > 0 and age > ctx.max_inventory_age
