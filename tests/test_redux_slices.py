"""Redux Toolkit slices carry names (``ts_redux``): initial state and dispatched actions reach ``useSelector``."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, TEXT, findings, write

SLICE = """\
import { createSlice } from '@reduxjs/toolkit';
const initialState = { model: 'INITIAL', temperature: 0 };
export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {
    setModel(state, action) {
      state.model = action.payload;
    },
    setTemperature: (state, action) => {
      state.temperature = action.payload;
    },
  },
});
export const { setModel, setTemperature } = settingsSlice.actions;
"""
DIALOG = "import {{ {action} }} from './slice';\nexport const pick = (dispatch) => dispatch({action}('{model}'));\n"
CHAT = """\
import { useSelector } from 'react-redux';
import { GoogleGenAI } from '@google/genai';
const ai = new GoogleGenAI({});
export function useChat() {
  const model = useSelector(SELECTOR);
  return (text) => ai.models.generateContent({ model, contents: text });
}
"""
SELECTOR = "(state) => state.settings.model"


def scan(tmp_path, monkeypatch, slice_=SLICE, dialog=None, selector=SELECTOR, initial=TEXT):
    files = {"package.json": "{}", "src/slice.ts": slice_.replace("INITIAL", initial)}
    files["src/chat.ts"] = CHAT.replace("SELECTOR", selector)
    if dialog is not None:
        files["src/dialog.ts"] = dialog
    write(tmp_path, files)
    return findings(tmp_path, monkeypatch)


def test_a_dispatched_action_reaches_the_selector(tmp_path, monkeypatch):
    dialog = DIALOG.format(action="setModel", model=LIVE)
    assert scan(tmp_path, monkeypatch, dialog=dialog) == [("src/dialog.ts", 2, "GL002", LIVE, ("src/chat.ts",))]


def test_the_initial_state_reaches_the_selector(tmp_path, monkeypatch):
    assert scan(tmp_path, monkeypatch, initial=LIVE) == [("src/slice.ts", 2, "GL002", LIVE, ("src/chat.ts",))]


def test_a_nested_initial_state(tmp_path, monkeypatch):
    nested = SLICE.replace("{ model: 'INITIAL', temperature: 0 }", "{ ai: { model: 'INITIAL' } }")
    found = scan(tmp_path, monkeypatch, slice_=nested, initial=LIVE, selector="(s) => s.settings.ai.model")
    assert found == [("src/slice.ts", 2, "GL002", LIVE, ("src/chat.ts",))]


@pytest.mark.parametrize(
    "slice_, dialog, selector",
    [
        # another field's action carries the name
        (SLICE, DIALOG.format(action="setTemperature", model=LIVE), SELECTOR),
        # createSlice from elsewhere is no Redux slice
        (SLICE.replace("@reduxjs/toolkit", "./my-slices"), DIALOG.format(action="setModel", model=LIVE), SELECTOR),
        # a selector that reads no state field
        (SLICE, DIALOG.format(action="setModel", model=LIVE), "(state) => pick(state)"),
        # a reducer that sets the field to something else than the action's payload
        (
            SLICE.replace(
                "  reducers: {\n", "  reducers: {\n    clear(state, action) {\n      state.model = '';\n    },\n"
            ).replace("{ setModel, setTemperature }", "{ clear, setModel, setTemperature }"),
            DIALOG.format(action="clear", model=LIVE),
            SELECTOR,
        ),
        # a selector that reads another object than its state
        (SLICE, DIALOG.format(action="setModel", model=LIVE), "(state) => defaults.settings.model"),
    ],
    ids=["other-field", "not-redux", "no-field-selector", "not-the-payload", "not-the-state"],
)
def test_what_is_no_route_carries_nothing(tmp_path, monkeypatch, slice_, dialog, selector):
    assert scan(tmp_path, monkeypatch, slice_=slice_, dialog=dialog, selector=selector) == []


NAMED = "export const selectModel = (state: RootState) => state.settings.model;\n"


@pytest.mark.parametrize(
    "where, selector",
    [
        ("slice", "selectModel"),  # exported by the slice's file, imported by the chat
        ("selectors", "selectModel"),  # a selectors module of its own
        ("chat", "selectLocal"),  # a selector of the chat's own file
    ],
)
def test_a_named_selector_reads_the_field(tmp_path, monkeypatch, where, selector):
    slice_ = SLICE + (NAMED if where == "slice" else "")
    files = {"package.json": "{}", "src/slice.ts": slice_.replace("INITIAL", LIVE)}
    chat = CHAT.replace("SELECTOR", selector)
    if where == "chat":
        chat = "const selectLocal = (state) => state.settings.model;\n" + chat
    else:
        module = "./slice" if where == "slice" else "./selectors"
        chat = f"import {{ selectModel }} from '{module}';\n" + chat
    if where == "selectors":
        files["src/selectors.ts"] = "import type { RootState } from './store';\n" + NAMED
    files["src/chat.ts"] = chat
    write(tmp_path, files)
    assert findings(tmp_path, monkeypatch) == [("src/slice.ts", 2, "GL002", LIVE, ("src/chat.ts",))]


def test_a_function_of_something_else_is_no_selector(tmp_path, monkeypatch):
    files = {"package.json": "{}", "src/slice.ts": SLICE.replace("INITIAL", LIVE)}
    other = "export const pickModel = (config: Config) => config.settings.model;\n"
    files["src/pick.ts"] = other
    files["src/chat.ts"] = "import { pickModel } from './pick';\n" + CHAT.replace("SELECTOR", "pickModel")
    write(tmp_path, files)
    assert findings(tmp_path, monkeypatch) == []
