"""The figures of the public annual report (5.3 A.2.3): the agreements of a
year and their progress as of the year's cut.

The cut is December of the year, or the report's month when it is earlier:
what was recorded after it does not exist for this report. The year's
totals pool the commitments scheduled in the year (compute/rollups.py:
``year_pool``, the same pooling as the «year» roll-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..load.repository import Repository
from ..model.models import Acuerdo
from ..model.types import Month
from .figures import AgreementFigures, RepoFigures
from .progress import PooledProgress, Progress, progress
from .rollups import year_pool


@dataclass(frozen=True)
class AxisYear:
    """One strategic axis in the year: its agreements' commitments of the year, pooled."""

    key: str
    name: str
    agreements: int
    progress: PooledProgress
    problems: tuple[str, ...]  # codes of the invalid values behind the figures (empty: none)


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    as_of: Month  # the cut: December of the year, or the report's month if earlier
    #: Positions in ``RepoFigures.agreements`` of the year's agreements.
    positions: tuple[int, ...]
    #: Each of the year's agreements' progress as of the cut, by id.
    progress: dict[str, Progress]
    total: PooledProgress
    by_axis: tuple[AxisYear, ...]
    problems: tuple[str, ...]  # codes of every invalid value behind the year's figures
    #: Ids of the actors that take part in the year's agreements (any role).
    participants: frozenset[str] = frozenset()


def default_year(repo: Repository, as_of: Month) -> int:
    """The annual report covers an annual plan: the latest plan year up to the as-of year."""
    years = [p.anio for _, p in repo.valid_plans() if p.anio <= as_of.year]
    return max(years) if years else as_of.year


def participants(a: Acuerdo) -> set[str]:
    """The actors an agreement names in any role: lead, collaborator, civil society, co-responsible."""
    act = a.actividad
    ids = {act.actor_encargado, *act.actores_colaboradores, *(c.actor for c in a.corresponsabilidad)}
    if act.actores_sociedad_civil:
        ids.update(act.actores_sociedad_civil.actores)
    return ids


def in_year(f: AgreementFigures, year: int) -> bool:
    """An agreement of the year: in its annual plan, with a commitment in it, or with a term that spans it."""
    plazo = f.acuerdo.actividad.plazo
    return (
        f.acuerdo.plan_anual == year
        or any(c.month.year == year for c in f.progress.commitments)
        or (plazo is not None and plazo.inicio.year <= year <= plazo.fin.year)
    )


def _by_axis(counted: list[AgreementFigures], cut: dict[str, Progress], year: int, axis_order: Sequence[str]) -> tuple[AxisYear, ...]:
    names: dict[str, str] = {}
    members: dict[str, list[AgreementFigures]] = {}
    for f in counted:
        cron = f.acuerdo.cronograma
        if cron:
            names[cron.eje] = f.axis_name or cron.eje
            members.setdefault(cron.eje, []).append(f)
    out = []
    for k in sorted(members, key=lambda k: axis_order.index(k) if k in axis_order else len(axis_order)):
        pooled = year_pool((cut[f.id] for f in members[k]), year)
        codes = set(pooled.problems) | {c for f in members[k] for c in cut[f.id].problems}
        out.append(AxisYear(k, names[k], len({f.id for f in members[k]}), pooled, tuple(sorted(codes))))
    return tuple(out)


def annual_figures(fig: RepoFigures, year: int, axis_order: Sequence[str] = ()) -> AnnualFigures:
    """The year's agreements and figures, each progress read once as of the year's cut."""
    as_of = min(fig.as_of, Month(year, 12))
    by_id = {f.id: f for f in fig.agreements}
    positions = tuple(i for i, f in enumerate(fig.agreements) if in_year(f, year))
    chosen = [fig.agreements[i] for i in positions]
    cut = {f.id: progress(by_id[f.id].acuerdo, as_of) if as_of != fig.as_of else by_id[f.id].progress for f in chosen}
    counted = [by_id[f.id] for f in chosen if f.counts_in_totals]
    total = year_pool((cut[f.id] for f in counted), year)
    codes = set(total.problems) | {c for f in counted for c in cut[f.id].problems} | {c for u in fig.unread for c in u.codes}
    ids = {f.id for f in chosen}
    taking_part = frozenset(x for f in fig.agreements if f.id in ids for x in participants(f.acuerdo))
    return AnnualFigures(year, as_of, positions, cut, total, _by_axis(counted, cut, year, axis_order), tuple(sorted(codes)), taking_part)
