"""`coprod export datos`: the public tables and their datapackage.json
(issue 15, point 4; docs/datos-abiertos.md). The privacy of the package is
tested in tests/test_privacy.py with the other public outputs."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

TABLES = (
    "ejes", "acciones_estrategicas", "territorios", "actores", "acuerdos", "compromisos", "monitoreo",
    "planes", "plan_acciones", "plan_acuerdos", "indicadores", "mediciones", "sesiones", "asistencia", "asistencia_actores",
)


def export(cli, repo: Path, out: Path, month: str = "2015-12"):
    r = cli("export", "datos", repo, "--out", out, "--as-of", month)
    assert r.code == 0, r.out + r.err
    return r


def rows(out: Path, table: str) -> list[dict[str, str]]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def validate(out: Path):
    import frictionless

    return frictionless.validate(str(out / "datapackage.json"))


def test_the_example_exports_a_package_that_validates_with_its_foreign_keys(cli, example, tmp_path):
    out = tmp_path / "datos"
    r = export(cli, example, out)
    assert "✓ Datos abiertos escritos en" in r.out and "15 tablas CSV" in r.out and "diciembre de 2015" in r.out
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.csv" for t in TABLES] + ["datapackage.json"])
    report = validate(out)
    assert report.valid, report.flatten(["resource", "rowNumber", "type", "note"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["name"] == "coprod-desamparados"
    assert package["created"] == "2015-12-31T00:00:00Z" and "license" not in package and "licenses" not in package
    assert [res["name"] for res in package["resources"]] == list(TABLES)
    by_name = {res["name"]: res for res in package["resources"]}
    assert by_name["compromisos"]["schema"]["primaryKey"] == ["acuerdo", "mes", "subactividad"]
    assert {"fields": ["acuerdo"], "reference": {"resource": "acuerdos", "fields": ["id"]}} in by_name["compromisos"]["schema"]["foreignKeys"]
    assert {"fields": ["actor"], "reference": {"resource": "actores", "fields": ["id"]}} in by_name["asistencia"]["schema"]["foreignKeys"]
    types = {f["name"]: f["type"] for f in by_name["compromisos"]["schema"]["fields"]}
    assert types == {
        "acuerdo": "string", "mes": "yearmonth", "subactividad": "integer", "descripcion": "string", "nivel": "integer",
        "estado": "string", "vencido": "boolean", "problemas": "string", "nota": "string", "nota_del_mes": "string",
    }
    for res in package["resources"]:  # every table and every field is described in Spanish
        assert res["title"] and res["description"] and res["encoding"] == "utf-8"
        assert all(f["description"] for f in res["schema"]["fields"]), res["name"]
    counts = {t: len(rows(out, t)) for t in TABLES}
    assert counts == {
        "ejes": 4, "acciones_estrategicas": 10, "territorios": 5, "actores": 21, "acuerdos": 6, "compromisos": 29,
        "monitoreo": 84, "planes": 1, "plan_acciones": 6, "plan_acuerdos": 6, "indicadores": 5, "mediciones": 12, "sesiones": 7, "asistencia": 78,
        "asistencia_actores": 12,
    }
    assert sum(counts.values()) == 286 and "(286 filas)" in r.out  # 12 measurements up to 2015-12: 3 + 3 + 2 + 1 + 3


def test_csv_is_utf8_without_bom_rfc4180(cli, example, tmp_path):
    out = tmp_path / "datos"
    export(cli, example, out)
    data = (out / "acuerdos.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.startswith(b"id,archivo,titulo,estado,") and data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert "Mapeo de familias beneficiarias e integración en procesos formativos".encode() in data
    # A text with a comma is quoted; nothing else is.
    assert b'"Organizar un Foro Local de Seguridad en Los Guido con vecinos, iglesias,' in data


def test_two_exports_of_the_same_month_are_the_same_bytes(cli, example, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    export(cli, example, first)
    export(cli, example, second)
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {p.name: p.read_bytes() for p in second.iterdir()}
    export(cli, example, second, "2015-11")
    assert json.loads((second / "datapackage.json").read_text(encoding="utf-8"))["created"] == "2015-11-30T00:00:00Z"


def test_the_figures_are_those_of_coprod_status(cli, example, tmp_path):
    for month in ("2015-10", "2015-12", "2016-02"):
        out = tmp_path / month
        export(cli, example, out, month)
        status = json.loads(cli("status", example, "--format", "json", "--as-of", month).out)
        agreements = {row["id"]: row for row in rows(out, "acuerdos")}
        assert sorted(agreements) == [a["id"] for a in status["agreements"]]
        commitments = rows(out, "compromisos")
        for a in status["agreements"]:
            row, p = agreements[a["id"]], a["progress"]
            assert int(row["criterios_cumplidos"]) == a["checklist"]["met"]
            assert (int(row["compromisos"]), int(row["compromisos_vencidos"]), int(row["reportados_vencidos"])) == (
                p["commitments"], p["due"], p["reported_due"])
            assert (int(row["sin_reporte_vencidos"]), int(row["invalidos_vencidos"]), int(row["poco_avance"])) == (
                p["unreported_due"], p["invalid_due"], p["low"])
            for key, figure in (("avance_al_dia", "to_date"), ("avance_global", "overall"), ("plazo_transcurrido", "term_elapsed")):
                assert (float(row[key]) if row[key] else None) == p[figure], (a["id"], key)  # full precision, exactly
            assert row["atrasado"] == ("true" if p["behind_schedule"] else "false")
            mine = [c for c in commitments if c["acuerdo"] == a["id"]]
            assert [(c["mes"], c["subactividad"] or None, c["nivel"] or None, c["estado"]) for c in mine] == [
                (s["month"], str(s["subactivity"]) if s["subactivity"] else None, str(s["level"]) if s["level"] is not None else None,
                 {"reported": "reportado", "unreported": "sin_reporte", "pending": "pendiente", "invalid": "invalido"}[s["state"]])
                for s in p["schedule"]
            ]
            met = [int(m["criterio"]) for m in rows(out, "monitoreo") if m["acuerdo"] == a["id"] and m["cumple"] == "true"]
            assert met == [c["number"] for c in a["checklist"]["criteria"] if c["met"]]
        levels = [int(c["nivel"]) for c in commitments if c["nivel"]]
        due = [c for c in commitments if c["vencido"] == "true"]
        assert len(due) == status["totals"]["progress"]["due"]
        assert len(levels) >= status["totals"]["progress"]["reported_due"]
        held = rows(out, "sesiones")
        assert len(held) == status["sessions"]["held"]
        by_actor = {a["actor"]: a for a in rows(out, "asistencia_actores")}
        assert sorted(by_actor) == sorted(a["actor"] for a in status["sessions"]["attendance"])
        for a in status["sessions"]["attendance"]:
            row = by_actor[a["actor"]]
            assert (int(row["convocatorias"]), int(row["presentes"]), int(row["ausentes"]), int(row["ausencias_seguidas"])) == (
                a["convened"], a["present"], a["absent"], a["streak"])
            assert (float(row["tasa"]) if row["tasa"] else None) == a["rate"]


def test_an_invalid_level_is_shown_as_invalid_never_as_empty(cli, example, tmp_path):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - mes: 2015-09\n    nivel: 0\n", "  - mes: 2015-09\n    nivel: 60\n"), encoding="utf-8")
    out = tmp_path / "datos"
    r = export(cli, example, out)
    assert "Aviso: el repositorio tiene 1 error(es)" in r.err
    september = next(c for c in rows(out, "compromisos") if c["acuerdo"] == "imas-ina-mapeo-familias" and c["mes"] == "2015-09")
    assert (september["nivel"], september["estado"], september["problemas"], september["vencido"]) == ("", "invalido", "CP205", "true")
    agreement = next(a for a in rows(out, "acuerdos") if a["id"] == "imas-ina-mapeo-familias")
    assert (agreement["invalidos_vencidos"], agreement["problemas"]) == ("1", "CP205")
    assert validate(out).valid  # the constraint lists «invalido» among the states


HOSTILE = 'Llamó «el jefe», dijo "=cmd|\' /C calc\'!A0"\r\nsegunda línea, con coma\n=HYPERLINK("http://x","y")\n@SUM(A1)'


def test_hostile_text_round_trips_through_csv_exactly(cli, example, tmp_path):
    """Commas, quotes, line breaks (CR LF and LF) and formula-looking text come back exactly as recorded:
    open data keeps the value (docs/datos-abiertos.md says why)."""
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE, ensure_ascii=False)
    path.write_text(text.replace("  - mes: 2015-07\n    nivel: 50\n", f"  - mes: 2015-07\n    nivel: 50\n    nota: {quoted}\n"), encoding="utf-8")
    session = example / "sesiones" / "2015-12-20-a,b\"=cmd.yaml"
    session.write_text("fecha: 2015-12-20\ninstancia: foro\nasistencia:\n  - actor: imas\n    estado: titular\n", encoding="utf-8")
    out = tmp_path / "datos"
    export(cli, example, out)
    july = next(c for c in rows(out, "compromisos") if c["acuerdo"] == "imas-ina-mapeo-familias" and c["mes"] == "2015-07")
    assert july["nota"] == HOSTILE
    assert '2015-12-20-a,b"=cmd' in [s["id"] for s in rows(out, "sesiones")]
    assert ('2015-12-20-a,b"=cmd', "imas") in [(a["sesion"], a["actor"]) for a in rows(out, "asistencia")]
    assert b'"2015-12-20-a,b""=cmd"' in (out / "sesiones.csv").read_bytes()
    report = validate(out)
    assert report.valid, report.flatten(["resource", "rowNumber", "type", "note"])
    import frictionless

    resource = frictionless.Package(str(out / "datapackage.json")).get_resource("compromisos")
    notes = [row["nota"] for row in resource.read_rows() if row["acuerdo"] == "imas-ina-mapeo-familias"]
    assert HOSTILE in notes  # a second reader agrees


def test_a_folder_inside_the_sources_or_through_a_link_is_refused(cli, example, tmp_path):
    r = cli("export", "datos", example, "--out", example / "acuerdos" / "datos")
    assert r.code == 2 and "está dentro de «acuerdos/» del repositorio" in r.err
    r = cli("export", "datos", example, "--out", example)
    assert r.code == 2 and "es la carpeta del repositorio de acuerdos" in r.err
    (tmp_path / "fuera").mkdir()
    os.symlink(tmp_path / "fuera", example / "publicar")
    r = cli("export", "datos", example, "--out", example / "publicar" / "datos")
    assert r.code == 2 and "un enlace simbólico dentro del repositorio" in r.err
    assert list((tmp_path / "fuera").iterdir()) == []
    (tmp_path / "archivo").write_text("x", encoding="utf-8")
    r = cli("export", "datos", example, "--out", tmp_path / "archivo")
    assert r.code == 2 and "existe y no es una carpeta" in r.err
    r = cli("export", "datos", example)
    assert r.code == 2 and "--out" in r.err
    export(cli, example, example / "datos")  # another folder of the repository is fine
    assert validate(example / "datos").valid


def test_a_link_already_in_the_folder_is_replaced_not_written_through(cli, example, tmp_path):
    victim = tmp_path / "victima.txt"
    victim.write_text("no tocar", encoding="utf-8")
    out = tmp_path / "datos"
    out.mkdir()
    os.symlink(victim, out / "acuerdos.csv")
    export(cli, example, out)
    assert victim.read_text(encoding="utf-8") == "no tocar"
    assert not (out / "acuerdos.csv").is_symlink() and (out / "acuerdos.csv").read_bytes().startswith(b"id,")


def test_a_file_that_does_not_load_is_named_and_left_out(cli, example, tmp_path):
    (example / "acuerdos" / "roto.yaml").write_text("id: [\n", encoding="utf-8")
    out = tmp_path / "datos"
    r = export(cli, example, out)
    assert "Aviso: 1 archivo(s) no se pudieron leer y no están en las tablas (acuerdos/roto.yaml)" in r.err
    assert len(rows(out, "acuerdos")) == 6 and validate(out).valid


@pytest.mark.parametrize("month", ["2015-06", "2016-06"])
def test_other_months_validate_too(cli, example, tmp_path, month):
    out = tmp_path / "datos"
    export(cli, example, out, month)
    assert validate(out).valid
    states = {c["estado"] for c in rows(out, "compromisos")}
    if month == "2015-06":  # before every schedule: nothing is due, and no session was held yet
        assert states == {"pendiente"} and rows(out, "sesiones") == [] and rows(out, "asistencia") == []
    else:  # after every schedule: everything is due
        assert "pendiente" not in states and "reportado" in states and len(rows(out, "sesiones")) == 7


def test_the_tables_as_records_hold_the_same_values(example):
    """The compute records (no words): what the CSV cells are made of."""
    from coprod_cli.compute.figures import compute
    from coprod_cli.compute.opendata import open_data
    from coprod_cli.load.repository import load_repository
    from coprod_cli.model.types import Month
    from coprod_cli.render.datapackage import COLUMNS, SPECIFIC, table_csv
    from coprod_cli.render.datapackage import TABLES as WORDS

    repo = load_repository(example)
    data = open_data(repo, compute(repo, Month(2015, 12)))
    assert [t.name for t in data.tables] == list(TABLES) == list(WORDS)
    for t in data.tables:
        assert all(len(row) == len(t.columns) for row in t.rows), t.name
        assert all(c.name in COLUMNS or (t.name, c.name) in SPECIFIC for c in t.columns)
        assert set(t.primary_key) <= {c.name for c in t.columns}
        parsed = list(csv.reader(io.StringIO(table_csv(t).decode("utf-8"), newline="")))
        assert len(parsed) == len(t.rows) + 1


def test_the_doc_describes_every_table_and_column(cli, example, tmp_path):
    """docs/datos-abiertos.md has a section per table listing its columns, types and descriptions, in order."""
    out = tmp_path / "datos"
    export(cli, example, out)
    doc = (Path(__file__).resolve().parents[1] / "docs" / "datos-abiertos.md").read_text(encoding="utf-8")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        head = f"### `{res['path']}` — {res['title']}\n"
        assert head in doc, head
        section = doc.split(head, 1)[1].split("\n### ", 1)[0]
        assert res["description"] in section
        listed = [line.split("|")[1].strip(" `") for line in section.splitlines() if line.startswith("| `")]
        assert listed == [f["name"] for f in res["schema"]["fields"]], res["name"]
        for f in res["schema"]["fields"]:
            description = f["description"].replace("|", "\\|")
            assert f"| `{f['name']}` | {f['type']} | {description} |" in section


@pytest.mark.parametrize("where", ["temporary", "rename"])
def test_a_full_disk_is_a_spanish_message_and_nothing_is_left_half_written(cli, example, tmp_path, monkeypatch, where):
    import errno

    from coprod_cli import fsutil

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil.os, "replace", fail) if where == "rename" else monkeypatch.setattr(fsutil.tempfile, "mkstemp", fail)
    out = tmp_path / "datos"
    r = cli("export", "datos", example, "--out", out, "--as-of", "2015-12")
    assert r.code == 2 and "Traceback" not in r.err
    assert f"no se pudieron escribir los datos en «{out}» (el disco está lleno: libere espacio); 0 de 16 archivos" in r.err.replace("\n", " ")
    assert list(out.iterdir()) == []  # no file, no temporary


def test_a_disk_that_fills_up_midway_leaves_whole_files_and_no_descriptor(cli, example, tmp_path, monkeypatch):
    import errno

    from coprod_cli import fsutil

    real, calls = fsutil.os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", replace)
    out = tmp_path / "datos"
    r = cli("export", "datos", example, "--out", out, "--as-of", "2015-12")
    assert r.code == 2 and "3 de 16 archivos quedaron escritos, ninguno a medias (datapackage.json se escribe al final)" in r.err.replace("\n", " ")
    assert sorted(p.name for p in out.iterdir()) == ["acciones_estrategicas.csv", "ejes.csv", "territorios.csv"]
