"""Issue 27: every editor snippet of docs/editors.md is exercised, read straight out of the doc.

- Emacs: Debian's Emacs (28, with the ``elpa-eglot`` package; 29+ has eglot built in) runs the snippet in
  ``--batch`` and the files it covers get gemlint's diagnostics through eglot and flymake.
- VS Code, Helix and Zed cannot run on a test machine. Their snippets are parsed (JSON, TOML, the Zed
  extension's Rust), the languages they list are checked against the file types gemlint reads (with each
  editor's own language names and file patterns, below), and the command, arguments and initialization
  options they configure start a real ``gemlint server`` that answers ``initialize`` and ``didOpen`` with its
  diagnostic for one file of every type the snippet covers.
- Neovim: ``tests/test_nvim.py`` (0.7 and 0.11, real editors).
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import pytest

from tests.editor_files import EVERY_FILE_TYPE, TYPO, write_files
from tests.helpers import REPO, TODAY
from tests.lsp_stdio import StdioClient

DOC = REPO / "docs" / "editors.md"

# Each editor's languages for the file types gemlint reads, as the editor itself defines them (its language
# ids or names and their file patterns): VS Code's built-in language extensions (``toml`` from a TOML extension
# such as Even Better TOML); Helix's languages.toml (name -> the ``language-id`` it sends, its file types);
# Zed's built-in languages and its ``toml`` and ``env`` extensions (path suffixes).
VSCODE: Dict[str, Sequence[str]] = {
    "python": ("*.py", "*.pyi"),
    "typescript": ("*.ts", "*.mts", "*.cts"),
    "typescriptreact": ("*.tsx",),
    "javascript": ("*.js", "*.mjs", "*.cjs"),
    "javascriptreact": ("*.jsx",),
    "vue": ("*.vue",),  # the Vue (Official) extension
    "svelte": ("*.svelte",),  # the Svelte for VS Code extension
    "html": ("*.html", "*.htm"),
    "json": ("*.json",),
    "jsonc": ("*.jsonc", "tsconfig.json", "jsconfig.json"),
    "yaml": ("*.yaml", "*.yml"),
    "toml": ("*.toml",),
    "dotenv": ("*.env", ".env", ".env.*"),
}
VSCODE_NOTEBOOK_CELLS = "python"  # .ipynb opens in the notebook editor: its cells are `python` documents
HELIX: Dict[str, Tuple[str, Sequence[str]]] = {
    "python": ("python", ("*.py", "*.pyi")),
    "typescript": ("typescript", ("*.ts", "*.mts", "*.cts")),
    "tsx": ("typescriptreact", ("*.tsx",)),
    "javascript": ("javascript", ("*.js", "*.mjs", "*.cjs")),
    "jsx": ("javascriptreact", ("*.jsx",)),
    "vue": ("vue", ("*.vue",)),
    "svelte": ("svelte", ("*.svelte",)),
    "html": ("html", ("*.html", "*.htm")),
    "json": ("json", ("*.json", "*.ipynb")),
    "jsonc": ("jsonc", ("*.jsonc", "tsconfig.json", "jsconfig.json")),
    "yaml": ("yaml", ("*.yml", "*.yaml")),
    "toml": ("toml", ("*.toml",)),
    "env": ("env", (".env", ".env.*")),
}
HELIX_DEFAULT_SERVERS = {  # the servers Helix starts for each, which the snippet keeps one of
    "python": {"ty", "ruff", "jedi", "pylsp", "zuban"},
    "typescript": {"typescript-language-server"},
    "tsx": {"typescript-language-server"},
    "javascript": {"typescript-language-server"},
    "jsx": {"typescript-language-server"},
    "vue": {"vuels"},
    "svelte": {"svelteserver"},
    "html": {"vscode-html-language-server", "superhtml"},
    "json": {"vscode-json-language-server"},
    "jsonc": {"vscode-json-language-server"},
    "yaml": {"yaml-language-server", "ansible-language-server"},
    "toml": {"taplo", "tombi"},
    "env": set(),
}
ZED: Dict[str, Tuple[str, Sequence[str]]] = {
    "Python": ("python", ("*.py", "*.pyi")),
    "TypeScript": ("typescript", ("*.ts", "*.mts", "*.cts")),
    "TSX": ("typescriptreact", ("*.tsx",)),
    "JavaScript": ("javascript", ("*.js", "*.jsx", "*.mjs", "*.cjs")),
    "Vue.js": ("vue", ("*.vue",)),  # Zed's vue extension
    "Svelte": ("svelte", ("*.svelte",)),  # Zed's svelte extension
    "HTML": ("html", ("*.html", "*.htm")),  # Zed's html extension
    "JSON": ("json", ("*.json",)),
    "JSONC": ("jsonc", ("*.jsonc", "tsconfig.json", "jsconfig.json")),
    "YAML": ("yaml", ("*.yml", "*.yaml")),
    "TOML": ("toml", ("*.toml",)),
    "env": ("env", ("*.env", "*.local")),  # suffixes: .env, .env.local
}
ZED_UNCOVERED = {"explore.ipynb"}  # Zed has no language for notebooks; the doc says so


def section(title: str) -> str:
    """The text of docs/editors.md under ``## title``, up to the next ``## `` heading."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def blocks(text: str, lang: str) -> List[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def covered(patterns_by_language: Dict[str, Sequence[str]], languages) -> Dict[str, str]:
    """file name -> the first of ``languages`` whose patterns match it, for every file in EVERY_FILE_TYPE."""
    found = {}
    for name in EVERY_FILE_TYPE:
        for language in languages:
            if any(fnmatch.fnmatchcase(name, p) for p in patterns_by_language.get(language, ())):
                found[name] = language
                break
    return found


