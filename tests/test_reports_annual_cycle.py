"""Issue 17, point 6: the working groups report, the actor map's offer by
gender and age group, and the public annual report following 5.3 A.2.3
(strategy and period → what was planned → agreements → management →
indicators → POI → participation → sessions → working groups → the two yearly
meetings with their outcomes → «Lo que sigue» → the illustrative notice).

Figures are checked by values derived by hand from the example's files, at
two as-of months: September 2015 (the year's cut is September; both yearly
meetings are still ahead) and March 2016 (the cut is December 2015; both
meetings were held).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE
from reportkit import assert_valid_gfm_tables

NB = "\u00a0"

#: The annual report's sections in the order of 5.3 A.2.3 (the brief of issue 17). The
#: sections of the partials (plan, management, indicators, POI) are filled by other helpers.
ANNUAL_ORDER = (
    "La estrategia y el periodo",
    "Los acuerdos de coproducción",
    "Avance por eje",
    "Participación",
    "Sesiones y asistencia",
    "Grupos de trabajo",
    "Encuentros anuales",
    "Lo que sigue",
    "Sobre los datos",
)

GROUP_SESSION = """\
fecha: 2015-09-22
tipo: ordinaria
instancia: grupo_trabajo
eje: desarrollo-local
asistencia:
  - actor: imas
    estado: titular
  - actor: ina
    estado: suplente
  - actor: camara-comercio
    estado: ausente
acuerdos_sesion:
  - descripcion: Compartir el calendario de cursos del INA con el IMAS
    responsable: ina
    plazo: 2015-10-15
    estado: pendiente
"""


def _report(cli, repo: Path, out: Path, as_of: str, *extra: str) -> dict[str, str]:
    r = cli("report", repo, "--out", out, "--as-of", as_of, *extra)
    assert r.code == 0, r.err
    return {p.name: p.read_text(encoding="utf-8").replace(NB, " ") for p in out.iterdir() if p.suffix in (".html", ".md")}


@pytest.fixture(scope="module")
def september(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("sep"), "2015-09")


@pytest.fixture(scope="module")
def march(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("mar"), "2016-03")


def _render(out: Path, as_of: str) -> dict[str, str]:
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", str(EXAMPLE), "--out", str(out), "--as-of", as_of, "--only", "anual"])
    assert exc.value.code == 0
    for key in ("grupos", "actores", "indice"):
        with pytest.raises(SystemExit) as exc:
            main(["report", str(EXAMPLE), "--out", str(out), "--as-of", as_of, "--only", key, "--public"])
        assert exc.value.code == 0
    return {p.name: p.read_text(encoding="utf-8").replace(NB, " ") for p in out.iterdir()}


def _h2(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)]


def _section(html: str, heading: str) -> str:
    """The HTML from a section's heading to the next one."""
    start = html.index(f"<h2>{heading}</h2>")
    end = html.find("<h2>", start + 4)
    return html[start : end if end > 0 else len(html)]


# -- the annual report ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_annual_report_follows_a23_in_order(september, march, fmt):
    for files in (september, march):
        text = files[f"anual-2015.{fmt}"]
        headings = _h2(text) if fmt == "html" else re.findall(r"^## (.+)$", text, re.M)
        positions = [headings.index(h) for h in ANNUAL_ORDER]
        assert positions == sorted(positions), headings


