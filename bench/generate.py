"""Deterministic generator of a large mixed source tree for gemlint's benchmark.

    python bench/generate.py OUT_DIR --files 20000 [--seed 1]

The tree looks like a monorepo: Python services and libraries, a TS/TSX/JS web
app, notebooks (some with base64 PNG outputs), minified ``*.min.js`` files,
single-line 1-5 MB bundles under ``dist/`` and ``build/``, vendored folders
(``node_modules/``, ``.venv/``, ``__pycache__/``) that gemlint's built-in
excludes skip, ``vendor/`` (excluded by the root ``pyproject.toml``) and
``.env``/YAML/JSON settings. About 3% of the files mention models the way real
code does (constants passed to ``generate_content``, ``live.connect``,
``embed_content``, REST URLs, ...), a quarter of those with bad names (typos,
retired or wrong-kind models).

Everything comes from one seeded ``random.Random``: the same ``--files`` and
``--seed`` give byte-identical files. ``--files`` scales every kind of file
proportionally. No ``.gitignore`` (or other ignore file) is written, so
ripgrep and gemlint see the same files.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Dict, List, Set, Union

# A file with a model call at a fixed place: the runner's one-file (pre-commit) target.
ONE_FILE = "services/api/app/llm/gemini_client.py"
# A pair whose model name travels between files (fixed content, written last: the rest of the tree is unchanged).
LINKED_FILE = "services/api/app/llm/live_voice.py"
LINKED_FILES = {
    "services/api/app/llm/models_config.py": '"""Model choices."""\nimport os\n\n'
    'LIVE_MODEL = os.getenv("LIVE_MODEL", "gemini-3.8-flash")  # a text model: wrong for the Live API\n',
    LINKED_FILE: "from google import genai\n\nfrom .models_config import LIVE_MODEL\n\nclient = genai.Client()\n\n\n"
    "async def converse(audio):\n    async with client.aio.live.connect(model=LIVE_MODEL) as session:\n"
    "        await session.send_realtime_input(audio=audio)\n",
}

# Share of the --files budget per kind of file (sums to 1).
MIX: Dict[str, float] = {
    "py": 0.50,
    "ts": 0.10,
    "tsx": 0.06,
    "js": 0.04,
    "ipynb": 0.03,
    "minjs": 0.015,
    "settings": 0.025,
    "pycache": 0.01,
    "node_modules": 0.12,
    "venv": 0.07,
    "vendor": 0.03,
}
# Chance that a file of this kind mentions a model (about 3% of all files overall).
MODEL_RATE = {"py": 0.03, "ts": 0.04, "tsx": 0.04, "js": 0.03, "ipynb": 0.25, "minjs": 0.05, "settings": 0.10}
# Share of model files that only carry look-alikes (gemini-api-key, gemini-cli): prefilter hits, no model.
LOOKALIKE_RATE = 0.01

WORDS = (
    "account address agent alert archive asset audit batch billing buffer cache call campaign cart channel chunk "
    "client cluster config contact content context cursor customer dataset digest document draft entry event export "
    "feature feed field file filter flag form frame gateway graph group handler header history image index invoice "
    "item job journal key label layer lead ledger limit link listing log mailbox manifest message metric module node "
    "note order owner packet page palette parser partner payload payment peer permission pipeline plan policy pool "
    "post preview price profile project prompt provider queue quota rate record region report request resource "
    "response result review role route rule schedule schema score search segment session setting shard signal "
    "snapshot source span stage state status step store stream summary task template tenant thread ticket token topic "
    "trace track transcript upload usage user vector version view voice webhook widget worker workspace"
).split()
VERBS = (
    "build check clean collect compute convert create decode delete detect encode fetch filter find flush format get "
    "handle list load merge normalize parse prepare process publish read refresh register render resolve restore "
    "retry save schedule send serialize split store sync transform update upload validate write"
).split()
PY_IMPORTS = [
    "import os",
    "import re",
    "import json",
    "import time",
    "import logging",
    "import asyncio",
    "import hashlib",
    "import functools",
    "import itertools",
    "from collections import defaultdict",
    "from dataclasses import dataclass, field",
    "from datetime import datetime, timedelta",
    "from pathlib import Path",
    "from typing import Any, Dict, Iterable, List, Optional",
    "import requests",
    "import numpy as np",
    "import pandas as pd",
    "from pydantic import BaseModel",
    "import httpx",
    "from sqlalchemy import Column, String",
    "from fastapi import APIRouter, Depends, HTTPException",
    "from celery import shared_task",
    "import boto3",
]
TS_IMPORTS = [
    "import { z } from 'zod';",
    "import axios from 'axios';",
    "import { format } from 'date-fns';",
    "import type { Request, Response } from 'express';",
    "import { useQuery } from '@tanstack/react-query';",
    "import { clsx } from 'clsx';",
    "import { logger } from '../lib/logger';",
    "import { api } from './api';",
]
PY_STMTS = [
    "{a} = {b}.{m}({c}, {w}={n})",
    'if not {a}:\n    raise ValueError(f"invalid {w}: {{{a}!r}}")',
    "for {x} in {b}:\n    {c}.append({x}.{m}())",
    'logger.debug("{w} %s %s", {a}, {b})',
    "{a} = [{x} for {x} in {b} if {x}.{w}]",
    'with open({a}, encoding="utf-8") as fh:\n    {b} = json.load(fh)',
    'try:\n    {a} = {b}["{w}"]\nexcept KeyError:\n    {a} = None',
    '{a} = {{"{w}": {b}, "{w2}": {c}}}',
    "# {sentence}",
    "{a} += len({b}) * {n}",
    "if {a} is None:\n    return {b}",
    "while {a} < {n}:\n    {a} += {c}.{m}()",
    "{a} = {b}.{m}({c})\n{a}.{m2}()",
]
TS_STMTS = [
    "const {a} = {b}.{m}({c});",
    "if (!{a}) {{\n  throw new Error(`invalid {w}: ${{{a}}}`);\n}}",
    "for (const {x} of {b}) {{\n  {c}.push({x}.{m}());\n}}",
    "const {a} = {b}.filter(({x}) => {x}.{w} > {n});",
    "console.debug('{w}', {a});",
    "const {a} = await fetch(`/api/{w}/${{{b}}}`);",
    "// {sentence}",
    "let {a} = {n};",
    "const {a} = {{ ...{b}, {w}: {c} }};",
]
MIN_SNIPPETS = [
    "function {a}(e,t){{return e.{w}(t)||null}}",
    "var {a}={b}.{w}||{{}};",
    "{a}.prototype.{w}=function(e){{return this.{w2}.get(e)}};",
    'if(!{a})throw new Error("{w} {w2}");',
    "const {a}=({b},{c})=>{b}.{w}({c}.length);",
    "e.exports={{{w}:{a},{w2}:{b}}};",
    "for(var {a}=0;{a}<{b}.length;{a}++){c}.push({b}[{a}]);",
    '{a}.{w}="{w2}-{n}";',
]

# Model names, by how they should lint (from gemlint/data: listed, retired, unknown, wrong kind).
TEXT_MODELS = [
    "gemini-3.8-flash",
    "gemini-2.5-flash",
    "gemini-2.5-pro",
    "gemini-3.1-pro-preview",
    "gemini-3.5-flash-lite",
    "gemini-flash-latest",
    "gemini-3.1-flash-lite",
]
LIVE_MODELS = ["gemini-3.1-flash-live-preview", "gemini-2.5-flash-native-audio-preview-12-2025", "gemini-3.8-live"]
EMBED_MODELS = ["gemini-embedding-2", "gemini-embedding-001"]
RETIRED = ["gemini-1.5-pro", "gemini-1.5-flash", "gemini-2.0-flash", "gemini-2.0-flash-exp", "gemini-pro-vision"]
UNKNOWN = ["gemini-3.8-flsh", "gemini-3.9-flash", "gemini-2.5-flash-latest", "gemini-25-pro"]

# Type annotations the TS templates use; taken out for .js files.
TS_TYPES = re.compile(r": (?:any|string|unknown|GoogleGenAI)\b(?:\[\])?")

Content = Union[str, bytes]


def camel(words: List[str]) -> str:
    """``["user", "record"]`` -> ``UserRecord``."""
    return "".join(w.capitalize() for w in words)


class Generator:
    """Builds the tree's files in memory, in a fixed order, from one seeded RNG."""

    def __init__(self, files: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.files = files
        self.out: Dict[str, Content] = {}
        self.model_files = 0
        # random.sample is slow; slices of one long shuffled word list serve as random word runs.
        self.stream = WORDS * 40
        self.rng.shuffle(self.stream)
        # Pools of pre-rendered bodies keep generation fast; file-level names keep files distinct.
        self.py_bodies = [self._body(PY_STMTS, "py") for _ in range(1500)]
        self.ts_bodies = [self._body(TS_STMTS, "ts") for _ in range(1000)]
        self.min_pool = [self._fill(self.rng.choice(MIN_SNIPPETS), "min") for _ in range(4000)]

    # -- small pieces -------------------------------------------------------

    def name(self, style: str, k: int = 2) -> str:
        """An identifier of ``k`` words: snake (py), camel (ts) or short (minified)."""
        rng = self.rng
        if style == "min":
            return rng.choice("etnrioaschlu") + rng.choice(["", str(rng.randrange(10)), rng.choice("ABCDEFxyz")])
        words = self.words(k)
        return "_".join(words) if style == "py" else words[0] + camel(words[1:])

    def words(self, k: int) -> List[str]:
        """``k`` random words, distinct in practice (a run of the shuffled stream)."""
        start = self.rng.randrange(len(self.stream) - k)
        return self.stream[start : start + k]

    def sentence(self, lo: int = 4, hi: int = 10) -> str:
        return " ".join(self.words(self.rng.randint(lo, hi))).capitalize()

    def _fill(self, template: str, style: str) -> str:
        rng = self.rng
        return template.format(
            a=self.name(style),
            b=self.name(style, 1),
            c=self.name(style),
            x=rng.choice(["item", "row", "entry", "x"]),
            m=rng.choice(VERBS),
            m2=rng.choice(VERBS),
            w=rng.choice(WORDS),
            w2=rng.choice(WORDS),
            n=rng.randrange(1, 500),
            sentence=self.sentence(),
        )

    def _body(self, stmts: List[str], style: str) -> str:
        lines = [self._fill(self.rng.choice(stmts), style) for _ in range(self.rng.randint(2, 12))]
        end = "return {}" if style == "py" else "return {};"
        return "\n".join(lines + [end.format(self.name(style))])

    def args(self, style: str, k: int = 2) -> str:
        """``k`` distinct one-word parameter names (``a, b`` or ``a: any, b: any``)."""
        words = list(dict.fromkeys(self.words(k)))  # a rare repeat would be a duplicate parameter
        return ", ".join(words if style == "py" else (f"{w}: any" for w in words))

    @staticmethod
    def indent(text: str, n: int) -> str:
        pad = " " * n
        return pad + text.replace("\n", "\n" + pad)

    # -- model mentions -------------------------------------------------------

    def text_model(self) -> str:
        """A model for generate_content: mostly good, some retired, typos, or a Live-only model."""
        r = self.rng.random()
        pool = TEXT_MODELS if r < 0.75 else RETIRED if r < 0.85 else UNKNOWN if r < 0.93 else LIVE_MODELS
        return self.rng.choice(pool)

    def py_model_snippet(self) -> str:
        rng, m, fn = self.rng, self.text_model(), self.name("py")
        kind = rng.randrange(8)
        if kind == 0:
            return (
                f'MODEL_ID = "{m}"  # @param ["{TEXT_MODELS[0]}", "{TEXT_MODELS[2]}"]\n\n\n'
                f"def {fn}(client: genai.Client, prompt: str) -> str:\n"
                "    response = client.models.generate_content(model=MODEL_ID, contents=prompt)\n"
                "    return response.text\n"
            )
        if kind == 1:
            return (
                f'GEMINI_MODEL = os.getenv("GEMINI_MODEL", "{m}")\n\n\n'
                f"def {fn}(client, prompt):\n"
                "    for chunk in client.models.generate_content_stream(model=GEMINI_MODEL, contents=prompt):\n"
                "        yield chunk.text\n"
            )
        if kind == 2:
            live = rng.choice(LIVE_MODELS) if rng.random() < 0.8 else m
            return (
                f'LIVE_MODEL = "{live}"\n\n\n'
                f"async def {fn}(client: genai.Client, text: str) -> None:\n"
                '    config = types.LiveConnectConfig(response_modalities=["AUDIO"])\n'
                "    async with client.aio.live.connect(model=LIVE_MODEL, config=config) as session:\n"
                "        await session.send_realtime_input(text=text)\n"
                "        async for message in session.receive():\n"
                "            print(message.server_content)\n"
            )
        if kind == 3:
            emb = rng.choice(EMBED_MODELS) if rng.random() < 0.8 else rng.choice(["text-embedding-004", m])
            return (
                f"def {fn}(client, texts):\n"
                f'    return client.models.embed_content(model="{emb}", contents=texts).embeddings\n'
            )
        if kind == 4:
            return (
                f"def {fn}(prompt: str, key: str) -> dict:\n"
                f'    url = f"https://generativelanguage.googleapis.com/v1beta/models/{m}:generateContent"\n'
                '    return requests.post(url, params={"key": key}, json={"contents": prompt}).json()\n'
            )
        if kind == 5:
            return (
                f"def {fn}():\n    import google.generativeai as legacy_genai\n\n"
                f'    return legacy_genai.GenerativeModel("{m}")\n'
            )
        if kind == 6:
            return (
                f"def {fn}():\n    from langchain_google_genai import ChatGoogleGenerativeAI\n\n"
                f'    return ChatGoogleGenerativeAI(model="{m}", temperature=0)\n'
            )
        return (
            f"class {camel(fn.split('_'))}Chat:\n"
            f'    model_name = "{m}"\n\n'
            "    def __init__(self, client):\n"
            "        self.chat = client.chats.create(model=self.model_name)\n\n"
            "    def count(self, client, text):\n"
            f'        return client.models.count_tokens(model="{m}", contents=text)\n'
        )

    def ts_model_snippet(self, tsx: bool) -> str:
        rng, m, fn = self.rng, self.text_model(), self.name("ts")
        kind = rng.randrange(7 if tsx else 6)
        if kind == 0:
            return (
                f"const MODEL = '{m}';\n\nexport async function {fn}(ai: GoogleGenAI, text: string) {{\n"
                "  const response = await ai.models.generateContent({ model: MODEL, contents: text });\n"
                "  return response.text;\n}\n"
            )
        if kind == 1:
            live = rng.choice(LIVE_MODELS) if rng.random() < 0.8 else m
            return (
                f"export async function {fn}(ai: GoogleGenAI) {{\n  return ai.live.connect({{\n"
                f"    model: '{live}',\n    config: {{ responseModalities: [Modality.AUDIO] }},\n"
                "    callbacks: { onmessage: (msg) => console.debug(msg), onclose: () => undefined },\n  });\n}\n"
            )
        if kind == 2:
            return f"export const {fn} = (prompt: string) => generateText({{ model: google('{m}'), prompt }});\n"
        if kind == 3:
            return f'export function {fn}(genAI: any) {{\n  return genAI.getGenerativeModel({{ model: "{m}" }});\n}}\n'
        if kind == 4:
            emb = rng.choice(EMBED_MODELS) if rng.random() < 0.8 else m
            return (
                f"export async function {fn}(ai: GoogleGenAI, contents: string[]) {{\n"
                f"  return ai.models.embedContent({{ model: '{emb}', contents }});\n}}\n"
            )
        if kind == 5:
            return (
                f"export async function {fn}(key: string, body: unknown) {{\n  const url = "
                f"`https://generativelanguage.googleapis.com/v1beta/models/{m}:streamGenerateContent?alt=sse`;\n"
                "  return fetch(`${url}&key=${key}`, { method: 'POST', body: JSON.stringify(body) });\n}\n"
            )
        return (
            f"export function {camel([fn])}Picker() {{\n"
            f'  const [model, setModel] = useState("models/{m}");\n'
            "  return <select value={model} onChange={(e) => setModel(e.target.value)} />;\n}\n"
        )

    def lookalike(self) -> str:
        return self.rng.choice(
            [
                'API_KEY_HEADER = "gemini-api-key"',
                'CLI = "gemini-cli"',
                'DOCS = "https://ai.google.dev/gemini-api/docs/models"',
            ]
        )

    # -- whole files ----------------------------------------------------------

    def py_module(self, target: int, model: bool = False) -> str:
        """A plain Python module of about ``target`` bytes, with a model snippet when ``model``."""
        rng = self.rng
        imports = sorted(rng.sample(PY_IMPORTS, rng.randint(2, 8)))
        if model:
            imports += ["", "from google import genai", "from google.genai import types"]
        head = f'"""{self.sentence(6, 14)}."""\n\n' + "\n".join(imports)
        parts = [head + "\n\nlogger = logging.getLogger(__name__)\n"]
        size = len(parts[0])
        while size < target:
            if rng.random() < 0.3:
                cls = camel(self.words(2))
                methods = [
                    f"    def {rng.choice(VERBS)}_{self.name('py')}(self, {self.args('py')}=None):\n"
                    f'        """{self.sentence()}."""\n' + self.indent(rng.choice(self.py_bodies), 8) + "\n"
                    for _ in range(rng.randint(1, 5))
                ]
                part = f'class {cls}:\n    """{self.sentence()}."""\n\n' + "\n".join(methods)
            else:
                part = (
                    f"def {rng.choice(VERBS)}_{self.name('py')}({self.args('py')}):\n"
                    f'    """{self.sentence()}."""\n' + self.indent(rng.choice(self.py_bodies), 4) + "\n"
                )
            parts.append(part)
            size += len(part)
        if model:
            parts.insert(rng.randint(1, len(parts)), self.py_model_snippet())
        elif rng.random() < LOOKALIKE_RATE:
            parts.insert(1, self.lookalike() + "\n")
        return "\n\n".join(parts)

    def ts_module(self, target: int, ext: str = "ts", model: bool = False) -> str:
        """A TS/TSX/JS module: imports, functions, React components for TSX; JS has the types taken out."""
        rng, tsx = self.rng, ext == "tsx"
        head = sorted(rng.sample(TS_IMPORTS, rng.randint(1, 4)))
        if tsx:
            head.insert(0, "import React, { useEffect, useState } from 'react';")
        if model:
            head.append("import { GoogleGenAI, Modality } from '@google/genai';")
        parts = ["\n".join(head) + "\n"]
        size = len(parts[0])
        while size < target:
            fn, a = self.name("ts"), self.name("ts", 1)
            if tsx and rng.random() < 0.5:
                comp = camel(self.words(2))
                part = (
                    f"export function {comp}({{ {a}, items }}: {{ {a}: string; items: any[] }}) {{\n"
                    f"  const [{fn}, set{camel([fn])}] = useState<number>({rng.randrange(100)});\n"
                    "  useEffect(() => {\n    (async () => {\n"
                    f"{self.indent(rng.choice(self.ts_bodies), 6)}\n    }})();\n"
                    f"  }}, [{a}]);\n"
                    f'  return (\n    <div className="{rng.choice(WORDS)}-{rng.choice(WORDS)}">\n'
                    f"      <h2>{self.sentence()}</h2>\n"
                    "      {items.map((item) => <span key={item.id}>{item.label}</span>)}\n"
                    "    </div>\n  );\n}\n"
                )
            else:
                part = (
                    f"/** {self.sentence()}. */\nexport async function {fn}({self.args('ts')}) {{\n"
                    + self.indent(rng.choice(self.ts_bodies), 2)
                    + "\n}\n"
                )
            parts.append(part)
            size += len(part)
        if model:
            parts.insert(rng.randint(1, len(parts)), self.ts_model_snippet(tsx))
        elif rng.random() < LOOKALIKE_RATE:
            parts.insert(1, "const HEADER = 'gemini-api-key';\n")
        text = "\n".join(parts)
        return TS_TYPES.sub("", text.replace("import type ", "import ")) if ext == "js" else text

    def minified(self, target: int, model: bool = False) -> str:
        """One line of minified JavaScript of about ``target`` bytes."""
        snippets = self.rng.choices(self.min_pool, k=max(1, target // 36))
        if model:
            snippets.insert(
                self.rng.randrange(len(snippets)),
                f'n.models.generateContent({{model:"{self.text_model()}",contents:t}});',
            )
        return '!function(e,t){"use strict";' + "".join(snippets) + "}(this,{});\n//# sourceMappingURL=app.js.map\n"

    def notebook(self, model: bool = False) -> str:
        """An nbformat 4 notebook; some code cells have outputs, some of them base64 PNGs."""
        rng = self.rng
        cells = [{"cell_type": "markdown", "metadata": {}, "source": [f"# {self.sentence(3, 7)}"]}]
        code = [rng.choice(self.py_bodies) for _ in range(rng.randint(3, 20))]
        if model:
            m = self.text_model()
            code[:0] = [
                "!pip install -U -q google-genai",
                "from google import genai\n\nclient = genai.Client()",
                f'MODEL_ID = "{m}"  # @param ["{TEXT_MODELS[0]}", "{m}"] {{"allow-input": true}}',
            ]
            code.append(
                'response = client.models.generate_content(model=MODEL_ID, contents="Hello")\nprint(response.text)'
            )
        images = rng.random() < 0.4
        for n, src in enumerate(code, 1):
            outputs: List[dict] = []
            if rng.random() < 0.4:
                outputs.append({"name": "stdout", "output_type": "stream", "text": [self.sentence() + "\n"]})
            if images and rng.random() < 0.25:
                png = b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randint(5_000, 80_000))
                outputs.append(
                    {
                        "data": {
                            "image/png": base64.b64encode(png).decode() + "\n",
                            "text/plain": ["<Figure size 640x480 with 1 Axes>"],
                        },
                        "metadata": {},
                        "output_type": "display_data",
                    }
                )
            lines = src.replace("return ", "result = ").splitlines(keepends=True)
            cells.append(
                {"cell_type": "code", "execution_count": n, "metadata": {}, "outputs": outputs, "source": lines}
            )
        nb = {
            "cells": cells,
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def settings(self, base: str, model: bool = False) -> str:
        """A .env, YAML or JSON settings file."""
        rng = self.rng
        keys = [self.name("py").upper() for _ in range(rng.randint(3, 25))]
        m = self.text_model()
        if base.startswith(".env"):
            lines = [f"{k}={rng.choice(WORDS)}-{rng.randrange(1000)}" for k in keys] + ["GEMINI_API_KEY=changeme"]
            return "\n".join(lines + ([f"GEMINI_MODEL={m}"] if model else [])) + "\n"
        data: Dict[str, object] = {k.lower(): rng.choice([rng.randrange(10**4), rng.choice(WORDS), True]) for k in keys}
        if model:
            data["llm"] = {"provider": "google", "model": m}
        if base.endswith(".json"):
            return json.dumps(data, indent=2) + "\n"
        out = []
        for k, v in data.items():
            if isinstance(v, dict):
                out.append(f"{k}:\n" + "".join(f"  {a}: {b}\n" for a, b in v.items()))
            else:
                out.append(f"{k}: {str(v).lower() if isinstance(v, bool) else v}\n")
        return "".join(out)

    # -- layout -----------------------------------------------------------------

    def add(self, path: str, content: Content) -> None:
        """Record a file; a clashing name gets a numeric suffix (``a_2.min.js``, ``.env.2``)."""
        head, _, name = path.rpartition("/")
        dot = name.find(".", 1)
        stem, ext = (name, "") if dot < 0 or name.startswith(".") else (name[:dot], name[dot:])
        k, new = 1, path
        while new in self.out:
            k += 1
            new = f"{head}/{name}.{k}" if name.startswith(".") else f"{head}/{stem}_{k}{ext}"
        self.out[new.lstrip("/")] = content

    def dirs(self, templates: List[str], count: int) -> List[str]:
        """About one directory per 12 files, from ``templates`` with ``{w}``/``{v}`` word slots."""
        rng = self.rng
        found: List[str] = []
        for _ in range(max(2, count // 12)):
            t = rng.choice(templates)
            found.append(t.format(w=rng.choice(WORDS), v=rng.choice(WORDS)))
        return found

    def file_name(self, ext: str) -> str:
        """One to three words joined by ``_``, with extension ``ext``."""
        return "_".join(self.words(self.rng.randint(1, 3))) + "." + ext

    def build(self) -> Dict[str, Content]:
        """Generate every file; returns ``{relative path: content}`` in generation order."""
        rng, n = self.rng, self.files
        counts = {k: max(1, round(n * share)) for k, share in MIX.items()}

        def model_here(kind: str) -> bool:
            hit = rng.random() < MODEL_RATE[kind]
            self.model_files += hit
            return hit

        self.add(
            "pyproject.toml",
            '[project]\nname = "acme-platform"\nversion = "2.4.0"\n'
            'dependencies = ["google-genai", "fastapi", "requests"]\n\n'
            '[tool.gemlint]\nexclude = ["vendor/"]\nextra-models = ["gemini-3.8-flash-acme-tuned"]\n',
        )
        self.add(
            "web/package.json",
            json.dumps(
                {"name": "web", "private": True, "dependencies": {"@google/genai": "^2.18.0", "react": "^19.0.0"}},
                indent=2,
            )
            + "\n",
        )
        self.add(ONE_FILE, self.py_module(3000, model=True))
        self.model_files += 1

        py_dirs = self.dirs(["services/{w}/app/{v}", "libs/{w}/{w}/{v}", "tests/{w}", "scripts/{w}"], counts["py"])
        for _ in range(counts["py"] - 1):
            size = int(min(30_000, max(1_000, rng.lognormvariate(8.6, 0.8))))
            self.add(f"{rng.choice(py_dirs)}/{self.file_name('py')}", self.py_module(size, model_here("py")))

        ts_dirs = self.dirs(
            ["web/src/{w}", "web/src/components/{w}", "packages/{w}/src", "apps/{w}/src/{v}"],
            counts["ts"] + counts["tsx"] + counts["js"],
        )
        for ext in ("ts", "tsx", "js"):
            for _ in range(counts[ext]):
                size = int(min(20_000, max(400, rng.lognormvariate(7.9, 0.8))))
                text = self.ts_module(size, ext, model_here(ext))
                self.add(f"{rng.choice(ts_dirs)}/{self.file_name(ext)}", text)

        nb_dirs = self.dirs(["notebooks/{w}", "research/{w}/notebooks"], counts["ipynb"])
        for _ in range(counts["ipynb"]):
            self.add(f"{rng.choice(nb_dirs)}/{self.file_name('ipynb')}", self.notebook(model_here("ipynb")))

        min_dirs = self.dirs(["web/public/static/js", "services/{w}/static/js", "docs/assets/{w}"], counts["minjs"])
        for _ in range(counts["minjs"]):
            size = int(min(300_000, max(20_000, rng.lognormvariate(11.0, 0.7))))
            self.add(f"{rng.choice(min_dirs)}/{rng.choice(WORDS)}.min.js", self.minified(size, model_here("minjs")))
        for k in range(max(1, round(n / 4000))):
            where = rng.choice(["web/dist/assets", "build/static/js", f"packages/{rng.choice(WORDS)}/dist"])
            self.add(
                f"{where}/index-{k:02d}{rng.randrange(16**6):06x}.js",
                self.minified(rng.randint(1_000_000, 5_000_000), model=True),
            )

        set_dirs = ["", "config"] + self.dirs(["services/{w}", "config/{w}", "deploy/{w}"], counts["settings"])
        for _ in range(counts["settings"]):
            base = rng.choice([".env", ".env.local", ".env.production", "{w}.yaml", "{w}.yml", "{w}.json"])
            base = base.format(w=rng.choice(WORDS))
            path = f"{rng.choice(set_dirs)}/{base}".lstrip("/")
            self.add(path, self.settings(base, model_here("settings")))

        for _ in range(counts["pycache"]):
            path = f"{rng.choice(py_dirs)}/__pycache__/{rng.choice(WORDS)}.cpython-311.pyc"
            self.add(path, b"\xa7\r\r\n" + rng.randbytes(rng.randint(1_000, 20_000)))

        self.vendored(counts)
        for path, text in LINKED_FILES.items():
            self.add(path, text)
        self.model_files += 1
        return self.out

    def vendored(self, counts: Dict[str, int]) -> None:
        """node_modules/ and .venv/ (built-in excludes) and vendor/ (excluded in pyproject.toml); model names too."""
        rng = self.rng
        for _ in range(counts["node_modules"]):
            pkg = rng.choice(["@google/genai", "react-dom", "lodash", "axios", "zod", f"{rng.choice(WORDS)}-utils"])
            root = rng.choice(["node_modules", "web/node_modules"])
            ext = rng.choice(["js", "cjs", "mjs", "d.ts", "js"])
            text = self.ts_module(int(rng.lognormvariate(8.0, 1.0)), model=pkg == "@google/genai")
            self.add(f"{root}/{pkg}/{rng.choice(['dist', 'lib', 'src'])}/{rng.choice(WORDS)}.{ext}", text)
        for _ in range(counts["venv"]):
            pkg = rng.choice(["google/genai", "pydantic", "httpx", "numpy/core", "requests", rng.choice(WORDS)])
            text = self.py_module(int(min(60_000, rng.lognormvariate(8.8, 1.0))), model=pkg == "google/genai")
            self.add(f".venv/lib/python3.11/site-packages/{pkg}/{self.file_name('py')}", text)
        for _ in range(counts["vendor"]):
            text = self.py_module(int(rng.lognormvariate(8.5, 0.8)), model=rng.random() < 0.1)
            self.add(f"vendor/{rng.choice(WORDS)}/{self.file_name('py')}", text)


def generate(out_dir: Path, files: int = 20000, seed: int = 1) -> Dict[str, int]:
    """Write the tree to ``out_dir`` (must not exist; written to a sibling, then renamed).

    Returns counts: files, bytes, model_files.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        raise FileExistsError(f"{out_dir} exists; remove it first")
    gen = Generator(files, seed)
    tree = gen.build()
    tmp = out_dir.with_name(out_dir.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    made: Set[Path] = set()
    total = 0
    for rel, content in tree.items():
        path = tmp / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        total += len(data)
    os.replace(tmp, out_dir)
    return {"files": len(tree), "bytes": total, "model_files": gen.model_files}


def main(argv: Union[List[str], None] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--files", type=int, default=20000, help="about how many files (default 20000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        stats = generate(args.out_dir, args.files, args.seed)
    except FileExistsError as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    took = time.perf_counter() - start
    print(
        f"{args.out_dir}: {stats['files']} files, {stats['bytes'] / 2**20:.1f} MiB, "
        f"{stats['model_files']} mention models; {took:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
