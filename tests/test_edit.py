"""`coprod progress set` and `coprod monitoring set`: only the value concerned
changes, byte for byte; bad requests are refused in Spanish and leave the
file untouched; writes are atomic and stay inside the repository."""

from __future__ import annotations

import codecs
import difflib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from coprod_cli.errors import CoprodError
from coprod_cli.model.types import Month

BASE = ROOT / "tests" / "fixtures" / "base"

# Comments everywhere, flow and block styles mixed, four-space and zero-offset
# indentation, single/double quotes, a folded scalar, extra spaces after «:».
WEIRD = """\
# yaml-language-server: $schema=../schemas/acuerdo.schema.json
#   Un acuerdo con formato raro, a propósito.
id:     a1        # el id
titulo: 'Acuerdo   de prueba: ''raro'''
forma: "convenio"
estado: en_ejecucion
plan_anual: 2015
objetivo: >-
    Un objetivo largo que ocupa
    dos líneas
actividad:
    actividad_programada: "Una actividad"   # comentario
    planes_programas: [ "Un plan" ,  Otro ]
    meta: Una meta
    poblacion: Una población
    territorio: {descripcion: San Miguel, territorios: [san-miguel]}
    actores_sociedad_civil:
        actores:
        - lideres
    actor_encargado: imas
    actores_colaboradores: [ina]
    plazo: {inicio: "2015-07", fin: '2015-09'}
    impacto_esperado: Un impacto
corresponsabilidad:
-   actor: imas
    roles: [Encargado]
    responsabilidades: [Reportar]
-   actor: ina
    roles: [Formador]
    responsabilidades: [Formar]
cronograma:
    eje: desarrollo-local
    accion_estrategica: 7
    meses:
    # julio
    -   mes: 2015-07
        actividades:
        -   descripcion: Primera
    -   {mes: "2015-08", actividades: [{descripcion: Segunda}, {descripcion: Tercera}]}
    -   mes: 2015-09   # setiembre
        actividades: []
poi: [{actor: imas, anio: 2015, estado: sí}, {actor: ina, anio: 2015, estado: pendiente}]   # sin CP415
# --- avance ---
avance:
# julio, según el acta
-   mes: 2015-07
    nivel:     50    # medio
    # fin de julio
# --- monitoreo ---
monitoreo:
    objetivo:
        cumple: sí     # sí
    meta: {cumple: "no" , observaciones: 'falta' }
    # nada más
"""

VARIANTS = {
    "lf": WEIRD.encode("utf-8"),
    # Windows line endings, a byte-order mark and no final newline.
    "crlf-bom": codecs.BOM_UTF8 + WEIRD.rstrip("\n").replace("\n", "\r\n").encode("utf-8"),
}


