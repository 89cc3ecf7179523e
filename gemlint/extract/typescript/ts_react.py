"""React value flow: ``<select>`` options, ``useState`` setters, ``createContext`` defaults.

- A Radix or shadcn/ui ``<Select onValueChange={…}>``: what it passes is the ``value`` of one of its items
  (``<SelectItem value="…">``, written inline or by a ``.map``), written into the slot ``Select#0.onValueChange#0``
  that the handler's parameter (or the ``useState`` setter given as the handler) reads.

- A ``<select>`` whose ``onChange`` reads ``e.target.value``: that value is one
  of its ``<option value={…}>`` values (written inline, or rendered by a
  ``.map`` over an array of objects). When the select renders
  ``{children}`` instead (a component library's ``Select`` wrapping a native
  select), the value is any option this file renders (its ``SelectItem``'s
  ``<option value={value}>``): the file's option node (``OPTIONS``,
  approximate).
- ``const [config, setConfig] = useState<T>(init)``: ``setConfig(x)`` calls
  are values of ``config`` in the file, and with a type argument ``init`` and
  every ``x`` are written into ``T``'s fields.
- ``const Ctx = createContext(default)``: ``default`` is a value of the
  ``Ctx.Provider#0.value`` node that ``useContext(Ctx)`` reads, beside the
  ``value`` props of ``<Ctx.Provider>``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from gemlint.extract.typescript import ts_origins as o
from gemlint.types import IMPORT, Symbol

Node = Any
OPTIONS = "<option>"  # the node of the option values a file renders
_EVENTS = frozenset(("onChange", "onInput"))
_MAX_OPTIONS = 256


def _attribute(f, element: Node, name: str) -> Optional[Node]:
    """The value expression of attribute ``name`` on a JSX opening/self-closing element."""
    for attr in element.named_children:
        if attr.type == "jsx_attribute" and attr.named_child_count >= 2 and f.text(attr.named_child(0)) == name:
            value = attr.named_child(1)
            if value.type == "jsx_expression":
                return value.named_child(0) if value.named_child_count else None
            return value
    return None


def option_value(f, element: Node) -> Optional[Node]:
    """``<option value={X}>``: X; ``<option>{X}</option>``: X (the text is the value)."""
    value = _attribute(f, element, "value")
    if value is not None or element.type != "jsx_opening_element":
        return value
    parent = element.parent  # jsx_element: its first expression child
    for child in parent.named_children if parent is not None else ():
        if child.type == "jsx_expression" and child.named_child_count:
            return child.named_child(0)
    return None


def _tag(f, element: Node) -> str:
    name = element.child_by_field_name("name")
    return f.text(name) if name is not None else ""


def select_target_values(f, obj: Node) -> Optional[List[Any]]:
    """For ``e.target.value`` inside a ``<select onChange={(e) => …}>``, or in a handler the select names
    (``onChange={onPick}``): the select's option values."""
    obj = o.unwrap(obj)
    if obj is None or obj.type != "member_expression":
        return None
    prop = obj.child_by_field_name("property")
    event = o.unwrap(obj.child_by_field_name("object"))
    if prop is None or f.text(prop) not in ("target", "currentTarget") or event is None or event.type != "identifier":
        return None
    slot = o.param_slot(f, event)
    if slot is None or slot.index != 0 or slot.path:
        return None
    holder = slot.fn.parent
    if holder is not None and holder.type != "jsx_expression":  # const onPick = (e) => …: its <select>s
        name = _handler_name(f, slot.fn)
        selects = _selects_by_handler(f).get(name, []) if name else []
        return [v for select in selects for v in _options(f, select)] if selects else None
    if holder is None or holder.parent is None:
        return None
    attr = holder.parent
    if attr.type != "jsx_attribute" or f.text(attr.named_child(0)) not in _EVENTS:
        return None
    opening = attr.parent
    if opening is None or opening.type != "jsx_opening_element":
        return None
    tag = _tag(f, opening)
    if tag == "select":
        return _options(f, opening.parent)
    return item_values(f, opening) if tag.endswith("Select") else None  # MUI's <Select>: its <MenuItem>s


