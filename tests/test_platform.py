"""Which platform each call goes to (issue 14, part 1), in Python and TypeScript/JavaScript alike.

Extractor-level tests assert ``CallSite.backend`` (and ``ModelRef.platform`` for
names that reach no call); CLI tests check the end-to-end effect with a probe
model, ``gemini-2.0-flash``, retired on the Gemini API (GL003) but not judged
by Gemini API shutdown dates on Vertex AI.
"""

from __future__ import annotations

import textwrap
from typing import List, Optional, Tuple

import pytest

from gemlint.api import default_platform, override_backend
from gemlint.config import Config, ConfigError, load_config
from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.extract.typescript.extractor import extract_typescript
from gemlint.types import GEMINI, VERTEX, ModelRef

from .helpers import scan_json

Row = Tuple[int, str, Optional[str], Optional[str]]  # line, text, site backend (None: no site), platform


def _rows(refs: List[ModelRef]) -> List[Row]:
    return sorted(
        (r.location.line, r.text, r.site.backend if r.site else None, None if r.site else r.platform) for r in refs
    )


def py(source: str, cells: Optional[List[str]] = None) -> List[Row]:
    chunks = (
        [Chunk(textwrap.dedent(c), i + 1) for i, c in enumerate(cells)] if cells else [Chunk(textwrap.dedent(source))]
    )
    refs, errors = extract_python(chunks, "t.py", lambda name: False)
    assert errors == []
    return _rows(refs)


def ts(source: str, dialect: str = "ts") -> List[Row]:
    refs, errors = extract_typescript(textwrap.dedent(source).lstrip("\n"), "t.ts", dialect, lambda name: False)
    assert errors == []
    return _rows(refs)


def sites(rows: List[Row]) -> List[Tuple[str, Optional[str]]]:
    return [(text, backend) for _, text, backend, _ in rows if backend is not None]


# -- per client object ---------------------------------------------------------------------------


def test_python_two_clients_in_one_file():
    rows = py(
        """
        from google import genai
        gemini = genai.Client()
        vertex = genai.Client(vertexai=True, project="p", location="us-central1")
        gemini.models.generate_content(model="gemini-2.0-flash-lite", contents="x")
        vertex.models.embed_content(model="text-embedding-005", contents="x")
        gemini.models.embed_content(model="gemini-embedding-001", contents="x")
        """
    )
    assert sites(rows) == [
        ("gemini-2.0-flash-lite", GEMINI),
        ("text-embedding-005", VERTEX),
        ("gemini-embedding-001", GEMINI),
    ]


@pytest.mark.parametrize(
    "setup,receiver",
    [
        pytest.param("from google import genai\nc = genai.Client(enterprise=True)\n", "c", id="enterprise"),
        pytest.param(
            "from google.genai import Client as VertexClient\nc = VertexClient(vertexai=True)\n", "c", id="class-alias"
        ),
        pytest.param("import google.genai as g\nc = g.Client(vertexai=True)\n", "c", id="module-alias"),
        pytest.param("from google import genai as gg\nc = gg.Client(vertexai='true')\n", "c", id="from-alias"),
        pytest.param("from google import genai\nUSE = True\nc = genai.Client(vertexai=USE)\n", "c", id="flag-constant"),
        pytest.param("from google import genai\n", "genai.Client(vertexai=True)", id="inline-client"),
    ],
)
def test_python_vertex_client_spellings(setup, receiver):
    rows = py(setup + f'{receiver}.models.generate_content(model="gemini-2.0-flash")\n')
    assert sites(rows) == [("gemini-2.0-flash", VERTEX)]


def test_python_receivers_self_attribute_aio_and_music():
    rows = py(
        """
        from google import genai
        class Voice:
            def __init__(self):
                self.client = genai.Client(vertexai=True)
                self.plain = genai.Client(vertexai=False)
            async def talk(self):
                async with self.client.aio.live.connect(model="gemini-live-2.5-flash") as s:
                    pass
                await self.plain.aio.live.music.connect(model="lyria-realtime-exp")
                self.plain.chats.create(model="gemini-2.5-flash")
        """
    )
    assert sites(rows) == [
        ("gemini-live-2.5-flash", VERTEX),
        ("lyria-realtime-exp", GEMINI),
        ("gemini-2.5-flash", GEMINI),
    ]


