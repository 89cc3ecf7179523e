"""The "did you mean" ranking: names that keep the literal's words and version come before letter-close ones.

``gemini-pro`` was offered ``gemini-4-argon`` (difflib finds ``gemini-`` and two letters in common) before
``gemini-pro-latest``; ``gemini-2.0-flash-preview-image-generation`` a speech model before an image one. The
ranking now counts the words a suggestion drops or adds (a typo of a word counts as the word), then the version,
then the letters (``resolve.words_changed``, ``resolve.version_gap``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterator

import pytest

from gemlint import resolve as _resolve
from gemlint.inventory import Inventory, ModelInfo
from gemlint.inventory.lifecycle import build_lifecycle
from gemlint.resolve import Context, suggest, version_gap, words_changed

GENERATE = ("generateContent", "countTokens")


@pytest.fixture(autouse=True)
def _fresh_suggestions() -> Iterator[None]:
    _resolve._SUGGESTIONS.clear()
    yield


def _ctx(names, changelog=()) -> Context:
    models = {n: ModelInfo(n, GENERATE) for n in names}
    inventory = Inventory(models, digest="|".join(names) + repr(changelog))  # the suggestions' memo keys on it
    return Context(inventory, build_lifecycle({"changelog": list(changelog)}), _dt.date(2026, 12, 7))


@pytest.mark.parametrize(
    "a, b, alike",
    [
        ("flash", "flash", True),
        ("flsh", "flash", True),  # a letter left out
        ("lte", "lite", True),
        ("falsh", "flash", True),  # two neighbours swapped
        ("tt", "tts", True),  # a short word cut at its end
        ("live", "lite", False),  # a letter replaced: another word
        ("pro", "exp", False),
        ("fl", "lf", False),
        ("t", "tt", False),
        ("ts", "st", False),
        ("flh", "flash", False),  # two letters left out of five: too many
        ("lashs", "flash", False),  # two letters moved, not two neighbours swapped
        ("flahs", "flash", True),
        ("flasj", "flash", False),
    ],
)
def test_typo_of_a_word(a, b, alike):
    assert _resolve._alike(a, b) is alike
    assert _resolve._alike(b, a) is alike


@pytest.mark.parametrize(
    "name, candidate, changed",
    [
        ("gemini-pro", "gemini-pro-latest", 0),  # a release stage is no word
        ("gemini-pro", "gemini-4-argon", 2),  # pro dropped, argon added
        ("gemini-2.0-flash-thinking", "gemini-2.5-flash", 1),
        ("gemini-2.0-flash-thinking", "gemini-2.5-flash-image", 2),
        ("gemini-2.5-flsh", "gemini-2.5-flash", 0),
        ("gemini-2.5-flash-lte", "gemini-2.5-flash", 1),
        ("gemini-2.5-flash-lte", "gemini-2.5-flash-lite", 0),
        ("gemini-exp-1206", "gemini-3-flash-preview", 1),  # versions and dates are no words
        ("text_embedding_004", "text-embedding-005", 0),
    ],
)
def test_words_changed(name, candidate, changed):
    assert words_changed(name, candidate) == changed


@pytest.mark.parametrize(
    "name, candidate, gap",
    [
        ("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash", 0),
        ("gemini-3-pro", "gemini-3.1-pro-preview", 1),
        ("gemini-3-pro", "gemini-2.5-pro", 2),
        ("gemini-pro", "gemini-pro-latest", 0),
        ("gemini-pro", "gemini-2.5-pro", 2),
    ],
)
def test_version_gap(name, candidate, gap):
    assert version_gap(name, candidate) == gap


def test_a_name_that_keeps_the_words_beats_a_closer_string():
    ctx = _ctx(["gemini-4-argon", "gemini-pro-latest"])
    assert suggest("gemini-pro", ["generateContent"], ctx) == ("gemini-pro-latest", "gemini-4-argon")


def test_the_same_version_beats_a_closer_string():
    ctx = _ctx(["gemini-3-flash-preview", "gemini-2.5-flash"])
    assert suggest("gemini-2.5-flash-preview-05-20", [], ctx) == ("gemini-2.5-flash", "gemini-3-flash-preview")


def test_the_same_major_version_beats_another():
    ctx = _ctx(["gemini-2.5-pro", "gemini-3.1-pro-preview"])
    assert suggest("gemini-3-pro", [], ctx) == ("gemini-3.1-pro-preview", "gemini-2.5-pro")


def test_the_letters_decide_between_names_as_near_by_words_and_version():
    ctx = _ctx(["gemini-2.5-flash-image", "gemini-2.5-flash-lite"])
    assert suggest("gemini-2.5-flash-lte", [], ctx) == ("gemini-2.5-flash-lite", "gemini-2.5-flash-image")


def test_a_deprecated_name_comes_after_an_equally_near_current_one():
    names = ["gemini-9.5-flash", "gemini-9.6-flash"]  # as near to gemini-9.0-flash by words, version, letters
    assert suggest("gemini-9.0-flash", [], _ctx(names)) == ("gemini-9.6-flash", "gemini-9.5-flash")  # newer first
    deprecated = [{"model": "gemini-9.6-flash", "deprecated": True}]
    assert suggest("gemini-9.0-flash", [], _ctx(names, deprecated)) == ("gemini-9.5-flash", "gemini-9.6-flash")
