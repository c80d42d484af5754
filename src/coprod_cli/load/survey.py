"""What a canton's repository holds, listed without reading a file.

The layout (the files coprod reads, by kind), the folder that is the
repository's root, and what is wrong with the layout itself: a missing actor
map, a link leading out, a data file in the wrong place (CP008, CP010). Read
from a folder on disk (``FolderView``) or from a git revision in memory
(``load/snapshot.py``), judged by the same rules. ``repository`` then reads,
parses and validates what ``survey`` lists.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from .. import codes
from ..lang import _
from ..model.models import Acuerdo, Canton, MapaActores, PlanAnual, Sesion
from ..problems import Problem

MANIFEST = "canton.yaml"
ACTORS = "actores.yaml"
PLANS_DIR = "planes"
AGREEMENTS_DIR = "acuerdos"
SESSIONS_DIR = "sesiones"
#: The folders of data files, each with the kind of its files.
DATA_DIRS = (PLANS_DIR, AGREEMENTS_DIR, SESSIONS_DIR)
YAML_SUFFIXES = (".yaml", ".yml")

class RepositoryNotFound(Exception):
    """The path is not inside a coprod repository (no canton.yaml)."""


#: A problem of the repository's layout (a missing file, a link leading out, a
#: misplaced file): the one problem type, on a whole file (line 1, column 1).
StructureProblem = Problem


def structure_problem(code: str, rel: str, message: str) -> Problem:
    return Problem(code, message, 1, 1, file=rel)


def find_root(path: Path) -> Path:
    """The repository root for a path: the nearest folder holding canton.yaml."""
    path = path.resolve()
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise RepositoryNotFound(str(path))


def inside(root: Path, path: Path) -> bool:
    """``path``, links resolved, is ``root`` or below it."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _is_yaml_name(name: str) -> bool:
    return Path(name).suffix in YAML_SUFFIXES and not name.startswith(".")


def _looks_like_yaml(name: str) -> bool:
    """A name the loader does not read but a person meant as data: ``x.YAML``, ``x.Yml``, or any YAML name."""
    return Path(name).suffix.lower() in YAML_SUFFIXES and not name.startswith(".")


#: Entries looked at below ``planes/`` or ``acuerdos/`` when searching for
#: files in the wrong place, and files reported. Why bounds: a pull request
#: can commit a tree of a million entries there; real subfolders hold a few.
STRAY_SCAN_MAX = 5000
STRAY_REPORT_MAX = 50


def strays(folder: str, children: Callable[[str], list[tuple[str, bool]] | None]) -> tuple[list[str], bool]:
    """Data files under ``folder`` (``planes``, ``acuerdos``, ``sesiones``) that the loader
    does not read: YAML files in its subfolders, at any depth, and names whose
    ``.yaml`` is not written in lower case. Hidden names (``.git``, coprod's
    temporaries) are skipped. ``children(rel)`` lists a folder as (name,
    is a real folder) pairs, or None when it cannot be listed.

    Returns the POSIX paths (sorted, at most STRAY_REPORT_MAX) and whether the
    search stopped early (more entries than STRAY_SCAN_MAX).
    """
    found: list[str] = []
    pending = [folder]
    seen = 0
    while pending:
        current = pending.pop(0)
        entries = children(current)
        if entries is None:
            continue
        for name, is_folder in sorted(entries):
            seen += 1
            if seen > STRAY_SCAN_MAX or len(found) >= STRAY_REPORT_MAX:
                return sorted(found), True
            if name.startswith("."):
                continue
            rel = f"{current}/{name}"
            if is_folder:
                pending.append(rel)
            elif _looks_like_yaml(name) and (current != folder or not _is_yaml_name(name)):
                found.append(rel)
    return sorted(found), False


