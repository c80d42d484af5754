"""`coprod diff`: a Markdown summary fit for a pull-request comment (Spanish).

What a reviewer acts on: each agreement by its title and its id; of a
changed one, which month's level went from what to what and which
monitoring criteria flipped (with the protocol's wording); labels as people
write them («en ejecución»); how to read the figures, said in the comment
itself (a canton's repository has no copy of coprod's docs); and the month
the figures are computed at, with where it came from.

Every value that comes from the files or the command line goes through
``md_escape``: a title with ``|`` or ``<script>`` is shown as text and keeps
the table whole, and nothing is linked or notifies anyone.
"""

from __future__ import annotations

from collections.abc import Callable

from ..check.diagnostics import Diagnostic
from ..compute.diff import AS_OF_COMMIT, AgreementChange, AgreementState, CriterionChange, LevelChange, RepoDiff, Side
from ..i18n import DEFAULT_LOCALE, month_long, pct
from ..lang import N_, _, ngettext
from ..model import labels
from ..model.types import NIVELES
from .markdown import cell, md_escape

#: Lets a CI job find (and replace) its earlier comment.
MARKER = "<!-- coprod-diff -->"
ARROW = " → "
CHANGE = {"added": N_("agregado"), "removed": N_("eliminado"), "changed": N_("modificado")}

#: The agreement's top-level keys, as the sections of the protocol's Anexo 1.
SECTION_LABELS = {
    "id": N_("id"),
    "titulo": N_("título"),
    "forma": N_("forma"),
    "estado": N_("estado"),
    "plan_anual": N_("plan anual"),
    "fecha_firma": N_("fecha de firma"),
    "encargados": N_("encargados (sección 1)"),
    "objetivo": N_("objetivo (sección 2)"),
    "actividad": N_("actividad (sección 3)"),
    "corresponsabilidad": N_("corresponsabilidad (sección 4)"),
    "cronograma": N_("cronograma (sección 5)"),
    "avance": N_("avance (sección 6)"),
    "monitoreo": N_("monitoreo (sección 7)"),
}
ANSWER_LABELS = {"si": N_("Sí"), "no": N_("No"), None: N_("sin respuesta")}
#: Lines of detail shown per agreement (a pull request may rewrite a whole schedule); JSON lists them all.
MAX_DETAILS = 20
#: Characters of a note or an observation quoted in a detail line.
NOTE_CHARS = 120

HOW_TO_READ = N_(
    "**Cómo leer las cifras.** *Criterios cumplidos*: cuántos de los 14 criterios de la tabla de monitoreo "
    "(Anexo 1, sección 7) cumple el acuerdo; un criterio se cumple cuando el acuerdo tiene ese contenido y la "
    "tabla no responde «No». *Avance al día*: el promedio de los niveles informados (0, 25, 50, 75 o 100 %) de los "
    "compromisos del cronograma vencidos al mes de corte; un compromiso vencido sin informar es una alerta, no "
    "un cero, y no entra en el promedio. *Avance global*: la suma de los niveles informados dividida entre todos "
    "los compromisos del cronograma, es decir, la parte del cronograma completo que ya consta como cumplida. "
    "Los dos lados se calculan al mismo mes de corte; «—» quiere decir que la cifra no existe (nada vencido aún, "
    "sin cronograma, o un archivo con errores que no carga)."
)


def status_label(value: str | None) -> str:
    return labels.label(value)


def _checklist(s: AgreementState | None) -> str:
    if s is None:
        return "—"
    if not s.loads:
        return _("no carga")
    return f"{s.checklist_met}/{s.checklist_total}"


def _pair(before: str, after: str) -> str:
    return before if before == after else before + ARROW + after


def _rev(side: Side) -> str:
    label = md_escape(side.label)
    return _("{label} ({commit})").format(label=label, commit=side.commit[:7]) if side.commit else label


def _title(s: AgreementState | None, ident: str) -> str:
    """The agreement as a reviewer knows it: its title (its id when it has none)."""
    return cell(s.title) if s is not None and s.title else md_escape(ident)


