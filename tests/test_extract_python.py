"""Python extraction: positive and no-op tables, positions, notebooks."""

from __future__ import annotations

import textwrap

import pytest

from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.source import blank_magics

KNOWN = {"gemini-pro-latest", "gemini-flash-latest", "gemini-3.8-flash", "aqa"}


def refs_of(source: str):
    refs, errors = extract_python([Chunk(textwrap.dedent(source))], "t.py", KNOWN.__contains__)
    assert errors == []
    return refs


def summary(source: str):
    return sorted(
        (r.text, r.location.line, r.location.column, r.site.kind if r.site else None, r.site.method if r.site else None)
        for r in refs_of(source)
    )


POSITIVE = [
    pytest.param(
        'client.models.generate_content(model="gemini-3.8-flash", contents="x")\n',
        [("gemini-3.8-flash", 1, 39, "models.generate_content", "generateContent")],
        id="literal-keyword",
    ),
    pytest.param(
        'client.models.generate_content(model="models/gemini-3.8-flash", contents="x")\n',
        [("models/gemini-3.8-flash", 1, 39, "models.generate_content", "generateContent")],
        id="models-prefix",
    ),
    pytest.param(
        'MODEL = "gemini-3.8-flash"\n\ndef f(c):\n    return c.aio.models.generate_content_stream(model=MODEL)\n',
        [("gemini-3.8-flash", 1, 10, "models.generate_content_stream", "generateContent")],
        id="module-constant-aio",
    ),
    pytest.param(
        """
        def f(c):
            name = "gemini-3.1-flash-live-preview"
            return c.aio.live.connect(model=name)
        """,
        [("gemini-3.1-flash-live-preview", 3, 13, "live.connect", "bidiGenerateContent")],
        id="function-constant-live",
    ),
    pytest.param(
        """
        class P:
            def __init__(self):
                self.model_name = "gemini-embedding-2"

            def run(self, c):
                return c.models.embed_content(model=self.model_name, contents=[])
        """,
        [("gemini-embedding-2", 4, 28, "models.embed_content", "embedContent")],
        id="self-attribute-other-method",
    ),
    pytest.param(
        'import os\nM = os.getenv("GEMINI_MODEL", "gemini-3.8-flash")\nc.models.count_tokens(model=M, contents="x")\n',
        [("gemini-3.8-flash", 2, 32, "models.count_tokens", "countTokens")],
        id="getenv-default",
    ),
    pytest.param(
        'import os\nM = os.environ.get("X", default="gemini-3.8-flash")\nc.chats.create(model=M)\n',
        [("gemini-3.8-flash", 2, 34, "chats.create", "generateContent")],
        id="environ-get-default-keyword",
    ),
    pytest.param(
        'MODELS = {"fast": "gemini-3.8-flash"}\nc.caches.create(model=MODELS["fast"])\n',
        [("gemini-3.8-flash", 1, 20, "caches.create", "createCachedContent")],
        id="dict-value",
    ),
    pytest.param(
        'N = "gemini-3.8-flash"\nc.batches.create(model=f"models/{N}", src="x")\n',
        [("gemini-3.8-flash", 1, 6, "batches.create", "batchGenerateContent")],
        id="fstring-static-model-part",
    ),
    pytest.param(
        'c.tunings.tune(base_model="gemini-3.8-flash", training_dataset=d)\n',
        [("gemini-3.8-flash", 1, 28, "tunings.tune", "createTunedModel")],
        id="tunings-base-model",
    ),
    pytest.param(
        'c.models.generate_videos(model="veo-3.1-generate-preview", prompt="p")\n',
        [("veo-3.1-generate-preview", 1, 33, "models.generate_videos", "predictLongRunning")],
        id="generate-videos",
    ),
    pytest.param(
        'import google.generativeai as genai\nm = genai.GenerativeModel("gemini-1.5-flash")\n',
        [("gemini-1.5-flash", 2, 28, "GenerativeModel", "generateContent")],
        id="legacy-generative-model-positional",
    ),
    pytest.param(
        'genai.GenerativeModel(model_name="gemini-1.5-flash")\n',
        [("gemini-1.5-flash", 1, 35, "GenerativeModel", "generateContent")],
        id="legacy-generative-model-keyword",
    ),
    pytest.param(
        'genai.embed_content(model="models/text-embedding-004", content="x")\n',
        [("models/text-embedding-004", 1, 28, "genai.embed_content", "embedContent")],
        id="legacy-embed-content",
    ),
    pytest.param(
        'llm = ChatGoogleGenerativeAI(model="gemini-3.8-flash")\n',
        [("gemini-3.8-flash", 1, 37, "ChatGoogleGenerativeAI", "generateContent")],
        id="langchain",
    ),
    pytest.param(
        'e = GoogleGenerativeAIEmbeddings(model="models/gemini-embedding-2")\n',
        [("models/gemini-embedding-2", 1, 41, "GoogleGenerativeAIEmbeddings", "embedContent")],
        id="langchain-embeddings",
    ),
    pytest.param(
        'm = init_chat_model("google_genai:gemini-3.8-flash")\n',
        [("gemini-3.8-flash", 1, 35, "init_chat_model", "generateContent")],
        id="langchain-init-chat-model",
    ),
    pytest.param(
        'e = GeminiEmbedding(model_name="models/gemini-embedding-2")\n',
        [("models/gemini-embedding-2", 1, 33, "GeminiEmbedding", "embedContent")],
        id="llamaindex-embedding",
    ),
    pytest.param(
        'agent = Agent(name="a", model="gemini-3.8-flash", instruction="x")\n',
        [("gemini-3.8-flash", 1, 32, "Agent", "generateContent")],
        id="adk-agent",
    ),
    pytest.param(
        'agent = LlmAgent(model="gemini-3.8-live")\nrunner.run_live(session=s)\n',
        [("gemini-3.8-live", 1, 25, "LlmAgent (run_live)", "bidiGenerateContent")],
        id="adk-run-live",
    ),
    pytest.param(
        'url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-pro:generateContent"\n',
        [("gemini-pro", 1, 64, "REST URL :generateContent", "generateContent")],
        id="rest-url",
    ),
    pytest.param(
        'url = f"{BASE}/models/gemini-3.8-flash:streamGenerateContent?alt=sse"\n',
        [("gemini-3.8-flash", 1, 23, "REST URL :streamGenerateContent", "generateContent")],
        id="rest-url-fstring",
    ),
    pytest.param(
        'M = "gemini-3.8-flash"\nurl = f"{BASE}/models/{M}:embedContent"\n',
        [("gemini-3.8-flash", 1, 6, "REST URL :embedContent", "embedContent")],
        id="rest-url-fstring-constant-model",
    ),
    pytest.param(
        'ws.send(json.dumps({"setup": {"model": "models/gemini-3.8-flash"}}))\n',
        [("models/gemini-3.8-flash", 1, 41, "Live setup message", "bidiGenerateContent")],
        id="raw-live-setup",
    ),
    pytest.param(
        'SUPPORTED = ["gemini-3.8-flash", "gemini-1.5-pro"]\n',
        [("gemini-1.5-pro", 1, 35, None, None), ("gemini-3.8-flash", 1, 15, None, None)],
        id="existence-only-list",
    ),
    pytest.param(
        'DEFAULT = "gemini-pro-latest"\n',
        [("gemini-pro-latest", 1, 12, None, None)],
        id="known-name-without-version-digit",
    ),
    pytest.param(
        'M = "gemini-a" if fast else "gemini-3.8-flash"\nc.models.generate_content(model=M)\n',
        [
            ("gemini-3.8-flash", 1, 30, "models.generate_content", "generateContent"),
            ("gemini-a", 1, 6, "models.generate_content", "generateContent"),
        ],
        id="ternary-both-branches",
    ),
    pytest.param(
        'def f(c, model="gemini-3.8-flash"):\n    return c.models.generate_content(model=model)\n',
        [("gemini-3.8-flash", 1, 17, "models.generate_content", "generateContent")],
        id="parameter-default",
    ),
    pytest.param(
        'x = "ü"; c.models.generate_content(model="gemini-3.8-flash")\n',
        [("gemini-3.8-flash", 1, 43, "models.generate_content", "generateContent")],
        id="non-ascii-before-literal-column-in-characters",
    ),
    pytest.param(
        'c.models.generate_content(model=(\n    "gemini-3.8-flash"\n))\n',
        [("gemini-3.8-flash", 2, 6, "models.generate_content", "generateContent")],
        id="multiline-call",
    ),
    pytest.param(
        "client = genai.Client(vertexai=True)\n"
        'client.models.generate_content(model="gemini-live-2.5-flash-native-audio")\n',
        [("gemini-live-2.5-flash-native-audio", 2, 39, "models.generate_content", "generateContent")],
        id="vertex-client",
    ),
]

