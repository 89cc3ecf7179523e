"""TypeScript/JavaScript test doubles, replaced transports, expected failures and offline lookups (issue 25).

Each case is a test file as projects write it; its twin is the same file with the double (or the
expected failure) taken out, a test that really calls the API, which stays a reference.
"""

from __future__ import annotations

import textwrap

import pytest

from gemlint.extract.typescript import doubles_ts
from gemlint.extract.typescript.extractor import extract_typescript

NAME = "gemini-0.1-nonexistent"
CALL = f"await ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }});"
CLIENT = "const ai = new GoogleGenAI({ apiKey: 'test-key' });"
HEAD = "import { GoogleGenAI } from '@google/genai';\n"


def refs_of(source: str, dialect: str = "ts"):
    text = HEAD + textwrap.dedent(source).lstrip()
    refs, errors = extract_typescript(text, "test/models.test.ts", dialect, lambda n: False)
    assert errors == []
    return [(r.text, r.site.kind if r.site else None) for r in refs]


REFERENCE = [(NAME, "ai.models.generateContent")]

CASES = {
    "vi.fn object": f"""
        it('generates', async () => {{
          const ai = {{ models: {{ generateContent: vi.fn() }} }} as unknown as GoogleGenAI;
          {CALL}
        }});
        """,
    "jest.fn object": f"""
        test('generates', async () => {{
          const ai = {{ models: {{ generateContent: jest.fn().mockResolvedValue({{}}) }} }};
          {CALL}
        }});
        """,
    "jasmine.createSpyObj": f"""
        it('generates', async () => {{
          const ai = {{ models: jasmine.createSpyObj('Models', ['generateContent']) }};
          {CALL}
        }});
        """,
    "member replaced by vi.fn": f"""
        it('generates', async () => {{
          {CLIENT}
          ai.models.generateContent = vi.fn();
          {CALL}
        }});
        """,
    "vi.spyOn(globalThis, 'fetch')": f"""
        it('generates', async () => {{
          vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{{}}'));
          {CLIENT}
          {CALL}
        }});
        """,
    "jest.spyOn(global, 'fetch')": f"""
        test('generates', async () => {{
          jest.spyOn(global, 'fetch').mockResolvedValue(new Response('{{}}'));
          {CLIENT}
          {CALL}
        }});
        """,
    "jasmine spyOn(window, 'fetch')": f"""
        it('generates', async () => {{
          spyOn(window, 'fetch').and.returnValue(Promise.resolve(new Response('{{}}')));
          {CLIENT}
          {CALL}
        }});
        """,
    "spy on the API client's request": f"""
        it('generates', async () => {{
          {CLIENT}
          spyOn(ai.apiClient, 'request').and.resolveTo(new Response('{{}}'));
          {CALL}
        }});
        """,
    "globalThis.fetch assigned": f"""
        it('generates', async () => {{
          globalThis.fetch = vi.fn().mockResolvedValue(new Response('{{}}'));
          {CLIENT}
          {CALL}
        }});
        """,
    "vi.stubGlobal('fetch')": f"""
        it('generates', async () => {{
          vi.stubGlobal('fetch', vi.fn());
          {CLIENT}
          {CALL}
        }});
        """,
    "jest.mock('@google/genai')": f"""
        jest.mock('@google/genai');

        test('generates', async () => {{
          {CLIENT}
          {CALL}
        }});
        """,
    "vi.mock of a module": f"""
        vi.mock('../src/gemini');

        it('generates', async () => {{
          {CLIENT}
          {CALL}
        }});
        """,
    "nock": f"""
        it('generates', async () => {{
          nock('https://generativelanguage.googleapis.com').post(/.*/).reply(200, {{}});
          {CLIENT}
          {CALL}
        }});
        """,
    "msw setupServer": f"""
        const server = setupServer(http.post('*', () => HttpResponse.json({{}})));

        it('generates', async () => {{
          {CLIENT}
          {CALL}
        }});
        """,
    "beforeEach spy scopes the describe": f"""
        describe('models', () => {{
          beforeEach(() => {{
            vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{{}}'));
          }});
          it('generates', async () => {{
            {CLIENT}
            {CALL}
          }});
        }});
        """,
    "hand-written fake transport": f"""
        it('connects', async () => {{
          const factory = new FakeWebSocketFactory();
          const ai = new GoogleGenAI({{ apiKey: 'k', webSocketFactory: factory }});
          {CALL}
        }});
        """,
    "expect(...).rejects": f"""
        it('fails', async () => {{
          {CLIENT}
          await expect(ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }})).rejects.toThrow();
        }});
        """,
    "expect(() => ...).toThrow": f"""
        it('fails', () => {{
          {CLIENT}
          expect(() => ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }})).toThrow('model');
        }});
        """,
    "expectAsync(...).toBeRejected": f"""
        it('fails', async () => {{
          {CLIENT}
          await expectAsync(ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }})).toBeRejected();
        }});
        """,
    "assert.rejects": f"""
        test('fails', async () => {{
          {CLIENT}
          await assert.rejects(ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }}));
        }});
        """,
    "assert.throws": f"""
        test('fails', () => {{
          {CLIENT}
          assert.throws(() => ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }}));
        }});
        """,
    "try/catch that asserts": f"""
        it('fails', async () => {{
          {CLIENT}
          try {{
            {CALL}
          }} catch (e) {{
            expect(String(e)).toContain('not found');
          }}
        }});
        """,
}

