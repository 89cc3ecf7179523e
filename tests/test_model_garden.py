"""A Model Garden id in a publisher path (``gemma3@gemma-3-1b-it``) is no catalogue model.

Issue 25's ecosystem check.
"""

from __future__ import annotations

import pytest

from gemlint.extract.python.extractor import Chunk, extract_python
from gemlint.extract.typescript.extractor import extract_typescript


def py(path: str):
    refs, _ = extract_python([Chunk(f'name = "{path}"\n')], "deploy.py", lambda n: False)
    return [r.text for r in refs]


def ts(path: str):
    refs, _ = extract_typescript(f"const name = '{path}';\n", "deploy.ts", "ts", lambda n: False)
    return [r.text for r in refs]


@pytest.mark.parametrize("extract", [py, ts])
def test_model_garden_version_is_no_model(extract) -> None:
    assert extract("publishers/google/models/gemma3@gemma-3-1b-it") == []
    assert extract("projects/p/locations/l/publishers/google/models/paligemma@paligemma-224-float32") == []


@pytest.mark.parametrize("extract", [py, ts])
def test_catalogue_versions_stay_models(extract) -> None:
    assert extract("publishers/google/models/text-bison@001") == ["text-bison@001"]
    assert extract("publishers/google/models/gemini-0.1-nonexistent") == ["gemini-0.1-nonexistent"]


def test_a_tuned_models_numeric_id_is_no_catalogue_model() -> None:
    source = (
        "client.models.get(model='models/7687416965014487040')\n"
        "client.models.get(model='models/gemini-0.1-nonexistent')\n"
    )
    refs, _ = extract_python([Chunk(source)], "tuned.py", lambda n: False)
    assert [r.text for r in refs] == ["models/gemini-0.1-nonexistent"]


def test_an_attribute_docstring_is_no_reference() -> None:
    source = (
        "class Scope:\n    COLLECTION = 'COLLECTION'\n"
        '    """For example https://aiplatform.googleapis.com/publishers/google/models/gemini-0.1-nonexistent"""\n'
        "URL = 'https://aiplatform.googleapis.com/publishers/google/models/gemini-0.1-nonexistent'\n"
    )
    refs, _ = extract_python([Chunk(source)], "types.py", lambda n: False)
    assert [(r.text, r.location.line) for r in refs] == [("gemini-0.1-nonexistent", 4)]
