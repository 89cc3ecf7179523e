"""## What it does
Flags a `# gemlint: ignore[...]` (or `// gemlint: ignore[...]`) comment that
suppresses nothing: no finding of the named codes is reported on its line.

## Why is this bad?
Stale suppressions hide the next real problem on that line and make a reader
believe there is something to ignore. Like ruff's RUF100, gemlint reports
them so suppressions do not rot.

## Example
```python
MODEL = "gemini-3.8-flash"  # gemlint: ignore[GL001]
```

## Use instead
```python
MODEL = "gemini-3.8-flash"
```
"""

from __future__ import annotations

CODE = "GL900"
NAME = "unused-suppression"
SEVERITY = "warning"
SUMMARY = "Suppression comment that suppresses nothing"
VALID = ['client.models.generate_content(model="gemini-9.9-nope")  # gemlint: ignore[GL001]\n']
INVALID = ['MODEL = "gemini-3.8-flash"  # gemlint: ignore[GL001]\n']


def check(group, ctx):
    """Literal groups never produce GL900; the suppression step does (see gemlint.suppress)."""
    return []
