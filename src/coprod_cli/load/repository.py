"""Find and load a canton's agreements repository.

Layout (a folder, usually a git repository)::

    canton.yaml          manifest: canton, council, strategy, territories
    actores.yaml         actor map
    planes/2015.yaml     one annual plan per year
    acuerdos/<id>.yaml   one file per agreement
    sesiones/2015-07-14.yaml  one file per session of the council (or -sufijo)

Files are read, parsed and validated against their model here; a file that
cannot be read or does not fit its model is kept with its problems, so the
rest of the repository is still checked. Which files there are, and what is
wrong with the layout itself, is ``survey`` (load/survey.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ..gcutil import no_cyclic_gc
from ..model.models import Acuerdo, Canton, MapaActores, PlanAnual, Sesion
from ..model.validate import SchemaProblem, validate_tree
from .fastyaml import FastProblem, NeedsExactParse, fast_load
from .guard import missing
from .survey import (  # noqa: F401  (re-exported: the names the loader has always offered here)
    ACTORS,
    AGREEMENTS_DIR,
    MANIFEST,
    PLANS_DIR,
    SESSIONS_DIR,
    STRAY_REPORT_MAX,
    STRAY_SCAN_MAX,
    YAML_SUFFIXES,
    FolderView,
    Item,
    Layout,
    RepositoryNotFound,
    StructureProblem,
    View,
    _is_yaml_name,
    contained_files,
    find_root,
    is_layout_file,
    shown_name,
    stray_message,
    strays,
    structure_problem,
    survey,
    unsafe_name,
)
from .yamlsource import DeferredSource, LoadProblem, Raw, SourceFile, read_raw, read_text, text_source, to_plain

M = TypeVar("M", bound=BaseModel)


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
    #: The (year, strategic action) pairs the cached agreement is scheduled on
    #: (model/planreality.py ``scheduled_actions``), for the plan's rules.
    cached_actions: tuple[tuple[int, int], ...] = ()

    @property
    def rel(self) -> str:
        return self.source.rel


@dataclass
class Repository:
    root: Path
    canton: Document[Canton] | None = None
    actores: Document[MapaActores] | None = None
    planes: list[Document[PlanAnual]] = field(default_factory=list)
    acuerdos: list[Document[Acuerdo]] = field(default_factory=list)
    sesiones: list[Document[Sesion]] = field(default_factory=list)
    structure: list[StructureProblem] = field(default_factory=list)

    @property
    def documents(self) -> list[Document[Any]]:
        docs: list[Document[Any]] = []
        if self.canton:
            docs.append(self.canton)
        if self.actores:
            docs.append(self.actores)
        return docs + self.planes + self.acuerdos + self.sesiones

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

    def plan(self, year: int) -> PlanAnual | None:
        """The annual plan of ``year`` when it loaded (None: no such plan, or it did not load)."""
        return next((p for _, p in self.valid_plans() if p.anio == year), None)

    def valid_sessions(self) -> list[tuple[Document[Sesion], Sesion]]:
        """The sessions that loaded, by date (then file name)."""
        found = [(d, d.model) for d in self.sesiones if d.model is not None]
        return sorted(found, key=lambda pair: (pair[1].fecha, pair[0].rel))

    def scheduled_actions(self) -> set[tuple[int, int]]:
        """Every (year, strategic action) an agreement of the year is scheduled on, from its model or from the validation cache."""
        from ..model.planreality import scheduled_actions

        out: set[tuple[int, int]] = set()
        for d in self.acuerdos:
            out.update(scheduled_actions(d.model) if d.model is not None else d.cached_actions)
        return out

    def agreement_ids(self) -> list[tuple[Document[Acuerdo], str]]:
        """Every agreement's id, from its model or from the validation cache."""
        out = []
        for d in self.acuerdos:
            if d.model is not None:
                out.append((d, d.model.id))
            elif d.cached and d.cached_id is not None:
                out.append((d, d.cached_id))
        return out


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


def _read_all(items: list[tuple[Path, str, Raw | None]], fast: bool, workers: int, on_progress: ProgressFn | None = None) -> Iterator[_Read]:
    """Parse each file: from the bytes given with it, or read from disk (in the worker) when none are.

    A generator, in order: the caller builds each model as its file arrives and
    drops the plain values (all of them alive beside all the models made the
    peak memory of a large repository), while the workers parse the next chunks."""
    total = len(items)
    if workers <= 1 or total < PARALLEL_MIN_FILES:
        for i, (p, rel, raw) in enumerate(items, 1):
            yield _read(p, rel, fast, raw)
            if on_progress and (i % 100 == 0 or i == total):
                on_progress(i, total)
        return
    from ..parallel import map_chunks

    # Why: parsing is CPU-bound and the GIL holds it to one core; plain values
    # pickle cheaply back (pydantic models would not), so the parent validates.
    # Where the system cannot fork (Windows), map_chunks reads them here, one by one.
    size = -(-total // (workers * 8))
    chunks = [[(str(p), rel, raw) for p, rel, raw in items[i : i + size]] for i in range(0, total, size)]
    done = 0
    for part in map_chunks(_read_chunk, chunks, workers, fast):
        done += len(part)
        part.reverse()
        while part:
            yield part.pop()
        if on_progress:
            on_progress(done, total)


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
    doc.model, doc.schema_problems = validate_tree(model, read.data)
    return doc


def read_layout(layout: Layout) -> dict[str, Raw]:
    """Each file's bytes (a link inside the repository followed), read once and
    bounded: what the validation cache hashes and the loader then parses."""
    return {rel: read_raw(path) for path, rel, _, _ in layout.items}


def load_repository(
    root: Path,
    fast: bool = True,
    workers: int | None = None,
    reuse: dict[str, tuple[str | None, str | None, tuple[tuple[int, int], ...]]] | None = None,
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
    reuse: dict[str, tuple[str | None, str | None, tuple[tuple[int, int], ...]]],
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
    reads = _read_all(fresh, fast, n, on_progress)
    for path, rel, kind, model in items:
        if kind == "acuerdo" and rel in reuse:
            text, ident, actions = reuse[rel]
            source = SourceFile(path=path, rel=rel, text=text, fast=True) if text is not None else DeferredSource(path=path, rel=rel, fast=True)
            repo.acuerdos.append(Document(source=source, kind=kind, cached=True, cached_id=ident, cached_actions=actions))
            continue
        doc = _document(path, rel, kind, model, next(reads))
        if kind == "canton":
            repo.canton = doc  # type: ignore[assignment]
        elif kind == "actores":
            repo.actores = doc  # type: ignore[assignment]
        elif kind == "plan":
            repo.planes.append(doc)  # type: ignore[arg-type]
        elif kind == "sesion":
            repo.sesiones.append(doc)  # type: ignore[arg-type]
        else:
            repo.acuerdos.append(doc)  # type: ignore[arg-type]


