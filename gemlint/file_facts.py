"""Reading one file into its facts: bytes, the prefilter, the language's extractor, suppressions, declarations.

``process_file`` is what every scan, worker and the project index call per file; it never raises. Apart from
``api.py`` so that a re-scan answered by the scan memo loads none of it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional, Tuple

from gemlint.budget import extract_within
from gemlint.cache import content_digest
from gemlint.discover import SourceFile
from gemlint.extract import load_extractor
from gemlint.extract.calls import worth_parsing
from gemlint.extract.settings.env_platform import declarations as env_declarations
from gemlint.source import SourceError, decode_python, decode_text, is_minified, is_utf16, looks_binary
from gemlint.suppress import find_suppressions
from gemlint.types import FileError, FileResult, PendingUse, replace

if TYPE_CHECKING:
    from gemlint.api import ExtractOptions


def process_file(source: SourceFile, opts: ExtractOptions) -> FileResult:
    """Read one file and extract its model references; never raises."""
    try:
        return _process(source, opts)
    except Exception as exc:  # one bad file must not stop the scan
        import traceback  # only here: traceback (and textwrap) cost a clean run a millisecond

        message = f"internal error while scanning: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"
        return FileResult(
            source.display,
            errors=(FileError(source.display, message, internal=True, traceback=traceback.format_exc()),),
        )


def size_text(size: int) -> str:
    """``12 MB``, ``340 KB`` or ``512 bytes``: a file size as a notice shows it."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.0f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def read_bytes(source: SourceFile, opts: ExtractOptions) -> Tuple[Optional[bytes], Optional[FileError]]:
    """The file's bytes, or a one-line error (unreadable, a folder, too large)."""
    path = source.path
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > opts.max_file_size:
                return None, FileError(
                    source.display, f"file is {size_text(size)}, larger than max-file-size; skipped", fatal=False
                )
            return fh.read(), None
    except IsADirectoryError:
        return None, FileError(source.display, "is a folder, not a file; skipped", fatal=False)
    except OSError as exc:
        return None, FileError(source.display, f"cannot read: {(exc.strerror or str(exc)).lower()}")


def _process(source: SourceFile, opts: ExtractOptions) -> FileResult:
    data, error = read_bytes(source, opts)
    if error is not None:
        return FileResult(source.display, errors=(error,))
    utf16 = is_utf16(data)  # the byte prefilter and NUL test would misread UTF-16
    if not utf16 and not worth_parsing(data, opts.fast_prefilter):
        return FileResult(source.display)  # cannot hold a model name nor call a model: only read
    result = _extract_within(source, data, opts, utf16)
    return replace(result, digest=content_digest(data))


def _extract_within(source: SourceFile, data: bytes, opts: ExtractOptions, utf16: bool) -> FileResult:
    """``_extract`` within the file's time budget (``opts.timeout``): past it, only a notice (``gemlint.budget``).

    The language's extractor is loaded first: its import and grammar are gemlint's start-up, not the file's time.
    """
    if opts.timeout <= 0:
        return _extract(source, data, opts, utf16)
    load_extractor(source.language)
    return extract_within(opts.timeout, source.display, _extract, source, data, opts, utf16)


def _script(text: str, path: str, dialect: str, known, binds: frozenset = frozenset(), loops=()) -> FileResult:
    """A TypeScript or JavaScript program's facts (``binds``: the variables a Svelte template binds; ``loops``: a
    template's selects whose options iterate a list, ``pages.vue_loops``/``svelte_loops``)."""
    from gemlint.budget import MAX_NESTING, nesting_over

    if nesting_over(text):  # 100k nested objects took minutes in the queries (issue 24)
        raise SourceError(f"objects nested more than {MAX_NESTING} deep; not scanned")
    from gemlint.extract.typescript.extractor import extract_typescript

    facts: list = []
    refs, errors = extract_typescript(text, path, dialect, known, facts, binds, loops)
    exports, pending, writes = facts if facts else ((), (), ())
    sups = tuple(find_suppressions(text))
    return FileResult(path, tuple(refs), tuple(errors), sups, exports=exports, pending=pending, writes=writes)


def _page_script_worth_parsing(code: bytes, loads_scripts: bool, opts: ExtractOptions) -> bool:
    """A page's inline script is parsed when it names a model or calls a model API; when it only reads controls or
    storage (a page's usual script), only when the page loads classic scripts of the project it may hand them to."""
    from gemlint.extract.calls import may_call_model_directly
    from gemlint.extract.names import may_mention_model

    if may_mention_model(code, opts.fast_prefilter) or may_call_model_directly(code):
        return True
    return loads_scripts and worth_parsing(code, opts.fast_prefilter)


def _with_markup(result: FileResult, text: str, refs, writes, exports=()) -> FileResult:
    """``result`` (the file's scripts') with the facts of its markup: its controls' mentions and writes, the
    exports it adds, and the suppressions of the whole file (``//`` in a script, ``<!-- -->`` after a tag)."""
    ordered = sorted(result.refs + tuple(refs), key=lambda r: (r.location.line, r.location.column))
    return replace(
        result,
        refs=tuple(ordered),
        writes=result.writes + tuple(writes),
        exports=result.exports + tuple(exports),
        suppressions=tuple(find_suppressions(text)),
    )