def test_python_client_in_two_branches_goes_to_both():
    rows = py(
        """
        from google import genai
        client = genai.Client(vertexai=True) if on_gcp else genai.Client(api_key=key)
        client.models.generate_content(model="gemini-2.5-flash")
        """
    )
    assert sites(rows) == [("gemini-2.5-flash", GEMINI), ("gemini-2.5-flash", VERTEX)]


def test_ts_two_clients_in_one_file():
    rows = ts(
        """
        import { GoogleGenAI } from '@google/genai';
        const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
        const vertexAI = new GoogleGenAI({ vertexai: true, project: 'p', location: 'us-central1' });
        ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'x' });
        vertexAI.models.embedContent({ model: 'text-embedding-005', contents: 'x' });
        """
    )
    assert sites(rows) == [("gemini-2.0-flash", GEMINI), ("text-embedding-005", VERTEX)]


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param("const ai = new GoogleGenAI({ enterprise: true });", id="enterprise"),
        pytest.param(
            "import { GoogleGenAI as G } from '@google/genai';\nconst ai = new G({ vertexai: true });",
            id="import-alias",
        ),
        pytest.param(
            "import * as g from '@google/genai';\nconst ai = new g.GoogleGenAI({ vertexai: true });", id="namespace"
        ),
        pytest.param(
            "const { GoogleGenAI: G } = require('@google/genai');\nconst ai = new G({ vertexai: true });",
            id="require-alias",
        ),
        pytest.param("const opts = { vertexai: true };\nconst ai = new GoogleGenAI(opts);", id="options-variable"),
    ],
)
@pytest.mark.parametrize("dialect", ["ts", "js"])
def test_ts_vertex_client_spellings(setup, dialect):
    rows = ts(setup + "\nai.models.generateContent({ model: 'gemini-2.0-flash' });\n", dialect)
    assert sites(rows) == [("gemini-2.0-flash", VERTEX)]


def test_ts_receivers_this_field_and_music():
    rows = ts(
        """
        class Voice {
          private ai = new GoogleGenAI({ vertexai: true });
          constructor() { this.plain = new GoogleGenAI({ vertexai: false }); }
          run() {
            this.ai.live.connect({ model: 'gemini-live-2.5-flash' });
            this.plain.live.music.connect({ model: 'lyria-realtime-exp' });
          }
        }
        """
    )
    assert sites(rows) == [("gemini-live-2.5-flash", VERTEX), ("lyria-realtime-exp", GEMINI)]


# -- clients built with neither flag follow the environment ------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        'os.environ["GOOGLE_GENAI_USE_VERTEXAI"] = "true"',
        'os.environ["GOOGLE_GENAI_USE_ENTERPRISE"] = "1"',
        'os.environ.setdefault("GOOGLE_GENAI_USE_VERTEXAI", "True")',
    ],
)
def test_python_environment_set_in_code(env):
    rows = py(
        f'import os\n{env}\nfrom google import genai\nc = genai.Client()\nc.models.get(model="gemini-2.0-flash")\n'
    )
    assert sites(rows) == [("gemini-2.0-flash", VERTEX)]


def test_python_environment_does_not_move_a_flagged_client():
    rows = py(
        'import os\nos.environ["GOOGLE_GENAI_USE_VERTEXAI"] = "true"\nfrom google import genai\n'
        'c = genai.Client(vertexai=False)\nc.models.get(model="gemini-2.0-flash")\n'
    )
    assert sites(rows) == [("gemini-2.0-flash", GEMINI)]


@pytest.mark.parametrize(
    "env", ["process.env.GOOGLE_GENAI_USE_VERTEXAI = 'true';", "process.env['GOOGLE_GENAI_USE_ENTERPRISE'] = '1';"]
)
def test_ts_environment_set_in_code(env):
    rows = ts(
        f"{env}\nconst ai = new GoogleGenAI({{}});\nai.models.generateContent({{ model: 'gemini-2.0-flash' }});\n"
    )
    assert sites(rows) == [("gemini-2.0-flash", VERTEX)]