def stray_message(rel: str) -> str:
    """Why a data file is not read, and how to fix it (rule CP010)."""
    parts = rel.split("/")
    folder, name = parts[0], parts[-1]
    stem, suffix = name.rsplit(".", 1)
    right = f"{stem}.{suffix.lower()}"
    if len(parts) == 2:
        return (
            _("«{name}» no se lee: coprod solo lee archivos que terminan en «.yaml» o «.yml», en minúsculas; cámbiele el nombre a «{folder}/{right}»").format(name=name, folder=folder, right=right)
        )
    what = {AGREEMENTS_DIR: _("un acuerdo"), SESSIONS_DIR: _("una sesión")}.get(folder, _("un plan anual"))
    return (
        _("el archivo está en una subcarpeta de «{folder}/» y coprod no lo lee (no se revisa ni cuenta en las "
            "cifras ni en los informes): coprod solo lee los archivos que están directamente en «{folder}/». Si "
            "es {what}, muévalo a «{folder}/{right}»; si no lo es, sáquelo de «{folder}/»").format(folder=folder, what=what, right=right)
    )


def _yaml_names(folder: Path) -> list[str]:
    """The YAML names in ``folder``, in the order pathlib sorts them (case-folded on Windows).

    Why names and ``scandir``: 10 000 agreements made ``Path`` objects and
    compared them, a third of an unchanged ``validate``."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as it:
        names = [e.name for e in it if _is_yaml_name(e.name)]
    return sorted(names, key=os.path.normcase)


def _yaml_files(folder: Path) -> list[Path]:
    return [folder / name for name in _yaml_names(folder)]


def contained_files(root: Path, name: str) -> list[Path] | None:
    """The YAML files of ``planes/`` or ``acuerdos/``; None when the folder is a
    link that leads out of the repository (its listing is never read)."""
    folder = root / name
    if (folder.is_symlink() or folder.is_dir()) and not inside(root, folder):
        return None
    return _yaml_files(folder)


def _contained_names(root: Path, name: str) -> list[str] | None:
    """``contained_files``, the names only."""
    folder = root / name
    if (folder.is_symlink() or folder.is_dir()) and not inside(root, folder):
        return None
    return _yaml_names(folder)


class View(Protocol):
    """What ``survey`` asks of a repository: a folder on disk (``FolderView``),
    or a git revision held in memory (``load/snapshot.py``), judged by the same rules."""

    root: Path

    def has_manifest(self) -> bool:
        """canton.yaml is there, as a file (or a link the loader will judge)."""

    def present(self, rel: str) -> bool:
        """Something, even a broken link, is at ``rel``."""

    def listing(self, name: str) -> list[str] | None:
        """The YAML names in folder ``name``, sorted; None when it is a link leading out."""

    def leaves(self, rel: str) -> bool:
        """``rel`` is a link leading out of the repository (never read)."""

    def children(self, rel: str) -> list[tuple[str, bool]] | None:
        """The names in folder ``rel``, each with whether it is a real folder
        (a link is never one: its target is not searched); None if not a folder."""


class FolderView:
    """The repository as a folder on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def has_manifest(self) -> bool:
        return (self.root / MANIFEST).is_file()

    def present(self, rel: str) -> bool:
        path = self.root / rel
        return path.exists() or path.is_symlink()

    def listing(self, name: str) -> list[str] | None:
        return _contained_names(self.root, name)

    def leaves(self, rel: str) -> bool:
        path = os.path.join(self.root, rel)
        return os.path.islink(path) and not inside(self.root, Path(path))

    def children(self, rel: str) -> list[tuple[str, bool]] | None:
        import os
        from itertools import islice

        path = self.root / rel
        if not inside(self.root, path):
            return None  # a link leading out (reported by CP008): never listed
        try:
            with os.scandir(path) as it:
                # Bounded: a folder of a million entries is never listed whole.
                return [(e.name, e.is_dir(follow_symlinks=False)) for e in islice(it, STRAY_SCAN_MAX + 1)]
        except OSError:
            return None


def unsafe_name(rel: str) -> bool:
    """A path with control characters, line breaks, tabs or bidirectional marks in its name."""
    from ..render.safe import has_control

    return has_control(rel) or "\n" in rel or "\t" in rel


