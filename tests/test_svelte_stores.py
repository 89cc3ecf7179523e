"""Svelte stores and runes carry names (``ts_svelte``): ``writable('…')`` read by ``get(store)`` and ``$store``."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, TEXT, findings, write

CALL = "ai.models.generateContent({{ model: {read}, contents: text }})"
SDK = "import {{ GoogleGenAI }} from '@google/genai';\nconst ai = new GoogleGenAI({{}});\n"


READ_MODEL = CALL.format(read="model") + ";\n"


def component(script: str) -> str:
    return f"<script>\n{script}</script>\n<p>{{answer}}</p>\n"


STORES = (
    "import { writable, get } from 'svelte/store';\n"
    + SDK.format()
    + f"export const selectedModel = writable('{TEXT}');\n"
    + "export const ask = (text) => "
    + CALL.format(read="get(selectedModel)")
    + ";\n"
)
SETTINGS = component(
    f"  import {{ selectedModel }} from './stores.js';\n  const pick = () => selectedModel.set('{LIVE}');\n"
)
CHAT = component(
    "  import { selectedModel } from './stores.js';\n"
    + SDK.format()
    + "  const send = (text) => "
    + CALL.format(read="$selectedModel")
    + ";\n"
)


def test_a_dialog_sets_the_store_that_a_component_and_a_module_read(tmp_path, monkeypatch):
    files = {"src/stores.js": STORES, "src/Settings.svelte": SETTINGS, "src/Chat.svelte": CHAT}
    write(tmp_path, {"package.json": "{}", **files})
    assert findings(tmp_path, monkeypatch) == [
        ("src/Settings.svelte", 3, "GL002", LIVE, ("src/Chat.svelte", "src/stores.js")),  # the Live model set there
    ]


def test_the_subscription_alone_reads_the_store(tmp_path, monkeypatch):
    stores = f"import {{ writable }} from 'svelte/store';\nexport const selectedModel = writable('{LIVE}');\n"
    write(tmp_path, {"package.json": "{}", "src/stores.js": stores, "src/Chat.svelte": CHAT})
    assert findings(tmp_path, monkeypatch) == [("src/stores.js", 2, "GL002", LIVE, ("src/Chat.svelte",))]


@pytest.mark.parametrize(
    "script",
    [
        "  import { writable } from 'svelte/store';\n"
        f"  const model = writable('{TEXT}');\n  const live = () => model.set('{LIVE}');\n"
        + SDK.format()
        + "  const send = (text) => "
        + CALL.format(read="$model")
        + ";\n",
        f"  let model = $state('{LIVE}');\n" + SDK.format() + "  const send = (text) => " + READ_MODEL,
        f"  let model = $derived('{LIVE}');\n" + SDK.format() + "  const send = (text) => " + READ_MODEL,
    ],
    ids=["store-in-component", "state-rune", "derived-rune"],
)
def test_a_store_or_rune_of_the_component_itself(tmp_path, monkeypatch, script):
    write(tmp_path, {"package.json": "{}", "src/Chat.svelte": component(script)})
    [(path, line, code, model, _)] = findings(tmp_path, monkeypatch)
    assert (path, code, model) == ("src/Chat.svelte", "GL002", LIVE)
    assert line == 1 + next(i for i, text in enumerate(script.split("\n"), 1) if LIVE in text)


@pytest.mark.parametrize(
    "stores",
    [
        "import { get } from 'svelte/store';\nimport { writable } from './my-store.js';\n"
        f"export const selectedModel = writable('{LIVE}');\n",
        f"export const selectedModel = '{TEXT}';\nexport const other = writable('{LIVE}');\n",
    ],
    ids=["writable-not-from-svelte", "another-store"],
)
def test_what_is_no_svelte_store_carries_nothing(tmp_path, monkeypatch, stores):
    write(tmp_path, {"package.json": "{}", "src/stores.js": stores, "src/Chat.svelte": CHAT})
    assert findings(tmp_path, monkeypatch) == []


def test_a_store_of_settings_is_read_by_its_field(tmp_path, monkeypatch):
    stores = "import { writable } from 'svelte/store';\n"
    stores += f"export const settings = writable({{ model: '{LIVE}' }});\n"
    chat = CHAT.replace("selectedModel }", "settings }").replace("$selectedModel", "$settings.model")
    write(tmp_path, {"package.json": "{}", "src/stores.js": stores, "src/Chat.svelte": chat})
    assert findings(tmp_path, monkeypatch) == [("src/stores.js", 2, "GL002", LIVE, ("src/Chat.svelte",))]


@pytest.mark.parametrize(
    "path, svelte",
    [
        ("src/App.svelte", True),
        ("src/lib/store.svelte.ts", True),
        ("src\\lib\\Chat.svelte", True),
        ("app.svelte-kit/src/util.ts", False),
        ("src/svelte.config.js", False),
    ],
)
def test_runes_and_subscriptions_belong_to_svelte_files(path, svelte):
    from gemlint.extract.typescript.components import svelte_file

    assert svelte_file(path) is svelte


def test_a_rune_outside_a_svelte_file_is_a_function_of_the_code(tmp_path, monkeypatch):
    source = SDK.format() + f"const $state = (x) => '{TEXT}';\nlet model = $state('{LIVE}');\n"
    source += "export const send = (text) => " + READ_MODEL
    write(tmp_path, {"package.json": "{}", "app.svelte-kit/chat.ts": source})
    assert findings(tmp_path, monkeypatch) == []


PICKER = (
    "<script>\n  import { selectedModel } from './stores.js';\n</script>\n"
    "<select bind:value={$selectedModel}>\n"
    f'  <option value="{TEXT}">Text</option>\n'
    f'  <option value="{LIVE}">Live</option>\n'
    "</select>\n"
)


def test_a_select_bound_to_an_imported_store_sets_it_for_every_reader(tmp_path, monkeypatch):
    files = {"src/stores.js": STORES, "src/Picker.svelte": PICKER, "src/Chat.svelte": CHAT}
    write(tmp_path, {"package.json": "{}", **files})
    # the Live option reaches both readers of the store (the module's get() and the component's $selectedModel)
    assert findings(tmp_path, monkeypatch) == [
        ("src/Picker.svelte", 6, "GL002", LIVE, ("src/Chat.svelte", "src/stores.js")),
    ]


def test_a_select_bound_to_the_components_own_store_sets_it(tmp_path, monkeypatch):
    own = PICKER.replace(
        "  import { selectedModel } from './stores.js';\n",
        "  import { writable } from 'svelte/store';\n"
        + f"  const selectedModel = writable('{TEXT}');\n"
        + SDK.format()
        + "  const send = (text) => "
        + CALL.format(read="$selectedModel")
        + ";\n",
    )
    write(tmp_path, {"package.json": "{}", "src/Picker.svelte": own})
    line = 1 + own.splitlines().index(f'  <option value="{LIVE}">Live</option>')
    assert findings(tmp_path, monkeypatch) == [("src/Picker.svelte", line, "GL002", LIVE, ("src/Picker.svelte",))]


@pytest.mark.parametrize(
    "picker",
    [
        PICKER.replace("{$selectedModel}", "{$draftModel}"),  # another store: not the one the calls read
        PICKER.replace("import { selectedModel } from './stores.js';", "const selectedModel = makeThing();"),
    ],
    ids=["other-store", "no-store"],
)
def test_a_select_bound_to_what_no_call_reads_holds_mentions(tmp_path, monkeypatch, picker):
    files = {"src/stores.js": STORES, "src/Picker.svelte": picker, "src/Chat.svelte": CHAT}
    write(tmp_path, {"package.json": "{}", **files})
    assert [f for f in findings(tmp_path, monkeypatch) if f[0] == "src/Picker.svelte" and f[2] != "GL006"] == []
