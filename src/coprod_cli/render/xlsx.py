"""The workbook of `coprod export xlsx` (openpyxl): compute/sheets.py's
tables as Excel sheets a technical secretary fills in, and the hidden
``_coprod`` sheet `coprod import xlsx` checks.

What a sheet looks like: the header row frozen and filtered; the hidden row
id (``_clave``) in the hidden column A; the cells to fill in white, the
others grey; a drop-down on every level (0, 25, 50, 75, 100), criterion
(Sí/No) and attendance cell, with a Spanish message when something else is
typed; a past month with no level recorded highlighted, explained in the
header's comment. Numbers are numbers and days are dates (dd/mm/aaaa).
Acuerdos and Actores are protected summaries for reference.

Why every text is forced to a string cell: a note written as
``=HYPERLINK("http://…")`` in a YAML file must reach the workbook as the
text it is, never as a formula Excel or LibreOffice would evaluate (OWASP
«CSV injection», the same in xlsx). A character XML cannot hold (a control
character) is shown as U+FFFD.

Why the output is fixed byte for byte: the workbook's dates (created,
modified) and the zip members' times come from the month of the export, not
from the clock, so the same repository gives the same file.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from ..compute.sheets import ANSWERS, FORMAT, LEVELS, STATES, Book, Column, Row, Sheet
from ..errors import CoprodError
from ..lang import N_, _

NEED_OPENPYXL = N_('Para usar libros de Excel instale el extra: pip install "coprod[xlsx]"')
META_SHEET = "_coprod"
DATE_FORMAT = "dd/mm/yyyy"
#: Texts a spreadsheet would read as a formula (or a DDE command) if typed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The most characters an Excel cell holds.
CELL_MAX = 32_767
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")

HEADER_FILL, EDIT_FILL, READ_FILL, OVERDUE_FILL = "1F4E79", "FFFFFF", "EDEDED", "FCE4D6"
LEVEL_NOTE = (
    N_("Nivel de avance del compromiso en el mes: 0 (sin avance), 25 (algo avanzada), 50 (avanzada), "
    "75 (muy avanzada) o 100 (cumplida). Elija de la lista; deje la celda vacía si no hay nada que informar.\n\n"
    "Filas resaltadas en naranja: meses ya pasados sin un nivel válido registrado.")
)
MONTH_NOTE = N_("Mes del cronograma (AAAA-MM). Las filas resaltadas en naranja son meses ya pasados sin un nivel válido: complételos.")
KEY_NOTE = N_("Identificador de la fila para coprod: no lo cambie ni lo borre.")


def require_openpyxl() -> Any:
    """The openpyxl module, or a CoprodError saying how to install it."""
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise CoprodError(_(NEED_OPENPYXL)) from None


def _part(name: str) -> Any:
    """A module of openpyxl (imported through importlib: openpyxl has no type stubs)."""
    return importlib.import_module(f"openpyxl.{name}")


def text_cell(cell: Any, text: str) -> None:
    """Write ``text`` as a string cell, whatever it starts with."""
    cell.value = _ILLEGAL.sub("\ufffd", text)
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def _put(cell: Any, value: Any) -> None:
    """A value into a cell whose style (number format included) is already set."""
    if value is None:
        return
    if isinstance(value, str):
        text_cell(cell, value)
    elif isinstance(value, dt.date):
        cell.value = value
    else:
        cell.value = int(value)


def _validations(ws: Any, sheet: Sheet, dv_class: Any) -> None:
    last = len(sheet.rows) + 1
    lists = {
        "level": (",".join(str(n) for n in LEVELS), _("Nivel no válido"), _("El nivel debe ser 0, 25, 50, 75 o 100 (sin «%»). Elija un valor de la lista o deje la celda vacía.")),
        "answer": (",".join(ANSWERS), _("Respuesta no válida"), _("Escriba «Sí» o «No» (elija de la lista), o deje la celda vacía.")),
        "state": (",".join(STATES), _("Asistencia no válida"), _("Elija titular, suplente, ausente o justificada de la lista, o deje la celda vacía.")),
    }
    for i, column in enumerate(sheet.columns, start=1):
        if column.kind not in lists or last < 2:
            continue
        choices, title, message = lists[column.kind]
        dv = dv_class(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True, showInputMessage=True)
        dv.errorTitle, dv.error, dv.errorStyle = title, message, "stop"
        dv.promptTitle, dv.prompt = column.header[:32], _("Valores: {replace}").format(replace=choices.replace(',', ', '))[:255]
        letter = ws.cell(row=1, column=i).column_letter
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def _header(ws: Any, sheet: Sheet, styles: Any) -> None:
    font = styles.Font(bold=True, color="FFFFFF")
    fill = styles.PatternFill("solid", fgColor=HEADER_FILL)
    align = styles.Alignment(wrap_text=True, vertical="center")
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=i)
        text_cell(cell, column.header)
        cell.font, cell.fill, cell.alignment = font, fill, align
        note = {"level": LEVEL_NOTE, "key": KEY_NOTE}.get(column.kind)
        if column.kind == "month" and sheet.name == "Avance":
            note = MONTH_NOTE
        if note:
            cell.comment = _comment(_(note))
        ws.column_dimensions[cell.column_letter].width = column.width
        if column.kind == "key":
            ws.column_dimensions[cell.column_letter].hidden = True
    ws.row_dimensions[1].height = 45 if sheet.name == "Monitoreo" else 30


def _comment(text: str) -> Any:
    comment = _part("comments").Comment(text, "coprod")
    comment.width, comment.height = 320, 160
    return comment


def _height(sheet: Sheet, values: Mapping[str, Any]) -> float:
    """A row's height in points, for the longest wrapped text (a program that
    does not fit rows to their text, LibreOffice printing, would cut it)."""
    lines = 1
    for column in sheet.columns:
        value = values.get(column.key)
        if column.kind == "text" and column.width >= 24 and isinstance(value, str):
            per_line = max(1, int(column.width * 1.15))
            lines = max(lines, sum(-(-max(1, len(part)) // per_line) for part in value.split("\n")))
    return 15.0 * min(lines, 20)


def _styler(sheet: Sheet, styles: Any) -> Any:
    """A function that styles a cell for its column and row state.

    Why style arrays copied from a first cell: openpyxl registers each style
    object a cell is given (hashing it), which took most of the time of a
    1,000-agreement workbook; a copied array is the same style, already registered."""
    fills = {name: styles.PatternFill("solid", fgColor=color) for name, color in (("edit", EDIT_FILL), ("read", READ_FILL), ("late", OVERDUE_FILL))}
    wrap, top = styles.Alignment(wrap_text=True, vertical="top"), styles.Alignment(vertical="top")
    unlocked = styles.Protection(locked=False)
    formats = {"date": DATE_FORMAT, "int": "0", "level": "0"}
    done: dict[tuple[int, bool], Any] = {}

    def style(cell: Any, i: int, column: Column, overdue: bool) -> None:
        known = done.get((i, overdue))
        if known is not None:
            cell._style = copy.copy(known)
            return
        cell.alignment = wrap if column.kind == "text" and column.width >= 24 else top
        if overdue and column.kind != "key":
            cell.fill = fills["late"]
        elif sheet.editable:
            cell.fill = fills["edit" if column.editable else "read"]
        if column.editable:
            cell.protection = unlocked
        if column.kind in formats:
            cell.number_format = formats[column.kind]
        done[(i, overdue)] = copy.copy(cell._style)

    return style


def _fits(value: Any, sheet: Sheet, row: Row, column: Column) -> None:
    """Refuse a text longer than a cell holds: Excel would cut it when saving,
    and the import would then take the cut text for an edit."""
    if isinstance(value, str) and len(value) > CELL_MAX:
        length, limit = (f"{n:,}".replace(",", ".") for n in (len(value), CELL_MAX))
        raise CoprodError(
            _("«{file}»: el texto de «{header}» (hoja {name}, fila «{key}») tiene {length} caracteres y una celda de Excel admite {limit}; acórtelo en el archivo y exporte de nuevo").format(
                file=row.file, header=column.header, name=sheet.name, key=row.key, length=length, limit=limit)
        )


def _body(ws: Any, sheet: Sheet, styles: Any) -> None:
    style = _styler(sheet, styles)
    for r, row in enumerate(sheet.rows, start=2):
        ws.row_dimensions[r].height = _height(sheet, row.values)
        for i, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=r, column=i)
            style(cell, i, column, row.overdue)
            value = row.values.get(column.key)
            _fits(value, sheet, row, column)
            _put(cell, value)


def _sheet(wb: Any, sheet: Sheet, openpyxl: Any) -> None:
    ws = wb.create_sheet(sheet.name)
    _header(ws, sheet, openpyxl.styles)
    _body(ws, sheet, openpyxl.styles)
    ws.freeze_panes = "A2"
    last = ws.cell(row=max(1, len(sheet.rows) + 1), column=len(sheet.columns)).coordinate
    ws.auto_filter.ref = f"A1:{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if len(sheet.columns) <= 12:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:  # Monitoreo: 31 columns on one page would be unreadable; pages across, the agreement repeated
        ws.print_title_cols = "B:C"
        ws.page_setup.scale = 70
    if sheet.editable:
        _validations(ws, sheet, _part("worksheet.datavalidation").DataValidation)
    else:
        ws.protection.sheet = True
        ws.protection.autoFilter = False
        ws.protection.sort = False


def _meta(wb: Any, book: Book, fingerprints: Mapping[str, str]) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows: list[tuple[str, ...]] = [("formato", FORMAT), ("corte", str(book.as_of)), ("canton", book.canton)]
    rows += [("archivo", rel, fingerprints[rel]) for rel in book.files]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            text_cell(ws.cell(row=r, column=c), value)
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["C"].width = 70
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _fixed(data: bytes, when: dt.datetime) -> bytes:
    """The saved workbook with its modification date and the zip members'
    times set to ``when`` (openpyxl writes the clock's)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp.encode() + rb"\g<2>", member)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, member)
    return out.getvalue()


def workbook_bytes(book: Book, fingerprints: Mapping[str, str]) -> bytes:
    """The .xlsx file of ``book``; ``fingerprints`` gives the sha256 of each of
    ``book.files`` as read (written in the hidden ``_coprod`` sheet)."""
    openpyxl = require_openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in book.sheets:
        _sheet(wb, sheet, openpyxl)
    _meta(wb, book, fingerprints)
    wb.active = 0
    when = dt.datetime(book.as_of.year, book.as_of.month, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = "coprod"
    wb.properties.title = _ILLEGAL.sub("\ufffd", f"coprod: registro de {book.as_of} ({book.canton})")
    wb.properties.created = when
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed(buffer.getvalue(), when)


__all__ = ["DATE_FORMAT", "FORMULA_START", "META_SHEET", "NEED_OPENPYXL", "require_openpyxl", "text_cell", "workbook_bytes"]
