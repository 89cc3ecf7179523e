"""``gemlint server``: the Language Server Protocol front end of the scan pipeline.

One module per concern, none of them a second extractor:

- ``settings``: client settings over ``[tool.gemlint]``, and the scanner for a file (re-stated before each check);
- ``units``: what is checked as one file (a text document, or a notebook built from its cell documents);
- ``checker``: open units → findings through ``gemlint.api.check_text``, with a hook for project-level checks;
- ``diagnostics``: findings → LSP diagnostics; ``actions``: quick fixes; ``assist``: completion and hover;
- ``app``: the pygls server (imported only by ``gemlint server``, so ``gemlint scan`` never loads pygls).
"""
