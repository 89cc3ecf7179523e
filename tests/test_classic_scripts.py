"""Classic scripts share their page's global scope (``ts_globals.py``, ``flow.modules.Project.global_definers``),
and a raw Live socket's setup message takes its model from anywhere the value flow reaches (``models/${model}``
included)."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, TEXT, findings, write

# Google's Live API example, in small: the page holds the settings, one script the client class, another the glue.
CLIENT = """\
class LiveClient {
  constructor(token, model) {
    this.token = token;
    this.model = model;
    this.modelUri = `models/${this.model}`;
  }
  sendSetup() {
    const message = { setup: { model: this.modelUri, generationConfig: { responseModalities: ['AUDIO'] } } };
    this.webSocket.send(JSON.stringify(message));
  }
}
"""
GLUE = """\
const elements = {};
function initDOM() {
  ['model', 'prompt'].forEach((id) => { elements[id] = document.getElementById(id); });
}
async function connect() {
  const model = elements.model.value;
  state.client = new LiveClient('token', model);
}
"""


def page(value: str, scripts=("client.js", "script.js")) -> str:
    tags = "".join(f'<script src="{s}"></script>\n' for s in scripts)
    return f'<input id="model" value="{value}">\n{tags}'


def test_the_incident_through_a_page_and_two_classic_scripts(tmp_path, monkeypatch):
    write(tmp_path, {"web/index.html": page(TEXT), "web/client.js": CLIENT, "web/script.js": GLUE})
    # a text model in the settings field, sent as a Live setup: an error at the field, through both scripts
    assert findings(tmp_path, monkeypatch) == [("web/index.html", 1, "GL002", TEXT, ("web/client.js",))]


def test_a_live_model_there_passes(tmp_path, monkeypatch):
    write(tmp_path, {"web/index.html": page(LIVE), "web/client.js": CLIENT, "web/script.js": GLUE})
    assert findings(tmp_path, monkeypatch) == []


def test_scripts_under_a_folder_and_served_from_the_root(tmp_path, monkeypatch):
    files = {"site/index.html": page(TEXT, ("/js/client.js", "js/script.js?v=2")), "site/js/client.js": CLIENT}
    write(tmp_path, {**files, "site/js/script.js": GLUE})
    assert findings(tmp_path, monkeypatch) == [("site/index.html", 1, "GL002", TEXT, ("site/js/client.js",))]


def test_without_a_page_the_scripts_of_one_folder_share_their_globals(tmp_path, monkeypatch):
    glue = GLUE.replace("elements.model.value", f"'{TEXT}'")
    write(tmp_path, {"app/client.js": CLIENT, "app/script.js": glue})
    assert findings(tmp_path, monkeypatch) == [("app/script.js", 6, "GL002", TEXT, ("app/client.js",))]


@pytest.mark.parametrize(
    "files",
    [
        # the class lives in another app's folder: no page or folder joins them
        {"a/client.js": CLIENT, "b/script.js": GLUE.replace("elements.model.value", f"'{TEXT}'")},
        # a page loads only the glue: the other folder's class is not its global
        {"b/index.html": page(TEXT, ("script.js",)), "b/script.js": GLUE, "a/client.js": CLIENT},
        # modules import what they use: a free name there is no other file's global
        {"app/client.js": CLIENT, "app/script.mjs": GLUE.replace("elements.model.value", f"'{TEXT}'")},
        {
            "app/client.js": CLIENT,
            "app/script.js": "import x from './x';\n" + GLUE.replace("elements.model.value", f"'{TEXT}'"),
        },
    ],
)
def test_globals_do_not_cross_apps_or_modules(tmp_path, monkeypatch, files):
    write(tmp_path, files)
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


@pytest.mark.parametrize(
    "model",
    ["MODEL", "`models/${MODEL}`", "`publishers/google/models/${MODEL}`", "config.model"],
)
def test_a_setup_message_takes_its_model_from_a_binding(tmp_path, monkeypatch, model):
    source = (
        f"import {{ MODEL, config }} from './settings.js';\n"
        f"export function open(ws) {{\n  ws.send(JSON.stringify({{ setup: {{ model: {model} }} }}));\n}}\n"
    )
    settings = f"export const MODEL = '{TEXT}';\nexport const config = {{ model: MODEL }};\n"
    write(tmp_path, {"live.js": source, "settings.js": settings})
    assert findings(tmp_path, monkeypatch) == [("settings.js", 1, "GL002", TEXT, ("live.js",))]


def test_a_template_with_more_than_the_path_is_no_model(tmp_path, monkeypatch):
    source = (
        f"const MODEL = '{TEXT}';\n"
        "ws.send(JSON.stringify({ setup: { model: `models/${MODEL}-x` } }));\n"
        "ws.send(JSON.stringify({ setup: { model: `tunedModels/${MODEL}` } }));\n"
    )
    write(tmp_path, {"live.js": source})
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


def test_a_config_forwarded_as_the_whole_setup_is_not_followed_across_files(tmp_path, monkeypatch):
    # `setup: this.config`: which config reaches the socket often depends on a branch (a public chat app connects
    # only for its socket models, while its default is a text model); only the message's own model key is
    # followed into other files
    live = (
        "export class Client {\n  connect(config) {\n    this.config = { ...config, tools: [] };\n"
        "    this.ws.send(JSON.stringify({ setup: this.config }));\n  }\n}\n"
    )
    app = f"import {{ Client }} from './live.js';\nnew Client().connect({{ model: '{TEXT}' }});\n"
    write(tmp_path, {"live.js": live, "app.js": app})
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


def test_a_pages_own_script_hands_a_control_to_a_classic_script(tmp_path, monkeypatch):
    # the inline script names no model and calls no model API: it is still read, as the page loads a classic script
    # of the project it may hand values to (and only then: a page's usual scripts only read controls)
    live = "function startLive(model) {\n  ws.send(JSON.stringify({ setup: { model: `models/${model}` } }));\n}\n"
    page = (
        f'<select id="m"><option>{TEXT}</option></select>\n<script src="live.js"></script>\n'
        "<script>\ndocument.getElementById('go').onclick = () => startLive(document.getElementById('m').value);\n"
        "</script>\n"
    )
    write(tmp_path, {"index.html": page, "live.js": live})
    assert findings(tmp_path, monkeypatch) == [("index.html", 1, "GL002", TEXT, ("live.js",))]
