"""Records -> one summary: by model, by repository, the shutdown timeline and what stops working by a date.

``summarise`` is a pure function of the *set* of records (their order does not matter), so a sweep run as
shards and joined by ``merge`` gives exactly the summary of the same sweep run at once.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Any, Dict, Iterable, List, Optional, Tuple

from gemlint.sweep import RECORD_SCHEMA

STATUS_ORDER = ("retired", "shutdown scheduled", "deprecated", "unknown", "active")


class MergeError(Exception):
    """A shard output folder that cannot be merged; the message names it."""


def model_status(facts: Dict[str, Any], platform: str, today: _dt.date) -> str:
    """``retired``, ``shutdown scheduled``, ``deprecated``, ``unknown`` or ``active`` on ``today``."""
    if platform == "gemini":
        shutdown = _date(facts.get("shutdown"))
        if facts.get("retired") or (shutdown is not None and shutdown <= today):
            return "retired"
        if shutdown is not None:
            return "shutdown scheduled"
        if facts.get("deprecated"):
            return "deprecated"
    return "active" if facts.get("listed") else "unknown"


def _date(text: Optional[str]) -> Optional[_dt.date]:
    try:
        return _dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def summarise(records: Iterable[Dict[str, Any]], today: _dt.date, before: Optional[_dt.date] = None) -> Dict[str, Any]:
    """The summary of ``records`` (one per repository) as plain JSON data, in a stable order."""
    records = sorted(records, key=lambda r: r["source"])
    ok = [r for r in records if r.get("status") == "ok"]
    models: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for rec in ok:
        for use in rec.get("models", ()):
            key = (use["model"], use["platform"])
            row = models.get(key)
            if row is None:
                facts = use.get("facts", {})
                row = models[key] = {
                    "model": use["model"],
                    "platform": use["platform"],
                    "status": model_status(facts, use["platform"], today),
                    "shutdown": facts.get("shutdown") if use["platform"] == "gemini" else None,
                    "replacement": facts.get("replacement") if use["platform"] == "gemini" else None,
                    "repositories": [],
                    "files": 0,
                    "call_sites": 0,
                    "mentions": 0,
                    "findings": {},
                }
            row["repositories"].append(rec["source"])
            row["files"] += len(use.get("files", ()))
            row["call_sites"] += use.get("call_sites", 0)
            row["mentions"] += use.get("mentions", 0)
            for code, count in use.get("codes", {}).items():
                row["findings"][code] = row["findings"].get(code, 0) + count
    model_rows = sorted(models.values(), key=_model_order)
    for row in model_rows:
        row["findings"] = dict(sorted(row["findings"].items()))
    breaking = {(m["model"], m["platform"]) for m in model_rows if _breaks(m, before)}
    repo_rows = [_repo_row(rec, today, breaking) for rec in records]
    summary: Dict[str, Any] = {
        "schema": RECORD_SCHEMA,
        "today": today.isoformat(),
        "before": before.isoformat() if before else None,
        "totals": {
            "repositories": len(records),
            "scanned": len(ok),
            "failed": len(records) - len(ok),
            "files_scanned": sum(r.get("files_scanned", 0) for r in ok),
            "errors": sum(r.get("errors", 0) for r in ok),
            "warnings": sum(r.get("warnings", 0) for r in ok),
            "models": len(model_rows),
            "call_sites": sum(m["call_sites"] for m in model_rows),
        },
        "models": model_rows,
        "repositories": repo_rows,
        "timeline": _timeline(model_rows, today),
        "failures": [
            {"source": r["source"], "stage": r.get("stage"), "error": r.get("error")} for r in records if r not in ok
        ],
    }
    if before is not None:
        stopping = [m for m in model_rows if (m["model"], m["platform"]) in breaking]
        summary["breaking"] = {
            "date": before.isoformat(),
            "models": [
                {k: m[k] for k in ("model", "status", "shutdown", "replacement", "repositories", "call_sites")}
                for m in stopping
            ],
            "repositories": [
                {k: r[k] for k in ("source", "owners", "breaking")} for r in repo_rows if r.get("breaking")
            ],
        }
    return summary


def _model_order(row: Dict[str, Any]):
    shutdown = row["shutdown"] or "9999-12-31"
    return (STATUS_ORDER.index(row["status"]), shutdown, row["model"], row["platform"])


def _breaks(row: Dict[str, Any], before: Optional[_dt.date]) -> bool:
    """True when the model stops working on the Gemini API by ``before`` (or already has)."""
    if before is None or row["platform"] != "gemini":
        return False
    if row["status"] == "retired":
        return True
    shutdown = _date(row["shutdown"])
    return shutdown is not None and shutdown <= before


def _repo_row(rec: Dict[str, Any], today: _dt.date, breaking) -> Dict[str, Any]:
    row: Dict[str, Any] = {"source": rec["source"], "commit": rec.get("commit"), "status": rec.get("status")}
    if rec.get("status") != "ok":
        row.update(stage=rec.get("stage"), error=rec.get("error"), owners=[], models=[], breaking=[])
        return row
    uses = rec.get("models", ())
    row.update(
        files_scanned=rec.get("files_scanned", 0),
        errors=rec.get("errors", 0),
        warnings=rec.get("warnings", 0),
        owners=list(rec.get("owners", ())),
        models=sorted({u["model"] for u in uses}),
        call_sites=sum(u.get("call_sites", 0) for u in uses),
        breaking=sorted({u["model"] for u in uses if (u["model"], u["platform"]) in breaking}),
    )
    return row


def _timeline(model_rows: List[Dict[str, Any]], today: _dt.date) -> List[Dict[str, Any]]:
    """Upcoming Gemini API shutdowns (today or later), by date, with the repositories still using each model."""
    dates: Dict[str, List[Dict[str, Any]]] = {}
    for row in model_rows:
        shutdown = _date(row["shutdown"])
        if row["platform"] == "gemini" and shutdown is not None and shutdown >= today:
            dates.setdefault(row["shutdown"], []).append(
                {
                    "model": row["model"],
                    "replacement": row["replacement"],
                    "repositories": row["repositories"],
                    "call_sites": row["call_sites"],
                }
            )
    return [{"date": d, "models": sorted(ms, key=lambda m: m["model"])} for d, ms in sorted(dates.items())]


def load_outputs(folders: Iterable[str]) -> List[Dict[str, Any]]:
    """The records of one or more sweep output folders (each with its ``sweep.json``), one per source."""
    by_source: Dict[str, Dict[str, Any]] = {}
    for folder in folders:
        manifest_path = os.path.join(folder, "sweep.json")
        try:
            with open(manifest_path, encoding="utf-8") as fh:
                manifest = json.load(fh)
            slugs = list(manifest["repos"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise MergeError(f"{manifest_path}: not a sweep output ({reason})") from None
        for slug in slugs:
            path = os.path.join(folder, "repos", slug, "record.json")
            try:
                with open(path, encoding="utf-8") as fh:
                    rec = json.load(fh)
            except (OSError, ValueError):
                raise MergeError(
                    f"{path}: missing or unreadable record (was the shard's output copied whole?)"
                ) from None
            seen = by_source.get(rec["source"])
            if seen is None or (seen.get("status") != "ok" and rec.get("status") == "ok"):
                by_source[rec["source"]] = rec
    return [by_source[s] for s in sorted(by_source)]
