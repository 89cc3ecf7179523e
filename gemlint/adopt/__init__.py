"""Adopting gemlint on an existing codebase: baseline, safe autofix and inline ignores.

``adopt()`` runs after the scan, in this order:

1. ``--baseline FILE`` (or ``baseline`` in the configuration) drops the findings
   recorded in the baseline and notes the entries that no longer match anything
   (so the file shrinks over time). Not applied with ``--write-baseline``,
   which records every current finding.
2. ``--fix`` rewrites each name whose finding carries a safe ``Fix`` in place:
   only the characters of the name change; quotes, the ``models/`` prefix,
   encoding, BOM and newlines are kept. Notebooks are edited inside the cell's
   ``source`` and written back in their own JSON style.
3. ``--add-ignore`` appends ``gemlint: ignore[CODES]`` to every line that still
   has findings (``#``, ``//`` or ``{/* */}`` inside JSX; never in JSON).
4. ``--write-baseline FILE`` records what is left and reports nothing.

Exit codes (chosen like ruff and detect-secrets): ``--write-baseline`` reports
no finding and exits 0 (file errors are recorded too and shown as warnings);
``--diff`` writes nothing, prints the unified diff to stdout instead of the
report and exits 1 when the diff is not empty, 0 otherwise. ``--diff`` alone
implies ``--fix``.

One module per job: ``documents`` (files in memory, line and notebook-cell
edits, shared with the language server's quick fix), ``fix``, ``ignore``,
``meaning`` (the checks that an edit keeps the code's meaning) and ``baseline``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence

from gemlint.adopt.baseline import Baseline, apply_baseline, load_baseline, record_baseline, render_baseline
from gemlint.adopt.documents import (
    Doc,
    Workspace,
    cell_offset,
    cell_source,
    dump_notebook,
    edit_parts,
    line_span,
    load_doc,
    replace_name,
    set_part,
    split_encoding,
    unified_diff,
)
from gemlint.adopt.fix import apply_fixes, fix_summary
from gemlint.adopt.ignore import add_ignores, cell_ignore_line, component_ignore_line, merge_ignore
from gemlint.adopt.meaning import python_same_meaning, same_meaning, settings_same_meaning, ts_context, ts_has_error
from gemlint.echo import echo
from gemlint.errors import Failure
from gemlint.safe_write import project_roots
from gemlint.types import Finding, RunResult, replace

# What callers import from ``gemlint.adopt`` (the CLI, the language server's quick fix, the tests).
__all__ = [
    "cell_ignore_line",
    "component_ignore_line",
    "Baseline",
    "Doc",
    "Workspace",
    "add_ignores",
    "adopt",
    "apply_baseline",
    "apply_fixes",
    "cell_offset",
    "cell_source",
    "dump_notebook",
    "edit_parts",
    "fix_summary",
    "line_span",
    "load_baseline",
    "load_doc",
    "merge_ignore",
    "python_same_meaning",
    "record_baseline",
    "render_baseline",
    "replace_name",
    "same_meaning",
    "set_part",
    "settings_same_meaning",
    "split_encoding",
    "ts_context",
    "ts_has_error",
    "unified_diff",
    "without_file",
]


# --------------------------------------------------------------------------- entry point


def adopt(result: RunResult, scanner: Any, opts: Dict[str, Any]) -> RunResult:
    """Apply baseline, fix, add-ignore and write-baseline as ``opts`` asks; returns what is left to report."""
    write_path = opts.get("write_baseline")
    show_diff = bool(opts.get("show_diff"))
    add_ignore = bool(opts.get("add_ignore"))
    do_fix = bool(opts.get("fix")) or (show_diff and not add_ignore)
    if show_diff and write_path:
        raise Failure("--diff writes nothing, so it cannot be combined with --write-baseline")
    baseline_path = None if write_path else (opts.get("baseline") or scanner.config.baseline)
    config = scanner.config  # writes stay in the configuration's folder and the scanned folders
    roots = project_roots(config.root if config.path else None, opts.get("paths") or ["."])
    result = without_file(result, write_path or baseline_path)
    if baseline_path:
        result = apply_baseline(result, load_baseline(baseline_path), baseline_path, opts.get("paths"))
    if do_fix or add_ignore:
        result = _rewrite(result, do_fix, add_ignore, show_diff, roots)
    if write_path:
        result = record_baseline(result, write_path, opts.get("paths"), [*roots, os.getcwd()])
    return result


def without_file(result: RunResult, path: Optional[str]) -> RunResult:
    """Drop what the scan found in the baseline file itself (a .json settings file full of model names)."""
    if not path:
        return result
    target = os.path.abspath(path)
    findings = tuple(f for f in result.findings if os.path.abspath(f.location.path) != target)
    errors = tuple(e for e in result.errors if os.path.abspath(e.path) != target)
    if len(findings) == len(result.findings) and len(errors) == len(result.errors):
        return result
    return replace(result, findings=findings, errors=errors)


def _rewrite(result: RunResult, do_fix: bool, add_ignore: bool, show_diff: bool, roots: Sequence[str]) -> RunResult:
    """Fix and/or add ignores in memory, then write the files or print the diff."""
    ws = Workspace()
    notes: List[str] = []
    changed: List[Finding] = []
    findings = list(result.findings)
    fixed: List[Finding] = []
    left_unfixed: List[Finding] = []
    if do_fix:
        findings, fixed, fix_notes = apply_fixes(findings, ws)
        left_unfixed = list(findings)
        changed.extend(fixed)
        notes.extend(fix_notes)
    failed: Dict[str, str] = {}
    if add_ignore:
        findings, ignored, ignore_notes = add_ignores(findings, ws)
        changed.extend(ignored)
        notes.extend(ignore_notes)
    if show_diff:
        echo(ws.diff(), nl=False)
        findings = sorted(changed, key=_order)
    else:
        failed = dict(ws.write(roots))
        if failed:
            notes.extend(
                f"cannot write {path}: {why}; its findings are reported unchanged" for path, why in failed.items()
            )
            findings = [f for f in findings if f.location.path not in failed]
            findings = sorted(findings + [f for f in result.findings if f.location.path in failed], key=_order)
    if do_fix:  # counted once the files are written: a file that could not be written was not fixed
        written = [f for f in fixed if f.location.path not in failed]
        echo(fix_summary(written, left_unfixed, dry_run=show_diff), err=True)
    return replace(result, findings=tuple(findings), notices=result.notices + tuple(notes))


def _order(f: Finding):
    loc = f.location
    return (loc.path, loc.cell or 0, loc.line, loc.column, f.code, f.message)