@pytest.fixture
def repo(tmp_path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(BASE, dest)
    # These tests append sections at the end of a1: its POI records (the base's last lines) go before
    # its schedule, so that a1 ends with its progress and monitoring table as the editor's tests expect.
    path = dest / "acuerdos" / "a1.yaml"
    text = path.read_text(encoding="utf-8")
    poi = text[text.index("poi:\n"):]
    assert text.endswith(poi) and text.count("cronograma:\n") == 1
    path.write_text(text[: -len(poi)].replace("cronograma:\n", poi + "cronograma:\n"), encoding="utf-8")
    return dest


def _changes(before: bytes, after: bytes) -> list[str]:
    """The diff as '-line' / '+line' entries (line endings kept)."""
    a = before.decode("utf-8-sig").splitlines(keepends=True)
    b = after.decode("utf-8-sig").splitlines(keepends=True)
    return [l for l in difflib.unified_diff(a, b, n=0) if l[:1] in "+-" and not l.startswith(("---", "+++"))]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_progress_and_monitoring_change_only_their_lines(cli, repo, variant):
    path = repo / "acuerdos" / "a1.yaml"
    path.write_bytes(VARIANTS[variant])
    os.chmod(path, 0o640)
    nl = "\r\n" if variant == "crlf-bom" else "\n"

    steps = [
        (("progress", "set", repo, "a1", "--month", "2015-07", "--level", "75"),
         ["-    nivel:     50    # medio" + nl, "+    nivel:     75    # medio" + nl]),
        (("progress", "set", repo, "a1", "--month", "2015-09", "--level", "25", "--note", "Acta: «sí» # 3"),
         ["+-   mes: 2015-09" + nl, "+    nivel: 25" + nl, '+    nota: "Acta: «sí» # 3"' + nl]),
        (("progress", "set", repo, "a1", "--month", "2015-08", "--level", "50", "--subactivity", "2"),
         ["+-   mes: 2015-08" + nl, "+    subactividades:" + nl, "+    -   subactividad: 2" + nl, "+        nivel: 50" + nl]),
        (("progress", "set", repo, "a1", "--month", "2015-08", "--level", "100", "--subactivity", "1"),
         ["+    -   subactividad: 1" + nl, "+        nivel: 100" + nl]),
        (("monitoring", "set", repo, "a1", "objetivo", "no", "--note", "Poco claro"),
         ["-        cumple: sí     # sí" + nl, '+        cumple: "no"     # sí' + nl, "+        observaciones: Poco claro" + nl]),
        (("monitoring", "set", repo, "a1", "4", "si"),
         ["-    meta: {cumple: \"no\" , observaciones: 'falta' }" + nl, "+    meta: {cumple: \"sí\" , observaciones: 'falta' }" + nl]),
    ]
    for args, expected in steps:
        before = path.read_bytes()
        r = cli(*args)
        assert r.code == 0, r.err
        assert "Registrado en «acuerdos/a1.yaml»" in r.out
        assert "El repositorio es válido" in r.out
        assert _changes(before, path.read_bytes()) == expected, args

    after = path.read_bytes()
    assert after.startswith(codecs.BOM_UTF8) == (variant == "crlf-bom")
    assert after.endswith(b"# nada m\xc3\xa1s\n" if variant == "lf" else b"# nada m\xc3\xa1s")
    if variant == "crlf-bom":
        assert b"\n" not in after.replace(b"\r\n", b"")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert cli("validate", repo, "--strict").code == 0


def test_the_example_gets_one_value_or_one_entry(cli, example, monkeypatch):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "50")
    assert r.code == 0
    assert "avance de 2015-09: 50 % (avanzada)" in r.out
    assert _changes(before, path.read_bytes()) == ["-    nivel: 0\n", "+    nivel: 50\n"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("  - mes: 2015-09") + 1] == "    nivel: 50"

    before = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2016-01", "--level", "25")
    assert r.code == 0
    # January 2016 goes after December, before the blank line and section 7's comment.
    assert _changes(before, path.read_bytes()) == ["+  - mes: 2016-01\n", "+    nivel: 25\n"]
    text = path.read_text(encoding="utf-8")
    assert "    nivel: 0\n  - mes: 2016-01\n    nivel: 25\n\n# 7. Tabla de monitoreo" in text

    same = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2016-01", "--level", "25")
    assert r.code == 0 and "Sin cambios" in r.out
    assert path.read_bytes() == same
    # The repository stays valid (the example's other warnings, CP213 for schedules that ended and
    # CP705 for overdue session decisions, CP410 and CP412 for the plan against reality, are not this edit's).
    monkeypatch.setattr("coprod_cli.model.types.current_month", lambda today=None: Month(2016, 2))
    r = cli("validate", example, "--format", "json")
    assert r.code == 0 and {d["code"] for d in json.loads(r.out)["diagnostics"]} <= {"CP213", "CP705", "CP410", "CP412"}


