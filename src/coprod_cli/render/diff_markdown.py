"""`coprod diff`: a Markdown summary fit for a pull-request comment (Spanish).

Every value that comes from the files or the command line goes through
``md_escape``: a title with ``|`` or ``<script>`` is shown as text and keeps
the table whole.
"""

from __future__ import annotations

from typing import Optional

from ..compute.diff import AgreementState, RepoDiff, Side
from ..check.diagnostics import Diagnostic
from ..i18n import DEFAULT_LOCALE, month_long, pct
from ..model import labels
from .markdown import cell, md_escape

#: Lets a CI job find (and replace) its earlier comment.
MARKER = "<!-- coprod-diff -->"
ARROW = " → "
CHANGE = {"added": "agregado", "removed": "eliminado", "changed": "modificado"}


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _checklist(s: Optional[AgreementState]) -> str:
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


def _problem_rows(problems: list[Diagnostic]) -> list[str]:
    rows = ["| Archivo | Línea | Código | Severidad | Mensaje |", "|---|---:|---|---|---|"]
    for d in problems:
        rows.append(f"| {cell(d.file)} | {d.line} | {d.code} | {d.severity.label} | {cell(d.message)} |")
    return rows


def render_diff_markdown(diff: RepoDiff, locale: str = DEFAULT_LOCALE) -> str:
    def p(x: Optional[float]) -> str:
        return pct(x, locale=locale)

    b, h = diff.base, diff.head
    out = [MARKER, "## coprod: cambios en los acuerdos de coproducción", ""]
    where = f"**{md_escape(diff.canton)}** · " if diff.canton else ""
    out.append(f"{where}{_rev(b)}{ARROW}{_rev(h)} · cifras a {month_long(diff.as_of, locale)}")
    out.append("")
    if not b.exists:
        out += [f"En {md_escape(b.label)} no había repositorio de acuerdos (falta canton.yaml): todo es nuevo.", ""]
    counts = (
        f"{_n(len(diff.added), 'acuerdo agregado', 'acuerdos agregados')}, "
        f"{_n(len(diff.removed), 'eliminado', 'eliminados')}, "
        f"{_n(len(diff.changed), 'modificado', 'modificados')}; "
        f"{_n(len(diff.new_problems), 'problema nuevo', 'problemas nuevos')}, "
        f"{_n(len(diff.resolved_problems), 'resuelto', 'resueltos')}."
    )
    out += [counts if not diff.empty else "Sin cambios en los acuerdos ni en sus problemas.", ""]
    out += [
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
    for title, items, side in (("Acuerdos agregados", diff.added, "after"), ("Acuerdos eliminados", diff.removed, "before")):
        if not items:
            continue
        out += [f"### {title} ({len(items)})", ""]
        out += ["| Acuerdo | Título | Estado | Criterios | Avance al día | Avance global |", "|---|---|---|---:|---:|---:|"]
        for c in items:
            s = getattr(c, side)
            out.append(
                f"| {cell(c.id)} | {cell(s.title or '')} | {cell(labels.title(s.status))} | {_checklist(s)} | {p(s.to_date)} | {p(s.overall)} |"
            )
        out.append("")
    if diff.changed:
        out += [f"### Acuerdos modificados ({len(diff.changed)})", ""]
        out += [
            "| Acuerdo | Cambios en | Estado | Criterios antes → después | Avance al día antes → después | Avance global antes → después |",
            "|---|---|---|---|---|---|",
        ]
        for c in diff.changed:
            bs, as_ = c.before, c.after
            assert bs is not None and as_ is not None
            sections = ", ".join(md_escape(s) for s in c.sections) or "formato o comentarios"
            if bs.file != as_.file:
                sections += f" (archivo: {md_escape(bs.file)}{ARROW}{md_escape(as_.file)})"
            out.append(
                f"| {cell(c.id)} | {sections} | {_pair(cell(labels.title(bs.status)), cell(labels.title(as_.status)))} "
                f"| {_checklist(bs)}{ARROW}{_checklist(as_)} "
                f"| {p(bs.to_date)}{ARROW}{p(as_.to_date)} | {p(bs.overall)}{ARROW}{p(as_.overall)} |"
            )
        out.append("")
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
    out.append("<sub>Generado por coprod diff. Las cifras se definen en docs/cifras.md.</sub>")
    return "\n".join(out) + "\n"
