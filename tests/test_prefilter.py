"""The byte prefilter: nothing that can name a model is ever skipped."""

from __future__ import annotations

import pytest

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
