"""The baseline: findings recorded in a file (``--write-baseline``) and dropped from later scans (``--baseline``)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from gemlint.adopt.documents import plural
from gemlint.errors import Failure
from gemlint.safe_write import project_roots, reason, write_text
from gemlint.types import FileError, Finding, RunResult, replace

BASELINE_VERSION = 1
FILE_ERROR_CODE = "file-error"  # baseline entries for files that could not be read or parsed

Key = Tuple[str, int, str, str, str]  # (path, cell, code, model, call site)


@dataclass(frozen=True)
class Baseline:
    """Recorded findings: ``(path, cell, code, model, call site)`` → count, paths relative to the file's folder."""

    path: str
    entries: Dict[Key, int]

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


def relative(display: str, root: str) -> str:
    """A report path relative to the baseline's folder, with forward slashes."""
    absolute = os.path.abspath(display)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = absolute
    return rel.replace(os.sep, "/")


def finding_key(f: Finding, root: str) -> Key:
    """The baseline identity of a finding: ``Finding.fingerprint()``'s parts, path made relative."""
    return (relative(f.location.path, root), f.location.cell or 0, f.code, f.model, f.site_kind or "")


def error_key(e: FileError, root: str) -> Key:
    return (relative(e.path, root), 0, FILE_ERROR_CODE, "", "")


def load_baseline(path: str) -> Baseline:
    """Read a baseline file; a missing or malformed one is a one-line ``Failure`` (exit 2)."""
    from gemlint.boundary import BASELINE_LIMIT, read_regular

    try:
        data = json.loads(read_regular(path, BASELINE_LIMIT).decode("utf-8"))
    except FileNotFoundError:
        raise Failure(
            f"baseline {path} does not exist (create it with `gemlint scan --write-baseline {path}`)"
        ) from None
    except OSError as exc:
        raise Failure(f"cannot read baseline {path}: {(exc.strerror or str(exc)).lower()}") from None
    except ValueError as exc:  # UnicodeDecodeError too
        raise Failure(f"baseline {path} is not valid JSON ({str(exc).splitlines()[0]})") from None
    except RecursionError:
        raise Failure(f"baseline {path} is not valid JSON (nested too deeply)") from None
    return Baseline(path, _parse_entries(path, data))


