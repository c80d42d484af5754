"""`coprod status`: the terminal dashboard. Readable at 80 columns (narrow
layout) and in a wide terminal (adds the axis and longer bars)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute.figures import AgreementFigures, RepoFigures, Rollup
from ..i18n import month_long, pct, plural
from ..model.labels import label
from .figures_text import alert_sentence, codes_text
from .safe import plain
from .status_management import render_management
from .status_sessions import render_sessions, session_alert_lines

WIDE = 110
ROLLUP_TITLES = {
    "axis": "Por eje estratégico",
    "strategic_action": "Por acción estratégica",
    "lead_actor": "Por actor encargado",
    "territory": "Por territorio",
    "year": "Por año",
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
        parts.append(Text(plural(invalid, "dato inválido", "datos inválidos"), style="bold red"))
    if unreported:
        parts.append(Text(f"{unreported} sin informe", style="bold red"))
    if low:
        parts.append(Text(f"{low} poco avance", style="yellow"))
    if behind:
        parts.append(Text("atrasado", style="bold yellow"))
    if not parts:
        return Text("—", style="dim")
    return Text("\n").join(parts)


def _header(fig: RepoFigures, console: Console, locale: str, problems: dict[str, int] | None) -> None:
    title = f"{fig.canton or 'Repositorio'}: estado al mes de {month_long(fig.as_of, locale)}"
    console.print(Text(plain(title), style="bold"))
    errors = (problems or {}).get("errors", 0)
    if errors:
        console.print(
            Text(
                f"Aviso: el repositorio tiene {plural(errors, 'error', 'errores')}: las cifras marcadas con «{MARK}» usan un dato "
                "inválido y los acuerdos que no se pudieron leer no están en las cifras. Ejecute «coprod validate».",
                style="bold yellow",
            )
        )
    console.print()


def _agreement_row(f: AgreementFigures, wide: bool, bw: int, locale: str, room: bool) -> list[Text]:
    p = f.progress
    estado = label(f.acuerdo.estado)
    name = Text(plain(f.id)) + Text(f"\n{estado}" if wide else f"\n{estado} · {plain(f.lead_actor_name)}", style="dim")
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
    table = Table(title="Acuerdos", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, leading=0 if wide else 1)
    table.add_column("Acuerdo", overflow="fold", min_width=14, max_width=34)
    if wide:
        table.add_column("Encargado", max_width=16)
        table.add_column("Eje", max_width=24)
    for heading in ("Criterios", "Al día", "Global", "Alertas"):
        table.add_column(heading, no_wrap=True)
    for f in fig.agreements:
        table.add_row(*_agreement_row(f, wide, bw, locale, room))
    console.print(table)
    for u in fig.unread:
        why = f" ({codes_text(u.codes)})" if u.codes else ""
        console.print(Text(f"  ✗ {plain(u.rel)}", style="bold red") + Text(f": no se pudo leer{why}; no está en las cifras.", style="red"))
    if fig.unread:
        console.print()


def _totals(fig: RepoFigures, console: Console, locale: str) -> None:
    t = fig.progress
    total = Text("Total", style="bold") + Text(f" ({fig.counted} acuerdos; los cancelados no cuentan): ")
    mark = MARK if fig.problems else ""
    total += Text(f"criterios {pct(fig.checklist.percent, locale=locale)}, avance al día {pct(t.to_date, locale=locale)}{mark}, ")
    total += Text(f"global {pct(t.overall, locale=locale)}{mark}. ")
    a = fig.alert_counts
    invalid = f"{plural(a['invalid'], 'dato inválido', 'datos inválidos')}, " if a["invalid"] else ""
    total += Text(
        f"Alertas: {invalid}{plural(a['unreported'], 'compromiso vencido sin informe', 'compromisos vencidos sin informe')}, "
        f"{plural(a['low_progress'], 'compromiso con poco avance', 'compromisos con poco avance')}, "
        f"{plural(a['behind_schedule'], 'acuerdo atrasado', 'acuerdos atrasados')}.",
        style="yellow" if any(a.values()) else "green",
    )
    console.print(total)
    if fig.problems:
        console.print(
            Text(
                f"{MARK} Cifra calculada con datos inválidos ({codes_text(fig.problems)}): un valor que no se puede usar no cuenta, "
                "y no es un compromiso sin informe. Vea las alertas y «coprod validate».",
                style="red",
            )
        )
    console.print()


def _rollup_table(dim: str, rollups: list[Rollup], wide: bool, bw: int, locale: str, room: bool) -> Table:
    rt = Table(title=ROLLUP_TITLES[dim], title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    rt.add_column("Nombre", overflow="fold", max_width=40 if wide else 26)
    rt.add_column("Acuerdos", justify="right")
    rt.add_column("Al día", no_wrap=True)
    rt.add_column("Global", no_wrap=True)
    rt.add_column("Criterios", no_wrap=True, justify="right")
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
    console.print(Text("Alertas", style="bold"))
    for al in details:
        console.print(
            Text(f"  • {plain(al.agreement)}: ", style="bold")
            + Text(plain(alert_sentence(al, locale)))
            + Text(f" (encargado: {plain(al.responsible)})", style="dim")
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
            "Al día: promedio de los compromisos vencidos con nivel informado (los no informados son alertas, no ceros). "
            "Global: parte del cronograma completo ya cumplida. Definiciones: docs/cifras.md.",
            style="dim",
        )
    )
