"""A hostile review of `coprod serve` (issue 18): each test reproduces a defect found, beside its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import webkit

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "desamparados"
IDENT = "app-comercio-empleo-juvenil"


@pytest.fixture()
def repo(tmp_path):
    root = tmp_path / "desamparados"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture()
def client(repo):
    return webkit.app_client(repo)


def _progress(client, note: str, month: str = "2015-10"):
    return client.post(f"/acuerdos/{IDENT}/avance", data={
        "csrf": client.guard.csrf, "mes": month, "nivel": "50", "nota": note, "reemplazar": "si"})


def test_a_note_longer_than_the_limit_is_refused_never_cut(client, repo):
    from coprod_cli.web.forms import MAX_FIELD_CHARS

    path = repo / "acuerdos" / f"{IDENT}.yaml"
    before = path.read_bytes()
    r = _progress(client, "palabra " * (MAX_FIELD_CHARS // 8 + 10))
    assert r.status_code == 400
    assert "«nota»" in r.text and "acorte el texto" in r.text and "No se escribió nada" in r.text
    assert path.read_bytes() == before


def test_a_note_typed_on_two_lines_is_written_with_the_files_line_end(client, repo):
    """A browser sends a textarea's line ends as CR LF: written as they came, the file got «"uno\\r\\ndos"»."""
    path = repo / "acuerdos" / f"{IDENT}.yaml"
    r = _progress(client, "uno\r\ndos")
    assert r.status_code == 200
    text = path.read_text(encoding="utf-8")
    assert "\\r" not in text and "\r" not in text
    import yaml

    entries = yaml.safe_load(text)["avance"]
    assert [e.get("nota") for e in entries if str(e["mes"]) == "2015-10"] == ["uno\ndos"]


def _fields(html: str, action: str) -> list[tuple[str, str]]:
    """The fields a browser would send for the form posted to ``action`` (inputs, selected options, textareas).

    ``action`` is the app's path; the page's form posts to it under the session key (``/k/KEY`` + action)."""
    import re
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.on, self.out, self.select, self.area = False, [], None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.on = re.fullmatch(r"/k/[A-Za-z0-9_\-]+" + re.escape(action), a.get("action") or "") is not None
            if not self.on:
                return
            if tag == "input" and a.get("name") and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
                self.out.append([a["name"], a.get("value") or ""])
            elif tag == "select":
                self.select = [a["name"], None]
                self.out.append(self.select)
            elif tag == "option" and self.select is not None and ("selected" in a or self.select[1] is None):
                self.select[1] = a.get("value", "")
            elif tag == "textarea":
                self.area = [a["name"], ""]
                self.out.append(self.area)

        def handle_data(self, data):
            if self.area is not None:
                self.area[1] += data

        def handle_endtag(self, tag):
            if tag == "form":
                self.on = False
            self.select = None if tag == "select" else self.select
            self.area = None if tag == "textarea" else self.area

    parser = Fields()
    parser.feed(html)
    return [(k, v or "") for k, v in parser.out]


def _post_fields(client, url: str, fields: list[tuple[str, str]]):
    from urllib.parse import urlencode

    return client.post(url, content=urlencode(fields), headers={"content-type": "application/x-www-form-urlencoded"})


def test_the_month_table_says_which_files_were_written_when_a_later_one_fails(client, repo, monkeypatch):
    """Disk full on the second file: the first is already written; the page said «No se escribió nada»."""
    import coprod_cli.edit.batch as batch

    real, calls = batch.atomic_write_bytes, []

    def second_fails(path, data, expected=None):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data, expected=expected)

    monkeypatch.setattr(batch, "atomic_write_bytes", second_fails)
    fields = _fields(client.get("/avance?mes=2015-10").text, "/avance")
    wanted = {"nivel-0": "50", "nivel-3": "100"}  # two agreements, two files
    r = _post_fields(client, "/avance", [(k, wanted.get(k, v)) for k, v in fields])
    assert r.status_code == 422
    first = (repo / "acuerdos" / f"{IDENT}.yaml").read_bytes()
    assert first != (EXAMPLE / "acuerdos" / f"{IDENT}.yaml").read_bytes()  # the first file was written
    assert "No se escribió nada" not in r.text
    assert "ya se habían escrito: acuerdos/app-comercio-empleo-juvenil.yaml" in r.text and "Recargue la página" in r.text


