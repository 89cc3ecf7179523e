"""``gemlint server``: the click command (pygls is imported only when it runs)."""

from __future__ import annotations

import click


@click.command()
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only transport).")
def server(stdio: bool) -> int:
    """Run the language server over stdio: diagnostics, quick fixes, completion and hover in any LSP editor.

    Setup for VS Code, Neovim, Helix, Zed and Emacs: docs/editors.md.
    """
    try:
        from gemlint.server.app import serve
        from gemlint.server.project import ProjectFacts
    except ImportError as exc:  # pygls missing from a partial install
        raise click.ClickException(f"gemlint server needs pygls ({exc}); pip install 'pygls>=2'") from None
    serve(ProjectFacts())
    return 0
