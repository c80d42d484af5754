"""The reports on paper: every HTML report of the example (internal and public,
as of 2026-09) printed to A4 by Chromium (a secretary's Ctrl+P) and by
WeasyPrint (the PDF engine), read back page by page: no column lost, page
numbers and the internal/public mark on every page, landscape where the tables
are wide, no page left mostly empty in the middle of a section. The first page
of each is kept as a PNG (artefactos/paginas/, or $COPROD_ARTEFACTS)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import printkit as pk
from conftest import EXAMPLE

NO_PAPER = (pk.CHROMIUM is None or pk.PDFTOTEXT is None or pk.PDFTOPPM is None) and not os.environ.get("CI")
NO_PAPER_REASON = "chromium o poppler-utils (pdftotext, pdftoppm) no están instalados (en CI sí se instalan)"

AS_OF = "2026-09"
ENGINES = ("chromium", "weasyprint")
VERSIONS = ("interna", "publica")
WIDE = {"monitoreo", "actores"}
INTERNAL_MARK = "Uso interno — contiene datos personales"
PUBLIC_MARK = "Informe público"


def _render(out: Path, public: bool) -> dict[str, Path]:
    from coprod_cli.cli import main

    args = ["report", str(EXAMPLE), "--out", str(out), "--as-of", AS_OF, "--format", "html"]
    with pytest.raises(SystemExit) as exc:
        main(args + (["--public"] if public else []))
    assert exc.value.code == 0
    return {p.stem: p for p in sorted(out.glob("*.html"))}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{(engine, version): {report: (html, pages)}}: each report rendered once, printed once per engine."""
    if NO_PAPER:
        pytest.skip(NO_PAPER_REASON)
    pytest.importorskip("weasyprint", reason="WeasyPrint no está instalado (extra pdf)")
    assert pk.CHROMIUM and pk.PDFTOTEXT and pk.PDFTOPPM, "chromium and poppler-utils are required in CI"
    base = tmp_path_factory.mktemp("papel")
    htmls = {v: _render(base / v, v == "publica") for v in VERSIONS}
    texts = {(v, name): path.read_text(encoding="utf-8") for v in VERSIONS for name, path in htmls[v].items()}
    # WeasyPrint in another process while Chromium prints here: the two engines at once.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        # The annual report is public in both versions: the same HTML is printed once.
        jobs = {html: pool.submit(pk.weasy_pdf, html) for html in set(texts.values())}
        weasy = {key: jobs[html] for key, html in texts.items()}
        chromium = {v: pk.chromium_pdfs(htmls[v].values()) for v in VERSIONS}
        pdfs = {("chromium", v, n): chromium[v][n] for v, n in texts} | {("weasyprint", v, n): f.result() for (v, n), f in weasy.items()}
    shots = pk.artefacts_dir()
    result: dict[tuple[str, str], dict[str, tuple[str, list[pk.Page]]]] = {(e, v): {} for e in ENGINES for v in VERSIONS}
    for (engine, version, name), pdf in pdfs.items():
        assert pdf[:5] == b"%PDF-", (engine, version, name)
        result[engine, version][name] = (texts[version, name], pk.read_pages(pdf, base / "lectura"))
        pk.rasterise_first_page(pdf, shots / f"{engine}-{name}{'-publico' if version == 'publica' else ''}.png")
    return result


@pytest.fixture(params=[(e, v) for e in ENGINES for v in VERSIONS], ids=lambda p: f"{p[0]}-{p[1]}")
def reports(request, printed):
    return request.param, printed[request.param]


def test_every_report_is_printed(printed):
    for key, reports in printed.items():
        assert len(reports) == 20, key  # 13 reports (indicators and working groups among them) and the minutes of the seven sessions held
        assert {"index", "monitoreo", "actores", "indicadores", "grupos", f"avance-{AS_OF}", "anual-2015", "ficha-imas-ina-mapeo-familias"} <= set(reports), key


def test_every_page_is_a4_and_the_wide_reports_are_landscape(reports):
    _, printed = reports
    for name, (_, pages) in printed.items():
        assert pages and all(p.is_a4 for p in pages), (name, [(p.width, p.height) for p in pages])
        assert [p.landscape for p in pages] == [name in WIDE] * len(pages), name


