"""Notebooks take part in names that travel between files: the Python cells, read as one namespace,
call models with names imported from the project's modules and with environment values (``.env``)."""

from __future__ import annotations

import json
import pathlib
from typing import Dict, List, Optional

from .helpers import scan_json

TEXT = "gemini-3.8-flash"  # generateContent only: the wrong class for live.connect
LIVE = "gemini-2.5-flash-native-audio-latest"  # bidiGenerateContent


def notebook(cells: List[Optional[str]]) -> str:
    """An .ipynb with a Python kernel: each string a code cell, None a markdown cell."""
    out = []
    for text in cells:
        if text is None:
            out.append({"cell_type": "markdown", "metadata": {}, "source": ["# Notes\n"]})
        else:
            lines = text.splitlines(keepends=True)
            out.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": lines})
    kernel = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    return json.dumps({"cells": out, "metadata": kernel, "nbformat": 4, "nbformat_minor": 5})


SETUP = (
    "%pip install -q google-genai\n"
    "import os\n"
    "from google import genai\n"
    "from config import LIVE_MODEL\n"
    "client = genai.Client()\n"
)
CALLS = (
    "async with client.aio.live.connect(model=LIVE_MODEL, config={}) as session:\n"
    "    await session.send_client_content(turns=[])\n"
    'async with client.aio.live.connect(model=os.environ["VOICE_MODEL"]) as session:\n'
    "    pass\n"
)


def project(root: pathlib.Path, files: Dict[str, str]) -> None:
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n", encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def brief(found: List[dict]) -> List[tuple]:
    return sorted((f["path"], f["line"], f["code"], f["model"], tuple(r["path"] for r in f["related"])) for f in found)


def test_notebook_cells_link_to_config_and_env(tmp_path):
    project(
        tmp_path,
        {
            "config.py": f'"""Models."""\nLIVE_MODEL = "{TEXT}"\n',
            ".env": f"GEMINI_API_KEY=x\nVOICE_MODEL={TEXT}\n",
            "demo.ipynb": notebook([None, SETUP, CALLS]),
        },
    )
    found = scan_json(["."], cwd=tmp_path)["findings"]
    assert brief(found) == [
        (".env", 2, "GL002", TEXT, ("demo.ipynb",)),
        ("config.py", 2, "GL002", TEXT, ("demo.ipynb",)),
    ]
    by_path = {f["path"]: f for f in found}
    # The call sites are the notebook's: cell 3 (the markdown cell counts), lines 1 and 3 of that cell.
    assert [(r["cell"], r["line"]) for r in by_path["config.py"]["related"]] == [(3, 1)]
    assert [(r["cell"], r["line"]) for r in by_path[".env"]["related"]] == [(3, 3)]
    assert "live.connect (demo.ipynb:cell 3:1)" in by_path["config.py"]["detail"]
    # The right class in both places: nothing to say (the link is what made the findings).
    project(tmp_path, {"config.py": f'LIVE_MODEL = "{LIVE}"\n', ".env": f"VOICE_MODEL={LIVE}\n"})
    assert scan_json(["."], cwd=tmp_path)["findings"] == []


def test_notebook_alone_pre_commit_style_still_reaches_config(tmp_path):
    """Only the notebook given (a pre-commit run): the project around it is indexed and linked."""
    project(
        tmp_path,
        {
            "config.py": f'LIVE_MODEL = "{TEXT}"\n',
            ".env": f"VOICE_MODEL={LIVE}\n",
            "other.py": 'MODEL = "gemini-9.9-nothing"\n',
            "demo.ipynb": notebook([SETUP + CALLS]),
        },
    )
    found = scan_json(["demo.ipynb"], cwd=tmp_path)["findings"]
    assert brief(found) == [("config.py", 1, "GL002", TEXT, ("demo.ipynb",))]


def test_a_later_cell_rebinding_the_name_wins(tmp_path):
    """Cells share one namespace in order: a later cell's own literal replaces the imported name."""
    project(tmp_path, {"config.py": f'LIVE_MODEL = "{TEXT}"\n'})
    call = CALLS.split("async with client.aio.live.connect(model=os")[0]
    (tmp_path / "demo.ipynb").write_text(notebook([SETUP, "x = 1\n", call]), encoding="utf-8")
    assert brief(scan_json(["."], cwd=tmp_path)["findings"]) == [("config.py", 1, "GL002", TEXT, ("demo.ipynb",))]
    (tmp_path / "demo.ipynb").write_text(notebook([SETUP, f'LIVE_MODEL = "{LIVE}"\n', call]), encoding="utf-8")
    assert scan_json(["."], cwd=tmp_path)["findings"] == []