NOOP = [
    pytest.param('API_KEY_HEADER = "gemini-api-key"\n', id="gemini-api-key"),
    pytest.param('CLI = "gemini-cli"\n', id="gemini-cli"),
    pytest.param('DOCS = "https://ai.google.dev/gemini-api/docs/models"\n', id="docs-url"),
    pytest.param("# gemini-1.0-pro was retired long ago\nx = 1\n", id="comment"),
    pytest.param('"""Uses gemini-1.5-pro for everything."""\n', id="module-docstring"),
    pytest.param('def f():\n    """gemini-1.5-pro"""\n', id="function-docstring"),
    pytest.param('print("[MODEL] gemini-2.5-flash-native-audio-preview-12-2025")\n', id="embedded-in-log-text"),
    pytest.param('print(f"[MODEL] {self.model_name}")\n', id="fstring-log"),
    pytest.param('c.models.generate_content(model=f"models/{name}")\n', id="dynamic-fstring"),
    pytest.param("c.models.generate_content(model=get_model())\n", id="dynamic-call"),
    pytest.param('PATH = "gemini-2.5-flash.json"\n', id="file-name"),
    pytest.param('c.models.generate_content(model="tunedModels/my-model-123")\n', id="tuned-model"),
    pytest.param('client.chat.completions.create(model="gpt-4o")\n', id="openai-compat-other-vendor"),
    pytest.param('agent = Agent(model="openai/gpt-4o")\n', id="adk-other-vendor"),
    pytest.param('X = "gemini"\n', id="bare-family"),
    pytest.param("import gemini_sdk\nfrom gemini import x\n", id="imports"),
]


