"""coprod's own Word template of the Anexo 1 sheet, built by code with python-docx.

Why by code: no hand-made binary in git, and the template reads as what it
is: the protocol's sections 1 to 7, their tables, and a signature block, with
docxtpl's Jinja tags where the values go (``{{ a.objetivo }}``, and
``{%tr for x in … %}`` rows that repeat a table row). ``coprod new
docx-template`` writes these bytes to ``templates/docx/acuerdo.docx`` for a
municipality to edit in Word (its logo, fonts, wording) and keep in its
repository. The values it may use are those of report/docx_context.py.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from typing import Any

from ..lang import N_, _, language
from .docx_zip import FIXED_TIME, normalized_zip

#: The page: A4 portrait, margins in centimetres.
MARGIN_CM = 2.0
#: Section 6's level columns, highest first (a no-break space: «100 %» never wraps).
LEVEL_HEADERS = ["100\u00a0%", "75\u00a0%", "50\u00a0%", "25\u00a0%", "0\u00a0%"]
TITLE = N_("Anexo 1. Acuerdo de coproducción de la seguridad y la prevención del delito")


def _cell_text(cell: Any, value: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(value)
    run.bold = bold


def _row_flags(row: Any, header: bool = False) -> None:
    """A row never splits across pages; a header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        head = OxmlElement("w:tblHeader")
        head.set(qn("w:val"), "true")
        tr_pr.append(head)


def _grid(table: Any, widths: list[float]) -> None:
    """The columns' widths (LibreOffice reads the grid, Word the cells: both are set)."""
    from docx.shared import Cm

    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _table(doc: Any, headers: list[str], widths: list[float]) -> Any:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    _grid(table, widths)
    for cell, head, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _cell_text(cell, head, bold=True)
        cell.width = Cm(width)
    _row_flags(table.rows[0], header=True)
    return table


def _loop_table(doc: Any, headers: list[str], widths: list[float], loop: str, cells: list[str]) -> Any:
    """A table whose middle row repeats: ``{%tr for … %}`` / the row / ``{%tr endfor %}``."""
    from docx.shared import Cm

    table = _table(doc, headers, widths)
    for values in ([f"{{%tr for {loop} %}}"], cells, ["{%tr endfor %}"]):
        row = table.add_row()
        _row_flags(row)
        for cell, value, width in zip(row.cells, values, widths, strict=False):  # a loop's tag rows fill one cell
            _cell_text(cell, value)
            cell.width = Cm(width)
    return table


def _field_table(doc: Any, rows: list[tuple[str, str]]) -> None:
    """Section 3: the protocol's two-column table of fields."""
    from docx.shared import Cm

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    _grid(table, [5.5, 11.5])
    for label, value in rows:
        row = table.add_row()
        _row_flags(row)
        _cell_text(row.cells[0], label, bold=True)
        _cell_text(row.cells[1], value)
        row.cells[0].width, row.cells[1].width = Cm(5.5), Cm(11.5)


def _field(paragraph: Any, instr: str) -> None:
    """A simple Word field (PAGE, NUMPAGES) in a paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def _page(doc: Any) -> None:
    """A4, margins, the header (municipality, council, strategy) and the footer (id, mark, page N of M)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    header = section.header.paragraphs[0]
    header.add_run("{{ municipio }}").bold = True
    header.add_run("\n{{ instancia }}\n{{ estrategia }}").font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run(_("Ficha del acuerdo {{ a.id }} · {{ marca }} · Página "))
    run.font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(_(" de ")).font.size = Pt(8)
    _field(footer, "NUMPAGES")


def _styles(doc: Any) -> None:
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.keep_with_next = True


def _front(doc: Any) -> None:
    doc.add_paragraph(_(TITLE), style="Title")
    doc.add_heading("{{ a.titulo }}", level=1)
    doc.add_paragraph(_("Identificador: {{ a.id }} · {{ a.forma }} · {{ a.estado }} · firmado: {{ a.firmado }}"))
    doc.add_paragraph(_("Datos al mes de {{ corte }}. {{ marca }}."))
    doc.add_paragraph("{%p if aviso %}")
    doc.add_paragraph(_("Aviso: {{ aviso }}"))
    doc.add_paragraph("{%p endif %}")


def _section_people(doc: Any) -> None:
    doc.add_heading(_("1. Encargados del acuerdo"), level=2)
    doc.add_paragraph("{%p if publico %}")
    doc.add_paragraph(_("Versión pública: los nombres y datos de contacto de las personas encargadas no se publican."))
    _loop_table(doc, [_("Institución"), _("Cargo")], [8.5, 8.5], "p in a.encargados", ["{{ p.institucion }}", "{{ p.cargo }}"])
    doc.add_paragraph("{%p else %}")
    _loop_table(
        doc, [_("Nombre"), _("Institución"), _("Cargo"), _("Correo"), _("Teléfono")], [3.4, 3.8, 3.4, 3.8, 2.6], "p in a.encargados",
        ["{{ p.nombre }}", "{{ p.institucion }}", "{{ p.cargo }}", "{{ p.correo }}", "{{ p.telefono }}"],
    )
    doc.add_paragraph("{%p endif %}")
    doc.add_heading(_("2. Objetivo del acuerdo"), level=2)
    doc.add_paragraph("{{ a.objetivo }}")


