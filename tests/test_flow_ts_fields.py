"""TypeScript/JavaScript (issue 23): list-class suggestions for mentions, untyped object fields across files.

Peers: when every other whole model name of a mention's array, object, or array of objects (same key) is a
listed model of one class, an unknown or retired entry is offered models of that class; a mixed list keeps the
ordinary closest-name suggestions.
"""

from __future__ import annotations

import pytest

from .test_crossfile import write
from .test_flow_python import scan_here

PACKAGE = {"package.json": '{"name": "app"}\n'}


@pytest.mark.parametrize("ext", ["ts", "js"])
def test_suggestions_for_a_mention_come_from_the_class_of_its_list(tmp_path, monkeypatch, ext):
    write(
        tmp_path,
        {
            **PACKAGE,
            f"src/choices.{ext}": (
                "export const LIVE = ['gemini-2.5-flash-native-audio-latest', 'gemini-3.8-live', 'gemini-3.8-flsh'];\n"
                "export const MIXED = ['gemini-2.5-flash-native-audio-latest', 'gemini-embedding-2', "
                "'gemini-3.8-flsh'];\n"
                "export const OPTS = [{ id: 'gemini-3.8-live', label: 'a' }, "
                "{ id: 'gemini-2.5-flash-native-audio-latest' }, { id: 'gemini-3.8-flsh', label: 'b' }];\n"
                "export const BY = { fast: 'gemini-3.8-live', live: 'gemini-3.8-flsh' };\n"
                "export const ODD = [{ id: 'gemini-embedding-2', live: 'gemini-3.8-live' }, "
                "{ id: 'gemini-3.8-flsh' }];\n"
                "export const OLD = [{ id: 'gemini-3.8-live' }, { id: 'gemini-2.0-flash-live-001' }];\n"
            ),
        },
    )
    got = {(f.location.line, f.code): f.suggestions for f in scan_here(tmp_path, monkeypatch)}
    assert got[(1, "GL006")] == ("gemini-3.8-live",)  # all Live models: a Live model
    assert got[(2, "GL006")][0] == "gemini-3.8-flash"  # negative twin: no one class, the closest names
    assert got[(3, "GL006")] == ("gemini-3.8-live",)  # an array of objects: the same key's values
    assert got[(6, "GL003")] == ("gemini-3.8-live",)  # a retired entry too
    assert got[(4, "GL006")] == ("gemini-3.8-live",)  # an object's values
    # an array of objects whose `id`s are of another class than its other keys: the `id`s decide
    assert got[(5, "GL006")][0] != "gemini-3.8-live"
