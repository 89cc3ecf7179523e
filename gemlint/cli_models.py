"""``gemlint models``: refresh, list, show and diff model inventories.

Register with ``cli.add_command(models)``. Exit codes: 0 ok, 2 on error; an
error is one line on stderr (``gemlint: error: ...``), never a traceback, and
never the API key.
"""

from __future__ import annotations

import difflib
import json
import os
from typing import Iterable, List, Optional, Tuple

import click

from .inventory import Inventory, InventoryError, load_inventory, parse_inventory
from .inventory.fetch import DEFAULT_TIMEOUT, FetchError, fetch_models, resolve_api_key, scrub
from .inventory.store import (
    default_output_path,
    diff_inventories,
    find_project_inventory,
    render_diff,
    write_inventory_atomic,
)
from .types import normalize

EXIT_ERROR = 2


def fail(message: str) -> click.exceptions.Exit:
    """Print ``gemlint: error: <message>`` (one line) on stderr; return the exit-2 exception to raise."""
    click.echo(f"gemlint: error: {' '.join(message.split())}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def inventory_label(inv: Inventory) -> str:
    """Which file answered: the path, marked when it is the bundled snapshot."""
    where = f"bundled snapshot ({inv.path})" if inv.bundled else str(inv.path)
    return f"{where}, fetched {inv.fetched_at}" if inv.fetched_at else where


def load_for_reading(path: Optional[str], start_dir: Optional[str] = None) -> Inventory:
    """``path``, else the project's ``.gemlint/models.json``, else the bundled snapshot."""
    if path:
        return load_inventory(path)
    project = find_project_inventory(start_dir or os.getcwd())
    return load_inventory(project) if project else load_inventory()


def affected_references(old: Inventory, new: Inventory, refs: Iterable[Tuple[str, Optional[str], str]]) -> List[str]:
    """Lines for the project's references that a refresh broke.

    ``refs`` holds ``(model, method, location)`` tuples (``method`` may be
    None). A reference is affected when its model was listed in ``old`` and is
    gone from ``new``, or when it lost ``method``.
    """
    lines: List[str] = []
    for model, method, location in refs:
        before, after = old.get(model), new.get(model)
        if before is None:
            continue  # already unknown before this refresh: not this refresh's doing
        if after is None:
            lines.append(f"{location}: {normalize(model)} is no longer listed")
        elif method and before.supports(method) and not after.supports(method):
            lines.append(f"{location}: {normalize(model)} no longer supports {method}")
    return lines


@click.group(name="models")
def models() -> None:
    """Refresh, list, show and compare model inventories."""


@models.command()
@click.option("--output", "output", type=click.Path(dir_okay=False), help="Inventory file to write.")
@click.option("--api-version", default="v1beta", show_default=True, help="API version to list.")
@click.option("--base-url", help="API endpoint (default: GOOGLE_GEMINI_BASE_URL or Google's).")
@click.option("--vertex", is_flag=True, help="List Vertex AI publisher models instead.")
@click.option("--project", help="Google Cloud project (Vertex AI).")
@click.option("--location", help="Google Cloud location (Vertex AI).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds per request.",
)
def refresh(
    output: Optional[str],
    api_version: str,
    base_url: Optional[str],
    vertex: bool,
    project: Optional[str],
    location: Optional[str],
    timeout: float,
) -> None:
    """List every model this key can use and write the inventory atomically."""
    path = output or default_output_path(os.getcwd())
    secret = resolve_api_key()
    try:
        previous = _previous_inventory(path)
        data = fetch_models(None, base_url, api_version, vertex, project, location, timeout)
    except (FetchError, InventoryError) as exc:
        raise fail(scrub(str(exc), secret)) from None
    except Exception as exc:  # a bug must still not print a traceback (or the key)
        raise fail(scrub(f"internal error: {type(exc).__name__}: {exc}", secret)) from None
    if not data["models"]:
        raise fail(f"models.list returned no models; {path} left unchanged")
    raw = (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    new = parse_inventory(raw, path)
    try:
        write_inventory_atomic(path, data)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}; previous inventory left unchanged") from None
    click.echo(f"wrote {len(new.models)} models to {path} ({data['source']}, {data['api_version']})")
    if previous is not None:
        click.echo(f"changes against {inventory_label(previous)}:")
        for line in render_diff(diff_inventories(previous, new)):
            click.echo(f"  {line}")
        affected = affected_references(previous, new, _project_references(path))
        if affected:
            click.echo(f"{len(affected)} reference{'s' if len(affected) != 1 else ''} in this project affected:")
            for line in affected:
                click.echo(f"  {line}")


def _project_references(inventory_path: str) -> List[Tuple[str, Optional[str], str]]:
    """``(model, method, path:line)`` for every reference in the project that owns the inventory."""
    from .api import collect_refs, make_scanner
    from .config import ConfigError, find_config, load_config

    try:
        config_path = find_config(os.path.dirname(os.path.abspath(inventory_path)))
        config = load_config(config_path, cwd=os.getcwd())
        root = os.path.dirname(config_path) if config_path else os.getcwd()
        scanner = make_scanner(config, inventory_path)
        refs, _ = collect_refs([os.path.relpath(root)], scanner)
    except (ConfigError, InventoryError, OSError):
        return []  # the refresh itself succeeded; the impact report is best effort
    return [(r.text, r.site.method if r.site else None, r.location.display()) for r in refs]


def _previous_inventory(path: str) -> Optional[Inventory]:
    """The inventory at ``path`` (refreshes compare against it), else the bundled one; None if unreadable."""
    if not os.path.exists(path):
        return load_inventory()
    try:
        return load_inventory(path)
    except InventoryError:
        return None  # a broken previous file is replaced, not compared


@models.command(name="list")
@click.option("--method", help="Only models listing this method (e.g. bidiGenerateContent).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--inventory", "inventory_path", type=click.Path(dir_okay=False), help="Inventory file to read.")
def list_models(method: Optional[str], fmt: str, inventory_path: Optional[str]) -> None:
    """List the models of the inventory in use."""
    inv = _load_or_fail(inventory_path)
    infos = [inv.models[name] for name in inv.names() if inv.models[name].supports(method)]
    if fmt == "json":
        rows = [
            {
                "name": i.name,
                "methods": list(i.methods),
                "displayName": i.display_name,
                "inputTokenLimit": i.input_token_limit,
                "outputTokenLimit": i.output_token_limit,
            }
            for i in infos
        ]
        click.echo(json.dumps({"inventory": inv.path, "bundled": inv.bundled, "models": rows}, indent=1))
        return
    width = max((len(i.name) for i in infos), default=0)
    for info in infos:
        click.echo(f"{info.name:<{width}}  {', '.join(info.methods)}")


@models.command()
@click.argument("name")
@click.option("--inventory", "inventory_path", type=click.Path(dir_okay=False), help="Inventory file to read.")
def show(name: str, inventory_path: Optional[str]) -> None:
    """Methods, token limits and lifecycle of one model."""
    from .inventory.lifecycle import load_lifecycle

    inv = _load_or_fail(inventory_path)
    info = inv.get(name)
    entry = load_lifecycle().get(name)
    if info is None and entry is None:
        close = difflib.get_close_matches(normalize(name), inv.names(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise fail(f"unknown model {normalize(name)}: not in {inventory_label(inv)} nor in the lifecycle data{hint}")
    click.echo(normalize(name))
    if info is None:
        click.echo("  listed: no")
    else:
        if info.display_name:
            click.echo(f"  display name: {info.display_name}")
        click.echo(f"  methods: {', '.join(info.methods) or '(none)'}")
        click.echo(f"  input token limit: {_or_unknown(info.input_token_limit)}")
        click.echo(f"  output token limit: {_or_unknown(info.output_token_limit)}")
    for line in _lifecycle_lines(entry):
        click.echo(f"  {line}")
    click.echo(f"  inventory: {inventory_label(inv)}")


def _lifecycle_lines(entry) -> List[str]:
    if entry is None:
        return ["lifecycle: nothing announced"]
    lines = []
    if entry.shutdown:
        lines.append(f"shutdown: {entry.shutdown.isoformat()}")
    if entry.replacement:
        lines.append(f"replacement: {entry.replacement}")
    if entry.retired:
        lines.append("retired: yes")
    if entry.deprecated:
        lines.append("deprecated: yes")
    if entry.auto_routed:
        lines.append("auto-routed: yes")
    if entry.last_listed:
        lines.append(f"last listed: {entry.last_listed}")
    if entry.note:
        lines.append(f"note: {entry.note}")
    return lines or ["lifecycle: nothing announced"]


def _or_unknown(value: Optional[int]) -> str:
    return str(value) if value is not None else "unknown"


@models.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
def diff(old: str, new: str) -> None:
    """What changed from inventory OLD to inventory NEW."""
    before, after = _load_or_fail(old), _load_or_fail(new)
    for line in render_diff(diff_inventories(before, after)):
        click.echo(line)


def _load_or_fail(path: Optional[str]) -> Inventory:
    try:
        return load_for_reading(path)
    except InventoryError as exc:
        raise fail(str(exc)) from None
