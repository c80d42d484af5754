"""Atomic writes: a temporary file in the same folder, then a rename, so a
reader never sees a half-written file and an interrupted write loses nothing.

An existing file keeps its permission bits; a new file gets the ones the
user's umask gives (``mkstemp`` alone would leave it readable only by its owner).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_text(path: Path, text: str, newline: str = "\n", durable: bool = True) -> None:
    data = text.replace("\n", newline).encode("utf-8") if newline != "\n" else text.encode("utf-8")
    atomic_write_bytes(path, data, durable)


def _write_temp(folder: Path, name: str, data: bytes, mode: int, durable: bool = True) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace (or create) ``path`` with ``data`` in one rename.

    Why the caller passes a resolved path: renaming onto a symbolic link would
    replace the link itself instead of the file it points to. ``durable=False``
    skips the fsync, for output that can be regenerated (reports): the rename
    still means no reader ever sees half a file.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = _default_mode()
    tmp = _write_temp(path.parent, path.name, data, mode, durable)
    try:
        os.replace(tmp, path)
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
