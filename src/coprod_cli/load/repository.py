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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from .. import codes
from ..gcutil import no_cyclic_gc
from ..model.models import Acuerdo, Canton, MapaActores, PlanAnual
from ..model.validate import SchemaProblem, validate_tree
from ..problems import Problem
from .fastyaml import FastProblem, NeedsExactParse, fast_load
from .guard import missing
from .yamlsource import LoadProblem, Raw, SourceFile, read_raw, read_text, text_source, to_plain

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
    model: M | None = None
    schema_problems: list[SchemaProblem] = field(default_factory=list)
    #: Set when the validation cache vouches for this (unchanged) file: its
    #: diagnostics come from the cache and ``model`` is not built.
    cached: bool = False
    cached_id: str | None = None

    @property
    def rel(self) -> str:
        return self.source.rel


#: A problem of the repository's layout (a missing file, a link leading out, a
#: misplaced file): the one problem type, on a whole file (line 1, column 1).
StructureProblem = Problem


def structure_problem(code: str, rel: str, message: str) -> Problem:
    return Problem(code, message, 1, 1, file=rel)


@dataclass
class Repository:
    root: Path
    canton: Document[Canton] | None = None
    actores: Document[MapaActores] | None = None
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
    def manifest(self) -> Canton | None:
        return self.canton.model if self.canton else None

    @property
    def actor_map(self) -> MapaActores | None:
        return self.actores.model if self.actores else None

    def valid_agreements(self) -> list[tuple[Document[Acuerdo], Acuerdo]]:
        return [(d, d.model) for d in self.acuerdos if d.model is not None]

    def valid_plans(self) -> list[tuple[Document[PlanAnual], PlanAnual]]:
        return [(d, d.model) for d in self.planes if d.model is not None]

    def agreement_ids(self) -> list[tuple[Document[Acuerdo], str]]:
        """Every agreement's id, from its model or from the validation cache."""
        out = []
        for d in self.acuerdos:
            if d.model is not None:
                out.append((d, d.model.id))
            elif d.cached and d.cached_id is not None:
                out.append((d, d.cached_id))
        return out


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
    """Data files under ``folder`` (``planes`` or ``acuerdos``) that the loader
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
            f"«{name}» no se lee: coprod solo lee archivos que terminan en «.yaml» o «.yml», en minúsculas; "
            f"cámbiele el nombre a «{folder}/{right}»"
        )
    what = "un acuerdo" if folder == AGREEMENTS_DIR else "un plan anual"
    return (
        f"el archivo está en una subcarpeta de «{folder}/» y coprod no lo lee (no se revisa ni cuenta en las cifras "
        f"ni en los informes): coprod solo lee los archivos que están directamente en «{folder}/». "
        f"Si es {what}, muévalo a «{folder}/{right}»; si no lo es, sáquelo de «{folder}/»"
    )


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _is_yaml_name(p.name))


def contained_files(root: Path, name: str) -> list[Path] | None:
    """The YAML files of ``planes/`` or ``acuerdos/``; None when the folder is a
    link that leads out of the repository (its listing is never read)."""
    folder = root / name
    if (folder.is_symlink() or folder.is_dir()) and not _inside(root, folder):
        return None
    return _yaml_files(folder)


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
        files = contained_files(self.root, name)
        return None if files is None else [p.name for p in files]

    def leaves(self, rel: str) -> bool:
        path = self.root / rel
        return path.is_symlink() and not _inside(self.root, path)

    def children(self, rel: str) -> list[tuple[str, bool]] | None:
        import os
        from itertools import islice

        path = self.root / rel
        if not _inside(self.root, path):
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


#: Below this many files, a second process costs more than it saves.
PARALLEL_MIN_FILES = 300


@dataclass
class _Read:
    """What the first, parallel stage knows of a file."""

    text: str | None
    problems: list[LoadProblem]
    data: Any  # plain values, or None when the file could not be read
    fast: bool  # read by libyaml (positions from its nodes) rather than ruamel


def _read(path: Path, rel: str, fast: bool, raw: Raw | None = None) -> _Read:
    source = read_text(path, rel) if raw is None else text_source(path, rel, raw)
    if source.problems:
        return _Read(source.text, source.problems, None, False)
    if fast:
        try:
            return _Read(source.text, [], fast_load(source.text), True)
        except FastProblem as exc:
            return _Read(source.text, [exc.problem], None, False)
        except NeedsExactParse:
            pass
    # The exact path, here too, so that it runs on every core: ruamel reports
    # what libyaml would not (anchors, tags, syntax errors, several repeated keys).
    tree = source.data
    return _Read(source.text, source.problems, to_plain(tree) if tree is not None else None, False)


def _read_chunk(chunk: list[tuple[str, str, Raw | None]], fast: bool) -> list[_Read]:
    with no_cyclic_gc():
        return [_read(Path(p), rel, fast, raw) for p, rel, raw in chunk]


ProgressFn = Callable[[int, int], None]


def _read_all(items: list[tuple[Path, str, Raw | None]], fast: bool, workers: int, on_progress: ProgressFn | None = None) -> list[_Read]:
    """Parse each file: from the bytes given with it, or read from disk (in the worker) when none are."""
    total = len(items)
    if workers <= 1 or total < PARALLEL_MIN_FILES:
        out: list[_Read] = []
        for i, (p, rel, raw) in enumerate(items, 1):
            out.append(_read(p, rel, fast, raw))
            if on_progress and (i % 100 == 0 or i == total):
                on_progress(i, total)
        return out
    from ..parallel import map_chunks

    # Why: parsing is CPU-bound and the GIL holds it to one core; plain values
    # pickle cheaply back (pydantic models would not), so the parent validates.
    # Where the system cannot fork (Windows), map_chunks reads them here, one by one.
    size = -(-total // (workers * 8))
    chunks = [[(str(p), rel, raw) for p, rel, raw in items[i : i + size]] for i in range(0, total, size)]
    out = []
    for part in map_chunks(_read_chunk, chunks, workers, fast):
        out.extend(part)
        if on_progress:
            on_progress(len(out), total)
    return out


def _document(path: Path, rel: str, kind: str, model: type[M], read: _Read) -> Document[M]:
    source = SourceFile(path=path, rel=rel, text=read.text or "", problems=list(read.problems))
    doc: Document[M] = Document(source=source, kind=kind)
    if source.problems or read.data is None:
        source._parsed = True  # what went wrong is already in problems
        return doc
    # Why the fast flag: libyaml read this file (~15x faster than ruamel's
    # round-trip parser) and gave the same values; positions then come from
    # libyaml's nodes, only when a problem needs one. Files ruamel read get
    # their positions from ruamel, parsed again only if a problem needs one.
    # tests/test_fastpath.py compares both paths.
    source.fast = read.fast
    doc.model, doc.schema_problems = validate_tree(model, read.data)  # type: ignore[assignment]
    return doc


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
        structure.append(structure_problem(codes.CP008, MANIFEST, f"falta el mapa de actores «{ACTORS}» junto a «{MANIFEST}»"))
    for folder, kind, model in ((PLANS_DIR, "plan", PlanAnual), (AGREEMENTS_DIR, "acuerdo", Acuerdo)):
        names = view.listing(folder)
        if names is None:
            structure.append(structure_problem(codes.CP008, folder, f"la carpeta «{folder}» es un enlace simbólico que apunta fuera del repositorio: no se lee"))
            continue
        wanted += [(f"{folder}/{name}", kind, model) for name in names]
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
                    f"«{folder}/» tiene más subcarpetas y archivos de los que coprod revisa ({STRAY_SCAN_MAX} entradas o "
                    f"{STRAY_REPORT_MAX} archivos fuera de lugar): puede haber más archivos que no se leen. "
                    f"Deje en «{folder}/» solo sus archivos YAML, sin subcarpetas",
                )
            )

    items: list[Item] = []
    for rel, kind, model in wanted:
        if view.leaves(rel):
            # Why: a pull request could add a link to a CI secret; never read it.
            structure.append(structure_problem(codes.CP008, rel, "enlace simbólico que apunta fuera del repositorio: no se lee"))
            continue
        if unsafe_name(rel):
            # Why: a name is printed in terminals and CI logs; an escape sequence in it would be obeyed.
            structure.append(structure_problem(codes.CP008, shown_name(rel), "el nombre del archivo tiene caracteres de control: no se lee"))
            continue
        items.append((root / rel, rel, kind, model))
    return Layout(root, items, structure)


def read_layout(layout: Layout) -> dict[str, Raw]:
    """Each file's bytes (a link inside the repository followed), read once and
    bounded: what the validation cache hashes and the loader then parses."""
    return {rel: read_raw(path) for path, rel, _, _ in layout.items}


def load_repository(
    root: Path,
    fast: bool = True,
    workers: int | None = None,
    reuse: dict[str, tuple[str, str | None]] | None = None,
    on_progress: ProgressFn | None = None,
    layout: Layout | None = None,
    contents: dict[str, Raw] | None = None,
) -> Repository:
    """Load every file of the repository.

    ``fast=False`` reads every file with ruamel (the exact path); the default
    reads with libyaml first and falls back to ruamel file by file.
    ``workers`` processes parse in parallel on large repositories (default:
    the machine's cores). ``reuse`` maps agreement files the validation cache
    vouches for to their (text, id): they are not parsed (see check/cache.py).
    ``layout`` and ``contents`` (by POSIX path from the root) are the files
    and their bytes when the caller already has them: the validation cache,
    which parses exactly the bytes it hashed, and ``coprod diff``, whose files
    come from git's object store. With ``contents``, nothing is read from disk.
    """
    if layout is None:
        layout = survey(root)
    repo = Repository(root=layout.root, structure=list(layout.structure))
    # The loaded repository lives as long as the command: later collections skip it.
    with no_cyclic_gc(freeze=True):
        _load_items(repo, layout.items, fast, workers, reuse or {}, contents, on_progress)
    return repo


def _load_items(
    repo: Repository,
    items: list[Item],
    fast: bool,
    workers: int | None,
    reuse: dict[str, tuple[str, str | None]],
    contents: dict[str, Raw] | None,
    on_progress: ProgressFn | None,
) -> None:
    import os

    n = workers if workers is not None else (os.cpu_count() or 1)

    def given(rel: str) -> Raw | None:
        if contents is None:
            return None  # read from disk
        return contents.get(rel, (None, missing()))

    fresh = [(p, rel, given(rel)) for p, rel, kind, _ in items if not (kind == "acuerdo" and rel in reuse)]
    reads = iter(_read_all(fresh, fast, n, on_progress))
    for path, rel, kind, model in items:
        if kind == "acuerdo" and rel in reuse:
            text, ident = reuse[rel]
            source = SourceFile(path=path, rel=rel, text=text, fast=True)
            repo.acuerdos.append(Document(source=source, kind=kind, cached=True, cached_id=ident))
            continue
        doc = _document(path, rel, kind, model, next(reads))
        if kind == "canton":
            repo.canton = doc  # type: ignore[assignment]
        elif kind == "actores":
            repo.actores = doc  # type: ignore[assignment]
        elif kind == "plan":
            repo.planes.append(doc)  # type: ignore[arg-type]
        else:
            repo.acuerdos.append(doc)  # type: ignore[arg-type]


def is_layout_file(rel: str) -> bool:
    """Whether a path relative to a canton repository is one of the files coprod
    reads, or a data file in the wrong place under ``planes/`` or ``acuerdos/``
    (CP010: a change to it must be reported too)."""
    if rel in (MANIFEST, ACTORS):
        return True
    parts = rel.split("/")
    return (
        len(parts) >= 2
        and parts[0] in (PLANS_DIR, AGREEMENTS_DIR)
        and not any(p.startswith(".") for p in parts[1:])
        and _looks_like_yaml(parts[-1])
    )
