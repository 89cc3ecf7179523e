"""Call-site tables for TypeScript/JavaScript: the SDK methods gemlint knows and the API method each needs.

Plain data, shared by the tree-sitter queries (``ts_grammar``) and the code that
reads the matches (``typescript``).
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from gemlint.types import GEMINI, VERTEX

# @google/genai: (namespace, method) -> API method the model needs.
GENAI_METHODS: Dict[Tuple[str, str], Optional[str]] = {
    ("models", "generateContent"): "generateContent",
    ("models", "generateContentStream"): "generateContent",
    ("models", "countTokens"): "countTokens",
    ("models", "embedContent"): "embedContent",
    ("models", "generateImages"): "predict",
    ("models", "editImage"): "predict",
    ("models", "upscaleImage"): "predict",
    ("models", "recontextImage"): "predict",
    ("models", "segmentImage"): "predict",
    ("models", "generateVideos"): "predictLongRunning",
    ("models", "get"): None,  # a lookup: the model only has to exist
    ("chats", "create"): "generateContent",
    ("interactions", "create"): "generateContent",  # the Interactions API: `agent` instead of `model` is no model
    ("caches", "create"): "createCachedContent",
    ("batches", "create"): "batchGenerateContent",
    ("batches", "createEmbeddings"): "asyncBatchEmbedContent",
    ("tunings", "tune"): "createTunedModel",
    ("live", "connect"): "bidiGenerateContent",
    ("live.music", "connect"): "bidiGenerateMusic",
    ("authTokens", "create"): "bidiGenerateContent",  # ephemeral Live token: config.liveConnectConstraints.model
}
# Where the model sits inside the first argument, when not at its ``model`` property.
GENAI_PATHS: Dict[Tuple[str, str], Tuple[str, ...]] = {
    ("tunings", "tune"): ("baseModel",),
    ("authTokens", "create"): ("config", "liveConnectConstraints", "model"),
}
# Vercel AI SDK provider methods: google.textEmbeddingModel('…') etc.
PROVIDER_METHODS = {
    "languageModel": "generateContent",
    "chat": "generateContent",
    "textEmbeddingModel": "embedContent",
    "textEmbedding": "embedContent",
    "embedding": "embedContent",
    "image": "predict",
    "imageModel": "predict",
}
# LangChain JS constructors: name -> (model keys, method, backend)
LANGCHAIN = {
    "ChatGoogleGenerativeAI": (("model", "modelName"), "generateContent", GEMINI),
    "GoogleGenerativeAIEmbeddings": (("model", "modelName"), "embedContent", GEMINI),
    "ChatVertexAI": (("model", "modelName"), "generateContent", VERTEX),
    "VertexAIEmbeddings": (("model", "modelName"), "embedContent", VERTEX),
    "VertexAI": (("model", "modelName"), "generateContent", VERTEX),
}
# initChatModel("google-genai:gemini-…") provider prefixes
INIT_CHAT_PREFIXES = (("google-genai:", GEMINI), ("google-vertexai:", VERTEX))
# @google/generative-ai model methods that say what a getGenerativeModel() result is used for
LEGACY_EMBED = ("embedContent", "batchEmbedContents")
LEGACY_GENERATE = ("generateContent", "generateContentStream", "startChat", "countTokens")
