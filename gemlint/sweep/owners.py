"""Owners from a repository's CODEOWNERS file (GitHub's and GitLab's format, last matching rule wins)."""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Tuple

from gemlint.discover import PathMatcher

LOCATIONS = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
MAX_SIZE = 3 * 1024 * 1024  # GitHub ignores larger CODEOWNERS files


class CodeOwners:
    """The rules of one CODEOWNERS file, each a gitignore-style pattern and its owners."""

    def __init__(self, root: str, rules: List[Tuple[str, Tuple[str, ...]]], path: Optional[str] = None):
        self.root = root
        self.path = path
        self.rules = [(PathMatcher([pattern], root), owners) for pattern, owners in rules]

    def owners_of(self, path: str) -> Tuple[str, ...]:
        """The owners of ``path`` (relative to the working folder, or absolute): the last matching rule's."""
        found: Tuple[str, ...] = ()
        for matcher, owners in self.rules:
            if matcher.excluded(path, False):
                found = owners
        return found

    def owners_for(self, paths: Iterable[str]) -> List[str]:
        """Everyone owning one of ``paths``; with no paths (or none owned), the owners of the whole repository."""
        owners = {owner for path in paths for owner in self.owners_of(path)}
        if not owners:
            owners = set(self.owners_of(os.path.join(self.root, "any-file")))
        return sorted(owners)


def parse_codeowners(text: str) -> List[Tuple[str, Tuple[str, ...]]]:
    """``(pattern, owners)`` rules; comments, blank lines and GitLab ``[Section]`` headers skipped."""
    rules = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or line.startswith("[") or line.startswith("^["):
            continue
        words = line.split()
        pattern, owners = words[0], tuple(w for w in words[1:] if w.startswith("@") or "@" in w)
        rules.append((pattern, owners))
    return rules


def load_codeowners(root: str) -> Optional[CodeOwners]:
    """The first CODEOWNERS file of the repository at ``root`` (GitHub's search order), or None."""
    for name in LOCATIONS:
        path = os.path.join(root, name)
        if os.path.isfile(path) and not os.path.islink(path):
            try:
                if os.path.getsize(path) > MAX_SIZE:
                    continue
                with open(path, encoding="utf-8", errors="replace") as fh:
                    return CodeOwners(root, parse_codeowners(fh.read()), name)
            except OSError:
                continue
    return None
