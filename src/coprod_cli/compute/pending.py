"""What each actor owes as of a month (`coprod pending`), as records: the
progress months of its agreements (as lead actor) that are due and unreported
or hold an invalid value, its agreements behind schedule, the monitoring
criteria answered «No», its overdue and pending session decisions, and
whether it is convened to the next session. Definitions in docs/cifras.md,
section 5. No sentences: render/pending_text.py writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.models import AcuerdoSesion, MapaActores
from .figures import AgreementFigures, Alert, RepoFigures
from .session_records import DecisionRecord, NextSession


@dataclass(frozen=True)
class CriterionNo:
    """A monitoring criterion a reviewer answered «No» (the agreement must fix it)."""

    agreement: str
    number: int
    text: str  # the protocol's wording of the criterion
    observations: str | None


@dataclass(frozen=True)
class OwedDecision:
    record: DecisionRecord
    description: str  # the decision as written in the session file


@dataclass(frozen=True)
class ActorDues:
    actor: str  # actor id ("" for decisions with no responsible actor)
    name: str | None  # acronym or name from the actor map (None: not on it)
    unreported: tuple[Alert, ...]  # due months (or sub-activities) with no progress recorded
    invalid: tuple[Alert, ...]  # recorded values no figure can use
    behind: tuple[Alert, ...]  # agreements behind schedule
    criteria_no: tuple[CriterionNo, ...]
    overdue: tuple[OwedDecision, ...]
    pending: tuple[OwedDecision, ...]
    convened: bool | None  # to the next session (None: no next session recorded)

    @property
    def owes(self) -> bool:
        return bool(self.unreported or self.invalid or self.behind or self.criteria_no or self.overdue or self.pending)


@dataclass(frozen=True)
class Dues:
    figures: RepoFigures
    actors: tuple[ActorDues, ...]  # actor-map order, then ids off the map, then decisions with no responsible
    next_session: NextSession | None


def _criteria_no(f: AgreementFigures) -> tuple[CriterionNo, ...]:
    return tuple(
        CriterionNo(f.id, i.criterion.number, i.criterion.text, i.observaciones) for i in f.checklist.items if i.answer == "no"
    )


def _owed(fig: RepoFigures, descriptions: dict[tuple[str, int], AcuerdoSesion], actor: str, state: str) -> tuple[OwedDecision, ...]:
    if fig.sessions is None:
        return ()
    out = []
    for d in fig.sessions.decisions:
        if (d.responsible or "") == actor and d.state == state:
            found = descriptions.get((d.rel, d.index))
            out.append(OwedDecision(d, found.descripcion if found else ""))
    return tuple(sorted(out, key=lambda o: (o.record.due is None, o.record.due or o.record.session, o.record.session, o.record.index)))


def actor_dues(
    fig: RepoFigures, actor: str, name: str | None, descriptions: dict[tuple[str, int], AcuerdoSesion],
    led: list[AgreementFigures] | None = None,
) -> ActorDues:
    """What one actor owes as of the figures' month; ``led``: its agreements that count, when already grouped."""
    mine = led if led is not None else [f for f in fig.agreements if f.acuerdo.actividad.actor_encargado == actor and f.counts_in_totals]
    alerts = [al for f in mine for al in f.alerts]
    nxt = fig.sessions.next_session if fig.sessions is not None else None
    return ActorDues(
        actor=actor,
        name=name,
        unreported=tuple(al for al in alerts if al.kind == "unreported"),
        invalid=tuple(al for al in alerts if al.kind == "invalid"),
        behind=tuple(al for al in alerts if al.kind == "behind_schedule"),
        criteria_no=tuple(c for f in mine for c in _criteria_no(f)),
        overdue=_owed(fig, descriptions, actor, "vencido"),
        pending=_owed(fig, descriptions, actor, "pendiente"),
        convened=None if nxt is None else actor in nxt.convened,
    )


def dues(fig: RepoFigures, actors: MapaActores | None, descriptions: dict[tuple[str, int], AcuerdoSesion]) -> Dues:
    """Every actor that owes something as of the figures' month, in actor-map order.

    ``descriptions`` maps (session file, 1-based position) to the decision, for its wording."""
    names = {a.id: (a.siglas or a.nombre) for a in actors.actores} if actors else {}
    ids = list(names)
    ids += sorted({f.acuerdo.actividad.actor_encargado for f in fig.agreements} - set(ids))
    if fig.sessions is not None:
        ids += sorted({d.responsible for d in fig.sessions.decisions if d.responsible} - set(ids))
        if any(not d.responsible for d in fig.sessions.decisions):
            ids.append("")
    # Grouped once (not one pass over every agreement per actor: 10,000 agreements and hundreds of actors).
    led: dict[str, list[AgreementFigures]] = {}
    for f in fig.agreements:
        if f.counts_in_totals:
            led.setdefault(f.acuerdo.actividad.actor_encargado, []).append(f)
    rows = (actor_dues(fig, i, names.get(i), descriptions, led.get(i, [])) for i in ids)
    return Dues(fig, tuple(r for r in rows if r.owes), fig.sessions.next_session if fig.sessions is not None else None)


__all__ = ["ActorDues", "CriterionNo", "Dues", "OwedDecision", "actor_dues", "dues"]
