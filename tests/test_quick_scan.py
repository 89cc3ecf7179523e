"""The quick path (``gemlint scan [FLAGS] PATHS``, no click import) is click's ``scan``, not a second CLI.

``quick_scan.parse`` must hand ``run_scan`` exactly the paths and options click's parser gives the ``scan``
command for the same arguments, or decline (None) so that click parses them.
"""

from __future__ import annotations

import io
import sys
from typing import List

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemlint import quick_scan
from gemlint.cli import cli, run_click
from gemlint.echo import echo
from gemlint.report import FORMATS
from tests.helpers import fresh_run
from tests.inproc import invoke, write

BAD = (
    "from google import genai\nclient = genai.Client()\n"
    'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
)
PATHS = ["a.py", "src/b.ts", "-", "nb.ipynb", ".", "--", "weird name.py"]


def click_parse(argv: List[str]):
    """What click's ``scan`` command receives for ``gemlint ARGV``."""
    assert argv[0] == "scan"
    with click.Context(cli) as parent:
        ctx = cli.commands["scan"].make_context("scan", list(argv[1:]), parent=parent)
    params = dict(ctx.params)
    return params.pop("paths"), params


def test_the_defaults_are_clicks():
    assert quick_scan.parse(["scan"]) == click_parse(["scan"]) == ((), quick_scan.DEFAULTS)


def test_every_quick_flag_is_an_on_off_flag_of_scan():
    options = {name: p for p in cli.commands["scan"].params for name in p.opts}
    for spelling, dest in quick_scan.FLAGS.items():
        assert options[spelling].is_flag and options[spelling].name == dest
        assert click_parse(["scan", spelling])[1][dest] is True


_FORMATS = [["--format", f] for f in FORMATS] + [[f"--format={f}"] for f in FORMATS]
_JOBS = [["-j", "0"], ["-j", "2"], ["-j16"], ["--jobs", "1"], ["--jobs=007"]]


@given(st.lists(st.sampled_from([[a] for a in sorted(quick_scan.FLAGS) + PATHS] + _FORMATS + _JOBS), max_size=8))
def test_what_the_quick_path_accepts_click_parses_the_same_way(groups):
    argv = ["scan", *(a for group in groups for a in group)]
    quick = quick_scan.parse(argv)
    assert quick is not None  # flags and paths only: always quick
    assert quick == click_parse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["models", "list"],
        ["--version"],
        ["scan", "--help"],
        ["scan", "-h"],
        ["scan", "--format", "xml", "a.py"],
        ["scan", "--format=JSON", "a.py"],
        ["scan", "a.py", "--format"],
        ["scan", "--format", "--exit-zero", "a.py"],
        ["scan", "--format", "json", "--output-file", "r.json", "a.py"],
        ["scan", "-qv", "a.py"],
        ["scan", "-j", "-1", "a.py"],
        ["scan", "-j", "x", "a.py"],
        ["scan", "-j=2", "a.py"],
        ["scan", "--jobs=", "a.py"],
        ["scan", "--jobs", "\u0662", "a.py"],  # a digit int() reads, not ASCII: click's to judge
        ["scan", "a.py", "--jobs"],
        ["scan", "--fix", "a.py"],
        ["scan", "--no-such-flag", "a.py"],
        ["scan", "a.py", "--select", "GL001"],
    ],
)
def test_anything_else_is_left_to_click(argv):
    assert quick_scan.parse(argv) is None


def test_a_one_file_scan_never_imports_click(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.gemlint]\n", "a.py": BAD})
    code, out, modules = fresh_run(["scan", "--force-exclude", "--no-cache", "a.py"], tmp_path)
    assert code == 1, code
    assert not [m for m in modules if m.split(".")[0] == "click"], "click imported"
    assert "GL001" in out


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--no-cache", "a.py"],
        ["scan", "--no-cache", "-q", "--exit-zero", "."],
        ["scan", "--statistics", "--no-cache", "a.py", "gone.py"],
        ["scan", "--no-cache", "--verbose", "--", "a.py"],
        ["scan", "--no-cache", "--format", "json", "a.py"],
        ["scan", "--format=sarif", "--no-cache", "."],
        ["scan", "--no-cache", "--format", "github", "a.py", "gone.py"],
        ["scan", "--no-cache", "-j", "2", "--format", "json", "."],
    ],
)
def test_the_quick_path_prints_and_exits_as_click_does(tmp_path, monkeypatch, args):
    write(tmp_path, {"pyproject.toml": "[tool.gemlint]\n", "a.py": BAD, "b.min.js": "x" * 6000})
    assert quick_scan.parse(args) is not None
    quick = invoke(args, tmp_path)
    monkeypatch.setattr(quick_scan, "parse", lambda argv: None)  # the same command line, through click
    through_click = invoke(args, tmp_path)
    assert quick == through_click
    assert quick.code in (0, 1, 2) and (quick.out or quick.err)


def test_run_click_leaves_failures_to_the_entry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from gemlint.errors import Failure

    with pytest.raises(Failure, match="path does not exist: gone.py"):
        run_click(["scan", "--format", "json", "gone.py"])


def test_echo_strips_styles_off_a_terminal_and_keeps_them_when_asked(monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    echo("\x1b[1;31mGL001\x1b[0m x")
    echo("\x1b[1mnote\x1b[0m", err=True, nl=False)
    echo("\x1b[1;31mkept\x1b[0m", color=True)
    assert out.getvalue() == "GL001 x\n\x1b[1;31mkept\x1b[0m\n"
    assert err.getvalue() == "note"


def test_echo_writes_utf8_where_the_stream_is_ascii(monkeypatch):
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", ascii_out)
    echo("model ‘gemini-3.8-flsh’")
    assert raw.getvalue().decode("utf-8") == "model ‘gemini-3.8-flsh’\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Broken(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_echo_keeps_styles_on_a_terminal_unless_told_not_to(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    echo("\x1b[1mbold\x1b[0m")
    echo("\x1b[1mplain\x1b[0m", color=False)
    assert terminal.getvalue() == "\x1b[1mbold\x1b[0m\nplain\n"
    broken = _Broken()  # a stream that cannot say is not a terminal
    monkeypatch.setattr(sys, "stdout", broken)
    echo("\x1b[1mx\x1b[0m")
    assert broken.getvalue() == "x\n"


def test_echo_replaces_what_utf8_cannot_hold_and_fails_loudly_without_a_byte_stream(monkeypatch):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    echo("a\udcffb")  # a lone surrogate (an undecodable file name): UTF-8 cannot hold it either
    assert raw.getvalue() == b"a?b\n"

    class AsciiOnly(io.StringIO):  # a text stream with no .buffer to fall back on
        def write(self, text: str) -> int:
            text.encode("ascii")
            return super().write(text)

    monkeypatch.setattr(sys, "stdout", AsciiOnly())
    with pytest.raises(UnicodeEncodeError):
        echo("‘x’")
