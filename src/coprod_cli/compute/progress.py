"""Progress (cumplimiento) of an agreement's scheduled commitments on the
protocol's five levels (notes 12 and 13 of Anexo 1).

Definitions (written for users in docs/cifras.md):

* A **commitment** is one month of the work schedule. When that month's
  progress is recorded per sub-activity, each of the month's sub-activities is
  a commitment instead.
* **As of a month M**, progress recorded for a month after M does not exist:
  every figure, alert and picture as of M is made only of what was recorded
  for months up to M (``commitments(a, as_of)`` drops the rest).
* A commitment is **due** as of a month when its month is that month or earlier.
* **Progress to date** is the mean level of the due commitments that have a
  reported level. A due commitment with no level is an *alert*, never a zero.
* **Overall progress** is the sum of the reported levels divided by the number
  of commitments in the whole schedule: the share of the whole schedule done.
  Here a commitment not yet reported adds nothing (it is not done yet).
* A commitment with **low progress** is due and reported at 0 % (sin avance)
  or 25 % (algo avanzada): ``LOW_LEVELS``, an alert.
* **Term elapsed** is the share of the term's months (plazo propuesto, or the
  schedule's first to last month when there is no term) that have begun by the
  as-of month. An agreement is **behind schedule** when its overall progress is
  below the term elapsed.
* An **invalid** recorded value (a level off the scale, a month recorded
  twice, progress in neither or both forms, progress for a month or
  sub-activity the schedule does not have) is never shown as missing: the
  commitment, or the agreement, carries the code of the rule that reports it
  (``record_problems``, the one judgement ``coprod validate`` also uses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .. import codes
from ..model.models import Acuerdo
from ..model.records import (  # noqa: F401  (re-exported: the names compute has always offered)
    INVALID,
    PENDING,
    REPORTED,
    UNREPORTED,
    Commitment,
    RecordProblem,
    _commitments,
    commitments,
    first_entries,
    first_subentries,
    record_problems,
)
from ..model.types import Month

#: Reported levels that raise an alert once the commitment is due: 0 % (sin
#: avance) and 25 % (algo avanzada). Why not 50 % and 75 %: the protocol
#: names them «avanzada» and «muy avanzada» (progress, not a problem), and an
#: agreement whose months keep falling short is caught by «behind schedule».
LOW_LEVELS = (0, 25)


@dataclass(frozen=True)
class MonthProgress:
    """What was recorded for one scheduled month, read from its commitments."""

    month: Month
    commitments: tuple[Commitment, ...]

    @property
    def whole(self) -> Commitment | None:
        """The month's one commitment when it is not recorded per sub-activity."""
        return next((c for c in self.commitments if c.subactivity is None), None)

    @property
    def level(self) -> int | None:
        """The month's level when reported for the whole month."""
        whole = self.whole
        return whole.level if whole is not None else None

    @property
    def sublevels(self) -> tuple[tuple[int, int], ...]:
        """(sub-activity, level) of each sub-activity reported with a valid level."""
        return tuple((c.subactivity, c.level) for c in self.commitments if c.subactivity is not None and c.level is not None)

    @property
    def note(self) -> str | None:
        """The month's note: the whole month's, or the one of its entry recorded per sub-activity."""
        whole = self.whole
        return whole.note if whole is not None else next((c.month_note for c in self.commitments if c.month_note), None)


