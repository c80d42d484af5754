"""Session figures as data (issue 14; protocol 5.1 A.2, B.1, B.2; 5.2 B.1):
per session, attendance per actor and per sector, titular vs suplente, the
council's monthly cycle, decisions by state, and the session alerts.

Definitions (written for users in docs/cifras.md, section 4):

* Only sessions **held** by the reference day of ``as_of`` exist
  (``model.sessions.held_by``); their decisions are judged with
  ``decision_state`` (done, pending, overdue) on that day.
* An actor is **convened** to a session when it is on its attendance list;
  it is **present** as titular or suplente (``attended``). Attendance per
  actor and per sector counts the **council's** sessions (instancia
  «consejo»): the body whose attendance control B.2 asks for.
* The **monthly cycle** runs from the month of the council's first session
  (or of an unreadable session file, whichever is first; with neither, from
  January of the first annual plan's year) to ``as_of``: a month without a
  council session is an alert (a repository without any session file keeps
  no sessions here: no cycle); the ``as_of`` month while it is still running
  (its reference day before its last day) is «open», not missing.
* A session file that does not load is **unread**: listed, an alert, and its
  month (from the file name) is «unread», never «missing».

No I/O, no sentences: render/ and report/ write the words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..load.repository import Repository
from ..model.models import AcuerdoSesion, Sesion
from ..model.sessions import (
    absence_streak,
    attended,
    convened,
    decision_state,
    held_by,
    last_day,
    month_of,
    reference_day,
    series,
    thresholds,
)
from ..model.types import Month
from .session_records import (
    COUNCIL,
    DECISION_STATES,
    MONTH_STATES,
    SESSION_ALERT_KINDS,
    ActorAttendance,
    CycleMonth,
    DecisionCounts,
    DecisionRecord,
    NextSession,
    Representation,
    SectorAttendance,
    SessionAlert,
    SessionFigures,
    SessionRecord,
    UnreadSession,
)

_DATE_IN_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


# -- per session and decision ------------------------------------------------------


def decision_records(rel: str, s: Sesion, as_of: Month, today: dt.date | None = None) -> tuple[DecisionRecord, ...]:
    return tuple(_decision(rel, s, i, d, as_of, today) for i, d in enumerate(s.acuerdos_sesion, start=1))


def _decision(rel: str, s: Sesion, index: int, d: AcuerdoSesion, as_of: Month, today: dt.date | None) -> DecisionRecord:
    state = decision_state(d, as_of, today)
    return DecisionRecord(
        session=s.fecha, rel=rel, index=index, responsible=d.responsable, due=d.plazo,
        done_on=d.cumplido if state == "cumplido" else None, state=state, agreements=tuple(d.acuerdos), elevated=d.elevado_comision,
    )


def session_record(rel: str, s: Sesion, as_of: Month, quorum: int, today: dt.date | None = None) -> SessionRecord:
    """One session's counts as of a month (its decisions judged on the reference day)."""
    states = [a.estado for a in s.asistencia]
    present = sum(1 for e in states if attended(e))
    share = present / len(states) * 100 if states else None
    counts = DecisionCounts()
    for d in s.acuerdos_sesion:
        counts = counts.plus(decision_state(d, as_of, today))
    return SessionRecord(
        rel=rel, date=s.fecha, type=s.tipo, body=s.instancia, axis=s.eje, territory=s.territorio,
        convened=len(states), present=present, titular=states.count("titular"), suplente=states.count("suplente"),
        absent=states.count("ausente"), justified=states.count("justificada"), invited=len(s.invitados),
        quorum=share, quorum_met=None if share is None else share >= quorum, decisions=counts,
        attendance=tuple((a.actor, a.estado) for a in s.asistencia), progress_reported=tuple(s.avances),
        convocation_sent=s.convocatoria.enviada if s.convocatoria else None,
    )


# -- attendance --------------------------------------------------------------------


def attendance(sessions: Iterable[Sesion], sectors: dict[str, str], order: Sequence[str] = ()) -> tuple[ActorAttendance, ...]:
    """Attendance per actor over the sessions given (date order), actor-map order first, then by id."""
    ordered = sorted(sessions, key=lambda s: s.fecha)
    tally: dict[str, dict[str, int]] = {}
    for s in ordered:
        for a in s.asistencia:
            row = tally.setdefault(a.actor, {"titular": 0, "suplente": 0, "ausente": 0, "justificada": 0})
            row[a.estado] += 1
    rank = {ident: i for i, ident in enumerate(order)}
    out = []
    for actor in sorted(tally, key=lambda x: (rank.get(x, len(rank)), x)):
        row = tally[actor]
        out.append(ActorAttendance(
            actor=actor, sector=sectors.get(actor), convened=sum(row.values()), titular=row["titular"],
            suplente=row["suplente"], absent=row["ausente"], justified=row["justificada"], streak=absence_streak(ordered, actor),
        ))
    return tuple(out)


