"""The command line. No logic lives here: options → api → reporters → exit code.

Exit codes (computed once, in ``main``): 0 clean, 1 findings (or files that
could not be read or parsed), 2 usage, configuration or internal error.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import click

from gemlint import __version__
from gemlint.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Failure  # noqa: F401 (re-exported)


class LazyGroup(click.Group):
    """A group whose network commands are imported only when they run (scan stays light)."""

    LAZY = {
        "models": ("gemlint.cli_models", "models"),
        "preflight": ("gemlint.preflight_command", "preflight"),
        "server": ("gemlint.server.command", "server"),  # the language server (pygls loads only here)
        "sweep": ("gemlint.sweep.command", "sweep"),  # many repositories, one summary (docs/sweep.md)
    }

    def list_commands(self, ctx: click.Context) -> List[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.LAZY))

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            import importlib

            module, attr = self.LAZY[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="gemlint", message="%(prog)s, version %(version)s")
def cli() -> None:
    """gemlint: find Gemini model names that will fail at run time.

    Scans Python, notebooks, TypeScript/JavaScript and settings files for
    model names and checks them offline against a models.list inventory.
    """


def format_option(help_text: str):
    """``--format``, shared by scan and preflight (the formats are gemlint.report.FORMATS)."""
    from gemlint.report import FORMATS

    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help=help_text
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(
    "Output format: text (path:line:col: CODE message), json, sarif (code scanning), github "
    "(workflow annotations), gitlab (Code Quality) or junit."
)
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write the report to this file, not stdout.")
@click.option(
    "--inventory",
    type=click.Path(dir_okay=False),
    help="models.list JSON to check against (default: `inventory` in config, then .gemlint/models.json beside "
    "pyproject.toml, then the bundled snapshot).",
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read settings from this TOML file.")
@click.option("--select", help="Comma-separated rule codes or prefixes to enable (default: all, 'GL').")
@click.option("--ignore", help="Comma-separated rule codes or prefixes to disable.")
@click.option("--exclude", help="Comma-separated gitignore-style patterns replacing the configured excludes.")
@click.option("--extend-exclude", help="Comma-separated gitignore-style patterns added to the excludes.")
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the excludes to files named on the command line too (for pre-commit).",
)
@click.option(
    "--include-minified",
    is_flag=True,
    default=None,
    help="Also scan minified bundles (*.min.js, lines over 5000 characters), skipped by default.",
)
@click.option("--no-settings-files", is_flag=True, help="Do not read .env, YAML, JSON and TOML settings files.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means an error).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default=None,
    help="Lowest severity that makes the exit status 1 (default: `fail-on` in config, else error).",
)
@click.option("--statistics", is_flag=True, help="Print the count, code and name of each rule that fired instead.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the .gemlint_cache folder.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Cache folder (default: .gemlint_cache beside pyproject.toml).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds of CPU time one file may take to read and to check (0: no limit; default: `timeout` in "
    "config, else GEMLINT_FILE_TIMEOUT, else 5). A file over it is a notice; the scan goes on.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core).")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output (auto: only on a terminal, and never under NO_COLOR). On a terminal, and with "
    "always, each finding is followed by its source line and a caret.",
)
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not recorded in this file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings in this file.")
@click.option("--fix", is_flag=True, help="Rewrite names whose fix is safe (replacement suits every call site).")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the unified diff of --fix (implied) or --add-ignore instead of writing; exit 1 if it is not empty.",
)
@click.option("--add-ignore", is_flag=True, help="Append `gemlint: ignore[CODE]` comments to every remaining finding.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.option("--verbose", "-v", is_flag=True, help="Name every skipped file (by default: one line per kind).")
@click.option(
    "--quiet", "-q", is_flag=True, help="Print findings (and files that could not be read or parsed), nothing else."
)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), hidden=True, help="Pretend today is this date.")
def scan(paths: Tuple[str, ...], **opts) -> int:
    """Check model names in PATHS (default: the current folder) offline.

    Exit status: 0 no errors (warnings are printed), 1 errors (or warnings with
    --fail-on warning) or files that could not be read or parsed, 2 usage,
    configuration or internal error.
    """
    from gemlint.scan_command import run_scan

    return run_scan(paths, opts)


@cli.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Print every rule's documentation.")
def rule(code: Optional[str], show_all: bool) -> int:
    """Print the documentation of rule CODE (e.g. GL001 or unknown-model)."""
    from gemlint.rules import ALL_RULES, doc_page, get_rule

    if show_all:
        click.echo("\n".join(doc_page(r) for r in ALL_RULES))
        return EXIT_CLEAN
    if not code:
        for r in ALL_RULES:
            click.echo(f"{r.CODE}  {r.NAME:<22} {r.SUMMARY}")
        return EXIT_CLEAN
    found = get_rule(code)
    if found is None:
        raise Failure(f"unknown rule {code!r}; `gemlint rule` lists them")
    click.echo(doc_page(found))
    return EXIT_CLEAN


@cli.command()
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder to remove.")
def clean(cache_dir: Optional[str]) -> int:
    """Remove the .gemlint_cache folder of the current project."""
    from gemlint.cache import remove_cache

    removed = remove_cache(cache_dir)
    click.echo(f"removed {removed}" if removed else "no cache to remove")
    return EXIT_CLEAN


def run_click(args: List[str]) -> int:
    """Run ``args`` through the click group; click's own errors become its messages and exit code 2.

    Everything else (``Failure``, internal errors) is left to ``gemlint.entry.run``, the one place that
    turns them into a line and an exit code.
    """
    try:
        result = cli.main(args=args, prog_name="gemlint", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("gemlint: aborted", err=True)
        return EXIT_ERROR
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_CLEAN
