"""Real local git repositories for the sweep tests (issue 29), served as file:// URLs."""

from __future__ import annotations

import os
import pathlib
import subprocess
from typing import Dict

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(folder: pathlib.Path, *args: str) -> str:
    """Run git in ``folder`` with a fixed identity and no user or system configuration."""
    done = subprocess.run(
        ["git", *args], cwd=folder, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    )
    return done.stdout


def make_repo(folder: pathlib.Path, files: Dict[str, str]) -> str:
    """A git repository at ``folder`` with ``files`` committed on ``main``; returns the commit."""
    folder.mkdir(parents=True)
    git(folder, "init", "-q", "-b", "main")
    commit_files(folder, files, "initial")
    return git(folder, "rev-parse", "HEAD").strip()


def commit_files(folder: pathlib.Path, files: Dict[str, str], message: str) -> str:
    """Write ``files`` and commit them; returns the new commit."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
    return git(folder, "rev-parse", "HEAD").strip()


CALL = "from google import genai\n\nclient = genai.Client()\n\n\n"

# Today is 2026-11-25 (tests/helpers.TODAY). gemini-2.5-flash shuts down on 2026-12-01, gemini-1.5-pro is
# retired, gemini-2.5-flash-image goes on 2027-03-15, gemini-3.1-flash-lite on 2027-05-07 and
# gemini-embedding-001 on 2028-05-14 (gemlint/data/lifecycle.json).
ALPHA = {
    "app.py": CALL
    + 'def ask(q):\n    return client.models.generate_content(model="gemini-2.5-flash", contents=q)\n\n\n'
    + 'def again(q):\n    return client.models.generate_content(model="gemini-2.5-flash", contents=q)\n\n\n'
    + 'OLD = "gemini-1.5-pro"\n\n\ndef old(q):\n    return client.models.generate_content(model=OLD, contents=q)\n',
    "svc/embed.py": CALL + 'def embed(t):\n    return client.models.embed_content(model="gemini-embedding-001", '
    "contents=t)\n",
    ".github/CODEOWNERS": "# owners\n* @acme/alpha\n/svc/ @acme/search\n",
}
BETA = {
    "web/app.ts": 'import { GoogleGenAI } from "@google/genai";\n\nconst ai = new GoogleGenAI({});\n\n'
    'export async function ask(q: string) {\n  return ai.models.generateContent({ model: "gemini-2.5-flash", '
    "contents: q });\n}\n",
    "tools.py": CALL + 'def draw(p):\n    return client.models.generate_content(model="gemini-2.5-flash-image", '
    "contents=p)\n",
}
GAMMA = {
    "main.py": CALL + 'def ask(q):\n    return client.models.generate_content(model="gemini-3.1-flash-lite", '
    "contents=q)\n",
    "README.md": "A clean service.\n",
}
