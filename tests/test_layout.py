"""The module layout: no import cycles between the split modules, heavy parsers imported only when needed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import TODAY

# Each is imported first, alone, in a fresh interpreter: an import cycle between them fails here.
SPLIT_MODULES = [
    "gemlint.adopt",
    "gemlint.adopt.baseline",
    "gemlint.adopt.documents",
    "gemlint.adopt.fix",
    "gemlint.adopt.ignore",
    "gemlint.adopt.meaning",
    "gemlint.extract.typescript.extractor",
    "gemlint.extract.typescript.ts_grammar",
    "gemlint.extract.typescript.ts_tables",
    "gemlint.extract.typescript.ts_values",
    "gemlint.entry",
    "gemlint.quick_scan",
    "gemlint.options",
    "gemlint.echo",
    "gemlint.records",
    "gemlint.scan_command",
    "gemlint.extract.settings.settings_files",
    "gemlint.extract.python.doubles_py",
    "gemlint.extract.typescript.doubles_ts",
    "gemlint.extract.settings.recordings",
    "gemlint.extract.typescript.ts_syntax",
    "gemlint.flow",
    "gemlint.flow.graph",
    "gemlint.flow.modules",
    "gemlint.extract.python.py_flow",
    "gemlint.cache",
    "gemlint.cache_codec",
]


def _python(code: str, cwd=None) -> str:
    env = dict(os.environ, GEMLINT_TODAY=TODAY.isoformat(), NO_COLOR="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize("module", SPLIT_MODULES)
def test_module_imports_alone_without_tree_sitter(module: str) -> None:
    code = f"import sys, importlib; importlib.import_module({module!r}); print('tree_sitter' in sys.modules)"
    assert _python(code) == "False"


def test_python_only_scan_and_fix_never_import_tree_sitter(tmp_path) -> None:
    (tmp_path / "app.py").write_text('client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n')
    code = (
        "import sys\nfrom gemlint.entry import run\n"
        "scan = run(['scan', '--no-cache', '.'])\n"
        "fix = run(['scan', '--no-cache', '--fix', '.'])\n"
        "print(scan, fix, 'tree_sitter' in sys.modules)\n"
    )
    assert _python(code, cwd=tmp_path).splitlines()[-1] == "1 0 False"
    assert 'model="gemini-3.8-flash"' in (tmp_path / "app.py").read_text()


def test_typescript_scan_imports_tree_sitter(tmp_path) -> None:
    """The check above can fail: a TypeScript file does load the parser."""
    (tmp_path / "app.ts").write_text("ai.models.generateContent({ model: 'gemini-3.8-flsh' })\n")
    code = (
        "import sys\nfrom gemlint.entry import run\n"
        "print(run(['scan', '--no-cache', '.']), 'tree_sitter' in sys.modules)\n"
    )
    assert _python(code, cwd=tmp_path).splitlines()[-1] == "1 True"


def _imports_of(module_path: str) -> set:
    """The gemlint modules a file imports, at its top or inside functions (relative imports resolved)."""
    import ast

    tree = ast.parse(open(module_path, encoding="utf-8").read())
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gemlint")
    rel = os.path.relpath(os.path.dirname(module_path), root)
    package = "gemlint" if rel == "." else "gemlint." + rel.replace(os.sep, ".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_cache_and_its_codec_do_not_import_each_other() -> None:
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gemlint")
    codec = _imports_of(os.path.join(root, "cache_codec.py"))
    assert "gemlint.cache_codec" in _imports_of(os.path.join(root, "cache.py"))  # the one direction kept
    assert "gemlint.cache" not in codec and not any(n.startswith("gemlint.cache.") for n in codec)


def test_no_import_circle_between_cli_and_entry() -> None:
    """Issue 27: gemlint.entry (the console script) loads gemlint.cli only when click must parse; gemlint.cli never
    imports gemlint.entry."""
    code = "import sys, gemlint.cli; print('gemlint.entry' in sys.modules)"
    assert _python(code) == "False"
    code = "import sys, gemlint.entry; print('gemlint.cli' in sys.modules)"
    assert _python(code) == "False"