def by_sector(rows: Iterable[ActorAttendance]) -> tuple[SectorAttendance, ...]:
    """Attendance summed per sector, in order of first appearance (actors off the map: sector None)."""
    groups: dict[str | None, list[ActorAttendance]] = {}
    for r in rows:
        groups.setdefault(r.sector, []).append(r)
    return tuple(
        SectorAttendance(
            sector=k, actors=tuple(r.actor for r in rs), convened=sum(r.convened for r in rs), titular=sum(r.titular for r in rs),
            suplente=sum(r.suplente for r in rs), absent=sum(r.absent for r in rs), justified=sum(r.justified for r in rs),
        )
        for k, rs in groups.items()
    )


# -- the monthly cycle -----------------------------------------------------------


def _day_in_name(rel: str) -> dt.date | None:
    m = _DATE_IN_NAME.match(rel.rsplit("/", 1)[-1])
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def monthly_cycle(
    council_days: Sequence[dt.date], unread: Sequence[UnreadSession], plan_years: Sequence[int], as_of: Month, reference: dt.date
) -> tuple[CycleMonth, ...]:
    """Each month from the cycle's start (see the module docstring) to ``as_of``, with its state."""
    unread_months: dict[Month, list[str]] = {}
    for u in unread:
        if u.date is not None and month_of(u.date) <= as_of:
            unread_months.setdefault(month_of(u.date), []).append(u.rel)
    starts = [month_of(d) for d in council_days] + list(unread_months)
    if starts:
        start = min(starts)
    elif [y for y in plan_years if y <= as_of.year]:
        start = Month(min(y for y in plan_years if y <= as_of.year), 1)
    else:
        return ()
    out = []
    month = start
    while month <= as_of:
        held = tuple(d for d in council_days if month_of(d) == month)
        if held:
            state = "held"
        elif month in unread_months:
            state = "unread"
        elif month == as_of and reference < last_day(as_of):
            state = "open"
        else:
            state = "missing"
        out.append(CycleMonth(month, state, held, tuple(unread_months.get(month, ()))))
        month = month + 1
    return tuple(out)


# -- the whole repository ------------------------------------------------------------


def unread_sessions(repo: Repository) -> tuple[UnreadSession, ...]:
    """Session files that did not load, each with the codes of its problems."""
    out = []
    for doc in repo.sesiones:
        if doc.model is None and not doc.cached:
            codes = {lp.code for lp in doc.source.problems} | {sp.code for sp in doc.schema_problems}
            out.append(UnreadSession(doc.rel, tuple(sorted(codes)), _day_in_name(doc.rel)))
    return tuple(sorted(out, key=lambda u: u.rel))


def _decision_groups(decisions: Iterable[DecisionRecord]) -> tuple[dict[str, DecisionCounts], dict[str, DecisionCounts], DecisionCounts]:
    by_actor: dict[str, DecisionCounts] = {}
    by_agreement: dict[str, DecisionCounts] = {}
    elevated = DecisionCounts()
    for d in decisions:
        key = d.responsible or ""
        by_actor[key] = by_actor.get(key, DecisionCounts()).plus(d.state)
        for a in dict.fromkeys(d.agreements):
            by_agreement[a] = by_agreement.get(a, DecisionCounts()).plus(d.state)
        if d.elevated:
            elevated = elevated.plus(d.state)
    return dict(sorted(by_actor.items())), dict(sorted(by_agreement.items())), elevated


def session_alerts(
    cycle: Iterable[CycleMonth], decisions: Iterable[DecisionRecord], held: Iterable[tuple[str, Sesion]],
    unread: Iterable[UnreadSession], as_of: Month, threshold: int, today: dt.date | None = None,
) -> tuple[SessionAlert, ...]:
    """Months without a council session, overdue decisions, absence streaks ≥ threshold, unread files."""
    out = [SessionAlert("no_session", month=c.month) for c in cycle if c.state == "missing"]
    out += [
        SessionAlert("overdue_decision", session=d.session, rel=d.rel, decision=d.index, responsible=d.responsible, due=d.due)
        for d in decisions if d.state == "vencido"
    ]
    rel_of = {id(s): rel for rel, s in held}
    for (body, axis), sessions in series((s for _, s in held), as_of, today).items():
        actors = dict.fromkeys(a.actor for s in sessions for a in s.asistencia)
        for actor in actors:
            streak = absence_streak(sessions, actor)
            if streak >= threshold:
                last = next(s for s in reversed(sessions) if any(a.actor == actor for a in s.asistencia))
                out.append(SessionAlert(
                    "absences", session=last.fecha, rel=rel_of.get(id(last)), responsible=actor, streak=streak, body=body, axis=axis
                ))
    out += [SessionAlert("unread_session", rel=u.rel, codes=u.codes) for u in unread]
    return tuple(out)


