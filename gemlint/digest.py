"""Digests and MACs for the scan path, without importing ``hashlib``.

``import hashlib`` loads OpenSSL, which costs about a tenth of a one-file scan; BLAKE2 is built into
CPython (``_blake2``, the module behind ``hashlib.blake2b``), and its keyed mode is a MAC in its own
right (RFC 7693), so the cache needs neither hashlib nor hmac.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without CPython's built-in BLAKE2
    from hashlib import blake2b
try:
    from _operator import _compare_digest as same_digest  # what hmac.compare_digest falls back to
except ImportError:  # pragma: no cover
    from hmac import compare_digest as same_digest

__all__ = ["digest", "mac", "same_digest"]


def digest(data: bytes, size: int = 16) -> str:
    """A hex digest of ``data`` (BLAKE2b, ``size`` bytes)."""
    return blake2b(data, digest_size=size).hexdigest()


def mac(key: bytes, message: bytes) -> str:
    """The hex MAC of ``message`` under ``key`` (keyed BLAKE2b-256; keys of up to 64 bytes)."""
    return blake2b(message, key=key, digest_size=32).hexdigest()
