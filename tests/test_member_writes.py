"""A field written from another file reaches the readers of that field (``ts_flow._member_writes``, state patches)."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, TEXT, findings, write

SDK = "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\n"
PINIA = "import { defineStore } from 'pinia';\n"
PINIA += f"export const useSettings = defineStore('s', {{ state: () => ({{ model: '{TEXT}' }}) }});\n"
ZUSTAND = f"import {{ create }} from 'zustand';\nexport const useZ = create(() => ({{ model: '{TEXT}' }}));\n"
CONFIG = f"export const config = {{ model: '{TEXT}', temperature: 0 }};\n"

CASES = {
    "pinia-mutation": (
        PINIA,
        "import { useSettings } from './store';\nconst s = useSettings();\n"
        f"export const live = () => {{ s.model = '{LIVE}'; }};\n",
        "import { useSettings } from './store';\n",
        "useSettings().model",
    ),
    "pinia-patch": (
        PINIA,
        "import { useSettings } from './store';\n"
        f"export const live = () => useSettings().$patch({{ model: '{LIVE}' }});\n",
        "import { useSettings } from './store';\n",
        "useSettings().model",
    ),
    "zustand-set-state": (
        ZUSTAND,
        f"import {{ useZ }} from './store';\nexport const live = () => useZ.setState({{ model: '{LIVE}' }});\n",
        "import { useZ } from './store';\n",
        "useZ.getState().model",
    ),
    "module-object": (
        CONFIG,
        f"import {{ config }} from './store';\nexport function live() {{ config.model = '{LIVE}'; }}\n",
        "import { config } from './store';\n",
        "config.model",
    ),
}


@pytest.mark.parametrize("store, dialog, imports, read", CASES.values(), ids=CASES.keys())
def test_a_field_set_in_one_file_reaches_the_call_in_another(tmp_path, monkeypatch, store, dialog, imports, read):
    chat = (
        imports
        + SDK
        + f"export const send = (text: string) => ai.models.generateContent({{ model: {read}, contents: text }});\n"
    )
    write(tmp_path, {"package.json": "{}", "src/store.ts": store, "src/dialog.ts": dialog, "src/chat.ts": chat})
    assert findings(tmp_path, monkeypatch) == [("src/dialog.ts", dialog.count("\n"), "GL002", LIVE, ("src/chat.ts",))]


def test_a_field_of_this_or_of_a_local_object_is_no_other_files_field(tmp_path, monkeypatch):
    dialog = (
        "import { config } from './store';\n"
        f"class Dialog {{ model = '{TEXT}'; live() {{ this.model = '{LIVE}'; }} }}\n"
        f"const local = {{ model: '{TEXT}' }};\nlocal.model = '{LIVE}';\nexport {{ Dialog, local }};\n"
    )
    chat = (
        "import { config } from './store';\n"
        + SDK
        + "export const send = () => ai.models.generateContent({ model: config.model, contents: 'x' });\n"
    )
    write(tmp_path, {"package.json": "{}", "src/store.ts": CONFIG, "src/dialog.ts": dialog, "src/chat.ts": chat})
    assert findings(tmp_path, monkeypatch) == []
