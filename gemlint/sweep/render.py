"""The summary as Markdown and CSV, and every summary file written into the output folder."""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any, Dict, List

MODEL_COLUMNS = ("model", "platform", "status", "shutdown", "replacement", "repositories", "files", "call_sites")
REPO_COLUMNS = ("source", "commit", "status", "errors", "warnings", "owners", "models", "breaking", "error")


# A cell a spreadsheet would run as a formula (CSV injection: "=HYPERLINK(…)" in a repository's error or a
# model name, "@owner" in CODEOWNERS): prefixed with an apostrophe, as OWASP recommends.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    text = " ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def models_csv(summary: Dict[str, Any]) -> str:
    """One row per model (and platform); ``repositories`` is the count, the names are in the JSON."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MODEL_COLUMNS)
    for row in summary["models"]:
        values = dict(row, repositories=len(row["repositories"]))
        writer.writerow([_cell(values.get(c)) for c in MODEL_COLUMNS])
    return out.getvalue()


def repositories_csv(summary: Dict[str, Any]) -> str:
    """One row per repository (failed ones with their error); lists are space-separated."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPO_COLUMNS)
    for row in summary["repositories"]:
        writer.writerow([_cell(row.get(c)) for c in REPO_COLUMNS])
    return out.getvalue()


def _n(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def _md(text: Any) -> str:
    return _cell(text).replace("|", "\\|").replace("\n", " ")


def markdown(summary: Dict[str, Any]) -> str:
    """A Markdown report: totals, what breaks by ``--before``, the timeline, models, repositories, failures."""
    t = summary["totals"]
    lines: List[str] = [
        "# gemlint sweep",
        "",
        f"{_n(t['repositories'], 'repository')} ({t['scanned']} scanned, {t['failed']} failed), "
        f"{_n(t['files_scanned'], 'file')}, {_n(t['models'], 'model')} at {_n(t['call_sites'], 'call site')}; "
        f"{_n(t['errors'], 'error')}, {_n(t['warnings'], 'warning')} (as of {summary['today']}).",
        "",
    ]
    breaking = summary.get("breaking")
    if breaking is not None:
        lines += [f"## What stops working by {breaking['date']}", ""]
        if not breaking["models"]:
            lines += ["Nothing: no repository uses a model shut down by then.", ""]
        for m in breaking["models"]:
            when = "already shut down" if m["status"] == "retired" else f"shut down on {m['shutdown']}"
            instead = f"; use {m['replacement']}" if m["replacement"] else ""
            lines.append(
                f"- `{m['model']}` ({when}{instead}): {_n(len(m['repositories']), 'repository')}, "
                f"{_n(m['call_sites'], 'call site')}: {', '.join(m['repositories'])}"
            )
        if breaking["repositories"]:
            lines += ["", "Repositories affected, with their owners:", ""]
        for r in breaking["repositories"]:
            owners = ", ".join(r["owners"]) or "no CODEOWNERS"
            lines.append(f"- {r['source']} ({owners}): {', '.join(r['breaking'])}")
        lines.append("")
    lines += ["## Upcoming shutdowns", ""]
    if not summary["timeline"]:
        lines += ["None of the models in use has an announced shutdown date.", ""]
    for entry in summary["timeline"]:
        for m in entry["models"]:
            instead = f" -> {m['replacement']}" if m["replacement"] else ""
            lines.append(f"- **{entry['date']}** `{m['model']}`{instead}: {', '.join(m['repositories'])}")
    lines += ["", "## By model", "", "| " + " | ".join(MODEL_COLUMNS) + " |", "|" + "---|" * len(MODEL_COLUMNS)]
    for row in summary["models"]:
        values = dict(row, repositories=len(row["repositories"]))
        lines.append("| " + " | ".join(_md(values.get(c)) for c in MODEL_COLUMNS) + " |")
    columns = ("source", "commit", "errors", "warnings", "owners", "models")
    lines += ["", "## By repository", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in summary["repositories"]:
        if row["status"] == "ok":
            values = dict(row, commit=(row.get("commit") or "")[:12])
            lines.append("| " + " | ".join(_md(values.get(c)) for c in columns) + " |")
    if summary["failures"]:
        lines += ["", "## Not scanned", ""]
        for f in summary["failures"]:
            lines.append(f"- {f['source']}: {f['stage']} failed: {f['error']}")
    return "\n".join(lines) + "\n"


def write_summary(folder: str, summary: Dict[str, Any]) -> List[str]:
    """Write summary.json, summary.md, models.csv, repositories.csv and summary.html; returns their paths."""
    from gemlint.sweep.html import page

    os.makedirs(folder, exist_ok=True)
    files = {
        "summary.json": json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        "summary.md": markdown(summary),
        "models.csv": models_csv(summary),
        "repositories.csv": repositories_csv(summary),
        "summary.html": page(summary),
    }
    written = []
    for name, text in files.items():
        path = os.path.join(folder, name)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
        written.append(path)
    return written
