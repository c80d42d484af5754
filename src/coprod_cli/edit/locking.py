"""One writer at a time for each file of a repository, on every system.

Every read-modify-write of a repository file (`progress set`, `progress
unset`, `monitoring set`, `new actor`) and every creation that picks the next free name (`new
agreement`, `new plan`, `init` in an existing folder) holds an exclusive lock
from the moment it reads until its rename; the write itself is a
compare-and-swap (``fsutil.atomic_write_bytes(expected=…)``), so a program
that does not take the lock (an editor, a sync client) cannot have its change
overwritten either: the edit stops with ``EditConflict`` (exit 1) instead.

Why ``filelock``: the same code locks with ``LockFileEx`` on Windows (where
most secretaries work) and ``flock`` on Linux and macOS, and falls back to
an exclusive-create lock file where neither exists. A system lock is
released with its process, so a ``kill -9`` never leaves the repository
locked (the rare fallback's file may stay: the timeout message says which
file to delete; filelock 4 also removes it when its process is gone).

Where the lock files live: ``.coprod-cache/locks/`` at the repository root,
one per file (``acuerdos__imas-ina.yaml.lock``). Why there: the folder
carries its own ``.gitignore`` (``*``), so ``git add -A`` never commits a
lock, in any repository, whatever its own ``.gitignore`` says; the loader
never looks into it (it lists only ``canton.yaml``, ``actores.yaml``,
``planes/`` and ``acuerdos/``); and it sits on the same disk as the data,
shared by every user and process that edits this copy. Both folders are
created as real folders and never followed through a link: a committed
``.coprod-cache`` link (from a pull request) makes the edit stop with a
message instead of creating files where the link points. A read-only
repository cannot be locked: the edit stops before reading, with the reason.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CoprodError, EditConflict
from ..fsutil import FileChanged, atomic_write_bytes, os_error_es
from ..lang import _

CACHE_DIR = ".coprod-cache"
LOCKS_DIR = "locks"
#: Seconds to wait for another coprod that is editing the same file.
LOCK_TIMEOUT = 30.0
CACHE_IGNORE = "# Creado por coprod: la caché y los bloqueos no se versionan.\n*\n"


def lock_name(key: str) -> str:
    """``acuerdos/imas-ina.yaml`` → ``acuerdos__imas-ina.yaml.lock``.

    Lower case: on Windows and macOS ``IMAS.yaml`` and ``imas.yaml`` are one file."""
    safe = re.sub(r"[^a-z0-9._-]+", "_", key.lower().replace("/", "__")).strip("._")
    return (safe or "repositorio")[:120] + ".lock"


def key_for(root: Path, path: Path) -> str:
    """The lock key of a file or folder of the repository: its real path, relative to the root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.name


def _real_folder(folder: Path, shown: str) -> None:
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise CoprodError(
            _("«{shown}» debería ser la carpeta de trabajo de coprod y es un enlace o un archivo: bórrelo (coprod lo vuelve a crear) y repita la orden. No se cambió nada.").format(shown=shown)
        )


def locks_folder(root: Path) -> Path:
    """``.coprod-cache/locks`` under ``root``, created (with the ``.gitignore``) as real folders."""
    cache = root / CACHE_DIR
    folder = cache / LOCKS_DIR
    try:
        _real_folder(cache, CACHE_DIR)
        ignore = cache / ".gitignore"
        if not os.path.lexists(ignore):
            try:
                fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(CACHE_IGNORE)
            except FileExistsError:
                pass
        _real_folder(folder, f"{CACHE_DIR}/{LOCKS_DIR}")
    except OSError as exc:
        raise CoprodError(
            _("no se puede escribir en el repositorio «{root}» ({reason}); no se cambió nada").format(root=root, reason=os_error_es(exc))
        ) from None
    return folder


def _filelock() -> object:
    with warnings.catch_warnings():
        # Where fcntl is missing filelock warns (in English) that it uses its fallback: that is expected.
        warnings.simplefilter("ignore")
        import filelock

    return filelock


@contextmanager
def repository_lock(root: Path, key: str, shown: str, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of ``key`` (a path relative to ``root``) in this block."""
    filelock = _filelock()
    folder = locks_folder(root)
    name = lock_name(key)
    path = folder / name
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isfile(path)):
        # Never ours: a lock file is a plain file. Older filelock versions open it truncating, through links.
        try:
            os.unlink(path)
        except OSError:
            pass
    wait = LOCK_TIMEOUT if timeout is None else timeout
    lock = filelock.FileLock(str(path), timeout=wait)  # type: ignore[attr-defined]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lock.acquire()
    except filelock.Timeout:  # type: ignore[attr-defined]
        raise EditConflict(
            _(
                    "otra orden de coprod está cambiando «{shown}» desde hace más de {wait:.0f} s; no se cambió nada. Espere a que "
                    "termine y vuelva a intentarlo (si no hay ninguna en marcha, borre «{cache_dir}/{locks_dir}/{name}»)."
                ).format(shown=shown, wait=wait, cache_dir=CACHE_DIR, locks_dir=LOCKS_DIR, name=name)
        ) from None
    except OSError as exc:
        raise CoprodError(
            _(
                    "no se pudo reservar «{shown}» para editarlo ({reason} en «{cache_dir}/{locks_dir}/»); no se cambió nada"
                ).format(shown=shown, reason=os_error_es(exc), cache_dir=CACHE_DIR, locks_dir=LOCKS_DIR)
        ) from None
    try:
        yield
    finally:
        try:
            lock.release()
        except OSError:
            pass  # the process ends soon; the system releases the lock with it


def refuse_read_only(path: Path, shown: str) -> None:
    """A file marked read-only is never replaced.

    Why a check of our own: the write is a rename, which the folder's
    permission allows even when the file's forbids it (and root may write anything)."""
    try:
        info = os.stat(path)
    except OSError:
        return
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise CoprodError(
            _(
                    "«{shown}» es de solo lectura: coprod no lo cambia. Si debe cambiarlo, quítele esa protección (en Windows: "
                    "clic derecho → Propiedades → desmarque «Solo lectura»; en Linux o macOS: chmod u+w «{shown}») y repita la "
                    "orden. No se cambió nada."
                ).format(shown=shown)
        )


def write_back(path: Path, shown: str, data: bytes, read: bytes) -> None:
    """Replace ``path`` with ``data`` if it still holds ``read`` (call with its lock held)."""
    try:
        atomic_write_bytes(path, data, expected=read)
    except FileChanged:
        raise EditConflict(
            _("«{shown}» cambió mientras coprod lo editaba (otro programa lo guardó); no se cambió nada. Revise el archivo y repita la orden.").format(shown=shown)
        ) from None
    except OSError as exc:
        raise CoprodError(_("no se pudo escribir «{shown}» ({reason}); el archivo quedó como estaba").format(shown=shown, reason=os_error_es(exc))) from None


__all__ = ["repository_lock", "refuse_read_only", "write_back", "key_for", "lock_name", "locks_folder", "LOCK_TIMEOUT"]
