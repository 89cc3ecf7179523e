"""JUnit XML: a ``testsuite`` per file, a failing ``testcase`` per finding.

Files that could not be read or parsed get a ``testcase`` with an ``error``
(fatal) or ``skipped`` (notice) element. A run without findings or errors
gives one passing test case, so CI test reports show that gemlint ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Dict, List, Tuple

from gemlint.report.context import ReportContext
from gemlint.types import FileError, Finding, RunResult

# Characters XML 1.0 cannot carry at all (ElementTree would write them and produce a broken file).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _el(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _x(value) for key, value in attrs.items()})
    if text:
        element.text = _x(text)
    return element


def _case_name(f: Finding) -> str:
    loc = f.location
    where = f"cell {loc.cell}, line {loc.line}" if loc.cell is not None else f"line {loc.line}"
    return f"{f.code} {f.name} ({where}, column {loc.column})"


def _suite(parent: ET.Element, name: str, findings: List[Finding], errors: List[FileError]) -> None:
    fatal = sum(1 for e in errors if e.fatal)
    suite = _el(
        parent,
        "testsuite",
        name=name,
        tests=str(len(findings) + len(errors)),
        failures=str(len(findings)),
        errors=str(fatal),
        skipped=str(len(errors) - fatal),
    )
    for f in findings:
        case = _el(
            suite,
            "testcase",
            name=_case_name(f),
            classname=f"gemlint.{f.code}",
            file=f.location.path,
            line=str(f.location.line),
        )
        _el(case, "failure", f"{f.location.display()}: {f.code} {f.message}", message=f.message, type=f.code)
    for e in errors:
        case = _el(suite, "testcase", name="read and parse", classname="gemlint", file=e.path)
        if e.fatal:
            _el(case, "error", e.display(), message=e.message, type="internal-error" if e.internal else "file-error")
        else:
            _el(case, "skipped", message=e.message)


def render(result: RunResult, ctx: ReportContext) -> str:
    """The JUnit XML document of ``result``."""
    by_file: Dict[str, Tuple[List[Finding], List[FileError]]] = {}
    for f in result.findings:
        by_file.setdefault(f.location.path, ([], []))[0].append(f)
    for e in result.errors:
        by_file.setdefault(e.path, ([], []))[1].append(e)
    fatal = sum(1 for e in result.errors if e.fatal)
    root = _el(
        ET.Element("root"),
        "testsuites",
        name="gemlint",
        tests=str(max(len(result.findings) + len(result.errors), 1)),
        failures=str(len(result.findings)),
        errors=str(fatal),
    )
    for path in sorted(by_file):
        _suite(root, path, *by_file[path])
    if not by_file:
        suite = _el(root, "testsuite", name="gemlint", tests="1", failures="0", errors="0", skipped="0")
        _el(suite, "testcase", name="no problems found", classname="gemlint")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
