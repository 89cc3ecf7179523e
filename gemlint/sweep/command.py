"""``gemlint sweep SOURCES…`` and ``gemlint sweep merge SHARD_OUTPUTS…``.

Exit status: 0 when every source was scanned (findings do not fail a sweep: it reports), 1 when some source
could not be cloned or scanned (each is recorded, the others are done), 2 on a usage error.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import List, Optional, Tuple

import click

from gemlint.echo import echo
from gemlint.errors import EXIT_CLEAN, EXIT_FINDINGS, Failure

DATE = click.DateTime(formats=["%Y-%m-%d"])
DATE_HELP = dict(type=DATE, metavar="YYYY-MM-DD")


class SweepGroup(click.Group):
    """``sweep SOURCES…`` runs a sweep; ``sweep merge …`` joins shard outputs (a folder called merge: ``./merge``)."""

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        if not args or args[0] not in (*self.commands, "-h", "--help"):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter) -> None:
        self.commands["run"].format_help(ctx, formatter)


def _say(quiet: bool):
    return (lambda _m: None) if quiet else (lambda m: echo(f"gemlint: sweep: {m}", err=True))


@click.group(cls=SweepGroup, context_settings={"help_option_names": ["-h", "--help"]})
def sweep() -> None:
    """Scan many repositories and summarise which models they use and what breaks when."""


def _today(value: Optional[_dt.datetime]) -> _dt.date:
    from gemlint.options import today_from

    return today_from(value) or _dt.date.today()


@sweep.command("run", hidden=True)
@click.argument("sources", nargs=-1)
@click.option(
    "--from",
    "from_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Read sources from this file: one `URL-or-folder [ref]` per line (# comments). Repeatable.",
)
@click.option(
    "--out",
    "-o",
    default="gemlint-sweep",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Output folder: per-repository reports, records (for resuming) and the summary.",
)
@click.option("--work", type=click.Path(file_okay=False), help="Folder for clones (default: OUT/clones).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Scan processes (0: one per core).")
@click.option("--clone-jobs", type=click.IntRange(min=1), default=4, show_default=True, help="Concurrent git fetches.")
@click.option("--sarif", is_flag=True, help="Also write each repository's SARIF report.")
@click.option("--shard", help="Sweep only shard I of N (I/N): a fixed partition of the sources, for CI matrices.")
@click.option("--before", **DATE_HELP, help="Say what stops working by this date.")
@click.option(
    "--inventory",
    type=click.Path(dir_okay=False, exists=True),
    help="models.list JSON to check every repository against (default: the bundled snapshot).",
)
@click.option(
    "--vertex-inventory",
    type=click.Path(dir_okay=False, exists=True),
    help="Vertex AI model list (default: the bundled catalogue).",
)
@click.option(
    "--blob-limit",
    type=click.IntRange(min=0),
    default=20 * 1024 * 1024,
    show_default=True,
    help="Do not download files larger than this many bytes (git --filter=blob:limit; 0: no filter).",
)
@click.option("--keep-clones", is_flag=True, help="Keep the clones in the work folder after scanning.")
@click.option("--force", is_flag=True, help="Rescan every repository, even those unchanged since the last sweep.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@click.option("--today", type=DATE, hidden=True)
def run_command(sources: Tuple[str, ...], from_files: Tuple[str, ...], **opts) -> int:
    """Sweep SOURCES (folders and git URLs) and write one summary.

    Each source is a local checkout (scanned in place) or a git URL (fetched shallow into the work folder, with
    your own git credentials, never printed or stored). Every repository is scanned as an untrusted pull
    request: git hooks off, no submodules, no cache, nothing written into it. Unchanged repositories (same
    commit, gemlint and inventory) are not scanned again. `gemlint sweep merge OUT…` joins the outputs of
    `--shard` runs. Exit 0: all scanned; 1: some could not be cloned or scanned (recorded); 2: usage error.
    """
    from gemlint.sweep.engine import Sweep, SweepOptions, write_manifest
    from gemlint.sweep.render import write_summary
    from gemlint.sweep.sources import SourceError, gather, parse_shard, select_shard
    from gemlint.sweep.summary import summarise

    try:
        found = gather(sources, from_files)
        shard = parse_shard(opts["shard"]) if opts["shard"] else None
    except SourceError as exc:
        raise Failure(str(exc)) from None
    if not found:
        raise Failure("nothing to sweep: give folders or git URLs, or --from FILE")
    if shard is not None:
        found = select_shard(found, *shard)
    today = _today(opts["today"])
    options = SweepOptions(
        out=os.path.abspath(opts["out"]),
        work=opts["work"],
        jobs=opts["jobs"],
        clone_jobs=opts["clone_jobs"],
        sarif=opts["sarif"],
        inventory=opts["inventory"],
        vertex_inventory=opts["vertex_inventory"],
        today=today,
        blob_limit=opts["blob_limit"],
        keep_clones=opts["keep_clones"],
        force=opts["force"],
        shard=opts["shard"],
    )
    say = _say(opts["quiet"])
    if shard is not None:
        say(f"shard {shard[0]}/{shard[1]}: {len(found)} sources")
    engine = Sweep(found, options, say)
    records = engine.run()
    write_manifest(options, found, records)
    summary = summarise(records, today, opts["before"].date() if opts["before"] else None)
    written = write_summary(options.out, summary)
    failed = summary["totals"]["failed"]
    say(
        f"{len(records)} repositories: {engine.scanned} scanned, {engine.reused} unchanged, {failed} failed; "
        f"summary in {os.path.dirname(written[0])}/summary.html"
    )
    return EXIT_FINDINGS if failed else EXIT_CLEAN


@sweep.command("merge")
@click.argument("outputs", nargs=-1, required=True, type=click.Path(file_okay=False, exists=True))
@click.option(
    "--out",
    "-o",
    default="gemlint-sweep",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the merged summary.",
)
@click.option("--before", **DATE_HELP, help="Say what stops working by this date.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
@click.option("--today", type=DATE, hidden=True)
def merge_command(outputs: Tuple[str, ...], out: str, before, quiet: bool, today) -> int:
    """Join the output folders of `gemlint sweep --shard I/N` runs into one summary.

    The merged summary is exactly the one a single sweep of all the sources would write. Exit 1 when some
    source could not be cloned or scanned in its shard.
    """
    from gemlint.sweep.render import write_summary
    from gemlint.sweep.summary import MergeError, load_outputs, summarise

    try:
        records = load_outputs(outputs)
    except MergeError as exc:
        raise Failure(str(exc)) from None
    summary = summarise(records, _today(today), before.date() if before else None)
    written = write_summary(os.path.abspath(out), summary)
    _say(quiet)(f"merged {len(outputs)} outputs, {len(records)} repositories; summary in {os.path.dirname(written[0])}")
    return EXIT_FINDINGS if summary["totals"]["failed"] else EXIT_CLEAN