@pytest.mark.parametrize(
    "args,message",
    [
        (("--month", "2015-09", "--level", "60"), "el nivel «60» no está en la escala de cinco niveles del protocolo: 0 (sin avance), 25 (algo avanzada), 50 (avanzada), 75 (muy avanzada), 100 (cumplida)"),
        (("--month", "2015-09", "--level", "mucho"), "el nivel «mucho» no está en la escala"),
        (("--month", "2017-01", "--level", "50"), "el mes 2017-01 no está en el cronograma del acuerdo «imas-ina-mapeo-familias» (meses: 2015-07 a 2016-01)"),
        (("--month", "2015-7", "--level", "50"), "«2015-7» no es un mes con la forma AAAA-MM"),
        (("--month", "2015-08", "--level", "50", "--subactivity", "3"), "el cronograma de 2015-08 tiene 2 subactividad(es): use --subactivity entre 1 y 2"),
        (("--month", "2015-08", "--level", "50", "--subactivity", "1"), "el avance de 2015-08 tiene un nivel para el mes completo (25); no se puede mezclar"),
        (("--month", "2016-01", "--level", "50", "--subactivity", "1"), "el cronograma de 2016-01 no tiene subactividades"),
        (("--month", "2015-08", "--level", "50", "--subactivity", "0"), "las subactividades se numeran desde 1"),
    ],
)
def test_bad_progress_is_refused_and_the_file_untouched(cli, example, args, message):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", *args)
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.out + r.err
    assert path.read_bytes() == before


def test_whole_month_refused_where_subactivities_were_recorded(cli, repo):
    path = repo / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - mes: 2015-08\n    nivel: 75\n", ""), encoding="utf-8")
    assert cli("progress", "set", repo, "a1", "--month", "2015-08", "--level", "50", "--subactivity", "2").code == 0
    before = path.read_bytes()
    r = cli("progress", "set", repo, "a1", "--month", "2015-08", "--level", "50")
    assert r.code == 2 and "está registrado por subactividad; use --subactivity N" in r.err
    assert path.read_bytes() == before


def test_unknown_agreement_gets_a_suggestion(cli, example):
    r = cli("progress", "set", example, "imas-ina-mapeo", "--month", "2015-09", "--level", "50")
    assert r.code == 2
    assert "no existe el acuerdo «imas-ina-mapeo» en «acuerdos/»; ¿quiso decir «imas-ina-mapeo-familias»?" in r.err
    r = cli("progress", "set", example, "imas-ina", "--month", "2015-09", "--level", "50")
    assert "no existe el acuerdo «imas-ina» en «acuerdos/»; ¿quiso decir «imas-ina-mapeo-familias»?" in r.err
    r = cli("progress", "set", example, "zzz", "--month", "2015-09", "--level", "50")
    assert "no existe el acuerdo «zzz» en «acuerdos/»; los acuerdos son: app-comercio-empleo-juvenil, foro-local-seguridad-los-guido," in r.err
    r = cli("progress", "set", example, "acuerdos/../canton.yaml", "--month", "2015-09", "--level", "50")
    assert r.code == 2 and "no es un archivo de la carpeta «acuerdos/»" in r.err


def test_progress_without_a_repository_suggests_init(cli, tmp_path):
    r = cli("progress", "set", tmp_path, "a1", "--month", "2015-09", "--level", "50")
    assert r.code == 2 and "coprod init" in r.err


def test_symlink_leaving_the_repository_is_refused(cli, repo, tmp_path):
    outside = tmp_path / "fuera.yaml"
    shutil.copy(repo / "acuerdos" / "a1.yaml", outside)
    (repo / "acuerdos" / "a1.yaml").unlink()
    (repo / "acuerdos" / "a1.yaml").symlink_to(outside)
    before = outside.read_bytes()
    r = cli("progress", "set", repo, "a1", "--month", "2015-08", "--level", "50")
    assert r.code == 2 and "apunta fuera del repositorio" in r.err
    assert outside.read_bytes() == before


def test_symlink_inside_the_repository_edits_its_target(cli, repo):
    real = repo / "acuerdos" / "a1.yaml"
    (repo / "archivo").mkdir()
    target = repo / "archivo" / "a1.yaml"
    shutil.move(real, target)
    real.symlink_to(Path("..") / "archivo" / "a1.yaml")
    r = cli("progress", "set", repo, "a1", "--month", "2015-08", "--level", "50")
    assert r.code == 0, r.err
    assert real.is_symlink()  # the link is still a link
    assert "- mes: 2015-08\n    nivel: 50\n" in target.read_text(encoding="utf-8")


