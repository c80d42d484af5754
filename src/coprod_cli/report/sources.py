"""What may be the source of a report template (SECURITY.md, «Plantillas»).

coprod's own templates ship in the package (``templates/reports/``). A
canton repository may replace any of them with a file of the same name in its
own ``templates/reports/``. A pull request writes that folder, and a template
can print any text it reads into every report, the public ones included; so a
repository template is source only when:

* its name is one coprod knows (``KNOWN``: the files of the built-in reports
  folder, ``style.css`` among them);
* it is a regular file reached from the repository root through real
  folders: no symbolic link (or Windows junction) at any component,
  ``templates``, ``templates/reports`` or the file;
* it is at most ``MAX_TEMPLATE_BYTES`` of UTF-8.

Anything else under those names is refused (``TemplateRefused``), never
opened. The sources are read once, here, into a dictionary; Jinja's loader
then serves names from that dictionary, never paths, so nothing under
``.git/``, no data file and nothing outside the repository can become
template source, through ``{% include %}`` or otherwise.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound

from ..errors import CoprodError
from ..lang import _
from ..links import is_link, lstat_or_none

#: A template is a page of markup; the largest built-in one is 8 KB.
MAX_TEMPLATE_BYTES = 256 * 1024
FOLDER = "reports"


class TemplateRefused(CoprodError):
    """A file under a template name that may not be template source. ``str()`` is Spanish (exit 2)."""

    def __init__(self, rel: str, reason: str) -> None:
        # Why Exception's: ``args`` stay (rel, reason), so the error pickles back whole from a worker.
        Exception.__init__(self, rel, reason)
        self.rel, self.reason = rel, reason

    def __str__(self) -> str:
        from ..load.repository import shown_name

        return (
            _(
                "«{file}» {reason}: una plantilla del repositorio debe ser un archivo común de texto, "
                "con uno de los nombres de las plantillas de coprod, sin enlaces simbólicos en su ruta (un enlace podría "
                "llevar datos personales, la configuración de git o un secreto a los informes). Reemplácelo por el archivo, "
                "o bórrelo para usar la plantilla de coprod. No se escribió ningún informe."
            ).format(file=shown_name(self.rel), reason=self.reason)
        )


@dataclass(frozen=True)
class TemplateSources:
    """Every template a report may use: name → (source, file name shown in messages)."""

    sources: dict[str, tuple[str, str]]
    #: names taken from the repository (they render sandboxed and bounded)
    own: frozenset[str] = frozenset()
    #: files in templates/reports/ that are not a template name coprod knows (ignored)
    ignored: tuple[str, ...] = ()
    known: tuple[str, ...] = field(default=())


class SourceLoader(BaseLoader):
    """Serves template names from a dictionary: never a path on disk."""

    def __init__(self, sources: TemplateSources) -> None:
        self.sources = sources

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename = self.sources.sources[template]
        except KeyError:
            raise TemplateNotFound(template) from None
        return source, filename, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.sources.sources)


def known_names(builtin: Path) -> tuple[str, ...]:
    """The template names coprod knows: ``reports/<file>`` for each built-in report file."""
    return tuple(sorted(f"{FOLDER}/{p.name}" for p in (builtin / FOLDER).iterdir() if p.is_file()))


def _refuse_link(rel: str, path: Path, root: Path) -> TemplateRefused:
    try:
        path.resolve().relative_to(root.resolve())
        where = _("es un enlace simbólico")
    except (ValueError, OSError, RuntimeError):
        where = _("es un enlace simbólico que apunta fuera del repositorio")
    return TemplateRefused(rel, where)


class UnreadableFile(Exception):
    """A template file that could not be read as the one ``lstat`` saw; ``str()`` is the Spanish reason."""


def read_no_follow(path: Path, seen: os.stat_result, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path``, opened without following a link and checked to be the
    file ``lstat`` saw (``seen``); more than ``limit`` bytes back means the file is too large."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(_("no se puede leer ({reason})").format(reason=exc.strerror or type(exc).__name__)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino):
            raise UnreadableFile(_("cambió mientras se leía"))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, limit + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _read_regular(path: Path, rel: str, seen: os.stat_result) -> str:
    """The file's text, opened without following a link and checked to be the file ``lstat`` saw."""
    try:
        data = read_no_follow(path, seen, MAX_TEMPLATE_BYTES)
    except UnreadableFile as exc:
        raise TemplateRefused(rel, str(exc)) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(rel, _("es demasiado grande (máximo {n} KiB)").format(n=MAX_TEMPLATE_BYTES // 1024))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateRefused(rel, _("no es texto UTF-8")) from None


def _real_folder(path: Path, rel: str, root: Path) -> Path | None:
    info = lstat_or_none(path)
    if info is None:
        return None
    if is_link(info):
        raise _refuse_link(rel, path, root)
    if not stat.S_ISDIR(info.st_mode):
        raise TemplateRefused(rel, _("no es una carpeta"))
    return path


def template_sources(root: Path, builtin: Path) -> TemplateSources:
    """The built-in templates, with the repository's own where it has a valid one.

    Raises ``TemplateRefused`` for a known name that may not be source (a
    link anywhere on its way, a folder, a device, too big, not UTF-8).
    """
    known = known_names(builtin)
    sources = {name: ((builtin / name).read_text(encoding="utf-8"), str(builtin / name)) for name in known}
    own: set[str] = set()
    ignored: list[str] = []
    folder = _real_folder(root / "templates", "templates", root)
    reports = _real_folder(root / "templates" / FOLDER, f"templates/{FOLDER}", root) if folder else None
    if reports is not None:
        for name in known:
            rel = f"templates/{name}"
            path = root / "templates" / name
            info = lstat_or_none(path)
            if info is None:
                continue
            if is_link(info):
                raise _refuse_link(rel, path, root)
            if not stat.S_ISREG(info.st_mode):
                raise TemplateRefused(rel, _("no es un archivo común (es una carpeta, un dispositivo o una tubería)"))
            sources[name] = (_read_regular(path, rel, info), rel)
            own.add(name)
        names = {n.split("/", 1)[1] for n in known}
        try:
            listed = sorted(os.listdir(reports))
        except OSError:
            listed = []
        ignored = [f"templates/{FOLDER}/{n}" for n in listed if n not in names and not n.startswith(".")]
    return TemplateSources(sources, frozenset(own), tuple(ignored), known)
