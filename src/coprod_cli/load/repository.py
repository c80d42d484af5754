"""Find and load a canton's agreements repository.

Layout (a folder, usually a git repository)::

    canton.yaml          manifest: canton, council, strategy, territories
    actores.yaml         actor map
    planes/2015.yaml     one annual plan per year
    acuerdos/<id>.yaml   one file per agreement

Files are read, parsed and validated against their model here; a file that
cannot be read or does not fit its model is kept with its problems, so the
rest of the repository is still checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Optional, TypeVar

from pydantic import BaseModel

from ..model.models import Acuerdo, Canton, MapaActores, PlanAnual
from ..model.validate import SchemaProblem, validate_tree
from .yamlsource import LoadProblem, SourceFile, read_source

MANIFEST = "canton.yaml"
ACTORS = "actores.yaml"
PLANS_DIR = "planes"
AGREEMENTS_DIR = "acuerdos"
YAML_SUFFIXES = (".yaml", ".yml")

M = TypeVar("M", bound=BaseModel)


class RepositoryNotFound(Exception):
    """The path is not inside a coprod repository (no canton.yaml)."""


@dataclass
class Document(Generic[M]):
    source: SourceFile
    kind: str
    model: Optional[M] = None
    schema_problems: list[SchemaProblem] = field(default_factory=list)

    @property
    def rel(self) -> str:
        return self.source.rel


@dataclass
class StructureProblem:
    code: str
    rel: str
    message: str


@dataclass
class Repository:
    root: Path
    canton: Optional[Document[Canton]] = None
    actores: Optional[Document[MapaActores]] = None
    planes: list[Document[PlanAnual]] = field(default_factory=list)
    acuerdos: list[Document[Acuerdo]] = field(default_factory=list)
    structure: list[StructureProblem] = field(default_factory=list)

    @property
    def documents(self) -> list[Document[Any]]:
        docs: list[Document[Any]] = []
        if self.canton:
            docs.append(self.canton)
        if self.actores:
            docs.append(self.actores)
        return docs + self.planes + self.acuerdos

    # Convenience views over the valid models (rules and figures use these).
    @property
    def manifest(self) -> Optional[Canton]:
        return self.canton.model if self.canton else None

    @property
    def actor_map(self) -> Optional[MapaActores]:
        return self.actores.model if self.actores else None

    def valid_agreements(self) -> list[tuple[Document[Acuerdo], Acuerdo]]:
        return [(d, d.model) for d in self.acuerdos if d.model is not None]

    def valid_plans(self) -> list[tuple[Document[PlanAnual], PlanAnual]]:
        return [(d, d.model) for d in self.planes if d.model is not None]


def find_root(path: Path) -> Path:
    """The repository root for a path: the nearest folder holding canton.yaml."""
    path = path.resolve()
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / MANIFEST).is_file():
            return folder
    raise RepositoryNotFound(str(path))


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith("."))


def _load(root: Path, path: Path, kind: str, model: type[M], repo: Repository) -> Optional[Document[M]]:
    rel = path.relative_to(root).as_posix()
    if path.is_symlink() and not _inside(root, path):
        # Why: a pull request could add a link to a CI secret; never read it.
        repo.structure.append(
            StructureProblem("CP008", rel, "enlace simbólico que apunta fuera del repositorio: no se lee")
        )
        return None
    source = read_source(path, rel)
    doc: Document[M] = Document(source=source, kind=kind)
    if source.data is not None:
        doc.model, doc.schema_problems = validate_tree(model, source.data)  # type: ignore[assignment]
    return doc


def load_repository(root: Path) -> Repository:
    root = root.resolve()
    if not (root / MANIFEST).is_file():
        raise RepositoryNotFound(str(root))
    repo = Repository(root=root)
    repo.canton = _load(root, root / MANIFEST, "canton", Canton, repo)
    actors_path = root / ACTORS
    if actors_path.exists() or actors_path.is_symlink():
        repo.actores = _load(root, actors_path, "actores", MapaActores, repo)
    else:
        repo.structure.append(
            StructureProblem("CP008", MANIFEST, f"falta el mapa de actores «{ACTORS}» junto a «{MANIFEST}»")
        )
    for path in _yaml_files(root / PLANS_DIR):
        doc = _load(root, path, "plan", PlanAnual, repo)
        if doc:
            repo.planes.append(doc)
    for path in _yaml_files(root / AGREEMENTS_DIR):
        doc = _load(root, path, "acuerdo", Acuerdo, repo)
        if doc:
            repo.acuerdos.append(doc)
    return repo


def load_problems(doc: Document[Any]) -> list[LoadProblem]:
    return doc.source.problems


def is_layout_file(rel: str) -> bool:
    """Whether a path relative to a canton repository is one of the files coprod reads."""
    if rel in (MANIFEST, ACTORS):
        return True
    parts = rel.split("/")
    return (
        len(parts) == 2
        and parts[0] in (PLANS_DIR, AGREEMENTS_DIR)
        and not parts[1].startswith(".")
        and parts[1].endswith(YAML_SUFFIXES)
    )
