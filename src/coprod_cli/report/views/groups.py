"""The working groups of the annual plans (B.4.1, B.4.2): members, coordinator,
risks, themes and the agreements of their axis. Read by the working groups
report and the annual report.

Every figure is as of the year's cut (compute/annual.py: December of the
year, or the report's month when earlier), like the annual report's: an
agreement's progress, and the group's sessions held by then. Members are
actors (institutions, organisations) with their sector: never a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...compute.annual import AnnualFigures, annual_figures
from ...compute.figures import RepoFigures
from ...lang import _
from ...load.repository import Repository
from ...model.labels import title
from ...model.models import Actor, GrupoTrabajo
from ...model.sessions import attended, held_by
from ...model.types import Month
from ...render.figures_text import invalid_mark
from .sessions import stem
from .types import SECTORES


@dataclass(frozen=True)
class GroupMember:
    """An actor of a working group: its name and sector (an institution or organisation, never a person)."""

    id: str
    name: str
    acronym: str | None
    sector: str  # «Instituciones públicas nacionales», or «—» for an id not in the actor map
    known: bool

    @property
    def label(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class GroupAgreement:
    """An agreement of the group's axis in the year, with its progress as of the year's cut."""

    id: str
    title: str
    status: str
    to_date: float | None
    overall: float | None
    invalid_mark: str | None

    @property
    def file_stem(self) -> str:
        """The agreement sheet's file name (without extension), for links."""
        return f"ficha-{self.id}"


@dataclass(frozen=True)
class GroupSession:
    """A session of the working group (instancia grupo_trabajo, same axis) held by the cut."""

    date: dt.date
    kind: str  # «Ordinaria», «Extraordinaria»
    convened: int
    present: int
    decisions: int
    stem: str  # the minutes' file name without «acta-» and extension

    @property
    def what(self) -> str:
        return self.kind.lower()


@dataclass(frozen=True)
class GroupView:
    axis_id: str
    axis_name: str
    name: str  # the group's name, or «Grupo de <eje>» when it has none
    coordinator: GroupMember | None
    members: tuple[GroupMember, ...]  # the coordinator first, then the others, without repeats
    risks: tuple[str, ...]
    themes: tuple[str, ...]
    agreements: tuple[GroupAgreement, ...]
    sessions: tuple[GroupSession, ...]

    @property
    def empty(self) -> bool:
        """A group with no member, no risk and no theme: the plan only names it."""
        return not self.members and not self.risks and not self.themes


@dataclass(frozen=True)
class GroupsView:
    year: int
    as_of: Month  # the year's cut
    groups: tuple[GroupView, ...]
    illustrative: bool = False  # the plan says its data are illustrative
    without_members: int = 0
    without_risks: int = 0


def _member(actors: dict[str, Actor], actor_id: str) -> GroupMember:
    a = actors.get(actor_id)
    if a is None:
        return GroupMember(actor_id, actor_id, None, "—", False)
    return GroupMember(a.id, a.nombre, a.siglas, SECTORES[a.sector], True)


def _agreements(fig: RepoFigures, year: AnnualFigures, axis: str) -> tuple[GroupAgreement, ...]:
    out = []
    for i in year.positions:
        f = fig.agreements[i]
        if f.acuerdo.cronograma is None or f.acuerdo.cronograma.eje != axis:
            continue
        p = year.progress[f.id]
        mark = invalid_mark(p.problems) if p.problems else None
        out.append(GroupAgreement(f.id, f.acuerdo.titulo, title(f.acuerdo.estado), p.to_date, p.overall, mark))
    return tuple(out)


def _sessions(repo: Repository, year: int, as_of: Month, axis: str) -> tuple[GroupSession, ...]:
    """The group's sessions of the year held by the cut, in date order."""
    chosen = sorted(
        ((d.rel, s) for d, s in repo.valid_sessions() if s.instancia == "grupo_trabajo" and s.eje == axis and s.fecha.year == year and held_by(s, as_of)),
        key=lambda pair: pair[1].fecha,
    )
    return tuple(
        GroupSession(s.fecha, title(s.tipo), len(s.asistencia), sum(1 for a in s.asistencia if attended(a.estado)), len(s.acuerdos_sesion), stem(rel))
        for rel, s in chosen
    )


def group_view(repo: Repository, fig: RepoFigures, year: AnnualFigures, g: GrupoTrabajo, axis_names: dict[str, str]) -> GroupView:
    axis_name = axis_names.get(g.eje, g.eje)
    actors = {a.id: a for a in repo.actor_map.actores} if repo.actor_map else {}
    ids = list(dict.fromkeys(([g.coordinador] if g.coordinador else []) + list(g.actores)))
    return GroupView(
        axis_id=g.eje,
        axis_name=axis_name,
        name=g.nombre or _("Grupo de {axis}").format(axis=axis_name.lower()),
        coordinator=_member(actors, g.coordinador) if g.coordinador else None,
        members=tuple(_member(actors, i) for i in ids),
        risks=tuple(dict.fromkeys(g.riesgos)),
        themes=tuple(dict.fromkeys(g.temas)),
        agreements=_agreements(fig, year, g.eje),
        sessions=_sessions(repo, year.year, year.as_of, g.eje),
    )


def groups_view(repo: Repository, fig: RepoFigures, year: int, figures: AnnualFigures | None = None) -> GroupsView | None:
    """The working groups of the year's plan (None: no plan for the year).

    ``figures`` are the year's (compute/annual.py), when the caller has them already."""
    plan = repo.plan(year)
    if plan is None:
        return None
    ejes = repo.manifest.estrategia.ejes if repo.manifest else []
    figures = figures or annual_figures(fig, year, [e.id for e in ejes])
    names = {e.id: e.nombre for e in ejes}
    groups = tuple(group_view(repo, fig, figures, g, names) for g in plan.grupos_trabajo)
    return GroupsView(
        year=year,
        as_of=figures.as_of,
        groups=groups,
        illustrative=plan.ilustrativo,
        without_members=sum(1 for g in groups if not g.members),
        without_risks=sum(1 for g in groups if not g.risks),
    )
