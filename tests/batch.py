"""``python -m tests.batch CASES.json``: several gemlint command lines in one child process (tests/test_hostile.py).

Cases that each end at once (a configuration or inventory refused with one line) cost mostly an interpreter's
start-up; ``tests.hostile.run_batch`` starts one child for a list of them, under the same CPU-time and memory
limits. Each case runs ``gemlint.entry.run`` (the console script's own function: its output guard included) from
its own folder with its own captured streams; the child prints a JSON list of ``{code, out, err, cpu}``.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path


def main(spec: Path) -> None:
    from gemlint.entry import run

    results = []
    for case in json.loads(spec.read_text(encoding="utf-8")):
        out, err = io.StringIO(), io.StringIO()
        here, streams = os.getcwd(), (sys.stdout, sys.stderr)
        os.chdir(case["cwd"])
        sys.stdout, sys.stderr = out, err
        start = time.process_time()
        try:
            code = run(case["args"])
        finally:
            cpu = time.process_time() - start
            sys.stdout, sys.stderr = streams
            os.chdir(here)
        results.append({"code": code, "out": out.getvalue(), "err": err.getvalue(), "cpu": cpu})
    print(json.dumps(results))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