def test_the_annual_report_shows_every_item_of_point_6(march):
    """Section headings and one value from each item of point 6 that the annual report itself builds."""
    html = march["anual-2015.html"]
    # Strategy and period.
    strategy = _section(html, "La estrategia y el periodo")
    assert "periodo 2015–2018" in strategy and "Niñez y adolescencia" in strategy and "10. Espacios seguros para la primera infancia" in strategy
    # Agreements made and their figures: six agreements of 2015, the IMAS one with its status.
    agreements = _section(html, "Los acuerdos de coproducción")
    assert agreements.count('<tr><th scope="row">') == 6 and "Mapeo de familias beneficiarias" in agreements and "En ejecución" in agreements
    # Sessions and attendance by sector: seven sessions held in 2015, six of the council, one extraordinary.
    sessions = _section(html, "Sesiones y asistencia")
    assert re.search(r"Sesiones realizadas</th><td class=\"num\">7<", sessions) and re.search(r"Del consejo</th><td class=\"num\">6<", sessions)
    assert "Instituciones públicas nacionales" in sessions
    # Working groups: four, with members (actors, not people), risks and themes.
    groups = _section(html, "Grupos de trabajo")
    assert groups.count('<tr><th scope="row">') == 4
    assert "IMAS (coordina), INA, Cámara de Comercio de Desamparados, DINADECO" in groups
    assert "Desempleo juvenil; Familias en pobreza extrema" in groups and "Empleabilidad; Atención integral de familias" in groups
    # The two yearly meetings with their outcomes: both held by March 2016.
    meetings = _section(html, "Encuentros anuales")
    assert "Encuentro de avance" in meetings and "26 de noviembre de 2015" in meetings
    assert "Se acordó ampliar el mapeo de familias a Patarrá en 2016" in meetings
    assert "Se priorizó ampliar el mapeo de familias a Patarrá" in meetings and "badge" not in meetings and "Realizados: 2 de 2." in meetings
    # What comes next.
    nxt = _section(html, "Lo que sigue")
    assert "Aún no hay plan anual 2016" in nxt
    assert "El encuentro de planificación del 18 de febrero de 2016 acordó:" in nxt and "primer trimestre de 2016" in nxt
    # After December 2015: app-comercio January–March (3), the foro January–February (2), IMAS-INA January (1).
    assert "Compromisos programados después de diciembre de 2015:</strong> 6." in nxt
    assert "Primer empleo para jóvenes con el comercio de Desamparados: 3 compromisos, de enero de 2016 a marzo de 2016." in nxt
    assert "Mapeo de familias beneficiarias e integración en procesos formativos: 1 compromiso, en enero de 2016." in nxt
    # By March 2016 the IMAS list (due 2015-10-30) and the 2016 plan proposal (due 2016-01-29) are overdue.
    assert "al mes de marzo de 2016: 2 (2 vencidas)." in nxt
    # The illustrative notice, at the top and at the end.
    # Without a person's name, e-mail or phone (the annual report is public in every mode).
    from coprod_cli.load.repository import load_repository
    from reportkit import leaks, personal_values

    personal = personal_values(load_repository(EXAMPLE))
    assert len(personal) > 60 and leaks(html + march["anual-2015.md"], personal) == []
    top = html[: html.index("<h2>La estrategia y el periodo</h2>")]
    assert "<strong>Datos ilustrativos:</strong> el plan anual 2015 dice que sus datos son de ejemplo" in top
    assert "Datos ilustrativos." in _section(html, "Sobre los datos") and "ilustrativo: true" in _section(html, "Sobre los datos")


def test_the_annual_report_as_of_september_has_the_meetings_ahead(september):
    html = september["anual-2015.html"]
    meetings = _section(html, "Encuentros anuales")
    assert meetings.count('<span class="badge">pendiente</span>') == 2 and "Realizados: 0 de 2." in meetings
    assert "Patarrá" not in meetings  # the outcomes recorded for November do not exist in September
    nxt = _section(html, "Lo que sigue")
    assert "El encuentro de planificación está previsto para el 18 de febrero de 2016." in nxt
    # After September 2015, one commitment a scheduled month: app-comercio 6 (Oct–Mar), foro 5
    # (Oct–Feb: October's two sub-activities are one commitment until its progress is recorded per
    # sub-activity, in November), ICD 2 (Oct–Nov), IMAS-INA 4 (Oct–Jan), MSP 3 (Oct–Dec); the PANI
    # draft has no schedule.
    assert "Compromisos programados después de septiembre de 2015:</strong> 20." in nxt
    assert "Foro Local de Seguridad de Los Guido: 5 compromisos, de octubre de 2015 a febrero de 2016." in nxt
    # The IMAS list is due on 2015-10-30: open, not overdue yet.
    assert "al mes de septiembre de 2015: 1." in nxt
    md = september["anual-2015.md"]
    assert "| Encuentro de avance | 26 de noviembre de 2015 (pendiente) |" in md
    assert_valid_gfm_tables(md)


