"""``compile()`` that cannot crash the process on Python 3.9 and 3.10.

Before 3.11 CPython's parser recurses in C without a guard: a long left-recursive chain (``a.b.b.b…``,
``a+a+a…``, ``f()()()…``) of a few hundred thousand links overflows the thread's C stack and the whole process
dies with SIGSEGV, where 3.11+ raises RecursionError. On those versions a large source is compiled in a thread
whose stack is sized to the source: measured there, the worst chains need under 64 bytes of C stack per
character (a 1 MB chain compiles in a 64 MiB stack, a 2 MB one does not), and the stack given is twice that.
A source too large even for that is refused with ``TooLarge`` (a RecursionError: "not scanned", never a crash).

Every source is compiled under one file name, ``SOURCE``, whose warnings are dropped: the parser warns about valid
code (``"\\d"``, an invalid escape sequence: a SyntaxWarning on 3.12+, a DeprecationWarning before; ``0in x``), and
Python would print each warning on stderr, not in gemlint's one-line form, with the notebook's first line as context.
"""

from __future__ import annotations

import sys
import threading
import warnings
from typing import Any, List, Tuple

GUARDED = sys.version_info < (3, 11)
DIRECT_MAX = 100_000  # characters: a chain this long fits the 8 MiB stack of a main or worker thread
STACK_PER_CHAR = 128  # bytes of C stack per source character (twice the worst measured)
STACK_MIN = 32 << 20
STACK_MAX = 1 << 30  # 1 GiB of address space, reserved, not touched: sources up to 8 M characters
SOURCE = "<gemlint-source>"  # the file name of every compiled source; warnings the parser raises there are dropped


def _quiet() -> tuple:
    """The filter dropping warnings raised in ``SOURCE`` (a warning's module is its file name, for compile())."""
    warnings.filterwarnings("ignore", module=SOURCE + r"\Z")
    return warnings.filters[0]


_QUIET = _quiet()
_LOCK = threading.Lock()  # threading.stack_size is process-wide: set, start, restore, one at a time


class TooLarge(RecursionError):
    """A source too large to compile safely on this Python (3.9/3.10)."""


def safe_compile(source: str, mode: str, flags: int) -> Any:
    """``compile(source, SOURCE, mode, flags, dont_inherit=True)``, without the chance of a C stack overflow."""
    filters = warnings.filters
    if not filters or (filters[0] is not _QUIET and _QUIET not in filters):  # reset by a catch_warnings() block
        _quiet()
    if not GUARDED or len(source) <= DIRECT_MAX:
        return compile(source, SOURCE, mode, flags, dont_inherit=True)
    stack = max(STACK_MIN, STACK_PER_CHAR * len(source))
    if stack > STACK_MAX:
        raise TooLarge(f"too large for the parser of Python {sys.version_info[0]}.{sys.version_info[1]} to read safely")
    outcome: List[Tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, compile(source, SOURCE, mode, flags, dont_inherit=True)))
        except BaseException as exc:  # handed to the caller's thread as it is
            outcome.append((False, exc))

    with _LOCK:
        try:
            previous = threading.stack_size(stack)
        except (ValueError, RuntimeError):  # a platform that cannot size thread stacks
            raise TooLarge("too large to parse safely here (no thread stack of that size)") from None
        try:
            thread = threading.Thread(target=run, name="gemlint-compile", daemon=True)
            thread.start()
        except (RuntimeError, MemoryError):  # the stack could not be reserved
            raise TooLarge("too large to parse safely here (no thread stack of that size)") from None
        finally:
            threading.stack_size(previous)
    thread.join()
    if not outcome:
        raise TooLarge("too large to parse safely here (the parser's thread ended without an answer)")
    ok, value = outcome[0]
    if ok:
        return value
    raise value
