"""Many cantons at once: which canton repositories the paths on the command line name.

A path is a canton (a folder with ``canton.yaml``, or a folder inside one: the
nearest such folder, as every one-canton command finds it) or a folder of
cantons (its immediate subfolders with ``canton.yaml``). What is not a canton
is listed with the reason (``CantonSet.skipped``), never silently dropped.
No link is followed into a subfolder: a folder of cantons gathered from many
hands may hold a link to anywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .inputs import check_path

#: At most this many cantons in one run (Latin America has about 16,000 municipalities).
MAX_CANTONS = 20_000


@dataclass(frozen=True)
class CantonSet:
    #: The canton repositories' roots (resolved), each once, in the order found.
    roots: tuple[Path, ...]
    #: (the path as shown, the Spanish reason) for each folder that is not a canton.
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def national(self) -> bool:
        """More than one canton, or a folder of cantons: the run is a roll-up."""
        return len(self.roots) != 1 or bool(self.skipped)


def _manifest_of(folder: Path) -> bool:
    from ..load.survey import MANIFEST

    return (folder / MANIFEST).is_file() and not (folder / MANIFEST).is_symlink()


def holds_cantons(path: Path) -> bool:
    """``path`` is a folder of cantons: not a canton itself, and one of its subfolders is one.

    Why before looking upwards: a folder of cantons kept inside a canton's
    repository would otherwise be read as that enclosing canton, in silence."""
    from ..load.survey import MANIFEST

    try:
        if not path.is_dir() or (path / MANIFEST).exists():
            return False
        return any(not e.name.startswith(".") and e.is_dir() and not e.is_symlink() and _manifest_of(e) for e in path.iterdir())
    except OSError:
        return False


def _subfolders(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The cantons directly under ``folder``, and what else is there (hidden names ignored)."""
    from ..load.repository import shown_name

    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        from ..fsutil import os_error_es

        raise CoprodError(_("no se pudo leer la carpeta «{folder}» ({reason})").format(folder=folder, reason=os_error_es(exc))) from None
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        shown = shown_name(str(entry))
        if entry.is_symlink():
            skipped.append((shown, _("es un enlace simbólico: no se sigue (copie la carpeta del cantón en su lugar)")))
        elif _manifest_of(entry):
            found.append(entry.resolve())
        else:
            skipped.append((shown, _("no tiene «canton.yaml»: no es un repositorio de acuerdos")))
    return found, skipped


def find_cantons(paths: Sequence[Path]) -> CantonSet:
    """The cantons the paths name (see the module's docstring); a CoprodError when there is none."""
    from ..load.repository import RepositoryNotFound, find_root

    roots: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        check_path(path)
        if not path.exists():
            raise CoprodError(_("no existe la ruta «{path}»").format(path=path))
        try:
            if not holds_cantons(path):
                roots.append(find_root(path))
                continue
        except RepositoryNotFound:
            pass
        if not path.is_dir():
            raise CoprodError(_("«{path}» no es un repositorio de acuerdos (falta «canton.yaml») ni una carpeta de cantones").format(path=path))
        found, other = _subfolders(path)
        if not found:
            raise CoprodError(
                _("«{path}» no es un repositorio de acuerdos (falta «canton.yaml») ni una carpeta de cantones (ninguna de sus subcarpetas tiene «canton.yaml»)").format(path=path)
            )
        roots.extend(found)
        skipped.extend(other)
    unique = tuple(dict.fromkeys(roots))
    if len(unique) > MAX_CANTONS:
        raise CoprodError(_("{n} cantones: coprod lee como máximo {max_cantons} en una corrida").format(n=len(unique), max_cantons=MAX_CANTONS))
    return CantonSet(unique, tuple(skipped))


def slug(*parts: str | None) -> str:
    """Lower case ASCII words of the parts joined by «-» (``CR``, ``San José``, ``Desamparados`` → ``cr-san-jose-desamparados``)."""
    plain = unicodedata.normalize("NFKD", " ".join(p for p in parts if p)).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def canton_id(manifest: Any, folder: str) -> str:
    """The canton's key (see the module's docstring)."""
    if manifest is not None and manifest.canton:
        return slug(manifest.pais, manifest.provincia, manifest.canton) or slug(folder) or "canton"
    return slug(folder) or "canton"


def unique_id(ident: str, seen: set[str]) -> str:
    """``ident``, or ``ident-2``, ``ident-3``… the first not in ``seen`` (added to it): a row of its own."""
    n, candidate = 1, ident
    while candidate in seen:
        n += 1
        candidate = f"{ident}-{n}"
    seen.add(candidate)
    return candidate
