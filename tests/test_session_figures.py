"""Session figures (compute/sessions.py) on the example, as of September,
October and December 2015, and on small repositories built from it: a month
without a session, a session file that does not load, a decision done after
the as-of month, K absences in a row."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from coprod_cli.compute.figures import compute
from coprod_cli.compute.sessions import DecisionCounts, compute_sessions, monthly_cycle
from coprod_cli.load.repository import load_repository
from coprod_cli.model.types import Month

SEP, OCT, NOV, DEC = Month(2015, 9), Month(2015, 10), Month(2015, 11), Month(2015, 12)


@pytest.fixture(scope="module")
def repo():
    return load_repository(EXAMPLE)


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "desamparados"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".coprod-cache"))
    return dest


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sessions_held_follow_the_as_of_month(repo):
    assert [compute_sessions(repo, m).held for m in (SEP, OCT, DEC)] == [3, 5, 7]
    dec = compute_sessions(repo, DEC)
    assert len(dec.council) == 6 and dec.reference == dt.date(2015, 12, 31)
    foro = next(s for s in dec.sessions if s.body == "foro")
    assert (foro.type, foro.axis, foro.territory, foro.convened, foro.present, foro.invited) == (
        "extraordinaria", "convivencia-paz-social", "los-guido", 6, 5, 0)
    octo = next(s for s in dec.sessions if s.date == dt.date(2015, 10, 13))
    assert (octo.titular, octo.suplente, octo.absent, octo.justified, octo.invited) == (10, 1, 1, 0, 2)
    assert octo.quorum == pytest.approx(11 / 12 * 100) and octo.quorum_met is True
    assert ("ifam", "ausente") in octo.attendance and octo.convocation_sent == dt.date(2015, 10, 5)


def test_ifam_attended_four_of_six_council_sessions_as_of_december(repo):
    ifam = compute_sessions(repo, DEC).actor("ifam")
    assert (ifam.convened, ifam.titular, ifam.suplente, ifam.absent, ifam.justified) == (6, 4, 0, 2, 0)
    assert ifam.rate == pytest.approx(4 / 6 * 100) and ifam.sector == "publico_nacional" and ifam.streak == 0
    # As of October, its two absences are the end of the council's series.
    assert compute_sessions(repo, OCT).actor("ifam").streak == 2


def test_suplente_share_and_sectors_as_of_december(repo):
    dec = compute_sessions(repo, DEC)
    ina = dec.actor("ina")
    assert (ina.titular, ina.suplente) == (4, 2)
    mideplan = dec.actor("mideplan")
    assert (mideplan.justified, mideplan.present) == (1, 5)
    # INA twice, DINADECO once by its suplente; 68 of 72 convened were present.
    assert (dec.representation.titular, dec.representation.suplente) == (65, 3)
    assert dec.representation.suplente_share == pytest.approx(3 / 68 * 100)
    assert dec.attendance_rate == pytest.approx(68 / 72 * 100)
    sectors = {s.sector: s for s in dec.by_sector}
    assert set(sectors) == {"publico_nacional", "municipal"}
    assert sectors["municipal"].actors == ("municipalidad", "casa-derechos") and sectors["municipal"].rate == 100.0
    assert [a.actor for a in dec.actors_with_absences] == ["ifam"]


def test_imas_decision_pending_in_september_overdue_later(repo):
    def imas(month):
        return next(d for d in compute_sessions(repo, month).decisions if d.responsible == "imas")

    assert imas(SEP).state == "pendiente"
    assert imas(DEC).state == "vencido" and imas(DEC).due == dt.date(2015, 10, 30) and imas(DEC).index == 1
    dec = compute_sessions(repo, DEC)
    assert dec.by_responsible["imas"] == DecisionCounts(0, 0, 1)
    assert dec.by_agreement["imas-ina-mapeo-familias"] == DecisionCounts(2, 0, 1)
    assert dec.elevated == DecisionCounts(1, 0, 0)
    assert dec.decision_totals == DecisionCounts(6, 1, 1)
    alerts = [(a.kind, a.responsible, a.due, a.decision) for a in dec.alerts]
    assert alerts == [("overdue_decision", "imas", dt.date(2015, 10, 30), 1)]
    assert compute_sessions(repo, SEP).alerts == ()


def test_decision_done_after_as_of_is_not_done_yet(repo):
    # The November decision for MSP was done on 2015-12-08, its due date.
    def msp_nov(month):
        return next(d for d in compute_sessions(repo, month).decisions if d.session == dt.date(2015, 11, 10))

    # As of November, the date it was done does not exist yet.
    assert msp_nov(NOV).state == "pendiente" and msp_nov(NOV).done_on is None
    assert msp_nov(DEC).state == "cumplido" and msp_nov(DEC).done_on == dt.date(2015, 12, 8)


def test_decision_done_late_in_a_built_repository(tmp_path):
    root = _copy(tmp_path)
    _edit(root, "sesiones/2015-09-08.yaml", "    plazo: 2015-10-30\n    acuerdos: [imas-ina-mapeo-familias]\n    estado: pendiente\n",
          "    plazo: 2015-10-30\n    acuerdos: [imas-ina-mapeo-familias]\n    estado: cumplido\n    cumplido: 2015-11-16\n")
    r = load_repository(root)
    states = [next(d.state for d in compute_sessions(r, m).decisions if d.responsible == "imas") for m in (SEP, OCT, NOV)]
    assert states == ["pendiente", "vencido", "cumplido"]


def test_monthly_cycle_of_the_example_has_no_gap(repo):
    cycle = compute_sessions(repo, DEC).cycle
    assert [str(c.month) for c in cycle] == ["2015-07", "2015-08", "2015-09", "2015-10", "2015-11", "2015-12"]
    assert {c.state for c in cycle} == {"held"}
    # The foro of 24 October is no council session: October holds the 13th only.
    assert next(c for c in cycle if c.month == OCT).sessions == (dt.date(2015, 10, 13),)


def test_a_month_without_a_council_session_is_an_alert(tmp_path):
    root = _copy(tmp_path)
    (root / "sesiones" / "2015-09-08.yaml").unlink()
    fig = compute(load_repository(root), DEC)
    s = fig.sessions
    assert s.missing_months == (SEP,)
    assert [(a.kind, a.month) for a in fig.session_alerts] == [("no_session", SEP)]
    assert fig.session_alert_counts == {"no_session": 1, "overdue_decision": 0, "absences": 0, "unread_session": 0}


def test_a_session_file_that_does_not_load_is_unread_not_missing(tmp_path):
    root = _copy(tmp_path)
    (root / "sesiones" / "2015-09-08.yaml").write_text("fecha: 2015-09-08\nasistencia: [\n", encoding="utf-8")
    s = compute_sessions(load_repository(root), DEC)
    assert s.held == 6 and [u.rel for u in s.unread] == ["sesiones/2015-09-08.yaml"]
    assert s.unread[0].codes and s.unread[0].date == dt.date(2015, 9, 8)
    sep = next(c for c in s.cycle if c.month == SEP)
    assert (sep.state, sep.unread) == ("unread", ("sesiones/2015-09-08.yaml",))
    assert [a.kind for a in s.alerts] == ["unread_session"] and s.alerts[0].codes == s.unread[0].codes


def test_k_absences_in_a_row_are_an_alert(tmp_path):
    root = _copy(tmp_path)
    _edit(root, "sesiones/2015-11-10.yaml", "  - actor: ifam\n    estado: titular\n", "  - actor: ifam\n    estado: ausente\n")
    r = load_repository(root)
    nov = compute_sessions(r, NOV)
    absences = [a for a in nov.alerts if a.kind == "absences"]
    assert [(a.responsible, a.streak, a.body, a.axis, a.session) for a in absences] == [
        ("ifam", 3, "consejo", None, dt.date(2015, 11, 10))]
    assert nov.actor("ifam").streak == 3
    # Attending in December ends the streak.
    assert not [a for a in compute_sessions(r, DEC).alerts if a.kind == "absences"]


def test_the_threshold_comes_from_canton_yaml(tmp_path):
    root = _copy(tmp_path)
    with (root / "canton.yaml").open("a", encoding="utf-8") as f:
        f.write("sesiones:\n  ausencias_consecutivas: 2\n  quorum: 95\n")
    oct_ = compute_sessions(load_repository(root), OCT)
    assert [(a.kind, a.responsible, a.streak) for a in oct_.alerts if a.kind == "absences"] == [("absences", "ifam", 2)]
    # 11 of 12 present in July (PANI justified), September and October: below 95 %.
    assert [s.quorum_met for s in oct_.council] == [False, True, False, False]


def test_cycle_starts_at_the_plan_year_without_sessions():
    cycle = monthly_cycle([], [], [2015], Month(2015, 3), dt.date(2015, 3, 31))
    assert [(str(c.month), c.state) for c in cycle] == [("2015-01", "missing"), ("2015-02", "missing"), ("2015-03", "missing")]
    running = monthly_cycle([], [], [2015], Month(2015, 3), dt.date(2015, 3, 10))
    assert running[-1].state == "open"
    assert monthly_cycle([], [], [], Month(2015, 3), dt.date(2015, 3, 31)) == ()


def test_next_session_and_who_is_convened(repo):
    nxt = compute_sessions(repo, SEP).next_session
    assert nxt.date == dt.date(2015, 10, 13) and "ifam" in nxt.convened and nxt.convocation_sent == dt.date(2015, 10, 5)
    dec = compute_sessions(repo, DEC)
    assert dec.next_session is None and dec.scheduled == 0


def test_repo_figures_carry_the_sessions_apart_from_agreement_alerts(repo):
    fig = compute(repo, DEC)
    assert fig.sessions is not None and fig.sessions.held == 7
    assert set(fig.alert_counts) == {"unreported", "low_progress", "behind_schedule", "invalid"}
    assert fig.session_alert_counts["overdue_decision"] == 1


def test_no_cycle_without_session_files_and_plan_year_start_with_only_future_ones(tmp_path):
    root = _copy(tmp_path)
    for f in (root / "sesiones").iterdir():
        f.unlink()
    fig = compute(load_repository(root), DEC)
    assert fig.sessions.cycle == () and fig.session_alerts == () and fig.sessions.held == 0
    # One session recorded for January 2016 (not held as of December): the 2015 plan's year has no council session.
    (root / "sesiones" / "2016-01-12.yaml").write_text("fecha: 2016-01-12\n", encoding="utf-8")
    s = compute_sessions(load_repository(root), Month(2015, 3))
    assert [(str(c.month), c.state) for c in s.cycle] == [("2015-01", "missing"), ("2015-02", "missing"), ("2015-03", "missing")]
    assert s.scheduled == 1 and s.next_session.date == dt.date(2016, 1, 12)
