"""Classic scripts: files a page loads with ``<script src>``, sharing one global scope instead of importing.

A plain-JavaScript app splits its code into ``geminilive.js`` (``class GeminiLiveAPI { … }``) and ``script.js``
(``new GeminiLiveAPI(token, model)``), loaded by ``index.html`` one after the other. ``script.js`` imports
nothing: ``GeminiLiveAPI`` is a global the other script declares. In a classic script (JavaScript with no
``import``/``export`` and no CommonJS), a name the file neither declares nor imports (nor a browser built-in) is
read as ``Symbol(IMPORT, GLOBALS, name)``, and the file lists the names it declares at its top level in
``Export(GLOBAL_NAMES)``. Linking (``flow.modules.Project.global_definers``) finds the file that declares the name
among the scripts of the pages that load the reader (``Export(PAGE_SCRIPTS)`` of each page in its folder or the
one above), or, for a script no page there loads, among the classic scripts of its own folder.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from gemlint.types import GLOBAL_NAMES, IMPORT, Export, Symbol

Node = Any
MAX_GLOBALS = 512  # top-level names one script lists
_MODULE_SYNTAX = ("import_statement", "export_statement")
_COMMONJS = (b"require(", b"module.exports", b"exports.")
# What a browser page has in its global scope before any script runs (read as no other script's name).
BUILTINS = frozenset(
    (
        "window document console navigator location history localStorage sessionStorage fetch JSON Math Date "
        "Object Array String Number Boolean Symbol BigInt Promise Map Set WeakMap WeakSet Error TypeError RegExp "
        "Intl Reflect Proxy URL URLSearchParams FormData Headers Request Response Blob File FileReader WebSocket "
        "Worker AudioContext AudioWorkletNode MediaStream MediaRecorder Event CustomEvent EventSource AbortController "
        "TextEncoder TextDecoder ArrayBuffer Uint8Array Int16Array Float32Array DataView atob btoa crypto performance "
        "setTimeout clearTimeout setInterval clearInterval requestAnimationFrame cancelAnimationFrame queueMicrotask "
        "structuredClone alert confirm prompt parseInt parseFloat isNaN isFinite encodeURIComponent decodeURIComponent "
        "encodeURI decodeURI globalThis self undefined NaN Infinity Image Audio Option HTMLElement Node customElements "
        "getComputedStyle matchMedia addEventListener removeEventListener dispatchEvent $ jQuery"
    ).split()
)


def is_classic(f) -> bool:
    """A classic script: JavaScript (not ``.mjs``/``.cjs``, not TypeScript) without module syntax or CommonJS."""
    found = f.flow_cache.get("classic")
    if found is None:
        found = (
            f.g.name == "javascript"
            and not f.path.endswith((".mjs", ".cjs"))
            and not any(m in f.src for m in _COMMONJS)
        )
        found = found and not any(child.type in _MODULE_SYNTAX for root in f.roots for child in root.named_children)
        f.flow_cache["classic"] = found
    return found


def free_origin(f, name: str) -> List[Tuple[str, str]]:
    """``[(GLOBALS, name)]`` for a name a classic script neither declares nor imports; else nothing."""
    from gemlint.types import GLOBALS

    if name in BUILTINS or not is_classic(f):
        return []
    return [(GLOBALS, name)]


def declared(f) -> List[str]:
    """The names a script declares at its top level: functions, classes, ``var``/``let``/``const``."""
    out: List[str] = []
    for root in f.roots:
        for child in root.named_children:
            t = child.type
            if t in ("function_declaration", "generator_function_declaration", "class_declaration"):
                name = child.child_by_field_name("name")
                if name is not None:
                    out.append(f.text(name))
            elif t in ("lexical_declaration", "variable_declaration"):
                for declarator in child.named_children:
                    name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                    if name is not None and name.type == "identifier":
                        out.append(f.text(name))
            if len(out) >= MAX_GLOBALS:
                return out
    return out


def globals_export(f) -> Tuple[Export, ...]:
    """``Export(GLOBAL_NAMES)`` of a classic script's top-level names (none for a module)."""
    if not is_classic(f):
        return ()
    names = declared(f)
    return (Export(GLOBAL_NAMES, (), tuple(Symbol(IMPORT, "", n) for n in names)),) if names else ()
