"""Model names in settings files: .env, YAML, JSON and TOML.

Settings carry values, not code, so each line is read for values that are a
whole model name (``GEMINI_MODEL=gemini-1.5-pro``, ``model: "gemini-3.8-flash"``).
They are checked for existence only. Lock files and package manifests are not
settings and are never read.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional

from gemlint.budget import poll
from gemlint.extract import names
from gemlint.extract.settings import recordings
from gemlint.extract.settings.settings_files import is_compose_file, is_env_file
from gemlint.types import EnvValue, Location, ModelRef

# A value: delimited by start/space/quote/=/:/,/[ before and end/space/quote/,/]/# after.
_VALUE = re.compile(
    rf"(?:(?<=^)|(?<=[\s\"'=:,\[(]))(?P<name>{names.MODEL_NAME.pattern}|[a-z][a-z0-9.\-]*)(?=$|[\s\"',\])#])"
)
_COMMENT = re.compile(r"^\s*(#|//|;)")


def extract_settings(text: str, path: str, known: Callable[[str], bool]) -> List[ModelRef]:
    """Whole-name model values in a settings file, one ref per value (none in gemlint's own baseline)."""
    refs: List[ModelRef] = []
    if _BASELINE_HEAD.match(text) or recordings.is_recording(path, text):
        return refs  # gemlint's baseline; a recorded exchange or API response (data, not settings)
    lines = text.split("\n")
    env = is_env_file(path) or is_compose_file(path)
    schema = is_json_schema(path, text)  # it documents settings: its defaults and enums are options, mentions
    for lineno, line in enumerate(lines, start=1):
        if not line or _COMMENT.match(line) or "-" not in line:
            continue
        poll()  # the time budget, where no timer interrupts (gemlint.budget)
        for m in _VALUE.finditer(line):
            value = m.group("name")
            if recordings.response_field(line, m.start("name")):
                continue  # "modelVersion": what an API answered, never a reference
            bare = value[len("models/") :] if value.startswith("models/") else value
            if names.could_be_model(value, known) and known(bare):
                # a name the inventory or lifecycle data knows: a model wherever it is set, not where it is written
                # in a sentence (`description: Uses gemini-… for speed`, `"e.g. gemini-…"`)
                keyed = not in_prose(line[max(0, m.start("name") - _KEY_WINDOW) : m.start("name")])
            elif names.looks_like_model(value):
                keyed = _names_a_model(lines, lineno - 1, m.start("name"))
                if not keyed and not env:
                    continue  # `runs-on: gemini-cli-ubuntu-16-core`: a runner label, an image, a job name
            else:
                continue
            # An unknown name under a key that names no model, in an environment file: a mention, which becomes a
            # reference if code reads the variable into a call (flow.link), and is a GL006 warning otherwise.
            refs.append(ModelRef(value, Location(path, lineno, m.start("name") + 1), settings=keyed and not schema))
    return refs


_SCHEMA_HEAD = re.compile(r'"\$schema"\s*:\s*"https?://json-schema\.org/')


def is_json_schema(path: str, text: str) -> bool:
    """A JSON Schema (``*.schema.json``, or ``"$schema": "https://json-schema.org/…"`` near its start)."""
    return path.endswith(".schema.json") or _SCHEMA_HEAD.search(text[:2000]) is not None


_MODEL_WORD = re.compile(r"model", re.IGNORECASE)
_KEY_WINDOW = 240  # characters before a value where its key or flag is looked for
_KEY_CHARS = re.compile(r"[\w.\-]+$")


def _key_before(before: str) -> Optional[str]:
    """The key or flag right before a value: ``GEMINI_MODEL: '``, ``"modelName": "``, ``--model-name=``,
    ``models: ["a", "`` (string operations from the end: linear in the look-back)."""
    text = before.rstrip(" \t\"'")
    if not text.endswith((":", "=")):
        bracket = text.rfind("[")
        if bracket < 0 or "]" in text[bracket:]:
            return None
        text = text[:bracket].rstrip()  # inside an inline list: the key that opens it
        if not text.endswith((":", "=")):
            return None
    m = _KEY_CHARS.search(text[:-1].rstrip(" \t\"'"))
    return m.group(0) if m else None


_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")
_DELIMITERS = frozenset(":=[(,{-|>")
_VALUE_START = re.compile(r"[=:\"'\[(,]")  # what may stand before a value inside a word (`MODELS=gemini-a`)


def in_prose(before: str) -> bool:
    """Whether a value follows another word on its line (``Uses gemini-…``, ``"e.g. gemini-…"``), not a key, a
    list marker, a bracket, a separator or a model flag (``--model gemini-…``): a value set, not one written about."""
    m = _WORD_BEFORE.search(before)
    if m is None:
        return False  # at the start of the line, or right after a quote, a key or a separator
    word = m.group(1)
    if names.looks_like_model(_VALUE_START.split(word)[-1]):
        return False  # `MODELS=gemini-a gemini-b`: one name of a list after another
    if word.startswith("-") and len(word) > 1:
        return not _MODEL_WORD.search(word)  # --model gemini-…: a flag that names a model
    return word[-1] not in _DELIMITERS


_TRAILING_COMMENT = re.compile(r"\s*#.*$")


def _names_a_model(lines: List[str], index: int, column: int) -> bool:
    """Whether the value at ``lines[index][column:]`` is set under a key or flag that names a model: ``model:``,
    ``GEMINI_MODEL=``, ``"modelName":``, ``--model-name=`` right before it, or, for a list item or array element
    alone on its line, the key of the nearest line above that opens it (``model:`` then ``- 'name'``)."""
    line = lines[index]
    before = line[max(0, column - _KEY_WINDOW) : column]  # a bounded look-back: a 1 MB line of names stays linear
    key = _key_before(before)
    if key is not None:
        return bool(_MODEL_WORD.search(key))
    if before.strip(" \t-[\"',"):
        return False  # after other text: a command's argument, a sentence
    indent = len(line) - len(line.lstrip())
    for above in reversed(lines[max(0, index - 200) : index]):
        stripped = above.strip()
        if not stripped or _COMMENT.match(above):
            continue
        opens = _key_before(_TRAILING_COMMENT.sub("", above))  # `model:`, `"models": [`, `MODELS = [`
        if opens is not None:
            return bool(_MODEL_WORD.search(opens))
        if len(above) - len(above.lstrip()) < indent:
            return False  # the enclosing line sets a value of its own
    return False


# The head `gemlint scan --write-baseline` writes: its entries name models, but as records, not settings.
_BASELINE_HEAD = re.compile(r'\{\s*"version":\s*\d+,\s*"tool":\s*"gemlint",')
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.]*)\s*=")
_YAML_KEY = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)\s*:")
_YAML_ENV_ITEM = re.compile(r"^(?P<indent>\s*)-\s*[\"']?(?P<key>[A-Za-z_][A-Za-z0-9_.]*)=")
_YAML_ENV_MAP = re.compile(r"^(?P<indent>\s*)[\"']?(?P<key>[A-Za-z_][A-Za-z0-9_.]*)[\"']?\s*:")


