"""HTML pages: their inline scripts, and the model names their form controls hold (and a Vue template's selects).

A one-page app keeps its model choice in the markup: ``<select id="model">`` with its ``<option value="…">``s
(or ``<option>…</option>``), ``<input id="model" value="…">``, an input's ``<datalist>``. A script reads it by
``document.getElementById('model').value`` (``ts_dom``), in the page or in a file of its own, and passes it to the
API. Each control's model names are written into the keyed store ``Symbol(STORE, "dom", id)`` that read takes
(approximate: which page's control a script reads is not known), and stay mentions where nothing reads them.

A Vue component's ``<select v-model="model">`` (``model`` a ref of its script) writes its options' model names
into the ref's value, which the script reads as ``model.value``; a Svelte component's ``<select
bind:value={model}>`` into the node ``model.value`` that its script's reads of ``model`` take too: exact, the
select holds one of them.

The inline scripts are one JavaScript program read in place (``components.script_text``). Scripts, styles,
templates, text areas and comments are blanked before the controls are looked for, so markup a script builds as
text is the script's.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from gemlint.extract import names
from gemlint.extract.typescript.components import blanked
from gemlint.types import DOM_STORE, IMPORT, PAGE_SCRIPTS, STORE, Export, Location, ModelRef, Symbol, Write

MAX_VALUES = 512  # model names read from one page's controls

_HIDDEN = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
# In a component the <template> is the markup: only its scripts, styles, text areas and comments are hidden.
_HIDDEN_IN_COMPONENT = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*\Z")
_TAG = re.compile(r"""<(/?)(select|option|input|datalist)\b((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

Value = Tuple[int, str]  # (offset in the page, the value as written)


def controls(text: str, key: str = "id") -> Dict[str, List[Value]]:
    """Element id -> the values its controls hold: a ``<select>``'s options, an ``<input>``'s ``value`` and the
    options of the ``<datalist>`` it names (``list="…"``). With ``key="v-model"`` (a Vue component's template):
    the ref each ``<select v-model="ref">`` binds -> its options."""
    component = key != "id"
    markup = markup_view(text, component)
    found: Dict[str, List[Value]] = {}
    lists: Dict[str, List[Value]] = {}
    inputs: List[Tuple[str, str]] = []  # (input id, datalist id)
    holder = None  # the open <select>'s or <datalist>'s values
    count = 0
    for m in _TAG.finditer(markup):
        closing, tag = m.group(1), m.group(2).lower()
        if tag in ("select", "datalist"):
            holder = None
            if not closing and (tag == "select" or not component):
                ident = _attributes(m).get(key)
                if ident:
                    holder = (found if tag == "select" else lists).setdefault(ident[1], [])
            continue
        if closing or count >= MAX_VALUES:
            continue
        attrs = _attributes(m)
        if tag == "option" and holder is not None:
            value = attrs.get("value") or _option_text(markup, m.end())
            if value is not None:
                holder.append(value)
                count += 1
        elif tag == "input" and "id" in attrs and not component:
            ident = attrs["id"][1]
            if "value" in attrs:
                found.setdefault(ident, []).append(attrs["value"])
                count += 1
            if "list" in attrs:
                inputs.append((ident, attrs["list"][1]))
    for ident, datalist in inputs:
        found.setdefault(ident, []).extend(lists.get(datalist, ()))
    return {k: v for k, v in found.items() if v}


# Server-side template tags a page's script may hold (Jinja, Django, Liquid, Handlebars, Go; EJS, ERB, JSP; PHP).
_TEMPLATE_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#[^\n]*?#\}|<%.*?%>|<\?(?:php\b|=)?.*?\?>", re.S)
_EXPRESSION_TAGS = ("{{", "<%=", "<%-", "<?=")


def without_template_tags(script: str) -> str:
    """A page's script with its server-side template tags blanked in place: an expression tag (``{{ model }}``,
    ``<%= x %>``) becomes ``0`` and spaces, a statement tag (``{% if %}``, ``<% … %>``) spaces; line ends kept.
    A template renders valid JavaScript; read with its tags in place it would be a syntax error."""
    if "{{" not in script and "{%" not in script and "<%" not in script and "<?" not in script:
        return script

    def blank(m: re.Match) -> str:
        body = blanked(m.group(0))
        return "0" + body[1:] if m.group(0).startswith(_EXPRESSION_TAGS) else body

    return _TEMPLATE_TAGS.sub(blank, script)


def markup_view(text: str, component: bool = False) -> str:
    """``text`` with its scripts, styles, templates (a page's; a component's is its markup), text areas and comments
    blanked (line ends kept)."""
    hidden = _HIDDEN_IN_COMPONENT if component else _HIDDEN
    return hidden.sub(lambda m: blanked(m.group(0)), text) if "<" in text else text


_V_FOR = re.compile(r"\(?\s*([A-Za-z_$][\w$]*)\s*(?:,\s*[A-Za-z_$][\w$]*\s*)?\)?\s+(?:in|of)\s+([A-Za-z_$][\w$]*)\s*\Z")
_MEMBER = re.compile(r"([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?\Z")
Loop = Tuple[str, str, str]  # (the select's binding as written, the list its options iterate, an element's field or "")


def vue_loops(text: str) -> List[Loop]:
    """``<select v-model="selected"><option v-for="m in models" :value="m.id">``: ``("selected", "models", "id")``
    (``""`` for ``:value="m"``; ``config.model`` for ``v-model="config.model"``), for the script to resolve
    ``models`` (``TsFile`` of the component) and write into the nodes of ``bound_nodes``."""
    out: List[Loop] = []
    bound = None
    for m in _TAG.finditer(markup_view(text, True)):
        closing, tag = m.group(1), m.group(2).lower()
        if tag == "select":
            ident = _attributes(m).get(VUE_BIND) if not closing else None
            bound = ident[1].strip() if ident and bound_nodes(ident[1], VUE_BIND) else None
            continue
        if tag != "option" or closing or not bound:
            continue
        attrs = _attributes(m)
        loop = _V_FOR.match(attrs.get("v-for", (0, ""))[1].strip())
        value = attrs.get(":value") or attrs.get("v-bind:value")
        shape = _MEMBER.match(value[1].strip()) if value else None
        if loop and shape and shape.group(1) == loop.group(1) and len(out) < MAX_VALUES:
            out.append((bound, loop.group(2), shape.group(2) or ""))
    return out


_SVELTE_SELECT = re.compile(r"<select\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</select\s*>", re.S | re.I)
_EACH = re.compile(r"\{#each\s+([A-Za-z_$][\w$]*)\s+as\s+([A-Za-z_$][\w$]*)")
_BRACED = re.compile(r"""\s*["']?\s*\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*\}\s*["']?\s*\Z""")


def svelte_loops(text: str) -> List[Loop]:
    """``<select bind:value={selected}>{#each models as m}<option value={m.id}>``: ``("{selected}", "models",
    "id")`` (``""`` for ``value={m}``; ``{$model}`` for a store), for the script to resolve ``models``."""
    out: List[Loop] = []
    for select in _SVELTE_SELECT.finditer(markup_view(text, True)):
        attrs = {
            a.group(1).lower(): next((g for g in a.groups()[1:] if g is not None), "")
            for a in _ATTR.finditer(select.group(1))
        }
        bound = attrs.get(SVELTE_BIND, "").strip()
        bound = bound if bound_nodes(bound, SVELTE_BIND) else ""
        each = _EACH.search(select.group(2))
        if not bound or each is None:
            continue
        for option in _TAG.finditer(select.group(2)):
            if option.group(2).lower() != "option" or option.group(1):
                continue
            value = _attributes(option).get("value")
            shape = _BRACED.match(value[1]) if value else None
            parts = shape.group(1).split(".") if shape else []
            if parts and parts[0] == each.group(2) and len(out) < MAX_VALUES:
                out.append((bound, each.group(1), parts[1] if len(parts) > 1 else ""))
    return out


def _attributes(m: re.Match) -> Dict[str, Value]:
    """A tag's attributes: name (lower case) -> (offset of the value, the value)."""
    out: Dict[str, Value] = {}
    base = m.start(3)
    for a in _ATTR.finditer(m.group(3)):
        for group in (2, 3, 4):
            if a.group(group) is not None:
                out.setdefault(a.group(1).lower(), (base + a.start(group), a.group(group)))
                break
    return out


def _option_text(markup: str, at: int) -> Value:
    """``<option>gemini-…</option>``: the text up to the next tag, without the space around it."""
    end = markup.find("<", at)
    raw = markup[at : end if end >= 0 else len(markup)]
    return at + len(raw) - len(raw.lstrip()), raw.strip()


_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_CLASSIC_TYPES = frozenset(("", "text/javascript", "application/javascript", "text/ecmascript"))
MAX_SCRIPTS = 64


def classic_sources(text: str) -> List[str]:
    """The ``src`` of each classic script the page loads from the project (``<script src="app.js">``; not a
    module, not another site's), query and fragment cut: the scripts that share the page's global scope."""
    from gemlint.extract.typescript.components import SCRIPT, script_type

    out: List[str] = []
    for m in SCRIPT.finditer(text):
        src = _SRC.search(m.group(1))
        if src is None or script_type(m.group(1)) not in _CLASSIC_TYPES:
            continue
        spec = next(g for g in src.groups() if g is not None).split("?")[0].split("#")[0].strip()
        if spec and ":" not in spec and not spec.startswith("//") and spec not in out:
            out.append(spec)
        if len(out) >= MAX_SCRIPTS:
            break
    return out


def scripts_export(specs: List[str]) -> Tuple[Export, ...]:
    """``Export(PAGE_SCRIPTS)`` of the classic scripts a page loads (``classic_sources``; none when it loads none)."""
    return (Export(PAGE_SCRIPTS, (), tuple(Symbol(IMPORT, spec, "") for spec in specs)),) if specs else ()


def template_binds(keys: Iterable[str]) -> frozenset:
    """The variables a Svelte component's ``<select bind:value={model}>``s bind (read as ``model.value`` too), and
    the stores its ``<select bind:value={$model}>``s set (as ``$model``: ``ts_svelte.bound_store_writes``), of the
    bindings as written (the keys of ``controls(text, SVELTE_BIND)``: every select with an option)."""
    return frozenset(b for b in (_bound(k) or _subscribed(k) for k in keys) if b)


def _unbraced(key: str) -> str:
    """A binding as written, without Svelte's braces: ``model`` of ``{model}`` or of Vue's ``model``."""
    return key.strip().strip("{}").strip()


def _subscribed(key: str) -> str:
    """``$model`` of ``{$model}`` (a Svelte store's subscription); ``""`` for anything else."""
    name = _unbraced(key)
    return name if name.startswith("$") and _IDENTIFIER.match(name[1:]) else ""


def _bound(key: str) -> str:
    """``model`` of ``{model}`` (Svelte) or ``model`` (Vue); ``""`` for anything else (``$store``, ``a.b``)."""
    name = _unbraced(key)
    return name if _IDENTIFIER.match(name) and not name.startswith("$") else ""


_FIELD_PATH = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){1,3}\Z")


def bound_nodes(key: str, binding: str) -> Tuple[str, ...]:
    """The nodes of the component's script a bound select writes: ``model.value`` for ``v-model="model"`` (a ref)
    or ``bind:value={model}``; for Vue's ``v-model="config.model"``, the field of a ``reactive`` object
    (``config.model``) and of a ref holding an object (``config.value.model``, unwrapped in the template); for the
    Options API, ``this.model`` / ``this.config.model`` (the fields ``data()`` returns, ``ts_vue.options_data``).
    Svelte's ``bind:value={settings.model}``: the field of a ``$state({…})`` object; ``{$model}``: the node
    ``$model`` (``ts_svelte.bound_store_writes``)."""
    name = _bound(key)
    if name:
        return (f"{name}.value", f"this.{name}") if binding == VUE_BIND else (f"{name}.value",)
    if binding == SVELTE_BIND:
        store = _subscribed(key)  # {$model}: the node $model, written on into the store (ts_svelte)
        path = _unbraced(key)  # {settings.model}: a field of a $state object
        return (store,) if store else (path,) if _FIELD_PATH.match(path) and not path.startswith("$") else ()
    path = key.strip()
    if not _FIELD_PATH.match(path):
        return ()
    head, _, rest = path.partition(".")
    return (path, f"{head}.value.{rest}", f"this.{path}") if head != "this" else ()


VUE_BIND = "v-model"
SVELTE_BIND = "bind:value"


def control_facts(
    text: str, path: str, known: Callable[[str], bool], binding: str = "", found: Optional[Dict] = None
) -> Tuple[List[ModelRef], List[Write]]:
    """The model names a page's controls hold, as mentions, and the writes into each control's store node; in a
    component (``binding``: ``VUE_BIND``, ``SVELTE_BIND``), a ``<select v-model="model">``'s or ``<select
    bind:value={model}>``'s into the node ``model.value`` its script reads (``ts_vue``; ``TsFile.resolve``)."""
    refs: List[ModelRef] = []
    writes: List[Write] = []
    for ident, values in (controls(text, binding or "id") if found is None else found).items():
        held = []
        for offset, value in values:
            name = value.strip()
            if not names.could_be_model(name, known):
                continue
            offset += len(value) - len(value.lstrip())
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            ref = ModelRef(name, Location(path, line, column), None, text.startswith(name, offset))
            refs.append(ref)
            held.append(ref)
        if held and binding:
            for target in bound_nodes(ident, binding):
                writes.append(Write(Symbol(IMPORT, "", target), tuple(held)))
        elif held:
            writes.append(Write(Symbol(STORE, DOM_STORE, ident), tuple(held), approximate=True))
    return refs, writes
