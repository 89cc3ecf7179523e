"""A dict in a dict (Python): ``CONFIG["live"]["model"]`` read in the file and across files (``CONF.live.model``)."""

from __future__ import annotations

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from tests.helpers import TODAY
from tests.test_crossfile import PY_LIVE_CALL, TEXT, findings, write

SETTINGS = f'CONFIG = {{"live": {{"audio": {{"model": "{TEXT}"}}, "model": "{TEXT}"}}, "top": "gemini-9.9-ultra"}}\n'


@pytest.mark.parametrize(
    "imports, expr, column",
    [
        ("from settings import CONFIG\n", 'CONFIG["live"]["model"]', 70),
        ("import settings\n", 'settings.CONFIG["live"]["model"]', 70),
        ("from settings import CONFIG\n", 'CONFIG["live"]["audio"]["model"]', 40),
    ],
    ids=["two-levels", "module-attribute", "three-levels"],
)
def test_a_dict_in_an_imported_dict(tmp_path, monkeypatch, imports, expr, column):
    call = f"async def main():\n    async with client.aio.live.connect(model={expr}) as s:\n        pass\n"
    write(tmp_path, {"settings.py": SETTINGS, "app.py": PY_LIVE_CALL + imports + call})
    found = findings(tmp_path, monkeypatch)
    assert [(p, n, c) for p, n, c, _, _ in found] == [("settings.py", 1, "GL002"), ("settings.py", 1, "GL006")]
    monkeypatch.chdir(tmp_path)
    result = scan(["."], make_scanner(Config(root=str(tmp_path)), today=TODAY))
    [error] = [f for f in result.findings if f.code == "GL002"]
    assert error.location.column == column  # the literal the key path leads to, not its neighbour


def test_a_key_that_is_no_dict_reads_nothing_deeper(tmp_path, monkeypatch):
    call = (
        'async def main():\n    async with client.aio.live.connect(model=CONFIG["top"]["model"]) as s:\n        pass\n'
    )
    write(tmp_path, {"settings.py": SETTINGS, "app.py": PY_LIVE_CALL + "from settings import CONFIG\n" + call})
    assert [c for _, _, c, _, _ in findings(tmp_path, monkeypatch)] == ["GL006"]  # the unread names stay mentions
