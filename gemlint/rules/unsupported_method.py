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

## Vertex AI
On Vertex AI call sites the model's kind and methods come from the bundled
Vertex AI catalogue (or the project's Vertex AI inventory): an embedding model
in `generate_content` is reported "on Vertex AI". Embedding models also answer
`:predict` there (`TextEmbeddingModel.from_pretrained`). Models announced after
the inventory (methods unknown) and methods the catalogue does not describe
(tuning, Lyria RealTime) get no verdict.

## ADK agents
An ADK `Agent`, `LlmAgent` or `Gemini` model needs what its runner asks for:
`generateContent` when the code runs it (`Runner(…)`, `run_async`), a Live
model when it calls `run_live`. In code that never runs it (an `agent.py` for
`adk web`, `adk api_server` or Agent Engine, which run an agent as text or
live) a Live model is taken to run live and is not reported; a model of
neither class still is.

## Output modalities
A call's config is part of its class. `response_modalities` (`responseModalities`
in TypeScript; in `GenerateContentConfig`, a dict or object literal, the Live
config or on `interactions.create`) must name outputs the model can return:
`IMAGE` needs an image model, `AUDIO` in `generate_content` a TTS model, Live
`AUDIO` a native-audio or Live model. The API answers 400 "the model does not
support the requested response modalities" otherwise.

```python
client.models.generate_content(
    model="gemini-3.8-flash", contents="a cover", config={"response_modalities": ["IMAGE"]}
)  # 'gemini-3.8-flash' cannot return IMAGE: use gemini-3-pro-image
```

The facts come from the bundled modalities table (`gemlint models show ID
--platform gemini|vertex` prints them with their source and grade), per
platform; a model the table does not list gets no verdict. Two warnings:
`speech_config` without `AUDIO` in `response_modalities` (the voice is never
used), and an image model asked only for `TEXT`.
"""

from __future__ import annotations

import sys
from typing import List

from gemlint.resolve import LISTED, follow_replacements, right_class, vertex_right_class
from gemlint.rules.base import (
    chain_text,
    details,
    finding,
    gemini_resolution,
    lacks_phrase,
    site_text,
    vertex_resolution,
)
from gemlint.rules.modality_check import modality_findings
from gemlint.types import VERTEX, Finding

_RULE = sys.modules[__name__]
CODE = "GL002"
NAME = "unsupported-method"
SEVERITY = "error"
SUMMARY = "Model does not support the method its call site needs"
VALID = [
    'client.models.embed_content(model="gemini-embedding-2", contents=["a"])\n',
    'client.aio.live.connect(model="gemini-3.1-flash-live-preview")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.embed_content(model="text-embedding-005", contents="a")\n',
    'client.aio.live.connect(model="gemini-4-carbon")\n',
    'client.models.generate_content(model="gemini-3-pro-image", contents="a", '
    'config={"response_modalities": ["TEXT", "IMAGE"]})\n',
    'client.models.generate_content(model="gemini-3.8-flash", contents="a", '
    'config={"response_modalities": ["TEXT"]})\n',
    "from google.genai import types\n"
    'cfg = types.GenerateContentConfig(response_modalities=["AUDIO"], speech_config=types.SpeechConfig())\n'
    'client.models.generate_content(model="gemini-3.8-flash-tts", contents="a", config=cfg)\n',
]
INVALID = [
    'client.models.generate_content(model="gemini-embedding-2", contents="hi")\n',
    'client.aio.live.connect(model="gemini-3.8-flash")\n',
    "from google import genai\nclient = genai.Client(vertexai=True)\n"
    'client.models.generate_content(model="text-embedding-005", contents="a")\n',
    'client.models.generate_content(model="gemini-3.8-flash", contents="a", '
    'config={"response_modalities": ["IMAGE"]})\n',
    "from google.genai import types\n"
    "cfg = types.GenerateContentConfig(response_modalities=[types.Modality.AUDIO])\n"
    'client.models.generate_content(model="gemini-3.8-flash", contents="a", config=cfg)\n',
    'client.aio.live.connect(model="gemini-3.5-transcribe-live", config={"response_modalities": ["AUDIO"]})\n',
    'client.interactions.create(model="gemini-3.8-flash", input="a", response_modalities=["image"])\n',
]


def check(group, ctx) -> List[Finding]:
    """GL002 once per (call-site kind, method) the listed model cannot serve."""
    res = gemini_resolution(group, ctx)
    vres = vertex_resolution(group, ctx)
    out = []
    seen = set()
    sited = group.sited()
    # a value that reaches this call only by an approximate way: only when every call it reaches needs one method
    one_method = len({r.site.method for r in sited if r.site.method}) == 1
    for ref in sited:
        site = ref.site
        if site.method is None or (site.kind, site.method) in seen:
            continue
        if ref.approximate and not one_method and not _exactly(group, site):
            continue
        verdict = _verdict_on(group, ref, res, vres, ctx)
        if verdict is not None and site.run_open and _verdict_on(group, _live(ref), res, vres, ctx) is None:
            continue  # an ADK agent nothing here runs, given a Live model: it is run live (adk web, Agent Engine)
        if verdict is None:
            continue
        seen.add((site.kind, site.method))
        message, better, detail = verdict
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
                detail=detail,
            )
        )
    return out + modality_findings(_RULE, group, ctx, seen)


def _verdict_on(group, ref, res, vres, ctx):
    """``(message, better, detail)`` when the model cannot serve ``ref``'s call on its platform, else None."""
    if ref.site.backend == VERTEX:
        return _vertex_verdict(group, ref, vres, ctx)
    return _gemini_verdict(group, ref, res, ctx)


