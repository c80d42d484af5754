"""The management indicators coprod computes (issue 17, point 2), pinned on the
Desamparados example by numbers derived by hand from its files, for two
--as-of months: September 2015 (cut 2015-09) and January 2016 (the 2015
report's cut is December 2015).

The example, as read by hand:

* Plan 2015: 6 planned agreements, signing date 2015-09-30, actions 1, 2, 4, 7, 8, 10.
* Agreements (signing date, term start): imas-ina (2015-06-24, 2015-07), icd
  (2015-07-15, 2015-08), msp (2015-07-30, 2015-08), foro (2015-08-20,
  2015-09), app-comercio (2015-09-28, 2015-10), pani (borrador, no schedule).
  Actions scheduled: msp 1, foro 2, icd 4, imas-ina 7, app 8; none on 10.
* Council sessions 2015: 07-14, 08-11, 09-08, 10-13, 11-10, 12-08 (12
  convened each; absent or excused: pani 07-14, ifam 09-08, ifam 10-13,
  mideplan 11-10), plus the foro of 2015-10-24.
* Decisions: 07-14 (due 08-07, done 08-05), 08-11 (09-04, done 09-02), 09-08
  #1 (due 10-30, pending), 09-08 #2 (09-30, done 09-25), 10-13 (11-06, done
  11-03), foro 10-24 (11-27, done 11-20), 11-10 (12-08, done 12-08), 12-08
  (due 2016-01-29, pending).
"""

from __future__ import annotations

import pytest

from conftest import EXAMPLE
from coprod_cli.compute.figures import compute
from coprod_cli.compute.management import management
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month


def _management(root, month: Month, year: int = 2015):
    repo = load_repository(root)
    return management(repo, compute(repo, month), year)


@pytest.fixture(scope="module")
def september():
    return _management(EXAMPLE, Month(2015, 9))


@pytest.fixture(scope="module")
def january():
    return _management(EXAMPLE, Month(2016, 1))


def test_the_cut_is_the_month_or_december_of_the_year(september, january):
    assert september.as_of == Month(2015, 9)
    assert january.as_of == Month(2015, 12)


def test_agreements_planned_signed_running_concluded_september(september):
    a = september.agreements
    # 6 planned, all with a file; signed by 2015-09-30: all but the PANI draft.
    assert (a.planned, a.created, a.signed_on_time, a.outside_plan) == (6, 6, 5, 0)
    # Signed by 2015-09-30: 5; running (term begun by September): imas-ina, icd, msp, foro;
    # app-comercio is signed but its term starts in October.
    assert (a.of_year, a.signed, a.running, a.not_begun, a.concluded, a.draft, a.cancelled) == (6, 5, 4, 1, 0, 1, 0)


def test_agreements_planned_signed_running_concluded_december(january):
    a = january.agreements
    assert (a.planned, a.created, a.signed_on_time, a.outside_plan) == (6, 6, 5, 0)
    # By December app-comercio's term has begun too.
    assert (a.of_year, a.signed, a.running, a.not_begun, a.concluded, a.draft, a.cancelled) == (6, 5, 5, 0, 0, 1, 0)


def test_share_of_the_14_criteria(september, january):
    # 14 each for imas-ina, foro, icd (no monitoring table: judged on content); 13 for app-comercio and
    # msp (impacto_esperado answered «no»); 8 for the PANI draft (no meta, población, plazo, impacto,
    # cronograma; INVU's responsibilities missing) → 14+14+14+13+13+8 = 76 of 6 × 14 = 84.
    for m in (september, january):
        assert (m.criteria_met, m.criteria_total) == (76, 84)
        assert m.criteria_percent == pytest.approx(100 * 76 / 84)


def test_progress_to_date_and_overall_september(september):
    # Due by 2015-09 and reported: imas 50, 25, 0; icd 100, 100; msp 100, 75; foro 100 → 550 / 8.
    assert september.to_date == pytest.approx(550 / 8)
    # Commitments of 2015: imas 6, icd 4, msp 5, foro 4 (October not yet split by sub-activity), app 3 = 22.
    assert september.overall == pytest.approx(550 / 22)
    assert september.problems == ()


def test_progress_to_date_and_overall_december(january):
    # Reported by December: imas 75 (6), icd 325 (4), msp 225 (3), foro 100 + 100 + 50 + 25 (4), app 25 (1)
    # → 925 over 18 reported; 23 commitments in 2015 (foro's October is two sub-activities).
    assert january.to_date == pytest.approx(925 / 18)
    assert january.overall == pytest.approx(925 / 23)


def test_sessions_held_against_months_and_attendance(september, january):
    s = september.sessions
    assert (s.held, s.council, s.months_elapsed, s.cycle_months, s.months_with_session, s.months_missing) == (3, 3, 9, 3, 3, 0)
    assert (s.attended, s.convened) == (34, 36)
    assert s.attendance_rate == pytest.approx(100 * 34 / 36)
    s = january.sessions
    assert (s.held, s.council, s.months_elapsed, s.cycle_months, s.months_with_session, s.months_missing) == (7, 6, 12, 6, 6, 0)
    assert (s.attended, s.convened) == (68, 72)


