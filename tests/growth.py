"""Growth measurements of the hostile-input suite (tests/test_hostile.py, issue 24): doubling an input may cost at
most ~2.5x the CPU time.

``python -m tests.growth FOLDER GROWER...`` is the child the test starts (under ``tests.hostile``'s CPU-time and
memory limits, without pytest): it imports gemlint once, warms it up (extractors, grammars, the planted finding's
suggestions), then scans sandboxes of several sizes in this one process, timing each scan alone with
``time.process_time()`` after a ``gc.collect()``, so the interpreter's start-up is no part of any measurement.
The scale ``k`` doubles until a scan at size 1 costs at least ``FLOOR`` seconds above an empty sandbox's (a
measurable amount whatever the machine's speed); then sizes 1 and ``SPAN`` (4: two doublings) at that scale are
scanned alternately, ``REPEATS`` times and once fewer, and the least of each counts (CPU time carries noise when
the other core is busy: more time, never less). The growth per doubling is the square root of their ratio:
linear work gives about 2, quadratic about 4. Every sandbox has names of its own (a salt), so that no cache of
one scan (suggestions per name, matchers per root) can make a later scan cheaper. Each scan must exit 1 with the
planted finding reported and no traceback or raw control character. The child prints one JSON object.
"""

from __future__ import annotations

import gc
import io
import itertools
import json
import math
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List

from tests.hostile import RAW_CONTROL, REAL_FINDING, Sandbox, run

FLOOR = 0.04  # seconds of CPU above an empty sandbox's, at size 1
REPEATS = 3  # scans at size 1; at size SPAN, where the same noise weighs a quarter as much, one fewer
SPAN = 4  # sizes 1 and 4: two doublings, over which CPU time's noise weighs half as much as over one
MAX_K = 256
LIMIT = 2.5  # the issue: doubling the input costs at most ~2.5x
# Scales bounded by a limit of gemlint's: settings files stop at 1 MB (the .env at size 4 stays under it).
MAX_SCALE = {"env-lines": 128}
SMALLEST = 0.02  # seconds: what a bounded scale must still cost at size 1


def _call(model: str) -> str:
    return (
        "from google import genai\n\nclient = genai.Client()\n"
        f"client.models.generate_content(model={model}, contents='x')\n"
    )


def _export_star(box: Sandbox, count: int, salt: str) -> None:
    """``count`` TS modules that ``export *`` from each other in a ring, each with its own name, and a call
    site in ``app.ts`` that imports names through the ring (the linker resolves each through ``export *``)."""
    for i in range(count):
        box.put(f"m{i}.ts", f'export * from "./m{(i + 1) % count}";\nexport const A{i} = "gemini-{salt}-{i}";\n')
    uses = "".join(f"await ai.models.generateContent({{ model: A{i}, contents: 'x' }});\n" for i in range(count))
    names = "".join(f"  A{i},\n" for i in range(count))  # a name a line: not a minified bundle
    box.put(
        "app.ts",
        f'import {{ GoogleGenAI }} from "@google/genai";\nimport {{\n{names}}} from "./m0";\n'
        f"const ai = new GoogleGenAI({{}});\n{uses}"
        if count
        else "",
    )


def _nested(copies: int, depth: int, salt: str) -> str:
    """``copies`` objects ``depth`` deep, a line per level (not a minified bundle), one reaching a call."""
    one = "{a:\n" * depth + f'"gemini-{salt}"' + "}\n" * depth
    return (
        'import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\n'
        + "".join(f"const x{i} = {one};\n" for i in range(copies))
        + "await ai.models.generateContent({ model: x0.a.a, contents: 'x' });\n"
    )


SITES = (
    'import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\nconst M = "gemini-{salt}-prro";\n'
)

# name -> write(box, n, k, salt): the input at size n (1 or 2; 0: none of it), k the scale that makes the work
# measurable (the same at both sizes). The size is n * k, but for nested objects, whose depth is bounded by the
# 1,000-deep limit: there k objects 240 * n deep.
GROWERS: Dict[str, Callable[[Sandbox, int, int, str], object]] = {
    "literals-in-a-list": lambda box, n, k, salt: box.put(
        "lits.py", "M = [" + ", ".join(f'"gemini-{salt}-{i}"' for i in range(n * k * 100)) + "]\n"
    ),
    "literals-on-a-non-ascii-line": lambda box, n, k, salt: box.put(  # columns counted in characters, not bytes
        "lits.py", "M = [" + ", ".join(f'"gemini-{salt}-{i}"' for i in range(n * k * 100)) + "]  # é\n"
    ),
    "rebindings": lambda box, n, k, salt: box.put(
        "rebind.py", "".join(f'm = "gemini-{salt}-{i}"\n' for i in range(n * k * 100)) + _call("m")
    ),
    "export-star": lambda box, n, k, salt: _export_star(box, n * k * 8, salt),
    "member-chain": lambda box, n, k, salt: box.put(
        "chain.py", _call("cfg" + ".b" * (n * k * 1000)) + f'M = "gemini-{salt}"\n' if n else ""
    ),
    "nested-objects": lambda box, n, k, salt: box.put("deep.js", _nested(k, 240 * n, salt) if n else ""),
    "env-lines": lambda box, n, k, salt: box.put(  # ten names a line: measurable under the 1 MB limit
        ".env",
        "".join(
            f"GEMINI_MODEL_{i}=" + ",".join(f"gemini-{salt}-{i}-{j}" for j in range(10)) + "\n"
            for i in range(n * k * 10)
        ),
    ),
    "call-sites": lambda box, n, k, salt: box.put(
        "sites.js", SITES.replace("{salt}", salt) + "ai.models.generateContent({ model: M });\n" * (n * k * 100)
    ),
}


