"""`coprod export datos` over many cantons (issue 19, point 2): one Data Package keyed by canton,
the «cantones» table, streaming one canton at a time, and ``--format parquet``
(docs/datos-abiertos.md). One canton's package is tests/test_opendata.py's, unchanged."""

from __future__ import annotations

import csv
import gc
import json
import shutil
import sys
import weakref
from pathlib import Path

import pytest

from conftest import EXAMPLE

TABLES = (
    "ejes", "acciones_estrategicas", "territorios", "actores", "acuerdos", "compromisos", "monitoreo",
    "planes", "plan_acciones", "plan_acuerdos", "indicadores", "mediciones", "sesiones", "asistencia", "asistencia_actores",
)
#: (folder, canton, province, the change from the example): three small cantons whose figures differ.
CANTONS = (
    ("desamparados", "Desamparados", "San José", None),
    ("alajuelita", "Alajuelita", "San José", "drop"),  # one agreement fewer
    ("barva", "Barva", "Heredia", "cancel"),  # one agreement cancelled: it does not count in the totals
)
IDS = {"desamparados": "cr-san-jose-desamparados", "alajuelita": "cr-san-jose-alajuelita", "barva": "cr-heredia-barva"}


def make_canton(dest: Path, name: str, province: str, change: str | None) -> Path:
    """A copy of the example as another canton (its name and province in canton.yaml), with ``change``."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".coprod-cache"))
    manifest = dest / "canton.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count("canton: Desamparados\nprovincia: San José\n") == 1
    manifest.write_text(text.replace("canton: Desamparados\nprovincia: San José\n", f"canton: {name}\nprovincia: {province}\n"), encoding="utf-8")
    if change == "drop":  # the draft agreement, and the plan's mentions of it
        (dest / "acuerdos" / "pani-espacios-primera-infancia.yaml").unlink()
        plan = dest / "planes" / "2015.yaml"
        text = plan.read_text(encoding="utf-8")
        assert text.count("  - pani-espacios-primera-infancia\n") == 1 and text.count(", pani-espacios-primera-infancia]") == 1
        plan.write_text(text.replace("  - pani-espacios-primera-infancia\n", "").replace(", pani-espacios-primera-infancia]", "]"), encoding="utf-8")
    elif change == "cancel":
        path = dest / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count("\nestado: firmado\n") == 1
        path.write_text(text.replace("\nestado: firmado\n", "\nestado: cancelado\n"), encoding="utf-8")
    return dest


def make_cantons(folder: Path) -> Path:
    """A folder of the three cantons of CANTONS."""
    folder.mkdir(parents=True)
    for sub, name, province, change in CANTONS:
        make_canton(folder / sub, name, province, change)
    return folder


@pytest.fixture
def cantons(tmp_path) -> Path:
    return make_cantons(tmp_path / "cantones")


def export(cli, *args, month: str = "2015-12"):
    r = cli("export", "datos", *args, "--as-of", month)
    assert r.code == 0, r.out + r.err
    return r


def rows(out: Path, table: str) -> list[dict[str, str]]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_three_cantons_make_one_package_that_validates_each_canton_as_its_own_package(cli, cantons, tmp_path):
    import frictionless

    out = tmp_path / "datos"
    r = export(cli, cantons, "--out", out)
    assert "✓ Datos abiertos de 3 de 3 cantones escritos en" in r.out and "16 tablas CSV" in r.out
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resource", "rowNumber", "type", "note"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "coprod-cantones" and package["created"] == "2015-12-31T00:00:00Z"
    assert [res["name"] for res in package["resources"]] == ["cantones", *TABLES]
    by_name = {res["name"]: res for res in package["resources"]}
    assert by_name["compromisos"]["schema"]["primaryKey"] == ["canton", "acuerdo", "mes", "subactividad"]
    assert {"fields": ["canton", "acuerdo"], "reference": {"resource": "acuerdos", "fields": ["canton", "id"]}} in by_name["compromisos"]["schema"]["foreignKeys"]
    for name in TABLES:
        schema = by_name[name]["schema"]
        assert schema["fields"][0]["name"] == "canton" and schema["primaryKey"][0] == "canton"
        assert {"fields": ["canton"], "reference": {"resource": "cantones", "fields": ["id"]}} in schema["foreignKeys"]
    listed = rows(out, "cantones")
    assert [(c["id"], c["nombre"], c["provincia"], c["pais"], c["carpeta"], c["estado"]) for c in listed] == [
        ("cr-san-jose-alajuelita", "Alajuelita", "San José", "CR", "alajuelita", "valido"),
        ("cr-heredia-barva", "Barva", "Heredia", "CR", "barva", "valido"),
        ("cr-san-jose-desamparados", "Desamparados", "San José", "CR", "desamparados", "valido"),
    ]
    assert [(c["acuerdos"], c["errores"], c["archivos_no_leidos"]) for c in listed] == [("5", "0", "0"), ("6", "0", "0"), ("6", "0", "0")]
    # Each canton's rows are exactly those of its own one-canton package, with its key in front.
    for sub, *_ in CANTONS:
        alone = tmp_path / f"solo-{sub}"
        export(cli, cantons / sub, "--out", alone)
        for table in TABLES:
            mine = [{k: v for k, v in row.items() if k != "canton"} for row in rows(out, table) if row["canton"] == IDS[sub]]
            assert mine == rows(alone, table), (sub, table)
    assert f"({sum(len(rows(out, t)) for t in ('cantones', *TABLES))} filas)" in r.out


def test_several_repositories_on_the_command_line_are_one_package_in_their_order(cli, cantons, tmp_path):
    out = tmp_path / "datos"
    export(cli, cantons / "barva", cantons / "desamparados", "--out", out)
    assert [c["id"] for c in rows(out, "cantones")] == ["cr-heredia-barva", "cr-san-jose-desamparados"]
    assert {r["canton"] for r in rows(out, "acuerdos")} == {"cr-heredia-barva", "cr-san-jose-desamparados"}
    again = tmp_path / "otra-vez"
    export(cli, cantons / "barva", cantons / "desamparados", "--out", again)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in again.iterdir()}  # same bytes
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.csv" for t in ("cantones", *TABLES)] + ["datapackage.json"])  # no temporary left


def test_cantons_with_errors_unread_or_repeated_are_listed_never_dropped(cli, cantons, tmp_path, monkeypatch):
    """Summary on stderr and a state in «cantones»: errors (rows kept, marked), unread (no rows), duplicate (no rows);
    a folder that is not a canton is named too."""
    import coprod_cli.load.repository as repository

    broken = cantons / "alajuelita" / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nestado: ", "\nestado: [", 1), encoding="utf-8")
    shutil.copytree(cantons / "barva", cantons / "barva-copia")
    make_canton(cantons / "zz-ilegible", "Ilegible", "Limón", None)
    (cantons / "notas").mkdir()
    real = repository.load_repository

    def load(root, *a, **k):
        if Path(root).name == "zz-ilegible":
            from coprod_cli.errors import CoprodError

            raise CoprodError("no se pudo leer la carpeta de prueba")
        return real(root, *a, **k)

    monkeypatch.setattr(repository, "load_repository", load)
    out = tmp_path / "datos"
    r = export(cli, cantons, "--out", out)
    assert "✓ Datos abiertos de 3 de 5 cantones escritos en" in r.out
    states = {c["carpeta"]: (c["id"], c["estado"], c["errores"], c["archivos_no_leidos"]) for c in rows(out, "cantones")}
    assert states == {
        "alajuelita": ("cr-san-jose-alajuelita", "con_errores", states["alajuelita"][2], "1"),
        "barva": ("cr-heredia-barva", "valido", "0", "0"),
        "barva-copia": ("cr-heredia-barva-2", "duplicado", "", ""),
        "desamparados": ("cr-san-jose-desamparados", "valido", "0", "0"),
        "zz-ilegible": ("zz-ilegible", "no_leido", "", ""),
    }
    assert int(states["alajuelita"][2]) >= 1
    err = " ".join(r.err.split())
    assert "notas» no se leyó: no tiene «canton.yaml»" in err
    assert "Alajuelita («alajuelita») tiene" in err and "estado «con_errores»" in err
    assert "«barva-copia» es otra vez el cantón «cr-heredia-barva»" in err
    assert "el cantón de «zz-ilegible» no se pudo leer y no está en las tablas (no se pudo leer la carpeta de prueba)" in err
    agreements = rows(out, "acuerdos")
    assert [a["canton"] for a in agreements].count("cr-heredia-barva") == 6  # the duplicate's rows are not repeated
    assert [a["canton"] for a in agreements].count("cr-san-jose-alajuelita") == 4  # its unreadable agreement is not a row
    assert not any(a["canton"] == "zz-ilegible" for a in agreements)


def test_one_canton_at_a_time_is_alive(cli, cantons, tmp_path, monkeypatch):
    """Streaming: when a canton is loaded, every earlier canton's repository has been let go."""
    import coprod_cli.load.repository as repository

    real = repository.load_repository
    loaded: list[weakref.ref] = []
    alive_at_load: list[int] = []

    def load(root, *a, **k):
        gc.collect()
        alive_at_load.append(sum(1 for ref in loaded if ref() is not None))
        repo = real(root, *a, **k)
        loaded.append(weakref.ref(repo))
        return repo

    monkeypatch.setattr(repository, "load_repository", load)
    export(cli, cantons, "--out", tmp_path / "datos")
    assert alive_at_load == [0, 0, 0]


