"""The fast indented JSON writer gives the standard library's text, byte for byte (issue 28)."""

from __future__ import annotations

import enum
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from gemlint.report import indented_json

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_same_text_as_json_dumps(value):
    assert indented_json.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


class _Level(enum.IntEnum):
    HIGH = 2


def test_tuples_subclasses_and_odd_text():
    value = {
        "t": (1, "a\u2028b\n\"\\", None),
        "e": _Level.HIGH,
        "nested": [[], {}, [{"k": [1.5, -0.0]}, {1: "an int key", None: [2]}]],
    }
    assert indented_json.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_refuses_what_json_refuses():
    for bad in ({"x": object()}, [{(1, 2): "a tuple key"}]):
        try:
            indented_json.dumps(bad)
        except TypeError:
            continue
        raise AssertionError(f"{bad!r} was written")
