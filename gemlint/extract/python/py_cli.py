"""Command-line options carry model names: argparse's, click's and typer's.

**argparse**: ``parser.add_argument("--model", default="gemini-…", choices=[…])`` read as ``args.model``.

A script's model often travels through its command line: the option's ``default``, its ``choices`` and an
``action="store_const"``'s ``const`` are every value ``args.model`` can hold when no flag is given or one of the
allowed ones is. ``args`` is the result of ``parser.parse_args()`` (bound in the file: ``args =
parser.parse_args()``, read in the same or an enclosing scope) or a parameter annotated ``argparse.Namespace``.
The attribute is the option's ``dest=``, else its first long flag with dashes made underscores (``--model-name``:
``model_name``), else its positional name, else its first short flag. Every ``add_argument`` of the file with that
attribute counts (a script's subcommands may each define it). Options of another module, or an ``args`` handed over
from another file, are not followed.

**click**: ``@click.option("--model", default="gemini-…", type=click.Choice([…]))`` (or ``@click.argument``) on a
function gives the parameter it names (an undashed name given, else the first long flag, else the first short one,
dashes made underscores) its ``default``, each choice and ``flag_value``, as a default value would.

**typer**: ``def run(model: str = typer.Option("gemini-…"))`` (or ``typer.Argument``): the parameter's default is
the option's first argument (or ``default=``); ``...`` (required) is none.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from gemlint.extract.python.nodes import _dotted, _keyword, choice_values

PARSE = frozenset(("parse_args", "parse_intermixed_args"))
CLICK = frozenset((("click", "option"), ("click", "argument"), ("option",), ("argument",)))
TYPER = frozenset((("typer", "Option"), ("typer", "Argument"), ("Option",), ("Argument",)))
Value = Tuple[ast.AST, int]  # (expression, chunk)
MAX_VALUES = 256  # values kept per option (a generated file may hold thousands of choices)


def options(ex) -> Dict[str, List[Value]]:
    """attribute -> the values its ``add_argument`` calls give it (default, each choice, const), built once."""
    table = ex.flow_cache.get("argparse")
    if table is None:
        table = {}
        for node, _, _, chunk in ex.b.calls:
            func = node.func
            if type(func) is ast.Attribute and func.attr == "add_argument":
                dest = _dest(node)
                held = table.setdefault(dest, []) if dest else None
                if held is not None and len(held) < MAX_VALUES:
                    held.extend((v, chunk) for v in _values(node)[: MAX_VALUES - len(held)])
        ex.flow_cache["argparse"] = table
    return table


def namespace_values(ex, expr: ast.Attribute) -> Optional[List[Value]]:
    """The values of ``args.<attr>`` when ``args`` is a parsed command line of this file; None when it is not."""
    base = expr.value
    if type(base) is not ast.Name or not options(ex) or not _is_namespace(ex, base):
        return None
    return options(ex).get(expr.attr, [])


def _is_namespace(ex, name: ast.Name) -> bool:
    for fn in reversed(ex._scope):
        annotation = ex.b.param_types.get(fn, {}).get(name.id)
        if annotation is not None:
            return _dotted(annotation)[-1:] == ("Namespace",)
    for value, _ in ex._lookup_name(name.id, name):
        if type(value) is ast.Call and type(value.func) is ast.Attribute and value.func.attr in PARSE:
            return True
    return False


def _dest(node: ast.Call) -> str:
    dest = _keyword(node, "dest")
    if dest is not None:
        return dest.value if type(dest) is ast.Constant and type(dest.value) is str else ""
    flags = [a.value for a in node.args if type(a) is ast.Constant and type(a.value) is str]
    for flag in flags:
        if flag.startswith("--") and len(flag) > 2:
            return flag[2:].replace("-", "_")
    for flag in flags:
        if not flag.startswith("-"):
            return flag  # a positional argument
    for flag in flags:
        if len(flag) > 1:
            return flag[1:]
    return ""


def _values(node: ast.Call) -> List[ast.AST]:
    out: List[ast.AST] = []
    for kw in node.keywords:
        if kw.arg in ("default", "const"):
            out.append(kw.value)
        elif kw.arg == "choices":
            out.extend(choice_values(kw.value))
    return out


def decorated_options(fn: ast.AST) -> List[Tuple[str, ast.AST]]:
    """``(parameter, value)`` of the click options and arguments decorating ``fn`` (its default, choices,
    ``flag_value``)."""
    out: List[Tuple[str, ast.AST]] = []
    for dec in fn.decorator_list:
        if type(dec) is not ast.Call or _dotted(dec.func) not in CLICK:
            continue
        param = _click_name(dec)
        if not param:
            continue
        for kw in dec.keywords:
            if kw.arg in ("default", "flag_value"):
                out.append((param, kw.value))
            elif kw.arg == "type" and type(kw.value) is ast.Call and _dotted(kw.value.func)[-1:] == ("Choice",):
                if kw.value.args:
                    out.extend((param, e) for e in choice_values(kw.value.args[0]))
    return out


def option_default(default: ast.AST) -> ast.AST:
    """A parameter's default: the value of ``typer.Option(x)`` / ``typer.Argument(x)``, else the default itself."""
    if type(default) is not ast.Call or _dotted(default.func) not in TYPER:
        return default
    value = _keyword(default, "default")
    if value is not None:
        return value
    return default.args[0] if default.args else default


def _click_name(dec: ast.Call) -> str:
    """The parameter a click option names: an undashed name, else the first long flag, else the first short."""
    names = [a.value for a in dec.args if type(a) is ast.Constant and type(a.value) is str]
    for name in names:
        if not name.startswith("-") and name.isidentifier():
            return name
    for prefix in ("--", "-"):
        for name in names:
            if name.startswith(prefix) and not name.startswith(prefix + "-") and len(name) > len(prefix):
                return name[len(prefix) :].replace("-", "_").lower()
    return ""
