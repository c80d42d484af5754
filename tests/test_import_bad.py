"""`coprod import xlsx|csv` refusing bad input (issue 15, point 5): each case
gets a Spanish message naming the cell (or the file), and nothing is written."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import sheetkit
from coprod_cli.load import workbook

IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
IMAS_DEC = f"{IMAS}#2015-12"


@pytest.fixture
def exported(cli, example, tmp_path) -> tuple[Path, Path]:
    """(repository, workbook): the example in git, exported as of December 2015."""
    root = sheetkit.repo_copy(example)
    out = tmp_path / "libro.xlsx"
    result = cli("export", "xlsx", str(root), "--out", str(out), "--as-of", "2015-12")
    assert result.code == 0, result.err
    return root, out


def _refused(cli, root: Path, *args: str, code: int = 1) -> str:
    """Run an import that must fail: exit ``code``, nothing written; its stderr (one line)."""
    before = sheetkit.snapshot(root)
    result = cli("import", *args)
    assert result.code == code, (result.out, result.err)
    assert sheetkit.snapshot(root) == before
    assert "Traceback" not in result.err
    return " ".join(result.err.split())


def _edited(path: Path, edits: list[tuple[str, str, str, object]]) -> list[str]:
    book = openpyxl.load_workbook(path)
    places = [sheetkit.set_cell(book, sheet, key, header, value) for sheet, key, header, value in edits]
    book.save(path)
    return places


# --- the file -----------------------------------------------------------------------------------


def test_not_an_xlsx(cli, exported, tmp_path):
    root, _ = exported
    fake = tmp_path / "notas.xlsx"
    fake.write_text("Nivel;Nota\n50;bien\n", encoding="utf-8")
    err = _refused(cli, root, "xlsx", str(root), str(fake), code=2)
    assert "«notas.xlsx» no es un libro de Excel (.xlsx)" in err
    assert "guárdelo como «Libro de Excel (.xlsx)»" in err


def test_password_protected(cli, exported, tmp_path):
    """Excel wraps an encrypted workbook in an OLE compound file (so is an old .xls)."""
    root, _ = exported
    locked = tmp_path / "con-clave.xlsx"
    locked.write_bytes(workbook.OLE_MAGIC + bytes(4096))
    err = _refused(cli, root, "xlsx", str(root), str(locked), code=2)
    assert "«con-clave.xlsx» está protegido con contraseña (o es un libro .xls antiguo)" in err
    assert "Quite la contraseña" in err


def test_a_zip_that_is_no_workbook(cli, exported, tmp_path):
    root, _ = exported
    other = tmp_path / "fotos.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("foto.txt", "hola")
    err = _refused(cli, root, "xlsx", str(root), str(other), code=2)
    assert "«fotos.xlsx» es un archivo comprimido pero no un libro de Excel (.xlsx)" in err


def test_zip_bomb_refused_before_inflating(cli, exported, tmp_path):
    """210 MB of zeros compress to about 200 KB: the zip's directory says so, nothing is inflated."""
    root, _ = exported
    bomb = tmp_path / "bomba.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(210):
                member.write(chunk)
    assert bomb.stat().st_size < workbook.MAX_BYTES
    err = _refused(cli, root, "xlsx", str(root), str(bomb), code=2)
    assert "«bomba.xlsx»: el libro ocupa 210 MB una vez descomprimido (máximo 200 MB); no se lee." in err


def test_too_large_a_file(cli, exported, tmp_path):
    root, _ = exported
    big = tmp_path / "grande.xlsx"
    with big.open("wb") as f:  # sparse: 21 MB on the disk's books, nothing written
        f.truncate(21 * 1024 * 1024)
    err = _refused(cli, root, "xlsx", str(root), str(big), code=2)
    assert "«grande.xlsx»: archivo demasiado grande" in err and "el límite de un libro es 20 MB" in err


def test_without_openpyxl(cli, exported, monkeypatch):
    root, out = exported
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    err = _refused(cli, root, "xlsx", str(root), str(out), code=2)
    assert 'Para usar libros de Excel instale el extra: pip install "coprod[xlsx]"' in err


