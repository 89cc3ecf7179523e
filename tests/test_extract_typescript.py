"""Tests for gemlint.extract.typescript.extractor (tree-sitter extraction from TS/TSX/JS)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import pytest

from gemlint.extract.typescript import extractor as typescript
from gemlint.extract.typescript.extractor import extract_typescript
from gemlint.types import GEMINI, VERTEX, FileError, ModelRef

FRONTEND = Path(__file__).resolve().parent / "fixtures" / "project" / "frontend"

Row = Tuple[str, int, int, Optional[str], Optional[str]]
KNOWN = frozenset({"gemini-pro-latest", "gemini-flash-latest", "aqa"})


def _known(name: str) -> bool:
    return name in KNOWN


def run(
    source: str, dialect: str = "ts", known: Callable[[str], bool] = _known
) -> Tuple[List[ModelRef], List[FileError]]:
    text = textwrap.dedent(source).lstrip("\n")
    refs, errors = extract_typescript(text, "app/src.ts", dialect, known)
    _assert_positions(text, refs)
    return refs, errors


def rows(refs: List[ModelRef]) -> List[Row]:
    return [
        (r.text, r.location.line, r.location.column, r.site.kind if r.site else None, r.site.method if r.site else None)
        for r in refs
    ]


def _assert_positions(text: str, refs: List[ModelRef]) -> None:
    """Every fixable ref's location (1-based line, character column) spells its text in the source."""
    lines = text.split("\n")
    for ref in refs:
        assert ref.location.path == "app/src.ts"
        line = lines[ref.location.line - 1]
        at = line[ref.location.column - 1 :]
        if ref.fixable:
            assert at.startswith(ref.text), (ref, at[:60])


