"""The agreement sheet's view: an agreement's content, schedule, checklist,
progress and alerts, every figure read from compute/ as of the report's month."""

from __future__ import annotations

from typing import Any

from ...compute.figures import AgreementFigures, Alert
from ...compute.progress import Commitment, MonthProgress, Progress
from ...lang import _
from ...model.models import Acuerdo, MesCronograma
from ...model.types import NIVELES, Month
from ...render.figures_text import ALERT_LABELS, alert_sentence, invalid_mark, level_label
from .people import Refs
from .types import (
    ESTADOS,
    FORMAS,
    ActivityView,
    AgreementView,
    AlertView,
    CommitmentView,
    CoResponsibilityView,
    CriterionView,
    MonthView,
    PersonView,
    SignatoryView,
)

#: People shown with each alert. Why a limit: an agreement's alerts (one per
#: commitment) times its people would grow with the square of the file.
ALERT_PEOPLE = 3


def commitment_view(p: Progress, c: Commitment, locale: str) -> CommitmentView:
    """One commitment: its level, due or not and its state as of the progress's month."""
    return CommitmentView(
        c.month,
        c.subactivity,
        c.description,
        c.level,
        _(NIVELES[c.level]) if c.level in NIVELES else None,
        p.is_due(c),
        c.note,
        p.state(c),
        c.invalid,
        invalid_mark(c.invalid) if c.invalid else None,
        level_label(c.level, locale) if c.level is not None else None,
        c.month_note,
    )


def month_view(m: MesCronograma, recorded: MonthProgress, views: tuple[CommitmentView, ...], refs: Refs) -> MonthView:
    """A scheduled month: its activities (from the schedule) and what was recorded (from compute)."""
    activities = tuple(ActivityView(x.descripcion, x.periodo, x.lugar, refs.refs(x.instituciones), x.sociedad_civil) for x in m.actividades)
    return MonthView(m.mes, activities, recorded.level, recorded.sublevels, recorded.note, views)


def month_views(a: Acuerdo, p: Progress, commitments: tuple[CommitmentView, ...], refs: Refs) -> tuple[MonthView, ...]:
    """Every scheduled month, in order, with its commitments' views."""
    by_month: dict[Month, list[CommitmentView]] = {}
    for cv in commitments:
        by_month.setdefault(cv.month, []).append(cv)
    recorded = p.months()
    scheduled = sorted(a.cronograma.meses, key=lambda m: m.mes) if a.cronograma else []
    return tuple(
        month_view(m, recorded.get(m.mes) or MonthProgress(m.mes, ()), tuple(by_month.get(m.mes, ())), refs) for m in scheduled
    )


def alert_view(al: Alert, a: Acuerdo, everyone: tuple[PersonView, ...], refs: Refs, locale: str) -> AlertView:
    shown = everyone[:ALERT_PEOPLE]
    return AlertView(
        al.kind, _(ALERT_LABELS[al.kind]), a.id, a.titulo, alert_sentence(al, locale), refs.ref(al.responsible), shown, len(everyone) - len(shown)
    )


def progress_fields(p: Progress) -> dict[str, Any]:
    """An agreement view's progress figures, as of the progress's month (the annual report replaces them with its cut's)."""
    return dict(
        to_date=p.to_date,
        overall=p.overall,
        term_elapsed=p.term_elapsed,
        behind_schedule=p.behind_schedule,
        commitments_total=p.total,
        commitments_due=len(p.due),
        unreported_due=len(p.unreported_due),
        low=len(p.low),
        invalid_due=len(p.invalid_due),
        problems=p.problems,
        invalid_mark=invalid_mark(p.problems) if p.problems else None,
    )


def _content_fields(a: Acuerdo, refs: Refs) -> dict[str, Any]:
    """What the agreement says (texts, actors, term, co-responsibility): no figure."""
    act = a.actividad
    terr, civil = act.territorio, act.actores_sociedad_civil
    return dict(
        id=a.id,
        title=a.titulo,
        form=FORMAS.get(a.forma) if a.forma else None,
        status=ESTADOS[a.estado],
        status_key=a.estado,
        annual_plan=a.plan_anual,
        signed=a.fecha_firma,
        objective=a.objetivo,
        scheduled_activity=act.actividad_programada,
        programmes=tuple(act.planes_programas),
        goal=act.meta,
        population=act.poblacion,
        territory_text=terr.descripcion if terr else None,
        territories=refs.territories(terr.territorios) if terr else (),
        civil_society_text=civil.descripcion if civil else None,
        civil_society=refs.refs(civil.actores) if civil else (),
        lead=refs.ref(act.actor_encargado),
        collaborators=refs.refs(act.actores_colaboradores),
        term_start=act.plazo.inicio if act.plazo else None,
        term_end=act.plazo.fin if act.plazo else None,
        expected_impact=act.impacto_esperado,
        coresponsibility=tuple(
            CoResponsibilityView(refs.ref(c.actor), tuple(c.roles), tuple(c.responsabilidades), c.impacto_esperado) for c in a.corresponsabilidad
        ),
        axis_id=a.cronograma.eje if a.cronograma else None,
        action_number=a.cronograma.accion_estrategica if a.cronograma else None,
        file_stem=f"ficha-{a.id}",
    )


def _find(months: tuple[MonthView, ...], month: Month) -> MonthView | None:
    return next((m for m in months if m.month == month), None)


def agreement_view(f: AgreementFigures, refs: Refs, locale: str) -> AgreementView:
    """One agreement's view. Every level, note and state comes from the figures
    (as of the report's month), never from the file."""
    a, p = f.acuerdo, f.progress
    commitments = tuple(commitment_view(p, c, locale) for c in p.commitments)
    months = month_views(a, p, commitments, refs)
    involved = refs.people(a)
    return AgreementView(
        **_content_fields(a, refs),
        people=involved,
        axis_name=f.axis_name,
        action_name=f.action_name,
        months=months,
        commitments=commitments,
        criteria=tuple(
            CriterionView(i.criterion.number, i.criterion.key, i.criterion.label, i.content, i.answer, i.observaciones, i.met) for i in f.checklist.items
        ),
        checklist_met=f.checklist.met,
        checklist_percent=f.checklist.percent,
        alerts=tuple(alert_view(al, a, involved, refs, locale) for al in f.alerts),
        counts_in_totals=f.counts_in_totals,
        source=f.rel,
        this_month=_find(months, p.as_of),
        next_month=_find(months, p.as_of + 1),
        signatories=tuple(SignatoryView(refs.ref(e.actor) if e.actor else None, e.cargo, e.nombre) for e in a.encargados),
        **progress_fields(p),
    )
