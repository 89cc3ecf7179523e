"""Open units → findings, through the scan pipeline (``gemlint.api.check_text``).

Per-file checking is what ``gemlint scan`` does to one file. A project-level
check (names that travel between files through a project index) plugs in as a
``ProjectHook``: given every open unit and its per-file result, it returns the
findings per unit path that replace the per-file ones, and the paths whose
diagnostics must be re-published because a change reached them.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Mapping, Optional, Sequence

from gemlint.api import Scanner, check_text
from gemlint.records import record
from gemlint.server.settings import Scanners
from gemlint.server.units import Unit
from gemlint.types import FileError, FileResult, Finding


@record
class Checked:
    """One unit's last check."""

    unit: Unit
    result: FileResult
    findings: Sequence[Finding]
    scanner: Optional[Scanner]  # None when the file is excluded or not a language gemlint reads

    @property
    def unparsable(self) -> bool:
        """True when the buffer could not be parsed (findings would all vanish while typing)."""
        return any(e.fatal for e in self.result.errors) and not self.result.refs


ProjectHook = Callable[[Mapping[str, Checked], Scanners], Dict[str, List[Finding]]]


def check_unit(unit: Unit, scanners: Scanners) -> Checked:
    """Check one unit as ``gemlint scan`` checks the same file (excludes honoured)."""
    if scanners.excluded(unit.path):
        return Checked(unit, FileResult(unit.path), (), None)
    scanner, opts, _ = scanners.get(unit.path)
    result, findings = check_text(unit.path, unit.data(), scanner, opts)
    return Checked(unit, result, tuple(findings), scanner)


def check_project(
    changed: Unit, open_units: Mapping[str, Checked], scanners: Scanners, hook: Optional[ProjectHook]
) -> Dict[str, Checked]:
    """Re-check ``changed``; with a project hook, every open unit whose findings it changes.

    Returns the checks to publish, by unit URI (``changed`` always among them).
    """
    checked = check_unit(changed, scanners)
    out = {changed.uri: checked}
    if hook is None:
        return out
    current = dict(open_units)
    current[changed.uri] = checked
    by_path = hook({c.unit.path: c for c in current.values()}, scanners)
    for uri, item in current.items():
        new = by_path.get(item.unit.path)
        if new is not None and (uri == changed.uri or tuple(new) != tuple(item.findings)):
            out[uri] = item._replace(findings=tuple(new))
    return out


def internal_error(unit: Unit, exc: BaseException) -> Checked:
    """A check that failed inside gemlint: no findings, one internal error."""
    message = f"internal error while checking: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"
    return Checked(unit, FileResult(unit.path, errors=(FileError(unit.path, message, internal=True),)), (), None)