@dataclass(frozen=True)
class Progress:
    commitments: tuple[Commitment, ...]
    as_of: Month
    term: tuple[Month, Month] | None
    #: Invalid progress that belongs to no commitment: a month outside the
    #: schedule (CP204), a sub-activity the month does not have (CP210).
    stray: tuple[RecordProblem, ...] = ()
    #: codes.CP202 when the term ends before it starts (the schedule's span is used instead).
    term_problem: str | None = None
    #: Progress entries for months after ``as_of``: recorded, but not counted as of then.
    later: int = 0

    # -- one commitment as of ``as_of`` ------------------------------------------
    def is_due(self, c: Commitment) -> bool:
        return c.due(self.as_of)

    def state(self, c: Commitment) -> str:
        """REPORTED, INVALID, UNREPORTED or PENDING as of this progress's month."""
        return c.state(self.as_of)

    def months(self) -> dict[Month, MonthProgress]:
        """The commitments grouped by their month, in schedule order."""
        groups: dict[Month, list[Commitment]] = {}
        for c in self.commitments:
            groups.setdefault(c.month, []).append(c)
        return {m: MonthProgress(m, tuple(cs)) for m, cs in groups.items()}

    # -- counts ---------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.commitments)

    @cached_property
    def due(self) -> list[Commitment]:
        # Cached: every count below starts from it, and status asks for all of them.
        return [c for c in self.commitments if c.due(self.as_of)]

    @property
    def reported(self) -> list[Commitment]:
        return [c for c in self.commitments if c.level is not None]

    @property
    def reported_due(self) -> list[Commitment]:
        return [c for c in self.due if c.level is not None]

    @property
    def unreported_due(self) -> list[Commitment]:
        return [c for c in self.due if c.level is None and not c.invalid]

    @property
    def invalid_due(self) -> list[Commitment]:
        """Due commitments whose recorded value is invalid (no level can be read from it)."""
        return [c for c in self.due if c.level is None and c.invalid]

    @property
    def low(self) -> list[Commitment]:
        """Due commitments reported at a level of LOW_LEVELS (0 % or 25 %)."""
        return [c for c in self.due if c.level is not None and c.level in LOW_LEVELS]

    @property
    def problems(self) -> tuple[str, ...]:
        """Codes of every invalid value that affects this agreement's figures (empty: none)."""
        codes = {code for c in self.commitments for code in c.invalid} | {p.code for p in self.stray}
        if self.term_problem:
            codes.add(self.term_problem)
        return tuple(sorted(codes))

    # -- figures (percent, full precision) --------------------------------------
    @property
    def to_date(self) -> float | None:
        rep = self.reported_due
        return sum(c.level for c in rep) / len(rep) if rep else None  # type: ignore[misc]

    @property
    def overall(self) -> float | None:
        if not self.commitments:
            return None
        return sum(c.level for c in self.reported) / len(self.commitments)  # type: ignore[misc]

    @property
    def term_elapsed(self) -> float | None:
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
    items, stray, later = _commitments(a, as_of)
    term: tuple[Month, Month] | None = None
    term_problem: str | None = None
    plazo = a.actividad.plazo
    if plazo is not None and plazo.inicio <= plazo.fin:
        term = (plazo.inicio, plazo.fin)
    elif items:
        term = (items[0].month, items[-1].month)
        if plazo is not None:
            term_problem = codes.CP202
    return Progress(tuple(items), as_of, term, tuple(stray), term_problem, later)


@dataclass(frozen=True)
class PooledProgress:
    """Progress over the commitments of several agreements, pooled: every
    commitment weighs the same, whichever agreement it belongs to."""

    commitments: int
    due: int
    reported_due: int
    unreported_due: int
    low: int
    level_sum_due: int
    level_sum_all: int
    invalid_due: int = 0
    #: Codes of the invalid values among the pooled commitments (empty: none).
    problems: tuple[str, ...] = ()

    @property
    def to_date(self) -> float | None:
        return self.level_sum_due / self.reported_due if self.reported_due else None

    @property
    def overall(self) -> float | None:
        return self.level_sum_all / self.commitments if self.commitments else None


def pool(items: Iterable[tuple[Commitment, Month]]) -> PooledProgress:
    n = due = rdue = udue = idue = low = sdue = sall = 0
    codes: set[str] = set()
    for c, as_of in items:
        n += 1
        codes.update(c.invalid)
        if c.level is not None:
            sall += c.level
        if c.due(as_of):
            due += 1
            if c.level is not None:
                rdue += 1
                sdue += c.level
                if c.level in LOW_LEVELS:
                    low += 1
            elif c.invalid:
                idue += 1
            else:
                udue += 1
    return PooledProgress(n, due, rdue, udue, low, sdue, sall, idue, tuple(sorted(codes)))
