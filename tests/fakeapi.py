"""A fake Gemini API for tests: REST and Live on one local TLS port.

The real google-genai client talks to it unchanged (``base_url`` or
``GOOGLE_GEMINI_BASE_URL``), trusting a throwaway trustme CA through
``SSL_CERT_FILE``. The Python Live client reuses the REST host and port with
``wss://``, so one aiohttp app serves both. Error bodies are the real ones
(``shared/reference/api-errors.json``).

Fixtures: ``fake_api`` (a running :class:`FakeApi`), ``fake_api_env`` (the same,
with ``SSL_CERT_FILE`` set and Gemini environment variables cleared) and
``dead_url`` (a URL whose port refuses connections).
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

import pytest
from aiohttp import WSMsgType, web

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED_MODELS = os.path.join(REPO, "gemlint", "data", "models.json")
CLEARED_ENV = (
    "GOOGLE_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_GEMINI_BASE_URL",
    "GOOGLE_GENAI_API_VERSION",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "GOOGLE_GENAI_USE_ENTERPRISE",
    "GOOGLE_CLOUD_PROJECT",
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_VERTEX_BASE_URL",
    "GOOGLE_GENAI_HTTP_CLIENT",
)
LIVE_PATH = "/ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent"

# Real bodies and messages (shared/reference/api-errors.json and public reports).
NO_CREDENTIALS = {
    "error": {
        "code": 403,
        "message": "Method doesn't allow unregistered callers (callers without established identity). "
        "Please use API Key or other form of API consumer identity to call this API.",
        "status": "PERMISSION_DENIED",
    }
}
STATUS_ERRORS = {
    400: ("INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."),
    401: (
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
        "or other valid authentication credential.",
    ),
    403: ("PERMISSION_DENIED", NO_CREDENTIALS["error"]["message"]),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
    ),
    500: (
        "INTERNAL",
        "An internal error has occurred. Please retry or report in https://developers.generativeai.google",
    ),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
}
GET_UNKNOWN = "Model is not found: models/{model} for api version {version}"
METHOD_UNKNOWN = (
    "models/{model} is not found for API version {version}, or is not supported for {method}. "
    "Call ModelService.ListModels to see the list of available models and their supported methods."
)
WITHDRAWN = (
    "This model models/{model} is no longer available to new users. Please update your code to use "
    "models/{replacement} for the latest features and improvements."
)
LIVE_CLOSE_LIMIT = 123  # close-frame payload (125) minus the 2-byte code


def error_body(status: int, message: Optional[str] = None) -> dict:
    """A Google-style error JSON body for ``status``."""
    if status == 403 and message is None:
        return copy.deepcopy(NO_CREDENTIALS)
    name, default = STATUS_ERRORS.get(status, ("UNKNOWN", "Unknown error."))
    body: Dict[str, Any] = {"error": {"code": status, "message": message or default, "status": name}}
    if status == 400:
        body["error"]["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
                "metadata": {"service": "generativelanguage.googleapis.com"},
            }
        ]
    return body


def live_reject_reason(model: str, version: str) -> str:
    """The Live API's 1008 reason for ``model``, cut at 123 bytes like the real close frame."""
    full = METHOD_UNKNOWN.format(model=model, version=version, method="bidiGenerateContent")
    return full.encode("utf-8")[:LIVE_CLOSE_LIMIT].decode("utf-8", "ignore")


def bundled_models() -> List[dict]:
    """The 60 models of gemlint's bundled inventory (REST shape)."""
    with open(BUNDLED_MODELS, encoding="utf-8") as fh:
        return json.load(fh)["models"]


@dataclass
class Recorded:
    """One request the fake server received."""

    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    body: str = ""

    @property
    def api_key(self) -> Optional[str]:
        return self.headers.get("x-goog-api-key")


@dataclass
class _Config:
    models: List[dict] = field(default_factory=bundled_models)
    page_size: Optional[int] = None  # forced page size; None: the request's pageSize (default 50)
    fail_status: Optional[int] = None
    fail_message: Optional[str] = None
    fail_from_page: Optional[int] = None  # None: every request; K: models.list pages >= K only
    malformed_from_page: Optional[int] = None  # 0: every REST request; K: list pages >= K
    delay: float = 0.0
    delay_from_page: Optional[int] = None
    withdrawn: Dict[str, str] = field(default_factory=dict)
    routed: Dict[str, str] = field(default_factory=dict)  # model -> the model that answers for it
    valid_keys: Optional[Set[str]] = None
    echo_key: bool = False
    live_close: Optional[Tuple[int, str]] = None  # close every Live session with this code and reason
    live_setup_delay: float = 0.0


