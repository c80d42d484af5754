"""The one typed context every report template receives.

Built from the loaded repository and the computed figures. Templates do no
arithmetic: every figure is here already. Personal data (people's names,
e-mails and phones) enters only through ``PersonView``. In public mode the
context is built from a redacted copy of the models (``public_source``: every
field marked personal in model/models.py set to None, model/personal.py), so
no ``PersonView`` can be built: public reports are made from this redacted
view, not by hiding fields template by template, and a template cannot print
what its context does not hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from ..compute.checklist import ChecklistTotals, checklist
from ..compute.figures import AgreementFigures, Alert, RepoFigures
from ..compute.progress import Commitment, PooledProgress, Progress, progress
from ..load.repository import Repository
from ..model import labels
from ..model.criteria import CRITERIA, Criterion
from ..model.labels import label, title
from ..model.models import Acuerdo, Actor, MesCronograma, Persona
from ..model.personal import free_texts, has_personal_data, maybe_contact, redact, scrub_text
from ..model.types import NIVELES, Month
from ..render.figures_text import ALERT_LABELS, alert_sentence, invalid_mark, level_label

# The labels of enumerated values come from the one table (model/labels.py), capitalised for cells.
FORMAS = {k: title(k) for k in labels.FORMA}
ESTADOS = {k: title(k) for k in labels.ESTADO}
SECTORES = {
    "publico_nacional": "Instituciones públicas nacionales",
    "municipal": "Municipalidad",
    "sociedad_civil": "Sociedad civil",
    "privado": "Sector privado",
    "academia": "Academia",
    "cooperacion": "Cooperación internacional",
}
NIVELES_ACTOR = {k: title(k) for k in labels.NIVEL_ACTOR}
ROLES = {"lead": "Encargado", "collaborator": "Colaborador", "civil": "Sociedad civil", "coresponsible": "Corresponsable"}
ROLE_LETTERS = {"lead": "E", "collaborator": "C", "civil": "S", "coresponsible": "R"}


@dataclass(frozen=True)
class PersonView:
    """Personal data. Never built in public mode (its source is redacted)."""

    name: str
    role: Optional[str]
    email: Optional[str]
    phone: Optional[str]
    actor: Optional["ActorRef"] = None


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str
    acronym: Optional[str]
    known: bool

    @property
    def label(self) -> str:
        return self.acronym or self.name


@dataclass(frozen=True)
class CommitmentView:
    month: Month
    subactivity: Optional[int]
    description: Optional[str]
    level: Optional[int]
    level_name: Optional[str]
    due: bool
    note: Optional[str]
    state: str = "pending"  # reported | unreported | invalid | pending (compute/progress.py)
    problems: tuple[str, ...] = ()  # codes of the rules that report an invalid value recorded here
    invalid_mark: Optional[str] = None  # «dato inválido, ver CP205», or None
    level_label: Optional[str] = None  # «50 % avanzada», or None
    month_note: Optional[str] = None  # the month's note when it is recorded per sub-activity

    @property
    def status_text(self) -> str:
        """What a reader sees in the «Estado» column: never «sin informe» for an invalid value."""
        if self.invalid_mark and self.level is None:
            return self.invalid_mark
        if self.level is not None:
            return self.level_name or ""
        return "vencido sin informe" if self.due else "pendiente"


@dataclass(frozen=True)
class ActivityView:
    description: str
    period: Optional[str]
    place: Optional[str]
    institutions: tuple[ActorRef, ...]
    civil_society: Optional[str]


@dataclass(frozen=True)
class MonthView:
    month: Month
    activities: tuple[ActivityView, ...]
    level: Optional[int]  # the month's level when reported for the whole month
    sublevels: tuple[tuple[int, int], ...]  # (sub-activity, level) when reported per sub-activity
    note: Optional[str]
    commitments: tuple[CommitmentView, ...] = ()  # the month's commitments, as of the report's month

    def institutions_for(self, subactivity: Optional[int]) -> tuple[ActorRef, ...]:
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
    answer: Optional[str]
    observations: Optional[str]
    met: bool


@dataclass(frozen=True)
class CoResponsibilityView:
    actor: ActorRef
    roles: tuple[str, ...]
    responsibilities: tuple[str, ...]
    expected_impact: Optional[str]


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
    form: Optional[str]
    status: str
    status_key: str
    annual_plan: Optional[int]
    signed: Optional[dt.date]
    people: tuple[PersonView, ...]
    objective: Optional[str]
    scheduled_activity: Optional[str]
    programmes: tuple[str, ...]
    goal: Optional[str]
    population: Optional[str]
    territory_text: Optional[str]
    territories: tuple[str, ...]
    civil_society_text: Optional[str]
    civil_society: tuple[ActorRef, ...]
    lead: ActorRef
    collaborators: tuple[ActorRef, ...]
    term_start: Optional[Month]
    term_end: Optional[Month]
    expected_impact: Optional[str]
    coresponsibility: tuple[CoResponsibilityView, ...]
    axis_id: Optional[str]
    axis_name: Optional[str]
    action_number: Optional[int]
    action_name: Optional[str]
    months: tuple[MonthView, ...]
    commitments: tuple[CommitmentView, ...]
    criteria: tuple[CriterionView, ...]
    checklist_met: int
    checklist_percent: float
    to_date: Optional[float]
    overall: Optional[float]
    term_elapsed: Optional[float]
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
    invalid_mark: Optional[str] = None  # «dato inválido, ver CP205» when ``problems``
    this_month: Optional[MonthView] = None  # the report's month in its schedule, if there
    next_month: Optional[MonthView] = None  # the month after, if in its schedule


@dataclass(frozen=True)
class Participation:
    agreement_id: str
    agreement_title: str
    role: str  # key of ROLES
    role_label: str
    detail: Optional[str]  # roles written in the co-responsibility table

    @property
    def file_stem(self) -> str:
        """The agreement sheet's file name (without extension), for links."""
        return f"ficha-{self.agreement_id}"


