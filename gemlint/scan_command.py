"""``gemlint scan``: wire options to the pipeline, print, and return the exit code."""

from __future__ import annotations

import os
import sys
from typing import Dict, Sequence

from gemlint.api import make_scanner, scan
from gemlint.echo import echo, is_terminal
from gemlint.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Failure
from gemlint.inventory import InventoryError
from gemlint.options import color_wanted, load_settings, path_patterns, rule_codes, today_from
from gemlint.outcome import Outcome, decide, stale_footer, summary
from gemlint.safe_text import escape
from gemlint.types import RunResult


def run_scan(paths: Sequence[str], opts: Dict) -> int:
    """Run one scan from CLI options (no paths: the current folder); returns the exit code."""
    import gc

    # A scan allocates millions of short-lived objects and few cycles: at the default threshold (700) the cyclic
    # collector runs thousands of times over a growing heap, about 5% of a scan's time and superlinear in one
    # large file (a 6,400-rebinding module cost twice its work). Collections ~30x rarer (100x cost 15 MB more peak
    # memory on the Vertex AI samples: 70 against 55 MB); restored after.
    threshold = gc.get_threshold()
    gc.set_threshold(20_000, 50, 100)
    try:
        return _run_scan(paths, opts)
    finally:
        gc.set_threshold(*threshold)


def _run_scan(paths: Sequence[str], opts: Dict) -> int:
    paths = list(paths) or ["."]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise Failure(f"path does not exist: {missing[0]}")
    config = load_settings(opts.get("config_file"), paths)
    config = config.with_overrides(
        select=rule_codes(opts.get("select")),
        # As in ruff, a --select on the command line starts a fresh selection.
        ignore=rule_codes(opts.get("ignore")) or (() if opts.get("select") else None),
        exclude=path_patterns(opts.get("exclude")),
        extend_exclude=path_patterns(opts.get("extend_exclude")),
        include_minified=opts.get("include_minified"),
        settings_files=False if opts.get("no_settings_files") else None,
        baseline=opts.get("baseline"),
        fail_on=opts.get("fail_on"),
        timeout=opts.get("timeout"),
    )
    try:
        scanner = make_scanner(config, opts.get("inventory"), today_from(opts.get("today")))
    except InventoryError as exc:
        raise Failure(str(exc)) from None
    quiet = bool(opts.get("quiet"))
    runner = None
    if not opts.get("no_cache") or (opts.get("jobs") or 0) != 1:
        from gemlint.runner import make_runner

        runner = make_runner(
            config,
            scanner,
            use_cache=not opts.get("no_cache"),
            cache_dir=opts.get("cache_dir"),
            jobs=opts.get("jobs"),
            notify=lambda message: echo(f"gemlint: note: {escape(message)}", err=True),
        )
    result = scan(paths, scanner, force_exclude=bool(opts.get("force_exclude")), file_results=runner)
    result = _adopt(result, scanner, dict(opts, paths=paths))
    if not _annotated(opts) or opts.get("debug"):  # --format github on stdout: file errors and notes are annotations
        _print_file_errors(result, debug=bool(opts.get("debug")), verbose=bool(opts.get("verbose")), quiet=quiet)
    outcome = decide(result, config.fail_on, bool(opts.get("exit_zero")))
    if opts.get("show_diff"):  # --diff prints the diff (issue 9) instead of the report; 1 when it is not empty
        if outcome.status == EXIT_ERROR or opts.get("exit_zero"):
            return outcome.status
        return EXIT_FINDINGS if result.findings or outcome.failed_files else EXIT_CLEAN
    extra = dict(opts, paths=paths, config_root=config.root if config.path else None)
    _emit_report(result, extra, outcome, _footer(scanner, result))
    return outcome.status


def _footer(scanner, result: RunResult) -> str:
    """The inventory's age, once, when a GL001 could be a model newer than the inventory."""
    inv = scanner.inventory
    as_of = inv.as_of()
    if as_of is None:
        return ""
    gl001 = any(f.code == "GL001" and f.message.find("Vertex AI") < 0 for f in result.findings)
    return stale_footer(
        (scanner.today - as_of).days, as_of.isoformat(), scanner.config.max_inventory_age, inv.bundled, gl001
    )


def _annotated(opts: Dict) -> bool:
    """Whether the report is ``--format github`` on stdout, which carries file errors and notes itself."""
    return opts.get("fmt") == "github" and not opts.get("output_file") and not opts.get("statistics")


def _adopt(result: RunResult, scanner, opts: Dict) -> RunResult:
    """Baseline, fix and add-ignore (issue 9); a no-op when none is asked for."""
    if not (
        opts.get("baseline")
        or scanner.config.baseline
        or opts.get("write_baseline")
        or opts.get("fix")
        or opts.get("add_ignore")
        or opts.get("show_diff")
    ):
        return result
    from gemlint.adopt import adopt

    return adopt(result, scanner, opts)


def _print_file_errors(result: RunResult, debug: bool, verbose: bool = False, quiet: bool = False) -> None:
    """File errors a line each; notices (skipped files) a line per kind, each file with ``verbose``, none with
    ``quiet``; with ``debug`` the tracebacks of internal errors."""
    from gemlint.report.text import file_error_lines

    errors = [e for e in result.errors if e.fatal] if quiet else list(result.errors)
    if debug:  # every file, each internal error followed by its traceback
        for err in errors:
            echo(f"gemlint: {'error' if err.fatal else 'warning'}: {err.display()}", err=True)
            if err.traceback:
                echo(err.traceback, err=True)
    else:
        for line in file_error_lines(errors, verbose=verbose):
            echo(line, err=True)
    if not quiet:
        for note in result.notices:
            echo(f"gemlint: note: {escape(note)}", err=True)
    internal = [e for e in result.errors if e.internal]
    if internal and not debug:
        echo("gemlint: run with --debug to see the tracebacks of internal errors", err=True)


def _emit_report(result: RunResult, opts: Dict, outcome: Outcome, footer: str = "") -> None:
    from gemlint import __version__
    from gemlint.report import get_renderer
    from gemlint.report.context import ReportContext

    out_path = opts.get("output_file")
    stream = sys.stdout
    fmt = opts.get("fmt") or "text"
    color = color_wanted(opts.get("color") or "auto", stream) and not out_path
    # Source lines and carets go to a terminal (and wherever --color always sends colour): NO_COLOR and
    # --color never take the colour away, not the context.
    terminal = is_terminal(stream) and not out_path
    ctx = ReportContext(
        color=color, show_source=color or terminal, tool_version=__version__, verbose=bool(opts.get("verbose"))
    )
    if opts.get("statistics"):
        from gemlint.report.statistics import render as render_stats

        text = render_stats(result, ctx)
    else:
        text = get_renderer(fmt)(result, ctx)
        if fmt == "text" and not opts.get("quiet"):
            text += summary(outcome) + footer
    if out_path:
        from gemlint.safe_write import project_roots, reason, write_text

        roots = project_roots(opts.get("config_root"), [*opts.get("paths", ()), "."])  # "." : the working folder
        try:
            write_text(out_path, text, roots, special_ok=True)
        except OSError as exc:
            raise Failure(f"cannot write {out_path}: {reason(exc)}") from None
    else:
        report = not opts.get("statistics")
        echo(text, nl=False, color=color, commands=report and fmt == "github", json_text=report and fmt in JSON_FORMATS)


JSON_FORMATS = ("json", "sarif", "gitlab")