POSITIVE = [
    pytest.param(
        """
        const ai = new GoogleGenAI({ apiKey });
        const session = await ai.live.connect({
          model: 'gemini-2.5-flash-native-audio-dialog',
          callbacks: {},
        });
        """,
        [("gemini-2.5-flash-native-audio-dialog", 3, 11, "ai.live.connect", "bidiGenerateContent")],
        id="incident-live-connect",
    ),
    pytest.param(
        """
        import { GoogleGenAI } from '@google/genai';

        const SUMMARY_MODEL = 'gemini-3.1-flash-live-preview';
        const r = await ai.models.generateContent({ model: SUMMARY_MODEL, contents: text });
        """,
        [("gemini-3.1-flash-live-preview", 3, 24, "ai.models.generateContent", "generateContent")],
        id="const-into-generateContent",
    ),
    pytest.param(
        """
        const model = "gemini-3.8-flash";
        await client.models.generateContentStream({ model, contents });
        """,
        [("gemini-3.8-flash", 1, 16, "ai.models.generateContentStream", "generateContent")],
        id="shorthand-property",
    ),
    pytest.param(
        """
        const [model, setModel] = useState<string>('models/gemini-3.8-flash');
        const chat = ai.chats.create({ model });
        """,
        [("models/gemini-3.8-flash", 1, 45, "ai.chats.create", "generateContent")],
        id="useState-initial-value",
    ),
    pytest.param(
        """
        const [model] = React.useState("gemini-2.0-flash");
        ai.models.embedContent({ model, contents });
        """,
        [("gemini-2.0-flash", 1, 33, "ai.models.embedContent", "embedContent")],
        id="React.useState",
    ),
    pytest.param(
        "ai.models.countTokens({ model: `gemini-3.8-flash`, contents });\n",
        [("gemini-3.8-flash", 1, 33, "ai.models.countTokens", "countTokens")],
        id="static-template-literal",
    ),
    pytest.param(
        """
        const m = fast ? 'gemini-3.8-flash' : "gemini-3.8-pro";
        ai.models.generateContent({ model: m });
        """,
        [
            ("gemini-3.8-flash", 1, 19, "ai.models.generateContent", "generateContent"),
            ("gemini-3.8-pro", 1, 40, "ai.models.generateContent", "generateContent"),
        ],
        id="ternary-both-branches",
    ),
    pytest.param(
        """
        const a = process.env.MODEL || 'gemini-3.8-flash';
        const b = process.env.OTHER ?? 'gemini-2.5-pro';
        ai.models.generateContent({ model: a });
        ai.models.countTokens({ model: b });
        """,
        [
            ("gemini-3.8-flash", 1, 33, "ai.models.generateContent", "generateContent"),
            ("gemini-2.5-pro", 2, 33, "ai.models.countTokens", "countTokens"),
        ],
        id="or-and-nullish-defaults",
    ),
    pytest.param(
        """
        const CONFIG = { models: { chat: 'gemini-3.8-flash' } } as const;
        ai.models.generateContent({ model: CONFIG.models.chat });
        """,
        [("gemini-3.8-flash", 1, 35, "ai.models.generateContent", "generateContent")],
        id="const-object-member-access",
    ),
    pytest.param(
        """
        const base = { model: 'gemini-3.8-flash' };
        const request = { ...base, contents: 'hi' };
        ai.models.generateContent(request);
        """,
        [("gemini-3.8-flash", 1, 24, "ai.models.generateContent", "generateContent")],
        id="request-object-and-spread",
    ),
    pytest.param(
        """
        const MODEL = 'gemini-3.8-flash';
        ai.models.generateContent({ model: MODEL });
        ai.caches.create({ model: MODEL, config: {} });
        """,
        [
            ("gemini-3.8-flash", 1, 16, "ai.caches.create", "createCachedContent"),
            ("gemini-3.8-flash", 1, 16, "ai.models.generateContent", "generateContent"),
        ],
        id="one-const-two-sites",
    ),
    pytest.param(
        """
        ai.models.generateImages({ model: 'imagen-4.0-generate-001', prompt });
        ai.models.editImage({ model: 'imagen-3.0-capability-001' });
        ai.models.generateVideos({ model: 'veo-3.1-generate-preview', prompt });
        ai.batches.create({ model: 'gemini-3.8-flash', src });
        ai.batches.createEmbeddings({ model: 'gemini-embedding-2', src });
        ai.tunings.tune({ baseModel: 'gemini-2.5-flash', trainingDataset });
        ai.live.music.connect({ model: 'lyria-2-realtime-exp', callbacks });
        ai.models.get({ model: 'gemini-3.8-flash' });
        """,
        [
            ("imagen-4.0-generate-001", 1, 36, "ai.models.generateImages", "predict"),
            ("imagen-3.0-capability-001", 2, 31, "ai.models.editImage", "predict"),
            ("veo-3.1-generate-preview", 3, 36, "ai.models.generateVideos", "predictLongRunning"),
            ("gemini-3.8-flash", 4, 29, "ai.batches.create", "batchGenerateContent"),
            ("gemini-embedding-2", 5, 39, "ai.batches.createEmbeddings", "asyncBatchEmbedContent"),
            ("gemini-2.5-flash", 6, 31, "ai.tunings.tune", "createTunedModel"),
            ("lyria-2-realtime-exp", 7, 33, "ai.live.music.connect", "bidiGenerateMusic"),
            ("gemini-3.8-flash", 8, 25, "ai.models.get", None),
        ],
        id="genai-method-table",
    ),
    pytest.param(
        """
        const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);
        const model = genAI.getGenerativeModel({ model: "gemini-1.5-pro-latest" });
        """,
        [("gemini-1.5-pro-latest", 2, 50, "getGenerativeModel", "generateContent")],
        id="generative-ai-legacy",
    ),
    pytest.param(
        """
        const embedder = genAI.getGenerativeModel({ model: "text-embedding-004" });
        const out = await embedder.embedContent("hello");
        """,
        [("text-embedding-004", 1, 53, "getGenerativeModel", "embedContent")],
        id="generative-ai-legacy-embedding",
    ),
    pytest.param(
        """
        import { google } from '@ai-sdk/google';
        const { text } = await generateText({ model: google('gemini-3.9-flash'), prompt });
        const e = google.textEmbeddingModel('text-embedding-004');
        const e2 = google.embedding('gemini-embedding-001');
        """,
        [
            ("gemini-3.9-flash", 2, 54, "google()", "generateContent"),
            ("text-embedding-004", 3, 38, "google.textEmbeddingModel", "embedContent"),
            ("gemini-embedding-001", 4, 30, "google.embedding", "embedContent"),
        ],
        id="vercel-ai-sdk",
    ),
    pytest.param(
        """
        import { google as g } from '@ai-sdk/google';
        const custom = createGoogleGenerativeAI({ apiKey });
        g('gemini-3.8-flash');
        custom('gemini-2.5-pro');
        """,
        [
            ("gemini-3.8-flash", 3, 4, "g()", "generateContent"),
            ("gemini-2.5-pro", 4, 9, "custom()", "generateContent"),
        ],
        id="vercel-aliases",
    ),
    pytest.param(
        """
        const llm = new ChatGoogleGenerativeAI({ model: 'gemini-3.8-flash', temperature: 0 });
        const old = new ChatGoogleGenerativeAI({ modelName: 'gemini-1.5-flash' });
        const emb = new GoogleGenerativeAIEmbeddings({ model: 'text-embedding-004' });
        const vx = new ChatVertexAI({ model: 'gemini-2.5-pro' });
        const model = await initChatModel('google-genai:gemini-2.5-flash');
        """,
        [
            ("gemini-3.8-flash", 1, 50, "ChatGoogleGenerativeAI", "generateContent"),
            ("gemini-1.5-flash", 2, 54, "ChatGoogleGenerativeAI", "generateContent"),
            ("text-embedding-004", 3, 56, "GoogleGenerativeAIEmbeddings", "embedContent"),
            ("gemini-2.5-pro", 4, 39, "ChatVertexAI", "generateContent"),
            ("gemini-2.5-flash", 5, 49, "initChatModel", "generateContent"),
        ],
        id="langchain",
    ),
    pytest.param(
        """
        const URL = 'https://generativelanguage.googleapis.com/v1beta/models/gemini-pro:generateContent';
        const S = `${BASE}/v1beta/models/gemini-2.5-flash-native-audio-latest:streamGenerateContent?alt=sse&key=${k}`;
        """,
        [
            ("gemini-pro", 1, 70, "REST URL :generateContent", "generateContent"),
            ("gemini-2.5-flash-native-audio-latest", 2, 34, "REST URL :streamGenerateContent", "generateContent"),
        ],
        id="rest-urls",
    ),
    pytest.param(
        """
        const MODEL = 'gemini-3.8-flash';
        const url = `${BASE}/models/${MODEL}:countTokens`;
        """,
        [("gemini-3.8-flash", 1, 16, "REST URL :countTokens", "countTokens")],
        id="rest-url-substitution-resolved",
    ),
    pytest.param(
        """
        const url = `wss://${HOST}/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent`;
        const ws = new WebSocket(url);
        ws.onopen = () => {
          ws.send(JSON.stringify({ setup: { model: 'models/gemini-3.8-flash' } }));
        };
        """,
        [("models/gemini-3.8-flash", 4, 45, "Live setup message", "bidiGenerateContent")],
        id="raw-live-setup",
    ),
    pytest.param(
        """
        const model = 'gemini-2.5-flash-native-audio-latest';
        socket.send(JSON.stringify({ "setup": { model } }));
        """,
        [("gemini-2.5-flash-native-audio-latest", 1, 16, "Live setup message", "bidiGenerateContent")],
        id="live-setup-sent-without-url-in-file",
    ),
    pytest.param(
        """
        const MODEL = 'models/gemini-3.8-flash';
        const setup = { model: MODEL, generationConfig: {} };
        ws.send(JSON.stringify({ setup }));
        """,
        [("models/gemini-3.8-flash", 1, 16, "Live setup message", "bidiGenerateContent")],
        id="live-setup-shorthand-const",
    ),
    pytest.param(
        """
        function run(model = 'gemini-3.8-flash') {
          return ai.models.generateContent({ model });
        }
        class Bot {
          model = 'gemini-2.5-pro';
          go() { return this.ai.models.generateContent({ model: this.model }); }
        }
        """,
        [
            ("gemini-3.8-flash", 1, 23, "ai.models.generateContent", "generateContent"),
            ("gemini-2.5-pro", 5, 12, "ai.models.generateContent", "generateContent"),
        ],
        id="parameter-default-and-class-field",
    ),
    pytest.param(
        """
        enum Models { Fast = 'gemini-3.8-flash' }
        const { model = 'gemini-2.5-pro' } = props;
        ai.models.generateContent({ model: Models.Fast });
        ai.models.countTokens({ model });
        """,
        [
            ("gemini-3.8-flash", 1, 23, "ai.models.generateContent", "generateContent"),
            ("gemini-2.5-pro", 2, 18, "ai.models.countTokens", "countTokens"),
        ],
        id="enum-member-and-destructuring-default",
    ),
    pytest.param(
        """
        const OPTIONS = ['gemini-2.0-flash', "gemini-3.8-flash"];
        const LATEST = 'gemini-pro-latest';
        """,
        [
            ("gemini-2.0-flash", 1, 19, None, None),
            ("gemini-3.8-flash", 1, 39, None, None),
            ("gemini-pro-latest", 2, 17, None, None),
        ],
        id="existence-only-literals",
    ),
    pytest.param(
        """
        export default 'gemini-2.0-flash';
        type Model = 'gemini-2.5-pro' | 'gemini-3.8-flash';
        """,
        [
            ("gemini-2.0-flash", 1, 17, None, None),
            ("gemini-2.5-pro", 2, 15, None, None),
            ("gemini-3.8-flash", 2, 34, None, None),
        ],
        id="export-default-and-literal-types",
    ),
    pytest.param(
        """
        ai.models.generateContent({ model: ' gemini-3.8-flash ' });
        ai.models.generateContent({ model: 'tunedModels/my-model-123' });
        """,
        [("gemini-3.8-flash", 1, 38, "ai.models.generateContent", "generateContent")],
        id="site-value-stripped-tuned-models-skipped",
    ),
    pytest.param(
        """
        export function Picker() {
          return (
            <select>
              <option value="gemini-3.8-flash">Gemini 3.8 Flash</option>
              <option value={'gemini-2.0-flash'}>old</option>
            </select>
          );
        }
        """,
        [("gemini-3.8-flash", 4, 22, None, None), ("gemini-2.0-flash", 5, 23, None, None)],
        id="jsx-attributes",
    ),
    pytest.param(
        """
        const MODEL = 'gemini-3.8-flash';
        const other = 'gemini-2.0-flash';
        ai.models.generateContent({ model: MODEL });
        """,
        [
            ("gemini-3.8-flash", 1, 16, "ai.models.generateContent", "generateContent"),
            ("gemini-2.0-flash", 2, 16, None, None),
        ],
        id="site-ref-not-duplicated-as-existence",
    ),
    pytest.param(
        "const label = 'ünïcödé 🚀'; const m = 'gemini-2.0-flash';\n",
        [("gemini-2.0-flash", 1, 39, None, None)],
        id="character-columns-after-non-ascii",
    ),
]


