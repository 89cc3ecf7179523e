"""A minimal Chrome DevTools Protocol client for a real headless Chromium (aiohttp's WebSocket client).

``Browser`` starts ``chromium --headless`` with a private profile, attaches to one page and offers ``call``
(a CDP method), ``evaluate`` (JavaScript, the value returned), and ``problems``: every console error,
uncaught exception and browser log error (a Content-Security-Policy violation, a missing file) seen so far.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any, Dict, List, Optional

import aiohttp

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> Optional[str]:
    """The Chromium (or Chrome) executable on PATH, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """``async with Browser(path) as b:`` a headless browser with one attached page."""

    def __init__(self, executable: str, width: int = 1280, height: int = 1000):
        self.executable = executable
        self.size = (width, height)
        self.problems: List[str] = []
        self._ids = itertools.count(1)
        self._waiting: Dict[int, asyncio.Future] = {}
        self._events: List[Dict[str, Any]] = []

    async def __aenter__(self) -> Browser:
        # A short path: Chromium's singleton socket lives in it, and a Unix socket path is limited to 108 bytes
        # (pytest-xdist's temporary folders are longer). Removed whole by _stop.
        self.profile = tempfile.mkdtemp(prefix="cdp-", dir="/tmp" if os.path.isdir("/tmp") else None)
        self._stderr = open(os.path.join(self.profile, "stderr.log"), "wb")
        self.process = subprocess.Popen(
            [
                self.executable,
                "--headless=new",
                "--no-sandbox",  # tests run as root in CI
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                f"--window-size={self.size[0]},{self.size[1]}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env=dict(os.environ, TMPDIR=self.profile),  # its temporary files go with the profile
            start_new_session=True,  # its own process group: zygote and renderers end with it
        )
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 120  # a loaded 2-core machine can take tens of seconds
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.monotonic() > deadline or self.process.poll() is not None:
                with open(os.path.join(self.profile, "stderr.log"), "rb") as fh:
                    tail = fh.read().decode("utf-8", "replace").strip().splitlines()[-5:]
                code = self.process.poll()
                await self._stop()
                raise RuntimeError(f"chromium did not open its DevTools port (exit {code}): {' | '.join(tail)}")
            await asyncio.sleep(0.05)
        with open(port_file) as fh:
            port, path = fh.read().split()[:2]
        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        self.reader = asyncio.ensure_future(self._read())
        target = await self.call("Target.createTarget", {"url": "about:blank"})
        attached = await self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            await self.call(f"{domain}.enable", session=True)
        return self

    async def __aexit__(self, *exc) -> None:
        self.reader.cancel()
        await self.ws.close()
        await self.http.close()
        await self._stop()

    async def _stop(self) -> None:
        """End the browser's whole process group (the one it was started in), then remove its profile."""
        import signal

        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        self.process.wait()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # any child that outlived the browser
        except (ProcessLookupError, PermissionError):
            pass
        self._stderr.close()
        deadline = time.monotonic() + 10
        while True:  # a child may still be writing for a moment after the group is signalled
            shutil.rmtree(self.profile, ignore_errors=True)
            if not os.path.exists(self.profile) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)

    async def _read(self) -> None:
        async for message in self.ws:
            data = message.json()
            if "id" in data and data["id"] in self._waiting:
                self._waiting.pop(data["id"]).set_result(data)
                continue
            self._events.append(data)
            method, params = data.get("method"), data.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                self.problems.append("console: " + " ".join(str(a.get("value", a)) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                self.problems.append("exception: " + params["exceptionDetails"].get("text", ""))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                self.problems.append("log: " + params["entry"].get("text", ""))

    async def call(self, method: str, params: Optional[dict] = None, session: bool = False) -> Dict[str, Any]:
        """Send one CDP command (to the page with ``session``) and return its result; an error raises."""
        ident = next(self._ids)
        message: Dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        future = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        await self.ws.send_json(message)
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def open(self, url: str) -> None:
        """Navigate the page to ``url`` and wait for its load event."""
        self._events.clear()
        await self.call("Page.navigate", {"url": url}, session=True)
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not load")
            await asyncio.sleep(0.05)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a thrown error raises)."""
        result = await self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    async def click(self, selector: str) -> None:
        """A real mouse click (pressed and released) at the middle of the element ``selector``."""
        box = await self.evaluate(
            f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect(); "
            "return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
                session=True,
            )

    async def type_into(self, selector: str, text: str) -> None:
        """Focus ``selector`` and type ``text`` as keyboard input."""
        await self.evaluate(f"document.querySelector({selector!r}).focus()")
        await self.call("Input.insertText", {"text": text}, session=True)

    async def screenshot(self, path: str) -> None:
        """Save a full-page PNG screenshot to ``path``."""
        shot = await self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=True)
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(shot["data"]))
