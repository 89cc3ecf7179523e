"""``{"findings": [...], "errors": [...]}``; the fields are documented in the README."""

from __future__ import annotations

from typing import Any, Dict

from gemlint.report import indented_json
from gemlint.report.context import ReportContext
from gemlint.safe_text import json_safe
from gemlint.types import MAX_RELATED, Finding, Location, RunResult


def location_dict(loc: Location) -> Dict[str, Any]:
    data: Dict[str, Any] = {"path": loc.path, "line": loc.line, "column": loc.column}
    if loc.cell is not None:
        data["cell"] = loc.cell
    return data


def finding_dict(f: Finding) -> Dict[str, Any]:
    """The JSON object of one finding."""
    data: Dict[str, Any] = {
        "path": f.location.path,
        "line": f.location.line,
        "column": f.location.column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "model": f.model,
        "message": f.message,
        "detail": f.detail,
        "suggestions": list(f.suggestions),
        "call_site": f.site_kind,
        "method": f.method,
        "related": [location_dict(r) for r in f.related[:MAX_RELATED]],
        "fingerprint": f.fingerprint(),
        "fix": {"replacement": f.fix.new} if f.fix else None,
    }
    if f.related_total:  # related holds the first MAX_RELATED call sites of these
        data["related_total"] = f.related_total
    elif len(f.related) > MAX_RELATED:  # a finding built elsewhere (preflight): the first MAX_RELATED are listed
        data["related_total"] = len(f.related)
    if f.location.cell is not None:
        data["cell"] = f.location.cell
    if f.fix is None and f.fix_refusal:
        data["no_fix_reason"] = f.fix_refusal
    if f.platform_note:
        data["platform"] = f.platform_note  # "Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1"
    return data


def render(result: RunResult, ctx: ReportContext) -> str:
    payload = {
        "version": ctx.tool_version,
        "files_scanned": result.files_scanned,
        "findings": [finding_dict(f) for f in result.findings],
        "errors": [{"path": e.path, "message": e.message, "fatal": e.fatal} for e in result.errors],
    }
    return json_safe(indented_json.dumps(payload)) + "\n"
