"""Roll-ups: the agreements that count in the totals grouped by axis,
strategic action, lead actor, territory and year, each group's progress
pooled over its commitments (every commitment weighs the same).

The year's figures are made by ``year_pool``, the one place the
commitments of a year are pooled: the «year» roll-up here and the annual
report (compute/annual.py) both read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..model.types import Month
from .checklist import checklist_totals
from .figures import AgreementFigures, Names, Rollup
from .progress import Commitment, PooledProgress, Progress, pool


def year_commitments(progresses: Iterable[Progress], year: int) -> Iterator[tuple[Commitment, Month]]:
    """The commitments scheduled in a year, each with the month its progress is read as of."""
    for p in progresses:
        for c in p.commitments:
            if c.month.year == year:
                yield c, p.as_of


def year_pool(progresses: Iterable[Progress], year: int) -> PooledProgress:
    """The progress of a year: the commitments scheduled in it, pooled."""
    return pool(year_commitments(progresses, year))


def _group(
    counted: list[AgreementFigures], as_of: Month, dimension: str, keys_of: Callable[[AgreementFigures], list[str]], name_of: Callable[[str], str]
) -> list[Rollup]:
    """Agreements grouped by a key (one agreement may be in several groups); progress pools their commitments."""
    groups: dict[str, list[AgreementFigures]] = {}
    for f in counted:
        for k in keys_of(f):
            groups.setdefault(k, []).append(f)
    return [
        Rollup(
            dimension,
            k,
            name_of(k),
            tuple(f.id for f in fs),
            pool((c, as_of) for f in fs for c in f.progress.commitments),
            checklist_totals(f.checklist for f in fs),
            tuple(sorted({c for f in fs for c in f.progress.problems})),
        )
        for k, fs in groups.items()
    ]


def _axis(f: AgreementFigures) -> list[str]:
    return [f.acuerdo.cronograma.eje] if f.acuerdo.cronograma else []


def _action(f: AgreementFigures) -> list[str]:
    return [str(f.acuerdo.cronograma.accion_estrategica)] if f.acuerdo.cronograma else []


def _territories(f: AgreementFigures) -> list[str]:
    terr = f.acuerdo.actividad.territorio
    return list(dict.fromkeys(terr.territorios)) if terr else []


def by_year(counted: list[AgreementFigures]) -> list[Rollup]:
    """Commitments grouped by the year of their month (an agreement that spans
    two years counts in both, each with its own commitments)."""
    years: dict[int, list[AgreementFigures]] = {}
    for f in counted:
        for c in f.progress.commitments:
            members = years.setdefault(c.month.year, [])
            if not members or members[-1] is not f:
                members.append(f)
    by_id = {f.id: f for f in counted}
    out = []
    for y, fs in sorted(years.items()):
        ids = tuple(dict.fromkeys(f.id for f in fs))
        pooled = year_pool((f.progress for f in fs), y)
        out.append(Rollup("year", str(y), str(y), ids, pooled, checklist_totals(by_id[i].checklist for i in ids), pooled.problems))
    return out


def rollups(counted: list[AgreementFigures], as_of: Month, names: Names) -> dict[str, list[Rollup]]:
    """Every roll-up, by dimension: axis, strategic_action, lead_actor, territory, year."""
    order_axes = list(names.axes)
    return {
        "axis": sorted(
            _group(counted, as_of, "axis", _axis, lambda k: names.axes.get(k, k)),
            key=lambda r: (order_axes.index(r.key) if r.key in order_axes else len(order_axes), r.key),
        ),
        "strategic_action": sorted(
            _group(counted, as_of, "strategic_action", _action, lambda k: names.actions.get(int(k), k)), key=lambda r: int(r.key)
        ),
        "lead_actor": sorted(
            _group(counted, as_of, "lead_actor", lambda f: [f.acuerdo.actividad.actor_encargado], lambda k: names.actors.get(k, k)),
            key=lambda r: r.name.lower(),
        ),
        "territory": sorted(
            _group(counted, as_of, "territory", _territories, lambda k: names.territories.get(k, k)), key=lambda r: r.name.lower()
        ),
        "year": by_year(counted),
    }
