"""`coprod pending`: what each actor owes, as plain Spanish text to paste into
an e-mail or a WhatsApp message. No Markdown, no colour, no box drawing;
dates in words («30 de octubre de 2015»), numbers in the canton's locale."""

from __future__ import annotations

from ..compute.figures import Alert
from ..compute.pending import ActorDues, Dues, OwedDecision
from ..compute.session_records import NextSession
from ..i18n import DEFAULT_LOCALE, date_long, month_long, pct, plural
from .figures_text import invalid_mark
from .safe import plain
from .sessions_text import body_words, session_name

BULLET = "•"


def _month(al: Alert, locale: str) -> str:
    where = month_long(al.month, locale) if al.month else "un mes"
    return where + (f" (subactividad {al.subactivity})" if al.subactivity else "")


def _progress_lines(d: ActorDues, locale: str) -> list[str]:
    out = [f"Informar el avance de {_month(al, locale)} del acuerdo {al.agreement}." for al in d.unreported]
    out += [f"Corregir el avance registrado del acuerdo {al.agreement}" + (f" para {_month(al, locale)}" if al.month else "")
            + f": {invalid_mark(al.codes)}." for al in d.invalid]
    out += [
        f"El acuerdo {al.agreement} está atrasado: avance global {pct(al.overall, locale=locale)} "
        f"con el {pct(al.term_elapsed, locale=locale)} del plazo transcurrido." for al in d.behind
    ]
    for c in d.criteria_no:
        why = f" Observaciones: {c.observations}" if c.observations else ""
        out.append(f"Criterio {c.number} del acuerdo {c.agreement}, «{c.text}»: la tabla de monitoreo responde «No».{why}")
    return out


def _decision_line(o: OwedDecision, locale: str) -> str:
    r = o.record
    head = f"Acuerdo {r.index} de {session_name(r.session, locale)}"
    if r.state == "vencido" and r.due is not None:
        when = f", vencido desde el {date_long(r.due, locale)}"
    elif r.due is not None:
        when = f", pendiente para el {date_long(r.due, locale)}"
    else:
        when = ", pendiente, sin fecha límite"
    text = f"{head}{when}: {o.description.strip()}" if o.description.strip() else f"{head}{when}"
    return text if text.endswith(".") else text + "."


def _next_line(d: ActorDues, nxt: NextSession | None, locale: str) -> str | None:
    if nxt is None or d.convened is None:
        return None
    what = f"Próxima sesión {body_words(nxt.body, nxt.axis)}: {date_long(nxt.date, locale)}"
    return what + (", con convocatoria." if d.convened else ", sin convocatoria para este actor.")


def actor_block(d: ActorDues, nxt: NextSession | None, locale: str = DEFAULT_LOCALE) -> list[str]:
    """One actor's lines: its heading, then one bullet per thing it owes."""
    if d.actor:
        heading = f"{d.name} ({d.actor})" if d.name and d.name != d.actor else d.actor
    else:
        heading = "Acuerdos de sesión sin actor responsable"
    lines = _progress_lines(d, locale)
    lines += [_decision_line(o, locale) for o in d.overdue + d.pending]
    if not lines:
        lines.append("Nada pendiente.")
    nxt_line = _next_line(d, nxt, locale)
    if nxt_line:
        lines.append(nxt_line)
    return [plain(heading)] + [f"{BULLET} {plain(x)}" for x in lines]


def _header(dues: Dues, locale: str) -> list[str]:
    fig = dues.figures
    day = fig.sessions.reference if fig.sessions is not None else None
    when = date_long(day, locale) if day else month_long(fig.as_of, locale)
    lines = [plain(f"{fig.canton or 'Repositorio'}: pendientes de cada actor al {when}")]
    unread = [u.rel for u in fig.unread] + ([u.rel for u in fig.sessions.unread] if fig.sessions is not None else [])
    if unread:
        verb = "no se pudo leer" if len(unread) == 1 else "no se pudieron leer"
        lines.append(plain(f"Aviso: {plural(len(unread), 'archivo', 'archivos')} {verb} ({', '.join(unread)}); "
                           f"lo que contiene{'n' if len(unread) > 1 else ''} no está en esta lista. Ejecute «coprod validate»."))
    return lines


def pending_text(dues: Dues, only: ActorDues | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """The whole message: a heading line, then one block per actor (only ``only``, when given)."""
    blocks = [_header(dues, locale)]
    rows = (only,) if only is not None else dues.actors
    blocks += [actor_block(d, dues.next_session, locale) for d in rows]
    if only is None and not dues.actors:
        blocks.append(["Ningún actor tiene pendientes."])
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


__all__ = ["actor_block", "pending_text"]
