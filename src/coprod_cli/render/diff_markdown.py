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
from ..i18n import DEFAULT_LOCALE, month_long, pct, plural
from ..model import labels
from ..model.types import NIVELES
from .markdown import cell, md_escape

#: Lets a CI job find (and replace) its earlier comment.
MARKER = "<!-- coprod-diff -->"
ARROW = " → "
CHANGE = {"added": "agregado", "removed": "eliminado", "changed": "modificado"}

#: The agreement's top-level keys, as the sections of the protocol's Anexo 1.
SECTION_LABELS = {
    "id": "id",
    "titulo": "título",
    "forma": "forma",
    "estado": "estado",
    "plan_anual": "plan anual",
    "fecha_firma": "fecha de firma",
    "encargados": "encargados (sección 1)",
    "objetivo": "objetivo (sección 2)",
    "actividad": "actividad (sección 3)",
    "corresponsabilidad": "corresponsabilidad (sección 4)",
    "cronograma": "cronograma (sección 5)",
    "avance": "avance (sección 6)",
    "monitoreo": "monitoreo (sección 7)",
}
ANSWER_LABELS = {"si": "Sí", "no": "No", None: "sin respuesta"}
#: Lines of detail shown per agreement (a pull request may rewrite a whole schedule); JSON lists them all.
MAX_DETAILS = 20
#: Characters of a note or an observation quoted in a detail line.
NOTE_CHARS = 120

