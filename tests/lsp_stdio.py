"""A minimal Language Server Protocol client over stdio, as an editor's is: start the server command, send
``initialize`` (with the editor's ``initializationOptions``) and ``didOpen`` for files, collect the diagnostics
the server publishes. Runs on every Python the suite supports (pytest-lsp needs 3.10+).

Used by ``tests/test_editor_snippets.py`` for the editors that cannot run on a test machine (VS Code, Helix,
Zed): the command and options come from their documented snippets.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence


class StdioClient:
    """One server process; ``open`` files, then ``wait_for_diagnostics``; ``close`` shuts it down."""

    def __init__(self, command: Sequence[str], cwd: Path, env: Dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            list(command), cwd=str(cwd), env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        self.inbox: queue.Queue[Optional[dict]] = queue.Queue()
        self.diagnostics: Dict[str, List[dict]] = {}  # uri -> the last diagnostics published for it
        self.next_id = 0
        self.stderr = b""
        self.threads = [threading.Thread(target=self._read, daemon=True),
                        threading.Thread(target=self._drain_stderr, daemon=True)]  # fmt: skip
        for thread in self.threads:
            thread.start()

    def _drain_stderr(self) -> None:
        self.stderr = self.proc.stderr.read()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        """Send a request and return its result, handling what arrives meanwhile."""
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        return self._pump(lambda m: m.get("id") == wanted and "method" not in m, timeout)["result"]

    def _pump(self, done, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer from the server; its stderr: {self.stderr[-2000:]!r}")
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise ConnectionError(f"the server exited ({self.proc.wait()}): {self.stderr[-2000:]!r}")
            if "method" in message and "id" in message:  # a request from the server: answer as an editor does
                method = message["method"]
                items = (message.get("params") or {}).get("items", [])
                result = [None] * len(items) if method == "workspace/configuration" else None
                self._send({"id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
            if done(message):
                return message

    def initialize(self, root: Path, initialization_options: Any) -> dict:
        """``initialize`` as an editor opening ``root`` sends it, then ``initialized``."""
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}},
                "initializationOptions": initialization_options,
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, language_id: str) -> str:
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8")
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_id, "version": 1,
                                                               "text": text}})  # fmt: skip
        return uri

    def wait_for_diagnostics(self, uris: Sequence[str], timeout: float = 60) -> Dict[str, List[dict]]:
        """The diagnostics of each of ``uris`` once every one has had a non-empty publication."""

        def complete(_message=None) -> bool:
            return all(self.diagnostics.get(uri) for uri in uris)

        if not complete():
            try:
                self._pump(complete, timeout)
            except TimeoutError:
                pass  # the caller's assertion names the files that got nothing
        return {uri: self.diagnostics.get(uri, []) for uri in uris}

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=20)
                self.notify("exit", None)
                self.proc.wait(timeout=20)
        except (OSError, TimeoutError, ConnectionError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            with contextlib.suppress(OSError):  # a dead server's broken pipe
                self.proc.stdin.close()
            for thread in self.threads:  # they end at the dead process's end of output
                thread.join(timeout=20)
            for stream in (self.proc.stdout, self.proc.stderr):
                stream.close()
