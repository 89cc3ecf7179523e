"""gemlint: find Gemini model names that will fail at run time."""

__version__ = "0.3.0"
