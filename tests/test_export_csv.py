"""`coprod export csv`: avance.csv and monitoreo.csv, read back with the
standard csv module, with the workbook's headers, ``_clave`` first,
``_huella`` (the sha256 of the row's file) last, UTF-8 with a BOM, and an
apostrophe before every text a spreadsheet would evaluate."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from coprod_cli.compute.sheets import build_book, columns_of
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month
from coprod_cli.render.csv_tables import csv_text
from reportkit import personal_values

IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
FORO = "acuerdos/foro-local-seguridad-los-guido.yaml"


def _read(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads the accents
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def test_the_tables_of_the_example(cli, example, tmp_path):
    out = tmp_path / "registro"
    result = cli("export", "csv", str(example), "--out", str(out), "--as-of", "2015-12")
    assert result.code == 0, result.err
    assert "(avance.csv, monitoreo.csv)" in result.out and "23 fila(s) en Avance, 6 fila(s) en Monitoreo." in result.out
    assert sorted(p.name for p in out.iterdir()) == ["avance.csv", "monitoreo.csv"]
    avance = _read(out / "avance.csv")
    assert avance[0] == ["_clave", "Acuerdo", "Título", "Mes", "Subactividad", "Compromiso", "Responsable", "Nivel (%)", "Nota", "_huella"]
    assert avance[0] == [c.header for c in columns_of("Avance")] + ["_huella"]
    rows = {r[0]: r for r in avance[1:]}
    assert len(rows) == 23
    foro = hashlib.sha256((example / FORO).read_bytes()).hexdigest()
    assert rows[f"{FORO}#2015-10#2"][1:] == [
        "foro-local-seguridad-los-guido",
        "Foro Local de Seguridad de Los Guido",
        "2015-10",
        "2",
        "Diagnóstico participativo de la seguridad",
        "Municipalidad de Desamparados",
        "50",
        "El diagnóstico sigue en noviembre.",
        foro,
    ]
    assert rows["acuerdos/app-comercio-empleo-juvenil.yaml#2015-11"][4] == "" and rows["acuerdos/app-comercio-empleo-juvenil.yaml#2015-11"][7] == ""
    monitoring = _read(out / "monitoreo.csv")
    assert monitoring[0][:5] == ["_clave", "Acuerdo", "Título", "1. Presenta Objetivo", "Observaciones 1"] and monitoring[0][-1] == "_huella"
    assert len(monitoring[0]) == 3 + 28 + 1
    mon = {r[0]: r for r in monitoring[1:]}
    imas = hashlib.sha256((example / IMAS).read_bytes()).hexdigest()
    assert mon[IMAS][3] == "Sí" and mon[IMAS][-2] == "Enero de 2016 sin actividad definida en el cronograma." and mon[IMAS][-1] == imas
    book = build_book(load_repository(example), Month(2015, 12))
    assert [r[0] for r in avance[1:]] == [r.key for r in book.sheet("Avance").rows]


def test_formula_looking_text_gets_an_apostrophe_and_nothing_personal(cli, example, tmp_path):
    path = example / IMAS
    _edit(path, "  - mes: 2015-08\n    nivel: 25\n", '  - mes: 2015-08\n    nivel: 60\n    nota: "=HYPERLINK(""http://x"",""y"")"\n'.replace('""', '\\"'))
    _edit(path, "  - mes: 2015-09\n    nivel: 0\n", '  - mes: 2015-09\n    nivel: 0\n    nota: "@SUM(A1)"\n')
    _edit(path, "  - mes: 2015-10\n    nivel: 0\n", "  - mes: 2015-10\n    nivel: 0\n    nota: \"'ya con apóstrofo\"\n")
    _edit(path, "  - mes: 2015-11\n    nivel: 0\n", '  - mes: 2015-11\n    nivel: 0\n    nota: "línea 1\\nlínea 2, con coma"\n')
    out = tmp_path / "registro"
    assert cli("export", "csv", str(example), "--out", str(out)).code == 0
    rows = {r[0]: r for r in _read(out / "avance.csv")[1:]}
    assert rows[f"{IMAS}#2015-08"][7:9] == ["60", "'=HYPERLINK(\"http://x\",\"y\")"]
    assert rows[f"{IMAS}#2015-09"][8] == "'@SUM(A1)"
    assert rows[f"{IMAS}#2015-10"][8] == "''ya con apóstrofo"
    assert rows[f"{IMAS}#2015-11"][8] == "línea 1\nlínea 2, con coma"
    text = (out / "avance.csv").read_text(encoding="utf-8-sig") + (out / "monitoreo.csv").read_text(encoding="utf-8-sig")
    assert [v for v in personal_values(load_repository(example)) if v in text] == []


def test_csv_text_rule():
    assert [csv_text(t) for t in ("=1", "+1", "-1", "@a", "\tx", "\rx", "'x", "hola", "", "1")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
        "''x",
        "hola",
        "",
        "1",
    ]


def test_refusals_and_only(cli, example, tmp_path):
    result = cli("export", "csv", str(example), "--out", str(example / "sesiones"))
    assert result.code == 2 and "está dentro de «sesiones/» del repositorio" in result.err
    result = cli("export", "csv", str(example), "--out", str(example))
    assert result.code == 2 and "es la carpeta del repositorio de acuerdos" in result.err
    (tmp_path / "archivo").write_text("x", encoding="utf-8")
    result = cli("export", "csv", str(example), "--out", str(tmp_path / "archivo"))
    assert result.code == 2 and "existe y no es una carpeta" in result.err
    result = cli("export", "csv", str(example), "--out", str(tmp_path / "r"), "--only", "foro-local")
    assert result.code == 2 and "¿quiso decir «foro-local-seguridad-los-guido»?" in result.err and not (tmp_path / "r").exists()
    result = cli("export", "csv", str(example), "--out", str(tmp_path / "r"), "--only", "foro-local-seguridad-los-guido", "--as-of", "2015-10")
    assert result.code == 0, result.err
    assert [r[0] for r in _read(tmp_path / "r" / "avance.csv")[1:]] == [f"{FORO}#2015-09", f"{FORO}#2015-10#1", f"{FORO}#2015-10#2"]
