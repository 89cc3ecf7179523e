"""The platform from the project: GOOGLE_GENAI_USE_VERTEXAI declarations decide clients built without a flag.

Every declaration place has twins: the same file declaring the other platform, and declaring nothing.
The discriminator is gemini-2.5-flash on 2026-12-07: on the Gemini API it is auto-routed (GL004
"auto-routed"), on Vertex AI it is closed to new projects and retires 2027-03-31 (GL004 "on Vertex AI").
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
import sys
import textwrap

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.discover import language_of
from gemlint.extract.settings.env_platform import PlatformMap, declarations
from gemlint.types import GEMINI, VERTEX

DAY = _dt.date(2026, 12, 7)
CLIENT = (
    "from google import genai\nclient = genai.Client()\n"
    'client.models.generate_content(model="gemini-2.5-flash", contents="x")\n'
)
TS_CLIENT = (
    "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"
    "await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });\n"
)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n") if name.endswith((".yml", ".yaml", ".tf")) else text)


def findings(tmp_path, monkeypatch, files, paths=(".",)):
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return scan(list(paths), make_scanner(Config(root=str(tmp_path)), today=DAY)).findings


def platform_of(found) -> str:
    [f] = [f for f in found if f.model == "gemini-2.5-flash"]
    return "vertex" if "on Vertex AI" in f.message else "gemini" if "auto-routed" in f.message else f.message


# (file name, text with {v} for the value): one per declaration place in the issue.
PLACES = {
    "env": (".env", "GOOGLE_GENAI_USE_VERTEXAI={v}\nGOOGLE_CLOUD_LOCATION=us-central1\n"),
    "env-local": (".env.production", "export GOOGLE_GENAI_USE_VERTEXAI='{v}'\n"),
    "compose-map": (
        "docker-compose.yml",
        'services:\n  api:\n    build: .\n    environment:\n      GOOGLE_GENAI_USE_VERTEXAI: "{v}"\n',
    ),
    "compose-list": ("compose.yaml", "services:\n  api:\n    environment:\n      - GOOGLE_GENAI_USE_VERTEXAI={v}\n"),
    "dockerfile": ("Dockerfile", "FROM python:3.12\nENV GOOGLE_GENAI_USE_VERTEXAI={v} PORT=8080\n"),
    "dockerfile-space": ("Dockerfile", "FROM python:3.12\nENV GOOGLE_GENAI_USE_VERTEXAI {v}\n"),
    "shell-export": ("run.sh", "#!/bin/sh\nexport GOOGLE_GENAI_USE_VERTEXAI={v}\npython app.py\n"),
    "gcloud-set-env-vars": (
        "deploy.sh",
        "gcloud run deploy api --source . \\\n  --set-env-vars GOOGLE_CLOUD_PROJECT=p,GOOGLE_GENAI_USE_VERTEXAI={v}\n",
    ),
    "gcloud-update-env-vars": (
        "deploy.sh",
        "gcloud run services update api --update-env-vars=GOOGLE_GENAI_USE_VERTEXAI={v}\n",
    ),
    "cloudbuild": (
        "cloudbuild.yaml",
        "steps:\n- name: gcr.io/cloud-builders/gcloud\n  env:\n  - 'GOOGLE_GENAI_USE_VERTEXAI={v}'\n",
    ),
    "app-engine": ("app.yaml", "runtime: python312\nenv_variables:\n  GOOGLE_GENAI_USE_VERTEXAI: '{v}'\n"),
    "app-engine-envVariables": ("app.yaml", "runtime: python312\nenvVariables:\n  GOOGLE_GENAI_USE_VERTEXAI: {v}\n"),
    "cloud-run-service": (
        "service.yaml",
        "spec:\n  template:\n    spec:\n      containers:\n      - image: x\n        env:\n"
        '        - name: GOOGLE_GENAI_USE_VERTEXAI\n          value: "{v}"\n',
    ),
    "terraform": (
        "main.tf",
        'resource "google_cloud_run_v2_service" "api" {{\n  template {{\n    containers {{\n      env {{\n'
        '        name  = "GOOGLE_GENAI_USE_VERTEXAI"\n        value = "{v}"\n      }}\n    }}\n  }}\n}}\n',
    ),
    "github-workflow": (
        ".github/workflows/deploy.yml",
        "on: push\nenv:\n  GOOGLE_GENAI_USE_VERTEXAI: {v}\njobs:\n  d:\n    runs-on: ubuntu-latest\n",
    ),
    "enterprise": (".env", "GOOGLE_GENAI_USE_ENTERPRISE={v}\n"),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize(
    "value, expected", [("true", VERTEX), ("TRUE", VERTEX), ("1", VERTEX), ("false", GEMINI), (None, GEMINI)]
)
def test_every_declaration_place_decides_the_platform(tmp_path, monkeypatch, place, value, expected):
    name, text = PLACES[place]
    files = {"app.py": CLIENT}
    if value is not None:
        files[name] = text.format(v=value)
    else:  # the twin that declares nothing: the same file without the variable
        files[name] = (
            text.format(v="x")
            .replace("GOOGLE_GENAI_USE_VERTEXAI", "OTHER")
            .replace("GOOGLE_GENAI_USE_ENTERPRISE", "OTHER")
        )
    found = findings(tmp_path, monkeypatch, files)
    assert platform_of(found) == expected
    [f] = found
    if value is None:
        assert f.platform_note is None
    else:
        where = name if "/" in name else name  # display path of the declaring file
        shown = "Vertex AI" if expected == VERTEX else "Gemini API"
        assert f.platform_note.startswith(f"{shown}: GOOGLE_GENAI_USE_") and f" in {where}:" in f.platform_note


@pytest.mark.parametrize("place", ["env", "dockerfile", "terraform", "gcloud-set-env-vars"])
def test_typescript_clients_follow_the_declarations_too(tmp_path, monkeypatch, place):
    name, text = PLACES[place]
    found = findings(tmp_path, monkeypatch, {"src/app.ts": TS_CLIENT, name: text.format(v="true")})
    assert platform_of(found) == VERTEX


def test_a_non_constant_value_declares_nothing():
    assert declarations("GOOGLE_GENAI_USE_VERTEXAI=${USE_VERTEX}\n", ".env") == []
    assert declarations("# GOOGLE_GENAI_USE_VERTEXAI=true\n", ".env") == []
    [d] = declarations("A=1\nGOOGLE_GENAI_USE_VERTEXAI=True\n", ".env")
    assert (d.key, d.value, d.platform, d.location.line, d.location.column) == (
        "GOOGLE_GENAI_USE_VERTEXAI",
        "True",
        VERTEX,
        2,
        1,
    )


def test_declaration_files_are_discovered():
    for name in ("Dockerfile", "Dockerfile.prod", "deploy.sh", "infra/main.tf", "api.dockerfile"):
        assert language_of(name) == "declarations", name
    for name in (".env", "cloudbuild.yaml", "app.yaml", ".github/workflows/ci.yml", "compose.yaml"):
        assert language_of(name) == "settings", name
    assert language_of("notes.txt") is None


def test_nearest_declaration_wins(tmp_path, monkeypatch):
    files = {
        ".env": "GOOGLE_GENAI_USE_VERTEXAI=true\n",
        "app.py": CLIENT,
        "svc/.env": "GOOGLE_GENAI_USE_VERTEXAI=false\n",
        "svc/app.py": CLIENT,
        "svc/deep/more/app.py": CLIENT,
    }
    found = {f.location.path: f for f in findings(tmp_path, monkeypatch, files)}
    assert platform_of([found["app.py"]]) == VERTEX
    assert platform_of([found["svc/app.py"]]) == GEMINI
    assert platform_of([found["svc/deep/more/app.py"]]) == GEMINI
    assert "in svc/.env:1" in found["svc/deep/more/app.py"].platform_note


def test_explicit_flag_always_wins(tmp_path, monkeypatch):
    code = CLIENT.replace("genai.Client()", "genai.Client(vertexai=False, api_key='k')")
    found = findings(tmp_path, monkeypatch, {".env": "GOOGLE_GENAI_USE_VERTEXAI=true\n", "app.py": code})
    assert platform_of(found) == GEMINI and found[0].platform_note is None


def test_a_deploy_script_elsewhere_declares_for_the_project(tmp_path, monkeypatch):
    name, text = PLACES["gcloud-set-env-vars"]
    found = findings(tmp_path, monkeypatch, {"app/main.py": CLIENT, f"scripts/{name}": text.format(v="TRUE")})
    assert platform_of(found) == VERTEX
    assert found[0].platform_note == "Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=TRUE in scripts/deploy.sh:2"


def test_a_project_declaring_both_is_checked_on_both_in_one_finding(tmp_path, monkeypatch):
    files = {
        "services/a/.env": "GOOGLE_GENAI_USE_VERTEXAI=true\n",
        "services/b/Dockerfile": "ENV GOOGLE_GENAI_USE_VERTEXAI=false\n",
        "shared/llm.py": CLIENT,
    }
    [f] = findings(tmp_path, monkeypatch, files)
    # each verdict brief (the shutdown, not "closed to new projects" before it): the line fits 120 columns
    assert f.message == (
        "Vertex AI: 'gemini-2.5-flash' shuts down in 114 days: move to gemini-3.8-flash; Gemini API: auto-routed"
    )
    # each platform's whole verdict and its facts are in the detail
    assert f.detail.startswith("Vertex AI: 'gemini-2.5-flash' on Vertex AI closed to new projects")
    assert "; Gemini API: 'gemini-2.5-flash' is auto-routed since 2026-12-01: move to " in f.detail
    assert f.platform_note == (
        "Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=true in services/a/.env:1; "
        "Gemini API: GOOGLE_GENAI_USE_VERTEXAI=false in services/b/Dockerfile:1"
    )


def test_both_platforms_when_only_one_fails(tmp_path, monkeypatch):
    code = (
        "from google import genai\nclient = genai.Client()\n"
        'client.models.generate_images(model="imagen-4.0-generate-001", prompt="x")\n'
    )
    files = {"a/.env": "GOOGLE_GENAI_USE_VERTEXAI=1\n", "b/.env": "GOOGLE_GENAI_USE_VERTEXAI=0\n", "lib.py": code}
    [f] = findings(tmp_path, monkeypatch, files)
    # retired on both since 2026-08-17: the same verdict; only Vertex AI names a model, so the one action is
    # said with where it holds (the Gemini API's "pick a current model" is in the detail)
    assert f.code == "GL003" and f.message == (
        "Both platforms: 'imagen-4.0-generate-001' was retired: use generate_content with gemini-3.1-flash-image "
        "on Vertex AI"
    )
    assert f.detail.startswith("Vertex AI: 'imagen-4.0-generate-001' was retired on Vertex AI")
    gemini_side = "; Gemini API: 'imagen-4.0-generate-001' was retired on 2026-08-17: pick a current model (`gemlint"
    assert gemini_side in f.detail


@pytest.mark.parametrize(
    "client",
    [
        'genai.Client(vertexai=os.environ.get("USE_VERTEX") == "1")',
        "genai.Client(vertexai=use_vertex)",
    ],
)
def test_a_client_choosing_at_run_time_is_checked_on_both(tmp_path, monkeypatch, client):
    code = CLIENT.replace("genai.Client()", client).replace("from google", "import os\nfrom google")
    code = code.replace("import os\n", "import os\nuse_vertex = os.environ.get('V') == '1'\n")
    [f] = findings(tmp_path, monkeypatch, {"app.py": code})
    assert f.message.startswith("Vertex AI: ") and "; Gemini API: " in f.message
    assert f.platform_note == "both platforms: the client's vertexai= is decided at run time"


def test_a_typescript_client_choosing_at_run_time_is_checked_on_both(tmp_path, monkeypatch):
    code = TS_CLIENT.replace("new GoogleGenAI({})", "new GoogleGenAI({ vertexai: process.env.V === '1' })")
    [f] = findings(tmp_path, monkeypatch, {"app.ts": code})
    assert f.message.startswith("Vertex AI: ") and "; Gemini API: " in f.message


def test_a_both_platform_verdict_said_once_when_the_platforms_agree(tmp_path, monkeypatch):
    # the same verdict and action on both platforms: one "Both platforms:" line
    code = (
        "import os\nfrom google import genai\nclient = genai.Client(vertexai=os.environ.get('V') == '1')\n"
        'client.models.embed_content(model="gemini-3.8-flash", contents="x")\n'
        'client.models.generate_content(model="gemini-3.8-flash", contents="x",'
        ' config={"response_modalities": ["IMAGE"]})\n'
    )
    embed, image = findings(tmp_path, monkeypatch, {"app.py": code})
    assert embed.message == "Both platforms: 'gemini-3.8-flash' is not an embedding model: use gemini-embedding-2"
    assert embed.detail.startswith("Vertex AI: 'gemini-3.8-flash' is not an embedding model on Vertex AI: use ")
    # Vertex AI would suggest gemini-3.1-flash-image first, the Gemini API only gemini-3-pro-image: the model
    # both suggest is the one story told
    assert image.message == "Both platforms: 'gemini-3.8-flash' cannot return IMAGE: use gemini-3-pro-image"
    assert image.suggestions[0] == "gemini-3-pro-image"
    assert image.detail.startswith("Vertex AI: 'gemini-3.8-flash' cannot return IMAGE: use gemini-3.1-flash-image; ")
    assert "; Gemini API: 'gemini-3.8-flash' cannot return IMAGE: use gemini-3-pro-image; " in image.detail


def test_a_branch_on_client_vertexai_still_decides(tmp_path, monkeypatch):
    code = (
        "import os\nfrom google import genai\nclient = genai.Client(vertexai=os.environ.get('V') == '1')\n"
        "if client.vertexai:\n"
        '    client.models.generate_content(model="gemini-2.5-flash", contents="x")\n'
    )
    [f] = findings(tmp_path, monkeypatch, {"app.py": code})
    assert platform_of([f]) == VERTEX and not f.message.startswith("Vertex AI: ")


def test_an_adk_agent_config_follows_the_project(tmp_path, monkeypatch):
    files = {".env": "GOOGLE_GENAI_USE_VERTEXAI=TRUE\n", "agent/root_agent.yaml": "name: a\nmodel: gemini-2.5-flash\n"}
    assert platform_of(findings(tmp_path, monkeypatch, files)) == VERTEX
    files[".env"] = "GOOGLE_GENAI_USE_VERTEXAI=FALSE\n"
    assert platform_of(findings(tmp_path, monkeypatch, files)) == GEMINI


def test_a_declaration_covers_its_folder_and_below(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [a] = declarations("GOOGLE_GENAI_USE_VERTEXAI=1", "x/.env")
    pm = PlatformMap([a], str(tmp_path))
    assert pm.platforms("x/y/z.py") == {VERTEX: "GOOGLE_GENAI_USE_VERTEXAI=1 in x/.env:1"}
    assert pm.platforms("other/z.py") == {}  # a sibling folder's .env says nothing here
    # ...unless the project declares both platforms: code no folder covers may run on either
    [b] = declarations("GOOGLE_GENAI_USE_VERTEXAI=0", "w/.env")
    assert PlatformMap([a, b], str(tmp_path)).platforms("other/z.py").keys() == {VERTEX, GEMINI}
    assert PlatformMap([]).platforms("a.py") == {}


def test_a_deployment_file_in_a_folder_of_its_own_covers_the_folder_above(tmp_path, monkeypatch):
    write(tmp_path, {"svc/app.py": CLIENT, "svc/ops/deploy/run.sh": "export GOOGLE_GENAI_USE_VERTEXAI=1\n"})
    write(tmp_path, {"other/app.py": CLIENT, "svc/ops/.env": "X=1\n"})
    monkeypatch.chdir(tmp_path)
    [d] = declarations((tmp_path / "svc/ops/deploy/run.sh").read_text(), "svc/ops/deploy/run.sh")
    pm = PlatformMap([d], str(tmp_path))
    assert pm.by_folder.keys() == {str(tmp_path / "svc")}  # ops/deploy and ops hold no code: svc does
    # an .env covers its own folder, code or not
    [e] = declarations("GOOGLE_GENAI_USE_VERTEXAI=1\n", "svc/ops/.env")
    assert PlatformMap([e], str(tmp_path)).by_folder.keys() == {str(tmp_path / "svc" / "ops")}
    # a sibling service that declares the other platform: svc/ follows its script, the .env its own folder
    [g] = declarations("GOOGLE_GENAI_USE_VERTEXAI=0\n", "svc/ops/.env")
    pm = PlatformMap([d, g], str(tmp_path))
    assert pm.platforms("svc/app.py") == {VERTEX: "GOOGLE_GENAI_USE_VERTEXAI=1 in svc/ops/deploy/run.sh:1"}
    assert pm.platforms("svc/ops/x.py") == {GEMINI: "GOOGLE_GENAI_USE_VERTEXAI=0 in svc/ops/.env:1"}


def test_the_fallback_stays_inside_the_files_project(tmp_path, monkeypatch):
    # a repository of independent samples, each its own project: one's deploy script says nothing of another's
    files = {
        "agents/a/pyproject.toml": "[project]\nname='a'\n",
        "agents/a/deployment/deploy.sh": "gcloud run deploy a --set-env-vars GOOGLE_GENAI_USE_VERTEXAI=1\n",
        "agents/a/a/agent.py": CLIENT,
        "agents/b/pyproject.toml": "[project]\nname='b'\n",
        "agents/b/.env.example": "GOOGLE_GENAI_USE_VERTEXAI=YOUR_VALUE_HERE\n",
        "agents/b/b/agent.py": CLIENT,
    }
    found = {f.location.path: f for f in findings(tmp_path, monkeypatch, files)}
    assert platform_of([found["agents/a/a/agent.py"]]) == VERTEX
    assert platform_of([found["agents/b/b/agent.py"]]) == GEMINI and found["agents/b/b/agent.py"].platform_note is None


def test_a_trailing_comment_declares_nothing():
    text = "GOOGLE_API_KEY=x #  'required if GOOGLE_GENAI_USE_VERTEXAI=0.'\nGOOGLE_GENAI_USE_VERTEXAI=1 # or 0\n"
    assert [(d.value, d.location.line) for d in declarations(text, ".env")] == [("1", 2)]
    assert [d.value for d in declarations('GOOGLE_GENAI_USE_VERTEXAI: "true" # "false" for AI Studio\n', "a.yaml")] == [
        "true"
    ]
    assert [d.value for d in declarations('env { value = "1#x" name = "GOOGLE_GENAI_USE_VERTEXAI" }', "m.tf")] == []


@pytest.mark.parametrize("name", [".env-example", "env.example", ".env.sample"])
def test_env_example_spellings_are_read(tmp_path, monkeypatch, name):
    found = findings(tmp_path, monkeypatch, {name: "GOOGLE_GENAI_USE_VERTEXAI=1\n", "app.py": CLIENT})
    assert platform_of(found) == VERTEX


# -- the one-file (pre-commit) scan --------------------------------------------------------------------------


def _cli(cwd, *args):
    env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "gemlint", "scan", "--format", "json", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("cache", [False, True])
def test_a_one_file_scan_reads_the_project_declarations(tmp_path, cache):
    write(tmp_path, {"pyproject.toml": "[project]\nname='x'\n", "app/main.py": CLIENT})
    write(tmp_path, {"scripts/deploy.sh": PLACES["gcloud-set-env-vars"][1].format(v="true")})
    extra = [] if cache else ["--no-cache"]
    import json

    for _ in range(2 if cache else 1):  # with the cache: cold (whole discovery), then warm (the project index)
        proc = _cli(tmp_path, *extra, "app/main.py")
        [f] = json.loads(proc.stdout)["findings"]
        assert "on Vertex AI" in f["message"], proc.stdout + proc.stderr
        assert f["platform"] == "Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=true in scripts/deploy.sh:2"


def test_a_folder_scan_reads_the_folders_above_it(tmp_path):
    import json

    write(tmp_path, {".env": "GOOGLE_GENAI_USE_VERTEXAI=1\n", "a/b/main.py": CLIENT, "c/.env": "X=1\n"})
    proc = _cli(tmp_path, "--no-cache", "a/b")
    [f] = json.loads(proc.stdout)["findings"]
    assert "on Vertex AI" in f["message"] and f["platform"] == "Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=1 in .env:1"


def test_nothing_above_the_project_is_read(tmp_path):
    import json

    write(tmp_path, {".env": "GOOGLE_GENAI_USE_VERTEXAI=1\n", "proj/pyproject.toml": "[project]\nname='x'\n"})
    write(tmp_path, {"proj/main.py": CLIENT})
    proc = _cli(tmp_path / "proj", "--no-cache", ".")
    [f] = json.loads(proc.stdout)["findings"]
    assert "auto-routed" in f["message"] and "platform" not in f


def test_the_verbose_text_says_what_decided(tmp_path):
    write(tmp_path, {".env": "GOOGLE_GENAI_USE_VERTEXAI=true\n", "app.py": CLIENT})
    env = dict(os.environ)
    quiet = subprocess.run([sys.executable, "-m", "gemlint", "scan", "--no-cache", "."], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    loud = subprocess.run([sys.executable, "-m", "gemlint", "scan", "--no-cache", "-v", "."], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "platform:" not in quiet.stdout
    assert "    platform: Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=true in .env:1" in loud.stdout


# -- Vertex AI findings speak Vertex AI ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite", "gemini-3.1-flash-image", "gemini-2.0-flash"],
)
@pytest.mark.parametrize("declared", [True, False])
def test_vertex_findings_never_carry_gemini_api_facts(tmp_path, monkeypatch, model, declared):
    from gemlint.inventory.lifecycle import load_lifecycle
    from gemlint.inventory.vertex import load_vertex_catalogue

    code = CLIENT.replace("gemini-2.5-flash", model)
    if not declared:  # the flag on the client instead of the project's environment
        code = code.replace("genai.Client()", "genai.Client(vertexai=True)")
    files = {"app.py": code, ".env": "GOOGLE_GENAI_USE_VERTEXAI=true\n" if declared else "X=1\n"}
    text = " ".join(f.message + " " + " ".join(f.suggestions) for f in findings(tmp_path, monkeypatch, files))
    assert "auto-routed" not in text
    life, row = load_lifecycle().get(model), load_vertex_catalogue().get(model)
    vertex_names = set(row.replacement_names()) if row is not None else set()
    for name in life.replacement_names() if life is not None and life.replacement else ():
        if name not in vertex_names:
            assert name not in text, (model, name, text)


@pytest.mark.parametrize(
    "call, expected",
    [
        ('ChatGoogleGenerativeAI(model="gemini-2.5-flash")', VERTEX),
        ('ChatGoogleGenerativeAI(model="gemini-2.5-flash", vertexai=False)', GEMINI),
        ('GoogleGenerativeAIEmbeddings(model="gemini-2.5-flash")', VERTEX),
        ('Agent(name="a", model="gemini-2.5-flash")', VERTEX),
    ],
)
def test_langchain_and_adk_follow_the_project(tmp_path, monkeypatch, call, expected):
    code = (
        "from langchain_google_genai import ChatGoogleGenerativeAI, GoogleGenerativeAIEmbeddings\n"
        f"from google.adk.agents import Agent\nx = {call}\n"
    )
    found = findings(tmp_path, monkeypatch, {".env": "GOOGLE_GENAI_USE_VERTEXAI=true\n", "app.py": code})
    assert found and all(platform_of([f]) == expected for f in found), [f.message for f in found]


@pytest.mark.parametrize(
    "name, text",
    [
        ("agent/root_agent.yaml", "name: a\nmodel: gemini-embedding-001\ninstruction: help\n"),
        (
            "agent/root_agent.yaml",
            "agent_class: LlmAgent\nname: a\nsub_agents:\n  - name: b\n    model: gemini-embedding-001\n",
        ),
        ("agent/agent.json", '{"name": "a", "model": "gemini-embedding-001", "instruction": "help"}\n'),
    ],
)
def test_an_agent_config_model_is_a_generate_content_call_site(tmp_path, monkeypatch, name, text):
    [f] = [f for f in findings(tmp_path, monkeypatch, {name: text}) if f.code == "GL002"]
    assert f.site_kind == "ADK agent config" and f.method == "generateContent"


def test_a_model_key_in_other_settings_is_no_call_site(tmp_path, monkeypatch):
    found = findings(tmp_path, monkeypatch, {"config.yaml": "name: a\nmodel: gemini-embedding-001\n"})
    assert all(f.code != "GL002" and f.site_kind != "ADK agent config" for f in found)


def test_an_editor_buffer_follows_the_project(tmp_path, monkeypatch):
    # the language server checks unsaved text with api.check_text: the folders above it declare the platform
    from gemlint.api import check_text

    write(tmp_path, {".env": "GOOGLE_GENAI_USE_VERTEXAI=true\n"})
    monkeypatch.chdir(tmp_path)
    scanner = make_scanner(Config(root=str(tmp_path)), today=DAY)
    _, found = check_text(str(tmp_path / "pkg" / "app.py"), CLIENT, scanner)
    assert platform_of(found) == VERTEX and found[0].platform_note.endswith(".env:1")


def test_a_notebook_cell_follows_the_project_and_its_config(tmp_path, monkeypatch):
    import json

    cells = [
        "from google import genai\nclient = genai.Client()",
        'client.models.generate_content(model="gemini-3.8-flash", contents="x",'
        ' config={"response_modalities": ["IMAGE"]})',
    ]
    nb = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": c} for c in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    files = {".env": "GOOGLE_GENAI_USE_VERTEXAI=1\n", "nb.ipynb": json.dumps(nb)}
    [f] = findings(tmp_path, monkeypatch, files)
    assert f.code == "GL002" and f.location.cell == 2
    assert f.suggestions == ("gemini-3.1-flash-image", "gemini-3-pro-image")  # the Vertex AI table's
    assert f.platform_note == "Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=1 in .env:1"


def test_env_vars_given_to_a_deployment_in_code_declare_the_platform(tmp_path, monkeypatch):
    # Agent Engine / Cloud Run deployments built in Python: env_vars={"GOOGLE_GENAI_USE_VERTEXAI": "1"}
    import json

    code = CLIENT + 'remote = deploy(agent, env_vars={"GOOGLE_GENAI_USE_VERTEXAI": "1"})\n'
    assert platform_of(findings(tmp_path / "py", monkeypatch, {"app.py": code})) == VERTEX
    nb = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": code}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    assert platform_of(findings(tmp_path / "nb", monkeypatch, {"a.ipynb": json.dumps(nb)})) == VERTEX
    twin = code.replace('"1"', "flag")
    assert platform_of(findings(tmp_path / "twin", monkeypatch, {"app.py": twin})) == GEMINI


def test_a_both_platform_finding_leads_with_the_most_definite_error(tmp_path, monkeypatch):
    # a Vertex AI-only model retired there: GL003 on Vertex AI leads GL001 on the Gemini API
    code = (
        "import os\nfrom google import genai\n"
        "client = genai.Client(vertexai=True) if os.environ.get('V') else genai.Client(api_key='k')\n"
        'client.models.generate_content(model="text-bison@001", contents="x")\n'
    )
    [f] = findings(tmp_path, monkeypatch, {"app.py": code})
    assert f.code == "GL003" and f.message.startswith("Vertex AI: 'text-bison@001' was retired: use ")
    assert f.message.endswith("; Gemini API: not listed")
    assert "'text-bison@001' was retired on Vertex AI on 2025-04-09" in f.detail  # the date: in the detail
    assert "; Gemini API: 'text-bison@001' is not listed: " in f.detail


def test_prose_in_code_declares_nothing(tmp_path, monkeypatch):
    doc = '"""Set `GOOGLE_GENAI_USE_ENTERPRISE=true` to use Vertex AI."""\n# GOOGLE_GENAI_USE_VERTEXAI: true\n'
    assert declarations(doc, "client.py", code=True) == []
    assert platform_of(findings(tmp_path, monkeypatch, {"pkg/client.py": doc, "pkg/tests/t.py": CLIENT})) == GEMINI


def test_a_both_platform_line_says_the_call_site_once_at_its_end(tmp_path, monkeypatch):
    # a name written in config.py, called in main.py on both platforms: the call site it reaches ends the line,
    # after both platforms' verdicts (not in the middle, after the first platform's action)
    files = {
        "config.py": 'IMAGEN = "imagen-4.0-generate-001"\nFLASH = "gemini-2.5-flash"\n',
        "main.py": (
            "import os\nfrom google import genai\nfrom config import IMAGEN, FLASH\n"
            "client = genai.Client(vertexai=os.environ.get('V') == '1')\n"
            'client.models.generate_images(model=IMAGEN, prompt="x")\n'
            'client.models.generate_content(model=FLASH, contents="x")\n'
        ),
    }
    imagen, flash = sorted(findings(tmp_path, monkeypatch, files), key=lambda f: f.location.line)
    assert imagen.message == (
        "Both platforms: 'imagen-4.0-generate-001' was retired: use generate_content with gemini-3.1-flash-image "
        "on Vertex AI (→ models.generate_images, main.py:5)"
    )
    assert flash.message == (
        "Vertex AI: 'gemini-2.5-flash' shuts down in 114 days: move to gemini-3.8-flash; Gemini API: auto-routed "
        "(→ models.generate_content, main.py:6)"
    )
