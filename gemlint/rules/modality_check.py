"""GL002's second half: the output modalities a call asks for must be ones its model can return.

``response_modalities=["IMAGE"]`` needs an image model, ``["AUDIO"]`` in ``generate_content`` a TTS
model, Live ``AUDIO`` a native-audio or Live model; the API answers 400 ("the model does not support
the requested response modalities") otherwise. Facts: ``gemlint/inventory/modalities.py`` (per platform;
no row, no verdict). Two warnings: ``speech_config`` without ``AUDIO`` (the voice is never used), and an
image model asked only for ``TEXT`` (it will not draw).
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Set, Tuple

from gemlint.inventory.modalities import load_modalities
from gemlint.resolve import LISTED, dead, resolve
from gemlint.rules.base import LiteralGroup, chain_text, details, finding
from gemlint.types import VERTEX, Finding

_TIERS = ("lite", "nano")  # a smaller tier than the model asked for is not offered when another fits


def modality_findings(rule, group: LiteralGroup, ctx, skip: Set[tuple]) -> List[Finding]:
    """One finding per call site (kind, backend) whose requested modalities the model cannot return."""
    out: List[Finding] = []
    seen = set(skip)
    table = None
    for ref in group.sited():
        site = ref.site
        if not site.modalities and not site.speech:
            continue
        key = (site.kind, site.method, site.backend)
        if key in seen or (site.kind, site.method) in skip:
            continue
        res = resolve(group.text, site.backend, ctx)
        if res.status != LISTED:
            continue  # unknown or retired: GL001/GL003 say so
        table = table or load_modalities()
        row = table.get(group.model, site.backend)
        if row is None:
            continue  # no verdict
        verdict = _verdict(group.model, row, site, table, ctx)
        if verdict is None:
            continue
        seen.add(key)
        message, suggestions, severity, why = verdict
        out.append(
            finding(
                rule,
                group,
                message,
                severity=severity,
                suggestions=suggestions,
                site_kind=site.kind,
                method=site.method,
                related=(site.location,),
                detail=details(why, chain_text(group)),
                fix_refusal="the model must change with the config; choose one that returns "
                + ", ".join(site.modalities or ("AUDIO",)),
            )
        )
    return out


def _verdict(model: str, row, site, table, ctx) -> Optional[Tuple[str, Tuple[str, ...], str, str]]:
    """``(message, suggestions, severity, detail)``: the one-line verdict leads; what the model returns and
    the other capable models go to the detail."""
    asked = site.modalities
    missing = [m for m in asked if not row.returns(m)]
    returns = " and ".join(row.output) if row.output else "no generated output"
    only = " only" if len(row.output) == 1 else ""
    said = f"response_modalities {list(asked)}"
    if missing:
        better = capable(asked, site.method, site.backend, model, table, ctx)
        need = " or ".join(missing)
        action = f"use {better[0]}" if better else f"choose a model that returns {' and '.join(missing)}"
        detail = details(
            f"{model} returns {returns}{only}; {said} needs {' and '.join(missing)} output",
            f"models that do: {', '.join(better)}" if better else "",
        )
        return f"'{model}' cannot return {need}: {action}", better, "error", detail
    if site.speech and asked and "AUDIO" not in asked:
        detail = f"speech_config sets a voice, but {said} has no AUDIO, so the voice is never used"
        return f"'{model}' ignores speech_config without AUDIO: add AUDIO to response_modalities", (), "warning", detail
    if asked and set(asked) == {"TEXT"} and row.returns("image"):
        detail = f"{model} is an image model; {said} asks only for TEXT, so it will not draw"
        message = f"'{model}' will not draw when asked only for TEXT: add IMAGE to response_modalities"
        return message, (), "warning", detail
    return None


def capable(
    asked: Sequence[str], method: Optional[str], backend: str, near: str, table, ctx, limit: int = 3
) -> Tuple[str, ...]:
    """Current models on ``backend`` that return every ``asked`` modality and serve ``method``."""
    import difflib  # only when a call asks for a modality its model lacks: start-up stays small

    rows = table.rows.get(backend, {})
    pool = [m for m, r in rows.items() if all(r.returns(a) for a in asked) and _alive(m, method, backend, ctx)]
    own = set(near.split("-"))
    same_tier = [m for m in pool if not (set(m.split("-")) & set(_TIERS)) - own]
    pool = same_tier or pool
    if "AUDIO" in asked and method == "generateContent":  # speech from generate_content: a TTS model
        pool = [m for m in pool if "tts" in m.split("-")] or pool
    pool.sort(
        key=lambda m: (
            any(t in m.split("-") for t in ("preview", "exp")),
            -round(difflib.SequenceMatcher(None, near, m, autojunk=False).ratio(), 2),
            m,
        )
    )
    return tuple(pool[:limit])


def _alive(model: str, method: Optional[str], backend: str, ctx) -> bool:
    """Listed, not retired, deprecated nor restricted, and serving ``method`` on ``backend``."""
    if backend == VERTEX:
        row = ctx.vertex_catalogue.get(model)
        return (
            row is not None
            and row.status in ("ga", "preview")
            and row.restriction_since is None
            and not row.retired_on(ctx.today)
            and (method is None or row.supports(method) is not False)
        )
    info = ctx.inventory.get(model)
    if info is None or dead(model, ctx):
        return False
    life = ctx.lifecycle.get(model)
    if life is not None and (life.deprecated or life.shutdown is not None):
        return False
    return method is None or info.supports(method)
