"""HTML pages (``extract/typescript/pages.py``, ``ts_dom.py``): their inline scripts are JavaScript read in place,
and the model names of their form controls reach the scripts that read the control's value by its id."""

from __future__ import annotations

import pytest

from gemlint.adopt import component_ignore_line
from gemlint.api import make_scanner, scan
from gemlint.config import Config
from gemlint.extract.typescript.components import script_text
from gemlint.extract.typescript.pages import controls, markup_view
from tests.helpers import TODAY
from tests.test_adopt import findings as findings_json
from tests.test_adopt import gemlint, make_project
from tests.test_crossfile import LIVE, TEXT, findings, write

HEAD = "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({ apiKey: 'k' });\n"

# The incident as a one-page app: the settings form holds a name that never existed, the page's script connects.
PAGE = f"""\
<!doctype html>
<html>
<head><script type="importmap">{{"imports": {{"@google/genai": "https://esm.run/@google/genai"}}}}</script></head>
<body>
  <select id="voice-model">
    <option value="{LIVE}">Native audio</option>
    <option value="gemini-2.5-flash-native-audio-dialog" selected>Dialog</option>
  </select>
  <script type="module">
{HEAD}
    const picker = document.getElementById('voice-model');
    export async function start() {{
      return ai.live.connect({{ model: picker.value, callbacks: {{}} }});
    }}
  </script>
</body>
</html>
"""


def test_the_incident_in_a_settings_form_of_a_page(tmp_path, monkeypatch):
    write(tmp_path, {"index.html": PAGE})
    # the unknown option is an error at its own line; the live model passes (it is the right class)
    assert findings(tmp_path, monkeypatch) == [
        ("index.html", 7, "GL001", "gemini-2.5-flash-native-audio-dialog", ("index.html",))
    ]


@pytest.mark.parametrize(
    "read",
    [
        "document.getElementById('model').value",
        'document.querySelector("#model").value',
        "document.querySelector('select#model').value",
        "els.model.value",
        "this.modelInput.value",
        "$('#model').val()",
        "cache.model.value",
    ],
)
def test_a_script_file_reads_the_control_of_a_page(tmp_path, monkeypatch, read):
    page = '<input id="model" value="gemini-3.8-flash">\n<script src="app.js"></script>\n'
    script = (
        HEAD + "const els = { model: document.getElementById('model') };\n"
        "const cache = {};\n['model', 'prompt'].forEach((id) => { cache[id] = document.getElementById(id); });\n"
        "export class App {\n"
        "  constructor() { this.modelInput = document.querySelector('#model'); }\n"
        f"  go() {{ return ai.live.connect({{ model: {read}, callbacks: {{}} }}); }}\n"
        "}\n"
    )
    write(tmp_path, {"public/index.html": page, "src/app.js": script})
    # a text model at a Live call: the control's value, reported where the page holds it, via the script's call
    assert findings(tmp_path, monkeypatch) == [("public/index.html", 1, "GL002", TEXT, ("src/app.js",))]


def test_another_id_or_no_id_reaches_nothing(tmp_path, monkeypatch):
    page = '<input id="prompt" value="gemini-3.8-flash">\n<select id="model"><option>plain</option></select>\n'
    script = HEAD + "ai.live.connect({ model: document.getElementById('model').value, callbacks: {} });\n"
    write(tmp_path, {"index.html": page, "app.js": script})
    # the name sits in another control: a mention, whose class no call judges
    assert findings(tmp_path, monkeypatch) == []


def test_an_unread_control_is_a_mention(tmp_path, monkeypatch):
    write(tmp_path, {"index.html": '<select id="m"><option>gemini-9.9-nope</option></select>\n'})
    assert findings(tmp_path, monkeypatch) == [("index.html", 1, "GL006", "gemini-9.9-nope", ())]


def test_controls_reads_options_inputs_and_datalists_at_their_offsets():
    page = (
        '<select id="a" class=x>\n  <option value="gemini-1">One</option>\n  <option> gemini-2 </option>\n</select>\n'
        "<input list='names' id=b value=gemini-3>\n"
        '<datalist id="names"><option value="gemini-4"></datalist>\n'
        '<option value="gemini-5">outside a select</option>\n'
    )
    found = {k: [(page[o : o + len(v)], v) for o, v in vs] for k, vs in controls(page).items()}
    assert found == {
        "a": [("gemini-1", "gemini-1"), ("gemini-2", "gemini-2")],
        "b": [("gemini-3",) * 2, ("gemini-4",) * 2],
    }


def test_markup_in_scripts_comments_and_text_areas_is_no_control():
    page = (
        "<!-- <select id=a><option>gemini-1</option></select> -->\n"
        "<script>const h = '<select id=b><option>gemini-2</option></select>';</script>\n"
        "<textarea id=c><input id=c value=gemini-3></textarea>\n"
    )
    assert controls(page) == {}
    assert len(markup_view(page)) == len(page) and markup_view(page).count("\n") == page.count("\n")


@pytest.mark.parametrize(
    "attrs, dialect, read",
    [
        ("", "js", True),
        (' type="module"', "js", True),
        (' type="text/babel"', "tsx", True),
        (' type="application/json"', "js", False),
        (" type=importmap", "js", False),
        (' type="text/x-template"', "js", False),
    ],
)
def test_only_code_scripts_are_read(attrs, dialect, read):
    page = f"<p>x</p>\n<script{attrs}>const m = 'gemini-1.5-pro';</script>\n"
    text, got = script_text(page)
    assert ("gemini-1.5-pro" in text) == read
    assert got == dialect and (len(text) == len(page) if read else text == "")  # no code: nothing to parse


