"""Project-wide value flow: names that travel between files, and how surely they reach a call.

Per-file extraction records *facts* (``types.Export``, ``types.PendingUse``,
``types.Write``, ``types.EnvValue``). ``link`` joins them through the value
graph (``graph.py``): each call site whose model comes from another node
(an imported name, a parameter, a return value, a typed or untyped field, a
keyed store, an environment variable) becomes a ``ModelRef`` located at the
literal, in whichever file holds it, with the call site, its evidence
(``approximate``) and its way (``via``). Those refs join the literal's
group in that file's ``FileResult``, so the rules and suppressions there see
every call site the literal reaches. See docs/value-flow.md.
"""

from __future__ import annotations

import os
from typing import Dict, List, Tuple

from gemlint.extract import names
from gemlint.flow.graph import MAX_DEPTH, MAX_VALUES, MAX_WRITES, Flow, node_label, route
from gemlint.flow.modules import Loader, Project, find_root, has_content, read_tsconfig
from gemlint.types import FileResult, ModelRef

__all__ = [
    "MAX_DEPTH",
    "MAX_VALUES",
    "MAX_WRITES",
    "Flow",
    "Loader",
    "Project",
    "find_root",
    "has_content",
    "link",
    "node_label",
    "read_tsconfig",
    "route",
]


def link(results: List[FileResult], load: Loader, root: str, lazy_exports=None, roots=()) -> List[FileResult]:
    """``results`` with each pending use resolved into refs in the files holding the literals.

    A literal that gains a call site this way loses its existence-only ref
    (one group per literal, now a reference). Files not among ``results``
    that receive refs (loaded on demand) are appended.
    """
    if not any(r.pending for r in results):
        return results
    flow = Flow(Project(results, load, root, lazy_exports, roots))
    linked: Dict[str, Dict[Tuple, ModelRef]] = {}
    for result in results:
        if not result.pending:
            continue
        where = os.path.abspath(result.path)
        for use in result.pending:
            for ref, approximate, via in flow.symbol_values(where, use.symbol):
                if use.strict and not names.looks_like_model(ref.text):
                    continue
                new = ref._replace(site=use.site, approximate=approximate, via=via)
                bucket = linked.setdefault(os.path.abspath(ref.location.path), {})
                key = (ref.location, ref.text, use.site)
                old = bucket.get(key)
                if old is None or (old.approximate, len(old.via)) > (approximate, len(via)):
                    bucket[key] = new
    if not linked:
        return results
    out: List[FileResult] = []
    for result in results:
        refs = linked.pop(os.path.abspath(result.path), None) if has_content(result) else None
        out.append(_merge(result, list(refs.values())) if refs else result)
    for path in sorted(linked):
        facts = flow.project.file(path)
        if facts is not None:
            out.append(_merge(facts._replace(refs=()), list(linked[path].values())))
    return out


def _merge(result: FileResult, refs: List[ModelRef]) -> FileResult:
    known = {(r.location, r.text, r.site) for r in result.refs if r.site is not None}
    refs = [r for r in refs if (r.location, r.text, r.site) not in known]  # found in the file already
    reached = {(r.location, r.text) for r in refs}
    kept = [r for r in result.refs if r.site is not None or (r.location, r.text) not in reached]
    refs = sorted(refs, key=lambda r: (r.site.location.path, r.site.location.line, r.site.location.column, r.site.kind))
    return result._replace(refs=tuple(kept) + tuple(refs))
