"""The national roll-up: a small summary per canton, and the sums over cantons,
by province and by axis (docs/cifras.md, «Cifras nacionales»).

No I/O and no words. A canton's summary keeps only counts, numerators and
denominators, so that a run over 84 cantons holds 84 small records and never
two repositories at once. Every percentage of a group is recomputed from the
summed numerators and denominators, never averaged over cantons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from ..model.types import Month
from .indicators import STATUSES

#: The key of the cantons whose canton.yaml gives no province.
NO_PROVINCE = ""


@dataclass(frozen=True)
class Pooled:
    """Progress over pooled commitments (compute/progress.py ``PooledProgress``), as sums."""

    commitments: int = 0
    due: int = 0
    reported_due: int = 0
    unreported_due: int = 0
    invalid_due: int = 0
    low: int = 0
    level_sum_due: int = 0
    level_sum_all: int = 0

    @property
    def to_date(self) -> float | None:
        return self.level_sum_due / self.reported_due if self.reported_due else None

    @property
    def overall(self) -> float | None:
        return self.level_sum_all / self.commitments if self.commitments else None

    def __add__(self, other: Pooled) -> Pooled:
        return Pooled(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @classmethod
    def of(cls, p: Any) -> Pooled:
        return cls(*(getattr(p, f.name) for f in fields(cls)))


def _ratio(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


@dataclass(frozen=True)
class Tally:
    """The figures of one canton, or their sums over several."""

    cantons: int = 0
    agreements: int = 0  # listed (cancelled ones included)
    counted: int = 0  # in the totals (cancelled ones are not)
    unread_agreements: int = 0
    criteria_met: int = 0
    criteria_total: int = 0  # 14 × counted agreements
    progress: Pooled = field(default_factory=Pooled)
    unreported: int = 0
    low_progress: int = 0
    behind_schedule: int = 0
    invalid: int = 0
    sessions_held: int = 0
    council_sessions: int = 0
    attended: int = 0  # present at council sessions (titular or suplente), summed over actors
    convened: int = 0  # convened to council sessions, summed over actors
    decisions_overdue: int = 0
    indicators: tuple[int, ...] = (0,) * len(STATUSES)  # by indicators.STATUSES
    errors: int = 0
    warnings: int = 0

    @property
    def criteria_percent(self) -> float | None:
        return _ratio(self.criteria_met, self.criteria_total)

    @property
    def attendance_rate(self) -> float | None:
        return _ratio(self.attended, self.convened)

    @property
    def indicator_counts(self) -> dict[str, int]:
        return dict(zip(STATUSES, self.indicators, strict=True))

    @property
    def indicators_total(self) -> int:
        return sum(self.indicators)

    def __add__(self, other: Tally) -> Tally:
        values: list[Any] = []
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            values.append(tuple(x + y for x, y in zip(a, b, strict=True)) if isinstance(a, tuple) else a + b)
        return Tally(*values)


@dataclass(frozen=True)
class AxisTally:
    """One axis of one canton's strategy, or its sums over cantons."""

    key: str
    name: str
    cantons: int
    agreements: int
    criteria_met: int
    criteria_total: int
    progress: Pooled

    @property
    def criteria_percent(self) -> float | None:
        return _ratio(self.criteria_met, self.criteria_total)


@dataclass(frozen=True)
class CantonSummary:
    path: str  # as shown
    name: str
    province: str  # NO_PROVINCE when canton.yaml gives none
    locale: str
    tally: Tally
    axes: tuple[AxisTally, ...]
    #: Codes of the invalid values behind the canton's totals (empty: none).
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """A canton that could not be read at all: it is in no figure."""

    path: str
    reason: str


@dataclass(frozen=True)
class Group:
    key: str
    cantons: tuple[str, ...]
    tally: Tally


@dataclass(frozen=True)
class National:
    as_of: Month
    cantons: tuple[CantonSummary, ...]
    unreadable: tuple[Unreadable, ...]
    skipped: tuple[tuple[str, str], ...]
    total: Tally
    provinces: tuple[Group, ...]
    axes: tuple[AxisTally, ...]

    @property
    def with_errors(self) -> tuple[CantonSummary, ...]:
        return tuple(c for c in self.cantons if c.tally.errors)


def summarise(run: Any, path: str, name: str, province: str, indicators: Sequence[str]) -> CantonSummary:
    """A canton's small summary from its ``pipeline.status.StatusRun`` (and its indicators' statuses)."""
    fig = run.figures
    s = fig.sessions
    alerts = fig.alert_counts
    tally = Tally(
        cantons=1,
        agreements=len(fig.agreements),
        counted=fig.counted,
        unread_agreements=len(fig.unread),
        criteria_met=fig.checklist.met,
        criteria_total=fig.checklist.total,
        progress=Pooled.of(fig.progress),
        unreported=alerts.get("unreported", 0),
        low_progress=alerts.get("low_progress", 0),
        behind_schedule=alerts.get("behind_schedule", 0),
        invalid=alerts.get("invalid", 0),
        sessions_held=s.held if s else 0,
        council_sessions=len(s.council) if s else 0,
        attended=sum(a.present for a in s.attendance) if s else 0,
        convened=sum(a.convened for a in s.attendance) if s else 0,
        decisions_overdue=s.decision_totals.overdue if s else 0,
        indicators=tuple(sum(1 for x in indicators if x == st) for st in STATUSES),
        errors=run.problems.get("errors", 0),
        warnings=run.problems.get("warnings", 0),
    )
    axes = tuple(
        AxisTally(r.key, r.name, 1, len(r.agreements), r.checklist.met, r.checklist.total, Pooled.of(r.progress))
        for r in fig.rollups.get("axis", [])
    )
    return CantonSummary(path, name, province, run.locale, tally, axes, fig.problems)


def _axes(cantons: Iterable[CantonSummary]) -> tuple[AxisTally, ...]:
    """The axes by id over every canton; the name is the first canton's (in the run's order) that names it."""
    out: dict[str, AxisTally] = {}
    for c in cantons:
        for a in c.axes:
            old = out.get(a.key)
            if old is None:
                out[a.key] = a
                continue
            out[a.key] = AxisTally(
                a.key, old.name, old.cantons + 1, old.agreements + a.agreements,
                old.criteria_met + a.criteria_met, old.criteria_total + a.criteria_total, old.progress + a.progress,
            )
    return tuple(sorted(out.values(), key=lambda x: x.key))


def roll_up(as_of: Month, cantons: Sequence[CantonSummary], unreadable: Sequence[Unreadable], skipped: Sequence[tuple[str, str]]) -> National:
    """The national figures: the sums over every canton read, by province and by axis."""
    total = Tally()
    by_province: dict[str, tuple[list[str], Tally]] = {}
    for c in cantons:
        total += c.tally
        names, tally = by_province.get(c.province, ([], Tally()))
        names.append(c.name)
        by_province[c.province] = (names, tally + c.tally)
    provinces = tuple(
        Group(key, tuple(names), tally)
        for key, (names, tally) in sorted(by_province.items(), key=lambda kv: (kv[0] == NO_PROVINCE, kv[0].casefold()))
    )
    return National(as_of, tuple(cantons), tuple(unreadable), tuple(skipped), total, provinces, _axes(cantons))