def test_a_minified_inline_script_is_skipped_with_a_notice(tmp_path):
    bundle = "var a=1;" * 800 + "ai.models.generateContent({model:'gemini-9.9-nope'});"
    proj = make_project(tmp_path, {"index.html": f"<script>{bundle}</script>\n"})
    run = gemlint(proj, ".")
    assert "index.html: inline script is minified or generated; skipped" in run.stderr
    assert "gemini-9.9-nope" not in run.stdout


def test_add_ignore_comments_markup_and_script_lines_and_the_rescan_is_clean(tmp_path):
    proj = make_project(tmp_path, {"index.html": PAGE})
    gemlint(proj, "--add-ignore", ".")
    text = (proj / "index.html").read_text()
    assert text.splitlines()[6].endswith("</option> <!-- gemlint: ignore[GL001] -->")
    assert text.replace(" <!-- gemlint: ignore[GL001] -->", "") == PAGE  # nothing else touched
    assert [f for f in findings_json(proj) if f["code"] != "GL900"] == []


@pytest.mark.parametrize(
    "page, why",
    [
        ('<select id=a><option value="gemini-1.5-pro"\n  selected>x</option>', "does not end after a tag"),
        ("<!-- <option>gemini-1.5-pro</option> -->", "does not end after a tag"),
    ],
)
def test_a_markup_comment_is_added_only_after_a_tag(page, why):
    end = page.find("\n")
    end = len(page) if end < 0 else end
    new_line, reason = component_ignore_line(page, 0, end, ["GL003"], markup="page")
    assert new_line is None and why in reason


@pytest.mark.parametrize(
    "template",
    [
        "{% if live %}const live = true;{% endif %}\nconst user = {{ user | tojson }};",  # Jinja, Django
        "<% if (live) { %>const live = true;<% } %>\nconst user = <%= JSON.stringify(user) %>;",  # EJS, ERB
        "<?php if ($live): ?>const live = true;<?php endif; ?>\nconst user = <?= json_encode($user) ?>;",  # PHP
        "{# a comment #}\nconst user = {{ .User }};",  # Go templates
    ],
)
def test_a_server_template_page_is_no_syntax_error(tmp_path, monkeypatch, template):
    page = (
        f"<script>\n{template}\nai.models.generateContent({{ model: 'gemini-9.9-nope', contents: 'x' }});\n</script>\n"
    )
    write(tmp_path, {"templates/index.html": page})
    monkeypatch.chdir(tmp_path)
    result = scan(["."], make_scanner(Config(root=str(tmp_path)), today=TODAY))
    assert result.errors == ()  # not even a notice: the tags are blanked in place
    assert [(f.location.line, f.code) for f in result.findings] == [(4, "GL001")]  # the name keeps its line


def test_a_page_script_that_still_does_not_parse_is_a_notice(tmp_path):
    page = "<script>\n@@if (live) { start(); }\nconst m = 'gemini-9.9-nope';\n</script>\n"
    proj = make_project(tmp_path, {"index.html": page})
    run = gemlint(proj, ".")
    assert "index.html: syntax error at line 2" in run.stderr and "warning" in run.stderr
    assert "could not be read or parsed" not in run.stdout


SCRIPT_READS_MODEL = HEAD + "ai.live.connect({ model: document.getElementById('model').value, callbacks: {} });\n"


@pytest.mark.parametrize(
    "page, script, reached",
    [
        ("app/templates/index.html", "app/static/js/app.js", True),  # Flask: a folder of pages beside the script
        ("web/index.html", "web/src/main.js", True),  # Vite: the page above
        ("public/index.html", "src/app.js", True),
        ("index.html", "a/b/c/app.js", True),  # three folders up
        ("index.html", "a/b/c/d/app.js", False),  # four: too far
        ("app_b/index.html", "app_a/app.js", False),  # two apps of a sample collection
        ("samples/app_b/templates/index.html", "samples/app_a/static/app.js", False),
    ],
)
def test_a_control_reaches_the_scripts_of_its_own_app(tmp_path, monkeypatch, page, script, reached):
    write(tmp_path, {page: f'<input id="model" value="{TEXT}">\n', script: SCRIPT_READS_MODEL})
    found = findings(tmp_path, monkeypatch)
    assert found == ([(page, 1, "GL002", TEXT, (script,))] if reached else [])


@pytest.mark.parametrize(
    "template, line",
    [
        ('export const dialog = `\n<select id="model">\n  <option value="{name}">x</option>\n</select>`;\n', 3),
        ("export const dialog = '<select id=\"model\"><option>{name}</option></select>';\n", 1),
        ('export const dialog = "<select id=\\"model\\"><option value=\\"{name}\\">x</option></select>";\n', 1),
        (
            "export const dialog = (m) =>\n"
            '  `<select id="model"><option>{name}</option><option>${{m}}</option></select>`;\n',
            2,
        ),
    ],
    ids=["template", "string", "escaped", "substitution"],
)
def test_a_dialog_built_from_a_string_holds_controls(tmp_path, monkeypatch, template, line):
    dialog = template.format(name=TEXT)
    write(tmp_path, {"settings.js": dialog, "app.js": SCRIPT_READS_MODEL})
    # the name at its own column in the literal (escapes counted), reaching the Live call through the control
    monkeypatch.chdir(tmp_path)
    result = scan(["."], make_scanner(Config(root=str(tmp_path)), today=TODAY))
    [finding] = result.findings
    assert (finding.location.path, finding.location.line, finding.code) == ("settings.js", line, "GL002")
    text = (tmp_path / "settings.js").read_text().splitlines()[line - 1]
    assert text[finding.location.column - 1 :].startswith(TEXT)
