"""The issue-17 fields of plans and agreements as the model reads them: a
baseline or target written the old way (one text or number) still loads, a
non-numeric one is a located Spanish message with the new form, a POI state
reads «sí», «si», YAML booleans and «pendiente», and the scaffolds of
`coprod new` give the new forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_cli.check.engine import check_repository
from coprod_cli.load.repository import load_repository
from coprod_cli.model.models import Acuerdo, PlanAnual
from coprod_cli.model.types import legacy_point, number_of

PLAN = "planes/2015.yaml"
IMAS_INA = "acuerdos/imas-ina-mapeo-familias.yaml"


def _found(root: Path, rel: str) -> list[tuple[int, int, str, str]]:
    out = []
    for fast in (True, False):
        result = check_repository(load_repository(root, fast=fast, workers=1))
        out.append([(d.line, d.column, d.code, d.message) for d in result.diagnostics if d.file == rel and d.severity == "error"])
    assert out[0] == out[1]
    return out[0]


def _replace(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the one ``old`` of a file by ``new``; the 1-based line where it was."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    "written, valor",
    [("450", 450), ("5 %", 5), ("0 %", 0), ("12,4", 12.4), ("12.4", 12.4), ("-3", -3), (6, 6), (2.5, 2.5)],
)
def test_a_baseline_or_target_written_the_old_way_is_read_as_a_value(written, valor):
    assert legacy_point(written) == {"valor": valor}
    plan = PlanAnual.model_validate({"anio": 2015, "indicadores": [{"tipo": "gestion", "nombre": "x", "meta": written}]})
    assert plan.indicadores[0].meta is not None and plan.indicadores[0].meta.valor == valor


def test_a_target_in_words_is_an_invalid_value_at_its_line_and_the_plan_still_loads(example):
    """A plan written the old way with a text target («seis acuerdos», «450 familias») must not lose the
    whole plan (groups, meetings, planned agreements) in the reports: the text is an invalid value (CP405)."""
    line = _replace(example, PLAN, "meta: {valor: 6, fecha: 2015-12-31}", "meta: seis acuerdos")
    found = _found(example, PLAN)
    assert [(ln, code) for ln, _, code, _ in found] == [(line, "CP405")]
    assert "«seis acuerdos» no es un número" in found[0][3]
    ((_, plan),) = load_repository(example).valid_plans()
    assert plan.indicadores[0].meta is not None and plan.indicadores[0].meta.valor == "seis acuerdos"
    assert len(plan.grupos_trabajo) == 4 and len(plan.encuentros) == 2


def test_an_empty_measurement_date_says_it_is_empty(example):
    line = _replace(example, PLAN, "- {fecha: 2015-06-30, valor: 2}", "- {fecha: , valor: 2}")
    assert _found(example, PLAN) == [(line, 10, "CP106", "«fecha» está vacío: escriba una fecha AAAA-MM-DD (por ejemplo 2015-07-01)")]


@pytest.mark.parametrize("written, state", [("sí", "si"), ("si", "si"), ("SI", "si"), ("no", "no"), ('"no"', "no"), ("pendiente", "pendiente"), ("Pendiente", "pendiente")])
def test_a_poi_state_reads_the_spellings_people_use(example, written, state):
    _replace(example, IMAS_INA, "estado: pendiente}", f"estado: {written}}}")
    repo = load_repository(example)
    (a,) = [a for _, a in repo.valid_agreements() if a.id == "imas-ina-mapeo-familias"]
    assert isinstance(a, Acuerdo) and [p.estado for p in a.poi] == ["si", state]


def test_a_poi_state_outside_the_three_is_a_located_message(example):
    line = _replace(example, IMAS_INA, "estado: pendiente}", "estado: tal vez}")
    ((found_line, _col, code, message),) = _found(example, IMAS_INA)
    assert (found_line, code) == (line, "CP104")
    assert "«tal vez»" in message and "pendiente" in message


@pytest.mark.parametrize("value, number", [(450, 450.0), (12.4, 12.4), (10**400, None), (-(10**400), None), (True, None), ("450", None), (float("nan"), None), (float("inf"), None), (None, None)])
def test_number_of_takes_only_finite_numbers(value, number):
    assert number_of(value) == number


def test_the_example_plan_has_indicators_of_each_type_with_measurements():
    root = Path(__file__).resolve().parents[1] / "examples" / "desamparados"
    (plan,) = [p for _, p in load_repository(root).valid_plans()]
    assert plan.ilustrativo and {i.tipo for i in plan.indicadores} == {"gestion", "resultado", "impacto"}
    assert all(i.id and i.linea_base and i.meta and i.sentido and i.fuente and i.mediciones for i in plan.indicadores)
    assert all(e.resultados for e in plan.encuentros)


@pytest.mark.parametrize("written", ["1.500", "1,500", "-2.250"])
def test_a_thousands_separator_is_ambiguous_and_reported_not_guessed(example, written):
    """«1.500» is 1500 in Costa Rica and 1.5 elsewhere: the value is invalid (CP405), never silently 1.5."""
    assert legacy_point(written) == {"valor": written}
    line = _replace(example, PLAN, "meta: {valor: 6, fecha: 2015-12-31}", f'meta: "{written}"')
    result = check_repository(load_repository(example, workers=1))
    (d,) = [d for d in result.diagnostics if d.code == "CP405"]
    assert (d.file, d.line) == (PLAN, line) and "sin separador de miles" in d.message
