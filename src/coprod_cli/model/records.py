"""The judgement of an agreement's recorded progress: its commitments (one
per scheduled month, or per sub-activity) with the level recorded for each,
and every recorded value no figure can use (``record_problems``).

Why here, below both check and compute: ``coprod validate`` (check/rules/)
reports the invalid values and the figures (compute/progress.py) mark them,
and it must be one judgement. The definitions are in compute/progress.py
and docs/cifras.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import codes
from ..problems import Problem
from .models import Acuerdo, Avance, AvanceSubactividad, MesCronograma
from .types import NIVELES, Month

#: What a commitment's recorded value is, as of a month.
REPORTED, UNREPORTED, INVALID, PENDING = "reported", "unreported", "invalid", "pending"


class RecordProblem(Problem):
    """A recorded progress value that no figure can use as written: the one
    problem type, located by YAML ``path``, with the words left to its reader.

    ``kind`` says what is wrong; ``code`` is the rule that reports it
    (check/rules/progress.py turns each into its Spanish message). ``month``
    is the month of the entry; ``subactivity`` the sub-activity the value
    belongs to (None: the whole month); ``value`` the level off the scale, or
    how many sub-activities the month has.
    """

    @classmethod
    def of(
        cls,
        code: str,
        kind: str,
        path: tuple[Any, ...],
        month: Month,
        subactivity: int | None = None,
        value: int | None = None,
        target: str = "value",
    ) -> RecordProblem:
        args = (("kind", kind), ("month", month), ("subactivity", subactivity), ("value", value))
        return cls(code, path=path, target=target, args=args)

    @property
    def kind(self) -> str:
        return str(self.arg("kind"))

    @property
    def month(self) -> Month:
        month: Month = self.arg("month")
        return month

    @property
    def subactivity(self) -> int | None:
        sub: int | None = self.arg("subactivity")
        return sub

    @property
    def value(self) -> int | None:
        value: int | None = self.arg("value")
        return value


def record_problems(a: Acuerdo) -> Iterator[RecordProblem]:
    """Every invalid progress value of an agreement, in file order per kind.

    kinds: ``outside_schedule`` (CP204), ``off_scale`` (CP205),
    ``repeated_schedule_month`` and ``repeated_month`` (CP209),
    ``no_level``, ``two_forms``, ``repeated_subactivity`` and
    ``no_such_subactivity`` (CP210).
    """
    sched = {}
    if a.cronograma:
        for i, m in enumerate(a.cronograma.meses):
            if m.mes in sched:
                yield RecordProblem.of(codes.CP209, "repeated_schedule_month", ("cronograma", "meses", i, "mes"), m.mes)
            else:
                sched[m.mes] = m
    seen_months: set[Month] = set()
    for i, av in enumerate(a.avance):
        if av.mes not in sched:
            yield RecordProblem.of(codes.CP204, "outside_schedule", ("avance", i, "mes"), av.mes)
        if av.nivel is not None and av.nivel not in NIVELES:
            yield RecordProblem.of(codes.CP205, "off_scale", ("avance", i, "nivel"), av.mes, value=av.nivel)
        for j, s in enumerate(av.subactividades):
            if s.nivel not in NIVELES:
                yield RecordProblem.of(codes.CP205, "off_scale", ("avance", i, "subactividades", j, "nivel"), av.mes, s.subactividad, s.nivel)
        if av.mes in seen_months:
            yield RecordProblem.of(codes.CP209, "repeated_month", ("avance", i, "mes"), av.mes)
        seen_months.add(av.mes)
        if av.nivel is None and not av.subactividades:
            yield RecordProblem.of(codes.CP210, "no_level", ("avance", i), av.mes, target="key")
        elif av.nivel is not None and av.subactividades:
            yield RecordProblem.of(codes.CP210, "two_forms", ("avance", i, "subactividades"), av.mes, target="key")
        month = sched.get(av.mes)
        count = len(month.actividades) if month else 0
        numbers: set[int] = set()
        for j, s in enumerate(av.subactividades):
            if s.subactividad in numbers:
                yield RecordProblem.of(codes.CP210, "repeated_subactivity", ("avance", i, "subactividades", j, "subactividad"), av.mes, s.subactividad)
            numbers.add(s.subactividad)
        for j, s in enumerate(av.subactividades):
            if month is not None and s.subactividad > count:
                yield RecordProblem.of(codes.CP210, "no_such_subactivity", ("avance", i, "subactividades", j, "subactividad"), av.mes, s.subactividad, count)


@dataclass(frozen=True)
class Commitment:
    month: Month
    subactivity: int | None  # 1-based; None when the month is one commitment
    description: str | None
    level: int | None  # a level on the scale recorded for the month (None: not reported, or invalid)
    note: str | None = None
    #: Codes of the rules that report an invalid value recorded for this
    #: commitment (CP205, CP209, CP210); empty when what was recorded is valid.
    invalid: tuple[str, ...] = ()
    #: The note of the whole month's entry when the month is recorded per sub-activity.
    month_note: str | None = None

    def due(self, as_of: Month) -> bool:
        return self.month <= as_of

    def state(self, as_of: Month) -> str:
        """``reported`` (a valid level), ``invalid`` (a value recorded, but not one a
        figure can use), ``unreported`` (due, nothing recorded) or ``pending`` (not due)."""
        if self.level is not None:
            return REPORTED
        if self.invalid:
            return INVALID
        return UNREPORTED if self.due(as_of) else PENDING


def _codes(problems: Iterable[RecordProblem]) -> tuple[str, ...]:
    return tuple(sorted({p.code for p in problems}))


def _level(value: int | None) -> int | None:
    """A recorded level a figure can use: on the scale, else None."""
    return value if value is not None and value in NIVELES else None


def first_entries(a: Acuerdo, as_of: Month | None = None) -> dict[Month, Avance]:
    """The progress entry that counts for each month, in file order: the first
    one of a month recorded twice (CP209). With ``as_of``, only months up to it
    (as of a month, what was recorded for a later month does not exist)."""
    out: dict[Month, Avance] = {}
    for av in a.avance:
        if as_of is None or av.mes <= as_of:
            out.setdefault(av.mes, av)
    return out


def first_subentries(av: Avance) -> dict[int, AvanceSubactividad]:
    """The level that counts for each sub-activity of an entry: the first one of
    a sub-activity recorded twice (CP210)."""
    out: dict[int, AvanceSubactividad] = {}
    for s in av.subactividades:
        out.setdefault(s.subactividad, s)
    return out


def _month_commitments(m: MesCronograma, av: Avance | None, mine: list[RecordProblem], used: set[int]) -> Iterator[Commitment]:
    """The commitments of one scheduled month, with the problems of that month attached
    (their ids added to ``used``)."""
    if av is not None and av.subactividades and av.nivel is None and m.actividades:
        levels = first_subentries(av)
        for i, act in enumerate(m.actividades, start=1):
            s = levels.get(i)
            attached = [p for p in mine if p.subactivity is None or p.subactivity == i]
            used.update(id(p) for p in attached)
            yield Commitment(m.mes, i, act.descripcion, _level(s.nivel if s else None), s.nota if s else None, _codes(attached), av.nota)
        return
    desc = "; ".join(x.descripcion for x in m.actividades) or None
    used.update(id(p) for p in mine)
    yield Commitment(m.mes, None, desc, _level(av.nivel if av is not None else None), av.nota if av is not None else None, _codes(mine))


def _commitments(a: Acuerdo, as_of: Month) -> tuple[list[Commitment], list[RecordProblem], int]:
    """The commitments as of a month, the problems that belong to none of them
    (recorded for no scheduled month or sub-activity), and how many progress
    entries were left out for being after the month."""
    later = sum(1 for av in a.avance if av.mes > as_of)
    if a.cronograma is None:
        stray = [p for p in record_problems(a) if p.month <= as_of]
        return [], stray, later
    # As of a month, what was recorded for a later month does not exist.
    problems = [p for p in record_problems(a) if p.kind == "repeated_schedule_month" or p.month <= as_of]
    progress = first_entries(a, as_of)
    by_month: dict[Month, list[RecordProblem]] = {}
    for p in problems:
        by_month.setdefault(p.month, []).append(p)
    used: set[int] = set()  # ids of the problems attached to a commitment
    out: list[Commitment] = []
    for m in sorted(a.cronograma.meses, key=lambda m: m.mes):
        out.extend(_month_commitments(m, progress.get(m.mes), by_month.get(m.mes, []), used))
    stray = [p for p in problems if id(p) not in used]
    return out, stray, later


def commitments(a: Acuerdo, as_of: Month) -> list[Commitment]:
    """The agreement's commitments, in schedule order, with the levels recorded
    for months up to ``as_of`` (a level for a later month does not exist yet)."""
    return _commitments(a, as_of)[0]
