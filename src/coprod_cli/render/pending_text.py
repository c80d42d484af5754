"""`coprod pending`: what each actor owes, as plain Spanish text to paste into
an e-mail or a WhatsApp message. No Markdown, no colour, no box drawing;
dates in words («30 de octubre de 2015»), numbers in the canton's locale."""

from __future__ import annotations

from ..compute.figures import Alert
from ..compute.pending import ActorDues, Dues, OwedDecision
from ..compute.session_records import NextSession
from ..i18n import DEFAULT_LOCALE, date_long, month_long, pct
from ..lang import _, ngettext
from .figures_text import invalid_mark
from .safe import plain
from .sessions_text import body_words, session_name

BULLET = "•"


def _month(al: Alert, locale: str) -> str:
    where = month_long(al.month, locale) if al.month else _("un mes")
    return where + (_(" (subactividad {subactivity})").format(subactivity=al.subactivity) if al.subactivity else "")


def _progress_lines(d: ActorDues, locale: str) -> list[str]:
    out = [_("Informar el avance de {month} del acuerdo {agreement}.").format(month=_month(al, locale), agreement=al.agreement) for al in d.unreported]
    out += [_("Corregir el avance registrado del acuerdo {agreement}").format(agreement=al.agreement) + (_(" para {month}").format(month=_month(al, locale)) if al.month else "")
            + f": {invalid_mark(al.codes)}." for al in d.invalid]
    out += [
        _("El acuerdo {agreement} está atrasado: avance global {pct} con el {pct2} del plazo transcurrido.").format(
            agreement=al.agreement, pct=pct(al.overall, locale=locale), pct2=pct(al.term_elapsed, locale=locale)) for al in d.behind
    ]
    for c in d.criteria_no:
        why = _(" Observaciones: {observations}").format(observations=c.observations) if c.observations else ""
        out.append(_("Criterio {number} del acuerdo {agreement}, «{text}»: la tabla de monitoreo responde «No».{why}").format(number=c.number, agreement=c.agreement, text=_(c.text), why=why))
    return out


def _decision_line(o: OwedDecision, locale: str) -> str:
    r = o.record
    head = _("Acuerdo {index} de {session_name}").format(index=r.index, session_name=session_name(r.session, locale))
    if r.state == "vencido" and r.due is not None:
        when = _(", vencido desde el {date_long}").format(date_long=date_long(r.due, locale))
    elif r.due is not None:
        when = _(", pendiente para el {date_long}").format(date_long=date_long(r.due, locale))
    else:
        when = _(", pendiente, sin fecha límite")
    text = _("{head}{when}: {strip}").format(head=head, when=when, strip=o.description.strip()) if o.description.strip() else f"{head}{when}"
    return text if text.endswith(".") else text + "."


def _next_line(d: ActorDues, nxt: NextSession | None, locale: str) -> str | None:
    if nxt is None or d.convened is None:
        return None
    what = _("Próxima sesión {body_words}: {date_long}").format(body_words=body_words(nxt.body, nxt.axis), date_long=date_long(nxt.date, locale))
    return what + (_(", con convocatoria.") if d.convened else _(", sin convocatoria para este actor."))


def actor_block(d: ActorDues, nxt: NextSession | None, locale: str = DEFAULT_LOCALE) -> list[str]:
    """One actor's lines: its heading, then one bullet per thing it owes."""
    if d.actor:
        heading = _("{name} ({actor})").format(name=d.name, actor=d.actor) if d.name and d.name != d.actor else d.actor
    else:
        heading = _("Acuerdos de sesión sin actor responsable")
    lines = _progress_lines(d, locale)
    lines += [_decision_line(o, locale) for o in d.overdue + d.pending]
    if not lines:
        lines.append(_("Nada pendiente."))
    nxt_line = _next_line(d, nxt, locale)
    if nxt_line:
        lines.append(nxt_line)
    return [plain(heading)] + [_("{BULLET} {plain}").format(BULLET=BULLET, plain=plain(x)) for x in lines]


def _header(dues: Dues, locale: str) -> list[str]:
    fig = dues.figures
    day = fig.sessions.reference if fig.sessions is not None else None
    when = date_long(day, locale) if day else month_long(fig.as_of, locale)
    lines = [plain(_("{value}: pendientes de cada actor al {when}").format(value=fig.canton or _('Repositorio'), when=when))]
    unread = [u.rel for u in fig.unread] + ([u.rel for u in fig.sessions.unread] if fig.sessions is not None else [])
    if unread:
        lines.append(plain(ngettext("Aviso: {n} archivo no se pudo leer ({items}); lo que contiene no está en esta lista. Ejecute «coprod validate».",
                                    "Aviso: {n} archivos no se pudieron leer ({items}); lo que contienen no está en esta lista. Ejecute «coprod validate».",
                                    len(unread)).format(n=len(unread), items=", ".join(unread))))
    return lines


def pending_text(dues: Dues, only: ActorDues | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """The whole message: a heading line, then one block per actor (only ``only``, when given)."""
    blocks = [_header(dues, locale)]
    rows = (only,) if only is not None else dues.actors
    blocks += [actor_block(d, dues.next_session, locale) for d in rows]
    if only is None and not dues.actors:
        blocks.append([_("Ningún actor tiene pendientes.")])
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


__all__ = ["actor_block", "pending_text"]