@pytest.mark.parametrize(("source", "expected"), POSITIVE)
def test_positive(source: str, expected: List[Row]) -> None:
    refs, errors = run(source, "tsx")
    assert errors == []
    assert rows(refs) == expected


NO_OP = [
    pytest.param(
        "const k = (document.querySelector('meta[name=\"gemini-api-key\"]') as HTMLMetaElement)?.content;",
        id="querySelector-gemini-api-key",
    ),
    pytest.param("// switch to gemini-2.0-flash later\nconst x = 1;", id="line-comment"),
    pytest.param("/* model: 'gemini-2.0-flash' */\nconst x = 1;", id="block-comment"),
    pytest.param("console.log('[MODEL] gemini-3.8-flash');", id="log-string"),
    pytest.param("console.error(`using gemini-3.8-flash for ${task}`);", id="log-template"),
    pytest.param("import { GoogleGenAI } from '@google/genai';\nimport x from 'gemini-2.5-flash';", id="import-paths"),
    pytest.param("const mod = require('gemini-2.5-flash');\nexport * from 'gemini-2.0-flash';", id="require-export"),
    pytest.param("interface Prices { 'gemini-2.0-flash': number }", id="interface-key"),
    pytest.param("const tool = 'gemini-cli';", id="gemini-cli"),
    pytest.param("const docs = 'https://ai.google.dev/gemini-api/docs/models';", id="docs-url"),
    pytest.param("const p = `models/${name}`;\nai.models.generateContent({ model: p });", id="dynamic-template"),
    pytest.param("ai.models.generateContent({ model: getModel(), contents });", id="unresolved-model"),
    pytest.param("ai.models.generateContent({ model: '', contents });", id="empty-model"),
    pytest.param("const t: string = maps.google('gemini-2.0-flash-ish thing');", id="member-google-call"),
    pytest.param("const pro = 'gemini-pro-unknown';", id="loose-name-not-known"),
]


