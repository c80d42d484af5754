"""A Word file as a zip: the bounds a repository's template must keep, and the
same bytes for the same document (fixed timestamps, fixed order).

A .docx is a zip of XML parts. A repository's template comes from a pull
request, so before python-docx opens it (SECURITY.md, «Plantillas de Word»):

* at most ``MAX_ENTRIES`` entries and ``MAX_UNCOMPRESSED`` bytes once
  uncompressed, counted from the sizes the zip declares (Python's zipfile never
  inflates an entry past its declared size: a lie ends in a CRC error), so a
  zip bomb is refused unopened;
* no entry name that is absolute, climbs (``..``), uses ``\\`` or a drive, or
  repeats; no encrypted entry;
* no external relationship other than a hyperlink to http(s) or mailto:
  an image, a frame, an attached template or an OLE object linked from a URL
  or a ``file://``/UNC path would be fetched by Word when the document is
  opened (a tracking pixel, or a Windows password hash sent to a server);
* no field that includes or links other content (INCLUDETEXT,
  INCLUDEPICTURE, LINK, DDE, DDEAUTO, IMPORT): Word updates them on opening.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from io import BytesIO
from typing import Any

from ..lang import _

MAX_ENTRIES = 1000
MAX_UNCOMPRESSED = 64 * 2**20
#: Every entry's date in the written zip, and the document's creation date when none applies.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_FIELDS = re.compile(rb"(?i)\b(INCLUDETEXT|INCLUDEPICTURE|LINK|DDEAUTO|DDE|IMPORT)\b")
_INSTR = re.compile(rb"(?s)<w:instrText[^>]*>(.*?)</w:instrText>|w:instr=\"([^\"]*)\"")


class UnsafeDocx(Exception):
    """A Word file that may not be a template. ``str()`` is the Spanish reason."""


def _bad_name(name: str) -> bool:
    return (
        name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name) is not None
        or any(part in ("..", ".") for part in name.split("/"))
        or "\x00" in name
    )


def check_zip(data: bytes) -> None:
    """Raise ``UnsafeDocx`` unless ``data`` is a zip within the bounds above."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsafeDocx(_("no es un documento de Word (.docx): no es un archivo zip válido")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise UnsafeDocx(_("tiene {n} partes dentro (máximo {max})").format(n=len(entries), max=MAX_ENTRIES))
        total = sum(max(e.file_size, 0) for e in entries)
        if total > MAX_UNCOMPRESSED:
            raise UnsafeDocx(_("ocupa {n} MB descomprimido (máximo {max} MB): ¿una bomba zip?").format(n=total // 2**20, max=MAX_UNCOMPRESSED // 2**20))
        names = [e.filename for e in entries]
        bad = next((n for n in names if _bad_name(n)), None)
        if bad is not None:
            raise UnsafeDocx(_("tiene una parte con un nombre no permitido («{name}»: ruta absoluta o que sale de la carpeta)").format(name=bad[:80]))
        if len(set(names)) != len(names):
            raise UnsafeDocx(_("tiene dos partes con el mismo nombre"))
        if any(e.flag_bits & 0x1 for e in entries):
            raise UnsafeDocx(_("tiene partes cifradas"))
        for e in entries:
            if e.filename.endswith(".xml") and _includes_content(archive.read(e)):
                raise UnsafeDocx(_("tiene un campo que incluye o vincula contenido externo (INCLUDETEXT, INCLUDEPICTURE, LINK, DDE) en «{part}»").format(part=e.filename))


def _includes_content(xml: bytes) -> bool:
    return any(_FIELDS.search(m.group(1) or m.group(2) or b"") for m in _INSTR.finditer(xml))


def check_relationships(document: Any) -> None:
    """Raise ``UnsafeDocx`` for an external relationship that is not an http(s)/mailto hyperlink."""
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if not rel.is_external:
                continue
            target = str(rel.target_ref)
            if rel.reltype != HYPERLINK or not target.lower().startswith(ALLOWED_SCHEMES):
                kind = rel.reltype.rsplit("/", 1)[-1]
                raise UnsafeDocx(
                    _(
                        "tiene un vínculo externo de tipo «{kind}» a «{target}» en «{part}»: Word lo abriría al abrir "
                        "el documento (solo se permiten hipervínculos http, https o mailto)"
                    ).format(kind=kind, target=target[:80], part=part.partname)
                )


def normalized_zip(data: bytes) -> bytes:
    """The same zip with every entry dated ``ZIP_TIME``: the same document gives the same bytes."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info))
    return out.getvalue()