# How each double is taken out again: the twin is a test that really calls the API.
UNDO = [
    ("{ models: { generateContent: vi.fn() } } as unknown as GoogleGenAI", "new GoogleGenAI({ apiKey: 'k' })"),
    ("{ models: { generateContent: jest.fn().mockResolvedValue({}) } }", "new GoogleGenAI({ apiKey: 'k' })"),
    ("{ models: jasmine.createSpyObj('Models', ['generateContent']) }", "new GoogleGenAI({ apiKey: 'k' })"),
    ("ai.models.generateContent = vi.fn();", ""),
    ("vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}'));", ""),
    ("jest.spyOn(global, 'fetch').mockResolvedValue(new Response('{}'));", ""),
    ("spyOn(window, 'fetch').and.returnValue(Promise.resolve(new Response('{}')));", ""),
    ("spyOn(ai.apiClient, 'request').and.resolveTo(new Response('{}'));", ""),
    ("globalThis.fetch = vi.fn().mockResolvedValue(new Response('{}'));", ""),
    ("vi.stubGlobal('fetch', vi.fn());", ""),
    ("jest.mock('@google/genai');", ""),
    ("vi.mock('../src/gemini');", ""),
    ("nock('https://generativelanguage.googleapis.com').post(/.*/).reply(200, {});", ""),
    ("const server = setupServer(http.post('*', () => HttpResponse.json({})));", ""),
    ("new FakeWebSocketFactory()", "undefined"),
    ("await expect(ai.models.generateContent(", "await (ai.models.generateContent("),
    (")).rejects.toThrow();", "));"),
    ("expect(() => ai.models.generateContent(", "(() => ai.models.generateContent("),
    (")).toThrow('model');", "))();"),
    ("await expectAsync(ai.models.generateContent(", "await (ai.models.generateContent("),
    (")).toBeRejected();", "));"),
    ("await assert.rejects(", "await ("),
    ("assert.throws(() => ai", "(() => ai"),
    ("expect(String(e)).toContain('not found');", "console.log(e);"),
]


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dialect", ["ts", "js"])
def test_double_reports_nothing(name: str, dialect: str) -> None:
    source = CASES[name]
    if dialect == "js":
        source = source.replace(" as unknown as GoogleGenAI", "")
    assert refs_of(source, dialect) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_the_double_it_is_a_reference(name: str) -> None:
    source = textwrap.dedent(CASES[name])
    for double, real in UNDO:
        source = source.replace(double, real)
    assert refs_of(source) == REFERENCE, source


def test_the_spec_case_from_issue_25() -> None:
    source = f"""
        describe('generateContent', () => {{
          it('puts the model in the request URL', async () => {{
            const fetchSpy = vi
              .spyOn(globalThis, 'fetch')
              .mockResolvedValue(new Response(JSON.stringify({{ candidates: [] }})));
            {CLIENT}
            await ai.models.generateContent({{ model: 'gemini-2.5-flash-exp', contents: 'hi' }});
            expect(String(fetchSpy.mock.calls[0][0])).toContain('gemini-2.5-flash-exp');
          }});
        }});
    """
    assert refs_of(source) == []


