"""`coprod status PATH...` over many cantons: the national roll-up in the terminal
(docs/nacional.md). Numbers from compute/national.py; every word through ``_()``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute.indicators import ON_TRACK, REACHED
from ..compute.national import NO_PROVINCE, AxisTally, National, Tally
from ..i18n import DEFAULT_LOCALE, month_long, pct
from ..lang import _, ngettext
from .safe import plain


def national_locale(n: National) -> str:
    """The cantons' locale (numbers and dates) when they share one; else coprod's default."""
    found = {c.locale for c in n.cantons}
    return found.pop() if len(found) == 1 else DEFAULT_LOCALE


def on_track(t: Tally) -> int:
    """Indicators reached or on track (compute/indicators.py)."""
    counts = t.indicator_counts
    return counts[REACHED] + counts[ON_TRACK]


def province_name(key: str) -> str:
    return key if key != NO_PROVINCE else _("Sin provincia")


def _table(title: str, first: str, extra: Sequence[str]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(first, overflow="fold")
    for name in extra:
        table.add_column(name, justify="right")
    return table


#: From this many columns, the tables add the province, the council sessions and the indicators.
WIDE = 110


def _figures(t: Tally, loc: str, wide: bool) -> list[str]:
    """Agreements, criteria, to date, overall, attendance; wide: council sessions and indicators on track too."""
    p = t.progress
    out = [str(t.counted), pct(t.criteria_percent, locale=loc), pct(p.to_date, locale=loc), pct(p.overall, locale=loc)]
    if wide:
        out.append(str(t.council_sessions))
    out.append(pct(t.attendance_rate, locale=loc))
    if wide:
        out.append(f"{on_track(t)}/{t.indicators_total}")
    return out


def _columns(wide: bool) -> list[str]:
    out = [_("Acuerdos"), _("Criterios"), _("Al día"), _("Global")]
    if wide:
        out.append(_("Sesiones"))
    out.append(_("Asistencia"))
    if wide:
        out.append(_("Indicadores"))
    return out


def _cantons(n: National, console: Console, loc: str) -> None:
    wide = console.width >= WIDE
    table = _table(_("Cantones"), _("Cantón"), [*([_("Provincia")] if wide else []), *_columns(wide), _("Errores")])
    if wide:
        table.columns[1].justify = "left"
    for c in n.cantons:
        errors = Text(str(c.tally.errors), style="bold red" if c.tally.errors else "")
        province = [Text(plain(province_name(c.province)))] if wide else []
        table.add_row(Text(plain(c.name)), *province, *_figures(c.tally, loc, wide), errors)
    console.print(table)


def _provinces(n: National, console: Console, loc: str) -> None:
    wide = console.width >= WIDE
    table = _table(_("Por provincia"), _("Provincia"), [_("Cantones"), *_columns(wide)])
    for g in n.provinces:
        table.add_row(Text(plain(province_name(g.key))), str(g.tally.cantons), *_figures(g.tally, loc, wide))
    console.print(table)


def _axes(axes: Sequence[AxisTally], console: Console, loc: str) -> None:
    if not axes:
        return
    table = _table(_("Por eje estratégico"), _("Eje"), [_("Cantones"), _("Acuerdos"), _("Criterios"), _("Al día"), _("Global")])
    for a in axes:
        p = a.progress
        table.add_row(Text(plain(a.name)), str(a.cantons), str(a.agreements), pct(a.criteria_percent, locale=loc), pct(p.to_date, locale=loc), pct(p.overall, locale=loc))
    console.print(table)


def _total_line(n: National, loc: str) -> str:
    t = n.total
    return _(
        "Total nacional ({cantons}, {agreements}; los cancelados no cuentan): criterios {criteria}, avance al día {to_date}, "
        "global {overall}; asistencia al consejo {attendance}; indicadores en camino o alcanzados: {track} de {indicators}."
    ).format(
        cantons=ngettext("{n} cantón", "{n} cantones", t.cantons).format(n=t.cantons),
        agreements=ngettext("{n} acuerdo", "{n} acuerdos", t.counted).format(n=t.counted),
        criteria=pct(t.criteria_percent, locale=loc), to_date=pct(t.progress.to_date, locale=loc),
        overall=pct(t.progress.overall, locale=loc), attendance=pct(t.attendance_rate, locale=loc),
        track=on_track(t), indicators=t.indicators_total,
    )


def _problems(n: National, console: Console) -> None:
    """The cantons with errors, those not read, the folders that are not cantons: never left out in silence."""
    if n.with_errors:
        console.print(Text(_("Cantones con errores (sus cifras usan solo lo que se pudo leer)"), style="bold red"))
        for c in n.with_errors:
            counts = ngettext("{n} error", "{n} errores", c.tally.errors).format(n=c.tally.errors)
            console.print(Text(f"  ✗ {plain(c.name)} ({plain(c.path)}): {counts}"))
    if n.unreadable:
        console.print(Text(_("Cantones que no se pudieron leer (no están en ninguna cifra)"), style="bold red"))
        for u in n.unreadable:
            console.print(Text(f"  ✗ {plain(u.path)}: {plain(u.reason)}"))
    if n.skipped:
        console.print(Text(_("Carpetas que no son cantones (no se leyeron)"), style="bold"))
        for path, reason in n.skipped:
            console.print(Text(f"  • {plain(path)}: {plain(reason)}"))


def render_national(n: National, console: Console) -> None:
    """The national dashboard: cantons, totals, provinces, axes, and what could not be read."""
    loc = national_locale(n)
    console.print(Text(_("Cifras nacionales al mes de {month}").format(month=month_long(n.as_of, loc)), style="bold"))
    if n.with_errors or n.unreadable:
        console.print(Text(_(
            "Aviso: {errors} con errores y {unread} sin leer; vea la lista al final. Ejecute «coprod validate» en cada uno."
        ).format(
            errors=ngettext("{n} cantón", "{n} cantones", len(n.with_errors)).format(n=len(n.with_errors)),
            unread=ngettext("{n} cantón", "{n} cantones", len(n.unreadable)).format(n=len(n.unreadable)),
        ), style="yellow"))
    console.print()
    _cantons(n, console, loc)
    console.print(Text(_total_line(n, loc)))
    console.print()
    _provinces(n, console, loc)
    _axes(n.axes, console, loc)
    _problems(n, console)
    console.print()
    console.print(Text(_(
        "Cada porcentaje se calcula con los numeradores y denominadores sumados de los cantones, nunca como promedio de porcentajes. "
        "Indicadores: en camino o alcanzados, de los del plan anual del año. Definiciones: docs/cifras.md y docs/nacional.md."
    ), style="dim"))
