"""The CSV tables of `coprod export csv`: ``avance.csv`` and ``monitoreo.csv``,
compute/sheets.py's Avance and Monitoreo tables for people who work in
Google Sheets (or any program without drop-downs).

The shape: UTF-8 with a byte order mark (so Excel reads the accents), comma
separated, CRLF rows (RFC 4180), the Spanish headers of the workbook in the
first row; ``_clave`` (the row id) first and ``_huella`` (the sha256 of the
row's source file as exported: `coprod import csv` reports a file changed
since as a conflict) last. Numbers are written as digits, a day as
AAAA-MM-DD, an empty value as an empty field.

Why a leading apostrophe: a text starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return would be evaluated as a formula by the spreadsheet
that opens the file (OWASP «CSV injection»); it is written with a ``'`` in
front, which spreadsheets show as text. A text that already starts with
``'`` gets one too, so the reader's rule is exact: remove one leading ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from ..compute.sheets import AVANCE, MONITOREO, Book, Sheet

#: File name -> the sheet it holds, in the order they are written.
CSV_FILES: dict[str, str] = {"avance.csv": AVANCE, "monitoreo.csv": MONITOREO}
HASH_HEADER = "_huella"
#: Texts a spreadsheet would read as a formula; and the prefix that stops it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
BOM = "\ufeff"


def csv_text(text: str) -> str:
    """A text as a CSV field: prefixed with ``'`` when a spreadsheet would
    evaluate it (or when it starts with ``'`` itself)."""
    return PREFIX + text if text.startswith((*FORMULA_START, PREFIX)) else text


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(int(value))


def csv_bytes(sheet: Sheet, fingerprints: Mapping[str, str]) -> bytes:
    """One table as the bytes of its CSV file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(c.header) for c in sheet.columns] + [HASH_HEADER])
    for row in sheet.rows:
        writer.writerow([_field(row.values.get(c.key)) for c in sheet.columns] + [fingerprints[row.file]])
    return (BOM + buffer.getvalue()).encode("utf-8")


def csv_files(book: Book, fingerprints: Mapping[str, str]) -> dict[str, bytes]:
    """Every CSV file of ``book``, by file name."""
    out: dict[str, bytes] = {}
    for name, sheet_name in CSV_FILES.items():
        sheet = book.sheet(sheet_name)
        if sheet is not None:
            out[name] = csv_bytes(sheet, fingerprints)
    return out


__all__ = ["BOM", "CSV_FILES", "FORMULA_START", "HASH_HEADER", "PREFIX", "csv_bytes", "csv_files", "csv_text"]
