"""Atomic writes: a temporary file in the same folder, then a rename, so a
reader never sees a half-written file and an interrupted write loses nothing.

An existing file keeps its permission bits and, where the system allows it,
its owner and group; a new file gets the bits the user's umask gives
(``mkstemp`` alone would leave it readable only by its owner).

Temporaries are named ``.<name>.<8 random characters>.coprod-tmp`` next to
the target. Why such a name: a process killed between writing and renaming
(``kill -9``, a power cut) leaves one behind, and then it must never be taken
for data: the loader reads only ``*.yaml``/``*.yml`` files whose name does not
start with a dot, the ``.gitignore`` that ``coprod init`` writes ignores
``.*.coprod-tmp``, and the next write in that folder removes it
(``remove_stale_temporaries``).

A read-modify-write passes ``expected``, the bytes it read: just before the
rename the file is read again and, if it no longer holds those bytes (another
program saved it meanwhile), nothing is written (``FileChanged``). With the
lock of ``locking.py`` around the whole edit, this compare-and-swap is what
catches writers that do not take coprod's lock (an editor, a sync client).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .lang import N_, _

TMP_SUFFIX = ".coprod-tmp"
#: A temporary this old belongs to no running writer (a write takes well under a second).
STALE_AFTER = 15 * 60
#: Windows refuses to replace a file another process holds open (a reader, an
#: antivirus scan) for a moment: the rename is tried again for about 1.5 s.
_RETRY_REPLACE = os.name == "nt"
_REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)
# mkstemp's random part: 8 characters of this alphabet. Older versions ended in ".tmp".
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}(?:\.coprod-tmp|\.tmp)$")


class FileChanged(Exception):
    """The file no longer holds the bytes the edit was computed from; nothing was written."""


def is_temporary(name: str) -> bool:
    """Whether a file name is one of coprod's temporaries (never data)."""
    return _TEMP_NAME.match(name) is not None


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER, target: str | None = None) -> int:
    """Remove coprod's temporaries left in ``folder`` by an interrupted write;
    how many were removed. Only regular files with a temporary's name are
    touched; those of ``target`` go whatever their age (the caller holds its lock)."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if m is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            if m.group("name") != target and now - info.st_mtime < older_than:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed


def atomic_write_text(path: Path, text: str, newline: str = "\n", durable: bool = True) -> None:
    data = text.replace("\n", newline).encode("utf-8") if newline != "\n" else text.encode("utf-8")
    atomic_write_bytes(path, data, durable)


def _write_temp(folder: Path, name: str, data: bytes, mode: int, durable: bool = True, owner: os.stat_result | None = None) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if owner is not None:
            _keep_owner(tmp, owner)
        os.chmod(tmp, mode)  # after chown, which may clear some bits
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group (root can; a member of the group can keep the group)."""
    chown = getattr(os, "chown", None)
    if chown is None:  # Windows: files have no POSIX owner to keep
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        chown(tmp, old.st_uid, old.st_gid)
    except OSError:
        try:
            chown(tmp, -1, old.st_gid)
        except OSError:
            pass


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def _holds(path: Path, expected: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(expected) + 1) == expected
    except OSError:
        return False


def _replace(tmp: str, path: Path) -> None:
    for delay in (*_REPLACE_DELAYS, None):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if not _RETRY_REPLACE or delay is None:
                raise
            time.sleep(delay)


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True, expected: bytes | None = None) -> None:
    """Replace (or create) ``path`` with ``data`` in one rename.

    Why the caller passes a resolved path: renaming onto a symbolic link would
    replace the link itself instead of the file it points to. ``durable=False``
    skips the fsync, for output that can be regenerated (reports): the rename
    still means no reader ever sees half a file. ``expected``: the bytes the
    caller read (and holds the lock of): FileChanged if the file no longer
    holds them; this caller's own stale temporaries are removed first.
    """
    path = Path(path)
    try:
        old: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISLNK(old.st_mode):
        old = None  # a link is replaced, not written through: nothing of its target is copied
    mode = old.st_mode & 0o7777 if old is not None else _default_mode()
    if expected is not None:
        remove_stale_temporaries(path.parent, target=path.name)
    tmp = _write_temp(path.parent, path.name, data, mode, durable, old)
    try:
        if expected is not None and not _holds(path, expected):
            raise FileChanged(str(path))
        _replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def atomic_create_bytes(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; never overwrite: FileExistsError if it exists.

    Why a hard link: ``os.replace`` would silently overwrite a file created
    between our check and the rename; ``os.link`` fails instead, atomically.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise FileExistsError(str(path))
    tmp = _write_temp(path.parent, path.name, data, _default_mode())
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # File systems without hard links: exclusive create, then copy.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _default_mode())
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    finally:
        _unlink(tmp)


# --- Spanish for what the system says -------------------------------------------------------

_OS_ERRORS_ES = {
    errno.ENOSPC: N_("el disco está lleno: libere espacio"),
    errno.EROFS: N_("el disco o la carpeta es de solo lectura"),
    errno.ENOENT: N_("la carpeta no existe (¿se borró o se movió mientras tanto?)"),
    errno.ENOTDIR: N_("una parte de la ruta es un archivo y no una carpeta"),
    errno.EISDIR: N_("se esperaba un archivo y hay una carpeta"),
    errno.EEXIST: N_("ya existe"),
    errno.ENOTEMPTY: N_("la carpeta ya existe y no está vacía"),
    errno.ENAMETOOLONG: N_("el nombre es demasiado largo"),
    errno.EIO: N_("error de lectura o escritura del disco (revise el disco o la memoria USB)"),
    errno.EMFILE: N_("hay demasiados archivos abiertos"),
    errno.ELOOP: N_("enlace simbólico circular"),
    errno.EFBIG: N_("el archivo es demasiado grande para este disco"),
}
for _name, _text in (("EDQUOT", N_("se agotó la cuota de disco de su usuario: libere espacio")), ("ETXTBSY", N_("el archivo está en uso"))):
    if hasattr(errno, _name):
        _OS_ERRORS_ES[getattr(errno, _name)] = _text


def os_error_es(exc: OSError, writing: bool = True) -> str:
    """What went wrong, in Spanish (the system's own text is often English)."""
    known = _OS_ERRORS_ES.get(exc.errno or 0)
    text = _(known) if known is not None else None
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        text = _("no hay permiso para escribir ahí") if writing else _("no hay permiso para leer o escribir ahí")
    if text is None:
        name = errno.errorcode.get(exc.errno or 0)
        text = _("error del sistema {name}").format(name=name) if name else _("error del sistema sin código conocido")
    return text


def shown_path(filename: object) -> str:
    """The path an OSError names, as the user knows it: a temporary's target folder, not its random name."""
    name = os.fsdecode(filename) if isinstance(filename, (str, bytes, os.PathLike)) else str(filename)
    path = Path(name)
    return str(path.parent) if is_temporary(path.name) else name
