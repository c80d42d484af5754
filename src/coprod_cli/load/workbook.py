"""Read back a workbook (xlsx) or CSV tables exported by coprod: plain cells,
bounded, nothing interpreted.

What this module knows: files, zip members, rows, columns, cell places
(``Avance!H12``, ``avance.csv:12 (Nivel (%))``). What it does not: which
sheet or column means what (compute/sheets.py) and what a value must be
(pipeline/importing.py). Every failure to read is a ``CoprodError`` in
Spanish naming the file; a workbook that reads is returned whole, with its
formulas kept as ``Formula`` values so the caller refuses them at their cell.

Bounds (docs/hojas.md, SECURITY.md), checked before a parser sees the data:
the file's bytes (``MAX_BYTES``), for an xlsx the zip's members and their
declared uncompressed size (a zip bomb costs a look at the zip's directory;
Python's zipfile never inflates a member past its declared size), then rows
and columns while reading, each sheet streamed (openpyxl ``read_only``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import N_, _
from .guard import read_bounded

#: A workbook or a CSV file larger than this is refused (bytes on disk).
MAX_BYTES = 20 * 1024 * 1024
#: Data rows in one sheet or CSV file (the header row not counted).
MAX_ROWS = 20_000
#: Columns in one sheet or CSV file.
MAX_COLUMNS = 200
#: The xlsx zip: its members, and their declared size once uncompressed.
MAX_MEMBERS = 1_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: Rows read at most in one sheet, empty ones included (a sheet of a million
#: formatted empty rows is refused instead of being walked).
MAX_PHYSICAL_ROWS = 5 * MAX_ROWS

EXTRA_MESSAGE = N_('Para usar libros de Excel instale el extra: pip install "coprod[xlsx]"')
#: The first bytes of an OLE compound file: an xlsx encrypted with a password
#: (Office wraps it in one), or an old .xls.
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
#: The hidden sheet holding the format, the month and each file's hash.
META_SHEET = "_coprod"


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (its text, starting with «=»): never a value."""

    text: str


@dataclass
class Table:
    """One sheet, or one CSV file: headers and non-empty cells by 1-based place."""

    name: str
    csv: bool = False
    headers: dict[int, str] = field(default_factory=dict)
    rows: list[tuple[int, dict[int, Any]]] = field(default_factory=list)

    def origin(self, row: int, column: int) -> str:
        """Where a cell is, as the person looking at it would say it."""
        if self.csv:
            header = self.headers.get(column, "")
            return f"{self.name}:{row} ({header})" if header else f"{self.name}:{row}"
        return f"{self.name}!{column_letter(column)}{row}"

    def row_origin(self, row: int) -> str:
        return f"{self.name}:{row}" if self.csv else _("{name}, fila {row}").format(name=self.name, row=row)