def test_the_editor_test_files_are_every_type_gemlint_reads():
    from gemlint.discover import LANGUAGES, language_of
    from gemlint.extract.settings.settings_files import SETTINGS_SUFFIXES

    assert all(language_of(name) not in (None, "declarations") for name in EVERY_FILE_TYPE)
    assert set(LANGUAGES) <= {Path(name).suffix for name in EVERY_FILE_TYPE}
    assert all(any(name.endswith(s) for name in EVERY_FILE_TYPE) for s in SETTINGS_SUFFIXES)
    assert ".env.local" in EVERY_FILE_TYPE  # a .env.* file, which editors often give no file type


def server_diagnostics(tmp_path: Path, command: Sequence[str], options, files: Dict[str, str]) -> Dict[str, list]:
    """Start ``command`` (a snippet's: ``gemlint server``) as an editor does, open ``files`` (name -> the language
    id the editor sends) in a project holding them, and return each file's diagnostics."""
    assert list(command[:2]) == ["gemlint", "server"], command
    scripts = re.search(r"^\[project\.scripts\]\n(.*?)^\[", (REPO / "pyproject.toml").read_text(), re.S | re.M)
    assert re.search(r'^gemlint = "gemlint\.entry:main"$', scripts.group(1), re.M)  # the `gemlint` command
    write_files(tmp_path, files)
    env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat())
    # `gemlint` is the console script gemlint.entry:main, which `python -m gemlint` runs too (this checkout's)
    client = StdioClient([sys.executable, "-m", "gemlint", *command[1:]], tmp_path, env)
    try:
        client.initialize(tmp_path, options)
        uris = {name: client.open(tmp_path / name, language_id) for name, language_id in files.items()}
        got = client.wait_for_diagnostics(list(uris.values()))
    finally:
        client.close()
    return {name: got[uri] for name, uri in uris.items()}


def assert_every_file_diagnosed(diagnostics: Dict[str, list]) -> None:
    missing = [name for name, found in diagnostics.items() if not found]
    assert missing == [], f"no diagnostic for {missing}"
    for name, found in diagnostics.items():
        assert any(d.get("source") == "gemlint" and TYPO in d["message"] for d in found), (name, found)


