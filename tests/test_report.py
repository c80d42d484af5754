"""`coprod report`: every report, its figures, escaping, redaction, templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE
from coprod_cli.load.repository import load_repository
from reportkit import assert_valid_gfm_tables, personal_values

NB = "\u00a0"
AGREEMENTS = [
    "app-comercio-empleo-juvenil",
    "foro-local-seguridad-los-guido",
    "icd-prevencion-drogas-colegios",
    "imas-ina-mapeo-familias",
    "msp-policia-municipal-formacion",
    "pani-espacios-primera-infancia",
]

SESSIONS = ["2015-07-14", "2015-08-11", "2015-09-08", "2015-10-13", "2015-10-24-los-guido", "2015-11-10", "2015-12-08"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from coprod_cli.cli import main

    out = tmp_path_factory.mktemp("informes")
    with pytest.raises(SystemExit) as exc:
        main(["report", str(EXAMPLE), "--out", str(out), "--as-of", "2016-01"])
    assert exc.value.code == 0
    return out


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8").replace(NB, " ")


def test_every_report_in_both_formats(reports):
    expected = {"index", "monitoreo", "avance-2016-01", "actores", "indicadores", "grupos", "anual-2015"} | {f"ficha-{a}" for a in AGREEMENTS}
    expected |= {f"acta-{s}" for s in SESSIONS}  # every session held by January 2016; none to convene
    for fmt in ("html", "md"):
        assert {p.stem for p in reports.glob(f"*.{fmt}")} == expected


def test_ficha_imas_ina_follows_anexo_1(reports):
    html = read(reports, "ficha-imas-ina-mapeo-familias.html")
    sections = re.findall(r"<h2>(\d)\. ", html)
    assert sections == ["1", "2", "3", "4", "5", "6", "7"]
    assert "14/14" in html and "12,5 %" in html and "10,7 %" in html
    assert "julio de 2015 a enero de 2016" in html
    assert "Diseñar una estrategia conjunta entre el IMAS y el INA" in html
    assert "450 familias de los distritos prioritarios San Miguel y Los Guido" in html
    assert "vencido sin informe" in html  # January
    assert html.count('<span class="ok">Sí</span>') == 14
    assert "Enero de 2016 sin actividad definida en el cronograma." in html  # an observation
    assert "<svg" in html and "Cronograma de Mapeo de familias" in html  # the Gantt chart
    md = read(reports, "ficha-imas-ina-mapeo-familias.md")
    assert "| JUL-15 | mes completo | 50 % | avanzada |" in md
    assert "| ENE-16 | mes completo | — | **vencido sin informe** |" in md
    assert assert_valid_gfm_tables(md) >= 6


def test_monitoring_table_figures(reports):
    html = read(reports, "monitoreo.html")
    assert "76/84" in html and "90,5 %" in html
    row = re.search(r'ficha-pani-espacios-primera-infancia\.html">pani-espacios-primera-infancia</a></th>(.*?)</tr>', html, re.S).group(1)
    assert row.count("✓") == 8 and row.count("✗") == 6 and "8/14" in row and "57,1 %" in row
    md = read(reports, "monitoreo.md")
    assert "| [imas\\-ina\\-mapeo\\-familias]" not in md  # ids are not over-escaped
    line = next(l for l in md.splitlines() if "imas-ina-mapeo-familias" in l)
    assert line.count("✓") == 14 and "14/14" in line
    assert assert_valid_gfm_tables(md) == 2


def test_progress_report_figures_and_alerts(reports):
    html = read(reports, "avance-2016-01.html")
    assert "enero de 2016" in html
    assert "51,4 %" in html and "31,9 %" in html  # repository to date and overall
    kpi = re.search(r"Compromisos vencidos sin informe<strong>(\d+)</strong>", html).group(1)
    assert kpi == "8"
    assert "2016-01: compromiso vencido sin avance informado" in html
    # Who is responsible: the lead actor and, in the internal version, the people.
    assert "Instituto Mixto de Ayuda Social" in html and "andrea.solis@imas.example" in html
    md = read(reports, "avance-2016-01.md")
    assert "| Compromisos vencidos sin informe | 8 |" in md
    assert "## Por eje estratégico" in md and "## Por actor encargado" in md
    assert_valid_gfm_tables(md)


def test_actor_map(reports):
    html = read(reports, "actores.html")
    repo = load_repository(EXAMPLE)
    for actor in repo.actor_map.actores:
        assert actor.nombre in html
    assert "Todos los actores tienen suplente." in html
    assert "<svg" in html and "Matriz de actores por acuerdo" in html
    assert_valid_gfm_tables(read(reports, "actores.md"))


def test_annual_report(reports):
    html = read(reports, "anual-2015.html")
    assert "Informe anual de acceso público 2015" in html
    for name in ("Convivencia ciudadana y paz social", "Promoción de la salud", "Desarrollo local", "Niñez y adolescencia"):
        assert name in html
    assert html.count("<tr><th scope=\"row\">") >= 6
    assert_valid_gfm_tables(read(reports, "anual-2015.md"))


def test_html_is_self_contained_and_accessible(reports):
    for path in reports.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<html lang="es">' in html
        assert "<script" not in html.lower()
        assert not re.search(r"(src|href)=\"(https?:)?//", html), path.name
        assert "@media print" in html and "size: A4" in html
        for table in re.findall(r"<table>.*?</table>", html, re.S):
            assert "<caption>" in table and "<th" in table


def _run(*args):
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    return exc.value.code


def test_public_reports_contain_no_personal_data(tmp_path):
    personal = personal_values(load_repository(EXAMPLE))
    assert len(personal) > 60  # names, e-mails and phones of every person in the example
    public, internal = tmp_path / "publico", tmp_path / "interno"
    assert _run("report", EXAMPLE, "--out", public, "--as-of", "2016-01", "--public") == 0
    assert _run("report", EXAMPLE, "--out", internal, "--as-of", "2016-01", "--only", "ficha") == 0
    leaked = []
    for path in sorted(public.iterdir()):
        text = path.read_text(encoding="utf-8")
        leaked += [(path.name, v) for v in personal if v in text]
    assert leaked == []
    # The same search finds them in the internal version, so it is not vacuous.
    internal_text = "".join(p.read_text(encoding="utf-8") for p in internal.iterdir())
    assert "andrea.solis@imas.example" in internal_text and "Andrea Solís Vargas" in internal_text


def test_annual_report_is_public_even_without_flag(tmp_path):
    """The annual report is the public one (5.3 A.2.3): no contact data in any mode."""
    personal = personal_values(load_repository(EXAMPLE))
    assert _run("report", EXAMPLE, "--out", tmp_path, "--as-of", "2016-01", "--only", "anual") == 0
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        assert [v for v in personal if v in text] == []


HOSTILE = {
    "titulo": "<script>alert('x')</script> | x |",
    "objetivo": "<img src=x onerror=alert(1)> {{ 7*7 }} [enlace](javascript:alert(1))",
    "meta": "línea uno\nlínea dos | x |",
}


def test_text_is_data_in_html_and_markdown(example, tmp_path):
    from ruamel.yaml import YAML

    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["titulo"] = HOSTILE["titulo"]
    data["objetivo"] = HOSTILE["objetivo"]
    data["actividad"]["meta"] = HOSTILE["meta"]
    data["monitoreo"]["objetivo"]["observaciones"] = "{% for x in range(3) %}loop{% endfor %} | y |"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    out = tmp_path / "out"
    assert _run("report", example, "--out", out, "--as-of", "2016-01") == 0
    for name in ("ficha-imas-ina-mapeo-familias", "index", "avance-2016-01", "anual-2015"):
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "<script>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | x |" in html
        if name == "ficha-imas-ina-mapeo-familias":
            assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}" in html and "49" not in html
            assert "{% for x in range(3) %}loop{% endfor %}" in html
        md = (out / f"{name}.md").read_text(encoding="utf-8")
        assert not re.search(r"(?<!\\)<(script|img)", md)  # only escaped, shown as text
        assert "\\<script\\>alert\\('x'\\)\\</script\\> \\| x \\|" in md
        assert_valid_gfm_tables(md)
    md = (out / "ficha-imas-ina-mapeo-familias.md").read_text(encoding="utf-8")
    assert "\\{\\{ 7\\*7 \\}\\}" in md and "\\[enlace\\]\\(javascript:alert\\(1\\)\\)" in md
    assert "| Meta de la actividad | línea uno<br>línea dos \\| x \\| |" in md
    assert "\\{% for x in range\\(3\\) %\\}loop\\{% endfor %\\} \\| y \\|" in md


def test_repository_template_overrides_builtin(example, tmp_path):
    own = example / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "monitoreo.md.j2").write_text("Propio: {{ ctx.canton }} {{ ctx.checklist_percent|pct }}\n", encoding="utf-8")
    assert _run("report", example, "--out", tmp_path, "--as-of", "2016-01", "--only", "monitoreo", "--format", "md") == 0
    assert (tmp_path / "monitoreo.md").read_text(encoding="utf-8") == "Propio: Desamparados 90,5\u00a0%\n"


def test_repository_templates_render_in_the_sandbox(example, tmp_path, cli):
    own = example / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "monitoreo.md.j2").write_text("{{ ctx.__class__.__init__.__globals__ }}\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path, "--only", "monitoreo", "--format", "md")
    # A template error is a problem in the repository (exit 1), located, never an internal error.
    assert r.code == 1 and "Traceback" not in r.err, r.err
    assert "«templates/reports/monitoreo.md.j2», línea 1" in r.err and "entorno aislado" in r.err


def test_repository_template_link_outside_is_refused(example, tmp_path, cli):
    outside = tmp_path / "fuera.md.j2"
    outside.write_text("secreto\n", encoding="utf-8")
    own = example / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "monitoreo.md.j2").symlink_to(outside)
    r = cli("report", example, "--out", tmp_path / "out", "--only", "monitoreo", "--format", "md")
    assert r.code == 2 and "apunta fuera" in r.err
    assert not (tmp_path / "out" / "monitoreo.md").exists()


def test_only_and_bad_options(example, tmp_path, cli):
    out = tmp_path / "out"
    r = cli("report", example, "--out", out, "--only", "ficha", "--format", "html", "--as-of", "2015-09")
    assert r.code == 0 and "6 informes escritos" in r.out
    assert sorted(p.name for p in out.iterdir()) == sorted(f"ficha-{a}.html" for a in AGREEMENTS)
    assert cli("report", example, "--out", tmp_path, "--only", "todo").code == 2
    assert cli("report", example, "--out", tmp_path, "--format", "rtf").code == 2
    f = tmp_path / "archivo"
    f.write_text("x")
    r = cli("report", example, "--out", f)
    assert r.code == 2 and "no es una carpeta" in r.err


def test_reports_name_the_files_they_could_not_read(example, tmp_path, cli):
    (example / "acuerdos" / "icd-prevencion-drogas-colegios.yaml").write_text("id: [\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path, "--as-of", "2016-01")
    assert r.code == 0
    assert "1 archivo(s) no se pudieron leer" in r.err and "acuerdos/icd-prevencion-drogas-colegios.yaml" in r.err
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'role="alert">1 archivo(s) del repositorio no se pudieron leer' in html
    assert "acuerdos/icd-prevencion-drogas-colegios.yaml" in html
    assert not (tmp_path / "ficha-icd-prevencion-drogas-colegios.html").exists()
    md = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "**Aviso:** 1 archivo(s) del repositorio no se pudieron leer" in md


# --- one output file per report (issue 11, item 18) -----------------------------------------------


@pytest.mark.parametrize("second", ["imas-ina-mapeo-familias.yml", "otro-nombre.yaml"])
def test_two_sources_of_one_report_file_are_refused(example, tmp_path, cli, second):
    """`x.yaml` and `x.yml` with the same id: «12 informes escritos» when 11 existed."""
    src = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    (example / "acuerdos" / second).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "o"
    r = cli("report", example, "--out", out, "--as-of", "2016-01", "--format", "html")
    assert r.code == 1, r.err
    assert f"«acuerdos/imas-ina-mapeo-familias.yaml» y «acuerdos/{second}»" in r.err
    assert "el mismo archivo «ficha-imas-ina-mapeo-familias.html»" in r.err and "CP506" in r.err
    assert "informes escritos" not in r.out and not (out.exists() and any(out.iterdir()))


def test_the_count_of_written_reports_is_the_number_of_files(example, tmp_path, cli):
    out = tmp_path / "o"
    r = cli("report", example, "--out", out, "--as-of", "2016-01")
    assert r.code == 0 and f"{len(list(out.iterdir()))} informes escritos" in r.out


def test_names_that_are_one_file_on_windows_or_macos_are_refused():
    """Ids are lower-case slugs today; the check does not rely on it."""
    from coprod_cli.report.render import Job, ReportProblem, check_outputs, same_file_key

    assert same_file_key("ficha-Acuerdo.html") == same_file_key("FICHA-acuerdo.html")
    assert same_file_key("ficha-cañon.html") == same_file_key("ficha-can\u0303on.html")  # NFC and NFD (macOS)
    assert same_file_key("ficha-a.html.") == same_file_key("ficha-a.html")  # Windows drops trailing dots
    with pytest.raises(ReportProblem, match="«ficha-A.html»"):
        check_outputs([Job("ficha", "html", None, "ficha-A.html"), Job("ficha", "html", None, "ficha-a.html")])
    check_outputs([Job("ficha", "html", None, "ficha-a.html"), Job("ficha", "md", None, "ficha-a.md")])


def test_an_id_too_long_for_a_file_name_is_a_message_not_a_crash(example, tmp_path, cli):
    long_id = "-".join(["acuerdo"] * 40)
    src = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = src.read_text(encoding="utf-8").replace("id: imas-ina-mapeo-familias", f"id: {long_id}", 1)
    assert long_id in text
    src.write_text(text, encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "o", "--as-of", "2016-01", "--only", "ficha")
    assert r.code == 1 and "más de 200 bytes" in r.err and "acuerdos/imas-ina-mapeo-familias.yaml" in r.err, r.err


def test_markdown_reports_link_and_notify_nobody(cli, tmp_path):
    """A Markdown report shown on GitHub links or notifies nothing from the data:
    URLs, e-mail addresses, @mentions and #numbers get a WORD JOINER inside."""
    import shutil

    live = "Avisar a @octocat, ana@example.com, https://evil.example/x, www.evil.example, #12"
    forms = ("@octocat", "ana@example.com", "https://evil", "www.evil", "#12")
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    path = repo / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8").replace("titulo: Mapeo de familias", f'titulo: "{live}" # Mapeo de familias', 1)
    text = text.replace("  Diseñar una estrategia conjunta", f"  {live}. Diseñar una estrategia conjunta", 1)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "informes"
    assert cli("report", repo, "--out", out, "--as-of", "2016-01", "--format", "md").code == 0
    files = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert {n: [f for f in forms if f in t] for n, t in files.items() if any(f in t for f in forms)} == {}
    sheet = files["ficha-imas-ina-mapeo-familias.md"].replace("\u2060", "").replace("\\", "")
    assert sheet.count(live) >= 2  # the title and the objective read as written
