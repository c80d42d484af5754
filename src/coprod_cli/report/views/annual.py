"""The public annual report's view (5.3 A.2.3): the agreements of a year and
their progress as of the year's cut (compute/annual.py makes every figure)."""

from __future__ import annotations

from dataclasses import replace

from ...compute.annual import AnnualFigures, AxisYear, annual_figures
from ...compute.figures import RepoFigures
from ...compute.sessions import year_sessions
from ...load.repository import Repository
from ...model.labels import label, title
from ...model.models import PlanAnual, Punto
from ...render.figures_text import invalid_mark
from .agreement import progress_fields
from .groups import groups_view
from .indicators import indicators_view
from .planning import planning_view
from .session_matrix import annual_sessions
from .types import SECTORES, ActorView, AgreementView, AnnualView, IndicatorView, RollupView


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


def _point(p: Punto | None) -> str | None:
    """Until the indicators view replaces this table: a baseline or target as written."""
    return None if p is None else str(p.valor)


def _plan_fields(plan: PlanAnual | None, axis_names: dict[str, str]) -> dict:
    """What the year's annual plan says: working groups, indicators, meetings."""
    if plan is None:
        return dict(working_groups=(), indicators=(), meetings=(), has_plan=False)
    return dict(
        working_groups=tuple((axis_names.get(g.eje, g.eje), g.nombre or "") for g in plan.grupos_trabajo),
        indicators=tuple(IndicatorView(title(i.tipo), i.nombre, axis_names.get(i.eje) if i.eje else None, _point(i.linea_base), _point(i.meta)) for i in plan.indicadores),
        meetings=tuple((label(e.tipo), e.fecha, e.descripcion) for e in plan.encuentros),
        has_plan=True,
    )


def annual_view(repo: Repository, fig: RepoFigures, agreements: list[AgreementView], actors: list[ActorView], year: int) -> AnnualView:
    """The public annual report (5.3 A.2.3): the agreements of a year and their progress."""
    ejes = repo.manifest.estrategia.ejes if repo.manifest else []
    figures = annual_figures(fig, year, [e.id for e in ejes])
    in_year = _year_agreements(fig, agreements, figures)
    taking_part = [v for v in actors if v.id in figures.participants]
    by_sector = ((slabel, sum(1 for v in taking_part if v.sector == skey)) for skey, slabel in SECTORES.items())
    total = figures.total
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
        groups=groups_view(repo, fig, year),
        **_plan_fields(next((p for _, p in repo.valid_plans() if p.anio == year), None), {e.id: e.nombre for e in ejes}),
    )
