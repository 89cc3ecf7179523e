"""Python values that travel to a call across the project (issue 23), each with a negative twin.

Every case writes a small project whose retired name ``gemini-1.5-pro`` reaches a call through
one path (a reference: GL003 error) while its twin ``gemini-1.5-flash`` sits in the same kind of
place but reaches no call (a mention: GL003 warning).
"""

from __future__ import annotations

import json
import pathlib
import textwrap
from typing import Dict, List, Tuple

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.types import MAX_RELATED

from .helpers import TODAY, run_cli

HEAD = "from google import genai\nclient = genai.Client()\n"
REACHES = "gemini-1.5-pro"  # retired: GL003, an error when it reaches a call, a warning as a mention
TWIN = "gemini-1.5-flash"  # retired too: must stay a mention (warning)
TEXT = "gemini-3.8-flash"  # generateContent only: GL002 at live.connect
LIVE = "gemini-2.5-flash-native-audio-latest"  # bidiGenerateContent only


def write(root: pathlib.Path, files: Dict[str, str]) -> None:
    files = {"pyproject.toml": "[project]\nname='x'\n", "app/__init__.py": "", **files}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def scan_here(root: pathlib.Path, monkeypatch, paths=(".",)):
    monkeypatch.chdir(root)
    result = scan(list(paths), make_scanner(Config(root=str(root)), today=TODAY))
    assert not [e for e in result.errors if e.fatal], result.errors
    return result.findings


def severities(root, monkeypatch, codes=("GL001", "GL002", "GL003")) -> List[Tuple[str, int, str, str, str]]:
    return sorted(
        (f.location.path, f.location.line, f.code, f.model, f.severity)
        for f in scan_here(root, monkeypatch)
        if f.code in codes
    )


