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

from gemlint.echo import echo
from gemlint.inventory import Inventory, InventoryError, load_inventory, parse_inventory
from gemlint.inventory.fetch import DEFAULT_TIMEOUT, FetchError, fetch_models, resolve_api_key, scrub
from gemlint.inventory.store import (
    VERTEX_INVENTORY_FILE,
    default_output_path,
    diff_inventories,
    find_project_inventory,
    render_diff,
    write_inventory_atomic,
)
from gemlint.safe_text import escape, guard_lines
from gemlint.types import GEMINI, VERTEX, normalize

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
    """List every model this key can use and write the inventory atomically.

    With ``--vertex`` the listing is the project's Vertex AI inventory
    (``.gemlint/vertex-models.json`` by default), which overrides the bundled
    Vertex AI catalogue for Vertex AI call sites.
    """
    from gemlint.inventory.fetch import require_api

    require_api("gemlint models refresh")
    path = output or (
        default_output_path(os.getcwd(), VERTEX_INVENTORY_FILE) if vertex else default_output_path(os.getcwd())
    )
    secret = resolve_api_key()
    try:
        previous = _previous_inventory(path, vertex)
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
    click.echo(escape(f"wrote {len(new.models)} models to {path} ({data['source']}, {data['api_version']})"))
    if previous is not None:  # names come from the server, paths from the project: shown escaped
        click.echo(escape(f"changes against {inventory_label(previous)}:"))
        for line in render_diff(diff_inventories(previous, new)):
            click.echo(f"  {escape(line)}")
        affected = affected_references(previous, new, _project_references(path, vertex))
        if affected:
            click.echo(f"{len(affected)} reference{'s' if len(affected) != 1 else ''} in this project affected:")
            for line in affected:
                click.echo(f"  {escape(line)}")


def _project_references(inventory_path: str, vertex: bool = False) -> List[Tuple[str, Optional[str], str]]:
    """``(model, method, path:line)`` for every reference in the project that owns the inventory.

    For a Vertex AI inventory, only the references made on Vertex AI call sites.
    """
    from gemlint.api import collect_refs, make_scanner
    from gemlint.config import ConfigError, find_config, load_config

    try:
        config_path = find_config(os.path.dirname(os.path.abspath(inventory_path)))
        config = load_config(config_path, cwd=os.getcwd())
        root = os.path.dirname(config_path) if config_path else os.getcwd()
        scanner = make_scanner(config, None if vertex else inventory_path)
        refs, _ = collect_refs([os.path.relpath(root)], scanner)
    except (ConfigError, InventoryError, OSError):
        return []  # the refresh itself succeeded; the impact report is best effort
    if vertex:
        refs = [r for r in refs if r.site is not None and r.site.backend == VERTEX]
    return [(r.text, r.site.method if r.site else None, r.location.display()) for r in refs]


def _previous_inventory(path: str, vertex: bool = False) -> Optional[Inventory]:
    """The inventory at ``path`` (refreshes compare against it), else the bundled one; None if unreadable."""
    if not os.path.exists(path):
        if vertex:
            from gemlint.inventory.vertex import load_vertex_catalogue

            return load_vertex_catalogue().as_inventory()
        return load_inventory()
    try:
        return load_inventory(path)
    except InventoryError:
        return None  # a broken previous file is replaced, not compared


PLATFORM_OPTION = click.option(
    "--platform",
    type=click.Choice(["gemini", "vertex"]),
    default="gemini",
    show_default=True,
    help="Gemini API inventory, or the Vertex AI catalogue (a project's Vertex AI inventory when refreshed).",
)


@models.command(name="list")
@click.option("--method", help="Only models listing this method (e.g. bidiGenerateContent).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--inventory", "inventory_path", type=click.Path(dir_okay=False), help="Inventory file to read.")
@PLATFORM_OPTION
def list_models(method: Optional[str], fmt: str, inventory_path: Optional[str], platform: str) -> None:
    """List the models of the inventory in use."""
    if platform == "vertex" and _vertex_inventory_path(inventory_path) is None:
        _list_catalogue(method, fmt)
        return
    inv = _load_or_fail(_vertex_inventory_path(inventory_path) if platform == "vertex" else inventory_path)
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
        echo(json.dumps({"inventory": inv.path, "bundled": inv.bundled, "models": rows}, indent=1), json_text=True)
        return
    width = max((len(i.name) for i in infos), default=0)
    for info in infos:
        click.echo(guard_lines(escape(f"{info.name:<{width}}  {', '.join(info.methods)}")))  # a committed file's


