"""``@record``: the same class ``typing.NamedTuple`` makes, built without checking annotations at start-up."""

from __future__ import annotations

import pickle
import typing
from typing import NamedTuple, Optional, Tuple

import pytest

from gemlint.records import record
from gemlint.types import Location


@record
class Point:
    """A point, with a label."""

    x: int
    y: int = 0
    label: Optional[str] = None
    tags: Tuple[str, ...] = ()
    ORIGIN_NAME = "origin"  # not a field: no annotation

    def shifted(self, dx: int) -> Point:
        return self._replace(x=self.x + dx)

    @property
    def named(self) -> bool:
        return self.label is not None


class PointNT(NamedTuple):
    """A point, with a label."""

    x: int
    y: int = 0
    label: Optional[str] = None
    tags: Tuple[str, ...] = ()


def test_a_record_is_the_namedtuple_typing_would_make():
    p = Point(1, label="a")
    assert p == PointNT(1, label="a") == (1, 0, "a", ())
    assert isinstance(p, tuple) and Point._fields == PointNT._fields == ("x", "y", "label", "tags")
    assert Point._field_defaults == PointNT._field_defaults == {"y": 0, "label": None, "tags": ()}
    assert repr(p) == "Point(x=1, y=0, label='a', tags=())"
    assert hash(p) == hash(PointNT(1, label="a"))
    with pytest.raises(AttributeError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]  # x has no default


def test_methods_properties_constants_and_docstring_are_kept():
    p = Point(1, 2, "a")
    assert p.shifted(2) == Point(3, 2, "a") and isinstance(p.shifted(2), Point)
    assert p.named and not Point(0).named
    assert Point.ORIGIN_NAME == "origin"
    assert Point.__doc__ == "A point, with a label."
    assert Point.__name__ == Point.__qualname__ == "Point" and Point.__module__ == __name__


def test_annotations_resolve_as_written():
    assert typing.get_type_hints(Point) == {"x": int, "y": int, "label": Optional[str], "tags": Tuple[str, ...]}
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "Optional[str]", "tags": "Tuple[str, ...]"}


def test_records_pickle_by_name_for_worker_processes():
    loc = Location("a.py", 3, 7, end_column=12)
    again = pickle.loads(pickle.dumps(loc))
    assert again == loc and type(again) is Location


def test_a_field_without_default_after_one_with_a_default_is_refused():
    with pytest.raises(TypeError, match="field b without a default follows a field with one"):

        @record
        class Bad:
            a: int = 0
            b: int


@pytest.mark.parametrize("name", ["_replace", "__new__", "_fields"])
def test_what_namedtuple_makes_cannot_be_redefined(name):
    with pytest.raises(AttributeError, match=f"cannot define {name} on a record"):
        record(type("Bad", (), {"__annotations__": {"a": "int"}, name: lambda *a: None}))
