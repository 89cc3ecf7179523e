"""The machine's own ceiling for ``-j 2``: how much faster two CPU-bound Python processes finish than one.

    python bench/ceiling.py [--procs N] [--rounds R]

Each process parses the same synthetic module with ``ast`` ``--rounds`` times (the kind of work a scan does:
the parser and many small objects), ``--procs`` processes at once, forked after the module is built. Prints JSON:
the processes, the wall time. ``bench/corpus.py`` runs it with one process and with two: the speed-up an ideal,
perfectly parallel scan could get from a second worker on this machine is ``2 × one / two``. On a VM whose two
vCPUs share a physical core, or whose neighbours are busy, it is well below 2, and ``-j 1 / -j 2`` can be no
better.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time

# About 60 KB of ordinary Python: assignments, calls with keywords, a class, strings.
_UNIT = (
    "MODEL_{i} = 'gemini-{i}-flash'\n"
    "def run_{i}(client, prompt, *, retries=3):\n"
    "    response = client.models.generate_content(model=MODEL_{i}, contents=[prompt, {{'k': {i}}}])\n"
    "    return [part.text for part in response.candidates[0].content.parts if part.text]\n"
    "class Holder{i}:\n"
    "    name: str = f'holder-{{MODEL_{i}}}'\n"
    "    def get(self):\n"
    "        return self.name.upper() + str({i} * 2)\n"
)
SOURCE = "".join(_UNIT.format(i=i) for i in range(160))


def work(rounds: int) -> None:
    for _ in range(rounds):
        ast.parse(SOURCE)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", type=int, default=1, help="processes at once (default 1)")
    parser.add_argument("--rounds", type=int, default=40, help="parses per process (default 40)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    children = []
    for _ in range(max(args.procs, 1) - 1):
        pid = os.fork()
        if pid == 0:  # a child: the same work, then out without the interpreter's teardown
            work(args.rounds)
            os._exit(0)
        children.append(pid)
    work(args.rounds)
    for pid in children:
        os.waitpid(pid, 0)
    print(json.dumps({"procs": args.procs, "rounds": args.rounds, "wall_s": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
