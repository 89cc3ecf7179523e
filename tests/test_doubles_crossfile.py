"""A test double stops value flow too: a name a mocked test passes to the app's own function reaches no call (issue 25).

The twin in each file is a test that really calls the API through the same function: it stays a reference.
"""

from __future__ import annotations

from tests.helpers import scan_json

APP_PY = (
    "from google import genai\n\nclient = genai.Client()\n\n\n"
    "def reply(model):\n    return client.models.generate_content(model=model, contents='hi')\n"
)
TEST_PY = """import respx
import app

MOCKED = "gemini-0.6-mocked"


@respx.mock
def test_mocked():
    app.reply(model="gemini-0.2-mocked")


@respx.mock
def test_mocked_constant():
    app.reply(MOCKED)


def test_system():
    app.reply(model="gemini-0.1-real")
"""
LIB_TS = """import { GoogleGenAI } from '@google/genai';
const ai = new GoogleGenAI({ apiKey: 'k' });
export async function ask(model: string) {
  return ai.models.generateContent({ model, contents: 'hi' });
}
"""
TEST_TS = """import { ask } from './lib';
const MOCKED = 'gemini-0.7-mocked';
it('mocked', async () => {
  vi.spyOn(globalThis, 'fetch');
  await ask('gemini-0.4-mocked');
  await ask(MOCKED);
});
it('real', async () => {
  await ask('gemini-0.5-real');
});
"""


def test_mocked_tests_pass_nothing_to_the_apps_calls(tmp_path) -> None:
    (tmp_path / "app.py").write_text(APP_PY)
    (tmp_path / "check_app.py").write_text(TEST_PY)  # not under tests/: GL006 would show a leaked mention
    (tmp_path / "lib.ts").write_text(LIB_TS)
    (tmp_path / "lib.spec.ts").write_text(TEST_TS)
    data = scan_json(["."], cwd=tmp_path)
    found = sorted((f["path"], f["model"], f["code"]) for f in data["findings"])
    assert found == [("check_app.py", "gemini-0.1-real", "GL001"), ("lib.spec.ts", "gemini-0.5-real", "GL001")]
