"""The calendar of `coprod calendar` in RFC 5545 (iCalendar), in Spanish words,
written by the ``icalendar`` library (escaping of commas, semicolons and line
breaks, line folding at 75 octets, the VTIMEZONE of the canton's zone).

What goes in (compute/calendar.py's records): one event per session (timed in
the canton's zone when ``hora`` is given, else all day) with a to-do for its
convocation, one event spanning each schedule month of each agreement, and one
all-day event per decision due date with its responsible actor and state.

Why a VTODO and not a VALARM for the convocation: the file is shared with
every actor of the council, and an alarm would ring on each member's device
for a task only the secretariat does; a to-do has a due date and a state
(COMPLETED on the day ``convocatoria.enviada`` records), which is what the
reminder is about.

The file is shared: no person's name, e-mail or phone goes in — only
institutions, places, agenda items and decisions; notes and minutes' summaries
(free text that may name people) are left out. Every user text passes through
render/safe.py first: a control character is shown as an escape, never written
raw (RFC 5545 forbids them in TEXT; a raw CR could start a property).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..compute.calendar import CalendarData, DueEntry, MonthEntry, SessionEntry
from ..i18n import date_long, locale_for
from ..lang import N_, _
from .safe import escape_controls, plain_lines

PRODID = "-//coprod//coprod calendar//ES"
TIPO = {"ordinaria": N_("ordinaria"), "extraordinaria": N_("extraordinaria")}
ESTADO = {"cumplido": N_("cumplido"), "pendiente": N_("pendiente"), "vencido": N_("vencido")}


def _one_line(text: str) -> str:
    return escape_controls(text)


def _lines(text: str) -> str:
    return plain_lines(text)


def _body(data: CalendarData, entry: SessionEntry) -> str:
    s = entry.session
    if s.instancia == "consejo":
        return _("del {council}").format(council=data.council) if data.council else _("del consejo")
    if s.instancia == "grupo_trabajo":
        axis = data.axes.get(s.eje, s.eje) if s.eje else None
        return _("del grupo de trabajo «{axis}»").format(axis=axis) if axis else _("del grupo de trabajo")
    if s.instancia == "comision_ejecutiva":
        return _("de la Comisión Ejecutiva")
    if s.instancia == "foro":
        return _("del foro")
    return ""


def session_summary(data: CalendarData, entry: SessionEntry) -> str:
    s = entry.session
    text = " ".join(p for p in (_("Sesión"), _(TIPO[s.tipo]), _body(data, entry)) if p)
    return _("{text}: {nombre}").format(text=text, nombre=s.nombre) if s.nombre else text


def _actor(data: CalendarData, actor: str | None) -> str:
    return data.actors.get(actor, actor) if actor else _("sin responsable")


def _agenda(data: CalendarData, entry: SessionEntry) -> list[str]:
    conv = entry.session.convocatoria
    if conv is None or not conv.agenda:
        return [_("Agenda: no registrada.")]
    out = [_("Agenda:")]
    for i, item in enumerate(conv.agenda, start=1):
        extra = []
        if item.acuerdos:
            extra.append(_("acuerdos: ") + ", ".join(item.acuerdos))
        if item.responsable:
            extra.append(_("informa: ") + _actor(data, item.responsable))
        out.append(f"{i}. {item.tema}" + (f" ({'; '.join(extra)})" if extra else ""))
    return out


def session_description(data: CalendarData, entry: SessionEntry, locale: str) -> str:
    s = entry.session
    lines = _agenda(data, entry)
    sent = s.convocatoria.enviada if s.convocatoria else None
    if sent is not None:
        lines.append(_("Convocatoria enviada el {date_long}.").format(date_long=date_long(sent, locale)))
    else:
        lines.append(_("Convocatoria: enviarla a más tardar el {date_long}.").format(date_long=date_long(entry.convene_by, locale)))
    if s.territorio:
        lines.append(_("Territorio: {get}.").format(get=data.territories.get(s.territorio, s.territorio)))
    lines.append(_("Archivo: {rel}").format(rel=entry.rel))
    return "\n".join(lines)


def month_description(entry: MonthEntry, data: CalendarData) -> str:
    a, lines = entry.agreement, []
    for i, act in enumerate(entry.month.actividades, start=1):
        details = [d for d in (act.periodo, act.lugar) if d]
        if act.instituciones:
            details.append(_("instituciones: ") + ", ".join(data.actors.get(x, x) for x in act.instituciones))
        lines.append(f"{i}. {act.descripcion}" + (f" ({'; '.join(details)})" if details else ""))
    head = _("Subactividades del mes:") if lines else _("Sin subactividades registradas para este mes.")
    return "\n".join([head, *lines, _("Acuerdo: {id}").format(id=a.id), _("Archivo: {rel}").format(rel=entry.rel)])


def due_summary(entry: DueEntry) -> str:
    return _("Plazo ({ESTADO}): {descripcion}").format(ESTADO=_(ESTADO[entry.state]), descripcion=entry.decision.descripcion)


def due_description(entry: DueEntry, data: CalendarData, locale: str) -> str:
    d = entry.decision
    lines = [
        _("Responsable: {actor}").format(actor=_actor(data, d.responsable)),
        _("Estado al {date_long}: {ESTADO}").format(date_long=date_long(data.day, locale), ESTADO=_(ESTADO[entry.state])),
        _("Acuerdo {position} de la sesión del {date_long}").format(position=entry.position, date_long=date_long(entry.session.fecha, locale)),
    ]
    if d.acuerdos:
        lines.append(_("Acuerdos de coproducción: ") + ", ".join(d.acuerdos))
    if d.elevado_comision:
        lines.append(_("Elevado a la Comisión Ejecutiva."))
    lines.append(_("Archivo: {rel}").format(rel=entry.rel))
    return "\n".join(lines)


def _stamp(data: CalendarData) -> dt.datetime:
    # Deterministic: the reference day of --as-of (the day the states are computed at), never the clock.
    return dt.datetime(data.day.year, data.day.month, data.day.day, tzinfo=dt.UTC)


def _common(component: Any, data: CalendarData, uid: str, summary: str, description: str, category: str) -> None:
    component.add("uid", uid)
    component.add("dtstamp", _stamp(data))
    component.add("summary", _one_line(summary))
    component.add("description", _lines(description))
    component.add("categories", [category])


def _all_day(component: Any, start: dt.date, end: dt.date) -> None:
    component.add("dtstart", start)
    component.add("dtend", end)
    component.add("transp", "TRANSPARENT")  # a deadline or a month's span does not make anyone busy


def _session_event(data: CalendarData, entry: SessionEntry, locale: str) -> Any:
    from icalendar import Event

    s, ev = entry.session, Event()
    _common(ev, data, entry.uid, session_summary(data, entry), session_description(data, entry, locale), _("Sesión"))
    if s.hora is not None:
        hour, minute = (int(p) for p in s.hora.split(":"))
        ev.add("dtstart", dt.datetime(s.fecha.year, s.fecha.month, s.fecha.day, hour, minute, tzinfo=_zone(data)))
    else:
        ev.add("dtstart", s.fecha)
        ev.add("dtend", s.fecha + dt.timedelta(days=1))
    place = s.lugar or (data.territories.get(s.territorio, s.territorio) if s.territorio else None)
    if place:
        ev.add("location", _one_line(place))
    return ev


def _convocation_todo(data: CalendarData, entry: SessionEntry, locale: str) -> Any:
    from icalendar import Todo

    todo, s = Todo(), entry.session
    summary = _("Enviar la convocatoria: {session_summary} del {date_long}").format(session_summary=session_summary(data, entry), date_long=date_long(s.fecha, locale))
    _common(todo, data, entry.todo_uid, summary, session_description(data, entry, locale), _("Convocatoria"))
    todo.add("due", entry.convene_by)
    todo.add("related-to", entry.uid)
    sent = s.convocatoria.enviada if s.convocatoria else None
    if sent is not None:
        todo.add("status", "COMPLETED")
        todo.add("completed", dt.datetime(sent.year, sent.month, sent.day, tzinfo=dt.UTC))
    else:
        todo.add("status", "NEEDS-ACTION")
    return todo


def _month_event(data: CalendarData, entry: MonthEntry) -> Any:
    from icalendar import Event

    ev = Event()
    _common(ev, data, entry.uid, _("Cronograma: {titulo}").format(titulo=entry.agreement.titulo), month_description(entry, data), _("Cronograma"))
    _all_day(ev, entry.start, entry.end)
    return ev


def _due_event(data: CalendarData, entry: DueEntry, locale: str) -> Any:
    from icalendar import Event

    ev, plazo = Event(), entry.decision.plazo
    assert plazo is not None  # compute lists only decisions with a due date
    _common(ev, data, entry.uid, due_summary(entry), due_description(entry, data, locale), _("Plazo"))
    _all_day(ev, plazo, plazo + dt.timedelta(days=1))
    return ev


def _zone(data: CalendarData) -> dt.tzinfo | None:
    if data.tz is None:
        return None  # a floating local time
    from zoneinfo import ZoneInfo

    return ZoneInfo(data.tz)


def to_ics(data: CalendarData) -> bytes:
    """The whole calendar, CRLF line endings, UTF-8."""
    from icalendar import Calendar

    locale = locale_for(data.country)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _one_line(_("Coproducción de la seguridad: {canton}").format(canton=data.canton)))
    for entry in data.sessions:
        cal.add_component(_session_event(data, entry, locale))
        cal.add_component(_convocation_todo(data, entry, locale))
    for month in data.months:
        cal.add_component(_month_event(data, month))
    for due in data.dues:
        cal.add_component(_due_event(data, due, locale))
    if data.tz is not None and any(e.session.hora for e in data.sessions):
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


__all__ = ["PRODID", "due_description", "due_summary", "month_description", "session_description", "session_summary", "to_ics"]
