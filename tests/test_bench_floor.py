"""``bench/floor.py`` (the floor of an ast scan, for ``bench/corpus.py --floor``) parses only what names a model."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

FLOOR = pathlib.Path(__file__).resolve().parent.parent / "bench" / "floor.py"


def test_only_sources_and_cells_that_name_a_model_are_parsed(tmp_path):
    (tmp_path / "a.py").write_text('MODEL = "gemini-3.8-flash"\n')
    (tmp_path / "b.py").write_text("print('nothing here')\n")
    (tmp_path / "broken.py").write_text('x = ("gemini-3.8-flash"\n')  # a syntax error is counted, not fatal
    cells = [{"cell_type": "code", "source": ["m = 'gemma-3'\n"]}, {"cell_type": "code", "source": "print(1)\n"}]
    (tmp_path / "n.ipynb").write_text(json.dumps({"cells": cells + [{"cell_type": "markdown", "source": "gemini"}]}))
    (tmp_path / "c.ts").write_text("const m = 'gemini-3.8-flash';\n")
    out = subprocess.run(
        [sys.executable, str(FLOOR), str(tmp_path), "--jobs", "1"], capture_output=True, text=True, check=True
    )
    report = json.loads(out.stdout)
    assert (report["files"], report["parsed_here"]) == (5, 4)  # parsed: a.py, broken.py, one cell, c.ts
