"""A per-file time budget, as semgrep's ``--timeout``: one file cannot hold the whole run.

A pull request can commit a file whose extraction or checking takes minutes (40,000 model literals, each an
unknown name whose suggestions are computed). Each file gets ``timeout`` seconds of CPU time (``--timeout``,
``timeout`` in ``[tool.gemlint]``, else ``GEMLINT_FILE_TIMEOUT``, else 5; 0 turns the budget off) twice over:

- **Extraction** (parse and walk, every language) runs under ``within``. On the main thread of a process that
  has ``signal.setitimer`` (the serial scan, each ``-j`` worker, the language server's own checks), a CPU-time
  timer (``ITIMER_PROF``) interrupts the work wherever it is with ``OverBudget``, a ``BaseException`` that no
  ``except Exception`` in an extractor swallows; the handler re-arms itself for whatever the calling thread has
  not used yet, so other threads' CPU time never counts. Elsewhere (another thread, such as the language
  server's project reader; Windows) the walkers call ``poll()``, which compares the thread's CPU time with its
  deadline. Either way the file's partial facts are dropped and it gets a one-line notice (``over_budget_notice``).
- **Rules**: ``run_rules_within`` checks a file's literal groups one after another and stops once the file has
  used its budget; the findings made so far are kept and the file gets the notice.
"""

from __future__ import annotations

import _signal  # the C module under ``signal``, whose enums would cost the scan's start-up ~0.7 ms
import os
import sys
import time
from _thread import get_ident
from typing import Callable, Dict, Iterable, List, Optional, Tuple, TypeVar

from gemlint.types import FileError, FileResult, Finding

DEFAULT_BUDGET = 5.0
ENV = "GEMLINT_FILE_TIMEOUT"
T = TypeVar("T")


def file_budget(configured: Optional[float] = None) -> float:
    """Seconds of CPU time one file may use (0: no limit): ``configured`` (the flag or the configuration),
    else ``GEMLINT_FILE_TIMEOUT``, else 5."""
    if configured is not None:
        return max(configured, 0.0)
    raw = os.environ.get(ENV, "")
    try:
        value = float(raw) if raw else DEFAULT_BUDGET
    except ValueError:
        value = DEFAULT_BUDGET
    return max(value, 0.0) if value == value else DEFAULT_BUDGET  # NaN: the default


class OverBudget(BaseException):
    """A file's extraction used up its time budget (a ``BaseException``: extractors' handlers let it pass)."""


class _Timer:
    """The state of the main thread's CPU-time timer (one file at a time)."""

    armed = False
    fired = False  # OverBudget was raised for this file (it may come back as another exception)
    deadline = 0.0  # time.thread_time() at which the file is over budget


_TIMER = _Timer()
_DEADLINES: Dict[int, float] = {}  # thread id -> deadline, for the threads whose budget is polled
_MIN_REARM = 0.002  # seconds: less than this left is over
_REFIRE = 0.01  # seconds of CPU between one OverBudget and the next, while the reading has not stopped


def within(seconds: float, work: Callable[..., T], *args) -> T:
    """``work(*args)`` with ``seconds`` of CPU time for the calling thread; ``OverBudget`` past them.

    0 (or less) runs ``work`` without a budget; a call inside another budget runs under the outer one.
    """
    if seconds <= 0 or get_ident() in _DEADLINES or (_TIMER.armed and _on_main_thread()):
        return work(*args)
    if _timer_usable():
        return _timed(seconds, work, args)
    return _polled(seconds, work, args)


def _on_main_thread() -> bool:
    threading = sys.modules.get("threading")  # not imported: no thread was started through it
    return threading is None or threading.current_thread() is threading.main_thread()


def _timer_usable() -> bool:
    """Whether this thread can use the CPU-time timer: the main thread, a platform with ``setitimer``, and
    SIGPROF free (nobody else, such as a profiler, handling it)."""
    if not hasattr(_signal, "setitimer") or not _on_main_thread():
        return False
    handler = _signal.getsignal(_signal.SIGPROF)
    if handler is _on_timer:
        return True
    if handler not in (_signal.SIG_DFL, None):
        return False
    try:
        _signal.signal(_signal.SIGPROF, _on_timer)  # kept: a no-op while no budget is armed (SIG_DFL would kill)
    except (ValueError, OSError):
        return False
    return True