def test_interrupted_write_leaves_the_original(cli, example, monkeypatch):
    from coprod_cli import fsutil

    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()

    def fail(src, dst):
        raise OSError(28, "No queda espacio en el disco")

    monkeypatch.setattr(fsutil.os, "replace", fail)
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 2
    assert "no se pudo escribir «acuerdos/imas-ina-mapeo-familias.yaml» (el disco está lleno: libere espacio); el archivo quedó como estaba" in r.err
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_agreement_with_errors_is_not_edited(cli, example):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: activo"), encoding="utf-8")
    before = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 2 and "tiene errores (línea 9:" in r.err and "No se cambió nada" in r.err
    assert path.read_bytes() == before


# --- where avance does not exist yet, or is empty -------------------------------------------

#: The base fixture's progress, every scheduled month reported.
AVANCE = "avance:\n  - mes: 2015-07\n    nivel: 50\n  - mes: 2015-08\n    nivel: 75\n  - mes: 2015-09\n    nivel: 100\n"


@pytest.mark.parametrize(
    "old,new",
    [
        (AVANCE, ""),
        (AVANCE, "avance: []\n"),
        (AVANCE, "avance: []   # aún nada\n"),
        (AVANCE, "avance: [{mes: 2015-07, nivel: 50}]\n"),
    ],
    ids=["absent", "empty-list", "empty-list-with-comment", "flow-list"],
)
def test_progress_where_the_list_is_missing_or_empty(cli, repo, old, new, monkeypatch):
    # The session after August 2015: September, the schedule's last month, is still to come.
    monkeypatch.setattr("coprod_cli.model.types.current_month", lambda today=None: Month(2015, 9))
    path = repo / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    r = cli("progress", "set", repo, "a1", "--month", "2015-08", "--level", "75")
    assert r.code == 0, r.err
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    months = [(str(e["mes"]), e["nivel"]) for e in data["avance"]]
    assert ("2015-08", 75) in months
    assert months == sorted(months)
    assert list(data)[-2:] == ["avance", "monitoreo"]  # in the section order
    if "# aún nada" in new:
        assert "avance:   # aún nada\n  - mes: 2015-08\n    nivel: 75\n" in path.read_text(encoding="utf-8")
    assert cli("validate", repo, "--strict").code == 0


# --- monitoring -------------------------------------------------------------------------------


def test_monitoring_refuses_yes_for_missing_content(cli, repo):
    path = repo / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  meta: Una meta\n", ""), encoding="utf-8")
    before = path.read_bytes()
    r = cli("monitoring", "set", repo, "a1", "meta", "sí")
    assert r.code == 2
    assert "no se puede marcar «sí» en el criterio 4 (Presenta la Meta de la actividad): el acuerdo no tiene ese contenido (actividad.meta)" in r.err
    assert "CP206" in r.err
    assert path.read_bytes() == before
    # «no» with an observation is a judgement, and is recorded.
    r = cli("monitoring", "set", repo, "a1", "meta", "no", "--note", "Falta la meta")
    assert r.code == 0
    assert "  meta: {cumple: \"no\", observaciones: Falta la meta}\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "criterion,message",
    [("15", "no existe el criterio 15: los criterios van del 1 al 14"), ("metas", "criterio desconocido «metas»; ¿quiso decir «meta»?")],
)
def test_monitoring_unknown_criterion(cli, repo, criterion, message):
    r = cli("monitoring", "set", repo, "a1", criterion, "no")
    assert r.code == 2 and message in r.err


def test_monitoring_answer_must_be_yes_or_no(cli, repo):
    r = cli("monitoring", "set", repo, "a1", "objetivo", "quizás")
    assert r.code == 2 and "la respuesta debe ser «si» o «no», no «quizás»" in r.err


