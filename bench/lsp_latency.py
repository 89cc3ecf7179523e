"""Latency and memory of ``gemlint server`` (issue 16), measured through a real LSP client over stdio.

    python bench/lsp_latency.py [--runs 30] [--files 1000] [--json]

- Latency: time from sending ``textDocument/didChange`` to receiving the
  ``publishDiagnostics`` for that version, on a 2,000-line Python file and a
  2,000-line TSX file, warm (after one open and three unmeasured changes),
  with the server's default settings (the 30 ms debounce included). Target:
  median at most 100 ms.
- Memory: resident set of the server process holding a 1,000-file project
  open (``bench/generate.py`` tree; every file gemlint would scan, opened with
  ``didOpen`` and checked). Target: at most 150 MiB.

A harness, not a test: it prints the figures and PASS/FAIL, and exits 0 whatever the verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
LATENCY_TARGET_MS = 100.0
MEMORY_TARGET_MIB = 150.0
NAMES = ["gemini-2.5-flash", "gemini-2.5-flsh", "gemini-1.5-pro", "gemini-2.5-flash-native-audio-dialog"]


def python_file(lines: int, rng: random.Random) -> str:
    """A realistic module: functions, classes and a model call every ~40 lines."""
    out = ["from google import genai", "", "client = genai.Client()", ""]
    i = 0
    while len(out) < lines:
        i += 1
        if i % 8 == 0:
            out += [
                f"def ask_{i}(prompt: str) -> str:",
                f'    """Ask the model ({i})."""',
                f'    reply = client.models.generate_content(model="{rng.choice(NAMES)}", contents=prompt)',
                "    return reply.text",
                "",
            ]
        else:
            out += [
                f"class Handler{i}:",
                f"    def __init__(self, value: int = {i}) -> None:",
                "        self.value = value",
                "",
                "    def run(self, items):",
                "        total = 0",
                "        for item in items:",
                "            if item % 3 == 0:",
                "                total += item * self.value",
                "        return total",
                "",
            ]
    return "\n".join(out[:lines]) + "\n"


def tsx_file(lines: int, rng: random.Random) -> str:
    """A React module: components, hooks and a model call every ~40 lines."""
    out = ['import { GoogleGenAI } from "@google/genai";', 'import React, { useState } from "react";', ""]
    out.append("const ai = new GoogleGenAI({});")
    i = 0
    while len(out) < lines:
        i += 1
        if i % 6 == 0:
            live = rng.random() < 0.3
            call = "ai.live.connect" if live else "ai.models.generateContent"
            out += [
                f"export async function ask{i}(prompt: string) {{",
                f'  const reply = await {call}({{ model: "{rng.choice(NAMES)}", contents: prompt }});',
                "  return reply;",
                "}",
                "",
            ]
        else:
            out += [
                f"export function Panel{i}({{ items }}: {{ items: number[] }}) {{",
                f"  const [count, setCount] = useState({i});",
                "  return (",
                '    <div className="panel">',
                "      {items.map((item) => (",
                "        <span key={item} onClick={() => setCount(count + item)}>{item}</span>",
                "      ))}",
                "    </div>",
                "  );",
                "}",
                "",
            ]
    return "\n".join(out[:lines]) + "\n"


class Client:
    """A pygls LanguageClient that records when each document's diagnostics arrive."""

    def __init__(self) -> None:
        self.lsp = LanguageClient("gemlint-bench", "1")
        self.arrived: Dict[str, asyncio.Event] = {}
        self.versions: Dict[str, Optional[int]] = {}
        self.counts: Dict[str, int] = {}

        @self.lsp.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams):
            self.versions[params.uri] = params.version
            self.counts[params.uri] = len(params.diagnostics)
            self.arrived.setdefault(params.uri, asyncio.Event()).set()

        @self.lsp.feature(lsp.WINDOW_LOG_MESSAGE)
        def logged(params: lsp.LogMessageParams):
            pass

    async def start(self, root: Path) -> None:
        env = dict(os.environ, GEMLINT_TODAY=os.environ.get("GEMLINT_TODAY", "2026-11-25"))
        await self.lsp.start_io(sys.executable, "-m", "gemlint", "server", env=env)
        await self.lsp.initialize_async(
            lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=root.as_uri())
        )
        self.lsp.initialized(lsp.InitializedParams())

    async def stop(self) -> None:
        await self.lsp.shutdown_async(None)
        self.lsp.exit(None)
        await self.lsp.stop()

    def expect(self, uri: str) -> asyncio.Event:
        event = self.arrived[uri] = asyncio.Event()
        return event

    async def until_version(self, uri: str, version: int, event: asyncio.Event) -> None:
        while True:
            await asyncio.wait_for(event.wait(), 60)
            if self.versions.get(uri) == version:
                return
            event = self.expect(uri)

    async def open(self, path: Path, text: str, language: str) -> None:
        uri = path.as_uri()
        event = self.expect(uri)
        self.lsp.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
        )
        await self.until_version(uri, 1, event)

    async def change(self, path: Path, version: int, line: int, new_line: str) -> float:
        """Replace one line (an incremental change, as editors send); seconds until its diagnostics."""
        uri = path.as_uri()
        event = self.expect(uri)
        start = time.perf_counter()
        self.lsp.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(start=lsp.Position(line, 0), end=lsp.Position(line + 1, 0)),
                        text=new_line + "\n",
                    )
                ],
            )
        )
        await self.until_version(uri, version, event)
        return time.perf_counter() - start