@dataclass
class ActorView:
    id: str
    name: str
    acronym: Optional[str]
    sector: str
    sector_label: str
    level: str
    level_label: str
    spaces: tuple[str, ...]
    themes: tuple[str, ...]
    territories: tuple[str, ...]
    has_principal: bool
    has_alternate: bool
    principal: Optional[PersonView]  # None in public mode
    alternate: Optional[PersonView]  # None in public mode
    offer: tuple[tuple[str, Optional[str], Optional[str]], ...]
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
    to_date: Optional[float]
    overall: Optional[float]
    checklist_percent: Optional[float]
    due: int
    unreported_due: int
    low: int
    invalid_mark: Optional[str] = None  # «dato inválido, ver CP205» when an invalid value is behind the figures


@dataclass(frozen=True)
class CriterionTotal:
    number: int
    key: str
    text: str
    met: int
    percent: Optional[float]


@dataclass(frozen=True)
class AxisView:
    id: str
    name: str
    actions: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class IndicatorView:
    kind: str
    name: str
    axis: Optional[str]
    baseline: Optional[str]
    target: Optional[str]


@dataclass(frozen=True)
class AnnualView:
    year: int
    as_of: Month
    agreements: tuple[AgreementView, ...]
    by_axis: tuple[RollupView, ...]
    to_date: Optional[float]
    overall: Optional[float]
    commitments: int
    due: int
    actors_by_sector: tuple[tuple[str, int], ...]
    actors_total: int
    civil_society_orgs: tuple[str, ...]
    institutions: tuple[str, ...]
    working_groups: tuple[tuple[str, str], ...]  # (axis name, group name)
    indicators: tuple[IndicatorView, ...]
    meetings: tuple[tuple[str, Optional[dt.date], Optional[str]], ...]
    has_plan: bool
    invalid_mark: Optional[str] = None  # «dato inválido, ver CP205» when an invalid value is behind the year's figures


