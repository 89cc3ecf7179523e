"""## What it does
Flags a model that is no longer in the inventory and that the lifecycle data
records as retired or shut down, with the shutdown date and the documented
replacement when known.

## Why is this bad?
Requests to a retired model fail with 404. Code that worked for months breaks
on the shutdown date without any change of its own.

## Example
```python
genai.GenerativeModel("gemini-1.5-flash")
```

## Use instead
```python
genai.GenerativeModel("gemini-3.8-flash")
```

`gemlint scan --fix` rewrites the name to the documented replacement when the
replacement is in the inventory and supports every method the call sites need.

A *mention* of a retired model (a dict or object key, a list entry, a
constant no call uses) is a warning, not an error, and is never rewritten:
gemlint cannot tell which method the name will need, so it cannot check that
the replacement fits.

## Vertex AI
A Vertex AI call site is reported "on Vertex AI" when the bundled Vertex AI
catalogue records the model as retired, or its scheduled or observed shutdown
date has passed on the scan date. A "retirement on or after" date (a floor,
not a shutdown) never makes a model retired. Facts the catalogue deduced
rather than read are marked "(inferred)". Gemini API shutdown dates never
apply to Vertex AI call sites. A documented replacement that is itself
retired, deprecated, closed to new projects or scheduled to shut down hands
on to its own replacement: the advice (and `--fix`) names the first current
model of that chain, and the detail names the documented one
(`gemini-1.5-pro-002` → `gemini-2.5-pro`, closed to new projects →
`gemini-3.8-flash`), as on the Gemini API. GL004 and GL005 follow the same
chain on Vertex AI.

When no model of the retired one's family serves the call any more and its
replacement is of another kind, the advice says the call itself must change,
and there is no `--fix`:

```python
client = genai.Client(vertexai=True)
client.models.generate_images(model="imagen-3.0-fast-generate-001", prompt="a cat")
# imagen-3.0-fast-generate-001 retired on Vertex AI on 2026-06-30; no Imagen model is left for
# generate_images on this platform; use generate_content with gemini-3.1-flash-image
```
"""

from __future__ import annotations

import sys
from typing import List

from gemlint.resolve import RETIRED, follow_replacements, right_class
from gemlint.rules.base import (
    chain_text,
    details,
    finding,
    gemini_resolution,
    inferred_note,
    peer_methods,
    replacement_fix,
    replacement_suggestions,
    vertex_replacement_fix,
    vertex_resolution,
    vertex_successor,
)
from gemlint.types import VERTEX, Finding

_RULE = sys.modules[__name__]
CODE = "GL003"
NAME = "retired-model"
SEVERITY = "error"
SUMMARY = "Model was retired or shut down"
VALID = [
    'client.models.generate_content(model="gemini-3.6-flash", contents="hi")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_videos(model="veo-3.1-generate-001", prompt="a")\n',
]
INVALID = [
    'client.models.generate_content(model="gemini-2.0-flash", contents="hi")\n',
    'MODELS = ["gemini-1.5-pro"]\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="gemini-1.5-pro-002", contents="a")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_images(model="imagen-3.0-fast-generate-001", prompt="a")\n',
]


def check(group, ctx) -> List[Finding]:
    """GL003 for an absent model the lifecycle data knows as retired."""
    res = gemini_resolution(group, ctx)
    if res is None or res.status != RETIRED:
        vres = vertex_resolution(group, ctx)
        return _vertex(group, vres, ctx) if vres is not None and vres.status == RETIRED else []
    life = res.life
    when = f" on {life.shutdown.isoformat()}" if life.shutdown is not None else ""
    facts = [f"last listed {life.last_listed.split(' (')[0]}" if life.last_listed else ""]
    if life.replacement:
        facts.append(f"documented replacement: {life.replacement}")
    if group.is_mention:
        methods = peer_methods(group, ctx)  # the class of the list the name sits in, if it has one
        followed = follow_replacements(life, methods, ctx)[0]
        suggestions = (followed,) if followed else (right_class(methods[0], ctx, near=group.model) if methods else ())
        if followed:
            action = f"its replacement is {followed}"
        elif suggestions:
            action = f"models of its list's class: {suggestions[0]}"
        else:
            action = "pick a current model (`gemlint models list`)"
        message = f"'{group.model}' was retired{when} (a mention, no call site): {action}"
        detail = details(*facts, "a mention: gemlint cannot check which replacement fits")
        refusal = "a mention reaches no call site: the replacement's class cannot be checked"
        return [
            finding(
                _RULE, group, message, suggestions=suggestions, severity="warning", fix_refusal=refusal, detail=detail
            )
        ]
    suggestions = replacement_suggestions(group, res, ctx)
    action, why = _advice(group, res, ctx, suggestions)
    message = f"'{group.model}' was retired{when}: {action}"
    fix, refusal = replacement_fix(group, res, ctx)
    detail = details(*facts, why, chain_text(group))
    return [finding(_RULE, group, message, suggestions=suggestions, fix=fix, fix_refusal=refusal, detail=detail)]


