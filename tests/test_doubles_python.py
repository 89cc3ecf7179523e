"""Python test doubles, replaced transports, expected failures and offline lookups report nothing (issue 25).

Each case is a test as projects write it, and its twin: the same call without the double, in a test
that really calls the API (as system tests do), which stays a reference.
"""

from __future__ import annotations

import textwrap

import pytest

from gemlint.extract.python import doubles_py
from gemlint.extract.python.extractor import Chunk, extract_python

NAME = "gemini-0.1-nonexistent"
CALL = f'client.models.generate_content(model="{NAME}", contents="ping")'
REAL = f"""
from google import genai

client = genai.Client()


def test_generate():
    {CALL}
"""


def refs_of(source: str):
    refs, errors = extract_python([Chunk(textwrap.dedent(source).lstrip())], "tests/test_x.py", lambda n: False)
    assert errors == []
    return [(r.text, r.site.kind if r.site else None) for r in refs]


REFERENCE = [(NAME, "models.generate_content")]

DOUBLES = {
    "MagicMock receiver": f"""
        from unittest import mock

        def test_generate():
            client = mock.MagicMock()
            {CALL}
        """,
    "Mock receiver": f"""
        from unittest.mock import Mock

        def test_generate():
            client = Mock()
            {CALL}
        """,
    "AsyncMock receiver": f"""
        from unittest import mock

        async def test_generate():
            client = mock.AsyncMock()
            await client.aio.models.generate_content(model="{NAME}", contents="ping")
        """,
    "create_autospec receiver": f"""
        from unittest import mock
        from google import genai

        def test_generate():
            client = mock.create_autospec(genai.Client, instance=True)
            {CALL}
        """,
    "derived from a mock": f"""
        from unittest import mock

        def test_generate():
            fake = mock.MagicMock()
            client = fake.return_value
            {CALL}
        """,
    "with mock.patch.object as": f"""
        from unittest import mock
        from app import chat

        def test_generate():
            with mock.patch.object(chat, "settings") as client:
                {CALL}
        """,
    "mocker.patch result": f"""
        def test_generate(mocker):
            client = mocker.patch("app.chat.client")
            {CALL}
        """,
    "mock.patch().start()": f"""
        from unittest import mock

        def test_generate():
            client = mock.patch("app.chat.settings").start()
            {CALL}
        """,
    "decorator argument": f"""
        from unittest import mock

        @mock.patch("app.chat.settings")
        def test_generate(client):
            {CALL}
        """,
    "setUp attribute": f"""
        import unittest
        from unittest import mock

        class ChatTest(unittest.TestCase):
            def setUp(self):
                self.client = mock.MagicMock()

            def test_generate(self):
                self.client.models.generate_content(model="{NAME}", contents="ping")
        """,
    "fixture returning a mock": f"""
        import pytest
        from unittest import mock

        @pytest.fixture
        def client():
            return mock.MagicMock()

        def test_generate(client):
            {CALL}
        """,
    "hand-written fake": f"""
        def test_generate():
            client = FakeClient()
            {CALL}
        """,
}

