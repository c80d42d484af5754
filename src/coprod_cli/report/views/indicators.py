"""The indicators of the annual plans (E.3.3, E.3.4): each indicator's baseline,
target, measurements up to the report's month and trend against the target
(compute/indicators.py makes every figure). Read by the indicators report and
the annual report's «Indicadores frente a metas».

Every figure leaves here as text in the canton's locale: a value that is not
a number reads «dato inválido, ver CP405», never «—» and never 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ... import codes
from ...compute.figures import RepoFigures
from ...compute.indicators import BEHIND, IN_PROGRESS, INVALID, NO_DATA, NO_TARGET, ON_TRACK, REACHED, IndicatorFigures, MeasurementFigure, PointFigure, plan_indicators
from ...i18n import DEFAULT_LOCALE, locale_for, number, pct
from ...lang import N_, _
from ...load.repository import Repository
from ...model.labels import label, title
from ...model.types import Month
from ...render.figures_text import invalid_mark
from ..svg_indicators import ChartInput, ChartPoint, indicator_chart

STATUS_LABELS = {
    REACHED: N_("Meta alcanzada"),
    ON_TRACK: N_("En camino"),
    BEHIND: N_("Atrasado"),
    IN_PROGRESS: N_("En curso"),
    NO_DATA: N_("Sin mediciones al corte"),
    NO_TARGET: N_("Sin línea base o meta que comparar"),
    INVALID: N_("Dato inválido"),
}
KIND_ORDER = ("gestion", "resultado", "impacto")


def invalid_text() -> str:
    """What an invalid value (CP405) shows instead of a number."""
    return invalid_mark((codes.CP405,))


@dataclass(frozen=True)
class ValueView:
    text: str  # «390 familias», «11,8 %», «dato inválido, ver CP405», «—» (nothing recorded)
    date: dt.date | None
    invalid: bool
    short: str = ""  # the number alone («390», «11,8»), or the same as ``text``


@dataclass(frozen=True)
class MeasurementView:
    date: dt.date
    text: str
    invalid: bool
    counted: bool  # False: a repeated date (CP408), the first one counts
    source: str | None
    note: str | None


@dataclass(frozen=True)
class IndicatorRow:
    id: str | None
    kind: str  # «Gestión», «Resultado», «Impacto»
    name: str
    unit: str | None
    axis: str | None
    source: str | None
    agreements: tuple[str, ...]
    baseline: ValueView
    target: ValueView
    direction: str  # «aumentar», «disminuir (deducido de la meta)», «—»
    latest: ValueView
    latest_source: str | None
    progress: str  # «86,7 %», the invalid mark, or «—»
    progress_value: float | None  # for the bar (the bar clamps, the text does not)
    elapsed: str  # the share of the baseline → target time elapsed at the latest measurement
    status: str  # compute/indicators.py's key
    status_label: str
    measurements: tuple[MeasurementView, ...]
    later: int  # measurements after the report's month: not counted
    chart: Markup
    mark: str | None  # «dato inválido, ver CP405» when an invalid value is behind the row


@dataclass(frozen=True)
class IndicatorsView:
    year: int
    as_of: Month
    illustrative: bool
    indicators: tuple[IndicatorRow, ...]
    by_status: tuple[tuple[str, int], ...]  # (label, count), statuses present only
    invalid_mark: str | None = None


def _with_unit(v: float, unit: str | None, locale: str) -> str:
    text = _number(v, locale)
    if unit == "%":
        return f"{text}\u00a0%"
    return f"{text} {unit}" if unit else text


def _number(v: float, locale: str) -> str:
    return number(v, 0 if float(v).is_integer() else 1, locale)


def _point(p: PointFigure | None, unit: str | None, locale: str) -> ValueView:
    if p is None:
        return ValueView("—", None, False, "—")
    if p.value is None:
        return ValueView(invalid_text(), p.date, True, invalid_text())
    return ValueView(_with_unit(p.value, unit, locale), p.date, False, _number(p.value, locale))


def _measurement(m: MeasurementFigure, unit: str | None, locale: str) -> MeasurementView:
    text = invalid_text() if m.value is None else _with_unit(m.value, unit, locale)
    if m.repeated:
        text += _(" (fecha repetida, {mark}: no cuenta)").format(mark=invalid_mark((codes.CP408,)))
    return MeasurementView(m.date, text, m.invalid, not m.repeated, m.source, m.note)


def _direction(f: IndicatorFigures) -> str:
    if f.direction is None:
        return "—"
    if f.direction_inferred:
        return _("{direction} (deducido de la línea base y la meta)").format(direction=label(f.direction))
    return label(f.direction) + (f" ({invalid_mark((codes.CP406,))})" if f.contradictory else "")


def _chart_point(p: PointFigure | None, what: str, unit: str | None, locale: str) -> ChartPoint | None:
    if p is None or p.date is None:
        return None
    return ChartPoint(p.date, p.value, f"{what} ({p.date.isoformat()}): {_point(p, unit, locale).text}")


def _chart(f: IndicatorFigures, values: tuple[ValueView, ValueView, ValueView], status: str, cut: dt.date, locale: str) -> Markup:
    ms = [ChartPoint(m.date, m.value, _("Medición del {date}: {value}").format(date=m.date.isoformat(), value=_measurement(m, f.unit, locale).text)) for m in f.measurements]
    words = _("{name}: línea base {baseline}, meta {target}, último valor {last}; {status}").format(
        name=f.name, baseline=values[0].text, target=values[1].text, last=values[2].text, status=status.lower()
    )
    base = _chart_point(f.baseline, _("Línea base"), f.unit, locale)
    target = _chart_point(f.target, _("Meta"), f.unit, locale)
    return indicator_chart(ChartInput(words, f.unit or "", base, target, ms, cut), locale)


def _latest(m: MeasurementFigure | None, unit: str | None, locale: str) -> ValueView:
    if m is None:
        return ValueView("—", None, False, "—")
    text = _measurement(m, unit, locale).text
    return ValueView(text, m.date, m.invalid, text if m.value is None else _number(m.value, locale))


def _row(f: IndicatorFigures, axes: dict[str, str], cut: dt.date, locale: str) -> IndicatorRow:
    latest = f.latest
    mark = invalid_mark(f.problems) if f.problems else None
    progress = mark if f.status == INVALID and mark else pct(f.progress, locale=locale)
    label = mark[:1].upper() + mark[1:] if f.status == INVALID and mark else _(STATUS_LABELS[f.status])
    values = (_point(f.baseline, f.unit, locale), _point(f.target, f.unit, locale), _latest(latest, f.unit, locale))
    return IndicatorRow(
        f.id, title(f.kind), f.name, f.unit, axes.get(f.axis, f.axis) if f.axis else None, f.source, f.agreements,
        direction=_direction(f), latest_source=(latest.source if latest else None) or None,
        progress=progress, progress_value=f.progress, elapsed=pct(f.elapsed, locale=locale),
        status=f.status, measurements=tuple(_measurement(m, f.unit, locale) for m in f.measurements),
        later=f.later, chart=_chart(f, values, label, cut, locale), mark=mark,
        baseline=values[0], target=values[1], latest=values[2], status_label=label,
    )  # fmt: skip


def indicators_view(repo: Repository, fig: RepoFigures, year: int, as_of: Month | None = None, locale: str | None = None) -> IndicatorsView | None:
    """The indicators of the year's plan as of the report's month (None: no plan for the year).
    ``as_of``: another cut (the annual report's, December of the year)."""
    plan = repo.plan(year)
    if plan is None:
        return None
    cut = as_of or fig.as_of
    manifest = repo.manifest
    loc = locale or (locale_for(manifest.pais) if manifest else DEFAULT_LOCALE)
    axes = {e.id: e.nombre for e in manifest.estrategia.ejes} if manifest else {}
    figures = plan_indicators(plan, cut)
    last_day = dt.date(cut.year, cut.month, calendar.monthrange(cut.year, cut.month)[1])
    ordered = sorted(figures.indicators, key=lambda f: (KIND_ORDER.index(f.kind), f.position))
    rows = tuple(_row(f, axes, last_day, loc) for f in ordered)
    counts = [(_(STATUS_LABELS[s]), sum(1 for r in rows if r.status == s)) for s in STATUS_LABELS]
    mark = invalid_mark(figures.problems) if figures.problems else None
    return IndicatorsView(year, cut, plan.ilustrativo, rows, tuple((lbl, n) for lbl, n in counts if n), mark)
