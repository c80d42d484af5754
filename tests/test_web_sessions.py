"""`coprod serve`: the sessions pages (/sesiones, /sesiones/<nombre>) — the list
and its figures, a new session, the attendance table (all rows or none), a
decision added and one marked done; every refusal in Spanish by its field with
every file left byte for byte; and the whole path in Debian's Chromium."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from webkit import app_client, axe_violations, chromium, csrf_of, needs_chromium, prefix_of, served

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")

NOTES = Path("/work/notes")


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the repository (not coprod's cache or locks), by its path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".coprod" not in p.as_posix()}


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """(lines taken away, lines added) between two versions of a file (difflib)."""
    diff = list(difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0))
    gone = [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")]
    return gone, added


def errors_in(html: str) -> dict[str, str]:
    """The messages of a page by the field they sit next to (``error-<field>``)."""
    return dict(re.findall(r'<p class="error" id="error-([^"]*)" role="alert">([^<]*)</p>', html))


@pytest.fixture
def web(example):
    c = app_client(example)
    c.root = example  # type: ignore[attr-defined]
    c.csrf = csrf_of(c.get("/sesiones").text)  # type: ignore[attr-defined]
    return c


def new_session(web, **fields):
    data = {"csrf": web.csrf, "fecha": "", "tipo": "ordinaria", "instancia": "consejo", "eje": "", "lugar": "", "sufijo": ""}
    return web.post("/sesiones", data={**data, **fields})


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_every_session_with_its_attendance_and_decisions(web):
    html = web.get("/sesiones").text
    for stem in ("2015-07-14", "2015-08-11", "2015-09-08", "2015-10-13", "2015-10-24-los-guido", "2015-11-10", "2015-12-08"):
        assert f'href="{prefix_of(web)}/sesiones/{stem}"' in html
    html = html.replace(prefix_of(web), "")  # the rows below, by their paths in the app
    row = re.search(r'<a href="/sesiones/2015-07-14">.*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
    # 12 convened, 11 present (all titular), no absence, 1 justified (pani); 1 decision done.
    assert cells[0] == "12" and cells[1].startswith("11<br>") and "11 titular · 0 suplente" in cells[1]
    assert cells[2:4] == ["0", "1"] and cells[4].startswith("91,7")
    assert '<span class="estado-cumplido">1 cumplido</span></td>' in row
    # The example's one overdue decision (2015-09-08, due 2015-10-30) shows as overdue in December 2015.
    row = re.search(r'<a href="/sesiones/2015-09-08">.*?</tr>', html, re.S).group(0)
    assert '<span class="estado-vencido">1 vencido</span> · <span class="estado-cumplido">1 cumplido</span>' in row
    # ?mes= moves the cut: in August 2015 the September session has not happened yet.
    html = web.get("/sesiones?mes=2015-08").text.replace(prefix_of(web), "")
    row = re.search(r'<a href="/sesiones/2015-09-08">.*?</tr>', html, re.S).group(0)
    assert "Por realizarse" in row


def test_a_month_that_does_not_read_is_refused_in_spanish(web):
    r = web.get("/sesiones?mes=2015-13")
    assert r.status_code == 400 and "mes=2015-13" in r.text and "AAAA-MM" in r.text


# --- a new session ---------------------------------------------------------------------------


def test_a_new_session_is_created_by_coprod_new_session_and_its_page_follows(web):
    r = new_session(web, fecha="2016-01-12", lugar="Salón de sesiones")
    assert r.status_code == 303 and r.headers["location"] == f"{prefix_of(web)}/sesiones/2016-01-12?creada=1"
    text = (web.root / "sesiones" / "2016-01-12.yaml").read_text(encoding="utf-8")
    assert "fecha: 2016-01-12\n" in text and "lugar: Salón de sesiones\n" in text
    assert text.count("    estado: ausente\n") == 12
    page = web.get(r.headers["location"].removeprefix(prefix_of(web))).text
    assert "Creada «sesiones/2016-01-12.yaml»: 12 actor(es) convocados" in page
    assert page.count('<select id="estado-') == 12


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"fecha": "2015-09-08"}, "fecha", "Ya hay una sesión en «sesiones/2015-09-08.yaml»"),
    ({"fecha": "2015-02-30"}, "fecha", "esa fecha no existe en el calendario"),
    ({"fecha": ""}, "fecha", "falta «Fecha»"),
    ({"fecha": "2016-01-12", "instancia": "grupo_trabajo"}, "eje", "necesita su eje"),
    ({"fecha": "2016-01-12", "instancia": "asamblea"}, "instancia", "desconocido «asamblea» en el campo «Instancia»"),
    ({"fecha": "2016-01-12", "sufijo": "¡¡!!"}, "sufijo", "debe tener letras o números"),
    ({"fecha": "2016-01-12", "lugar": "Salón\u202e"}, "lugar", "caracteres de control"),
])
def test_a_new_session_refused_says_why_by_the_field_and_writes_nothing(web, fields, field, words):
    before = files_of(web.root)
    r = new_session(web, **fields)
    assert r.status_code == 422
    assert words.lower() in errors_in(r.text).get(field, "").lower(), errors_in(r.text)
    assert f'aria-describedby="error-{field}' in r.text or f'aria-describedby="ayuda-{field} error-{field}' in r.text
    if fields["fecha"]:
        assert f'value="{fields["fecha"]}"' in r.text  # what was typed stays
    assert files_of(web.root) == before


def test_a_form_without_the_key_is_refused_and_nothing_is_written(web):
    before = files_of(web.root)
    for path, data in (("/sesiones", {"fecha": "2016-01-12"}), ("/sesiones/2015-12-08/asistencia", {"estado-imas": "ausente"}),
                       ("/sesiones/2015-12-08/acuerdos", {"texto": "x"}), ("/sesiones/2015-09-08/acuerdos/1/cumplido", {"fecha": "2015-12-01"})):
        r = web.post(path, data=data)
        assert r.status_code == 403 and "clave de esta sesión" in r.text
    assert files_of(web.root) == before


def test_a_session_is_named_by_its_file_stem_never_by_a_path(web):
    assert web.get("/sesiones/2015-10-24-los-guido").status_code == 200
    for bad in ("2015-09-08.yaml", "..%2Fcanton", "2099-01-01", "%2Fetc%2Fpasswd", "2015-09-08%00"):
        assert web.get(f"/sesiones/{bad}").status_code == 404, bad
    r = web.post("/sesiones/..%2Fcanton/asistencia", data={"csrf": web.csrf})
    assert r.status_code == 404


# --- one session's page ----------------------------------------------------------------------


def test_the_session_page_shows_its_data_reports_and_decisions(web):
    html = web.get("/sesiones/2015-09-08").text
    assert "Sesión del 2015-09-08" in html and "<code>sesiones/2015-09-08.yaml</code>" in html
    assert f'href="{prefix_of(web)}/informes/2015-12/acta-2015-09-08.html"' in html
    assert "Vencido (plazo 2015-10-30)" in html
    assert html.count('<label for="estado-') == html.count('<select id="estado-') > 0
    # A session still to come links its convocation, asked for as of the month before it.
    html = web.get("/sesiones/2015-12-08?mes=2015-10").text
    assert f'href="{prefix_of(web)}/informes/2015-11/convocatoria-2015-12-08.html"' in html


def attendance_form(web, stem: str) -> dict[str, str]:
    """The attendance table as the page fills it (every row as recorded)."""
    html = web.get(f"/sesiones/{stem}").text
    data = {"csrf": web.csrf}
    for actor in re.findall(r'<select id="estado-([a-z0-9-]+)"', html):
        chosen = re.search(rf'<select id="estado-{actor}".*?<option value="(\w+)" selected>', html, re.S).group(1)
        data[f"estado-{actor}"] = chosen
        data[f"nombre-{actor}"] = re.search(rf'id="nombre-{actor}" name="nombre-{actor}" value="([^"]*)"', html).group(1)
        data[f"nota-{actor}"] = ""
    return data


def test_the_attendance_table_writes_only_the_rows_that_changed(web):
    path = web.root / "sesiones" / "2015-12-08.yaml"
    before = path.read_bytes()
    data = attendance_form(web, "2015-12-08")
    assert data["estado-mep"] != "suplente" and data["estado-pani"] != "justificada"
    data.update({"estado-mep": "suplente", "nombre-mep": "Ana Pérez", "estado-pani": "justificada", "nota-pani": "Aviso por correo"})
    r = web.post("/sesiones/2015-12-08/asistencia", data=data)
    assert r.status_code == 200 and "Lo que cambió en el archivo" in r.text
    gone, added = changed_lines(before, path.read_bytes())
    assert sorted(added) == sorted(["    estado: suplente", "    nombre: Ana Pérez", "    estado: justificada", "    nota: Aviso por correo"])
    assert len(gone) == 2 and all(g.startswith("    estado: ") for g in gone)
    # The same table again: nothing changes, nothing is written.
    again = path.read_bytes()
    r = web.post("/sesiones/2015-12-08/asistencia", data=attendance_form(web, "2015-12-08"))
    assert r.status_code == 200 and "Ninguna fila cambió" in r.text and path.read_bytes() == again


def test_one_row_refused_refuses_the_whole_table(web):
    before = files_of(web.root)
    data = attendance_form(web, "2015-12-08")
    data.update({"estado-imas": "suplente", "estado-ina": "presente", "estado-mep": "ausente", "nombre-mep": "Juan Mora",
                 "nota-icd": "texto\x1b[31m"})
    r = web.post("/sesiones/2015-12-08/asistencia", data=data)
    assert r.status_code == 422
    found = errors_in(r.text)
    assert "Estado de asistencia desconocido «presente»; ¿quiso decir «titular»?" in found["estado-ina"]
    assert "El nombre es el de quien asistió" in found["nombre-mep"]
    assert "caracteres de control" in found["nota-icd"]
    assert "Hay filas con problemas" in re.search(r'<div class="error-box" role="alert"><p>([^<]*)', r.text).group(1)
    assert re.search(r'<select id="estado-imas"[^>]*>.*?<option value="suplente" selected>', r.text, re.S)  # kept as typed
    assert files_of(web.root) == before


def decision(web, stem: str, **fields):
    data = {"csrf": web.csrf, "texto": "", "responsable": "", "plazo": "", "acuerdos": "", "nota-acuerdo": ""}
    return web.post(f"/sesiones/{stem}/acuerdos", data={**data, **fields})


def test_a_decision_is_added_at_the_end_of_the_session(web):
    path = web.root / "sesiones" / "2015-12-08.yaml"
    before = path.read_bytes()
    r = decision(web, "2015-12-08", texto="Enviar el informe de cierre", responsable="imas", plazo="2016-01-31",
                 acuerdos="imas-ina-mapeo-familias", elevar="si")
    assert r.status_code == 200, errors_in(r.text)
    gone, added = changed_lines(before, path.read_bytes())
    assert added[-6:] == ["  - descripcion: Enviar el informe de cierre", "    responsable: imas", "    plazo: 2016-01-31",
                          "    acuerdos: [imas-ina-mapeo-familias]", "    estado: pendiente", "    elevado_comision: true"]
    assert len(added) - len(gone) == 6


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"texto": ""}, "texto", "Escriba qué se acordó"),
    ({"responsable": "nadie"}, "responsable", "actor desconocido «nadie»"),
    ({"plazo": "2015-12-01"}, "plazo", "es anterior a la sesión"),
    ({"plazo": "01/02/2016"}, "plazo", "AAAA-MM-DD"),
    ({"acuerdos": "imas-ina"}, "acuerdos", "¿quiso decir «imas-ina-mapeo-familias»?"),
    ({"acuerdos": "../canton"}, "acuerdos", "no es el id de un acuerdo"),
])
def test_a_decision_refused_says_why_by_the_field(web, fields, field, words):
    before = files_of(web.root)
    r = decision(web, "2015-12-08", **{"texto": "Algo", **fields})
    assert r.status_code == 422
    assert words.lower() in errors_in(r.text).get(field, "").lower(), errors_in(r.text)
    assert files_of(web.root) == before


def test_a_decision_marked_done_on_a_day(web):
    path = web.root / "sesiones" / "2015-09-08.yaml"
    before = path.read_bytes()
    html = web.get("/sesiones/2015-09-08").text
    assert f'action="{prefix_of(web)}/sesiones/2015-09-08/acuerdos/1/cumplido#acuerdos"' in html
    for day, words in (("2015-09-01", "es anterior a la sesión"), ("2015-02-30", "no existe en el calendario"), ("2099-01-01", "todavía no llega")):
        r = web.post("/sesiones/2015-09-08/acuerdos/1/cumplido", data={"csrf": web.csrf, "fecha": day})
        assert r.status_code == 422 and words in errors_in(r.text).get("cumplido-1", ""), (day, errors_in(r.text))
        assert path.read_bytes() == before
    assert web.post("/sesiones/2015-09-08/acuerdos/9/cumplido", data={"csrf": web.csrf, "fecha": "2015-12-01"}).status_code == 404
    r = web.post("/sesiones/2015-09-08/acuerdos/1/cumplido", data={"csrf": web.csrf, "fecha": "2015-11-20"})
    assert r.status_code == 200
    gone, added = changed_lines(before, path.read_bytes())
    assert gone == ["    estado: pendiente"] and added == ["    estado: cumplido", "    cumplido: 2015-11-20"]


def test_the_attendance_editor_writes_every_row_or_none(example):
    from coprod_cli.edit.document import Refused
    from coprod_cli.edit.session import AttendanceChange
    from coprod_cli.pipeline.sessions import record_attendance_rows

    path = example / "sesiones" / "2015-12-08.yaml"
    before = path.read_bytes()
    rows = [("imas", AttendanceChange("suplente")), ("nadie", AttendanceChange("titular"))]
    with pytest.raises(Refused, match="«nadie» no está en la lista de asistencia"):
        record_attendance_rows(example, "2015-12-08", rows)
    with pytest.raises(Refused, match="no corresponde a «ausente»"):
        record_attendance_rows(example, "2015-12-08", [("imas", AttendanceChange("ausente", name="Ana"))])
    assert path.read_bytes() == before
    outcome = record_attendance_rows(example, "2015-12-08", [("imas", AttendanceChange("suplente")), ("ina", AttendanceChange("justificada"))])
    assert outcome.changed and "imas: suplente" in outcome.summary
    gone, added = changed_lines(before, path.read_bytes())
    assert added == ["    estado: suplente", "    estado: justificada"] and len(gone) == 2


# --- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-sesiones") / "desamparados"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    with served(root) as s:
        yield s


def shot(page, name: str) -> None:
    if NOTES.is_dir():
        page.screenshot(path=str(NOTES / f"18c-{name}.png"), full_page=True)


@needs_chromium
def test_a_session_recorded_in_the_browser_from_its_creation_to_a_decision_done(server):
    root = server.root
    path = root / "sesiones" / "2016-01-12.yaml"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CR")
        page.goto(server.url)
        page.get_by_role("link", name="Sesiones", exact=True).click()
        assert axe_violations(page) == []
        shot(page, "sesiones")
        # A date already taken: the message by the field, every file as it was.
        before = files_of(root)
        page.get_by_label("Fecha", exact=True).fill("2015-09-08")
        page.get_by_role("button", name="Crear la sesión").click()
        assert "Ya hay una sesión en «sesiones/2015-09-08.yaml»" in page.locator("#error-fecha").inner_text()
        assert page.get_by_label("Fecha", exact=True).get_attribute("aria-invalid") == "true"
        assert axe_violations(page) == []
        shot(page, "sesion-rechazada")
        assert files_of(root) == before
        # The new session of January 2016.
        page.get_by_label("Fecha", exact=True).fill("2016-01-12")
        page.get_by_label("Lugar (opcional)").fill("Salón de sesiones")
        page.get_by_role("button", name="Crear la sesión").click()
        assert "/sesiones/2016-01-12?creada=1" in page.url
        assert "Creada «sesiones/2016-01-12.yaml»" in page.get_by_role("status").inner_text()
        created = path.read_bytes()
        assert set(files_of(root)) - set(before) == {"sesiones/2016-01-12.yaml"}
        assert b"fecha: 2016-01-12\n" in created and b"lugar: Sal\xc3\xb3n de sesiones\n" in created
        # Every actor's attendance in one submit: all titular, the MEP by its suplente.
        states = page.get_by_label(re.compile(r"^Estado de "))
        assert states.count() == 12
        for i in range(states.count()):
            states.nth(i).select_option("titular")
        page.get_by_label(re.compile(r"^Estado de MEP")).select_option("suplente")
        page.get_by_label(re.compile(r"^Nombre de quien asistió por MEP")).fill("Ana Pérez")
        shot(page, "sesion-asistencia")
        page.get_by_role("button", name="Guardar la asistencia").click()
        assert "Lo que cambió en el archivo" in page.content()
        after = path.read_bytes()
        gone, added = changed_lines(created, after)
        assert gone == ["    estado: ausente"] * 12
        assert sorted(added) == sorted(["    estado: titular"] * 11 + ["    estado: suplente", "    nombre: Ana Pérez"])
        shot(page, "sesion-escrita")
        # A decision, then marked done.
        page.goto(server.app + "/sesiones/2016-01-12")
        page.get_by_label("Qué se acordó").fill("Enviar a cada actor el informe de cierre de 2015")
        page.get_by_label("Responsable").select_option("imas")
        page.get_by_label("Plazo (opcional)").fill("2016-01-29")
        page.get_by_role("button", name="Agregar el acuerdo").click()
        before_done = path.read_bytes()
        gone, added = changed_lines(after, before_done)
        assert gone == ["acuerdos_sesion: []"]
        assert added == ["acuerdos_sesion:", "  - descripcion: Enviar a cada actor el informe de cierre de 2015", "    responsable: imas",
                         "    plazo: 2016-01-29", "    estado: pendiente"]
        page.goto(server.app + "/sesiones/2016-01-12")
        page.get_by_label("Fecha en que se cumplió el acuerdo 1").fill("2016-01-20")
        page.get_by_role("button", name="Cumplido").click()
        gone, added = changed_lines(before_done, path.read_bytes())
        assert gone == ["    estado: pendiente"] and added == ["    estado: cumplido", "    cumplido: 2016-01-20"]
        page.goto(server.app + "/sesiones/2016-01-12")
        assert "Cumplido el 2016-01-20" in page.content()
        assert axe_violations(page) == []
        shot(page, "sesion")