def _live(ref):
    """``ref`` at the same call run live (an ADK agent's other run mode)."""
    return ref._replace(site=ref.site._replace(method="bidiGenerateContent"))


def _verdict(group, site, better, on: str = "") -> str:
    """``'X' is not a Live model: use Y`` (the call site is the finding's related location and in its detail)."""
    action = f": use {better[0]}" if better else f": see `gemlint models list --method {site.method}`"
    return f"'{group.model}' {lacks_phrase(site.method)}{on}{action}"


def _detail(group, ref, supports: str, better) -> str:
    site = ref.site
    return details(
        f"{site_text(ref)} needs {site.method}",
        f"it supports {supports}",
        f"models that do: {', '.join(better)}" if len(better) > 1 else "",
        chain_text(group),
    )


def _gemini_verdict(group, ref, res, ctx):
    site = ref.site
    info = ctx.inventory.get(group.text)
    if info is None or res is None or res.status != LISTED or info.supports(site.method):
        return None
    better = _replacements(group, res, site, ctx)
    methods = ", ".join(info.methods) or "no methods"
    return _verdict(group, site, better), better, _detail(group, ref, methods, better)


def _replacements(group, res, site, ctx):
    """The name's documented replacement when it serves this call (the story GL004/GL005 tell), else models
    of the right class."""
    asked = site.modalities
    followed = follow_replacements(res.life, (site.method,), ctx, asked)[0] if res.life is not None else None
    better = right_class(site.method, ctx, site.backend, near=group.model, asked=asked)
    if followed is None:
        return better
    return (followed,) + tuple(b for b in better if b != followed)[:2]


def _vertex_verdict(group, ref, vres, ctx):
    site = ref.site
    info = ctx.vertex_inventory.get(group.text) if ctx.vertex_inventory is not None else None
    if info is not None and info.methods:  # a project listing with method lists: its methods decide
        if info.supports(site.method):
            return None
        better = right_class(site.method, ctx, VERTEX, near=group.model)
        methods = ", ".join(info.methods)
        return _verdict(group, site, better, " on Vertex AI"), better, _detail(group, ref, methods, better)
    # Vertex AI listings carry no method lists: the catalogue's row decides, if it has one.
    row = vres.vertex if vres is not None and vres.status == LISTED else None
    if row is None or row.supports(site.method) is not False:
        return None
    better = vertex_right_class(site.method, ctx, near=group.model)
    methods = ", ".join(row.methods) or "no methods callable through google-genai"
    kind = f"a{'n' if row.kind_name()[0] in 'aeiou' else ''} {row.kind_name()} model on Vertex AI"
    detail = details(f"'{group.model}' is {kind}", _detail(group, ref, methods, better))
    return _verdict(group, site, better, " on Vertex AI"), better, detail


def _exactly(group, site) -> bool:
    """True when some certain way (not approximate) takes the literal to a call like ``site``."""
    return any(
        not r.approximate and (r.site.kind, r.site.method, r.site.backend) == (site.kind, site.method, site.backend)
        for r in group.sited()
    )


def _sites_of(group, site) -> tuple:
    """Every call site like ``site`` (kind, method, backend) the literal reaches, other files' included."""
    found = []
    for ref in group.sited():
        other = ref.site
        same = (other.kind, other.method, other.backend) == (site.kind, site.method, site.backend)
        if same and other.location not in found:
            found.append(other.location)
    return tuple(found)
