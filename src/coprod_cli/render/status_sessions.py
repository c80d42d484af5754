"""The «Sesiones» part of `coprod status`: the section of the terminal
dashboard and the ``sessions`` object of its JSON (docs/json.md). Numbers come
from compute/sessions.py; the words from sessions_text.py."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from ..compute.session_records import ActorAttendance, DecisionCounts, DecisionRecord, SectorAttendance, SessionAlert, SessionFigures, SessionRecord
from ..i18n import DEFAULT_LOCALE, date_long
from ..lang import _, ngettext
from .figures_text import codes_text
from .safe import plain
from .sessions_text import attendance_summary, cycle_summary, decision_counts_text, session_alert_sentence


def _held_line(s: SessionFigures, locale: str) -> str:
    council = len(s.council)
    others = s.held - council
    text = _("Sesiones realizadas al {date_long}: {held} ({council} del consejo").format(date_long=date_long(s.reference, locale), held=s.held, council=council)
    text += _(", {others} de otras instancias)").format(others=others) if others else ")"
    return text


def _absences_line(s: SessionFigures) -> str | None:
    rows = s.actors_with_absences
    if not rows:
        return None
    parts = [_("{actor} ({absent} de {count})").format(actor=r.actor, absent=r.absent, count=ngettext('{n} sesión', '{n} sesiones', r.convened).format(n=r.convened)) for r in rows]
    return _("Actores con ausencias sin justificar: ") + ", ".join(parts)


def _decisions_line(s: SessionFigures) -> str:
    text = _("Acuerdos de sesión: {decision_counts_text}").format(decision_counts_text=decision_counts_text(s.decision_totals))
    if s.elevated.total:
        text += _("; {count} a la Comisión Ejecutiva").format(count=ngettext('{n} elevado', '{n} elevados', s.elevated.total).format(n=s.elevated.total))
    return text


def render_sessions(s: SessionFigures | None, console: Console, locale: str = DEFAULT_LOCALE) -> None:
    """The «Sesiones» section: sessions held, the monthly cycle, attendance, absences, decisions, unread files."""
    if s is None or (not s.held and not s.unread and not s.cycle):
        return
    console.print(Text(_("Sesiones"), style="bold"))
    for line in session_lines(s, locale):
        console.print(Text(f"  • {plain(line)}."))
    for u in s.unread:
        why = f" ({codes_text(u.codes)})" if u.codes else ""
        console.print(Text(f"  ✗ {plain(u.rel)}", style="bold red") + Text(_(": no se pudo leer{why}; no está en las cifras.").format(why=why), style="red"))
    console.print()


def session_lines(s: SessionFigures, locale: str = DEFAULT_LOCALE) -> list[str]:
    """The section's sentences (without the final full stop): held, cycle, attendance, absences, decisions."""
    lines = [_held_line(s, locale), cycle_summary(s, locale), attendance_summary(s, locale), _absences_line(s), _decisions_line(s)]
    return [line for line in lines if line]


def session_alert_lines(s: SessionFigures | None, locale: str = DEFAULT_LOCALE) -> list[Text]:
    """The lines of the session alerts under «Alertas» (unread files are named in the section above)."""
    if s is None:
        return []
    out = []
    for al in s.alerts:
        if al.kind == "unread_session":
            continue
        line = Text(_("  • Sesiones: "), style="bold") + Text(plain(session_alert_sentence(al, locale)))
        if al.responsible:
            who = _("responsable") if al.kind == "overdue_decision" else _("actor")
            line += Text(_(" ({who}: {plain})").format(who=who, plain=plain(al.responsible)), style="dim")
        out.append(line)
    return out


# -- JSON ------------------------------------------------------------------------


def _day(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def _counts(c: DecisionCounts) -> dict[str, int]:
    return {"done": c.done, "pending": c.pending, "overdue": c.overdue}


def _alert(al: SessionAlert, locale: str) -> dict[str, Any]:
    return {
        "kind": al.kind,
        "month": str(al.month) if al.month else None,
        "session": _day(al.session),
        "file": al.rel,
        "decision": al.decision,
        "responsible": al.responsible,
        "due": _day(al.due),
        "streak": al.streak,
        "body": al.body,
        "axis": al.axis,
        "problems": list(al.codes),
        "message": session_alert_sentence(al, locale),
    }


def _session(r: SessionRecord) -> dict[str, Any]:
    keys = ("convened", "present", "titular", "suplente", "absent", "justified", "invited", "quorum", "quorum_met")
    return {
        "file": r.rel, "date": _day(r.date), "type": r.type, "body": r.body, "axis": r.axis, "territory": r.territory,
        "convocation_sent": _day(r.convocation_sent), **{k: getattr(r, k) for k in keys},
        "decisions": _counts(r.decisions), "attendance": [{"actor": a, "state": e} for a, e in r.attendance],
        "progress_reported": list(r.progress_reported),
    }


_ATTENDANCE_KEYS = ("convened", "present", "titular", "suplente", "absent", "justified", "rate")


def _actor(r: ActorAttendance) -> dict[str, Any]:
    return {"actor": r.actor, "sector": r.sector, **{k: getattr(r, k) for k in _ATTENDANCE_KEYS}, "streak": r.streak}


def _sector(r: SectorAttendance) -> dict[str, Any]:
    return {"sector": r.sector, "actors": list(r.actors), **{k: getattr(r, k) for k in _ATTENDANCE_KEYS}}


def _decision(d: DecisionRecord) -> dict[str, Any]:
    return {
        "session": _day(d.session), "file": d.rel, "index": d.index, "responsible": d.responsible, "due": _day(d.due),
        "done": _day(d.done_on), "state": d.state, "agreements": list(d.agreements), "elevated": d.elevated,
    }


def sessions_dict(s: SessionFigures, locale: str = DEFAULT_LOCALE) -> dict[str, Any]:
    """The ``sessions`` object of `coprod status --format json` (docs/json.md)."""
    r, t, nxt = s.representation, s.thresholds, s.next_session
    return {
        "reference_day": _day(s.reference),
        "thresholds": {"convocation_days": t.convocatoria_dias, "consecutive_absences": t.ausencias_consecutivas, "quorum": t.quorum},
        "held": s.held,
        "council": len(s.council),
        "scheduled": s.scheduled,
        "attendance_rate": s.attendance_rate,
        "representation": {"titular": r.titular, "suplente": r.suplente, "titular_share": r.titular_share, "suplente_share": r.suplente_share},
        "sessions": [_session(x) for x in s.sessions],
        "attendance": [_actor(a) for a in s.attendance],
        "by_sector": [_sector(x) for x in s.by_sector],
        "cycle": [{"month": str(c.month), "state": c.state, "sessions": [_day(d) for d in c.sessions], "unread": list(c.unread)} for c in s.cycle],
        "decisions": [_decision(d) for d in s.decisions],
        "decision_totals": _counts(s.decision_totals),
        "by_responsible": {k: _counts(v) for k, v in s.by_responsible.items()},
        "by_agreement": {k: _counts(v) for k, v in s.by_agreement.items()},
        "elevated": _counts(s.elevated),
        "next_session": None if nxt is None else {
            "file": nxt.rel, "date": _day(nxt.date), "body": nxt.body, "axis": nxt.axis,
            "convened": list(nxt.convened), "convocation_sent": _day(nxt.convocation_sent),
        },
        "unread": [{"file": u.rel, "problems": list(u.codes)} for u in s.unread],
        "alerts": [_alert(al, locale) for al in s.alerts],
        "alert_counts": s.alert_counts(),
    }


__all__ = ["render_sessions", "session_alert_lines", "sessions_dict"]