def _next_session(repo: Repository, upcoming: Sequence[tuple[str, Sesion]]) -> NextSession | None:
    if not upcoming:
        return None
    rel, s = upcoming[0]
    plans = [p for _, p in repo.valid_plans()]
    ids = tuple(a.actor for a in s.asistencia) or tuple(convened(repo.manifest, repo.actor_map, plans, s))
    return NextSession(rel, s.fecha, s.instancia, s.eje, ids, s.convocatoria.enviada if s.convocatoria else None)


def compute_sessions(repo: Repository, as_of: Month, today: dt.date | None = None) -> SessionFigures:
    """Every session figure of the repository as of a month."""
    limits = thresholds(repo.manifest)
    reference = reference_day(as_of, today)
    loaded = [(d.rel, s) for d, s in repo.valid_sessions()]
    held = [(rel, s) for rel, s in loaded if held_by(s, as_of, today)]
    upcoming = [(rel, s) for rel, s in loaded if not held_by(s, as_of, today)]
    actors = repo.actor_map.actores if repo.actor_map else []
    council = [s for _, s in held if s.instancia == COUNCIL]
    rows = attendance(council, {a.id: a.sector for a in actors}, [a.id for a in actors])
    decisions = tuple(d for rel, s in held for d in decision_records(rel, s, as_of, today))
    by_actor, by_agreement, elevated = _decision_groups(decisions)
    unread = unread_sessions(repo)
    # A repository with no session file at all does not keep its sessions in coprod: no cycle, no alert.
    plan_years = [p.anio for _, p in repo.valid_plans()] if repo.sesiones else []
    cycle = monthly_cycle([s.fecha for s in council], unread, plan_years, as_of, reference)
    return SessionFigures(
        as_of=as_of, reference=reference, thresholds=limits,
        sessions=tuple(session_record(rel, s, as_of, limits.quorum, today) for rel, s in held),
        attendance=rows, by_sector=by_sector(rows),
        representation=Representation(sum(r.titular for r in rows), sum(r.suplente for r in rows)),
        cycle=cycle, decisions=decisions, by_responsible=by_actor, by_agreement=by_agreement, elevated=elevated,
        unread=unread, alerts=session_alerts(cycle, decisions, held, unread, as_of, limits.ausencias_consecutivas, today),
        next_session=_next_session(repo, upcoming), scheduled=len(upcoming),
    )


# -- for the reports: every session to come, and one year's sessions (added by the reports' helper) --


def upcoming_sessions(repo: Repository, as_of: Month, today: dt.date | None = None) -> tuple[NextSession, ...]:
    """Every session dated after the reference day, in date order, each with who is convened to it."""
    loaded = [(d.rel, s) for d, s in repo.valid_sessions() if not held_by(s, as_of, today)]
    found = (_next_session(repo, [pair]) for pair in loaded)
    return tuple(n for n in found if n is not None)


@dataclass(frozen=True)
class YearSessions:
    """The sessions held in one year by the reference day of its cut, and the council's attendance by sector."""

    year: int
    held: int
    council: int
    extraordinary: int
    by_sector: tuple[SectorAttendance, ...]

    @property
    def rate(self) -> float | None:
        convened_ = sum(r.convened for r in self.by_sector)
        return sum(r.present for r in self.by_sector) / convened_ * 100 if convened_ else None


def year_sessions(repo: Repository, year: int, as_of: Month, today: dt.date | None = None) -> YearSessions:
    """One year's sessions as of ``as_of`` (the annual report's cut): counts and attendance by sector, no name."""
    held = [s for _, s in repo.valid_sessions() if s.fecha.year == year and held_by(s, as_of, today)]
    actors = repo.actor_map.actores if repo.actor_map else []
    council = [s for s in held if s.instancia == COUNCIL]
    rows = attendance(council, {a.id: a.sector for a in actors}, [a.id for a in actors])
    return YearSessions(year, len(held), len(council), sum(1 for s in held if s.tipo == "extraordinaria"), by_sector(rows))


__all__ = [
    "COUNCIL", "DECISION_STATES", "MONTH_STATES", "SESSION_ALERT_KINDS", "ActorAttendance", "CycleMonth", "DecisionCounts",
    "DecisionRecord", "NextSession", "Representation", "SectorAttendance", "SessionAlert", "SessionFigures", "SessionRecord",
    "UnreadSession", "attendance", "by_sector", "compute_sessions", "decision_records", "monthly_cycle", "session_alerts",
    "session_record", "unread_sessions", "upcoming_sessions", "YearSessions", "year_sessions",
]
