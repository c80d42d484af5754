"""`coprod status`: the terminal dashboard. Readable at 80 columns (narrow
layout) and in a wide terminal (adds the axis and longer bars)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute.figures import AgreementFigures, RepoFigures, Rollup
from ..i18n import month_long, pct
from ..lang import N_, _, ngettext
from ..model.labels import label
from .figures_text import alert_sentence, codes_text
from .safe import plain
from .status_management import render_management
from .status_sessions import render_sessions, session_alert_lines

WIDE = 110
ROLLUP_TITLES = {
    "axis": N_("Por eje estratégico"),
    "strategic_action": N_("Por acción estratégica"),
    "lead_actor": N_("Por actor encargado"),
    "territory": N_("Por territorio"),
    "year": N_("Por año"),
}


def bar(value: float | None, width: int) -> Text:
    if value is None:
        return Text("·" * width, style="dim")
    filled = int(round(max(0.0, min(100.0, value)) * width / 100))
    style = "green" if value >= 75 else "yellow" if value >= 40 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


#: Marks a figure computed with an invalid value (explained under the table).
MARK = "*"


def _cell(value: float | None, width: int, locale: str, marked: bool = False, room: bool = False) -> Text:
    """A percentage (at most «99,9 %»: 6 characters) and its bar; ``room``
    keeps a column for the mark of a figure made with an invalid value."""
    t = Text(pct(value, locale=locale).rjust(6))
    if room:
        t += Text(MARK, style="bold red") if marked else Text(" ")
    if width:
        t += Text(" ") + bar(value, width)
    return t


def _alerts_cell(unreported: int, low: int, behind: bool, invalid: int = 0) -> Text:
    parts = []
    if invalid:
        parts.append(Text(ngettext("{n} dato inválido", "{n} datos inválidos", invalid).format(n=invalid), style="bold red"))
    if unreported:
        parts.append(Text(_("{unreported} sin informe").format(unreported=unreported), style="bold red"))
    if low:
        parts.append(Text(_("{low} poco avance").format(low=low), style="yellow"))
    if behind:
        parts.append(Text(_("atrasado"), style="bold yellow"))
    if not parts:
        return Text("—", style="dim")
    return Text("\n").join(parts)


def _header(fig: RepoFigures, console: Console, locale: str, problems: dict[str, int] | None) -> None:
    title = _("{value}: estado al mes de {month_long}").format(value=fig.canton or _('Repositorio'), month_long=month_long(fig.as_of, locale))
    console.print(Text(plain(title), style="bold"))
    errors = (problems or {}).get("errors", 0)
    if errors:
        console.print(
            Text(
                _("Aviso: el repositorio tiene {count}: las cifras marcadas con «{MARK}» usan un dato inválido y los "
                    "acuerdos que no se pudieron leer no están en las cifras. Ejecute «coprod validate».").format(count=ngettext('{n} error', '{n} errores', errors).format(n=errors), MARK=MARK),
                style="bold yellow",
            )
        )
    console.print()


def _agreement_row(f: AgreementFigures, wide: bool, bw: int, locale: str, room: bool) -> list[Text]:
    p = f.progress
    estado = label(f.acuerdo.estado)
    name = Text(plain(f.id)) + Text(f"\n{estado}" if wide else _("\n{estado} · {plain}").format(estado=estado, plain=plain(f.lead_actor_name)), style="dim")
    crit = Text(f"{f.checklist.met:>2}/14")
    if wide:
        crit += Text(" ") + bar(f.checklist.percent, 6)
    row = [name]
    if wide:
        row += [Text(plain(f.lead_actor_name)), Text(plain(f.axis_name or "—"))]
    alerts = _alerts_cell(
        f.alert_count("unreported"), f.alert_count("low_progress"), f.alert_count("behind_schedule") > 0, f.alert_count("invalid")
    )
    marked = bool(p.problems)
    return row + [crit, _cell(p.to_date, bw, locale, marked, room), _cell(p.overall, bw, locale, marked, room), alerts]


def _agreements(fig: RepoFigures, console: Console, wide: bool, bw: int, locale: str) -> None:
    room = bool(fig.problems)  # a column for «*» only when some figure needs it
    table = Table(title=_("Acuerdos"), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, leading=0 if wide else 1)
    table.add_column(_("Acuerdo"), overflow="fold", min_width=14, max_width=34)
    if wide:
        table.add_column(_("Encargado"), max_width=16)
        table.add_column(_("Eje"), max_width=24)
    for heading in (_("Criterios"), _("Al día"), _("Global"), _("Alertas")):
        table.add_column(heading, no_wrap=True)
    for f in fig.agreements:
        table.add_row(*_agreement_row(f, wide, bw, locale, room))
    console.print(table)
    for u in fig.unread:
        why = f" ({codes_text(u.codes)})" if u.codes else ""
        console.print(Text(f"  ✗ {plain(u.rel)}", style="bold red") + Text(_(": no se pudo leer{why}; no está en las cifras.").format(why=why), style="red"))
    if fig.unread:
        console.print()


def _totals(fig: RepoFigures, console: Console, locale: str) -> None:
    t = fig.progress
    total = Text(_("Total"), style="bold") + Text(_(" ({counted} acuerdos; los cancelados no cuentan): ").format(counted=fig.counted))
    mark = MARK if fig.problems else ""
    total += Text(_("criterios {pct}, avance al día {pct2}{mark}, ").format(pct=pct(fig.checklist.percent, locale=locale), pct2=pct(t.to_date, locale=locale), mark=mark))
    total += Text(_("global {pct}{mark}. ").format(pct=pct(t.overall, locale=locale), mark=mark))
    a = fig.alert_counts
    invalid = _("{count}, ").format(count=ngettext('{n} dato inválido', '{n} datos inválidos', a['invalid']).format(n=a['invalid'])) if a["invalid"] else ""
    total += Text(
        _("Alertas: {invalid}{count}, {count2}, {count3}.").format(
            invalid=invalid,
            count=ngettext('{n} compromiso vencido sin informe', '{n} compromisos vencidos sin informe', a['unreported']).format(n=a['unreported']),
            count2=ngettext('{n} compromiso con poco avance', '{n} compromisos con poco avance', a['low_progress']).format(n=a['low_progress']),
            count3=ngettext('{n} acuerdo atrasado', '{n} acuerdos atrasados', a['behind_schedule']).format(n=a['behind_schedule'])),
        style="yellow" if any(a.values()) else "green",
    )
    console.print(total)
    if fig.problems:
        console.print(
            Text(
                _("{MARK} Cifra calculada con datos inválidos ({codes_text}): un valor que no se puede usar no cuenta, "
                    "y no es un compromiso sin informe. Vea las alertas y «coprod validate».").format(MARK=MARK, codes_text=codes_text(fig.problems)),
                style="red",
            )
        )
    console.print()


def _rollup_table(dim: str, rollups: list[Rollup], wide: bool, bw: int, locale: str, room: bool) -> Table:
    rt = Table(title=_(ROLLUP_TITLES[dim]), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    rt.add_column(_("Nombre"), overflow="fold", max_width=40 if wide else 26)
    rt.add_column(_("Acuerdos"), justify="right")
    rt.add_column(_("Al día"), no_wrap=True)
    rt.add_column(_("Global"), no_wrap=True)
    rt.add_column(_("Criterios"), no_wrap=True, justify="right")
    for r in rollups:
        rt.add_row(
            Text(plain(r.name)),
            str(len(r.agreements)),
            _cell(r.progress.to_date, bw // 2, locale, bool(r.problems), room),
            _cell(r.progress.overall, bw // 2, locale, bool(r.problems), room),
            pct(r.checklist.percent, locale=locale),
        )
    return rt


def _alert_lines(fig: RepoFigures, console: Console, locale: str) -> None:
    details = [al for f in fig.agreements for al in f.alerts if al.kind != "low_progress"]
    sessions = session_alert_lines(fig.sessions, locale)
    if not details and not sessions:
        return
    console.print(Text(_("Alertas"), style="bold"))
    for al in details:
        console.print(
            Text(_("  • {plain}: ").format(plain=plain(al.agreement)), style="bold")
            + Text(plain(alert_sentence(al, locale)))
            + Text(_(" (encargado: {plain})").format(plain=plain(al.responsible)), style="dim")
        )
    for line in sessions:
        console.print(line)
    console.print()


def render_status(fig: RepoFigures, console: Console, locale: str, problems: dict[str, int] | None = None, management: Any = None) -> None:
    """The dashboard: header, agreements, totals, roll-ups, sessions, alerts, and how to read the figures."""
    wide = console.width >= WIDE
    bw = 10 if wide else 0
    _header(fig, console, locale, problems)
    _agreements(fig, console, wide, bw, locale)
    _totals(fig, console, locale)
    for dim, rollups in fig.rollups.items():
        if rollups:
            console.print(_rollup_table(dim, rollups, wide, bw, locale, bool(fig.problems)))
            console.print()
    render_sessions(fig.sessions, console, locale)
    render_management(management, console, locale)
    _alert_lines(fig, console, locale)
    console.print(
        Text(
            _("Al día: promedio de los compromisos vencidos con nivel informado (los no informados son alertas, no ceros). "
            "Global: parte del cronograma completo ya cumplida. Definiciones: docs/cifras.md."),
            style="dim",
        )
    )
