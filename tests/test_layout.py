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
    "gemlint.extract.typescript",
    "gemlint.extract.ts_grammar",
    "gemlint.extract.ts_tables",
    "gemlint.extract.ts_values",
    "gemlint.entry",
    "gemlint.quick_scan",
    "gemlint.options",
    "gemlint.echo",
    "gemlint.records",
    "gemlint.scan_command",
    "gemlint.extract.settings_files",
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
        "import sys\nfrom gemlint.cli import run\n"
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
        "import sys\nfrom gemlint.cli import run\n"
        "print(run(['scan', '--no-cache', '.']), 'tree_sitter' in sys.modules)\n"
    )
    assert _python(code, cwd=tmp_path).splitlines()[-1] == "1 True"
