"""`coprod import xlsx`: a workbook exported by coprod and filled in (with
openpyxl, as a secretary would in Excel) written back into the YAML files:
exactly the values changed, every other byte kept (comments, quotes, order,
CRLF); the same workbook again changes nothing; re-saved by LibreOffice,
sorted or with a column added it still imports; a file changed since the
export is a conflict; a level off the scale is shown at its cell and line."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import sheetkit
from coprod_cli.compute.sheets import build_book
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month

DEC = Month(2015, 12)
APP = "acuerdos/app-comercio-empleo-juvenil.yaml"
FORO = "acuerdos/foro-local-seguridad-los-guido.yaml"
IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
MSP = "acuerdos/msp-policia-municipal-formacion.yaml"
PANI = "acuerdos/pani-espacios-primera-infancia.yaml"
SESSION = "sesiones/2015-12-08.yaml"
C04, C11 = "4. Presenta la Meta de la actividad", "11. Señala el Impacto esperado"
C14 = "14. Presenta un Cronograma de trabajo según actividad y/o acción estratégica"

#: A dozen cells and more, as typed: (sheet, row key, header, value typed).
EDITS = [
    ("Avance", f"{IMAS}#2015-12", "Nivel (%)", 50),
    ("Avance", f"{IMAS}#2015-11", "Nota", "Visitas a 120 familias; faltan las de «Los Guido»."),
    ("Avance", f"{APP}#2015-11", "Nivel (%)", 25),
    ("Avance", f"{APP}#2015-11", "Nota", "Entrevistas: 12 jóvenes"),
    ("Avance", f"{FORO}#2015-10#2", "Nivel (%)", 75),
    ("Avance", f"{FORO}#2015-10#2", "Nota", "El diagnóstico terminó."),
    ("Avance", f"{MSP}#2015-09", "Nota", 'Dos sesiones se reprogramaron por "feriados".'),
    ("Monitoreo", APP, C11, "SI"),
    ("Monitoreo", APP, "Observaciones 11", "Cifra del INEC incluida."),
    ("Monitoreo", MSP, C11, "Sí "),
    ("Monitoreo", IMAS, C14, "No"),
    ("Monitoreo", IMAS, "Observaciones 14", "Enero de 2016 sin actividad: se definirá en enero."),
    ("Asistencia", f"{SESSION}#ifam", "Asistencia", "Justificada"),
    ("Asistencia", f"{SESSION}#ifam", "Nota", "Avisó por correo."),
    ("Asistencia", f"{SESSION}#msp", "Asistencia", "suplente"),
]
#: The values the repository holds after the import, by (sheet, row key, column key).
EXPECTED = {
    ("Avance", f"{IMAS}#2015-12", "nivel"): 50,
    ("Avance", f"{IMAS}#2015-11", "nota"): "Visitas a 120 familias; faltan las de «Los Guido».",
    ("Avance", f"{APP}#2015-11", "nivel"): 25,
    ("Avance", f"{APP}#2015-11", "nota"): "Entrevistas: 12 jóvenes",
    ("Avance", f"{FORO}#2015-10#2", "nivel"): 75,
    ("Avance", f"{FORO}#2015-10#2", "nota"): "El diagnóstico terminó.",
    ("Avance", f"{MSP}#2015-09", "nota"): 'Dos sesiones se reprogramaron por "feriados".',
    ("Monitoreo", APP, "c11"): "Sí",
    ("Monitoreo", APP, "c11_obs"): "Cifra del INEC incluida.",
    ("Monitoreo", MSP, "c11"): "Sí",
    ("Monitoreo", IMAS, "c14"): "No",
    ("Monitoreo", IMAS, "c14_obs"): "Enero de 2016 sin actividad: se definirá en enero.",
    ("Asistencia", f"{SESSION}#ifam", "estado"): "justificada",
    ("Asistencia", f"{SESSION}#ifam", "nota"): "Avisó por correo.",
    ("Asistencia", f"{SESSION}#msp", "estado"): "suplente",
}

#: ``git diff -U0`` after the import, file by file: exactly the values typed.
DIFF = {
    APP: [
        "+  - mes: 2015-11",
        "+    nivel: 25",
        '+    nota: "Entrevistas: 12 jóvenes"',
        '-  impacto_esperado: {cumple: "no", observaciones: Falta una cifra de referencia del desempleo juvenil.}',
        '+  impacto_esperado: {cumple: "sí", observaciones: Cifra del INEC incluida.}',
    ],
    FORO: [
        "-        nivel: 50",
        "-        nota: El diagnóstico sigue en noviembre.",
        "+        nivel: 75",
        "+        nota: El diagnóstico terminó.",
    ],
    IMAS: [
        '+    nota: "Visitas a 120 familias; faltan las de «Los Guido»."',
        "-    nivel: 0",
        "+    nivel: 50",
        '-  cronograma: {cumple: sí, observaciones: "Enero de 2016 sin actividad definida en el cronograma."}',
        '+  cronograma: {cumple: "no", observaciones: "Enero de 2016 sin actividad: se definirá en enero."}',
    ],
    MSP: [
        "-    nota: Dos sesiones se reprogramaron por feriados.",
        '+    nota: "Dos sesiones se reprogramaron por \\"feriados\\"."',
        '-  impacto_esperado: {cumple: "no", observaciones: El impacto no es medible; falta un indicador.}',
        '+  impacto_esperado: {cumple: "sí", observaciones: El impacto no es medible; falta un indicador.}',
    ],
    SESSION: [
        "-    estado: titular",
        "+    estado: justificada",
        "+    nota: Avisó por correo.",
        "-    estado: titular",
        "+    estado: suplente",
    ],
}


def diff_by_file(root: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in sheetkit.diff(root).splitlines():
        if line.startswith("+++ b/"):
            current = line[6:]
        elif line[:1] in "+-" and not line.startswith(("+++", "---")):
            out.setdefault(current, []).append(line.rstrip("\r"))
    return out


def crlf(root: Path, rel: str) -> None:
    path = root / rel
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


@pytest.fixture
def repo(example) -> Path:
    """The example in git, one agreement file in CRLF (as Windows' Notepad leaves it)."""
    crlf(example, MSP)
    return sheetkit.repo_copy(example)


def export(cli, root: Path, out: Path) -> Path:
    result = cli("export", "xlsx", str(root), "--out", str(out), "--as-of", "2015-12")
    assert result.code == 0, result.err
    return out


def fill(path: Path, edits=EDITS) -> list[str]:
    book = openpyxl.load_workbook(path)
    places = [sheetkit.set_cell(book, *edit) for edit in edits]
    book.save(path)
    return places


def values(root: Path) -> dict[tuple[str, str, str], object]:
    book = build_book(load_repository(root), DEC)
    return {(s.name, r.key, k): v for s in book.sheets if s.editable for r in s.rows for k, v in r.values.items()}


def assert_only_these_changed(before: dict, after: dict, expected: dict) -> None:
    assert set(before) | set(expected) == set(after)
    for place, value in after.items():
        assert value == expected.get(place, before.get(place)), place


def assert_bytes_kept(root: Path, before: dict[str, bytes]) -> None:
    """Every file not edited is byte-identical; in an edited one, every comment
    line and every line ending stays, and the file is still CRLF if it was."""
    after = sheetkit.snapshot(root)
    for rel, old in before.items():
        new = after[rel]
        if rel not in {APP, FORO, IMAS, MSP, SESSION}:
            assert new == old, rel
            continue
        comments = [l for l in old.splitlines() if l.lstrip().startswith(b"#")]
        assert [l for l in new.splitlines() if l.lstrip().startswith(b"#")] == comments, rel
        if b"\r\n" in old:
            assert new.count(b"\n") == new.count(b"\r\n"), rel


def test_round_trip_a_dozen_cells(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before_bytes, before = sheetkit.snapshot(repo), values(repo)
    fill(out)
    result = cli("import", "xlsx", str(repo), str(out))
    assert result.code == 0, result.err
    assert "15 valor(es) registrado(s) en 5 archivo(s)" in result.out
    assert_only_these_changed(before, values(repo), EXPECTED)
    assert_bytes_kept(repo, before_bytes)
    assert diff_by_file(repo) == DIFF

    imported = sheetkit.snapshot(repo)
    again = cli("import", "xlsx", str(repo), str(out))
    assert again.code == 0, again.err
    assert "Sin cambios: «libro.xlsx» dice lo mismo que el repositorio." in again.out
    assert sheetkit.snapshot(repo) == imported


def test_dry_run_prints_the_diff_and_writes_nothing(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before = sheetkit.snapshot(repo)
    fill(out, EDITS[:1])
    result = cli("import", "xlsx", str(repo), str(out), "--dry-run")
    assert result.code == 0, result.err
    assert sheetkit.snapshot(repo) == before
    assert f"+++ b/{IMAS}" in result.out or f"+++ {IMAS}" in result.out
    assert re.search(r"^-\s+nivel: 0$", result.out, re.M) and re.search(r"^\+\s+nivel: 50$", result.out, re.M)
    assert "Simulación (--dry-run): se registrarían 1 valor(es) en 1 archivo(s); no se escribió nada." in result.out


def test_level_off_the_scale_at_cell_and_line(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before = sheetkit.snapshot(repo)
    (place,) = fill(out, [("Avance", f"{IMAS}#2015-12", "Nivel (%)", 60)])
    result = cli("import", "xlsx", str(repo), str(out))
    assert result.code == 1
    assert sheetkit.snapshot(repo) == before
    line = next(i for i, l in enumerate((repo / IMAS).read_text(encoding="utf-8").splitlines(), 1) if l == "  - mes: 2015-12") + 1
    assert re.search(rf"{re.escape(place)} → {IMAS}:{line}:\d+ CP205 ", result.err), result.err
    assert "No se escribió nada: 1 problema(s)" in result.err


def test_yes_without_content_at_cell_and_line(cli, repo, tmp_path):
    """«Sí» to a criterion whose content the agreement lacks: written as asked, reported by CP206."""
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before = sheetkit.snapshot(repo)
    (place,) = fill(out, [("Monitoreo", PANI, C04, "Sí ")])
    result = cli("import", "xlsx", str(repo), str(out))
    assert result.code == 1
    assert sheetkit.snapshot(repo) == before
    line = next(i for i, l in enumerate((repo / PANI).read_text(encoding="utf-8").splitlines(), 1) if l.startswith("  meta: "))
    assert f"{place} → {PANI}:{line}:" in result.err and " CP206 «sí» en el criterio 4 (Presenta la Meta de la actividad)" in result.err


def test_conflict_file_changed_since_export(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "libro.xlsx")
    path = repo / IMAS
    path.write_bytes(path.read_bytes().replace(b"# 7. Tabla de monitoreo", b"# 7. Tabla de monitoreo (revisada)"))
    before = sheetkit.snapshot(repo)
    fill(out, [EDITS[0], EDITS[2]])  # IMAS (changed since) and APP (not)
    result = cli("import", "xlsx", str(repo), str(out))
    assert result.code == 1
    assert sheetkit.snapshot(repo) == before
    row = sheetkit.find_row(openpyxl.load_workbook(out)["Avance"], f"{IMAS}#2015-12")
    err = " ".join(result.err.split())
    assert f"Avance, fila {row} ({IMAS}#2015-12): el archivo «{IMAS}» cambió desde la exportación; no se sobrescribe" in err
    assert APP not in err


def test_sorted_with_an_extra_column(cli, repo, tmp_path):
    """Rows reversed (as «Ordenar Z→A» leaves them) and a column of one's own: matched by key and header."""
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before = values(repo)
    book = openpyxl.load_workbook(out)
    ws = book["Avance"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    for i, row in enumerate(reversed(rows), start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(row=i, column=j).value = value
        ws.cell(row=i, column=len(row) + 1).value = f"revisar {i}"
    ws.cell(row=1, column=len(rows[0]) + 1).value = "Comentario interno"
    book.save(out)
    fill(out, [EDITS[0]])
    result = cli("import", "xlsx", str(repo), str(out))
    assert result.code == 0, result.err
    assert "«Comentario interno»" in result.out  # said ignored
    assert_only_these_changed(before, values(repo), {("Avance", f"{IMAS}#2015-12", "nivel"): 50})


def test_resaved_by_libreoffice(cli, repo, tmp_path):
    if sheetkit.soffice() is None:
        pytest.skip("LibreOffice (soffice) no está instalado: no se puede volver a guardar el libro con él")
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before = values(repo)
    fill(out, EDITS[:2] + EDITS[12:14])
    resaved = sheetkit.resave(out, tmp_path / "lo")
    assert resaved.read_bytes() != out.read_bytes()
    result = cli("import", "xlsx", str(repo), str(resaved))
    assert result.code == 0, result.err
    expected = {k: v for k, v in EXPECTED.items() if k[1] in (f"{IMAS}#2015-12", f"{IMAS}#2015-11", f"{SESSION}#ifam")}
    assert_only_these_changed(before, values(repo), expected)
    again = cli("import", "xlsx", str(repo), str(resaved))
    assert "Sin cambios" in again.out


def test_emptied_cell_removes_nothing(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "libro.xlsx")
    before = sheetkit.snapshot(repo)
    (place,) = fill(out, [("Avance", f"{MSP}#2015-09", "Nota", None)])
    result = cli("import", "xlsx", str(repo), str(out))
    assert result.code == 0, result.err
    assert f"Aviso: {place}: la celda está vacía pero el repositorio tiene una nota; coprod no borra valores registrados" in result.out
    assert sheetkit.snapshot(repo) == before


def test_a_character_the_workbook_cannot_hold_is_no_edit(cli, example, tmp_path):
    """A control character in a note reaches the workbook as «�» (render/xlsx.py):
    reading it back is the same note, not an edit that would replace it."""
    path = example / IMAS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - mes: 2015-12\n    nivel: 0\n", '  - mes: 2015-12\n    nivel: 0\n    nota: "Llamada\\a pendiente"\n'), encoding="utf-8")
    root = sheetkit.repo_copy(example)
    out = export(cli, root, tmp_path / "libro.xlsx")
    cell = openpyxl.load_workbook(out)["Avance"]
    assert cell.cell(row=sheetkit.find_row(cell, f"{IMAS}#2015-12"), column=9).value == "Llamada\ufffd pendiente"
    result = cli("import", "xlsx", str(root), str(out))
    assert result.code == 0, result.err
    assert "Sin cambios" in result.out
    assert sheetkit.diff(root) == ""