def env_keys(text: str, path: str) -> Dict[int, str]:
    """line -> environment variable set on it (.env lines, compose ``environment:`` entries)."""
    keys: Dict[int, str] = {}
    lines = text.split("\n")
    if is_env_file(path):
        for lineno, line in enumerate(lines, start=1):
            m = _ENV_LINE.match(line)
            if m:
                keys[lineno] = m.group("key")
    elif is_compose_file(path):
        block: Optional[int] = None  # indentation of the `environment:` key being read
        for lineno, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip())
            if block is not None and indent <= block and not line.lstrip().startswith("-"):
                block = None
            elif block is not None and indent < block:
                block = None
            if block is not None:
                m = _YAML_ENV_ITEM.match(line) or _YAML_ENV_MAP.match(line)
                if m:
                    keys[lineno] = m.group("key")
                continue
            m = _YAML_KEY.match(line)
            if m and m.group("key") == "environment" and not line.split(":", 1)[1].strip():
                block = indent
    return keys


def env_values(refs: List[ModelRef], text: str, path: str) -> List[EnvValue]:
    """The refs of a .env or compose file that are the value of an environment variable."""
    if not refs or not (is_env_file(path) or is_compose_file(path)):
        return []
    keys = env_keys(text, path)
    return [EnvValue(keys[r.location.line], r) for r in refs if r.location.line in keys]