def test_environment_following_sites_are_marked_and_take_the_configured_default(tmp_path):
    refs, _ = extract_python(
        [Chunk('from google import genai\nc = genai.Client()\nc.models.get(model="gemini-2.0-flash")\n')],
        "svc/vertex/a.py",
        lambda n: False,
    )
    assert refs[0].site.follows_env and refs[0].site.backend == GEMINI
    config = Config(root=str(tmp_path), backend=(("svc/vertex/**", "vertex"),))
    assert override_backend(refs, config)[0].site.backend == VERTEX
    assert override_backend(refs, Config(root=str(tmp_path)))[0].site.backend == GEMINI
    # the .env hook (Scanner.env_platform) comes before the configuration
    assert override_backend(refs, config, env_platform=GEMINI)[0].site.backend == GEMINI


def test_configured_default_does_not_move_a_flagged_client(tmp_path):
    refs, _ = extract_python(
        [Chunk('from google import genai\nc = genai.Client(vertexai=False)\nc.models.get(model="gemini-2.0-flash")\n')],
        "a.py",
        lambda n: False,
    )
    assert not refs[0].site.follows_env
    assert override_backend(refs, Config(root=str(tmp_path), backend=(("**", "vertex"),)))[0].site.backend == GEMINI


def test_ts_environment_following_site_is_marked():
    refs, _ = extract_typescript(
        "const ai = new GoogleGenAI({});\nai.models.generateContent({ model: 'gemini-2.0-flash' });\n",
        "t.ts",
        "ts",
        lambda n: False,
    )
    assert refs[0].site.follows_env and refs[0].site.backend == GEMINI


# -- runtime branches on the client's platform ----------------------------------------------------------


def test_python_branches_on_client_vertexai():
    rows = py(
        """
        from google import genai
        client = genai.Client()
        if client.vertexai:
            client.models.generate_content(model="gemini-2.5-pro")
        else:
            client.models.generate_content(model="gemini-2.5-flash")
        if not client._api_client.vertexai:
            EMBED = "gemini-embedding-001"
        else:
            EMBED = "text-embedding-005"
        client.models.embed_content(model=EMBED)
        LIVE = "gemini-live-2.5-flash" if client.vertexai else "gemini-3.8-live"
        """
    )
    assert rows == [
        (5, "gemini-2.5-pro", VERTEX, None),
        (7, "gemini-2.5-flash", GEMINI, None),
        (9, "gemini-embedding-001", GEMINI, None),
        (11, "text-embedding-005", VERTEX, None),
        (13, "gemini-3.8-live", None, GEMINI),
        (13, "gemini-live-2.5-flash", None, VERTEX),
    ]


@pytest.mark.parametrize("dialect", ["ts", "js"])
def test_ts_branches_on_client_vertexai(dialect):
    rows = ts(
        """
        const client = new GoogleGenAI({});
        if (client.vertexai) {
          client.models.generateContent({ model: 'gemini-2.5-pro' });
        } else {
          client.models.generateContent({ model: 'gemini-2.5-flash' });
        }
        const EMBED = !client.vertexai ? 'gemini-embedding-001' : 'text-embedding-005';
        client.models.embedContent({ model: EMBED });
        """,
        dialect,
    )
    assert sites(rows) == [
        ("gemini-2.5-pro", VERTEX),
        ("gemini-2.5-flash", GEMINI),
        ("gemini-embedding-001", GEMINI),
        ("text-embedding-005", VERTEX),
    ]


# -- always Vertex AI ------------------------------------------------------------------------------------------


