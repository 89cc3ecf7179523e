"""Session-wide determinism for the suite, imported by tests/conftest.py.

Hypothesis profiles:

- ``ci`` (chosen when ``CI`` is true, as GitHub Actions and GitLab set it): derandomized, no example
  database, so a CI run tries the same examples every time and a red build is reproducible;
- ``dev`` (the default elsewhere): random, with the local example database, so each local run explores new
  examples (a nightly-style search; ``GEMLINT_HYPOTHESIS_SCALE=10`` runs ten times as many).

``HYPOTHESIS_PROFILE=ci`` (or ``dev``) picks one explicitly.

Two session fixtures:

- the date: ``GEMLINT_TODAY`` is pinned for every test and every gemlint it starts (tests that need another
  date set it themselves), so no result depends on the day the suite runs;
- temporary files: the session gets its own temporary folder (``TMPDIR``, inherited by subprocesses); at the
  end it must be empty, or the session fails listing what leaked.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("dev", derandomize=False, deadline=None)
_ci = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))


@pytest.fixture(autouse=True, scope="session")
def _pinned_date_and_private_tmp(tmp_path_factory):
    """Pin GEMLINT_TODAY; give the session a private temporary folder that must end empty."""
    from tests.helpers import TODAY

    saved = {name: os.environ.get(name) for name in ("GEMLINT_TODAY", "TMPDIR")}
    os.environ.setdefault("GEMLINT_TODAY", TODAY.isoformat())
    private = tmp_path_factory.mktemp("tmpdir")
    os.environ["TMPDIR"] = str(private)
    tempfile.tempdir = None  # recomputed from TMPDIR on next use
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        tempfile.tempdir = None
    leaked = sorted(os.listdir(private))
    assert not leaked, f"temporary files left behind by the tests: {leaked[:20]}"
