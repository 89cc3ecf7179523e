"""``gemlint server`` in a real editor: headless Neovim's built-in LSP client (0.7+, ``vim.lsp.start_client``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

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
