"""The scan pipeline: discover → read → extract → resolve → rules → suppress.

``scan()`` is pure: it returns a ``RunResult`` and never prints or exits.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple, Union

from gemlint import probes
from gemlint.budget import file_budget, timed_out
from gemlint.config import Config
from gemlint.discover import PathMatcher, SourceFile, discover, language_of, relisted
from gemlint.extract.settings.env_platform import PlatformMap
from gemlint.inventory import Inventory, load_inventory
from gemlint.inventory.lifecycle import Lifecycle, load_lifecycle
from gemlint.records import record
from gemlint.types import GEMINI, FileError, FileResult, Finding, ModelRef, RunResult, replace

if TYPE_CHECKING:
    from gemlint.resolve import Context
    from gemlint.rules.base import LiteralGroup

# Reading one file (gemlint/file_facts.py) is loaded when a file is read: a re-scan answered by the scan memo
# never needs it, nor the rules. Its names stay importable from here.
_FILE_FACTS = ("process_file", "read_bytes", "size_text", "_process", "_extract_within", "_extract")


def __getattr__(name: str):
    if name in _FILE_FACTS:
        from gemlint import file_facts

        return getattr(file_facts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

FAST_PREFILTER_FILES = 64
VERTEX_INVENTORY_FILE = "vertex-models.json"  # written by `gemlint models refresh --vertex`


@record
class ExtractOptions:
    """What per-file extraction depends on (also the cache key's content)."""

    known: FrozenSet[str] = frozenset()
    include_minified: bool = False
    max_file_size: int = 20 * 1024 * 1024
    fast_prefilter: bool = False  # google-re2 pays off only over many files (its import costs start-up)
    timeout: float = 0.0  # seconds of CPU time for one file's extraction (gemlint.budget; 0: no limit)


def known_names(inventory: Inventory, lifecycle: Lifecycle, extra: Iterable[str] = ()) -> FrozenSet[str]:
    """Every bare name some source knows: listed, retired, documented, extra."""
    found = set(inventory.models) | set(lifecycle.entries) | set(lifecycle.vertex_only)
    found.update(n[len("models/") :] if n.startswith("models/") else n for n in extra)
    return frozenset(found)


def check_text(
    path: str, data: Union[str, bytes], scanner: Scanner, opts: Optional[ExtractOptions] = None
) -> Tuple[FileResult, List[Finding]]:
    """Check an in-memory buffer (an editor's unsaved text) as ``scan`` checks the file at ``path``.

    The same extraction, rules and suppressions; returns the extraction result and the findings, sorted.
    """
    from gemlint.file_facts import _extract_within, size_text
    from gemlint.source import is_utf16

    lang = language_of(path, scanner.config.settings_files)
    if lang is None:
        return FileResult(path), []
    raw = data.encode("utf-8") if isinstance(data, str) else data
    opts = opts or scanner.options()
    if len(raw) > opts.max_file_size:
        notice = f"file is {size_text(len(raw))}, larger than max-file-size; skipped"
        return FileResult(path, errors=(FileError(path, notice, fatal=False),)), []
    result = _extract_within(SourceFile(path, path, lang), raw, opts, is_utf16(raw))
    findings = []
    if result.refs or result.suppressions:
        platforms = project_platforms([result], [path], scanner.config.root)
        findings = check_file(result, scanner.context, scanner.config, scanner.env_platform, platforms)
    return result, sorted(findings, key=sort_key)


def group_refs(refs: Sequence[ModelRef]) -> List[LiteralGroup]:
    """Group references by the literal that holds them (one group per literal)."""
    from gemlint.rules.base import LiteralGroup

    groups: Dict[tuple, List[ModelRef]] = {}
    for ref in refs:
        loc = ref.location
        groups.setdefault((loc.path, loc.cell or 0, loc.line, loc.column, ref.text), []).append(ref)
    return [LiteralGroup(tuple(v)) for _, v in sorted(groups.items(), key=lambda kv: kv[0])]


def default_platform(path: str, config: Config, env_platform: Optional[str] = None) -> str:
    """The platform of a client built with neither flag, in ``path``, when no code sets the environment.

    ``env_platform`` is what the project's ``.env`` files set
    ``GOOGLE_GENAI_USE_VERTEXAI`` / ``GOOGLE_GENAI_USE_ENTERPRISE`` to (``Scanner.env_platform``);
    else the last ``backend`` pattern of the configuration matching ``path``; else the Gemini API.
    """
    return configured_platform(path, config, env_platform) or GEMINI


def configured_platform(path: str, config: Config, env_platform: Optional[str] = None) -> Optional[str]:
    """``default_platform`` when the environment or the configuration chose it; None when nothing did."""
    if env_platform is not None:
        return env_platform
    chosen = None
    for pattern, backend in config.backend:
        if pattern == "**" or _backend_matches(pattern, path, config):
            chosen = backend
    return chosen


def _backend_matches(pattern: str, path: str, config: Config) -> bool:
    """``pattern`` (gitignore-style) against ``path`` relative to the configuration's folder or the working folder.

    With ``--config FILE`` kept elsewhere, the configuration's folder may not hold the
    scanned files: the pattern is then read from the folder gemlint runs in, as the paths
    in the report are.
    """
    roots = [config.root]
    cwd = os.getcwd()
    if os.path.abspath(cwd) != os.path.abspath(config.root):
        roots.append(cwd)
    return any(PathMatcher([pattern], root).excluded(path, False) for root in roots)


def override_backend(
    refs: Sequence[ModelRef],
    config: Config,
    env_platform: Optional[str] = None,
    platforms: Optional[PlatformMap] = None,
) -> Sequence[ModelRef]:
    """Put environment-following call sites, and names no file evidence placed, on the default platform.

    Sites whose client says its platform (a flag, an SDK, a URL) keep it. ``platforms`` (the project's
    ``GOOGLE_GENAI_USE_VERTEXAI`` declarations) decide first, nearest folder first; where they declare
    both platforms the reference is judged on both (one copy per platform, same site). Where nothing
    decides, a reference stays unplaced (``ModelRef.unplaced``: judged on the Gemini API unless only Vertex AI
    knows its name, ``gemlint.rules.platforms.placed_by_name``).
    """
    out = []
    defaults: Dict[str, Dict[Optional[str], Optional[str]]] = {}
    for ref in refs:
        site = ref.site
        if (site is not None and site.follows_env) or (site is None and ref.platform is None):
            path = site.location.path if site is not None else ref.location.path  # the call's file decides
            if path not in defaults:
                declared: Dict[Optional[str], Optional[str]] = dict(platforms.platforms(path)) if platforms else {}
                if not declared or env_platform is not None:
                    declared = {configured_platform(path, config, env_platform): None}
                defaults[path] = declared
            for backend, note in defaults[path].items():
                if backend is None:  # nothing chose: the site follows the environment, the name has no platform
                    out.append(replace(ref, site=replace(site, backend=GEMINI)) if site is not None else ref)
                elif site is not None:
                    out.append(replace(ref, site=replace(site, backend=backend, follows_env=False), platform_note=note))
                else:
                    out.append(replace(ref, platform=backend, platform_note=note))
            continue
        out.append(ref)
    return out


def check_file(
    result: FileResult,
    ctx: Context,
    config: Config,
    env_platform: Optional[str] = None,
    platforms: Optional[PlatformMap] = None,
    notes: Optional[List[FileError]] = None,
) -> List[Finding]:
    """Rules and suppressions for one file's references.

    With ``notes``, the rules run within the per-file time budget (``gemlint.budget``): a file over it keeps the
    findings made so far and gets a notice appended to ``notes``.
    """
    from gemlint.rules import run_rules
    from gemlint.rules.test_fixtures import as_fixture_data, as_test_data, is_fixture_path, is_test_path
    from gemlint.suppress import apply_suppressions

    refs = override_backend(result.refs, config, env_platform, platforms)
    if refs and is_test_path(result.path, config.root):
        refs = as_test_data(refs)  # a model parameter in a test file is a fixture until it reaches a call
    if refs and is_fixture_path(result.path, config.root):
        refs = as_fixture_data(refs)  # tests/fixtures/agent.yaml: the data a test loads
    if notes is None:
        findings = run_rules(group_refs(refs), ctx, config.selects)
    else:
        from gemlint.budget import over_budget_notice, run_rules_within

        budget = file_budget(config.timeout)
        findings, stopped = run_rules_within(group_refs(refs), ctx, config.selects, budget)
        if stopped:
            notes.append(over_budget_notice(result.path, budget))
    ignored = ignored_codes(result.path, config)
    if ignored:
        findings = [f for f in findings if not _code_in(f.code, ignored)]
    if result.suppressions:
        findings = apply_suppressions(findings, result.suppressions, result.path, config.selects("GL900"))
        if ignored:
            findings = [f for f in findings if not _code_in(f.code, ignored)]
    return findings


def ignored_codes(path: str, config: Config) -> Tuple[str, ...]:
    """The rule codes (or prefixes) ``per-file-ignores`` silences in ``path``."""
    codes: List[str] = []
    for matcher, listed in _ignore_matchers(config.per_file_ignores, config.root):
        if matcher.excluded(path, False):
            codes.extend(listed)
    return tuple(codes)


_MATCHERS: Dict[tuple, list] = {}


def _ignore_matchers(pairs, root: str) -> list:
    key = (pairs, root)
    found = _MATCHERS.get(key)
    if found is None:
        found = _MATCHERS[key] = [(PathMatcher([pattern], root), codes) for pattern, codes in pairs]
    return found


def _code_in(code: str, prefixes: Tuple[str, ...]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def sort_key(f: Finding):
    loc = f.location
    return (loc.path, loc.cell or 0, loc.line, loc.column, f.code, f.message)


@record
class Scanner:
    """Everything a scan needs, resolved once."""

    config: Config
    inventory: Inventory
    lifecycle: Lifecycle
    today: _dt.date
    vertex_inventory: Optional[Inventory] = None
    # GOOGLE_GENAI_USE_VERTEXAI / _ENTERPRISE as the project's .env files set them ("vertex" or
    # "gemini"; None: not set). The hook for project-wide .env reading (issue 13).
    env_platform: Optional[str] = None

    @property
    def context(self) -> Context:
        from gemlint.resolve import Context

        return Context(
            self.inventory,
            self.lifecycle,
            self.today,
            self.vertex_inventory,
            self.config.max_inventory_age,
            self.config.shutdown_horizon,
        )

    def options(self) -> ExtractOptions:
        return ExtractOptions(
            known=known_names(self.inventory, self.lifecycle, self.config.extra_models),
            include_minified=self.config.include_minified,
            max_file_size=self.config.max_file_size,
            timeout=file_budget(self.config.timeout),
        )


def make_scanner(config: Config, inventory_path: Optional[str] = None, today: Optional[_dt.date] = None) -> Scanner:
    """Load the inventory (explicit path, configured, project, or bundled) and lifecycle data."""
    path = inventory_path or config.inventory or project_inventory(config)
    inventory = load_inventory(path).with_extra(config.extra_models)
    vertex = None
    vertex_path = config.vertex_inventory or project_inventory(config, VERTEX_INVENTORY_FILE)
    if vertex_path:  # else Vertex AI call sites use the bundled catalogue
        vertex = load_inventory(vertex_path).with_extra(config.extra_models)
    return Scanner(config, inventory, load_lifecycle(), today or _dt.date.today(), vertex)


def project_inventory(config: Config, filename: str = "models.json") -> Optional[str]:
    """``.gemlint/models.json`` (or ``filename``) beside the project's pyproject.toml, if refreshed."""
    if config.path is None:
        from gemlint.inventory.locate import find_project_inventory

        return find_project_inventory(config.root, filename)
    candidate = os.path.join(config.root, ".gemlint", filename)
    from gemlint.boundary import is_inside

    # A project's own inventory that is a symlink to elsewhere is not the project's (issue 24): the bundled one.
    return candidate if os.path.isfile(candidate) and is_inside(candidate, config.root) else None


FileResults = Callable[[List[SourceFile], ExtractOptions], List[FileResult]]


def extract_all(
    paths: Sequence[str], scanner: Scanner, force_exclude: bool = False, file_results: Optional[FileResults] = None
) -> Tuple[List[FileResult], List[FileError], int]:
    """Discover and extract: per-file results, discovery notices, number of files."""
    sources, errors = discover_sources(paths, scanner, force_exclude)
    return extract_sources(sources, scanner, file_results), errors, len(sources)


def _matcher(config: Config) -> PathMatcher:
    """The exclude patterns discovery walks with (and the scan memo lists folders again with)."""
    return PathMatcher(config.exclude + config.extend_exclude, config.root)


def discover_sources(
    paths: Sequence[str], scanner: Scanner, force_exclude: bool = False
) -> Tuple[List[SourceFile], List[FileError]]:
    """The files under ``paths`` to read, and the discovery notices."""
    config = scanner.config
    matcher = _matcher(config)
    sources: List[SourceFile] = []
    errors: List[FileError] = []
    for item in discover(paths, matcher, force_exclude, config.settings_files):
        (errors if isinstance(item, FileError) else sources).append(item)
    return sources, errors


def extract_sources(
    sources: List[SourceFile], scanner: Scanner, file_results: Optional[FileResults] = None
) -> List[FileResult]:
    """Each source's facts, in order (through ``file_results``: the cache and the workers, when given)."""
    from gemlint.file_facts import process_file

    opts = scanner.options()._replace(fast_prefilter=len(sources) > FAST_PREFILTER_FILES)
    return [process_file(s, opts) for s in sources] if file_results is None else file_results(sources, opts)


def collect_refs(paths: Sequence[str], scanner: Scanner, file_results: Optional[FileResults] = None):
    """Every model reference under ``paths`` (on its platform, as the rules judge it), and the file errors."""
    results, errors, _ = extract_all(paths, scanner, file_results=file_results)
    platforms = project_platforms(results, paths, scanner.config.root)
    refs: List[ModelRef] = []
    for result in results:
        errors.extend(result.errors)
        refs.extend(placed(override_backend(result.refs, scanner.config, scanner.env_platform, platforms), scanner))
    return refs, errors


def placed(refs: Sequence[ModelRef], scanner: Scanner) -> List[ModelRef]:
    """``refs`` on the platform the rules judge them on: a literal only Vertex AI knows, that nothing placed, is
    Vertex AI's (``gemlint.rules.platforms.placed_by_name``). For what is handed out of a scan, not the rules."""
    from gemlint.rules.platforms import placed_by_name

    ctx = scanner.context
    return [r for group in group_refs(refs) for r in placed_by_name(group, ctx).refs]


def project_platforms(results: Sequence[FileResult], paths: Sequence[str], root: str) -> PlatformMap:
    """The project's platform declarations: those the scan read, and those in the folders above ``paths``."""
    from gemlint.extract.settings.env_platform import ancestor_declarations

    decls = [d for r in results for d in r.declarations]
    decls += ancestor_declarations(paths, root, os.getcwd(), {r.path for r in results})
    return PlatformMap(decls, root)


def load_facts(opts: ExtractOptions, cwd: Optional[str] = None) -> Callable[[str], Optional[FileResult]]:
    """Extract a file the scan did not (the prefilter skipped it, or it lies outside the paths scanned)."""
    from gemlint.discover import display_path, language_of
    from gemlint.file_facts import _extract_within, read_bytes
    from gemlint.source import is_utf16

    cwd = os.path.abspath(cwd or os.getcwd())

    def load(path: str) -> Optional[FileResult]:
        lang = language_of(path)
        if lang is None:
            return None
        source = SourceFile(display_path(path, cwd), path, lang)
        probes.read(path)
        data, error = read_bytes(source, opts)
        if error is not None or data is None:
            return None
        try:
            result = _extract_within(source, data, opts, is_utf16(data))
            return None if timed_out(result) else result
        except Exception:  # facts are a bonus: a file that fails here is reported by its own scan
            return None

    return load


def subset_root(paths: Sequence[str], config: Config) -> Optional[str]:
    """The project to index when only files are given (pre-commit), else None."""
    if not paths or any(os.path.isdir(p) for p in paths):
        return None
    from gemlint.flow import find_root

    cwd = os.getcwd()
    if config.path is not None:
        root = config.root
        if all(os.path.abspath(p).startswith(root.rstrip(os.sep) + os.sep) for p in paths):
            return root
    return find_root(paths[0], cwd)


def _scan_subset(paths, root, scanner: Scanner, force_exclude: bool, file_results, index):  # noqa: C901
    """Extract the given files and index their project: from the project index when there is one."""
    from gemlint.discover import display_path, language_of
    from gemlint.file_facts import process_file

    cwd = os.path.abspath(os.getcwd())
    given_results, given_errors, count = extract_all(paths, scanner, force_exclude)
    given = {r.path for r in given_results} | {display_path(p, cwd) for p in paths}
    errors = [e for e in given_errors if e.path in given]
    entries = index.load(root) if index is not None else None
    derived = False
    if entries is None and index is not None:  # the first scan of this sub-project: from the checkout's index
        entries = index.load_within(root)
        derived = entries is not None
    if entries is None:  # no index: discover the whole project (and write the index)
        results, _, _ = extract_all([root], scanner, True, file_results)
        if index is not None:
            from gemlint.project_index import entries_of

            index.save(root, entries_of(results))
        results = [r for r in results if r.path not in given]
    else:
        from gemlint.project_index import entries_of, stat_of

        opts = scanner.options()
        results = []
        changed = False
        for path, (size, mtime, result) in sorted(entries.items()):
            if path in given:
                continue
            stat = stat_of(path)
            if stat is None:  # deleted
                changed = True
                continue
            if stat != (size, mtime):
                lang = language_of(path)
                result = process_file(SourceFile(path, path, lang), opts) if lang else FileResult(path)
                changed = True
            results.append(result)
        fresh = entries_of(given_results)
        gone = any(p in entries and p not in fresh for p in given)
        if derived or changed or gone or any(entries.get(p) != fresh[p] for p in fresh):
            kept = {p: e for p, e in entries_of(results).items()}
            kept.update(fresh)
            index.save(root, kept)
    return results + given_results, errors, count, given, {r.path for r in results} if entries is not None else set()


def _relevant(results: List[FileResult], given: Set[str], from_index: Set[str], opts: ExtractOptions):
    """The given files, and the files holding a literal that reaches a call in them (the rest cannot matter)."""
    from gemlint.discover import language_of
    from gemlint.file_facts import process_file

    out = []
    for result in results:
        if result.path not in given:
            if not any(r.site is not None and r.site.location.path in given for r in result.refs):
                continue
            if result.path in from_index:  # the index keeps facts only: read the file's suppressions
                lang = language_of(result.path)
                full = process_file(SourceFile(result.path, result.path, lang), opts) if lang else result
                result = result._replace(suppressions=full.suppressions)
        out.append(result)
    return out


def scan(
    paths: Sequence[str],
    scanner: Scanner,
    force_exclude: bool = False,
    file_results: Optional[FileResults] = None,
    refs_out: Optional[List[ModelRef]] = None,
) -> RunResult:
    """Scan ``paths`` and return every finding and file error, in a stable order.

    Names that travel between files are resolved project-wide (``link``). When
    only files are given (a pre-commit hook), their whole project is indexed
    and the findings kept are those located in, or with a call site in, the
    given files. ``refs_out``, when given, receives every model reference after
    linking, on its platform (``gemlint sweep`` counts them).
    """
    config = scanner.config
    root = subset_root(paths, config)
    given: Optional[Set[str]] = None
    make_index = getattr(file_results, "project_index", None)
    index = make_index(scanner.options()) if make_index is not None else None
    memo = None
    walked: dict = {}
    if root is not None:
        results, errors, count, given, from_index = _scan_subset(
            paths, root, scanner, force_exclude, file_results, index
        )
    else:
        memo = _memo(file_results, scanner, paths, force_exclude) if refs_out is None else None
        stored = memo.lookup(relisted(_matcher(config))) if memo is not None else None
        if stored is not None:
            return stored
        with probes.recording(memo is not None) as walked:  # the folders listed and the files found, for the memo
            sources, errors = discover_sources(paths, scanner, force_exclude)
            if memo is not None and not memo.record_sources(sources):
                memo = None  # a file went away while we looked: no memo this run
        results, count = extract_sources(sources, scanner, file_results), len(sources)
        root = config.root
        whole = any(os.path.abspath(p) == os.path.abspath(root) for p in paths)
        if index is not None and whole and (getattr(file_results, "recomputed", 1) or not index.exists(root)):
            from gemlint.project_index import entries_of

            index.save(root, entries_of(results))  # a warm scan that re-read nothing keeps the index as it is
    with probes.recording(memo is not None) as found:  # what the memo must check again besides the files
        platforms = project_platforms(results, paths, root)
        from gemlint.flow import link

        lazy = index.exports if index is not None and given is not None else None
        results = link(results, load_facts(scanner.options()), root, lazy, roots=paths)
    from gemlint.rules.aliases import alias_keys

    keys = alias_keys(results)  # the whole project's tables, before a hook's subset is cut
    if given is not None:
        results = _relevant(results, given, from_index, scanner.options())
    ctx = with_aliases(scanner.context, keys)
    findings: List[Finding] = []
    for result in results:
        if given is None or result.path in given:
            errors.extend(result.errors)
        if result.refs or result.suppressions:
            findings.extend(check_file(result, ctx, config, scanner.env_platform, platforms, notes=errors))
        if refs_out is not None:
            refs_out.extend(placed(override_backend(result.refs, config, scanner.env_platform, platforms), scanner))
    if given is not None:
        findings = [f for f in findings if f.location.path in given or any(r.path in given for r in f.related)]
    findings.sort(key=sort_key)
    errors.sort(key=lambda e: e.path)
    result = RunResult(tuple(findings), tuple(errors), count)
    if memo is not None and not any(timed_out(r) for r in results):
        memo.save(result, {**found, **walked})  # the first look wins
    return result


def with_aliases(ctx: Context, keys: Set[str]) -> Context:
    """``ctx`` knowing which of the project's table ``keys`` are its aliases (``gemlint.rules.aliases``)."""
    from gemlint.rules.aliases import project_aliases

    aliases = project_aliases(keys, ctx)
    return replace(ctx, aliases=aliases) if aliases else ctx


def _memo(file_results, scanner: Scanner, paths, force_exclude: bool):
    """The scan memo of a whole scan through a cached runner, bound to this scan's settings; else None."""
    make = getattr(file_results, "scan_memo", None)
    if make is None:
        return None
    from gemlint.scan_memo import settings_digest, settings_parts

    memo, key = make(scanner.options())
    return memo.bind(settings_digest(settings_parts(scanner, paths, force_exclude, key)))
