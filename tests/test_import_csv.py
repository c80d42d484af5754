"""`coprod import csv`: the Avance and Monitoreo tables exported by `coprod
export csv`, edited (as Google Sheets, LibreOffice or Excel in Spanish would
save them) and written back: the same values as through the workbook, every
other byte kept; apostrophe-prefixed texts come back without the apostrophe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import sheetkit
from test_import_xlsx import DIFF, EDITS, EXPECTED, IMAS, MSP, SESSION, assert_bytes_kept, assert_only_these_changed, crlf, diff_by_file, values


@pytest.fixture
def repo(example) -> Path:
    crlf(example, MSP)
    return sheetkit.repo_copy(example)


def export(cli, root: Path, out: Path) -> Path:
    result = cli("export", "csv", str(root), "--out", str(out), "--as-of", "2015-12")
    assert result.code == 0, result.err
    return out


def read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8-sig") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def edit(path: Path, edits, **how) -> dict[str, int]:
    """Apply (sheet, key, header, value) edits to a CSV table; the row number of each key."""
    rows = read(path)
    header = rows[0]
    numbers = {}
    for _, key, column, value in edits:
        index = next(i for i, r in enumerate(rows) if r[0] == key)
        rows[index][header.index(column)] = "" if value is None else str(value)
        numbers[key] = index + 1
    write(path, rows, **how)
    return numbers


def test_round_trip_through_csv(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "tablas")
    before_bytes, before = sheetkit.snapshot(repo), values(repo)
    avance = [e for e in EDITS if e[0] == "Avance"]
    monitoreo = [e for e in EDITS if e[0] == "Monitoreo"]
    edit(out / "avance.csv", avance)
    edit(out / "monitoreo.csv", monitoreo)
    result = cli("import", "csv", str(repo), str(out / "avance.csv"), str(out / "monitoreo.csv"))
    assert result.code == 0, result.err
    assert "12 valor(es) registrado(s) en 4 archivo(s)" in result.out
    expected = {k: v for k, v in EXPECTED.items() if k[0] != "Asistencia"}
    assert_only_these_changed(before, values(repo), expected)
    assert_bytes_kept(repo, before_bytes)
    assert diff_by_file(repo) == {rel: lines for rel, lines in DIFF.items() if rel != SESSION}

    imported = sheetkit.snapshot(repo)
    again = cli("import", "csv", str(repo), str(out / "monitoreo.csv"), str(out / "avance.csv"))
    assert again.code == 0, again.err
    assert "Sin cambios" in again.out
    assert sheetkit.snapshot(repo) == imported


def test_excel_in_spanish_semicolons_and_windows_1252(cli, repo, tmp_path):
    """Excel in a Spanish locale saves «CSV (delimitado por comas)» with «;» in Windows-1252."""
    out = export(cli, repo, tmp_path / "tablas")
    before = values(repo)
    edit(out / "avance.csv", [EDITS[1]], delimiter=";", encoding="cp1252")
    assert b";" in (out / "avance.csv").read_bytes()[:40]
    result = cli("import", "csv", str(repo), str(out / "avance.csv"))
    assert result.code == 0, result.err
    key = ("Avance", f"{IMAS}#2015-11", "nota")
    assert_only_these_changed(before, values(repo), {key: EXPECTED[key]})


def test_apostrophe_before_a_formula_looking_note(cli, repo, tmp_path):
    """A note starting with «=» travels as «'=…» in the CSV and comes back as typed."""
    out = export(cli, repo, tmp_path / "tablas")
    before = values(repo)
    note = '=HYPERLINK("http://x","y")'
    edit(out / "avance.csv", [("Avance", f"{IMAS}#2015-12", "Nota", "'" + note)])
    result = cli("import", "csv", str(repo), str(out / "avance.csv"))
    assert result.code == 0, result.err
    assert_only_these_changed(before, values(repo), {("Avance", f"{IMAS}#2015-12", "nota"): note})
    again = cli("export", "csv", str(repo), "--out", str(tmp_path / "otra"), "--as-of", "2015-12")
    assert again.code == 0
    row = next(r for r in read(tmp_path / "otra" / "avance.csv") if r[0] == f"{IMAS}#2015-12")
    assert "'" + note in row


def test_conflict_through_csv(cli, repo, tmp_path):
    out = export(cli, repo, tmp_path / "tablas")
    path = repo / IMAS
    path.write_bytes(path.read_bytes() + b"# revisado\n")
    before = sheetkit.snapshot(repo)
    numbers = edit(out / "avance.csv", [EDITS[0]])
    result = cli("import", "csv", str(repo), str(out / "avance.csv"))
    assert result.code == 1
    assert sheetkit.snapshot(repo) == before
    err = " ".join(result.err.split())
    assert f"avance.csv:{numbers[f'{IMAS}#2015-12']} ({IMAS}#2015-12): el archivo «{IMAS}» cambió desde la exportación" in err


def test_csv_needs_no_openpyxl(cli, repo, tmp_path, monkeypatch):
    """CSV is the core's: it imports with the xlsx extra missing."""
    import sys

    out = export(cli, repo, tmp_path / "tablas")
    before = values(repo)
    edit(out / "avance.csv", [EDITS[0]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = cli("import", "csv", str(repo), str(out / "avance.csv"))
    assert result.code == 0, result.err
    key = ("Avance", f"{IMAS}#2015-12", "nivel")
    assert_only_these_changed(before, values(repo), {key: 50})
