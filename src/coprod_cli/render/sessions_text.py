"""The words around the session figures (compute/sessions.py), written where
the canton's locale is known: for `coprod status`, its JSON ``message``
fields, `coprod pending` and the reports. Like figures_text.py: compute
returns records, every sentence about them is written here.
"""

from __future__ import annotations

import datetime as dt

from ..compute.session_records import DecisionCounts, SessionAlert, SessionFigures
from ..i18n import DEFAULT_LOCALE, date_long, month_long, pct
from ..lang import N_, NC_, _, ngettext, pgettext
from ..model.labels import ESTADO_DECISION

#: The session alert kinds as a person names them (compute: SESSION_ALERT_KINDS).
SESSION_ALERT_LABELS = {
    "no_session": N_("Mes sin sesión"),
    "overdue_decision": N_("Acuerdo de sesión vencido"),
    "absences": N_("Ausencias seguidas"),
    "unread_session": N_("Sesión ilegible"),
}
#: A body (``instancia``) as the complement of «sesión»: «sesión del consejo».
BODY_OF = {
    "consejo": NC_("sesión de", "del consejo"),
    "grupo_trabajo": NC_("sesión de", "del grupo de trabajo"),
    "comision_ejecutiva": NC_("sesión de", "de la Comisión Ejecutiva"),
    "foro": NC_("sesión de", "del foro"),
    "otra": NC_("sesión de", "de otra instancia"),
}
#: The decision states (model.sessions.decision_state) as words: the one table of model/labels.py.
DECISION_STATE_LABELS = ESTADO_DECISION
#: The months of the cycle (compute: MONTH_STATES) as words.
MONTH_STATE_LABELS = {"held": N_("con sesión"), "missing": N_("sin sesión"), "unread": N_("sesión ilegible"), "open": N_("en curso")}


def session_name(day: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """«la sesión del 8 de septiembre de 2015»."""
    return _("la sesión del {date_long}").format(date_long=date_long(day, locale))


def body_words(body: str | None, axis: str | None = None) -> str:
    words = pgettext("sesión de", BODY_OF[body or ""]) if (body or "") in BODY_OF else _("de {body}").format(body=body)
    return _("{words} ({axis})").format(words=words, axis=axis) if axis else words


def decision_counts_text(c: DecisionCounts) -> str:
    """«3 cumplidos, 1 pendiente, 0 vencidos»."""
    return (
        _("{count}, {count2}, {count3}").format(
            count=ngettext('{n} cumplido', '{n} cumplidos', c.done).format(n=c.done),
            count2=ngettext('{n} pendiente', '{n} pendientes', c.pending).format(n=c.pending),
            count3=ngettext('{n} vencido', '{n} vencidos', c.overdue).format(n=c.overdue))
    )


def session_alert_sentence(al: SessionAlert, locale: str = DEFAULT_LOCALE) -> str:
    """One Spanish line for a session alert, dates in the canton's locale."""
    if al.kind == "no_session" and al.month is not None:
        return _("{month_long}: el consejo no sesionó").format(month_long=month_long(al.month, locale))
    if al.kind == "overdue_decision" and al.session is not None:
        due = _(" el {date_long}").format(date_long=date_long(al.due, locale)) if al.due else ""
        return _("acuerdo {decision} de {session_name}: venció{due} y sigue pendiente").format(decision=al.decision, session_name=session_name(al.session, locale), due=due)
    if al.kind == "absences" and al.session is not None:
        return (
            _("{streak} sesiones seguidas {body_words} sin titular ni suplente (la última, {session_name})").format(
                streak=al.streak, body_words=body_words(al.body, al.axis), session_name=session_name(al.session, locale))
        )
    return _("{rel}: no se pudo leer").format(rel=al.rel) + (f" ({', '.join(al.codes)})" if al.codes else "") + _("; no está en las cifras")


def attendance_summary(s: SessionFigures, locale: str = DEFAULT_LOCALE) -> str:
    """«Asistencia al consejo: 94,4 % de los convocados (titular 97,1 %, suplente 2,9 %)»."""
    r = s.representation
    return (
        _("Asistencia al consejo: {pct} de los convocados (por su titular {pct2}, por su suplente {pct3})").format(
            pct=pct(s.attendance_rate, locale=locale), pct2=pct(r.titular_share, locale=locale), pct3=pct(r.suplente_share, locale=locale))
    )


def cycle_summary(s: SessionFigures, locale: str = DEFAULT_LOCALE) -> str:
    """«Ciclo mensual del consejo: 3 de 3 meses con sesión (julio de 2015 a septiembre de 2015)»."""
    if not s.cycle:
        return _("Ciclo mensual del consejo: todavía no empieza")
    closed = [c for c in s.cycle if c.state != "open"]
    held = sum(1 for c in closed if c.state == "held")
    span = _("{month_long} a {month_long2}").format(month_long=month_long(s.cycle[0].month, locale), month_long2=month_long(s.cycle[-1].month, locale))
    text = _("Ciclo mensual del consejo: {held} de {count} con sesión ({span})").format(held=held, count=ngettext('{n} mes', '{n} meses', len(closed)).format(n=len(closed)), span=span)
    missing = [month_long(m, locale) for m in s.missing_months]
    if missing:
        text += _("; sin sesión: ") + ", ".join(missing)
    unread = [month_long(c.month, locale) for c in s.cycle if c.state == "unread"]
    if unread:
        text += _("; con un archivo de sesión que no se pudo leer: ") + ", ".join(unread)
    return text


__all__ = [
    "BODY_OF", "DECISION_STATE_LABELS", "MONTH_STATE_LABELS", "SESSION_ALERT_LABELS", "attendance_summary", "body_words",
    "cycle_summary", "decision_counts_text", "session_alert_sentence", "session_name",
]
