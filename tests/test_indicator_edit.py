"""`coprod indicator set|unset` (issue 17, point 1): one measurement written
into the plan, every other byte kept; refused, with the file untouched, what
the rules would report as an error."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

PLAN = "planes/2015.yaml"


def _text(root: Path) -> str:
    return (root / PLAN).read_bytes().decode("utf-8")


def _changed(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+), nothing else."""
    return [l for l in difflib.ndiff(before.splitlines(), after.splitlines()) if l[:1] in "+-"]


def test_a_new_measurement_goes_in_date_order_and_nothing_else_changes(cli, example):
    before = _text(example)
    r = cli("indicator", "set", example, "2015", "familias-identificadas", "--date", "2015-09-30", "--value", "190", "--source", "Informe del IMAS, septiembre")
    assert r.code == 0, r.err
    assert "Registrado en «planes/2015.yaml»: medición del 2015-09-30 del indicador «familias-identificadas»: 190; fuente: Informe del IMAS, septiembre." in r.out
    after = _text(example)
    assert _changed(before, after) == ['+       - {fecha: 2015-09-30, valor: 190, fuente: "Informe del IMAS, septiembre"}']
    lines = after.splitlines()
    i = lines.index('      - {fecha: 2015-09-30, valor: 190, fuente: "Informe del IMAS, septiembre"}')
    assert "2015-08-31" in lines[i - 1] and "2015-10-31" in lines[i + 1]


def test_the_same_date_replaces_its_value_and_keeps_the_note(cli, example):
    before = _text(example)
    r = cli("indicator", "set", example, "2015", "jovenes-en-formacion", "--date", "2015-12-31", "--value", "3,4", "--note", "Dato corregido")
    assert r.code == 0, r.err
    (removed, added) = _changed(before, _text(example))
    assert removed == "-       - {fecha: 2015-12-31, valor: 3.2, nota: Primera cohorte completa}"
    assert added.startswith('+       - {fecha: 2015-12-31, valor: 3.4, nota: "Primera cohorte completa — ')
    assert added.endswith(': Dato corregido"}')
    # The same value again: nothing to write.
    again = cli("indicator", "set", example, "2015", "jovenes-en-formacion", "--date", "2015-12-31", "--value", "3.4")
    assert again.code == 0 and "Sin cambios" in again.out


def test_an_indicator_without_measurements_gets_the_key(cli, example):
    path = example / PLAN
    text = path.read_text(encoding="utf-8")
    old = "    mediciones:\n      - {fecha: 2015-12-31, valor: 11.8}\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, ""), encoding="utf-8")
    before = _text(example)
    r = cli("indicator", "set", example, "2015", "desercion-colegios", "--date", "2015-12-31", "--value", "11.8")
    assert r.code == 0, r.err
    assert _changed(before, _text(example)) == ["+     mediciones:", "+       - fecha: 2015-12-31", "+         valor: 11.8"]
    assert cli("validate", example).code == 0


def test_unset_removes_the_line_and_the_last_leaves_an_empty_list(cli, example):
    before = _text(example)
    r = cli("indicator", "unset", example, "2015", "desercion-colegios", "--date", "2015-12-31")
    assert r.code == 0, r.err
    assert "se quitó la medición del 2015-12-31 del indicador «desercion-colegios» (tenía 11,8)" in r.out
    assert sorted(_changed(before, _text(example))) == ["+     mediciones: []", "-       - {fecha: 2015-12-31, valor: 11.8}", "-     mediciones:"]
    again = cli("indicator", "unset", example, "2015", "desercion-colegios", "--date", "2015-12-31")
    assert again.code == 0 and "no tenía medición del 2015-12-31 (no tiene ninguna medición)" in again.out


@pytest.mark.parametrize(
    "args,message",
    [
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "ciento veinte"], "«--value ciento veinte»: se esperaba un número"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "nan"], "se esperaba un número"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "inf"], "se esperaba un número"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "1e400"], "se esperaba un número"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "12 %"], "sin unidad ni signo de porcentaje"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "9" * 30], "demasiado grande"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "1.500"], "«--value 1.500» es ambiguo"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "1,500"], "sin separador de miles (1500)"),
        (["2015", "familias-identificadas", "--date", "2015-02-30", "--value", "1"], "esa fecha no existe en el calendario"),
        (["2015", "familias", "--date", "2015-09-30", "--value", "1"], "no existe el indicador «familias» en «planes/2015.yaml»; ¿quiso decir «familias-identificadas»?"),
        (["2016", "familias-identificadas", "--date", "2015-09-30", "--value", "1"], "no existe el plan anual 2016 («planes/2016.yaml»); los planes son: 2015"),
        (["dos mil", "familias-identificadas", "--date", "2015-09-30", "--value", "1"], "«dos mil» no es el año de un plan anual"),
        (["2015", "familias-identificadas", "--date", "2015-09-30", "--value", "1", "--source", "a\x1b[31mb"], "caracteres de control"),
    ],
)
def test_refused_with_a_spanish_message_and_the_file_untouched(cli, example, args, message):
    before = (example / PLAN).read_bytes()
    r = cli("indicator", "set", example, *args)
    assert r.code == 2, r.out
    assert message in r.err.replace("\n", " "), r.err
    assert "Traceback" not in r.err
    assert (example / PLAN).read_bytes() == before


def test_a_repeated_date_is_refused(cli, example):
    path = example / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - {fecha: 2015-10-31, valor: 260,", "      - {fecha: 2015-08-31, valor: 260,"), encoding="utf-8")
    before = path.read_bytes()
    r = cli("indicator", "set", example, "2015", "familias-identificadas", "--date", "2015-08-31", "--value", "1")
    assert r.code == 2 and "ya tiene 2 mediciones del 2015-08-31 (regla CP408)" in r.err
    assert path.read_bytes() == before


def test_an_invalid_value_is_fixed_through_the_command(cli, example):
    """A plan with a CP405 error still loads (the value is data): `indicator set` is how to correct it."""
    path = example / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("valor: 120, fuente", "valor: ciento veinte, fuente"), encoding="utf-8")
    assert cli("validate", example).code == 1
    r = cli("indicator", "set", example, "2015", "familias-identificadas", "--date", "2015-08-31", "--value", "120")
    assert r.code == 0, r.err
    assert path.read_text(encoding="utf-8") == text
    assert cli("validate", example).code == 0


def test_crlf_and_bom_are_kept(cli, example):
    path = example / PLAN
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    r = cli("indicator", "set", example, "2015", "acuerdos-firmados", "--date", "2015-11-30", "--value", "5")
    assert r.code == 0, r.err
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n      - {fecha: 2015-11-30, valor: 5}\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_the_repository_path_is_optional(cli, example, monkeypatch):
    monkeypatch.chdir(example)
    r = cli("indicator", "set", "2015", "acuerdos-firmados", "--date", "2015-11-30", "--value", "5")
    assert r.code == 0, r.err
    assert "{fecha: 2015-11-30, valor: 5}" in _text(example)
