"""The sweep's HTML page in a real headless Chromium (issue 29): it renders from disk without a console error
(no external asset, nothing the Content-Security-Policy blocks), its table sorts and filters, and a screenshot
is kept in tests/artifacts/ (gitignored). Skips when Chromium is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import asyncio
import json
import pathlib
import shutil

import pytest

from tests.cdp import Browser, find_chromium
from tests.inproc import invoke
from tests.sweep_repos import ALPHA, BETA, GAMMA, make_repo

CHROMIUM = find_chromium()
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"

MODEL_CELLS = "[...document.querySelectorAll('#models-table tbody tr')].map(r => r.cells[0].textContent)"
SITE_CELLS = "[...document.querySelectorAll('#models-table tbody tr')].map(r => Number(r.cells[7].textContent))"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_summary_page_in_a_real_browser(tmp_path):
    for name, files in (("alpha", ALPHA), ("beta", BETA), ("gamma", GAMMA)):
        make_repo(tmp_path / name, files)
    out = tmp_path / "out"
    srcs = [f"file://{tmp_path}/alpha", f"file://{tmp_path}/beta", str(tmp_path / "gamma"), f"file://{tmp_path}/gone"]
    outcome = invoke(["sweep", "-j", "1", *srcs, "--out", str(out), "--before", "2026-12-31"], tmp_path)
    assert outcome.code == 1, outcome  # the page shows the failed source too
    summary = json.loads((out / "summary.json").read_text())
    ARTIFACTS.mkdir(exist_ok=True)
    asyncio.run(_check_page((out / "summary.html").as_uri(), summary, ARTIFACTS / "sweep-summary.png"))


async def _check_page(url: str, summary: dict, screenshot: pathlib.Path) -> None:
    async with Browser(CHROMIUM) as browser:
        await browser.open(url)
        assert await browser.evaluate("document.readyState") == "complete"
        assert browser.problems == []
        # What it shows: totals, --before, the timeline, every model and repository.
        totals = await browser.evaluate("document.getElementById('totals').textContent")
        assert totals.startswith("4 repositories (3 scanned, 1 failed), 5 files")
        assert "What stops working by 2026-12-31" in await browser.evaluate("document.body.innerText")
        dates = await browser.evaluate("[...document.querySelectorAll('.tl-date')].map(d => d.textContent)")
        assert dates == [entry["date"] for entry in summary["timeline"]]
        assert await browser.evaluate(MODEL_CELLS) == [m["model"] for m in summary["models"]]
        rows = await browser.evaluate("document.querySelectorAll('#repositories-table tbody tr').length")
        assert rows == len(summary["repositories"]) == 4
        # Sorting: a click on "Call sites" sorts ascending, a second click descending.
        header = "#models-table th[data-key=call_sites]"
        await browser.click(header)
        ascending = await browser.evaluate(SITE_CELLS)
        assert ascending == sorted(m["call_sites"] for m in summary["models"])
        assert await browser.evaluate(f"document.querySelector('{header}').getAttribute('aria-sort')") == "ascending"
        await browser.click(header)
        assert await browser.evaluate(SITE_CELLS) == sorted(ascending, reverse=True)
        await browser.click("#models-table th[data-key=model]")
        assert await browser.evaluate(MODEL_CELLS) == sorted(m["model"] for m in summary["models"])
        # Filtering: typed words keep the rows holding all of them, in any column.
        await browser.type_into("#models-filter", "shutdown 2027")
        kept = await browser.evaluate(MODEL_CELLS)
        assert kept == sorted(
            m["model"] for m in summary["models"] if m["status"] == "shutdown scheduled" and "2027" in m["shutdown"]
        )
        assert kept and len(kept) < len(summary["models"])
        count = await browser.evaluate("document.getElementById('models-count').textContent")
        assert count == f"{len(kept)} of {len(summary['models'])}"
        await browser.type_into("#repositories-filter", "gone")
        assert await browser.evaluate("document.querySelectorAll('#repositories-table tbody tr').length") == 1
        await browser.screenshot(str(screenshot))
        assert browser.problems == []
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 10_000