@dataclass
class Workbook:
    """What was read: the tables by name, and the ``_coprod`` sheet's content."""

    path: Path
    csv: bool
    tables: dict[str, Table] = field(default_factory=dict)
    #: ``formato``, ``corte``, ``canton``… as written (text), when there is a ``_coprod`` sheet.
    meta: dict[str, Any] = field(default_factory=dict)
    #: The files exported and the sha256 of their bytes then, from ``_coprod``.
    files: dict[str, str] = field(default_factory=dict)
    #: Sheets of the workbook (all, in order), to say which one is missing.
    sheet_names: tuple[str, ...] = ()


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (the spreadsheet's column names)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def thousands(number: int) -> str:
    """20000 → «20 000» (the Spanish grouping, without the locale machinery of i18n.py)."""
    return f"{number:,}".replace(",", "\u00a0")


def _shown(path: Path) -> str:
    from ..render.safe import plain

    return plain(path.name)


def _bytes(path: Path, what: str) -> bytes:
    data, problem = read_bounded(path, MAX_BYTES)
    if problem is not None or data is None:
        reason = problem.message if problem is not None else _("no se pudo leer")
        if _("demasiado grande") in reason:
            reason += _("; el límite de {what} es {n} MB").format(what=what, n=MAX_BYTES // (1024 * 1024))
        raise CoprodError(_("«{shown}»: {reason}").format(shown=_shown(path), reason=reason))
    return data


def require_openpyxl() -> Any:
    """The openpyxl module, or the Spanish request to install the extra."""
    import importlib

    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise CoprodError(EXTRA_MESSAGE) from None


# --- xlsx ---------------------------------------------------------------------------------------


def _not_xlsx(path: Path, data: bytes) -> str | None:
    """Why these bytes are not an xlsx coprod can open, or None."""
    name = _shown(path)
    if data.startswith(OLE_MAGIC):
        return (
            _("«{name}» está protegido con contraseña (o es un libro .xls antiguo): coprod no abre libros "
                "cifrados. Quite la contraseña (en Excel: Archivo › Información › Proteger libro › Cifrar con "
                "contraseña, borre la contraseña; en LibreOffice: Guardar como, sin «Guardar con contraseña») y "
                "guárdelo como «Libro de Excel (.xlsx)».").format(name=name)
        )
    if not data.startswith(ZIP_MAGIC):
        return (
            _("«{name}» no es un libro de Excel (.xlsx). Use el libro que exportó «coprod export xlsx»; si lo abrió en otro programa, guárdelo como «Libro de Excel (.xlsx)».").format(name=name)
        )
    return None


def _check_zip(path: Path, archive: zipfile.ZipFile) -> None:
    name = _shown(path)
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise CoprodError(_("«{name}»: el libro tiene {n} partes internas (máximo {MAX_MEMBERS}); no se lee.").format(name=name, n=len(members), MAX_MEMBERS=MAX_MEMBERS))
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise CoprodError(
            _("«{name}»: el libro ocupa {n} MB una vez descomprimido (máximo {n2} MB); no se lee.").format(name=name, n=total // (1024 * 1024), n2=MAX_UNCOMPRESSED // (1024 * 1024))
        )
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise CoprodError(
            _("«{name}» es un archivo comprimido pero no un libro de Excel (.xlsx). Use el libro que exportó «coprod export xlsx».").format(name=name)
        )


def read_xlsx(path: Path, sheets: tuple[str, ...]) -> Workbook:
    """The ``sheets`` named (those present) and the ``_coprod`` sheet of the workbook at ``path``."""
    openpyxl = require_openpyxl()
    data = _bytes(path, _("un libro"))
    why = _not_xlsx(path, data)
    if why:
        raise CoprodError(why)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CoprodError(_("«{shown}» está dañado: no es un libro de Excel (.xlsx) completo. Vuelva a exportarlo.").format(shown=_shown(path))) from None
    with archive:
        _check_zip(path, archive)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except CoprodError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise CoprodError(
            _("«{shown}» no se pudo abrir como libro de Excel ({name__}). Guárdelo de nuevo como «Libro de Excel (.xlsx)» o vuelva a exportarlo.").format(shown=_shown(path), name__=type(exc).__name__)
        ) from None
    try:
        return _read_book(path, book, sheets)
    finally:
        book.close()


def _find_sheet(names: list[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    folded = {n.strip().casefold(): n for n in names}
    return folded.get(wanted.casefold())


def _read_book(path: Path, book: Any, sheets: tuple[str, ...]) -> Workbook:
    out = Workbook(path=path, csv=False, sheet_names=tuple(book.sheetnames))
    names = list(book.sheetnames)
    for wanted in (*sheets, META_SHEET):
        found = _find_sheet(names, wanted)
        if found is None:
            continue
        try:
            table = _read_sheet(book[found], wanted)
        except CoprodError:
            raise
        except Exception as exc:
            raise CoprodError(_("«{shown}»: la hoja «{found}» está dañada ({name__}); vuelva a exportar el libro.").format(shown=_shown(path), found=found, name__=type(exc).__name__)) from None
        if wanted == META_SHEET:
            _read_meta(out, table)
        else:
            out.tables[wanted] = table
    return out


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = value if isinstance(value, str) else getattr(value, "text", None) or "=…"
        return Formula(str(text))
    if isinstance(value, str) and value == "":
        return None
    return value


def _too_many_rows(name: str) -> CoprodError:
    return CoprodError(
        _("La hoja «{name}» tiene más de {thousands} filas (el límite de coprod): no es un libro exportado por "
            "coprod o se le pegaron datos de más; vuelva a exportarlo.").format(name=name, thousands=thousands(MAX_ROWS))
    )


def _read_sheet(sheet: Any, name: str) -> Table:
    table = Table(name=name)
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # the stored size may lie: read the rows there are, no padding
    for index, cells in enumerate(sheet.iter_rows(), start=1):
        if index > MAX_PHYSICAL_ROWS:
            raise _too_many_rows(name)
        values: dict[int, Any] = {}
        for column, cell in enumerate(cells, start=1):
            value = _cell_value(cell)
            if value is None:
                continue
            if column > MAX_COLUMNS:
                raise CoprodError(
                    _("{name}!{column_letter}{index}: la hoja tiene datos más allá de la columna {column_letter2} (máximo "
                        "{MAX_COLUMNS} columnas); borre esas columnas o vuelva a exportar.").format(
                            name=name, column_letter=column_letter(column), index=index, column_letter2=column_letter(MAX_COLUMNS), MAX_COLUMNS=MAX_COLUMNS)
                )
            values[column] = value
        if not values:
            continue
        if index == 1:
            table.headers = {c: str(v).strip() for c, v in values.items() if not isinstance(v, Formula)}
        elif index > MAX_ROWS + 1:
            raise _too_many_rows(name)
        else:
            table.rows.append((index, values))
    return table


def _read_meta(out: Workbook, table: Table) -> None:
    """``_coprod``: ``formato | …``, ``corte | …``, ``canton | …``, ``archivo | rel | sha256``."""
    rows = [(1, {c: v for c, v in table.headers.items()})] + table.rows
    for _row, values in rows:
        label = str(values.get(1, "")).strip()
        if label == "archivo":
            rel, digest = values.get(2), values.get(3)
            if isinstance(rel, str) and isinstance(digest, str):
                out.files[rel.strip()] = digest.strip().lower()
        elif label:
            out.meta[label] = values.get(2)


# --- csv ----------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel needs); else Windows-1252, what
    Excel's plain «CSV (delimitado por comas)» writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CoprodError(
            _("«{shown}» no es un texto CSV legible (ni UTF-8 ni Windows-1252). Guárdelo como «CSV UTF-8».").format(shown=_shown(path))
        ) from None


def _delimiter(path: Path, text: str) -> str:
    """The separator: what follows ``_clave`` in the header (Excel in Spanish
    writes «;», Google Sheets and LibreOffice «,»)."""
    first = text.split("\n", 1)[0]
    head = first.lstrip('"')
    if head.startswith("_clave"):
        rest = head[len("_clave"):].lstrip('"')
        if rest[:1] in (",", ";", "\t"):
            return rest[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise CoprodError(
            _("«{shown}» no parece una tabla CSV exportada por coprod: su primera fila no tiene columnas separadas "
                "por coma o punto y coma. Use el archivo que exportó «coprod export csv».").format(shown=_shown(path))
        )
    return best


def unprefix(text: str) -> str:
    """Take off the «'» the CSV export put before a text a spreadsheet would
    evaluate (render/csv_tables.py: also before a text starting with «'», so
    exactly one is taken off)."""
    return text[1:] if text.startswith("'") else text


def read_csv(path: Path) -> Table:
    """One CSV file exported by coprod (or re-saved by a spreadsheet) as a table of texts."""
    data = _bytes(path, _("un archivo CSV"))
    text = _decode(path, data)
    if "\x00" in text:
        raise CoprodError(_("«{shown}» no es un archivo CSV de texto (contiene bytes nulos).").format(shown=_shown(path)))
    table = Table(name=_shown(path), csv=True)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, text))
    try:
        for index, fields in enumerate(reader, start=1):
            if len(fields) > MAX_COLUMNS and any(f.strip() for f in fields[MAX_COLUMNS:]):
                raise CoprodError(_("{name}:{index}: la fila tiene más de {MAX_COLUMNS} columnas (el límite); vuelva a exportar.").format(name=table.name, index=index, MAX_COLUMNS=MAX_COLUMNS))
            values = {c: unprefix(v) for c, v in enumerate(fields[:MAX_COLUMNS], start=1) if v != ""}
            if not values:
                continue
            if index == 1:
                table.headers = {c: v.strip() for c, v in values.items()}
            elif index > MAX_ROWS + 1:
                raise CoprodError(
                    _("«{name}» tiene más de {thousands} filas (el límite de coprod); vuelva a exportar.").format(name=table.name, thousands=thousands(MAX_ROWS))
                )
            else:
                table.rows.append((index, values))
    except csv.Error as exc:
        raise CoprodError(_("{name}:{line_num}: el CSV está mal formado ({exc}); vuelva a exportarlo.").format(name=table.name, line_num=reader.line_num, exc=exc)) from None
    return table
