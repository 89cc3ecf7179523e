"""Exit codes and the one-line failure, at the bottom of the import graph: any module may import them."""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Failure(Exception):
    """A usage, configuration or environment problem: one line, exit code 2."""
