"""The layout of ARCHITECTURE.md, enforced: no module imports a stage above
its own (lazy imports inside functions included), and only the CLI prints or
exits.

Stages are found by module-name prefix (the longest one wins), not by a file
list, so a module split inside a package keeps its stage.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "coprod_cli"
PACKAGE = "coprod_cli"

#: module-name prefix → stage (the longest matching prefix wins).
STAGE_OF = {
    # The bottom: no coprod import but each other's.
    "coprod_cli": "base",  # __init__ (the version)
    "coprod_cli.errors": "base",
    "coprod_cli.fsutil": "base",
    "coprod_cli.links": "base",
    "coprod_cli.parallel": "base",
    "coprod_cli.gcutil": "base",
    "coprod_cli.codes": "base",
    "coprod_cli.problems": "base",
    # The language in use and its catalogue: every stage has words for a reader.
    "coprod_cli.lang": "base",
    # Why base: the one list of unsafe characters (SECURITY.md), pure text,
    # needed by load (file names), edit and scaffold (values) as well as render.
    "coprod_cli.render.safe": "base",
    # The typed data; the JSON schemas are exported from it.
    "coprod_cli.model": "model",
    "coprod_cli.schema_export": "model",
    # Files (working tree or a git revision) become models with positions.
    "coprod_cli.load": "load",
    "coprod_cli.gitrepo": "load",
    "coprod_cli.check": "check",
    "coprod_cli.compute": "compute",
    "coprod_cli.render": "render",
    # Locale-aware numbers and dates are words for a reader: compute never needs them.
    "coprod_cli.i18n": "render",
    "coprod_cli.report": "report",
    "coprod_cli.edit": "edit",
    "coprod_cli.scaffold": "scaffold",
    "coprod_cli.ci_templates": "scaffold",
    "coprod_cli.pipeline": "pipeline",
    # `coprod serve`: pages and forms over pipeline/ and the editors, like cli/ but never printing.
    "coprod_cli.web": "web",
    "coprod_cli.cli": "cli",
    "coprod_cli.__main__": "cli",
}

#: stage → the stages it may import (besides itself). The main line is
#: base < model < load < check < compute < render < report < pipeline < cli;
#: the writers (edit, scaffold) branch off after load.
MAY_IMPORT = {
    "base": set(),
    "model": {"base"},
    "load": {"base", "model"},
    "check": {"base", "model", "load"},
    "compute": {"base", "model", "load", "check"},
    "render": {"base", "model", "load", "check", "compute"},
    "report": {"base", "model", "load", "check", "compute", "render"},
    "edit": {"base", "model", "load"},
    "scaffold": {"base", "model", "load", "edit"},
    "pipeline": {"base", "model", "load", "check", "compute", "render", "report", "edit", "scaffold"},
    "web": {"base", "model", "load", "check", "compute", "render", "report", "edit", "scaffold", "pipeline"},
    "cli": {"base", "model", "load", "check", "compute", "render", "report", "edit", "scaffold", "pipeline", "web"},
}

#: (importer, imported) pairs allowed against the table, each with its reason.
EXCEPTIONS: dict[tuple[str, str], str] = {}


@cache
def _modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(SRC).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def stage_of(module: str) -> str:
    best = max((p for p in STAGE_OF if module == p or module.startswith(p + ".")), key=len, default=None)
    assert best is not None, f"{module}: no stage in STAGE_OF (add its package to the table in tests/test_architecture.py)"
    return STAGE_OF[best]


def _imported(module: str, path: Path, tree: ast.Module) -> list[tuple[int, str]]:
    """Every coprod module ``module`` imports, anywhere in the file, as (line, name).
    ``from pkg import name`` counts as ``pkg.name`` (a submodule or an attribute:
    the stage of either is the stage of its prefix)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return [(line, name) for line, name in out if name == PACKAGE or name.startswith(PACKAGE + ".")]


def test_every_module_has_a_stage():
    for module, _, _ in _modules():
        assert stage_of(module) in MAY_IMPORT, module


def test_the_stage_table_has_no_cycle():
    order: list[str] = []
    pending = dict(MAY_IMPORT)
    while pending:
        ready = [s for s, deps in pending.items() if deps <= set(order)]
        assert ready, f"cycle among {sorted(pending)}"
        order += ready
        for s in ready:
            del pending[s]


def test_no_module_imports_a_stage_above_its_own():
    offenders = []
    for module, path, tree in _modules():
        mine = stage_of(module)
        for line, name in _imported(module, path, tree):
            theirs = stage_of(name)
            if theirs == mine or theirs in MAY_IMPORT[mine]:
                continue
            if any(name == imp or name.startswith(imp + ".") for (mod, imp) in EXCEPTIONS if mod == module):
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {mine} imports {name} ({theirs})")
    assert offenders == [], "imports against ARCHITECTURE.md:\n" + "\n".join(offenders)


def test_every_exception_is_still_needed():
    """A kept exception that no import uses any more is removed from the table."""
    used = set()
    for module, path, tree in _modules():
        for _, name in _imported(module, path, tree):
            used |= {(mod, imp) for (mod, imp) in EXCEPTIONS if mod == module and (name == imp or name.startswith(imp + "."))}
    assert set(EXCEPTIONS) == used