def _component(text: str, path: str, known) -> FileResult:
    """A Vue or Svelte component's facts: its scripts', and its template's bound selects' options."""
    from gemlint.extract.typescript import pages
    from gemlint.extract.typescript.components import script_text

    script, dialect = script_text(text)
    binding = pages.VUE_BIND if path.endswith(".vue") else pages.SVELTE_BIND
    if binding not in text:
        return _script(script, path, dialect, known) if script.strip() else FileResult(path)
    found = pages.controls(text, binding)
    if binding == pages.SVELTE_BIND:
        binds = pages.template_binds(found)
        loops = tuple(pages.svelte_loops(text)) if "{#each" in text else ()
    else:
        binds, loops = frozenset(), tuple(pages.vue_loops(text)) if "v-for" in text else ()
    result = _script(script, path, dialect, known, binds, loops) if script.strip() else FileResult(path)
    refs, writes = pages.control_facts(text, path, known, binding, found)
    return _with_markup(result, text, refs, writes) if refs else result


def _page(text: str, path: str, known, opts: ExtractOptions) -> FileResult:
    """An HTML page's facts: its inline scripts' (unless minified), and its controls' model names."""
    from gemlint.extract.typescript.components import script_text
    from gemlint.extract.typescript.pages import classic_sources, control_facts, scripts_export, without_template_tags

    script, dialect = script_text(text)
    if dialect == "js":  # a server-side template's page (JSX has {{ }} of its own)
        script = without_template_tags(script)
    sources = classic_sources(text)
    result = FileResult(path)
    code = script.encode("utf-8", "surrogatepass")
    if script.strip() and _page_script_worth_parsing(code, bool(sources), opts):
        if opts.include_minified or not is_minified(path, code):
            result = _script(script, path, dialect, known)
            # a page is often a template in a syntax gemlint does not know: its script's error is only a notice
            notices = tuple(replace(e, fatal=False) if not e.internal else e for e in result.errors)
            result = replace(result, errors=notices)
        else:
            notice = "inline script is minified or generated; skipped (scan it with --include-minified)"
            result = FileResult(path, errors=(FileError(path, notice, fatal=False),))
    refs, writes = control_facts(text, path, known)
    return _with_markup(result, text, refs, writes, scripts_export(sources))  # the classic scripts of its scope


def _extract(source: SourceFile, data: bytes, opts: ExtractOptions, utf16: bool) -> FileResult:
    known = opts.known.__contains__
    lang = source.language
    path = source.display
    try:
        if lang == "python":
            if b"\0" in data and not utf16:
                raise SourceError("contains NUL bytes; not scanned")
            text = decode_python(data)
            from gemlint.extract.python.extractor import Chunk, extract_python_facts

            writes: list = []
            refs, errors, exports, pending = extract_python_facts([Chunk(text)], path, known, writes=writes)
            sups = tuple(find_suppressions(text, python=True))
            decls = tuple(env_declarations(text, path, code=True))  # env_vars={"GOOGLE_GENAI_USE_VERTEXAI": "1"}
            return FileResult(
                path,
                tuple(refs),
                tuple(errors),
                sups,
                exports=exports,
                pending=pending,
                writes=tuple(writes),
                declarations=decls,
            )
        if lang == "notebook":
            from gemlint.extract.notebook.extractor import extract_notebook

            facts: list = []  # PendingUse and Write records
            refs, errors, sups = extract_notebook(data, path, known, facts)
            pending = tuple(f for f in facts if isinstance(f, PendingUse))
            writes = tuple(f for f in facts if not isinstance(f, PendingUse))
            decls: tuple = ()
            if utf16 or b"GOOGLE_GENAI_USE_" in data:  # decoding a whole notebook (its outputs too) costs
                decls = tuple(env_declarations(decode_text(data).replace('\\"', '"'), path, code=True))  # JSON
            return FileResult(
                path, tuple(refs), tuple(errors), tuple(sups), pending=pending, writes=writes, declarations=decls
            )
        if looks_binary(data):
            return FileResult(path, errors=(FileError(path, "binary file (NUL bytes); skipped", fatal=False),))
        if lang in ("ts", "tsx", "js"):
            if not opts.include_minified and is_minified(path, data):
                notice = "minified or generated bundle; skipped (scan it with --include-minified)"
                return FileResult(path, errors=(FileError(path, notice, fatal=False),))
            return _script(decode_text(data), path, lang, known)
        if lang == "component":  # .vue, .svelte: the <script> blocks, in place
            return _component(decode_text(data), path, known)
        if lang == "page":  # .html: the inline scripts, in place, and the model names of the form controls
            return _page(decode_text(data), path, known, opts)
        if lang == "settings":
            from gemlint.boundary import SETTINGS_LIMIT

            if len(data) > SETTINGS_LIMIT:  # a settings file that big is data (issue 24: bounded work)
                notice = (
                    f"settings file is {size_text(len(data))}, larger than the 1 MB limit of settings files; skipped"
                )
                return FileResult(path, errors=(FileError(path, notice, fatal=False),))
            text = decode_text(data)
            from gemlint.extract.settings.agent_config import agent_sites
            from gemlint.extract.settings.extractor import env_values, extract_settings

            refs = agent_sites(extract_settings(text, path, known), text, path)
            env = tuple(env_values(refs, text, path))
            decls = tuple(env_declarations(text, path))
            return FileResult(path, tuple(refs), (), tuple(find_suppressions(text)), env=env, declarations=decls)
        if lang == "declarations":
            return FileResult(path, declarations=tuple(env_declarations(decode_text(data), path)))
    except SourceError as exc:
        return FileResult(path, errors=(FileError(path, str(exc)),))
    return FileResult(path)