def shown_name(rel: str) -> str:
    """The name as printable text (each control character as an escape)."""
    from ..render.safe import escape_controls

    return escape_controls(rel)


Item = tuple[Path, str, str, type[BaseModel]]  # path, POSIX path from the root, kind, model


@dataclass
class Layout:
    """What the loader will read (each file with its kind and model), and what
    is wrong with the layout itself (a missing actor map, a link leading out)."""

    root: Path
    items: list[Item]
    structure: list[StructureProblem] = field(default_factory=list)


def survey(root: Path, view: View | None = None) -> Layout:
    """The repository's files, listed without reading any of them: from the
    folder ``root`` on disk, or from ``view`` (a git revision in memory)."""
    if view is None:
        view = FolderView(root.resolve())
    root = view.root
    if not view.has_manifest():
        raise RepositoryNotFound(str(root))
    structure: list[StructureProblem] = []
    wanted: list[tuple[str, str, type[BaseModel]]] = [(MANIFEST, "canton", Canton)]
    if view.present(ACTORS):
        wanted.append((ACTORS, "actores", MapaActores))
    else:
        structure.append(structure_problem(codes.CP008, MANIFEST, _("falta el mapa de actores «{ACTORS}» junto a «{MANIFEST}»").format(ACTORS=ACTORS, MANIFEST=MANIFEST)))
    for folder, kind, model_type in ((PLANS_DIR, "plan", PlanAnual), (AGREEMENTS_DIR, "acuerdo", Acuerdo), (SESSIONS_DIR, "sesion", Sesion)):
        names = view.listing(folder)
        if names is None:
            structure.append(structure_problem(codes.CP008, folder, _("la carpeta «{folder}» es un enlace simbólico que apunta fuera del repositorio: no se lee").format(folder=folder)))
            continue
        wanted += [(f"{folder}/{name}", kind, model_type) for name in names]
        # Why: a file the loader skips silently (an agreement in acuerdos/2015/)
        # is missing from every figure and report while the person believes it counts.
        misplaced, cut = strays(folder, view.children)
        for rel in misplaced:
            structure.append(structure_problem(codes.CP010, shown_name(rel), stray_message(shown_name(rel))))
        if cut:
            structure.append(
                structure_problem(
                    codes.CP010,
                    folder,
                    _("«{folder}/» tiene más subcarpetas y archivos de los que coprod revisa ({STRAY_SCAN_MAX} entradas o "
                        "{STRAY_REPORT_MAX} archivos fuera de lugar): puede haber más archivos que no se leen. Deje en "
                        "«{folder}/» solo sus archivos YAML, sin subcarpetas").format(folder=folder, STRAY_SCAN_MAX=STRAY_SCAN_MAX, STRAY_REPORT_MAX=STRAY_REPORT_MAX),
                )
            )

    items: list[Item] = []
    for rel, kind, model in wanted:
        if view.leaves(rel):
            # Why: a pull request could add a link to a CI secret; never read it.
            structure.append(structure_problem(codes.CP008, rel, _("enlace simbólico que apunta fuera del repositorio: no se lee")))
            continue
        if unsafe_name(rel):
            # Why: a name is printed in terminals and CI logs; an escape sequence in it would be obeyed.
            structure.append(structure_problem(codes.CP008, shown_name(rel), _("el nombre del archivo tiene caracteres de control: no se lee")))
            continue
        items.append((root / rel, rel, kind, model))
    return Layout(root, items, structure)


def is_layout_file(rel: str) -> bool:
    """Whether a path relative to a canton repository is one of the files coprod
    reads, or a data file in the wrong place under ``planes/`` or ``acuerdos/``
    (CP010: a change to it must be reported too)."""
    if rel in (MANIFEST, ACTORS):
        return True
    parts = rel.split("/")
    return (
        len(parts) >= 2
        and parts[0] in DATA_DIRS
        and not any(p.startswith(".") for p in parts[1:])
        and _looks_like_yaml(parts[-1])
    )
