"""The words around the session figures (compute/sessions.py), written where
the canton's locale is known: for `coprod status`, its JSON ``message``
fields, `coprod pending` and the reports. Like figures_text.py: compute
returns records, every sentence about them is written here.
"""

from __future__ import annotations

import datetime as dt

from ..compute.session_records import DecisionCounts, SessionAlert, SessionFigures
from ..i18n import DEFAULT_LOCALE, date_long, month_long, pct, plural
from ..model.labels import ESTADO_DECISION

#: The session alert kinds as a person names them (compute: SESSION_ALERT_KINDS).
SESSION_ALERT_LABELS = {
    "no_session": "Mes sin sesión",
    "overdue_decision": "Acuerdo de sesión vencido",
    "absences": "Ausencias seguidas",
    "unread_session": "Sesión ilegible",
}
#: A body (``instancia``) as the complement of «sesión»: «sesión del consejo».
BODY_OF = {
    "consejo": "del consejo",
    "grupo_trabajo": "del grupo de trabajo",
    "comision_ejecutiva": "de la Comisión Ejecutiva",
    "foro": "del foro",
    "otra": "de otra instancia",
}
#: The decision states (model.sessions.decision_state) as words: the one table of model/labels.py.
DECISION_STATE_LABELS = ESTADO_DECISION
#: The months of the cycle (compute: MONTH_STATES) as words.
MONTH_STATE_LABELS = {"held": "con sesión", "missing": "sin sesión", "unread": "sesión ilegible", "open": "en curso"}


def session_name(day: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """«la sesión del 8 de septiembre de 2015»."""
    return f"la sesión del {date_long(day, locale)}"


def body_words(body: str | None, axis: str | None = None) -> str:
    words = BODY_OF.get(body or "", f"de {body}")
    return f"{words} ({axis})" if axis else words


def decision_counts_text(c: DecisionCounts) -> str:
    """«3 cumplidos, 1 pendiente, 0 vencidos»."""
    return (
        f"{plural(c.done, 'cumplido', 'cumplidos')}, {plural(c.pending, 'pendiente', 'pendientes')}, "
        f"{plural(c.overdue, 'vencido', 'vencidos')}"
    )


def session_alert_sentence(al: SessionAlert, locale: str = DEFAULT_LOCALE) -> str:
    """One Spanish line for a session alert, dates in the canton's locale."""
    if al.kind == "no_session" and al.month is not None:
        return f"{month_long(al.month, locale)}: el consejo no sesionó"
    if al.kind == "overdue_decision" and al.session is not None:
        due = f" el {date_long(al.due, locale)}" if al.due else ""
        return f"acuerdo {al.decision} de {session_name(al.session, locale)}: venció{due} y sigue pendiente"
    if al.kind == "absences" and al.session is not None:
        return (
            f"{al.streak} sesiones seguidas {body_words(al.body, al.axis)} sin titular ni suplente "
            f"(la última, {session_name(al.session, locale)})"
        )
    return f"{al.rel}: no se pudo leer" + (f" ({', '.join(al.codes)})" if al.codes else "") + "; no está en las cifras"


def attendance_summary(s: SessionFigures, locale: str = DEFAULT_LOCALE) -> str:
    """«Asistencia al consejo: 94,4 % de los convocados (titular 97,1 %, suplente 2,9 %)»."""
    r = s.representation
    return (
        f"Asistencia al consejo: {pct(s.attendance_rate, locale=locale)} de los convocados "
        f"(por su titular {pct(r.titular_share, locale=locale)}, por su suplente {pct(r.suplente_share, locale=locale)})"
    )


def cycle_summary(s: SessionFigures, locale: str = DEFAULT_LOCALE) -> str:
    """«Ciclo mensual del consejo: 3 de 3 meses con sesión (julio de 2015 a septiembre de 2015)»."""
    if not s.cycle:
        return "Ciclo mensual del consejo: todavía no empieza"
    closed = [c for c in s.cycle if c.state != "open"]
    held = sum(1 for c in closed if c.state == "held")
    span = f"{month_long(s.cycle[0].month, locale)} a {month_long(s.cycle[-1].month, locale)}"
    text = f"Ciclo mensual del consejo: {held} de {plural(len(closed), 'mes', 'meses')} con sesión ({span})"
    missing = [month_long(m, locale) for m in s.missing_months]
    if missing:
        text += "; sin sesión: " + ", ".join(missing)
    unread = [month_long(c.month, locale) for c in s.cycle if c.state == "unread"]
    if unread:
        text += "; con un archivo de sesión que no se pudo leer: " + ", ".join(unread)
    return text


__all__ = [
    "BODY_OF", "DECISION_STATE_LABELS", "MONTH_STATE_LABELS", "SESSION_ALERT_LABELS", "attendance_summary", "body_words",
    "cycle_summary", "decision_counts_text", "session_alert_sentence", "session_name",
]
