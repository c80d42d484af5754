"""No function hides the gettext ``_`` it calls: a local ``_`` (``for _ in…``,
``a, _ = …``, a parameter) makes every ``_("…")`` of that function, and of the
functions nested in it, call the local value instead — a TypeError or an
UnboundLocalError on a message path that the Spanish tests may never reach.
"""

from __future__ import annotations

import ast

from conftest import ROOT

SRC = ROOT / "src" / "coprod_cli"
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own(scope: ast.AST):
    """The nodes of one scope, without descending into the scopes nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _FUNCTIONS + _COMPREHENSIONS):
            stack.extend(ast.iter_child_nodes(node))


def _binds_underscore(scope: ast.AST) -> int | None:
    """The line where ``scope`` binds ``_`` itself, or None."""
    names = [n for n in _own(scope) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
    if isinstance(scope, _FUNCTIONS):
        names += [a for a in ast.walk(scope.args) if isinstance(a, ast.arg) and a.arg == "_"]
    if isinstance(scope, _COMPREHENSIONS):
        names += [n for g in scope.generators for n in ast.walk(g.target) if isinstance(n, ast.Name) and n.id == "_"]
    return min((n.lineno for n in names), default=None)


def hidden_calls(source: str) -> list[tuple[int, int]]:
    """(line of the local ``_``, line of a ``_(…)`` call it hides) in one module."""
    tree = ast.parse(source)
    found = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, _FUNCTIONS + _COMPREHENSIONS))]:
        line = _binds_underscore(scope)
        if line is None:
            continue
        calls = [n.lineno for n in ast.walk(scope) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"]
        found += [(line, call) for call in calls]
    return found


def test_the_check_finds_a_hidden_gettext():
    source = "from coprod_cli.lang import _\n\ndef f(rows):\n    for _ in rows:\n        pass\n    return _('hola')\n"
    assert hidden_calls(source) == [(4, 6)]
    nested = "from coprod_cli.lang import _\n\ndef f(rows):\n    a, _ = rows\n    return lambda: _('hola')\n"
    assert hidden_calls(nested) == [(4, 5)]
    scoped = "from coprod_cli.lang import _\n\ndef f(rows):\n    n = [1 for _ in rows]\n    return _('hola')\n"
    assert hidden_calls(scoped) == []  # a comprehension's own variable hides nothing outside it


def test_no_function_hides_the_gettext_it_calls():
    bad = {
        f"{path.relative_to(ROOT)}:{line}": call
        for path in sorted(SRC.rglob("*.py"))
        for line, call in hidden_calls(path.read_text(encoding="utf-8"))
    }
    assert not bad, f"un «_» local oculta el _() de gettext (línea del _ local: línea de la llamada): {bad}"
