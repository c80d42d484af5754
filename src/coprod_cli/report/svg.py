"""Small inline SVG pictures for the HTML reports: bars, the schedule as a
Gantt chart coloured by reported level, the criteria heat-map and the actor ×
agreement matrix. No JavaScript; every text is escaped; each picture has a
<title> and an aria-label so a screen reader can say what it shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup
from markupsafe import escape as _escape

from ..i18n import pct
from ..lang import _
from ..model.types import Month
from ..render.safe import plain

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def escape(text: object) -> Markup:
    """Text from the agreements as one line of SVG text: markup escaped, a line
    break as a space, every other control character and bidirectional mark
    shown (render/safe.py)."""
    return _escape(plain(_LINE_BREAK.sub(" ", str(text))))


# Colours checked for contrast against the white labels drawn on them (≥ 4.5:1
# for 100/75/0; the 50/25 cells carry dark labels).
LEVEL_COLOURS = {100: "#1b6e3a", 75: "#3f7f2a", 50: "#f2c14e", 25: "#f08c3a", 0: "#b3261e"}
LEVEL_TEXT = {100: "#ffffff", 75: "#ffffff", 50: "#1f1f1f", 25: "#1f1f1f", 0: "#ffffff"}
UNREPORTED = "#8a8a8a"
#: An invalid recorded value (a level off the scale…): never drawn like a missing one.
INVALID, INVALID_STROKE = "#5b2a86", "#3b1a58"
FUTURE = "#ffffff"
MET, NOT_MET = "#1b6e3a", "#f6d5d3"


def _svg(width: int, height: int, label: str, body: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</svg>'
    )


def bar(value: float | None, locale: str, width: int = 120, label: str = "") -> Markup:
    """A horizontal progress bar with its figure as the accessible label."""
    text = pct(value, locale=locale)
    full = f"{label}: {text}" if label else text
    if value is None:
        return _svg(width, 12, full, f'<rect x="0.5" y="0.5" width="{width - 1}" height="11" fill="#ffffff" stroke="#8a8a8a" stroke-dasharray="3 2"/>')
    filled = max(0.0, min(100.0, value)) * (width - 2) / 100
    colour = "#1b6e3a" if value >= 75 else "#b07d00" if value >= 40 else "#b3261e"
    return _svg(
        width,
        12,
        full,
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="11" fill="#ffffff" stroke="#6b6b6b"/>'
        f'<rect x="1" y="1" width="{filled:.2f}" height="10" fill="{colour}"/>',
    )


def gantt(rows: Sequence[tuple[str, Month, int | None, str, str]], months: Sequence[Month], locale: str, title: str) -> Markup:
    """Rows are (label, month, level or None, state, invalid mark): one cell
    per commitment in its month's column, coloured by its reported level;
    ``state`` is compute/progress.py's (reported, unreported, invalid,
    pending): an invalid value is drawn as one, never as «sin informe»."""
    if not months:
        return Markup("")
    label_w, cell_w, row_h, head = 230, 54, 22, 22
    width = label_w + cell_w * len(months) + 2
    height = head + row_h * len(rows) + 2
    parts = []
    column = {m: i for i, m in enumerate(months)}
    for i, m in enumerate(months):
        x = label_w + i * cell_w
        parts.append(f'<text x="{x + cell_w / 2:.0f}" y="15" text-anchor="middle" font-size="11" fill="#1f1f1f">{escape(m.short_label)}</text>')
    for r, (label, month, level, state, mark) in enumerate(rows):
        y = head + r * row_h
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(f'<text x="4" y="{y + 15}" font-size="11" fill="#1f1f1f">{escape(short)}</text>')
        x = label_w + column[month] * cell_w
        if level is not None:
            fill, stroke, text, txt_fill = LEVEL_COLOURS[level], LEVEL_COLOURS[level], f"{level} %", LEVEL_TEXT[level]
            state_text = pct(level, locale=locale) + (f" ({mark})" if mark else "")
        elif state == "invalid":
            fill, stroke, text, txt_fill, state_text = INVALID, INVALID_STROKE, "!", "#ffffff", mark or _("dato inválido")
        elif state == "unreported":
            fill, stroke, text, txt_fill, state_text = UNREPORTED, UNREPORTED, "?", "#ffffff", _("sin informe")
        else:
            fill, stroke, text, txt_fill, state_text = FUTURE, "#6b6b6b", "", "#1f1f1f", _("pendiente")
        parts.append(
            f'<rect x="{x + 2}" y="{y + 3}" width="{cell_w - 4}" height="{row_h - 6}" rx="3" fill="{fill}" stroke="{stroke}">'
            f"<title>{escape(label)} ({escape(month.short_label)}): {escape(state_text)}</title></rect>"
        )
        if text:
            parts.append(f'<text x="{x + cell_w / 2:.0f}" y="{y + 15}" text-anchor="middle" font-size="10" fill="{txt_fill}">{escape(text)}</text>')
    return _svg(width, height, title, "".join(parts))


def heatmap(row_labels: Sequence[str], matrix: Sequence[Sequence[bool]], title: str) -> Markup:
    """Agreements (rows) × 14 criteria (columns): a filled cell is a met criterion."""
    label_w, cell, head = 230, 26, 20
    cols = len(matrix[0]) if matrix else 14
    width = label_w + cell * cols + 2
    height = head + cell * len(row_labels) + 2
    parts = []
    for j in range(cols):
        parts.append(f'<text x="{label_w + j * cell + cell / 2:.0f}" y="14" text-anchor="middle" font-size="11" fill="#1f1f1f">{j + 1}</text>')
    for i, (label, row) in enumerate(zip(row_labels, matrix, strict=False)):
        y = head + i * cell
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(f'<text x="4" y="{y + 17}" font-size="11" fill="#1f1f1f">{escape(short)}</text>')
        for j, ok in enumerate(row):
            x = label_w + j * cell
            mark = "✓" if ok else "✗"
            state = _("{label}, criterio {n}: cumple") if ok else _("{label}, criterio {n}: no cumple")
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" fill="{MET if ok else NOT_MET}">'
                f"<title>{escape(state.format(label=label, n=j + 1))}</title></rect>"
                f'<text x="{x + cell / 2:.0f}" y="{y + 17}" text-anchor="middle" font-size="12" fill="{"#ffffff" if ok else "#8c1d18"}">{mark}</text>'
            )
    return _svg(width, height, title, "".join(parts))


def matrix(row_labels: Sequence[str], col_labels: Sequence[str], cells: Sequence[Sequence[str]], title: str) -> Markup:
    """Actors (rows) × agreements (columns); a cell shows the actor's role letters."""
    label_w, cell_w, cell_h, head = 210, 34, 20, 150
    width = label_w + cell_w * len(col_labels) + 2
    height = head + cell_h * len(row_labels) + 2
    parts = []
    for j, c in enumerate(col_labels):
        x = label_w + j * cell_w + cell_w / 2
        short = c if len(c) <= 24 else c[:23] + "…"
        parts.append(f'<text transform="translate({x + 4:.0f},{head - 6}) rotate(-60)" font-size="11" fill="#1f1f1f">{escape(short)}</text>')
    for i, (label, row) in enumerate(zip(row_labels, cells, strict=False)):
        y = head + i * cell_h
        if i % 2 == 0:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{cell_h}" fill="#f3f3f3"/>')
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="4" y="{y + 14}" font-size="11" fill="#1f1f1f">{escape(short)}</text>')
        for j, letters in enumerate(row):
            if letters:
                x = label_w + j * cell_w
                parts.append(
                    f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" rx="3" fill="#1d4e89">'
                    f"<title>{escape(_('{actor} en {agreement}: {letters}').format(actor=label, agreement=col_labels[j], letters=letters))}</title></rect>"
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 14}" text-anchor="middle" font-size="10" fill="#ffffff">{escape(letters)}</text>'
                )
    return _svg(width, height, title, "".join(parts))


def months_between(start: Month, end: Month) -> list[Month]:
    return [start + i for i in range(end - start + 1)] if end >= start else []
