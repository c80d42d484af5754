"""The cells of a filled-in workbook compared with the repository: which values
changed, as edits, and what is wrong with a cell, in Spanish, at its place.

pipeline/importing.py reads the workbook (load/workbook.py), builds the current
``Book`` (compute/sheets.py) and calls ``compare`` here; the edits it returns
go to the byte-keeping editor (edit/batch.py). Rows are matched by their hidden
key (``_clave``) and columns by their header, so a sheet sorted, re-saved or
with columns added still matches. A cell equal to the recorded value is no
edit; an emptied cell removes nothing (a notice says so).

What a cell may hold is pipeline/cellvalues.py (docs/hojas.md); a formula
is refused wherever coprod reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..compute.sheets import ASISTENCIA, AVANCE, CRITERION_OF_COLUMN, KEY_HEADER, MONITOREO, Book, Row, Sheet, columns_of, header_index, normalise_header
from ..lang import _
from ..load.workbook import Formula, Table
from ..render.csv_tables import HASH_HEADER
from .cellvalues import month_matches, parse_answer, parse_level, parse_state, parse_text, read_date, same_text, shown

#: The last column of a CSV table: the sha256 of the row's file at export.
PRINT_HEADER = HASH_HEADER


@dataclass(frozen=True)
class Problem:
    """A refused cell or row: nothing is written while there is one."""

    origin: str  # «Avance!H12», «avance.csv:12 (Nivel (%))», «Avance, fila 12»
    message: str
    where: str = ""  # «acuerdos/x.yaml:97:12» when known
    code: str = ""

    def text(self) -> str:
        if self.where:
            located = " ".join(p for p in (self.where, self.code, self.message) if p)
            return f"{self.origin} → {located}" if self.origin else located
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class Edit:
    """One row's changed values, for edit/batch.py."""

    kind: str  # "progress" | "monitoring" | "attendance"
    origin: str  # the first changed cell: where a problem of this edit is shown
    row: str  # the row's place («Avance, fila 12»), for conflicts
    key: str
    file: str
    args: dict[str, Any]
    cells: int  # values changed in this edit


@dataclass
class Comparison:
    edits: list[Edit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: CSV: the file's sha256 each row carried, by file (the first row's).
    prints: dict[str, str] = field(default_factory=dict)


# --- one sheet ----------------------------------------------------------------------------------


@dataclass
class _Columns:
    by_key: dict[str, int]  # column key -> column number in the table
    ignored: list[str]


def match_columns(table: Table, sheet_name: str, out: Comparison, csv: bool) -> _Columns | None:
    """The table's columns by key; None (with a problem) when a needed one is missing or doubled."""
    index = header_index(sheet_name)
    by_key: dict[str, int] = {}
    ignored: list[str] = []
    for column, header in sorted(table.headers.items()):
        norm = normalise_header(header)
        key = "huella" if csv and norm == PRINT_HEADER else index.get(norm)
        if key is None:
            ignored.append(header)
            continue
        if key in by_key:
            out.problems.append(Problem(table.origin(1, column), _("la columna «{value}» está dos veces; borre una de las dos").format(value=shown(header))))
            return None
        by_key[key] = column
    needed = [c for c in columns_of(sheet_name) if c.editable or c.key == "clave"]
    missing = [c.header for c in needed if c.key not in by_key]
    if csv and "huella" not in by_key:
        missing.append(PRINT_HEADER)
    if missing:
        names = ", ".join(_("«{value}»").format(value=m) for m in missing)
        out.problems.append(
            Problem(table.row_origin(1), _("faltan columnas que coprod necesita: {names}; no borre columnas del libro exportado (vuelva a exportarlo)").format(names=names))
        )
        return None
    return _Columns(by_key, ignored)


def _identity_problem(sheet: str, row: Row, key: str, value: Any) -> str | None:
    """A read-only column that names the row (agreement, month, actor, session)
    must still agree with its hidden key: else cells were moved between rows."""
    recorded = row.values.get(key)
    if key == "mes":
        ok = month_matches(value, str(recorded))
        if ok is None:
            return _("«{value}» no es un mes; esta columna no se importa, pero debe decir el mes de la fila ({recorded}): escriba {recorded}").format(value=shown(value), recorded=recorded)
    elif key == "sesion":
        day = read_date(value)
        if day is None:
            return _("«{value}» es una fecha escrita como texto que coprod no reconoce; escriba la fecha de la sesión ({value2}) como fecha").format(value=shown(value), value2=shown(recorded))
        ok = day == recorded
    else:
        ok = parse_text(value) == parse_text(recorded)
    if not ok:
        return (
            _(
                    "la fila dice «{value}» pero su clave oculta es de «{value2}»: ¿se ordenó o se pegó solo una parte de las "
                    "columnas? Deshaga ese cambio o vuelva a exportar"
                ).format(value=shown(value), value2=shown(recorded))
        )
    return None


