"""The code catalogue (codes.py) is the one source of codes: every code the
source uses is in it, every entry is documented, and none is repeated."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from coprod_cli import codes
from coprod_cli.check.registry import RULES

SRC = Path(codes.__file__).resolve().parent
DOCS = SRC.parent.parent / "docs" / "reglas.md"
CODE = re.compile(r"^CP\d{3}$")


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))]


def test_no_code_is_written_as_a_string_outside_the_catalogue():
    literals = [
        f"{p.relative_to(SRC)}:{n.lineno}"
        for p, tree in _trees()
        if p.name != "codes.py"
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    ]
    assert literals == [], "use codes.CPnnn instead of a string"


def test_every_code_used_is_in_the_catalogue():
    used = {n.attr for _, tree in _trees() for n in ast.walk(tree) if isinstance(n, ast.Attribute) and CODE.match(n.attr)}
    assert used and used <= set(codes.CATALOGUE)


def test_constants_entries_and_names_are_unique_and_consistent():
    constants = {k: v for k, v in vars(codes).items() if CODE.match(k)}
    assert all(k == v for k, v in constants.items())
    assert set(constants) == set(codes.CATALOGUE)
    names = [c.name for c in codes.CATALOGUE.values()]
    assert len(names) == len(set(names))
    assert all(k == c.code for k, c in codes.CATALOGUE.items())


def test_every_code_has_a_rule_and_is_documented():
    assert list(RULES) == list(codes.CATALOGUE)
    text = DOCS.read_text(encoding="utf-8")
    for c in codes.CATALOGUE.values():
        assert f"## {c.code}\n" in text and f"`{c.name}`" in text, c.code


def test_every_rule_doc_has_an_incorrect_and_a_correct_example():
    for r in RULES.values():
        assert "Incorrecto" in r.explanation, f"{r.code}: falta un ejemplo «Incorrecto»"
        assert re.search(r"\bCorrecto\b", r.explanation), f"{r.code}: falta un ejemplo «Correcto»"


def test_check_does_not_import_compute_at_module_level():
    """The pipeline runs load → model → check → compute: what check and compute
    both need lives in model/ (records.py, content.py)."""
    offenders = []
    for p, tree in _trees():
        if "check" not in p.relative_to(SRC).parts[:1]:
            continue
        for n in tree.body:  # module level here; tests/test_architecture.py checks lazy imports too
            if isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "compute" and n.level >= 2:
                offenders.append(f"{p.relative_to(SRC)}:{n.lineno}")
    assert offenders == []