def test_decisions_on_time(september, january):
    d = september.decisions
    # Held by 2015-09-30: 07-14, 08-11, 09-08 #2 done on time; 09-08 #1 not due yet.
    assert (d.on_time, d.late, d.overdue, d.pending, d.undated) == (3, 0, 0, 1, 0)
    assert d.share_on_time == 100.0
    d = january.decisions
    # By 2015-12-31: six done on time, 09-08 #1 overdue, 12-08 not due until January.
    assert (d.on_time, d.late, d.overdue, d.pending, d.undated) == (6, 0, 1, 1, 0)
    assert d.share_on_time == pytest.approx(100 * 6 / 7)


def test_agreements_per_axis_and_action_and_actions_without_agreement(september, january):
    for m in (september, january):
        assert m.by_axis == (("convivencia-paz-social", 2), ("promocion-salud", 1), ("desarrollo-local", 2), ("ninez-adolescencia", 0))
        counts = {n: (k, planned) for n, k, planned in m.by_action}
        assert counts == {1: (1, True), 2: (1, True), 3: (0, False), 4: (1, True), 5: (0, False), 6: (0, False),
                          7: (1, True), 8: (1, True), 9: (0, False), 10: (0, True)}
        assert m.without_schedule == 1  # the PANI draft
        assert m.actions_without_agreement == (10,)


def test_a_late_decision_and_an_invalid_level_are_counted_as_such(example):
    path = example / "sesiones" / "2015-10-13.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("cumplido: 2015-11-03") == 1
    path.write_text(text.replace("cumplido: 2015-11-03", "cumplido: 2015-11-20"), encoding="utf-8")
    path = example / "acuerdos" / "icd-prevencion-drogas-colegios.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - mes: 2015-10\n    nivel: 75\n", "  - mes: 2015-10\n    nivel: 60\n"), encoding="utf-8")
    m = _management(example, Month(2015, 12))
    assert (m.decisions.on_time, m.decisions.late, m.decisions.overdue) == (5, 1, 1)
    # The level 60 is invalid (CP205): the progress figures say so; its commitment is not read as 0.
    assert m.problems == ("CP205",)
    assert m.to_date == pytest.approx((925 - 75) / 17)


def test_a_year_without_a_plan_has_no_plan_figures(example):
    (example / "planes" / "2015.yaml").unlink()
    m = _management(example, Month(2015, 12))
    assert not m.has_plan
    a = m.agreements
    assert (a.planned, a.created, a.signed_on_time, a.outside_plan) == (None, None, None, None)
    assert a.of_year == 6 and m.actions_without_agreement == ()


def test_status_shows_the_management_indicators_in_text_and_json(cli):
    import json

    doc = json.loads(cli("status", EXAMPLE, "--as-of", "2015-09", "--format", "json").out)["management"]
    assert (doc["year"], doc["as_of"], doc["has_plan"]) == (2015, "2015-09", True)
    assert doc["agreements"] == {"planned": 6, "created": 6, "signed_on_time": 5, "outside_plan": 0, "of_year": 6, "signed": 5,
                                 "running": 4, "not_begun": 1, "concluded": 0, "draft": 1, "cancelled": 0}
    assert doc["decisions"]["on_time"] == 3 and doc["sessions"]["attended"] == 34
    assert doc["actions_without_agreement"] == [10]
    text = cli("status", EXAMPLE, "--as-of", "2016-01").out
    assert "Indicadores de gestión 2015 (al mes de diciembre de 2015)" in text
    lines = {line.split("│")[1].strip(): line for line in text.splitlines() if line.count("│") >= 3}
    assert "85,7\u00a0% (6 a tiempo, 0 tarde," in lines["Decisiones a tiempo"]
    assert "94,4\u00a0% (68 de 72)" in lines["Asistencia del consejo"]


def test_the_plan_doc_pins_the_example_of_december(january):
    """docs/plan-anual.md quotes the example's management indicators of December 2015: they must stay true."""
    from conftest import ROOT

    text = (ROOT / "docs" / "plan-anual.md").read_text(encoding="utf-8")
    assert "76 de 84 criterios (90,5 %)" in text and round(january.criteria_percent, 1) == 90.5
    assert "asistencia 94,4 % (68 de 72)" in text and (january.sessions.attended, january.sessions.convened) == (68, 72)
    assert "85,7 % (6 a tiempo, 1 vencida, 1 en plazo)" in text and round(january.decisions.share_on_time, 1) == 85.7
    assert "día 51,4 % y del año 40,2 %" in text and (round(january.to_date, 1), round(january.overall, 1)) == (51.4, 40.2)
