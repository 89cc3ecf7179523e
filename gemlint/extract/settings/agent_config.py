"""ADK agent configs (``root_agent.yaml``): the ``model:`` of an agent is a generateContent call site.

google-adk builds a google-genai client for the agent, so the model follows the project's platform
(``GOOGLE_GENAI_USE_VERTEXAI``) like ``Agent(model=…)`` in code. A YAML or JSON file is an agent config
when it has an ``instruction`` or ``agent_class`` key besides ``name`` and ``model``.
"""

from __future__ import annotations

import re
from typing import List

from gemlint.types import GEMINI, CallSite, ModelRef

KIND = "ADK agent config"
_SUFFIXES = (".yaml", ".yml", ".json")
# A key at the start of a YAML line, or a quoted JSON key anywhere.
_MARK = re.compile(r"(?:^[ \t]*(?:instruction|agent_class)[ \t]*:|\"(?:instruction|agent_class)\"\s*:)", re.M)
_NAME = re.compile(r"(?:^[ \t]*(?:-[ \t]+)?name[ \t]*:|\"name\"\s*:)", re.M)
# What precedes the value of a `model` key: `model: `, `- model: "`, `"model": "`
_MODEL_KEY = re.compile(r"(?:^|[\s{,])(?:-\s+)?[\"']?model[\"']?\s*:\s*[\"']?$")


def is_agent_config(path: str, text: str) -> bool:
    """A YAML/JSON file that describes an ADK agent (``name``, ``model`` and ``instruction``/``agent_class``)."""
    return path.endswith(_SUFFIXES) and _MARK.search(text) is not None and _NAME.search(text) is not None


def agent_sites(refs: List[ModelRef], text: str, path: str) -> List[ModelRef]:
    """``refs`` with the agents' ``model:`` values tied to an agent call site (generateContent, platform from
    the environment)."""
    if not refs or not is_agent_config(path, text):
        return refs
    lines = text.split("\n")
    out = []
    for ref in refs:
        line = lines[ref.location.line - 1] if 0 < ref.location.line <= len(lines) else ""
        if ref.site is None and _MODEL_KEY.search(line[: ref.location.column - 1]):
            ref = ref._replace(site=CallSite(KIND, "generateContent", ref.location, GEMINI, True))
        out.append(ref)
    return out
