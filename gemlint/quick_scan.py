"""The quick path: ``gemlint scan [FLAGS] PATHS...`` recognised without importing click.

pre-commit runs ``gemlint scan --force-exclude FILE...`` on every commit, and an editor or a script runs
``gemlint scan FILE``: for a one-file scan, importing click is about two fifths of the whole run. When the
arguments are ``scan`` followed only by paths, the on/off flags below and ``--format`` with one of its
choices (a CI step's ``--format json``/``sarif``/``github``), ``parse`` returns exactly what click would
hand the ``scan`` command (the tests parse every such argument list both ways and compare), and ``-j N``/``--jobs N``
(a benchmark's or a CI step's worker count), and
``gemlint.entry`` runs the scan directly. Anything else (another option with a value, a format click would
refuse, ``--help``, a short-flag cluster, an unknown flag, another command) returns None and goes through
click as always.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

# flag spelling -> the scan option it sets to True
FLAGS = {
    "--force-exclude": "force_exclude",
    "--include-minified": "include_minified",
    "--no-settings-files": "no_settings_files",
    "--exit-zero": "exit_zero",
    "--statistics": "statistics",
    "--no-cache": "no_cache",
    "--debug": "debug",
    "--verbose": "verbose",
    "-v": "verbose",
    "--quiet": "quiet",
    "-q": "quiet",
}

# Every scan option as click sets it when the option is not given.
DEFAULTS: Dict[str, Any] = {
    "fmt": "text",
    "output_file": None,
    "inventory": None,
    "config_file": None,
    "select": None,
    "ignore": None,
    "exclude": None,
    "extend_exclude": None,
    "force_exclude": False,
    "include_minified": None,
    "no_settings_files": False,
    "exit_zero": False,
    "statistics": False,
    "no_cache": False,
    "cache_dir": None,
    "jobs": 0,
    "color": "auto",
    "baseline": None,
    "write_baseline": None,
    "fix": False,
    "show_diff": False,
    "add_ignore": False,
    "debug": False,
    "verbose": False,
    "quiet": False,
    "today": None,
    "fail_on": None,
    "timeout": None,
}


def _jobs(arg: str, rest) -> Optional[int]:
    """The value of ``-j N``, ``-jN``, ``--jobs N`` or ``--jobs=N`` when it is plain ASCII digits, else None."""
    if arg in ("-j", "--jobs"):
        value = next(rest, None)
    else:
        value = arg[len("--jobs=") :] if arg.startswith("--jobs=") else arg[len("-j") :]
    return int(value) if value and value.isascii() and value.isdigit() else None


def parse(argv: Sequence[str]) -> Optional[Tuple[Tuple[str, ...], Dict[str, Any]]]:
    """``(paths, options)`` as click's ``scan`` command receives them, or None when click must parse ``argv``."""
    if not argv or argv[0] != "scan":
        return None
    from gemlint.report import FORMATS

    opts = dict(DEFAULTS)
    paths: List[str] = []
    only_paths = False
    args = iter(argv[1:])
    for arg in args:
        if only_paths or not arg.startswith("-") or arg == "-":
            paths.append(arg)
        elif arg == "--":
            only_paths = True
        elif arg in FLAGS:
            opts[FLAGS[arg]] = True
        elif arg == "--format" or arg.startswith("--format="):
            value = arg[len("--format=") :] if "=" in arg else next(args, None)
            if value not in FORMATS:
                return None  # missing or not a choice: click says so
            opts["fmt"] = value
        elif arg in ("-j", "--jobs") or arg.startswith(("--jobs=", "-j")):
            value = _jobs(arg, args)
            if value is None:
                return None  # missing, negative or not plain digits: click parses (or refuses) it
            opts["jobs"] = value
        else:
            return None
    return tuple(paths), opts