def test_python_always_vertex_sdks_and_urls():
    rows = py(
        """
        import vertexai
        from vertexai.generative_models import GenerativeModel
        from vertexai.vision_models import ImageGenerationModel
        from vertexai.language_models import TextEmbeddingModel
        from langchain_google_vertexai import ChatVertexAI, VertexAIEmbeddings
        vertexai.init(project="p", location="us-central1")
        GenerativeModel("gemini-2.0-flash")
        vertexai.generative_models.GenerativeModel("gemini-2.0-flash-lite")
        ImageGenerationModel.from_pretrained("imagen-3.0-generate-002")
        TextEmbeddingModel.from_pretrained("text-embedding-005")
        ChatVertexAI(model_name="gemini-2.5-pro")
        VertexAIEmbeddings(model_name="text-embedding-004")
        URL = f"https://{LOC}-aiplatform.googleapis.com/v1/projects/{P}/locations/{LOC}/publishers/google/models/{M}:predict"
        M = "imagen-4.0-generate-001"
        BASE = "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1"
        U2 = f"{BASE}/models/{M2}:generateContent"
        M2 = "gemini-2.5-flash"
        ENDPOINT = "projects/p/locations/us-central1/publishers/google/models/text-embedding-005"
        ENDPOINT2 = f"projects/{P}/locations/{L}/publishers/google/models/{E}"
        E = "gemini-embedding-001"
        GEMINI_URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent"
        """
    )
    backends = {(text, backend) for _, text, backend, _ in rows}
    assert backends == {
        ("gemini-2.0-flash", VERTEX),
        ("gemini-2.0-flash-lite", VERTEX),
        ("imagen-3.0-generate-002", VERTEX),
        ("text-embedding-005", VERTEX),
        ("gemini-2.5-pro", VERTEX),
        ("text-embedding-004", VERTEX),
        ("imagen-4.0-generate-001", VERTEX),
        ("gemini-2.5-flash", VERTEX),
        ("gemini-embedding-001", VERTEX),
        ("gemini-2.5-pro", GEMINI),  # the Gemini API URL stays on the Gemini API
    }


def test_python_prediction_client_endpoint():
    rows = py(
        """
        from google.cloud import aiplatform_v1
        client = aiplatform_v1.PredictionServiceClient()
        client.predict(endpoint="projects/p/locations/l/publishers/google/models/multimodalembedding@001", instances=[])
        """
    )
    assert sites(rows) == [("multimodalembedding@001", VERTEX)]


@pytest.mark.parametrize("dialect", ["ts", "js"])
def test_ts_always_vertex_sdks_and_urls(dialect):
    rows = ts(
        """
        import { VertexAI } from '@google-cloud/vertexai';
        import { createVertex, vertex } from '@ai-sdk/google-vertex';
        import { ChatVertexAI } from '@langchain/google-vertexai';
        const v = new VertexAI({ project: 'p', location: 'us-central1' });
        v.getGenerativeModel({ model: 'gemini-2.0-flash' });
        new VertexAI({ project: 'p' }).preview.getGenerativeModel({ model: 'gemini-2.0-flash-lite' });
        vertex('gemini-2.5-pro');
        const myVertex = createVertex({ project: 'p' });
        myVertex('gemini-2.5-flash');
        new ChatVertexAI({ model: 'gemini-2.5-flash-lite' });
        const url = `https://${LOC}-aiplatform.googleapis.com/v1/projects/${P}/locations/${LOC}/publishers/google/models/${M}:predict`;
        const M = 'imagen-4.0-generate-001';
        const endpoint = `projects/${P}/locations/${L}/publishers/google/models/${E}`;
        const E = 'text-embedding-005';
        const e2 = 'projects/p/locations/l/publishers/google/models/text-embedding-004';
        const gem = 'https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flash:generateContent';
        """,
        dialect,
    )
    assert {(text, backend) for _, text, backend, _ in rows} == {
        ("gemini-2.0-flash", VERTEX),
        ("gemini-2.0-flash-lite", VERTEX),
        ("gemini-2.5-pro", VERTEX),
        ("gemini-2.5-flash", VERTEX),
        ("gemini-2.5-flash-lite", VERTEX),
        ("imagen-4.0-generate-001", VERTEX),
        ("text-embedding-005", VERTEX),
        ("text-embedding-004", VERTEX),
        ("gemini-3.8-flash", GEMINI),
    }


def test_ts_rest_template_without_vertex_host_stays_gemini():
    rows = ts("const u = `${BASE}/v1beta/models/${MODEL}:generateContent`;\nconst MODEL = 'gemini-2.5-flash';\n")
    assert sites(rows) == [("gemini-2.5-flash", GEMINI)]


# -- names that reach no call: the file's evidence ---------------------------------------------------------