TRANSPORTS = {
    "respx decorator": f"""
        import respx
        from google import genai

        @respx.mock
        def test_generate():
            client = genai.Client()
            {CALL}
        """,
    "respx_mock fixture": f"""
        from google import genai

        def test_generate(respx_mock):
            client = genai.Client()
            {CALL}
        """,
    "responses.activate": f"""
        import responses
        from google import genai

        @responses.activate
        def test_generate():
            responses.add(responses.POST, "https://generativelanguage.googleapis.com/", json={{}})
            client = genai.Client()
            {CALL}
        """,
    "aioresponses": f"""
        from aioresponses import aioresponses
        from google import genai

        async def test_generate():
            with aioresponses() as m:
                m.post("https://generativelanguage.googleapis.com/", payload={{}})
            client = genai.Client()
            await client.aio.models.generate_content(model="{NAME}", contents="ping")
        """,
    "httpx.MockTransport": f"""
        import httpx
        from google import genai

        def test_generate():
            transport = httpx.MockTransport(lambda request: httpx.Response(200, json={{}}))
            client = genai.Client(http_options={{"client_args": {{"transport": transport}}}})
            {CALL}
        """,
    "pytest-httpx fixture": f"""
        from google import genai

        def test_generate(httpx_mock):
            httpx_mock.add_response(json={{}})
            client = genai.Client()
            {CALL}
        """,
    "requests_mock fixture": f"""
        from google import genai

        def test_generate(requests_mock):
            client = genai.Client()
            {CALL}
        """,
    "patch of the API client's request": f"""
        from unittest import mock
        from google import genai
        from google.genai import _api_client

        @mock.patch.object(_api_client.BaseApiClient, "_request_once", autospec=True)
        def test_generate(request):
            client = genai.Client()
            {CALL}
        """,
    "patch of the HTTP send, with block": f"""
        from unittest import mock
        from google import genai

        def test_generate():
            with mock.patch("httpx.Client.send") as send:
                client = genai.Client()
                {CALL}
        """,
    "patch of google.genai.Client": f"""
        from unittest import mock
        from google import genai

        def test_generate():
            with mock.patch("google.genai.Client"):
                client = genai.Client()
                {CALL}
        """,
    "monkeypatch of the transport": f"""
        from google import genai
        from google.genai import _api_client

        def test_generate(monkeypatch):
            monkeypatch.setattr(_api_client.SyncHttpxClient, "send", lambda *a, **k: None)
            client = genai.Client()
            {CALL}
        """,
    "MagicMock API client": f"""
        from unittest import mock
        from google.genai import _api_client, models

        def test_generate():
            api_client = mock.MagicMock(spec=_api_client.BaseApiClient)
            models.Models(api_client).generate_content(model="{NAME}", contents="ping")
        """,
    "fixture that installs the transport": f"""
        import pytest
        from google import genai

        @pytest.fixture
        def fake_api(respx_mock):
            respx_mock.post().respond(json={{}})

        def test_generate(fake_api):
            client = genai.Client()
            {CALL}
        """,
    "autouse fixture": f"""
        import pytest
        from unittest import mock
        from google import genai

        @pytest.fixture(autouse=True)
        def fake_api():
            with mock.patch("httpx.Client.send"):
                yield

        def test_generate():
            client = genai.Client()
            {CALL}
        """,
    "setUp patches the transport": f"""
        import unittest
        from unittest import mock
        from google import genai

        class ChatTest(unittest.TestCase):
            def setUp(self):
                mock.patch("httpx.Client.send").start()

            def test_generate(self):
                client = genai.Client()
                {CALL}
        """,
    "module code patches the transport": f"""
        from unittest import mock
        from google import genai

        mock.patch("httpx.Client.send").start()

        def test_generate():
            client = genai.Client()
            {CALL}
        """,
    "helper that patches the transport": f"""
        from unittest import mock
        from google import genai

        def connect_message(model):
            with mock.patch.object(genai.live, "ws_connect"):
                return model

        def test_generate():
            client = genai.Client()
            {CALL}
            connect_message(model="{NAME}")
        """,
}

EXPECTED_FAILURES = {
    "with pytest.raises": f"""
        import pytest
        from google import genai

        def test_generate():
            client = genai.Client()
            with pytest.raises(ValueError):
                {CALL}
        """,
    "pytest.raises call form": f"""
        import pytest
        from google import genai

        def test_generate():
            client = genai.Client()
            pytest.raises(ValueError, client.models.generate_content, model="{NAME}", contents="ping")
        """,
    "with self.assertRaises": f"""
        import unittest
        from google import genai

        class ChatTest(unittest.TestCase):
            def test_generate(self):
                client = genai.Client()
                with self.assertRaises(ValueError):
                    {CALL}
        """,
    "with self.assertRaisesRegex": f"""
        import unittest
        from google import genai

        class ChatTest(unittest.TestCase):
            def test_generate(self):
                client = genai.Client()
                with self.assertRaisesRegex(ValueError, "model"):
                    {CALL}
        """,
    "try/except that asserts": f"""
        from google import genai
        from google.genai import errors

        def test_generate():
            client = genai.Client()
            try:
                {CALL}
            except errors.ClientError as e:
                assert e.code == 400
        """,
    "self.assertRaises call form": f"""
        import unittest
        from google import genai

        class ChatTest(unittest.TestCase):
            def test_generate(self):
                client = genai.Client()
                self.assertRaises(ValueError, client.models.generate_content, model="{NAME}", contents="ping")
        """,
}