def test_no_column_is_lost(reports):
    """Every table row prints its last cell beside its first: the right-hand columns are on the paper."""
    _, printed = reports
    lost = {name: pk.rows_off_paper(pages, pk.html_tables(html)) for name, (html, pages) in printed.items()}
    assert {k: v for k, v in lost.items() if v} == {}


def test_the_columns_the_issue_names_are_on_the_page(reports):
    (_, version), printed = reports
    text = {name: " ".join(p.text for p in pages) for name, (_, pages) in printed.items()}
    monitoring = next(t for t in pk.html_tables(printed["monitoreo"][0]) if t.caption.startswith("Acuerdos por criterio"))
    assert monitoring.rows[0][-2:] == ["Cumplidos", "%"]
    monitoring_pages = printed["monitoreo"][1]
    for row in monitoring.rows:
        # Every agreement's id with its «Cumplidos» and its «%» on the same line.
        assert pk.row_on_paper(monitoring_pages, row[0], row[-2]) and pk.row_on_paper(monitoring_pages, row[0], row[-1]), row
    assert "Cumplidos" in text["monitoreo"] and "13/14" in text["monitoreo"] and "57,1 %" in text["monitoreo"]
    progress = next(t for t in pk.html_tables(printed[f"avance-{AS_OF}"][0]) if t.rows[0][-1] == "Alertas")
    assert len(progress.rows) == 7 and all(pk.row_on_paper(printed[f"avance-{AS_OF}"][1], r[0], r[-1]) for r in progress.rows)
    actors = [t for t in pk.html_tables(printed["actores"][0]) if t.rows and t.rows[0][-1] == "Acuerdos"]
    assert actors and all(pk.row_on_paper(printed["actores"][1], r[0], r[-1]) for t in actors for r in t.rows)
    attendance = next(t for t in pk.html_tables(printed["actores"][0]) if t.caption.startswith("Asistencia de cada actor"))
    assert attendance.rows[0][-1] == "Tasa" and all(pk.row_on_paper(printed["actores"][1], r[0], r[-1]) for r in attendance.rows)
    # The internal actor map has the people's columns (wider), the public one does not.
    assert (actors[0].rows[0][-3:-1] == ["Titular", "Suplente"]) is (version == "interna")


def test_page_numbers_title_and_mark_on_every_page(reports):
    (_, version), printed = reports
    for name, (html, pages) in printed.items():
        title = html[html.index("<title>") + 7 : html.index("</title>")].rsplit(" · ", 1)[0]
        mark = PUBLIC_MARK if version == "publica" or name.startswith("anual") else INTERNAL_MARK
        for p in pages:
            text = pk.flat(p.text)
            assert f"Página {p.number} de {len(pages)}" in text, (name, p.number, text[-200:])
            assert mark in text, (name, p.number)
            assert (INTERNAL_MARK in text) is (mark == INTERNAL_MARK), (name, p.number)
            assert " ".join(title.split()[:3]) in text and "Desamparados" in text, (name, p.number, title)


def test_no_page_is_mostly_empty_but_the_last_of_a_section(reports):
    """A section is a run of pages of one orientation; only its last page may be more than 60 % empty."""
    _, printed = reports
    empty = {name: pk.too_empty(pages) for name, (_, pages) in printed.items()}
    assert {k: v for k, v in empty.items() if v} == {}


def test_page_counts(reports):
    _, printed = reports
    counts = {name: len(pages) for name, (_, pages) in printed.items()}
    assert counts["ficha-imas-ina-mapeo-familias"] <= 3, counts
    assert counts["index"] == 1 and counts["monitoreo"] <= 2 and counts[f"avance-{AS_OF}"] <= 6 and counts["actores"] <= 7, counts
    assert all(n <= 3 for name, n in counts.items() if name.startswith(("ficha-", "acta-"))), counts
    # The working groups report: a summary and a page or so per two groups. The annual report follows
    # 5.3 A.2.3 in twelve sections (four of them the partials of plan, management, indicators and POI).
    assert counts["grupos"] <= 4 and counts["anual-2015"] <= 7, counts


