"""Per-file extraction, one package per language (python/, typescript/, notebook/, settings/)."""

from __future__ import annotations

from typing import Set

_LOADED: Set[str] = set()


def load_extractor(lang: str, every_query: bool = False) -> None:
    """Import the extractor of ``lang`` (and compile its tree-sitter grammar) once per process, so that a file's
    time budget (``gemlint.budget``) counts the file's own work, not gemlint's start-up.

    ``every_query``: a grammar's lazy queries too (``runner`` before ``-j`` workers fork: they share them)."""
    if lang in _LOADED and not every_query:
        return
    _LOADED.add(lang)
    if lang in ("python", "notebook"):
        import gemlint.extract.python.extractor  # noqa: F401

        if lang == "notebook":
            import gemlint.extract.notebook.extractor  # noqa: F401
    elif lang in ("ts", "tsx", "js", "component", "page"):
        try:
            import gemlint.extract.typescript.extractor  # noqa: F401
            from gemlint.extract.typescript.ts_grammar import get_grammar

            grammar = get_grammar("ts" if lang == "component" else "js" if lang == "page" else lang)
            if every_query:
                grammar.compile_all()
        except Exception:  # no tree-sitter, or a broken one: the file's extraction reports it
            pass
    elif lang == "settings":
        import gemlint.extract.settings.agent_config  # noqa: F401
        import gemlint.extract.settings.extractor  # noqa: F401