CASES = {
    "dict-constant-key": {
        "app/config.py": f'CONF = {{\n    "chat": "{REACHES}",\n    "other": "{TWIN}",\n}}\n',
        "app/chat.py": "from .config import CONF\n" + HEAD + "def reply():\n"
        '    return client.models.generate_content(model=CONF["chat"], contents="x")\n',
    },
    "dict-get": {
        "app/config.py": f'CONF = {{\n    "chat": "{REACHES}",\n    "other": "{TWIN}",\n}}\n',
        "app/chat.py": "from . import config\n" + HEAD + "def reply():\n"
        '    return client.models.generate_content(model=config.CONF.get("chat"), contents="x")\n',
    },
    "pydantic-instance-in-module": {
        "app/settings.py": "from pydantic_settings import BaseSettings\n\n"
        f'class Settings(BaseSettings):\n    live_model: str = "{REACHES}"\n    other_model: str = "{TWIN}"\n',
        "app/voice.py": "from .settings import Settings\n" + HEAD + "settings = Settings()\n"
        "def go():\n    client.models.generate_content(model=settings.live_model, contents='x')\n",
    },
    "instance-call-attribute": {
        "app/settings.py": "from pydantic import BaseModel\n\n"
        f'class Settings(BaseModel):\n    live_model: str = "{REACHES}"\n    other_model: str = "{TWIN}"\n',
        "app/voice.py": "from .settings import Settings\n" + HEAD + "def go():\n"
        "    client.models.generate_content(model=Settings().live_model, contents='x')\n",
    },
    "instance-from-another-module": {
        "app/settings.py": "from dataclasses import dataclass\n\n@dataclass\n"
        f'class Settings:\n    live_model: str = "{REACHES}"\n    other_model: str = "{TWIN}"\n',
        "app/deps.py": "from .settings import Settings\nsettings = Settings()\n",
        "app/voice.py": "from .deps import settings\n" + HEAD + "def go():\n"
        "    client.models.generate_content(model=settings.live_model, contents='x')\n",
    },
    "alternate-constructor": {  # gemini-fullstack-langgraph-quickstart's Configuration.from_runnable_config
        "app/configuration.py": "from pydantic import BaseModel, Field\n\n"
        f'class Configuration(BaseModel):\n    answer_model: str = Field(default="{REACHES}")\n'
        f'    other_model: str = Field(default="{TWIN}")\n\n'
        "    @classmethod\n    def from_runnable_config(cls, config):\n        return cls(**config)\n",
        "app/graph.py": "from .configuration import Configuration\n" + HEAD + "def answer(config):\n"
        "    configurable = Configuration.from_runnable_config(config)\n"
        "    client.models.generate_content(model=configurable.answer_model, contents='x')\n",
    },
    "typed-dict": {  # a TypedDict literal written in one file, read by key where the parameter is typed
        "app/types.py": "from typing import TypedDict\n\n"
        "class LiveSettings(TypedDict):\n    engine: str\n    voice: str\n",
        "app/live.py": "from .types import LiveSettings\n" + HEAD + "def connect(cfg: LiveSettings):\n"
        '    client.aio.live.connect(model=cfg["engine"])\n',
        "app/main.py": "from .types import LiveSettings\nfrom .live import connect\n"
        f'cfg: LiveSettings = {{"engine": "{REACHES}", "voice": "{TWIN}"}}\nconnect(cfg)\n',
    },
    "self-attribute-instance": {
        "app/settings.py": "from typing import NamedTuple\n\n"
        f'class Settings(NamedTuple):\n    live_model: str = "{REACHES}"\n    other_model: str = "{TWIN}"\n',
        "app/bot.py": "from .settings import Settings\n" + HEAD + "class Bot:\n"
        "    def __init__(self):\n        self.settings = Settings()\n\n    def go(self):\n"
        "        client.models.generate_content(model=self.settings.live_model, contents='x')\n",
    },
    "typed-field-constructed-elsewhere": {
        "app/cfg.py": "from dataclasses import dataclass\n" + HEAD + "@dataclass\nclass Config:\n"
        '    engine: str = "gemini-3.6-flash"\n\ndef run(cfg: Config):\n'
        "    client.models.generate_content(model=cfg.engine, contents='x')\n\n"
        "@dataclass\nclass Car:\n    engine: str = 'v8'\n",
        # Car.engine shares the field name with Config.engine but reaches no call
        "app/main.py": f'from .cfg import Car, Config, run\nrun(Config(engine="{REACHES}"))\nCar(engine="{TWIN}")\n',
    },
    "parameter-positional": {
        "app/voice.py": HEAD + "def open_session(model, greeting):\n    client.aio.live.connect(model=model)\n",
        "app/main.py": f'from .voice import open_session\nopen_session("{REACHES}", "{TWIN}")\n',
    },
    "parameter-keyword-module-attribute": {
        "app/voice.py": HEAD + "def open_session(greeting, model):\n    client.aio.live.connect(model=model)\n",
        "app/main.py": f'from . import voice\nvoice.open_session(model="{REACHES}", greeting="{TWIN}")\n',
    },
    "method-of-imported-class": {
        "app/live.py": HEAD + "class LiveClient:\n    def connect(self, model):\n"
        "        return client.aio.live.connect(model=model)\n\n    def log(self, text):\n        print(text)\n",
        "app/main.py": f'from .live import LiveClient\nc = LiveClient()\nc.connect("{REACHES}")\nc.log("{TWIN}")\n',
    },
    "return-value-of-imported-function": {
        "app/models.py": f'def default_model():\n    return "{REACHES}"\n\n\ndef label():\n    return "{TWIN}"\n',
        "app/main.py": "from .models import default_model, label\n"
        + HEAD
        + "client.models.generate_content(model=default_model(), contents=label())\n",
    },
    "return-value-passed-as-argument": {
        "app/voice.py": HEAD + "def open_session(model, greeting):\n    client.aio.live.connect(model=model)\n",
        "app/main.py": "from .voice import open_session\n\n\ndef pick():\n"
        f'    return "{REACHES}"\n\n\ndef hello():\n    return "{TWIN}"\n\n\nopen_session(pick(), hello())\n',
    },
    "list-iteration-across-files": {
        "app/models.py": f'MODELS = ["{REACHES}"]\nCHOICES = ["{TWIN}"]\n',
        "app/main.py": "from .models import MODELS\n" + HEAD + "for m in MODELS:\n"
        "    client.models.generate_content(model=m, contents='x')\n",
    },
    "list-indexing-in-file": {
        "app/main.py": HEAD + f'MODELS = ["{REACHES}"]\nCHOICES = ["{TWIN}"]\n'
        "client.models.generate_content(model=MODELS[0], contents='x')\n",
    },
    # a key or an index the code computes: any value of the dict, any element of the list
    "dict-computed-key": {
        "app/main.py": HEAD + f'MODELS = {{"fast": "{REACHES}"}}\nOTHER = {{"fast": "{TWIN}"}}\n'
        "def ask(mode):\n    client.models.generate_content(model=MODELS[mode], contents='x')\n",
    },
    "dict-display-computed-key": {
        "app/main.py": HEAD + f'OTHER = {{"fast": "{TWIN}"}}\n'
        f"def ask(mode):\n    model = {{'fast': '{REACHES}'}}[mode]\n"
        "    client.models.generate_content(model=model, contents='x')\n",
    },
    "dict-get-computed-key": {
        "app/main.py": HEAD + f'MODELS = {{"fast": "{REACHES}"}}\nOTHER = {{"fast": "{TWIN}"}}\n'
        "def ask(args):\n    client.models.generate_content(model=MODELS.get(args.mode), contents='x')\n",
    },
    "list-computed-index": {
        "app/main.py": HEAD + f'MODELS = ["{REACHES}"]\nCHOICES = ["{TWIN}"]\n'
        "def ask(i):\n    client.models.generate_content(model=MODELS[i + 1], contents='x')\n",
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_python_flow_reaches_and_its_twin_stays_a_mention(tmp_path, monkeypatch, case):
    write(tmp_path, CASES[case])
    got = {(model, severity) for _, _, code, model, severity in severities(tmp_path, monkeypatch) if code == "GL003"}
    assert got == {(REACHES, "error"), (TWIN, "warning")}


def test_a_notebook_cell_passes_a_name_to_a_project_function(tmp_path, monkeypatch):
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": src}
        for src in ["from app.voice import open_session\n", f'open_session("{REACHES}", "{TWIN}")\n']
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    write(
        tmp_path,
        {
            "app/voice.py": HEAD + "def open_session(model, greeting):\n    client.aio.live.connect(model=model)\n",
            "demo.ipynb": json.dumps(notebook),
        },
    )
    found = [(f.location.path, f.location.cell, f.model, f.severity) for f in scan_here(tmp_path, monkeypatch)]
    assert ("demo.ipynb", 2, REACHES, "error") in found and ("demo.ipynb", 2, TWIN, "warning") in found


def test_a_default_parameter_value_reaches_and_an_unused_one_does_not(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "app/voice.py": HEAD + f'def open_session(model="{REACHES}"):\n    client.aio.live.connect(model=model)\n\n'
            f'def greet(text="{TWIN}"):\n    print(text)\n',
        },
    )
    got = {(m, s) for _, _, c, m, s in severities(tmp_path, monkeypatch) if c == "GL003"}
    assert got == {(REACHES, "error"), (TWIN, "warning")}


def test_a_cycle_of_imports_ends(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "app/a.py": f'from .b import Y\nX = Y or "{REACHES}"\n',
            "app/b.py": "from .a import X\nY = X\n",
            "app/main.py": "from .b import Y\n" + HEAD + "client.models.generate_content(model=Y, contents='x')\n",
        },
    )
    assert severities(tmp_path, monkeypatch) == [("app/a.py", 2, "GL003", REACHES, "error")]