def test_python_notebook_that_only_builds_a_vertex_client_is_a_vertex_notebook():
    cells = [
        "from google import genai\nclient = genai.Client(vertexai=True, project='p', location='l')\n",
        "MODEL_ID = 'gemini-2.0-flash'  # @param\n",
    ]
    assert py("", cells) == [(1, "gemini-2.0-flash", None, VERTEX)]


@pytest.mark.parametrize(
    "source,platform",
    [
        pytest.param(
            "import vertexai\nvertexai.init(project='p')\nM = 'gemini-2.0-flash'\n", VERTEX, id="vertexai-sdk"
        ),
        pytest.param("from google import genai\nc = genai.Client()\nM = 'gemini-2.0-flash'\n", None, id="env-client"),
        pytest.param(
            "from google import genai\na = genai.Client()\nb = genai.Client(vertexai=True)\nM = 'gemini-2.0-flash'\n",
            None,
            id="mixed",
        ),
        pytest.param("import google.generativeai as g\nM = 'gemini-2.0-flash'\n", GEMINI, id="gemini-sdk"),
        pytest.param("M = 'gemini-2.0-flash'\n", None, id="no-evidence"),
        pytest.param("import vertexai\nM = 'models/gemini-2.0-flash'\n", GEMINI, id="gemini-api-spelling"),
    ],
)
def test_python_unsited_names_take_the_file_evidence(source, platform):
    [row] = py(source)
    assert row[2] is None and row[3] == platform


def test_ts_unsited_names_take_the_file_evidence():
    assert ts("const v = new GoogleGenAI({ vertexai: true });\nconst M = 'gemini-2.0-flash';\n") == [
        (2, "gemini-2.0-flash", None, VERTEX)
    ]
    assert ts("const a = new GoogleGenAI({});\nconst M = 'gemini-2.0-flash';\n") == [
        (2, "gemini-2.0-flash", None, None)
    ]
    assert ts("import { VertexAI } from '@google-cloud/vertexai';\nconst M = 'gemini-2.0-flash';\n")[0][3] == VERTEX


def test_ts_raw_live_setup_stays_gemini_in_a_vertex_file():
    rows = ts(
        """
        const c = new GoogleGenAI({ vertexai: true, project: 'p', location: 'l' });
        expect(sent).toEqual({ setup: { model: 'gemini-2.0-flash-live-001' } });
        """
    )
    # a reference now (a Live setup frame is a call site of the Gemini API), no longer a bare name
    assert rows == [(2, "gemini-2.0-flash-live-001", GEMINI, None)]


def test_unsited_names_without_evidence_take_the_configured_default(tmp_path):
    refs, _ = extract_python([Chunk("M = 'gemini-2.0-flash'\n")], "nb/a.py", lambda n: False)
    assert refs[0].platform is None and refs[0].backend == GEMINI
    [moved] = override_backend(refs, Config(root=str(tmp_path), backend=(("**", "vertex"),)))
    assert moved.platform == VERTEX and moved.backend == VERTEX
    # nothing chose: the name stays unplaced (judged on the Gemini API unless only Vertex AI knows it)
    [kept] = override_backend(refs, Config(root=str(tmp_path)))
    assert kept.platform is None and kept.unplaced and kept.backend == GEMINI
    [chosen] = override_backend(refs, Config(root=str(tmp_path), backend=(("**", "gemini"),)))
    assert chosen.platform == GEMINI and not chosen.unplaced


def test_a_configured_or_declared_default_places_an_environment_following_site(tmp_path):
    refs, _ = extract_python(
        [Chunk('from google import genai\nc = genai.Client()\nc.models.get(model="gemini-2.0-flash")\n')],
        "a.py",
        lambda n: False,
    )
    [free] = override_backend(refs, Config(root=str(tmp_path)))
    assert free.unplaced and free.site.backend == GEMINI
    [placed] = override_backend(refs, Config(root=str(tmp_path)), env_platform=GEMINI)
    assert not placed.unplaced and placed.site.backend == GEMINI


# -- configuration ---------------------------------------------------------------------------------------------------