@pytest.mark.parametrize("source", NO_OP)
def test_no_op(source: str) -> None:
    refs, errors = run(source, "ts")
    assert errors == []
    assert refs == []


def _fixture(name: str, dialect: str) -> Tuple[List[ModelRef], List[FileError]]:
    text = (FRONTEND / name).read_text(encoding="utf-8")
    refs, errors = extract_typescript(text, f"frontend/{name}", dialect, lambda n: False)
    lines = text.split("\n")
    for ref in refs:
        assert lines[ref.location.line - 1][ref.location.column - 1 :].startswith(ref.text)
    return refs, errors


@pytest.mark.parametrize(
    ("name", "dialect", "expected"),
    [
        pytest.param(
            "Voice.tsx",
            "tsx",
            [
                (5, "gemini-2.5-flash-native-audio-dialog", "ai.live.connect", "bidiGenerateContent"),
                (14, "gemini-2.5-flash-native-audio-preview-12-2025", "ai.live.connect", "bidiGenerateContent"),
            ],
            id="Voice.tsx",
        ),
        pytest.param(
            "chat.ts",
            "ts",
            [
                (3, "gemini-3.1-flash-live-preview", "ai.models.generateContent", "generateContent"),
                (11, "gemini-3.8-flash", "ai.models.countTokens", "countTokens"),
                (15, "gemini-3.8-flash", "ai.models.generateContentStream", "generateContent"),
            ],
            id="chat.ts",
        ),
        pytest.param(
            "legacy.js",
            "js",
            [(4, "gemini-1.5-pro-latest", "getGenerativeModel", "generateContent")],
            id="legacy.js",
        ),
        pytest.param(
            "answer.ts",
            "ts",
            [
                (5, "gemini-3.9-flash", "google()", "generateContent"),
                (10, "gemini-3.8-flash", "google()", "generateContent"),
            ],
            id="answer.ts",
        ),
        pytest.param(
            "socket.ts",
            "ts",
            [(6, "models/gemini-3.8-flash", "Live setup message", "bidiGenerateContent")],
            id="socket.ts",
        ),
        pytest.param(
            "Picker.tsx",
            "tsx",
            [(6, "gemini-3.8-flash", None, None), (7, "gemini-2.0-flash", None, None)],
            id="Picker.tsx",
        ),
    ],
)
def test_fixture_project_frontend(name: str, dialect: str, expected: list) -> None:
    refs, errors = _fixture(name, dialect)
    assert errors == []
    got = [(r.location.line, r.text, r.site.kind if r.site else None, r.site.method if r.site else None) for r in refs]
    assert got == expected
    assert all(r.fixable for r in refs)


