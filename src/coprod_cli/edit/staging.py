"""The inside of ``batch``: one file's edits applied in memory, and the places
they point at.

A file is read once (bounded, never a FIFO), compared with the hash the
caller expects, parsed and validated; then each of its edits runs the same
function as its command (``progress_change``, ``monitoring_change``,
``attendance_change``) on the bytes the edit before it produced, read again.
What the editor refuses becomes a ``Refusal`` at the nearest existing value
of the file as read, and the file goes on with its next edit. Places are YAML
paths whose list steps name an item by its key (``ItemWith``), resolved in the
bytes concerned and located by ``SourceFile.locate``, the same positions the
check gives its diagnostics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import CoprodError
from ..lang import _
from ..load.guard import read_bounded
from ..load.yamlsource import MAX_FILE_BYTES, SourceFile, text_source
from ..model.types import Month
from .document import Change, ItemWith, Loaded, Refused, Where, loaded_from
from .locking import refuse_read_only
from .yamltext import YamlText

Apply = Callable[[Loaded[Any]], Change[Any]]


@dataclass(frozen=True)
class Refusal:
    """An edit that could not be applied: where it came from, the file and place (1-based; 0: no place), why (Spanish)."""

    origin: str
    rel: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Conflict:
    """A file whose bytes differ from the hash expected (it changed since the export): the edits of it not applied."""

    rel: str
    origins: tuple[str, ...]


@dataclass
class Edit:
    """One edit asked for: ``apply`` runs it on a file in memory; ``refused``: a value refused before any file is read."""

    origin: str
    rel: str
    where: Where
    apply: Apply | None
    refused: str | None = None
    order: int = 0


@dataclass
class FileEdits:
    """The edits of one file, in the order they were asked for."""

    rel: str
    path: Path  # the real file (links inside the repository resolved)
    key: str  # its lock key
    model_type: type[BaseModel]
    edits: list[Edit] = field(default_factory=list)
    expected: str | None = None  # sha256 hex the caller expects, lower case


@dataclass
class Staging:
    """One file after its edits: the bytes read and the new ones, what was refused, where each value went."""

    rel: str
    path: Path
    read: bytes | None
    new: bytes | None
    refusals: list[tuple[int, Refusal]] = field(default_factory=list)
    conflict: Conflict | None = None
    located: dict[str, Where] = field(default_factory=dict)


def stage_file(fe: FileEdits) -> Staging:
    """Read ``fe``'s file once (its lock held by the caller) and apply its edits in memory."""
    origins = tuple(dict.fromkeys(e.origin for e in fe.edits))
    raw, problem = read_bounded(fe.path, MAX_FILE_BYTES)
    if fe.expected is not None and (raw is None or hashlib.sha256(raw).hexdigest() != fe.expected):
        return Staging(fe.rel, fe.path, raw, None, conflict=Conflict(fe.rel, origins))
    out = Staging(fe.rel, fe.path, raw, None)
    try:
        refuse_read_only(fe.path, fe.rel)
        if raw is None:
            assert problem is not None
            raise Refused(_("«{rel}» no se puede leer ({message}); no se cambió nada").format(rel=fe.rel, message=problem.message), at=(0, 0))
        loaded: Loaded[Any] = loaded_from(fe.path, fe.rel, (raw, None), fe.model_type)
    except CoprodError as exc:
        at = exc.at if isinstance(exc, Refused) and exc.at is not None else (0, 0)
        out.refusals = [(e.order, Refusal(e.origin, fe.rel, at[0], at[1], str(exc))) for e in fe.edits]
        return out
    places = Places(fe.rel, fe.path, raw)
    for edit in fe.edits:
        loaded = _apply_one(edit, loaded, places, out)
    out.new = loaded.raw if loaded.raw != raw else None
    return out


def _apply_one(edit: Edit, loaded: Loaded[Any], places: Places, out: Staging) -> Loaded[Any]:
    """Run one edit on the file as the edits before it left it; the file after it (unchanged when refused)."""
    try:
        if edit.apply is None:
            raise Refused(edit.refused or _("valor rechazado"), edit.where)
        change = edit.apply(loaded)
    except CoprodError as exc:
        where = exc.where if isinstance(exc, Refused) and exc.where else edit.where
        line, column = exc.at if isinstance(exc, Refused) and exc.at is not None else places.at(where)
        out.refusals.append((edit.order, Refusal(edit.origin, out.rel, line, column, str(exc))))
        out.located.pop(edit.origin, None)
        # Why a fresh copy: a refused edit may have left patches on the document it was given.
        return Loaded(loaded.path, loaded.rel, loaded.raw, YamlText(loaded.raw, loaded.rel), loaded.model)
    out.located[edit.origin] = change.where or edit.where
    return change.after if change.after is not None else loaded


class Places:
    """Positions in one version of a file, read with positions on first use."""

    def __init__(self, rel: str, path: Path, raw: bytes) -> None:
        self.rel, self.path, self.raw = rel, path, raw
        self._src: SourceFile | None = None

    def at(self, where: Where) -> tuple[int, int]:
        """1-based (line, column) of the value ``where`` names, or of its nearest existing parent."""
        if self._src is None:
            self._src = text_source(self.path, self.rel, (self.raw, None))
        data = self._src.data
        if data is None:
            return (1, 1)
        return self._src.locate(concrete(data, where))


def concrete(data: Any, where: Where) -> tuple[Any, ...]:
    """``where`` with each ``ItemWith`` replaced by the item's index; it stops before the first step not found."""
    out: list[Any] = []
    node = data
    for step in where:
        if isinstance(step, ItemWith):
            if not isinstance(node, list):
                break
            found = next((i for i, item in enumerate(node) if isinstance(item, dict) and _same(item.get(step.key), step.value)), None)
            if found is None:
                break
            out.append(found)
            node = node[found]
        else:
            if not isinstance(node, dict) or step not in node:
                break
            out.append(step)
            node = node[step]
    return tuple(out)


def _same(value: Any, wanted: str) -> bool:
    text = str(value).strip()
    if text == wanted:
        return True
    try:  # a month written another way (``2015-7``) is the same month
        return Month.parse(text) == Month.parse(wanted)
    except ValueError:
        return False