def _problem_rows(problems: list[Diagnostic]) -> list[str]:
    rows = [_("| Archivo | Línea | Código | Severidad | Mensaje |"), "|---|---:|---|---|---|"]
    for d in problems:
        rows.append(_("| {cell} | {line} | {code} | {label} | {cell2} |").format(cell=cell(d.file), line=d.line, code=d.code, label=d.severity.label, cell2=cell(d.message)))
    return rows


def _level(value: int | None) -> str:
    if value is None:
        return _("sin informar")
    if value in NIVELES:
        return _("{value} % {NIVELES}").format(value=value, NIVELES=_(NIVELES[value]))
    return _("{value} % (fuera de la escala de cinco niveles)").format(value=value)


def _quote(text: str | None) -> str:
    value = " ".join((text or "").split())
    if len(value) > NOTE_CHARS:
        value = value[: NOTE_CHARS - 1].rstrip() + "…"
    return f"«{md_escape(value)}»"


def _text_change(before: str | None, after: str | None, feminine_singular: bool) -> str:
    """A note (singular) or observations (plural) that changed: «nota nueva: «…»», «observaciones: «…» → «…»»."""
    noun = _("nota") if feminine_singular else _("observaciones")
    if before == after:
        return ""
    if not before:
        return (_("nota nueva: {quote}") if feminine_singular else _("observaciones nuevas: {quote}")).format(quote=_quote(after))
    if not after:
        return (_("se quitó la nota {quote}") if feminine_singular else _("se quitaron las observaciones {quote}")).format(quote=_quote(before))
    return _("{noun}: {quote}{ARROW}{quote2}").format(noun=noun, quote=_quote(before), ARROW=ARROW, quote2=_quote(after))


def level_line(x: LevelChange, locale: str) -> str:
    """«agosto de 2015: 25 % algo avanzada → 75 % muy avanzada»."""
    when = month_long(x.month, locale)
    if x.subactivity is not None:
        when += _(", subactividad {subactivity}").format(subactivity=x.subactivity)
    body = f"{_level(x.before)}{ARROW}{_level(x.after)}" if x.before != x.after else ""
    note = _text_change(x.note_before, x.note_after, True)
    if note:
        body = _("{body}; {note}").format(body=body, note=note) if body else _("{note} (nivel {level}, sin cambio)").format(note=note, level=_level(x.after))
    return _("{when}: {body}").format(when=when, body=body)


def criterion_line(x: CriterionChange) -> str:
    """«criterio 4, «Presenta la Meta de la actividad»: Sí → No (cumplido → no cumplido)»."""
    head = []
    if x.answer_before != x.answer_after:
        head.append(_("{get}{ARROW}{get2}").format(get=_(ANSWER_LABELS.get(x.answer_before, '?')), ARROW=ARROW, get2=_(ANSWER_LABELS.get(x.answer_after, '?'))))
    if x.met_before != x.met_after:
        met = _("{value}{ARROW}{value2}").format(value=_('cumplido') if x.met_before else _('no cumplido'), ARROW=ARROW, value2=_('cumplido') if x.met_after else _('no cumplido'))
        head.append(f"({met})" if head else met)
    body = " ".join(head)
    observations = _text_change(x.observations_before, x.observations_after, False)
    if observations:
        body = _("{body}; {observations}").format(
            body=body, observations=observations) if body else _("{observations} (respuesta {get}, sin cambio)").format(observations=observations, get=_(ANSWER_LABELS.get(x.answer_after, '?')))
    return _("criterio {number}, «{text}»: {body}").format(number=x.number, text=x.text, body=body)