def test_fixture_call_site_locations() -> None:
    refs, _ = _fixture("chat.ts", "ts")
    assert [r.site.location.line for r in refs if r.site] == [6, 11, 15]
    refs, _ = _fixture("Voice.tsx", "tsx")
    assert not any("api-key" in r.text for r in refs)  # line 11's querySelector look-alike


def test_vertexai_true_sets_backend() -> None:
    source = """
        const ai = new GoogleGenAI({ vertexai: true, project: 'p', location: 'us-central1' });
        ai.models.generateContent({ model: 'gemini-2.5-flash' });
        const llm = new ChatVertexAI({ model: 'gemini-2.5-pro' });
        """
    refs, _ = run(source)
    assert [(r.text, r.site.backend) for r in refs] == [("gemini-2.5-flash", VERTEX), ("gemini-2.5-pro", VERTEX)]


def test_gemini_backend_by_default() -> None:
    refs, _ = run("new GoogleGenAI({ vertexai: false });\nai.models.generateContent({ model: 'gemini-2.5-flash' });")
    assert [r.site.backend for r in refs] == [GEMINI]


def test_rest_vertex_url_backend() -> None:
    source = (
        "const u = 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/l/"
        "publishers/google/models/gemini-2.5-pro:generateContent';"
    )
    refs, _ = run(source)
    assert [(r.text, r.site.backend, r.site.method) for r in refs] == [("gemini-2.5-pro", VERTEX, "generateContent")]


def test_syntax_error_reports_and_keeps_other_refs() -> None:
    source = """
        const GOOD = 'gemini-2.0-flash';
        ai.models.generateContent({ model: 'gemini-3.8-flash' });
        function broken( {
          const x = = ;
        """
    refs, errors = run(source)
    assert len(errors) == 1
    err = errors[0]
    assert err.path == "app/src.ts" and err.fatal
    assert err.message.startswith("syntax error at line ")
    assert "tree-sitter could not parse" in err.message and "\n" not in err.message
    found = {(r.text, r.location.line) for r in refs}
    assert ("gemini-2.0-flash", 1) in found
    assert ("gemini-3.8-flash", 2) in found


