"""Command-line values turned into settings, without click: shared by the click commands and the quick path.

``gemlint scan FILE`` as pre-commit runs it never imports click (see ``gemlint.entry``), so what ``scan``
needs from its options lives here.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Optional, Sequence, Tuple

from gemlint.echo import is_terminal
from gemlint.errors import Failure


def rule_codes(value: Optional[str]) -> Optional[Tuple[str, ...]]:
    """``--select gl001, GL00`` → ``("GL001", "GL00")``; None when the option was not given.

    An unknown code or prefix is a ``Failure`` (exit 2) with a did-you-mean, as ruff's "unknown rule selector".
    """
    if value is None:
        return None
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
    from gemlint.config import unknown_code

    for code in codes:
        problem = unknown_code(code)
        if problem:
            raise Failure(problem)
    return codes


def path_patterns(value: Optional[str]) -> Optional[Tuple[str, ...]]:
    """``--exclude "a/, b/*.py"`` → ``("a/", "b/*.py")``; None when the option was not given."""
    if value is None:
        return None
    return tuple(p.strip() for p in value.split(",") if p.strip())


def load_settings(config_file: Optional[str], paths: Sequence[str]):
    """The ``--config`` file, else the configuration found from the first path; a bad one is a ``Failure``."""
    from gemlint.config import ConfigError, find_config, load_config

    try:
        if config_file:
            return load_config(config_file)
        start = paths[0] if paths else "."
        return load_config(find_config(start if os.path.exists(start) else "."), cwd=os.getcwd())
    except ConfigError as exc:
        raise Failure(str(exc)) from None


def color_wanted(choice: str, stream) -> bool:
    """``--color`` resolved: always, never (or NO_COLOR), or auto (only on a terminal)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return is_terminal(stream)


def today_from(opt: Optional[_dt.datetime]) -> Optional[_dt.date]:
    """The injected date (``--today`` or GEMLINT_TODAY), if any."""
    if opt is not None:
        return opt.date()
    env = os.environ.get("GEMLINT_TODAY")
    if env:
        try:
            return _dt.date.fromisoformat(env)
        except ValueError:
            raise Failure(f"GEMLINT_TODAY={env!r} is not a YYYY-MM-DD date") from None
    return None
