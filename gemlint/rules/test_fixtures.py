"""A model parameter in a test file is test data until it reaches a call.

``{model: 'gemini-1.5-flash'}`` or ``model=`` of a call gemlint does not know is a reference in application code
(a request being built); in a test file it is most often a fixture handed to the code under test (a config, a
request to translate, an expected value). There it counts as a mention (warnings only) unless the same literal
also reaches a real call site, which keeps it a reference. Test files are named as the test runners find them.
A settings file in a fixtures folder (``tests/fixtures/agent.yaml``, ``testdata/``) is data a test loads: its
names are mentions too. Other settings among the tests stay settings (an eval config whose judge model a system
test calls).
"""

from __future__ import annotations

import os
import re
from typing import List, Sequence

from gemlint.extract.patterns import PARAMETER_KIND
from gemlint.types import ModelRef

# pytest (test_*.py, *_test.py, conftest.py), Jest/Vitest/Mocha/Jasmine (*.test.ts, *.spec.js, __tests__/), and
# the usual test folders, their helpers' included (test-utils/, test_helpers/).
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|__tests__|testing|test[-_]?utils?|test[-_]?helpers?)/"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$"
    r"|\.(?:test|spec)\.[cm]?[jt]sx?$"
)


def is_test_path(path: str, root: str = "") -> bool:
    """Whether ``path`` (relative to the project ``root``, so that a project kept under ``~/tests/`` is not all
    tests) is a test file by the test runners' conventions."""
    return _TEST_PATH.search(_relative(path, root)) is not None


def _relative(path: str, root: str) -> str:
    """``path`` relative to ``root`` (when absolute), with forward slashes."""
    if root and os.path.isabs(path):
        try:
            path = os.path.relpath(path, root)
        except ValueError:  # another drive (Windows)
            pass
    return path.replace("\\", "/")


_FIXTURE_PATH = re.compile(r"(?:^|/)(?:__fixtures__|fixtures?|test[-_]?data|testdata)/")


def is_fixture_path(path: str, root: str = "") -> bool:
    """Whether ``path`` (relative to the project ``root``) lies in a folder of test data (``fixtures/``,
    ``__fixtures__/``, ``testdata/``)."""
    return _FIXTURE_PATH.search(_relative(path, root)) is not None


def as_fixture_data(refs: Sequence[ModelRef]) -> List[ModelRef]:
    """A fixture file's refs with their settings taken off: each such value a mention (the flow may still link one
    to a call)."""
    return [r._replace(settings=False) if r.settings else r for r in refs]


def as_test_data(refs: Sequence[ModelRef]) -> List[ModelRef]:
    """A test file's refs with their model-parameter sites taken off: each such literal a mention, unless a real
    call site is left to it."""
    kept = [r._replace(site=None) if r.site is not None and r.site.kind == PARAMETER_KIND else r for r in refs]
    return list(dict.fromkeys(kept))  # one mention where several holders were
