"""Repository figures: per-agreement checklist, progress and alerts, totals,
and roll-ups by axis, strategic action, lead actor, territory and year.

No I/O, no printing, no sentences: every command and report reads a
``RepoFigures`` of numbers and records, and writes its own words where the
canton's locale is known (render/figures_text.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..load.repository import Repository
from ..model.models import Acuerdo
from ..model.types import Month
from .checklist import Checklist, ChecklistTotals, checklist, checklist_totals
from .progress import PooledProgress, Progress, pool, progress
from .session_records import SESSION_ALERT_KINDS, SessionAlert, SessionFigures
from .sessions import compute_sessions

#: States whose commitments are binding: only they raise alerts.
ACTIVE_STATES = ("firmado", "en_ejecucion", "concluido")
#: Cancelled agreements stay listed but are left out of totals and roll-ups.
EXCLUDED_FROM_TOTALS = ("cancelado",)

#: unreported: a due commitment with nothing recorded; low_progress: a due
#: commitment reported at 0 % or 25 % (progress.LOW_LEVELS); behind_schedule:
#: overall progress below the term elapsed; invalid: a value recorded for the
#: agreement that no figure can use (its rule's code says why).
ALERT_KINDS = ("unreported", "low_progress", "behind_schedule", "invalid")


@dataclass(frozen=True)
class Alert:
    """An alert as a record: the words are written by whoever shows it."""

    kind: str  # one of ALERT_KINDS
    agreement: str
    month: Month | None
    subactivity: int | None
    level: int | None
    responsible: str  # lead actor id
    overall: float | None = None  # behind_schedule: the overall progress…
    term_elapsed: float | None = None  # …and the share of the term elapsed
    codes: tuple[str, ...] = ()  # invalid: the rules that report the value
    problem: str | None = None  # invalid: what is wrong (RecordProblem.kind, or "inverted_term")


@dataclass(frozen=True)
class UnreadAgreement:
    """An agreement file that does not load: it is in no figure."""

    rel: str
    codes: tuple[str, ...]  # the rules that report why (CP0xx, CP1xx)


@dataclass
class AgreementFigures:
    rel: str
    acuerdo: Acuerdo
    checklist: Checklist
    progress: Progress
    alerts: list[Alert]
    lead_actor_name: str
    axis_name: str | None
    action_name: str | None

    @property
    def id(self) -> str:
        return self.acuerdo.id

    @property
    def counts_in_totals(self) -> bool:
        return self.acuerdo.estado not in EXCLUDED_FROM_TOTALS

    def alert_count(self, kind: str) -> int:
        """How many of its alerts are of a kind (ALERT_KINDS)."""
        return sum(1 for al in self.alerts if al.kind == kind)


@dataclass(frozen=True)
class Rollup:
    dimension: str  # axis | strategic_action | lead_actor | territory | year
    key: str
    name: str
    agreements: tuple[str, ...]
    progress: PooledProgress
    checklist: ChecklistTotals
    #: Codes of the invalid values behind the group's figures (empty: none).
    problems: tuple[str, ...] = ()


@dataclass
class RepoFigures:
    as_of: Month
    canton: str | None
    agreements: list[AgreementFigures]
    checklist: ChecklistTotals
    progress: PooledProgress
    alert_counts: dict[str, int]
    rollups: dict[str, list[Rollup]] = field(default_factory=dict)
    #: Agreement files that do not load (left out of every figure, and said so).
    unread: tuple[UnreadAgreement, ...] = ()
    #: The session figures (compute/sessions.py); None only when built without them.
    sessions: SessionFigures | None = None

    @property
    def session_alerts(self) -> tuple[SessionAlert, ...]:
        """The session alerts (sessions.SESSION_ALERT_KINDS), apart from the agreements' ``alert_counts``."""
        return self.sessions.alerts if self.sessions is not None else ()

    @property
    def session_alert_counts(self) -> dict[str, int]:
        return self.sessions.alert_counts() if self.sessions is not None else dict.fromkeys(SESSION_ALERT_KINDS, 0)

    @property
    def counted(self) -> int:
        """How many agreements count in the totals (cancelled ones are listed but do not)."""
        return sum(1 for f in self.agreements if f.counts_in_totals)

    @property
    def problems(self) -> tuple[str, ...]:
        """Codes of every invalid value behind the totals, unread agreements included (empty: none)."""
        codes = set(self.progress.problems) | {c for u in self.unread for c in u.codes}
        codes |= {c for f in self.agreements if f.counts_in_totals for c in f.progress.problems}
        return tuple(sorted(codes))