@dataclass
class ReportContext:
    public: bool
    as_of: Month
    locale: str
    canton: str
    province: Optional[str]
    country: str
    council_type: str
    council_name: str
    strategy_name: str
    period: tuple[int, int]
    axes: tuple[AxisView, ...]
    territories: tuple[tuple[str, bool], ...]  # (name, prioritised)
    secretariat: Optional[str]
    secretariat_person: Optional[PersonView]  # None in public mode
    agreements: list[AgreementView]
    counted: int
    checklist_met: int
    checklist_total: int
    checklist_percent: Optional[float]
    criteria_totals: tuple[CriterionTotal, ...]
    to_date: Optional[float]
    overall: Optional[float]
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
    validation: Optional[dict[str, int]] = None
    #: The first thing every report says when the repository has errors (None: it has none).
    notice: Optional[str] = None
    invalid_mark: Optional[str] = None  # the totals' mark: «dato inválido, ver CP205», or None
    next_month: Optional[Month] = None  # the month after ``as_of``: what is due next
    criteria: tuple[Criterion, ...] = CRITERIA
    levels: tuple[tuple[int, str], ...] = tuple(sorted(NIVELES.items(), reverse=True))
    links: dict[str, str] = field(default_factory=dict)  # report key → file name, per format


#: People shown with each alert. Why a limit: an agreement's alerts (one per
#: commitment) times its people would grow with the square of the file.
ALERT_PEOPLE = 3


def _distinct(ids: list[str]) -> list[str]:
    """A list of ids without repeats, in order. Why: an id repeated 20 000 times
    must not print its actor's or territory's name 20 000 times."""
    return list(dict.fromkeys(ids))


def _person(p: Optional[Persona]) -> Optional[PersonView]:
    if not has_personal_data(p):  # absent, or redacted
        return None
    return PersonView(p.nombre, p.cargo, p.correo, p.telefono)


def public_source(repo: Repository, fig: RepoFigures) -> tuple[Repository, RepoFigures]:
    """The repository and figures with every personal field set to None, and
    every e-mail address and phone number typed into a free text replaced by
    a mark (model/personal.py: ``redact``).

    The one place personal data is removed for public outputs: the context
    is then built from these, so nothing personal can reach a template.
    """
    done: dict[int, Any] = {}

    def once(model: Any) -> Any:  # the figures share each agreement's model with its document
        if id(model) not in done:
            done[id(model)] = redact(model)
        return done[id(model)]

    def doc(d):  # type: ignore[no-untyped-def]
        return replace(d, model=once(d.model)) if d is not None and d.model is not None else d

    public_repo = replace(
        repo,
        canton=doc(repo.canton),
        actores=doc(repo.actores),
        planes=[doc(d) for d in repo.planes],
        acuerdos=[doc(d) for d in repo.acuerdos],
    )
    # The figures hold texts of their own, taken from the files before the
    # redaction: each commitment's description and note and each criterion's
    # observations (made again from the redacted agreement when it had contact
    # data to scrub), and the names of actors, axes, actions and territories.
    def agreement(f: AgreementFigures) -> AgreementFigures:
        public = once(f.acuerdo)
        changes: dict[str, Any] = {}
        if maybe_contact("\x00".join(text for _, text in free_texts(f.acuerdo))):
            changes.update(checklist=checklist(public), progress=progress(public, fig.as_of))
        return replace(
            f,
            acuerdo=public,
            lead_actor_name=scrub_text(f.lead_actor_name) or "",
            axis_name=scrub_text(f.axis_name),
            action_name=scrub_text(f.action_name),
            **changes,
        )

    public_fig = replace(
        fig,
        canton=scrub_text(fig.canton),
        agreements=[agreement(f) for f in fig.agreements],
        rollups={dim: [replace(r, name=scrub_text(r.name) or "") for r in rs] for dim, rs in fig.rollups.items()},
    )
    return public_repo, public_fig