def _handler_name(f, fn: Node) -> Optional[str]:
    """``onPick`` of ``function onPick(e)``, ``const onPick = (e) => …`` or a class's ``onPick = (e) => …``."""
    if fn.type == "function_declaration":
        name = fn.child_by_field_name("name")
        return f.text(name) if name is not None else None
    parent = fn.parent
    if parent is not None and parent.type in ("variable_declarator", "public_field_definition", "field_definition"):
        name = parent.child_by_field_name("name") or parent.child_by_field_name("property")
        return f.text(name) if name is not None else None
    return None


def _selects_by_handler(f) -> Dict[str, List[Node]]:
    """Handler name -> the ``<select>`` elements of the file whose ``onChange={name}`` (or ``{this.name}``) names it."""
    table = f.flow_cache.get("select_handlers")
    if table is None:
        table = {}
        for opening in f.caps.get("jsx", ()):
            if opening.type != "jsx_opening_element" or _tag(f, opening) != "select":
                continue
            for event in _EVENTS:
                value = _attribute(f, opening, event)
                if value is not None and value.type in ("identifier", "member_expression"):
                    name = value.child_by_field_name("property") if value.type == "member_expression" else value
                    if name is not None:
                        table.setdefault(f.text(name), []).append(opening.parent)
        f.flow_cache["select_handlers"] = table
    return table


def _options(f, select: Node) -> List[Any]:
    """Option values inside a ``<select>`` element; the file's option node when it renders ``{children}``."""
    cache = f.flow_cache.setdefault("options", {})
    if select.id in cache:
        return cache[select.id]
    out: List[Any] = []
    loose = False
    stack = [c for c in select.named_children if c.type not in ("jsx_opening_element", "jsx_closing_element")]
    while stack and len(out) < _MAX_OPTIONS:
        node = stack.pop()
        t = node.type
        if t in ("jsx_element", "jsx_self_closing_element"):
            opening = node if t == "jsx_self_closing_element" else node.child_by_field_name("open_tag")
            opening = opening or (node.named_child(0) if node.named_child_count else None)
            if opening is not None and _tag(f, opening) == "option":
                value = option_value(f, opening)
                if value is not None:
                    out.append(value)
                continue
        if t == "jsx_expression" and node.named_child_count:
            inner = o.unwrap(node.named_child(0))
            if inner is not None and inner.type in ("identifier", "member_expression"):
                loose = True  # {children}, {props.children}: options rendered elsewhere
        stack.extend(node.named_children)
    if loose and f.symbols_out is not None:
        f._record(Symbol(IMPORT, "", OPTIONS))
    cache[select.id] = out
    return out


def item_values(f, element: Node) -> List[Any]:
    """What a select component passes on: the ``value`` props of the items inside it (Radix and shadcn/ui's
    ``<SelectItem value="…">``, ``<Select.Item>``, MUI's ``<MenuItem>``, a ``.map`` rendering them), and for a
    ``…Select`` the values of its ``options``/``data`` list (Ant Design, Mantine: strings, or objects' ``value``)."""
    cache = f.flow_cache.setdefault("items", {})
    if element.id in cache:
        return cache[element.id]
    from gemlint.extract.typescript.ts_flow import elements  # ts_flow imports this module

    out: List[Any] = []
    if _tag(f, element).endswith("Select"):
        for prop in ("options", "data"):
            listed = _attribute(f, element, prop)
            for array in f.resolve(listed, True) if listed is not None else ():
                for entry in elements(array)[:_MAX_OPTIONS] if array.type == "array" else ():
                    if entry.type == "object":
                        out.extend(v for v in f.property(entry, "value") if not isinstance(v, tuple))
                    else:
                        out.append(entry)
    holder = element.parent if element.type == "jsx_opening_element" else None
    stack = list(holder.named_children) if holder is not None else []
    while stack and len(out) < _MAX_OPTIONS:
        node = stack.pop()
        if node.type in ("jsx_opening_element", "jsx_self_closing_element") and _tag(f, node).endswith("Item"):
            value = _attribute(f, node, "value")
            if value is not None:
                out.append(value)
        stack.extend(node.named_children)
    cache[element.id] = out
    return out


def has_open_select(f) -> bool:
    """The file renders a ``<select>`` whose options come from ``{children}`` (a wrapper component)."""
    found = f.flow_cache.get("open_select")
    if found is None:
        found = b"<select" in f.src and b"children" in f.src
        f.flow_cache["open_select"] = found
    return found