def test_no_name_email_or_phone_of_any_canton_reaches_any_table(cli, cantons, tmp_path):
    from coprod_cli.load.repository import load_repository
    from reportkit import leaks, personal_values
    from test_privacy import OPEN_DATA_MARKERS, OPEN_DATA_PLANTS

    for sub, *_ in CANTONS:
        for rel, edits in OPEN_DATA_PLANTS.items():
            path = cantons / sub / rel
            text = path.read_text(encoding="utf-8")
            for old, new in edits:
                assert text.count(old) == 1, (sub, rel, old)
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        actors = cantons / sub / "actores.yaml"  # a titular of each canton's own, not shared with the others
        text = actors.read_text(encoding="utf-8")
        for old, new in (("Andrea Solís Vargas", f"Andrea Titular {sub.title()}"), ("andrea.solis@imas.example", f"andrea@{sub}.example"),
                         ("+506 2000-1101", f"+506 2000-{len(sub):04d}")):
            assert text.count(old) == 1
            text = text.replace(old, new)
        actors.write_text(text, encoding="utf-8")
    planted = set().union(*(personal_values(load_repository(cantons / sub)) for sub, *_ in CANTONS))
    assert len(planted) > 20 and {"Andrea Titular Barva", "andrea@alajuelita.example"} <= planted
    out = tmp_path / "datos"
    export(cli, cantons, "--out", out)
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    assert len(files) == 17
    assert {n: leaks(t, planted) for n, t in files.items() if leaks(t, planted)} == {}
    assert {n: [m for m in OPEN_DATA_MARKERS if m in t] for n, t in files.items() if any(m in t for m in OPEN_DATA_MARKERS)} == {}
    assert files["compromisos.csv"].count("Confirmado por teléfono al [teléfono retirado].") == 3
    pytest.importorskip("pyarrow", reason='the Parquet half needs the parquet extra (pip install "coprod[parquet]")')
    import pyarrow.parquet as pq

    export(cli, cantons, "--out", tmp_path / "parquet", "--format", "parquet")
    texts = {p.name: json.dumps(pq.read_table(p).to_pylist(), ensure_ascii=False, default=str) for p in (tmp_path / "parquet").glob("*.parquet")}
    assert len(texts) == 16 and "[teléfono retirado]" in texts["compromisos.parquet"]
    assert {n: leaks(t, planted) for n, t in texts.items() if leaks(t, planted)} == {}
    assert not any(m in t for m in OPEN_DATA_MARKERS for t in texts.values())


