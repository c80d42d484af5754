"""The dashboard (`/`) as data: the figures of `coprod status`, its alerts,
what each actor owes (`coprod pending`) and the next session, every number
already in words (the template does no arithmetic and formats nothing).

The month (``?mes=AAAA-MM``) is read by ``month_of``; the figures at a month are
kept by web/state.py until a file of the repository changes (``status_at``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import CoprodError
from ..lang import _, ngettext

#: How many actors' dues and alerts the dashboard lists before «y N más».
MAX_LINES = 200
#: Alerts shown at once; the rest (up to MAX_LINES) under «Ver las demás» (<details>: no script).
FIRST_ALERTS = 10
#: How many actors' dues.
MAX_ACTORS = 40
#: How many of one actor's dues (an actor may lead hundreds of agreements).
MAX_ACTOR_LINES = 8


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Todo:
    href: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class Block:
    """An actor's dues: a heading and its sentences (render/pending_text.py words)."""

    heading: str
    lines: tuple[str, ...]
    more: int = 0


@dataclass
class Dashboard:
    canton: str
    month: str  # AAAA-MM
    month_words: str  # «septiembre de 2015»
    errors: int
    warnings: int
    figures: list[Figure]
    todo: list[Todo]
    alerts: list[str]
    later_alerts: list[str]
    more_alerts: int
    dues: list[Block]
    more_dues: int
    next_session: str | None
    sessions: list[str] = field(default_factory=list)
    management_title: str = ""
    management: list[tuple[str, str]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def month_of(request: Any) -> tuple[Any, str | None]:
    """The month of ``?mes=`` (default: the current month, as the CLI) and a Spanish message when it is not one."""
    from ..model.types import Month, current_month

    value = request.query_params.get("mes", "").strip()
    if not value:
        return current_month(), None
    try:
        return Month.argument(value[:40], f"«mes={value[:40]}»: el mes"), None
    except CoprodError as exc:
        from .forms import sentence

        return current_month(), sentence(str(exc)) + " " + _("Se muestra el mes actual.")


def status_at(request: Any, month: Any) -> Any:
    """pipeline/status.StatusRun of the loaded repository at ``month`` (kept until a file changes)."""
    from ..pipeline.status import status_of
    from .state import state_of

    state = state_of(request)
    return state.cached(f"status:{month}", lambda: status_of(state.repository(), month))


def build(request: Any, month: Any) -> Dashboard:
    """The dashboard at ``month``: figures, what to do, alerts, dues, the next session, the management indicators."""
    from ..i18n import month_long
    from ..pipeline.pending import dues_of
    from .state import state_of

    run = status_at(request, month)
    fig, locale = run.figures, run.locale
    state = state_of(request)
    dues = state.cached(f"dues:{month}", lambda: dues_of(state.repository(), fig))
    alerts = alert_lines(fig, locale)
    blocks = due_blocks(dues, locale)
    board = Dashboard(
        canton=fig.canton or state.root.name, month=str(month), month_words=month_long(month, locale),
        errors=run.problems["errors"], warnings=run.problems["warnings"], figures=figures(fig, locale),
        todo=todo(fig, month, run.problems["errors"]), alerts=alerts[:FIRST_ALERTS],
        later_alerts=alerts[FIRST_ALERTS:MAX_LINES], more_alerts=max(0, len(alerts) - MAX_LINES),
        dues=blocks[:MAX_ACTORS], more_dues=max(0, len(blocks) - MAX_ACTORS), next_session=next_session(fig, locale),
        unread=[u.rel for u in fig.unread],
    )
    _sessions_and_management(board, run)
    return board


def _sessions_and_management(board: Dashboard, run: Any) -> None:
    from ..i18n import month_long
    from ..render.status_management import management_rows
    from ..render.status_sessions import session_lines

    s = run.figures.sessions
    if s is not None and (s.held or s.cycle):
        board.sessions = [line + "." for line in session_lines(s, run.locale)]
    m = run.management
    if m is not None:
        board.management_title = _("Indicadores de gestión {year} (al mes de {month})").format(
            year=m.year, month=month_long(m.as_of, run.locale))
        board.management = management_rows(m, run.locale)


def figures(fig: Any, locale: str) -> list[Figure]:
    """The totals line of `coprod status`, one box each."""
    from ..i18n import pct
    from ..render.figures_text import codes_text

    mark = _("con datos inválidos ({codes})").format(codes=codes_text(fig.problems)) if fig.problems else ""
    a, t, n = fig.alert_counts, fig.progress, len(fig.agreements)
    out = [
        Figure(_("Acuerdos que cuentan"), str(fig.counted),
               ngettext("de {n} acuerdo; los cancelados no cuentan", "de {n} acuerdos; los cancelados no cuentan", n).format(n=n)),
        Figure(_("Criterios cumplidos"), pct(fig.checklist.percent, locale=locale),
               _("{met} de {total}").format(met=fig.checklist.met, total=fig.checklist.total)),
        Figure(_("Avance al día"), pct(t.to_date, locale=locale), mark or _("compromisos vencidos con nivel informado")),
        Figure(_("Avance global"), pct(t.overall, locale=locale), mark or _("parte del cronograma ya cumplida")),
        Figure(_("Vencidos sin informe"), str(a["unreported"]), _("compromisos")),
        Figure(_("Con poco avance"), str(a["low_progress"]), _("compromisos")),
        Figure(_("Acuerdos atrasados"), str(a["behind_schedule"]), _("avance global por debajo del plazo transcurrido")),
    ]
    if a.get("invalid"):
        out.append(Figure(_("Datos inválidos"), str(a["invalid"]), _("vea Problemas")))
    return out


def todo(fig: Any, month: Any, errors: int) -> list[Todo]:
    """«Qué hacer este mes»: the pages where this month's work is done."""
    from ..i18n import month_long

    words = month_long(month)
    due = fig.alert_counts["unreported"]
    late = (ngettext("{n} compromiso vencido sin informe", "{n} compromisos vencidos sin informe", due).format(n=due)
            if due else _("ningún compromiso vencido sin informe"))
    out = [
        Todo(f"/avance?mes={month}", _("Registrar el avance de {month}").format(month=words), late),
        Todo("/sesiones", _("Registrar una sesión: asistencia y acuerdos"),
             next_session(fig, "es") or _("no hay una próxima sesión registrada")),
        Todo("/indicadores", _("Anotar una medición de los indicadores del plan"), _("indicadores del plan anual")),
    ]
    if errors:
        out.append(Todo("/problemas", _("Corregir los problemas de los archivos"),
                        ngettext("{n} error", "{n} errores", errors).format(n=errors)))
    out.append(Todo(f"/informes/?mes={month}", _("Ver los informes del mes"), _("los mismos que escribe «coprod report»")))
    return out


def alert_lines(fig: Any, locale: str) -> list[str]:
    """The «Alertas» of `coprod status`: per agreement (not «poco avance»: it is counted above), then the sessions'."""
    from ..render.figures_text import alert_sentence
    from ..render.sessions_text import session_alert_sentence

    out = [_("{agreement}: {alert} (encargado: {responsible})").format(
               agreement=al.agreement, alert=alert_sentence(al, locale), responsible=al.responsible)
           for f in fig.agreements for al in f.alerts if al.kind != "low_progress"]
    if fig.sessions is not None:
        out += [_("Sesiones: {alert}").format(alert=session_alert_sentence(al, locale))
                for al in fig.sessions.alerts if al.kind != "unread_session"]
    return out


def due_blocks(dues: Any, locale: str) -> list[Block]:
    """Each actor that owes something, in the words of `coprod pending` (without the bullets)."""
    from ..render.pending_text import BULLET, actor_block

    out = []
    for d in dues.actors:
        if not d.owes:
            continue
        lines = [x.removeprefix(f"{BULLET} ") for x in actor_block(d, None, locale)]
        out.append(Block(lines[0], tuple(lines[1:MAX_ACTOR_LINES + 1]), max(0, len(lines) - 1 - MAX_ACTOR_LINES)))
    return out


def next_session(fig: Any, locale: str) -> str | None:
    from ..i18n import date_long
    from ..render.sessions_text import body_words

    nxt = fig.sessions.next_session if fig.sessions is not None else None
    if nxt is None:
        return None
    sent = (_(", convocatoria enviada el {date}").format(date=date_long(nxt.convocation_sent, locale))
            if nxt.convocation_sent else _(", sin convocatoria enviada"))
    return _("Próxima sesión {body}: {date}").format(body=body_words(nxt.body, nxt.axis), date=date_long(nxt.date, locale)) + sent
