"""The pygls language server: document sync → checks → diagnostics; code actions, completion, hover.

Checks run on the server's event loop, on the unsaved buffer: on open and save
at once; on change at once after a pause, and within a burst of changes (less
than ``debounce`` ms apart) once, ``debounce`` ms after the last of them. Every handler is guarded: an internal error is
sent to the client as ``window/logMessage`` and the server goes on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
import traceback
from typing import Any, Callable, Dict, Optional, Set

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from gemlint import __version__
from gemlint.discover import language_of
from gemlint.server import actions, assist
from gemlint.server.checker import Checked, ProjectHook, check_project, check_unit, internal_error
from gemlint.server.diagnostics import diagnostics_by_document
from gemlint.server.settings import Scanners, parse_settings
from gemlint.server.units import Cell, Unit, notebook_path, uri_to_path
from gemlint.types import FileResult

log = logging.getLogger("gemlint.server")
CONFIG_FILES = ("pyproject.toml", "gemlint.toml", "models.json")
# Files whose change on disk may reach other files (exports, call sites, environment values).
SOURCE_GLOBS = ("**/*.{py,ipynb,ts,tsx,mts,cts,js,jsx,mjs,cjs}", "**/.env*", "**/*.{yml,yaml}")


class GemlintServer(LanguageServer):
    """Open documents and their last checks."""

    def __init__(self, hook: Optional[ProjectHook] = None) -> None:
        super().__init__(
            "gemlint",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            notebook_document_sync=lsp.NotebookDocumentSyncOptions(
                notebook_selector=[
                    lsp.NotebookDocumentFilterWithCells(
                        notebook="*", cells=[lsp.NotebookCellLanguage(language="python")]
                    )
                ],
                save=True,
            ),
        )
        self.scanners = Scanners(self.log_to_client)
        self.checked: Dict[str, Checked] = {}  # unit URI (a notebook's own URI) -> last check
        self.pending: Dict[str, asyncio.Task] = {}
        self.last_change: Dict[str, float] = {}  # unit URI -> monotonic time of its last change
        self.logged: Dict[str, tuple] = {}  # unit URI -> the file errors last logged for it
        self.hook = hook
        self.watcher: Optional[asyncio.Task] = None
        self.indexing: Set[str] = set()  # project roots being read in the background

    # ----------------------------------------------------------------- helpers

    def log_to_client(self, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        """A line in the client's log (``window/logMessage``)."""
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        except Exception:  # no client to tell (closing): the server's own log only
            log.warning(message)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)

    def unit_of(self, uri: str) -> Optional[Unit]:
        """The unit a document belongs to: itself, or the notebook holding the cell ``uri``."""
        nb = self.workspace.get_notebook_document(cell_uri=uri) or self.workspace.get_notebook_document(
            notebook_uri=uri
        )
        if nb is not None:
            cells = []
            for cell in nb.cells:
                doc = self.workspace.text_documents.get(cell.document)
                text = doc.source if doc is not None else ""
                language = (doc.language_id if doc is not None else None) or "python"
                cells.append(Cell(cell.document, cell.kind == lsp.NotebookCellKind.Code, language, text))
            return Unit(nb.uri, notebook_path(nb.uri), cells=tuple(cells), notebook=True)
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        return Unit(uri, uri_to_path(uri), doc.source)

    def current(self, uri: str) -> Optional[Checked]:
        """The check of the document ``uri`` as it is now (re-checked when the last one is stale)."""
        unit = self.unit_of(uri)
        if unit is None:
            return None
        last = self.checked.get(unit.uri)
        if last is not None and last.unit == unit:
            return last
        return self.check_now(unit, publish=False)

    # ----------------------------------------------------------------- checking

    def check_now(self, unit: Unit, publish: bool = True) -> Checked:
        """Check ``unit`` (and, with a project hook, what the change reaches); publish the results.

        The first check in a project not read yet publishes the file's own findings at once and reads the
        project in the background; when that is done every open unit is checked again (``first_check``).
        """
        try:
            if language_of(unit.path) is None:
                results = {unit.uri: Checked(unit, FileResult(unit.path), (), None)}
            elif publish and self.first_check(unit):
                results = {unit.uri: check_unit(unit, self.scanners)}
            else:
                results = check_project(unit, self.checked, self.scanners, self.hook)
        except Exception as exc:  # never let one buffer stop the server
            self.log_to_client(f"gemlint: {unit.path}: {exc!r}\n{traceback.format_exc()}", lsp.MessageType.Error)
            results = {unit.uri: internal_error(unit, exc)}
        for uri, checked in results.items():
            errors = tuple(f"gemlint: {error.display()}" for error in checked.result.errors)
            if errors and errors != self.logged.get(uri):  # once per new problem, not once per keystroke
                for line in errors:
                    self.log_to_client(line, lsp.MessageType.Log)
            self.logged[uri] = errors
            previous = self.checked.get(uri)
            if checked.unparsable and previous is not None:
                # A buffer that does not parse while typing: keep what was last shown.
                self.checked[uri] = previous._replace(unit=checked.unit)
                continue
            self.checked[uri] = checked
            if publish:
                self.publish(checked)
        return results[unit.uri]

    def first_check(self, unit: Unit) -> bool:
        """True when ``unit``'s project is still to be read: reading starts in a background thread (once per
        project) and, once done, re-checks every open unit, re-publishing what the other files change."""
        indexed = getattr(self.hook, "indexed", None)
        if indexed is None or indexed(unit.path, self.scanners):
            return False
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not serving (a direct call): read the project now
            return False
        root = self.hook.root_of(unit.path, self.scanners)  # type: ignore[union-attr]
        if root not in self.indexing:
            self.indexing.add(root)
            future = loop.run_in_executor(None, self.hook.index, unit.path, self.scanners)  # type: ignore[union-attr]
            future.add_done_callback(lambda done: self._indexed(root, done))
        return True

    def _indexed(self, root: str, done: asyncio.Future) -> None:
        self.indexing.discard(root)
        error = done.exception()
        if error is not None:
            self.log_to_client(f"gemlint: internal error while reading {root}: {error!r}", lsp.MessageType.Error)
            return
        self.recheck_all()

    def publish(self, checked: Checked) -> None:
        for uri, diagnostics in diagnostics_by_document(checked.unit, checked.findings, self.encoding).items():
            doc = self.workspace.text_documents.get(uri)
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version if doc else None)
            )

    def schedule(self, uri: str, delay: Optional[float] = None) -> None:
        """Check the unit of ``uri`` after ``delay`` seconds (the debounce), replacing a pending check."""
        unit = self.unit_of(uri)
        if unit is None:
            return
        old = self.pending.pop(unit.uri, None)
        if old is not None:
            old.cancel()
        wait = delay
        if wait is None:  # a change: checked at once after a pause, debounced within a burst of changes
            now, window = time.monotonic(), self.scanners.settings.debounce_ms / 1000
            wait = 0.0 if old is None and now - self.last_change.get(unit.uri, 0.0) >= window else window
            self.last_change[unit.uri] = now
        self.pending[unit.uri] = asyncio.ensure_future(self._later(unit.uri, wait))

    async def _later(self, unit_uri: str, wait: float) -> None:
        try:
            if wait:
                await asyncio.sleep(wait)
            self.pending.pop(unit_uri, None)
            unit = self.unit_of(unit_uri)
            if unit is not None:  # closed meanwhile: nothing to check
                self.check_now(unit)
        except asyncio.CancelledError:
            pass
        except Exception as exc:
            self.log_to_client(f"gemlint: internal error: {exc!r}\n{traceback.format_exc()}", lsp.MessageType.Error)

    def forget(self, unit: Unit) -> None:
        """A closed unit: no pending check, no diagnostics left behind."""
        task = self.pending.pop(unit.uri, None)
        if task is not None:
            task.cancel()
        self.checked.pop(unit.uri, None)
        self.last_change.pop(unit.uri, None)
        self.logged.pop(unit.uri, None)
        for uri in unit.document_uris():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def watch(self, every: float = 2.0) -> None:
        """Re-check the open units when their configuration, their inventory or a file they
        read names from changes on disk.

        For clients that send no ``workspace/didChangeWatchedFiles`` (Neovim 0.7); a few
        ``stat`` calls per folder of open files.
        """
        while True:
            await asyncio.sleep(every)
            try:
                folders = sorted({os.path.dirname(c.unit.path) for c in self.checked.values()})
                stale = getattr(self.hook, "stale", None)  # a file another one reads a name from
                if any(self.scanners.changed(folder) for folder in folders) or (stale is not None and stale()):
                    self.recheck_all()
            except Exception as exc:
                self.log_to_client(f"gemlint: internal error while watching files: {exc!r}", lsp.MessageType.Error)

    def recheck_all(self) -> None:
        """Settings, configuration or inventory changed: check every open unit again."""
        for unit_uri in sorted(self.checked):
            unit = self.unit_of(unit_uri)
            if unit is not None:
                self.check_now(unit)


