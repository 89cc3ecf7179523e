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

A *mention* (a model picker's option, a list of choices no call reads) is
reported too, for the Gemini API's dates: whoever picks the name gets a model
that stops answering. Its replacement is never written in (gemlint cannot
tell which method the name will need).

A model auto-routed to its replacement from the shutdown date (the lifecycle
data's `auto_routed_to`, e.g. `gemini-2.5-pro` from 2026-12-01) is reported
with that date: from then on requests are served by another model.

## Severity: the shutdown horizon
A warning while the shutdown is far away (warnings are printed but exit 0);
an error once it is within `shutdown-horizon` days (`shutdown-horizon =
"90d"` in `[tool.gemlint]`, 30 days by default) or past. An auto-routed model
keeps answering, so it stays a warning: only `fail-on = "warning"` (or
`--fail-on warning`) fails a run on it. A mention is never reported here.

## Vertex AI
On Vertex AI call sites the dates come from the bundled Vertex AI catalogue.
Only a scheduled or observed shutdown date counts; a retirement "on or after"
date is a floor (the model is available until at least then), so nothing is
reported when it passes. An access restriction is reported here too, as a
warning: before the shutdown, new or inactive projects are already blocked
(404) while existing workloads keep running, so the code fails for anyone
setting it up anew (`gemini-2.5-flash` since 2026-10-20). A restriction is the
first, dated step of a shutdown, which is why it belongs to this rule rather
than to deprecated-model (GL005, no date). Facts the catalogue deduced rather
than read are marked "(inferred)".
"""

from __future__ import annotations

import sys
from typing import List

from gemlint.resolve import LISTED, follow_replacements, resolve
from gemlint.rules.base import (
    chain_text,
    details,
    finding,
    gemini_resolution,
    inferred_note,
    replacement_fix,
    replacement_suggestions,
    vertex_replacement_fix,
    vertex_resolution,
    vertex_successor,
)
from gemlint.types import GEMINI, VERTEX, Finding

_RULE = sys.modules[__name__]
CODE = "GL004"
NAME = "scheduled-shutdown"
SEVERITY = "warning"
SUMMARY = "Model has an announced shutdown date"
VALID = [
    'client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.embed_content(model="gemini-embedding-001", contents="a")\n',
]
INVALID = [
    'client.models.embed_content(model="gemini-embedding-001", contents=["a"])\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="gemini-2.5-flash", contents="a")\n',
]


def check(group, ctx) -> List[Finding]:
    """GL004 for a listed model with a shutdown date or a Vertex AI access restriction (a warning).

    A mention (a model picker's option, a list of choices) gets it too, for the Gemini API's dates:
    a user who picks the name gets a model that stops answering.
    """
    if group.is_mention:
        life = ctx.lifecycle.get(group.model)
        if life is None or life.shutdown is None or group.backends() == (VERTEX,):
            return []  # most mentions: no date, nothing to resolve
        res = resolve(group.text, GEMINI, ctx)
        return _gemini(group, res, ctx)
    found = _gemini(group, gemini_resolution(group, ctx), ctx)
    if found:
        return found
    vres = vertex_resolution(group, ctx)
    return _vertex(group, vres, ctx) if vres is not None and vres.status == LISTED and vres.vertex else []


def severity(shutdown, ctx, routed: bool = False) -> str:
    """``error`` once the shutdown is within ``shutdown-horizon`` days (or past), else ``warning``.

    An auto-routed model still answers (another model serves it), so it stays a warning: only
    ``fail-on = "warning"`` fails a run on it.
    """
    if routed or shutdown is None:
        return "warning"
    return "error" if (shutdown - ctx.today).days <= ctx.shutdown_horizon else "warning"


def _routed(life, suggestions) -> str:
    """``auto-routed`` (the action names the replacement), or ``auto-routed to R`` when the action differs."""
    return "auto-routed" if suggestions[:1] == (life.replacement,) else f"auto-routed to {life.replacement}"


def _horizon_note(level: str, ctx) -> str:
    if level == "error":
        return f"an error: the shutdown is within shutdown-horizon ({ctx.shutdown_horizon} days) or past"
    return f"a warning until {ctx.shutdown_horizon} days before the shutdown (shutdown-horizon)"


def _gemini(group, res, ctx) -> List[Finding]:
    if res is None or res.status != LISTED or res.life is None or res.life.shutdown is None:
        return []
    life = res.life
    when = life.shutdown.isoformat()
    routed = bool(life.auto_routed and life.replacement)
    suggestions = replacement_suggestions(group, res, ctx)
    why = ""
    if suggestions:
        move = f"move to {suggestions[0]}"
    elif life.replacement:
        move = f"see `gemlint models show {group.model}`"
        why = "no replacement fits here: " + follow_replacements(life, group.methods(), ctx, group.asked())[1]
    else:
        move = f"see `gemlint models list{' --method ' + group.methods()[0] if group.methods() else ''}`"
        why = "no replacement is documented"
    listed = f"the inventory of {ctx.inventory.fetched_at[:10]}" if ctx.inventory.fetched_at else "the inventory"
    if life.shutdown <= ctx.today:
        days = (ctx.today - life.shutdown).days
        ago = f"{days} day{'s' if days != 1 else ''} ago" if days else "today"
        if routed:
            message = f"'{group.model}' is {_routed(life, suggestions)} since {when}: {move}"
            facts = [f"auto-routed {ago}: requests are served by {life.replacement}"]
        else:
            message = f"'{group.model}' passed its shutdown date {when}: {move}"
            facts = [f"{ago}; {listed} still lists it, so it may still answer, but it can stop at any time"]
    else:
        days = (life.shutdown - ctx.today).days
        within = f"in {days} day{'s' if days != 1 else ''}"
        if routed:
            message = f"'{group.model}' is {_routed(life, suggestions)} from {when} ({within}): {move}"
        else:
            message = f"'{group.model}' shuts down on {when} ({within}): {move}"
        facts = []
    if group.is_mention:  # said in the verdict; a mention is never more than a warning
        message = message.replace(": ", " (a mention, no call site): ", 1)
    if life.shutdown <= ctx.today:
        fix, refusal = replacement_fix(group, res, ctx)
    else:  # still served: switching models is the user's call until the date
        fix, refusal = None, f"the model is served until {when}; switch when ready"
    level = severity(life.shutdown, ctx, routed or group.is_mention)
    detail = details(
        *facts, why, _horizon_note(level, ctx) if not (routed or group.is_mention) else "", chain_text(group)
    )
    return [
        finding(
            _RULE,
            group,
            message,
            suggestions=suggestions,
            fix=fix,
            fix_refusal=refusal,
            severity=level,
            detail=detail,
        )
    ]


def _vertex(group, res, ctx) -> List[Finding]:
    """A future Vertex AI shutdown, or an access restriction, from the catalogue."""
    row = res.vertex
    facts = []
    verdicts = []
    since = row.restriction_since
    if since is not None:
        note = inferred_note(row, "restriction")  # the scope is shown by `gemlint models show`
        word = "since" if since <= ctx.today else "from"
        # in effect: the date is in the detail; to come: the date is the news
        verdicts.append("closed to new projects" if word == "since" else f"closed to new projects from {since}")
        facts.append(f"closed to new and inactive projects {word} {since.isoformat()}{note}")
    shutdown = row.shutdown
    if shutdown is not None and shutdown > ctx.today:
        days = (shutdown - ctx.today).days
        within = f"in {days} day{'s' if days != 1 else ''}"
        if verdicts == ["closed to new projects"]:  # two verdicts on one line: the dates are in the detail
            verdicts = [f"closed to new projects, shuts down {within}"]
        else:
            verdicts.append(f"shuts down on {shutdown.isoformat()} ({within})")
        facts.append(f"shuts down on {shutdown.isoformat()}{inferred_note(row, 'retirement')}")
    elif shutdown is not None:  # only when a project's Vertex AI inventory still lists it
        days = (ctx.today - shutdown).days
        verdicts.append(f"passed its shutdown date {shutdown.isoformat()}")
        facts.append(f"was scheduled to shut down {days} days ago; the inventory lists it")
    if not facts:
        return []
    successor, documented = vertex_successor(row, ctx)
    action = f"move to {successor}" if successor else "see `gemlint models list --platform vertex`"
    message = f"'{group.model}' on Vertex AI {' and '.join(verdicts)}: {action}"
    if since is not None and since <= ctx.today:  # new projects already fail
        fix, refusal = vertex_replacement_fix(group, res, ctx)
    else:
        when = shutdown.isoformat() if shutdown else since.isoformat()
        fix, refusal = None, f"the model is served until {when}; switch when ready"
    level = severity(shutdown, ctx)
    detail = details(*facts, documented if successor else "no replacement is documented", _horizon_note(level, ctx))
    return [
        finding(
            _RULE,
            group,
            message,
            suggestions=(successor,) if successor else (),
            fix=fix,
            fix_refusal=refusal,
            severity=level,
            detail=detail,
        )
    ]
