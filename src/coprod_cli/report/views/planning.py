"""The plan against what was done (B.4, C.3.2, C.3.3, E.1.2): computed
management indicators, people reached and quantitative goals, plan vs
reality, alignment with the institutions' POI (compute/management.py,
compute/reach.py and model/planreality.py make every figure).

Templates do no arithmetic: every figure is here, ready to be formatted
with the ``number`` and ``pct`` filters; an invalid value carries its mark
(«dato inválido, ver CP405») and no number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...compute.annual import annual_figures
from ...compute.figures import Names, RepoFigures
from ...compute.management import Management, SessionCadence, management
from ...compute.reach import Reach, ReachRow, compute_reach
from ...lang import N_, _
from ...load.repository import Repository
from ...model.labels import label
from ...model.models import Acuerdo, PlanAnual
from ...model.planreality import outside_plan, planned, poi_table, signing_due
from ...model.sessions import reference_day
from ...model.types import Month
from ...render.figures_text import invalid_mark
from ...render.status_management import decisions_note


@dataclass(frozen=True)
class Figure:
    """One management indicator: «5 de 6», «90,5 %», or an invalid mark."""

    label: str
    value: float | None
    percent: bool = False  # show with the pct filter
    of: float | None = None  # «… de N»
    note: str | None = None
    mark: str | None = None  # «dato inválido, ver …»


@dataclass(frozen=True)
class PlannedRow:
    id: str
    title: str
    created: bool
    status: str  # the agreement's state label, or «sin archivo»
    signed_on: dt.date | None  # None too when signed after the cut (a later signature does not exist yet)
    on_time: bool  # signed by the plan's signing date
    pending: bool = False  # not signed yet, but the plan's signing date is after the cut: «aún no», not «no»


@dataclass(frozen=True)
class ReachLine:
    """One roll-up row of goals and reach, per unit."""

    group: str
    unit: str
    goal: float | None
    reached: float | None
    share: float | None
    reported: int
    agreements: int
    mark: str | None = None  # the reached value is invalid
    goal_mark: str | None = None  # the goal is invalid: shown as invalid, never as «—»


@dataclass(frozen=True)
class PoiLine:
    institution: str
    si: int
    no: int
    pendiente: int
    sin_registro: int
    records: tuple[str, ...]  # «Agreement title: sí (reference)», one per agreement


@dataclass(frozen=True)
class PlanningView:
    year: int
    as_of: Month  # the year's cut
    has_plan: bool
    signing_due: dt.date | None
    planned: tuple[PlannedRow, ...]
    outside_plan: tuple[str, ...]  # agreement titles
    actions_without_agreement: tuple[tuple[int, str], ...]
    groups_without_members: tuple[str, ...]  # axis names
    groups_without_risks: tuple[str, ...]
    figures: tuple[Figure, ...]
    by_axis: tuple[tuple[str, int], ...]  # (axis name, agreements)
    by_action: tuple[tuple[int, str, int, bool], ...]  # (number, name, agreements, in the plan)
    reach_by_axis: tuple[ReachLine, ...]
    reach_by_territory: tuple[ReachLine, ...]
    reach_by_population: tuple[ReachLine, ...]
    reach_by_unit: tuple[ReachLine, ...]
    poi: tuple[PoiLine, ...]
    illustrative: bool = False


def _sessions_note(s: SessionCadence) -> str:
    return _("{with_session} de {cycle} meses del ciclo con sesión; {elapsed} meses del año transcurridos; {held} sesiones de todas las instancias").format(
        with_session=s.months_with_session, cycle=s.cycle_months, elapsed=s.months_elapsed, held=s.held
    )


def _figures(m: Management) -> tuple[Figure, ...]:
    a, s, d = m.agreements, m.sessions, m.decisions
    mark = invalid_mark(m.problems) if m.problems else None
    out = []
    if a.planned is not None:
        out += [
            Figure(_("Acuerdos previstos en el plan"), a.planned),
            Figure(_("Acuerdos previstos con su archivo"), a.created, of=a.planned),
            Figure(_("Acuerdos previstos firmados a la fecha prevista"), a.signed_on_time, of=a.planned),
            Figure(_("Acuerdos fuera del plan"), a.outside_plan),
        ]
    out += [
        Figure(_("Acuerdos del año firmados"), a.signed, of=a.of_year),
        Figure(_("En ejecución"), a.running, of=a.of_year),
        Figure(_("Firmados, sin iniciar su plazo"), a.not_begun, of=a.of_year),
        Figure(_("Concluidos"), a.concluded, of=a.of_year),
        Figure(_("En borrador"), a.draft, of=a.of_year),
        Figure(_("Criterios de la lista de monitoreo cumplidos"), m.criteria_percent, percent=True,
               note=_("{met} de {total} (14 por acuerdo)").format(met=m.criteria_met, total=m.criteria_total)),
        Figure(_("Avance al día"), m.to_date, percent=True, mark=mark),
        Figure(_("Avance del año"), m.overall, percent=True, mark=mark),
        Figure(_("Sesiones del consejo realizadas"), s.council, note=_sessions_note(s)),
        Figure(_("Asistencia a las sesiones del consejo"), s.attendance_rate, percent=True, note=_("{attended} de {convened} convocatorias").format(attended=s.attended, convened=s.convened)),
        Figure(_("Decisiones cumplidas a tiempo"), d.share_on_time, percent=True,
               note=decisions_note(d)),
    ]
    if m.has_plan:
        out.append(Figure(_("Acciones estratégicas del plan sin acuerdo"), len(m.actions_without_agreement)))
    return tuple(out)


def _reach_lines(rows: tuple[ReachRow, ...], name_of: dict[str, str], none_label: str) -> tuple[ReachLine, ...]:
    return tuple(
        ReachLine(
            group=name_of.get(r.key, r.key) if r.key is not None else none_label, unit=r.unit, goal=r.goal, reached=r.reached,
            share=r.share, reported=r.reported, agreements=len(r.agreements),
            mark=invalid_mark(r.reached_problems) if r.reached_problems else None,
            goal_mark=invalid_mark(r.goal_problems) if r.goal_problems else None,
        )
        for r in rows
    )


#: How a POI state reads in a report.
POI_LABELS = {"si": N_("sí"), "no": N_("no"), "pendiente": N_("pendiente"), "sin_registro": N_("sin registro")}


def _poi_lines(year: int, agreements: list[Acuerdo], repo: Repository, names: Names) -> tuple[PoiLine, ...]:
    actors = repo.actor_map.actores if repo.actor_map else []
    sectors = {x.id: x.sector for x in actors}
    titles = {a.id: a.titulo for a in agreements}
    rows = poi_table(year, agreements, sectors, [x.id for x in actors])
    return tuple(
        PoiLine(
            institution=names.actors.get(r.actor, r.actor), si=len(r.si), no=len(r.no), pendiente=len(r.pendiente),
            sin_registro=len(r.sin_registro),
            records=tuple(f"{titles.get(i, i)}: {_(POI_LABELS[state]) if state in POI_LABELS else state}" + (f" ({ref})" if ref else "") for i, state, ref in r.records),
        )
        for r in rows
    )


def _plan_lists(plan: PlanAnual, every: list[Acuerdo], cut_day: dt.date, names: Names) -> dict:
    rows = planned(plan, {a.id: a for a in every}, cut_day)
    due = signing_due(plan)
    return dict(
        planned=tuple(
            PlannedRow(r.id, r.agreement.titulo if r.agreement else r.id, r.created, label(r.agreement.estado) if r.agreement else _("sin archivo"),
                       r.agreement.fecha_firma if r.agreement and r.signed_by_cut else None, r.signed_on_time,
                       pending=not r.signed_on_time and cut_day < due)
            for r in rows
        ),
        outside_plan=tuple(a.titulo for a in outside_plan(plan, every)),
        groups_without_members=tuple(names.axes.get(g.eje, g.eje) for g in plan.grupos_trabajo if not g.actores),
        groups_without_risks=tuple(names.axes.get(g.eje, g.eje) for g in plan.grupos_trabajo if not g.riesgos),
    )


def planning_view(repo: Repository, fig: RepoFigures, year: int) -> PlanningView | None:
    """The year's plan against reality (None: no agreement and no plan for the year)."""
    m = management(repo, fig, year)
    plan = repo.plan(year)
    if plan is None and not m.agreements.of_year:
        return None
    names = Names.of(repo)
    every = [a for _, a in repo.valid_agreements()]
    of_year = [fig.agreements[i].acuerdo for i in annual_figures(fig, year, list(names.axes)).positions]
    reach: Reach = compute_reach(of_year, m.as_of, list(names.axes), list(names.territories))
    due = signing_due(plan) if plan else None
    lists = _plan_lists(plan, every, reference_day(m.as_of), names) if plan else dict(
        planned=(), outside_plan=(), groups_without_members=(), groups_without_risks=())
    return PlanningView(
        year=year, as_of=m.as_of, has_plan=plan is not None, signing_due=due,
        actions_without_agreement=tuple((n, names.actions.get(n, str(n))) for n in m.actions_without_agreement),
        figures=_figures(m),
        by_axis=tuple((names.axes.get(k, k), n) for k, n in m.by_axis),
        by_action=tuple((n, names.actions.get(n, str(n)), k, in_plan) for n, k, in_plan in m.by_action if k or in_plan),
        reach_by_axis=_reach_lines(reach.by_axis, names.axes, _("Sin eje")),
        reach_by_territory=_reach_lines(reach.by_territory, names.territories, _("Varios territorios (total de cada acuerdo)")),
        reach_by_population=_reach_lines(reach.by_population, {}, _("Sin grupo de población")),
        reach_by_unit=_reach_lines(reach.by_unit, {}, "—"),
        poi=_poi_lines(year, of_year, repo, names),
        illustrative=bool(plan and plan.ilustrativo),
        **lists,
    )

