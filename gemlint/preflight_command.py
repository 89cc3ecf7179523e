"""``gemlint preflight``: scan offline, then prove each model works for this key.

One result per model (ok, unknown, unsupported-method, unavailable,
live-rejected, error) with every file:line that uses it. Text output is one
block per model; the other formats carry one finding per failing model, at
its first use, with the other uses as related locations. Exit codes as for
``scan``: 0 all ok, 1 a model failed, 2 usage, network or key failure.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Dict, List, Optional, Tuple

import click

from gemlint.cli import format_option
from gemlint.errors import EXIT_CLEAN, EXIT_FINDINGS, Failure
from gemlint.options import load_settings
from gemlint.types import VERTEX, Finding, Location, ModelRef, RunResult

# Preflight verdicts as findings (codes apart from the offline rules).
VERDICTS = {
    "unknown": ("GL101", "unknown-for-key"),
    "unsupported-method": ("GL102", "unsupported-method-for-key"),
    "unavailable": ("GL103", "unavailable-for-key"),
    "live-rejected": ("GL104", "live-rejected"),
    "error": ("GL105", "preflight-error"),
}
ROUTED = ("GL106", "answered-by-another-model")  # a warning: the call works, another model answers it


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--live", is_flag=True, help="Open a real Live session for every model used at a Live call site.")
@click.option("--probe", is_flag=True, help="Make a minimal generateContent call per model (costs a little quota).")
@format_option("Output format (as for scan).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read settings from this TOML file.")
@click.option("--base-url", help="API endpoint (default: GOOGLE_GEMINI_BASE_URL or Google's).")
@click.option("--api-version", default="v1beta", show_default=True, help="API version to check against.")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=30.0, show_default=True, help="Seconds per call.")
@click.option("--concurrency", type=click.IntRange(min=1, max=32), default=4, show_default=True,
              help="Models checked at once.")  # fmt: skip
def preflight(paths: Tuple[str, ...], **opts) -> int:
    """Check against the live API that every model the code in PATHS uses works for this key.

    Needs an API key (GOOGLE_API_KEY or GEMINI_API_KEY) and google-genai (pip install 'gemlint[api]').
    References judged on Vertex AI are skipped (a Vertex AI client or file, or a name only Vertex AI knows).
    """
    from gemlint.inventory.fetch import require_api

    require_api("gemlint preflight")
    from gemlint.api import collect_refs, make_scanner
    from gemlint.inventory import InventoryError
    from gemlint.preflight import PreflightFailure, check

    targets = list(paths) or ["."]
    missing = [p for p in targets if not os.path.lexists(p)]
    if missing:
        raise Failure(f"path does not exist: {missing[0]}")
    config = load_settings(opts["config_file"], targets)
    try:
        scanner = make_scanner(config)
    except InventoryError as exc:
        raise Failure(str(exc)) from None
    refs, errors = collect_refs(targets, scanner)
    for err in errors:
        click.echo(f"gemlint: {'error' if err.fatal else 'warning'}: {err.display()}", err=True)
    specs, places = needs_of(refs)
    if not specs:
        click.echo("no model references found; nothing to check", err=True)
        return EXIT_CLEAN
    progress = _progress_printer(len({s[0] for s in specs}))
    try:
        report = check(
            specs,
            base_url=opts["base_url"],
            live=opts["live"],
            probe=opts["probe"],
            timeout=opts["timeout"],
            concurrency=opts["concurrency"],
            api_version=opts["api_version"],
            on_result=progress,
        )
    except PreflightFailure as exc:
        raise Failure(f"preflight could not run: {exc}") from None
    text = render(report, places, opts["fmt"])
    if opts["output_file"]:
        from gemlint.safe_write import project_roots, reason, write_text

        try:
            write_text(opts["output_file"], text, project_roots(None, [*targets, "."]), special_ok=True)
        except OSError as exc:
            raise Failure(f"cannot write {opts['output_file']}: {reason(exc)}") from None
    else:  # the report escapes what it quotes; only --format github may print workflow commands
        from gemlint.echo import echo
        from gemlint.scan_command import JSON_FORMATS

        fmt = opts["fmt"]
        echo(text, nl=False, color=False, commands=fmt == "github", json_text=fmt in JSON_FORMATS)
    return EXIT_CLEAN if report.ok else EXIT_FINDINGS


def needs_of(refs: List[ModelRef]) -> Tuple[List[Tuple[str, Optional[str], str]], Dict[str, Location]]:
    """``(model, method, "path:line:col")`` for every Gemini API reference, and the locations by label.

    References judged on Vertex AI (``collect_refs`` places them as the rules do) are left out.
    """
    specs = []
    places: Dict[str, Location] = {}
    for ref in refs:
        if ref.backend == VERTEX:
            continue
        label = ref.location.display()
        places[label] = ref.location
        method = ref.site.method if ref.site is not None else None
        specs.append((ref.text, method, label))
    return specs, places


def _progress_printer(total: int):
    """A per-model progress line on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    lock = threading.Lock()
    done = [0]

    def show(result) -> None:
        with lock:
            done[0] += 1
            click.echo(f"[{done[0]}/{total}] {result.model}: {result.status}", err=True)

    return show


def render(report, places: Dict[str, Location], fmt: str) -> str:
    """The report in ``fmt``: text blocks, or findings for the machine formats."""
    if fmt == "text":
        return render_text(report)
    from gemlint import __version__
    from gemlint.report import get_renderer
    from gemlint.report.context import ReportContext

    findings = tuple(as_findings(report, places))
    return get_renderer(fmt)(RunResult(findings=findings), ReportContext(tool_version=__version__))


def render_text(report) -> str:
    from gemlint.safe_text import escape  # names and paths come from the scanned tree

    lines = []
    for r in report.results:
        lines.append(escape(f"{r.model}: {r.status}: {r.detail}"))
        for where in r.locations:
            lines.append(f"    used at {escape(where)}")
    failed = len(report.failures)
    total = len(report.results)
    lines.append(f"{total - failed} of {total} models ok" + (f", {failed} failed" if failed else ""))
    return "\n".join(lines) + "\n"


def as_findings(report, places: Dict[str, Location]):
    """One finding per failing model, and a warning per model another model answered, at its first use."""
    for r in report.results:
        if r.ok and not r.answered_by:
            continue
        code, name = ROUTED if r.ok else VERDICTS.get(r.status, VERDICTS["error"])
        locations = [places[label] for label in r.locations if label in places]
        if not locations:
            continue
        yield Finding(
            code=code,
            name=name,
            severity="warning" if r.ok else "error",
            message=f"{r.model} is answered by {r.answered_by} (auto-routed)" if r.ok else f"{r.model}: {r.detail}",
            model=r.model,
            location=locations[0],
            related=tuple(locations[1:]),
            method=r.needed[0] if r.needed else None,
        )