def test_monitoring_new_criteria_follow_the_table_order(cli, repo):
    path = repo / "acuerdos" / "a1.yaml"
    assert cli("monitoring", "set", repo, "a1", "14", "si").code == 0
    assert cli("monitoring", "set", repo, "a1", "plazo", "si", "--note", "Julio a setiembre").code == 0
    tail = path.read_text(encoding="utf-8").split("monitoreo:\n", 1)[1]
    assert tail == (
        "  objetivo: {cumple: sí}\n"
        "  plazo: {cumple: sí, observaciones: Julio a setiembre}\n"
        "  cronograma: {cumple: sí}\n"
    )


def test_monitoring_without_a_table_adds_one(cli, repo):
    path = repo / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("monitoreo:\n  objetivo: {cumple: sí}\n", ""), encoding="utf-8")
    r = cli("monitoring", "set", repo, "a1", "objetivo", "si")
    assert r.code == 0
    assert path.read_text(encoding="utf-8").endswith("    nivel: 100\nmonitoreo:\n  objetivo: {cumple: sí}\n")


def test_monitoring_path_is_optional(cli, repo, monkeypatch):
    monkeypatch.chdir(repo / "acuerdos")
    r = cli("monitoring", "set", "a1", "objetivo", "si")
    assert r.code == 0 and "Sin cambios" in r.out
    r = cli("monitoring", "set", "a1", "objetivo")
    assert r.code == 2 and "falta el argumento «RESPUESTA»" in r.err


# --- any note survives the trip into YAML and back -------------------------------------------------