CASES = {**DOUBLES, **TRANSPORTS, **EXPECTED_FAILURES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_double_reports_nothing(name: str) -> None:
    assert refs_of(CASES[name]) == []


def test_twin_is_a_reference() -> None:
    assert refs_of(REAL) == REFERENCE


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_the_double_it_is_a_reference(name: str) -> None:
    """The twin of each case: the same file with its double (or expected failure) taken out."""
    source = textwrap.dedent(CASES[name])
    for double, real in _UNDO:
        source = source.replace(double, real)
    found = refs_of(source)
    assert (NAME, "models.generate_content") in found or (NAME, "models.generate_content (aio)") in found or any(
        text == NAME and kind is not None for text, kind in found
    ), source


# How each double is taken out again (the twin keeps the call, the client is real, nothing is expected to fail).
_UNDO = [
    ("mock.MagicMock(spec=_api_client.BaseApiClient)", "_api_client.BaseApiClient()"),
    ("mock.create_autospec(genai.Client, instance=True)", "genai.Client()"),
    ("mock.MagicMock()", "genai.Client()"),
    ("mock.AsyncMock()", "genai.Client()"),
    ("Mock()", "genai.Client()"),
    ("FakeClient()", "genai.Client()"),
    ("fake.return_value", "genai.Client()"),
    ('mocker.patch("app.chat.client")', "genai.Client()"),
    ('mock.patch("app.chat.settings").start()', "genai.Client()"),
    ('mock.patch("httpx.Client.send").start()', "print()"),
    ('mock.patch.object(chat, "settings") as client', "genai.Client() as client"),
    ('@mock.patch("app.chat.settings")\n', "@pytest.mark.system\n"),
    ("return mock.MagicMock()", "return genai.Client()"),
    ("@respx.mock\n", "\n"),
    ("respx_mock", "api_key"),
    ("@responses.activate\n", "\n"),
    ('responses.add(responses.POST, "https://generativelanguage.googleapis.com/", json={})', "print()"),
    ("aioresponses()", "open(__file__)"),
    ("httpx.MockTransport(", "httpx.HTTPTransport("),
    ("httpx_mock", "api_key"),
    ("requests_mock", "api_key"),
    ('@mock.patch.object(_api_client.BaseApiClient, "_request_once", autospec=True)\n', "\n"),
    ('mock.patch("httpx.Client.send") as send', "open(__file__) as send"),
    ('mock.patch("httpx.Client.send")', "open(__file__)"),
    ('mock.patch("google.genai.Client")', "open(__file__)"),
    ('monkeypatch.setattr(_api_client.SyncHttpxClient, "send", lambda *a, **k: None)', "print()"),
    ('mock.patch.object(genai.live, "ws_connect")', "open(__file__)"),
    ("pytest.raises(ValueError, client.models.generate_content,", "client.models.generate_content("),
    ("self.assertRaises(ValueError, client.models.generate_content,", "client.models.generate_content("),
    ("pytest.raises(ValueError)", "open(__file__)"),
    ('self.assertRaisesRegex(ValueError, "model")', "open(__file__)"),
    ("assert e.code == 400", "print(e)"),
    ("self.assertRaises(ValueError)", "open(__file__)"),
]


def test_scope_is_the_test_that_installs_the_double() -> None:
    source = f"""
        from google import genai

        def test_mocked(respx_mock):
            client = genai.Client()
            client.models.generate_content(model="gemini-0.2-mocked", contents="ping")

        def test_system():
            client = genai.Client()
            {CALL}
    """
    assert refs_of(source) == REFERENCE


def test_a_constant_only_a_double_uses_is_no_mention() -> None:
    source = f"""
        from unittest import mock

        MODEL = "{NAME}"

        def test_generate():
            client = mock.MagicMock()
            client.models.generate_content(model=MODEL, contents="ping")
    """
    assert refs_of(source) == []


def test_a_constant_a_double_and_a_real_call_use_stays_a_reference() -> None:
    source = f"""
        from unittest import mock
        from google import genai

        MODEL = "{NAME}"

        def test_mocked():
            fake = mock.MagicMock()
            fake.models.generate_content(model=MODEL, contents="ping")

        def test_system():
            genai.Client().models.generate_content(model=MODEL, contents="ping")
    """
    assert refs_of(source) == REFERENCE


def test_a_mock_elsewhere_leaves_real_calls_alone() -> None:
    source = f"""
        from unittest import mock
        from google import genai

        def test_generate():
            logger = mock.MagicMock()
            client = genai.Client()
            {CALL}
    """
    assert refs_of(source) == REFERENCE


def test_a_patch_of_something_else_leaves_real_calls_alone() -> None:
    source = f"""
        from unittest import mock
        from google import genai

        @mock.patch("google.auth.default", return_value=(None, None))
        def test_generate(auth):
            client = genai.Client()
            {CALL}
    """
    assert refs_of(source) == REFERENCE


def test_local_tokenizer_is_no_call_site() -> None:
    source = f"""
        from google.genai import local_tokenizer
        from google.genai._local_tokenizer_loader import get_tokenizer_name

        tok = local_tokenizer.LocalTokenizer(model_name="{NAME}")
        assert get_tokenizer_name("{NAME}") == "gemma3"
    """
    assert refs_of(source) == []
    twin = f"""
        from google import genai

        genai.Client().models.count_tokens(model="{NAME}", contents="ping")
    """
    assert refs_of(twin) == [(NAME, "models.count_tokens")]


URL = f"https://generativelanguage.googleapis.com/v1beta/models/{NAME}:generateContent"


def test_the_expected_text_of_an_assertion_is_no_reference() -> None:
    assert refs_of(f"def test_url(request):\n    assert request.url == '{URL}'\n") == []
    twin = f"import requests\n\nrequests.post('{URL}', json={{}})\n"
    assert refs_of(twin) == [(NAME, "REST URL :generateContent")]


def test_a_request_built_and_never_sent_is_no_reference() -> None:
    built = f"request = client.models._api_client._build_request('post', 'publishers/google/models/{NAME}', {{}})\n"
    assert refs_of(built) == []
    twin = f"client.models.generate_content(model='publishers/google/models/{NAME}', contents='x')\n"
    assert refs_of(twin) == [(NAME, "models.generate_content")]


@pytest.mark.parametrize(
    "text",
    [
        "with mock.patch.object(genai.Client, 'send'):",
        "@patch('google.genai.Client')",
        "mocker.patch('x')",
        "with pytest.raises(ValueError):",
        "self.assertRaisesRegex(E, 'x')",
        "@responses.activate",
        "responses.add(responses.POST, url)",
        "def test_x(aioresponses):",
        "monkeypatch.setattr(client, 'send', fake)",
        "setattr(client, 'send', fake)",
        "tok = LocalTokenizer('gemini-2.5-flash')",
        "assert url == 'x'",
        "client = FakeClient()",
    ],
)
def test_the_cheap_gate_lets_every_double_through(text):
    assert doubles_py.may_hold_doubles(text)
    assert doubles_py.by_words(text)


@pytest.mark.parametrize(
    "text",
    [
        '"""Generate.\n\n    Raises:\n        ValueError: bad input\n    """',
        "responses = []\nfor r in responses:\n    print(r)",
        "patches = split_into_patches(image)",
        "dispatch(event)",
        "print('it raises an error')",
    ],
)
def test_the_cheap_gate_skips_words_that_are_not_code_markers(text):
    assert not doubles_py.may_hold_doubles(text)
    assert not doubles_py.by_words(text)


_GATE_FRAGMENTS = ["patch", "raises", "responses", "Raises", "mock", "assert", ".", "(", " ", "\u00a0", "dis", "é", "x"]


def test_the_gate_answers_the_same_with_google_re2():
    """A large scan gates with one google-re2 pass: it must let through exactly what the word tests do."""
    import itertools

    re2 = pytest.importorskip("re2")
    fast = re2.compile(doubles_py.gate_pattern())
    for size in (1, 2, 3):
        for parts in itertools.product(_GATE_FRAGMENTS, repeat=size):
            text = "".join(parts)
            assert bool(fast.search(text)) == doubles_py.by_words(text), repr(text)


def test_a_dummy_client_is_a_double_in_a_file_with_no_other_test_word():
    source = f"""
        def test_generate():
            client = DummyClient()
            {CALL}
        """
    assert refs_of(source) == []
    assert refs_of(source.replace("DummyClient()", "make_client()")) == REFERENCE


def test_each_notebook_cell_is_walked_for_doubles_on_its_own_words():
    """A cell with a double is silenced; a cell without a test word is read as usual, whatever the other holds."""
    mocked = f"from unittest import mock\nclient = mock.MagicMock()\n{CALL}\n"
    real = f"from google import genai\nclient = genai.Client()\n{CALL}\n"
    refs, errors = extract_python([Chunk(mocked), Chunk(real)], "nb.ipynb", lambda n: False)
    assert errors == [] and [(r.text, r.site.kind) for r in refs if r.site] == REFERENCE