def test_backend_string_is_the_whole_project(tmp_path):
    path = tmp_path / "gemlint.toml"
    path.write_text('backend = "vertex"\n')
    config = load_config(str(path))
    assert default_platform("any/where.py", config) == VERTEX
    path.write_text('backend = "azure"\n')
    with pytest.raises(ConfigError, match="'backend'"):
        load_config(str(path))


def test_backend_patterns_last_match_wins(tmp_path):
    config = Config(root=str(tmp_path), backend=(("**", "vertex"), ("web/**", "gemini")))
    assert default_platform(str(tmp_path / "svc" / "a.py"), config) == VERTEX
    assert default_platform(str(tmp_path / "web" / "a.py"), config) == GEMINI


CLIENT_PY = 'from google import genai\nc = genai.Client()\nc.models.embed_content(model="text-embedding-005")\n'
CLIENT_TS = "const ai = new GoogleGenAI({});\nai.models.embedContent({ model: 'text-embedding-005' });\n"


def _codes(data: dict) -> dict:
    found: dict = {}
    for f in data["findings"]:
        found.setdefault(f["path"], set()).add(f["code"])
    return found


def test_cli_backend_patterns_through_config_file(tmp_path):
    project = tmp_path / "proj"
    for rel, text in {
        "services/vertex/a.py": CLIENT_PY,
        "services/vertex/b.ts": CLIENT_TS,
        "web/a.py": CLIENT_PY,
        "web/b.ts": CLIENT_TS,
    }.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "gemlint.toml").write_text('backend = { "services/vertex/**" = "vertex" }\n')
    codes = _codes(scan_json(["--config", str(settings / "gemlint.toml"), "."], cwd=project))
    # text-embedding-005 is unknown to the Gemini API and generally available on Vertex AI
    assert "GL001" in codes["web/a.py"] and "GL001" in codes["web/b.ts"]
    assert "services/vertex/a.py" not in codes and "services/vertex/b.ts" not in codes


def test_cli_pyproject_backend_and_two_clients(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.gemlint]\nbackend = "vertex"\n')
    two = (
        "from google import genai\n"
        "gemini = genai.Client(vertexai=False)\n"
        "vertex = genai.Client(vertexai=True)\n"
        'gemini.models.embed_content(model="text-embedding-005")\n'
        'vertex.models.embed_content(model="text-embedding-005")\n'
    )
    (tmp_path / "two.py").write_text(two)
    (tmp_path / "env.py").write_text(CLIENT_PY)
    data = scan_json(["."], cwd=tmp_path)
    lines = sorted((f["path"], f["line"], f["code"]) for f in data["findings"])
    # the flagged Gemini API client keeps its platform; the others follow `backend = "vertex"`
    assert lines == [("two.py", 4, "GL001")]


def test_cli_unsited_names_are_judged_on_the_files_platform(tmp_path):
    import json

    cells = [
        "from google import genai\nclient = genai.Client(vertexai=True, project='p', location='l')\n",
        "MODEL_ID = 'text-embedding-005'  # @param\n",
    ]
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None} for c in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "vertex.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "vertex.ts").write_text(
        "const v = new GoogleGenAI({ vertexai: true });\nconst M = 'text-embedding-005';\n"
    )
    (tmp_path / "plain.py").write_text("M = 'text-embedding-005'\n")
    (tmp_path / "plain.js").write_text("const M = 'text-embedding-005';\n")
    (tmp_path / "pyproject.toml").write_text('[tool.gemlint]\nbackend = "gemini"\n')
    codes = _codes(scan_json(["."], cwd=tmp_path))
    # a name that reaches no call, in a project configured for the Gemini API: unknown there (a finding);
    # in a file whose client is on Vertex AI: listed there (none)
    assert codes.get("plain.py") and codes.get("plain.js")
    assert "vertex.ipynb" not in codes and "vertex.ts" not in codes
    (tmp_path / "pyproject.toml").write_text('[tool.gemlint]\nbackend = "vertex"\n')
    codes = _codes(scan_json(["."], cwd=tmp_path))
    assert "plain.py" not in codes and "plain.js" not in codes
    # nothing configured: only Vertex AI knows the name, so the name places it there (none)
    (tmp_path / "pyproject.toml").unlink()
    codes = _codes(scan_json(["."], cwd=tmp_path))
    assert "plain.py" not in codes and "plain.js" not in codes


