"""The session reports (issue 14, point 5): the convocation of the next
sessions, the minutes of each session held, the attendance matrix in the
actor map, the decisions follow-up in the progress report and the sessions
of the public annual report, never with a person's name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE
from coprod_cli.load.repository import load_repository
from reportkit import assert_valid_gfm_tables, leaks

NB = "\u00a0"
DELEGATE = "Marta Quesada Rojas"  # DINADECO's delegate in December (examples/desamparados/sesiones/2015-12-08.yaml)


def _report(out: Path, as_of: str, *extra: str, repo: Path = EXAMPLE) -> dict[str, str]:
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", str(repo), "--out", str(out), "--as-of", as_of, *extra])
    assert exc.value.code == 0
    return {p.name: p.read_text(encoding="utf-8").replace(NB, " ") for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def september(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("sep"), "2015-09")


@pytest.fixture(scope="module")
def december(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("dic"), "2015-12")


def _row(html: str, header: str) -> str:
    return re.search(r"<tr><th scope=\"row\">" + re.escape(header) + r".*?</tr>", html, re.S).group(0)


def test_one_minutes_per_session_held_and_a_convocation_for_the_next_ones(september):
    names = {n.rsplit(".", 1)[0] for n in september if n.startswith(("acta-", "convocatoria-"))}
    # Held by 30 September: July, August, September. To convene: up to the end of
    # October (the next cycle), the council's session and the foro in Los Guido.
    assert names == {
        "acta-2015-07-14", "acta-2015-08-11", "acta-2015-09-08",
        "convocatoria-2015-10-13", "convocatoria-2015-10-24-los-guido",
    }  # fmt: skip
    index = september["index.html"]
    assert 'href="acta-2015-09-08.html"' in index and 'href="convocatoria-2015-10-24-los-guido.html"' in index
    assert "(convocatoria-2015-10-13.md)" in september["index.md"]


def test_the_first_session_to_come_is_convened_however_far(tmp_path):
    files = _report(tmp_path / "o", "2015-06", "--only", "convocatoria")
    assert sorted(files) == ["convocatoria-2015-07-14.html", "convocatoria-2015-07-14.md"]
    assert _report(tmp_path / "n", "2016-01", "--only", "convocatoria") == {}  # every session held: nothing to convene


def test_the_convocation_lists_each_agreement_pending_items_and_who_must_report(september):
    html = september["convocatoria-2015-10-13.html"]
    assert "Convocatoria: sesión ordinaria del consejo del 13 de octubre de 2015" in html
    assert "13 de octubre de 2015, 09:00" in html and "Salón de sesiones de la Municipalidad de Desamparados" in html
    assert "debe informar Instituto Mixto de Ayuda Social" in html
    assert "2015-09: compromiso vencido con 0 % sin avance" in html  # a low month, from compute's alerts
    assert "Monitoreo: no cumple" in html and "Criterio 11" in html  # monitoring «No»
    # The IMAS list (decided on 8 September, due 30 October) is pending in September, to follow up.
    follow = html.split("Acuerdos de sesiones anteriores por cumplir")[1]
    assert "Entregar al consejo la lista de familias" in follow and "Pendiente" in follow
    assert 'href="acta-2015-09-08.html"' in follow
    assert html.count("<li>") == 12  # the twelve actors convened
    foro = september["convocatoria-2015-10-24-los-guido.html"]
    assert "sesión extraordinaria con el foro" in foro and "Los Guido" in foro and "Convivencia" in foro
    md = september["convocatoria-2015-10-13.md"]
    assert "| Poco avance | 2015-08: compromiso vencido con 25 % algo avanzada | IMAS |" in md
    assert assert_valid_gfm_tables(md) >= 4


def test_the_minutes_say_who_attended_what_was_decided_and_what_was_reported(september, december):
    html = september["acta-2015-09-08.html"]
    assert '<td class="att att-ausente">Ausente</td>' in _row(html, "Instituto de Fomento y Asesoría Municipal")
    assert "91,7 %" in html and "alcanzado (mínimo 50 %)" in html  # 11 of 12 present
    assert "elevado a la Comisión Ejecutiva" in html and "Cumplido</span> el 25 de septiembre de 2015" in html
    # The state is the one of --as-of: pending in September, overdue in December.
    assert re.search(r"Entregar al consejo la lista.*?<td>Pendiente</td>", html, re.S)
    assert re.search(r"Entregar al consejo la lista.*?badge alert\">Vencido", december["acta-2015-09-08.html"], re.S)
    # Progress reported in September is August's: the mapping fell to 25 %.
    assert re.search(r"Mapeo de familias.*?agosto de 2015.*?25 % algo avanzada", html, re.S)
    md = september["acta-2015-09-08.md"]
    assert "| Instituto de Fomento y Asesoría Municipal (IFAM) | Instituciones públicas nacionales | Ausente | — |  |" in md
    assert assert_valid_gfm_tables(md) >= 4
    invited = september["acta-2015-08-11.html"]
    assert "Invitados" not in invited
    october = december["acta-2015-10-13.html"]
    assert "Supermercados del Sur S. A." in october and "Sector privado" in october  # companies invited (5.2 B.1.2)


def test_a_delegate_name_is_in_the_internal_minutes_only(december, tmp_path):
    """Internal minutes name the person a file records (the session's own record);
    the public set and the annual report, never."""
    assert DELEGATE in december["acta-2015-12-08.html"] and DELEGATE in december["acta-2015-12-08.md"]
    assert [n for n, t in december.items() if DELEGATE in t] == ["acta-2015-12-08.html", "acta-2015-12-08.md"]
    public = _report(tmp_path / "publico", "2015-12", "--public")
    assert "acta-2015-12-08.html" in public
    assert {n: leaks(t, {DELEGATE}) for n, t in public.items() if leaks(t, {DELEGATE})} == {}
    assert "Asistió en su nombre" not in public["acta-2015-12-08.html"]


def test_the_attendance_matrix_colours_each_state_with_its_letter_and_rates(december):
    html = december["actores.html"]
    ifam = _row(html, "IFAM")
    cells = re.findall(r'<td class="att att-(\w+)"[^>]*>(\w)</td>', ifam)
    assert cells == [("titular", "T"), ("titular", "T"), ("ausente", "A"), ("ausente", "A"), ("titular", "T"), ("titular", "T")]
    assert "66,7 %" in ifam
    assert [s for s, _ in re.findall(r'<td class="att att-(\w+)"[^>]*>(\w)</td>', _row(html, "INA"))].count("suplente") == 2
    # The legend names every letter: the matrix reads in greyscale and on paper.
    for letter, label in (("T", "Titular"), ("S", "Suplente"), ("A", "Ausente"), ("J", "Ausencia justificada")):
        assert f"{letter}</i> {label}" in html
    assert "94,4 %" in html and "93,3 %" in html  # the council's rate and the national institutions'
    md = december["actores.md"]
    assert "| IFAM | T | T | A | A | T | T | 6 | 4 | 0 | 66,7 % |" in md
    assert_valid_gfm_tables(md)


def test_the_progress_report_follows_the_decisions_up(december):
    html = december["avance-2015-12.html"]
    assert re.search(r"Acuerdos de sesión<strong>8</strong>", html) and re.search(r"Vencidos<strong>1</strong>", html)
    assert re.search(r'Instituto Mixto de Ayuda Social</th><td class="num">0</td><td class="num">0</td><td class="num"><span class="badge alert">1</span>', html)
    md = december["avance-2015-12.md"]
    assert "| Municipalidad de Desamparados | 3 | 1 | 0 | 4 |" in md
    assert "| Mapeo de familias beneficiarias e integración en procesos formativos | 2 | 0 | 1 | 3 |" in md
    open_rows = md.split("### Por actor responsable")[0].split("| Sesión | Acuerdo |")[1]
    assert open_rows.index("**Vencido**") < open_rows.index("Pendiente")  # overdue first
    assert_valid_gfm_tables(md)


def test_the_annual_report_counts_sessions_and_attendance_by_sector_without_names(december):
    for name in ("anual-2015.html", "anual-2015.md"):
        text = december[name]
        assert DELEGATE not in text
    md = december["anual-2015.md"]
    assert "| Sesiones realizadas | 7 |" in md and "| Del consejo | 6 |" in md and "| Extraordinarias | 1 |" in md
    assert "| Instituciones públicas nacionales | 10 | 93,3 % |" in md and "| Municipalidad | 2 | 100 % |" in md


HOSTILE = "<script>alert('x')</script> {{ 7*7 }} | x |"


def test_session_text_is_data_in_html_and_markdown(example, tmp_path):
    path = example / "sesiones" / "2015-10-13.yaml"
    text = path.read_text(encoding="utf-8")
    for old in ("resumen: Se revisaron", "  - organizacion: Supermercados del Sur S. A.", "  - descripcion: Invitar a las empresas", "    - tema: Alianza con el comercio"):
        assert text.count(old) == 1, old
    text = re.sub(r"(?m)^resumen: .*$", f'resumen: "{HOSTILE}"', text)
    text = text.replace("  - organizacion: Supermercados del Sur S. A.", f'  - organizacion: "{HOSTILE}"')
    text = text.replace("  - descripcion: Invitar a las empresas", f'  - descripcion: "{HOSTILE}" # Invitar a las empresas')
    text = text.replace("    - tema: Alianza con el comercio", f'    - tema: "{HOSTILE}" # Alianza con el comercio')
    path.write_text(text, encoding="utf-8")
    files = _report(tmp_path / "o", "2015-12", repo=example)
    html = files["acta-2015-10-13.html"]
    assert "<script>" not in html and "49" not in html
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }} | x |") == 4
    md = files["acta-2015-10-13.md"]
    assert not re.search(r"(?<!\\)<script", md)
    assert md.count("\\<script\\>alert\\('x'\\)\\</script\\> \\{\\{ 7\\*7 \\}\\} \\| x \\|") == 4
    assert_valid_gfm_tables(md)
    for name in ("avance-2015-12.html", "index.html"):
        assert "<script>" not in files[name]


def test_compute_gives_every_session_to_come_and_one_year_of_sessions():
    from coprod_cli.compute.sessions import upcoming_sessions, year_sessions
    from coprod_cli.model.types import Month

    repo = load_repository(EXAMPLE)
    coming = upcoming_sessions(repo, Month(2015, 9))
    assert [n.rel for n in coming] == [f"sesiones/{s}.yaml" for s in ("2015-10-13", "2015-10-24-los-guido", "2015-11-10", "2015-12-08")]
    assert coming[1].convened == ("municipalidad", "msp", "dinadeco", "asociaciones-desarrollo", "lideres-comunales", "grupos-religiosos")
    year = year_sessions(repo, 2015, Month(2015, 10))
    assert (year.held, year.council, year.extraordinary) == (5, 4, 1)
    assert [(s.sector, s.convened, s.present) for s in year.by_sector] == [("publico_nacional", 40, 37), ("municipal", 8, 8)]
    assert year_sessions(repo, 2016, Month(2016, 12)).held == 0 and year_sessions(repo, 2016, Month(2016, 12)).rate is None


def test_the_attendance_matrix_shows_the_last_sessions_and_rates_over_all(tmp_path):
    """Years of monthly sessions: the matrix keeps a page's width (the last 12
    council sessions) and says so; the rates and the count cover every session."""
    import datetime as dt
    import shutil

    from coprod_cli.report.views.session_matrix import MATRIX_SESSIONS_MAX

    repo = tmp_path / "c"
    shutil.copytree(EXAMPLE, repo)
    model = (repo / "sesiones" / "2015-07-14.yaml").read_text(encoding="utf-8")
    for k in range(1, 15):  # 14 more council sessions, monthly, before July 2015
        day = dt.date(2014, 5, 13) - dt.timedelta(days=28 * k)
        text = model.replace("fecha: 2015-07-14", f"fecha: {day.isoformat()}").replace("enviada: 2015-07-06", f"enviada: {(day - dt.timedelta(days=8)).isoformat()}")
        text = text.replace("    estado: cumplido\n    cumplido: 2015-08-05\n", "    estado: pendiente\n").replace("plazo: 2015-08-07", f"plazo: {day.isoformat()}")
        (repo / "sesiones" / f"{day.isoformat()}.yaml").write_text(text, encoding="utf-8")
    files = _report(tmp_path / "o", "2015-12", "--only", "actores", repo=repo)
    html, md = files["actores.html"], files["actores.md"]
    section = html.split("<h2>Asistencia a las sesiones del consejo</h2>", 1)[1].split("<h2>", 1)[0]
    assert section.count('<th scope="col" class="num"><a href="acta-') == MATRIX_SESSIONS_MAX == 12
    assert "La tabla muestra las últimas 12 de las 20 sesiones del consejo; las tasas las cuentan todas." in section
    assert "Sesiones del consejo<strong>20</strong>" in section
    assert ">08/12/15</a>" in section and ">14/07/15</a>" in section  # the newest are kept
    assert "La tabla muestra las últimas 12 de las 20 sesiones del consejo" in md
    # IFAM was absent twice in 20 council sessions: 18 of 20, not 10 of 12.
    assert re.search(r"IFAM.*?<td class=\"num\">20</td><td class=\"num\">18</td>", section, re.S)