def test_parquet_holds_the_csv_values_with_their_types(cli, cantons, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason='--format parquet needs the parquet extra (pip install "coprod[parquet]")')
    import frictionless

    from coprod_cli.render.datapackage import cell

    export(cli, cantons, "--out", tmp_path / "csv")
    r = export(cli, cantons, "--out", tmp_path / "pq", "--format", "parquet")
    assert "16 tablas Parquet" in r.out
    package = json.loads((tmp_path / "pq" / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])
    arrow = {"string": "string", "integer": "int64", "number": "double", "date": "date32[day]", "boolean": "bool", "yearmonth": "string"}
    for res in package["resources"]:
        assert (res["path"], res["format"], res["mediatype"]) == (f"{res['name']}.parquet", "parquet", "application/vnd.apache.parquet")
        table = pq.read_table(tmp_path / "pq" / res["path"])
        assert [(f.name, str(f.type)) for f in table.schema] == [(f["name"], arrow[f["type"]]) for f in res["schema"]["fields"]]
        as_csv = [{k: cell(v) for k, v in row.items()} for row in table.to_pylist()]
        assert as_csv == rows(tmp_path / "csv", res["name"]), res["name"]
    agreements = pq.read_table(tmp_path / "pq" / "acuerdos.parquet").to_pylist()
    first = agreements[0]
    assert isinstance(first["criterios_cumplidos"], int) and isinstance(first["avance_global"], float)
    assert isinstance(first["cuenta_en_totales"], bool) and first["fecha_firma"].isoformat() == "2015-09-28"