def test_a_parameter_the_function_reassigns_is_not_a_sink(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "app/voice.py": HEAD + f'def open_session(model):\n    model = "{TEXT}"\n'
            "    client.aio.live.connect(model=model)\n",
            "app/main.py": f'from .voice import open_session\nopen_session("{TWIN}")\n',
        },
    )
    got = {(p, c, m, s) for p, _, c, m, s in severities(tmp_path, monkeypatch)}
    assert got == {("app/voice.py", "GL002", TEXT, "error"), ("app/main.py", "GL003", TWIN, "warning")}


# Evidence and severity --------------------------------------------------------------------------------

PICK = "def pick(m):\n    return m\n"


def test_exact_way_gets_gl002_with_the_way_in_the_message(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "app/lib.py": PICK,
            "app/live.py": "from .lib import pick\n" + HEAD + f'client.aio.live.connect(model=pick("{TEXT}"))\n',
        },
    )
    (f,) = [f for f in scan_here(tmp_path, monkeypatch) if f.code == "GL002"]
    assert (f.location.path, f.severity) == ("app/live.py", "error")
    assert f.message.endswith(" (→ live.connect, app/live.py:4)")  # the nearest call site; the way is in the detail
    assert "via pick(m) → pick() → live.connect, app/live.py:4" in f.detail