def test_a_refused_note_is_told_in_the_forms_words_not_the_commands(client, repo):
    """«La nota (--note) tiene caracteres de control»: the secretary never saw an option named --note."""
    before = (repo / "acuerdos" / f"{IDENT}.yaml").read_bytes()
    r = _progress(client, "texto\x1b[31m rojo")
    assert r.status_code == 422
    assert "La nota tiene caracteres de control." in r.text and "--note" not in r.text
    assert (repo / "acuerdos" / f"{IDENT}.yaml").read_bytes() == before


@pytest.mark.parametrize("asked", ["/%09/otro.sitio", "/%0d%0aSet-Cookie:%20x=1", "/acuerdos/%C3%B1", "//otro.sitio/"])
def test_an_odd_address_under_the_key_stays_in_the_app(asked):
    """The welcome redirect (key in the query → cookie) is gone with the cookie; odd paths under /k/KEY/ are a
    Spanish 404 or a redirect that keeps the key, never a Location outside the app."""
    from starlette.testclient import TestClient

    from coprod_cli.web.app import create_app
    from coprod_cli.web.security import Guard

    guard = Guard(port=8000)
    tc = TestClient(create_app(EXAMPLE, guard), base_url="http://127.0.0.1:8000", follow_redirects=False)
    r = tc.get(guard.prefix + asked)
    assert r.status_code in (404, 307, 308), r.status_code
    assert r.headers.get("location", guard.url()).startswith((guard.prefix + "/", guard.url())), r.headers
    assert "set-cookie" not in r.headers


def test_a_repository_that_lost_its_canton_file_is_told_not_an_internal_error(repo):
    """«canton.yaml» renamed while the app runs (another git branch): /problemas answered «Error interno»."""
    from starlette.testclient import TestClient

    from coprod_cli.web.app import create_app
    from coprod_cli.web.security import Guard

    guard = Guard(port=8000)
    tc = TestClient(create_app(repo, guard), base_url=guard.url("").rstrip("/"), raise_server_exceptions=False)
    (repo / "canton.yaml").unlink()
    for path in ("/", "/problemas", "/acuerdos", "/avance"):
        r = tc.get(path)
        assert r.status_code < 500, path
        assert "Error interno" not in r.text
    assert "falta «canton.yaml»" in tc.get("/problemas").text


def _new_agreement(client, **changes):
    data = {"csrf": client.guard.csrf, "titulo": "Título de prueba", "id": "", "encargado": "imas", "objetivo": "Objetivo",
            "forma": "convenio", "estado": "borrador", "plan": "2015", "inicio": "2015-10", "fin": "2016-03", "accion": ""}
    return client.post("/nuevo/acuerdo", data={**data, **changes})


def test_a_long_title_is_refused_at_its_field_not_as_an_internal_error(client, repo):
    """A 419-character title: «Error interno: … generado no es válido» (the CLI said «error interno» too)."""
    r = _new_agreement(client, titulo="Título " * 60)
    assert r.status_code == 422
    assert "Error interno" not in r.text and "error interno" not in r.text
    assert "El título tiene 419 caracteres; el máximo es 200: acórtelo." in r.text
    assert sorted(p.name for p in (repo / "acuerdos").iterdir()) == sorted(p.name for p in (EXAMPLE / "acuerdos").iterdir())


def test_a_long_id_is_refused_at_its_field_and_says_nothing_twice(client, repo):
    """A 300-character id: the system's «el nombre es demasiado largo» and then «No se creó nada» twice."""
    r = _new_agreement(client, id="a" * 300)
    assert r.status_code == 422
    assert "El id tiene 300 caracteres; el máximo es 200" in r.text
    assert r.text.lower().count("no se creó nada") <= 1
    assert not list((repo / "acuerdos").glob("a*a.yaml"))


def test_a_refusal_that_already_says_nothing_was_made_says_it_once():
    from coprod_cli.errors import CoprodError
    from coprod_cli.web.agreements import refused

    text = refused(CoprodError("no se pudo crear «acuerdos/x.yaml» (disco lleno); no se creó nada"), "No se creó nada.")
    assert text == "No se pudo crear «acuerdos/x.yaml» (disco lleno); no se creó nada."


