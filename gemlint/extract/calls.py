"""A second prefilter: files that may call a model API without spelling a model name.

``from .config import LIVE_MODEL`` then ``client.aio.live.connect(model=LIVE_MODEL)``
holds no model name, yet its call site decides the class a name in
``config.py`` must have. Files with one of these tokens are parsed for their
call sites (and the symbols they take from other files or the environment).
"""

from __future__ import annotations

CALL_TOKENS = (
    b"generate_content",
    b"generateContent",
    b"embed_content",
    b"embedContent",
    b"count_tokens",
    b"countTokens",
    b".connect(",
    b"generate_images",
    b"generateImages",
    b"generate_videos",
    b"generateVideos",
    b"chats.create",
    b"caches.create",
    b"batches.create",
    b"tunings.tune",
    b"models.get(",
    b"GenerativeModel",
    b"GoogleGenerativeAI",
    b"VertexAI",
    b"Embedding",
    b"init_chat_model",
    b"initChatModel",
    b"from_pretrained",
    b"Agent(",
    b"Gemini(",
    b"GoogleGenAI(",
    b"google(",
    b"vertex(",
    b"textEmbeddingModel",
    b"languageModel",
)


def may_call_model(data: bytes) -> bool:
    """True when ``data`` contains a call-site token (the model may come from elsewhere)."""
    return any(token in data for token in CALL_TOKENS)