def test_a_return_value_merging_callers_is_approximate_gl002_only_when_the_calls_agree(tmp_path, monkeypatch):
    files = {
        "app/lib.py": PICK,
        "app/live.py": "from .lib import pick\n" + HEAD + f'client.aio.live.connect(model=pick("{TEXT}"))\n',
        "app/text.py": "from .lib import pick\n"
        + HEAD
        + 'client.models.generate_content(model=pick("gemini-9.9-nonexistent"), contents="x")\n',
    }
    write(tmp_path, files)
    got = severities(tmp_path, monkeypatch)
    # both literals reach both calls by a merged (approximate) way: the calls need different methods, so no
    # GL002; the unknown name is still an error
    assert got == [("app/text.py", 4, "GL001", "gemini-9.9-nonexistent", "error")]
    # the same merge where every call needs one method: GL002 stays
    files["app/text.py"] = "from .lib import pick\n" + HEAD + f'client.aio.live.connect(model=pick("{LIVE}"))\n'
    write(tmp_path, files)
    got = severities(tmp_path, monkeypatch)
    assert got == [("app/live.py", 4, "GL002", TEXT, "error")]


def test_related_is_capped_with_the_count_in_json_and_sarif(tmp_path):
    count = MAX_RELATED + 5
    files = {"app/config.py": f'MODEL = "{TEXT}"\n'}
    for i in range(count):
        files[f"app/use{i:02}.py"] = "from .config import MODEL\n" + HEAD + "client.aio.live.connect(model=MODEL)\n"
    write(tmp_path, files)
    data = json.loads(run_cli(["scan", "--format", "json", "--no-cache", "."], cwd=tmp_path).stdout)
    (f,) = [f for f in data["findings"] if f["code"] == "GL002"]
    assert len(f["related"]) == MAX_RELATED and f["related_total"] == count
    assert f["related"][0]["path"] == "app/use00.py"
    sarif = json.loads(run_cli(["scan", "--format", "sarif", "--no-cache", "."], cwd=tmp_path).stdout)
    (r,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "GL002"]
    assert len(r["relatedLocations"]) == MAX_RELATED and r["properties"]["relatedTotal"] == count


# The one-file (pre-commit) scan -----------------------------------------------------------------------

PRECOMMIT = {
    "app/voice.py": HEAD + "def open_session(model, greeting):\n    client.aio.live.connect(model=model)\n",
    "app/main.py": f'from .voice import open_session\nopen_session("{TEXT}", "hello")\n',
}


def test_one_file_scan_of_the_call_reads_the_other_files_write_from_the_index(tmp_path):
    write(tmp_path, PRECOMMIT)
    full = run_cli(["scan", "--format", "json", "."], cwd=tmp_path)  # writes the project index
    assert full.returncode == 1, full.stderr
    (index,) = (tmp_path / ".gemlint_cache").rglob("project-index/*.json")
    assert b"open_session#0" in index.read_bytes()  # main.py's Write is in the index
    for given in ("app/voice.py", "app/main.py"):
        run = run_cli(["scan", "--format", "json", given], cwd=tmp_path)
        data = json.loads(run.stdout)
        got = [(f["path"], f["line"], f["code"], [r["path"] for r in f["related"]]) for f in data["findings"]]
        assert got == [("app/main.py", 2, "GL002", ["app/voice.py"])], given


# Mentions: suggestions from the class of the list ------------------------------------------------------


def test_suggestions_for_a_mention_come_from_the_class_of_its_list(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "app/choices.py": 'LIVE = ["gemini-2.5-flash-native-audio-latest", "gemini-3.8-live", "gemini-3.8-flsh"]\n'
            'MIXED = ["gemini-2.5-flash-native-audio-latest", "gemini-embedding-2", "gemini-3.8-flsh"]\n'
            'OLD = {"gemini-3.8-live": 1, "gemini-2.0-flash-live-001": 2}\n',
        },
    )
    got = {(f.location.line, f.code): f.suggestions for f in scan_here(tmp_path, monkeypatch)}
    assert got[(1, "GL006")] == ("gemini-3.8-live",)  # all Live models: a Live model
    assert got[(2, "GL006")][0] == "gemini-3.8-flash"  # no one class: the closest names
    assert got[(3, "GL003")] == ("gemini-3.8-live",)


def test_a_recursive_function_ends(tmp_path, monkeypatch):
    # a function whose returns call itself: the literal it ends on is found once, the recursion adds nothing
    body = "".join(f"    if n == {i}:\n        return pick(n - 1)\n" for i in range(5))
    write(
        tmp_path,
        {
            "app/main.py": HEAD + f'def pick(n):\n{body}    return "{REACHES}"\n\n'
            "client.models.generate_content(model=pick(3), contents='x')\n"
        },
    )
    assert severities(tmp_path, monkeypatch) == [("app/main.py", 14, "GL003", REACHES, "error")]
