"""Which session file a person means, and the dates the session commands take.

A session is named by its date (``2015-09-08``), its file name
(``2015-10-24-los-guido`` or ``2015-10-24-los-guido.yaml``) or a path
(``sesiones/2015-09-08.yaml``). Only a file directly in ``sesiones/`` is a
session (the loader reads no other); a link that leads out of the
repository is refused, like every edit's target (``paths.checked_target``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CoprodError
from ..lang import _
from ..load.repository import SESSIONS_DIR, YAML_SUFFIXES
from ..load.survey import inside
from ..model.models import Sesion
from ..model.types import YEAR_WINDOW, in_year_window
from ..model.validate import suggest
from ..render.safe import has_control, plain
from .document import Loaded, editing_file
from .paths import checked_target

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
#: How many of the closest session dates an «unknown session» message lists.
CLOSE_DATES = 3


def parse_date(text: str, shown: str) -> dt.date:
    """A day given by a person, ``AAAA-MM-DD``, real and in the years coprod accepts.

    ``shown`` names the value in the message («--due 2015-02-30»)."""
    value = text.strip()
    m = DATE_RE.match(value)
    if not m:
        raise CoprodError(_("{shown}: se esperaba una fecha con la forma AAAA-MM-DD (por ejemplo 2015-09-08)").format(shown=shown))
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CoprodError(_("{shown}: esa fecha no existe en el calendario (revise el mes y el día)").format(shown=shown)) from None
    if not in_year_window(day.year):
        raise CoprodError(_("{shown}: la fecha está fuera de los años que coprod acepta ({year_window})").format(shown=shown, year_window=YEAR_WINDOW))
    return day


def _session_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith("."))


def _by_path(root: Path, folder: Path, text: str) -> Path:
    path = Path(text)
    if path.name.startswith("."):
        # Hidden files are never sessions: the loader skips them, and coprod's temporaries are among them.
        raise CoprodError(_("«{text}» es un archivo oculto (su nombre empieza con un punto): no es una sesión del repositorio").format(text=text))
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, root / path, folder / path]
    for p in candidates:
        if p.exists() or p.is_symlink():
            if p.absolute().parent.resolve() != folder.resolve():
                raise CoprodError(_("«{text}» no es un archivo de la carpeta «{sessions_dir}/» del repositorio").format(text=text, sessions_dir=SESSIONS_DIR))
            return checked_target(root, p.absolute())
    raise CoprodError(_("no existe el archivo «{text}»").format(text=text) + _near(folder, path.stem))


def session_file(root: Path, text: str) -> Path:
    """The file of the session ``text`` names (a date, a file name or a path)."""
    if has_control(text) or "\t" in text or "\n" in text:
        raise CoprodError(_("el nombre de la sesión «{text}» tiene caracteres de control; escriba su fecha, AAAA-MM-DD").format(text=plain(text)))
    value = text.strip()
    if not value:
        raise CoprodError(_("falta la sesión: escriba su fecha, AAAA-MM-DD (por ejemplo 2015-09-08)"))
    folder = root / SESSIONS_DIR
    if folder.is_symlink() and not inside(root, folder):
        raise CoprodError(_("la carpeta «{sessions_dir}» es un enlace que apunta fuera del repositorio; no se escribe en ella").format(sessions_dir=SESSIONS_DIR))
    if value.endswith(YAML_SUFFIXES) or "/" in value or os.sep in value:
        return _by_path(root, folder, value)
    files = _session_files(folder)
    exact = [p for p in files if p.stem == value]
    if len(exact) == 1:
        return checked_target(root, exact[0])
    if len(exact) > 1:
        names = ", ".join(p.name for p in exact)
        raise CoprodError(_("hay más de un archivo «{value}» en «{sessions_dir}/» ({names}); nombre el archivo completo").format(value=value, sessions_dir=SESSIONS_DIR, names=names))
    if DATE_RE.match(value):
        parse_date(value, _("la sesión «{value}»").format(value=value))
        same_day = [p for p in files if p.stem.startswith(value + "-")]
        if len(same_day) == 1:
            return checked_target(root, same_day[0])
        if same_day:
            names = ", ".join(p.stem for p in same_day)
            raise CoprodError(_("hay {n} sesiones el {value} ({names}); escriba el nombre completo de una").format(n=len(same_day), value=value, names=names))
    raise CoprodError(_("no existe la sesión «{value}» en «{sessions_dir}/»").format(value=value, sessions_dir=SESSIONS_DIR) + _near(folder, value))


def _near(folder: Path, value: str) -> str:
    """«; las más cercanas: …» — the sessions whose dates are closest to ``value``, else the closest name."""
    stems = [p.stem for p in _session_files(folder)]
    if not stems:
        return _(" (la carpeta «{sessions_dir}/» no tiene sesiones; cree una con «coprod new session --date AAAA-MM-DD»)").format(sessions_dir=SESSIONS_DIR)
    m = DATE_RE.match(value[:10])
    wanted: dt.date | None = None
    if m:
        try:
            wanted = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            wanted = None
    dated = []
    for stem in stems:
        try:
            dated.append((dt.date.fromisoformat(stem[:10]), stem))
        except ValueError:
            continue
    if wanted is not None and dated:
        close = sorted(dated, key=lambda d: (abs((d[0] - wanted).days), d[1]))[:CLOSE_DATES]
        return _("; las más cercanas: ") + ", ".join(stem for _, stem in sorted(close))
    return suggest(value, stems) or _("; las sesiones son: ") + ", ".join(stems[-CLOSE_DATES:])


@contextmanager
def editing_session(root: Path, text: str) -> Iterator[Loaded[Sesion]]:
    """The session, read under its lock; the lock is held until the block ends (after the write)."""
    with editing_file(root, session_file(root, text), Sesion) as loaded:
        yield loaded
