"""The walks skip fields that hold nothing to visit (``nodes.child_fields``): every node is still reached."""

from __future__ import annotations

import ast
import sys

import pytest

from gemlint.extract.python.nodes import child_fields

SOURCE = """
import os, json as j
from a.b import c as d, e
global g
@deco(x=1)
async def f(p: int = 1, *args, k: "str" = "v", **kw) -> dict:
    nonlocal_q = [i for i in range(3) if i]
    async with ctx() as (m, n):
        await g(m, *n, **kw)
    async for t in s:
        yield t
    try:
        x += 1; y = -x; z = not x or y and x; w = x if y else z
    except (E1, E2) as err:
        raise ValueError("bad") from err
    else:
        del a[1:2, ::3], b.c
    finally:
        assert x < y <= z, f"{x!r:>10} {y}"
    lam = lambda q, *r, s=2: {q: r for q in r}
    return {**kw, "a": {1, 2}, "b": (yield from gen())}
class K(Base, metaclass=Meta):
    v: int = 3
    def m(self): return self.v @ self.v
while True:
    break
for i, (a, *b) in enumerate([]):
    continue
with open("f") as fh: pass
print(x := 5, sep="")
"""
MATCH = """
match command:
    case ["go", direction] if direction: pass
    case {"x": 1, **rest}: pass
    case Point(x=0, y=yy) | Other(): pass
    case [1, *others]: pass
    case None | True: pass
    case str() as s: pass
"""
TYPES = "type Alias[T: int] = list[T]\ndef f[U, *Ts, **P](u: U) -> U: return u\nclass C[V]: pass\n"


# Nothing to visit below these: contexts, operators, an import's aliases (read whole), and a Name (an identifier and
# its context; 3.12's ``type X = …`` keeps its name as one, in the field ``name`` the walks skip).
LEAVES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.alias, ast.Name)


def _sources():
    yield SOURCE
    if sys.version_info >= (3, 10):
        yield MATCH
    if sys.version_info >= (3, 12):
        yield TYPES


@pytest.mark.parametrize("source", list(_sources()))
def test_the_skipped_fields_hold_nothing_to_visit(source: str) -> None:
    for node in ast.walk(ast.parse(source)):
        kept = child_fields(type(node))
        for field in node._fields:
            if field in kept:
                continue
            value = getattr(node, field, None)
            items = value if isinstance(value, list) else [value]
            assert not [v for v in items if isinstance(v, ast.AST) and not isinstance(v, LEAVES)], (node, field)


@pytest.mark.parametrize("source", list(_sources()))
def test_walking_the_kept_fields_reaches_every_node(source: str) -> None:
    tree = ast.parse(source)
    reached, stack = set(), [tree]
    while stack:
        node = stack.pop()
        reached.add(id(node))
        for field in child_fields(type(node)):
            value = getattr(node, field, None)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, ast.AST):
                    stack.append(item)
    missed = [n for n in ast.walk(tree) if id(n) not in reached and not isinstance(n, LEAVES)]
    assert not missed