def _details(c: AgreementChange, locale: str) -> list[str]:
    b, a = c.before, c.after
    assert b is not None and a is not None
    lines = []
    if b.title != a.title:
        lines.append(_("título: {quote}{ARROW}{quote2}").format(quote=_quote(b.title), ARROW=ARROW, quote2=_quote(a.title)))
    if b.status != a.status:
        lines.append(_("estado: {md_escape}{ARROW}{md_escape2}").format(md_escape=md_escape(status_label(b.status)), ARROW=ARROW, md_escape2=md_escape(status_label(a.status))))
    lines += [_("avance de {level_line}").format(level_line=level_line(x, locale)) for x in c.levels]
    lines += [criterion_line(x) for x in c.criteria]
    if not (b.loads and a.loads):
        which = _("ninguna de las dos versiones") if not (b.loads or a.loads) else (_("la versión anterior") if not b.loads else _("la versión nueva"))
        lines.append(_("el archivo no carga en {which}: su avance y sus criterios no se comparan (vea los problemas)").format(which=which))
    shown = [f"- {line[0].upper()}{line[1:]}" for line in lines[:MAX_DETAILS]]
    if len(lines) > MAX_DETAILS:
        more = len(lines) - MAX_DETAILS
        shown.append(_("- … y {count} (`coprod diff --format json` los lista todos).").format(count=ngettext('{n} cambio más', '{n} cambios más', more).format(n=more)))
    return shown


def _cut_off(diff: RepoDiff, locale: str) -> str:
    when = _("cifras a {month_long}").format(month_long=month_long(diff.as_of, locale))
    if diff.as_of_source == AS_OF_COMMIT and diff.as_of_commit:
        return _("{when} (el mes del commit más reciente de los dos, {as_of_commit})").format(when=when, as_of_commit=diff.as_of_commit[:7])
    return _("{when} (--as-of)").format(when=when)


def _heading(diff: RepoDiff, locale: str) -> list[str]:
    """The marker, the title, the two revisions and the month of the figures, and the counts."""
    b = diff.base
    where = _("**{md_escape}** · ").format(md_escape=md_escape(diff.canton)) if diff.canton else ""
    out = [MARKER, _("## coprod: cambios en los acuerdos de coproducción"), "", _("{where}{rev}{ARROW}{rev2} · {cut_off}").format(
        where=where, rev=_rev(b), ARROW=ARROW, rev2=_rev(diff.head), cut_off=_cut_off(diff, locale)), ""]
    if not b.exists:
        out += [_("En {md_escape} no había repositorio de acuerdos (falta canton.yaml): todo es nuevo.").format(md_escape=md_escape(b.label)), ""]
    counts = (
        _("{count}, {count2}, {count3}; {count4}, {count5}.").format(
            count=ngettext('{n} acuerdo agregado', '{n} acuerdos agregados', len(diff.added)).format(n=len(diff.added)),
            count2=ngettext('{n} eliminado', '{n} eliminados', len(diff.removed)).format(n=len(diff.removed)),
            count3=ngettext('{n} modificado', '{n} modificados', len(diff.changed)).format(n=len(diff.changed)),
            count4=ngettext('{n} problema nuevo', '{n} problemas nuevos', len(diff.new_problems)).format(n=len(diff.new_problems)),
            count5=ngettext('{n} resuelto', '{n} resueltos', len(diff.resolved_problems)).format(n=len(diff.resolved_problems)))
    )
    return out + [counts if not diff.empty else _("Sin cambios en los acuerdos ni en sus problemas."), ""]


def _totals(diff: RepoDiff, p: Callable[[float | None], str]) -> list[str]:
    b, h = diff.base, diff.head
    return [
        _("| | antes | después |"),
        "|---|---:|---:|",
        _("| Acuerdos | {agreements} | {agreements2} |").format(agreements=b.agreements, agreements2=h.agreements),
        _("| Criterios cumplidos (todos los acuerdos) | {p} | {p2} |").format(p=p(b.checklist_percent), p2=p(h.checklist_percent)),
        _("| Avance al día | {p} | {p2} |").format(p=p(b.to_date), p2=p(h.to_date)),
        _("| Avance global | {p} | {p2} |").format(p=p(b.overall), p2=p(h.overall)),
        _("| Errores | {errors} | {errors2} |").format(errors=b.errors, errors2=h.errors),
        _("| Advertencias | {warnings} | {warnings2} |").format(warnings=b.warnings, warnings2=h.warnings),
        "",
    ]