def _rollup(r, pool_: PooledProgress, cl: ChecklistTotals) -> RollupView:
    mark = invalid_mark(r.problems) if r.problems else None
    return RollupView(r.key, r.name, len(r.agreements), pool_.to_date, pool_.overall, cl.percent, pool_.due, pool_.unreported_due, pool_.low, mark)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def problems_notice(validation: Optional[dict[str, int]], fig: RepoFigures) -> Optional[str]:
    """What the first page of every report says about a repository with errors (None: it has none)."""
    errors = (validation or {}).get("errors", 0)
    if not errors and not fig.unread and not fig.problems:
        return None
    parts = []
    if errors:
        parts.append(f"El repositorio tiene {_plural(errors, 'error', 'errores')}")
    else:
        parts.append("El repositorio tiene datos inválidos")
    if fig.problems:
        parts.append(f"las cifras marcadas «{invalid_mark(fig.problems)}» no cuentan un valor que no se puede usar")
    if fig.unread:
        parts.append(f"{_plural(len(fig.unread), 'acuerdo que no se pudo leer no está', 'acuerdos que no se pudieron leer no están')} en este informe")
    return "; ".join(parts) + ". Ejecute «coprod validate» para ver dónde y cómo corregirlos."


def build_context(
    repo: Repository,
    fig: RepoFigures,
    locale: str,
    public: bool,
    year: Optional[int] = None,
    validation: Optional[dict[str, int]] = None,
) -> ReportContext:
    if public:
        repo, fig = public_source(repo, fig)
    manifest = repo.manifest
    actors: dict[str, Actor] = {x.id: x for x in repo.actor_map.actores} if repo.actor_map else {}
    territory_names = {t.id: t.nombre for t in manifest.territorios} if manifest else {}

    def ref(actor_id: str) -> ActorRef:
        a = actors.get(actor_id)
        return ActorRef(actor_id, a.nombre if a else actor_id, a.siglas if a else None, a is not None)

    def people(a: Acuerdo) -> tuple[PersonView, ...]:
        return tuple(
            PersonView(e.nombre, e.cargo, e.correo, e.telefono, ref(e.actor) if e.actor else None)
            for e in a.encargados
            if has_personal_data(e)  # redacted in public mode
        )

    def alert_view(al: Alert, a: Acuerdo, everyone: tuple[PersonView, ...]) -> AlertView:
        shown = everyone[:ALERT_PEOPLE]
        return AlertView(al.kind, ALERT_LABELS[al.kind], a.id, a.titulo, alert_sentence(al, locale), ref(al.responsible), shown, len(everyone) - len(shown))

    def commitment_view(c: Commitment) -> CommitmentView:
        return CommitmentView(
            c.month,
            c.subactivity,
            c.description,
            c.level,
            NIVELES.get(c.level) if c.level is not None else None,
            c.due(fig.as_of),
            c.note,
            c.state(fig.as_of),
            c.invalid,
            invalid_mark(c.invalid) if c.invalid else None,
            level_label(c.level, locale) if c.level is not None else None,
            c.month_note,
        )

    def month_view(m: MesCronograma, mine: tuple[CommitmentView, ...]) -> MonthView:
        whole = next((c for c in mine if c.subactivity is None), None)
        return MonthView(
            m.mes,
            tuple(ActivityView(x.descripcion, x.periodo, x.lugar, tuple(ref(i) for i in _distinct(x.instituciones)), x.sociedad_civil) for x in m.actividades),
            whole.level if whole is not None else None,
            tuple((c.subactivity, c.level) for c in mine if c.subactivity is not None and c.level is not None),
            whole.note if whole is not None else next((c.month_note for c in mine if c.month_note), None),
            mine,
        )

    following = fig.as_of + 1

    agreements: list[AgreementView] = []
    for f in fig.agreements:
        a = f.acuerdo
        act = a.actividad
        cron = a.cronograma
        # Every level, note and state comes from the figures (as of the report's month), never from the file.
        p = f.progress
        commitment_views = tuple(commitment_view(c) for c in p.commitments)
        by_month: dict[Month, list[CommitmentView]] = {}
        for cv in commitment_views:
            by_month.setdefault(cv.month, []).append(cv)
        months = [month_view(m, tuple(by_month.get(m.mes, ()))) for m in (sorted(cron.meses, key=lambda m: m.mes) if cron else [])]
        this_month = next((m for m in months if m.month == fig.as_of), None)
        next_month = next((m for m in months if m.month == following), None)
        involved = people(a)
        agreements.append(
            AgreementView(
                id=a.id,
                title=a.titulo,
                form=FORMAS.get(a.forma) if a.forma else None,
                status=ESTADOS[a.estado],
                status_key=a.estado,
                annual_plan=a.plan_anual,
                signed=a.fecha_firma,
                people=involved,
                objective=a.objetivo,
                scheduled_activity=act.actividad_programada,
                programmes=tuple(act.planes_programas),
                goal=act.meta,
                population=act.poblacion,
                territory_text=act.territorio.descripcion if act.territorio else None,
                territories=tuple(territory_names.get(t, t) for t in _distinct(act.territorio.territorios)) if act.territorio else (),
                civil_society_text=act.actores_sociedad_civil.descripcion if act.actores_sociedad_civil else None,
                civil_society=tuple(ref(x) for x in _distinct(act.actores_sociedad_civil.actores)) if act.actores_sociedad_civil else (),
                lead=ref(act.actor_encargado),
                collaborators=tuple(ref(x) for x in _distinct(act.actores_colaboradores)),
                term_start=act.plazo.inicio if act.plazo else None,
                term_end=act.plazo.fin if act.plazo else None,
                expected_impact=act.impacto_esperado,
                coresponsibility=tuple(
                    CoResponsibilityView(ref(c.actor), tuple(c.roles), tuple(c.responsabilidades), c.impacto_esperado) for c in a.corresponsabilidad
                ),
                axis_id=cron.eje if cron else None,
                axis_name=f.axis_name,
                action_number=cron.accion_estrategica if cron else None,
                action_name=f.action_name,
                months=tuple(months),
                commitments=commitment_views,
                criteria=tuple(
                    CriterionView(i.criterion.number, i.criterion.key, i.criterion.text, i.content, i.answer, i.observaciones, i.met) for i in f.checklist.items
                ),
                checklist_met=f.checklist.met,
                checklist_percent=f.checklist.percent,
                to_date=p.to_date,
                overall=p.overall,
                term_elapsed=p.term_elapsed,
                behind_schedule=p.behind_schedule,
                commitments_total=p.total,
                commitments_due=len(p.due),
                unreported_due=len(p.unreported_due),
                alerts=tuple(alert_view(al, a, involved) for al in f.alerts),
                counts_in_totals=f.counts_in_totals,
                file_stem=f"ficha-{a.id}",
                source=f.rel,
                low=len(p.low),
                invalid_due=len(p.invalid_due),
                problems=p.problems,
                invalid_mark=invalid_mark(p.problems) if p.problems else None,
                this_month=this_month,
                next_month=next_month,
            )
        )

    # Actor map and participation.
    participation: dict[str, list[Participation]] = {k: [] for k in actors}
    for av in agreements:
        def add(actor: ActorRef, role: str, detail: Optional[str] = None) -> None:
            participation.setdefault(actor.id, []).append(Participation(av.id, av.title, role, ROLES[role], detail))

        add(av.lead, "lead")
        for x in av.collaborators:
            add(x, "collaborator")
        for x in av.civil_society:
            add(x, "civil")
        for c in av.coresponsibility:
            add(c.actor, "coresponsible", "; ".join(c.roles) or None)
    actor_views = []
    for x in actors.values():
        actor_views.append(
            ActorView(
                id=x.id,
                name=x.nombre,
                acronym=x.siglas,
                sector=x.sector,
                sector_label=SECTORES[x.sector],
                level=x.nivel,
                level_label=NIVELES_ACTOR[x.nivel],
                spaces=tuple(x.espacios),
                themes=tuple(x.temas),
                territories=tuple(territory_names.get(t, t) for t in _distinct(x.territorios)),
                has_principal=x.titular is not None,
                has_alternate=x.suplente is not None,
                principal=_person(x.titular),
                alternate=_person(x.suplente),
                offer=tuple((o.descripcion, o.genero, o.grupo_etario) for o in x.oferta),
                participation=tuple(participation.get(x.id, ())),
            )
        )
    sectors = []
    for skey, slabel in SECTORES.items():
        in_sector = [v for v in actor_views if v.sector == skey]
        if not in_sector:
            continue
        levels = tuple((NIVELES_ACTOR[lk], tuple(v for v in in_sector if v.level == lk)) for lk in NIVELES_ACTOR if any(v.level == lk for v in in_sector))
        sectors.append(SectorGroup(slabel, levels))

    rollups = {dim: tuple(_rollup(r, r.progress, r.checklist) for r in rs) for dim, rs in fig.rollups.items()}
    criteria_totals = tuple(
        CriterionTotal(c.number, c.key, c.text, fig.checklist.per_criterion[i], fig.checklist.criterion_percent(i)) for i, c in enumerate(CRITERIA)
    )

    annual = _annual(repo, fig, agreements, actor_views, year or default_year(repo, fig.as_of))
    return ReportContext(
        public=public,
        as_of=fig.as_of,
        locale=locale,
        canton=manifest.canton if manifest else "",
        province=manifest.provincia if manifest else None,
        country=manifest.pais if manifest else "",
        council_type=manifest.instancia.tipo if manifest else "",
        council_name=manifest.instancia.nombre if manifest else "",
        strategy_name=manifest.estrategia.nombre if manifest else "",
        period=(manifest.estrategia.periodo.inicio, manifest.estrategia.periodo.fin) if manifest else (0, 0),
        axes=tuple(AxisView(e.id, e.nombre, tuple((ac.numero, ac.nombre) for ac in e.acciones)) for e in manifest.estrategia.ejes) if manifest else (),
        territories=tuple((t.nombre, t.priorizado) for t in manifest.territorios) if manifest else (),
        secretariat=manifest.secretaria_tecnica.nombre if manifest and manifest.secretaria_tecnica else None,
        secretariat_person=_person(manifest.secretaria_tecnica.responsable) if manifest and manifest.secretaria_tecnica else None,
        agreements=agreements,
        counted=sum(1 for a in agreements if a.counts_in_totals),
        checklist_met=fig.checklist.met,
        checklist_total=fig.checklist.total,
        checklist_percent=fig.checklist.percent,
        criteria_totals=criteria_totals,
        to_date=fig.progress.to_date,
        overall=fig.progress.overall,
        commitments=fig.progress.commitments,
        due=fig.progress.due,
        alert_counts=dict(fig.alert_counts),
        alerts=tuple(al for a in agreements for al in a.alerts),
        rollups=rollups,
        actors=tuple(actor_views),
        sectors=tuple(sectors),
        missing_alternate=tuple(v for v in actor_views if not v.has_alternate),
        annual=annual,
        unread_files=tuple(sorted({d.rel for d in repo.documents if d.model is None} | {p.rel for p in repo.structure})),
        validation=dict(validation) if validation is not None else None,
        notice=problems_notice(validation, fig),
        invalid_mark=invalid_mark(fig.problems) if fig.problems else None,
        next_month=following,
    )


