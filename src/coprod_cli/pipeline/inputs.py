"""The paths a run starts from: checked, turned into repositories, and the
folders a run may write into. Every refusal is a CoprodError in Spanish."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _

#: Folders of an agreements repository that reports must never be written into.
SOURCE_FOLDERS = ("acuerdos", "planes", "sesiones", "templates", "schemas", ".git")


def check_path(path: Path, what: str | None = None) -> Path:
    """A path from the command line; refused when it carries control characters.

    Why: it is echoed in messages and CI logs, and a name with an escape
    sequence or a line break is never a real folder of agreements.
    """
    from ..load.repository import shown_name, unsafe_name

    if unsafe_name(str(path)):
        raise CoprodError(_("{what} «{name}» tiene caracteres de control: no se usa").format(what=what or _("la ruta"), name=shown_name(str(path))))
    return path


def load_one(path: Path, load: Any = None) -> Any:
    """The repository holding ``path``, loaded (by ``load(root)`` when given)."""
    from ..load.repository import RepositoryNotFound, find_root, load_repository

    check_path(path)
    if not path.exists():
        raise CoprodError(_("no existe la ruta «{path}»").format(path=path))
    try:
        return (load or load_repository)(find_root(path))
    except RepositoryNotFound:
        raise CoprodError(_("«{path}» no está dentro de un repositorio de acuerdos (falta «canton.yaml»)").format(path=path)) from None


def roots_of(targets: list[Path]) -> dict[Path, set[Path] | None]:
    """Each repository the paths are in, with the files named in it (None: the whole repository)."""
    from ..edit.paths import NOT_A_REPOSITORY
    from ..load.repository import RepositoryNotFound, find_root

    by_root: dict[Path, set[Path] | None] = {}
    for p in targets:
        check_path(p)
        if not p.exists() and not p.is_symlink():
            raise CoprodError(_("no existe la ruta «{p}»").format(p=p))
        try:
            root = find_root(p)
        except RepositoryNotFound:
            raise CoprodError(_(NOT_A_REPOSITORY).format(path=p)) from None
        if p.is_dir() and p.resolve() == root:
            by_root[root] = None  # the whole repository
        elif by_root.get(root, set()) is not None:
            by_root.setdefault(root, set()).add(p.absolute())  # type: ignore[union-attr]
    return by_root


def rel_to(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix() if not path.is_symlink() else path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def report_folder(out: Path, root: Path) -> Path:
    """``--out`` made absolute by name (no link followed), checked against the repository.

    Refused: a symbolic link inside the repository anywhere on the way (a
    committed ``informes -> ../victim`` would send the reports outside), the
    repository itself, its source folders (also through a link from outside).
    A folder outside the repository that the user typed is theirs to choose.
    """
    check_path(out, _("la carpeta de «--out»"))
    _no_link_on_the_way(out, root)
    if out.exists() and not out.is_dir():
        raise CoprodError(_("«{out}» existe y no es una carpeta").format(out=out))
    target = out.resolve()
    if target == root:
        raise CoprodError(
            _("«--out {out}» es la carpeta del repositorio de acuerdos; escriba los informes en una carpeta aparte (por ejemplo «--out informes»)").format(out=out)
        )
    for name in SOURCE_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            raise CoprodError(_("«--out {out}» está dentro de «{name}/» del repositorio; los informes van en una carpeta aparte (por ejemplo «informes»)").format(out=out, name=name))
    return Path(os.path.abspath(out))


def _no_link_on_the_way(out: Path, root: Path) -> None:
    from ..links import link_inside
    from ..load.repository import shown_name

    link = link_inside(out, root)
    if link is None:
        return
    try:
        shown = link.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        shown = str(link)
    raise CoprodError(
        _(
                "«--out {out}» pasa por «{name}», un enlace simbólico dentro del repositorio: los informes nunca se escriben a "
                "través de un enlace (podría llevarlos fuera del repositorio). Borre el enlace o elija otra carpeta."
            ).format(out=out, name=shown_name(shown))
    )


def no_link_in_repository(out: Path) -> None:
    """Refuse an output folder reached through a link inside the agreements repository that holds it."""
    from ..links import lexical_root, link_inside
    from ..load.repository import shown_name

    root = lexical_root(out)
    link = link_inside(out, root) if root is not None else None
    if link is not None:
        raise CoprodError(
            _(
                    "«--out {out}» pasa por «{name}», un enlace simbólico dentro del repositorio: nunca se escribe a través de un "
                    "enlace (podría llevar los archivos fuera del repositorio). Borre el enlace o elija otra carpeta."
                ).format(out=out, name=shown_name(str(link)))
        )
