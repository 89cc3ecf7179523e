"""Every command's output goes through the output guard, at one place: ``gemlint.entry.run`` wraps the streams.

``gemlint.echo.echo`` guards what it prints itself (and knows when a line is a workflow command gemlint built,
``--format github``). Everything else a command prints (``click.echo`` in ``rule``, ``models``, ``preflight``,
click's own usage errors that repeat a hostile argument or file name, a traceback under ``--debug``, a library's
warning) goes through ``GuardedStream``: ``sys.stdout`` and ``sys.stderr`` are replaced, for the run, by wrappers
that pass each write through ``gemlint.safe_text.guard_lines`` (control and bidi characters escaped, no line can
start a workflow command). ``echo`` writes to the wrapped stream underneath (``raw``), so nothing is escaped
twice and gemlint's own colours and annotations stay. ``gemlint server`` keeps its stdout, the LSP channel
(JSON-RPC bytes on ``sys.stdout.buffer``); its stderr is guarded.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator, Optional, TextIO

from gemlint.safe_text import guard_lines


class GuardedStream:
    """A text stream whose every write is made safe to print (see the module docstring).

    It has no ``buffer``: code that would write bytes around the guard (click re-wrapping an ASCII-configured
    stream) writes text to it instead; text the real stream's encoding cannot hold goes out as UTF-8, as click
    and ``echo`` write it.
    """

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        # Where the output stands, so that a command split over two writes is caught too: the current line so
        # far is blank (horizontal white space only), or blank then one ":"; the output ends with this many "#".
        self._blank = True
        self._colon = False
        self._hashes = 0

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # bytes: refused as a text stream refuses them (click probes with b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        safe = guard_lines(text)  # a write's first line is read as a line start: over-cautious at worst
        if self._colon and safe[0] == ":":  # ":" then ":name": the second colon
            safe = "\\x3a" + safe[1:]
        if self._hashes and safe.startswith("#" * (2 - self._hashes) + "["):  # "##" then "[", "#" then "#["
            cut = 2 - self._hashes
            safe = safe[:cut] + "\\x5b" + safe[cut + 1 :]
        try:
            self.raw.write(safe)
        except UnicodeEncodeError:  # an ASCII-configured stream
            buffer = getattr(self.raw, "buffer", None)
            if buffer is None:
                raise
            self.raw.flush()
            buffer.write(safe.encode("utf-8", "replace"))
        self.passed(safe)
        return len(text)

    def passed(self, out: str) -> None:
        """Note ``out`` as written (by this stream, or by ``echo`` underneath it)."""
        if not out:
            return
        newline = out.rfind("\n")
        part = out[newline + 1 :]
        blank_before = newline >= 0 or self._blank
        stripped = part.strip()  # the runner trims Unicode white space before a command
        self._blank = blank_before and not stripped
        self._colon = blank_before and stripped == ":" and part.endswith(":")
        tail = out[-2:] if len(out) >= 2 else "#" * self._hashes + out
        self._hashes = min(len(tail) - len(tail.rstrip("#")), 2)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        try:
            return bool(self.raw.isatty())
        except Exception:
            return False

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    @property
    def encoding(self) -> Optional[str]:
        return getattr(self.raw, "encoding", None)

    @property
    def errors(self) -> Optional[str]:
        return getattr(self.raw, "errors", None)

    @property
    def closed(self) -> bool:
        return bool(getattr(self.raw, "closed", False))


def raw(stream: Optional[TextIO]) -> Optional[TextIO]:
    """The stream under a ``GuardedStream`` (``echo`` guards its own output), else ``stream`` itself."""
    return stream.raw if isinstance(stream, GuardedStream) else stream


@contextmanager
def guarded(stdout: bool = True) -> Iterator[None]:
    """``sys.stderr`` (and ``sys.stdout`` unless ``stdout`` is false) guarded for the duration of the block."""
    saved = sys.stdout, sys.stderr
    if stdout and sys.stdout is not None and not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None and not isinstance(sys.stderr, GuardedStream):
        sys.stderr = GuardedStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, GuardedStream):
                try:
                    stream.flush()
                except (OSError, ValueError):  # a closed or broken pipe: nothing more to say
                    pass
        sys.stdout, sys.stderr = saved
