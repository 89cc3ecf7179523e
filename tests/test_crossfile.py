"""Names that travel between files (issue 13): imports, re-exports, env values, the pre-commit subset."""

from __future__ import annotations

import json
import pathlib
import textwrap
from typing import Dict, List, Tuple

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config

from .helpers import TODAY, run_cli

TEXT = "gemini-3.8-flash"  # generateContent only: wrong for live.connect and embed_content
LIVE = "gemini-2.5-flash-native-audio-latest"  # bidiGenerateContent only: wrong for generateContent
PY_LIVE_CALL = "from google import genai\nclient = genai.Client()\n"
TS_HEAD = "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"


def write(root: pathlib.Path, files: Dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def findings(root: pathlib.Path, monkeypatch, paths=(".",)) -> List[Tuple[str, int, str, str, Tuple[str, ...]]]:
    """(path, line, code, model, related paths) of an in-process scan run from ``root``."""
    monkeypatch.chdir(root)
    result = scan(list(paths), make_scanner(Config(root=str(root)), today=TODAY))
    assert not [e for e in result.errors if e.fatal], result.errors
    return sorted(
        (f.location.path, f.location.line, f.code, f.model, tuple(sorted({r.path for r in f.related})))
        for f in result.findings
    )


# Python imports -------------------------------------------------------------------------------

PY_CASES = {
    "absolute": ("from pkg.config import MODEL\n", "MODEL"),
    "relative-alias": ("from .config import MODEL as LIVE_NAME\n", "LIVE_NAME"),
    "module-alias": ("import pkg.config as C\n", "C.MODEL"),
    "module-dotted": ("import pkg.config\n", "pkg.config.MODEL"),
    "from-package-import-module": ("from . import config\n", "config.MODEL"),
}


@pytest.mark.parametrize("case", sorted(PY_CASES))
def test_python_import_forms(tmp_path, monkeypatch, case):
    imports, expr = PY_CASES[case]
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='x'\n",
            "pkg/__init__.py": "",
            "pkg/config.py": f'"""Models."""\nMODEL = "{TEXT}"\n',
            "pkg/voice.py": imports + PY_LIVE_CALL + f"client.aio.live.connect(model={expr})\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == [("pkg/config.py", 2, "GL002", TEXT, ("pkg/voice.py",))]


def test_python_package_reexport_and_src_layout(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='x'\n",
            "src/pkg/__init__.py": "from .config import MODEL\n",
            "src/pkg/config.py": f'MODEL = "{TEXT}"\n',
            "src/app/main.py": "from pkg import MODEL\n" + PY_LIVE_CALL + "client.aio.live.connect(model=MODEL)\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == [("src/pkg/config.py", 1, "GL002", TEXT, ("src/app/main.py",))]


def test_python_class_attribute_and_dataclass_field(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/settings.py": f"""\
                from dataclasses import dataclass

                class Models:
                    LIVE = "{TEXT}"

                @dataclass
                class Settings:
                    chat: str = "{LIVE}"
                """,
            "app/use.py": "from .settings import Models, Settings\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=Models.LIVE)\n"
            + "client.models.generate_content(model=Settings.chat, contents='hi')\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        ("app/settings.py", 4, "GL002", TEXT, ("app/use.py",)),
        ("app/settings.py", 8, "GL002", LIVE, ("app/use.py",)),
    ]


def test_python_transitive_constant_and_module_without_model_name(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/defaults.py": f'BASE = "{TEXT}"\n',
            "pkg/config.py": "from .defaults import BASE\nLIVE = BASE\n",  # no model name: prefilter skips it
            "pkg/voice.py": "from .config import LIVE\n" + PY_LIVE_CALL + "client.aio.live.connect(model=LIVE)\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == [("pkg/defaults.py", 1, "GL002", TEXT, ("pkg/voice.py",))]


def test_cycles_and_star_imports_end_quietly(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from .b import X\nY = X\n",
            "pkg/b.py": "from .a import Y\nX = Y\n",
            "pkg/star.py": f'from .consts import *\nOTHER = "{TEXT}"\n',
            "pkg/consts.py": f'MODEL = "{TEXT}"\n',
            "pkg/use.py": "from .a import Y\nfrom .star import MODEL\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=Y)\nclient.aio.live.connect(model=MODEL)\n",
        },
    )
    # Y cycles (dynamic); MODEL reaches star.py only through `import *` (dynamic): existence checks only.
    assert findings(tmp_path, monkeypatch) == []


def test_two_packages_with_the_same_constant_name(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "alpha/__init__.py": "",
            "alpha/config.py": f'MODEL = "{TEXT}"\n',
            "alpha/use.py": "from .config import MODEL\n"
            + PY_LIVE_CALL
            + "client.models.generate_content(model=MODEL)\n",
            "beta/__init__.py": "",
            "beta/config.py": f'MODEL = "{LIVE}"\n',
            "beta/use.py": "from .config import MODEL\n" + PY_LIVE_CALL + "client.aio.live.connect(model=MODEL)\n",
            "gamma/use.py": "from alpha.config import MODEL\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=MODEL)\n",
        },
    )
    # alpha's text model is right for generate_content but wrong for gamma's live.connect; beta's live model is right.
    assert findings(tmp_path, monkeypatch) == [("alpha/config.py", 1, "GL002", TEXT, ("gamma/use.py",))]


# Environment -----------------------------------------------------------------------------------


def test_environment_values_reach_python_getters(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            ".env": f"GEMINI_API_KEY=x\nVOICE_MODEL={TEXT}\n",
            ".env.local": f"CHAT_MODEL={LIVE}\n",
            ".env.production": f"EMBED_MODEL={TEXT}\n",
            ".env.example": f"export SUMMARY_MODEL={LIVE}\n",
            "app/voice.py": "import os\n"
            + PY_LIVE_CALL
            + 'client.aio.live.connect(model=os.environ["VOICE_MODEL"])\n'
            + 'client.models.generate_content(model=os.getenv("CHAT_MODEL"))\n'
            + 'client.models.embed_content(model=os.environ.get("EMBED_MODEL", "text-embedding-004"))\n'
            + 'client.models.generate_content(model=os.getenv("SUMMARY_MODEL", "gemini-2.5-flash-lite"))\n',
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        (".env", 2, "GL002", TEXT, ("app/voice.py",)),
        (".env.example", 1, "GL002", LIVE, ("app/voice.py",)),
        (".env.local", 1, "GL002", LIVE, ("app/voice.py",)),
        (".env.production", 1, "GL002", TEXT, ("app/voice.py",)),
        ("app/voice.py", 6, "GL003", "text-embedding-004", ("app/voice.py",)),  # the code's own default
    ]


def test_compose_environment_and_env_through_a_config_module(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "docker-compose.yml": f"""\
                services:
                  api:
                    image: x
                    environment:
                      - VOICE_MODEL={TEXT}
                  worker:
                    environment:
                      CHAT_MODEL: "{LIVE}"
                    command: run
                """,
            "svc/config.py": 'import os\nVOICE = os.getenv("VOICE_MODEL")\n',
            "svc/run.py": "import os\nfrom config import VOICE\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=VOICE)\n"
            + 'client.models.generate_content(model=os.environ["CHAT_MODEL"])\n',
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        ("docker-compose.yml", 5, "GL002", TEXT, ("svc/run.py",)),
        ("docker-compose.yml", 8, "GL002", LIVE, ("svc/run.py",)),
    ]


# An unknown name in a settings file counts where a key or flag names a model; a runner label is no model.
UNKNOWN = "gemini-9.9-ultra"


def test_unknown_names_in_settings_count_only_under_a_key_that_names_a_model(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            ".github/workflows/ci.yml": f"""\
                jobs:
                  test:
                    runs-on: 'gemini-cli-ubuntu-16-core'
                    container: gemini-tools-2-slim
                    strategy:
                      matrix:
                        model:
                          - '{UNKNOWN}'
                        os:
                          - gemini-runner-3-large
                    env:
                      GEMINI_MODEL: '{UNKNOWN}'
                      RETIRED: gemini-2.0-flash
                    steps:
                      - run: eval --model-name={UNKNOWN} --pool=gemini-pool-2-core
                """,
            "settings.json": f'{{\n  "judge": {{"modelName": "{UNKNOWN}"}},\n  "queue": "gemini-jobs-7-fast"\n}}\n',
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        (".github/workflows/ci.yml", 8, "GL001", UNKNOWN, ()),  # an item of the `model:` list
        (".github/workflows/ci.yml", 12, "GL001", UNKNOWN, ()),
        (".github/workflows/ci.yml", 13, "GL003", "gemini-2.0-flash", ()),  # a known name counts under any key
        (".github/workflows/ci.yml", 15, "GL001", UNKNOWN, ()),
        ("settings.json", 2, "GL001", UNKNOWN, ()),
    ]


def test_keys_are_found_before_values_on_one_long_line():
    from gemlint.extract.settings.extractor import extract_settings

    queue = ", ".join(f'"gemini-{i % 9 + 1}-q{i}"' for i in range(5000))
    text = f'{{"queue": [{queue}], "models": ["{UNKNOWN}"], "judge": {{"model": "gemini-8.8-mega"}}}}\n'
    assert [r.text for r in extract_settings(text, "settings.json", lambda n: False)] == [UNKNOWN, "gemini-8.8-mega"]


@pytest.mark.parametrize(
    "line, setting",
    [
        ("model: gemini-2.0-flash", True),
        ("args: --model gemini-2.0-flash", True),  # a flag that names a model
        ("MODELS=gemini-2.5-pro gemini-2.0-flash", True),  # one name of a list after another
        ('models: [gemini-2.5-pro, "gemini-2.0-flash"]', True),
        ("  - gemini-2.0-flash", True),
        ("description: Uses gemini-2.0-flash for speed", False),  # a sentence about a model sets none
        ('  - textbox "e.g. gemini-2.0-flash" [ref=e561]', False),  # a page snapshot's placeholder text
        ("args: --voice gemini-2.0-flash", False),  # a flag that names no model
    ],
)
def test_a_known_name_is_set_unless_written_in_a_sentence(line, setting):
    from gemlint.extract.settings.extractor import extract_settings

    refs = [r for r in extract_settings(line + "\n", "config.yaml", lambda n: True) if r.text == "gemini-2.0-flash"]
    assert [r.settings for r in refs] == [setting]


def test_an_unknown_env_value_under_another_key_is_a_mention_until_code_reads_it(tmp_path, monkeypatch):
    write(tmp_path, {".env": f"VOICE={UNKNOWN}\nSPARE=gemini-8.8-mega\n"})
    assert findings(tmp_path, monkeypatch) == [
        (".env", 1, "GL006", UNKNOWN, ()),
        (".env", 2, "GL006", "gemini-8.8-mega", ()),
    ]
    write(tmp_path, {"app.py": PY_LIVE_CALL + 'import os\nclient.aio.live.connect(model=os.environ["VOICE"])\n'})
    assert findings(tmp_path, monkeypatch) == [
        (".env", 1, "GL001", UNKNOWN, ("app.py",)),  # the incident: read into live.connect, an error
        (".env", 2, "GL006", "gemini-8.8-mega", ()),
    ]


def test_env_file_of_another_folder_does_not_apply(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "web/.env": f"VOICE_MODEL={TEXT}\n",
            "api/voice.py": "import os\n" + PY_LIVE_CALL + 'client.aio.live.connect(model=os.environ["VOICE_MODEL"])\n',
        },
    )
    assert findings(tmp_path, monkeypatch) == []


# TypeScript / JavaScript -----------------------------------------------------------------------

TS_CASES = {
    "named": ("import { LIVE_MODEL } from './config';", "LIVE_MODEL"),
    "aliased": ("import { LIVE_MODEL as L } from './config.js';", "L"),
    "namespace": ("import * as cfg from './config.ts';", "cfg.LIVE_MODEL"),
    "default-object": ("import cfg from './config';", "cfg.live"),
    "object-property": ("import { MODELS } from './config';", "MODELS.live"),
    "object-subscript": ("import { MODELS } from './config';", "MODELS['live']"),
}


@pytest.mark.parametrize("case", sorted(TS_CASES))
def test_typescript_import_forms(tmp_path, monkeypatch, case):
    imports, expr = TS_CASES[case]
    write(
        tmp_path,
        {
            "web/config.ts": f"""\
                export const LIVE_MODEL = '{TEXT}';
                export const MODELS = {{ live: '{TEXT}', chat: 'gemini-2.5-flash-lite' }} as const;
                export default {{ live: '{TEXT}' }};
                """,
            "web/voice.ts": f"{imports}\n{TS_HEAD}ai.live.connect({{ model: {expr} }});\n",
        },
    )
    line = {"named": 1, "aliased": 1, "namespace": 1, "default-object": 3}.get(case, 2)
    assert findings(tmp_path, monkeypatch) == [("web/config.ts", line, "GL002", TEXT, ("web/voice.ts",))]


def test_typescript_reexports_index_folder_and_tsconfig_paths(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "tsconfig.json": """\
                {
                  // comments and trailing commas are allowed
                  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"], }, },
                }
                """,
            "src/lib/models/base.ts": f"export const TEXT_MODEL = '{TEXT}';\nexport const AUDIO = '{LIVE}';\n",
            "src/lib/models/more.ts": "export { AUDIO as VOICE } from './base';\n",
            "src/lib/models/index.ts": "export * from './base';\nexport * from './more';\n",
            "src/app/chat.tsx": "import { TEXT_MODEL, VOICE } from '@/lib/models';\n"
            + TS_HEAD
            + "ai.live.connect({ model: TEXT_MODEL });\n"
            + "ai.models.generateContent({ model: VOICE, contents: 'x' });\n",
            "src/app/local.js": "import { TEXT_MODEL as T } from '../lib/models/index.js';\n"
            + "const { GoogleGenAI } = require('@google/genai');\nconst ai = new GoogleGenAI({});\n"
            + "ai.live.connect({ model: T });\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        ("src/lib/models/base.ts", 1, "GL002", TEXT, ("src/app/chat.tsx", "src/app/local.js")),
        ("src/lib/models/base.ts", 2, "GL002", LIVE, ("src/app/chat.tsx",)),
    ]


def test_typescript_local_export_list_and_environment(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            ".env.local": f"NEXT_PUBLIC_CHAT={LIVE}\nVITE_VOICE={TEXT}\nDENO_MODEL={TEXT}\nBRACKET={LIVE}\n",
            "config.ts": f"const chat = '{LIVE}';\nexport {{ chat as CHAT }};\n",
            "app.ts": "import { CHAT } from './config';\n"
            + TS_HEAD
            + "ai.models.generateContent({ model: process.env.NEXT_PUBLIC_CHAT ?? CHAT });\n"
            + "ai.live.connect({ model: import.meta.env.VITE_VOICE });\n"
            + "ai.live.connect({ model: Deno.env.get('DENO_MODEL') });\n"
            + "ai.models.generateContent({ model: process.env['BRACKET'] });\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == [
        (".env.local", 1, "GL002", LIVE, ("app.ts",)),
        (".env.local", 2, "GL002", TEXT, ("app.ts",)),
        (".env.local", 3, "GL002", TEXT, ("app.ts",)),
        (".env.local", 4, "GL002", LIVE, ("app.ts",)),
        ("config.ts", 1, "GL002", LIVE, ("app.ts",)),
    ]


def test_typescript_import_cycle_ends_quietly(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "a.ts": "export { B as A } from './b';\n",
            "b.ts": "export { A as B } from './a';\nexport * from './b';\n",
            "use.ts": "import { A } from './a';\n" + TS_HEAD + "ai.live.connect({ model: A });\n",
        },
    )
    assert findings(tmp_path, monkeypatch) == []


# Suppression and one group per literal -----------------------------------------------------------


def test_linked_literal_is_one_group_and_honours_its_suppression(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "config.py": f'LIVE = "{TEXT}"  # gemlint: ignore[GL002]\nOTHER = "{TEXT}"\n',
            "voice.py": "from config import LIVE, OTHER\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=LIVE)\nclient.aio.live.connect(model=OTHER)\n"
            + "client.aio.live.connect(model=OTHER)\n",
        },
    )
    result = findings(tmp_path, monkeypatch)
    assert result == [("config.py", 2, "GL002", TEXT, ("voice.py",))]


# The pre-commit case: files given, the project indexed -------------------------------------------

PRECOMMIT_PROJECT = {
    "pyproject.toml": "[project]\nname='studio'\n",
    "backend/__init__.py": "",
    "backend/config.py": f'LIVE_MODEL = "{TEXT}"\n',
    "backend/voice.py": "from .config import LIVE_MODEL\n"
    + PY_LIVE_CALL
    + "async def talk():\n    async with client.aio.live.connect(model=LIVE_MODEL) as s:\n        pass\n",
    "backend/other.py": 'NAME = "gemini-1.0-pro"\n',  # a finding in a file not given: never reported
}


@pytest.mark.parametrize("cache", [False, True])
def test_precommit_subset_reports_through_the_project(tmp_path, cache):
    write(tmp_path, PRECOMMIT_PROJECT)
    args = ["scan", "--format", "json"] + ([] if cache else ["--no-cache"])
    for _ in range(2 if cache else 1):  # with the cache: first run writes the project index, second reads it
        run = run_cli(args + ["backend/voice.py"], cwd=tmp_path)
        assert run.returncode == 1, run.stderr
        data = json.loads(run.stdout)
        got = [(f["path"], f["line"], f["code"], [r["path"] for r in f["related"]]) for f in data["findings"]]
        assert got == [("backend/config.py", 1, "GL002", ["backend/voice.py"])]
        assert data["files_scanned"] == 1
    if cache:
        assert list((tmp_path / ".gemlint_cache").rglob("project-index/*.json"))
        # an edit to config.py not followed by a full scan: the index entry is stale and re-read
        (tmp_path / "backend/config.py").write_text(f'LIVE_MODEL = "{LIVE}"\n', encoding="utf-8")
        run = run_cli(args + ["backend/voice.py"], cwd=tmp_path)
        assert run.returncode == 0, run.stdout + run.stderr
    # the exporter given alone: the finding is its own, the call site comes from the project
    run = run_cli(["scan", "--format", "json", "--no-cache", "backend/config.py"], cwd=tmp_path)
    data = json.loads(run.stdout)
    assert [(f["path"], f["code"]) for f in data["findings"]] == ([] if cache else [("backend/config.py", "GL002")])


def test_related_locations_in_other_files_in_json_and_sarif(tmp_path):
    write(tmp_path, PRECOMMIT_PROJECT)
    run = run_cli(["scan", "--format", "sarif", "--no-cache", "."], cwd=tmp_path)
    sarif = json.loads(run.stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "GL002"]
    assert len(results) == 1
    where = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    related = [r["physicalLocation"]["artifactLocation"]["uri"] for r in results[0]["relatedLocations"]]
    assert where.endswith("backend/config.py") and related and related[0].endswith("backend/voice.py")
    run = run_cli(["scan", "--format", "json", "--no-cache", "."], cwd=tmp_path)
    data = json.loads(run.stdout)
    gl002 = [f for f in data["findings"] if f["code"] == "GL002"]
    assert gl002[0]["related"] == [{"path": "backend/voice.py", "line": 5, "column": 16}]
    assert "backend/voice.py:5" in gl002[0]["detail"]


def test_backend_override_follows_the_call_sites_file(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "shared/config.py": f'MODEL = "{TEXT}"\n',
            "vertex_app/voice.py": "from shared.config import MODEL\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=MODEL)\n",
            "gemini_app/voice.py": "from shared.config import MODEL\n"
            + PY_LIVE_CALL
            + "client.aio.live.connect(model=MODEL)\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    cfg = Config(root=str(tmp_path), backend=(("vertex_app/", "vertex"),))
    result = scan(["."], make_scanner(cfg, today=TODAY))
    got = [(f.location.path, f.code, tuple(r.path for r in f.related)) for f in result.findings]
    # each call is judged on its own platform (the Vertex AI one by the Vertex AI catalogue), in one finding that
    # points at both calls
    assert got == [("shared/config.py", "GL002", ("vertex_app/voice.py", "gemini_app/voice.py"))]
    [finding] = result.findings
    assert finding.message.startswith("Both platforms:") and "is not a Live model on Vertex AI" in finding.detail
    assert finding.platform_note == "both platforms: the name reaches a call on each"


def test_precommit_exporter_given_alone_uses_the_index(tmp_path):
    write(tmp_path, PRECOMMIT_PROJECT)
    full = run_cli(["scan", "--format", "json", "."], cwd=tmp_path)  # writes the cache and the project index
    assert full.returncode == 1, full.stderr
    run = run_cli(["scan", "--format", "json", "backend/config.py"], cwd=tmp_path)
    data = json.loads(run.stdout)
    got = [(f["path"], f["line"], f["code"], [r["path"] for r in f["related"]]) for f in data["findings"]]
    assert got == [("backend/config.py", 1, "GL002", ["backend/voice.py"])]
    # backend/other.py's retired name is outside the given files: not reported
    assert all(f["path"] != "backend/other.py" for f in data["findings"])


def test_imported_name_in_a_large_file_parsed_by_blocks(tmp_path, monkeypatch):
    """A file large enough for the partial parse (blocks.py) keeps its imports: the call still links."""
    filler = "".join(
        f"class Handler{i}:\n    def run(self, items):\n        return [x * {i} for x in items]\n\n" for i in range(80)
    )
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='x'\n",
            "config.py": f'LIVE_MODEL = "{TEXT}"\n',
            "voice.py": PY_LIVE_CALL
            + "from config import LIVE_MODEL\n\n"
            + filler
            + "async def talk():\n    async with client.aio.live.connect(model=LIVE_MODEL) as s:\n        pass\n",
        },
    )
    assert len((tmp_path / "voice.py").read_text()) > 4000  # blocks.PARTIAL_PARSE_MIN
    assert findings(tmp_path, monkeypatch) == [("config.py", 1, "GL002", TEXT, ("voice.py",))]