def test_scope_is_the_block_that_installs_the_double() -> None:
    source = f"""
        describe('unit', () => {{
          beforeEach(() => {{ vi.spyOn(globalThis, 'fetch'); }});
          it('mocked', async () => {{
            {CLIENT}
            await ai.models.generateContent({{ model: 'gemini-0.2-mocked', contents: 'hi' }});
          }});
        }});
        describe('system', () => {{
          it('calls the API', async () => {{
            {CLIENT}
            {CALL}
          }});
        }});
        it('also mocked', async () => {{
          jest.spyOn(global, 'fetch');
          await ai.models.generateContent({{ model: 'gemini-0.3-mocked', contents: 'hi' }});
        }});
    """
    assert refs_of(source) == REFERENCE


def test_a_constant_only_a_double_uses_is_no_mention() -> None:
    source = f"""
        const MODEL = '{NAME}';
        it('generates', async () => {{
          const ai = {{ models: {{ generateContent: vi.fn() }} }};
          await ai.models.generateContent({{ model: MODEL, contents: 'hi' }});
        }});
    """
    assert refs_of(source) == []


def test_not_to_throw_is_no_expected_failure() -> None:
    source = f"""
        it('works', () => {{
          {CLIENT}
          expect(() => ai.models.generateContent({{ model: '{NAME}', contents: 'hi' }})).not.toThrow();
        }});
    """
    assert refs_of(source) == REFERENCE


def test_a_spy_on_something_else_leaves_real_calls_alone() -> None:
    source = f"""
        it('generates', async () => {{
          vi.spyOn(console, 'warn');
          {CLIENT}
          {CALL}
        }});
    """
    assert refs_of(source) == REFERENCE


def test_local_tokenizer_is_no_call_site() -> None:
    source = f"""
        const tokenizer = new LocalTokenizer('{NAME}');
        expect(getTokenizerName('{NAME}')).toBe('gemma3');
    """
    assert refs_of(source) == []
    twin = f"""
        {CLIENT}
        await ai.models.countTokens({{ model: '{NAME}', contents: 'hi' }});
    """
    assert refs_of(twin) == [(NAME, "ai.models.countTokens")]


URL = f"https://generativelanguage.googleapis.com/v1beta/models/{NAME}:generateContent"


@pytest.mark.parametrize("matcher", ["toBe", "toEqual", "not.toBe", "toHaveBeenCalledWith"])
def test_the_expected_value_of_an_assertion_is_no_reference(matcher: str) -> None:
    assert refs_of(f"it('url', () => {{ expect(String(url)).{matcher}('{URL}'); }});") == []
    twin = f"it('url', async () => {{ await fetch('{URL}', {{ method: 'POST' }}); }});"
    assert refs_of(twin) == [(NAME, "REST URL :generateContent")]



# One shortest text per alternative of doubles_ts._MARKERS.
_MARKER_EXAMPLES = [
    "vi.fn", "jest.fn", "sinon.stub", "jasmine.createSpy", "spyOn(x", "nock", "setupServer", "setupWorker",
    "fetchMock", "p.rejects", "f.toThrow", "toBeRejected", "assert.rejects", "assert.throws", "g.fetch =",
    "createSpy", "mock<T>", "mockDeep<T>", "createMock", "LocalTokenizer", "getTokenizerName", "Fake", "Stub",
    "expect(", "assert",
]


@pytest.mark.parametrize("text", _MARKER_EXAMPLES)
def test_the_marker_words_gate_never_hides_a_marker(text):
    """doubles_ts skips the marker regex when no marker word is in the file: each text the regex matches must
    hold one of the words (a word left out of the gate turns this red)."""
    src = f"const a = 1; {text} ;".encode()
    assert doubles_ts._MARKERS.search(src) is not None
    assert any(word in src for word in doubles_ts._MARKER_WORDS)
