"""The sessions' views: the minutes of each session held, the convocation of
the next ones, the attendance matrix and the decisions follow-up.

Every count, rate and state is read from compute/sessions.py (``fig.sessions``);
the session files give the texts. Which convocations: every session not held
by the reference day of ``--as-of`` and dated no later than the month after
it (the next cycle), and always the first one to come: a convocation is sent
days before its session (A.2.2), and the pending items it lists are those of
``--as-of``, so one written for a session months away would be stale.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...compute.session_records import DecisionCounts, DecisionRecord, SessionFigures, SessionRecord
from ...compute.sessions import NextSession, upcoming_sessions
from ...lang import _
from ...load.repository import Repository
from ...model.models import Invitado, Sesion
from ...model.sessions import month_of
from ...model.types import Month
from .people import Refs
from .session_matrix import attendance_matrix
from .session_types import (
    ASISTENCIA,
    DECISION,
    INSTANCIA,
    TIPO_SESION,
    AgendaAgreement,
    AgendaItemView,
    AttendanceRow,
    DecisionsFollowUp,
    DecisionTally,
    DecisionView,
    InvitedView,
    ReportedProgress,
    SessionsView,
    SessionView,
)
from .types import SECTORES, AgreementView


def stem(rel: str) -> str:
    return PurePosixPath(rel).stem


def sector_label(refs: Refs, actor_id: str) -> str:
    a = refs.actors.get(actor_id)
    return SECTORES[a.sector] if a else "—"


def invited_view(i: Invitado, refs: Refs) -> InvitedView:
    if i.actor:
        ref = refs.ref(i.actor)
        return InvitedView(ref.name, SECTORES[i.sector] if i.sector else sector_label(refs, i.actor), ref.known)
    return InvitedView(i.organizacion or "", SECTORES[i.sector] if i.sector else None, False)


def decision_view(d: DecisionRecord, s: Sesion, refs: Refs) -> DecisionView:
    model = s.acuerdos_sesion[d.index - 1]
    return DecisionView(
        d.session, stem(d.rel), d.index, model.descripcion, refs.ref(d.responsible) if d.responsible else None,
        d.due, d.done_on, d.state, DECISION[d.state], d.agreements, d.elevated, model.nota,
    )  # fmt: skip


class _Sessions:
    """What every session view reads: the models by file, the agreements by id, the decisions."""

    def __init__(self, repo: Repository, fig: SessionFigures, agreements: list[AgreementView], refs: Refs) -> None:
        self.models = {d.rel: s for d, s in repo.valid_sessions()}
        self.axes = {e.id: e.nombre for e in repo.manifest.estrategia.ejes} if repo.manifest else {}
        self.territories = refs.territory_names
        self.agreements = {a.id: a for a in agreements}
        self.refs, self.fig = refs, fig
        self.decisions = tuple(decision_view(d, self.models[d.rel], refs) for d in fig.decisions if d.rel in self.models)

    def open_decisions(self, agreement_id: str | None = None) -> tuple[DecisionView, ...]:
        """Decisions not done, overdue first, optionally those on one agreement."""
        chosen = [d for d in self.decisions if d.state != "cumplido" and (agreement_id is None or agreement_id in d.agreements)]
        return tuple(sorted(chosen, key=lambda d: (d.state != "vencido", d.due or d.session, d.session, d.index)))

    def agenda_agreement(self, ident: str) -> AgendaAgreement:
        a = self.agreements.get(ident)
        if a is None:
            return AgendaAgreement(ident, ident, False, None, (), (), self.open_decisions(ident))
        return AgendaAgreement(
            a.id, a.title, True, a.lead, a.alerts, tuple(c for c in a.criteria if not c.met), self.open_decisions(ident)
        )

    def agenda(self, s: Sesion, with_pending: bool) -> tuple[AgendaItemView, ...]:
        items = s.convocatoria.agenda if s.convocatoria else []
        return tuple(
            AgendaItemView(
                n, p.tema, self.refs.ref(p.responsable) if p.responsable else None,
                tuple(self.agenda_agreement(x) for x in dict.fromkeys(p.acuerdos)) if with_pending else (),
            )
            for n, p in enumerate(items, start=1)
        )  # fmt: skip

    def reported(self, s: Sesion) -> tuple[ReportedProgress, ...]:
        """Each agreement in ``avances``, with its levels for the month before the session's (the month reported)."""
        month = month_of(s.fecha) + -1
        out = []
        for ident in dict.fromkeys(s.avances):
            a = self.agreements.get(ident)
            if a is None:
                out.append(ReportedProgress(ident, ident, False, month, None, ()))
                continue
            shown = tuple(c for c in a.commitments if c.month == month)
            out.append(ReportedProgress(a.id, a.title, True, month, a.lead, shown))
        return tuple(out)

    def common(self, rel: str, s: Sesion) -> dict:
        """What both the minutes and the convocation say about a session."""
        refs = self.refs
        return dict(
            stem=stem(rel),
            source=rel,
            date=s.fecha,
            time=s.hora,
            kind=TIPO_SESION[s.tipo],
            body=_(INSTANCIA[s.instancia]) if INSTANCIA[s.instancia] else "",
            name=s.nombre,
            axis_name=self.axes.get(s.eje, s.eje) if s.eje else None,
            place=s.lugar,
            territory=self.territories.get(s.territorio, s.territorio) if s.territorio else None,
            sent=s.convocatoria.enviada if s.convocatoria else None,
            invited=tuple(invited_view(i, refs) for i in s.invitados),
        )

    def minutes(self, r: SessionRecord) -> SessionView:
        s = self.models[r.rel]
        refs = self.refs
        rows = tuple(
            AttendanceRow(refs.ref(x.actor), sector_label(refs, x.actor), x.estado, ASISTENCIA[x.estado], x.nombre, x.nota)
            for x in s.asistencia
        )
        decisions = tuple(d for d in self.decisions if d.session_stem == stem(r.rel) and d.session == r.date)
        return SessionView(
            **self.common(r.rel, s), held=True, agenda=self.agenda(s, False), convened=(), attendance=rows,
            decisions=decisions, progress=self.reported(s), summary=s.resumen, convened_count=r.convened, present=r.present, titular=r.titular,
            suplente=r.suplente, absent=r.absent, justified=r.justified, quorum=r.quorum, quorum_met=r.quorum_met,
            elevated=sum(1 for d in decisions if d.elevated),
        )  # fmt: skip

    def convocation(self, n: NextSession) -> SessionView:
        s = self.models[n.rel]
        return SessionView(
            **self.common(n.rel, s), held=False, agenda=self.agenda(s, True), convened=self.refs.refs(n.convened),
            attendance=(), decisions=(), progress=(), summary=None,
        )  # fmt: skip


