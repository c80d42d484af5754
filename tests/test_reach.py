"""People reached and quantitative goals (issue 17, point 3): what each
agreement reached as of a month, rolled up by axis, territory and population
group, per unit, with invalid values shown as invalid (never missing, never 0).

The example, read by hand: imas-ina's goal is 450 familias (Familias en
pobreza extrema; San Miguel and Los Guido), reached by territory: 2015-08
San Miguel 70, Los Guido 50; 2015-10 San Miguel 150, Los Guido 110.
app-comercio's goal is 25 jóvenes (three territories), reached 12 in
2015-10 and 21 in 2015-12, without territory. icd's goal is 600
estudiantes (Los Guido), nothing reached recorded.
"""

from __future__ import annotations

import pytest

from conftest import EXAMPLE
from coprod_cli.compute.figures import compute
from coprod_cli.compute.reach import NOT_A_NUMBER, compute_reach
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month
from coprod_cli.report.views.planning import planning_view


def _reach(root, month: Month):
    repo = load_repository(root)
    return compute_reach([a for _, a in repo.valid_agreements()], month, [e.id for e in repo.manifest.estrategia.ejes])


def _rows(rows):
    return {(r.key, r.unit): (r.goal, r.reached, r.reported) for r in rows}


def test_each_agreement_as_of_september_and_december():
    sept = {r.id: r for r in _reach(EXAMPLE, Month(2015, 9)).agreements}
    assert set(sept) == {"imas-ina-mapeo-familias", "app-comercio-empleo-juvenil", "icd-prevencion-drogas-colegios"}
    imas = sept["imas-ina-mapeo-familias"]
    assert (imas.goal, imas.reached, imas.by_territory, imas.last_month) == (450, 120, (("san-miguel", 70), ("los-guido", 50)), Month(2015, 8))
    assert imas.share == pytest.approx(100 * 120 / 450)
    # app-comercio's first report is of October: as of September nothing reached exists, not 0.
    assert (sept["app-comercio-empleo-juvenil"].reached, sept["app-comercio-empleo-juvenil"].reported) == (None, False)
    dec = {r.id: r for r in _reach(EXAMPLE, Month(2015, 12)).agreements}
    assert (dec["imas-ina-mapeo-familias"].reached, dec["app-comercio-empleo-juvenil"].reached) == (260, 21)
    assert dec["icd-prevencion-drogas-colegios"].reached is None


def test_rollups_per_unit_never_add_different_units():
    reach = _reach(EXAMPLE, Month(2015, 12))
    assert _rows(reach.by_axis) == {
        ("promocion-salud", "estudiantes"): (600, None, 0),
        ("desarrollo-local", "familias"): (450, 260, 1),
        ("desarrollo-local", "jóvenes"): (25, 21, 1),
    }
    assert [r.key for r in reach.by_axis] == ["promocion-salud", "desarrollo-local", "desarrollo-local"]  # the strategy's order
    assert _rows(reach.by_unit) == {("estudiantes", "estudiantes"): (600, None, 0), ("familias", "familias"): (450, 260, 1), ("jóvenes", "jóvenes"): (25, 21, 1)}
    assert _rows(reach.by_population) == {
        ("Adolescentes de 12 a 17 años", "estudiantes"): (600, None, 0),
        ("Familias en pobreza extrema", "familias"): (450, 260, 1),
        ("Jóvenes de 18 a 24 años", "jóvenes"): (25, 21, 1),
    }