def _vertex(group, res, ctx) -> List[Finding]:
    row = res.vertex
    alias = f"alias of {row.id}" if row.id != group.model else ""
    if row.shutdown is not None:
        how = ["observed" if row.retirement_bound == "observed" else "scheduled date"]
        how += ["date inferred"] if row.inferred("retirement") else []
        when = f" on {row.shutdown.isoformat()}"
        fact = f"shut down on {row.shutdown.isoformat()} ({'; '.join(how)})"
    else:
        when = ""
        fact = f"retired by the catalogue of {ctx.vertex_catalogue.as_of}{inferred_note(row, 'status')}"
    changed = _kind_change(group, row, ctx)
    if changed is not None:
        gap, action, target = changed
        message = f"'{group.model}' was retired on Vertex AI{when}: {action}"
        refusal = "the call itself must change (another SDK method), which --fix does not do"
        detail = details(gap, alias, fact, chain_text(group))
        return [finding(_RULE, group, message, suggestions=(target,), fix_refusal=refusal, detail=detail)]
    successor, documented = vertex_successor(row, ctx)
    action = f"use {successor}" if successor else "pick a current model (`gemlint models list --platform vertex`)"
    suggestions = (successor,) if successor else ()
    if group.is_mention:
        message = f"'{group.model}' was retired on Vertex AI{when} (a mention, no call site): {action}"
        refusal = "a mention reaches no call site: the replacement's class cannot be checked"
        detail = details(alias, fact, documented, "a mention: gemlint cannot check which replacement fits")
        return [
            finding(
                _RULE,
                group,
                message,
                suggestions=suggestions,
                severity="warning",
                fix_refusal=refusal,
                detail=detail,
            )
        ]
    message = f"'{group.model}' was retired on Vertex AI{when}: {action}"
    fix, refusal = vertex_replacement_fix(group, res, ctx)
    detail = details(alias, fact, documented, chain_text(group))
    return [finding(_RULE, group, message, suggestions=suggestions, fix=fix, fix_refusal=refusal, detail=detail)]


def _kind_change(group, row, ctx):
    """``("no Imagen model is left for generate_images on this platform", "use generate_content with X", X)``.

    When no current model of the retired one's family serves the call's method on Vertex AI, and the
    replacement is of another kind (a Gemini image model for an Imagen call), the call must change.
    """
    sited = group.sited()
    method = group.methods()[0] if group.methods() else None
    if not sited or method is None:
        return None
    catalogue = ctx.vertex_catalogue
    head = group.model.split("-")[0]
    for rid in catalogue.names():
        other = catalogue.models[rid]
        if other.id.split("-")[0] == head and other.status in ("ga", "preview") and not other.retired_on(ctx.today):
            if other.restriction_since is None and other.supports(method):
                return None  # the family lives on: the ordinary replacement advice holds
    target_row = catalogue.get(row.replacement) if row.replacement else None
    if target_row is None or target_row.supports(method) is not False:
        return None
    from gemlint.inventory.modalities import load_modalities
    from gemlint.rules.modality_check import capable

    kinds = {"image": ("IMAGE",), "live": ("AUDIO",)}.get(target_row.kind, ())
    near = row.replacement
    found = capable(kinds, "generateContent", VERTEX, near, load_modalities(), ctx, 1) if kinds else ()
    target = found[0] if found else None
    if target is None:
        return None
    kind = sited[0].site.kind.rsplit(".", 1)[-1]
    python = "_" in kind
    generate = "generate_content" if python else "generateContent"
    family = head.capitalize()
    return f"no {family} model is left for {kind} on this platform", f"use {generate} with {target}", target


def _returning(group) -> str:
    """`` that returns IMAGE and TEXT, as the call asks`` when a call asks for more than text (else empty)."""
    asked = group.asked()
    return f" that returns {' and '.join(asked)}, as the call asks" if set(asked) - {"TEXT"} else ""


def _advice(group, res, ctx, suggestions):
    """``(action, why)``: the replacement followed to a live model of the right class, else where to look."""
    life = res.life
    methods = group.methods()
    look = f"`gemlint models list{' --method ' + methods[0] if methods else ''}`"
    if not suggestions and len(methods) > 1:  # one name for calls no one model serves (chat and Live)
        look = f"one per call: no current model serves {' and '.join(methods)}"
    if not life.replacement:
        if suggestions:
            return (
                f"use {suggestions[0]}",
                f"no replacement is documented; a model of the right class{_returning(group)}",
            )
        return f"pick a current model ({look})", "no replacement is documented"
    name, reason = follow_replacements(life, methods, ctx, group.asked())
    if name is not None:
        if name in life.replacement_names():
            return f"use {name}", ""
        return f"use {name}", f"the documented replacement {life.replacement} is itself retired or replaced"
    if suggestions:
        return f"use {suggestions[0]}", f"no documented replacement fits here: {reason}"
    return f"pick a current model ({look})", f"no documented replacement fits here: {reason}"
