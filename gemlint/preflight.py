"""Prove that every model the code uses works for this API key, right now.

``check()`` asks the live API about each model: ``models.get`` (does it exist
for this key, which methods does it list), with ``live=True`` a real Live
session (``client.aio.live.connect``, closed after ``setupComplete``), and
with ``probe=True`` a one-token ``generate_content`` call. One result per model.
Network and key failures raise :class:`PreflightFailure` (exit 2 in the CLI);
``require()`` raises :class:`PreflightError` listing every failing model. The
API key never appears in any result, message or exception.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from gemlint.inventory.fetch import (
    DEFAULT_TIMEOUT,
    NO_KEY,
    FetchError,
    attempt,
    describe_failure,
    endpoint_label,
    list_all_models,
    make_client,
    resolve_api_key,
    resolve_base_url,
    scrub,
)
from gemlint.types import normalize

OK = "ok"
UNKNOWN = "unknown"
UNSUPPORTED = "unsupported-method"
UNAVAILABLE = "unavailable"
LIVE_REJECTED = "live-rejected"
ERROR = "error"
STATUSES = (OK, UNKNOWN, UNSUPPORTED, UNAVAILABLE, LIVE_REJECTED, ERROR)

LIVE_METHOD = "bidiGenerateContent"
PROBE_METHOD = "generateContent"
CLOSE_NAMES = {1000: "normal closure", 1006: "abnormal closure", 1007: "invalid payload", 1008: "policy violation",
               1011: "internal error"}  # fmt: skip


class PreflightFailure(FetchError):
    """The check itself could not run (no key, key rejected, quota, network, timeout). One safe line."""


class PreflightError(Exception):
    """Raised by :func:`require`: the message lists every failing model; ``report`` holds all results."""

    def __init__(self, report: PreflightReport):
        self.report = report
        failing = report.failures
        lines = [f"{len(failing)} of {len(report.results)} models failed preflight:"]
        for result in failing:
            where = f" (used at {', '.join(result.locations)})" if result.locations else ""
            lines.append(f"  {result.model}: {result.status}: {result.detail}{where}")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ModelCheck:
    """The verdict on one model: ``status`` is one of STATUSES, ``detail`` says why in a sentence."""

    model: str
    status: str
    detail: str
    methods: Tuple[str, ...] = ()  # what the API lists for the model (empty when unknown)
    needed: Tuple[str, ...] = ()  # what the code needs
    locations: Tuple[str, ...] = ()
    close_code: Optional[int] = None  # Live close code when the session was refused
    answered_by: Optional[str] = None  # the model that answered the probe (modelVersion), when not ``model``

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class PreflightReport:
    """One ModelCheck per distinct model, in first-use order, plus the Live models this key can use."""

    results: Tuple[ModelCheck, ...]
    live_models: Tuple[str, ...] = ()

    @property
    def failures(self) -> Tuple[ModelCheck, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def ok(self) -> bool:
        return not self.failures

    def get(self, model: str) -> Optional[ModelCheck]:
        """The result for ``model`` (``models/`` prefix optional)."""
        name = normalize(model)
        return next((r for r in self.results if r.model == name), None)


@dataclass(frozen=True)
class _Need:
    model: str
    methods: Tuple[str, ...]
    locations: Tuple[str, ...]


@dataclass(frozen=True)
class _Abort:
    message: str


@dataclass(frozen=True)
class _Ctx:
    client: Any
    where: str
    timeout: float
    secret: Optional[str]
    live: bool
    probe: bool


ModelSpec = Union[Tuple[str, Optional[str]], Tuple[str, Optional[str], str]]


def check(
    models: Iterable[ModelSpec],
    api_key: Optional[str] = None,
    base_url: Optional[str] = None,
    live: bool = False,
    probe: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = 4,
    api_version: str = "v1beta",
    on_result: Optional[Callable[[ModelCheck], None]] = None,
) -> PreflightReport:
    """Check ``(model, method)`` pairs (optionally ``(model, method, "file:line")``) against the API.

    The key and endpoint are read like google-genai reads them (``api_key``,
    GOOGLE_API_KEY, GEMINI_API_KEY; ``base_url``, GOOGLE_GEMINI_BASE_URL). At
    most ``concurrency`` models are checked at once, each request bounded by
    ``timeout`` seconds; ``on_result`` is called (from worker threads) as each
    model finishes. Raises PreflightFailure when the key or the network fails.
    """
    needs = _group(models)
    key = resolve_api_key(api_key)
    if not key:
        raise PreflightFailure(NO_KEY)
    url = resolve_base_url(base_url)
    where = endpoint_label(url)
    client, error = attempt(lambda: make_client(key, url, api_version, timeout=timeout), "creating the client", where,
                            timeout, key)  # fmt: skip
    if error:
        raise PreflightFailure(error)
    ctx = _Ctx(client, where, timeout, key, live, probe)
    live_models: Tuple[str, ...] = ()
    if live and any(LIVE_METHOD in n.methods for n in needs):
        listed = list_all_models(client, where, timeout, key, error_class=PreflightFailure)
        live_models = tuple(normalize(m["name"]) for m in listed if LIVE_METHOD in m["supportedGenerationMethods"])
    outcomes = _run_all(needs, ctx, live_models, max(1, concurrency), on_result)
    abort = next((o for o in outcomes if isinstance(o, _Abort)), None)
    if abort is not None:
        raise PreflightFailure(abort.message)
    return PreflightReport(tuple(o for o in outcomes if isinstance(o, ModelCheck)), live_models)


def require(models: Iterable[ModelSpec], **kwargs: Any) -> PreflightReport:
    """Like :func:`check`, but raise PreflightError (listing every failing model) unless all pass."""
    report = check(models, **kwargs)
    if not report.ok:
        raise PreflightError(report)
    return report


def _group(models: Iterable[ModelSpec]) -> List[_Need]:
    """Distinct models in first-use order, with every method and location that needs them."""
    order: List[str] = []
    methods: Dict[str, List[str]] = {}
    places: Dict[str, List[str]] = {}
    for spec in models:
        name, method = normalize(spec[0]), spec[1]
        if name not in methods:
            order.append(name)
            methods[name], places[name] = [], []
        if method and method not in methods[name]:
            methods[name].append(method)
        if len(spec) > 2 and spec[2] and spec[2] not in places[name]:  # type: ignore[misc]
            places[name].append(spec[2])  # type: ignore[misc]
    return [_Need(n, tuple(methods[n]), tuple(places[n])) for n in order]


def _run_all(
    needs: Sequence[_Need],
    ctx: _Ctx,
    live_models: Tuple[str, ...],
    concurrency: int,
    on_result: Optional[Callable[[ModelCheck], None]],
) -> List[Union[ModelCheck, _Abort]]:
    def one(need: _Need) -> Union[ModelCheck, _Abort]:
        outcome = _check_one(need, ctx, live_models)
        if on_result is not None and isinstance(outcome, ModelCheck):
            on_result(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="gemlint-preflight") as pool:
        return list(pool.map(one, needs))


def _check_one(need: _Need, ctx: _Ctx, live_models: Tuple[str, ...]) -> Union[ModelCheck, _Abort]:
    """Every check one model needs; an _Abort when the key or network fails."""
    model = need.model
    found, get_detail, abort = _get(ctx, model)
    if abort:
        return _Abort(abort)
    methods = tuple(getattr(found, "supported_actions", None) or ()) if found is not None else ()

    def result(status: str, detail: str, code: Optional[int] = None) -> ModelCheck:
        return ModelCheck(model, status, scrub(detail, ctx.secret, None), methods, need.methods, need.locations, code)

    if ctx.live and LIVE_METHOD in need.methods:
        code, reason, abort = _open_live(ctx, model)
        if abort:
            return _Abort(abort)
        if code is not None:
            return result(*_live_verdict(code, reason, live_models), code)
    if found is None:
        return result(UNKNOWN if get_detail.startswith("not found") else ERROR, get_detail)
    missing = [m for m in need.methods if m not in methods]
    if missing:
        return result(UNSUPPORTED, f"does not support {', '.join(missing)} (lists: {', '.join(methods) or 'none'})")
    answered = None
    if ctx.probe and PROBE_METHOD in need.methods:
        status, detail, abort, answered = _probe(ctx, model)
        if abort:
            return _Abort(abort)
        if status != OK:
            return result(status, detail)
    ok = result(OK, _ok_detail(need, ctx, answered))
    return replace(ok, answered_by=answered) if answered else ok


def _ok_detail(need: _Need, ctx: _Ctx, answered: Optional[str] = None) -> str:
    parts = ["listed" + (f" with {', '.join(need.methods)}" if need.methods else "")]
    if ctx.live and LIVE_METHOD in need.methods:
        parts.append("Live session opened (setupComplete)")
    if ctx.probe and PROBE_METHOD in need.methods:
        routed = f" by {answered}, not {need.model} (auto-routed)" if answered else ""
        parts.append("generateContent answered" + routed)
    return "; ".join(parts)


def _api_parts(exc: BaseException) -> Tuple[Optional[int], str]:
    """(HTTP code, 'CODE STATUS: message') of a google-genai APIError, else (None, '')."""
    if "APIError" not in {c.__name__ for c in type(exc).__mro__}:
        return None, ""
    code = getattr(exc, "code", None)
    status, message = getattr(exc, "status", None), getattr(exc, "message", None) or getattr(exc, "details", "")
    return code, " ".join(str(p) for p in (code, status) if p) + (f": {message}" if message else "")


def _is_network(exc: BaseException) -> bool:
    """Connection, TLS and timeout failures (httpx/httpx2 or the OS): the whole run cannot be trusted."""
    names = {c.__name__ for c in type(exc).__mro__}
    return bool(names & {"TransportError", "TimeoutException"}) or isinstance(exc, (OSError, TimeoutError))


def _is_key_or_quota_problem(code: Optional[int], text: str) -> bool:
    return code in (401, 403, 429) or (code == 400 and ("API key" in text or "API_KEY" in text))


def _get(ctx: _Ctx, model: str) -> Tuple[Any, str, Optional[str]]:
    """``(model or None, detail when missing, abort message)`` from models.get."""
    try:
        return ctx.client.models.get(model=model), "", None
    except Exception as exc:  # classified below; the exception is dropped
        code, api = _api_parts(exc)
        if code == 404:
            return None, f"not found for this key ({api})", None
        if _is_network(exc) or _is_key_or_quota_problem(code, api):
            return None, "", describe_failure(exc, f"models.get {model}", ctx.where, ctx.timeout, ctx.secret)
        return None, describe_failure(exc, "models.get", ctx.where, ctx.timeout, ctx.secret), None


def _probe(ctx: _Ctx, model: str) -> Tuple[str, str, Optional[str], Optional[str]]:
    """One-token generate_content: ``(status, detail, abort message, the model that answered if not model)``."""
    try:
        answer = ctx.client.models.generate_content(model=model, contents=".", config={"max_output_tokens": 1})
    except Exception as exc:  # classified below; the exception is dropped
        code, api = _api_parts(exc)
        if code == 404:
            return UNAVAILABLE, f"generateContent answered {api}", None, None
        if _is_network(exc) or _is_key_or_quota_problem(code, api):
            failure = describe_failure(exc, f"generateContent on {model}", ctx.where, ctx.timeout, ctx.secret)
            return ERROR, "", failure, None
        return ERROR, describe_failure(exc, "generateContent", ctx.where, ctx.timeout, ctx.secret), None, None
    version = getattr(answer, "model_version", None)
    answered = scrub(normalize(version), ctx.secret, None) if isinstance(version, str) and version.strip() else None
    return OK, "", None, answered if answered and answered != normalize(model) else None


def _open_live(ctx: _Ctx, model: str) -> Tuple[Optional[int], str, Optional[str]]:
    """Open and close a Live session: ``(close code or None when it opened, reason, abort message)``."""
    action = f"Live session for {model}"
    try:
        asyncio.run(asyncio.wait_for(_session(ctx.client, model), ctx.timeout))
        return None, "", None
    except Exception as exc:  # classified below; the exception is dropped
        code, reason = _close_of(exc)
        if code:
            if code == 1007 and "API key" in reason:
                return None, "", scrub(f"the API key was rejected by the Live API ({code}: {reason})", ctx.secret)
            return code, reason, None
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if isinstance(status, int):  # the WebSocket handshake itself was refused
            return None, "", scrub(f"{action}: the server answered HTTP {status} to the WebSocket handshake",
                                   ctx.secret)  # fmt: skip
        if isinstance(exc, asyncio.TimeoutError):
            return None, "", f"timed out after {ctx.timeout:g}s waiting for {ctx.where} ({action})"
        return None, "", describe_failure(exc, action, ctx.where, ctx.timeout, ctx.secret)


def _close_of(exc: BaseException) -> Tuple[Optional[int], str]:
    """(close code, reason) when the Live API closed the session, else (None, '').

    google-genai 1.x (the last for Python 3.9) lets the websockets ``ConnectionClosed`` through; later
    releases wrap it in an ``APIError`` whose ``details`` is the reason.
    """
    names = {c.__name__ for c in type(exc).__mro__}
    if "APIError" in names:
        code, reason = getattr(exc, "code", None), getattr(exc, "details", None)
    elif "ConnectionClosed" in names:
        frame = getattr(exc, "rcvd", None)
        code, reason = getattr(frame, "code", None), getattr(frame, "reason", None)
    else:
        return None, ""
    return (code, reason) if isinstance(code, int) and isinstance(reason, str) else (None, "")


async def _session(client: Any, model: str) -> None:
    async with client.aio.live.connect(model=model):  # entering waits for setupComplete
        pass


def _live_verdict(code: int, reason: str, live_models: Tuple[str, ...]) -> Tuple[str, str]:
    name = CLOSE_NAMES.get(code, "closed")
    detail = f'the Live API closed the session with {code} ({name}): "{reason}"'
    if code != 1008:
        return ERROR, detail
    detail += "; the model does not exist or does not support bidiGenerateContent for this key"
    if live_models:
        detail += f"; Live models this key can use: {', '.join(live_models)}"
    return LIVE_REJECTED, detail
