"""What the Word template of the Anexo 1 sheet receives: plain texts and lists.

Made from the same view the HTML sheet reads (report/views: ``AgreementView``),
so every figure agrees with it. Every value is a ``str`` (or a list or dict of
them): the template has nothing to compute, a municipality's own template only
places texts, and docxtpl's autoescape turns each one into Word text (a ``<``
in a YAML text is a ``<`` on paper, never markup). Control characters other
than line feed and tab are shown as escapes (render/safe.py): Word's XML
cannot hold them, and docxtpl would read ``\\a`` and ``\\f`` as new paragraphs.
"""

from __future__ import annotations

from typing import Any

from ..i18n import date_long, month_long, pct
from ..lang import N_, _
from ..model.types import NIVELES
from ..render.safe import plain_lines
from .views import AgreementView, ReportContext
from .views.types import ActorRef, CommitmentView, CriterionView, MonthView

#: What a blank to fill in by hand looks like on paper.
BLANK = "______________________________"
DATE_BLANK = "____ / ____ / ________"
#: The five levels of footnote 13, highest first (the columns of section 6).
LEVELS = tuple(sorted(NIVELES, reverse=True))
INTERNAL_MARK = N_("Uso interno: contiene datos personales")
PUBLIC_MARK = N_("Versión pública: sin nombres ni datos de contacto de personas")


def text(value: Any, empty: str = "—") -> str:
    """A value as safe Word text: ``empty`` when absent."""
    if value is None or value == "":
        return empty
    return plain_lines(str(value))


def actor_label(ref: ActorRef | None, empty: str = "—") -> str:
    if ref is None:
        return empty
    name = text(ref.name)
    return f"{name} ({text(ref.acronym)})" if ref.acronym and ref.acronym != ref.name else name


def lines(values: Any, bullet: str = "") -> str:
    """Several values, one a line (docxtpl writes a line feed as a line break)."""
    items = [text(v) for v in values]
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{bullet}{v}" for v in items) if items else "—"


def _activity(m: MonthView, loc: str) -> dict[str, str]:
    rows = []
    for i, x in enumerate(m.activities, 1):
        extra = []
        if x.place:
            extra.append(f"lugar: {text(x.place)}")
        if x.institutions:
            extra.append(_("instituciones: {names}").format(names=", ".join(text(r.label) for r in x.institutions)))
        if x.civil_society:
            extra.append(_("sociedad civil: {names}").format(names=text(x.civil_society)))
        period = f"{text(x.period)}: " if x.period else ""
        rows.append(f"{i}. {period}{text(x.description)}" + (f" ({'; '.join(extra)})" if extra else ""))
    return {"mes": m.month.short_label, "mes_largo": month_long(m.month, loc), "actividades": "\n".join(rows) or _("Sin actividad definida.")}


def _commitment(c: CommitmentView) -> dict[str, str]:
    """A row of section 6: an «X» under the recorded level; an invalid value is said, never left blank."""
    what = text(c.description, "") if c.description else ""
    sub = f"{c.subactivity}. {what}".strip() if c.subactivity else (what or _("Mes completo"))
    row = {"mes": c.month.short_label, "subactividad": sub, "estado": text(c.status_text), "nota": text(c.note, "")}
    for n in LEVELS:
        row[f"n{n}"] = "X" if c.level == n else ""
    if c.invalid_mark and c.level is not None:
        row["estado"] += f" ({text(c.invalid_mark)})"
    return row


def _criterion(c: CriterionView) -> dict[str, str]:
    why = "" if c.met else (_(" (falta el contenido)") if not c.content else _(" (no, según la revisión)"))
    return {
        "numero": str(c.number),
        "criterio": text(c.text),
        "si": "X" if c.met else "",
        "no": "X" if not c.met else "",
        "cumple": _("Cumple") if c.met else _("No cumple") + why,
        "observaciones": text(c.observations, ""),
    }


def _people(a: AgreementView, public: bool) -> list[dict[str, str]]:
    """Section 1. Public: institution and position only (the view holds no name then)."""
    if public:
        return [{"institucion": actor_label(s.actor), "cargo": text(s.position)} for s in a.signatories]
    return [
        {
            "nombre": text(p.name),
            "institucion": actor_label(p.actor),
            "cargo": text(p.role),
            "correo": text(p.email),
            "telefono": text(p.phone),
        }
        for p in a.people
    ]


