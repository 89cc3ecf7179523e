"""``gemlint server`` end to end: pytest-lsp drives the real server process over stdio."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

pytest_lsp = pytest.importorskip(
    "pytest_lsp", reason="pytest-lsp (test extras, Python 3.10+; on 3.9 tests/test_nvim.py drives the server)"
)
from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from gemlint.inventory import load_inventory  # noqa: E402
from gemlint.inventory.lifecycle import load_lifecycle  # noqa: E402

from .helpers import REPO, TODAY, fresh_run, scan_json  # noqa: E402

SEED_TS = 'const session = await ai.live.connect({ model: "gemini-2.5-flash-native-audio-dialog", config });\n'
TYPO_PY = (
    "from google import genai\n"
    "client = genai.Client()\n"
    'client.models.generate_content(model="gemini-3.8-flsh", contents="hi")\n'
)
SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "gemlint", "server"],
    server_env={**os.environ, "GEMLINT_TODAY": TODAY.isoformat()},
)


def full(f: dict) -> str:
    """A JSON finding as the editor shows it: the message, then the detail."""
    return f["message"] + ("\n" + f["detail"] if f["detail"] else "")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    return tmp_path


def _accept_registrations(lsp_client: LanguageClient) -> list:
    registered: list = []  # VS Code accepts the server's file watchers; pytest-lsp has no handler of its own
    if lsp.CLIENT_REGISTER_CAPABILITY not in lsp_client.protocol.fm.features:
        lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)(lambda params: registered.append(params))
    return registered


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient):
    """One server for the module's tests that change nothing server-wide (as an editor keeps one server while
    files come and go). It is opened with no workspace root, so each test's own project folder (its
    pyproject.toml) is found from the file upward, as `gemlint scan FILE` finds it: the tests never see each
    other's files or settings. Tests that change the server's settings start their own (``own_client``)."""
    _accept_registrations(lsp_client)
    _record_publications(lsp_client)
    await lsp_client.initialize_session(lsp.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def own_client(lsp_client: LanguageClient, project):
    """A server of the test's own, opened on ``project`` as its workspace root."""
    _accept_registrations(lsp_client)
    _record_publications(lsp_client)
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=project.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=project.as_uri(), name="project")],
        )
    )
    yield
    await lsp_client.shutdown_session()


