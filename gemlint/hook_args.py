"""``gemlint hook``: the pre-commit hook's command line, where a file name is always a file name.

pre-commit runs ``entry + args + file names`` with no separator between the user's ``args`` and the staged
files, so a committed file named ``--select=GL9.py``, ``--extend-exclude=*.py`` or ``--output-file=x.py``
would be read as an option by ``gemlint scan``. ``gemlint hook ARGS... FILES...`` splits the list itself: the
leading arguments are options (with the value of an option that takes one) until the first argument that is
not an option or that names an existing file or folder; from there on every argument is a file name. It then
runs ``gemlint scan --force-exclude OPTIONS -- FILES``, where ``--`` ends the options for both the quick path
and click. A user's own option that happens to share its name with a committed file ends the options early
(the scan then names the missing path or scans more): never weaker, never steered.
"""

from __future__ import annotations

import os
from typing import List, Sequence, Tuple

# Options of `gemlint scan` that take a value (tests/test_hostile.py checks this against click's scan command).
VALUE_OPTIONS = frozenset(
    (
        "--format",
        "--output-file",
        "-o",
        "--inventory",
        "--config",
        "--select",
        "--ignore",
        "--exclude",
        "--extend-exclude",
        "--fail-on",
        "--cache-dir",
        "--jobs",
        "-j",
        "--color",
        "--baseline",
        "--write-baseline",
        "--today",
        "--timeout",
    )
)


def split(args: Sequence[str]) -> Tuple[List[str], List[str]]:
    """``(options, file names)`` of the hook's arguments (see the module docstring)."""
    options: List[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return options, list(args[i + 1 :])
        if not arg.startswith("-") or arg == "-" or os.path.lexists(arg):
            break
        options.append(arg)
        i += 1
        if arg in VALUE_OPTIONS and i < len(args):
            options.append(args[i])
            i += 1
    return options, list(args[i:])


def scan_argv(args: Sequence[str]) -> List[str]:
    """The ``gemlint scan`` command line the hook's ``args`` stand for."""
    options, files = split(args)
    return ["scan", "--force-exclude", *options, "--", *files]
