"""The view records every report template reads (report/views/ builds them).

Templates do no arithmetic: every figure is in these already, taken from
compute/. Personal data enters only through ``PersonView``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...lang import N_, _
from ...model import labels
from ...model.criteria import CRITERIA, Criterion
from ...model.types import NIVELES, Month

if TYPE_CHECKING:
    from .actors import OfferView
    from .annual_types import MeetingView, NextView
    from .groups import GroupsView
    from .indicators import IndicatorsView
    from .planning import PlanningView
    from .session_types import AnnualSessions, SessionsView

class Words(Mapping[str, str]):
    """A table of Spanish words (marked N_), each read in the language in use when it is looked up."""

    def __init__(self, table: Mapping[str, str], capital: bool = False) -> None:
        self._table, self._capital = dict(table), capital

    def __getitem__(self, key: str) -> str:
        text = _(self._table[key])
        return text[:1].upper() + text[1:] if self._capital else text

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


# The labels of enumerated values come from the one table (model/labels.py), capitalised for cells.
FORMAS = Words(labels.FORMA, capital=True)
ESTADOS = Words(labels.ESTADO, capital=True)
SECTORES = Words(labels.SECTOR_GRUPO)
NIVELES_ACTOR = Words(labels.NIVEL_ACTOR, capital=True)
ROLES = Words({"lead": N_("Encargado"), "collaborator": N_("Colaborador"), "civil": N_("Sociedad civil"), "coresponsible": N_("Corresponsable")})
ROLE_LETTERS = {"lead": "E", "collaborator": "C", "civil": "S", "coresponsible": "R"}


@dataclass(frozen=True)
class PersonView:
    """Personal data. Never built in public mode (its source is redacted)."""

    name: str
    role: str | None
    email: str | None
    phone: str | None
    actor: ActorRef | None = None


@dataclass(frozen=True)
class SignatoryView:
    """Who signs the agreement: a responsible person's actor and position; the name only
    in internal reports (None in public mode: its source is redacted)."""

    actor: ActorRef | None
    position: str | None
    name: str | None


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str
    acronym: str | None
    known: bool

    @property
    def label(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class CommitmentView:
    month: Month
    subactivity: int | None
    description: str | None
    level: int | None
    level_name: str | None
    due: bool
    note: str | None
    state: str = "pending"  # reported | unreported | invalid | pending (compute/progress.py)
    problems: tuple[str, ...] = ()  # codes of the rules that report an invalid value recorded here
    invalid_mark: str | None = None  # «dato inválido, ver CP205», or None
    level_label: str | None = None  # «50 % avanzada», or None
    month_note: str | None = None  # the month's note when it is recorded per sub-activity

    @property
    def status_text(self) -> str:
        """What a reader sees in the «Estado» column: never «sin informe» for an invalid value."""
        if self.invalid_mark and self.level is None:
            return self.invalid_mark
        if self.level is not None:
            return self.level_name or ""
        return _("vencido sin informe") if self.due else _("pendiente")


@dataclass(frozen=True)
class ActivityView:
    description: str
    period: str | None
    place: str | None
    institutions: tuple[ActorRef, ...]
    civil_society: str | None


@dataclass(frozen=True)
class MonthView:
    month: Month
    activities: tuple[ActivityView, ...]
    level: int | None  # the month's level when reported for the whole month
    sublevels: tuple[tuple[int, int], ...]  # (sub-activity, level) when reported per sub-activity
    note: str | None
    commitments: tuple[CommitmentView, ...] = ()  # the month's commitments, as of the report's month

    def institutions_for(self, subactivity: int | None) -> tuple[ActorRef, ...]:
        """The institutions named for a sub-activity of the month (None: for any of them), without repeats."""
        chosen = self.activities if subactivity is None else self.activities[subactivity - 1 : subactivity]
        seen: dict[str, ActorRef] = {}
        for x in chosen:
            for i in x.institutions:
                seen.setdefault(i.id, i)
        return tuple(seen.values())


@dataclass(frozen=True)
class CriterionView:
    number: int
    key: str
    text: str
    content: bool
    answer: str | None
    observations: str | None
    met: bool


@dataclass(frozen=True)
class CoResponsibilityView:
    actor: ActorRef
    roles: tuple[str, ...]
    responsibilities: tuple[str, ...]
    expected_impact: str | None


@dataclass(frozen=True)
class AlertView:
    kind: str  # compute/figures.py: ALERT_KINDS
    label: str
    agreement_id: str
    agreement_title: str
    message: str
    responsible: ActorRef
    people: tuple[PersonView, ...]  # the agreement's first ALERT_PEOPLE responsible people; empty in public mode
    people_more: int = 0  # how many more the agreement names (its sheet lists them all)


@dataclass
class AgreementView:
    id: str
    title: str
    form: str | None
    status: str
    status_key: str
    annual_plan: int | None
    signed: dt.date | None
    people: tuple[PersonView, ...]
    objective: str | None
    scheduled_activity: str | None
    programmes: tuple[str, ...]
    goal: str | None
    population: str | None
    territory_text: str | None
    territories: tuple[str, ...]
    civil_society_text: str | None
    civil_society: tuple[ActorRef, ...]
    lead: ActorRef
    collaborators: tuple[ActorRef, ...]
    term_start: Month | None
    term_end: Month | None
    expected_impact: str | None
    coresponsibility: tuple[CoResponsibilityView, ...]
    axis_id: str | None
    axis_name: str | None
    action_number: int | None
    action_name: str | None
    months: tuple[MonthView, ...]
    commitments: tuple[CommitmentView, ...]
    criteria: tuple[CriterionView, ...]
    checklist_met: int
    checklist_percent: float
    to_date: float | None
    overall: float | None
    term_elapsed: float | None
    behind_schedule: bool
    commitments_total: int
    commitments_due: int
    unreported_due: int
    alerts: tuple[AlertView, ...]
    counts_in_totals: bool
    file_stem: str  # "ficha-<id>"
    source: str = ""  # the agreement's file, relative to the repository root
    low: int = 0  # due commitments reported at 0 % or 25 %
    invalid_due: int = 0  # due commitments whose recorded value is invalid
    problems: tuple[str, ...] = ()  # codes of the invalid values behind its figures
    invalid_mark: str | None = None  # «dato inválido, ver CP205» when ``problems``
    this_month: MonthView | None = None  # the report's month in its schedule, if there
    next_month: MonthView | None = None  # the month after, if in its schedule
    signatories: tuple[SignatoryView, ...] = ()  # section 1's people as the signature block names them


@dataclass(frozen=True)
class Participation:
    agreement_id: str
    agreement_title: str
    role: str  # key of ROLES
    role_label: str
    detail: str | None  # roles written in the co-responsibility table

    @property
    def file_stem(self) -> str:
        """The agreement sheet's file name (without extension), for links."""
        return f"ficha-{self.agreement_id}"


