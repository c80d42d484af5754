"""What a session record means, shared by check, compute, edit and the
reports: which day «as of a month» is, whether a decision is done, pending or
overdue, who attended, which sessions form one body's series, and who is
convened to a session.

Why here, below check and compute (like ``records.py``): a rule that warns
about an overdue decision and the figure that counts it must agree on what
«overdue» is, for every ``--as-of``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from . import types
from .models import Actor, AcuerdoSesion, Canton, ConfigSesiones, MapaActores, PlanAnual, Sesion
from .types import Month

EstadoDecision = Literal["cumplido", "pendiente", "vencido"]

#: Attendance states in which the actor was represented (B.2: the titular, or the suplente in its absence).
PRESENT = frozenset({"titular", "suplente"})


def thresholds(manifest: Canton | None) -> ConfigSesiones:
    """``canton.yaml``'s session thresholds, or their defaults when there is no manifest."""
    return manifest.sesiones if manifest is not None else ConfigSesiones.model_validate({})


def last_day(month: Month) -> dt.date:
    return dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def month_of(day: dt.date) -> Month:
    return Month(day.year, day.month)


def reference_day(as_of: Month, today: dt.date | None = None) -> dt.date:
    """The day figures are computed at for ``--as-of``: today in the calendar's
    current month, else the last day of the month asked (its whole month has
    passed, or is being looked at as if it had)."""
    today = today or dt.date.today()
    if as_of == types.current_month() and month_of(today) == as_of:
        return today
    return last_day(as_of)


def held_by(session: Sesion, as_of: Month, today: dt.date | None = None) -> bool:
    """Whether the session had taken place on the reference day of ``as_of``."""
    return session.fecha <= reference_day(as_of, today)


def decision_state(decision: AcuerdoSesion, as_of: Month, today: dt.date | None = None) -> EstadoDecision:
    """«cumplido» when marked done (on or before the reference day, when its
    date is given); «vencido» when not done and its due date has passed;
    «pendiente» otherwise (no due date, or not yet due)."""
    return decision_state_on(decision, reference_day(as_of, today))


def decision_state_on(decision: AcuerdoSesion, day: dt.date) -> EstadoDecision:
    """``decision_state`` on a given day (a new session's agenda looks at its own day)."""
    if decision.estado == "cumplido" and (decision.cumplido is None or decision.cumplido <= day):
        return "cumplido"
    if decision.plazo is not None and decision.plazo < day:
        return "vencido"
    return "pendiente"


def attended(estado: str) -> bool:
    return estado in PRESENT


def body_key(session: Sesion) -> tuple[str, str | None]:
    """The series a session belongs to: the council's sessions, one working
    group's (by axis), the foro's… Absences in a row count within one series."""
    return (session.instancia, session.eje)


def series(sessions: Iterable[Sesion], as_of: Month, today: dt.date | None = None) -> dict[tuple[str, str | None], list[Sesion]]:
    """Sessions held by the reference day, by series, each in date order."""
    out: dict[tuple[str, str | None], list[Sesion]] = {}
    for s in sorted((s for s in sessions if held_by(s, as_of, today)), key=lambda s: s.fecha):
        out.setdefault(body_key(s), []).append(s)
    return out


def absence_streak(sessions: Sequence[Sesion], actor: str) -> int:
    """How many of the last sessions of a series (date order) the actor was
    convened to and not represented (neither titular nor suplente), in a row.
    A session that did not convene the actor neither breaks nor extends it."""
    streak = 0
    for s in reversed(sessions):
        entry = next((a for a in s.asistencia if a.actor == actor), None)
        if entry is None:
            continue
        if attended(entry.estado):
            break
        streak += 1
    return streak


def _in_space(actor: Actor, space: str) -> bool:
    wanted = space.casefold().strip()
    return any(e.casefold().strip() == wanted for e in actor.espacios)


def convened(manifest: Canton | None, actors: MapaActores | None, plans: Iterable[PlanAnual], session: Sesion) -> list[str]:
    """The actors a new session's attendance list starts with, in map order:
    for the council, the actors whose ``espacios`` name the council's type
    (``instancia.tipo`` in canton.yaml, e.g. CCCI) — every actor when none
    does; for a working group, its coordinator and actors in that year's plan;
    for any other body, none (the secretary lists them)."""
    if actors is None:
        return []
    known = [a.id for a in actors.actores]
    if session.instancia == "consejo":
        space = manifest.instancia.tipo if manifest is not None else ""
        members = [a.id for a in actors.actores if space and _in_space(a, space)]
        return members or known
    if session.instancia == "grupo_trabajo" and session.eje is not None:
        for plan in plans:
            if plan.anio != session.fecha.year:
                continue
            for group in plan.grupos_trabajo:
                if group.eje == session.eje:
                    ids = ([group.coordinador] if group.coordinador else []) + list(group.actores)
                    return [i for i in known if i in ids]
    return []


__all__ = [
    "PRESENT",
    "EstadoDecision",
    "absence_streak",
    "attended",
    "body_key",
    "convened",
    "decision_state",
    "decision_state_on",
    "held_by",
    "last_day",
    "month_of",
    "reference_day",
    "series",
    "thresholds",
]