def _signatures(a: AgreementView, public: bool) -> list[dict[str, str]]:
    """One block per responsible person; with none recorded, one for the lead actor."""
    rows = [
        {"nombre": BLANK if public or not s.name else text(s.name), "institucion": actor_label(s.actor, BLANK), "cargo": text(s.position, BLANK)}
        for s in a.signatories
    ]
    return rows or [{"nombre": BLANK, "institucion": actor_label(a.lead), "cargo": BLANK}]


def _activity_fields(a: AgreementView, loc: str) -> dict[str, str]:
    """Section 3, the protocol's table of fields."""
    territory = [text(a.territory_text)] if a.territory_text else []
    if a.territories:
        territory.append(_("Territorios: {names}").format(names=", ".join(text(t) for t in a.territories)))
    civil = [text(a.civil_society_text)] if a.civil_society_text else []
    if a.civil_society:
        civil.append(_("Actores: {names}").format(names="; ".join(actor_label(x) for x in a.civil_society)))
    term = _("{start} a {end}").format(start=month_long(a.term_start, loc), end=month_long(a.term_end, loc)) if a.term_start and a.term_end else "—"
    return {
        "programada": text(a.scheduled_activity),
        "planes": lines(a.programmes),
        "meta": text(a.goal),
        "poblacion": text(a.population),
        "territorio": "\n".join(territory) or "—",
        "sociedad_civil": "\n".join(civil) or "—",
        "encargado": actor_label(a.lead),
        "colaboradores": "; ".join(actor_label(x) for x in a.collaborators) or "—",
        "plazo": term,
        "impacto": text(a.expected_impact),
    }


def _progress_summary(a: AgreementView, loc: str) -> str:
    mark = f" ({text(a.invalid_mark)})" if a.invalid_mark else ""
    invalid = _(", {n} con un dato inválido").format(n=a.invalid_due) if a.invalid_due else ""
    return _("Avance al día: {to_date}{mark} ({due} compromisos vencidos, {unreported} sin informe{invalid}). Avance global: {overall}{mark} de {total} compromisos.").format(
        to_date=pct(a.to_date, locale=loc), mark=mark, due=a.commitments_due, unreported=a.unreported_due, invalid=invalid, overall=pct(a.overall, locale=loc), total=a.commitments_total
    )


def agreement_fields(a: AgreementView, public: bool, loc: str) -> dict[str, Any]:
    """The agreement's sections 1 to 7 and its signature block."""
    return {
        "id": text(a.id),
        "titulo": text(a.title),
        "forma": text(a.form, _("Forma sin definir")),
        "estado": text(a.status),
        "firmado": date_long(a.signed, loc) if a.signed else _("sin fecha de firma"),
        "encargados": _people(a, public),
        "objetivo": text(a.objective, _("Sin objetivo registrado.")),
        "actividad": _activity_fields(a, loc),
        "corresponsabilidad": [
            {"actor": actor_label(c.actor), "roles": lines(c.roles, "• "), "responsabilidades": lines(c.responsibilities, "• "), "impacto": text(c.expected_impact)}
            for c in a.coresponsibility
        ],
        "eje": text(a.axis_name or a.axis_id, _("sin eje")),
        "accion": f"{a.action_number}. {text(a.action_name, '')}".strip() if a.action_number is not None else "—",
        "cronograma": [_activity(m, loc) for m in a.months],
        "avance": [_commitment(c) for c in a.commitments],
        "avance_resumen": _progress_summary(a, loc),
        "criterios": [_criterion(c) for c in a.criteria],
        "cumplidos": _("{met} de {total} criterios cumplidos").format(met=a.checklist_met, total=len(a.criteria)),
        "firmas": _signatures(a, public),
    }


def docx_context(ctx: ReportContext, a: AgreementView) -> dict[str, Any]:
    """Everything the Word template may print, for one agreement."""
    loc = ctx.locale
    return {
        "municipio": _("Municipalidad de {canton}").format(canton=text(ctx.canton, "")).strip(),
        "canton": text(ctx.canton, ""),
        "instancia": text(ctx.council_name, ""),
        "estrategia": text(ctx.strategy_name, ""),
        "publico": bool(ctx.public),
        "marca": _(PUBLIC_MARK) if ctx.public else _(INTERNAL_MARK),
        "corte": month_long(ctx.as_of, loc),
        "aviso": text(ctx.notice, ""),
        "niveles": "; ".join(f"{n} % {name}" for n, name in ctx.levels),  # ctx.levels: names in the language in use
        "a": agreement_fields(a, ctx.public, loc),
    }