def _on_timer(signum, frame) -> None:
    """SIGPROF: the process has used the CPU time asked for; raise once this thread has too."""
    timer = _TIMER
    if not timer.armed:
        return
    left = timer.deadline - time.thread_time()
    if left > _MIN_REARM:  # other threads' time made the process timer fire early: wait for the rest
        _signal.setitimer(_signal.ITIMER_PROF, left)
        return
    # Again shortly, until the reading is left: code that swallows every exception (a garbage collector's
    # callback, a __del__) may have been running when this one came.
    _signal.setitimer(_signal.ITIMER_PROF, _REFIRE)
    timer.fired = True
    raise OverBudget


def _timed(seconds: float, work: Callable[..., T], args) -> T:
    timer = _TIMER
    timer.deadline = time.thread_time() + seconds
    timer.fired = False
    timer.armed = True
    _signal.setitimer(_signal.ITIMER_PROF, seconds)
    try:
        return work(*args)
    except Exception as exc:
        # Raised where C code checks for signals (compile() building its AST), OverBudget can surface as another
        # error ("SystemError: AST constructor recursion depth mismatch"): past the budget, it is the budget.
        if timer.fired:
            raise OverBudget from exc
        raise
    finally:
        timer.armed = False  # first, with no call before it: a signal handled from here on is ignored
        _signal.setitimer(_signal.ITIMER_PROF, 0)


def _polled(seconds: float, work: Callable[..., T], args) -> T:
    me = get_ident()
    _DEADLINES[me] = time.thread_time() + seconds
    try:
        return work(*args)
    finally:
        _DEADLINES.pop(me, None)


def poll() -> None:
    """In a walker's loop: ``OverBudget`` once a polled thread is past its deadline (where the timer cannot
    interrupt: another thread, no ``setitimer``). Costs a dictionary's truth test when no thread polls."""
    if _DEADLINES:
        me = get_ident()
        deadline = _DEADLINES.get(me)
        if deadline is not None and time.thread_time() > deadline:
            del _DEADLINES[me]
            raise OverBudget


def polling() -> bool:
    """Whether this thread's budget is polled (a walker then calls ``poll()`` every few hundred nodes)."""
    return bool(_DEADLINES) and get_ident() in _DEADLINES


def extract_within(seconds: float, path: str, work: Callable[..., FileResult], *args) -> FileResult:
    """``work(*args)``, a file's extraction, within the budget: past it, the file's result is only the notice."""
    try:
        return within(seconds, work, *args)
    except OverBudget:
        return FileResult(path, errors=(over_budget_notice(path, seconds, "reading"),))


def run_rules_within(groups: Iterable, ctx, selected, budget: float) -> Tuple[List[Finding], bool]:
    """``run_rules`` over ``groups`` until ``budget`` seconds of CPU are spent: ``(findings, stopped early)``."""
    from gemlint.rules import run_rules

    if budget <= 0:
        return run_rules(groups, ctx, selected), False
    deadline = time.process_time() + budget
    out: List[Finding] = []
    for group in groups:
        out.extend(run_rules((group,), ctx, selected))
        if time.process_time() > deadline:
            return out, True
    return out, False


NOTICE = "took longer than the per-file time budget of"


def over_budget_notice(path: str, budget: float, phase: str = "checking") -> FileError:
    """The one line for a file that ran out of time ``phase`` (``reading``: nothing of it was checked)."""
    rest = "the file was not checked" if phase == "reading" else "the rest of the file was not checked"
    return FileError(
        path,
        f"{phase} {NOTICE} {budget:g} s; {rest} (raise it with --timeout or `timeout` in [tool.gemlint])",
        fatal=False,
    )


def timed_out(result: FileResult) -> bool:
    """Whether ``result`` is a file that ran out of time (such a result depends on the machine: never cached)."""
    return any(not e.fatal and NOTICE in e.message for e in result.errors)


MAX_NESTING = 1000  # objects deep: beyond this a TS/JS file is refused (tree-sitter's queries grow superlinearly)


def nesting_over(text: str, limit: int = MAX_NESTING) -> bool:
    """Whether ``text`` nests ``{`` deeper than ``limit`` (braces in strings count too).

    Only braces: deep arrays cost tree-sitter's queries nothing out of the way, deep objects cost minutes. Linear,
    and C-speed for the usual file: one with fewer opening braces than ``limit`` is answered by ``str.count``.
    """
    if text.count("{") <= limit:
        return False
    import re

    depth = 0
    for brace in re.sub(r"[^{}]+", "", text):
        if brace == "{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False
