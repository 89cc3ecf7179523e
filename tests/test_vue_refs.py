"""Vue's reactivity (``ts_vue``): a ref's value, written in the file or exported by a module, reaches the call."""

from __future__ import annotations

from tests.test_crossfile import LIVE, TEXT, findings, write

HEAD = '<script setup lang="ts">\nimport { ref, computed } from "vue";\nimport { GoogleGenAI } from "@google/genai";\n'
AI = "const ai = new GoogleGenAI({});\n"


def codes(tmp_path, monkeypatch):
    return [(p, n, c, m) for p, n, c, m, _ in findings(tmp_path, monkeypatch)]


def test_a_ref_and_its_writes_in_the_component(tmp_path, monkeypatch):
    source = HEAD + AI + f'const model = ref("{TEXT}");\nfunction pick() {{ model.value = "{LIVE}"; }}\n'
    source += "const go = () => ai.models.generateContent({ model: model.value, contents: 'x' });\n</script>\n"
    write(tmp_path, {"Chat.vue": source})
    assert codes(tmp_path, monkeypatch) == [("Chat.vue", 6, "GL002", LIVE)]  # the write; the initial one fits


def test_a_computed_value(tmp_path, monkeypatch):
    source = HEAD + AI + f'const live = computed(() => "{TEXT}");\n'
    source += "const go = () => ai.live.connect({ model: live.value, callbacks: {} });\n</script>\n"
    write(tmp_path, {"Live.vue": source})
    assert codes(tmp_path, monkeypatch) == [("Live.vue", 5, "GL002", TEXT)]


def test_a_ref_exported_by_a_module(tmp_path, monkeypatch):
    consumer = '<script setup lang="ts">\nimport { GoogleGenAI } from "@google/genai";\n'
    consumer += 'import { liveModel } from "./settings";\n'
    consumer += AI + "const go = () => ai.live.connect({ model: liveModel.value, callbacks: {} });\n</script>\n"
    write(
        tmp_path,
        {
            "settings.ts": f'import {{ ref }} from "vue";\nexport const liveModel = ref("{TEXT}");\n',
            "Live.vue": consumer,
        },
    )
    assert codes(tmp_path, monkeypatch) == [("settings.ts", 2, "GL002", TEXT)]


def test_ref_from_elsewhere_is_no_vue_ref(tmp_path, monkeypatch):
    own = 'import { onMounted } from "vue";\nimport { ref, computed } from "./my-refs"'
    source = HEAD.replace('import { ref, computed } from "vue"', own) + AI + f'const model = ref("{LIVE}");\n'
    source += "const go = () => ai.models.generateContent({ model: model.value, contents: 'x' });\n</script>\n"
    write(tmp_path, {"Chat.vue": source})
    assert codes(tmp_path, monkeypatch) == []  # a listed name in a mention: nothing to say


SETTINGS = f'import {{ ref }} from "vue";\nexport const model = ref("{TEXT}");\n'
DIALOG = '<script setup lang="ts">\nimport { model } from "./settings";\n'
DIALOG += f'const live = () => {{ model.value = "{LIVE}"; }};\n'
DIALOG += '</script>\n<template><button @click="live">Live</button></template>\n'


def test_another_file_writes_an_exported_ref(tmp_path, monkeypatch):
    chat = 'import { GoogleGenAI } from "@google/genai";\nimport { model } from "./settings";\n' + AI
    chat += "export const go = () => ai.models.generateContent({ model: model.value, contents: 'x' });\n"
    write(tmp_path, {"settings.ts": SETTINGS, "Dialog.vue": DIALOG, "chat.ts": chat})
    assert codes(tmp_path, monkeypatch) == [("Dialog.vue", 3, "GL002", LIVE)]  # the dialog's Live model


def test_the_module_of_the_ref_reads_what_another_file_writes(tmp_path, monkeypatch):
    settings = SETTINGS.replace('"vue";\n', '"vue";\nimport { GoogleGenAI } from "@google/genai";\n') + AI
    settings += "export const go = () => ai.models.generateContent({ model: model.value, contents: 'x' });\n"
    write(tmp_path, {"settings.ts": settings, "Dialog.vue": DIALOG})
    assert codes(tmp_path, monkeypatch) == [("Dialog.vue", 3, "GL002", LIVE)]
