"""`coprod serve`: /indicadores — each plan's indicators as of ?mes= (the
figures of compute/indicators.py as the report writes them; an invalid value
shown as invalid, never as missing) and the measurement form over `coprod
indicator set`'s editor: refusals by the field, every file left byte for byte;
and in Debian's Chromium."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import EXAMPLE
from test_web_sessions import changed_lines, errors_in, files_of, shot
from webkit import app_client, axe_violations, chromium, csrf_of, needs_chromium, prefix_of, served

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")

PLAN = "planes/2015.yaml"


@pytest.fixture
def web(example):
    c = app_client(example)
    c.root = example  # type: ignore[attr-defined]
    c.csrf = csrf_of(c.get("/indicadores").text)  # type: ignore[attr-defined]
    return c


def measure(web, ident: str, **fields):
    data = {"csrf": web.csrf, "fecha": "2015-10-31", "valor": "", "fuente": "", "nota": ""}
    return web.post(f"/indicadores/2015/{ident}/medicion", data={**data, **fields})


def row_of(html: str, ident: str) -> list[str]:
    row = re.search(rf'<a href="#ind-2015-{ident}">.*?</tr>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_each_indicator_with_its_baseline_target_latest_value_and_status(web):
    html = web.get("/indicadores").text
    assert '<h2 id="plan-2015">Plan anual 2015' in html
    cells = row_of(html, "familias-identificadas")
    assert cells[0] == ["Resultado"]
    assert cells[1][:2] == ["0", "familias"] and cells[2][:2] == ["450", "familias"] and cells[3][:2] == ["390", "familias"]
    assert cells[3][-1] == "2015-12-31" and cells[4] == ["86,7", "%"] and cells[5] == ["En", "camino"]
    # As of September only the August measurement counts.
    cells = row_of(web.get("/indicadores?mes=2015-09").text, "familias-identificadas")
    assert cells[3][:2] == ["120", "familias"] and cells[3][-1] == "2015-08-31"
    # Every indicator with an id has its form, each field with its label.
    for ident in ("acuerdos-firmados", "familias-identificadas", "jovenes-en-formacion"):
        assert f'action="{prefix_of(web)}/indicadores/2015/{ident}/medicion#ind-2015-{ident}"' in html
        for f in ("fecha", "valor", "fuente", "nota"):
            assert f'<label for="{f}-2015-{ident}">' in html


def test_an_invalid_value_in_the_plan_reads_invalid_never_missing(web):
    path = web.root / PLAN
    text = path.read_text(encoding="utf-8")
    old = "      - {fecha: 2015-12-31, valor: 390, fuente: Informe mensual del IMAS}"
    assert old in text
    path.write_text(text.replace(old, old.replace("valor: 390", "valor: mucho")), encoding="utf-8")
    cells = row_of(web.get("/indicadores").text, "familias-identificadas")
    assert " ".join(cells[3]).startswith("dato inválido, ver CP405") and "—" not in cells[3]
    assert " ".join(cells[5]).startswith("Dato inválido")


def test_a_measurement_is_written_by_indicator_set_and_only_it(web):
    path = web.root / PLAN
    before = path.read_bytes()
    r = measure(web, "familias-identificadas", fecha="2015-11-30", valor="330", fuente="Informe del IMAS", nota="Corte de noviembre")
    assert r.status_code == 200 and "Lo que cambió en el archivo" in r.text
    gone, added = changed_lines(before, path.read_bytes())
    assert gone == [] and added == ["      - {fecha: 2015-11-30, valor: 330, fuente: Informe del IMAS, nota: Corte de noviembre}"]
    assert f'href="{prefix_of(web)}/indicadores#ind-2015-familias-identificadas"' in r.text


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"valor": "1.500"}, "valor", "«1.500» (Valor) es ambiguo"),
    ({"valor": "muchas"}, "valor", "se esperaba un número"),
    ({"valor": "12 %"}, "valor", "se esperaba un número"),
    ({"valor": ""}, "valor", "Falta el valor medido"),
    ({"valor": "1e400"}, "valor", "se esperaba un número"),
    ({"valor": "5", "fecha": "2015-02-30"}, "fecha", "esa fecha no existe en el calendario"),
    ({"valor": "5", "fecha": "30/10/2015"}, "fecha", "AAAA-MM-DD"),
    ({"valor": "5", "fecha": "1800-01-01"}, "fecha", "fuera de los años"),
    ({"valor": "5", "fuente": "IMAS\x1b[2J"}, "fuente", "caracteres de control"),
])
def test_a_measurement_refused_says_why_by_the_field_and_writes_nothing(web, fields, field, words):
    before = files_of(web.root)
    r = measure(web, "acuerdos-firmados", **fields)
    assert r.status_code == 422
    found = errors_in(r.text)
    assert words in found.get(f"{field}-2015-acuerdos-firmados", ""), found
    assert f'aria-describedby="error-{field}-2015-acuerdos-firmados"' in r.text
    if fields.get("valor"):
        assert f'value="{fields["valor"]}"' in r.text  # kept as typed
    assert files_of(web.root) == before


def test_unknown_plans_and_indicators_are_not_found_and_the_key_is_needed(web):
    before = files_of(web.root)
    assert measure(web, "x").status_code == 404
    for path in ("/indicadores/2016/acuerdos-firmados/medicion", "/indicadores/2015/no-existe/medicion",
                 "/indicadores/2015/..%2F..%2Fcanton/medicion"):
        assert web.post(path, data={"csrf": web.csrf, "fecha": "2015-10-31", "valor": "1"}).status_code == 404, path
    r = web.post("/indicadores/2015/acuerdos-firmados/medicion", data={"fecha": "2015-10-31", "valor": "1"})
    assert r.status_code == 403
    assert files_of(web.root) == before


# --- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-indicadores") / "desamparados"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    with served(root) as s:
        yield s


@needs_chromium
def test_a_measurement_recorded_in_the_browser_and_an_ambiguous_one_refused(server):
    root = server.root
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CR")
        page.goto(server.url)
        page.get_by_role("link", name="Indicadores", exact=True).click()
        shot(page, "indicadores")
        form = page.get_by_role("form", name="Agregar una medición de Acuerdos de coproducción firmados")
        # «1.500»: a thousand and a half, or one and a half? Refused, every file as it was.
        before = files_of(root)
        form.get_by_label("Fecha de la medición").fill("2015-10-31")
        form.get_by_label("Valor (acuerdos)").fill("1.500")
        form.get_by_role("button", name="Agregar la medición").click()
        message = page.locator("#error-valor-2015-acuerdos-firmados")
        assert "«1.500» (Valor) es ambiguo" in message.inner_text()
        assert page.locator("#valor-2015-acuerdos-firmados").input_value() == "1.500"
        assert axe_violations(page) == []
        shot(page, "indicador-rechazado")
        assert files_of(root) == before
        # A good value: one line, in date order.
        page.locator("#valor-2015-acuerdos-firmados").fill("5")
        page.locator("#nota-2015-acuerdos-firmados").fill("Firmado el acuerdo del foro")
        page.locator("#ind-2015-acuerdos-firmados").get_by_role("button", name="Agregar la medición").click()
        assert "Lo que cambió en el archivo" in page.content()
        gone, added = changed_lines(before[PLAN], (root / PLAN).read_bytes())
        assert gone == [] and added == ["      - {fecha: 2015-10-31, valor: 5, nota: Firmado el acuerdo del foro}"]
        assert {k for k in files_of(root) if files_of(root)[k] != before.get(k)} == {PLAN}
        shot(page, "indicador-escrito")
