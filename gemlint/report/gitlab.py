"""GitLab Code Quality JSON (the ``codequality`` report artifact).

A list of issues ``{description, check_name, fingerprint, severity, location:
{path, lines: {begin}}}``. The fingerprint is the md5 hex digest of the same
line-independent identity the SARIF report uses, so moving code does not
turn an old issue into a new one. Severities: error-level rules are
``major``, warning-level ``minor``; unreadable or unparsable files are
``major`` issues named ``gemlint/file-error`` (``info`` for notices).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any, Dict, List

from gemlint.report.context import ReportContext
from gemlint.report.sarif import PositionMapper, fingerprints
from gemlint.safe_text import json_safe
from gemlint.types import FileError, RunResult

SEVERITY = {"error": "major", "warning": "minor"}


def _error_issue(err: FileError) -> Dict[str, Any]:
    identity = f"{err.path}|file-error|{err.message}"
    return {
        "type": "issue",
        "description": err.message,
        "check_name": "gemlint/internal-error" if err.internal else "gemlint/file-error",
        "fingerprint": hashlib.md5(identity.encode()).hexdigest(),
        "severity": "major" if err.fatal else "info",
        "categories": ["Bug Risk"],
        "location": {"path": PurePath(err.path).as_posix(), "lines": {"begin": 1}},
    }


def render(result: RunResult, ctx: ReportContext) -> str:
    """The Code Quality report of ``result`` as indented JSON."""
    mapper = PositionMapper()
    issues: List[Dict[str, Any]] = []
    for f, fp in zip(result.findings, fingerprints(result.findings)):
        (line, _, _), _ = mapper.position(f.location, len(f.model))
        message = f.message
        if f.location.cell is not None:
            message = f"cell {f.location.cell}, line {f.location.line}: {message}"
        issues.append(
            {
                "type": "issue",
                "description": f"{f.code} {message}",
                "check_name": f.code,
                "fingerprint": hashlib.md5(fp.encode()).hexdigest(),
                "severity": SEVERITY.get(f.severity, "minor"),
                "categories": ["Bug Risk"],
                "location": {"path": PurePath(f.location.path).as_posix(), "lines": {"begin": line}},
            }
        )
    issues += [_error_issue(e) for e in result.errors]
    return json_safe(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
