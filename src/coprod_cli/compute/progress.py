"""Progress (cumplimiento) of an agreement's scheduled commitments on the
protocol's five levels (notes 12 and 13 of Anexo 1).

Definitions (written for users in docs/cifras.md):

* A **commitment** is one month of the work schedule. When that month's
  progress is recorded per sub-activity, each of the month's sub-activities is
  a commitment instead.
* A commitment is **due** as of a month when its month is that month or earlier.
* **Progress to date** is the mean level of the due commitments that have a
  reported level. A due commitment with no level is an *alert*, never a zero.
* **Overall progress** is the sum of the reported levels divided by the number
  of commitments in the whole schedule: the share of the whole schedule done.
  Here a commitment not yet reported adds nothing (it is not done yet).
* A **late** commitment is due and reported below 100 %.
* **Term elapsed** is the share of the term's months (plazo propuesto, or the
  schedule's first to last month when there is no term) that have begun by the
  as-of month. An agreement is **behind schedule** when its overall progress is
  below the term elapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..model.models import Acuerdo
from ..model.types import NIVELES, Month


@dataclass(frozen=True)
class Commitment:
    month: Month
    subactivity: Optional[int]  # 1-based; None when the month is one commitment
    description: Optional[str]
    level: Optional[int]  # None: not reported
    note: Optional[str] = None

    def due(self, as_of: Month) -> bool:
        return self.month <= as_of


def commitments(a: Acuerdo) -> list[Commitment]:
    """The agreement's commitments, in schedule order, with reported levels.

    Levels off the five-level scale and progress for months outside the
    schedule are ignored here (validate reports them: CP204, CP205).
    """
    if a.cronograma is None:
        return []
    progress = {}
    for av in a.avance:
        progress.setdefault(av.mes, av)  # a repeated month (CP209): the first one counts
    out: list[Commitment] = []
    for m in sorted(a.cronograma.meses, key=lambda m: m.mes):
        av = progress.get(m.mes)
        if av is not None and av.subactividades and av.nivel is None and m.actividades:
            levels = {}
            for s in av.subactividades:
                levels.setdefault(s.subactividad, s)
            for i, act in enumerate(m.actividades, start=1):
                s = levels.get(i)
                level = s.nivel if s is not None and s.nivel in NIVELES else None
                out.append(Commitment(m.mes, i, act.descripcion, level, s.nota if s else None))
        else:
            level = av.nivel if av is not None and av.nivel in NIVELES else None
            desc = "; ".join(x.descripcion for x in m.actividades) or None
            out.append(Commitment(m.mes, None, desc, level, av.nota if av is not None else None))
    return out


@dataclass(frozen=True)
class Progress:
    commitments: tuple[Commitment, ...]
    as_of: Month
    term: Optional[tuple[Month, Month]]

    # -- counts ---------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.commitments)

    @property
    def due(self) -> list[Commitment]:
        return [c for c in self.commitments if c.due(self.as_of)]

    @property
    def reported(self) -> list[Commitment]:
        return [c for c in self.commitments if c.level is not None]

    @property
    def reported_due(self) -> list[Commitment]:
        return [c for c in self.due if c.level is not None]

    @property
    def unreported_due(self) -> list[Commitment]:
        return [c for c in self.due if c.level is None]

    @property
    def late(self) -> list[Commitment]:
        return [c for c in self.due if c.level is not None and c.level < 100]

    # -- figures (percent, full precision) --------------------------------------
    @property
    def to_date(self) -> Optional[float]:
        rep = self.reported_due
        return sum(c.level for c in rep) / len(rep) if rep else None  # type: ignore[misc]

    @property
    def overall(self) -> Optional[float]:
        if not self.commitments:
            return None
        return sum(c.level for c in self.reported) / len(self.commitments)  # type: ignore[misc]

    @property
    def term_elapsed(self) -> Optional[float]:
        if self.term is None:
            return None
        start, end = self.term
        months = end - start + 1
        if months <= 0:
            return None
        begun = min(max(self.as_of - start + 1, 0), months)
        return 100.0 * begun / months

    @property
    def behind_schedule(self) -> bool:
        elapsed, overall = self.term_elapsed, self.overall
        return elapsed is not None and overall is not None and overall < elapsed


def progress(a: Acuerdo, as_of: Month) -> Progress:
    items = commitments(a)
    term: Optional[tuple[Month, Month]] = None
    plazo = a.actividad.plazo
    if plazo is not None and plazo.inicio <= plazo.fin:
        term = (plazo.inicio, plazo.fin)
    elif items:
        term = (items[0].month, items[-1].month)
    return Progress(tuple(items), as_of, term)


@dataclass(frozen=True)
class PooledProgress:
    """Progress over the commitments of several agreements, pooled: every
    commitment weighs the same, whichever agreement it belongs to."""

    commitments: int
    due: int
    reported_due: int
    unreported_due: int
    late: int
    level_sum_due: int
    level_sum_all: int

    @property
    def to_date(self) -> Optional[float]:
        return self.level_sum_due / self.reported_due if self.reported_due else None

    @property
    def overall(self) -> Optional[float]:
        return self.level_sum_all / self.commitments if self.commitments else None


def pool(items: Iterable[tuple[Commitment, Month]]) -> PooledProgress:
    n = due = rdue = udue = late = sdue = sall = 0
    for c, as_of in items:
        n += 1
        if c.level is not None:
            sall += c.level
        if c.due(as_of):
            due += 1
            if c.level is None:
                udue += 1
            else:
                rdue += 1
                sdue += c.level
                if c.level < 100:
                    late += 1
    return PooledProgress(n, due, rdue, udue, late, sdue, sall)