def test_vscode_snippet_starts_gemlint_server_for_every_file_type(tmp_path):
    (snippet,) = blocks(section("VS Code"), "json")
    settings = json.loads(snippet)
    command = [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]]
    ids = settings["glspc.server.languageId"]
    assert set(ids) <= set(VSCODE), set(ids) - set(VSCODE)  # every id is one VS Code has
    files = covered(VSCODE, ids)
    assert VSCODE_NOTEBOOK_CELLS in ids  # notebooks: synced as notebooks, cells `python` (tests/test_server.py)
    assert set(files) == set(EVERY_FILE_TYPE) - {"explore.ipynb"}, set(EVERY_FILE_TYPE) - set(files)
    diagnostics = server_diagnostics(tmp_path, command, settings["glspc.server.initializationOptions"], files)
    assert_every_file_diagnosed(diagnostics)


def test_helix_snippet_starts_gemlint_server_for_every_file_type(tmp_path):
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    (snippet,) = blocks(section("Helix"), "toml")
    config = tomllib.loads(snippet)
    server = config["language-server"]["gemlint"]
    languages = [entry["name"] for entry in config["language"]]
    assert set(languages) <= set(HELIX), set(languages) - set(HELIX)
    for entry in config["language"]:  # gemlint after the servers Helix would start (the list replaces them)
        *others, last = entry["language-servers"]
        assert last == "gemlint" and set(others) <= HELIX_DEFAULT_SERVERS[entry["name"]], entry
        assert others or not HELIX_DEFAULT_SERVERS[entry["name"]], entry
    files = covered({name: patterns for name, (_, patterns) in HELIX.items()}, languages)
    assert set(files) == set(EVERY_FILE_TYPE), set(EVERY_FILE_TYPE) - set(files)
    language_ids = {name: HELIX[language][0] for name, language in files.items()}
    # Helix sends `config` as the server's initializationOptions
    diagnostics = server_diagnostics(tmp_path, [server["command"], *server["args"]], server["config"], language_ids)
    assert_every_file_diagnosed(diagnostics)
    # a notebook opened as JSON text: the diagnostic sits on the name inside its cell's source string
    where = diagnostics["explore.ipynb"][0]["range"]
    line = EVERY_FILE_TYPE["explore.ipynb"].split("\n")[where["start"]["line"]]
    assert where["start"]["line"] == where["end"]["line"], where
    assert line[where["start"]["character"] : where["end"]["character"]] == TYPO, (line, where)


def test_zed_extension_starts_gemlint_server_for_every_file_type_but_notebooks(tmp_path):
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    text = section("Zed")
    extension, cargo = (tomllib.loads(block) for block in blocks(text, "toml"))
    (rust,) = blocks(text, "rust")
    (settings,) = blocks(text, "json")
    settings = json.loads(settings)
    assert extension["id"] == "gemlint" and "gemlint" in extension["language_servers"]
    assert "zed_extension_api" in cargo["dependencies"] and cargo["lib"]["crate-type"] == ["cdylib"]
    languages = extension["language_servers"]["gemlint"]["languages"]
    assert set(languages) <= set(ZED), set(languages) - set(ZED)
    # settings.json adds gemlint to the same languages, next to the servers Zed starts ("...")
    assert set(settings["languages"]) == set(languages)
    assert all(v["language_servers"] == ["...", "gemlint"] for v in settings["languages"].values())
    files = covered({name: patterns for name, (_, patterns) in ZED.items()}, languages)
    assert set(files) == set(EVERY_FILE_TYPE) - ZED_UNCOVERED, set(EVERY_FILE_TYPE) - set(files)
    # the extension's command: the `gemlint` on PATH, with the one argument "server"
    assert re.search(r'worktree\.which\("gemlint"\)', rust)
    args = re.search(r"args: vec!\[(.*?)\]", rust).group(1)
    command = ["gemlint", *re.findall(r'"([^"]*)"\.into\(\)', args)]
    options = settings["lsp"]["gemlint"]["initialization_options"]
    language_ids = {name: ZED[language][0] for name, language in files.items()}
    assert_every_file_diagnosed(server_diagnostics(tmp_path, command, options, language_ids))