def test_publisher_path_at_a_call_site_is_its_id_on_vertex():
    path = "projects/p/locations/l/publishers/google/models/gemini-2.5-flash"
    rows = py(f'from google import genai\nc = genai.Client()\nc.models.generate_content(model="{path}")\n')
    assert ("gemini-2.5-flash", VERTEX) in sites(rows) and all(text == "gemini-2.5-flash" for _, text, _, _ in rows)
    rows = ts(f"const ai = new GoogleGenAI({{}});\nai.models.generateContent({{ model: '{path}' }});\n")
    assert ("gemini-2.5-flash", VERTEX) in sites(rows) and all(text == "gemini-2.5-flash" for _, text, _, _ in rows)
    assert all(backend == VERTEX for _, _, backend, _ in rows)


def test_untraced_client_takes_the_files_platform():
    # a factory or a parameter: the file's only client decides; with no evidence, the environment/default
    rows = py(
        """
        from google import genai
        def make():
            return genai.Client(vertexai=True)
        def run(client):
            client.models.generate_content(model="gemini-2.0-flash")
        """
    )
    assert sites(rows) == [("gemini-2.0-flash", VERTEX)]
    assert sites(py('def run(client):\n    client.models.generate_content(model="gemini-2.0-flash")\n')) == [
        ("gemini-2.0-flash", GEMINI)
    ]
    rows = ts(
        """
        export const make = () => new GoogleGenAI({ vertexai: true });
        export function run(client: GoogleGenAI) {
          return client.models.generateContent({ model: 'gemini-2.0-flash' });
        }
        """
    )
    assert sites(rows) == [("gemini-2.0-flash", VERTEX)]
    rows = ts("function run(client) { return client.models.generateContent({ model: 'gemini-2.0-flash' }); }\n", "js")
    assert sites(rows) == [("gemini-2.0-flash", GEMINI)]


# -- a name only Vertex AI knows places what nothing else placed ----------------------------------------------------


def _found(result) -> List[Tuple[int, str, str, Optional[str]]]:
    return [(f.location.line, f.code, f.message, f.platform_note) for f in result.findings]


def test_a_vertex_only_name_with_no_platform_is_judged_on_vertex_ai(tmp_path):
    from .helpers import scan_source

    # a front end's list of models: no client, no flag, no declaration; only Vertex AI lists the names
    source = "OPTIONS = ['imagen-3.0-capability-001']\nrequest = {'model': 'imagen-3.0-generate-001'}\n"
    found = _found(scan_source(tmp_path, source))
    assert [(line, code) for line, code, _, _ in found] == [(1, "GL003"), (2, "GL003")]
    assert all("on Vertex AI" in message and note and "only Vertex AI knows" in note for _, _, message, note in found)


def test_a_placed_or_configured_name_is_not_moved_by_its_name(tmp_path):
    from .helpers import scan_source

    source = "OPTIONS = ['imagen-3.0-capability-001']\n"
    # the configuration chose the Gemini API: the name is unknown there, as before
    [(_, code, message, note)] = _found(scan_source(tmp_path, source, backend=(("**", "gemini"),)))
    assert code == "GL006" and "unknown" in message and note is None
    # a call on an SDK client built without a flag goes to the Gemini API by default: still an error there
    call = (
        "from google import genai\nc = genai.Client()\n"
        "c.models.embed_content(model='text-embedding-005', contents='x')\n"
    )
    [(_, code, message, note)] = _found(scan_source(tmp_path, call))
    assert code == "GL001" and "Vertex AI" not in message and note is None


def test_a_name_both_platforms_know_stays_on_the_gemini_api(tmp_path):
    from .helpers import scan_source

    [(_, code, message, note)] = _found(scan_source(tmp_path, "OPTIONS = ['gemini-2.0-flash']\n"))
    assert code == "GL003" and "Vertex AI" not in message and note is None