def test_refs_inside_error_nodes_are_dropped() -> None:
    # tree-sitter reads line 2 as x = <ERROR 'zz' 'gemini-3.8-flash'> 'gemini-2.5-pro'
    text = "const A = 'gemini-2.0-flash';\nx = 'zz' 'gemini-3.8-flash' 'gemini-2.5-pro';\n"
    refs, errors = extract_typescript(text, "x.ts", "ts", _known)
    assert len(errors) == 1
    assert [r.text for r in refs] == ["gemini-2.0-flash", "gemini-2.5-pro"]


def test_escaped_literal_is_found_but_not_fixable() -> None:
    refs, _ = run("ai.models.generateContent({ model: 'gemini\\x2d2.0-flash' });")
    assert [(r.text, r.fixable, r.location.column) for r in refs] == [("gemini-2.0-flash", False, 37)]


def test_multiline_template_position() -> None:
    source = "const u = `\n  ${BASE}/v1beta/models/gemini-3.8-flash:embedContent`;\n"
    refs, _ = run(source)
    assert rows(refs) == [("gemini-3.8-flash", 2, 25, "REST URL :embedContent", "embedContent")]


def test_ternary_with_same_const_twice_gives_one_ref() -> None:
    source = "const M = 'gemini-3.8-flash';\nai.models.generateContent({ model: x ? M : M });"
    refs, _ = run(source)
    assert len(refs) == 1 and refs[0].site is not None


def test_known_callable_controls_loose_names() -> None:
    source = "const a = 'gemini-flash-latest';"
    assert [r.text for r in run(source, known=lambda n: True)[0]] == ["gemini-flash-latest"]
    assert run(source, known=lambda n: False)[0] == []


@pytest.mark.parametrize("dialect", ["tsx", "ts", "js"])
def test_dialects_parse_their_syntax(dialect: str) -> None:
    sources = {
        "tsx": 'const el = <Picker model="gemini-3.8-flash" />;',
        "ts": "const m = <string>'gemini-3.8-flash';",
        "js": "const el = <Picker model='gemini-3.8-flash' />; const r = a < b > (c);",
    }
    refs, errors = run(sources[dialect], dialect)
    assert errors == []
    assert [r.text for r in refs] == ["gemini-3.8-flash"]


def test_unknown_dialect() -> None:
    with pytest.raises(ValueError, match="dialect"):
        extract_typescript("", "x.py", "python", _known)


def test_grammar_loaded_once_per_language() -> None:
    extract_typescript("const a = 1;", "a.ts", "ts", _known)
    extract_typescript("const a = 1;", "b.mts", "mts", _known)
    assert typescript._grammar("ts") is typescript._grammar("mts")
    assert typescript._grammar("ts") is not typescript._grammar("tsx")


def test_tree_sitter_not_imported_with_gemlint() -> None:
    code = "import sys, gemlint.extract.typescript.extractor; print('tree_sitter' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("opener", ["[", "(", "{"])
def test_deep_nesting_does_not_crash(opener: str) -> None:
    closer = {"[": "]", "(": ")", "{": "}"}[opener]
    text = "const A = 'gemini-2.0-flash';\nx = " + opener * 100_000 + closer * 100_000 + ";\n"
    refs, _ = extract_typescript(text, "deep.ts", "ts", _known)
    assert [r.text for r in refs] == ["gemini-2.0-flash"]


def test_deep_unbalanced_nesting_reports_error() -> None:
    text = "const A = 'gemini-2.0-flash';\nf(" + "(" * 100_000
    refs, errors = extract_typescript(text, "deep.ts", "ts", _known)
    assert len(errors) == 1
    assert [r.text for r in refs] == ["gemini-2.0-flash"]


def test_large_minified_line() -> None:
    chunk = "a.b(\"x\",{k:'v'});"
    text = chunk * 20_000 + "ai.models.generateContent({model:'gemini-3.8-flash'});" + chunk * 20_000
    refs, errors = extract_typescript(text, "bundle.min.js", "js", _known)
    assert errors == []
    assert [(r.location.line, r.location.column) for r in refs] == [(1, len(chunk) * 20_000 + 35)]
