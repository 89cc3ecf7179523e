"""Scan one repository (in a worker process): its JSON (and SARIF) report and the record the summary reads.

The scan is ``gemlint scan .`` run from the repository's folder, as on an untrusted pull request: the cache is
off (nothing is read from or written into the checkout), the repository's ``[tool.gemlint]`` table is read for
excludes and rules but never for an inventory or baseline (every repository is checked against the sweep's
inventory, so that "same inventory" means something), and nothing in it runs. The pipeline is
``gemlint.api.scan`` itself, which also hands back the model references the summary counts (``refs_out``).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Any, Dict, List, Optional, Tuple

from gemlint import __version__
from gemlint.api import Scanner
from gemlint.config import Config, ConfigError, find_config, load_config
from gemlint.inventory import Inventory, load_inventory
from gemlint.inventory.lifecycle import load_lifecycle
from gemlint.sweep import RECORD_SCHEMA
from gemlint.sweep.owners import load_codeowners
from gemlint.types import VERTEX, Finding, ModelRef, RunResult, normalize

_INVENTORIES: Dict[Optional[str], Inventory] = {}


def _inventory(path: Optional[str]) -> Inventory:
    if path not in _INVENTORIES:
        _INVENTORIES[path] = load_inventory(path)
    return _INVENTORIES[path]


def repository_config(folder: str) -> Tuple[Config, Optional[str]]:
    """The repository's own configuration (only a ``pyproject.toml`` inside it), minus inventory and baseline.

    A configuration that cannot be read gives the defaults and a note saying why.
    """
    note = None
    config = Config(root=folder)
    found = find_config(folder)
    if found and os.path.abspath(found).startswith(folder.rstrip(os.sep) + os.sep):
        try:
            config = load_config(found)
        except ConfigError as exc:
            note = f"configuration ignored: {exc}"
    return config._replace(inventory=None, vertex_inventory=None, baseline=None), note


def scan_folder(folder: str, scanner: Scanner) -> Tuple[RunResult, List[ModelRef]]:
    """The findings and file errors of ``gemlint scan .`` in ``folder`` (the working folder), and every model
    reference after cross-file linking and backend overrides."""
    from gemlint.api import scan

    refs: List[ModelRef] = []
    return scan(["."], scanner, refs_out=refs), refs


def make_repo_scanner(config: Config, job: Dict[str, Any]) -> Scanner:
    """A scanner with the sweep's inventories and date, and the repository's extra models."""
    inventory = _inventory(job.get("inventory")).with_extra(config.extra_models)
    vertex = None
    if job.get("vertex_inventory"):
        vertex = _inventory(job["vertex_inventory"]).with_extra(config.extra_models)
    today = _dt.date.fromisoformat(job["today"])
    return Scanner(config, inventory, load_lifecycle(), today, vertex)


def scan_repository(job: Dict[str, Any]) -> Dict[str, Any]:
    """Scan ``job["folder"]``, write its reports into ``job["out"]`` and return its record (never raises)."""
    try:
        return _scan(job)
    except Exception as exc:  # one repository must not stop the sweep
        return failure_record(job, "scan", f"internal error: {type(exc).__name__}: {exc}")


def failure_record(job: Dict[str, Any], stage: str, message: str) -> Dict[str, Any]:
    """The record of a source that could not be cloned or scanned."""
    from gemlint.sweep.sources import redact

    return {
        "schema": RECORD_SCHEMA,
        "source": job["source"],
        "slug": job["slug"],
        "commit": job.get("commit"),
        "status": "failed",
        "stage": stage,
        "error": redact(message),
    }


def _scan(job: Dict[str, Any]) -> Dict[str, Any]:
    folder = os.path.realpath(job["folder"])
    previous = os.getcwd()
    os.chdir(folder)
    try:
        config, note = repository_config(folder)
        if job.get("exclude"):  # the sweep's own output, when it lies inside a checkout swept in place
            config = config._replace(extend_exclude=config.extend_exclude + tuple(job["exclude"]))
        scanner = make_repo_scanner(config, job)
        result, refs = scan_folder(folder, scanner)
        owners = load_codeowners(folder)
        record = build_record(job, result, refs, scanner, owners, note)
        _write_reports(job, result, scanner)
    finally:
        os.chdir(previous)
    return record


def _write_reports(job: Dict[str, Any], result: RunResult, scanner: Scanner) -> None:
    from gemlint.report.context import ReportContext
    from gemlint.report.json_report import render

    out = job["out"]
    os.makedirs(out, exist_ok=True)
    ctx = ReportContext(tool_version=__version__, inventory_path=scanner.inventory.path)
    payload = json.loads(render(result, ctx))
    report = {"source": job["source"], "commit": job.get("commit"), **payload}
    _write(os.path.join(out, "report.json"), json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if job.get("sarif"):
        from gemlint.report.sarif import sarif_log

        log = sarif_log(result, ctx)
        for run in log.get("runs", []):  # the commit scanned, where SARIF keeps it
            run["versionControlProvenance"] = [
                {"repositoryUri": job["source"], **({"revisionId": job["commit"]} if job.get("commit") else {})}
            ]
        _write(os.path.join(out, "report.sarif"), json.dumps(log, indent=2, ensure_ascii=False) + "\n")


def _write(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def build_record(job, result: RunResult, refs: List[ModelRef], scanner: Scanner, owners, note) -> Dict[str, Any]:
    """What the summary needs of one repository: counts, owners, and each model used with its facts."""
    usage: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for ref in refs:
        model = ref.model
        if not model:
            continue
        entry = usage.setdefault((model, ref.backend), {"files": set(), "call_sites": set(), "mentions": 0})
        entry["files"].add(ref.location.path)
        if ref.site is not None:
            loc = ref.site.location
            entry["files"].add(loc.path)
            entry["call_sites"].add((loc.path, loc.cell or 0, loc.line, loc.column))
        else:
            entry["mentions"] += 1
    codes: Dict[Tuple[str, str], Dict[str, int]] = {}
    for f in result.findings:
        platform = VERTEX if _on_vertex(f, refs) else "gemini"
        per = codes.setdefault((normalize(f.model), platform), {})
        per[f.code] = per.get(f.code, 0) + 1
    models = []
    for (model, platform), entry in sorted(usage.items()):
        models.append(
            {
                "model": model,
                "platform": platform,
                "files": sorted(entry["files"]),
                "call_sites": len(entry["call_sites"]),
                "mentions": entry["mentions"],
                "codes": dict(sorted(codes.get((model, platform), {}).items())),
                "facts": model_facts(model, platform, scanner),
            }
        )
    affected = {f.location.path for f in result.findings} or {p for m in models for p in m["files"]}
    record = {
        "schema": RECORD_SCHEMA,
        "source": job["source"],
        "slug": job["slug"],
        "commit": job.get("commit"),
        "key": job["key"],
        "scanned_on": job["today"],  # findings depend on the date (a shutdown passes): see engine
        "status": "ok",
        "files_scanned": result.files_scanned,
        "errors": sum(1 for f in result.findings if f.severity == "error"),
        "warnings": sum(1 for f in result.findings if f.severity != "error"),
        "unreadable": sum(1 for e in result.errors if e.fatal),
        "codeowners": owners.path if owners else None,
        "owners": owners.owners_for(sorted(affected)) if owners else [],
        "models": models,
    }
    if note:
        record["note"] = note
    return record


def _on_vertex(finding: Finding, refs: List[ModelRef]) -> bool:
    for ref in refs:
        if ref.location == finding.location and ref.text == finding.model:
            return ref.backend == VERTEX
    return False


def model_facts(model: str, platform: str, scanner: Scanner) -> Dict[str, Any]:
    """Date-independent facts the summary turns into a status: listed, retired, shutdown, replacement."""
    if platform == VERTEX:
        inventory = scanner.vertex_inventory
        if inventory is not None:
            return {"listed": inventory.get(model) is not None or inventory.is_extra(model)}
        from gemlint.inventory.vertex import load_vertex_catalogue

        return {"listed": load_vertex_catalogue().get(model) is not None or scanner.inventory.is_extra(model)}
    entry = scanner.lifecycle.get(model)
    facts: Dict[str, Any] = {
        "listed": scanner.inventory.get(model) is not None or scanner.inventory.is_extra(model),
    }
    if entry is not None:
        if entry.shutdown:
            facts["shutdown"] = entry.shutdown.isoformat()
        if entry.replacement:
            facts["replacement"] = entry.replacement
        if entry.retired:
            facts["retired"] = True
        if entry.deprecated or entry.auto_routed:
            facts["deprecated"] = True
    return facts