def _doc_rows() -> dict[str, tuple[str, set[str]]]:
    """ARCHITECTURE.md's stage table: stage → (its packages cell, the stages it may import)."""
    rows = {}
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in MAY_IMPORT:
            rows[cells[0]] = (cells[1], {s.strip() for s in cells[2].split(",")} - {"— (each other)"})
    return rows


def test_architecture_md_has_this_table():
    """The table in ARCHITECTURE.md and the one above say the same thing."""
    rows = _doc_rows()
    assert set(rows) == set(MAY_IMPORT)
    for stage, (_, may) in rows.items():
        assert may == MAY_IMPORT[stage], stage
    for prefix, stage in STAGE_OF.items():
        if prefix == PACKAGE:
            continue
        rel = prefix.removeprefix(PACKAGE + ".").replace(".", "/")
        shown = f"`{rel}/`" if (SRC / rel).is_dir() else f"`{rel}.py`"
        assert shown in rows[stage][0], f"ARCHITECTURE.md: {shown} in the row of {stage}"

# --- only the CLI prints or exits ----------------------------------------------

#: Modules that may print or exit: the CLI itself.
CLI_STAGE = "cli"
#: (module, what) pairs allowed outside the CLI, each with its reason.
OUTPUT_ALLOWED: dict[tuple[str, str], str] = {
    ("coprod_cli.pipeline.paper", "raise SystemExit"): (
        "a PDF worker process told to stop (SIGTERM) unwinds, removing its temporary, and ends without a"
        " traceback; multiprocessing prints one for any other exception. Never raised in the main process."
    ),
}

_EXITS = {"exit", "quit", "_exit"}
_STREAMS = {"stdout", "stderr", "__stdout__", "__stderr__"}


def _output_calls(tree: ast.Module) -> list[tuple[int, str]]:
    """Where a module prints, exits or touches the process's own streams."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"print", *_EXITS, "breakpoint"}:
            found.append((node.lineno, f"{node.func.id}()"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, attr = node.value.id, node.attr
            if owner == "sys" and (attr in _STREAMS or attr == "exit"):
                found.append((node.lineno, f"sys.{attr}"))
            elif owner == "os" and attr == "_exit":
                found.append((node.lineno, "os._exit"))
            elif owner == "typer" and attr in {"Exit", "Abort", "echo", "secho"}:
                found.append((node.lineno, f"typer.{attr}"))
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id in {"SystemExit", "Exit", "Abort"}:
                found.append((node.lineno, f"raise {exc.id}"))
        elif isinstance(node, ast.ImportFrom) and node.module in {"sys", "os"}:
            found += [(node.lineno, f"from {node.module} import {a.name}") for a in node.names if a.name in _EXITS | _STREAMS]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            # The CLI library prints and exits: the library below never needs it.
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(node.lineno, f"import {n}") for n in names if n.split(".")[0] in {"typer", "click"}]
    return found


def test_only_the_cli_prints_or_exits():
    offenders = []
    for module, path, tree in _modules():
        if stage_of(module) == CLI_STAGE:
            continue
        for line, what in _output_calls(tree):
            if (module, what) not in OUTPUT_ALLOWED:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert offenders == [], "only cli/ prints or exits:\n" + "\n".join(offenders)


def test_the_output_check_sees_what_it_looks_for():
    """The check above would pass on an empty list: it must recognise each form."""
    sample = ast.parse(
        "import sys, os, typer\nfrom sys import exit\nprint('x')\nsys.exit(1)\nos._exit(1)\nexit(1)\n"
        "raise SystemExit(2)\nraise typer.Exit(1)\nsys.stderr.write('x')\nsys.stdout.flush()\n"
    )
    found = {what for _, what in _output_calls(sample)}
    assert found >= {"import typer", "from sys import exit", "print()", "sys.exit", "os._exit", "exit()",
                     "raise SystemExit", "typer.Exit", "sys.stderr", "sys.stdout"}


def test_the_import_check_resolves_relative_and_lazy_imports():
    tree = ast.parse("from ..registry import RULES\ndef f():\n    from ...compute import figures\n    import coprod_cli.cli.common\n")
    found = sorted(_imported("coprod_cli.check.rules.x", SRC / "check" / "rules" / "x.py", tree))
    assert found == [(1, "coprod_cli.check.registry.RULES"), (3, "coprod_cli.compute.figures"), (4, "coprod_cli.cli.common")]


# --- size: a module a newcomer can read, a function that does one named step ---

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{rel}: {text.count(chr(10))} líneas")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{rel}:{node.lineno} {node.name}: {length} líneas")
    assert not too_long, "\n".join(too_long)


def test_pipeline_names_are_all_reachable_and_lazy():
    """pipeline/__init__.py maps each public name to its submodule (PEP 562): every name resolves,
    and importing the package imports none of the jobs (a job's libraries load only when it runs)."""
    import subprocess
    import sys

    import coprod_cli.pipeline as pipeline

    assert set(pipeline.__all__) == set(pipeline._WHERE)
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name
    code = "import sys, coprod_cli.pipeline; print(sorted(m for m in sys.modules if m.startswith('coprod_cli.pipeline.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
