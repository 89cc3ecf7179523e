"""The floor of any scan that parses Python with ``ast``: what no pruning or faster analysis can go below.

Run as its own process (interpreter start included), on two processes by default, it does only the work every
correct scan of the tree must do and less: it lists the files gemlint scans, reads them, decodes notebooks and
parses, with CPython's parser (``compile(..., PyCF_ONLY_AST)``) or tree-sitter, only the Python files, notebook
cells and scripts whose text holds a model-name family (a cell reading ``MODEL_ID`` from another cell is not
parsed here, though a correct scan must). No walk, no value flow, no rules, no report.

    python bench/floor.py TREE [--jobs 2]

``python bench/corpus.py TREE --floor`` runs it beside ripgrep in the same rounds, so its wall time reads as a ratio.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from typing import List, Tuple

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(_HERE))

from gemlint.config import DEFAULT_EXCLUDES  # noqa: E402
from gemlint.discover import PathMatcher, SourceFile, discover  # noqa: E402
from gemlint.extract.names import PREFILTER_TOKENS  # noqa: E402

_TEXT_TOKENS = tuple(t.decode("ascii") for t in PREFILTER_TOKENS)


def _names_a_model(text: str) -> bool:
    return any(t in text for t in _TEXT_TOKENS)


def _parse_python(text: str) -> int:
    try:
        compile(text, "<floor>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    return 1


def _cells(data: bytes) -> List[str]:
    try:
        notebook = json.loads(data)
        cells = notebook.get("cells", [])
    except (ValueError, AttributeError):
        return []
    out = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            out.append("".join(source) if isinstance(source, list) else str(source))
    return out


def _scripts():
    import tree_sitter
    import tree_sitter_javascript
    import tree_sitter_typescript

    languages = {
        "ts": tree_sitter_typescript.language_typescript(),
        "tsx": tree_sitter_typescript.language_tsx(),
        "js": tree_sitter_javascript.language(),
    }
    return {k: tree_sitter.Parser(tree_sitter.Language(v)) for k, v in languages.items()}


def work(files: List[SourceFile]) -> Tuple[int, int]:
    """(files read, sources parsed) for ``files``."""
    parsers = None
    parsed = 0
    for source in files:
        try:
            with open(source.path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        if not any(t in data for t in PREFILTER_TOKENS):
            continue
        if source.language == "python":
            parsed += _parse_python(data.decode("utf-8", "replace"))
        elif source.language == "notebook":
            parsed += sum(_parse_python(cell) for cell in _cells(data) if _names_a_model(cell))
        elif source.language in ("ts", "tsx", "js"):
            parsers = parsers or _scripts()
            parsers[source.language].parse(data)
            parsed += 1
    return len(files), parsed


def main() -> None:
    """Time the floor on the tree given, on ``--jobs`` processes; print what was read and parsed as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    os.chdir(args.tree)
    files = [f for f in discover(["."], PathMatcher(DEFAULT_EXCLUDES, os.getcwd())) if isinstance(f, SourceFile)]
    files.sort(key=lambda f: -_size(f.path))
    shares = [files[i :: args.jobs] for i in range(args.jobs)]  # costliest first, dealt round the processes
    children = []
    for share in shares[1:]:
        pid = os.fork()
        if pid == 0:
            work(share)
            os._exit(0)
        children.append(pid)
    read, parsed = work(shares[0])
    for pid in children:
        os.waitpid(pid, 0)
    print(json.dumps({"files": len(files), "parsed_here": parsed, "seconds": round(time.perf_counter() - started, 3)}))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


if __name__ == "__main__":
    main()
