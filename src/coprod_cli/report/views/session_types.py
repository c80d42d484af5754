"""The view records of the session reports (the convocation, the minutes, the
attendance matrix, the decisions follow-up and the annual report's sessions).

Every count, rate and state comes from compute/sessions.py's records; the
texts (agenda, decisions, summary) from the session files. A person's name
enters only as ``AttendanceRow.delegate``, from the redacted source in public mode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...lang import N_
from ...model import labels
from ...model.types import Month
from .types import ActorRef, AlertView, CommitmentView, CriterionView, Words

# The labels come from the one table (model/labels.py), capitalised for cells.
ASISTENCIA = Words(labels.ASISTENCIA, capital=True)
#: One letter per attendance state: the matrix reads in greyscale and on paper by its letters, not only its colours.
ASISTENCIA_LETRA = {"titular": "T", "suplente": "S", "ausente": "A", "justificada": "J"}
TIPO_SESION = Words(labels.TIPO_SESION)
#: The body as a heading says it after «sesión ordinaria…» (a phrase with its preposition, not a label).
INSTANCIA = {
    "consejo": N_("del consejo"),
    "grupo_trabajo": N_("del grupo de trabajo"),
    "comision_ejecutiva": N_("de la Comisión Ejecutiva"),
    "foro": N_("con el foro"),
    "otra": "",
}
DECISION = Words(labels.ESTADO_DECISION, capital=True)


@dataclass(frozen=True)
class AttendanceRow:
    """One convened actor in a session's minutes."""

    actor: ActorRef
    sector: str  # the sector's label, or «—» off the actor map
    state: str  # titular | suplente | ausente | justificada
    state_label: str
    delegate: str | None  # the name written in the session file (personal data: None in public mode)
    note: str | None


@dataclass(frozen=True)
class InvitedView:
    name: str
    sector: str | None  # label
    on_map: bool


@dataclass(frozen=True)
class DecisionView:
    """A decision of a held session, its state as of the report's month (compute)."""

    session: dt.date
    session_stem: str  # links to its minutes: acta-<stem>
    index: int  # 1-based position in acuerdos_sesion
    description: str
    responsible: ActorRef | None
    due: dt.date | None
    done_on: dt.date | None
    state: str  # cumplido | pendiente | vencido
    state_label: str
    agreements: tuple[str, ...]
    elevated: bool
    note: str | None

    @property
    def stem(self) -> str:
        """Its session's stem, so that ``link('acta', decision)`` names the minutes."""
        return self.session_stem


@dataclass(frozen=True)
class ReportedProgress:
    """An agreement that reported its progress in a session: the month reported
    (the one before the session's) and its commitments' levels as of the report's month."""

    agreement_id: str
    title: str
    known: bool  # an agreement of the repository (a link to its sheet)
    month: Month
    lead: ActorRef | None
    commitments: tuple[CommitmentView, ...]  # empty: nothing scheduled that month

    @property
    def file_stem(self) -> str:
        """The agreement sheet's file name (without extension), for links."""
        return f"ficha-{self.agreement_id}"


@dataclass(frozen=True)
class AgendaAgreement:
    """An agreement on a convocation's agenda and what it owes as of the report's month."""

    agreement_id: str
    title: str
    known: bool
    lead: ActorRef | None  # who must report
    alerts: tuple[AlertView, ...]  # unreported and low months, behind schedule, invalid values
    criteria_not_met: tuple[CriterionView, ...]  # monitoring «No» or without content
    decisions: tuple[DecisionView, ...]  # decisions of past sessions on it, not done

    @property
    def has_pending(self) -> bool:
        return bool(self.alerts or self.criteria_not_met or self.decisions)

    @property
    def file_stem(self) -> str:
        """The agreement sheet's file name (without extension), for links."""
        return f"ficha-{self.agreement_id}"


@dataclass(frozen=True)
class AgendaItemView:
    number: int
    topic: str
    responsible: ActorRef | None
    agreements: tuple[AgendaAgreement, ...]


@dataclass(frozen=True)
class SessionView:
    """A session: its minutes when held, its convocation when not yet."""

    stem: str  # the file's name without extension: acta-<stem>, convocatoria-<stem>
    source: str  # the session file, relative to the repository root
    held: bool
    date: dt.date
    time: str | None
    kind: str  # «ordinaria» | «extraordinaria»
    body: str  # «del consejo», «con el foro»…
    name: str | None
    axis_name: str | None
    place: str | None
    territory: str | None
    sent: dt.date | None
    agenda: tuple[AgendaItemView, ...]
    convened: tuple[ActorRef, ...]  # who is convened (the convocation)
    attendance: tuple[AttendanceRow, ...]
    invited: tuple[InvitedView, ...]
    decisions: tuple[DecisionView, ...]
    progress: tuple[ReportedProgress, ...]
    summary: str | None
    convened_count: int = 0  # actors on the attendance list (compute's count)
    present: int = 0
    titular: int = 0
    suplente: int = 0
    absent: int = 0
    justified: int = 0
    quorum: float | None = None  # present ÷ convened, %
    quorum_met: bool | None = None
    elevated: int = 0  # decisions raised to the Comisión Ejecutiva

    @property
    def what(self) -> str:
        """«ordinaria del consejo», «extraordinaria con el foro»."""
        return f"{self.kind} {self.body}".strip()


@dataclass(frozen=True)
class MatrixColumn:
    date: dt.date
    stem: str
    label: str  # «08/09/15»


@dataclass(frozen=True)
class MatrixRow:
    """An actor in the attendance matrix: one state per council session (None: not convened) and its rate."""

    actor: ActorRef
    sector: str
    cells: tuple[str | None, ...]
    convened: int
    present: int
    titular: int
    suplente: int
    absent: int
    justified: int
    rate: float | None
    streak: int  # absences in a row at the end of the council's series
    streak_alert: bool  # streak ≥ canton.yaml sesiones.ausencias_consecutivas (B.2)


@dataclass(frozen=True)
class SectorRate:
    label: str
    actors: int
    convened: int
    present: int
    rate: float | None


@dataclass(frozen=True)
class AttendanceMatrix:
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    sectors: tuple[SectorRate, ...]
    rate: float | None
    titular_share: float | None
    suplente_share: float | None
    streak_threshold: int
    #: The council's sessions held as of the month; ``columns`` are the last of them (MATRIX_SESSIONS_MAX).
    held: int = 0


@dataclass(frozen=True)
class DecisionTally:
    key: str
    label: str
    known: bool
    done: int
    pending: int
    overdue: int
    total: int


@dataclass(frozen=True)
class DecisionsFollowUp:
    by_responsible: tuple[DecisionTally, ...]
    by_agreement: tuple[DecisionTally, ...]
    open: tuple[DecisionView, ...]  # pending and overdue, overdue first
    done: int
    pending: int
    overdue: int
    total: int
    elevated: int
    elevated_done: int


@dataclass(frozen=True)
class SessionsView:
    minutes: tuple[SessionView, ...]  # held, date order
    convocations: tuple[SessionView, ...]  # not yet held: see report/views/sessions.py
    matrix: AttendanceMatrix
    decisions: DecisionsFollowUp
    scheduled: int  # session files dated after the reference day
    quorum_threshold: int  # canton.yaml sesiones.quorum, %
    unread: tuple[str, ...]  # session files that do not load


@dataclass(frozen=True)
class AnnualSessions:
    """The public annual report's sessions: counts and attendance by sector, never a name."""

    held: int
    council: int
    extraordinary: int
    sectors: tuple[SectorRate, ...]
    rate: float | None
