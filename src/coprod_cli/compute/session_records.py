"""The records of the session figures (compute/sessions.py computes them):
numbers, dates, enums and ids, no sentences. Definitions in docs/cifras.md,
section 4.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.models import ConfigSesiones
from ..model.types import Month

#: decision_state's values, in the order figures show them.
DECISION_STATES = ("cumplido", "pendiente", "vencido")
#: no_session: a month of the cycle without a council session; overdue_decision:
#: a decision past its due date and not done; absences: an actor not
#: represented in K sessions of a series in a row (canton.yaml
#: sesiones.ausencias_consecutivas); unread_session: a session file that does not load.
SESSION_ALERT_KINDS = ("no_session", "overdue_decision", "absences", "unread_session")
#: held: the council met; missing: it did not (an alert); unread: no council
#: session loaded but a session file named for the month does not load;
#: open: the as-of month, still running, without a session yet.
MONTH_STATES = ("held", "missing", "unread", "open")
COUNCIL = "consejo"


@dataclass(frozen=True)
class DecisionCounts:
    done: int = 0
    pending: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.pending + self.overdue

    def plus(self, state: str) -> DecisionCounts:
        return DecisionCounts(
            self.done + (state == "cumplido"), self.pending + (state == "pendiente"), self.overdue + (state == "vencido")
        )


@dataclass(frozen=True)
class DecisionRecord:
    """One decision of a held session, addressed by its session and 1-based position."""

    session: dt.date
    rel: str
    index: int  # 1-based position in acuerdos_sesion
    responsible: str | None  # actor id
    due: dt.date | None
    done_on: dt.date | None  # the date it was done, when done by the reference day (a later date does not exist yet)
    state: str  # one of DECISION_STATES, as of the figures' month
    agreements: tuple[str, ...]
    elevated: bool  # raised to the Comisión Ejecutiva (B.1.2)


@dataclass(frozen=True)
class SessionRecord:
    rel: str
    date: dt.date
    type: str  # ordinaria | extraordinaria
    body: str  # instancia
    axis: str | None
    territory: str | None
    convened: int  # actors on the attendance list
    present: int  # titular + suplente
    titular: int
    suplente: int
    absent: int
    justified: int
    invited: int
    quorum: float | None  # present ÷ convened × 100 (None: nobody convened)
    quorum_met: bool | None  # quorum ≥ canton.yaml sesiones.quorum
    decisions: DecisionCounts
    attendance: tuple[tuple[str, str], ...]  # (actor id, estado), in file order
    progress_reported: tuple[str, ...]  # agreement ids (avances)
    convocation_sent: dt.date | None = None


class _Tally:
    """What a count of attendances says: who was present, and the rate."""

    convened: int
    titular: int
    suplente: int

    @property
    def present(self) -> int:
        return self.titular + self.suplente

    @property
    def rate(self) -> float | None:
        """present ÷ convened × 100 (None: never convened)."""
        return self.present / self.convened * 100 if self.convened else None


@dataclass(frozen=True)
class ActorAttendance(_Tally):
    actor: str
    sector: str | None  # from the actor map; None when the actor is not on it
    convened: int
    titular: int
    suplente: int
    absent: int
    justified: int
    streak: int = 0  # absences in a row at the end of the council's series


@dataclass(frozen=True)
class SectorAttendance(_Tally):
    sector: str | None
    actors: tuple[str, ...]
    convened: int
    titular: int
    suplente: int
    absent: int
    justified: int


@dataclass(frozen=True)
class Representation:
    """Who represented the actors present: the titular or the suplente (B.2)."""

    titular: int
    suplente: int

    @property
    def titular_share(self) -> float | None:
        total = self.titular + self.suplente
        return self.titular / total * 100 if total else None

    @property
    def suplente_share(self) -> float | None:
        total = self.titular + self.suplente
        return self.suplente / total * 100 if total else None


@dataclass(frozen=True)
class CycleMonth:
    month: Month
    state: str  # one of MONTH_STATES
    sessions: tuple[dt.date, ...]  # council sessions held that month
    unread: tuple[str, ...] = ()  # session files named for the month that do not load


@dataclass(frozen=True)
class UnreadSession:
    rel: str
    codes: tuple[str, ...]
    date: dt.date | None  # from the file name, when it holds a valid date


@dataclass(frozen=True)
class NextSession:
    """The first session dated after the reference day, and who is convened to it."""

    rel: str
    date: dt.date
    body: str
    axis: str | None
    convened: tuple[str, ...]  # actor ids: its attendance list, else model.sessions.convened
    convocation_sent: dt.date | None


@dataclass(frozen=True)
class SessionAlert:
    """A session alert as a record: the words are written by whoever shows it."""

    kind: str  # one of SESSION_ALERT_KINDS
    month: Month | None = None  # no_session
    session: dt.date | None = None  # overdue_decision: its session; absences: the last session of the streak
    rel: str | None = None  # the session file (unread_session, overdue_decision, absences)
    decision: int | None = None  # overdue_decision: 1-based position
    responsible: str | None = None  # actor id (overdue_decision, absences)
    due: dt.date | None = None  # overdue_decision
    streak: int | None = None  # absences
    body: str | None = None  # absences: the series' instancia…
    axis: str | None = None  # …and axis
    codes: tuple[str, ...] = ()  # unread_session


@dataclass
class SessionFigures:
    as_of: Month
    reference: dt.date
    thresholds: ConfigSesiones
    sessions: tuple[SessionRecord, ...]  # held by the reference day, in date order
    attendance: tuple[ActorAttendance, ...]  # council sessions, by actor-map order then id
    by_sector: tuple[SectorAttendance, ...]
    representation: Representation  # council sessions
    cycle: tuple[CycleMonth, ...]
    decisions: tuple[DecisionRecord, ...]
    by_responsible: dict[str, DecisionCounts]  # actor id ("" when none given) → counts
    by_agreement: dict[str, DecisionCounts]  # agreement id → counts (a decision counts in each of its agreements)
    elevated: DecisionCounts  # decisions raised to the Comisión Ejecutiva
    unread: tuple[UnreadSession, ...] = ()
    alerts: tuple[SessionAlert, ...] = ()
    next_session: NextSession | None = None
    scheduled: int = 0  # session files dated after the reference day

    @property
    def held(self) -> int:
        return len(self.sessions)

    @property
    def council(self) -> tuple[SessionRecord, ...]:
        return tuple(s for s in self.sessions if s.body == COUNCIL)

    @property
    def decision_totals(self) -> DecisionCounts:
        counts = DecisionCounts()
        for d in self.decisions:
            counts = counts.plus(d.state)
        return counts

    @property
    def attendance_rate(self) -> float | None:
        """Present ÷ convened × 100 over every council session."""
        convened_ = sum(a.convened for a in self.attendance)
        return sum(a.present for a in self.attendance) / convened_ * 100 if convened_ else None

    @property
    def missing_months(self) -> tuple[Month, ...]:
        return tuple(c.month for c in self.cycle if c.state == "missing")

    @property
    def actors_with_absences(self) -> tuple[ActorAttendance, ...]:
        """Council members absent (not justified) at least once."""
        return tuple(a for a in self.attendance if a.absent)

    def alert_counts(self) -> dict[str, int]:
        return {k: sum(1 for al in self.alerts if al.kind == k) for k in SESSION_ALERT_KINDS}

    def actor(self, ident: str) -> ActorAttendance | None:
        return next((a for a in self.attendance if a.actor == ident), None)
