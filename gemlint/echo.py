"""``echo``: what ``click.echo`` does with a string, for the commands that run without importing click.

Writes to stdout (or stderr), adds the newline, strips ANSI styles unless colour is asked for or the stream
is a terminal, escapes any other control character and any workflow command gemlint did not build, writes
UTF-8 where the stream's encoding cannot hold the text (an ASCII locale), and flushes.
"""

from __future__ import annotations

import sys
from typing import Optional, TextIO

from gemlint.guarded_streams import GuardedStream, raw

_ANSI = r"\033\[[0-?]*[ -/]*[@-~]"  # click's pattern; compiled (and cached by re) only when styles are stripped


def echo(
    message: str,
    err: bool = False,
    nl: bool = True,
    color: Optional[bool] = None,
    commands: bool = False,
    json_text: bool = False,
) -> None:
    """Print ``message`` as ``click.echo(message, err=err, nl=nl, color=color)`` would, made safe to print.

    Control characters other than newline and tab (and gemlint's colours, when kept) are shown escaped, and no
    line can start a CI workflow command unless ``commands`` (the ``--format github`` report, built escaped):
    see ``gemlint.safe_text.guard_lines`` (``json_text``: the escapes are JSON's).
    """
    guard = sys.stderr if err else sys.stdout
    stream: Optional[TextIO] = raw(guard)  # under a GuardedStream: echo guards its own text
    if stream is None:  # no standard stream to write to (pythonw)
        return
    out = message + "\n" if nl else message
    if out:
        keep_colour = not ((not color) if color is not None else not is_terminal(stream))
        if not keep_colour:
            import re

            out = re.sub(_ANSI, "", out)
        from gemlint.safe_text import guard_lines

        out = guard_lines(out, keep_colour=keep_colour, commands=commands, json_text=json_text)
        try:
            stream.write(out)
        except UnicodeEncodeError:  # an ASCII-configured stream: click writes UTF-8 there
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                raise
            stream.flush()
            buffer.write(out.encode("utf-8", "replace"))
        if isinstance(guard, GuardedStream):
            guard.passed(out)
    stream.flush()


def is_terminal(stream: Optional[TextIO]) -> bool:
    """Whether ``stream`` is an interactive terminal (a missing, closed or exotic stream is not)."""
    try:
        return bool(stream.isatty())  # type: ignore[union-attr]
    except Exception:
        return False
