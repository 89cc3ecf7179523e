"""Cache entries as plain JSON data, checked field by field when read back.

The entries are written as columns (``encode_entries``). Records need no
code to be written: those of ``gemlint/types.py`` are NamedTuples, so
``json.dumps`` writes each one as the list of its fields in ``_fields``
order. Reading rebuilds every record from such a list, checking
each value against the field's declared type (its annotation in
``gemlint/types.py``) and the value checks in ``FIELD_CHECKS``. Anything
else raises ``CodecError``: the whole cache is then discarded and rebuilt.
Loading can only ever build the records listed in ``RECORDS`` from strings,
numbers, booleans, None and lists.

Adding a field with a default to one of these records needs nothing here
when its type is built from ``str``, ``int``, ``bool``, ``None``,
``Optional``, ``Tuple`` and the records below (the field list is part of
``schema_fingerprint()``, hence of the cache key, so old caches are simply not
found). A nested record type must be added to ``RECORDS``; any other type
makes ``decoders()`` raise, and ``tests/test_security.py`` checks that every
field of every record can be decoded.
"""

from __future__ import annotations

import typing
from itertools import repeat
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple

from gemlint.types import (
    GEMINI,
    VERTEX,
    CallSite,
    Declaration,
    EnvValue,
    Export,
    FileError,
    FileResult,
    Finding,
    Fix,
    Location,
    ModelRef,
    PendingUse,
    Symbol,
    Write,
)
from gemlint.types import CacheEntry as Entry

# Every record type a cache may hold (inner ones first); nothing else is ever built from cache data.
RECORDS: Tuple[type, ...] = (
    Location, CallSite, ModelRef, FileError, Symbol, Export, PendingUse, EnvValue, Write, Declaration, FileResult,
    Fix, Finding,  # the scan memo's (scan_memo.py)
)
Decoder = Callable[[Any], Any]


class CodecError(ValueError):
    """Cache data that does not have the expected shape; ``str()`` says what, in a few words."""


def _natural(value: int) -> bool:
    return value >= 0


def _positive(value: int) -> bool:
    return value >= 1


# Value checks beyond the declared type: (record, field) -> test applied to a present (non-None) value.
FIELD_CHECKS: Dict[Tuple[type, str], Callable[[Any], bool]] = {
    (Location, "line"): _natural,
    (Location, "column"): _natural,
    (Location, "cell"): _positive,
    (Location, "end_line"): _natural,
    (Location, "end_column"): _natural,
    (CallSite, "backend"): (GEMINI, VERTEX).__contains__,
    (Declaration, "platform"): (GEMINI, VERTEX).__contains__,
}


def _check_type(kinds: FrozenSet[type]) -> Decoder:
    """Accept values of exactly these types (a bool is not an int here, an int is not a bool)."""

    def check(value: Any) -> Any:
        if type(value) not in kinds:
            raise CodecError(f"unexpected {type(value).__name__}")
        return value

    return check


def _optional(inner: Decoder) -> Decoder:
    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    return check


def _tuple_of(inner: Decoder) -> Decoder:
    def check(value: Any) -> tuple:
        if type(value) is not list:
            raise CodecError(f"expected a list, got {type(value).__name__}")
        return tuple(map(inner, value))

    return check


def _fixed_tuple(inners: Tuple[Decoder, ...]) -> Decoder:
    def check(value: Any) -> tuple:
        if type(value) is not list or len(value) != len(inners):
            raise CodecError(f"expected a list of {len(inners)} values")
        return tuple(inner(item) for inner, item in zip(inners, value))

    return check


def _plain_types(hint: Any) -> Optional[FrozenSet[type]]:
    """The JSON scalar types ``hint`` allows (``Optional[int]``: int and None), or None if it is not plain."""
    if hint in (str, int, bool, type(None)):
        return frozenset([hint])
    if typing.get_origin(hint) is typing.Union:
        found: Set[type] = set()
        for arg in typing.get_args(hint):
            inner = _plain_types(arg)
            if inner is None:
                return None
            found |= inner
        return frozenset(found)
    return None


def _decoder_for(hint: Any, table: Dict[type, Decoder], where: str) -> Decoder:
    """A decoder for one declared type; raises TypeError for a type the cache cannot hold."""
    plain = _plain_types(hint)
    if plain is not None:
        return _check_type(plain)
    if hint in table:
        return table[hint]
    if hint in RECORDS:
        return lambda value: table[hint](value)  # a record listed later in RECORDS: looked up when used
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            return _optional(_decoder_for(rest[0], table, where))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _tuple_of(_decoder_for(args[0], table, where))
        if args and Ellipsis not in args:
            return _fixed_tuple(tuple(_decoder_for(a, table, where) for a in args))
    raise TypeError(f"{where}: the cache cannot hold a field of type {hint!r} (see gemlint/cache_codec.py)")


