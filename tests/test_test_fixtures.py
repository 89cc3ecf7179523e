"""A model parameter in a test file is test data until it reaches a call (gemlint/rules/test_fixtures.py)."""

from __future__ import annotations

import pytest

from gemlint.rules.test_fixtures import is_test_path
from tests.helpers import scan_source

TS_FIXTURE = (
    "import { findIncompatibleTools } from '../../src/afc';\n"
    "const params = { model: 'gemini-2.0-flash', contents: 'why is the sky blue?' };\n"
    "expect(findIncompatibleTools(params)).toEqual([]);\n"
)
PY_FIXTURE = (
    "from app import translate\n\n"
    'request = {"model": "gemini-2.0-flash", "contents": "hi"}\nassert translate(request)\n'
)


def codes(tmp_path, source: str, name: str):
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    return [(f.code, f.severity) for f in scan_source(tmp_path, source, name).findings]


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("test/unit/afc_test.ts", TS_FIXTURE),
        ("src/afc.test.ts", TS_FIXTURE),
        ("src/__tests__/afc.ts", TS_FIXTURE),
        ("tests/test_translate.py", PY_FIXTURE),
        ("app/translate_test.py", PY_FIXTURE),
    ],
)
def test_a_model_parameter_in_a_test_file_is_a_mention(tmp_path, name, source):
    assert codes(tmp_path, source, name) == [("GL003", "warning")]


@pytest.mark.parametrize(("name", "source"), [("src/afc.ts", TS_FIXTURE), ("app/translate.py", PY_FIXTURE)])
def test_the_same_parameter_in_application_code_is_a_reference(tmp_path, name, source):
    assert codes(tmp_path, source, name) == [("GL003", "error")]


def test_a_test_that_calls_the_api_with_the_name_keeps_the_error(tmp_path):
    source = (
        "from google import genai\n\nclient = genai.Client()\nM = 'gemini-2.0-flash'\n"
        "config = {'model': M}\n\n\ndef test_live():\n    client.models.generate_content(model=M, contents='x')\n"
    )
    assert codes(tmp_path, source, "tests/test_live.py") == [("GL003", "error")]


@pytest.mark.parametrize(
    ("name", "severity"),
    [
        ("tests/fixtures/agent.yaml", "warning"),
        ("src/__fixtures__/.env", "warning"),
        ("testdata/agent.yaml", "warning"),
        ("tests/eval/eval_config.yaml", "error"),  # an eval's config: a system test calls its model
        ("config/agent.yaml", "error"),
    ],
)
def test_a_settings_file_of_fixtures_is_test_data(tmp_path, name, severity):
    source = "GEMINI_MODEL=gemini-2.0-flash\n" if name.endswith(".env") else "id: a\nmodel: gemini-2.0-flash\n"
    assert codes(tmp_path, source, name) == [("GL003", severity)]


@pytest.mark.parametrize(
    ("path", "test"),
    [
        ("tests/test_chat.py", True),
        ("pkg/chat_test.py", True),
        ("conftest.py", True),
        ("web/src/chat.spec.tsx", True),
        ("web/src/chat.test.mjs", True),
        ("web/__tests__/chat.js", True),
        ("test/system/chat.ts", True),
        ("packages/core/src/test-utils/config.ts", True),
        ("lib/test_helpers/factory.py", True),
        ("src/chat.py", False),
        ("src/testimonials.ts", False),
        ("src/latest_models.py", False),
        ("contest/chat.py", False),
    ],
)
def test_test_paths(path, test):
    assert is_test_path(path) is test


def test_a_project_kept_under_a_tests_folder_is_not_all_tests():
    assert not is_test_path("/home/me/tests/project/src/chat.py", "/home/me/tests/project")
    assert is_test_path("/home/me/tests/project/tests/test_chat.py", "/home/me/tests/project")


def test_a_project_kept_under_a_fixtures_folder_is_not_all_fixtures():
    from gemlint.rules.test_fixtures import is_fixture_path

    assert not is_fixture_path("/home/u/fixtures/app/config.yaml", "/home/u/fixtures/app")
    assert is_fixture_path("/home/u/app/tests/fixtures/config.yaml", "/home/u/app")
