"""`coprod import xlsx|csv`: a filled-in workbook written back into the YAML
files, every other byte kept, or nothing written at all.

1. Read the workbook (load/workbook.py: bounded; formulas kept as such).
2. Build the current ``Book`` (compute/sheets.py) as of the workbook's month
   and compare (pipeline/importcells.py): a changed cell is one edit, with its
   place as origin; a cell coprod cannot read is a problem at that place.
3. Apply the edits in memory under the locks (edit/batch.py); load and check
   the repository with the new bytes (``load_repository(contents=…)``,
   ``check_repository(now=as_of)``): every error in a changed file that was not
   there before is a problem, shown at the cell and at the line it would become.
4. Any problem, refusal or conflict (a file whose hash differs from the one
   exported): nothing is written. Else ``dry_run`` returns the diff, or the
   files are written (compare-and-swap, still under the locks).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compute.sheets import ASISTENCIA, AVANCE, FORMAT, KEY_HEADER, MONITOREO, Book, build_book, header_index, normalise_header
from ..errors import CoprodError
from ..lang import _
from ..load.workbook import Table, Workbook, read_csv, read_xlsx
from ..model import types
from ..model.types import Month
from .importcells import Comparison, Edit, Problem, compare


@dataclass
class ImportRun:
    """What an import found and did; ``written`` only when there was no problem."""

    source: str
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    cells: int = 0  # values changed (or that would change)
    files: list[str] = field(default_factory=list)  # files changed (or that would change)
    diff: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the workbook -------------------------------------------------------------------------------


def _as_of(meta: dict[str, Any]) -> Month:
    value = meta.get("corte")
    text = f"{value.year:04d}-{value.month:02d}" if isinstance(value, dt.date) else str(value or "").strip()
    try:
        return Month.parse(text)
    except ValueError:
        raise CoprodError(_("la hoja oculta «_coprod» está dañada: su «corte» («{text}») no es un mes AAAA-MM; vuelva a exportar el libro.").format(text=text)) from None


def _check_meta(book: Workbook, canton: str) -> None:
    name = book.path.name
    if not book.meta:
        raise CoprodError(
            _(
                    "«{name}» no tiene la hoja oculta «_coprod»: no es un libro exportado por «coprod export xlsx», o se guardó "
                    "sin sus hojas ocultas. Exporte el libro de nuevo y registre en él."
                ).format(name=name)
        )
    found = str(book.meta.get("formato", "")).strip()
    if found != FORMAT:
        raise CoprodError(
            _("«{name}» tiene el formato «{found}» y esta versión de coprod lee «{format}»: vuelva a exportar el libro con esta versión.").format(name=name, found=found, format=FORMAT)
        )
    theirs = str(book.meta.get("canton") or "").strip()
    if theirs and canton and theirs != canton:
        raise CoprodError(_("«{name}» es un libro del cantón «{theirs}» y este repositorio es de «{canton}»: no se importa aquí.").format(name=name, theirs=theirs, canton=canton))


def _missing_sheets(book: Workbook, current: Book) -> list[Problem]:
    wanted = [AVANCE, MONITOREO]
    sheet = current.sheet(ASISTENCIA)
    if sheet is not None and any(r.file in book.files for r in sheet.rows[:1]):
        wanted.append(ASISTENCIA)
    missing = [w for w in wanted if w not in book.tables]
    if not missing:
        return []
    present = ", ".join(_("«{value}»").format(value=n) for n in book.sheet_names)
    return [
        Problem(book.path.name, _("falta la hoja «{m}» (el libro tiene: {present}); no borre ni renombre las hojas del libro exportado: vuelva a exportarlo").format(m=m, present=present))
        for m in missing
    ]


@dataclass
class _Loaded:
    """The repository as the import first read it: its layout, each file's bytes, the model."""

    root: Path
    layout: Any
    contents: dict[str, Any]
    repo: Any


def _load(root: Path) -> _Loaded:
    from ..load.repository import load_repository, read_layout, survey

    layout = survey(root)
    contents = read_layout(layout)
    return _Loaded(root, layout, contents, load_repository(root, layout=layout, contents=contents))


def import_workbook(root: Path, file: Path, dry_run: bool = False) -> ImportRun:
    """Import a workbook exported by ``coprod export xlsx`` into the repository at ``root``."""
    book = read_xlsx(file, (AVANCE, MONITOREO, ASISTENCIA))
    loaded = _load(root)
    repo = loaded.repo
    canton = repo.manifest.canton if repo.manifest is not None else ""
    _check_meta(book, canton)
    as_of = _as_of(book.meta)
    current = build_book(repo, as_of)
    run = ImportRun(source=file.name, dry_run=dry_run)
    run.problems.extend(_missing_sheets(book, current))
    cmp = compare(book.tables, current)
    _apply(loaded, as_of, cmp, dict(book.files), run)
    return run


# --- CSV ----------------------------------------------------------------------------------------


def _sheet_of(table: Table) -> str:
    """Which table a CSV file holds, from its headers (the file's name is free)."""
    headers = {normalise_header(h) for h in table.headers.values()}
    for sheet, marker in ((AVANCE, "nivel"), (MONITOREO, "c01")):
        index = header_index(sheet)
        if any(index.get(h) == marker for h in headers):
            return sheet
    raise CoprodError(
        _(
                "«{name}» no es una tabla exportada por «coprod export csv» (avance.csv o monitoreo.csv): su primera fila no "
                "tiene las columnas «Nivel (%)» ni las de los criterios. Use el archivo exportado."
            ).format(name=table.name)
    )


