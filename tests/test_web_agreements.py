"""`coprod serve`'s agreement forms: the month's progress of every agreement
(/avance), the agreement's page and its two forms (/acuerdos/<id>), and the new
agreement and actor (/nuevo). Each write is checked as bytes: the diff of the
file is exactly the value asked for, and a refusal leaves every file as it was."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from webkit import app_client, csrf_of, needs_chromium, prefix_of

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")

IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
FORO = "acuerdos/foro-local-seguridad-los-guido.yaml"
ICD = "acuerdos/icd-prevencion-drogas-colegios.yaml"
MSP = "acuerdos/msp-policia-municipal-formacion.yaml"
SEPTEMBER = (FORO, ICD, IMAS, MSP)  # the agreements scheduled in 2015-09, by file name


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines removed (``-``) and added (``+``), in order: the diff without its context."""
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def alerts(html: str) -> list[str]:
    """The text of every message shown (role=alert), tags removed."""
    return [re.sub(r"<[^>]+>|\s+", " ", m).strip() for m in re.findall(r'role="alert">(.*?)</(?:p|div)>', html, re.S)]


def month_form(html: str) -> dict[str, str]:
    """The /avance form as the page shows it: its hidden keys and every level and note selected."""
    data = {"csrf": csrf_of(html), "mes": re.search(r'name="mes" value="([^"]+)"', html.split('method="post"')[1]).group(1)}
    for kind, n, value in re.findall(r'name="(clave|huella)-(\d+)" value="([^"]+)"', html):
        data[f"{kind}-{n}"] = value
    for n, body in re.findall(r'<select id="nivel-(\d+)" name="nivel-\d+"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[f"nivel-{n}"] = chosen.group(1) if chosen else ""
    for n, text in re.findall(r'<textarea id="nota-(\d+)" name="nota-\d+"[^>]*>(.*?)</textarea>', html, re.S):
        data[f"nota-{n}"] = text
    return data


def row_of(data: dict[str, str], rel: str) -> str:
    return next(k.split("-")[1] for k, v in data.items() if k.startswith("clave-") and v.startswith(rel + "#"))


@pytest.fixture
def app(example):
    c = app_client(example)
    c.root = example  # type: ignore[attr-defined]
    return c


# --- /avance --------------------------------------------------------------------------------------


def test_the_month_page_lists_every_commitment_scheduled_in_the_month(app):
    r = app.get("/avance?mes=2015-09")
    assert r.status_code == 200
    html = r.text
    assert "<h1>Avance de septiembre de 2015</h1>" in html
    data = month_form(html)
    assert [data[f"clave-{i}"] for i in range(4)] == [f"{rel}#2015-09" for rel in SEPTEMBER]
    # The levels recorded are selected; the schedule's activities are shown (IMAS: two in September).
    assert [data[f"nivel-{row_of(data, rel)}"] for rel in SEPTEMBER] == ["100", "100", "0", "75"]
    assert data[f"nota-{row_of(data, MSP)}"] == "Dos sesiones se reprogramaron por feriados."
    assert "<li>Continuación con la elaboración de los planes familiares.</li><li>Inicio de desarrollo de la estrategia.</li>" in html
    assert '<label for="nivel-2" class="oculto">Nivel: Mapeo de familias beneficiarias' in html
    # A recorded level cannot be emptied from the table: no «sin registrar» where a level is recorded.
    assert "sin registrar" not in html


def test_the_month_defaults_to_the_current_one_and_a_bad_month_is_a_message(app):
    assert "<h1>Avance de diciembre de 2015</h1>" in app.get("/avance").text  # the suite's month
    r = app.get("/avance?mes=2015-13")
    assert r.status_code == 422
    assert any("no es un mes con la forma AAAA-MM" in a for a in alerts(r.text))
    empty = app.get("/avance?mes=2019-05")
    assert "Ningún acuerdo tiene compromisos en el cronograma de mayo de 2019" in empty.text


def test_the_month_form_writes_only_the_rows_changed_each_exactly(app):
    before = files(app.root)
    data = month_form(app.get("/avance?mes=2015-09").text)
    data[f"nivel-{row_of(data, FORO)}"] = "75"
    data[f"nota-{row_of(data, FORO)}"] = "Faltó convocar a dos organizaciones."
    data[f"nivel-{row_of(data, IMAS)}"] = "25"
    r = app.post("/avance", data=data)
    assert r.status_code == 200, alerts(r.text)
    after = files(app.root)
    assert changed_lines(before[FORO], after[FORO]) == [
        "-    nivel: 100", "+    nivel: 75", "+    nota: Faltó convocar a dos organizaciones."]
    assert changed_lines(before[IMAS], after[IMAS]) == ["-    nivel: 0", "+    nivel: 25"]
    assert {k for k in before if before[k] != after[k]} == {FORO, IMAS}  # ICD and MSP: unchanged rows, not written
    assert "Cambios en «acuerdos/foro-local-seguridad-los-guido.yaml»" in r.text
    assert '<span class="add">+    nivel: 75</span>' in r.text and "Revisión del repositorio" in r.text
    # The same form again: nothing differs from the files now.
    again = app.post("/avance", data=month_form(app.get("/avance?mes=2015-09").text))
    assert again.status_code == 200 and "No se escribió nada: ningún nivel ni nota era distinto" in again.text
    assert files(app.root) == after


def test_one_refused_row_writes_nothing_and_keeps_what_was_typed(app):
    before = files(app.root)
    data = month_form(app.get("/avance?mes=2015-09").text)
    data[f"nivel-{row_of(data, FORO)}"] = "50"  # valid
    bad = row_of(data, ICD)
    data[f"nivel-{bad}"] = "30"  # off the scale (a form the page never offers)
    r = app.post("/avance", data=data)
    assert r.status_code == 422
    assert files(app.root) == before
    assert f'<p class="error" id="error-nivel-{bad}" role="alert">El nivel «30» no está en la escala' in r.text
    assert f'aria-describedby="error-nivel-{bad}"' in r.text
    kept = month_form(r.text)
    assert kept[f"nivel-{row_of(kept, FORO)}"] == "50" and kept[f"nivel-{bad}"] == "30"


def test_a_row_the_editor_refuses_and_a_file_changed_since_the_page_write_nothing(app):
    before = files(app.root)
    data = month_form(app.get("/avance?mes=2016-01").text)
    assert data[f"nivel-{row_of(data, IMAS)}"] == ""
    data[f"nivel-{row_of(data, FORO)}"] = "50"
    data[f"nota-{row_of(data, IMAS)}"] = "Sin actividad en enero."  # a note without a level: the editor refuses it
    r = app.post("/avance", data=data)
    assert r.status_code == 422
    assert any("no tiene nivel registrado: escriba el nivel junto con la nota" in a for a in alerts(r.text))
    assert files(app.root) == before
    # The page is now stale for FORO: an edit made meanwhile in a text editor is never overwritten.
    foro = app.root / FORO
    foro.write_bytes(foro.read_bytes() + b"# cambiado a mano\n")
    before = files(app.root)
    data[f"nota-{row_of(data, IMAS)}"] = ""
    r = app.post("/avance", data=data)
    assert r.status_code == 422
    assert any("cambió desde que abrió esta página" in a for a in alerts(r.text))
    assert files(app.root) == before


def test_a_month_recorded_by_sub_activity_has_a_row_for_each(app):
    before = files(app.root)
    html = app.get("/avance?mes=2015-10").text
    data = month_form(html)
    one, two = (next(k.split("-")[1] for k, v in data.items() if v == f"{FORO}#2015-10#{n}") for n in (1, 2))
    assert (data[f"nivel-{one}"], data[f"nivel-{two}"]) == ("100", "50")
    assert data[f"nota-{two}"] == "El diagnóstico sigue en noviembre."
    assert "Sesión de instalación del foro" in html and "Diagnóstico participativo de la seguridad" in html
    data[f"nivel-{two}"] = "75"
    data[f"nota-{two}"] = "El diagnóstico terminó en octubre."  # the whole note replaced, as a spreadsheet cell
    r = app.post("/avance", data=data)
    assert r.status_code == 200, alerts(r.text)
    assert changed_lines(before[FORO], (app.root / FORO).read_bytes()) == [
        "-        nivel: 50", "-        nota: El diagnóstico sigue en noviembre.",
        "+        nivel: 75", "+        nota: El diagnóstico terminó en octubre."]
    assert "foro-local-seguridad-los-guido, subactividad 2 de 2015-10: nivel 75 % (muy avanzada)" in r.text

def test_a_level_off_the_scale_is_shown_as_written_and_does_not_block_the_other_rows(app):
    icd = app.root / ICD
    icd.write_bytes(icd.read_bytes().replace(b"  - mes: 2015-09\n    nivel: 100\n", b"  - mes: 2015-09\n    nivel: 60\n", 1))
    before = files(app.root)
    html = app.get("/avance?mes=2015-09").text
    assert '<option value="60" selected>60 (fuera de la escala)</option>' in html
    data = month_form(html)
    data[f"nivel-{row_of(data, FORO)}"] = "50"
    r = app.post("/avance", data=data)  # the 60 sent back as it was: not an edit, not refused
    assert r.status_code == 200, alerts(r.text)
    after = files(app.root)
    assert {k for k in before if before[k] != after[k]} == {FORO}
    data = month_form(app.get("/avance?mes=2015-09").text)
    data[f"nivel-{row_of(data, ICD)}"] = "75"
    assert app.post("/avance", data=data).status_code == 200
    assert changed_lines(after[ICD], icd.read_bytes()) == ["-    nivel: 60", "+    nivel: 75"]


def test_an_agreement_whose_file_has_errors_says_so(app):
    (app.root / "acuerdos/roto.yaml").write_text("id: roto\ntitulo: [sin cerrar\n", encoding="utf-8")
    r = app.get("/acuerdos/roto")
    assert r.status_code == 400
    assert "«acuerdos/roto.yaml» tiene errores y no se puede mostrar ni editar aquí" in r.text

def test_every_form_without_its_csrf_key_is_refused_and_writes_nothing(app):
    before = files(app.root)
    data = month_form(app.get("/avance?mes=2015-09").text)
    del data["csrf"]
    posts = [
        ("/avance", {**data, "nivel-0": "50"}),
        ("/acuerdos/imas-ina-mapeo-familias/avance", {"mes": "2015-09", "nivel": "50"}),
        ("/acuerdos/imas-ina-mapeo-familias/monitoreo", {"criterio": "1", "cumple": "no"}),
        ("/nuevo/acuerdo", {"titulo": "Otro", "encargado": "imas"}),
        ("/nuevo/actor", {"nombre": "Otro", "sector": "privado", "nivel": "cantonal"}),
    ]
    for path, form in posts:
        for key in (None, "otra-clave"):
            r = app.post(path, data=form if key is None else {**form, "csrf": key})
            assert r.status_code == 403, path
            assert "Formulario sin la clave de esta sesión" in r.text
    assert files(app.root) == before


# --- /acuerdos/<id> -------------------------------------------------------------------------------


def test_the_agreement_page_shows_its_summary_progress_and_monitoring(app):
    r = app.get("/acuerdos/imas-ina-mapeo-familias")
    assert r.status_code == 200
    html = r.text
    assert "<h1>Mapeo de familias beneficiarias e integración en procesos formativos</h1>" in html
    assert f'<a href="{prefix_of(app)}/informes/ficha-imas-ina-mapeo-familias.html">' in html
    assert "<dt>Estado</dt><dd>en ejecución</dd>" in html and "IMAS — Instituto Mixto de Ayuda Social" in html
    assert html.count('<th scope="row" class="mes">2015-') == 6 and html.count('<th scope="row" class="mes">2016-01') == 1
    assert "<li>Tramitación de subsidios a las familias seleccionadas.</li>" in html
    assert "<td>50 % — avanzada</td>" in html  # July
    assert html.count("/acuerdos/imas-ina-mapeo-familias?criterio=") == 14
    assert "Enero de 2016 sin actividad definida en el cronograma." in html
    assert '<input type="month" id="mes" name="mes" value="2015-12"' in html  # the suite's month, scheduled


def test_an_unknown_agreement_is_a_spanish_404(app):
    for path in ("/acuerdos/no-existe", "/acuerdos/..%2Fcanton", "/acuerdos/IMAS"):
        r = app.get(path)
        assert r.status_code == 404, path
        assert "No existe esa página" in r.text
    assert app.post("/acuerdos/no-existe/avance", data={"csrf": app.guard.csrf, "mes": "2015-09", "nivel": "50"}).status_code == 404


def test_the_progress_form_records_one_month_and_refuses_a_month_outside_the_schedule(app):
    before = files(app.root)
    csrf = app.guard.csrf
    url = "/acuerdos/imas-ina-mapeo-familias/avance"
    r = app.post(url, data={"csrf": csrf, "mes": "2014-01", "nivel": "50", "nota": "x"})
    assert r.status_code == 422
    assert '<p class="error" id="error-mes" role="alert">El mes 2014-01 no está en el cronograma' in r.text
    assert 'value="2014-01"' in r.text  # kept
    r = app.post(url, data={"csrf": csrf, "mes": "2015-09", "nivel": "50", "subactividad": "1"})
    assert r.status_code == 422 and "Registre el mes con «El mes completo» en Subactividad" in r.text
    assert "--subactivity" not in r.text
    assert files(app.root) == before
    r = app.post(url, data={"csrf": csrf, "mes": "2015-09", "nivel": "75", "nota": "Planes listos."})
    assert r.status_code == 200
    assert "Registrado en «acuerdos/imas-ina-mapeo-familias.yaml»: avance de 2015-09: 75 % (muy avanzada)" in r.text
    assert changed_lines(before[IMAS], (app.root / IMAS).read_bytes()) == ["-    nivel: 0", "+    nivel: 75", "+    nota: Planes listos."]


def test_the_monitoring_form_answers_one_criterion(app):
    before = files(app.root)
    csrf = app.guard.csrf
    url = "/acuerdos/imas-ina-mapeo-familias/monitoreo"
    r = app.post(url, data={"csrf": csrf, "criterio": "15", "cumple": "quizá"})
    assert r.status_code == 422
    assert "No existe el criterio 15" in r.text and "La respuesta debe ser «si» o «no»" in r.text
    assert files(app.root) == before
    r = app.post(url, data={"csrf": csrf, "criterio": "3", "cumple": "no", "observaciones": "Falta el programa del INA."})
    assert r.status_code == 200
    assert changed_lines(before[IMAS], (app.root / IMAS).read_bytes()) == [
        "-  planes_programas: {cumple: sí}", "+  planes_programas: {cumple: \"no\", observaciones: Falta el programa del INA.}"]
    page = app.get("/acuerdos/imas-ina-mapeo-familias?criterio=3").text
    assert '<option value="3" selected>' in page


# --- /nuevo ---------------------------------------------------------------------------------------


def test_a_new_agreement_from_the_form_and_its_refusals(app):
    before = files(app.root)
    csrf = app.guard.csrf
    r = app.post("/nuevo/acuerdo", data={"csrf": csrf, "titulo": "Huertas comunitarias", "encargado": "nadie",
                                         "inicio": "2015-10", "fin": "2015-09"})
    assert r.status_code == 422
    assert '<p class="error" id="error-encargado" role="alert">Actor desconocido «nadie»' in r.text
    assert '<p class="error" id="error-fin" role="alert">El plazo termina (2015-09) antes de empezar (2015-10).' in r.text
    assert 'value="Huertas comunitarias"' in r.text
    assert files(app.root) == before
    form = {"csrf": csrf, "titulo": "Huertas comunitarias", "encargado": "imas", "colaboradores": ["ina", "imas"],
            "forma": "convenio", "estado": "borrador", "plan": "2015", "inicio": "2015-10", "fin": "2015-11",
            "accion": "desarrollo-local|7"}
    r = app.post("/nuevo/acuerdo", data=form)
    assert r.status_code == 200, alerts(r.text)
    new = app.root / "acuerdos/huertas-comunitarias.yaml"
    text = new.read_text(encoding="utf-8")
    for line in ("id: huertas-comunitarias", "titulo: Huertas comunitarias", "forma: convenio", "plan_anual: 2015",
                 "  actor_encargado: imas", "  actores_colaboradores: [ina]", "    - mes: 2015-10", "    - mes: 2015-11"):
        assert line + "\n" in text
    assert {k for k, v in files(app.root).items() if before.get(k) != v} == {"acuerdos/huertas-comunitarias.yaml"}
    assert f'<a href="{prefix_of(app)}/acuerdos/huertas-comunitarias">' in r.text and "Nuevo archivo «acuerdos/huertas-comunitarias.yaml»" in r.text
    assert app.get("/acuerdos/huertas-comunitarias").status_code == 200
    # The same id again: refused, never overwritten.
    again = app.post("/nuevo/acuerdo", data={**form, "id": "huertas-comunitarias"})
    assert again.status_code == 422 and 'id="error-id" role="alert">Ya existe un acuerdo «huertas-comunitarias»' in again.text
    assert new.read_text(encoding="utf-8") == text


def test_a_new_actor_is_appended_and_nothing_else_changes(app):
    before = files(app.root)
    csrf = app.guard.csrf
    r = app.post("/nuevo/actor", data={"csrf": csrf, "nombre": "", "sector": "agricola", "nivel": ""})
    assert r.status_code == 422
    assert alerts(r.text) == ["Falta el nombre del actor.", "Sector desconocido «agricola»: elija uno de la lista.",
                              "Elija el nivel del actor."]
    assert files(app.root) == before
    r = app.post("/nuevo/actor", data={"csrf": csrf, "nombre": "Cooperativa de Huertas", "siglas": "COOPEHUERTAS",
                                       "sector": "sociedad_civil", "nivel": "comunal", "temas": "ambiente, alimentación"})
    assert r.status_code == 200, alerts(r.text)
    after = (app.root / "actores.yaml").read_bytes()
    assert after.startswith(before["actores.yaml"])  # appended at the end, every byte before kept
    assert changed_lines(before["actores.yaml"], after) == [
        "+  - id: coopehuertas", "+    nombre: Cooperativa de Huertas", "+    siglas: COOPEHUERTAS",
        "+    sector: sociedad_civil", "+    nivel: comunal", "+    temas: [ambiente, alimentación]"]
    assert "Actor «coopehuertas» agregado" in r.text
    r = app.post("/nuevo/actor", data={"csrf": csrf, "nombre": "Otra", "sector": "privado", "nivel": "cantonal", "id": "coopehuertas"})
    assert r.status_code == 422 and "Ya existe un actor «coopehuertas»" in r.text
    assert (app.root / "actores.yaml").read_bytes() == after



# --- /git (serve --git) ---------------------------------------------------------------------------


def git_client(root: Path, git: bool):
    from starlette.testclient import TestClient

    from coprod_cli.web.app import create_app
    from coprod_cli.web.security import Guard

    guard = Guard(port=8000)
    tc = TestClient(create_app(root, guard, git=git), base_url=guard.url("").rstrip("/"), follow_redirects=False)
    tc.guard = guard  # type: ignore[attr-defined]
    return tc


def test_git_saves_only_the_files_the_app_wrote_with_the_message_written(example, monkeypatch):
    from gitkit import commit_all, git, init

    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Secretaría Técnica")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "st@example.org")
    top = init(example.parent / "repo")
    root = top / "desamparados"
    shutil.move(str(example), root)
    first = commit_all(top, "inicio")
    (root / "README.md").write_text("cambiado a mano\n", encoding="utf-8")  # never committed by the app
    without = git_client(root, git=False)
    assert without.get("/git").status_code == 404  # only with «coprod serve --git»
    assert "/git" not in without.get("/").text
    c = git_client(root, git=True)
    assert f'href="{prefix_of(c)}/git"' in c.get("/").text  # in the menu of every page
    assert "No hay archivos cambiados por esta aplicación" in c.get("/git").text
    csrf = c.guard.csrf
    r = c.post("/acuerdos/imas-ina-mapeo-familias/avance", data={"csrf": csrf, "mes": "2015-09", "nivel": "50"})
    assert r.status_code == 200
    page = c.get("/git").text
    assert 'name="archivo" value="acuerdos/imas-ina-mapeo-familias.yaml" checked' in page and "README.md" not in page
    r = c.post("/git", data={"csrf": csrf, "archivo": ["acuerdos/imas-ina-mapeo-familias.yaml"], "mensaje": "  "})
    assert r.status_code == 422 and "Escriba un mensaje que diga qué cambió" in r.text
    assert git(top, "rev-parse", "HEAD").strip() == first
    r = c.post("/git", data={"csrf": csrf, "archivo": ["acuerdos/imas-ina-mapeo-familias.yaml", "README.md", "../x"],
                             "mensaje": "Avance de septiembre de 2015"})
    assert r.status_code == 200 and "Guardado en git: commit" in r.text
    assert git(top, "log", "-1", "--format=%s").strip() == "Avance de septiembre de 2015"
    assert git(top, "show", "--name-only", "--format=", "HEAD").split() == ["desamparados/acuerdos/imas-ina-mapeo-familias.yaml"]
    assert git(top, "status", "--porcelain").split() == ["M", "desamparados/README.md"]
    assert git(top, "rev-list", "--count", "HEAD").strip() == "2"


def test_git_outside_a_git_repository_is_a_spanish_message(example):
    c = git_client(example, git=True)
    c.post("/acuerdos/imas-ina-mapeo-familias/avance", data={"csrf": c.guard.csrf, "mes": "2015-09", "nivel": "50"})
    r = c.post("/git", data={"csrf": c.guard.csrf, "archivo": ["acuerdos/imas-ina-mapeo-familias.yaml"], "mensaje": "Avance"})
    assert r.status_code == 422
    assert "no está dentro de un repositorio git" in r.text and "No se guardó nada en git." in r.text

# --- in a real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webkit import served_example

    with served_example(tmp_path_factory.mktemp("serve-b")) as s:
        yield s


@pytest.fixture(scope="module")
def browser_page(server):
    from webkit import chromium

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CR")
        page.goto(server.url)
        yield page


def shot(page, name: str) -> None:
    """A screenshot to look at, when COPROD_SHOTS names a folder (the notes of the change)."""
    import os

    folder = os.environ.get("COPROD_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"18b-{name}.png"), full_page=True)


def submit(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def foreign_option(page, selector: str, value: str) -> None:
    """Make the selected option of a select send ``value`` (a stale or forged form; the page never offers it)."""
    page.eval_on_selector(selector, "(el, v) => { el.options[el.selectedIndex].value = v; }", value)


@needs_chromium
def test_in_a_browser_september_is_recorded_for_every_agreement(server, browser_page):
    page, root = browser_page, server.root
    page.goto(server.app + "/avance?mes=2015-09")
    titles = {rel: page.locator(f'input[value="{rel}#2015-09"]').locator("xpath=ancestor::tr/th/a").inner_text() for rel in SEPTEMBER}
    wanted = {FORO: "75", ICD: "50", IMAS: "25", MSP: "100"}
    for rel, level in wanted.items():
        page.get_by_label(f"Nivel: {titles[rel]}").select_option(level)
    page.get_by_label(f"Nota: {titles[IMAS]}").fill("Planes familiares en curso.")
    shot(page, "avance")
    # First a forged level on one row: the message by the row, and no file written at all.
    before = files(root)
    foreign_option(page, f"#nivel-{SEPTEMBER.index(ICD)}", "30")
    submit(page, "Registrar el avance")
    assert page.get_by_role("alert").first.inner_text().startswith("El nivel «30» no está en la escala")
    assert files(root) == before
    shot(page, "avance-error")
    # The page kept what was typed: choose the right level again and send.
    page.get_by_label(f"Nivel: {titles[ICD]}").select_option("50")
    submit(page, "Registrar el avance")
    assert page.get_by_role("heading", level=1).inner_text() == "Avance de septiembre de 2015 registrado"
    after = files(root)
    assert changed_lines(before[FORO], after[FORO]) == ["-    nivel: 100", "+    nivel: 75"]
    assert changed_lines(before[ICD], after[ICD]) == ["-    nivel: 100", "+    nivel: 50"]
    assert changed_lines(before[IMAS], after[IMAS]) == ["-    nivel: 0", "+    nivel: 25", "+    nota: Planes familiares en curso."]
    assert changed_lines(before[MSP], after[MSP]) == ["-    nivel: 75", "+    nivel: 100"]
    assert {k for k in before if before[k] != after[k]} == set(SEPTEMBER)
    assert page.locator("pre.diff").count() == 4
    shot(page, "avance-escrito")


@needs_chromium
def test_in_a_browser_a_month_outside_the_schedule_then_a_criterion(server, browser_page):
    page, root = browser_page, server.root
    page.goto(server.app + "/acuerdos/imas-ina-mapeo-familias")
    shot(page, "acuerdo")
    before = files(root)
    page.get_by_label("Mes (AAAA-MM)").fill("2014-01")
    page.get_by_label("Nivel", exact=True).select_option("50")
    submit(page, "Registrar el avance")
    message = page.locator("#error-mes").inner_text()
    assert message.startswith("El mes 2014-01 no está en el cronograma del acuerdo «imas-ina-mapeo-familias»")
    assert page.get_by_label("Mes (AAAA-MM)").get_attribute("aria-invalid") == "true"
    assert files(root) == before
    shot(page, "acuerdo-error")
    page.get_by_label("Criterio", exact=True).select_option("13")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Observaciones (opcional)").fill("Falta la responsabilidad de la asociación.")
    submit(page, "Registrar la respuesta")
    assert "Registrado en «acuerdos/imas-ina-mapeo-familias.yaml»: criterio 13" in page.get_by_role("status").first.inner_text()
    after = files(root)
    assert changed_lines(before[IMAS], after[IMAS]) == [
        "-  responsabilidades: {cumple: sí}",
        '+  responsabilidades: {cumple: "no", observaciones: Falta la responsabilidad de la asociación.}']
    assert {k for k in before if before[k] != after[k]} == {IMAS}
    shot(page, "monitoreo-escrito")


@needs_chromium
def test_in_a_browser_a_new_agreement_and_a_new_actor(server, browser_page):
    page, root = browser_page, server.root
    page.goto(server.app + "/nuevo/acuerdo")
    before = files(root)
    page.get_by_label("Título *").fill("Huertas comunitarias en Los Guido")
    page.get_by_label("Actor encargado *").select_option("imas")
    foreign_option(page, "#encargado", "nadie")  # an actor the map does not have (a stale page)
    submit(page, "Crear el acuerdo")
    assert page.locator("#error-encargado").inner_text().startswith("Actor desconocido «nadie»")
    assert files(root) == before
    shot(page, "nuevo-acuerdo-error")
    page.get_by_label("Actor encargado *").select_option("imas")
    page.get_by_label("Forma del acuerdo (opcional)").select_option("convenio")
    page.get_by_label("Inicio (AAAA-MM)").fill("2015-10")
    page.get_by_label("Fin (AAAA-MM)").fill("2015-11")
    page.get_by_label("Eje y acción estratégica del cronograma (opcional)").select_option("desarrollo-local|7")
    submit(page, "Crear el acuerdo")
    rel = "acuerdos/huertas-comunitarias-en-los-guido.yaml"
    assert page.get_by_role("heading", level=1).inner_text() == "Acuerdo «huertas-comunitarias-en-los-guido» creado"
    after = files(root)
    assert {k for k in after if before.get(k) != after[k]} == {rel}
    text = after[rel].decode()
    assert "titulo: Huertas comunitarias en Los Guido\n" in text and "  actor_encargado: imas\n" in text
    assert "    - mes: 2015-10\n" in text and "forma: convenio\n" in text
    shot(page, "nuevo-acuerdo-escrito")
    page.get_by_role("link", name="Ir a la página del acuerdo «huertas-comunitarias-en-los-guido»").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Huertas comunitarias en Los Guido"

    page.goto(server.app + "/nuevo/actor")
    before = files(root)
    page.get_by_label("Nombre *").fill("Cooperativa de Huertas")
    page.get_by_label("Sector *").select_option("sociedad_civil")
    page.get_by_label("Nivel *").select_option("comunal")
    shot(page, "nuevo-actor")
    submit(page, "Agregar el actor")
    after = files(root)
    assert changed_lines(before["actores.yaml"], after["actores.yaml"]) == [
        "+  - id: cooperativa-de-huertas", "+    nombre: Cooperativa de Huertas", "+    sector: sociedad_civil", "+    nivel: comunal"]
    assert {k for k in after if before.get(k) != after[k]} == {"actores.yaml"}


def test_against_the_real_server_a_form_without_its_key_writes_nothing(server):
    from webkit import client

    c = client(server)
    before = files(server.root)
    r = c.post("/avance", data={"mes": "2015-09", "clave-0": f"{FORO}#2015-09", "nivel-0": "0"})
    assert r.status_code == 403 and "clave de esta sesión" in r.text
    r = c.post("/nuevo/actor", data={"csrf": "adivinada", "nombre": "X", "sector": "privado", "nivel": "comunal"})
    assert r.status_code == 403
    assert files(server.root) == before


@needs_chromium
def test_in_a_browser_the_agreement_pages_have_no_serious_accessibility_violation(server, browser_page):
    from webkit import axe_violations

    page = browser_page
    for path in ("/avance?mes=2015-10", "/acuerdos/foro-local-seguridad-los-guido", "/nuevo", "/nuevo/acuerdo", "/nuevo/actor"):
        page.goto(server.app + path)
        assert axe_violations(page) == [], path
    # A form sent back with its messages too.
    page.goto(server.app + "/nuevo/actor")
    page.eval_on_selector("form.caja", "f => f.noValidate = true")  # the browser would stop at «required» first
    submit(page, "Agregar el actor")
    assert page.locator("#error-nombre").is_visible()
    assert axe_violations(page) == []