@dataclass
class ActorView:
    id: str
    name: str
    acronym: str | None
    sector: str
    sector_label: str
    level: str
    level_label: str
    spaces: tuple[str, ...]
    themes: tuple[str, ...]
    territories: tuple[str, ...]
    has_principal: bool
    has_alternate: bool
    principal: PersonView | None  # None in public mode
    alternate: PersonView | None  # None in public mode
    offer: tuple[tuple[str, str | None, str | None], ...]
    participation: tuple[Participation, ...]

    @property
    def label(self) -> str:
        return self.acronym or self.name

    def role_in(self, agreement_id: str) -> str:
        """Letters of this actor's roles in an agreement (E, C, S, R), for the matrix."""
        return "".join(ROLE_LETTERS[p.role] for p in self.participation if p.agreement_id == agreement_id)


@dataclass(frozen=True)
class SectorGroup:
    label: str
    levels: tuple[tuple[str, tuple[ActorView, ...]], ...]


@dataclass(frozen=True)
class RollupView:
    key: str
    name: str
    agreements: int
    to_date: float | None
    overall: float | None
    checklist_percent: float | None
    due: int
    unreported_due: int
    low: int
    invalid_mark: str | None = None  # «dato inválido, ver CP205» when an invalid value is behind the figures


@dataclass(frozen=True)
class CriterionTotal:
    number: int
    key: str
    text: str
    met: int
    percent: float | None


