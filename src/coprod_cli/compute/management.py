"""Management indicators computed by coprod (issue 17, point 2; protocol
E.3.3, E.3.4: indicators of gestión), none typed by a person: for one year,
as of the year's cut (December of the year, or the figures' month when it
is earlier; compute/annual.py).

Every figure is read from the figures the other commands already make —
compute/annual.py (the year's agreements and pooled progress),
compute/checklist.py (the 14 criteria), compute/sessions.py (sessions held,
the council's monthly cycle, decision states, attendance) and
compute/planreality.py (planned and signed agreements) — so a management
indicator never disagrees with the same figure elsewhere.

Definitions (written for users in docs/plan-anual.md):

* **Agreements**: planned (``acuerdos_previstos``), created (planned with a
  file), outside the plan, and of the year's agreements (cancelled ones
  apart): signed by the cut, running (signed, term begun, not concluded),
  signed but not begun, concluded, in draft.
* **Decisions on time**: decisions of the sessions held in the year, judged
  on the cut's reference day: done on or before their due date (on time),
  done after it (late), not done and past due (overdue), not yet due
  (pending), done without a date or a due date (undated). The share on time
  is on time ÷ (on time + late + overdue).
* **Sessions**: the council's sessions held in the year by the cut, against
  the months of the year elapsed and the months of the council's cycle in
  the year (compute/sessions.py ``monthly_cycle``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..load.repository import Repository
from ..model.planreality import actions_without_agreement, outside_plan, planned, signed_by, term_begun
from ..model.sessions import reference_day
from ..model.types import Month
from .annual import annual_figures
from .checklist import checklist_totals
from .figures import AgreementFigures, RepoFigures
from .session_records import COUNCIL, DecisionRecord, SessionFigures
from .sessions import compute_sessions, year_sessions


@dataclass(frozen=True)
class AgreementCounts:
    planned: int | None  # None: the year has no plan
    created: int | None
    signed_on_time: int | None  # planned ones signed by the plan's signing date
    outside_plan: int | None
    of_year: int  # the year's agreements, cancelled ones apart
    signed: int
    running: int
    not_begun: int  # signed, term not begun by the cut
    concluded: int
    draft: int
    cancelled: int


@dataclass(frozen=True)
class DecisionTimeliness:
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    undated: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue + self.pending + self.undated

    @property
    def share_on_time(self) -> float | None:
        judged = self.on_time + self.late + self.overdue
        return 100.0 * self.on_time / judged if judged else None


@dataclass(frozen=True)
class SessionCadence:
    held: int  # sessions of any body held in the year by the cut
    council: int  # of them, the council's
    months_elapsed: int  # months of the year from January to the cut
    cycle_months: int  # months of the council's cycle in the year, up to the cut
    months_with_session: int
    months_missing: int
    attended: int  # council attendance: actors present (titular or suplente)…
    convened: int  # …of the actors convened

    @property
    def attendance_rate(self) -> float | None:
        return 100.0 * self.attended / self.convened if self.convened else None


@dataclass(frozen=True)
class Management:
    year: int
    as_of: Month  # the cut
    has_plan: bool
    agreements: AgreementCounts
    criteria_met: int
    criteria_total: int
    to_date: float | None
    overall: float | None
    problems: tuple[str, ...]  # codes of invalid values behind the progress figures
    sessions: SessionCadence
    decisions: DecisionTimeliness
    by_axis: tuple[tuple[str, int], ...]  # (axis id, agreements of the year scheduled on it), every axis
    by_action: tuple[tuple[int, int, bool], ...]  # (action number, agreements, in the plan), every action
    without_schedule: int  # agreements of the year with no schedule (no axis, no action)
    actions_without_agreement: tuple[int, ...]  # the plan's actions with no agreement of the year

    @property
    def criteria_percent(self) -> float | None:
        return 100.0 * self.criteria_met / self.criteria_total if self.criteria_total else None


def timeliness(decisions: Sequence[DecisionRecord]) -> DecisionTimeliness:
    on_time = late = overdue = pending = undated = 0
    for d in decisions:
        if d.state == "vencido":
            overdue += 1
        elif d.state == "pendiente":
            pending += 1
        elif d.done_on is None or d.due is None:
            undated += 1
        elif d.done_on <= d.due:
            on_time += 1
        else:
            late += 1
    return DecisionTimeliness(on_time, late, overdue, pending, undated)


def cadence(repo: Repository, sf: SessionFigures, year: int, cut: Month) -> SessionCadence:
    in_year = [s for s in sf.sessions if s.date.year == year]
    cycle = [c for c in sf.cycle if c.month.year == year]
    ys = year_sessions(repo, year, cut)
    return SessionCadence(
        held=len(in_year), council=sum(1 for s in in_year if s.body == COUNCIL),
        months_elapsed=cut.month if cut.year == year else (12 if cut.year > year else 0),
        cycle_months=len(cycle), months_with_session=sum(1 for c in cycle if c.state == "held"),
        months_missing=sum(1 for c in cycle if c.state == "missing"),
        attended=sum(r.titular + r.suplente for r in ys.by_sector), convened=sum(r.convened for r in ys.by_sector),
    )


def _counts(repo: Repository, year_agreements: list[AgreementFigures], year: int, cut: Month) -> AgreementCounts:
    day = reference_day(cut)
    plan = repo.plan(year)
    every = [a for _, a in repo.valid_agreements()]
    counted = [f.acuerdo for f in year_agreements if f.counts_in_totals]
    signed = [a for a in counted if signed_by(a, day)]
    concluded = [a for a in signed if a.estado == "concluido"]
    running = [a for a in signed if a.estado != "concluido" and term_begun(a, cut)]
    rows = planned(plan, {a.id: a for a in every}, day) if plan else None
    return AgreementCounts(
        planned=len(rows) if rows is not None else None,
        created=sum(1 for r in rows if r.created) if rows is not None else None,
        signed_on_time=sum(1 for r in rows if r.signed_on_time) if rows is not None else None,
        outside_plan=len(outside_plan(plan, every)) if plan else None,
        of_year=len(counted), signed=len(signed), running=len(running), not_begun=len(signed) - len(running) - len(concluded),
        concluded=len(concluded), draft=sum(1 for a in counted if a.estado == "borrador"),
        cancelled=sum(1 for f in year_agreements if not f.counts_in_totals),
    )


def management(repo: Repository, fig: RepoFigures, year: int) -> Management:
    """The year's management indicators as of its cut."""
    manifest = repo.manifest
    axes = manifest.estrategia.ejes if manifest else []
    annual = annual_figures(fig, year, [e.id for e in axes])
    cut = annual.as_of
    chosen = [fig.agreements[i] for i in annual.positions]
    counted = [f for f in chosen if f.counts_in_totals]
    sf = fig.sessions if fig.sessions is not None and cut == fig.as_of else compute_sessions(repo, cut)
    decisions = [d for d in sf.decisions if d.session.year == year]
    plan = repo.plan(year)
    scheduled = [f.acuerdo.cronograma for f in counted if f.acuerdo.cronograma]
    known = [ac.numero for e in axes for ac in e.acciones]
    in_plan = set(plan.acciones) if plan else set()
    cl = checklist_totals(f.checklist for f in counted)
    return Management(
        year=year, as_of=cut, has_plan=plan is not None,
        agreements=_counts(repo, chosen, year, cut),
        criteria_met=cl.met, criteria_total=cl.total,
        to_date=annual.total.to_date, overall=annual.total.overall, problems=annual.problems,
        sessions=cadence(repo, sf, year, cut), decisions=timeliness(decisions),
        by_axis=tuple((e.id, sum(1 for c in scheduled if c.eje == e.id)) for e in axes),
        by_action=tuple((n, sum(1 for c in scheduled if c.accion_estrategica == n), n in in_plan) for n in known),
        without_schedule=len(counted) - len(scheduled),
        actions_without_agreement=tuple(n for n, _ in actions_without_agreement(plan, repo.scheduled_actions(), known)) if plan else (),
    )
