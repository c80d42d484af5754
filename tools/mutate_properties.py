"""Mutants of the properties of a module, which mutmut leaves alone (docs/mutation.md).

mutmut 3 does not mutate decorated functions, and the figures' definitions
(``Progress.overall``, ``behind_schedule``, ``to_date``, the checklist's
``met``…) are properties. This script makes one mutant per change in their
bodies (a comparison flipped, ``and``/``or`` swapped, ``not`` dropped, an
arithmetic operator swapped, a number moved by one, ``any``/``all`` and
``min``/``max`` swapped), runs the given tests on each in a child process
against a copy of ``src/``, and prints killed/survived per mutant.

    nice -n 10 .venv/bin/python tools/mutate_properties.py src/coprod_cli/compute/progress.py \\
        -- tests/test_figures.py tests/test_figures_mutants.py
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
                 ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
NAME_SWAPS = {"any": "all", "all": "any", "min": "max", "max": "min"}


def _is_property(fn: ast.AST) -> bool:
    return isinstance(fn, ast.FunctionDef) and any(isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list)


def _sites(tree: ast.Module) -> list[tuple[str, ast.AST, str]]:
    """(qualified property name, node, kind of change) for every change site."""
    out = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in filter(_is_property, cls.body):
            for node in ast.walk(fn):
                where = f"{cls.name}.{fn.name}"
                if isinstance(node, ast.Compare):
                    out += [(where, node, f"compare{i}") for i, op in enumerate(node.ops) if type(op) in COMPARE_SWAPS]
                elif isinstance(node, ast.BoolOp):
                    out.append((where, node, "boolop"))
                elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                    out.append((where, node, "not"))
                elif isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAPS:
                    out.append((where, node, "binop"))
                elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
                    out += [(where, node, "plus1"), (where, node, "minus1")]
                elif isinstance(node, ast.Name) and node.id in NAME_SWAPS:
                    out.append((where, node, "name"))
    return out


def _apply(node: ast.AST, kind: str) -> str:
    """Change ``node`` in place; return a description of the change."""
    before = f"line {node.lineno}: {ast.unparse(node)}"
    if kind.startswith("compare"):
        i = int(kind[7:])
        node.ops[i] = COMPARE_SWAPS[type(node.ops[i])]()
    elif kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "not":
        node.op = ast.UAdd()  # `+x` of a bool is the bool as an int: truth unchanged, `not` gone
    elif kind == "binop":
        node.op = BINOP_SWAPS[type(node.op)]()
    elif kind in ("plus1", "minus1"):
        node.value = node.value + (1 if kind == "plus1" else -1)
    elif kind == "name":
        node.id = NAME_SWAPS[node.id]
    return f"{before}  →  {ast.unparse(node)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="a module under src/")
    parser.add_argument("tests", nargs="+", help="pytest arguments (after --)")
    args = parser.parse_args(argv)
    root = Path.cwd()
    source = args.module.read_text(encoding="utf-8")
    count = len(_sites(ast.parse(source)))
    killed = 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(root / "src", copy, ignore=shutil.ignore_patterns("__pycache__"))
        target = copy / args.module.relative_to("src")
        env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
        for i in range(count):
            tree = ast.parse(source)
            where, node, kind = _sites(tree)[i]
            change = _apply(node, kind)
            target.write_text(ast.unparse(tree), encoding="utf-8")
            run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *args.tests],
                                 cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            verdict = "killed" if run.returncode == 1 else ("survived" if run.returncode == 0 else f"error {run.returncode}")
            killed += run.returncode == 1
            print(f"{verdict:8}  {args.module}  {where}: {change}", flush=True)
    print(f"{killed}/{count} killed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
