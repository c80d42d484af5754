"""compute/sheets.py: the tables of the spreadsheet round trip, as the
repository records them (the shared contract of export and import)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coprod_cli.compute import sheets
from coprod_cli.compute.sheets import build_book, columns_of, header_index
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month

DEC = Month(2015, 12)
IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
FORO = "acuerdos/foro-local-seguridad-los-guido.yaml"


def _book(root: Path, as_of: Month = DEC, only=None) -> sheets.Book:
    return build_book(load_repository(root), as_of, only)


def _rows(book: sheets.Book, name: str) -> dict[str, sheets.Row]:
    sheet = book.sheet(name)
    assert sheet is not None
    return {r.key: r for r in sheet.rows}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def test_example_tables(example):
    book = _book(example)
    assert [s.name for s in book.sheets] == ["Avance", "Monitoreo", "Asistencia", "Acuerdos", "Actores"]
    assert [s.editable for s in book.sheets] == [True, True, True, False, False]
    assert book.session == "2015-12-08" and book.canton == "Desamparados" and book.as_of == DEC
    assert book.files == tuple(sorted(book.files)) and "sesiones/2015-12-08.yaml" in book.files
    avance = _rows(book, "Avance")
    row = avance[f"{IMAS}#2015-08"]
    assert row.file == IMAS
    assert row.values["nivel"] == 25 and row.values["mes"] == "2015-08" and row.values["subactividad"] is None
    assert row.values["compromiso"] == "Tramitación de subsidios a las familias seleccionadas.; Inicio de confección de los planes a cada familia."
    sub = avance[f"{FORO}#2015-10#2"]
    assert (sub.values["subactividad"], sub.values["nivel"], sub.values["nota"]) == (2, 50, "El diagnóstico sigue en noviembre.")
    # future months are not rows; a past month with nothing recorded is overdue, the current one is not
    assert f"{IMAS}#2016-01" not in avance
    assert avance["acuerdos/app-comercio-empleo-juvenil.yaml#2015-11"].overdue
    assert not avance["acuerdos/app-comercio-empleo-juvenil.yaml#2015-12"].overdue
    assert not row.overdue
    mon = _rows(book, "Monitoreo")[IMAS].values
    assert mon["c01"] == "Sí" and mon["c14_obs"] == "Enero de 2016 sin actividad definida en el cronograma."
    assert _rows(book, "Monitoreo")["acuerdos/app-comercio-empleo-juvenil.yaml"].values["c11"] == "No"
    att = _rows(book, "Asistencia")["sesiones/2015-12-08.yaml#dinadeco"].values
    assert att["estado"] == "suplente" and att["sesion"] == dt.date(2015, 12, 8)
    assert att["nombre_actor"] == "DINADECO (Dirección Nacional de Desarrollo de la Comunidad)"


def test_no_personal_value_in_any_cell(example):
    book = _book(example)
    cells = {str(v) for s in book.sheets for r in s.rows for v in r.values.values() if v is not None}
    text = "\n".join(cells)
    for value in ("Marta Quesada Rojas", "Roberto Esquivel Lara", "roberto.esquivel@camara.example", "+506 2000-3001"):
        assert value not in text


def test_off_scale_level_is_shown_as_recorded_and_first_entry_counts(example):
    path = example / IMAS
    _edit(path, "  - mes: 2015-08\n    nivel: 25\n", '  - mes: 2015-08\n    nivel: 60\n    nota: =HYPERLINK("http://x","y")\n')
    _edit(path, "  - mes: 2015-12\n    nivel: 0\n", "  - mes: 2015-12\n    nivel: 0\n  - mes: 2015-07\n    nivel: 100\n")
    avance = _rows(_book(example), "Avance")
    row = avance[f"{IMAS}#2015-08"]
    assert row.values["nivel"] == 60  # invalid, shown as invalid, never as missing
    assert row.values["nota"] == '=HYPERLINK("http://x","y")'
    assert row.overdue  # no valid level for a past month
    assert avance[f"{IMAS}#2015-07"].values["nivel"] == 50  # the first entry of a month recorded twice


def test_as_of_and_only(example):
    book = _book(example, Month(2015, 9), only=["imas-ina-mapeo-familias"])
    keys = list(_rows(book, "Avance"))
    assert keys == [f"{IMAS}#2015-07", f"{IMAS}#2015-08", f"{IMAS}#2015-09"]
    assert list(_rows(book, "Monitoreo")) == [IMAS]
    assert book.session == "2015-09-08"
    assert IMAS in book.files and FORO not in book.files


def test_convened_actor_not_listed_gets_an_empty_row(example):
    path = example / "sesiones/2015-12-08.yaml"
    _edit(path, "  - actor: casa-derechos\n    estado: titular\n", "")
    att = _rows(_book(example), "Asistencia")
    row = att["sesiones/2015-12-08.yaml#casa-derechos"]
    assert row.values["estado"] is None and row.values["nota"] is None
    assert list(att)[-1] == "sesiones/2015-12-08.yaml#casa-derechos"


def test_no_session_no_attendance_sheet(example):
    book = _book(example, Month(2015, 6))
    assert book.sheet("Asistencia") is None and book.session is None
    assert not any(r.overdue for r in _rows(book, "Avance").values())


def test_columns_and_headers():
    assert columns_of("Avance")[0].header == "_clave"
    assert [c.key for c in columns_of("Avance") if c.editable] == ["nivel", "nota"]
    mon = [c.key for c in columns_of("Monitoreo")]
    assert mon[3:7] == ["c01", "c01_obs", "c02", "c02_obs"] and len(mon) == 3 + 28
    assert [c.key for c in columns_of("Asistencia") if c.editable] == ["estado", "nota"]
    index = header_index("Avance")
    assert index["nivel (%)"] == "nivel" and index["_clave"] == "clave" and index["nota"] == "nota"
    assert header_index("Monitoreo")[sheets.normalise_header("  1.  Presenta  OBJETIVO ")] == "c01"
    assert header_index("Monitoreo")["observaciones 14"] == "c14_obs"
    assert sheets.LEVELS == (0, 25, 50, 75, 100)
    with pytest.raises(KeyError):
        columns_of("Otra")