@pytest.mark.parametrize("source,expected", POSITIVE)
def test_positive(source, expected):
    assert summary(source) == sorted(expected)


@pytest.mark.parametrize("source", NOOP)
def test_noop(source):
    assert refs_of(source) == []


def test_positions_point_at_the_model_text():
    for param in POSITIVE:
        source = textwrap.dedent(param.values[0])
        lines = source.split("\n")
        for ref in refs_of(source):
            line = lines[ref.location.line - 1]
            start = ref.location.column - 1
            assert line[start : start + len(ref.text)] == ref.text, param.id


def test_constant_used_by_two_call_sites_gives_two_refs():
    refs = refs_of('M = "gemini-3.8-flash"\nc.models.generate_content(model=M)\nc.models.embed_content(model=M)\n')
    assert sorted(r.site.method for r in refs) == ["embedContent", "generateContent"]
    assert {(r.location.line, r.location.column) for r in refs} == {(1, 6)}


def test_vertex_client_marks_backend():
    refs = refs_of('client = genai.Client(vertexai=True)\nclient.models.generate_content(model="gemini-x-1")\n')
    assert refs[0].site.backend == "vertex"


def test_vertexai_sdk_generative_model_is_vertex():
    refs = refs_of('from vertexai.generative_models import GenerativeModel\nm = GenerativeModel("gemini-1.5-pro")\n')
    assert refs[0].site.backend == "vertex"


def test_google_genai_use_vertexai_env_in_code():
    refs = refs_of('import os\nos.environ["GOOGLE_GENAI_USE_VERTEXAI"] = "true"\nc.models.get(model="gemini-x-1")\n')
    assert refs[0].site.backend == "vertex"


def test_syntax_error_is_one_file_error():
    refs, errors = extract_python([Chunk("def f(:\n")], "bad.py", KNOWN.__contains__)
    assert refs == []
    assert len(errors) == 1 and errors[0].path == "bad.py" and "syntax error at line 1" in errors[0].message


def test_notebook_cells_share_one_namespace():
    cells = [
        Chunk(blank_magics("!pip install google-genai\nMODEL_ID = 'gemini-3.1-flash-live-preview'"), cell=2),
        Chunk("r = client.models.generate_content(model=MODEL_ID)", cell=5),
    ]
    refs, errors = extract_python(cells, "nb.ipynb", KNOWN.__contains__)
    assert errors == []
    [ref] = refs
    assert (ref.location.cell, ref.location.line, ref.location.column) == (2, 2, 13)
    assert (ref.site.location.cell, ref.site.location.line) == (5, 1)