def _alerts(a: Acuerdo, p: Progress) -> list[Alert]:
    lead = a.actividad.actor_encargado
    out: list[Alert] = []
    # Invalid values are alerts in every state: a wrong value is never shown as missing.
    for c in p.commitments:
        if c.invalid:
            out.append(Alert("invalid", a.id, c.month, c.subactivity, c.level, lead, codes=c.invalid))
    for s in p.stray:
        out.append(Alert("invalid", a.id, s.month, s.subactivity, None, lead, codes=(s.code,), problem=s.kind))
    if p.term_problem:
        out.append(Alert("invalid", a.id, None, None, None, lead, codes=(p.term_problem,), problem="inverted_term"))
    if a.estado not in ACTIVE_STATES:
        return out
    for c in p.unreported_due:
        out.append(Alert("unreported", a.id, c.month, c.subactivity, None, lead))
    for c in p.low:
        out.append(Alert("low_progress", a.id, c.month, c.subactivity, c.level, lead))
    if p.behind_schedule:
        out.append(Alert("behind_schedule", a.id, None, None, None, lead, overall=p.overall, term_elapsed=p.term_elapsed))
    return out


def unread_agreements(repo: Repository) -> tuple[UnreadAgreement, ...]:
    """Agreement files that did not load, each with the codes of its problems."""
    out = []
    for doc in repo.acuerdos:
        if doc.model is None and not doc.cached:
            codes = {lp.code for lp in doc.source.problems} | {sp.code for sp in doc.schema_problems}
            out.append(UnreadAgreement(doc.rel, tuple(sorted(codes))))
    return tuple(sorted(out, key=lambda u: u.rel))


@dataclass(frozen=True)
class Names:
    """The names the figures show for the ids an agreement refers to."""

    actors: dict[str, str]  # actor id → acronym, or name
    axes: dict[str, str]  # axis id → name, in the strategy's order
    actions: dict[int, str]  # strategic action number → name
    territories: dict[str, str]  # territory id → name

    @classmethod
    def of(cls, repo: Repository) -> Names:
        manifest = repo.manifest
        axes = {e.id: e for e in manifest.estrategia.ejes} if manifest else {}
        return cls(
            actors={x.id: (x.siglas or x.nombre) for x in repo.actor_map.actores} if repo.actor_map else {},
            axes={k: e.nombre for k, e in axes.items()},
            actions={ac.numero: ac.nombre for e in axes.values() for ac in e.acciones},
            territories={t.id: t.nombre for t in manifest.territorios} if manifest else {},
        )


def agreement_figures(rel: str, a: Acuerdo, as_of: Month, names: Names) -> AgreementFigures:
    """One agreement's checklist, progress and alerts as of a month."""
    p = progress(a, as_of)
    cron = a.cronograma
    lead = a.actividad.actor_encargado
    return AgreementFigures(
        rel=rel,
        acuerdo=a,
        checklist=checklist(a),
        progress=p,
        alerts=_alerts(a, p),
        lead_actor_name=names.actors.get(lead, lead),
        axis_name=names.axes[cron.eje] if cron and cron.eje in names.axes else None,
        action_name=names.actions.get(cron.accion_estrategica) if cron else None,
    )


def compute(repo: Repository, as_of: Month) -> RepoFigures:
    """Every figure of the repository as of a month: per agreement, totals and roll-ups."""
    from .rollups import rollups

    manifest = repo.manifest
    names = Names.of(repo)
    figures = [agreement_figures(doc.rel, a, as_of, names) for doc, a in sorted(repo.valid_agreements(), key=lambda x: x[1].id)]
    counted = [f for f in figures if f.counts_in_totals]
    return RepoFigures(
        as_of=as_of,
        canton=manifest.canton if manifest else None,
        agreements=figures,
        checklist=checklist_totals(f.checklist for f in counted),
        progress=pool((c, as_of) for f in counted for c in f.progress.commitments),
        alert_counts={k: sum(f.alert_count(k) for f in figures) for k in ALERT_KINDS},
        rollups=rollups(counted, as_of, names),
        unread=unread_agreements(repo),
        sessions=compute_sessions(repo, as_of),
    )