def test_the_reports_of_issue_17_keep_their_columns_on_paper(reports):
    """The working groups report (portrait), the actor map's offer tables and the annual report's
    working groups and yearly meetings: every row with its last cell beside its first."""
    _, printed = reports

    def table(name: str, caption: str) -> pk.Table:
        return next(t for t in pk.html_tables(printed[name][0]) if t.caption.startswith(caption))

    def on_paper(name: str, t: pk.Table, last: str, rows: int) -> None:
        assert t.rows[0][-1] == last and len(t.rows) == rows, (name, t.caption, t.rows[0])
        assert all(pk.row_on_paper(printed[name][1], r[0], r[-1]) for r in t.rows), (name, t.caption)

    assert not any(p.landscape for p in printed["grupos"][1])
    on_paper("grupos", table("grupos", "Grupos de trabajo de 2015"), "Sesiones", 5)
    on_paper("grupos", table("grupos", "Acuerdos de 2015 del eje Desarrollo local"), "Avance del año", 3)
    on_paper("actores", table("actores", "Ofertas por grupo etario y género"), "Total", 10)  # header, 8 age groups, total
    on_paper("actores", table("actores", "Oferta de cada actor"), "Grupo etario", 9)
    on_paper("anual-2015", table("anual-2015", "Grupos de trabajo de 2015"), "Acuerdos del eje", 5)
    on_paper("anual-2015", table("anual-2015", "Encuentros anuales de 2015"), "Resultados", 3)
    text = {name: pk.flat(" ".join(p.text for p in printed[name][1])) for name in ("grupos", "actores", "anual-2015")}
    assert "Grupo de niñez y adolescencia" in text["grupos"] and "Oferta por género y grupo etario" in text["actores"]
    assert "Lo que sigue" in text["anual-2015"] and "Se priorizó ampliar el mapeo de familias a Patarrá" in text["anual-2015"]


def test_first_pages_are_kept_as_pictures(printed):
    folder = pk.artefacts_dir()
    for engine, version in printed:
        for name in printed[engine, version]:
            png = folder / f"{engine}-{name}{'-publico' if version == 'publica' else ''}.png"
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000, png


HOSTILE_TITLE = 'Talleres "con comillas" </style><script>alert(1)</script> \\ } @page { x: y; } ñ 日本'


def test_css_string_leaves_nothing_that_can_end_the_string_or_the_style():
    from markupsafe import Markup

    from coprod_cli.report.environment import css_string

    out = css_string(HOSTILE_TITLE)
    assert re.fullmatch(r'"(?:[A-Za-z0-9]|\\[0-9A-F]{6})*"', out), out
    decoded = re.sub(r"\\([0-9A-F]{6})", lambda m: chr(int(m.group(1), 16)), out[1:-1])
    assert decoded == HOSTILE_TITLE
    # Markup (a rendered block) is read as the text it shows.
    assert css_string(Markup("a &amp; <b>b</b>")) == css_string("a & b")


def test_a_hostile_title_stays_a_string_in_the_running_header(cli, example, tmp_path):
    """An agreement's title is data: in the @page rule it cannot close the string, the rule or the <style>."""
    sheet = example / "acuerdos" / "icd-prevencion-drogas-colegios.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("titulo: Talleres de prevención del consumo de drogas en colegios de Los Guido", "titulo: " + json.dumps(HOSTILE_TITLE), 1), encoding="utf-8")
    out = tmp_path / "o"
    r = cli("report", example, "--out", out, "--as-of", AS_OF, "--format", "html", "--only", "icd-prevencion-drogas-colegios")
    assert r.code == 0, r.err
    html = (out / "ficha-icd-prevencion-drogas-colegios.html").read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert "<script" not in style and "alert(1)" not in style and "@page { x" not in style
    assert html.count("</style>") == 1 and "<script>" not in html
    pytest.importorskip("weasyprint", reason="WeasyPrint no está instalado (extra pdf)")
    if pk.PDFTOTEXT is None or pk.PDFTOPPM is None:
        pytest.skip(NO_PAPER_REASON)
    first = pk.read_pages(pk.weasy_pdf(html), tmp_path / "lectura")[0]
    assert 'Ficha del acuerdo: Talleres "con comillas" </style><script>alert(1)</script>' in first.text