def test_references_handed_out_are_on_the_platform_the_rules_judge(tmp_path):
    """``scan(refs_out=…)`` (what ``gemlint sweep`` counts per platform) agrees with the findings."""
    from gemlint.api import make_scanner, scan

    from .helpers import TODAY

    (tmp_path / "options.py").write_text("OPTIONS = ['imagen-3.0-capability-001', 'gemini-2.0-flash']\n")
    refs: list = []
    result = scan([str(tmp_path)], make_scanner(Config(root=str(tmp_path)), today=TODAY), refs_out=refs)
    assert {r.model: r.backend for r in refs} == {"imagen-3.0-capability-001": VERTEX, "gemini-2.0-flash": GEMINI}
    assert {f.model: "Vertex AI" in f.message for f in result.findings} == {
        "imagen-3.0-capability-001": True,
        "gemini-2.0-flash": False,
    }


def test_ts_a_client_name_declared_in_two_functions_is_each_functions_own():
    # the JS SDK's samples: `const ai` on the Gemini API in one function and on Vertex AI in the next
    rows = ts(
        """
        import { GoogleGenAI } from '@google/genai';
        async function onGemini() {
          const ai = new GoogleGenAI({ vertexai: false, apiKey: KEY });
          await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'x' });
        }
        async function onVertex() {
          const ai = new GoogleGenAI({ vertexai: true, project: 'p', location: 'l' });
          if (ready) {
            await ai.models.embedContent({ model: 'text-embedding-005', contents: 'x' });
          }
        }
        const ai = new GoogleGenAI({ vertexai: flag });
        ai.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x' });
        """
    )
    assert sites(rows) == [
        ("gemini-embedding-001", GEMINI),
        ("text-embedding-005", VERTEX),
        ("gemini-3.8-flash", GEMINI),  # the module's own client, decided at run time: both platforms
        ("gemini-3.8-flash", VERTEX),
    ]


def test_ts_a_client_assigned_elsewhere_still_counts():
    # `let ai` declared at the top and given another client in a function: both can reach the call
    rows = ts(
        """
        import { GoogleGenAI } from '@google/genai';
        let ai = new GoogleGenAI({ vertexai: false, apiKey: KEY });
        const other = new GoogleGenAI({ vertexai: false, apiKey: KEY });
        function useVertex() {
          ai = new GoogleGenAI({ vertexai: true, project: 'p', location: 'l' });
          const other = new GoogleGenAI({ vertexai: true, project: 'p', location: 'l' });
          other.models.embedContent({ model: 'text-embedding-005', contents: 'x' });
        }
        export function run() {
          return ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'x' });
        }
        """
    )
    assert sites(rows) == [
        ("text-embedding-005", VERTEX),
        ("gemini-embedding-001", GEMINI),
        ("gemini-embedding-001", VERTEX),
    ]


def test_ts_client_options_that_disagree_are_decided_at_run_time():
    # a table of test cases, one client per platform: the call is checked on both
    rows = ts(
        """
        import { GoogleGenAI } from '@google/genai';
        const cases = [
          { params: { vertexai: false, apiKey: KEY } },
          { params: { vertexai: true, project: 'p' } },
        ];
        for (const c of cases) {
          const client = new GoogleGenAI(c.params);
          client.models.generateContent({ model: 'gemini-3.8-flash', contents: 'x' });
        }
        """
    )
    assert sites(rows) == [("gemini-3.8-flash", GEMINI), ("gemini-3.8-flash", VERTEX)]


def test_a_constant_two_platforms_call_is_judged_on_each(tmp_path):
    """One literal reaching a Gemini API call and a Vertex AI call: one finding naming each platform's verdict
    (before, the Gemini API's verdict alone was reported)."""
    from .helpers import scan_source

    source = (
        "from google import genai\n"
        "gemini = genai.Client(vertexai=False)\n"
        "vertex = genai.Client(vertexai=True, project='p', location='l')\n"
        "MODEL = 'gemini-2.5-flash'\n"
        "gemini.models.generate_content(model=MODEL, contents='x')\n"
        "vertex.models.generate_content(model=MODEL, contents='x')\n"
    )
    [(line, code, message, _)] = _found(scan_source(tmp_path, source))
    assert (line, code) == (4, "GL004")
    assert message.startswith("Vertex AI: 'gemini-2.5-flash'") and "Gemini API: auto-routed" in message
