"""`coprod serve`'s browsing pages: the dashboard, the list of agreements, the
validation problems and the reports, checked against what the CLI says."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")

from webkit import app_client, prefix_of  # noqa: E402

SHEET = "imas-ina-mapeo-familias"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "coprod_cli", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browse") / "desamparados"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture(scope="module")
def web(repo):
    return app_client(repo)


def text_of(page: str) -> str:
    """The page's words: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def boxes(page: str) -> dict[str, str]:
    """The dashboard's figure boxes: label → value."""
    return {html.unescape(k): html.unescape(v) for k, v in re.findall(r'<span class="etiqueta">([^<]+)</span> <strong>([^<]+)</strong>', page)}


@pytest.mark.parametrize("month", ["2015-09", "2016-01"])
def test_the_dashboard_shows_the_figures_of_coprod_status_at_the_month(web, repo, month):
    from coprod_cli.i18n import locale_for, pct

    loc = locale_for("CR")

    status = json.loads(cli("status", str(repo), "--format", "json", "--as-of", month).stdout)
    r = web.get(f"/?mes={month}")
    assert r.status_code == 200
    shown = boxes(r.text)
    t = status["totals"]
    assert shown["Acuerdos que cuentan"] == str(t["counted"])
    assert shown["Criterios cumplidos"] == pct(t["checklist"]["percent"], locale=loc)
    assert shown["Avance al día"] == pct(t["progress"]["to_date"], locale=loc)
    assert shown["Avance global"] == pct(t["progress"]["overall"], locale=loc)
    assert shown["Vencidos sin informe"] == str(t["alerts"]["unreported"])
    assert shown["Con poco avance"] == str(t["alerts"]["low_progress"])
    assert shown["Acuerdos atrasados"] == str(t["alerts"]["behind_schedule"])
    words = text_of(r.text)
    assert f"{t['checklist']['met']} de {t['checklist']['total']}" in words
    # Every alert of the status (but «poco avance», counted above) is listed with its sentence.
    for a in status["agreements"]:
        for al in a["alerts"]:
            if al["kind"] != "low_progress":
                assert f"{a['id']}: {al['message']}" in words
    assert f'value="{month}"' in r.text  # the month form keeps the month


def test_the_dashboard_says_what_to_do_this_month_and_what_each_actor_owes(web, repo):
    r = web.get("/?mes=2015-09")
    words = text_of(r.text)
    assert "Qué hacer este mes" in words
    for path in ("/avance?mes=2015-09", "/sesiones", "/indicadores", "/informes/?mes=2015-09"):
        assert f'href="{prefix_of(web)}{path}"' in r.text
    assert "Registrar el avance de septiembre de 2015" in words
    assert "Próxima sesión del consejo: 13 de octubre de 2015" in words
    # The dues of `coprod pending`, sentence by sentence.
    pending = cli("pending", str(repo), "--as-of", "2015-09").stdout
    for line in pending.splitlines():
        if line.startswith("• ") and not line.startswith("• Próxima sesión"):
            assert line[2:] in words, line
    assert "Indicadores de gestión 2015" in words and "Asistencia del consejo" in words


def test_a_month_that_is_not_one_is_said_in_spanish_and_the_page_still_shows(web):
    for bad in ("2015-13", "septiembre", "2015-9x"):
        r = web.get(f"/?mes={bad}")
        assert r.status_code == 200
        assert 'role="alert"' in r.text and "Se muestra el mes actual" in r.text
        assert 'aria-invalid="true"' in r.text
    r = web.get("/acuerdos?mes=2015-13")
    assert r.status_code == 200 and "Se muestra el mes actual" in r.text


def test_the_list_of_agreements_shows_each_with_its_links(web, repo):
    status = json.loads(cli("status", str(repo), "--format", "json", "--as-of", "2015-09").stdout)
    r = web.get("/acuerdos?mes=2015-09")
    assert r.status_code == 200
    words = text_of(r.text)
    for a in status["agreements"]:
        assert f'href="{prefix_of(web)}/acuerdos/{a["id"]}"' in r.text
        assert f'href="{prefix_of(web)}/informes/2015-09/ficha-{a["id"]}.html"' in r.text
        assert a["title"] in words
        assert f"{a['checklist']['met']} de {a['checklist']['total']}" in words
    assert f"Acuerdos 1 a {len(status['agreements'])} de {len(status['agreements'])}" in words


