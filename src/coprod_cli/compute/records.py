"""What was recorded for an agreement's progress, read once: the entry that
counts for each month and sub-activity, and every value no figure can use.

compute/progress.py builds the commitments from these; check/rules.py turns
each ``RecordProblem`` into its message; compute/diff.py compares the
entries that count on two sides of a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

from ..model.models import Acuerdo, Avance, AvanceSubactividad
from ..model.types import NIVELES, Month


@dataclass(frozen=True)
class RecordProblem:
    """A recorded progress value that no figure can use as written.

    ``kind`` says what is wrong; ``code`` is the rule that reports it
    (check/rules.py turns each into its Spanish message); ``path`` is the
    YAML path of the value. ``subactivity`` is the sub-activity the value
    belongs to (None: the whole month).
    """

    code: str
    kind: str
    path: tuple[Any, ...]
    month: Month
    subactivity: Optional[int] = None
    value: Optional[int] = None  # the level off the scale, or how many sub-activities the month has
    target: str = "value"


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
                yield RecordProblem("CP209", "repeated_schedule_month", ("cronograma", "meses", i, "mes"), m.mes)
            else:
                sched[m.mes] = m
    seen_months: set[Month] = set()
    for i, av in enumerate(a.avance):
        if av.mes not in sched:
            yield RecordProblem("CP204", "outside_schedule", ("avance", i, "mes"), av.mes)
        if av.nivel is not None and av.nivel not in NIVELES:
            yield RecordProblem("CP205", "off_scale", ("avance", i, "nivel"), av.mes, value=av.nivel)
        for j, s in enumerate(av.subactividades):
            if s.nivel not in NIVELES:
                yield RecordProblem("CP205", "off_scale", ("avance", i, "subactividades", j, "nivel"), av.mes, s.subactividad, s.nivel)
        if av.mes in seen_months:
            yield RecordProblem("CP209", "repeated_month", ("avance", i, "mes"), av.mes)
        seen_months.add(av.mes)
        if av.nivel is None and not av.subactividades:
            yield RecordProblem("CP210", "no_level", ("avance", i), av.mes, target="key")
        elif av.nivel is not None and av.subactividades:
            yield RecordProblem("CP210", "two_forms", ("avance", i, "subactividades"), av.mes, target="key")
        month = sched.get(av.mes)
        count = len(month.actividades) if month else 0
        numbers: set[int] = set()
        for j, s in enumerate(av.subactividades):
            if s.subactividad in numbers:
                yield RecordProblem("CP210", "repeated_subactivity", ("avance", i, "subactividades", j, "subactividad"), av.mes, s.subactividad)
            numbers.add(s.subactividad)
        for j, s in enumerate(av.subactividades):
            if month is not None and s.subactividad > count:
                yield RecordProblem("CP210", "no_such_subactivity", ("avance", i, "subactividades", j, "subactividad"), av.mes, s.subactividad, count)


def first_entries(a: Acuerdo, as_of: Optional[Month] = None) -> dict[Month, Avance]:
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
