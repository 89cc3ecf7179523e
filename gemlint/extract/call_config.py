"""What a call's config asks of the model: its output modalities and whether it wants speech.

``response_modalities`` (``responseModalities``) in ``types.GenerateContentConfig(...)``,
``types.LiveConnectConfig(...)``, a dict or object literal, a ``generation_config`` inside them, or
directly on the call (the Interactions API), followed through names bound in the file. Items are
strings (``"IMAGE"``, ``"image"``) or ``Modality.IMAGE``. Only what is written as constants counts:
a list built at run time asks for nothing gemlint can check.
"""

from __future__ import annotations

import ast
from typing import Any, List, Optional, Tuple

MODALITY_KEYS = ("response_modalities", "responseModalities")
SPEECH_KEYS = ("speech_config", "speechConfig")
NESTED_KEYS = ("config", "generation_config", "generationConfig")
KNOWN = ("TEXT", "IMAGE", "AUDIO", "VIDEO")
_MAX_DEPTH = 6

Config = Tuple[Tuple[str, ...], bool]  # (modalities, speech)


def modality_name(text: str) -> Optional[str]:
    """``IMAGE`` for ``"image"``, ``"IMAGE"``, ``Modality.IMAGE`` (its last part); None for anything else."""
    name = text.rsplit(".", 1)[-1].strip().upper()
    return name if name in KNOWN else None


def py_config(call: ast.Call, ex: Any) -> Config:
    """The modalities and speech request of a Python call (``ex``: the extractor, for name look-ups)."""
    modalities: List[str] = []
    speech = False
    for kw in call.keywords:
        if kw.arg in MODALITY_KEYS:
            modalities += _py_list(kw.value, ex, 0)
        elif kw.arg in SPEECH_KEYS:
            speech = speech or not _is_none(kw.value)
        elif kw.arg in NESTED_KEYS:
            m, s = _py_container(kw.value, ex, 0)
            modalities += m
            speech = speech or s
    return tuple(dict.fromkeys(modalities)), speech


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _values(expr: ast.AST, ex: Any, depth: int) -> List[ast.AST]:
    """``expr``, or what a name holds (every binding the extractor knows)."""
    if isinstance(expr, ast.Name) and depth < _MAX_DEPTH:
        try:
            found = ex._lookup_name(expr.id, expr)
        except Exception:  # a look-up gemlint cannot make: nothing asked
            return []
        return [v for v, _ in found]
    return [expr]


def _py_container(expr: ast.AST, ex: Any, depth: int) -> Config:
    modalities: List[str] = []
    speech = False
    if depth > _MAX_DEPTH:
        return (), False
    for value in _values(expr, ex, depth):
        pairs: List[Tuple[str, ast.AST]] = []
        if isinstance(value, ast.Call):
            pairs = [(kw.arg, kw.value) for kw in value.keywords if kw.arg]
        elif isinstance(value, ast.Dict):
            pairs = [
                (k.value, v)
                for k, v in zip(value.keys, value.values)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
        elif isinstance(value, ast.Name):
            m, s = _py_container(value, ex, depth + 1)
            modalities += m
            speech = speech or s
        for key, v in pairs:
            if key in MODALITY_KEYS:
                modalities += _py_list(v, ex, depth + 1)
            elif key in SPEECH_KEYS:
                speech = speech or not _is_none(v)
            elif key in NESTED_KEYS:
                m, s = _py_container(v, ex, depth + 1)
                modalities += m
                speech = speech or s
    return tuple(modalities), speech


def _py_list(expr: ast.AST, ex: Any, depth: int) -> List[str]:
    out: List[str] = []
    if depth > _MAX_DEPTH:
        return out
    for value in _values(expr, ex, depth):
        if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            for item in value.elts:
                name = _py_item(item)
                if name:
                    out.append(name)
        elif isinstance(value, ast.Name):
            out += _py_list(value, ex, depth + 1)
    return out


def _py_item(item: ast.AST) -> Optional[str]:
    if isinstance(item, ast.Constant) and isinstance(item.value, str):
        return modality_name(item.value)
    if isinstance(item, ast.Attribute):
        return modality_name(item.attr)
    return None


# -- TypeScript / JavaScript (tree-sitter nodes; ``f`` is ts_values.TsFile) ------------------------------


def ts_config(call: Any, f: Any) -> Config:
    """The modalities and speech request in a call's first argument (``{ model, config: { … } }``)."""
    from gemlint.extract.typescript.ts_values import first_arg

    arg = first_arg(call)
    if arg is None:
        return (), False
    try:
        modalities, speech = _ts_objects(f.resolve(arg, True), f, 0)
    except Exception:  # an odd tree: nothing asked
        return (), False
    return tuple(dict.fromkeys(modalities)), speech


def _ts_objects(objects: List[Any], f: Any, depth: int) -> Tuple[List[str], bool]:
    modalities: List[str] = []
    speech = False
    if depth > _MAX_DEPTH:
        return modalities, speech
    for obj in objects:
        for key in MODALITY_KEYS:
            for value in f.property(obj, key):
                modalities += _ts_list(value, f, 0)
        for key in SPEECH_KEYS:
            values = [v for v in f.property(obj, key) if not isinstance(v, tuple)]
            speech = speech or any(v.type not in ("null", "undefined") for v in values)
        for key in NESTED_KEYS:
            for value in f.property(obj, key):
                if isinstance(value, tuple):
                    continue
                m, s = _ts_objects(f.resolve(value, True), f, depth + 1)
                modalities += m
                speech = speech or s
    return modalities, speech


def _ts_list(node: Any, f: Any, depth: int) -> List[str]:
    out: List[str] = []
    if isinstance(node, tuple) or depth > _MAX_DEPTH:
        return out
    if node.type in ("identifier", "shorthand_property_identifier"):
        for bound in f.bindings().get(f.text(node), ()):
            out += _ts_list(bound, f, depth + 1)
        return out
    if node.type in ("as_expression", "parenthesized_expression", "satisfies_expression") and node.named_child_count:
        return _ts_list(node.named_child(0), f, depth + 1)
    if node.type != "array":
        return out
    for item in node.named_children:
        name: Optional[str] = None
        if item.type in ("string", "template_string"):
            lit = f.literal(item)
            name = modality_name(lit.value) if lit is not None and lit.static else None
        elif item.type == "member_expression":
            prop = item.child_by_field_name("property")
            name = modality_name(f.text(prop)) if prop is not None else None
        if name:
            out.append(name)
    return out
