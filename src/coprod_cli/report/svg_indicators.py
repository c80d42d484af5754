"""One small inline SVG chart per indicator (the indicators report): the
baseline, the target (a dashed line at its value and a diamond at its date),
the expected path from one to the other (dotted), the measurements up to the
report's month joined by a line, on a dated axis. A measurement whose value
is not a number is drawn as invalid (a purple «!» on the axis at its date),
never left out. Every text is escaped; the chart has a <title> and an
aria-label that say what it shows in words, and each point its own <title>.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..i18n import number
from ..lang import _
from .svg import INVALID, INVALID_STROKE, _svg, escape

WIDTH, HEIGHT = 380, 150
#: Beyond this a value is not drawn (the table still shows it): the axis arithmetic would overflow.
MAX_DRAWN = 1e15
LEFT, RIGHT, TOP, BOTTOM = 56, 14, 14, 34
BASE_COLOUR, TARGET_COLOUR, LINE_COLOUR, CUT_COLOUR = "#6b6b6b", "#1b6e3a", "#1d4e89", "#b07d00"


@dataclass(frozen=True)
class ChartPoint:
    date: dt.date
    value: float | None  # None: an invalid value (drawn as such)
    label: str  # what its <title> says


@dataclass(frozen=True)
class ChartInput:
    title: str  # the accessible name: what the chart shows, in words
    unit: str
    baseline: ChartPoint | None
    target: ChartPoint | None
    measurements: Sequence[ChartPoint]
    cut: dt.date  # the last day of the report's month


def _fmt(v: float, locale: str) -> str:
    return number(v, 0 if float(v).is_integer() else 1, locale)


class _Scale:
    def __init__(self, dates: list[dt.date], values: list[float]) -> None:
        self.d0, self.d1 = min(dates), max(dates)
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        self.lo, self.hi = lo, hi
        pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
        self.v0, self.v1 = lo - pad, hi + pad

    def x(self, d: dt.date) -> float:
        span = (self.d1 - self.d0).days or 1
        return LEFT + (d - self.d0).days / span * (WIDTH - LEFT - RIGHT)

    def y(self, v: float) -> float:
        span = self.v1 - self.v0
        return TOP + (self.v1 - v) / span * (HEIGHT - TOP - BOTTOM)


def _axes(s: _Scale, locale: str, unit: str) -> list[str]:
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    out = [f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#8a8a8a"/>',
           f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#8a8a8a"/>']  # fmt: skip
    for v in sorted({s.lo, s.hi}):
        out.append(f'<text x="{LEFT - 4}" y="{s.y(v) + 4:.1f}" text-anchor="end" font-size="10" fill="#1f1f1f">{escape(_fmt(v, locale))}</text>')
    for d, anchor in ((s.d0, "start"), (s.d1, "end")):
        out.append(f'<text x="{s.x(d):.1f}" y="{bottom + 13}" text-anchor="{anchor}" font-size="10" fill="#1f1f1f">{d.isoformat()}</text>')
    short = unit if len(unit) <= 28 else unit[:27] + "…"
    out.append(f'<text x="{LEFT}" y="{HEIGHT - 4}" font-size="10" fill="#4a4a4a">{escape(short)}</text>')
    return out


def _reference(s: _Scale, c: ChartInput) -> list[str]:
    out = []
    b, t = c.baseline, c.target
    if t is not None and t.value is not None:
        y = s.y(t.value)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{TARGET_COLOUR}" stroke-dasharray="6 3"><title>{escape(t.label)}</title></line>')
        x = s.x(t.date)
        out.append(f'<path d="M{x:.1f} {y - 6:.1f} L{x + 6:.1f} {y:.1f} L{x:.1f} {y + 6:.1f} L{x - 6:.1f} {y:.1f} Z" fill="{TARGET_COLOUR}"><title>{escape(t.label)}</title></path>')
        if b is not None and b.value is not None:
            out.append(f'<line x1="{s.x(b.date):.1f}" y1="{s.y(b.value):.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{TARGET_COLOUR}" stroke-dasharray="2 3"/>')
    if b is not None and b.value is not None:
        out.append(f'<rect x="{s.x(b.date) - 4:.1f}" y="{s.y(b.value) - 4:.1f}" width="8" height="8" fill="{BASE_COLOUR}"><title>{escape(b.label)}</title></rect>')
    for p in (b, t):
        if p is not None and p.value is None:
            out.append(_invalid(s.x(p.date), p.label))
    if s.d0 < c.cut < s.d1:
        x, cut = s.x(c.cut), _("Corte del informe: {date}").format(date=c.cut.isoformat())
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}" stroke="{CUT_COLOUR}" stroke-dasharray="1 2"><title>{escape(cut)}</title></line>')
    return out


def _invalid(x: float, label: str) -> str:
    """A value that is not a number, at its date on the axis: never drawn like a missing one."""
    y = HEIGHT - BOTTOM
    return (f'<g><title>{escape(label)}</title><circle cx="{x:.1f}" cy="{y - 7:.1f}" r="7" fill="{INVALID}" stroke="{INVALID_STROKE}"/>'
            f'<text x="{x:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="11" font-weight="bold" fill="#ffffff">!</text></g>')  # fmt: skip


def _measured(s: _Scale, c: ChartInput) -> list[str]:
    out = []
    valid = [m for m in c.measurements if m.value is not None]
    start = [c.baseline] if c.baseline is not None and c.baseline.value is not None else []
    path = [p for p in start + valid if p.value is not None]
    if len(path) > 1:
        pts = " ".join(f"{s.x(p.date):.1f},{s.y(p.value):.1f}" for p in path if p.value is not None)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>')
    for m in c.measurements:
        x = s.x(m.date)
        if m.value is None:
            out.append(_invalid(x, m.label))
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{s.y(m.value):.1f}" r="4" fill="{LINE_COLOUR}"><title>{escape(m.label)}</title></circle>')
    return out


def indicator_chart(c: ChartInput, locale: str) -> Markup:
    """The chart of one indicator; empty when nothing is dated, or a value is too large to place on an axis."""
    points = [p for p in (c.baseline, c.target, *c.measurements) if p is not None]
    values = [p.value for p in points if p.value is not None]
    if not points or any(abs(v) > MAX_DRAWN for v in values):
        return Markup("")
    dates = [p.date for p in points]
    s = _Scale(dates, values)
    return _svg(WIDTH, HEIGHT, c.title, "".join(_axes(s, locale, c.unit) + _reference(s, c) + _measured(s, c)))
