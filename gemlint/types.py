"""Plain, frozen data that flows between gemlint's steps.

discover -> source -> extract -> resolve -> rules -> report. Every step
returns these values; none of them prints.
"""

from __future__ import annotations

from typing import Optional, Tuple

from gemlint.records import record
from gemlint.safe_text import escape

# Records are namedtuples (``@record``): frozen, plain, cheap to create at
# start-up (a dataclass costs about five times as much to define, a
# typing.NamedTuple about twice), picklable for workers.

# Reports list at most this many related locations (call sites, value-flow steps) per finding, then a count:
# output grows with findings, not findings x call sites (issue 24). One constant for every reporter.
MAX_RELATED = 20

# Backends a call site can target.
GEMINI = "gemini"
VERTEX = "vertex"


@record
class Location:
    """A position in a scanned file.

    ``line`` and ``column`` are 1-based; ``column`` counts characters (not
    bytes). For notebooks ``cell`` is the 1-based position in the notebook's
    ``cells`` list and ``line`` is the line within that cell.
    """

    path: str
    line: int
    column: int
    cell: Optional[int] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None

    def display(self) -> str:
        """``path:line:col`` or ``path:cell N:line:col`` for notebooks (control characters shown escaped)."""
        path = escape(self.path)
        if self.cell is not None:
            return f"{path}:cell {self.cell}:{self.line}:{self.column}"
        return f"{path}:{self.line}:{self.column}"


@record
class CallSite:
    """An SDK call (or REST URL / raw Live setup) that takes a model.

    ``kind`` names the pattern (e.g. ``models.generate_content``), ``method``
    the API method the model must list in ``supportedGenerationMethods``
    (``None`` when the call only needs the model to exist).
    """

    kind: str
    method: Optional[str]
    location: Location
    backend: str = GEMINI
    # True when no code evidence chose ``backend`` (a client built with neither
    # ``vertexai`` nor ``enterprise``): the configured default may move it
    # (``gemlint.api.override_backend``).
    follows_env: bool = False
    # The call's requested output modalities (``response_modalities``: "TEXT", "IMAGE", "AUDIO"), upper-case,
    # and whether its config sets ``speech_config`` (gemlint/extract/call_config.py).
    modalities: Tuple[str, ...] = ()
    speech: bool = False
    # True when every client the call can be made on sends to a base URL of the code's own (``http_options``'
    # ``base_url``, ``httpOptions.baseUrl``): a proxy or a local server, which may serve models Google does not list.
    custom_endpoint: bool = False
    # An ADK agent (``Agent``, ``LlmAgent``, ``Gemini``) in code that never runs one (no runner, no ``run_async``,
    # no ``run_live``): ``adk web``, ``adk api_server`` or Agent Engine run it, as text or live. A Live model there
    # says it runs live (GL002 keeps quiet); ``method`` stays the text one for everything else.
    run_open: bool = False


@record
class ModelRef:
    """One string that names a model, and where it goes.

    ``text`` is the name exactly as written (``models/`` prefix included);
    ``location`` points at the first character of ``text`` in the file;
    ``site`` is ``None`` for a whole-name literal not known to reach a call
    (checked for existence only). ``fixable`` is true when the source text at
    ``location`` spells ``text`` literally, so a fix can rewrite it in place.
    """

    text: str
    location: Location
    site: Optional[CallSite] = None
    fixable: bool = True
    settings: bool = False  # found in a settings file (.env, YAML, JSON, TOML)
    # For a ref with no site: the platform the file's evidence gives ("gemini" or
    # "vertex"); None when the file says nothing (the configured default applies).
    platform: Optional[str] = None
    # How the value reached ``site`` across the project (gemlint/flow): ``approximate`` when a step
    # was not certain (a field matched by name, a keyed store, call sites merged); ``via`` the
    # nodes it travelled through, literal first (empty: found in the call's own file).
    approximate: bool = False
    via: Tuple[str, ...] = ()
    # For a mention: the other whole model names of the same list or object (their class guides suggestions).
    peers: Tuple[str, ...] = ()
    # What decided the platform of a client built without a flag ("GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1").
    platform_note: Optional[str] = None
    # One side of an equality test (``model != '…'``, ``case '…':``): a name the code recognises, not a use.
    compared: bool = False
    # A key of an object or dict whose value is an object (``{'fast-base': {model: …}}``): an entry the project's
    # own table defines. An unknown such name is the project's alias wherever it appears (``rules/aliases.py``).
    alias: bool = False

    @property
    def backend(self) -> str:
        """The platform this reference is judged on: its call site's, else the file's, else Gemini."""
        if self.site is not None:
            return self.site.backend
        return self.platform or GEMINI

    @property
    def unplaced(self) -> bool:
        """True when nothing chose the platform: no code evidence, declaration or configuration (after
        ``gemlint.api.override_backend``, which leaves such sites following the environment)."""
        site = self.site
        return site.follows_env if site is not None else self.platform is None

    @property
    def model(self) -> str:
        """The bare model id (``models/`` prefix dropped)."""
        return normalize(self.text)