class FakeApi:
    """A running fake Gemini API; configure it with the setters, read ``requests``."""

    def __init__(self, cert_chain: str, key_file: str, ca_path: str):
        self.ca_path = ca_path
        self.config = _Config()
        self.requests: List[Recorded] = []
        self.in_flight = self.max_in_flight = 0
        self._ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ssl.load_cert_chain(cert_chain, key_file)
        self._loop = asyncio.new_event_loop()
        self._stop: Optional[asyncio.Event] = None
        self._runner: Optional[web.AppRunner] = None
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.base_url = f"https://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-gemini-api", daemon=True)

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> FakeApi:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        self._stop = asyncio.Event()
        app = web.Application(middlewares=[self._count])
        app.router.add_get("/ws/{service}", self._live)
        app.router.add_get("/{version}/models", self._list)
        app.router.add_route("*", "/{version}/models/{rest}", self._model)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.SockSite(self._runner, self._sock, ssl_context=self._ssl)
        await site.start()

    def stop(self) -> None:
        """Stop the server and its thread (pending delayed answers end at once)."""

        async def _shutdown() -> None:
            assert self._stop is not None and self._runner is not None
            self._stop.set()
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(_shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    # -- configuration -----------------------------------------------------
    def reset(self) -> None:
        """Back to the defaults: the bundled models, no failures, nothing recorded; answers still
        waiting on a delay of the previous test end at once."""
        if self._stop is not None and self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._wake_sleepers(), self._loop).result(timeout=10)
        self.config = _Config()
        self.requests.clear()
        self.max_in_flight = 0

    async def _wake_sleepers(self) -> None:
        old, self._stop = self._stop, asyncio.Event()
        if old is not None:
            old.set()

    def set_models(self, models: List[dict]) -> None:
        self.config.models = list(models)

    def set_page_size(self, size: Optional[int]) -> None:
        self.config.page_size = size

    def fail(self, status: int, from_page: Optional[int] = None, message: Optional[str] = None) -> None:
        """Answer ``status`` on every request, or only on models.list pages >= ``from_page``."""
        self.config.fail_status, self.config.fail_from_page, self.config.fail_message = status, from_page, message

    def malformed(self, from_page: int = 0) -> None:
        """Answer 200 with broken JSON (every REST request with 0, else list pages >= ``from_page``)."""
        self.config.malformed_from_page = from_page

    def delay(self, seconds: float, from_page: Optional[int] = None) -> None:
        """Wait ``seconds`` before answering (every request, or list pages >= ``from_page``)."""
        self.config.delay, self.config.delay_from_page = seconds, from_page

    def withdraw(self, model: str, replacement: str = "gemini-3.6-flash") -> None:
        """Make generateContent on ``model`` answer the real 'no longer available to new users' 404."""
        self.config.withdrawn[_bare(model)] = _bare(replacement)

    def route(self, model: str, answered_by: str) -> None:
        """Make generateContent on ``model`` answer as ``answered_by`` (``modelVersion``), as an auto-routed
        model does (gemini-2.5-flash answered by gemini-3.5-flash-lite since 2026-12-01)."""
        self.config.routed[_bare(model)] = _bare(answered_by)

    def require_keys(self, *keys: str) -> None:
        """Accept only these keys (others: 400 API_KEY_INVALID, Live: close 1007)."""
        self.config.valid_keys = set(keys)

    def echo_key(self, on: bool = True) -> None:
        """Put the received key into error messages (to prove callers scrub it)."""
        self.config.echo_key = on

    def live_close(self, code: int, reason: str) -> None:
        """Close every Live session with ``code`` and ``reason`` after the setup frame."""
        self.config.live_close = (code, reason)

    def live_setup_delay(self, seconds: float) -> None:
        """Wait ``seconds`` before answering setupComplete."""
        self.config.live_setup_delay = seconds

    def trust(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point SSL_CERT_FILE at this server's CA (do it before building a client)."""
        monkeypatch.setenv("SSL_CERT_FILE", self.ca_path)

    def env(self, **extra: str) -> Dict[str, str]:
        """A subprocess environment trusting this server and pointing google-genai at it."""
        env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
        env.update(SSL_CERT_FILE=self.ca_path, GOOGLE_GEMINI_BASE_URL=self.base_url, PYTHONPATH=REPO)
        env.update(extra)
        return env

    def list_requests(self) -> List[Recorded]:
        return [r for r in self.requests if r.path.endswith("/models")]

    def model_names(self) -> List[str]:
        return [m["name"] for m in self.config.models]

    # -- helpers -----------------------------------------------------------
    @web.middleware
    async def _count(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Track how many requests are answered at once (``max_in_flight``)."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await handler(request)
        finally:
            self.in_flight -= 1

    def _record(self, request: web.Request, body: str = "") -> Recorded:
        rec = Recorded(
            request.method, request.path, dict(request.query), {k.lower(): v for k, v in request.headers.items()}, body
        )
        self.requests.append(rec)
        return rec

    def _find(self, name: str) -> Optional[dict]:
        bare = _bare(name)
        for model in self.config.models:
            if _bare(model["name"]) == bare:
                return model
        return None

    def _applies(self, from_page: Optional[int], page: Optional[int]) -> bool:
        if from_page is None or from_page == 0:
            return True
        return page is not None and page >= from_page

    async def _gate(self, rec: Recorded, page: Optional[int] = None) -> Optional[web.Response]:
        """Delays, key checks and configured failures shared by every REST route."""
        cfg = self.config
        if cfg.delay and self._applies(cfg.delay_from_page, page):
            await self._pause(cfg.delay)
        key = rec.api_key
        if not key:
            return web.json_response(error_body(403), status=403)
        if cfg.valid_keys is not None and key not in cfg.valid_keys:
            return web.json_response(error_body(400, self._message(400, None, key)), status=400)
        if cfg.fail_status and self._applies(cfg.fail_from_page, page):
            status = cfg.fail_status
            return web.json_response(error_body(status, self._message(status, cfg.fail_message, key)), status=status)
        if cfg.malformed_from_page is not None and self._applies(cfg.malformed_from_page, page):
            return web.Response(text='{"models": [{"name": "models/gem', content_type="application/json")
        return None

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the server stops."""
        assert self._stop is not None
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except asyncio.TimeoutError:
            pass

    def _message(self, status: int, message: Optional[str], key: str) -> Optional[str]:
        if not self.config.echo_key:
            return message
        base = message or STATUS_ERRORS.get(status, ("", "Error."))[1]
        return f"{base} (key {key})"

    # -- routes ------------------------------------------------------------
    async def _list(self, request: web.Request) -> web.Response:
        rec = self._record(request)
        token = request.query.get("pageToken", "")
        try:
            page = int(token[len("page-") :]) if token else 1
        except ValueError:
            return web.json_response(error_body(400, "Invalid page token."), status=400)
        failure = await self._gate(rec, page)
        if failure is not None:
            return failure
        size = self.config.page_size or int(request.query.get("pageSize") or 50)
        size = max(1, min(size, 1000))
        models = self.config.models
        chunk = models[(page - 1) * size : page * size]
        body: Dict[str, Any] = {"models": chunk}
        if page * size < len(models):
            body["nextPageToken"] = f"page-{page + 1}"
        return web.json_response(body)

    async def _model(self, request: web.Request) -> web.Response:
        text = await request.text() if request.can_read_body else ""
        rec = self._record(request, text)
        failure = await self._gate(rec)
        if failure is not None:
            return failure
        version = request.match_info["version"]
        name, _, method = request.match_info["rest"].partition(":")
        model = self._find(name)
        if request.method == "GET" and not method:
            if model is None:
                msg = GET_UNKNOWN.format(model=name, version=version)
                return web.json_response({"error": {"code": 404, "message": msg, "status": "NOT_FOUND"}}, status=404)
            return web.json_response(model)
        if request.method != "POST" or not method:
            return web.json_response(error_body(404), status=404)
        if model is None or method not in model.get("supportedGenerationMethods", []):
            msg = METHOD_UNKNOWN.format(model=name, version=version, method=method)
            return web.json_response({"error": {"code": 404, "message": msg, "status": "NOT_FOUND"}}, status=404)
        if _bare(name) in self.config.withdrawn:
            msg = WITHDRAWN.format(model=_bare(name), replacement=self.config.withdrawn[_bare(name)])
            return web.json_response({"error": {"code": 404, "message": msg, "status": "NOT_FOUND"}}, status=404)
        return web.json_response(_generate_answer(self.config.routed.get(_bare(name), _bare(model["name"]))))

    async def _live(self, request: web.Request) -> web.StreamResponse:
        service = request.match_info["service"]
        rec = self._record(request)
        cfg = self.config
        if cfg.fail_status and cfg.fail_from_page is None:
            return web.json_response(error_body(cfg.fail_status), status=cfg.fail_status)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        version = service.split(".")[3] if service.count(".") >= 4 else "v1beta"
        if service != LIVE_PATH.format(version=version)[len("/ws/") :]:
            await ws.close(code=1008, message=b"Requested entity was not found.")
            return ws
        first = await ws.receive(timeout=10)
        if first.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
            await ws.close()
            return ws
        raw = first.data if isinstance(first.data, str) else first.data.decode("utf-8")
        rec.body = raw
        key = rec.api_key
        if not key or (cfg.valid_keys is not None and key not in cfg.valid_keys):
            await ws.close(code=1007, message=b"API key not valid. Please pass a valid API key.")
            return ws
        if cfg.live_close is not None:
            await ws.close(code=cfg.live_close[0], message=cfg.live_close[1].encode("utf-8"))
            return ws
        try:
            setup_model = json.loads(raw)["setup"]["model"]
        except (ValueError, KeyError, TypeError):
            await ws.close(code=1007, message=b"Invalid JSON payload received.")
            return ws
        model = self._find(setup_model)
        if model is None or "bidiGenerateContent" not in model.get("supportedGenerationMethods", []):
            reason = live_reject_reason(_bare(setup_model), version)
            await ws.close(code=1008, message=reason.encode("utf-8"))
            return ws
        if cfg.live_setup_delay:  # slow to set up, but still answers a client's close frame at once
            try:
                msg = await ws.receive(timeout=cfg.live_setup_delay)
                if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                    return ws
            except asyncio.TimeoutError:
                pass
        await ws.send_str(json.dumps({"setupComplete": {}}))
        async for _msg in ws:  # keep the session open until the client closes it
            pass
        return ws


def _bare(name: str) -> str:
    return name[len("models/") :] if name.startswith("models/") else name


def _generate_answer(name: str) -> dict:
    return {
        "candidates": [
            {"content": {"parts": [{"text": "o"}], "role": "model"}, "finishReason": "MAX_TOKENS", "index": 0}
        ],
        "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1, "totalTokenCount": 2},
        "modelVersion": name,
    }


@dataclass(frozen=True)
class _Certs:
    ca_path: str
    cert_chain: str
    key_file: str


@pytest.fixture(scope="session")
def fake_api_certs(tmp_path_factory: pytest.TempPathFactory) -> _Certs:
    """A throwaway CA (PEM file) and a server certificate for 127.0.0.1."""
    import trustme

    folder = tmp_path_factory.mktemp("fakeapi-tls")
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    ca_path, chain, key = str(folder / "ca.pem"), str(folder / "server.pem"), str(folder / "server.key")
    ca.cert_pem.write_to_path(ca_path)
    leaf.private_key_pem.write_to_path(key)
    with open(chain, "wb") as fh:
        for blob in leaf.cert_chain_pems:
            fh.write(blob.bytes())
    return _Certs(ca_path, chain, key)


@pytest.fixture(scope="module")
def fake_api_server(fake_api_certs: _Certs) -> Iterator[FakeApi]:
    """One fake Gemini API server on 127.0.0.1 (TLS) for a whole test module (each xdist worker has its own)."""
    server = FakeApi(fake_api_certs.cert_chain, fake_api_certs.key_file, fake_api_certs.ca_path).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_api(fake_api_server: FakeApi) -> Iterator[FakeApi]:
    """The module's fake server, back to its defaults with nothing recorded, for one test."""
    fake_api_server.reset()
    try:
        yield fake_api_server
    finally:
        fake_api_server.reset()


@pytest.fixture
def fake_api_env(fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    """``fake_api`` with SSL_CERT_FILE trusting it and the Gemini environment variables cleared."""
    for name in CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    fake_api.trust(monkeypatch)
    return fake_api


@pytest.fixture
def dead_url() -> Iterator[str]:
    """``https://127.0.0.1:PORT`` where PORT is bound but not listening: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"https://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()
