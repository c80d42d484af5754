"""Which Word template the Anexo 1 sheet uses: the repository's
``templates/docx/acuerdo.docx`` when it has one that may be a template,
coprod's own otherwise (SECURITY.md, «Plantillas de Word»).

The repository's file is read under the rules of report/sources.py: a
regular file reached through real folders (no symbolic link or junction on
``templates``, ``templates/docx`` or the file), at most ``MAX_DOCX_BYTES``,
opened without following a link and checked to be the file ``lstat`` saw;
then its zip is checked (report/docx_zip.py) before python-docx opens it.
Anything else under that name stops the command (exit 2) before a sheet is
written. The bytes read are the bytes rendered: no second read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import CoprodError
from ..lang import _
from ..links import is_link, lstat_or_none
from .docx_zip import UnsafeDocx, check_zip

DOCX_TEMPLATE = "templates/docx/acuerdo.docx"
#: A template with a logo or two; coprod's own is about 40 KB.
MAX_DOCX_BYTES = 10 * 2**20


class DocxTemplateRefused(CoprodError):
    """The repository's Word template may not be used (exit 2). ``str()`` is Spanish."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            _(
                "«{file}» {reason}: la plantilla de Word del repositorio debe ser un documento .docx común, sin enlaces "
                "simbólicos en su ruta, sin vínculos a contenido externo y de tamaño razonable. Reemplácela (por ejemplo con "
                "«coprod new docx-template --force»), o bórrela para usar la plantilla de coprod. No se escribió ninguna ficha."
            ).format(file=DOCX_TEMPLATE, reason=reason)
        )
        self.reason = reason


@dataclass(frozen=True)
class DocxSource:
    data: bytes
    #: how messages name it: the repository's file, or «la plantilla de Word de coprod»
    name: str
    own: bool


def check_folder(path: Path, rel: str) -> bool:
    """Whether the folder exists; refused when it is a link or not a folder."""
    info = lstat_or_none(path)
    if info is None:
        return False
    if is_link(info):
        raise DocxTemplateRefused(_("no se puede usar: «{file}» es un enlace simbólico").format(file=rel))
    if not stat.S_ISDIR(info.st_mode):
        raise DocxTemplateRefused(_("no se puede usar: «{file}» no es una carpeta").format(file=rel))
    return True


def _read(path: Path, seen: os.stat_result) -> bytes:
    from .sources import UnreadableFile, read_no_follow

    try:
        data = read_no_follow(path, seen, MAX_DOCX_BYTES)
    except UnreadableFile as exc:
        raise DocxTemplateRefused(str(exc)) from None
    if len(data) > MAX_DOCX_BYTES:
        raise DocxTemplateRefused(_("es demasiado grande (máximo {n} MB)").format(n=MAX_DOCX_BYTES // 2**20))
    return data


def repository_template(root: Path) -> bytes | None:
    """The bytes of the repository's Word template, checked; None when it has none."""
    if not check_folder(root / "templates", "templates") or not check_folder(root / "templates" / "docx", "templates/docx"):
        return None
    path = root / DOCX_TEMPLATE
    info = lstat_or_none(path)
    if info is None:
        return None
    if is_link(info):
        raise DocxTemplateRefused(_("es un enlace simbólico"))
    if not stat.S_ISREG(info.st_mode):
        raise DocxTemplateRefused(_("no es un archivo común (es una carpeta, un dispositivo o una tubería)"))
    if info.st_size > MAX_DOCX_BYTES:
        raise DocxTemplateRefused(_("es demasiado grande (máximo {n} MB)").format(n=MAX_DOCX_BYTES // 2**20))
    data = _read(path, info)
    try:
        check_zip(data)
    except UnsafeDocx as exc:
        raise DocxTemplateRefused(str(exc)) from None
    return data


def docx_source(root: Path) -> DocxSource:
    """The template to render: the repository's (checked) or coprod's own."""
    own = repository_template(root)
    if own is not None:
        return DocxSource(own, DOCX_TEMPLATE, True)
    from .docx_default import default_template

    return DocxSource(default_template(), _("la plantilla de Word de coprod"), False)