def test_the_annual_report_with_the_next_years_plan(cli, example, tmp_path):
    (example / "planes" / "2016.yaml").write_text(
        "anio: 2016\nacciones: [3, 9]\nacuerdos_previstos: [pani-espacios-primera-infancia, huertas-escolares]\n"
        "grupos_trabajo:\n  - eje: ninez-adolescencia\n",
        encoding="utf-8",
    )
    files = _report(cli, example, tmp_path / "o", "2016-01", "--only", "anual", "--year", "2015")
    nxt = _section(files["anual-2015.html"], "Lo que sigue")
    assert "El plan anual 2016 prevé 2 acuerdos, 1 grupos de trabajo y 0 indicadores." in nxt
    assert "3. Recuperación de espacios públicos; 9. Permanencia escolar y prevención de la deserción" in nxt
    # A planned agreement with its file shows its title; one without a file, its id.
    assert "<li>Espacios seguros para la primera infancia en San Miguel</li>" in nxt and "<li>huertas-escolares</li>" in nxt
    md = files["anual-2015.md"]
    assert "- Espacios seguros para la primera infancia en San Miguel" in md and "**Acciones estratégicas de 2016:**" in md


def test_the_annual_report_without_a_plan_says_so(cli, example, tmp_path):
    (example / "planes" / "2015.yaml").unlink()
    files = _report(cli, example, tmp_path / "o", "2016-01", "--only", "anual", "--year", "2015")
    html = files["anual-2015.html"]
    assert "No hay plan anual 2015: no hay grupos de trabajo que informar." in html
    assert "No hay plan anual 2015: no hay encuentros anuales que informar." in html
    assert "Datos ilustrativos" not in html and "Sobre los datos" not in html
    assert_valid_gfm_tables(files["anual-2015.md"])


# -- the working groups report -------------------------------------------------------------


def test_the_groups_report_lists_members_risks_themes_and_agreements(september):
    html, md = september["grupos.html"], september["grupos.md"]
    assert "<h1>Grupos de trabajo 2015: Desamparados</h1>" in html and "Cifras al mes de septiembre de 2015." in html
    assert "Datos ilustrativos" in html and "> **Datos ilustrativos:**" in md
    summary = next(t for t in re.findall(r"<table>.*?</table>", html, re.S) if "Grupos de trabajo de 2015" in t)
    # convivencia: coordinator + 6 actors, 2 risks, 2 themes, 2 agreements of its axis (foro, MSP), no session.
    assert re.search(r"Grupo de convivencia y seguridad<br><small>Convivencia ciudadana y paz social</small></th><td>Municipalidad de Desamparados</td>"
                     r'<td class="num">7</td><td class="num">2</td><td class="num">2</td><td class="num">2</td><td class="num">0</td>', summary)  # fmt: skip
    # niñez: the PANI draft has no schedule (no axis): no agreement.
    assert re.search(r'Grupo de niñez y adolescencia<br><small>Niñez y adolescencia</small></th><td>PANI</td><td class="num">4</td>', summary)
    local = _section(html, "Grupo de desarrollo local")
    assert "Instituto Mixto de Ayuda Social (IMAS) <small>(coordina)</small>" in local and "Sector privado" in local
    assert "<li>Desempleo juvenil</li>" in local and "<li>Empleabilidad</li>" in local
    assert 'href="ficha-imas-ina-mapeo-familias.html"' in local and 'href="ficha-app-comercio-empleo-juvenil.html"' in local
    assert "Ningún acuerdo de 2015 en este eje." in _section(html, "Grupo de niñez y adolescencia")
    assert "Sin sesiones del grupo registradas en 2015 hasta septiembre de 2015" in local
    assert "| Grupo de desarrollo local | Desarrollo local | IMAS | 5 | 2 | 2 | 2 | 0 |" in md
    assert "- Instituto Mixto de Ayuda Social \\(IMAS\\) (coordina): Instituciones públicas nacionales" not in md  # no escaped parentheses
    assert "- Instituto Mixto de Ayuda Social (IMAS) (coordina): Instituciones públicas nacionales" in md
    assert assert_valid_gfm_tables(md) >= 4