HOW_TO_READ = (
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
        return "no carga"
    return f"{s.checklist_met}/{s.checklist_total}"


def _pair(before: str, after: str) -> str:
    return before if before == after else before + ARROW + after


def _rev(side: Side) -> str:
    label = md_escape(side.label)
    return f"{label} ({side.commit[:7]})" if side.commit else label


def _title(s: AgreementState | None, ident: str) -> str:
    """The agreement as a reviewer knows it: its title (its id when it has none)."""
    return cell(s.title) if s is not None and s.title else md_escape(ident)


def _problem_rows(problems: list[Diagnostic]) -> list[str]:
    rows = ["| Archivo | Línea | Código | Severidad | Mensaje |", "|---|---:|---|---|---|"]
    for d in problems:
        rows.append(f"| {cell(d.file)} | {d.line} | {d.code} | {d.severity.label} | {cell(d.message)} |")
    return rows


def _level(value: int | None) -> str:
    if value is None:
        return "sin informar"
    if value in NIVELES:
        return f"{value}\u00a0% {NIVELES[value]}"
    return f"{value}\u00a0% (fuera de la escala de cinco niveles)"


def _quote(text: str | None) -> str:
    value = " ".join((text or "").split())
    if len(value) > NOTE_CHARS:
        value = value[: NOTE_CHARS - 1].rstrip() + "…"
    return f"«{md_escape(value)}»"


def _text_change(before: str | None, after: str | None, feminine_singular: bool) -> str:
    """A note (singular) or observations (plural) that changed: «nota nueva: «…»», «observaciones: «…» → «…»»."""
    noun = "nota" if feminine_singular else "observaciones"
    if before == after:
        return ""
    if not before:
        return f"{noun} {'nueva' if feminine_singular else 'nuevas'}: {_quote(after)}"
    if not after:
        return f"{'se quitó la' if feminine_singular else 'se quitaron las'} {noun} {_quote(before)}"
    return f"{noun}: {_quote(before)}{ARROW}{_quote(after)}"


def level_line(x: LevelChange, locale: str) -> str:
    """«agosto de 2015: 25 % algo avanzada → 75 % muy avanzada»."""
    when = month_long(x.month, locale)
    if x.subactivity is not None:
        when += f", subactividad {x.subactivity}"
    body = f"{_level(x.before)}{ARROW}{_level(x.after)}" if x.before != x.after else ""
    note = _text_change(x.note_before, x.note_after, True)
    if note:
        body = f"{body}; {note}" if body else f"{note} (nivel {_level(x.after)}, sin cambio)"
    return f"{when}: {body}"


def criterion_line(x: CriterionChange) -> str:
    """«criterio 4, «Presenta la Meta de la actividad»: Sí → No (cumplido → no cumplido)»."""
    head = []
    if x.answer_before != x.answer_after:
        head.append(f"{ANSWER_LABELS.get(x.answer_before, '?')}{ARROW}{ANSWER_LABELS.get(x.answer_after, '?')}")
    if x.met_before != x.met_after:
        met = f"{'cumplido' if x.met_before else 'no cumplido'}{ARROW}{'cumplido' if x.met_after else 'no cumplido'}"
        head.append(f"({met})" if head else met)
    body = " ".join(head)
    observations = _text_change(x.observations_before, x.observations_after, False)
    if observations:
        body = f"{body}; {observations}" if body else f"{observations} (respuesta {ANSWER_LABELS.get(x.answer_after, '?')}, sin cambio)"
    return f"criterio {x.number}, «{x.text}»: {body}"


def _details(c: AgreementChange, locale: str) -> list[str]:
    b, a = c.before, c.after
    assert b is not None and a is not None
    lines = []
    if b.title != a.title:
        lines.append(f"título: {_quote(b.title)}{ARROW}{_quote(a.title)}")
    if b.status != a.status:
        lines.append(f"estado: {md_escape(status_label(b.status))}{ARROW}{md_escape(status_label(a.status))}")
    lines += [f"avance de {level_line(x, locale)}" for x in c.levels]
    lines += [criterion_line(x) for x in c.criteria]
    if not (b.loads and a.loads):
        which = "ninguna de las dos versiones" if not (b.loads or a.loads) else ("la versión anterior" if not b.loads else "la versión nueva")
        lines.append(f"el archivo no carga en {which}: su avance y sus criterios no se comparan (vea los problemas)")
    shown = [f"- {line[0].upper()}{line[1:]}" for line in lines[:MAX_DETAILS]]
    if len(lines) > MAX_DETAILS:
        more = len(lines) - MAX_DETAILS
        shown.append(f"- … y {plural(more, 'cambio más', 'cambios más')} (`coprod diff --format json` los lista todos).")
    return shown


def _cut_off(diff: RepoDiff, locale: str) -> str:
    when = f"cifras a {month_long(diff.as_of, locale)}"
    if diff.as_of_source == AS_OF_COMMIT and diff.as_of_commit:
        return f"{when} (el mes del commit más reciente de los dos, {diff.as_of_commit[:7]})"
    return f"{when} (--as-of)"


def _heading(diff: RepoDiff, locale: str) -> list[str]:
    """The marker, the title, the two revisions and the month of the figures, and the counts."""
    b = diff.base
    where = f"**{md_escape(diff.canton)}** · " if diff.canton else ""
    out = [MARKER, "## coprod: cambios en los acuerdos de coproducción", "", f"{where}{_rev(b)}{ARROW}{_rev(diff.head)} · {_cut_off(diff, locale)}", ""]
    if not b.exists:
        out += [f"En {md_escape(b.label)} no había repositorio de acuerdos (falta canton.yaml): todo es nuevo.", ""]
    counts = (
        f"{plural(len(diff.added), 'acuerdo agregado', 'acuerdos agregados')}, "
        f"{plural(len(diff.removed), 'eliminado', 'eliminados')}, "
        f"{plural(len(diff.changed), 'modificado', 'modificados')}; "
        f"{plural(len(diff.new_problems), 'problema nuevo', 'problemas nuevos')}, "
        f"{plural(len(diff.resolved_problems), 'resuelto', 'resueltos')}."
    )
    return out + [counts if not diff.empty else "Sin cambios en los acuerdos ni en sus problemas.", ""]


def _totals(diff: RepoDiff, p: Callable[[float | None], str]) -> list[str]:
    b, h = diff.base, diff.head
    return [
        "| | antes | después |",
        "|---|---:|---:|",
        f"| Acuerdos | {b.agreements} | {h.agreements} |",
        f"| Criterios cumplidos (todos los acuerdos) | {p(b.checklist_percent)} | {p(h.checklist_percent)} |",
        f"| Avance al día | {p(b.to_date)} | {p(h.to_date)} |",
        f"| Avance global | {p(b.overall)} | {p(h.overall)} |",
        f"| Errores | {b.errors} | {h.errors} |",
        f"| Advertencias | {b.warnings} | {h.warnings} |",
        "",
    ]


def _added_removed(diff: RepoDiff, p: Callable[[float | None], str]) -> list[str]:
    out: list[str] = []
    for title, items, side in (("Acuerdos agregados", diff.added, "after"), ("Acuerdos eliminados", diff.removed, "before")):
        if not items:
            continue
        out += [f"### {title} ({len(items)})", ""]
        out += ["| Acuerdo | Id | Estado | Criterios | Avance al día | Avance global |", "|---|---|---|---:|---:|---:|"]
        for c in items:
            s = getattr(c, side)
            out.append(
                f"| {_title(s, c.id)} | {cell(c.id)} | {cell(status_label(s.status))} | {_checklist(s)} | {p(s.to_date)} | {p(s.overall)} |"
            )
        out.append("")
    return out


def _changed_row(c: AgreementChange, p: Callable[[float | None], str]) -> str:
    bs, as_ = c.before, c.after
    assert bs is not None and as_ is not None
    sections = ", ".join(md_escape(SECTION_LABELS.get(s, s)) for s in c.sections) or "formato o comentarios"
    if bs.file != as_.file:
        sections += f" (archivo: {md_escape(bs.file)}{ARROW}{md_escape(as_.file)})"
    return (
        f"| {_title(as_, c.id)} | {cell(c.id)} | {sections} "
        f"| {_pair(cell(status_label(bs.status)), cell(status_label(as_.status)))} "
        f"| {_checklist(bs)}{ARROW}{_checklist(as_)} "
        f"| {p(bs.to_date)}{ARROW}{p(as_.to_date)} | {p(bs.overall)}{ARROW}{p(as_.overall)} |"
    )


def _changed(diff: RepoDiff, p: Callable[[float | None], str], locale: str) -> list[str]:
    if not diff.changed:
        return []
    out = [f"### Acuerdos modificados ({len(diff.changed)})", ""]
    out += [
        "| Acuerdo | Id | Cambios en | Estado | Criterios antes → después | Avance al día antes → después | Avance global antes → después |",
        "|---|---|---|---|---|---|---|",
    ]
    out += [_changed_row(c, p) for c in diff.changed]
    out.append("")
    for c in diff.changed:
        details = _details(c, locale)
        if details:
            out += [f"#### {_title(c.after, c.id)} ({md_escape(c.id)})", ""] + details + [""]
    return out


def _files_and_problems(diff: RepoDiff) -> list[str]:
    out: list[str] = []
    if diff.other_files:
        out += ["### Otros archivos", ""]
        out += [f"- {md_escape(f)}: {CHANGE[kind]}" for f, kind in diff.other_files]
        out.append("")
    if diff.new_problems:
        out += [f"### Problemas nuevos ({len(diff.new_problems)})", ""] + _problem_rows(diff.new_problems) + [""]
    if diff.resolved_problems:
        out += [f"### Problemas resueltos ({len(diff.resolved_problems)})", ""]
        out += _problem_rows(diff.resolved_problems) + [""]
        out.append("Las líneas de los problemas resueltos son las de la versión anterior.")
        out.append("")
    return out


def render_diff_markdown(diff: RepoDiff, locale: str = DEFAULT_LOCALE) -> str:
    def p(x: float | None) -> str:
        return pct(x, locale=locale)

    out = _heading(diff, locale) + _totals(diff, p) + _added_removed(diff, p) + _changed(diff, p, locale) + _files_and_problems(diff)
    out += [HOW_TO_READ, "", "<sub>Generado por coprod diff.</sub>"]
    return "\n".join(out) + "\n"