def _has_control(note: str) -> bool:
    from coprod_cli.render.safe import has_control

    return has_control(note.strip().replace("\r\n", "\n"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_note_reads_back_exactly(tmp_path_factory, note):
    from coprod_cli.edit.agreement import set_progress
    from coprod_cli.load.yamlsource import read_source

    root = tmp_path_factory.mktemp("r")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    path = root / "acuerdos" / "a1.yaml"
    if _has_control(note):  # an escape sequence would be obeyed by the next terminal that shows it
        with pytest.raises(CoprodError, match="caracteres de control"):
            set_progress(root, "a1", "2015-07", "75", note=note)
        return
    set_progress(root, "a1", "2015-07", "75", note=note)
    data = read_source(path, "a1.yaml").data
    entry = data["avance"][0]
    assert entry["nivel"] == 75
    assert entry.get("nota") == (note.strip() or None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_observation_reads_back_exactly_in_a_flow_mapping(tmp_path_factory, note):
    from coprod_cli.edit.agreement import set_monitoring
    from coprod_cli.load.yamlsource import read_source

    root = tmp_path_factory.mktemp("r")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    path = root / "acuerdos" / "a1.yaml"
    if _has_control(note):
        with pytest.raises(CoprodError, match="caracteres de control"):
            set_monitoring(root, "a1", "objetivo", "no", note=note)
        return
    for text in ("Uno, dos", note):  # the second call replaces the first observation
        set_monitoring(root, "a1", "objetivo", "no", note=text, replace_note=True)
    entry = read_source(path, "a1.yaml").data["monitoreo"]["objetivo"]
    assert entry["cumple"] == "no"
    assert entry["observaciones"] == (note.strip() or "Uno, dos")  # a blank note leaves the old one
    # Without --replace-note, the note is added after the one before, and reads back exactly too.
    from coprod_cli.edit.agreement import merged_note

    set_monitoring(root, "a1", "objetivo", "no", note="Otra, «más»: 3")
    expected = merged_note(note.strip() or "Uno, dos", "Otra, «más»: 3", False)
    assert read_source(path, "a1.yaml").data["monitoreo"]["objetivo"]["observaciones"] == expected
    assert path.read_text(encoding="utf-8").count("objetivo: {") == 1


# --- issue 12, item 11: notes are never replaced silently; a level recorded by mistake can be removed --------


def test_a_second_note_is_added_after_the_first_with_its_date(cli, example):
    import datetime as dt

    path = example / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    args = ("progress", "set", example, "app-comercio-empleo-juvenil", "--month", "2015-10", "--level", "50")
    before = path.read_bytes()
    r = cli(*args, "--note", "Se sumaron 4 empresas")
    assert r.code == 0, r.err
    joined = f"Asistieron 8 de las 20 empresas invitadas. — {dt.date.today().isoformat()}: Se sumaron 4 empresas"
    assert f"nota: {joined}." in r.out
    assert _changes(before, path.read_bytes()) == [
        "-    nivel: 25\n", "-    nota: Asistieron 8 de las 20 empresas invitadas.\n",
        "+    nivel: 50\n", f'+    nota: "{joined}"\n',
    ]
    same = path.read_bytes()
    r = cli(*args, "--note", "Se sumaron 4 empresas")  # the same command again adds nothing
    assert r.code == 0 and "Sin cambios" in r.out and path.read_bytes() == same
    r = cli(*args, "--note", "Acta corregida", "--replace-note")
    assert r.code == 0 and "nota: Acta corregida." in r.out
    assert _changes(same, path.read_bytes()) == [f'-    nota: "{joined}"\n', '+    nota: "Acta corregida"\n']
    r = cli(*args, "--replace-note")
    assert r.code == 2 and "«--replace-note» reemplaza la nota anterior por la de «--note TEXTO»" in r.err


def test_a_subactivity_note_and_an_observation_are_kept_too(cli, example):
    import datetime as dt

    from ruamel.yaml import YAML

    today = dt.date.today().isoformat()
    path = example / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    r = cli("progress", "set", example, "foro-local-seguridad-los-guido", "--month", "2015-10", "--level", "75", "--subactivity", "2", "--note", "Avanzó")
    assert r.code == 0, r.err
    entry = next(e for e in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["avance"] if str(e["mes"]) == "2015-10")
    assert entry["subactividades"][1] == {"subactividad": 2, "nivel": 75, "nota": f"El diagnóstico sigue en noviembre. — {today}: Avanzó"}

    imas = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    r = cli("monitoring", "set", example, "imas-ina-mapeo-familias", "cronograma", "si", "--note", "Revisado en setiembre")
    assert r.code == 0, r.err
    observed = YAML(typ="safe").load(imas.read_text(encoding="utf-8"))["monitoreo"]["cronograma"]
    assert observed["observaciones"] == f"Enero de 2016 sin actividad definida en el cronograma. — {today}: Revisado en setiembre"
    r = cli("monitoring", "set", example, "imas-ina-mapeo-familias", "cronograma", "si", "--note", "Completo", "--replace-note")
    assert r.code == 0
    assert YAML(typ="safe").load(imas.read_text(encoding="utf-8"))["monitoreo"]["cronograma"]["observaciones"] == "Completo"


def test_unset_removes_a_month_and_nothing_else(cli, example):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    r = cli("progress", "unset", example, "imas-ina-mapeo-familias", "--month", "2015-08")
    assert r.code == 0, r.err
    assert "Registrado en «acuerdos/imas-ina-mapeo-familias.yaml»: se quitó el avance de 2015-08 (tenía 25 %, algo avanzada)." in r.out
    assert _changes(before, path.read_bytes()) == ["-  - mes: 2015-08\n", "-    nivel: 25\n"]
    status = __import__("json").loads(cli("status", example, "--as-of", "2015-08", "--format", "json").out)
    imas = next(a for a in status["agreements"] if a["id"] == "imas-ina-mapeo-familias")
    assert imas["progress"]["unreported_due"] == 1  # an alert again, not a zero
    same = path.read_bytes()
    r = cli("progress", "unset", example, "imas-ina-mapeo-familias", "--month", "2015-08")
    assert r.code == 0 and "Sin cambios: «acuerdos/imas-ina-mapeo-familias.yaml» no tenía avance de 2015-08 (tiene avance de: 2015-07, 2015-09," in r.out
    assert path.read_bytes() == same


def test_unset_a_subactivity_then_the_last_one_takes_the_month(cli, example):
    path = example / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    before = path.read_bytes()
    r = cli("progress", "unset", example, "foro-local-seguridad-los-guido", "--month", "2015-10")
    assert r.code == 2 and "el avance de 2015-10 está registrado por subactividad (1, 2); quite cada una con --subactivity N" in r.err
    assert path.read_bytes() == before
    r = cli("progress", "unset", example, "foro-local-seguridad-los-guido", "--month", "2015-10", "--subactivity", "2")
    assert r.code == 0, r.err
    assert _changes(before, path.read_bytes()) == ["-      - subactividad: 2\n", "-        nivel: 50\n", "-        nota: El diagnóstico sigue en noviembre.\n"]
    r = cli("progress", "unset", example, "foro-local-seguridad-los-guido", "--month", "2015-10", "--subactivity", "1")
    assert r.code == 0, r.err
    assert _changes(before, path.read_bytes()) == [
        "-  - mes: 2015-10\n", "-    subactividades:\n", "-      - subactividad: 1\n", "-        nivel: 100\n",
        "-      - subactividad: 2\n", "-        nivel: 50\n", "-        nota: El diagnóstico sigue en noviembre.\n",
    ]
    assert cli("validate", example).code == 0


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_unset_keeps_every_other_byte_in_any_style(cli, repo, variant):
    path = repo / "acuerdos" / "a1.yaml"
    path.write_bytes(VARIANTS[variant])
    nl = "\r\n" if variant == "crlf-bom" else "\n"
    assert cli("progress", "set", repo, "a1", "--month", "2015-08", "--level", "50", "--subactivity", "2").code == 0
    before = path.read_bytes()
    r = cli("progress", "unset", repo, "a1", "--month", "2015-07")
    assert r.code == 0, r.err
    # The item goes with the comment lines indented under it; the comment above it stays.
    assert _changes(before, path.read_bytes()) == ["--   mes: 2015-07" + nl, "-    nivel:     50    # medio" + nl, "-    # fin de julio" + nl]
    r = cli("progress", "unset", repo, "a1", "--month", "2015-08", "--subactivity", "2")
    assert r.code == 0, r.err
    after = path.read_bytes()
    assert after.startswith(codecs.BOM_UTF8) == (variant == "crlf-bom")
    assert b"avance: []" + nl.encode() + "# julio, según el acta".encode() in after  # the last one leaves an empty list
    # Valid; the schedule has ended with months no longer reported, which is a warning (CP213) and nothing else.
    r = cli("validate", repo, "--format", "json")
    assert r.code == 0 and {d["code"] for d in json.loads(r.out)["diagnostics"]} <= {"CP213"}, r.out


@pytest.mark.parametrize("text", ["avance: [{mes: 2015-07, nivel: 50}, {mes: 2015-08, nivel: 25}]\n", "avance: [{mes: 2015-07, nivel: 50}]\n"])
def test_unset_in_a_flow_list(cli, repo, text):
    from ruamel.yaml import YAML

    path = repo / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("avance:\n  - mes: 2015-07\n    nivel: 50\n  - mes: 2015-08\n    nivel: 75\n  - mes: 2015-09\n    nivel: 100\n", text), encoding="utf-8")
    r = cli("progress", "unset", repo, "a1", "--month", "2015-07")
    assert r.code == 0, r.err
    left = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["avance"]
    assert left == ([{"mes": "2015-08", "nivel": 25}] if "2015-08" in text else [])
    assert ("avance: [{mes: 2015-08, nivel: 25}]\n" if "2015-08" in text else "avance: []\n") in path.read_text(encoding="utf-8")


def test_unset_takes_the_lock_and_refuses_a_concurrent_change(cli, example, monkeypatch):
    """The same compare-and-swap as `progress set`: a file saved by another program meanwhile is not overwritten."""
    from coprod_cli.edit import document as agreement

    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    real = agreement._load

    def load_then_someone_saves(root, p):
        loaded = real(root, p)
        path.write_text(path.read_text(encoding="utf-8") + "# guardado por otro programa\n", encoding="utf-8")
        return loaded

    monkeypatch.setattr(agreement, "_load", load_then_someone_saves)
    r = cli("progress", "unset", example, "imas-ina-mapeo-familias", "--month", "2015-08")
    assert r.code == 1 and "cambió mientras coprod lo editaba" in r.err
    assert "  - mes: 2015-08\n    nivel: 25\n" in path.read_text(encoding="utf-8")
