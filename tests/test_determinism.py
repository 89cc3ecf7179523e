"""The suite's own determinism: hypothesis profiles, no reading of today's date in tests."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

TESTS = pathlib.Path(__file__).resolve().parent
PROBE = "import tests.hypothesis_profiles as p; from hypothesis import settings as s; print(s.default.derandomize)"


@pytest.mark.parametrize(
    "env, derandomized",
    [({"CI": "true"}, "True"), ({"CI": ""}, "False"), ({"CI": "", "HYPOTHESIS_PROFILE": "ci"}, "True")],
)
def test_hypothesis_profile_follows_ci(env, derandomized):
    full = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    full.update(env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=TESTS.parent, env=full, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == derandomized


def test_the_date_is_pinned_for_the_session():
    assert os.environ.get("GEMLINT_TODAY"), "tests/hypothesis_profiles.py pins GEMLINT_TODAY"


def test_no_test_reads_todays_date():
    """Dates come from GEMLINT_TODAY / ``today=`` (tests/helpers.TODAY), never from the clock."""
    clock = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.utcnow|time\.time)\(")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(TESTS.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if clock.search(line) and "clock-ok" not in line and path.name != "test_determinism.py"
    ]
    assert offenders == []