def test_by_territory_goals_only_where_they_belong():
    reach = _reach(EXAMPLE, Month(2015, 9))
    assert _rows(reach.by_territory) == {
        # imas-ina's reach by territory; its goal is not split between its two territories.
        ("san-miguel", "familias"): (None, 70, 1),
        ("los-guido", "familias"): (None, 50, 1),
        # icd has one territory: its goal is Los Guido's.
        ("los-guido", "estudiantes"): (600, None, 0),
        # Agreements of several territories, whole: imas-ina (120 of 450) and app-comercio (nothing yet).
        (None, "familias"): (450, 120, 1),
        (None, "jóvenes"): (25, None, 0),
    }


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_value_that_is_not_a_number_is_invalid_not_missing_nor_zero(example):
    _replace(example / "acuerdos" / "imas-ina-mapeo-familias.yaml", "{mes: 2015-10, valor: 110, territorio: los-guido}", "{mes: 2015-10, valor: muchas, territorio: los-guido}")
    reach = _reach(example, Month(2015, 12))
    imas = next(r for r in reach.agreements if r.id == "imas-ina-mapeo-familias")
    assert imas.reached is None and imas.problems == (NOT_A_NUMBER,)
    assert dict(imas.by_territory) == {"san-miguel": 150, "los-guido": None}
    rows = {(r.key, r.unit): r for r in reach.by_axis}
    row = rows[("desarrollo-local", "familias")]
    assert (row.reached, row.problems, row.goal) == (None, (NOT_A_NUMBER,), 450)
    # San Miguel's own figure is still good; Los Guido's is invalid.
    terr = {(r.key, r.unit): r for r in reach.by_territory}
    assert (terr[("san-miguel", "familias")].reached, terr[("san-miguel", "familias")].problems) == (150, ())
    assert (terr[("los-guido", "familias")].reached, terr[("los-guido", "familias")].problems) == (None, (NOT_A_NUMBER,))
    # As of September the bad October value does not exist yet.
    assert next(r for r in _reach(example, Month(2015, 9)).agreements if r.id == "imas-ina-mapeo-familias").reached == 120


def test_an_invalid_goal_and_a_repeated_month(example):
    _replace(example / "acuerdos" / "app-comercio-empleo-juvenil.yaml", "{valor: 25, unidad: jóvenes", "{valor: veinticinco, unidad: jóvenes")
    _replace(example / "acuerdos" / "app-comercio-empleo-juvenil.yaml", "  - {mes: 2015-12, valor: 21, nota: Ilustrativo}\n",
             "  - {mes: 2015-12, valor: 21, nota: Ilustrativo}\n  - {mes: 2015-12, valor: 22}\n")
    reach = _reach(example, Month(2015, 12))
    app = next(r for r in reach.agreements if r.id == "app-comercio-empleo-juvenil")
    assert (app.goal, app.goal_problems) == (None, (NOT_A_NUMBER,))
    assert (app.reached, app.problems) == (None, ("CP416",))
    row = {(r.key, r.unit): r for r in reach.by_unit}[("jóvenes", "jóvenes")]
    assert (row.goal, row.reached) == (None, None) and set(row.problems) == {NOT_A_NUMBER, "CP416"}


def test_the_annual_report_shows_an_invalid_reach_as_invalid(example, cli, tmp_path):
    _replace(example / "acuerdos" / "imas-ina-mapeo-familias.yaml", "{mes: 2015-10, valor: 110, territorio: los-guido}", "{mes: 2015-10, valor: muchas, territorio: los-guido}")
    repo = load_repository(example)
    view = planning_view(repo, compute(repo, Month(2015, 12)), 2015)
    line = next(x for x in view.reach_by_axis if x.unit == "familias")
    assert line.reached is None and line.mark and line.mark.startswith("dato inválido, ver ")
    out = tmp_path / "out"
    r = cli("report", example, "--only", "anual", "--format", "md", "--out", out, "--as-of", "2015-12")
    assert r.code == 0, r.out + r.err
    text = (out / "anual-2015.md").read_text(encoding="utf-8")
    row = next(x for x in text.splitlines() if x.startswith("| Desarrollo local | familias |"))
    assert "dato inválido" in row and "| 0 |" not in row and "sin informe" not in row


def test_a_phone_in_a_poi_reference_never_reaches_the_annual_report(example, cli, tmp_path):
    _replace(example / "acuerdos" / "icd-prevencion-drogas-colegios.yaml",
             "referencia: El programa de prevención no se incluyó en el POI 2015", "referencia: Llamar al 8888-7777")
    out = tmp_path / "out"
    r = cli("report", example, "--only", "anual", "--format", "md", "--out", out, "--as-of", "2015-12")
    assert r.code == 0, r.out + r.err
    text = (out / "anual-2015.md").read_text(encoding="utf-8")
    assert "8888" not in text and "Llamar al \\[teléfono retirado\\]" in text
