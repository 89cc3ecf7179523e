"""List the models an API key can use, through google-genai.

The only module that imports ``google.genai`` (inside functions: ``gemlint
scan`` must not pay for it). Every failure becomes :class:`FetchError` with one
line that never contains the API key; it is raised outside any ``except``
block, so it carries no client exception (and no key) as cause or context.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import warnings
from typing import Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar
from urllib.parse import quote, urlsplit

from gemlint.inventory import SCHEMA_VERSION

DEFAULT_TIMEOUT = 30.0  # seconds per request
GEMINI_HOST = "generativelanguage.googleapis.com"
MAX_PAGES = 10_000  # a server that never stops paging is a failure, not a hang
NO_KEY = "no API key: set GEMINI_API_KEY or GOOGLE_API_KEY"

T = TypeVar("T")


class FetchError(Exception):
    """Listing models failed; ``str()`` is one line, safe to print (no key)."""


def resolve_api_key(api_key: Optional[str] = None) -> Optional[str]:
    """``api_key``, else GOOGLE_API_KEY, else GEMINI_API_KEY (google-genai's order); blank counts as unset."""
    for value in (api_key, os.environ.get("GOOGLE_API_KEY"), os.environ.get("GEMINI_API_KEY")):
        if value and value.strip():
            return value.strip()
    return None


def resolve_base_url(base_url: Optional[str] = None, vertex: bool = False) -> Optional[str]:
    """``base_url``, else GOOGLE_GEMINI_BASE_URL (GOOGLE_VERTEX_BASE_URL for Vertex), else None (the default)."""
    env = "GOOGLE_VERTEX_BASE_URL" if vertex else "GOOGLE_GEMINI_BASE_URL"
    return base_url or os.environ.get(env) or None


def endpoint_label(base_url: Optional[str], vertex: bool = False, location: Optional[str] = None) -> str:
    """``host:port`` of the endpoint, for messages (user info dropped)."""
    if base_url:
        parts = urlsplit(base_url if "//" in base_url else f"https://{base_url}")
        host = parts.hostname or base_url
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{host}:{port}"
    if vertex:
        region = location or "global"
        return "aiplatform.googleapis.com:443" if region == "global" else f"{region}-aiplatform.googleapis.com:443"
    return f"{GEMINI_HOST}:443"


def scrub(text: str, secret: Optional[str], limit: Optional[int] = 400) -> str:
    """``text`` on one line (cut at ``limit`` characters), ``secret`` (raw or URL-encoded) replaced by ``***``."""
    if secret:
        for form in sorted({secret, quote(secret, safe=""), quote(secret)}, key=lambda s: (-len(s), s)):
            text = text.replace(form, "***")
    line = " ".join(str(text).split())
    return line if limit is None or len(line) <= limit else line[: limit - 3] + "..."


def make_client(
    api_key: Optional[str],
    base_url: Optional[str] = None,
    api_version: Optional[str] = "v1beta",
    vertex: bool = False,
    project: Optional[str] = None,
    location: Optional[str] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Any:
    """A google-genai client (no retries, ``timeout`` seconds per request). May raise the client's errors."""
    with warnings.catch_warnings():  # google-auth warns at import on Python 3.9: not the user's business here
        warnings.simplefilter("ignore", FutureWarning)
        try:
            from google import genai
            from google.genai import types
        except ImportError:
            raise ImportError(missing_api_message("this call")) from None

    options: Dict[str, Any] = {"timeout": max(1, int(timeout * 1000))}
    if base_url:
        options["base_url"] = base_url
    if api_version:
        options["api_version"] = api_version
    http_options = types.HttpOptions(**options)
    if vertex:
        return genai.Client(vertexai=True, project=project, location=location, http_options=http_options)
    return genai.Client(api_key=api_key, http_options=http_options)


API_EXTRA = "gemlint[api]"


def missing_api_message(command: str) -> str:
    """The one line said when google-genai (the ``api`` extra) is not installed."""
    return f"{command} needs google-genai, which `pip install gemlint` leaves out: pip install '{API_EXTRA}'"


def require_api(command: str) -> None:
    """Raise ``Failure`` (exit 2, one line naming the extra) when google-genai cannot be imported."""
    import importlib.util

    try:
        found = importlib.util.find_spec("google.genai") is not None
    except (ImportError, ValueError):  # no ``google`` namespace at all, or a blocked module
        found = False
    if not found:
        from gemlint.errors import Failure

        raise Failure(missing_api_message(f"`{command}`"))


def describe_failure(exc: BaseException, action: str, endpoint: str, timeout: float, secret: Optional[str]) -> str:
    """One scrubbed line explaining ``exc``, raised while doing ``action`` against ``endpoint``."""
    return scrub(_describe(exc, action, endpoint, timeout), secret)


def _describe(exc: BaseException, action: str, endpoint: str, timeout: float) -> str:
    names = {cls.__name__ for cls in type(exc).__mro__}
    code = getattr(exc, "code", None)
    if "APIError" in names and isinstance(code, int):
        return _describe_api_error(exc, code, action)
    if "TimeoutException" in names or isinstance(exc, TimeoutError):
        return f"timed out after {timeout:g}s waiting for {endpoint} ({action})"
    if "ConnectError" in names or isinstance(exc, ConnectionError):
        text = str(exc) or type(exc).__name__
        if "refused" in text.lower():
            return f"cannot connect to {endpoint}: connection refused ({action})"
        return f"cannot connect to {endpoint}: {text} ({action})"
    if "TransportError" in names or isinstance(exc, OSError):
        return f"network error talking to {endpoint} ({action}): {exc or type(exc).__name__}"
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON from {endpoint} ({action}): {exc}"
    if "DefaultCredentialsError" in names or "RefreshError" in names:
        return f"no usable Google Cloud credentials for Vertex AI ({exc}); run 'gcloud auth application-default login'"
    if "ValidationError" in names:
        return f"unexpected response from {endpoint} ({action}): {str(exc).splitlines()[0]}"
    return f"{action} failed: {type(exc).__name__}: {exc}"


def _describe_api_error(exc: BaseException, code: int, action: str) -> str:
    status = getattr(exc, "status", None)
    message = getattr(exc, "message", None) or getattr(exc, "details", None) or ""
    api = " ".join(str(p) for p in (code, status) if p) + (f": {message}" if message else "")
    if code in (400, 401):
        return f"the API key was rejected ({api}) ({action})"
    if code == 403:
        return f"the API key lacks permission ({api}) ({action})"
    if code == 429:
        return f"quota exceeded ({api}) ({action}); try again later"
    if 500 <= code < 600:
        return f"server error on {action} ({api})"
    return f"{action} failed ({api})"


def attempt(
    fn: Callable[[], T], action: str, endpoint: str, timeout: float, secret: Optional[str]
) -> Tuple[Optional[T], Optional[str]]:
    """Run ``fn``: ``(result, None)``, or ``(None, scrubbed one-line message)`` on any exception."""
    try:
        return fn(), None
    except Exception as exc:  # every client failure becomes a message; the exception itself is dropped
        return None, describe_failure(exc, action, endpoint, timeout, secret)


def model_to_rest(model: Any) -> Dict[str, Any]:
    """A google-genai ``types.Model`` in the models.list REST shape."""
    entry: Dict[str, Any] = {"name": model.name}
    if getattr(model, "version", None):
        entry["version"] = model.version
    if getattr(model, "display_name", None):
        entry["displayName"] = model.display_name
    if getattr(model, "input_token_limit", None) is not None:
        entry["inputTokenLimit"] = model.input_token_limit
    if getattr(model, "output_token_limit", None) is not None:
        entry["outputTokenLimit"] = model.output_token_limit
    entry["supportedGenerationMethods"] = list(getattr(model, "supported_actions", None) or [])
    return entry


def utc_now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch_models(
    api_key: Optional[str] = None,
    base_url: Optional[str] = None,
    api_version: str = "v1beta",
    vertex: bool = False,
    project: Optional[str] = None,
    location: Optional[str] = None,
    timeout: float = DEFAULT_TIMEOUT,
    page_size: Optional[int] = None,
) -> Dict[str, Any]:
    """List every model (all pages) and return the inventory dict to write.

    Gemini API: the key is ``api_key``, else GOOGLE_API_KEY, else
    GEMINI_API_KEY; the endpoint ``base_url``, else GOOGLE_GEMINI_BASE_URL.
    Vertex AI (``vertex=True``): publisher models of ``project`` (else
    GOOGLE_CLOUD_PROJECT) in ``location`` (else GOOGLE_CLOUD_LOCATION, else
    ``global``) with Application Default Credentials; the Gemini API's
    ``v1beta`` means Vertex's ``v1beta1``. Vertex listings carry no method lists.
    Raises FetchError (one line, key scrubbed) on every failure.
    """
    key = None if vertex else resolve_api_key(api_key)
    url = resolve_base_url(base_url, vertex)
    if vertex:
        project = project or os.environ.get("GOOGLE_CLOUD_PROJECT")
        location = location or os.environ.get("GOOGLE_CLOUD_LOCATION") or "global"
        if not project:
            raise FetchError("--vertex needs a Google Cloud project: pass --project or set GOOGLE_CLOUD_PROJECT")
        if api_version == "v1beta":
            api_version = "v1beta1"
    elif not key:
        raise FetchError(NO_KEY)
    where = endpoint_label(url, vertex, location)
    secret = resolve_api_key(api_key) if vertex else key  # scrub an env key even on Vertex

    def build() -> Any:
        return make_client(key, url, api_version, vertex, project, location, timeout)

    client, error = attempt(build, "creating the client", where, timeout, secret)
    if error:
        raise FetchError(error)
    models = list_all_models(client, where, timeout, secret, page_size)
    return {
        "schema_version": SCHEMA_VERSION,
        "fetched_at": utc_now(),
        "source": "vertex" if vertex else "gemini-api",
        "api_version": api_version,
        "models": models,
    }


def list_all_models(
    client: Any,
    where: str,
    timeout: float,
    secret: Optional[str],
    page_size: Optional[int] = None,
    error_class: Type[FetchError] = FetchError,
) -> List[dict]:
    """Every model of every models.list page, REST-shaped; raises ``error_class`` (one scrubbed line)."""
    config: Dict[str, Any] = {"page_size": page_size} if page_size else {}
    pager, error = attempt(lambda: client.models.list(config=config), "page 1 of models.list", where, timeout, secret)
    if error:
        raise error_class(error)
    assert pager is not None
    models = [model_to_rest(m) for m in pager.page]
    page = 1
    while pager.config.get("page_token"):
        page += 1
        if page > MAX_PAGES:
            raise error_class(f"models.list from {where} did not stop paging after {MAX_PAGES} pages")
        items, error = attempt(pager.next_page, f"page {page} of models.list", where, timeout, secret)
        if error:
            raise error_class(error)
        models.extend(model_to_rest(m) for m in items or [])
    return models
