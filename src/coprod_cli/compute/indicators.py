"""The indicators of an annual plan as of a month (E.3.3, E.3.4): baseline,
target, the measurements up to the month, the latest value, progress toward
the target and whether it is on track.

* A measurement dated after the as-of month does not exist for the figures
  (``later`` counts them).
* Progress toward the target = (latest − baseline) / (target − baseline), in
  percent, not clamped (a figure past the target reads over 100 %, one that
  moved the wrong way below 0 %; the pictures clamp, the numbers do not).
* Status: ``alcanzada`` (progress ≥ 100 %), ``en_camino`` (progress ≥ the share
  of the baseline→target time elapsed at the latest measurement), ``atrasada``
  (below it, or the target's month has passed by the cut unreached), ``en_curso`` (no dates to compare with), ``sin_mediciones``,
  ``sin_meta`` (no usable baseline or target, or both equal), ``invalida``
  (the latest value, the baseline or the target is not a number: CP405).
* A value that is not a finite number is invalid: marked with its code, never
  dropped and never read as 0. A date measured twice (CP408): the first counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import codes
from ..model.plan import Indicador, Medicion, PlanAnual, Punto
from ..model.types import Month, number_of

REACHED, ON_TRACK, BEHIND, IN_PROGRESS = "alcanzada", "en_camino", "atrasada", "en_curso"
NO_DATA, NO_TARGET, INVALID = "sin_mediciones", "sin_meta", "invalida"
STATUSES = (REACHED, ON_TRACK, BEHIND, IN_PROGRESS, NO_DATA, NO_TARGET, INVALID)


def finite(value: Any) -> float | None:
    """``value`` as a finite number, or None (types.number_of: a text, NaN, infinity, an integer too big)."""
    return number_of(value)


@dataclass(frozen=True)
class PointFigure:
    """A baseline or a target: its number (None when invalid) and date."""

    value: float | None
    date: dt.date | None
    invalid: bool  # recorded, but not a finite number (CP405)


@dataclass(frozen=True)
class MeasurementFigure:
    index: int  # position in the indicator's ``mediciones`` (where its line is)
    date: dt.date
    value: float | None
    invalid: bool  # not a finite number (CP405)
    repeated: bool  # a later entry of a date already measured (CP408): not counted
    source: str | None
    note: str | None


@dataclass(frozen=True)
class IndicatorFigures:
    position: int  # in the plan's ``indicadores``
    id: str | None
    kind: str  # gestion, resultado, impacto
    name: str
    unit: str | None
    axis: str | None
    source: str | None
    agreements: tuple[str, ...]
    baseline: PointFigure | None
    target: PointFigure | None
    direction: str | None  # aumentar / disminuir: as written, else inferred from baseline → target
    direction_inferred: bool
    contradictory: bool  # the written direction goes against baseline → target (CP406)
    measurements: tuple[MeasurementFigure, ...]  # up to the as-of month, by date
    later: int  # measurements after the as-of month: not counted
    latest: MeasurementFigure | None  # the latest counted measurement (may be invalid)
    progress: float | None  # percent toward the target
    elapsed: float | None  # percent of the baseline → target time elapsed at the latest measurement
    status: str
    problems: tuple[str, ...]  # codes of the invalid values behind the figures


@dataclass(frozen=True)
class PlanIndicators:
    year: int
    as_of: Month
    illustrative: bool
    indicators: tuple[IndicatorFigures, ...]
    problems: tuple[str, ...]


def _point(p: Punto | None) -> PointFigure | None:
    if p is None:
        return None
    value = finite(p.valor)
    return PointFigure(value, p.fecha, value is None)


def inferred_direction(baseline: PointFigure | None, target: PointFigure | None) -> str | None:
    """aumentar when the target is above the baseline, disminuir below, None otherwise."""
    if baseline is None or target is None or baseline.value is None or target.value is None or baseline.value == target.value:
        return None
    return "aumentar" if target.value > baseline.value else "disminuir"


def _measurements(ms: list[Medicion], as_of: Month) -> tuple[tuple[MeasurementFigure, ...], int]:
    seen: set[dt.date] = set()
    out, later = [], 0
    for i, m in enumerate(ms):
        if Month(m.fecha.year, m.fecha.month) > as_of:
            later += 1
            continue
        value = finite(m.valor)
        out.append(MeasurementFigure(i, m.fecha, value, value is None, m.fecha in seen, m.fuente, m.nota))
        seen.add(m.fecha)
    return tuple(sorted(out, key=lambda x: (x.date, x.index))), later


def _ratio(part: float, whole: float) -> float | None:
    """``part / whole`` in percent, None when it is not a finite number (huge values)."""
    if whole == 0:
        return None
    r = part / whole * 100
    return r if r == r and abs(r) != float("inf") else None


def _elapsed(baseline: PointFigure, target: PointFigure, when: dt.date) -> float | None:
    if baseline.date is None or target.date is None or target.date <= baseline.date:
        return None
    return _ratio((when - baseline.date).days, (target.date - baseline.date).days)


def _status(
    base: PointFigure | None, target: PointFigure | None, latest: MeasurementFigure | None, as_of: Month
) -> tuple[str, float | None, float | None]:
    """(status, progress, elapsed) of an indicator from its counted latest measurement; a target
    whose month has passed by ``as_of`` without being reached is behind, whatever the pace before."""
    if latest is None:
        invalid = (base is not None and base.invalid) or (target is not None and target.invalid)
        return (INVALID if invalid else NO_DATA), None, None
    if latest.invalid or (base is not None and base.invalid) or (target is not None and target.invalid):
        return INVALID, None, None
    if base is None or target is None or base.value is None or target.value is None or latest.value is None:
        return NO_TARGET, None, None
    progress = _ratio(latest.value - base.value, target.value - base.value)
    if progress is None:
        return NO_TARGET, None, None
    elapsed = _elapsed(base, target, latest.date)
    if progress >= 100:
        return REACHED, progress, elapsed
    if target is not None and target.date is not None and Month(target.date.year, target.date.month) < as_of:
        return BEHIND, progress, elapsed
    if elapsed is None:
        return IN_PROGRESS, progress, None
    return (ON_TRACK if progress >= elapsed else BEHIND), progress, elapsed


def _codes(base: PointFigure | None, target: PointFigure | None, ms: Sequence[MeasurementFigure], contradictory: bool) -> tuple[str, ...]:
    found = set()
    if any(p is not None and p.invalid for p in (base, target)) or any(m.invalid for m in ms):
        found.add(codes.CP405)
    if any(m.repeated for m in ms):
        found.add(codes.CP408)
    if contradictory:
        found.add(codes.CP406)
    return tuple(sorted(found))


def indicator_figures(ind: Indicador, as_of: Month, position: int = 0) -> IndicatorFigures:
    """One indicator's figures as of ``as_of``."""
    base, target = _point(ind.linea_base), _point(ind.meta)
    inferred = inferred_direction(base, target)
    direction = ind.sentido or inferred
    contradictory = ind.sentido is not None and inferred is not None and ind.sentido != inferred
    ms, later = _measurements(ind.mediciones, as_of)
    counted = [m for m in ms if not m.repeated]
    latest = counted[-1] if counted else None
    status, progress, elapsed = _status(base, target, latest, as_of)
    return IndicatorFigures(
        position, ind.id, ind.tipo, ind.nombre, ind.unidad, ind.eje, ind.fuente, tuple(ind.acuerdos),
        base, target, direction, ind.sentido is None and inferred is not None, contradictory,
        ms, later, latest, progress, elapsed, status, _codes(base, target, ms, contradictory),
    )  # fmt: skip


def plan_indicators(plan: PlanAnual, as_of: Month) -> PlanIndicators:
    """Every indicator of ``plan`` as of ``as_of``, in the plan's order."""
    figures = tuple(indicator_figures(ind, as_of, i) for i, ind in enumerate(plan.indicadores))
    found = sorted({c for f in figures for c in f.problems})
    return PlanIndicators(plan.anio, as_of, plan.ilustrativo, figures, tuple(found))
