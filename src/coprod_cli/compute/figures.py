"""Repository figures: per-agreement checklist, progress and alerts, totals,
and roll-ups by axis, strategic action, lead actor, territory and year.

No I/O, no printing: every command and report reads a ``RepoFigures``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from ..i18n import pct
from ..load.repository import Repository
from ..model.models import Acuerdo
from ..model.types import Month
from .checklist import Checklist, ChecklistTotals, checklist, checklist_totals
from .progress import Commitment, PooledProgress, Progress, pool, progress

#: States whose commitments are binding: only they raise alerts.
ACTIVE_STATES = ("firmado", "en_ejecucion", "concluido")
#: Cancelled agreements stay listed but are left out of totals and roll-ups.
EXCLUDED_FROM_TOTALS = ("cancelado",)

ALERT_KINDS = ("unreported", "late", "behind_schedule")


def current_month(today: Optional[dt.date] = None) -> Month:
    today = today or dt.date.today()
    return Month(today.year, today.month)


@dataclass(frozen=True)
class Alert:
    kind: str  # one of ALERT_KINDS
    agreement: str
    month: Optional[Month]
    subactivity: Optional[int]
    level: Optional[int]
    responsible: str  # lead actor id
    message: str  # Spanish, one line


@dataclass
class AgreementFigures:
    rel: str
    acuerdo: Acuerdo
    checklist: Checklist
    progress: Progress
    alerts: list[Alert]
    lead_actor_name: str
    axis_name: Optional[str]
    action_name: Optional[str]

    @property
    def id(self) -> str:
        return self.acuerdo.id

    @property
    def counts_in_totals(self) -> bool:
        return self.acuerdo.estado not in EXCLUDED_FROM_TOTALS


@dataclass(frozen=True)
class Rollup:
    dimension: str  # axis | strategic_action | lead_actor | territory | year
    key: str
    name: str
    agreements: tuple[str, ...]
    progress: PooledProgress
    checklist: ChecklistTotals


@dataclass
class RepoFigures:
    as_of: Month
    canton: Optional[str]
    agreements: list[AgreementFigures]
    checklist: ChecklistTotals
    progress: PooledProgress
    alert_counts: dict[str, int]
    rollups: dict[str, list[Rollup]] = field(default_factory=dict)


def _alerts(a: Acuerdo, p: Progress) -> list[Alert]:
    if a.estado not in ACTIVE_STATES:
        return []
    lead = a.actividad.actor_encargado
    out: list[Alert] = []

    def label(c: Commitment) -> str:
        return f"{c.month}" + (f", subactividad {c.subactivity}" if c.subactivity else "")

    for c in p.unreported_due:
        out.append(Alert("unreported", a.id, c.month, c.subactivity, None, lead, f"{label(c)}: compromiso vencido sin avance informado"))
    for c in p.late:
        out.append(Alert("late", a.id, c.month, c.subactivity, c.level, lead, f"{label(c)}: compromiso vencido con {c.level} % (no cumplido)"))
    if p.behind_schedule:
        out.append(
            Alert(
                "behind_schedule",
                a.id,
                None,
                None,
                None,
                lead,
                f"atrasado: avance global {pct(p.overall)} con el {pct(p.term_elapsed)} del plazo transcurrido",
            )
        )
    return out


def compute(repo: Repository, as_of: Month) -> RepoFigures:
    manifest = repo.manifest
    actor_names = {x.id: (x.siglas or x.nombre) for x in repo.actor_map.actores} if repo.actor_map else {}
    axes = {e.id: e for e in manifest.estrategia.ejes} if manifest else {}
    actions = {ac.numero: ac.nombre for e in axes.values() for ac in e.acciones}
    territories = {t.id: t.nombre for t in manifest.territorios} if manifest else {}

    figures: list[AgreementFigures] = []
    for doc, a in sorted(repo.valid_agreements(), key=lambda x: x[1].id):
        p = progress(a, as_of)
        cron = a.cronograma
        figures.append(
            AgreementFigures(
                rel=doc.rel,
                acuerdo=a,
                checklist=checklist(a),
                progress=p,
                alerts=_alerts(a, p),
                lead_actor_name=actor_names.get(a.actividad.actor_encargado, a.actividad.actor_encargado),
                axis_name=axes[cron.eje].nombre if cron and cron.eje in axes else None,
                action_name=actions.get(cron.accion_estrategica) if cron else None,
            )
        )

    counted = [f for f in figures if f.counts_in_totals]
    alert_counts = {k: sum(1 for f in figures for al in f.alerts if al.kind == k) for k in ALERT_KINDS}
    result = RepoFigures(
        as_of=as_of,
        canton=manifest.canton if manifest else None,
        agreements=figures,
        checklist=checklist_totals(f.checklist for f in counted),
        progress=pool((c, as_of) for f in counted for c in f.progress.commitments),
        alert_counts=alert_counts,
    )

    # Roll-ups: agreements grouped by a key; progress pools their commitments.
    def group(dimension: str, keys_of, name_of) -> list[Rollup]:
        groups: dict[str, list[AgreementFigures]] = {}
        for f in counted:
            for k in keys_of(f):
                groups.setdefault(k, []).append(f)
        out = []
        for k, fs in groups.items():
            out.append(
                Rollup(
                    dimension,
                    k,
                    name_of(k),
                    tuple(f.id for f in fs),
                    pool((c, as_of) for f in fs for c in f.progress.commitments),
                    checklist_totals(f.checklist for f in fs),
                )
            )
        return out

    order_axes = list(axes)
    result.rollups["axis"] = sorted(
        group("axis", lambda f: [f.acuerdo.cronograma.eje] if f.acuerdo.cronograma else [], lambda k: axes[k].nombre if k in axes else k),
        key=lambda r: (order_axes.index(r.key) if r.key in order_axes else len(order_axes), r.key),
    )
    result.rollups["strategic_action"] = sorted(
        group(
            "strategic_action",
            lambda f: [str(f.acuerdo.cronograma.accion_estrategica)] if f.acuerdo.cronograma else [],
            lambda k: actions.get(int(k), k),
        ),
        key=lambda r: int(r.key),
    )
    result.rollups["lead_actor"] = sorted(
        group("lead_actor", lambda f: [f.acuerdo.actividad.actor_encargado], lambda k: actor_names.get(k, k)),
        key=lambda r: r.name.lower(),
    )
    result.rollups["territory"] = sorted(
        group(
            "territory",
            lambda f: list(dict.fromkeys(f.acuerdo.actividad.territorio.territorios)) if f.acuerdo.actividad.territorio else [],
            lambda k: territories.get(k, k),
        ),
        key=lambda r: r.name.lower(),
    )
    # Year: commitments grouped by the year of their month (an agreement that
    # spans two years counts in both, each with its own commitments).
    years: dict[int, list[tuple[str, Commitment]]] = {}
    for f in counted:
        for c in f.progress.commitments:
            years.setdefault(c.month.year, []).append((f.id, c))
    by_id = {f.id: f for f in counted}
    result.rollups["year"] = []
    for y, items in sorted(years.items()):
        ids = tuple(dict.fromkeys(i for i, _ in items))
        result.rollups["year"].append(
            Rollup("year", str(y), str(y), ids, pool((c, as_of) for _, c in items), checklist_totals(by_id[i].checklist for i in ids))
        )
    return result
