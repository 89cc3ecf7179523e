"""One small file of every type gemlint reads, each with a misspelt model name that gets a diagnostic: what the
editor snippet tests open (``tests/test_nvim.py``, ``tests/test_editor_snippets.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Iterable

TYPO = "gemini-3.8-flsh"
PY = f'client.models.generate_content(model="{TYPO}", contents="x")\n'
TS = f"await ai.models.generateContent({{ model: '{TYPO}', contents: 'x' }});\n"
VUE = f'<template><p>{{{{ answer }}}}</p></template>\n<script setup lang="ts">\n{TS}</script>\n'
SVELTE = f"<script>\n{TS}</script>\n<h1>hi</h1>\n"
PAGE = f'<!doctype html>\n<p>hi</p>\n<script type="module">\n{TS}</script>\n'

NOTEBOOK = json.dumps(
    {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
                   "source": [PY]}],
        "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)  # fmt: skip

EVERY_FILE_TYPE: Dict[str, str] = {
    "app.py": PY,
    "stub.pyi": PY,
    "explore.ipynb": NOTEBOOK + "\n",
    "live.ts": TS,
    "esm.mts": TS,
    "cjs.cts": TS,
    "view.tsx": TS,
    "main.js": TS,
    "esm.mjs": TS,
    "common.cjs": TS,
    "view.jsx": TS,
    "App.vue": VUE,
    "App.svelte": SVELTE,
    "index.html": PAGE,
    "page.htm": PAGE,
    ".env": f"GEMINI_MODEL={TYPO}\n",
    ".env.local": f"GEMINI_MODEL={TYPO}\n",
    "conf.yaml": f"model: {TYPO}\n",
    "conf.yml": f"model: {TYPO}\n",
    "conf.json": f'{{"model": "{TYPO}"}}\n',
    "conf.toml": f'model = "{TYPO}"\n',
}


def write_files(folder: Path, names: Iterable[str]) -> None:
    """``folder`` as a project (a pyproject.toml with ``[tool.gemlint]``) holding the files ``names``."""
    (folder / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    for name in names:
        (folder / name).write_text(EVERY_FILE_TYPE[name], encoding="utf-8")