def test_the_groups_report_counts_the_groups_sessions_as_of_the_month(cli, example, tmp_path):
    (example / "sesiones" / "2015-09-22-grupo-desarrollo.yaml").write_text(GROUP_SESSION, encoding="utf-8")
    before = _report(cli, example, tmp_path / "ago", "2015-08", "--only", "grupos")
    assert "Sin sesiones del grupo registradas en 2015 hasta agosto de 2015" in _section(before["grupos.html"], "Grupo de desarrollo local")
    after = _report(cli, example, tmp_path / "sep", "2015-09", "--only", "grupos")
    local = _section(after["grupos.html"], "Grupo de desarrollo local")
    # Present: IMAS (titular) and INA (suplente) of three convened; one decision.
    assert re.search(r'22 de septiembre de 2015</a></th><td>Ordinaria</td><td class="num">2 de 3</td><td class="num">1</td>', local)
    assert 'href="acta-2015-09-22-grupo-desarrollo.html"' in local
    # The session of the local development group is not the security group's.
    assert "Sin sesiones del grupo" in _section(after["grupos.html"], "Grupo de convivencia y seguridad")
    assert "| [22 de septiembre de 2015](acta-2015-09-22-grupo-desarrollo.md) | Ordinaria | 2 de 3 | 1 |" in after["grupos.md"]


def test_an_empty_group_says_so(cli, example, tmp_path):
    plan = example / "planes" / "2015.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("grupos_trabajo:\n", "grupos_trabajo:\n  - eje: promocion-salud\n    nombre: Grupo vacío\n", 1), encoding="utf-8")
    files = _report(cli, example, tmp_path / "o", "2015-09", "--only", "grupos")
    empty = _section(files["grupos.html"], "Grupo vacío")
    assert "El plan nombra este grupo sin integrantes, riesgos ni temas." in empty and "Sin integrantes." in empty and "Sin riesgos definidos." in empty
    assert "Sin integrantes<strong>1</strong>" in files["grupos.html"] and "Sin riesgos definidos<strong>1</strong>" in files["grupos.html"]
    assert "**Sin integrantes.**" in files["grupos.md"]
    annual = _report(cli, example, tmp_path / "a", "2015-09", "--only", "anual")["anual-2015.html"]
    assert '<span class="no">sin integrantes</span>' in _section(annual, "Grupos de trabajo")


def test_without_a_plan_the_groups_report_says_so(cli, example, tmp_path):
    (example / "planes" / "2015.yaml").unlink()
    files = _report(cli, example, tmp_path / "o", "2015-09", "--only", "grupos")
    assert "<p>No hay plan anual 2015: no hay grupos de trabajo que mostrar.</p>" in files["grupos.html"]
    assert "No hay plan anual 2015: no hay grupos de trabajo que mostrar." in files["grupos.md"]


def test_a_plan_that_does_not_load_is_not_a_missing_plan(cli, example, tmp_path):
    (example / "planes" / "2015.yaml").write_text("anio: 2015\ngrupos_trabajo: {roto\n", encoding="utf-8")
    said = "El plan anual 2015 no se pudo leer (planes/2015.yaml: ejecute «coprod validate»)"
    groups = _report(cli, example, tmp_path / "g", "2015-09", "--only", "grupos")["grupos.html"]
    assert f"<p>{said}: no hay grupos de trabajo que mostrar.</p>" in groups and "No hay plan anual" not in groups
    annual = _report(cli, example, tmp_path / "a", "2015-09", "--only", "anual", "--year", "2015")["anual-2015.html"]
    assert f"{said}: no hay encuentros anuales que informar." in annual and "No hay plan anual" not in annual


# -- the actor map's offer (C.4.3) ---------------------------------------------------------


def test_the_actor_map_counts_the_offer_by_gender_and_age_group(september):
    html, md = september["actores.html"], september["actores.md"]
    offer = _section(html, "Oferta por género y grupo etario")
    # Eight offers in actores.yaml: seven for «todos», the Casa de Derechos' one for women; eight age groups.
    assert "Ofertas por grupo etario y género (8)" in offer
    assert '<th scope="row">Total</th><td class="num">1</td><td class="num">0</td><td class="num">7</td><td class="num">8</td>' in offer
    assert '<th scope="row">mujeres adultas</th><td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">1</td>' in offer
    assert "Sin indicar" not in offer  # every offer gives its gender and age group
    assert "Atención legal y psicológica a mujeres</td><td>Mujeres</td><td>mujeres adultas</td>" in offer
    assert "| Grupo etario | Mujeres | Hombres | Todos | Total |" in md and "| **Total** | 1 | 0 | 7 | 8 |" in md
    assert "| Casa de Derechos de Desamparados | Atención legal y psicológica a mujeres | Mujeres | mujeres adultas |" in md
    assert_valid_gfm_tables(md)


