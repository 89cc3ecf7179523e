"""The byte prefilter: nothing that can name a model is ever skipped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gemlint.api import known_names
from gemlint.extract import names
from gemlint.inventory import load_inventory
from gemlint.inventory.lifecycle import load_lifecycle

KNOWN = sorted(known_names(load_inventory(), load_lifecycle()))


@pytest.mark.parametrize("check", [names.may_mention_model, names.contains_any], ids=["default", "without-re2"])
def test_every_known_name_passes_the_prefilter(check):
    for name in KNOWN:
        assert check(f'x = "{name}"\n'.encode()), name
    assert check(b"url = BASE + '/models/x:generateContent'")
    assert check(b"x = 1  # gemlint: ignore")


@pytest.mark.parametrize("check", [names.may_mention_model, names.contains_any], ids=["default", "without-re2"])
def test_unrelated_code_is_filtered_out(check):
    assert not check(b"import os\n\ndef main():\n    return os.getcwd()\n")
    assert not check("print('héllo — wörld')\n".encode())


@given(st.text(alphabet=st.sampled_from(list("gemnaiv-lyrbdsqo.x/é\udcff ")), max_size=30))
def test_the_text_form_agrees_with_the_byte_form(text):
    """``has_token`` (one literal, no encoding) answers as ``contains_any`` over its UTF-8 (a lone surrogate too)."""
    assert names.has_token(text) == names.contains_any(text.encode("utf-8", "surrogatepass"))


def test_the_text_form_finds_every_known_name():
    assert all(names.has_token(name) for name in KNOWN)
    assert not names.has_token("response.text")