def test_notebook_top_level_await_and_bad_cell():
    cells = [
        Chunk("async with client.aio.live.connect(model='gemini-3.8-live') as s:\n    pass", cell=1),
        Chunk("def broken(:", cell=2),
    ]
    refs, errors = extract_python(cells, "nb.ipynb", KNOWN.__contains__)
    assert [r.text for r in refs] == ["gemini-3.8-live"]
    assert len(errors) == 1 and errors[0].message.startswith("cell 2: syntax error")


def test_deep_nesting_does_not_crash():
    source = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"
    refs, errors = extract_python([Chunk(source)], "deep.py", KNOWN.__contains__)
    assert refs == [] and len(errors) == 1
    assert errors[0].message.startswith("syntax error at line 1:") and "too many nested" in errors[0].message


def _big_module(column_zero_string: bool = False) -> str:
    filler = "".join(f"def helper_{i}(x):\n    return x * {i}\n\n\n" for i in range(120))
    return (
        '"""A module long enough to be parsed block by block."""\n'
        "import os\n\n"
        "DEFAULT = 'gemini-3.1-flash-live-preview'\n"
        "ALIAS = DEFAULT\n\n\n" + filler + "class Client:\n"
        "    def __init__(self):\n"
        "        self.model = ALIAS\n\n"
        "    def ask(self, c):\n"
        "        return c.models.generate_content(model=self.model)\n\n\n"
        "@decorator\n"
        "def streamed(c):\n"
        + ("    text = '''\nnot code: gemini-9.9-fake\n'''\n" if column_zero_string else "")
        + "    return c.models.generate_content_stream(model=os.getenv('M', 'gemini-3.8-flsh'))\n"
        + filler.replace("helper_", "other_")
    )


@pytest.mark.parametrize("column_zero_string", [False, True], ids=["partial", "falls-back-to-full"])
def test_partial_parse_finds_what_a_full_parse_finds(monkeypatch, column_zero_string):
    import ast

    import gemlint.extract.python.extractor as extractor
    from gemlint.extract.python.blocks import parse_relevant

    source = _big_module(column_zero_string)
    assert len(source) > extractor.PARTIAL_PARSE_MIN
    partial_tree = parse_relevant(source, ast.PyCF_ONLY_AST)
    assert (partial_tree is None) == column_zero_string
    partial = refs_of(source)
    monkeypatch.setattr(extractor, "PARTIAL_PARSE_MIN", 10**9)
    full = refs_of(source)
    key = lambda refs: sorted((r.text, r.location.line, r.location.column, r.site) for r in refs)  # noqa: E731
    assert key(partial) == key(full)
    assert {(r.text, r.site.kind if r.site else None) for r in full} == {
        ("gemini-3.1-flash-live-preview", "models.generate_content"),
        ("gemini-3.8-flsh", "models.generate_content_stream"),
    }


def test_relevant_blocks_skip_unrelated_functions():
    from gemlint.extract.python.blocks import relevant_blocks

    lines = _big_module().splitlines(keepends=True)
    picked = relevant_blocks(lines)
    assert picked is not None
    covered = sum(e - s for s, e in picked)
    assert covered < len(lines) / 4


_BLOCK_WORDS = ["gemini", "Agent", "Agenté", "Agent_", "Client(", "models.", "models/", "live.", "vertexai", "x", " ",
                "é", "\n", "setup", "GenerativeModel", "veo-", "aqa", "(", ".", "Gemini"]


def test_the_block_filter_answers_the_same_with_re_and_with_google_re2():
    """blocks._relevant() uses google-re2 once a large scan has loaded it: both engines must pick the same blocks."""
    re2 = pytest.importorskip("re2")
    import itertools
    import re

    from gemlint.extract.python import blocks

    fast = re2.compile(blocks._RELEVANT_SOURCE)
    for size in (1, 2, 3):
        for parts in itertools.product(_BLOCK_WORDS, repeat=size):
            text = "".join(parts)
            assert bool(fast.search(text)) == bool(blocks._RELEVANT.search(text)), text
    assert blocks._RELEVANT.flags & re.ASCII
