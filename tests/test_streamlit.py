"""Streamlit apps (``py_streamlit``): a model picked in a widget or kept in ``st.session_state`` reaches the call."""

from __future__ import annotations

import pytest

from gemlint.api import make_scanner, scan
from gemlint.config import Config
from tests.helpers import TODAY
from tests.test_crossfile import LIVE, TEXT, findings, write

HEAD = "import streamlit as st\nfrom google import genai\n\nclient = genai.Client()\n"
GENERATE = 'client.models.generate_content(model=model, contents="hi")\n'


@pytest.mark.parametrize(
    "pick",
    [
        f'model = st.selectbox("Model", ["{TEXT}", "{LIVE}"])\n',
        f'model = st.sidebar.radio("Model", options=("{TEXT}", "{LIVE}"), index=0)\n',
        f'left, right = st.columns(2)\nMODELS = ["{TEXT}", "{LIVE}"]\n'
        'model = left.segmented_control("Model", MODELS)\n',
    ],
    ids=["selectbox", "sidebar-radio-options", "column-constant-list"],
)
def test_a_picker_returns_one_of_its_options(tmp_path, monkeypatch, pick):
    write(tmp_path, {"app.py": HEAD + pick + GENERATE})
    [(path, line, code, model, _)] = findings(tmp_path, monkeypatch)
    assert (path, code, model) == ("app.py", "GL002", LIVE)  # the Live model cannot generate content
    assert line == next(i for i, text in enumerate((HEAD + pick).split("\n"), 1) if LIVE in text)


def test_an_unknown_option_is_an_error(tmp_path, monkeypatch):
    write(tmp_path, {"app.py": HEAD + f'model = st.radio("Model", ["{TEXT}", "gemini-9.9-ultra"])\n' + GENERATE})
    assert [(c, m) for _, _, c, m, _ in findings(tmp_path, monkeypatch)] == [("GL001", "gemini-9.9-ultra")]


def test_a_picker_in_a_file_without_streamlit_is_not_followed(tmp_path, monkeypatch):
    source = (
        HEAD.replace("import streamlit as st", "import ui") + f'model = ui.selectbox("Model", ["{TEXT}", "{LIVE}"])\n'
    )
    write(tmp_path, {"app.py": source + GENERATE})
    assert findings(tmp_path, monkeypatch) == []  # a list of listed models: mentions, nothing to say


@pytest.mark.parametrize(
    "store, read",
    [
        ('st.session_state.model = "{m}"\n', "st.session_state.model"),
        ('st.session_state["model"] = "{m}"\n', 'st.session_state["model"]'),
        ('if "model" not in st.session_state:\n    st.session_state.model = "{m}"\n', 'st.session_state.get("model")'),
    ],
    ids=["attribute", "subscript", "get"],
)
def test_the_session_state_carries_a_model_in_the_file(tmp_path, monkeypatch, store, read):
    write(tmp_path, {"app.py": HEAD + store.format(m=LIVE) + GENERATE.replace("model=model", f"model={read}")})
    assert [(c, m) for _, _, c, m, _ in findings(tmp_path, monkeypatch)] == [("GL002", LIVE)]


def test_a_settings_page_sets_what_another_page_reads(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "pages/settings.py": f'import streamlit as st\nst.selectbox("Model", ["{LIVE}", "{TEXT}"], key="model")\n',
            "app.py": HEAD + GENERATE.replace("model=model", 'model=st.session_state.get("model")'),
        },
    )
    monkeypatch.chdir(tmp_path)
    [finding] = scan(["."], make_scanner(Config(root=str(tmp_path)), today=TODAY)).findings
    assert (finding.location.path, finding.code, finding.model) == ("pages/settings.py", "GL002", LIVE)
    assert "(via streamlit 'model' → models.generate_content, app.py:5)" in finding.message  # approximate: said


def test_a_text_box_default_is_a_value_and_its_key_carries_it(tmp_path, monkeypatch):
    box = f'st.text_input("Target model", value=current or "{LIVE}", key="target")\n'
    read = f'model = st.session_state.get("target", "{TEXT}")\n'
    write(tmp_path, {"app.py": HEAD + box + read + GENERATE})
    assert [(n, c, m) for _, n, c, m, _ in findings(tmp_path, monkeypatch)] == [(5, "GL002", LIVE)]
    write(
        tmp_path, {"app.py": HEAD + box.replace(', key="target"', "").replace("st.text", "model = st.text") + GENERATE}
    )
    assert [(n, c, m) for _, n, c, m, _ in findings(tmp_path, monkeypatch)] == [(5, "GL002", LIVE)]