@models.command()
@click.argument("name")
@click.option("--inventory", "inventory_path", type=click.Path(dir_okay=False), help="Inventory file to read.")
@PLATFORM_OPTION
def show(name: str, inventory_path: Optional[str], platform: str) -> None:
    """Methods, token limits and lifecycle of one model (where each fact comes from)."""
    from gemlint.inventory.lifecycle import load_lifecycle

    if platform == "vertex":
        if _vertex_inventory_path(inventory_path) is None:
            _show_catalogue(name)
            return
        inventory_path = _vertex_inventory_path(inventory_path)
    inv = _load_or_fail(inventory_path)
    info = inv.get(name)
    entry = load_lifecycle().get(name)
    if info is None and entry is None:
        close = difflib.get_close_matches(normalize(name), inv.names(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        if _in_vertex_catalogue(name):
            hint = "; it is in the Vertex AI catalogue: gemlint models show NAME --platform vertex"
        raise fail(f"unknown model {normalize(name)}: not in {inventory_label(inv)} nor in the lifecycle data{hint}")
    click.echo(normalize(name))
    if info is None and entry is not None and entry.announced:
        click.echo("  listed: no (announced after the listing: exists, methods unknown until a listing shows them)")
    elif info is None:
        click.echo("  listed: no")
    else:
        if info.display_name:
            click.echo(guard_lines(f"  display name: {escape(str(info.display_name))}"))
        click.echo(guard_lines(f"  methods: {escape(', '.join(info.methods)) or '(none)'}"))
        click.echo(f"  input token limit: {_or_unknown(info.input_token_limit)}")
        click.echo(f"  output token limit: {_or_unknown(info.output_token_limit)}")
    for line in _lifecycle_lines(entry):
        click.echo(f"  {line}")
    if platform != "vertex":
        for line in _replacement_per_call(name, info, entry, inv):
            click.echo(f"  {line}")
    _echo_modalities(name, VERTEX if platform == "vertex" else GEMINI)
    click.echo(f"  inventory: {inventory_label(inv)}")


def _replacement_per_call(name: str, info, entry, inv) -> List[str]:
    """``move to, per call: generateContent -> X; bidiGenerateContent -> Y``: what the findings at a call of each
    kind name (GL002, GL004, GL005 and --fix tell the same story, of the call site's class)."""
    if entry is None or not (entry.replacement or entry.shutdown or entry.deprecated or entry.retired):
        return []
    import datetime as _dt

    from gemlint.inventory.lifecycle import load_lifecycle
    from gemlint.options import today_from
    from gemlint.resolve import Context, follow_replacements, right_class

    ctx = Context(inv, load_lifecycle(), today_from(None) or _dt.date.today())
    methods = [
        m for m in ("generateContent", "bidiGenerateContent", "embedContent") if info is None or m in info.methods
    ]
    if "generateContent" not in methods:
        methods.insert(0, "generateContent")
    parts = []
    for method in methods:
        name_for, _ = follow_replacements(entry, (method,), ctx)
        if name_for is None:
            better = right_class(method, ctx, near=normalize(name))
            name_for = better[0] if better else None
        if name_for:
            parts.append(f"{method} -> {name_for}")
    return [f"move to, per call: {'; '.join(parts)}"] if parts else []


def _echo_modalities(name: str, platform: str) -> None:
    """``output modalities: image, text (grade B; source)``, or that the table has no verdict."""
    from gemlint.inventory.modalities import load_modalities

    row = load_modalities().get(name, platform)
    described = row.describe() if row is not None else "unknown (no verdict in the modalities table)"
    click.echo(f"  output modalities: {described}")


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
    if entry.announced:
        lines.append(f"announced: first evidence {entry.first_evidence or 'undated'}")
    if entry.note:
        lines.append(f"note: {entry.note}")
    if entry.source:
        lines.append(f"source: {entry.source}")
    if entry.grade:
        lines.append(f"grade: {entry.grade} (A Google SDK artifact, B data package citing Google, C third party)")
    if entry.evidence_date:
        lines.append(f"evidence date: {entry.evidence_date}")
    return lines or ["lifecycle: nothing announced"]


def _in_vertex_catalogue(name: str) -> bool:
    from gemlint.inventory.vertex import load_vertex_catalogue

    return load_vertex_catalogue().get(name) is not None


def _vertex_inventory_path(path: Optional[str]) -> Optional[str]:
    """``--inventory``, else the project's ``.gemlint/vertex-models.json``; None means the bundled catalogue."""
    return path or find_project_inventory(os.getcwd(), VERTEX_INVENTORY_FILE)


def _list_catalogue(method: Optional[str], fmt: str) -> None:
    from gemlint.inventory.vertex import load_vertex_catalogue

    cat = load_vertex_catalogue()
    rows = [cat.models[n] for n in cat.names() if method is None or cat.models[n].supports(method)]
    if fmt == "json":
        out = [
            {
                "id": r.id,
                "kind": r.kind,
                "methods": list(r.methods),
                "status": r.status,
                "retirement": r.retirement.isoformat() if r.retirement else None,
                "retirement_bound": r.retirement_bound,
                "replacement": r.replacement,
                "aliases": list(r.aliases),
                "inferred_fields": list(r.inferred_fields),
            }
            for r in rows
        ]
        text = json.dumps({"catalogue": cat.path, "as_of": cat.as_of, "bundled": True, "models": out}, indent=1)
        echo(text, json_text=True)
        return
    width = max((len(r.id) for r in rows), default=0)
    for r in rows:
        click.echo(f"{r.id:<{width}}  {r.kind:<8}  {r.status:<10}  {', '.join(r.methods) or '-'}{_retirement(r, ' ')}")


def _retirement(row, lead: str = "") -> str:
    """``retires 2027-03-31 (scheduled)`` / ``available until at least 2027-05-19`` / ``""``."""
    if row.retirement is None:
        return ""
    when = row.retirement.isoformat()
    if row.retirement_bound == "not_before":
        return f"{lead}available until at least {when}"
    return f"{lead}retires {when} ({row.retirement_bound or 'bound not given'})"


def _show_catalogue(name: str) -> None:
    from gemlint.inventory.vertex import load_vertex_catalogue

    cat = load_vertex_catalogue()
    row = cat.get(name)
    label = f"bundled Vertex AI catalogue ({cat.path}), as of {cat.as_of}"
    if row is None:
        close = difflib.get_close_matches(normalize(name), cat.names(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        family = "; the catalogue knows its family, so a scan reports nothing" if cat.knows_family(name) else ""
        raise fail(f"unknown model {normalize(name)}: not in the {label}{family}{hint}")

    def mark(field: str) -> str:
        return " (inferred)" if row.inferred(field) else ""

    click.echo(row.id if row.id == normalize(name) else f"{row.id} (alias {normalize(name)})")
    click.echo("  platform: Vertex AI")
    click.echo(f"  kind: {row.kind_name()} ({row.kind})")
    click.echo(f"  methods: {', '.join(row.methods) or '(none callable through google-genai)'}")
    click.echo(f"  status: {row.status}{mark('status')}")
    click.echo(f"  release: {row.release or 'unknown'}{mark('release')}")
    if row.retirement is not None:
        if row.retirement_bound == "not_before":
            meaning = "a floor, not a shutdown: available until at least then"
        elif row.retirement_bound == "observed":
            meaning = "shutdown, observed"
        else:
            meaning = "shutdown, scheduled"
        click.echo(f"  retirement: {row.retirement.isoformat()} ({meaning}){mark('retirement')}")
    if row.restriction_since is not None:
        scope = f": {row.restriction_scope}" if row.restriction_scope else ""
        click.echo(f"  restriction: since {row.restriction_since.isoformat()}{mark('restriction')}{scope}")
    if row.replacement:
        click.echo(f"  replacement: {row.replacement}")
    _echo_modalities(row.id, VERTEX)
    if row.aliases:
        click.echo(f"  aliases: {', '.join(row.aliases)}{mark('aliases')}")
    if row.inferred_fields:
        click.echo(f"  inferred (deduced, not read from a source; lower weight): {', '.join(row.inferred_fields)}")
    if row.note:
        click.echo(f"  note: {row.note}")
    for index in row.sources:
        source = cat.source(index)
        if source is not None:
            click.echo(f"  source [{index}]: {source.get('url')} ({source.get('date')})")
    click.echo(f"  catalogue: {label}")


def _or_unknown(value: Optional[int]) -> str:
    return str(value) if value is not None else "unknown"


@models.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
def diff(old: str, new: str) -> None:
    """What changed from inventory OLD to inventory NEW."""
    before, after = _load_or_fail(old), _load_or_fail(new)
    for line in render_diff(diff_inventories(before, after)):
        click.echo(escape(line))


def _load_or_fail(path: Optional[str]) -> Inventory:
    try:
        return load_for_reading(path)
    except InventoryError as exc:
        raise fail(str(exc)) from None
