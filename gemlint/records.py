"""``@record``: a frozen, typed record class, built by ``collections.namedtuple``.

``@record class Location: path: str; line: int = 0`` makes the same class as
``class Location(NamedTuple): ...`` (a tuple subclass with the fields, defaults,
methods and docstring written in the class body, picklable by name), at about
half the cost. ``typing.NamedTuple`` checks every annotation when the class is
defined, and under ``from __future__ import annotations`` that means compiling
each field's annotation string into a ``ForwardRef``: ``gemlint/types.py``
(12 records) took 13M instructions to import, 7M now (callgrind; a one-file
scan imports 26 records). ``record`` keeps the annotations as written
(``typing.get_type_hints`` still resolves them) and checks nothing at start-up.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any, Dict, Type, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:  # type checkers see a frozen dataclass-like class with an __init__ from the fields
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_kwargs: Any):
        return lambda decorator: decorator


# What the class body may not define: namedtuple makes these (as typing.NamedTuple forbids them too).
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace", "_asdict"}
)
# What every class body has and the namedtuple makes for itself.
_OWN = frozenset({"__dict__", "__weakref__", "__module__", "__qualname__", "__annotations__", "__doc__"})


@dataclass_transform(frozen_default=True)
def record(cls: Type[T]) -> Type[T]:
    """The namedtuple of ``cls``'s annotated fields (in order, with their defaults) and its other attributes."""
    namespace: Dict[str, Any] = dict(cls.__dict__)
    annotations: Dict[str, Any] = namespace.get("__annotations__", {})
    fields = tuple(annotations)
    defaults = []
    for name in fields:
        if name in namespace:
            defaults.append(namespace[name])
        elif defaults:
            raise TypeError(f"{cls.__name__}: field {name} without a default follows a field with one")
    clash = _PROHIBITED.intersection(namespace)
    if clash:
        raise AttributeError(f"{cls.__name__}: cannot define {', '.join(sorted(clash))} on a record")
    made = collections.namedtuple(cls.__name__, fields, defaults=defaults, module=cls.__module__)
    for key, value in namespace.items():
        if key not in _OWN and key not in annotations:
            setattr(made, key, value)
    made.__doc__ = cls.__doc__
    made.__qualname__ = cls.__qualname__
    made.__annotations__ = annotations
    return made  # type: ignore[return-value]