def normalize(name: str) -> str:
    """Drop the optional ``models/`` or Vertex AI publisher prefix.

    ``projects/p/locations/l/publishers/google/models/ID`` and
    ``publishers/google/models/ID`` give ``ID``; other resource paths (endpoints,
    tuned models, other publishers) are kept whole.
    """
    name = name.strip()
    for prefix in ("models/", "publishers/google/models/"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    if name.startswith("projects/") and "/publishers/google/models/" in name:
        return name.rsplit("/publishers/google/models/", 1)[1]
    return name


@record
class Fix:
    """Replace the model name at ``location`` (``old`` → ``new``)."""

    old: str
    new: str


@record
class Finding:
    """One problem, reported at the string literal holding the name.

    ``related`` holds at most ``MAX_RELATED`` call sites; when there were more, ``related_total``
    counts them all (else 0).
    """

    code: str
    name: str
    severity: str  # "error" | "warning"
    message: str
    model: str
    location: Location
    related: Tuple[Location, ...] = ()
    suggestions: Tuple[str, ...] = ()
    site_kind: Optional[str] = None
    method: Optional[str] = None
    fix: Optional[Fix] = None
    fix_refusal: Optional[str] = None
    related_total: int = 0
    # The platform(s) judged and what decided them ("Vertex AI: GOOGLE_GENAI_USE_VERTEXAI=TRUE in .env:1").
    platform_note: Optional[str] = None
    # Provenance, dates and the call-site chain: shown by --verbose, JSON, SARIF and the editor, not by the
    # one-line default text (``message`` is the verdict and the action).
    detail: str = ""

    def full_text(self) -> str:
        """The message and, on the next line, the detail (for --verbose, SARIF and the editor)."""
        return f"{self.message}\n{self.detail}" if self.detail else self.message

    def fingerprint(self) -> str:
        """A line-independent identity: path, rule, model and call-site kind."""
        parts = [self.location.path, self.code, self.model, self.site_kind or "-"]
        if self.location.cell is not None:
            parts.append(f"cell{self.location.cell}")
        return "|".join(parts)


@record
class FileError:
    """A file that could not be read, decoded or parsed (or was skipped).

    ``fatal`` is true for problems that should fail the run (unreadable,
    undecodable, unparsable, internal); notices (skipped bundle, dangling
    symlink) are only reported.
    """

    path: str
    message: str
    fatal: bool = True
    internal: bool = False
    traceback: Optional[str] = None

    def display(self) -> str:
        """``path: message``, one line (control characters shown escaped)."""
        return escape(f"{self.path}: {self.message}")


# Facts for project-wide resolution (gemlint/flow): what a file exports, and
# the call sites whose model comes from another file or the environment.
ENV = "env"
IMPORT = "import"
# Value flow (gemlint/flow): node kinds beyond import/env.
STORE = "store"  # Symbol(STORE, store, key): "url" | "localStorage" | "sessionStorage" | "formdata"; approximate
DOM_STORE = "dom"  # Symbol(STORE, DOM_STORE, id): a page's form control by its id (extract/typescript/pages.py)
FIELD = "field"  # Symbol(FIELD, "", field): an untyped object field, matched by name (approximate)
IMPORTS = "@imports"  # Export(IMPORTS, (), modules): the modules a FIELD reader or writer imports (its field scope)
# Classic scripts sharing a page's global scope (extract/typescript/ts_globals.py):
GLOBALS = "<globals>"  # Symbol(IMPORT, GLOBALS, name): a global another script of the page declares
GLOBAL_NAMES = "@globals"  # Export(GLOBAL_NAMES, (), names): the names a classic script declares at its top level
PAGE_SCRIPTS = "@scripts"  # Export(PAGE_SCRIPTS, (), scripts): the classic scripts a page loads (their src)
# Node-name conventions (the ``name`` of an IMPORT symbol or an Export), all in the file that defines them:
#   ``f#0`` / ``f#model``      parameter 0 / parameter ``model`` of function ``f`` (``Cls.m#0`` for methods)
#   ``f()``                    the return value of ``f``
#   ``Type.field``             a typed field (TS interface/type, dataclass, pydantic, TypedDict, NamedTuple)
# An IMPORT symbol with module ``""`` names a node of its own file.


@record
class Symbol:
    """A value a file names but cannot resolve alone.

    ``kind`` is ``import``: ``name`` (dotted: ``LIVE_MODEL``, ``MODELS.live``,
    ``config.EMBED_MODEL``) inside ``module`` as the file spells it (Python
    ``.config`` / ``pkg.config``, TS ``./config`` / ``@/lib/models``; ``name``
    ``*`` for ``export * from``); or ``env``: the environment variable ``name``.
    """

    kind: str
    module: str
    name: str


@record
class Export:
    """A module-level name (``X``, ``Class.attr``, ``OBJ.key``, ``default``) and the values it holds."""

    name: str
    refs: Tuple[ModelRef, ...] = ()  # literals in this file (site None)
    symbols: Tuple[Symbol, ...] = ()  # values from elsewhere


@record
class PendingUse:
    """A call site whose model argument is a symbol from another file or the environment."""

    site: CallSite
    symbol: Symbol
    strict: bool = False  # the value must look like a Gemini model name to count


@record
class Write:
    """Values that flow into ``target``, a node another file (or this one) owns.

    A call ``open_session(X)`` of an imported function writes X's values into
    ``Symbol(IMPORT, ".voice", "open_session#0")``; an object literal typed
    ``LiveConfig`` writes its ``model`` into ``Symbol(IMPORT, "./types",
    "LiveConfig.model")``; ``params.set("model", v)`` writes into
    ``Symbol(STORE, "url", "model")``. ``approximate`` marks a step that was not
    certain (field-based, a keyed store, merged call sites).
    """

    target: Symbol
    refs: Tuple[ModelRef, ...] = ()
    symbols: Tuple[Symbol, ...] = ()
    approximate: bool = False


@record
class EnvValue:
    """``KEY=value`` in a .env file or a compose service's ``environment:``."""

    key: str
    ref: ModelRef


@record
class Declaration:
    """``GOOGLE_GENAI_USE_VERTEXAI=true`` (or ``_ENTERPRISE``) set in a project file: the platform it declares."""

    key: str
    value: str
    platform: str  # "vertex" or "gemini"
    location: Location


@record
class FileResult:
    """What one file yielded: its model references and its errors (and facts for linking)."""

    path: str
    refs: Tuple[ModelRef, ...] = ()
    errors: Tuple[FileError, ...] = ()
    suppressions: Tuple[Tuple[int, Optional[int], Tuple[str, ...]], ...] = ()
    digest: str = ""  # content digest of the bytes read (for the cache)
    exports: Tuple[Export, ...] = ()
    pending: Tuple[PendingUse, ...] = ()
    env: Tuple[EnvValue, ...] = ()
    writes: Tuple[Write, ...] = ()
    declarations: Tuple[Declaration, ...] = ()


# A cache entry (gemlint/cache.py, read back by cache_codec.py): size, mtime_ns, content digest, result
# (None: nothing). Here, so that neither module imports the other for it.
CacheEntry = Tuple[int, int, str, Optional[FileResult]]


@record
class RunResult:
    """Everything a scan found, in a stable order."""

    findings: Tuple[Finding, ...] = ()
    errors: Tuple[FileError, ...] = ()
    files_scanned: int = 0
    notices: Tuple[str, ...] = ()


def replace(record, **changes):
    """A copy of a frozen record with ``changes`` applied (records here and dataclasses alike)."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)
    import dataclasses

    return dataclasses.replace(record, **changes)
