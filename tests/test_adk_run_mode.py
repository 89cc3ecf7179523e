"""How an ADK agent is run decides the method its model needs (GL002); code that never runs it leaves that open."""

from __future__ import annotations

from typing import List, Tuple

from tests.helpers import scan_source
from tests.test_crossfile import findings, write

LIVE = "gemini-2.5-flash-native-audio-latest"  # bidiGenerateContent only
TEXT = "gemini-3.8-flash"  # generateContent only
HEAD = "from google.adk.agents import Agent, LlmAgent\n"


def codes(tmp_path, source: str) -> List[Tuple[int, str]]:
    return [(f.location.line, f.code) for f in scan_source(tmp_path, HEAD + source).findings]


def test_an_agent_nothing_here_runs_may_take_a_live_model(tmp_path) -> None:
    source = f'root_agent = Agent(model="{LIVE}", name="a")\nother = LlmAgent(model="{TEXT}", name="b")\n'
    assert codes(tmp_path, source) == []  # adk web, adk api_server, Agent Engine: text or live


def test_an_agent_run_here_as_text_needs_a_text_model(tmp_path) -> None:
    runner = "from google.adk.runners import InMemoryRunner\nrunner = InMemoryRunner(agent=agent)\n"
    assert codes(tmp_path, f'agent = Agent(model="{LIVE}", name="a")\n' + runner) == [(2, "GL002")]
    called = "async def main(r):\n    async for e in r.run_async(user_id='u', new_message=m):\n        pass\n"
    assert codes(tmp_path, f'agent = Agent(model="{LIVE}", name="a")\n' + called) == [(2, "GL002")]


def test_an_agent_run_live_here_needs_a_live_model(tmp_path) -> None:
    live = "async def main(r):\n    async for e in r.run_live(session=s, live_request_queue=q):\n        pass\n"
    assert codes(tmp_path, f'agent = Agent(model="{LIVE}", name="a")\n' + live) == []
    assert codes(tmp_path, f'agent = Agent(model="{TEXT}", name="a")\n' + live) == [(2, "GL002")]


def test_a_model_of_neither_class_is_still_wrong(tmp_path) -> None:
    assert (2, "GL002") in codes(tmp_path, 'agent = Agent(model="gemini-embedding-001", name="a")\n')


def test_a_runner_in_another_file_leaves_the_run_mode_open(tmp_path, monkeypatch) -> None:
    """``serve.py`` builds a runner: whether it calls ``run_async`` or ``run_live`` is its own business."""
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='x'\n",
            "app/__init__.py": "",
            "app/config.py": f'MODEL = "{LIVE}"\n',
            "app/agent.py": HEAD + "from .config import MODEL\nroot_agent = Agent(model=MODEL, name='a')\n",
            "app/serve.py": "from google.adk.runners import Runner\nfrom .agent import root_agent\n"
            "runner = Runner(agent=root_agent)\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == []
