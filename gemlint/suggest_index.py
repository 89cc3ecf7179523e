"""Where "did you mean" looks: the live names of an inventory, bucketed by length, built once per inventory.

A committed inventory is the pull request's to write: with a million models, scoring every name against every
unknown literal took seconds per literal. ``SuggestionPool`` filters retired names once per inventory (not once
per literal) and keeps the rest in buckets by length. ``near`` walks the buckets outwards from the literal's
length, only those whose length can still reach difflib's 0.6 ratio (``real_quick_ratio``, an upper bound of
it, is ``2 * min(a, b) / (a + b)``), and stops after ``budget`` names: a real inventory (about a hundred
models) is searched whole, a huge one costs at most ``budget`` comparisons per literal.
"""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Sequence, Tuple, TypeVar

T = TypeVar("T")

BUDGET = 2_000  # names compared per literal at most (a real inventory has about a hundred)
_POOLS: Dict[tuple, SuggestionPool] = {}


class SuggestionPool:
    """Items (``ModelInfo`` or catalogue rows) bucketed by the length of their name."""

    def __init__(self, items: Sequence[T], name: Callable[[T], str]) -> None:
        self.buckets: Dict[int, List[T]] = {}
        for item in items:
            self.buckets.setdefault(len(name(item)), []).append(item)
        self.lengths = sorted(self.buckets)

    def near(self, text: str, budget: int = BUDGET, cutoff: float = 0.6) -> Iterator[T]:
        """Items whose name's length allows a ratio of ``cutoff`` with ``text``, closest lengths first."""
        size = len(text)
        order: List[Tuple[int, int]] = []
        for length in self.lengths:
            total = size + length
            if total and 2 * min(size, length) / total >= cutoff:
                order.append((abs(length - size), length))
        order.sort()
        left = budget
        for _, length in order:
            for item in self.buckets[length]:
                if left <= 0:
                    return
                left -= 1
                yield item


def pool(key: tuple, build: Callable[[], Tuple[Sequence[T], Callable[[T], str]]]) -> SuggestionPool:
    """The pool cached under ``key`` (an inventory's identity and the scan date), built on first use."""
    found = _POOLS.get(key)
    if found is None:
        if len(_POOLS) > 16:  # a long-lived server sees a few inventories: keep the cache small
            _POOLS.clear()
        items, name = build()
        found = _POOLS[key] = SuggestionPool(items, name)
    return found