def test_the_cli_refuses_a_long_title_as_a_problem_of_the_option(repo, cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = cli("new", "agreement", "--no-input", "--title", "Título " * 60, "--lead", "imas", "--objective", "x",
                 "--form", "convenio", "--status", "borrador", "--start", "2015-10", "--end", "2016-03")
    assert result.code != 0
    assert "el título en --title tiene 419 caracteres; el máximo es 200" in result.err
    assert "interno" not in result.err


@pytest.mark.parametrize("field", ["nombre", "siglas"])
def test_a_long_actor_name_is_refused_at_its_field(client, repo, field):
    """«La edición dejaría «actores.yaml» con errores; no se cambió nada. No se escribió nada.»: no field, no reason."""
    before = (repo / "actores.yaml").read_bytes()
    data = {"csrf": client.guard.csrf, "nombre": "Actor de prueba", "siglas": "ADP", "sector": "municipal",
            "nivel": "cantonal", "id": "", "espacios": "", "temas": ""}
    r = client.post("/nuevo/actor", data={**data, field: "Palabra " * 30})
    assert r.status_code == 422
    assert "tiene 239 caracteres; el máximo es 200: acórtelo." in r.text and "dejaría" not in r.text
    assert (repo / "actores.yaml").read_bytes() == before


def test_a_refusal_that_says_nothing_changed_is_not_followed_by_nothing_written():
    from coprod_cli.errors import CoprodError
    from coprod_cli.web.agreements import refused

    text = refused(CoprodError("la edición dejaría «actores.yaml» con errores; no se cambió nada"))
    assert text == "La edición dejaría «actores.yaml» con errores; no se cambió nada."


SESSION = "2015-07-14"
ATTENDANCE = f"/sesiones/{SESSION}/asistencia#asistencia"


def test_the_attendance_table_keeps_a_change_saved_elsewhere_after_the_page_was_opened(client, repo):
    """The page shows PANI «justificada»; someone saves «ausente» in the file; the form sent for IMAS only
    wrote PANI back to «justificada» (lost silently)."""
    path = repo / "sesiones" / f"{SESSION}.yaml"
    fields = _fields(client.get(f"/sesiones/{SESSION}").text, ATTENDANCE)
    shown = path.read_bytes()
    other = shown.replace(b"  - actor: pani\n    estado: justificada", b"  - actor: pani\n    estado: ausente")
    assert other != shown
    path.write_bytes(other)
    mine = [(k, "suplente" if k == "estado-imas" else v) for k, v in fields]
    r = _post_fields(client, ATTENDANCE, mine)
    assert r.status_code == 200
    import difflib

    changed = [line for line in difflib.unified_diff(other.decode().splitlines(), path.read_text(encoding="utf-8").splitlines(),
                                                     lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-    estado: titular", "+    estado: suplente"]
    again = path.read_bytes()
    assert _post_fields(client, ATTENDANCE, mine).status_code == 409  # the same rendered form twice: refused
    unkeyed = [(k, v) for k, v in mine if k != "envio"]  # the same values from another page: nothing more either
    assert _post_fields(client, ATTENDANCE, unkeyed).status_code == 200
    assert path.read_bytes() == again


def test_a_row_changed_on_the_page_and_in_the_file_is_a_conflict_and_nothing_is_written(client, repo):
    path = repo / "sesiones" / f"{SESSION}.yaml"
    fields = _fields(client.get(f"/sesiones/{SESSION}").text, ATTENDANCE)
    other = path.read_bytes().replace(b"  - actor: pani\n    estado: justificada", b"  - actor: pani\n    estado: ausente")
    path.write_bytes(other)
    mine = [(k, {"estado-imas": "suplente", "estado-pani": "titular"}.get(k, v)) for k, v in fields]
    r = _post_fields(client, ATTENDANCE, mine)
    assert r.status_code == 422
    assert "Esta fila cambió en el archivo desde que abrió la página (ahora: «ausente»)" in r.text
    assert path.read_bytes() == other


DONE = "/sesiones/2015-12-08/acuerdos/1/cumplido#acuerdos"


def test_marking_a_decision_done_checks_it_is_still_the_one_the_page_showed(client, repo):
    """The decision is named by its number only: after a decision was put first in the file in an editor,
    the page's «Cumplido» marked another one."""
    path = repo / "sesiones" / "2015-12-08.yaml"
    fields = [(k, "2016-01-20" if k == "fecha" else v) for k, v in _fields(client.get("/sesiones/2015-12-08").text, DONE)]
    assert ("texto", "Preparar la propuesta de Plan Anual 2016 con los grupos de trabajo") in fields
    other = path.read_bytes().replace(b"acuerdos_sesion:\n", b"acuerdos_sesion:\n  - descripcion: Otro acuerdo puesto primero\n"
                                                          b"    responsable: msp\n    estado: pendiente\n")
    path.write_bytes(other)
    r = _post_fields(client, DONE, fields)
    assert r.status_code == 422
    assert "El acuerdo 1 del archivo ya no es el que mostraba la página" in r.text
    assert path.read_bytes() == other


def test_marking_a_decision_done_from_the_page_still_writes_it(client, repo):
    path = repo / "sesiones" / "2015-12-08.yaml"
    fields = [(k, "2016-01-20" if k == "fecha" else v) for k, v in _fields(client.get("/sesiones/2015-12-08").text, DONE)]
    r = _post_fields(client, DONE, fields)
    assert r.status_code == 200
    assert "cumplido: 2016-01-20" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_a_huge_body_without_content_length_is_refused_too(client, repo, kind):
    """The guard checks Content-Length; a chunked body (no length) of 3 MB was read whole."""
    before = (repo / "acuerdos" / f"{IDENT}.yaml").read_bytes()
    if kind == "urlencoded":
        head, tail, ctype = f"csrf={client.guard.csrf}&nota=".encode(), b"", "application/x-www-form-urlencoded"
    else:
        head = (f'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{client.guard.csrf}\r\n'
                '--b\r\nContent-Disposition: form-data; name="nota"\r\n\r\n').encode()
        tail, ctype = b"\r\n--b--\r\n", "multipart/form-data; boundary=b"

    def chunks():
        yield head
        for _ in range(30):
            yield b"a" * 100_000
        yield tail

    r = client.post(f"/acuerdos/{IDENT}/avance", content=chunks(), headers={"content-type": ctype})
    assert r.status_code == 413
    assert "Formulario demasiado grande" in r.text
    assert (repo / "acuerdos" / f"{IDENT}.yaml").read_bytes() == before


def test_a_decision_naming_an_agreement_id_too_long_for_a_file_name_is_told_at_its_field(client, repo):
    """«acuerdos» with a 300-character id: OSError «File name too long» reached «Error interno de coprod»."""
    path = repo / "sesiones" / "2015-12-08.yaml"
    before = path.read_bytes()
    r = client.post("/sesiones/2015-12-08/acuerdos", data={
        "csrf": client.guard.csrf, "texto": "Un acuerdo", "responsable": "", "plazo": "", "acuerdos": "a" * 300, "nota-acuerdo": ""})
    assert r.status_code == 422
    assert "no es el id de un acuerdo" in r.text and "interno" not in r.text
    assert path.read_bytes() == before


def test_a_failure_of_the_machine_is_told_as_the_cli_tells_it(repo, monkeypatch):
    """An OSError (no permission, a name too long…) was «Error interno de coprod»; the CLI names the file and the cause."""
    import errno

    from starlette.testclient import TestClient

    import coprod_cli.web.problems as problems
    from coprod_cli.web.app import create_app
    from coprod_cli.web.security import Guard

    def refused(state, limit=200):
        raise PermissionError(errno.EACCES, "Permission denied", str(repo / "acuerdos" / "x.yaml"))

    monkeypatch.setattr(problems, "problems_page", refused)
    guard = Guard(port=8000)
    tc = TestClient(create_app(repo, guard), base_url=guard.url("").rstrip("/"), raise_server_exceptions=False)
    r = tc.get("/problemas")
    assert "No se pudo leer o escribir «x.yaml»: no hay permiso para leer o escribir ahí. Corrija eso y repita." in r.text
    assert "Error interno" not in r.text


def test_a_session_file_with_a_hash_or_a_question_mark_in_its_name_has_working_links(client, repo):
    """«2015-07-20 tarde?#2.yaml»: the links and the forms' addresses were not URL-encoded («#» cut the address)."""
    import re

    weird = "2015-07-20 tarde?#2"
    text = (repo / "sesiones" / "2015-07-14.yaml").read_text(encoding="utf-8").replace("fecha: 2015-07-14", "fecha: 2015-07-20")
    (repo / "sesiones" / f"{weird}.yaml").write_text(text, encoding="utf-8")
    key = webkit.prefix_of(client)
    listing = client.get("/sesiones").text
    assert f'href="{key}/sesiones/2015-07-20%20tarde%3F%232"' in listing
    page = client.get("/sesiones/2015-07-20%20tarde%3F%232").text
    actions = re.findall(r'action="([^"]+)"', page)
    assert f"{key}/sesiones/2015-07-20%20tarde%3F%232/asistencia#asistencia" in actions
    fields = _fields(page, "/sesiones/2015-07-20%20tarde%3F%232/asistencia#asistencia")
    r = _post_fields(client, "/sesiones/2015-07-20%20tarde%3F%232/asistencia",
                     [(k, "suplente" if k == "estado-imas" else v) for k, v in fields])
    assert r.status_code == 200
    assert f'href="{key}/sesiones/2015-07-20%20tarde%3F%232">Volver' in r.text


@pytest.mark.parametrize(("page", "action", "values"), [
    ("/nuevo/acuerdo", "/nuevo/acuerdo", {"titulo": "Acuerdo enviado dos veces", "encargado": "imas", "objetivo": "Objetivo",
                                          "forma": "convenio", "inicio": "2015-10", "fin": "2016-03"}),
    ("/nuevo/actor", "/nuevo/actor", {"nombre": "Actor enviado dos veces", "siglas": "AEDV", "sector": "municipal",
                                      "nivel": "cantonal"}),
    ("/sesiones/2015-12-08", "/sesiones/2015-12-08/acuerdos#nuevo-acuerdo", {"texto": "Acuerdo enviado dos veces"}),
])
def test_the_same_form_sent_twice_writes_once(client, repo, page, action, values):
    """A double click or a reload of the page after «Crear»: a second agreement «…-2», a second actor «…-2»,
    the session's decision twice."""
    fields = [(k, values.get(k, v)) for k, v in _fields(client.get(page).text, action)]
    assert any(k == "envio" and v for k, v in fields)
    first = _post_fields(client, action.split("#")[0], fields)
    assert first.status_code == 200
    files = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    again = _post_fields(client, action.split("#")[0], fields)
    assert again.status_code == 409
    assert "Este formulario ya se envió" in again.text and "no se escribió nada otra vez" in again.text
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == files


def test_an_edit_of_the_same_size_within_the_same_mtime_shows_on_reload(client, repo):
    """The cache key was (size, mtime): «nivel: 25» → «nivel: 50» saved within the file system's mtime step
    (FAT, network drives) kept showing 25."""
    import os

    path = repo / "acuerdos" / f"{IDENT}.yaml"
    assert "Asistieron 8 de las 20 empresas invitadas." in client.get(f"/acuerdos/{IDENT}").text
    st = path.stat()
    text = path.read_text(encoding="utf-8").replace("Asistieron 8 de las 20", "Asistieron 9 de las 20")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and the same mtime as before
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert "Asistieron 9 de las 20 empresas invitadas." in client.get(f"/acuerdos/{IDENT}").text


def test_a_report_template_edit_of_the_same_size_within_the_same_mtime_shows_on_reload(client, repo):
    import os

    folder = repo / "templates" / "reports"
    folder.mkdir(parents=True)
    template = folder / "anual.html.j2"
    template.write_text("<!doctype html><html lang=\"es\"><title>x</title><p>PRIMERA</p></html>\n", encoding="utf-8")
    assert "PRIMERA" in client.get("/informes/2015-12/anual-2015.html").text
    st = template.stat()
    template.write_text(template.read_text(encoding="utf-8").replace("PRIMERA", "SEGUNDA"), encoding="utf-8")
    os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert "SEGUNDA" in client.get("/informes/2015-12/anual-2015.html").text
