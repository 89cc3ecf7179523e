#!/usr/bin/env python3
"""Write docs/rules.md from the rules' docstrings (tests/test_rules.py checks it is current)."""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gemlint.rules import rules_markdown  # noqa: E402

(ROOT / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
print("wrote docs/rules.md")