IDENTITY = {AVANCE: ("acuerdo", "mes"), MONITOREO: ("acuerdo",), ASISTENCIA: ("actor", "sesion")}


def compare_sheet(table: Table, sheet: Sheet, out: Comparison) -> None:
    columns = match_columns(table, sheet.name, out, table.csv)
    if columns is None:
        return
    if columns.ignored:
        names = ", ".join(_("«{value}»").format(value=shown(h)) for h in columns.ignored)
        out.notices.append(_("{name}: columnas que coprod no conoce, no importadas: {names}.").format(name=table.name, names=names))
    rows = {r.key: r for r in sheet.rows}
    seen: dict[str, int] = {}
    key_column = columns.by_key["clave"]
    for number, values in table.rows:
        key_value = values.get(key_column)
        if key_value is None:
            if any(values.get(columns.by_key[c.key]) is not None for c in sheet.columns if c.editable and c.key in columns.by_key):
                why = _("la fila no tiene clave oculta («{key_header}», columna A): las filas nuevas no se importan; registre ese avance en una fila exportada").format(key_header=KEY_HEADER)
                out.problems.append(Problem(table.row_origin(number), why))
            continue
        if isinstance(key_value, Formula):
            out.problems.append(Problem(table.origin(number, key_column), _("la clave oculta es una fórmula ({value}); vuelva a exportar el libro").format(value=shown(key_value.text))))
            continue
        key = str(key_value).strip()
        if key in seen:
            out.problems.append(Problem(table.row_origin(number), _("la fila repite la clave de la fila {seen}; borre una de las dos").format(seen=seen[key])))
            continue
        seen[key] = number
        row = rows.get(key)
        if row is None:
            out.problems.append(
                Problem(table.row_origin(number), _(
                        "la clave oculta «{value}» no es de ninguna fila del repositorio a la fecha del libro; ¿se borró o renombró el "
                        "acuerdo, o se cambió la clave? Vuelva a exportar"
                    ).format(value=shown(key)))
            )
            continue
        _compare_row(table, sheet, row, number, values, columns.by_key, out)


def _cell(table: Table, number: int, values: dict[int, Any], by_key: dict[str, int], key: str, out: Comparison) -> tuple[Any, str, bool]:
    """(value, origin, ok): a formula is refused at its cell."""
    column = by_key.get(key)
    if column is None:
        return None, table.row_origin(number), True
    origin = table.origin(number, column)
    value = values.get(column)
    if isinstance(value, Formula):
        out.problems.append(Problem(origin, _("la celda tiene una fórmula ({value}); escriba el valor, no una fórmula").format(value=shown(value.text))))
        return None, origin, False
    return value, origin, True


def _compare_row(table: Table, sheet: Sheet, row: Row, number: int, values: dict[int, Any], by_key: dict[str, int], out: Comparison) -> None:
    for key in IDENTITY[sheet.name]:
        value, origin, ok = _cell(table, number, values, by_key, key, out)
        if ok and value is not None and key in by_key:
            why = _identity_problem(sheet.name, row, key, value)
            if why:
                out.problems.append(Problem(origin, why))
    if table.csv:
        _row_print(table, row, number, values, by_key, out)
    if sheet.name == AVANCE:
        _progress(table, row, number, values, by_key, out)
    elif sheet.name == MONITOREO:
        for column in CRITERION_OF_COLUMN:
            _criterion(table, row, number, values, by_key, column, out)
    else:
        _attendance(table, row, number, values, by_key, out)


def _row_print(table: Table, row: Row, number: int, values: dict[int, Any], by_key: dict[str, int], out: Comparison) -> None:
    value, origin, ok = _cell(table, number, values, by_key, "huella", out)
    digest = str(value).strip().lower() if ok and value is not None else ""
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        out.problems.append(Problem(origin, _("la huella del archivo («_huella», última columna) falta o está dañada; vuelva a exportar")))
        return
    first = out.prints.setdefault(row.file, digest)
    if first != digest:
        out.problems.append(Problem(origin, _("la huella no es la de las otras filas del mismo acuerdo: ¿se pegaron filas de otra exportación? Vuelva a exportar")))


def _emptied(origin: str, what: str) -> str:
    return _("{origin}: la celda está vacía pero el repositorio tiene {what}; coprod no borra valores registrados (se deja como está).").format(origin=origin, what=what)


