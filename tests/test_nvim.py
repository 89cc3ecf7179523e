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


# The 0.7-0.10 snippet of docs/editors.md, exactly as written (its command pointed at this interpreter), opens
# one file of every type gemlint reads and waits for each file's diagnostic (issue 27: the snippet covered only
# Python and TypeScript files).
SNIPPET_FILES = {
    "live.ts": SEED,
    "app.py": 'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n',
    ".env": "GEMINI_MODEL=gemini-3.8-flsh\n",
    ".env.local": "GEMINI_MODEL=gemini-3.8-flsh\n",
    "conf.yaml": "model: gemini-3.8-flsh\n",
    "conf.json": '{"model": "gemini-3.8-flsh"}\n',
    "conf.toml": 'model = "gemini-3.8-flsh"\n',
}
SNIPPET_DRIVER = r"""
local files, out = vim.fn.json_decode(vim.env.GEMLINT_NVIM_FILES), vim.env.GEMLINT_NVIM_OUT
local got = {}
for _, name in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(name))
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(codes, d.code or lsp.code)
  end
  got[name] = { ok = ok, codes = codes }
end
vim.fn.writefile({ vim.fn.json_encode(got) }, out)
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.cmd('qa!')
"""


def _docs_snippet() -> str:
    import pathlib
    import re

    text = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "editors.md").read_text(encoding="utf-8")
    section = text[text.index("Neovim 0.7 to 0.10") :]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim gives 0.7; .ci/run does it)")
def test_the_documented_neovim_snippet_covers_every_file_type(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    for name, text in SNIPPET_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    snippet = _docs_snippet()
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
        GEMLINT_NVIM_FILES=json.dumps(list(SNIPPET_FILES)),
        GEMLINT_NVIM_OUT=str(out),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-c", f"luafile {init}", "-c", f"luafile {driver}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), f"nvim wrote no result (exit {result.returncode}): {result.stderr[-2000:]}"
    got = json.loads(out.read_text(encoding="utf-8"))
    for name in SNIPPET_FILES:
        assert got[name]["ok"] is True and got[name]["codes"], (name, got)
