"""The public annual report's view (5.3 A.2.3): the agreements of a year and
their progress as of the year's cut (compute/annual.py makes every figure)."""

from __future__ import annotations

from dataclasses import replace

from ...compute.annual import AnnualFigures, AxisYear, annual_figures
from ...compute.figures import RepoFigures
from ...compute.sessions import year_sessions
from ...lang import N_, _
from ...load.repository import Repository
from ...model.models import Encuentro, PlanAnual
from ...model.sessions import reference_day
from ...model.types import Month
from ...render.figures_text import invalid_mark
from .agreement import progress_fields
from .annual_types import LaterWork, MeetingView, NextView
from .groups import groups_view
from .indicators import indicators_view
from .planning import planning_view
from .session_matrix import annual_sessions
from .types import SECTORES, ActorView, AgreementView, AnnualView, RollupView

MEETING_KINDS = {"avance": N_("Encuentro de avance"), "planificacion": N_("Encuentro de planificación")}


def _axis_view(x: AxisYear) -> RollupView:
    pp = x.progress
    mark = invalid_mark(x.problems) if x.problems else None
    return RollupView(x.key, x.name, x.agreements, pp.to_date, pp.overall, None, pp.due, pp.unreported_due, pp.low, mark)


def _year_agreements(fig: RepoFigures, agreements: list[AgreementView], year: AnnualFigures) -> tuple[AgreementView, ...]:
    """The views of the year's agreements, with their progress figures as of the year's cut."""
    chosen = [agreements[i] for i in year.positions]
    if year.as_of == fig.as_of:
        return tuple(chosen)
    return tuple(replace(a, **progress_fields(year.progress[a.id])) for a in chosen)


def meeting_view(e: Encuentro, as_of: Month) -> MeetingView:
    """A yearly meeting as of the report's month: held when its date is on or before the
    month's reference day; a later one is «pendiente» and its outcomes do not exist yet."""
    held = e.fecha is not None and e.fecha <= reference_day(as_of)
    return MeetingView(e.tipo, _(MEETING_KINDS[e.tipo]), e.fecha, e.descripcion, tuple(e.resultados) if held else (), held)


def _plan_fields(plan: PlanAnual | None, as_of: Month) -> dict:
    """What the year's annual plan says: the yearly meetings, whether it is illustrative."""
    if plan is None:
        return dict(meetings=(), meetings_held=0, has_plan=False)
    meetings = tuple(meeting_view(e, as_of) for e in plan.encuentros)
    return dict(
        meetings=meetings,
        meetings_held=sum(1 for m in meetings if m.held),
        has_plan=True,
        illustrative=plan.ilustrativo,
    )


def _later(fig: RepoFigures, year: AnnualFigures) -> tuple[LaterWork, ...]:
    """The year's agreements' commitments scheduled after the cut (cancelled agreements left out)."""
    out = []
    for i in year.positions:
        f = fig.agreements[i]
        later = [c.month for c in year.progress[f.id].commitments if c.month > year.as_of] if f.counts_in_totals else []
        if later:
            out.append(LaterWork(f.id, f.acuerdo.titulo, len(later), min(later), max(later)))
    return tuple(out)


def next_view(repo: Repository, fig: RepoFigures, year: AnnualFigures, plan: PlanAnual) -> NextView:
    """«Lo que sigue»: the next year's plan if there is one, this year's planning meeting,
    the commitments scheduled after the cut, and the session decisions still open."""
    following = repo.plan(year.year + 1)
    titles = {f.id: f.acuerdo.titulo for f in fig.agreements}
    ejes = repo.manifest.estrategia.ejes if repo.manifest else []
    actions = {ac.numero: ac.nombre for e in ejes for ac in e.acciones}
    planning = next((e for e in plan.encuentros if e.tipo == "planificacion"), None)
    later = _later(fig, year)
    decisions = fig.sessions.decision_totals if fig.sessions is not None else None
    return NextView(
        year=year.year + 1,
        has_plan=following is not None,
        planned_agreements=tuple((a, titles.get(a, a)) for a in dict.fromkeys(following.acuerdos_previstos)) if following else (),
        actions=tuple(f"{n}. {actions[n]}" if n in actions else str(n) for n in dict.fromkeys(following.acciones)) if following else (),
        groups=len(following.grupos_trabajo) if following else 0,
        indicators=len(following.indicadores) if following else 0,
        planning=meeting_view(planning, fig.as_of) if planning else None,
        later=later,
        later_total=sum(x.commitments for x in later),
        open_decisions=decisions.pending + decisions.overdue if decisions else None,
        overdue_decisions=decisions.overdue if decisions else 0,
    )


def annual_view(repo: Repository, fig: RepoFigures, agreements: list[AgreementView], actors: list[ActorView], year: int) -> AnnualView:
    """The public annual report (5.3 A.2.3): the agreements of a year and their progress."""
    ejes = repo.manifest.estrategia.ejes if repo.manifest else []
    figures = annual_figures(fig, year, [e.id for e in ejes])
    in_year = _year_agreements(fig, agreements, figures)
    taking_part = [v for v in actors if v.id in figures.participants]
    by_sector = ((slabel, sum(1 for v in taking_part if v.sector == skey)) for skey, slabel in SECTORES.items())
    total = figures.total
    plan = repo.plan(year)
    return AnnualView(
        year=year,
        as_of=figures.as_of,
        agreements=in_year,
        by_axis=tuple(_axis_view(x) for x in figures.by_axis),
        to_date=total.to_date,
        overall=total.overall,
        commitments=total.commitments,
        due=total.due,
        actors_by_sector=tuple((s, n) for s, n in by_sector if n),
        actors_total=len(taking_part),
        civil_society_orgs=tuple(v.name for v in taking_part if v.sector == "sociedad_civil"),
        institutions=tuple(v.label for v in taking_part if v.sector != "sociedad_civil"),
        invalid_mark=invalid_mark(figures.problems) if figures.problems else None,
        sessions=annual_sessions(year_sessions(repo, year, figures.as_of)),
        indicator_set=indicators_view(repo, fig, year, as_of=figures.as_of),
        planning=planning_view(repo, fig, year),
        groups=groups_view(repo, fig, year, figures),
        next=next_view(repo, fig, figures, plan) if plan else None,
        **_plan_fields(plan, fig.as_of),
    )
