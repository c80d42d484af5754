"""`coprod status`: the «Indicadores de gestión» block (issue 17, point 2),
for a person and as JSON. compute/management.py makes every figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute.management import Management
from ..i18n import month_long, pct
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
            (_("Acuerdos previstos en el plan"), _("{planned} ({created} con su archivo, {signed_on_time} firmados a la fecha prevista)").format(
                planned=a.planned, created=a.created, signed_on_time=a.signed_on_time)),
            (_("Acuerdos fuera del plan"), str(a.outside_plan)),
        ]
    rows += [
        (_("Acuerdos del año"), _("{of_year}: {count}, {running} en ejecución, {not_begun} sin iniciar, {count2}, {draft} en borrador").format(
            of_year=a.of_year,
            count=ngettext('{n} firmado', '{n} firmados', a.signed).format(n=a.signed),
            running=a.running,
            not_begun=a.not_begun,
            count2=ngettext('{n} concluido', '{n} concluidos', a.concluded).format(n=a.concluded),
            draft=a.draft)),
        (_("Criterios cumplidos"), _("{pct} ({criteria_met} de {criteria_total})").format(pct=pct(m.criteria_percent, locale=locale), criteria_met=m.criteria_met, criteria_total=m.criteria_total)),
        (_("Avance al día / del año"), _("{pct} / {pct2}{mark}").format(pct=pct(m.to_date, locale=locale), pct2=pct(m.overall, locale=locale), mark=mark)),
        (_("Sesiones del consejo"), _("{council} en {cycle_months} meses del ciclo ({months_missing} sin sesión; {months_elapsed} meses "
            "del año)").format(council=s.council, cycle_months=s.cycle_months, months_missing=s.months_missing, months_elapsed=s.months_elapsed)),
        (_("Asistencia del consejo"), _("{pct} ({attended} de {convened})").format(pct=pct(s.attendance_rate, locale=locale), attended=s.attended, convened=s.convened)),
        (_("Decisiones a tiempo"), _("{pct} ({decisions_note})").format(pct=pct(d.share_on_time, locale=locale), decisions_note=decisions_note(d))),
    ]
    if m.has_plan:
        rows.append((_("Acciones del plan sin acuerdo"), _actions(m.actions_without_agreement)))
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
        return _("ninguna")
    word = ngettext("acción", "acciones", len(numbers))
    return _("{n} ({word} {items})").format(n=len(numbers), word=word, items=', '.join(str(n) for n in numbers))


def render_management(m: Management | None, console: Console, locale: str) -> None:
    """The block, after the sessions: one line per indicator."""
    if m is None:
        return
    table = Table(title=_("Indicadores de gestión {year} (al mes de {month_long})").format(year=m.year, month_long=month_long(m.as_of, locale)), title_justify="left", show_header=False)
    table.add_column(_("Indicador"), style="bold")
    table.add_column(_("Valor"))
    for name, value in management_rows(m, locale):
        table.add_row(Text(name), Text(value))
    console.print(table)
    console.print()