def _changed_cells(value: Any, recorded: Any, value_origin: str, value_what: str, note: str | None, recorded_note: Any, note_origin: str, note_what: str, out: Comparison) -> list[str]:
    """The origins of a value cell and its note cell that differ from the record; an emptied cell is a notice, never a change."""
    changed: list[str] = []
    if value is None and recorded is not None:
        out.notices.append(_emptied(value_origin, value_what))
    elif value is not None and value != recorded:
        changed.append(value_origin)
    if note is None and parse_text(recorded_note):
        out.notices.append(_emptied(note_origin, note_what))
    elif not same_text(note, recorded_note):
        changed.append(note_origin)
    return changed


def _progress(table: Table, row: Row, number: int, values: dict[int, Any], by_key: dict[str, int], out: Comparison) -> None:
    raw_level, level_origin, ok_level = _cell(table, number, values, by_key, "nivel", out)
    raw_note, note_origin, ok_note = _cell(table, number, values, by_key, "nota", out)
    level, why = parse_level(raw_level)
    if why:
        out.problems.append(Problem(level_origin, why))
    if not (ok_level and ok_note) or why:
        return
    recorded_level, recorded_note = row.values.get("nivel"), row.values.get("nota")
    note = parse_text(raw_note)
    changed = _changed_cells(level, recorded_level, level_origin, _("el nivel {recorded_level}").format(recorded_level=recorded_level), note, recorded_note, note_origin, _("una nota"), out)
    if not changed:
        return
    if level is None and recorded_level is None:
        out.problems.append(Problem(note_origin, _("una nota necesita el nivel del mes: escriba también el nivel (0, 25, 50, 75 o 100)")))
        return
    sub = row.values.get("subactividad")
    new_level = level if level_origin in changed else None  # None: the note alone, beside the level recorded
    args = {"month": row.values["mes"], "subactivity": sub, "level": new_level, "note": note if note_origin in changed else None}
    out.edits.append(Edit("progress", changed[0], table.row_origin(number), row.key, row.file, args, len(changed)))


def _criterion(table: Table, row: Row, number: int, values: dict[int, Any], by_key: dict[str, int], column: str, out: Comparison) -> None:
    raw_answer, answer_origin, ok_answer = _cell(table, number, values, by_key, column, out)
    raw_obs, obs_origin, ok_obs = _cell(table, number, values, by_key, f"{column}_obs", out)
    answer, why = parse_answer(raw_answer)
    if why:
        out.problems.append(Problem(answer_origin, why))
    if not (ok_answer and ok_obs) or why:
        return
    recorded, _why = parse_answer(row.values.get(column))
    recorded_obs = row.values.get(f"{column}_obs")
    obs = parse_text(raw_obs)
    changed = _changed_cells(answer, recorded, answer_origin, _("la respuesta «{value}»").format(value=row.values.get(column)), obs, recorded_obs, obs_origin, _("observaciones"), out)
    if not changed:
        return
    args = {
        "criterion": CRITERION_OF_COLUMN[column],
        "answer": answer if answer_origin in changed else None,
        "note": obs if obs_origin in changed else None,
    }
    out.edits.append(Edit("monitoring", changed[0], table.row_origin(number), row.key, row.file, args, len(changed)))


def _attendance(table: Table, row: Row, number: int, values: dict[int, Any], by_key: dict[str, int], out: Comparison) -> None:
    raw_state, state_origin, ok_state = _cell(table, number, values, by_key, "estado", out)
    raw_note, note_origin, ok_note = _cell(table, number, values, by_key, "nota", out)
    state, why = parse_state(raw_state)
    if why:
        out.problems.append(Problem(state_origin, why))
    if not (ok_state and ok_note) or why:
        return
    recorded, recorded_note = row.values.get("estado"), row.values.get("nota")
    note = parse_text(raw_note)
    changed = _changed_cells(state, recorded, state_origin, _("la asistencia «{recorded}»").format(recorded=recorded), note, recorded_note, note_origin, _("una nota"), out)
    if not changed:
        return
    args = {"actor": row.values["actor"], "state": state if state_origin in changed else None, "note": note if note_origin in changed else None}
    out.edits.append(Edit("attendance", changed[0], table.row_origin(number), row.key, row.file, args, len(changed)))


def compare(tables: dict[str, Table], book: Book) -> Comparison:
    """Every editable sheet of ``book`` present in ``tables`` compared, row by row."""
    out = Comparison()
    for sheet in book.sheets:
        table = tables.get(sheet.name)
        if sheet.editable and table is not None:
            compare_sheet(table, sheet, out)
    return out


__all__ = ["IDENTITY", "Comparison", "Edit", "Problem", "compare"]