def _section_activity(doc: Any) -> None:
    doc.add_heading(_("3. Actividad de coproducción: herramienta para el seguimiento"), level=2)
    _field_table(doc, [
        (_("Actividad programada"), "{{ a.actividad.programada }}"),
        (_("Planes, programas o proyectos institucionales involucrados"), "{{ a.actividad.planes }}"),
        (_("Meta de la actividad"), "{{ a.actividad.meta }}"),
        (_("Población"), "{{ a.actividad.poblacion }}"),
        (_("Territorio a impactar"), "{{ a.actividad.territorio }}"),
        (_("Actores de la sociedad civil que se integrarán"), "{{ a.actividad.sociedad_civil }}"),
        (_("Actor encargado"), "{{ a.actividad.encargado }}"),
        (_("Actores colaboradores"), "{{ a.actividad.colaboradores }}"),
        (_("Plazo propuesto"), "{{ a.actividad.plazo }}"),
        (_("Impacto esperado"), "{{ a.actividad.impacto }}"),
    ])  # fmt: skip
    doc.add_heading(_("4. Acuerdo de corresponsabilidad: roles y responsabilidades"), level=2)
    _loop_table(
        doc, [_("Actores"), _("Roles"), _("Responsabilidades"), _("Impacto esperado en la «{{ estrategia }}»")], [3.2, 4.0, 5.0, 4.8],
        "c in a.corresponsabilidad", ["{{ c.actor }}", "{{ c.roles }}", "{{ c.responsabilidades }}", "{{ c.impacto }}"],
    )


def _section_schedule(doc: Any) -> None:
    doc.add_heading(_("5. Cronograma de trabajo"), level=2)
    doc.add_paragraph(_("Eje: {{ a.eje }}. Acción estratégica: {{ a.accion }}"))
    _loop_table(doc, [_("Mes"), _("Actividades")], [2.5, 14.5], "m in a.cronograma", ["{{ m.mes }}", "{{ m.actividades }}"])
    doc.add_heading(_("6. Cumplimiento y avance de compromisos cronogramados"), level=2)
    doc.add_paragraph(_("Por sub-actividad según el acuerdo de coproducción, al mes de {{ corte }}. Niveles: {{ niveles }}."))
    _loop_table(
        doc, [_("Mes"), _("Sub-actividad"), *LEVEL_HEADERS, _("Estado"), _("Nota")],
        [1.8, 3.9, 1.25, 1.25, 1.25, 1.25, 1.25, 2.6, 2.45], "c in a.avance",
        ["{{ c.mes }}", "{{ c.subactividad }}", "{{ c.n100 }}", "{{ c.n75 }}", "{{ c.n50 }}", "{{ c.n25 }}", "{{ c.n0 }}", "{{ c.estado }}", "{{ c.nota }}"],
    )
    doc.add_paragraph("{{ a.avance_resumen }}")


def _section_monitoring(doc: Any) -> None:
    doc.add_heading(_("7. Tabla de monitoreo de las actividades de coproducción de la seguridad y prevención"), level=2)
    _loop_table(
        doc, [_("N.º"), _("Criterio"), _("Sí"), _("No"), _("Observaciones")], [1.0, 7.6, 1.0, 1.0, 6.4], "c in a.criterios",
        ["{{ c.numero }}", "{{ c.criterio }}", "{{ c.si }}", "{{ c.no }}", "{{ c.observaciones }}"],
    )
    doc.add_paragraph("{{ a.cumplidos }}.")


def _signatures(doc: Any) -> None:
    doc.add_heading(_("Firmas de las personas encargadas del acuerdo"), level=2)
    doc.add_paragraph("{%p for f in a.firmas %}")
    for line in ("", _("Firma: ______________________________"), _("Nombre: {{ f.nombre }}"), _("Institución: {{ f.institucion }}"), _("Cargo: {{ f.cargo }}")):
        doc.add_paragraph(line).paragraph_format.keep_with_next = True
    doc.add_paragraph(_("Fecha: ____ / ____ / ________"))
    doc.add_paragraph("{%p endfor %}")


def default_template() -> bytes:
    """The bytes of coprod's own template in the language in use (the same bytes on every run)."""
    return _default_template(language())


@lru_cache(maxsize=4)
def _default_template(lang: str) -> bytes:
    import docx

    doc = docx.Document()
    _styles(doc)
    _page(doc)
    _front(doc)
    _section_people(doc)
    _section_activity(doc)
    _section_schedule(doc)
    _section_monitoring(doc)
    _signatures(doc)
    props = doc.core_properties
    props.author, props.last_modified_by, props.title = "coprod", "coprod", _(TITLE)
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buf = BytesIO()
    doc.save(buf)
    return normalized_zip(buf.getvalue())
