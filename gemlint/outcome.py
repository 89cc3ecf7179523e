"""What decides a scan's exit status, and the summary line that says so.

Exit 1 for errors (findings of severity error, or warnings with ``fail-on = "warning"``) and for files that
could not be read or parsed; 0 when only warnings were found; 2 for internal errors (usage and configuration
errors never get this far). The summary never says "All clear" when the status is 1.
"""

from __future__ import annotations

from typing import List, Optional

from gemlint.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from gemlint.records import record
from gemlint.types import RunResult


@record
class Outcome:
    """The exit status of a run and the counts the summary states."""

    status: int
    errors: int
    warnings: int
    failed_files: int  # files that could not be read or parsed
    files: int
    fixable: int
    fail_on: str
    exit_zero: bool = False


def decide(result: RunResult, fail_on: str = "error", exit_zero: bool = False) -> Outcome:
    """The exit status of ``result`` under ``fail_on`` (``error`` or ``warning``) and ``--exit-zero``."""
    errors = sum(1 for f in result.findings if f.severity == "error")
    warnings = len(result.findings) - errors
    failed = sum(1 for e in result.errors if e.fatal)
    fixable = sum(1 for f in result.findings if f.fix is not None)
    if any(e.internal for e in result.errors):
        status = EXIT_ERROR
    elif exit_zero:
        status = EXIT_CLEAN
    elif errors or failed or (fail_on == "warning" and warnings):
        status = EXIT_FINDINGS
    else:
        status = EXIT_CLEAN
    return Outcome(status, errors, warnings, failed, result.files_scanned, fixable, fail_on, exit_zero)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(outcome: Outcome) -> str:
    """The last lines of the text report: what was found, what decided the exit status, what --fix can do.

    ``Found 3 problems (1 error, 2 warnings) in 4 files; exit 1: 1 error.``
    ``Found 2 warnings in 4 files; exit 0: warnings do not fail the run (fail-on = "error").``
    ``No findings in 4 files; exit 1: 1 file could not be read or parsed.``
    """
    o = outcome
    files = _n(o.files, "file")
    if o.files == 0 and not o.failed_files:
        return "No files checked: no file gemlint reads was found under the given paths (or all were excluded).\n"
    total = o.errors + o.warnings
    if total == 0:
        found = f"No findings in {files}"
    elif o.errors and o.warnings:
        found = f"Found {_n(total, 'problem')} ({_n(o.errors, 'error')}, {_n(o.warnings, 'warning')}) in {files}"
    elif o.errors:
        found = f"Found {_n(o.errors, 'error')} in {files}"
    else:
        found = f"Found {_n(o.warnings, 'warning')} in {files}"
    if total == 0 and o.failed_files == 0 and o.status == EXIT_CLEAN:
        line = f"All clear: no model problems in {files}."
    else:
        line = f"{found}; exit {o.status}: {_reason(o)}."
    lines = [line]
    if o.fixable:
        lines.append(f"[*] {o.fixable} fixable with `gemlint scan --fix`.")
    return "\n".join(lines) + "\n"


def _reason(o: Outcome) -> str:
    """What decided the exit status."""
    if o.status == EXIT_ERROR:
        return "an internal error (see above)"
    if o.exit_zero:
        return "--exit-zero"
    causes: List[str] = []
    if o.status == EXIT_FINDINGS:
        if o.errors:
            causes.append(_n(o.errors, "error"))
        if o.fail_on == "warning" and o.warnings:
            causes.append(f'{_n(o.warnings, "warning")} (fail-on = "warning")')
        if o.failed_files:
            causes.append(f"{_n(o.failed_files, 'file')} could not be read or parsed")
        return " and ".join(causes)
    return 'warnings do not fail the run (fail-on = "error")'


def stale_footer(age: Optional[int], as_of: str, limit: int, bundled: bool, gl001: bool) -> str:
    """Once, under the summary, when it matters: a GL001 on a name that could be newer than the inventory."""
    if not gl001 or age is None or limit == 0 or age <= limit:
        return ""
    which = "the bundled inventory" if bundled else "the inventory"
    return (
        f"Note: {which} is from {as_of} ({age} days old): a model released since then is reported as GL001.\n"
        "Refresh it: `gemlint models refresh` (needs an API key and gemlint[api]); silence it: max-inventory-age = 0.\n"
    )