# ------------------------------------------------------------------------------------------------- Emacs

EMACS = shutil.which("emacs")
# Emacs 28 gives these a major mode of its own (python-mode, js-mode, conf-toml-mode); the rest need Emacs 29's
# tree-sitter modes or packages (the doc says which), .env and .ipynb have none. One project per mode: eglot
# attaches a buffer of a listed mode to the server already running for its project, hook or not, so the first
# buffer of each project shows that its mode's hook starts gemlint.
EMACS_PROJECTS = {"python": ["app.py", "stub.pyi"], "js": ["main.js", "view.jsx", "conf.json"], "toml": ["conf.toml"]}
EMACS_DRIVER = r"""
(require 'eglot)
(require 'json)
(setq eglot-sync-connect nil)  ; the servers start side by side
(let ((files (json-read-from-string (getenv "GEMLINT_EMACS_FILES"))) (got nil))
  (mapc (lambda (name)
          (with-current-buffer (find-file-noselect name)
            (run-hooks 'post-command-hook)))  ; eglot-ensure connects after the command that opened the file
        files)
  (mapc (lambda (name)
          (with-current-buffer (get-file-buffer name)
            (let ((deadline (+ (float-time) 60)) (texts nil))
              (while (and (null texts) (< (float-time) deadline))
                (when (bound-and-true-p flymake-mode) (flymake-start))
                (accept-process-output nil 0.1)
                (setq texts (and (bound-and-true-p flymake-mode)
                                 (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))
              (push (list name (symbol-name major-mode) (if (eglot-current-server) t :json-false)
                          (vconcat texts))
                    got))))
        files)
  (with-temp-file (getenv "GEMLINT_EMACS_OUT") (insert (json-encode (vconcat (nreverse got))))))
(let ((inhibit-message t)) (ignore-errors (eglot-shutdown-all)))
"""


@pytest.mark.skipif(EMACS is None, reason="emacs is not installed (apt-get install emacs-nox elpa-eglot; .ci/run does)")
def test_the_documented_emacs_snippet_gets_gemlints_diagnostics(tmp_path):
    (snippet,) = blocks(section("Emacs (eglot)"), "elisp")
    assert '("gemlint" "server" :initializationOptions' in snippet
    command = " ".join(json.dumps(part) for part in [sys.executable, "-m", "gemlint", "server"])
    init = tmp_path / "init.el"
    init.write_text(snippet.replace('"gemlint" "server"', command), encoding="utf-8")
    driver = tmp_path / "driver.el"
    driver.write_text(EMACS_DRIVER, encoding="utf-8")
    projects = tmp_path / "projects"
    opened = []
    for mode, names in EMACS_PROJECTS.items():
        (projects / mode).mkdir(parents=True)
        write_files(projects / mode, names)
        opened += [f"{mode}/{name}" for name in names]
    out = tmp_path / "result.json"
    env = dict(
        os.environ,
        GEMLINT_TODAY=TODAY.isoformat(),
        GEMLINT_EMACS_FILES=json.dumps(opened),
        GEMLINT_EMACS_OUT=str(out),
        HOME=str(tmp_path / "home"),  # no user configuration, no packages of the user's
    )
    # -q: no init file of the user's, but the site's start-up (Debian's elpa-eglot is activated there)
    result = subprocess.run(
        [EMACS, "--batch", "-q", "-l", str(init), "-l", str(driver)],
        cwd=projects,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    if "Cannot open load file" in result.stderr and "eglot" in result.stderr:
        pytest.skip("eglot is not installed (Emacs 28: apt-get install elpa-eglot)")
    assert out.exists(), f"emacs wrote no result (exit {result.returncode}): {result.stderr[-3000:]}"
    got = {name: (mode, managed, texts) for name, mode, managed, texts in json.loads(out.read_text())}
    for name in opened:
        mode, managed, texts = got[name]
        assert managed is True, (name, mode, "eglot did not start gemlint for this buffer")
        assert any(text.startswith("gemlint [GL") and TYPO in text for text in texts), (name, mode, texts)
