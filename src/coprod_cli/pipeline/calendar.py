"""`coprod calendar` as a function: a repository, an output file and a month in,
the calendar written (or its bytes, for standard output) and what it holds out."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .inputs import SOURCE_FOLDERS, check_path, load_one, no_link_in_repository

#: ``--out -``: the calendar goes to standard output.
STDOUT = "-"


@dataclass(frozen=True)
class CalendarRun:
    data: bytes
    #: Where it was written (None: standard output).
    written: Path | None
    sessions: int
    months: int
    dues: int
    unread: list[str]
    #: The canton's country when it has no known time zone (times left without a zone).
    no_zone: str | None


def calendar_file(out: Path, root: Path) -> Path:
    """``--out`` checked: an ``.ics`` file, not inside the repository's source
    folders, not reached through a link inside the repository."""
    check_path(out, _("el archivo de «--out»"))
    if out.suffix.lower() != ".ics":
        raise CoprodError(_("«--out {out}» debe ser un archivo «.ics» (por ejemplo «--out calendario.ics»), o «-» para la salida estándar").format(out=out))
    if out.is_dir():
        raise CoprodError(_("«--out {out}» es una carpeta; indique un archivo «.ics»").format(out=out))
    absolute = Path(os.path.abspath(out))
    no_link_in_repository(absolute)
    if not absolute.parent.is_dir():
        raise CoprodError(_("no existe la carpeta «{parent}» de «--out {out}»").format(parent=absolute.parent, out=out))
    target = absolute.parent.resolve()
    for name in SOURCE_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            raise CoprodError(_("«--out {out}» está dentro de «{name}/» del repositorio; el calendario va en otra carpeta (por ejemplo «--out calendario.ics»)").format(out=out, name=name))
    return absolute


def export_calendar(path: Path, out: Path, month: Any) -> CalendarRun:
    """Load the repository at ``path`` and write its calendar at ``month`` to ``out``
    (``-``: return the bytes, write nothing). Files that do not load are left out and listed."""
    from ..compute.calendar import calendar_data
    from ..fsutil import atomic_write_bytes, os_error_es
    from ..render.calendar_ics import to_ics

    to_stdout = str(out) == STDOUT
    repo = load_one(path)
    target = None if to_stdout else calendar_file(out, repo.root)
    data = calendar_data(repo, month)
    ics = to_ics(data)
    if target is not None:
        try:
            atomic_write_bytes(target, ics, durable=False)
        except OSError as exc:
            raise CoprodError(_("no se pudo escribir el calendario en «{out}» ({reason}); no quedó nada a medias").format(out=out, reason=os_error_es(exc))) from None
    no_zone = data.country if data.tz is None else None
    return CalendarRun(ics, target, len(data.sessions), len(data.months), len(data.dues), data.unread, no_zone)