def measure(name: str, folder: Path) -> dict:
    """The child's work (see the module docstring): sizes, the CPU times at each, and any problem seen."""
    from gemlint.entry import run as gemlint

    write = GROWERS[name]
    salts = itertools.count()
    problems: List[str] = []

    def scan_at(n: int, k: int) -> float:
        salt = f"s{next(salts)}"
        (folder / salt).mkdir()
        box = Sandbox(folder / salt)
        write(box, n, k, salt)
        out, err = io.StringIO(), io.StringIO()
        here, streams = os.getcwd(), (sys.stdout, sys.stderr)
        os.chdir(box.proj)
        sys.stdout, sys.stderr = out, err
        gc.collect()  # every scan starts from the same heap: no collection of an earlier scan's garbage in it
        try:
            start = time.process_time()
            code = gemlint(["scan", "--no-cache", "-j", "1", "--format", "text"])  # -j 1: all the work is here
            cpu = time.process_time() - start
        finally:
            sys.stdout, sys.stderr = streams
            os.chdir(here)
        text = out.getvalue() + err.getvalue()
        if code != 1 or REAL_FINDING not in text or "Traceback" in text or "internal error" in text:
            problems.append(f"size {n} x {k}: exit {code}\n{text[-2000:]}")
        elif RAW_CONTROL.search(text):
            problems.append(f"size {n} x {k}: raw control character printed")
        shutil.rmtree(box.tmp)
        return cpu

    def least(n: int, k: int, times: int) -> float:
        return min(scan_at(n, k) for _ in range(times))

    scan_at(1, 1)  # warm-up: imports, grammars, the planted finding's suggestions
    base = least(0, 1, REPEATS)
    k = 1
    top = MAX_SCALE.get(name, MAX_K)
    while least(1, k, 2) - base < FLOOR and k < top:
        k *= 2
    small: List[float] = []
    large: List[float] = []
    for repeat in range(REPEATS):
        small.append(scan_at(1, k))
        if repeat:
            large.append(scan_at(SPAN, k))
    return {"k": k, "base": base, "small": min(small), "large": min(large), "problems": problems}


def per_doubling(result: dict) -> float:
    """The growth of the CPU time above an empty sandbox's per doubling of the input, from size 1 to ``SPAN``."""
    grown = (result["large"] - result["base"]) / max(result["small"] - result["base"], 0.005)
    return grown ** (1 / math.log2(SPAN))


def growth_problems(names: List[str], tmp: Path, attempts: int = 2) -> Dict[str, str]:
    """What was seen for each of ``names`` whose doubling cost more than ``LIMIT``x the CPU time (none: ``{}``).

    One child process measures them all (``measure``, one interpreter start-up for the lot); a growth above the
    limit is measured once more, in a second child, before it counts.
    """
    problems: Dict[str, str] = {}
    todo = list(names)
    for attempt in range(attempts):
        if not todo:
            break
        folder = tmp / f"growth{attempt}"
        folder.mkdir()
        r = run([str(folder), *todo], tmp, cpu=120, module="tests.growth", timeout=300)
        assert r.code == 0 and "Traceback" not in r.err, str(r)
        results = json.loads(r.out)
        problems = {}
        for name in todo:
            result = results[name]
            assert not result["problems"], f"{name}:\n" + "\n".join(result["problems"])
            least = SMALLEST if name in MAX_SCALE else FLOOR / 2
            assert result["small"] - result["base"] >= least, f"{name}: too little work to measure: {result}"
            growth = per_doubling(result)
            if growth > LIMIT:
                problems[name] = (
                    f"{result['small'] - result['base']:.3f} s -> {result['large'] - result['base']:.3f} s of CPU "
                    f"above {result['base']:.3f} s from size 1 to {SPAN} at scale {result['k']}: "
                    f"{growth:.2f}x per doubling"
                )
        todo = sorted(problems)
    return problems


if __name__ == "__main__":
    where = Path(sys.argv[1])
    found = {}
    for grower in sys.argv[2:]:
        (where / grower).mkdir()
        found[grower] = measure(grower, where / grower)
    print(json.dumps(found))