def _tallies(counts: dict[str, DecisionCounts], name: dict[str, tuple[str, bool]]) -> tuple[DecisionTally, ...]:
    return tuple(
        DecisionTally(k, *(name.get(k) or (k or _("Sin responsable"), False)), c.done, c.pending, c.overdue, c.total) for k, c in counts.items()
    )


def follow_up(ss: _Sessions) -> DecisionsFollowUp:
    fig, refs = ss.fig, ss.refs
    actors = {k: (refs.ref(k).name, refs.ref(k).known) for k in fig.by_responsible if k}
    titles = {k: (a.title, True) for k, a in ss.agreements.items()}
    totals = fig.decision_totals
    return DecisionsFollowUp(
        by_responsible=_tallies(fig.by_responsible, actors),
        by_agreement=_tallies(fig.by_agreement, titles),
        open=ss.open_decisions(),
        done=totals.done,
        pending=totals.pending,
        overdue=totals.overdue,
        total=totals.total,
        elevated=fig.elevated.total,
        elevated_done=fig.elevated.done,
    )


def chosen_convocations(upcoming: tuple[NextSession, ...], as_of: Month) -> tuple[NextSession, ...]:
    """The sessions to convene: up to the month after ``as_of``, and always the first to come."""
    return tuple(n for i, n in enumerate(upcoming) if i == 0 or month_of(n.date) <= as_of + 1)


def sessions_view(repo: Repository, fig: SessionFigures, agreements: list[AgreementView], refs: Refs) -> SessionsView:
    ss = _Sessions(repo, fig, agreements, refs)
    upcoming = [n for n in chosen_convocations(upcoming_sessions(repo, fig.as_of), fig.as_of) if n.rel in ss.models]
    return SessionsView(
        minutes=tuple(ss.minutes(r) for r in fig.sessions if r.rel in ss.models),
        convocations=tuple(ss.convocation(n) for n in upcoming),
        matrix=attendance_matrix(fig, refs),
        decisions=follow_up(ss),
        scheduled=fig.scheduled,
        quorum_threshold=fig.thresholds.quorum,
        unread=tuple(u.rel for u in fig.unread),
    )