def _record_decoder(cls: type, table: Dict[type, Decoder]) -> Decoder:
    """Check a list of field values and build ``cls`` from it.

    Plain fields (strings, numbers, booleans, None) are checked inline, the
    others through their decoder: a cache holds hundreds of records.
    """
    hints = typing.get_type_hints(cls)
    fields = tuple(cls._fields)  # type: ignore[attr-defined]
    plain: List[Tuple[int, FrozenSet[type]]] = []
    nested: List[Tuple[int, Decoder]] = []
    checks: List[Tuple[int, Callable[[Any], bool], str]] = []
    for index, name in enumerate(fields):
        where = f"{cls.__name__}.{name}"
        kinds = _plain_types(hints[name])
        if kinds is not None:
            plain.append((index, kinds))
        else:
            nested.append((index, _decoder_for(hints[name], table, where)))
        test = FIELD_CHECKS.get((cls, name))
        if test is not None:
            checks.append((index, test, where))
    count = len(fields)
    label = cls.__name__

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise CodecError(f"a {label} must be a list of {count} values")
        value = value[:]  # the caller's data stays as it was
        for index, kinds in plain:
            if type(value[index]) not in kinds:
                raise CodecError(f"{label}.{fields[index]} holds a {type(value[index]).__name__}")
        for index, decoder in nested:
            value[index] = decoder(value[index])
        for index, test, where in checks:
            if value[index] is not None and not test(value[index]):
                raise CodecError(f"{where} has an impossible value {value[index]!r}")
        return cls(*value)

    return decode


_DECODERS: Optional[Dict[type, Decoder]] = None


def decoders() -> Dict[type, Decoder]:
    """One decoder per record type (built once); raises TypeError when a field's type is not supported."""
    global _DECODERS
    if _DECODERS is None:
        table: Dict[type, Decoder] = {}
        for cls in RECORDS:
            table[cls] = _record_decoder(cls, table)
        _DECODERS = table
    return _DECODERS


def schema_fingerprint() -> str:
    """The field names and declared types of every record: part of the cache key."""
    return ";".join(
        f"{cls.__name__}(" + ",".join(f"{n}:{cls.__annotations__.get(n)}" for n in cls._fields) + ")"  # type: ignore
        for cls in RECORDS
    )


def encode_entries(entries: Dict[str, Entry]) -> Dict[str, list]:
    """The entries as columns (a smaller file, and checked column by column when read back, much faster)."""
    paths = list(entries)
    values = [entries[p] for p in paths]
    return {
        "paths": paths,
        "sizes": [v[0] for v in values],
        "mtimes": [v[1] for v in values],
        "digests": [v[2] for v in values],
        "results": [[i, v[3]] for i, v in enumerate(values) if v[3] is not None],
    }


def decode_entries(data: Any) -> Dict[str, Entry]:
    """Entries from ``encode_entries``' columns, every value checked; raises CodecError."""
    if type(data) is not dict or set(data) != {"paths", "sizes", "mtimes", "digests", "results"}:
        raise CodecError("not the table of a gemlint cache")
    paths, sizes, mtimes, digests, results = (
        data["paths"],
        data["sizes"],
        data["mtimes"],
        data["digests"],
        data["results"],
    )
    for column, kind in ((paths, str), (sizes, int), (mtimes, int), (digests, str), (results, list)):
        if type(column) is not list or not set(map(type, column)) <= {kind}:
            raise CodecError(f"a column holds something other than {kind.__name__} values")
    if not len(paths) == len(sizes) == len(mtimes) == len(digests) or (sizes and min(sizes) < 0):
        raise CodecError("the columns do not line up")
    entries: Dict[str, Entry] = dict(zip(paths, zip(sizes, mtimes, digests, repeat(None))))
    if len(entries) != len(paths):
        raise CodecError("a file has two entries")
    result_of = decoders()[FileResult]
    for item in results:
        if len(item) != 2 or type(item[0]) is not int or not 0 <= item[0] < len(paths) or item[1] is None:
            raise CodecError("a result is not attached to a file")
        path = paths[item[0]]
        result = result_of(item[1])
        if result.path != path:
            raise CodecError("an entry holds the result of another file")
        size, mtime, digest, _ = entries[path]
        entries[path] = (size, mtime, digest, result)
    return entries