def test_one_canton_in_parquet_has_the_tables_of_its_csv_package(cli, example, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason='--format parquet needs the parquet extra (pip install "coprod[parquet]")')
    r = export(cli, example, "--out", tmp_path / "pq", "--format", "parquet")
    assert "15 tablas Parquet (286 filas)" in r.out
    export(cli, example, "--out", tmp_path / "csv")
    package = json.loads((tmp_path / "pq" / "datapackage.json").read_text(encoding="utf-8"))
    csv_package = json.loads((tmp_path / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert [res["schema"] for res in package["resources"]] == [res["schema"] for res in csv_package["resources"]]
    assert pq.read_table(tmp_path / "pq" / "acuerdos.parquet").num_rows == 6


@pytest.mark.parametrize("many", [False, True])
def test_without_the_extra_parquet_is_refused_in_spanish_naming_the_extra(cli, cantons, tmp_path, monkeypatch, many):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow → ImportError, as when it is not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "datos"
    r = cli("export", "datos", cantons if many else cantons / "barva", "--out", out, "--format", "parquet", "--as-of", "2015-12")
    assert r.code == 2
    assert 'pip install "coprod[parquet]"' in " ".join(r.err.split()) and "Traceback" not in r.err + r.out
    assert not out.exists()


def test_an_unknown_format_is_refused(cli, example, tmp_path):
    r = cli("export", "datos", example, "--out", tmp_path / "d", "--format", "xlsx")
    assert r.code == 2 and "--format" in r.err


def test_the_doc_describes_the_cantons_table_and_the_canton_key(cli, cantons, tmp_path):
    out = tmp_path / "datos"
    export(cli, cantons, "--out", out)
    doc = (Path(__file__).resolve().parents[1] / "docs" / "datos-abiertos.md").read_text(encoding="utf-8")
    res = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]
    head = f"### `{res['path']}` — {res['title']}\n"
    assert head in doc
    section = doc.split(head, 1)[1].split("\n### ", 1)[0]
    assert res["description"] in section
    for f in res["schema"]["fields"]:
        assert f"| `{f['name']}` | {f['type']} | {f['description']} |" in section
    canton = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"][1]["schema"]["fields"][0]
    assert f"| `canton` | string | {canton['description']} |" in doc


@pytest.fixture
def english():
    from coprod_cli.lang import set_language

    set_language("en")
    yield
    set_language("es")


def test_the_summary_speaks_english_with_lang_en(cli, cantons, tmp_path, english, monkeypatch):
    shutil.copytree(cantons / "barva", cantons / "barva-copia")
    r = export(cli, cantons, "--out", tmp_path / "datos")
    out, err = " ".join(r.out.split()), " ".join(r.err.split())
    assert "✓ Open data of 3 of 4 cantons written to" in out and "16 CSV tables" in out and "datapackage.json" in out
    assert "Warning: «barva-copia» is the canton «cr-heredia-barva» again" in err
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    r = cli("export", "datos", cantons, "--out", tmp_path / "p", "--format", "parquet")
    assert r.code == 2 and 'needs pyarrow, which is not installed. Install the extra: pip install "coprod[parquet]"' in " ".join(r.err.split())
    # The package's own words (titles, table and column descriptions) are in the language in use; names and keys stay.
    package = json.loads((tmp_path / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["name"] == "cantones" and package["resources"][0]["title"] == "Cantons"


def test_with_the_redaction_switched_off_the_national_search_finds_the_leak(cli, cantons, tmp_path, monkeypatch):
    """Not vacuous: the national package goes through public_source's redaction, canton by canton."""
    import coprod_cli.model.personal as personal_module
    import coprod_cli.report.views.public as views
    from test_privacy import OPEN_DATA_PLANTS

    rel, edits = next(iter(OPEN_DATA_PLANTS.items()))
    path = cantons / "barva" / rel
    path.write_text(path.read_text(encoding="utf-8").replace(*edits[0]), encoding="utf-8")
    export(cli, cantons, "--out", tmp_path / "limpio")
    assert "8899-1122" not in (tmp_path / "limpio" / "compromisos.csv").read_text(encoding="utf-8")
    monkeypatch.setattr(personal_module, "scrub", lambda text: text)
    monkeypatch.setattr(views, "redact", lambda value, names=None: value)
    export(cli, cantons, "--out", tmp_path / "sucio")
    leaked = [r for r in rows(tmp_path / "sucio", "compromisos") if "8899-1122" in r["nota"]]
    assert [r["canton"] for r in leaked] == ["cr-heredia-barva"]


def test_a_disk_that_refuses_is_a_spanish_error_and_leaves_no_temporary(cli, cantons, tmp_path, monkeypatch):
    import errno
    import os

    import coprod_cli.pipeline.opendata_national as national

    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(national.os, "replace", replace)
    out = tmp_path / "datos"
    r = cli("export", "datos", cantons, "--out", out, "--as-of", "2015-12")
    assert r.code == 2 and "Traceback" not in r.err
    assert "no se pudieron escribir los datos en" in " ".join(r.err.split())
    # The two tables renamed before the disk refused are whole; no temporary is left, and no datapackage.json.
    assert sorted(p.name for p in out.iterdir()) == ["cantones.csv", "ejes.csv"]
