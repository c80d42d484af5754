"""The indicators of the annual plan (issue 17, point 1; E.3.3, E.3.4): the
figures as of a month, checked against values derived by hand from the
example (examples/desamparados/planes/2015.yaml), the report, the rules at
the right line, and hostile values.

Hand derivations (progress = (latest − base) / (target − base); elapsed = the
days from the baseline's date to the latest measurement over the days from
the baseline's date to the target's):

* acuerdos-firmados, 0 (2015-01-01) → 6 (2015-12-31), 364 days.
  2015-09: latest 4 (09-30): 4/6 = 66,7 %; 272/364 = 74,7 % elapsed → atrasado.
  2016-01: latest 5 (12-31): 5/6 = 83,3 %; 364/364 = 100 % → atrasado.
* familias-identificadas, 0 (2015-07-01) → 450 (2016-01-31), 214 days.
  2015-09: latest 120 (08-31): 26,7 %; 61/214 = 28,5 % → atrasado.
  2016-01: latest 390 (12-31): 86,7 %; 183/214 = 85,5 % → en camino.
* jovenes-en-formacion, 0 (2015-07-01) → 5 (2016-06-30), 365 days.
  2015-09: no measurement yet (the first is 2015-11-30).
  2016-01: latest 3,2 (12-31): 64 %; 183/365 = 50,1 % → en camino.
* desercion-colegios, 12,4 (2014-12-31) → 10 (2016-12-31), 731 days, disminuir.
  2015-09: no measurement yet. 2016-01: 11,8 (2015-12-31): 0,6/2,4 = 25 %;
  365/731 = 49,9 % → atrasado.
* robos-via-publica, 140 (2015-03-31) → 110 (2015-12-31), 275 days, disminuir.
  2015-09: 128 (09-30): 12/30 = 40 %; 183/275 = 66,5 % → atrasado.
  2016-01: 121 (12-31): 19/30 = 63,3 %; 100 % → atrasado.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from coprod_cli.compute.indicators import plan_indicators
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month

NB = "\u00a0"
PLAN = "planes/2015.yaml"

#: id → (latest, progress %, elapsed %, status), by hand (module docstring).
SEPTEMBER = {
    "acuerdos-firmados": (4, 66.67, 74.73, "atrasada"),
    "familias-identificadas": (120, 26.67, 28.50, "atrasada"),
    "jovenes-en-formacion": (None, None, None, "sin_mediciones"),
    "desercion-colegios": (None, None, None, "sin_mediciones"),
    "robos-via-publica": (128, 40.0, 66.55, "atrasada"),
}
JANUARY = {
    "acuerdos-firmados": (5, 83.33, 100.0, "atrasada"),
    "familias-identificadas": (390, 86.67, 85.51, "en_camino"),
    "jovenes-en-formacion": (3.2, 64.0, 50.14, "en_camino"),
    "desercion-colegios": (11.8, 25.0, 49.93, "atrasada"),
    "robos-via-publica": (121, 63.33, 100.0, "atrasada"),
}


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _figures(root: Path, month: Month):
    (plan,) = [p for _, p in load_repository(root).valid_plans()]
    return {f.id: f for f in plan_indicators(plan, month).indicators}


@pytest.mark.parametrize("month,expected", [(Month(2015, 9), SEPTEMBER), (Month(2016, 1), JANUARY)])
def test_figures_of_the_example_by_hand(example, month, expected):
    got = _figures(example, month)
    assert set(got) == set(expected)
    for ident, (latest, progress, elapsed, status) in expected.items():
        f = got[ident]
        assert (f.latest.value if f.latest else None) == latest, ident
        assert (None if f.progress is None else round(f.progress, 2)) == progress, ident
        assert (None if f.elapsed is None else round(f.elapsed, 2)) == elapsed, ident
        assert f.status == status, ident
        assert f.problems == ()


def test_a_measurement_after_the_month_does_not_exist_for_it(example):
    sept = _figures(example, Month(2015, 9))
    assert sept["familias-identificadas"].later == 2  # 10-31 and 12-31
    assert [m.date for m in sept["familias-identificadas"].measurements] == [dt.date(2015, 8, 31)]
    # A measurement dated in the as-of month counts.
    assert sept["robos-via-publica"].latest.date == dt.date(2015, 9, 30)


def test_reached_and_beyond_the_target(example):
    _edit(example, PLAN, "      - {fecha: 2015-12-31, valor: 121}", "      - {fecha: 2015-12-31, valor: 100}")
    f = _figures(example, Month(2016, 1))["robos-via-publica"]
    # (100 − 140) / (110 − 140) = 133,3 %: not clamped in the figure.
    assert f.status == "alcanzada" and round(f.progress, 1) == 133.3


def test_direction_inferred_when_missing(example):
    _edit(example, PLAN, "    sentido: disminuir\n    fuente: Estadísticas policiales del OIJ", "    fuente: Estadísticas policiales del OIJ")
    f = _figures(example, Month(2016, 1))["robos-via-publica"]
    assert f.direction == "disminuir" and f.direction_inferred and not f.contradictory


# --- the report, two months ---------------------------------------------------------------


def _report(cli, root: Path, tmp_path: Path, month: str, fmt: str = "md", *extra: str) -> str:
    out = tmp_path / f"out-{month}-{fmt}"
    r = cli("report", root, "--as-of", month, "--only", "indicadores", "--format", fmt, "--out", out, *extra)
    assert r.code == 0, r.err
    return (out / f"indicadores.{fmt}").read_text(encoding="utf-8").replace(NB, " ")


def test_the_report_in_september(cli, example, tmp_path):
    md = _report(cli, example, tmp_path, "2015-09")
    assert "mediciones hasta septiembre de 2015" in md
    assert "| Acuerdos de coproducción firmados | Gestión | acuerdos | 0 (2015-01-01) | 6 (2015-12-31) | 4 (2015-09-30) | 66,7 % | Atrasado |" in md
    assert "| Denuncias por robo en la vía pública en el distrito central | Resultado | denuncias por trimestre | 140 (2015-03-31) | 110 (2015-12-31) | 128 (2015-09-30) | 40 % | Atrasado |" in md
    assert "| 5 % (2016-06-30) |" not in md and "| 0 (2015-07-01) | 5 (2016-06-30) | — | — | Sin mediciones al corte |" in md
    assert "Datos ilustrativos" in md
    assert "2 medición(es) con fecha posterior a septiembre de 2015 no cuentan en este informe." in md
    assert "Estado: Atrasado: 26,7 % del camino a la meta con el 28,5 % del tiempo transcurrido" in md


def test_the_report_in_january(cli, example, tmp_path):
    md = _report(cli, example, tmp_path, "2016-01")
    assert "| Familias identificadas en San Miguel y Los Guido | Resultado | familias | 0 (2015-07-01) | 450 (2016-01-31) | 390 (2015-12-31) | 86,7 % | En camino |" in md
    assert "| Deserción escolar en los colegios de los distritos prioritarios | Impacto | % | 12,4 (2014-12-31) | 10 (2016-12-31) | 11,8 (2015-12-31) | 25 % | Atrasado |" in md
    assert "| 2015-12-31 | 3,2 % | Matrícula del INA, Unidad Regional | Primera cohorte completa |" in md
    assert "Indicadores: 5; en camino: 2; atrasado: 3." in md


def test_each_indicator_has_an_accessible_chart(cli, example, tmp_path):
    html = _report(cli, example, tmp_path, "2016-01", "html")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 5 + 5  # a chart and a bar per indicator
    assert 'aria-label="Familias identificadas en San Miguel y Los Guido: línea base 0 familias, meta 450 familias, último valor 390 familias; en camino"' in html
    assert "<title>Medición del 2015-10-31: 260 familias</title>" in html
    assert "<title>Meta (2016-01-31): 450 familias</title>" in html


def test_the_annual_report_uses_the_year_cut(cli, example, tmp_path):
    out = tmp_path / "anual"
    assert cli("report", example, "--as-of", "2016-01", "--only", "anual", "--out", out).code == 0
    md = (out / "anual-2015.md").read_text(encoding="utf-8").replace(NB, " ")
    section = md.split("## Indicadores frente a metas", 1)[1].split("\n## ", 1)[0]
    assert "con el último valor medido hasta diciembre de 2015" in section
    assert "| Jóvenes de las familias identificadas en procesos formativos | Impacto | % | 0 (2015-07-01) | 5 (2016-06-30) | 3,2 (2015-12-31) | 64 % | En camino |" in section


# --- invalid values: shown as invalid, never missing ----------------------------------------


def test_an_invalid_measurement_is_an_error_at_its_line_and_invalid_in_every_output(cli, example, tmp_path):
    _edit(example, PLAN, "      - {fecha: 2015-12-31, valor: 390, fuente", "      - {fecha: 2015-12-31, valor: trescientas, fuente")
    r = cli("validate", example)
    assert r.code == 1
    line = next(i for i, t in enumerate((example / PLAN).read_text(encoding="utf-8").splitlines(), 1) if "trescientas" in t)
    assert f"{line}:36  error  CP405  la medición del 2015-12-31 del indicador «familias-identificadas»: «trescientas» no es un número" in r.out
    md = _report(cli, example, tmp_path, "2016-01")
    row = next(l for l in md.splitlines() if l.startswith("| Familias identificadas"))
    assert row.endswith("| dato inválido, ver CP405 (2015-12-31) | dato inválido, ver CP405 | Dato inválido, ver CP405 |")
    assert "| 2015-12-31 | dato inválido, ver CP405 |" in md
    html = _report(cli, example, tmp_path, "2016-01", "html")
    assert "<title>Medición del 2015-12-31: dato inválido, ver CP405</title>" in html and "#5b2a86" in html
    # The same in open data: an empty number, with its code, never a silent blank.
    out = tmp_path / "datos"
    assert cli("export", "datos", example, "--as-of", "2016-01", "--out", out).code == 0
    rows = list(csv.DictReader((out / "mediciones.csv").open(encoding="utf-8")))
    bad = next(r for r in rows if r["fecha"] == "2015-12-31" and r["indicador"] == "2")
    assert bad["valor"] == "" and bad["cuenta"] == "false" and bad["problemas"] == "CP405"
    ind = next(r for r in csv.DictReader((out / "indicadores.csv").open(encoding="utf-8")) if r["id"] == "familias-identificadas")
    assert ind["estado"] == "invalida" and ind["problemas"] == "CP405" and ind["ultimo_valor"] == ""


@pytest.mark.parametrize(
    "written,shown",
    [(".nan", "«nan» no es un número finito"), (".inf", "«inf» no es un número finito"), ("-.inf", "«-inf» no es un número finito"),
     ("1" + "0" * 400, "no es un número finito"), ("true", "«true» no es un número"), ('"12,4"', "«12,4» no es un número"), ("", "un valor vacío no es un número")],
)  # fmt: skip
def test_hostile_values_are_reported_and_never_crash(cli, example, tmp_path, written, shown):
    _edit(example, PLAN, "    meta: {valor: 110, fecha: 2015-12-31}", f"    meta: {{valor: {written}, fecha: 2015-12-31}}")
    r = cli("validate", example)
    assert r.code == 1 and "CP405" in r.out and shown in r.out.replace("\n", " "), r.out
    assert "Traceback" not in r.out + r.err
    md = _report(cli, example, tmp_path, "2016-01")
    row = next(l for l in md.splitlines() if l.startswith("| Denuncias por robo"))
    assert "dato inválido, ver CP405 (2015-12-31)" in row and "| — |" not in row.split("|")[5]
    html = _report(cli, example, tmp_path, "2016-01", "html")
    assert "dato inválido, ver CP405" in html and "NaN" not in html and "Infinity" not in html and "∞" not in html


def test_markup_in_names_is_text(cli, example, tmp_path):
    _edit(example, PLAN, "    nombre: Acuerdos de coproducción firmados", '    nombre: "<script>alert(1)</script> & <b>firmados</b>"')
    _edit(example, PLAN, "    unidad: acuerdos", '    unidad: "<i>acuerdos</i>"')
    html = _report(cli, example, tmp_path, "2016-01", "html")
    assert "<script>alert" not in html and "<b>firmados" not in html and "<i>acuerdos" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;firmados&lt;/b&gt;" in html


def test_a_repository_without_a_plan(cli, example, tmp_path):
    (example / PLAN).unlink()
    r = cli("report", example, "--as-of", "2015-09", "--only", "indicadores", "--out", tmp_path / "o")
    assert r.code == 0, r.err
    md = (tmp_path / "o" / "indicadores.md").read_text(encoding="utf-8")
    assert "No hay un plan anual que se pueda leer para este año" in md


def test_a_plan_whose_indicators_lack_dates_and_target(example):
    _edit(example, PLAN, "    linea_base: {valor: 140, fecha: 2015-03-31}\n    meta: {valor: 110, fecha: 2015-12-31}\n", "    linea_base: 140\n")
    f = _figures(example, Month(2016, 1))["robos-via-publica"]
    assert f.status == "sin_meta" and f.progress is None and f.latest.value == 121
    _edit(example, PLAN, "    linea_base: 140\n", "    linea_base: 140\n    meta: 110\n")
    f = _figures(example, Month(2016, 1))["robos-via-publica"]
    assert f.status == "en_curso" and round(f.progress, 2) == 63.33 and f.elapsed is None


def test_rules_on_the_example_are_quiet(cli, example):
    r = cli("validate", example)
    assert not any(f"CP40{n}" in r.out for n in range(3, 9)), r.out


# --- the rules' messages, at the line of the value --------------------------------------------


def _line_of(root: Path, needle: str) -> int:
    return next(i for i, t in enumerate((root / PLAN).read_text(encoding="utf-8").splitlines(), 1) if needle in t)


def test_a_measurement_from_the_future_is_a_warning_until_its_month(example):
    from coprod_cli.check.engine import check_repository

    _edit(example, PLAN, "      - {fecha: 2015-12-31, valor: 121}", "      - {fecha: 2016-01-31, valor: 121}")
    found = [(d.code, d.line, d.column, d.message) for d in check_repository(load_repository(example), now=Month(2015, 12)).diagnostics if d.code == "CP407"]
    assert found == [(
        "CP407", _line_of(example, "{fecha: 2016-01-31, valor: 121}"), 17,
        "la medición del 2016-01-31 del indicador «robos-via-publica» es de un mes que todavía no llega (este mes es 2015-12): "
        "no cuenta en ninguna cifra hasta entonces; corrija la fecha si es una errata",
    )]  # fmt: skip
    assert not [d for d in check_repository(load_repository(example), now=Month(2016, 1)).diagnostics if d.code == "CP407"]


def test_contradictory_and_incomplete_indicators_are_named_at_their_line(cli, example):
    _edit(example, PLAN, "    sentido: disminuir\n    fuente: Estadísticas policiales del OIJ", "    sentido: aumentar")
    r = cli("validate", example)
    out = r.out.replace("\n", " ")
    sentido = [i for i, t in enumerate((example / PLAN).read_text(encoding="utf-8").splitlines(), 1) if t == "    sentido: aumentar"][-1]
    assert f"{sentido}:14  advertencia  CP406  el indicador «robos-via-publica» dice «sentido: aumentar», pero ir de la línea base (140) a la meta (110) es disminuir" in out
    assert "advertencia  CP404  al indicador «robos-via-publica» le falta: fuente" in out
    assert r.code == 0  # warnings only


def test_a_contact_typed_in_a_measurement_never_reaches_a_public_output(cli, example, tmp_path):
    _edit(example, PLAN, "nota: Primera cohorte completa}", 'nota: "Primera cohorte; consultas a ana.solis@ina.example o al 8888-7777"}')
    assert "CP601" in cli("validate", example).out
    md = _report(cli, example, tmp_path, "2016-01", "md", "--public")
    assert "ana.solis" not in md and "8888-7777" not in md and "Primera cohorte; consultas a" in md
    out = tmp_path / "datos"
    assert cli("export", "datos", example, "--as-of", "2016-01", "--out", out).code == 0
    text = (out / "mediciones.csv").read_text(encoding="utf-8")
    assert "ana.solis" not in text and "8888-7777" not in text and "Primera cohorte; consultas a" in text


def test_an_invalid_value_earlier_in_the_series_marks_the_row(cli, example, tmp_path):
    """The latest value is a number, so the figures stand; the row still says an invalid value is behind it."""
    _edit(example, PLAN, "valor: 260, fuente", "valor: doscientas sesenta, fuente")
    f = _figures(example, Month(2016, 1))["familias-identificadas"]
    assert f.status == "en_camino" and f.problems == ("CP405",)
    md = _report(cli, example, tmp_path, "2016-01")
    assert "| 390 (2015-12-31) | 86,7 % | En camino (dato inválido, ver CP405) |" in md
    assert "| 2015-10-31 | dato inválido, ver CP405 | Informe mensual del IMAS | — |" in md


def test_a_target_whose_month_has_passed_unreached_is_behind(example):
    """familias-identificadas aims at 450 by 2016-01-31: in its own month it is still on track (390 by
    2015-12-31: 86,7 % of the way with 85,5 % of the time); from February on, unreached, it is behind."""
    assert _figures(example, Month(2016, 1))["familias-identificadas"].status == "en_camino"
    for month in (Month(2016, 2), Month(2017, 12)):
        f = _figures(example, month)["familias-identificadas"]
        assert (f.status, round(f.progress or 0, 1)) == ("atrasada", 86.7)
    assert _figures(example, Month(2016, 6))["jovenes-en-formacion"].status == "en_camino"  # its month: June 2016
    assert _figures(example, Month(2016, 7))["jovenes-en-formacion"].status == "atrasada"