def guarded(default: Any = None) -> Callable:
    """Run a handler; on an internal error log it to the client and answer ``default``."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(ls: GemlintServer, params):
            try:
                return fn(ls, params)
            except Exception as exc:
                ls.log_to_client(
                    f"gemlint: internal error in {fn.__name__}: {exc!r}\n{traceback.format_exc()}",
                    lsp.MessageType.Error,
                )
                return default

        return inner

    return wrap


def create_server(hook: Optional[ProjectHook] = None) -> GemlintServer:
    """The server with every feature registered."""
    server = GemlintServer(hook)

    @server.feature(lsp.INITIALIZE)
    @guarded()
    def initialize(ls: GemlintServer, params: lsp.InitializeParams):
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        if root:
            ls.scanners.root = uri_to_path(root)
        elif params.root_path:
            ls.scanners.root = params.root_path
        ls.scanners.update(parse_settings(params.initialization_options, ls.log_to_client))

    @server.feature(lsp.INITIALIZED)
    @guarded()
    def initialized(ls: GemlintServer, params: lsp.InitializedParams):
        ls.watcher = asyncio.ensure_future(ls.watch())
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps is not None else None
        if watched is not None and watched.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            if ls.hook is not None:
                watchers += [lsp.FileSystemWatcher(glob_pattern=glob) for glob in SOURCE_GLOBS]
            ls.client_register_capability(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="gemlint-config-files",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                        )
                    ]
                )
            )

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    def did_change_configuration(ls: GemlintServer, params: lsp.DidChangeConfigurationParams):
        if isinstance(params.settings, dict):
            ls.scanners.update(parse_settings(params.settings, ls.log_to_client))
            ls.recheck_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def did_change_watched_files(ls: GemlintServer, params: lsp.DidChangeWatchedFilesParams):
        invalidate = getattr(ls.hook, "invalidate", None)
        if invalidate is not None and any(e.type != lsp.FileChangeType.Changed for e in params.changes):
            invalidate()  # a file created or deleted: the project's files are listed again
        ls.recheck_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: GemlintServer, params: lsp.DidOpenTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: GemlintServer, params: lsp.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    @guarded()
    def did_save(ls: GemlintServer, params: lsp.DidSaveTextDocumentParams):
        touch = getattr(ls.hook, "touch", None)
        if touch is not None:  # a new file on disk joins the project's facts
            touch(os.path.abspath(uri_to_path(params.text_document.uri)), ls.scanners)
        if os.path.basename(uri_to_path(params.text_document.uri)) in CONFIG_FILES:
            ls.recheck_all()
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: GemlintServer, params: lsp.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.forget(Unit(uri, uri_to_path(uri)))
        if ls.hook is not None:  # its file on disk now stands in for the buffer
            ls.recheck_all()

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
    @guarded()
    def notebook_did_open(ls: GemlintServer, params: lsp.DidOpenNotebookDocumentParams):
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
    @guarded()
    def notebook_did_change(ls: GemlintServer, params: lsp.DidChangeNotebookDocumentParams):
        uri = params.notebook_document.uri
        old = ls.checked.get(uri)
        if old is not None:  # cells removed: clear their diagnostics
            nb = ls.workspace.get_notebook_document(notebook_uri=uri)
            now = {c.document for c in nb.cells} if nb is not None else set()
            for cell_uri in old.unit.document_uris():
                if cell_uri not in now:
                    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))
        ls.schedule(uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
    @guarded()
    def notebook_did_save(ls: GemlintServer, params: lsp.DidSaveNotebookDocumentParams):
        ls.schedule(params.notebook_document.uri, 0)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CLOSE)
    @guarded()
    def notebook_did_close(ls: GemlintServer, params: lsp.DidCloseNotebookDocumentParams):
        uri = params.notebook_document.uri
        last = ls.checked.get(uri)
        cells = tuple(Cell(c.uri, True, "python", "") for c in params.cell_text_documents)
        ls.forget(last.unit if last is not None else Unit(uri, notebook_path(uri), cells=cells, notebook=True))
        if ls.hook is not None:  # its call sites no longer count from the editor's cells
            ls.recheck_all()

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=False),
    )
    @guarded(default=[])
    def code_action(ls: GemlintServer, params: lsp.CodeActionParams):
        checked = ls.current(params.text_document.uri)
        if checked is None:
            return []
        return actions.code_actions(checked, params.text_document.uri, params.range, ls.encoding)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=['"', "'", "`", "-", "/"]))
    @guarded()
    def completion(ls: GemlintServer, params: lsp.CompletionParams):
        checked = ls.current(params.text_document.uri)
        if checked is None:
            return None
        return assist.completions(checked, params.text_document.uri, params.position, ls.encoding)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guarded()
    def hover(ls: GemlintServer, params: lsp.HoverParams):
        checked = ls.current(params.text_document.uri)
        if checked is None:
            return None
        return assist.hover(checked, params.text_document.uri, params.position, ls.encoding)

    return server


def serve(hook: Optional[ProjectHook] = None) -> None:
    """Run the server over stdio until the client exits it."""
    logging.basicConfig(level=logging.WARNING, format="gemlint server: %(message)s")
    create_server(hook).start_io()
