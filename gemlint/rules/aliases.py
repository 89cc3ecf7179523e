"""Names a project's own tables define: ``{'gemini-3-flash-base': {extends: 'base', modelConfig: {…}}}``.

A model-shaped key whose value is an object (``ModelRef.alias``) is an entry of a table the code reads itself: a
preset, a config alias. Only the rules for unknown names (GL001, GL006) ask: a retired or deprecated name keying
a table is judged as everywhere. When no model data knows the name, and it is no near miss of a name the data
knows, it is the project's alias: mentioned (GL006) or handed to the project's own code as a model parameter (GL001),
it is the project's name for a configuration, not a model the API is asked for. A name that reaches an SDK call
is still judged there: the API knows no project alias.
"""

from __future__ import annotations

from typing import FrozenSet, Iterable, Set

from gemlint.extract.patterns import PARAMETER_KIND
from gemlint.resolve import Context, edit_distance
from gemlint.types import FileResult

NEAR_MISS = 2  # edits: a key this close to a name the data knows is that name misspelt, not an alias


def alias_keys(results: Iterable[FileResult]) -> Set[str]:
    """The model-shaped keys the results' tables define (``ModelRef.alias``), near misses included."""
    return {r.model for result in results for r in result.refs if r.alias}


def project_aliases(keys: Iterable[str], ctx: Context) -> FrozenSet[str]:
    """The ``keys`` that are the project's aliases: no near miss of a name the data knows (module docstring)."""
    keys = list(keys)
    if not keys:
        return frozenset()
    known = set(ctx.inventory.names()) | set(ctx.lifecycle.names()) | set(ctx.vertex_catalogue.names())
    if ctx.vertex_inventory is not None:
        known.update(ctx.vertex_inventory.names())
    return frozenset(k for k in keys if not _near_miss(k, known))


def is_alias(group, ctx: Context) -> bool:
    """A group whose name is a project alias and that reaches no SDK call (mentions and model parameters only)."""
    return group.model in ctx.aliases and all(r.site is None or r.site.kind == PARAMETER_KIND for r in group.refs)


def _near_miss(name: str, known: Set[str]) -> bool:
    size = len(name)
    return any(abs(len(k) - size) <= NEAR_MISS and edit_distance(name, k) <= NEAR_MISS for k in known)