def _added_removed(diff: RepoDiff, p: Callable[[float | None], str]) -> list[str]:
    out: list[str] = []
    for title, items, side in ((_("Acuerdos agregados"), diff.added, "after"), (_("Acuerdos eliminados"), diff.removed, "before")):
        if not items:
            continue
        out += [_("### {title} ({n})").format(title=title, n=len(items)), ""]
        out += [_("| Acuerdo | Id | Estado | Criterios | Avance al día | Avance global |"), "|---|---|---|---:|---:|---:|"]
        for c in items:
            s = getattr(c, side)
            out.append(
                _("| {title} | {cell} | {cell2} | {checklist} | {p} | {p2} |").format(
                    title=_title(s, c.id), cell=cell(c.id), cell2=cell(status_label(s.status)), checklist=_checklist(s), p=p(s.to_date), p2=p(s.overall))
            )
        out.append("")
    return out


def _changed_row(c: AgreementChange, p: Callable[[float | None], str]) -> str:
    bs, as_ = c.before, c.after
    assert bs is not None and as_ is not None
    sections = ", ".join(md_escape(_(SECTION_LABELS[s]) if s in SECTION_LABELS else s) for s in c.sections) or _("formato o comentarios")
    if bs.file != as_.file:
        sections += _(" (archivo: {md_escape}{ARROW}{md_escape2})").format(md_escape=md_escape(bs.file), ARROW=ARROW, md_escape2=md_escape(as_.file))
    return (
        _("| {title} | {cell} | {sections} | {pair} | {checklist}{ARROW}{checklist2} | {p}{ARROW}{p2} | "
            "{p3}{ARROW}{p4} |").format(
                title=_title(as_, c.id),
                cell=cell(c.id),
                sections=sections,
                pair=_pair(cell(status_label(bs.status)), cell(status_label(as_.status))),
                checklist=_checklist(bs),
                ARROW=ARROW,
                checklist2=_checklist(as_),
                p=p(bs.to_date),
                p2=p(as_.to_date),
                p3=p(bs.overall),
                p4=p(as_.overall))
    )


def _changed(diff: RepoDiff, p: Callable[[float | None], str], locale: str) -> list[str]:
    if not diff.changed:
        return []
    out = [_("### Acuerdos modificados ({n})").format(n=len(diff.changed)), ""]
    out += [
        _("| Acuerdo | Id | Cambios en | Estado | Criterios antes → después | Avance al día antes → después | Avance global antes → después |"),
        "|---|---|---|---|---|---|---|",
    ]
    out += [_changed_row(c, p) for c in diff.changed]
    out.append("")
    for c in diff.changed:
        details = _details(c, locale)
        if details:
            out += [_("#### {title} ({md_escape})").format(title=_title(c.after, c.id), md_escape=md_escape(c.id)), ""] + details + [""]
    return out


def _files_and_problems(diff: RepoDiff) -> list[str]:
    out: list[str] = []
    if diff.other_files:
        out += [_("### Otros archivos"), ""]
        out += [_("- {md_escape}: {CHANGE}").format(md_escape=md_escape(f), CHANGE=_(CHANGE[kind])) for f, kind in diff.other_files]
        out.append("")
    if diff.new_problems:
        out += [_("### Problemas nuevos ({n})").format(n=len(diff.new_problems)), ""] + _problem_rows(diff.new_problems) + [""]
    if diff.resolved_problems:
        out += [_("### Problemas resueltos ({n})").format(n=len(diff.resolved_problems)), ""]
        out += _problem_rows(diff.resolved_problems) + [""]
        out.append(_("Las líneas de los problemas resueltos son las de la versión anterior."))
        out.append("")
    return out


def render_diff_markdown(diff: RepoDiff, locale: str = DEFAULT_LOCALE) -> str:
    def p(x: float | None) -> str:
        return pct(x, locale=locale)

    out = _heading(diff, locale) + _totals(diff, p) + _added_removed(diff, p) + _changed(diff, p, locale) + _files_and_problems(diff)
    out += [_(HOW_TO_READ), "", _("<sub>Generado por coprod diff.</sub>")]
    return "\n".join(out) + "\n"
