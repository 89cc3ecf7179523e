"""A second prefilter: files that may call a model API without spelling a model name.

``from .config import LIVE_MODEL`` then ``client.aio.live.connect(model=LIVE_MODEL)``
holds no model name, yet its call site decides the class a name in
``config.py`` must have. Files with one of these tokens are parsed for their
call sites (and the symbols they take from other files or the environment).
"""

from __future__ import annotations

import re

from gemlint.extract import names

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
    b" Agent(",
    b"LlmAgent(",
    b"Gemini(",
    b"GoogleGenAI(",
    b"google(",
    b"vertex(",
    b"textEmbeddingModel",
    b"languageModel",
    b"interactions.create",
    b"GOOGLE_GENAI_USE_",  # a platform declaration (env_platform.py), in any file
    b"setup:",  # a raw Live socket's first message, { setup: { model } } (JavaScript, Python dicts)
    b"setup':",
    b'setup":',
)
# Where a model name passes through without being spelled (issue 23): a <select> whose options a wrapper
# renders, keyed stores (URL query, Web Storage, FormData), a page's controls. Those files are parsed for their
# flow facts.
FLOW_TOKENS = (
    b"<select",
    b"URLSearchParams",
    b"searchParams",
    b"localStorage",
    b"sessionStorage",
    b"FormData",
    b"getElementById",  # a page's form control, read by id (ts_dom)
    b"querySelector",
)


_COMBINED = None


def may_call_model_directly(data: bytes) -> bool:
    """True when ``data`` contains a call-site token (not only a flow token)."""
    return any(token in data for token in CALL_TOKENS)


def may_call_model(data: bytes) -> bool:
    """True when ``data`` contains a call-site token (the model may come from elsewhere)."""
    return any(token in data for token in CALL_TOKENS) or any(token in data for token in FLOW_TOKENS)


def worth_parsing(data: bytes, fast: bool) -> bool:
    """The whole prefilter: a model name (``names.may_mention_model``) or a call-site token.

    With ``fast`` and google-re2, one linear-time pass over both token lists.
    """
    global _COMBINED
    if fast:
        if _COMBINED is None:
            _COMBINED = _compile_re2()
        if _COMBINED:
            return _COMBINED.search(data) is not None
    return names.may_mention_model(data, fast) or may_call_model(data)


def _compile_re2():
    try:
        import re2
    except ImportError:
        return False
    return re2.compile(b"|".join(re.escape(t) for t in names.PREFILTER_TOKENS + CALL_TOKENS + FLOW_TOKENS))