class Publications(dict):
    """``client.diagnostics`` that also keeps every publication in order, by URI.

    pytest-lsp's ``wait_for_notification`` only wakes for a notification that arrives while it waits: two read
    in one batch wake it once. Tests poll this record instead, so none is missed."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict = {}

    def __setitem__(self, uri, diagnostics) -> None:
        self.history.setdefault(uri, []).append(list(diagnostics))
        super().__setitem__(uri, diagnostics)


def _record_publications(lsp_client: LanguageClient) -> None:
    lsp_client.diagnostics = Publications()


async def until_true(condition, timeout: float = 20.0, every: float = 0.01):
    """Wait (polling) until ``condition()`` returns something truthy; return it."""

    async def wait():
        while not (value := condition()):
            await asyncio.sleep(every)
        return value

    return await asyncio.wait_for(wait(), timeout)


async def published(client: LanguageClient, uri: str, until=lambda diags: True, timeout: float = 20.0):
    """The diagnostics the server publishes for ``uri`` once ``until(diagnostics)`` holds."""
    await until_true(lambda: uri in client.diagnostics and until(client.diagnostics[uri]), timeout)
    return list(client.diagnostics[uri])


def open_doc(client: LanguageClient, path, text: str, language: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
    )
    return uri


def open_notebook(client: LanguageClient, path, cells) -> list:
    """Open a notebook in the client: ``cells`` are code cells' texts, or ``(language, kind, text)`` triples.

    Returns one ``TextDocumentItem`` per cell, in order."""
    nb_uri = path.as_uri()
    cells = [c if isinstance(c, tuple) else ("python", lsp.NotebookCellKind.Code, c) for c in cells]
    docs = [
        lsp.TextDocumentItem(uri=f"{nb_uri}#cell{i}", language_id=lang, version=1, text=text)
        for i, (lang, _, text) in enumerate(cells)
    ]
    client.notebook_document_did_open(
        lsp.DidOpenNotebookDocumentParams(
            notebook_document=lsp.NotebookDocument(
                uri=nb_uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[lsp.NotebookCell(kind=kind, document=d.uri) for (_, kind, _), d in zip(cells, docs)],
            ),
            cell_text_documents=docs,
        )
    )
    return docs


def change_doc(client: LanguageClient, uri: str, version: int, text: str) -> None:
    """Replace the whole (unsaved) buffer."""
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def apply_edit(text: str, edit: lsp.TextEdit) -> str:
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    assert start.line == end.line
    line = lines[start.line]
    lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "\n".join(lines)


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_on_open_match_scan(client: LanguageClient, project):
    uri = open_doc(client, project / "typo.py", TYPO_PY, "python")
    diags = await published(client, uri, bool)
    expected = scan_json([str(project / "typo.py")], cwd=project)["findings"]
    assert [(d.code, d.message, d.range.start.line + 1, d.range.start.character + 1) for d in diags] == [
        (f["code"], full(f), f["line"], f["column"]) for f in expected
    ]
    diag = diags[0]
    assert diag.severity == lsp.DiagnosticSeverity.Error and diag.source == "gemlint"
    assert diag.range.end.character - diag.range.start.character == len("gemini-3.8-flsh")
    assert diag.code_description.href.endswith("docs/rules.md#gl001-unknown-model")
    (related,) = diag.related_information
    assert related.location.uri == uri and related.location.range.start.line == 2
    assert "models.generate_content needs a model that supports generateContent" in related.message


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_follow_the_unsaved_buffer(client: LanguageClient, project):
    uri = open_doc(client, project / "app.py", TYPO_PY, "python")
    assert len(await published(client, uri, bool)) == 1
    change_doc(client, uri, 2, TYPO_PY.replace("flsh", "flash"))
    assert await published(client, uri, lambda d: not d) == []
    change_doc(
        client, uri, 3, TYPO_PY.replace("flsh", "flash") + 'client.models.generate_content(model="gemini-9.9-ultra")\n'
    )
    (diag,) = await published(client, uri, bool)
    assert diag.code == "GL001" and diag.range.start.line == 3
    assert (project / "app.py").read_text(encoding="utf-8") == TYPO_PY  # the file on disk was never the source
    # On save the file is checked again (the client sent no text: the buffer the server holds is used).
    del client.diagnostics[uri]
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert [d.range.start.line for d in await published(client, uri)] == [3]


@pytest.mark.asyncio(loop_scope="module")
async def test_seed_line_flagged_and_fixed_by_a_code_action(client: LanguageClient, project):
    uri = open_doc(client, project / "live.ts", SEED_TS, "typescript")
    (diag,) = await published(client, uri, bool)
    assert diag.code == "GL001" and "gemini-2.5-flash-native-audio-dialog" in diag.message
    assert "did you mean gemini-2.5-flash-native-audio-" in diag.message
    assert SEED_TS[diag.range.start.character : diag.range.end.character] == "gemini-2.5-flash-native-audio-dialog"

    result = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=diag.range,
            context=lsp.CodeActionContext(diagnostics=[diag]),
        )
    )
    titles = [a.title for a in result]
    assert "Replace with gemini-2.5-flash-native-audio-latest" in titles
    live = load_inventory()
    for action in result:
        if action.title.startswith("Replace with "):  # every suggestion offered is a Live model
            assert live.get(action.title[len("Replace with ") :]).supports("bidiGenerateContent")
    ignore = next(a for a in result if "ignore" in a.title)
    assert ignore.edit.changes[uri][0].new_text.endswith("// gemlint: ignore[GL001]")

    fix = next(a for a in result if a.title == "Replace with gemini-2.5-flash-native-audio-latest")
    fixed = apply_edit(SEED_TS, fix.edit.changes[uri][0])
    assert 'model: "gemini-2.5-flash-native-audio-latest"' in fixed
    change_doc(client, uri, 2, fixed)
    assert await published(client, uri, lambda d: not d) == []

    change_doc(client, uri, 3, apply_edit(SEED_TS, ignore.edit.changes[uri][0]))
    assert await published(client, uri, lambda d: not d) == []  # the suppression the action wrote works


@pytest.mark.asyncio(loop_scope="module")
async def test_safe_fix_is_the_preferred_action(client: LanguageClient, project):
    uri = open_doc(client, project / "typo.py", TYPO_PY, "python")
    (diag,) = await published(client, uri, bool)
    result = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=diag.range,
            context=lsp.CodeActionContext(diagnostics=[diag]),
        )
    )
    preferred = [a for a in result if a.is_preferred]
    assert [a.title for a in preferred] == ["Replace with gemini-3.8-flash"]
    assert result[0] is preferred[0]
    ignore = next(a for a in result if "ignore" in a.title)
    assert ignore.edit.changes[uri][0].new_text.endswith('contents="hi")  # gemlint: ignore[GL001]')


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_in_live_connect_offers_only_live_models(client: LanguageClient, project):
    text = 'const s = await ai.live.connect({ model: "", config });\n'
    uri = open_doc(client, project / "live.ts", text, "typescript")
    await published(client, uri)
    column = text.index('""') + 1
    result = await client.text_document_completion_async(
        lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=column)
        )
    )
    names = [item.label for item in result.items]
    inventory, lifecycle = load_inventory(), load_lifecycle()
    live = [n for n in inventory.names() if inventory.models[n].supports("bidiGenerateContent")]
    assert names and set(names) <= set(live)
    assert "gemini-2.5-flash-native-audio-latest" in names
    for name in names:
        life = lifecycle.get(name)
        assert life is None or not life.retired and (life.shutdown is None or life.shutdown > TODAY)
    item = result.items[0]
    assert "bidiGenerateContent" in item.detail and "inventory of 20" in item.detail
    assert item.text_edit.range.start.character == column == item.text_edit.range.end.character


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_in_python_generate_content_and_not_elsewhere(client: LanguageClient, project):
    text = 'client.models.generate_content(model="gemini-2.5", contents="hi")\nOTHER = "x"\n'
    uri = open_doc(client, project / "gen.py", text, "python")
    await published(client, uri)
    at = text.index("gemini-2.5") + len("gemini-2.5")
    result = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, at))
    )
    names = [item.label for item in result.items]
    inventory = load_inventory()
    assert "gemini-3.8-flash" in names
    assert all(inventory.models[n].supports("generateContent") for n in names)
    assert not any("native-audio" in n for n in names)  # Live-only models cannot generate_content
    assert names[0].startswith("gemini-2.5")  # best first: the family typed so far
    edit = result.items[0].text_edit
    assert (edit.range.start.character, edit.range.end.character) == (text.index("gemini-2.5"), at)
    nothing = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(1, 10))
    )
    assert nothing is None  # not a model string at a known call site


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_tells_what_the_inventory_says(client: LanguageClient, project):
    text = 'client.models.generate_content(model="gemini-3.8-flash", contents="hi")\n'
    uri = open_doc(client, project / "ok.py", text, "python")
    await published(client, uri)
    result = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, text.index("3.8-flash"))
        )
    )
    value = result.contents.value
    assert value.startswith("**gemini-3.8-flash**: listed in the inventory")
    assert "generateContent" in value and "call site: models.generate_content" in value
    inventory = load_inventory()
    assert "bundled snapshot" in value and f"fetched {inventory.fetched_at}" in value
    assert f"({(TODAY - inventory.as_of()).days} days old)" in value
    blank = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, 2))
    )
    assert blank is None


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_leads_with_the_diagnostic_verdict_then_its_detail(client: LanguageClient, project):
    text = TYPO_PY + 'client.models.embed_content(model="gemini-3.8-flash", contents="hi")\n'
    uri = open_doc(client, project / "hover_verdict.py", text, "python")
    diags = await published(client, uri, until=lambda d: len(d) == 2)
    by_line = {d.range.start.line: d for d in diags}
    for line, name in ((2, "gemini-3.8-flsh"), (3, "gemini-3.8-flash")):
        result = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                position=lsp.Position(line, text.splitlines()[line].index(name) + 2),
            )
        )
        value = result.contents.value
        message, _, detail = by_line[line].message.partition("\n")
        diag_code = by_line[line].code
        # the one-line verdict first, exactly as the diagnostic says it, then its detail, then the model's facts
        assert value.startswith(f"**{diag_code}** {message}\n- {detail}\n")
        assert value.index("\n---\n") > value.index(detail) and f"**{name}**: " in value.split("\n---\n", 1)[1]
    assert "reaches models.embed_content (line 4), needs embedContent" in value
    assert by_line[2].code == "GL001" and by_line[3].code == "GL002"


@pytest.mark.asyncio(loop_scope="module")
async def test_notebook_cells_get_their_own_diagnostics(client: LanguageClient, project):
    nb_uri = (project / "demo.ipynb").as_uri()
    cells = [
        ("markdown", lsp.NotebookCellKind.Markup, "# Demo with gemini-9.9-ultra in prose\n"),
        ("python", lsp.NotebookCellKind.Code, "from google import genai\nclient = genai.Client()\n"),
        ("python", lsp.NotebookCellKind.Code, "%pip install x\n" + TYPO_PY.split("\n", 2)[2]),
    ]
    docs = open_notebook(client, project / "demo.ipynb", cells)
    (diag,) = await published(client, docs[2].uri, bool)
    assert diag.code == "GL001" and diag.range.start.line == 1  # line 2 of the third cell
    assert not client.diagnostics[docs[0].uri] and not client.diagnostics[docs[1].uri]
    assert docs[0].uri in client.diagnostics and docs[1].uri in client.diagnostics
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=docs[2].uri),
            range=diag.range,
            context=lsp.CodeActionContext(diagnostics=[diag]),
        )
    )
    fix = next(a for a in actions if a.is_preferred)
    assert fix.title == "Replace with gemini-3.8-flash" and list(fix.edit.changes) == [docs[2].uri]
    ignore = next(a for a in actions if "ignore" in a.title)  # the cell's %pip line does not get in the way
    assert ignore.edit.changes[docs[2].uri][0].new_text.endswith("  # gemlint: ignore[GL001]")

    # Edit the cell in the editor: the diagnostic goes without a save.
    client.notebook_document_did_change(
        lsp.DidChangeNotebookDocumentParams(
            notebook_document=lsp.VersionedNotebookDocumentIdentifier(uri=nb_uri, version=2),
            change=lsp.NotebookDocumentChangeEvent(
                cells=lsp.NotebookDocumentCellChanges(
                    text_content=[
                        lsp.NotebookDocumentCellContentChanges(
                            document=lsp.VersionedTextDocumentIdentifier(uri=docs[2].uri, version=2),
                            changes=[
                                lsp.TextDocumentContentChangeWholeDocument(text=cells[2][2].replace("flsh", "flash"))
                            ],
                        )
                    ]
                )
            ),
        )
    )
    assert await published(client, docs[2].uri, lambda d: not d) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_ignore_action_in_shell_cells_and_not_in_html_ones(client: LanguageClient, project):
    """The quick fix writes what --add-ignore writes: a shell comment in a %%bash cell, nothing in %%html."""
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flsh:generateContent"
    docs = open_notebook(
        client, project / "shell.ipynb", [f"%%bash\ncurl -s {url}\n", f"%%html\n<a href='{url}'>x</a>\n"]
    )
    titles = []
    for doc in docs:
        (diag,) = await published(client, doc.uri, bool)
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=doc.uri),
                range=diag.range,
                context=lsp.CodeActionContext(diagnostics=[diag]),
            )
        )
        ignores = [a for a in actions if "ignore" in a.title]
        titles.append(len(ignores))
        if doc is docs[0]:
            (ignore,) = ignores
            assert ignore.edit.changes[doc.uri][0].new_text == f"curl -s {url}  # gemlint: ignore[GL001]"
    assert titles == [1, 0]


@pytest.mark.asyncio(loop_scope="module")
async def test_suppressions_and_settings_file(client: LanguageClient, project):
    text = (
        'client.models.generate_content(model="gemini-3.8-flsh")  # gemlint: ignore[GL001]\n'
        'client.models.generate_content(model="gemini-3.8-flash")  # gemlint: ignore[GL003]\n'
    )
    uri = open_doc(client, project / "sup.py", text, "python")
    (diag,) = await published(client, uri, bool)
    assert diag.code == "GL900" and diag.range.start.line == 1
    assert text.split("\n")[1][diag.range.start.character : diag.range.end.character].startswith("# gemlint: ignore")
    env_uri = open_doc(client, project / ".env", "GEMINI_MODEL=gemini-3.8-flsh\n", "dotenv")
    (env_diag,) = await published(client, env_uri, bool)
    assert env_diag.code == "GL001" and env_diag.range.start.character == len("GEMINI_MODEL=")


@pytest.mark.asyncio(loop_scope="module")
async def test_settings_and_project_inventory_are_picked_up(own_client: LanguageClient, project):
    client = own_client
    uri = open_doc(client, project / "live.ts", SEED_TS, "typescript")
    assert [d.code for d in await published(client, uri, bool)] == ["GL001"]
    ignore = {"gemlint": {"ignore": ["GL001"]}}
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=ignore))
    assert await published(client, uri, lambda d: not d) == []
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"gemlint": {}}))
    assert [d.code for d in await published(client, uri, bool)] == ["GL001"]

    # [tool.gemlint] edited on disk, with no notification from the client: the server notices.
    (project / "pyproject.toml").write_text('[tool.gemlint]\nignore = ["GL001"]\n', encoding="utf-8")
    assert await published(client, uri, lambda d: not d) == []
    (project / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    assert [d.code for d in await published(client, uri, bool)] == ["GL001"]

    # A refreshed project inventory (.gemlint/models.json) that lists the name: the finding goes.
    bundled = json.loads((REPO / "gemlint" / "data" / "models.json").read_text(encoding="utf-8"))
    bundled["models"].append(
        {"name": "models/gemini-2.5-flash-native-audio-dialog", "supportedGenerationMethods": ["bidiGenerateContent"]}
    )
    (project / ".gemlint").mkdir()
    (project / ".gemlint" / "models.json").write_text(json.dumps(bundled), encoding="utf-8")
    created = lsp.FileEvent(uri=(project / ".gemlint" / "models.json").as_uri(), type=lsp.FileChangeType.Created)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[created]))
    assert await published(client, uri, lambda d: not d) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_bad_buffers_never_stop_the_server(own_client: LanguageClient, project):
    client = own_client
    bad = open_doc(client, project / "broken.py", 'client.models.generate_content(model="gemini-3.8-flsh"\n', "python")
    await published(client, bad)
    assert any("syntax error" in m.message for m in client.log_messages)
    nul = open_doc(client, project / "nul.ts", 'const m = "gemini-9.9-ultra";\0\0\n', "typescript")
    await published(client, nul)
    huge_text = 'x = "gemini-3.8-flsh"\n' + "y = 1\n" * 400_000
    huge = open_doc(client, project / "huge.py", huge_text, "python")
    assert len(await published(client, huge, bool)) == 1
    # A closed document: requests on it answer nothing, and the server goes on.
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=huge)))
    assert await published(client, huge, lambda d: not d) == []
    gone = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=huge), position=lsp.Position(0, 6))
    )
    assert gone is None
    # While typing, a buffer that stops parsing keeps the diagnostics it had.
    uri = open_doc(client, project / "typing.py", TYPO_PY, "python")
    assert len(await published(client, uri, bool)) == 1
    change_doc(client, uri, 2, "\n" + TYPO_PY + "def f(:\n")

    await until_true(lambda: any("typing.py: syntax error" in m.message for m in client.log_messages))
    assert len(client.diagnostics[uri]) == 1
    change_doc(client, uri, 3, TYPO_PY + 'client.models.generate_content(model="gemini-9.9-ultra")\n')
    assert len(await published(client, uri, lambda d: len(d) == 2)) == 2


def test_scan_never_imports_pygls(tmp_path):
    (tmp_path / "a.py").write_text(TYPO_PY, encoding="utf-8")
    code, _, modules = fresh_run(["scan", "--no-cache", "."], tmp_path)
    assert code == 1, code
    assert not any(m.split(".")[0] in ("pygls", "lsprotocol") for m in modules), "pygls imported"


def test_rule_links_point_at_generated_headings():
    from gemlint.rules import ALL_RULES
    from gemlint.server.diagnostics import rule_url

    headings = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in ALL_RULES:
        anchor = rule_url(rule.CODE, rule.NAME).split("#", 1)[1]
        assert f"\n## {rule.CODE} {rule.NAME}\n" in headings
        assert anchor == f"{rule.CODE} {rule.NAME}".lower().replace(" ", "-")


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_for_generative_model_and_an_unclosed_call(client: LanguageClient, project):
    async def labels(name: str, text: str, line: int, character: int):
        uri = open_doc(client, project / name, text, "python")
        await published(client, uri)
        position = lsp.Position(line, character)
        result = await client.text_document_completion_async(
            lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=position)
        )
        return [item.label for item in result.items]

    inventory = load_inventory()
    old = 'import google.generativeai as genai\nm = genai.GenerativeModel("")\n'
    generative = await labels("old.py", old, 1, len('m = genai.GenerativeModel("'))
    assert generative and all(inventory.models[n].supports("generateContent") for n in generative)
    # The line is still being typed (no closing quote nor parenthesis): the call site is found all the same.
    typing = 'from google import genai\nclient = genai.Client()\nclient.models.embed_content(model="gemini-emb\n'
    embedding = await labels("typing.py", typing, 2, len(typing.split("\n")[2]))
    assert embedding and all(inventory.models[n].supports("embedContent") for n in embedding)
    assert embedding[0].startswith("gemini-emb")


@pytest.mark.asyncio(loop_scope="module")
async def test_cancelled_request_and_bad_inventory_setting(own_client: LanguageClient, project):
    client = own_client
    uri = open_doc(client, project / "live.ts", SEED_TS, "typescript")
    await published(client, uri, bool)
    params = lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(0, SEED_TS.index("gemini") + 3)
    )
    pending = client.protocol.send_request_async(lsp.TEXT_DOCUMENT_COMPLETION, params, msg_id="gemlint-cancel-me")
    client.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id="gemlint-cancel-me"))
    try:
        await asyncio.wait_for(pending, 20)
    except Exception:  # cancelled or answered: either is fine, the server must go on
        pass
    broken = project / "broken-models.json"
    broken.write_text("{not json", encoding="utf-8")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"inventory": str(broken)}))

    await until_true(lambda: any("broken-models.json" in m.message for m in client.log_messages))
    message = next(m.message for m in client.log_messages if "broken-models.json" in m.message)
    assert "using the bundled inventory" in message and "Traceback" not in message
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=params.position)
    )
    assert "not in the inventory" in hover.contents.value  # checked against the bundled inventory instead


@pytest_lsp.fixture(config=SERVER, loop_scope="module")
async def client_ignoring_gl001(lsp_client: LanguageClient, project):
    _record_publications(lsp_client)
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=project.as_uri(),
            initialization_options={"select": ["GL"], "ignore": ["GL001"]},
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_initialization_options_win_over_the_configuration(client_ignoring_gl001: LanguageClient, project):
    client = client_ignoring_gl001
    text = SEED_TS + 'const old = await ai.models.generateContent({ model: "gemini-1.5-pro", contents });\n'
    uri = open_doc(client, project / "both.ts", text, "typescript")
    diags = await published(client, uri, bool)
    assert [d.code for d in diags] == ["GL003"]  # the retired name still; the unknown one ignored


def test_project_hook_republishes_the_files_a_change_reaches(project):
    """The seam for cross-file checks: a hook's findings replace the per-file ones, and every open
    file whose findings it changes is returned for publishing (in process: the hook is a plain function)."""
    from gemlint.server.checker import check_project, check_unit
    from gemlint.server.settings import Scanners, Settings
    from gemlint.server.units import Unit

    scanners = Scanners(lambda message: None, str(project))
    a = Unit((project / "a.py").as_uri(), str(project / "a.py"), TYPO_PY)
    b = Unit((project / "b.ts").as_uri(), str(project / "b.ts"), SEED_TS)
    open_units = {u.uri: check_unit(u, scanners) for u in (a, b)}
    assert [len(c.findings) for c in open_units.values()] == [1, 1]

    def recheck_everything(checked, scanners):  # what a project index would do after a change
        return {path: list(check_unit(c.unit, scanners).findings) for path, c in checked.items()}

    assert set(check_project(a, open_units, scanners, None)) == {a.uri}
    same = check_project(a, open_units, scanners, recheck_everything)
    assert set(same) == {a.uri}  # b's findings did not change: b is not re-published
    scanners.update(Settings(ignore=("GL001",)))  # a change that reaches b too
    reached = check_project(a, open_units, scanners, recheck_everything)
    assert set(reached) == {a.uri, b.uri} and not reached[b.uri].findings


# Names that travel between files (the project hook `gemlint server` runs with) ---------------------

TEXT_MODEL = "gemini-3.8-flash"  # generateContent only: the wrong class for live.connect
LIVE_MODEL = "gemini-2.5-flash-native-audio-latest"  # bidiGenerateContent: right for live.connect
PY_VOICE = (
    "from google import genai\n"
    "from config import LIVE_MODEL\n"
    "client = genai.Client()\n"
    "async def talk():\n"
    "    async with client.aio.live.connect(model=LIVE_MODEL, config={}) as session:\n"
    "        return session\n"
)
TS_VOICE = (
    "import { GoogleGenAI } from '@google/genai';\n"
    "import { LIVE_MODEL } from './config';\n"
    "const ai = new GoogleGenAI({});\n"
    "const session = await ai.live.connect({ model: LIVE_MODEL, config: {} });\n"
)


def watched(client: LanguageClient, path, kind=lsp.FileChangeType.Changed) -> None:
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(changes=[lsp.FileEvent(uri=path.as_uri(), type=kind)])
    )


@pytest.mark.asyncio(loop_scope="module")
async def test_cross_file_python_config_reaches_voice_and_back(client: LanguageClient, project):
    (project / "config.py").write_text(f'LIVE_MODEL = "{TEXT_MODEL}"\n', encoding="utf-8")
    voice = open_doc(client, project / "voice.py", PY_VOICE, "python")
    # voice.py (config.py not open: read from disk) shows the finding at its call site, pointing at the literal.
    (at_call,) = await published(client, voice, bool)
    assert at_call.code == "GL002" and at_call.range.start.line == 4
    assert PY_VOICE.split("\n")[4][at_call.range.start.character : at_call.range.end.character] == (
        "client.aio.live.connect"
    )
    assert TEXT_MODEL in at_call.message and "bidiGenerateContent" in at_call.message
    assert [r.location.uri for r in at_call.related_information] == [(project / "config.py").as_uri()]

    # config.py opened: the finding as `gemlint scan` gives it, voice.py's call site as relatedInformation.
    config = open_doc(client, project / "config.py", f'LIVE_MODEL = "{TEXT_MODEL}"\n', "python")
    (diag,) = await published(client, config, bool)
    (expected,) = scan_json([str(project)], cwd=project)["findings"]
    assert (diag.code, diag.message, diag.range.start.line + 1, diag.range.start.character + 1) == (
        expected["code"],
        full(expected),
        expected["line"],
        expected["column"],
    )
    (related,) = diag.related_information
    assert related.location.uri == voice and related.location.range.start.line == 4

    # An unsaved change to config.py re-publishes both files: the right class clears them.
    del client.diagnostics[voice]
    change_doc(client, config, 2, f'LIVE_MODEL = "{LIVE_MODEL}"\n')
    assert await published(client, voice, lambda d: not d) == []
    assert await published(client, config, lambda d: not d) == []
    # ... and the wrong class again brings both back (the disk still holds the wrong one: the buffer wins).
    (project / "config.py").write_text(f'LIVE_MODEL = "{LIVE_MODEL}"\n', encoding="utf-8")
    change_doc(client, config, 3, f'LIVE_MODEL = "{TEXT_MODEL}"\n')
    assert [d.code for d in await published(client, voice, bool)] == ["GL002"]
    assert [d.code for d in await published(client, config, bool)] == ["GL002"]

    # Closed without saving: the file on disk (now the right class) stands in for the buffer.
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=config)))
    assert await published(client, voice, lambda d: not d) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_cross_file_typescript_exported_const(client: LanguageClient, project):
    (project / "config.ts").write_text(f'export const LIVE_MODEL = "{TEXT_MODEL}";\n', encoding="utf-8")
    voice = open_doc(client, project / "voice.ts", TS_VOICE, "typescript")
    (at_call,) = await published(client, voice, bool)
    assert at_call.code == "GL002" and at_call.range.start.line == 3
    assert [r.location.uri for r in at_call.related_information] == [(project / "config.ts").as_uri()]
    config = open_doc(client, project / "config.ts", f'export const LIVE_MODEL = "{TEXT_MODEL}";\n', "typescript")
    (diag,) = await published(client, config, bool)
    (expected,) = scan_json([str(project)], cwd=project)["findings"]
    assert (diag.code, diag.message, diag.range.start.character + 1) == (
        expected["code"],
        full(expected),
        expected["column"],
    )
    assert [r.location.uri for r in diag.related_information] == [voice]
    del client.diagnostics[voice]
    change_doc(client, config, 2, f'export const LIVE_MODEL = "{LIVE_MODEL}";\n')
    assert await published(client, voice, lambda d: not d) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_a_config_change_on_disk_republishes_the_files_it_reaches(client: LanguageClient, project):
    (project / "config.py").write_text(f'LIVE_MODEL = "{LIVE_MODEL}"\n', encoding="utf-8")
    voice = open_doc(client, project / "voice.py", PY_VOICE, "python")
    assert await published(client, voice) == []
    (project / "config.py").write_text(f'LIVE_MODEL = "{TEXT_MODEL}"  # edited elsewhere\n', encoding="utf-8")
    watched(client, project / "config.py")
    (diag,) = await published(client, voice, bool)
    assert diag.code == "GL002" and diag.related_information[0].location.uri == (project / "config.py").as_uri()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_config_change_on_disk_is_noticed_without_a_file_watcher(client: LanguageClient, project):
    """Neovim 0.7 sends no didChangeWatchedFiles: the server's own stat loop (every 2 s) sees the change."""
    (project / "config.py").write_text(f'LIVE_MODEL = "{LIVE_MODEL}"\n', encoding="utf-8")
    voice = open_doc(client, project / "voice.py", PY_VOICE, "python")
    assert await published(client, voice) == []
    (project / "config.py").write_text(f'LIVE_MODEL = "{TEXT_MODEL}"  # no watcher told\n', encoding="utf-8")
    (diag,) = await published(client, voice, bool, timeout=10)
    assert diag.code == "GL002"