@dataclass(frozen=True)
class AxisView:
    id: str
    name: str
    actions: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class AnnualView:
    year: int
    as_of: Month
    agreements: tuple[AgreementView, ...]
    by_axis: tuple[RollupView, ...]
    to_date: float | None
    overall: float | None
    commitments: int
    due: int
    actors_by_sector: tuple[tuple[str, int], ...]
    actors_total: int
    civil_society_orgs: tuple[str, ...]
    institutions: tuple[str, ...]
    meetings: tuple[MeetingView, ...]  # the two yearly meetings (B.4.3)
    meetings_held: int  # of ``meetings``, those held by the report's month
    has_plan: bool
    invalid_mark: str | None = None  # «dato inválido, ver CP205» when an invalid value is behind the year's figures
    sessions: AnnualSessions | None = None  # the year's sessions and attendance by sector (no name)
    indicator_set: IndicatorsView | None = None  # indicators against targets (views/indicators.py)
    planning: PlanningView | None = None  # plan vs reality, management indicators, reach, POI (views/planning.py)
    groups: GroupsView | None = None  # the year's working groups (views/groups.py)
    next: NextView | None = None  # «Lo que sigue» (None: no plan for the year)
    illustrative: bool = False  # the year's plan says its data are illustrative


@dataclass
class ReportContext:
    public: bool
    as_of: Month
    locale: str
    canton: str
    province: str | None
    country: str
    council_type: str
    council_name: str
    strategy_name: str
    period: tuple[int, int]
    axes: tuple[AxisView, ...]
    territories: tuple[tuple[str, bool], ...]  # (name, prioritised)
    secretariat: str | None
    secretariat_person: PersonView | None  # None in public mode
    agreements: list[AgreementView]
    counted: int
    checklist_met: int
    checklist_total: int
    checklist_percent: float | None
    criteria_totals: tuple[CriterionTotal, ...]
    to_date: float | None
    overall: float | None
    commitments: int
    due: int
    alert_counts: dict[str, int]
    alerts: tuple[AlertView, ...]
    rollups: dict[str, tuple[RollupView, ...]]
    actors: tuple[ActorView, ...]
    sectors: tuple[SectorGroup, ...]
    missing_alternate: tuple[ActorView, ...]
    annual: AnnualView
    unread_files: tuple[str, ...]  # files that did not load: not in the reports
    #: Errors and warnings of `coprod validate` in the repository (None: not checked).
    validation: dict[str, int] | None = None
    #: The first thing every report says when the repository has errors (None: it has none).
    notice: str | None = None
    invalid_mark: str | None = None  # the totals' mark: «dato inválido, ver CP205», or None
    next_month: Month | None = None  # the month after ``as_of``: what is due next
    criteria: tuple[Criterion, ...] = CRITERIA
    links: dict[str, str] = field(default_factory=dict)  # report key → file name, per format
    sessions: SessionsView | None = None  # minutes, convocations, attendance matrix, decisions (session_types.py)
    indicators: IndicatorsView | None = None  # the indicators report (views/indicators.py)
    groups: GroupsView | None = None  # the working groups report (views/groups.py)
    offer: OfferView | None = None  # the actors' offer by gender and age group (views/actors.py)

    @property
    def levels(self) -> tuple[tuple[int, str], ...]:
        """The five levels, highest first, with their names in the language in use."""
        return tuple((n, _(name)) for n, name in sorted(NIVELES.items(), reverse=True))