def test_the_list_of_agreements_is_paginated_and_searchable(web, monkeypatch):
    from coprod_cli.web import browse

    monkeypatch.setattr(browse, "PAGE_SIZE", 4)
    first = web.get("/acuerdos?mes=2015-09")
    assert "Página 1 de 2" in first.text and "pagina=2" in first.text
    second = web.get("/acuerdos?mes=2015-09&pagina=2")
    assert "Acuerdos 5 a 6 de 6" in text_of(second.text)
    assert web.get("/acuerdos?pagina=999999999999").status_code == 200  # a page that is not one: the last
    found = web.get("/acuerdos?mes=2015-09&q=IMAS")
    words = text_of(found.text)
    assert SHEET in words and "pani-espacios-primera-infancia" not in words
    assert "Ningún acuerdo contiene" in web.get("/acuerdos?q=zzz-no-existe").text


@pytest.mark.real_calendar  # the CLI in its child process checks the dated rules at the real month
def test_the_problems_show_file_line_code_message_and_the_line_itself(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    sheet = root / "acuerdos" / f"{SHEET}.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: en_ejecucionx", 1), encoding="utf-8")
    outside = tmp_path / "fuera.yaml"
    outside.write_text("secreto: CONTENIDO-DE-FUERA\n", encoding="utf-8")
    (root / "acuerdos" / "enlace.yaml").symlink_to(outside)
    validate = json.loads(cli("validate", str(root), "--format", "json", "--no-cache").stdout)
    r = app_client(root).get("/problemas")
    assert r.status_code == 200
    words = text_of(r.text)
    diags = validate["diagnostics"]
    assert diags
    for d in diags:
        assert f"{d['file']}:{d['line']}:{d['column']}" in words or (d["line"] == 0 and d["file"] in words)
        assert d["code"] in words
    assert "estado: en_ejecucionx" in words  # the offending line, shown
    assert "CONTENIDO-DE-FUERA" not in r.text  # a link is never followed
    errors = sum(1 for d in diags if d["severity"] == "error")
    assert f"{errors} errores" in words or f"{errors} error " in words


def test_the_problems_page_is_bounded(repo, monkeypatch):
    from coprod_cli.web import problems

    web = app_client(repo)
    real = problems.problems_page
    monkeypatch.setattr(problems, "problems_page", lambda state: real(state, limit=2))
    r = web.get("/problemas")
    assert "Se muestran los primeros 2; hay" in text_of(r.text)


@pytest.mark.parametrize("rel", ["../fuera.yaml", "/etc/passwd", "acuerdos/../../x", "acuerdos//x.yaml", "a\\b", ""])
def test_a_path_that_is_not_plainly_inside_the_repository_is_never_read(repo, rel):
    from coprod_cli.web.problems import file_lines, safe_path

    assert safe_path(repo, rel) is None
    assert file_lines(repo, rel) is None
    assert file_lines(repo, "canton.yaml")


def test_every_report_is_the_file_coprod_report_writes(web, repo, tmp_path):
    out = tmp_path / "informes"
    done = cli("report", str(repo), "--format", "html", "--as-of", "2015-09", "--out", str(out))
    assert done.returncode == 0, done.stderr
    index = web.get("/informes/?mes=2015-09")
    assert index.status_code == 200
    listed = set(re.findall(r'href="' + prefix_of(web) + r'/informes/2015-09/([^"]+)"', index.text))
    assert listed == {p.name for p in out.iterdir()}
    for name in sorted(listed):
        r = web.get(f"/informes/2015-09/{name}")
        assert r.status_code == 200, name
        assert r.text == (out / name).read_text(encoding="utf-8"), name


