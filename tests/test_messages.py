"""Messages a technical secretary can act on (issue 12, items 6–9): each
mistake is reported at the line to fix, names the likely mistake and what is
allowed. Reproductions on a copy of the example, with the exact message, for
both parsers (libyaml's fast path and ruamel's exact path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_cli.check.engine import check_repository
from coprod_cli.load.repository import load_repository

MSP = "acuerdos/msp-policia-municipal-formacion.yaml"


def _edit(root: Path, rel: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on 1-based ``line`` of a file (it must be there)."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _found(root: Path, rel: str) -> list[tuple[int, int, str, str]]:
    """The file's diagnostics, the same from both parsers (asserted)."""
    out = []
    for fast in (True, False):
        result = check_repository(load_repository(root, fast=fast, workers=1))
        out.append([(d.line, d.column, d.code, d.message) for d in result.diagnostics if d.file == rel])
    assert out[0] == out[1]
    return out[0]


# --- item 6: syntax errors at the line to fix ---------------------------------

def test_a_repeated_key_names_its_first_occurrence(example):
    # Before: 32:3 «clave repetida «meta» (ya aparece en la línea 27)», 27 being «actividad:»'s first key.
    _edit(example, MSP, 32, "  poblacion:", "  meta: otra\n  poblacion:")
    assert _found(example, MSP) == [
        (32, 3, "CP002", "clave repetida «meta»: ya aparece en la línea 31 del mismo mapeo; borre una de las dos o cambie su nombre")
    ]


def test_a_repeated_key_in_braces_on_one_line(example):
    _edit(example, MSP, 102, "meta: {cumple: sí}", "meta: {cumple: sí, cumple: no}")
    assert _found(example, MSP) == [
        (102, 22, "CP002", "clave repetida «cumple»: ya aparece antes en esta misma línea; borre una de las dos o cambie su nombre")
    ]