def default_year(repo: Repository, as_of: Month) -> int:
    """The annual report covers an annual plan: the latest plan year up to the as-of year."""
    years = [p.anio for _, p in repo.valid_plans() if p.anio <= as_of.year]
    return max(years) if years else as_of.year


def _as_of_view(a: AgreementView, p: Progress) -> AgreementView:
    """An agreement's view with its progress figures as of another month (the annual report's cut)."""
    return replace(
        a,
        to_date=p.to_date,
        overall=p.overall,
        term_elapsed=p.term_elapsed,
        behind_schedule=p.behind_schedule,
        commitments_due=len(p.due),
        unreported_due=len(p.unreported_due),
        low=len(p.low),
        invalid_due=len(p.invalid_due),
        problems=p.problems,
        invalid_mark=invalid_mark(p.problems) if p.problems else None,
    )


def _annual(repo: Repository, fig: RepoFigures, agreements: list[AgreementView], actors: list[ActorView], year: int) -> AnnualView:
    """The public annual report (5.3 A.2.3): the agreements of a year and their progress."""
    from ..compute.progress import pool

    as_of = min(fig.as_of, Month(year, 12))
    in_year = []
    for av in agreements:
        months = [c.month for c in av.commitments]
        if av.annual_plan == year or any(m.year == year for m in months) or (
            av.term_start is not None and av.term_end is not None and av.term_start.year <= year <= av.term_end.year
        ):
            in_year.append(av)
    by_fig = {f.id: f for f in fig.agreements}
    # Every figure of the year as of its own cut (December, or the report's month if earlier):
    # what was recorded after it does not exist for this report.
    year_progress = {a.id: progress(by_fig[a.id].acuerdo, as_of) if as_of != fig.as_of else by_fig[a.id].progress for a in in_year}
    in_year = [_as_of_view(a, year_progress[a.id]) if as_of != fig.as_of else a for a in in_year]
    counted = [by_fig[a.id] for a in in_year if a.counts_in_totals]
    commitments = [(c, as_of) for f in counted for c in year_progress[f.id].commitments if c.month.year == year]
    total = pool(commitments)
    year_codes = set(total.problems) | {c for f in counted for c in year_progress[f.id].problems} | {c for u in fig.unread for c in u.codes}
    axes: dict[str, list] = {}
    names: dict[str, str] = {}
    members: dict[str, set] = {}
    for f in counted:
        cron = f.acuerdo.cronograma
        if not cron:
            continue
        names[cron.eje] = f.axis_name or cron.eje
        members.setdefault(cron.eje, set()).add(f.id)
        axes.setdefault(cron.eje, []).extend((c, as_of) for c in year_progress[f.id].commitments if c.month.year == year)
    order = [e.id for e in repo.manifest.estrategia.ejes] if repo.manifest else []
    by_axis = []
    for k in sorted(axes, key=lambda k: order.index(k) if k in order else len(order)):
        pp = pool(axes[k])
        codes = set(pp.problems) | {c for f in counted if f.acuerdo.cronograma and f.acuerdo.cronograma.eje == k for c in year_progress[f.id].problems}
        mark = invalid_mark(codes) if codes else None
        by_axis.append(RollupView(k, names[k], len(members[k]), pp.to_date, pp.overall, None, pp.due, pp.unreported_due, pp.low, mark))
    ids = {a.id for a in in_year}
    taking_part = [v for v in actors if any(p.agreement_id in ids for p in v.participation)]
    sector_counts = []
    for skey, slabel in SECTORES.items():
        n = sum(1 for v in taking_part if v.sector == skey)
        if n:
            sector_counts.append((slabel, n))
    plan = next((p for _, p in repo.valid_plans() if p.anio == year), None)
    axis_names = {e.id: e.nombre for e in repo.manifest.estrategia.ejes} if repo.manifest else {}
    return AnnualView(
        year=year,
        as_of=as_of,
        agreements=tuple(in_year),
        by_axis=tuple(by_axis),
        to_date=total.to_date,
        overall=total.overall,
        commitments=total.commitments,
        due=total.due,
        actors_by_sector=tuple(sector_counts),
        actors_total=len(taking_part),
        civil_society_orgs=tuple(v.name for v in taking_part if v.sector == "sociedad_civil"),
        institutions=tuple(v.label for v in taking_part if v.sector != "sociedad_civil"),
        working_groups=tuple((axis_names.get(g.eje, g.eje), g.nombre or "") for g in plan.grupos_trabajo) if plan else (),
        indicators=tuple(IndicatorView(title(i.tipo), i.nombre, axis_names.get(i.eje) if i.eje else None, i.linea_base, i.meta) for i in plan.indicadores) if plan else (),
        meetings=tuple((label(e.tipo), e.fecha, e.descripcion) for e in plan.encuentros) if plan else (),
        has_plan=plan is not None,
        invalid_mark=invalid_mark(year_codes) if year_codes else None,
    )
