"""Gradio apps (``py_gradio``): a ``gr.Dropdown`` of models in an event's inputs reaches the parameter of the
function the event calls, and through it the model call."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, findings, write

HEAD = (
    "import gradio as gr\nfrom google import genai\n\nclient = genai.Client()\n\n\n"
    "def chat(message, model_name):\n"
    "    return client.models.generate_content(model=model_name, contents=message).text\n\n\n"
)  # chat is at line 7; what follows starts at line 11
DROPDOWN = f'gr.Dropdown(["gemini-3.8-flash", "{LIVE}"], value="gemini-3.8-flash")'


def live_findings(tmp_path, monkeypatch, app: str):
    write(tmp_path, {"app.py": HEAD + app})
    return [(f[1], f[2]) for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"]


@pytest.mark.parametrize(
    "app",
    [
        f"with gr.Blocks() as demo:\n    model = {DROPDOWN}\n    box = gr.Textbox()\n"
        "    gr.Button().click(chat, inputs=[box, model], outputs=box)\n",
        f"with gr.Blocks() as demo:\n    model = {DROPDOWN}\n    box = gr.Textbox()\n"
        "    box.submit(fn=chat, inputs=[box, model])\n",
        f'demo = gr.Interface(fn=chat, inputs=["text", {DROPDOWN}], outputs="text")\n',
        f'demo = gr.Interface(chat, ["text", {DROPDOWN}], "text")\n',
        f"demo = gr.ChatInterface(chat, additional_inputs=[{DROPDOWN}])\n".replace("chat,", "reply,"),
        f"with gr.Blocks() as demo:\n    model = {DROPDOWN}\n    box = gr.Textbox()\n"
        "    gr.on([box.submit], chat, [box, model])\n",
    ],
    ids=["blocks-click", "submit-fn", "interface", "interface-positional", "chat-interface", "gr-on"],
)
def test_a_dropdowns_choices_reach_the_function_the_event_calls(tmp_path, monkeypatch, app):
    if "reply," in app:  # a chat function takes the message and the history first
        app = (
            "def reply(message, history, model_name):\n"
            "    return client.models.generate_content(model=model_name, contents=message).text\n\n\n" + app
        )
    line = 11 + (app.split("\n").index(next(x for x in app.split("\n") if "gr.Dropdown" in x)))
    assert live_findings(tmp_path, monkeypatch, app) == [(line, "GL002")]


@pytest.mark.parametrize(
    "component",
    [
        f'gr.Dropdown(choices=[("Flash", "gemini-3.8-flash"), ("Live", "{LIVE}")])',  # (label, value) pairs
        f'gr.Radio(["gemini-3.8-flash"], value="{LIVE}")',
        f'gr.Textbox(value="{LIVE}")',
        f'gr.Textbox("{LIVE}", label="model")',
    ],
    ids=["pairs", "radio-value", "textbox", "textbox-positional"],
)
def test_each_components_values(tmp_path, monkeypatch, component):
    app = f'demo = gr.Interface(fn=chat, inputs=["text", {component}], outputs="text")\n'
    assert live_findings(tmp_path, monkeypatch, app) == [(11, "GL002")]


def test_choices_named_by_a_list_are_its_elements(tmp_path, monkeypatch):
    app = f'MODELS = ["gemini-3.8-flash", "{LIVE}"]\ndemo = gr.Interface(chat, ["text", gr.Dropdown(MODELS)], "text")\n'
    assert live_findings(tmp_path, monkeypatch, app) == [(11, "GL002")]


@pytest.mark.parametrize(
    "app",
    [
        f'demo = gr.Interface(fn=chat, inputs=[{DROPDOWN}, "text"], outputs="text")\n',  # into the message
        f'demo = gr.Interface(fn=lambda m, x: chat(m, "gemini-3.8-flash"), inputs=["text", {DROPDOWN}])\n',
        f"demo = gr.ChatInterface(chat, additional_inputs=[{DROPDOWN}])\n",  # after message and history: none
        f'demo = gr.Interface(fn=chat, inputs=["text", gr.Slider(0, 1)])\nvoices = {DROPDOWN}\n',
        f"demo = gr.Interface(fn=chat, inputs=[*boxes, {DROPDOWN}])\n",  # after *boxes: position unknown
    ],
    ids=["other-parameter", "lambda", "beyond-the-parameters", "no-dropdown-wired", "after-starred"],
)
def test_what_the_model_parameter_does_not_receive_stays_a_mention(tmp_path, monkeypatch, app):
    assert live_findings(tmp_path, monkeypatch, app) == []
