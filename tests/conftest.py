"""Shared pytest fixtures: the fake Gemini API server (see tests/fakeapi.py)."""

from tests.fakeapi import dead_url, fake_api, fake_api_certs, fake_api_env  # noqa: F401