def _parse_entries(path: str, data: Any) -> Dict[Key, int]:
    def bad(why: str) -> Failure:
        return Failure(f"baseline {path} is not a gemlint baseline: {why}")

    if not isinstance(data, dict) or data.get("tool") != "gemlint" or not isinstance(data.get("findings"), list):
        raise bad('expected {"version": 1, "tool": "gemlint", "findings": [...]}')
    if data.get("version") != BASELINE_VERSION:
        raise bad(f"unsupported version {data.get('version')!r} (this gemlint reads version {BASELINE_VERSION})")
    entries: Dict[Key, int] = {}
    for index, item in enumerate(data["findings"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not isinstance(item.get("code"), str):
            raise bad(f"entry {index} needs a 'path' and a 'code'")
        count, cell = item.get("count", 1), item.get("cell", 0)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise bad(f"entry {index} has a 'count' that is not a positive integer")
        if not isinstance(cell, int) or isinstance(cell, bool) or cell < 0:
            raise bad(f"entry {index} has a 'cell' that is not a cell number")
        model, site = item.get("model") or "", item.get("call_site") or ""
        if not isinstance(model, str) or not isinstance(site, str):
            raise bad(f"entry {index} has a 'model' or 'call_site' that is not a string")
        key = (item["path"], cell, item["code"], model, site)
        entries[key] = entries.get(key, 0) + count
    return entries


def apply_baseline(
    result: RunResult, baseline: Baseline, shown_as: str, scanned: Optional[Sequence[str]] = None
) -> RunResult:
    """Drop the findings the baseline records (up to each entry's count) and note stale entries.

    File errors recorded in the baseline stay visible, as warnings. Stale
    entries are noted only for files under the ``scanned`` paths (all when
    None), so scanning part of the tree does not flag the rest.
    """
    left = dict(baseline.entries)
    findings = []
    for f in result.findings:
        key = finding_key(f, baseline.root)
        if left.get(key, 0) > 0:
            left[key] -= 1
        else:
            findings.append(f)
    errors = []
    for e in result.errors:
        key = error_key(e, baseline.root)
        if e.fatal and not e.internal and left.get(key, 0) > 0:
            left[key] -= 1
            e = replace(e, message=f"{e.message} (recorded in the baseline)", fatal=False)
        errors.append(e)
    notes = [
        _stale_note(shown_as, key, n, baseline.entries[key])
        for key, n in sorted(left.items())
        if n > 0 and _under(os.path.join(baseline.root, key[0]), scanned)
    ]
    return replace(result, findings=tuple(findings), errors=tuple(errors), notices=result.notices + tuple(notes))


def _under(path: str, scanned: Optional[Sequence[str]]) -> bool:
    """True when ``path`` is one of the ``scanned`` paths or inside one of them."""
    if scanned is None:
        return True
    target = os.path.abspath(path)
    for given in scanned:
        root = os.path.abspath(given)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def _stale_note(shown_as: str, key: Key, unmatched: int, recorded: int) -> str:
    path, cell, code, model, site = key
    where = f"{path}:cell {cell}" if cell else path
    what = code if code == FILE_ERROR_CODE else f"{code} '{model}'" + (f" at {site}" if site else "")
    times = f" ({unmatched} of {recorded})" if recorded > 1 else ""
    return (
        f"baseline {shown_as}: {where} {what} no longer occurs{times}; "
        f"run `gemlint scan --write-baseline {shown_as}` to drop it"
    )


def baseline_counts(result: RunResult, root: str) -> Dict[Key, int]:
    """How often each key occurs among the findings and (non-internal) fatal file errors."""
    counts: Dict[Key, int] = {}
    for f in result.findings:
        key = finding_key(f, root)
        counts[key] = counts.get(key, 0) + 1
    for e in result.errors:
        if e.fatal and not e.internal:
            key = error_key(e, root)
            counts[key] = counts.get(key, 0) + 1
    return counts


def baseline_entries(counts: Dict[Key, int]) -> List[Dict[str, Any]]:
    """The entries of a baseline file, sorted by path, cell, code, model and call site."""
    entries = []
    for (path, cell, code, model, site), count in sorted(counts.items()):
        entry: Dict[str, Any] = {"path": path}
        if cell:
            entry["cell"] = cell
        entry.update({"code": code, "model": model, "call_site": site or None, "count": count})
        entries.append(entry)
    return entries


def kept_entries(path: str, scanned: Optional[Sequence[str]]) -> Dict[Key, int]:
    """Entries of an existing baseline for files outside the ``scanned`` paths (kept on rewrite)."""
    if scanned is None or not os.path.isfile(path):
        return {}
    try:
        old = load_baseline(path)
    except Failure:  # an unreadable old baseline is simply replaced
        return {}
    return {k: n for k, n in old.entries.items() if not _under(os.path.join(old.root, k[0]), scanned)}


def render_baseline(entries: List[Dict[str, Any]]) -> str:
    """The baseline file: one entry per line, so reviews and diffs stay readable."""
    head = f'{{\n  "version": {BASELINE_VERSION},\n  "tool": "gemlint",\n  "findings": ['
    if not entries:
        return head + "]\n}\n"
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    return f"{head}\n{body}\n  ]\n}}\n"


def record_baseline(
    result: RunResult, path: str, scanned: Optional[Sequence[str]] = None, roots: Optional[Sequence[str]] = None
) -> RunResult:
    """Write the baseline; the returned result has no finding (exit 0) and file errors as warnings.

    Entries of an existing baseline for files outside the ``scanned`` paths
    are kept, so recording part of the tree does not forget the rest.
    """
    root = os.path.dirname(os.path.abspath(path))
    counts = kept_entries(path, scanned)
    for key, n in baseline_counts(result, root).items():
        counts[key] = counts.get(key, 0) + n
    entries = baseline_entries(counts)
    try:
        write_text(path, render_baseline(entries), project_roots(None, scanned or ["."]) if roots is None else roots)
    except OSError as exc:
        raise Failure(f"cannot write baseline {path}: {reason(exc)}") from None
    errors_recorded = sum(1 for e in result.errors if e.fatal and not e.internal)
    note = f"recorded {plural(len(result.findings), 'finding')}"
    note += f" and {plural(errors_recorded, 'file error')}" if errors_recorded else ""
    note += f" in {path} ({plural(len(entries), 'entry', 'entries')})"
    errors = tuple(
        replace(e, message=f"{e.message} (recorded in the baseline)", fatal=False) if e.fatal and not e.internal else e
        for e in result.errors
    )
    return replace(result, findings=(), errors=errors, notices=result.notices + (note,))
