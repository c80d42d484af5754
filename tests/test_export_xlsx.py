"""`coprod export xlsx`: the workbook a secretary fills in, read back by two
independent readers (openpyxl and python-calamine) with the same values,
typed cells, drop-downs, protected summaries, the hidden ``_coprod`` sheet
with the files' hashes, no formula anywhere and no personal value."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from coprod_cli.compute.sheets import FORMAT, build_book
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month
from coprod_cli.render.xlsx import NEED_OPENPYXL
from reportkit import personal_values

DEC = Month(2015, 12)
IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
#: Notes a spreadsheet would evaluate, for August to December of the IMAS agreement.
HOSTILE = ('=HYPERLINK("http://x","y")', "@SUM(A1)", "+1+1", "-2", "\tx")


def _export(cli, root: Path, out: Path, *args: str):
    result = cli("export", "xlsx", str(root), "--out", str(out), *args)
    assert result.code == 0, result.err
    return result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def _expected(root: Path, as_of: Month = DEC):
    return build_book(load_repository(root), as_of)


def _calamine(out: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(out))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _same(value, mine, theirs) -> None:
    """A Book value as openpyxl (``mine``) and calamine (``theirs``) read it back."""
    if value is None:
        assert mine is None and theirs == ""
    elif isinstance(value, dt.date):
        assert isinstance(mine, dt.datetime) and mine.date() == value
        assert theirs in (value, dt.datetime.combine(value, dt.time()))
    elif isinstance(value, int):
        assert type(mine) is int and mine == value
        assert isinstance(theirs, float | int) and theirs == value
    else:
        assert mine == value and theirs == value


def test_both_readers_find_the_values_of_the_repository(cli, example, tmp_path):
    out = tmp_path / "registro.xlsx"
    result = _export(cli, example, out, "--as-of", "2015-12")
    assert "23 fila(s) en Avance, 6 fila(s) en Monitoreo, 12 fila(s) en Asistencia" in result.out
    assert "2 mes(es) ya pasados sin un nivel válido" in result.out
    book = _expected(example)
    wb = openpyxl.load_workbook(out)
    other = _calamine(out)
    assert wb.sheetnames == ["Avance", "Monitoreo", "Asistencia", "Acuerdos", "Actores", "_coprod"]
    for sheet in book.sheets:
        ws = wb[sheet.name]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == [c.header for c in sheet.columns] == other[sheet.name][0]
        assert len(rows) == len(sheet.rows) + 1 == len(other[sheet.name])
        for r, row in enumerate(sheet.rows, start=1):
            for c, column in enumerate(sheet.columns):
                _same(row.values[column.key], rows[r][c], other[sheet.name][r][c])
    # a few values by hand, so the test does not only compare the code with itself
    avance = {r[0]: r for r in wb["Avance"].iter_rows(min_row=2, values_only=True)}
    assert avance[f"{IMAS}#2015-08"][7] == 25
    assert avance["acuerdos/foro-local-seguridad-los-guido.yaml#2015-10#2"][4:9] == (2, "Diagnóstico participativo de la seguridad", "Municipalidad de Desamparados", 50, "El diagnóstico sigue en noviembre.")
    monitoring = {r[0]: r for r in wb["Monitoreo"].iter_rows(min_row=2, values_only=True)}
    assert monitoring[IMAS][3] == "Sí" and monitoring[IMAS][-1] == "Enero de 2016 sin actividad definida en el cronograma."
    attendance = {r[0]: r for r in wb["Asistencia"].iter_rows(min_row=2, values_only=True)}
    assert attendance["sesiones/2015-12-08.yaml#dinadeco"][1:] == (dt.datetime(2015, 12, 8), "dinadeco", "DINADECO (Dirección Nacional de Desarrollo de la Comunidad)", "público nacional", "suplente", None)
    assert wb["Asistencia"]["B2"].number_format == "dd/mm/yyyy"
    assert wb["Acuerdos"]["I2"].number_format == "dd/mm/yyyy" and wb["Acuerdos"]["J2"].value == 2015


def test_drop_downs_protection_layout_and_the_hidden_sheet(cli, example, tmp_path):
    out = tmp_path / "registro.xlsx"
    _export(cli, example, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Avance"]
    (level,) = ws.data_validations.dataValidation
    assert level.type == "list" and level.formula1 == '"0,25,50,75,100"' and str(level.sqref) == "H2:H24"
    assert level.showErrorMessage and "0, 25, 50, 75 o 100" in level.error and level.allow_blank
    answers = wb["Monitoreo"].data_validations.dataValidation
    assert len(answers) == 14 and {a.formula1 for a in answers} == {'"Sí,No"'}
    assert str(answers[0].sqref) == "D2:D7" and "«Sí» o «No»" in answers[0].error
    (states,) = wb["Asistencia"].data_validations.dataValidation
    assert states.formula1 == '"titular,suplente,ausente,justificada"' and str(states.sqref) == "F2:F13"
    for name in ("Avance", "Monitoreo", "Asistencia"):
        assert wb[name].column_dimensions["A"].hidden and wb[name]["A1"].value == "_clave"
        assert wb[name].freeze_panes == "A2" and not wb[name].protection.sheet
    assert wb["Acuerdos"].protection.sheet and wb["Actores"].protection.sheet
    assert not wb["Avance"]["H2"].protection.locked and wb["Avance"]["F2"].protection.locked
    # the past month left unreported is highlighted, and the header's comment says what it means
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    late = rows["acuerdos/app-comercio-empleo-juvenil.yaml#2015-11"]
    assert late[7].fill.fgColor.rgb.endswith("FCE4D6") and late[1].fill.fgColor.rgb.endswith("FCE4D6")
    assert not rows["acuerdos/app-comercio-empleo-juvenil.yaml#2015-12"][7].fill.fgColor.rgb.endswith("FCE4D6")
    assert "resaltadas en naranja" in ws["H1"].comment.text and "resaltadas en naranja" in ws["D1"].comment.text
    meta = wb["_coprod"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    rows_meta = [tuple(c for c in r if c is not None) for r in meta.iter_rows(values_only=True)]
    assert rows_meta[:3] == [("formato", FORMAT), ("corte", "2015-12"), ("canton", "Desamparados")]
    files = {r[1]: r[2] for r in rows_meta[3:]}
    assert all(r[0] == "archivo" for r in rows_meta[3:])
    assert files == {rel: hashlib.sha256((example / rel).read_bytes()).hexdigest() for rel in _expected(example).files}
    assert "sesiones/2015-12-08.yaml" in files and len(files) == 7


def test_no_formula_anywhere_even_with_hostile_notes(cli, example, tmp_path):
    path = example / IMAS
    _edit(path, "  - mes: 2015-08\n    nivel: 25\n", f"  - mes: 2015-08\n    nivel: 60\n    nota: {_quoted(HOSTILE[0])}\n")
    for month, note in zip((9, 10, 11, 12), HOSTILE[1:], strict=True):
        _edit(path, f"  - mes: 2015-{month:02d}\n    nivel: 0\n", f"  - mes: 2015-{month:02d}\n    nivel: 0\n    nota: {_quoted(note)}\n")
    _edit(path, 'observaciones: "Enero de 2016', 'observaciones: "=cmd|\' /C calc\'!A0 Enero de 2016')
    out = tmp_path / "registro.xlsx"
    _export(cli, example, out)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    notes_read = {r[0]: r[8] for r in wb["Avance"].iter_rows(min_row=2, values_only=True)}
    assert [notes_read[f"{IMAS}#2015-{m:02d}"] for m in (8, 9, 10, 11, 12)] == list(HOSTILE)
    other = {r[0]: r for r in _calamine(out)["Avance"][1:]}
    assert [other[f"{IMAS}#2015-{m:02d}"][8] for m in (8, 9, 10, 11, 12)] == list(HOSTILE)
    # a level off the scale is shown as recorded (invalid, not missing), and the month is highlighted
    assert other[f"{IMAS}#2015-08"][7] == 60
    row = next(r for r in wb["Avance"].iter_rows(min_row=2) if r[0].value == f"{IMAS}#2015-08")
    assert row[7].value == 60 and row[7].fill.fgColor.rgb.endswith("FCE4D6")
    assert row[8].quotePrefix
    mon = {r[0]: r for r in wb["Monitoreo"].iter_rows(min_row=2, values_only=True)}
    assert mon[IMAS][-1] == "=cmd|' /C calc'!A0 Enero de 2016 sin actividad definida en el cronograma."


def test_no_personal_value_anywhere_in_the_workbook(cli, example, tmp_path):
    values = personal_values(load_repository(example))
    assert "Marta Quesada Rojas" in values and "+506 2000-3001" in values  # the search finds what it must
    out = tmp_path / "registro.xlsx"
    _export(cli, example, out)
    with zipfile.ZipFile(out) as z:
        text = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert "Desamparados" in text
    leaked = sorted(v for v in values if v in text or v.replace("&", "&amp;") in text)
    assert leaked == []


def test_same_repository_same_bytes_and_only(cli, example, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _export(cli, example, a, "--as-of", "2015-09")
    _export(cli, example, b, "--as-of", "2015-09")
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.xlsx"
    result = _export(cli, example, c, "--only", "imas-ina-mapeo-familias", "--as-of", "2015-09")
    assert "3 fila(s) en Avance, 1 fila(s) en Monitoreo" in result.out
    wb = openpyxl.load_workbook(c)
    assert [r[0] for r in wb["Avance"].iter_rows(min_row=2, values_only=True)] == [f"{IMAS}#2015-07", f"{IMAS}#2015-08", f"{IMAS}#2015-09"]
    assert wb["Asistencia"]["B2"].value == dt.datetime(2015, 9, 8)
    files = [r[1] for r in wb["_coprod"].iter_rows(min_row=4, values_only=True)]
    assert files == [IMAS, "sesiones/2015-09-08.yaml"]


def test_refusals(cli, example, tmp_path):
    result = cli("export", "xlsx", str(example), "--out", str(example / "acuerdos" / "x.xlsx"))
    assert result.code == 2 and "está dentro de «acuerdos/» del repositorio" in result.err
    result = cli("export", "xlsx", str(example), "--out", str(tmp_path / "x.csv"))
    assert result.code == 2 and "debe ser un archivo «.xlsx»" in result.err
    result = cli("export", "xlsx", str(example), "--out", str(tmp_path / "no" / "x.xlsx"))
    assert result.code == 2 and "no existe la carpeta" in result.err
    result = cli("export", "xlsx", str(example), "--out", str(tmp_path / "x.xlsx"), "--only", "imas-ina-mapeo")
    assert result.code == 2 and "¿quiso decir «imas-ina-mapeo-familias»?" in result.err
    result = cli("export", "xlsx", str(example), "--out", str(tmp_path / "x.xlsx"), "--as-of", "2015-13")
    assert result.code == 2 and "AAAA-MM" in result.err
    assert not list(tmp_path.glob("*.xlsx")) and not (example / "acuerdos" / "x.xlsx").exists()


def test_without_openpyxl_the_message_says_what_to_install(cli, example, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # «import openpyxl» now fails as if it were not installed
    result = cli("export", "xlsx", str(example), "--out", str(tmp_path / "x.xlsx"))
    assert result.code == 2 and NEED_OPENPYXL in result.err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("month", ["2015-06", "2016-03"])
def test_months_without_a_session_or_after_the_schedule(cli, example, tmp_path, month):
    out = tmp_path / "r.xlsx"
    result = _export(cli, example, out, "--as-of", month)
    wb = openpyxl.load_workbook(out)
    if month == "2015-06":
        assert "Asistencia" not in wb.sheetnames and "No hay hoja Asistencia" in result.out
        assert wb["Avance"].max_row == 1 and not wb["Avance"].data_validations.dataValidation
    else:
        assert wb["Asistencia"]["B2"].value == dt.datetime(2015, 12, 8)


def test_a_text_longer_than_a_cell_is_refused_and_a_control_character_is_shown(cli, example, tmp_path):
    path = example / IMAS
    _edit(path, "  - mes: 2015-09\n    nivel: 0\n", '  - mes: 2015-09\n    nivel: 0\n    nota: "antes\\x01después"\n')
    out = tmp_path / "r.xlsx"
    _export(cli, example, out)
    notes = {r[0]: r[8] for r in openpyxl.load_workbook(out)["Avance"].iter_rows(min_row=2, values_only=True)}
    assert notes[f"{IMAS}#2015-09"] == "antes\ufffddespués"
    _edit(path, "  - mes: 2015-10\n    nivel: 0\n", f"  - mes: 2015-10\n    nivel: 0\n    nota: {'x' * 40_000}\n")
    out.unlink()
    result = cli("export", "xlsx", str(example), "--out", str(out))
    assert result.code == 2 and not out.exists()
    assert f"«{IMAS}»: el texto de «Nota» (hoja Avance, fila «{IMAS}#2015-10») tiene 40.000 caracteres y una celda de Excel admite 32.767" in result.err
