"""First diagnostics of ``gemlint server`` in a large workspace (issue 28), through a real LSP client over stdio.

    python bench/lsp_first.py [--files 2000] [--runs 5] [--json]

Each run starts a new server on a generated tree of ``--files`` files (``bench/generate.py``, its workspace
root), opens the tree's one-file target and times, from ``didOpen``, the first ``publishDiagnostics`` for it
and the publication that follows once the project has been read in the background (the open file then
re-checked with every other file's facts). Target: first diagnostics at most 300 ms (median).
A harness, not a test: it prints the figures and PASS/FAIL, and exits 0 whatever the verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import generate
from lsp_latency import Client

HERE = Path(__file__).resolve().parent
TARGET_MS = 300.0


async def one_run(tree: Path) -> Dict[str, float]:
    client = Client()
    await client.start(tree)
    path = tree / generate.ONE_FILE
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    from lsprotocol import types as lsp

    event = client.expect(uri)
    start = time.perf_counter()
    client.lsp.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    await asyncio.wait_for(event.wait(), 120)
    first = time.perf_counter()
    event = client.expect(uri)  # the re-check once the project is read
    try:
        await asyncio.wait_for(event.wait(), 120)
        indexed = time.perf_counter()
    except asyncio.TimeoutError:
        indexed = float("nan")
    await client.stop()
    return {
        "first_ms": (first - start) * 1000,
        "indexed_ms": (indexed - start) * 1000,
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    tree = HERE / "out" / f"tree-{args.files}-s1"
    if not tree.is_dir():
        generate.generate(tree, args.files, 1)
    runs = [asyncio.run(one_run(tree)) for _ in range(args.runs)]
    result = {
        "files": args.files,
        "runs": runs,
        "first_ms": statistics.median(r["first_ms"] for r in runs),
        "indexed_ms": statistics.median(r["indexed_ms"] for r in runs),
    }
    result["pass"] = result["first_ms"] <= TARGET_MS
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{args.files}-file workspace, {args.runs} runs (medians):")
        print(f"  first diagnostics for the opened file  {result['first_ms']:7.0f} ms  (target <= {TARGET_MS:.0f})"
              f"  {'PASS' if result['pass'] else 'FAIL'}")
        print(f"  after the project was read             {result['indexed_ms']:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
