"""Shared pytest fixtures: the fake Gemini API server (see tests/fakeapi.py), an isolated user cache folder,
and the suite's order."""

import os
import sys

import pytest

from tests.fakeapi import dead_url, fake_api, fake_api_certs, fake_api_env, fake_api_server  # noqa: F401
from tests.hypothesis_profiles import _pinned_date_and_private_tmp  # noqa: F401  (profiles, date, temp leaks)

# Pytest rewrites every test module's asserts at import, and caches the result as a .pyc only when bytecode may
# be written: under PYTHONDONTWRITEBYTECODE=1 (set on some CI machines) each xdist worker rewrote the whole suite
# on every run (about 5 s). The cache goes to tests/__pycache__ (ignored by git), as the package's does.
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True, scope="session")
def _user_cache_dir(tmp_path_factory):
    """The cache's signing key goes to a temporary folder, never to the user's own ~/.cache/gemlint."""
    os.environ.setdefault("GEMLINT_USER_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))


def pytest_configure(config):
    """Byte-compile gemlint once, before any xdist worker starts, as ``pip install`` does for a regular install.

    An editable install has no ``.pyc`` files, and under ``PYTHONDONTWRITEBYTECODE=1`` (set on some CI machines)
    every ``gemlint`` process a test starts would compile the whole package again: compiled once here, each
    process only loads it. ``compileall`` writes the files whatever that variable says; imports only read them.
    """
    if not hasattr(config, "workerinput"):  # the controller, or a run without xdist
        import compileall

        compileall.compile_dir(os.path.join(os.path.dirname(os.path.dirname(__file__)), "gemlint"), quiet=1)


def pytest_collection_modifyitems(config, items):
    """The slowest tests first, pre-commit's install, pip installs, then the hostile growth checks (a stable
    sort: the rest keep their order), so that under xdist the other workers run the rest of the suite
    meanwhile instead of waiting for one of them at the end."""
    first = ("precommit", "install", "slow")
    items.sort(key=lambda item: next((i for i, m in enumerate(first) if item.get_closest_marker(m)), len(first)))