@pytest.mark.asyncio(loop_scope="module")
async def test_an_env_change_republishes_the_files_it_reaches(client: LanguageClient, project):
    (project / ".env").write_text(f"VOICE_MODEL={LIVE_MODEL}\n", encoding="utf-8")
    text = PY_VOICE.replace("from config import LIVE_MODEL", "import os").replace(
        "model=LIVE_MODEL", 'model=os.environ["VOICE_MODEL"]'
    )
    voice = open_doc(client, project / "voice.py", text, "python")
    assert await published(client, voice) == []
    # On disk (a new .env value, announced by the client's file watcher) ...
    (project / ".env").write_text(f"VOICE_MODEL={TEXT_MODEL}\n", encoding="utf-8")
    watched(client, project / ".env")
    (diag,) = await published(client, voice, bool)
    assert diag.code == "GL002" and diag.related_information[0].location.uri == (project / ".env").as_uri()
    # ... and in the open .env buffer, unsaved: the right class clears voice.py, the .env shows nothing.
    env = open_doc(client, project / ".env", f"VOICE_MODEL={TEXT_MODEL}\n", "dotenv")
    assert [d.code for d in await published(client, env, bool)] == ["GL002"]
    change_doc(client, env, 2, f"VOICE_MODEL={LIVE_MODEL}\n")
    assert await published(client, voice, lambda d: not d) == []
    assert await published(client, env, lambda d: not d) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_cross_file_notebook_cell_reaches_config(client: LanguageClient, project):
    (project / "config.py").write_text(f'LIVE_MODEL = "{TEXT_MODEL}"\n', encoding="utf-8")
    texts = [
        "from google import genai\nfrom config import LIVE_MODEL\nclient = genai.Client()\n",
        "async with client.aio.live.connect(model=LIVE_MODEL, config={}) as session:\n    pass\n",
    ]
    docs = open_notebook(client, project / "voice.ipynb", texts)
    (diag,) = await published(client, docs[1].uri, bool)
    assert diag.code == "GL002" and diag.range.start.line == 0
    assert texts[1][diag.range.start.character : diag.range.end.character] == "client.aio.live.connect"
    assert [r.location.uri for r in diag.related_information] == [(project / "config.py").as_uri()]
    assert not client.diagnostics[docs[0].uri]
    # config.py opened: its literal's finding names the notebook's cell as the call site.
    config = open_doc(client, project / "config.py", f'LIVE_MODEL = "{TEXT_MODEL}"\n', "python")
    (at_literal,) = await published(client, config, bool)
    assert "live.connect (voice.ipynb:cell 2:1)" in at_literal.message
    change_doc(client, config, 2, f'LIVE_MODEL = "{LIVE_MODEL}"\n')
    assert await published(client, docs[1].uri, lambda d: not d) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_excluded_files_get_no_diagnostics(client: LanguageClient, tmp_path):
    """Issue 27 (a promise an audit could break with the suite green): `exclude` holds in the editor too."""
    (tmp_path / "pyproject.toml").write_text('[tool.gemlint]\nexclude = ["generated/"]\n', encoding="utf-8")
    (tmp_path / "generated").mkdir()
    hidden = open_doc(client, tmp_path / "generated" / "client.py", TYPO_PY, "python")
    shown = open_doc(client, tmp_path / "app.py", TYPO_PY, "python")
    (diag,) = await published(client, shown, bool)  # the twin outside the excluded folder is checked
    assert diag.code == "GL001"
    change = lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=hidden, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=TYPO_PY + "# edited\n")],
    )
    client.text_document_did_change(change)
    await asyncio.sleep(1.0)  # well past the debounce: the edit was seen
    assert not client.diagnostics.get(hidden)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_hostile_tsconfig_never_stops_diagnostics_for_the_others(client: LanguageClient, project):
    """Issue 24: a tsconfig.json nested 100,000 deep once killed every open document's diagnostics."""
    (project / "tsconfig.json").write_text("[" * 100_000, encoding="utf-8")
    ts = open_doc(
        client,
        project / "app.ts",
        'import { M } from "cfg";\nawait ai.live.connect({ model: M });\n'
        'const session = await ai.live.connect({ model: "gemini-9.9-ultra", config });\n',
        "typescript",
    )
    py = open_doc(client, project / "typo.py", TYPO_PY, "python")
    assert len(await published(client, ts, bool)) == 1
    assert len(await published(client, py, bool)) == 1


@pytest.mark.asyncio(loop_scope="module")
async def test_the_first_check_publishes_the_open_file_before_its_project_is_read(client: LanguageClient, project):
    """The open file's own findings come first; the project (here 300 other files) is read in the background,
    and the findings a name from another file brings are published after it: two publications, in that order."""
    (project / "config.py").write_text(f'LIVE_MODEL = "{TEXT_MODEL}"\n', encoding="utf-8")
    (project / "pkg").mkdir()
    for i in range(300):
        (project / "pkg" / f"m{i:03d}.py").write_text(f"def f{i}(x):\n    return x + {i}\n", encoding="utf-8")
    text = PY_VOICE + 'client.models.generate_content(model="gemini-3.8-flsh", contents="hi")\n'
    path = project / "voice.py"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )

    def seen() -> list:
        return [sorted(str(d.code) for d in diags) for diags in client.diagnostics.history.get(uri, [])]

    await until_true(lambda: seen() and len(seen()[-1]) >= 2, 30)
    seen = seen()
    assert seen[0] == ["GL001"], seen  # its own typo, before the project was read
    assert seen[-1] == ["GL001", "GL002"], seen  # then the Live call site config.py's name reaches