def test_fifty_thousand_rows(cli, exported, tmp_path):
    """Refused while reading, at row 20 002: time and memory stay bounded."""
    root, _ = exported
    huge = tmp_path / "enorme.xlsx"
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Avance")
    ws.append(["_clave", "Nivel (%)", "Nota"])
    for i in range(50_000):
        ws.append([f"{IMAS}#2015-12", 50, f"fila {i}"])
    book.save(huge)
    err = _refused(cli, root, "xlsx", str(root), str(huge), code=2)
    assert "La hoja «Avance» tiene más de 20 000 filas (el límite de coprod)" in err


def test_columns_beyond_the_limit(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    book["Avance"].cell(row=5, column=250).value = "dato"
    book.save(out)
    err = _refused(cli, root, "xlsx", str(root), str(out), code=2)
    assert "Avance!IP5: la hoja tiene datos más allá de la columna GR (máximo 200 columnas)" in err


def test_hidden_coprod_sheet_removed(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    del book["_coprod"]
    book.save(out)
    err = _refused(cli, root, "xlsx", str(root), str(out), code=2)
    assert "«libro.xlsx» no tiene la hoja oculta «_coprod»: no es un libro exportado por «coprod export xlsx»" in err


def test_another_format_version(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    book["_coprod"]["B1"].value = "coprod-hojas-9"
    book.save(out)
    err = _refused(cli, root, "xlsx", str(root), str(out), code=2)
    assert "tiene el formato «coprod-hojas-9» y esta versión de coprod lee «coprod-hojas-1»" in err


# --- the sheets and cells -----------------------------------------------------------------------


def test_sheet_removed(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    del book["Monitoreo"]
    book.save(out)
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert "libro.xlsx: falta la hoja «Monitoreo» (el libro tiene: «Avance», «Asistencia», «Acuerdos», «Actores», «_coprod»)" in err
    assert "No se escribió nada: 1 problema(s)" in err


def test_column_removed(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    book["Avance"].delete_cols(9)  # Nota
    book.save(out)
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert "Avance, fila 1: faltan columnas que coprod necesita: «Nota»" in err


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("50%", "«50%» lleva el signo «%»: escriba solo el número (50); los niveles son 0, 25, 50, 75 o 100"),
        ("avanzada", "«avanzada» no es un nivel; escriba solo el número: 0, 25, 50, 75 o 100"),
        (0.5, "«0.5» parece un porcentaje (la celda tiene formato %)"),
    ],
)
def test_level_not_a_number(cli, exported, typed, message):
    root, out = exported
    (place,) = _edited(out, [("Avance", IMAS_DEC, "Nivel (%)", typed)])
    assert place == "Avance!H19"
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{place}: {message}" in err


def test_criterion_x(cli, exported):
    root, out = exported
    (place,) = _edited(out, [("Monitoreo", IMAS, "1. Presenta Objetivo", "x")])
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{place}: «x» no es una respuesta del monitoreo; escriba Sí o No, o deje la celda vacía" in err


def test_attendance_not_a_state(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    key = book["Asistencia"]["A2"].value
    book.close()
    (place,) = _edited(out, [("Asistencia", key, "Asistencia", "presente")])
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{place}: «presente» no es un estado de asistencia; escriba uno de: titular, suplente, ausente, justificada" in err


def test_formula_in_a_cell(cli, exported):
    root, out = exported
    (place,) = _edited(out, [("Avance", IMAS_DEC, "Nivel (%)", "=25*2")])
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{place}: la celda tiene una fórmula (=25*2); escriba el valor, no una fórmula" in err


def test_date_as_text(cli, exported):
    """A date typed as a text coprod cannot read is refused at its cell; «08/12/2015» is read."""
    root, out = exported
    book = openpyxl.load_workbook(out)
    first, second = book["Asistencia"]["A2"].value, book["Asistencia"]["A3"].value
    book.close()
    bad, good = _edited(out, [("Asistencia", first, "Sesión", "8 de diciembre"), ("Asistencia", second, "Sesión", "08/12/2015")])
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{bad}: «8 de diciembre» es una fecha escrita como texto que coprod no reconoce; escriba la fecha de la sesión (2015-12-08) como fecha" in err
    assert good not in err


def test_month_of_another_row(cli, exported):
    """Sorting one column alone moves values between rows: the read-only «Mes» tells."""
    root, out = exported
    (place,) = _edited(out, [("Avance", IMAS_DEC, "Mes", "2015-11")])
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{place}: la fila dice «2015-11» pero su clave oculta es de «2015-12»: ¿se ordenó o se pegó solo una parte de las columnas?" in err


def test_unknown_and_repeated_keys(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    ws = book["Avance"]
    row = sheetkit.find_row(ws, IMAS_DEC)
    ws.cell(row=row, column=1).value = f"{IMAS}#2016-05"
    ws.cell(row=row + 1, column=1).value = ws.cell(row=row - 1, column=1).value
    ws.cell(row=row + 1, column=8).value = 75
    book.save(out)
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"Avance, fila {row}: la clave oculta «{IMAS}#2016-05» no es de ninguna fila del repositorio" in err
    assert f"Avance, fila {row + 1}: la fila repite la clave de la fila {row - 1}" in err


def test_note_without_a_level(cli, exported):
    root, out = exported
    book = openpyxl.load_workbook(out)
    ws = book["Avance"]
    empty = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=8).value is None)
    key = ws.cell(row=empty, column=1).value
    book.close()
    (place,) = _edited(out, [("Avance", key, "Nota", "Sin informe de la institución.")])
    err = _refused(cli, root, "xlsx", str(root), str(out))
    assert f"{place}: una nota necesita el nivel del mes: escriba también el nivel (0, 25, 50, 75 o 100)" in err


# --- CSV ----------------------------------------------------------------------------------------


@pytest.fixture
def exported_csv(cli, example, tmp_path) -> tuple[Path, Path]:
    root = sheetkit.repo_copy(example)
    out = tmp_path / "tablas"
    result = cli("export", "csv", str(root), "--out", str(out), "--as-of", "2015-12")
    assert result.code == 0, result.err
    return root, out


def _replace_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert text.count(old) == 1, old
    path.write_text("\ufeff" + text.replace(old, new), encoding="utf-8", newline="")


def test_csv_level_with_percent(cli, exported_csv):
    root, out = exported_csv
    path = out / "avance.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    number = next(i for i, l in enumerate(lines, start=1) if l.startswith(IMAS_DEC + ","))
    _replace_csv(path, lines[number - 1], lines[number - 1].replace(",0,", ",50%,", 1))
    err = _refused(cli, root, "csv", str(root), str(path))
    assert f"avance.csv:{number} (Nivel (%)): «50%» lleva el signo «%»: escriba solo el número (50)" in err


def test_csv_print_damaged(cli, exported_csv):
    root, out = exported_csv
    path = out / "avance.csv"
    text = path.read_text(encoding="utf-8-sig")
    line = next(l for l in text.splitlines() if l.startswith(IMAS_DEC + ","))
    _replace_csv(path, line, line[:-10] + "0000000000")
    err = _refused(cli, root, "csv", str(root), str(path))
    assert "la huella no es la de las otras filas del mismo acuerdo" in err


def test_csv_that_is_no_table_of_coprod(cli, exported_csv, tmp_path):
    root, _ = exported_csv
    other = tmp_path / "contactos.csv"
    other.write_text("nombre,telefono\nAna,8888-8888\n", encoding="utf-8")
    err = _refused(cli, root, "csv", str(root), str(other), code=2)
    assert "«contactos.csv» no es una tabla exportada por «coprod export csv» (avance.csv o monitoreo.csv)" in err


def test_csv_without_the_print_column(cli, exported_csv):
    root, out = exported_csv
    path = out / "monitoreo.csv"
    rows = [l.rsplit(",", 1)[0] for l in path.read_text(encoding="utf-8-sig").splitlines()]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    err = _refused(cli, root, "csv", str(root), str(path))
    assert "monitoreo.csv:1: faltan columnas que coprod necesita: «_huella»" in err


def test_csv_over_the_row_limit(cli, exported_csv, monkeypatch):
    root, out = exported_csv
    monkeypatch.setattr(workbook, "MAX_ROWS", 10)
    err = _refused(cli, root, "csv", str(root), str(out / "avance.csv"), code=2)
    assert "«avance.csv» tiene más de 10 filas (el límite de coprod)" in err