def server_rss_mib(client: Client) -> Dict[str, float]:
    """Current and peak resident set of the server process (Linux /proc)."""
    pid = client.lsp._server.pid
    out = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) / 1024
    return {"rss_mib": round(out.get("VmRSS", 0.0), 1), "peak_mib": round(out.get("VmHWM", 0.0), 1)}


async def latency(runs: int, workdir: Path) -> Dict[str, Dict[str, float]]:
    rng = random.Random(16)
    (workdir / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    files = {
        "python": (workdir / "big.py", python_file(2000, rng), "python"),
        "tsx": (workdir / "Big.tsx", tsx_file(2000, rng), "typescriptreact"),
    }
    client = Client()
    await client.start(workdir)
    results = {}
    try:
        for label, (path, text, language) in files.items():
            path.write_text(text, encoding="utf-8")
            await client.open(path, text, language)
            lines = text.split("\n")
            target = next(i for i, line in enumerate(lines) if "model:" in line or "model=" in line)
            times = []
            for version in range(2, runs + 5):
                name = NAMES[version % len(NAMES)]
                new_line = lines[target]
                for old in NAMES:
                    new_line = new_line.replace(f'"{old}"', f'"{name}"')
                seconds = await client.change(path, version, target, new_line)
                if version >= 5:  # the first three changes warm up
                    times.append(seconds * 1000)
            results[label] = {
                "lines": len(lines) - 1,
                "median_ms": round(statistics.median(times), 1),
                "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
                "max_ms": round(max(times), 1),
                "findings": client.counts[path.as_uri()],
            }
    finally:
        await client.stop()
    return results


async def memory(files: int, workdir: Path) -> Dict[str, float]:
    sys.path.insert(0, str(HERE))
    from generate import generate  # the benchmark's own deterministic tree

    from gemlint.api import make_scanner
    from gemlint.config import find_config, load_config
    from gemlint.discover import PathMatcher, SourceFile, discover

    tree = workdir / "tree"
    generate(tree, files * 2, 1)  # excluded folders and bundles take part of the budget
    config = load_config(find_config(str(tree)), cwd=str(tree))
    scanner = make_scanner(config)
    matcher = PathMatcher(config.exclude + config.extend_exclude, config.root)
    sources = [s for s in discover([str(tree)], matcher, False, True) if isinstance(s, SourceFile)]
    sources = sorted(sources, key=lambda s: s.path)[:files]
    del scanner
    client = Client()
    await client.start(tree)
    try:
        start = time.perf_counter()
        opened_bytes = 0
        for source in sources:
            text = Path(source.path).read_text(encoding="utf-8", errors="replace")
            opened_bytes += len(text)
            await client.open(Path(source.path).resolve(), text, source.language)
        seconds = time.perf_counter() - start
        mem = server_rss_mib(client)
    finally:
        await client.stop()
    return {
        "files_open": len(sources),
        "text_mib": round(opened_bytes / 1024 / 1024, 1),
        "open_and_check_s": round(seconds, 1),
        **mem,
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="Measured changes per file (after 3 warm-ups).")
    parser.add_argument("--files", type=int, default=1000, help="Files the server holds open for the memory figure.")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gemlint-lsp-bench-") as tmp:
        work = Path(tmp)
        (work / "latency").mkdir()
        lat = asyncio.run(latency(args.runs, work / "latency"))
        mem = asyncio.run(memory(args.files, work))
    if args.json:
        print(json.dumps({"latency": lat, "memory": mem}, indent=1))
        return 0
    for label, r in lat.items():
        verdict = "PASS" if r["median_ms"] <= LATENCY_TARGET_MS else "FAIL"
        print(
            f"didChange → publishDiagnostics, {r['lines']}-line {label}: median {r['median_ms']} ms "
            f"(p90 {r['p90_ms']}, max {r['max_ms']}; {r['findings']} findings)  "
            f"target ≤ {LATENCY_TARGET_MS:.0f} ms: {verdict}"
        )
    verdict = "PASS" if mem["rss_mib"] <= MEMORY_TARGET_MIB else "FAIL"
    print(
        f"server holding {mem['files_open']} open files ({mem['text_mib']} MiB of text, opened and checked in "
        f"{mem['open_and_check_s']} s): RSS {mem['rss_mib']} MiB (peak {mem['peak_mib']})  "
        f"target ≤ {MEMORY_TARGET_MIB:.0f} MiB: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