def _csv_as_of(table: Table | None) -> Month:
    """The month to compare at: the current one, or a later month some row names."""
    now = types.current_month()
    if table is None:
        return now
    key = next((c for c, h in table.headers.items() if normalise_header(h) == normalise_header(KEY_HEADER)), 1)
    months = []
    for _row, values in table.rows:
        parts = str(values.get(key, "")).split("#")
        if len(parts) >= 2:
            try:
                months.append(Month.parse(parts[1]))
            except ValueError:
                continue
    return max([now, *months])


def import_tables(root: Path, files: Sequence[Path], dry_run: bool = False) -> ImportRun:
    """Import CSV tables exported by ``coprod export csv`` (avance.csv, monitoreo.csv)."""
    tables: dict[str, Table] = {}
    for file in files:
        table = read_csv(file)
        sheet = _sheet_of(table)
        if sheet in tables:
            raise CoprodError(_("«{name}» y «{name2}» son las dos la tabla «{sheet}»: importe una sola.").format(name=tables[sheet].name, name2=table.name, sheet=sheet))
        tables[sheet] = table
    loaded = _load(root)
    as_of = _csv_as_of(tables.get(AVANCE))
    current = build_book(loaded.repo, as_of)
    run = ImportRun(source=", ".join(t.name for t in tables.values()), dry_run=dry_run)
    cmp = compare(tables, current)
    _apply(loaded, as_of, cmp, dict(cmp.prints), run)
    return run


# --- the edits ----------------------------------------------------------------------------------


def _batch(root: Path, edits: list[Edit], hashes: dict[str, str]) -> Any:
    from ..edit.batch import Batch

    batch = Batch(root)
    for rel in sorted({e.file for e in edits}):
        batch.expect(rel, hashes[rel])
    for e in edits:
        a = e.args
        if e.kind == "progress":
            batch.progress(e.origin, e.file, Month.parse(str(a["month"])), a["subactivity"], a["level"], a["note"])
        elif e.kind == "monitoring":
            batch.monitoring(e.origin, e.file, a["criterion"], a["answer"], a["note"])
        else:
            batch.attendance(e.origin, e.file, a["actor"], a["state"], a["note"])
    return batch


def _apply(loaded: _Loaded, as_of: Month, cmp: Comparison, hashes: dict[str, str], run: ImportRun) -> None:
    run.problems.extend(cmp.problems)
    run.notices.extend(cmp.notices)
    edits = []
    for e in cmp.edits:
        if e.file in hashes:
            edits.append(e)
        else:
            run.problems.append(Problem(e.row, _("la fila es de «{file}», que no estaba en el libro exportado; vuelva a exportar").format(file=e.file)))
    if not edits:
        return
    batch = _batch(loaded.root, edits, hashes)
    with batch.staged() as st:
        _staged_problems(loaded, as_of, st, edits, run)
        run.files = sorted(st.files)
        run.cells = sum(e.cells for e in edits if e.file in st.files)
        if run.problems:
            return
        if run.dry_run:
            run.diff = st.diff()
            return
        st.commit()
        run.written = True


def _staged_problems(loaded: _Loaded, as_of: Month, st: Any, edits: list[Edit], run: ImportRun) -> None:
    conflicted = {c.rel for c in st.conflicts}
    rows: set[str] = set()
    for e in edits:
        if e.file in conflicted and e.row not in rows:
            rows.add(e.row)
            run.problems.append(
                Problem(
                    f"{e.row} ({e.key})",
                    _("el archivo «{file}» cambió desde la exportación; no se sobrescribe: vuelva a exportar el libro y registre de nuevo").format(file=e.file),
                )
            )
    for r in st.refusals:
        where = f"{r.rel}:{r.line}:{r.column}" if r.line else r.rel
        run.problems.append(Problem(r.origin, r.message, where))
    if not st.files or conflicted:
        return
    run.problems.extend(_new_errors(loaded, as_of, st, edits))


def _errors(repo: Any, as_of: Month, locate: bool) -> list[Any]:
    from ..check.engine import check_repository

    return [d for d in check_repository(repo, now=as_of, locate=locate).diagnostics if d.severity.value == "error"]


def _new_errors(loaded: _Loaded, as_of: Month, st: Any, edits: list[Edit]) -> list[Problem]:
    """The errors the new bytes bring into the changed files, each at its cell when known.

    Why ``locate=False`` first: finding lines costs a parse of every file with a
    problem; the errors are compared by (file, code, message), and only when the
    new bytes bring one is the repository checked again with lines."""
    from ..load.repository import load_repository

    before = loaded.repo
    if any(loaded.contents.get(rel, (None,))[0] != old for rel, (old, _) in st.files.items()):
        current = dict(loaded.contents) | {rel: (old, None) for rel, (old, _) in st.files.items()}
        before = load_repository(loaded.root, layout=loaded.layout, contents=current)  # changed since read: the bytes locked
    old = Counter((d.file, d.code, d.message) for d in _errors(before, as_of, False) if d.file in st.files)
    after_contents = dict(loaded.contents) | {rel: (new, None) for rel, (_, new) in st.files.items()}
    after = load_repository(loaded.root, layout=loaded.layout, contents=after_contents)
    new = Counter((d.file, d.code, d.message) for d in _errors(after, as_of, False) if d.file in st.files) - old
    if not new:
        return []
    cells: dict[tuple[str, int], str] = {}
    for e in edits:
        place = st.locate(e.origin) if e.file in {f for f, _, _ in new} else None
        if place is not None:
            cells.setdefault((place[0], place[1]), e.origin)
    out = []
    for d in _errors(after, as_of, True):
        key = (d.file, d.code, d.message)
        if new[key] > 0:
            new[key] -= 1
            out.append(Problem(cells.get((d.file, d.line), ""), d.message, f"{d.file}:{d.line}:{d.column}", d.code))
    return out


__all__ = ["ImportRun", "import_tables", "import_workbook"]
