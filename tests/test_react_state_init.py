"""React state's initial value reaches the call that reads it: ``useReducer``'s initial state, ``useState``'s lazy
initializer (``ts_values.bindings``)."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, findings, write

HEAD = "import { useReducer, useState } from 'react';\nimport { GoogleGenAI } from '@google/genai';\n"
HEAD += "const ai = new GoogleGenAI({});\n"
CALL = "  const go = () => ai.models.generateContent({{ model: {read}, contents: 'x' }});\n  return null;\n}}\n"


@pytest.mark.parametrize(
    "state, read",
    [
        (f"const [state, dispatch] = useReducer(reducer, {{ selectedModel: '{LIVE}', n: 1 }});", "state.selectedModel"),
        (
            f"const [settings] = useState(() => {{\n    return {{ selectedModel: '{LIVE}' }};\n  }});",
            "settings.selectedModel",
        ),
        (f"const [settings] = useState(() => ({{ selectedModel: '{LIVE}' }}));", "settings.selectedModel"),
        (f"const [model, setModel] = useState(() => '{LIVE}');", "model"),
    ],
    ids=["use-reducer", "lazy-state-block", "lazy-state-object", "lazy-state-string"],
)
def test_the_initial_state_reaches_the_call(tmp_path, monkeypatch, state, read):
    source = HEAD + "export function App() {\n  " + state + "\n" + CALL.format(read=read)
    write(tmp_path, {"package.json": "{}", "src/App.tsx": source})
    [(path, line, code, model, _)] = findings(tmp_path, monkeypatch)
    assert (path, code, model) == ("src/App.tsx", "GL002", LIVE)
    assert line == next(i for i, text in enumerate(source.split("\n"), 1) if LIVE in text)
