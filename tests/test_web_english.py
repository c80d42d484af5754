"""`coprod serve` in English (`coprod --lang en serve`, COPROD_LANG=en): the pages' own words come from
the catalogue; Spanish stays as it was (tests/test_web_browse.py and the others check it unchanged)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")

from coprod_cli import lang  # noqa: E402
from webkit import app_client  # noqa: E402


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("english") / "desamparados"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    return root


@pytest.fixture
def english():
    lang.set_language("en")
    try:
        yield
    finally:
        lang.set_language("es")


def words(page: str) -> str:
    """The page's text without its tags, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def headings(page: str) -> list[str]:
    return [words(h).strip() for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page, re.S)]


SPANISH = ("Tablero", "Avance del mes", "Qué hacer este mes", "Cifras al mes", "Pendientes de cada actor",
           "Mes de corte", "Registrar el avance", "Saltar al contenido", "Compromisos de", "Acuerdos que cuentan",
           "septiembre de 2015")


def test_the_dashboard_speaks_english(english, repo):
    r = app_client(repo).get("/?mes=2015-09")
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert headings(r.text)[:4] == ["Dashboard of Desamparados", "What to do this month", "Figures as of September 2015", "Alerts"]
    text = words(r.text)
    for english_words in ("Skip to the content", "Month's progress", "Agreements that count", "Progress to date", "Cut-off month",
                          "Record the progress of September 2015"):
        assert english_words in text
    for spanish in SPANISH:
        assert spanish not in text, spanish


def test_the_month_progress_form_speaks_english(english, repo):
    r = app_client(repo).get("/avance?mes=2015-09")
    assert r.status_code == 200
    assert headings(r.text)[0] == "Progress of September 2015"
    text = words(r.text)
    assert "Commitments of September 2015 and their progress" in text
    assert "Record the progress" in text and "Previous month" in text
    assert re.search(r'<option value="100"[^>]*>100% — ', r.text)
    for spanish in SPANISH:
        assert spanish not in text, spanish


def test_the_list_of_agreements_speaks_english(english, repo):
    text = words(app_client(repo).get("/acuerdos?mes=2015-09").text)
    assert "Agreements 1 to 6 of 6; figures as of 2015-09." in text
    assert "Buscar" not in text and "Criterios cumplidos" not in text


def test_spanish_again_after_english(english, repo):
    lang.set_language("es")
    r = app_client(repo).get("/?mes=2015-09")
    assert '<html lang="es">' in r.text
    assert headings(r.text)[0] == "Tablero de Desamparados" and "Qué hacer este mes" in r.text


def test_an_agreement_page_speaks_english(english, repo):
    text = words(app_client(repo).get("/acuerdos/imas-ina-mapeo-familias").text)
    for english_words in ("Progress by month", "Monitoring table", "Answer a criterion", "Record a month's progress", "Lead actor"):
        assert english_words in text, english_words
    for spanish in ("Avance por mes", "Tabla de monitoreo", "Responder un criterio", "Actor encargado", "sin responder"):
        assert spanish not in text, spanish


def test_the_sessions_list_speaks_english(english, repo):
    text = words(app_client(repo).get("/sesiones").text)
    assert "New session" in text and "Create the session" in text and "Convened" in text
    assert "Nueva sesión" not in text and "Convocados" not in text and "Sin acuerdos" not in text


def test_a_session_page_speaks_english(english, repo):
    r = app_client(repo).get("/sesiones/2015-09-08")
    assert r.status_code == 200
    text = words(r.text)
    assert "Session of 2015-09-08" in text and "Save the attendance" in text and "Add the decision" in text
    assert "Guardar la asistencia" not in text and "Qué se acordó" not in text


def test_the_indicators_speak_english(english, repo):
    text = words(app_client(repo).get("/indicadores").text)
    assert "Add a measurement" in text and "Baseline" in text and "Annual plan" in text
    assert "Agregar una medición" not in text and "Línea base" not in text


def test_the_problems_and_an_error_page_speak_english(english, repo):
    web = app_client(repo)
    problems = words(web.get("/problemas").text)
    assert "Problems of the files" in problems
    assert re.search(r"The same as «coprod validate»: \d+ errors? and \d+ warnings?\.", problems), problems[:2000]
    missing = web.get("/no-existe")
    assert missing.status_code == 404
    assert "That page does not exist" in missing.text and "Back to the dashboard" in missing.text
    assert "No existe esa página" not in missing.text


def test_the_new_agreement_form_speaks_english(english, repo):
    text = words(app_client(repo).get("/nuevo/acuerdo").text)
    assert "New agreement" in text and "Create the agreement" in text and "Lead actor *" in text
    assert "Nuevo acuerdo" not in text and "Crear el acuerdo" not in text and "borrador" not in text
