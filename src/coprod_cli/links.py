"""Symbolic links (and Windows junctions) inside a repository, found without following them.

A pull request controls every name in the repository, links included. Where
coprod writes (report folders) or what it runs (report templates), a
component that is a link would send it somewhere the reviewer never saw: to
``../victim``, to ``.git/config``, to the actor map. These helpers look at
each component with ``lstat`` and never open or follow one.

Why junctions too: on Windows, a junction (a reparse point) redirects a
folder like a link, and ``stat.S_ISLNK`` does not report it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)


def lstat_or_none(path: Path) -> os.stat_result | None:
    """``os.lstat``, or None when nothing is there (or the name cannot be looked at:
    then nothing can be written below it either)."""
    try:
        return os.lstat(path)
    except (OSError, ValueError):
        return None


def is_link(info: os.stat_result) -> bool:
    """A symbolic link, or (Windows) any reparse point: a junction redirects like a link."""
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_file_attributes", 0) & _REPARSE_POINT)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def link_inside(path: Path, root: Path) -> Path | None:
    """The first component of ``path`` that is a link and lives inside the repository ``root``.

    ``path`` is made absolute lexically (``..`` removed by name, no link
    followed): the caller then writes to that same lexical path. A link
    *outside* the repository (a user's shortcut to it, ``/tmp`` on macOS) is
    the user's own and is allowed; components that do not exist yet are fine.
    """
    absolute = Path(os.path.abspath(path))
    real_root = root.resolve()
    current = Path(absolute.anchor)
    for part in absolute.parts[1:]:
        current = current / part
        info = lstat_or_none(current)
        if info is None:
            return None  # nothing below exists yet: mkdir creates real folders
        if is_link(info):
            try:
                where = current.parent.resolve()
            except (OSError, RuntimeError):
                return current
            if _inside(where, real_root):
                return current
    return None


def lexical_root(path: Path, marker: str = "canton.yaml") -> Path | None:
    """The nearest folder above ``path`` (lexically, links not followed) holding ``marker``."""
    absolute = Path(os.path.abspath(path))
    for folder in (absolute, *absolute.parents):
        info = lstat_or_none(folder / marker)
        if info is not None:
            return folder
    return None
