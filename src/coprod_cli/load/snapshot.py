"""A canton repository held in memory (a git revision), seen as the loader
sees a folder on disk.

Why: ``coprod diff`` used to write a revision's files into a temporary folder
and load that. A crafted tree (the same path twice, first a link to an
absolute path, then a file) made it write through the link, outside the
folder. Nothing is written now: the loader's ``survey`` asks this view what
it asks a folder (``repository.View``), and the bytes come from git's object
store. Links are judged as the loader judges them on disk: one leading out of
the repository (absolute, or up past its root) is refused without being
followed (CP008, also for the ``planes/`` and ``acuerdos/`` folders); one
inside is followed, within the revision; a loop is refused like a link
leading out, as on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import codes
from ..lang import N_, _
from ..problems import Problem
from .guard import missing, too_big
from .repository import MANIFEST, Layout, _is_yaml_name
from .yamlsource import MAX_FILE_BYTES, Raw

#: Links followed in a row before giving up, as an operating system does (Linux: 40).
MAX_HOPS = 40

FILE, LINK, SUBMODULE = "file", "link", "submodule"
IS_A_FOLDER = Problem(codes.CP007, N_("se esperaba un archivo y hay una carpeta"), 1, 1)


@dataclass(frozen=True)
class Entry:
    kind: str  # FILE, LINK or SUBMODULE
    oid: str  # git object id (a blob, or a submodule's commit)
    size: int  # bytes of the blob
    target: str | None = None  # a link's target; None when unusable (too long, not text)


class _Out(Exception):
    """A link leads out of the repository (or loops)."""


class Snapshot:
    """Files by POSIX path from the canton root; folders are implied by them."""

    def __init__(self, root: Path, entries: dict[str, Entry]) -> None:
        self.root = root
        self.entries = entries
        self.folders: dict[str, set[str]] = {"": set()}  # folder -> names directly in it
        for rel in entries:
            parts = rel.split("/")
            for i in range(len(parts)):
                parent = "/".join(parts[:i])
                self.folders.setdefault(parent, set()).add(parts[i])

    # -- paths ------------------------------------------------------------------------------------

    def resolve(self, rel: str, follow_last: bool = True) -> str:
        """The path ``rel`` names once every link on the way is followed, inside
        the repository; _Out when one leads out (absolute, up past the root)
        or there are too many in a row."""
        pending = rel.split("/")
        done: list[str] = []
        hops = 0
        while pending:
            name = pending.pop(0)
            if name in ("", "."):
                continue
            if name == "..":
                if not done:
                    raise _Out(rel)
                done.pop()
                continue
            done.append(name)
            entry = self.entries.get("/".join(done))
            if entry is None or entry.kind != LINK or (not pending and not follow_last):
                continue
            hops += 1
            target = entry.target
            if hops > MAX_HOPS or target is None or _absolute(target):
                raise _Out(rel)
            done.pop()
            pending = target.split("/") + pending
        return "/".join(done)

    def _kind(self, rel: str) -> str | None:
        entry = self.entries.get(rel)
        if entry is not None:
            return entry.kind
        return "folder" if rel in self.folders else None

    # -- repository.View --------------------------------------------------------------------------

    def has_manifest(self) -> bool:
        try:
            return self._kind(self.resolve(MANIFEST)) == FILE
        except _Out:
            return True  # a link leading out: the loader refuses it (CP008)

    def present(self, rel: str) -> bool:
        return self._kind(rel) is not None

    def listing(self, name: str) -> list[str] | None:
        try:
            folder = self.resolve(name)
        except _Out:
            return None
        if self._kind(folder) != "folder":
            return []
        base = self.root / name
        return [p.name for p in sorted(base / n for n in self.folders[folder] if _is_yaml_name(n))]

    def children(self, rel: str) -> list[tuple[str, bool]] | None:
        try:
            folder = self.resolve(rel)
        except _Out:
            return None
        if self._kind(folder) != "folder":
            return None
        base = f"{folder}/" if folder else ""
        return [(n, self._kind(base + n) == "folder") for n in self.folders[folder]]

    def leaves(self, rel: str) -> bool:
        try:
            last = self.resolve(rel, follow_last=False)
            if self._kind(last) == LINK:
                self.resolve(last)
            return False
        except _Out:
            return True

    # -- contents ---------------------------------------------------------------------------------

    def _target(self, rel: str) -> tuple[Entry | None, Problem | None]:
        try:
            path = self.resolve(rel)
        except _Out:
            return None, Problem(codes.CP008, _("enlace simbólico que apunta fuera del repositorio: no se lee"), 1, 1)
        kind = self._kind(path)
        if kind == FILE:
            return self.entries[path], None
        if kind in ("folder", SUBMODULE):  # a submodule is an (empty) folder in a checkout
            return None, IS_A_FOLDER
        return None, missing()

    def blobs_to_read(self, layout: Layout) -> list[str]:
        """Object ids of the files the loader will parse (none over the size limit)."""
        out = []
        for _i, rel, _k, _m in layout.items:
            entry, _t = self._target(rel)
            if entry is not None and entry.size <= MAX_FILE_BYTES:
                out.append(entry.oid)
        return out

    def contents(self, layout: Layout, blobs: dict[str, bytes]) -> dict[str, Raw]:
        """Each file of ``layout`` as the loader would read it from disk."""
        out: dict[str, Raw] = {}
        for _i, rel, _k, _m in layout.items:
            entry, problem = self._target(rel)
            if entry is None:
                out[rel] = (None, problem)
            elif entry.size > MAX_FILE_BYTES:
                out[rel] = (None, too_big(entry.size, MAX_FILE_BYTES))  # never read out of git
            else:
                out[rel] = (blobs[entry.oid], None)
        return out


def _absolute(target: str) -> bool:
    """A link target that names a place by itself, on any system: /x, \\x,
    C:x, or anything with a backslash (a separator on Windows)."""
    return target.startswith("/") or "\\" in target or (len(target) > 1 and target[1] == ":")