def state_setters(f) -> Dict[str, List[Tuple[str, str]]]:
    """``setConfig`` -> the fields' type of ``const [config, setConfig] = useState<LiveConfig>(…)``."""
    table = f.flow_cache.get("setters")
    if table is not None:
        return table
    table = {}
    for _, setter, call in _states(f):
        types = o.type_origins(f, _type_argument(call))
        if types:
            table[setter] = types
    f.flow_cache["setters"] = table
    return table


def _type_argument(call: Node) -> Optional[Node]:
    args = call.child_by_field_name("type_arguments")
    return args.named_child(0) if args is not None and args.named_child_count else None


def _states(f) -> List[Tuple[str, str, Node]]:
    """``(value name, setter name, useState call)`` for every ``const [x, setX] = useState(…)``."""
    found = f.flow_cache.get("states")
    if found is not None:
        return found
    found = []
    if b"useState" in f.src:
        for _, caps in f.g.matches(f.g.states, f.roots):
            names = caps.get("name", [])
            call = caps.get("call", [None])[0]
            if len(names) == 2 and call is not None and o.callee_text(f, call) == "useState":
                found.append((f.text(names[0]), f.text(names[1]), call))
    f.flow_cache["states"] = found
    return found


def state_nodes(f) -> Dict[str, Tuple[str, str]]:
    """name -> (module, node) for each ``useState`` pair: the setter is ``fn.setX``, the value reads ``fn.setX#0``.

    ``fn`` is the function the state lives in (``useLiveAPI.setModel``): a hook that returns its setter lets
    other files call it (``useLiveAPIContext().setModel('…')``) and the value its state holds follows.
    """
    table = f.flow_cache.get("state_nodes")
    if table is None:
        table = {}
        for value, setter, call in _states(f):
            owner = o.enclosing_function(call.parent)
            names = [n for m, n in o.function_names(f, owner) if m == ""] if owner is not None else [""]
            if names:
                node = o.join(names[0], setter)
                table[setter] = ("", node)
                table[value] = ("", node + "#0")
        f.flow_cache["state_nodes"] = table
    return table


def setter_value(f, name: str) -> Optional[Symbol]:
    """For a ``useState`` setter of this file: the node of its state's value (what a call of it writes)."""
    state = state_nodes(f).get(name) if f.mentions(b"useState") else None
    return Symbol(IMPORT, state[0], state[1] + "#0") if state is not None and not state[1].endswith("#0") else None


def setter_bindings(f, table: Dict[str, list]) -> None:
    """Add each ``setX(v)`` argument as a value of ``x`` (a function argument ``setX(prev => …)`` is skipped)."""
    states = _states(f)
    if not states:
        return
    by_setter = {setter: value for value, setter, _ in states}
    for _, caps in f.g.matches(f.g.setter_calls, f.roots):
        call = caps.get("call", [None])[0]
        fn = call.child_by_field_name("function") if call is not None else None
        name = f.text(fn) if fn is not None else ""
        if name in by_setter:
            arg = o.first_argument(call)
            if arg is not None and arg.type not in o.FUNCTIONS:
                table.setdefault(by_setter[name], []).append(arg)


def context_exports(f, out) -> None:
    """``const Ctx = createContext(default)``: ``default`` is a value of ``Ctx.Provider#0.value``; a typed
    ``useState<T>`` initial value is written into ``T``'s fields."""
    if b"createContext" in f.src:
        for name, values in f.bindings().items():
            for value in values:
                if not isinstance(value, tuple) and value.type == "call_expression":
                    if o.callee_text(f, value) == "createContext":
                        default = o.first_argument(value)
                        if default is not None:
                            from gemlint.extract.typescript.ts_facts import _export_value

                            _export_value(f, f"{name}.Provider#0.value", default, out.exports)
    setters = state_setters(f)
    for _, setter, call in _states(f):
        types = setters.get(setter)
        init = o.first_argument(call)
        if types and init is not None:
            for obj in f.resolve(init, True):
                if obj.type == "object":
                    from gemlint.extract.typescript.ts_flow import _fields, _symbols

                    for key, field in _fields(f, obj):
                        out.write(_symbols(types, "." + key), field)
