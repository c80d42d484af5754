"""The rules that depend on the current month (issue 12, items 1 and 4):
CP211 (progress for a month that has not come), CP212 (a concluded agreement
with commitments unreported or still to come), CP213 (a signed or running
agreement whose schedule ended with months never reported). Their rule
cases (tests/rule_cases/) hold at any date; these tests pin the month to
check the edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import build
from coprod_cli.check.engine import check_repository
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month

A1 = "acuerdos/a1.yaml"


def _repo(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    return build({"edit": {A1: [list(e) for e in edits]}} if edits else {}, tmp_path / "repo")


def _found(root: Path, now: Month) -> list[tuple[str, int, str, str]]:
    result = check_repository(load_repository(root), now=now)
    return [(d.code, d.line, d.severity.value, d.message) for d in result.diagnostics]


def test_progress_for_this_month_is_not_in_the_future(tmp_path):
    root = _repo(tmp_path)
    assert _found(root, Month(2015, 9)) == []
    (found,) = _found(root, Month(2015, 8))
    assert found[:3] == ("CP211", 52, "warning")  # the entry of 2015-09
    assert "avance de 2015-09, un mes que todavía no llega (este mes es 2015-08)" in found[3]


def test_a_schedule_ending_this_month_has_not_ended(tmp_path):
    root = _repo(tmp_path, ("  - mes: 2015-09\n    nivel: 100\n", ""))
    assert _found(root, Month(2015, 9)) == []
    (found,) = _found(root, Month(2015, 10))
    assert found[:3] == ("CP213", 4, "warning")
    assert "el cronograma terminó en 2015-09 y 1 compromiso nunca se informó (2015-09)" in found[3]


def test_an_invalid_level_is_an_error_not_a_month_never_reported(tmp_path):
    root = _repo(tmp_path, ("    nivel: 100", "    nivel: 60"))
    assert [f[0] for f in _found(root, Month(2016, 1))] == ["CP205"]


def test_sub_activities_never_reported_are_counted(tmp_path):
    root = _repo(tmp_path, ("  - mes: 2015-08\n    nivel: 75", "  - mes: 2015-08\n    subactividades:\n      - {subactividad: 2, nivel: 75}"))
    (found,) = _found(root, Month(2016, 1))
    assert found[0] == "CP213" and "1 compromiso nunca se informó (2015-08)" in found[3]


def test_concluded_with_months_still_to_come(tmp_path):
    root = _repo(tmp_path, ("estado: en_ejecucion", "estado: concluido"), ("  - mes: 2015-09\n    nivel: 100\n", ""))
    (found,) = _found(root, Month(2015, 8))
    assert found[0] == "CP212"
    assert "acuerdo «concluido» con 1 compromiso de meses que todavía no llegan (2015-09)" in found[3]
    (found,) = _found(root, Month(2015, 10))
    assert "con 1 compromiso vencido sin avance informado (2015-09)" in found[3]


def test_long_lists_of_months_are_cut(tmp_path):
    meses = "".join(f"    - mes: 2016-{m:02d}\n      actividades: []\n" for m in range(1, 13))
    root = _repo(
        tmp_path,
        ("    fin: 2015-09", "    fin: 2016-12"),
        ("    - mes: 2015-09\n      actividades: []\n", "    - mes: 2015-09\n      actividades: []\n" + meses),
    )
    (found,) = _found(root, Month(2017, 1))
    assert "12 compromisos nunca se informaron (2016-01, 2016-02, 2016-03, 2016-04, 2016-05, 2016-06 y 6 más)" in found[3]


def test_the_validation_cache_follows_the_month(tmp_path, monkeypatch):
    """A cache written one month is not trusted the next: what CP213 says changed with the calendar."""
    from coprod_cli.pipeline.validation import validate_cached

    root = _repo(tmp_path, ("  - mes: 2015-09\n    nivel: 100\n", ""))
    monkeypatch.setattr("coprod_cli.model.types.current_month", lambda today=None: Month(2015, 9))
    assert validate_cached(root).diagnostics == validate_cached(root).diagnostics == []
    monkeypatch.setattr("coprod_cli.model.types.current_month", lambda today=None: Month(2015, 10))
    assert [d.code for d in validate_cached(root).diagnostics] == ["CP213"]


@pytest.mark.real_calendar
def test_dated_rules_use_the_real_month_by_default(tmp_path):
    import datetime as dt

    from coprod_cli.check.engine import today

    now = dt.date.today()
    assert today() == Month(now.year, now.month)