def test_an_offer_without_gender_or_age_is_counted_as_not_given(cli, example, tmp_path):
    actors = example / "actores.yaml"
    text = actors.read_text(encoding="utf-8")
    old = "      - descripcion: Cursos de formación técnica\n        genero: todos\n        grupo_etario: jóvenes de 15 a 35 años\n"
    assert text.count(old) == 1
    new = old + "      - descripcion: Becas de capacitación\n        grupo_etario: \"  Jóvenes de 15 a 35  años\"\n      - descripcion: Orientación vocacional\n"
    actors.write_text(text.replace(old, new), encoding="utf-8")
    md = _report(cli, example, tmp_path / "o", "2015-09", "--only", "actores")["actores.md"]
    # The same age group in another case and spacing is one row; an offer without either is «Sin indicar».
    assert "| Grupo etario | Mujeres | Hombres | Todos | Sin indicar | Total |" in md
    assert "| jóvenes de 15 a 35 años | 0 | 0 | 1 | 1 | 2 |" in md
    assert "| Sin indicar | 0 | 0 | 0 | 1 | 1 |" in md and "| **Total** | 1 | 0 | 7 | 2 | 10 |" in md
    lines = md.splitlines()
    assert lines.index("| Sin indicar | 0 | 0 | 0 | 1 | 1 |") == lines.index("| **Total** | 1 | 0 | 7 | 2 | 10 |") - 1  # last before the total


# -- the index ------------------------------------------------------------------------------


def test_the_index_links_the_new_reports(september):
    html, md = september["index.html"], september["index.md"]
    assert '<a href="grupos.html">Grupos de trabajo</a>' in html and '<a href="indicadores.html">Indicadores del plan anual</a>' in html
    assert "- [Grupos de trabajo](grupos.md)" in md and "- [Indicadores del plan anual](indicadores.md)" in md


# -- privacy of the new free texts ----------------------------------------------------------


def test_a_persons_name_in_a_risk_an_outcome_or_an_offer_stays_out_of_public_reports(cli, example, tmp_path):
    """Risks, meeting outcomes and offers are free text: a person of the repository named there is
    replaced in the public reports (and in the annual report, public in every mode), kept in the internal ones."""
    plan, actors = example / "planes" / "2015.yaml", example / "actores.yaml"
    text = plan.read_text(encoding="utf-8")
    for old, new in (("riesgos: [Desempleo juvenil,", "riesgos: [Desempleo juvenil según Andrea Solís Vargas,"),
                     ("      - Se acordó ampliar el mapeo de familias a Patarrá en 2016", "      - Andrea Solís Vargas propuso ampliar el mapeo")):  # fmt: skip
        assert text.count(old) == 1
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")
    actors.write_text(actors.read_text(encoding="utf-8").replace("      - descripcion: Cursos de formación técnica", "      - descripcion: Cursos con Andrea Solís Vargas"), encoding="utf-8")
    public = _report(cli, example, tmp_path / "p", "2016-01", "--public")
    assert {n for n, t in public.items() if "Andrea Sol" in t} == set()
    assert "Desempleo juvenil según [nombre retirado]" in public["grupos.html"] and "Cursos con [nombre retirado]" in public["actores.html"]
    assert "[nombre retirado] propuso ampliar el mapeo" in public["anual-2015.html"]
    internal = _report(cli, example, tmp_path / "i", "2016-01")
    assert "Andrea Solís Vargas propuso" not in internal["anual-2015.html"]  # public in every mode
    assert "Desempleo juvenil según Andrea Solís Vargas" in internal["grupos.html"] and "Cursos con Andrea Solís Vargas" in internal["actores.html"]
