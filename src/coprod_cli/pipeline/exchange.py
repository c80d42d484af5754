"""`coprod export xlsx` and `coprod export csv` as functions: a repository, an
output and a month in; the workbook (or the CSV tables) written atomically,
and what they hold out.

Why the files are read once, as bytes: the fingerprint written with the
workbook (``_coprod`` sheet, CSV ``_huella``) must be the hash of exactly the
bytes the tables were built from, so that `coprod import` can tell a file
changed since the export from one that did not.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .inputs import SOURCE_FOLDERS, check_path, no_link_in_repository


@dataclass(frozen=True)
class ExportRun:
    #: The files written (absolute paths).
    written: list[Path]
    #: Rows per sheet, in sheet order.
    rows: dict[str, int]
    #: Past months with no valid level (highlighted rows of Avance).
    overdue: int
    #: The Asistencia session's file stem (None: no sheet).
    session: str | None
    #: Agreement files that did not load: not in the tables.
    unread: list[str] = field(default_factory=list)


def load_with_fingerprints(path: Path) -> tuple[Any, dict[str, str]]:
    """The repository holding ``path``, loaded from its bytes read once, and
    the sha256 of each file's bytes (by POSIX path from the root)."""
    from ..load.repository import RepositoryNotFound, find_root, load_repository, read_layout
    from ..load.survey import survey

    check_path(path)
    if not path.exists():
        raise CoprodError(_("no existe la ruta «{path}»").format(path=path))
    try:
        root = find_root(path)
    except RepositoryNotFound:
        raise CoprodError(_("«{path}» no está dentro de un repositorio de acuerdos (falta «canton.yaml»)").format(path=path)) from None
    layout = survey(root)
    contents = read_layout(layout)
    repo = load_repository(root, layout=layout, contents=contents)
    prints = {rel: hashlib.sha256(data).hexdigest() for rel, (data, _) in contents.items() if data is not None}
    return repo, prints


def check_only(repo: Any, only: Sequence[str] | None) -> list[str] | None:
    """``--only`` ids checked against the agreements that loaded («¿quiso decir…?» when one is unknown)."""
    from ..model.suggest import suggest

    if not only:
        return None
    known = sorted(a.id for _, a in repo.valid_agreements())
    for ident in only:
        if ident not in known:
            starts = [k for k in known if k.startswith(ident)]
            hint = _("; ¿quiso decir «{starts}»?").format(starts=starts[0]) if len(starts) == 1 else suggest(ident, known)
            if not hint and known:
                hint = _("; los acuerdos son: ") + ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
            raise CoprodError(_("«--only {ident}»: no existe el acuerdo «{ident}» (o su archivo no carga; vea «coprod validate»){hint}").format(ident=ident, hint=hint))
    return list(dict.fromkeys(only))


def _outside_sources(out: Path, target: Path, root: Path, example: str) -> None:
    """Refuse an output in the repository's root or one of its source folders."""
    for name in SOURCE_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            raise CoprodError(_("«--out {out}» está dentro de «{name}/» del repositorio; escriba la exportación en otra carpeta (por ejemplo «{example}»)").format(out=out, name=name, example=example))


def workbook_file(out: Path, root: Path) -> Path:
    """``--out`` checked: an ``.xlsx`` file in an existing folder, not in the
    repository's source folders, not reached through a link inside it."""
    check_path(out, _("el archivo de «--out»"))
    if out.suffix.lower() != ".xlsx":
        raise CoprodError(_("«--out {out}» debe ser un archivo «.xlsx» (por ejemplo «--out registro.xlsx»)").format(out=out))
    if out.is_dir():
        raise CoprodError(_("«--out {out}» es una carpeta; indique un archivo «.xlsx»").format(out=out))
    absolute = Path(os.path.abspath(out))
    no_link_in_repository(absolute)
    if not absolute.parent.is_dir():
        raise CoprodError(_("no existe la carpeta «{parent}» de «--out {out}»").format(parent=absolute.parent, out=out))
    _outside_sources(out, absolute.parent.resolve(), root, "--out registro.xlsx")
    return absolute


def tables_folder(out: Path, root: Path) -> Path:
    """``--out`` checked: a folder (created when missing) outside the
    repository's own folders, not reached through a link inside it."""
    check_path(out, _("la carpeta de «--out»"))
    if out.exists() and not out.is_dir():
        raise CoprodError(_("«--out {out}» existe y no es una carpeta; indique una carpeta para los archivos CSV").format(out=out))
    absolute = Path(os.path.abspath(out))
    no_link_in_repository(absolute)
    target = absolute.resolve()
    if target == root.resolve():
        raise CoprodError(_("«--out {out}» es la carpeta del repositorio de acuerdos; escriba los CSV en una carpeta aparte (por ejemplo «--out registro»)").format(out=out))
    _outside_sources(out, target, root, "--out registro")
    return absolute


def _write(target: Path, data: bytes, shown: str) -> None:
    from ..fsutil import atomic_write_bytes, os_error_es

    try:
        atomic_write_bytes(target, data, durable=False)
    except OSError as exc:
        raise CoprodError(_("no se pudo escribir «{shown}» ({reason}); no quedó nada a medias").format(shown=shown, reason=os_error_es(exc))) from None


def _run(book: Any, repo: Any, written: list[Path]) -> ExportRun:
    from ..compute.sheets import AVANCE

    rows = {s.name: len(s.rows) for s in book.sheets}
    avance = book.sheet(AVANCE)
    overdue = sum(1 for r in avance.rows if r.overdue) if avance is not None else 0
    unread = sorted(d.rel for d in repo.acuerdos if d.model is None)
    return ExportRun(written, rows, overdue, book.session, unread)


def export_workbook(path: Path, out: Path, month: Any, only: Sequence[str] | None = None) -> ExportRun:
    """Write the workbook of the repository at ``path`` as of ``month`` to ``out``."""
    from ..compute.sheets import build_book
    from ..render.xlsx import require_openpyxl, workbook_bytes

    require_openpyxl()  # before reading anything: say what to install first
    repo, prints = load_with_fingerprints(path)
    target = workbook_file(out, repo.root)
    book = build_book(repo, month, check_only(repo, only))
    _write(target, workbook_bytes(book, prints), str(out))
    return _run(book, repo, [target])


def export_tables(path: Path, out: Path, month: Any, only: Sequence[str] | None = None) -> ExportRun:
    """Write ``avance.csv`` and ``monitoreo.csv`` of the repository at ``path`` into the folder ``out``."""
    from ..compute.sheets import build_book
    from ..render.csv_tables import csv_files

    repo, prints = load_with_fingerprints(path)
    folder = tables_folder(out, repo.root)
    book = build_book(repo, month, check_only(repo, only))
    files = csv_files(book, prints)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..fsutil import os_error_es

        raise CoprodError(_("no se pudo crear la carpeta «{out}» ({reason})").format(out=out, reason=os_error_es(exc))) from None
    written = []
    for name, data in files.items():
        _write(folder / name, data, str(out / name))
        written.append(folder / name)
    return _run(book, repo, written)


__all__ = ["ExportRun", "check_only", "export_tables", "export_workbook", "load_with_fingerprints", "tables_folder", "workbook_file"]
