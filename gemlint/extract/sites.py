"""The Python call-site catalog, as data: callee shape → what the model must support.

Read from the SDK sources (see ../shared/reference/call-sites.md). A callee is
matched on the tail of its dotted name: ``client.aio.models.generate_content``
matches ``("models", "generate_content")``. Each entry says where the model
argument is (keywords, then an optional positional index), which API method
the model needs (``None``: only existence), the backend, and whether the value
must look like a Gemini model name to count (``strict``: for generic classes
such as ``Agent`` that also accept other vendors' models).
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from gemlint.records import record
from gemlint.types import GEMINI, VERTEX


@record
class SiteSpec:
    kind: str
    method: Optional[str]
    keywords: Tuple[str, ...] = ("model",)
    position: Optional[int] = None
    backend: str = GEMINI
    strict: bool = False
    sdk: str = "google-genai"  # google-genai call sites follow the file's client backend
    path: Tuple[str, ...] = ()  # keys from the argument down to the model (dicts or typed configs)


def _genai(kind: str, method: Optional[str], keywords: Tuple[str, ...] = ("model",)) -> SiteSpec:
    return SiteSpec(kind=kind, method=method, keywords=keywords)


def _other(kind: str, method: Optional[str], keywords=("model",), position=None, backend=GEMINI, strict=False):
    return SiteSpec(kind, method, tuple(keywords), position, backend, strict, sdk="other")


# (second-to-last, last) name parts → spec. google-genai, sync and aio.
PAIR_SITES: Dict[Tuple[str, str], SiteSpec] = {
    ("models", "generate_content"): _genai("models.generate_content", "generateContent"),
    ("models", "generate_content_stream"): _genai("models.generate_content_stream", "generateContent"),
    ("models", "count_tokens"): _genai("models.count_tokens", "countTokens"),
    ("models", "compute_tokens"): _genai("models.compute_tokens", None),
    ("models", "embed_content"): _genai("models.embed_content", "embedContent"),
    ("models", "generate_images"): _genai("models.generate_images", "predict"),
    ("models", "edit_image"): _genai("models.edit_image", "predict"),
    ("models", "upscale_image"): _genai("models.upscale_image", "predict"),
    ("models", "recontext_image"): _genai("models.recontext_image", "predict"),
    ("models", "segment_image"): _genai("models.segment_image", "predict"),
    ("models", "generate_videos"): _genai("models.generate_videos", "predictLongRunning"),
    ("models", "get"): _genai("models.get", None),
    ("chats", "create"): _genai("chats.create", "generateContent"),
    # The Interactions API (google-genai 3.x): `agent=` names an agent, not a model.
    ("interactions", "create"): _genai("interactions.create", "generateContent"),
    ("caches", "create"): _genai("caches.create", "createCachedContent"),
    ("batches", "create"): _genai("batches.create", "batchGenerateContent"),
    ("batches", "create_embeddings"): _genai("batches.create_embeddings", "asyncBatchEmbedContent"),
    ("tunings", "tune"): _genai("tunings.tune", "createTunedModel", ("base_model",)),
    ("live", "connect"): _genai("live.connect", "bidiGenerateContent"),
    ("music", "connect"): _genai("live.music.connect", "bidiGenerateMusic"),
    # Ephemeral Live tokens: the model every Live session opened with the token will use.
    ("auth_tokens", "create"): SiteSpec(
        "auth_tokens.create", "bidiGenerateContent", ("config",), path=("live_connect_constraints", "model")
    ),
    # google-generativeai (legacy) and Vertex AI SDK helpers
    ("CachedContent", "create"): _other("caching.CachedContent.create", "createCachedContent"),
    ("TextEmbeddingModel", "from_pretrained"): _other(
        "TextEmbeddingModel.from_pretrained", "predict", ("model_name",), 0, VERTEX
    ),
    ("ImageGenerationModel", "from_pretrained"): _other(
        "ImageGenerationModel.from_pretrained", "predict", ("model_name",), 0, VERTEX
    ),
    # vertexai.language_models / vision_models: always Vertex AI (PaLM-era :predict models)
    **{
        (cls, "from_pretrained"): _other(f"{cls}.from_pretrained", "predict", ("model_name",), 0, VERTEX)
        for cls in (
            "TextGenerationModel",
            "ChatModel",
            "CodeGenerationModel",
            "CodeChatModel",
            "MultiModalEmbeddingModel",
        )
    },
    # OpenAI-compatible endpoint: only Gemini-shaped names count.
    ("completions", "create"): _other("chat.completions.create", "generateContent", strict=True),
}

# Last name part alone → spec (classes and module functions).
NAME_SITES: Dict[str, SiteSpec] = {
    "GenerativeModel": _other("GenerativeModel", "generateContent", ("model_name", "model"), 0),
    "embed_content": _other("genai.embed_content", "embedContent"),
    "get_model": _other("genai.get_model", None, ("name", "model"), 0),
    "ChatGoogleGenerativeAI": _other("ChatGoogleGenerativeAI", "generateContent", ("model", "model_name")),
    "GoogleGenerativeAIEmbeddings": _other("GoogleGenerativeAIEmbeddings", "embedContent", ("model", "model_name")),
    "ChatVertexAI": _other("ChatVertexAI", "generateContent", ("model_name", "model"), backend=VERTEX),
    "VertexAIEmbeddings": _other("VertexAIEmbeddings", "embedContent", ("model_name", "model"), backend=VERTEX),
    "VertexAI": _other("VertexAI", "generateContent", ("model_name", "model"), backend=VERTEX),  # LangChain LLM
    "init_chat_model": _other("init_chat_model", "generateContent", ("model",), 0, strict=True),
    "Gemini": _other("Gemini", "generateContent", ("model", "model_name"), strict=True),
    "GoogleGenAI": _other("GoogleGenAI", "generateContent", ("model",), strict=True),
    "GeminiEmbedding": _other("GeminiEmbedding", "embedContent", ("model_name", "model"), strict=True),
    "GoogleGenAIEmbedding": _other("GoogleGenAIEmbedding", "embedContent", ("model_name", "model"), strict=True),
    "Agent": _other("Agent", "generateContent", strict=True),
    # types.CreateAuthTokenConfig(live_connect_constraints=types.LiveConnectConstraints(model=…))
    "LiveConnectConstraints": _genai("LiveConnectConstraints (auth token)", "bidiGenerateContent"),
    "LlmAgent": _other("LlmAgent", "generateContent", strict=True),
}

# ADK agents whose runner calls run_live need a Live model.
LIVE_RUNNER_CALL = "run_live"
# Calls that run ADK agents in the code itself (any ``…Runner(…)`` too): without one, the run mode is open.
AGENT_RUN_CALLS = frozenset((LIVE_RUNNER_CALL, "run_async", "run_debug"))
ADK_AGENT_KINDS = ("Agent", "LlmAgent", "Gemini")
LANGCHAIN_PROVIDER_PREFIXES = ("google_genai:", "google_vertexai:")


def lookup(parts: Tuple[str, ...]) -> Optional[SiteSpec]:
    """The spec for a callee dotted name split into parts, if it is a call site."""
    if len(parts) >= 2:
        spec = PAIR_SITES.get((parts[-2], parts[-1]))
        if spec is not None:
            # ai.live.music.connect vs ai.live.connect
            return spec
    if parts:
        spec = NAME_SITES.get(parts[-1])
        if spec is not None:
            # client.models.embed_content is the pair entry; genai.embed_content is legacy
            return spec
    return None