def test_links_between_reports_keep_working(web):
    r = web.get("/informes/2015-09/index.html")
    links = {h for h in re.findall(r'href="([^"#]+)"', r.text) if "://" not in h and not h.startswith("mailto:")}
    assert f"ficha-{SHEET}.html" in links and "avance-2015-09.html" in links
    for href in links:
        assert web.get(f"/informes/2015-09/{href}").status_code == 200, href
    assert web.get("/informes/index.html").status_code == 200  # the current month, without one in the address
    r = web.get("/informes/2015-09/")
    assert r.status_code == 303 and r.headers["location"] == f"{prefix_of(web)}/informes/?mes=2015-09"
    assert web.get("/informes/2015-99/").status_code == 404


def test_the_annual_report_stays_public(web):
    sheet = web.get(f"/informes/2015-09/ficha-{SHEET}.html").text
    annual = web.get("/informes/2015-09/anual-2015.html")
    assert annual.status_code == 200
    assert "andrea.solis@imas.example" in sheet  # the internal sheet has the contact…
    assert "andrea.solis@imas.example" not in annual.text and "Andrea Solís" not in annual.text  # …the annual report never


def test_a_file_edited_on_disk_shows_on_reload(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    web = app_client(root)
    url = f"/informes/2015-09/ficha-{SHEET}.html"
    before = web.get(url).text
    assert "Mapeo de familias beneficiarias" in before
    sheet = root / "acuerdos" / f"{SHEET}.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Mapeo de familias beneficiarias", "Censo de familias beneficiarias"), encoding="utf-8")
    after = web.get(url).text
    assert "Censo de familias beneficiarias" in after and "Mapeo de familias beneficiarias" not in after
    assert "Censo de familias beneficiarias" in web.get("/acuerdos?mes=2015-09").text
    # A repository template is code too: its change shows on reload (rendered by the CLI's sandboxed path).
    (root / "templates" / "reports").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "reports" / "actores.html.j2").write_text("<!DOCTYPE html><p>Mapa propio {{ ctx.canton }}</p>", encoding="utf-8")
    r = web.get("/informes/2015-09/actores.html")
    assert "Mapa propio Desamparados" in r.text
    assert r.text.startswith("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\"")  # the CLI's policy, first


HOSTILE = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "include": "{% include '/etc/passwd' %}",
    "loop": "{% for i in range(10**9) %}{% for j in range(10**9) %}x{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_repository_template_cannot_escape_the_sandbox_through_the_web(tmp_path, kind):
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    (root / "templates" / "reports").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "reports" / "monitoreo.html.j2").write_text(HOSTILE[kind], encoding="utf-8")
    r = app_client(root).get("/informes/2015-09/monitoreo.html")
    assert r.status_code == 500
    words = text_of(r.text)
    assert "El informe no se pudo escribir" in words and "templates/reports/monitoreo.html.j2" in words
    assert "<class" not in r.text and "root:" not in r.text
    done = cli("report", str(root), "--format", "html", "--as-of", "2015-09", "--only", "monitoreo", "--out", str(tmp_path / "o"))
    assert done.returncode != 0
    cli_words = re.sub(r"\s+", " ", done.stderr)
    first = re.sub(r"^error: ", "", cli_words.strip(), flags=re.IGNORECASE).split(".")[0]
    assert first[:60].lower() in words.lower()  # the CLI's own message


@pytest.mark.parametrize("path", [
    "/informes/no-existe.html", "/informes/canton.yaml", "/informes/..%2Fcanton.yaml", "/informes/2015-09/..%2F..%2Fcanton.yaml",
    "/informes/9999-99/index.html", "/informes/2015-09/ficha-no-existe.html", "/informes/2015-09/index.md",
])
def test_an_unknown_report_is_a_spanish_404(web, path):
    r = web.get(path)
    assert r.status_code == 404
    assert "No existe esa página" in r.text


def test_a_long_list_of_alerts_shows_the_first_and_folds_the_rest(web):
    from coprod_cli.web.dashboard import FIRST_ALERTS

    r = web.get("/?mes=2019-06")  # years after the example's schedules: many alerts
    shown, _, rest = r.text.partition("<details>")
    assert rest, "the other alerts are folded under <details>"
    first = re.findall(r"<li>", shown.split('id="alertas"')[1])
    assert len(first) == FIRST_ALERTS
    assert "Ver las otras" in rest and "no sesionó" in rest
