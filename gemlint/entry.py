"""The entry point: ``main`` runs a command and exits with its code, in this one place.

``gemlint scan`` with paths and on/off flags only (pre-commit's call) takes the quick path
(``gemlint.quick_scan``): the scan runs without importing click. Every other command line goes through the
click group in ``gemlint.cli``. Both end here, where failures become one line and an exit code.
"""

from __future__ import annotations

import sys
from typing import List, Optional

from gemlint.echo import echo
from gemlint.errors import EXIT_ERROR, Failure
from gemlint.safe_text import escape


def main(argv: Optional[List[str]] = None) -> None:
    """Console script: run the command line and exit with its code."""
    code = run(argv)
    if (sys.argv[1:] if argv is None else argv)[:1] == ["server"]:
        sys.exit(code)  # the language server ends as any long-lived process does
    exit_now(code)


def exit_now(code: int) -> None:
    """Exit with ``code`` without tearing the interpreter down, as mypy's ``hard_exit`` does.

    Freeing every object and module at exit cost 9 ms of a 78 ms one-file scan (more after a large scan). The
    output is flushed and the exit handlers run first (gemlint's own, and the standard library's: logging,
    temporary folders, process pools); every file gemlint writes is closed before this, by its ``with`` block.
    """
    import atexit
    import os

    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe, a closed stream: nothing more can be said
                pass
        os._exit(code)


def run(argv: Optional[List[str]] = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    from gemlint.guarded_streams import guarded

    # Every command's output, click's own messages and tracebacks included, goes through the output guard;
    # `gemlint server` keeps its stdout, the LSP channel.
    with guarded(stdout=args[:1] != ["server"]):
        return _run(args)


def _run(args: List[str]) -> int:
    if args[:1] == ["hook"]:  # pre-commit's command line: options, then file names that stay file names
        from gemlint.hook_args import scan_argv

        args = scan_argv(args[1:])
    try:
        from gemlint.quick_scan import parse

        quick = parse(args)
        if quick is not None:
            from gemlint.scan_command import run_scan

            return run_scan(*quick)
        from gemlint.cli import run_click

        return run_click(args)
    except Failure as exc:
        echo(f"gemlint: error: {escape(str(exc))}", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        echo("gemlint: aborted", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # an internal error: one line, the traceback only with --debug
        if "--debug" in args:
            import traceback

            traceback.print_exc()
        echo(
            f"gemlint: internal error: {type(exc).__name__}: {escape(str(exc))} (run with --debug for details)",
            err=True,
        )
        return EXIT_ERROR
