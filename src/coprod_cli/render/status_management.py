"""`coprod status`: the «Indicadores de gestión» block (issue 17, point 2),
for a person and as JSON. compute/management.py makes every figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute.management import Management
from ..i18n import month_long, pct, plural
from ..lang import _, ngettext
from .figures_text import invalid_mark


def management_dict(m: Management | None) -> dict[str, Any] | None:
    """The management indicators as data (docs/json.md, key ``management``)."""
    if m is None:
        return None
    a, s, d = m.agreements, m.sessions, m.decisions
    return {
        "year": m.year,
        "as_of": str(m.as_of),
        "has_plan": m.has_plan,
        "agreements": {
            "planned": a.planned, "created": a.created, "signed_on_time": a.signed_on_time, "outside_plan": a.outside_plan,
            "of_year": a.of_year, "signed": a.signed, "running": a.running, "not_begun": a.not_begun,
            "concluded": a.concluded, "draft": a.draft, "cancelled": a.cancelled,
        },
        "criteria": {"met": m.criteria_met, "total": m.criteria_total, "percent": m.criteria_percent},
        "progress": {"to_date": m.to_date, "overall": m.overall, "problems": list(m.problems)},
        "sessions": {
            "held": s.held, "council": s.council, "months_elapsed": s.months_elapsed, "cycle_months": s.cycle_months,
            "months_with_session": s.months_with_session, "months_missing": s.months_missing,
            "attended": s.attended, "convened": s.convened, "attendance_rate": s.attendance_rate,
        },
        "decisions": {
            "on_time": d.on_time, "late": d.late, "overdue": d.overdue, "pending": d.pending, "undated": d.undated,
            "share_on_time": d.share_on_time,
        },
        "by_axis": [{"axis": k, "agreements": n} for k, n in m.by_axis],
        "by_action": [{"action": n, "agreements": k, "in_plan": p} for n, k, p in m.by_action],
        "without_schedule": m.without_schedule,
        "actions_without_agreement": list(m.actions_without_agreement),
    }


def management_rows(m: Management, locale: str) -> list[tuple[str, str]]:
    """(indicator, value in words) of the block, in its order (the terminal and the web dashboard)."""
    a, s, d = m.agreements, m.sessions, m.decisions
    mark = f" ({invalid_mark(m.problems)})" if m.problems else ""
    rows = []
    if a.planned is not None:
        rows += [
            ("Acuerdos previstos en el plan", f"{a.planned} ({a.created} con su archivo, {a.signed_on_time} firmados a la fecha prevista)"),
            ("Acuerdos fuera del plan", str(a.outside_plan)),
        ]
    rows += [
        ("Acuerdos del año", f"{a.of_year}: {plural(a.signed, 'firmado', 'firmados')}, {a.running} en ejecución, {a.not_begun} sin iniciar, "
                             f"{plural(a.concluded, 'concluido', 'concluidos')}, {a.draft} en borrador"),
        ("Criterios cumplidos", f"{pct(m.criteria_percent, locale=locale)} ({m.criteria_met} de {m.criteria_total})"),
        ("Avance al día / del año", f"{pct(m.to_date, locale=locale)} / {pct(m.overall, locale=locale)}{mark}"),
        ("Sesiones del consejo", f"{s.council} en {s.cycle_months} meses del ciclo ({s.months_missing} sin sesión; "
                                 f"{s.months_elapsed} meses del año)"),
        ("Asistencia del consejo", f"{pct(s.attendance_rate, locale=locale)} ({s.attended} de {s.convened})"),
        ("Decisiones a tiempo", f"{pct(d.share_on_time, locale=locale)} ({decisions_note(d)})"),
    ]
    if m.has_plan:
        rows.append(("Acciones del plan sin acuerdo", _actions(m.actions_without_agreement)))
    return rows


def decisions_note(d: Any) -> str:
    """«6 a tiempo, 0 tarde, 1 vencida, 1 pendiente en plazo»: the decisions of the year's sessions by how they stand."""
    overdue = ngettext("{n} vencida", "{n} vencidas", d.overdue).format(n=d.overdue)
    pending = ngettext("{n} pendiente en plazo", "{n} pendientes en plazo", d.pending).format(n=d.pending)
    note = _("{on_time} a tiempo, {late} tarde, {overdue}, {pending}").format(on_time=d.on_time, late=d.late, overdue=overdue, pending=pending)
    return note + (_(", {n} sin fecha").format(n=d.undated) if d.undated else "")


def _actions(numbers: Sequence[int]) -> str:
    """«1 (acción 10)», «2 (acciones 4, 10)», «ninguna»: a count first, so the number of an action is not read as a count."""
    if not numbers:
        return "ninguna"
    word = "acción" if len(numbers) == 1 else "acciones"
    return f"{len(numbers)} ({word} {', '.join(str(n) for n in numbers)})"


def render_management(m: Management | None, console: Console, locale: str) -> None:
    """The block, after the sessions: one line per indicator."""
    if m is None:
        return
    table = Table(title=f"Indicadores de gestión {m.year} (al mes de {month_long(m.as_of, locale)})", title_justify="left", show_header=False)
    table.add_column("Indicador", style="bold")
    table.add_column("Valor")
    for name, value in management_rows(m, locale):
        table.add_row(Text(name), Text(value))
    console.print(table)
    console.print()
