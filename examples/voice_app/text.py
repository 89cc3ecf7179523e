"""Text, embeddings and settings, with one mistake of each kind."""

import os

from google import genai

client = genai.Client()
TUNED = "gemini-3.8-flash-acme-tuned"  # accepted through extra-models
FALLBACK = os.environ.get("GEMINI_FALLBACK_MODEL", "gemini-3.8-flsh")  # GL006: a typo no call uses (a mention)


def summarize(text: str) -> str:
    # GL003: gemini-2.0-flash was shut down on 2026-06-01
    return client.models.generate_content(model="gemini-2.0-flash", contents=text).text


def embed(texts: list) -> list:
    # GL004: listed, but shuts down on 2028-05-14
    return client.models.embed_content(model="gemini-embedding-001", contents=texts).embeddings


def transcribe(audio) -> str:
    # GL002: a live-only model in generate_content
    return client.models.generate_content(model="gemini-3.1-flash-live-preview", contents=[audio]).text


def route(text: str) -> str:
    # GL005: deprecated and auto-routed to gemini-3.8-flash
    return client.models.generate_content(model="gemini-3.7-flash", contents=text).text


def greet() -> str:
    # GL900: this line has nothing to suppress
    return client.models.generate_content(model="gemini-3.8-flash", contents="hi").text  # gemlint: ignore[GL001]
