"""Behaviour pinned down where mutation testing (mutmut, see tests/README.md) found the suite blind: rules_found."""
