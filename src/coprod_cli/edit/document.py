"""The keep-every-byte edit of one YAML file, as every edit does it.

Read the file once under its lock (never a FIFO, never more than the limit),
refuse it unless it reads and validates without a problem, let the caller
change the values concerned through ``YamlText``, check that the new bytes
still read as the data the caller expects and still validate, then write
them back atomically unless the file changed since it was read (a
compare-and-swap). Used by `progress set|unset`, `monitoring set`,
`new actor`, `attendance set` and `decision add|done`.

The edits of one value are split in two so that ``batch`` (the import of a
workbook) runs the very same code: a function that applies the edit to a
``Loaded`` in memory and returns a ``Change`` (the file as it would be after
the edit, read again and validated), and the command that writes it back.
A refusal of the editor is a ``Refused``: a ``CoprodError`` that also says
where in the file the nearest value is, for the import to point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.nodes import MappingNode, Node

from ..errors import CoprodError
from ..lang import _
from ..load.guard import read_bounded
from ..load.yamlsource import MAX_FILE_BYTES, Raw, _non_text_keys, text_source
from ..model.models import Acuerdo
from ..model.validate import validate_tree
from .locking import key_for, refuse_read_only, repository_lock, write_back
from .paths import agreement_file, rel
from .yamltext import BOM, Flow, YamlText

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ItemWith:
    """A step of a ``Where`` path: the item of a list whose ``key`` reads as ``value`` (``mes: 2015-07``)."""

    key: str
    value: str


#: A YAML path whose list steps may be ``ItemWith``: it still means the same value after an item is inserted before it.
Where = tuple[Any, ...]


class Refused(CoprodError):
    """An edit the editor refuses (a month outside the schedule, CP210…); ``where``: the nearest value concerned."""

    def __init__(self, message: str, where: Where = (), at: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.where = where
        #: (line, column) when the place is known without a path (a file that does not read).
        self.at = at


@dataclass
class EditOutcome:
    path: Path
    rel: str
    changed: bool
    summary: str  # Spanish: what the file now says
    #: Spanish, when nothing was to be done: the whole sentence to show instead of «ya decía …».
    nothing: str | None = None


@dataclass
class Loaded(Generic[M]):
    path: Path
    rel: str
    raw: bytes  # the bytes read, parsed and compared again before the rename
    doc: YamlText
    model: M


@dataclass
class Change(Generic[M]):
    """An edit applied in memory: the file after it (read again and validated), or None when nothing changes."""

    after: Loaded[M] | None
    summary: str  # Spanish: what the file now says
    #: The value the edit wrote (or would have written): where ``batch`` points at it.
    where: Where = ()
    nothing: str | None = None


def load_model(path: Path, name: str, model_type: type[M]) -> Loaded[M]:
    """Read a file once (call with its lock held); refused unless it reads and validates."""
    refuse_read_only(path, name)
    return loaded_from(path, name, read_bounded(path, MAX_FILE_BYTES), model_type)


def loaded_from(path: Path, name: str, read: Raw, model_type: type[M]) -> Loaded[M]:
    """A file from its bytes already read; ``Refused`` unless it reads and validates."""
    raw, _mtime = read
    src = text_source(path, name, read)  # not parsed yet: the size, encoding, depth and node limits only
    quick = _quick(path, name, raw, model_type) if raw is not None and not src.problems else None
    if quick is not None:
        return quick
    _parsed = src.data  # parse now, for the problem and its place
    if src.problems or raw is None:
        p = src.problems[0]
        raise Refused(_("«{name}» no se puede leer (línea {line}: {message}); corríjalo antes. No se cambió nada.").format(name=name, line=p.line, message=p.message), at=(p.line, p.column))
    model, problems = validate_tree(model_type, src.data)
    if model is None or problems:
        q = problems[0]
        line, column = src.locate(q.path, q.target)
        raise Refused(
            _("«{name}» tiene errores (línea {line}: {message}); corríjalos antes (vea «coprod validate»). No se cambió nada.").format(name=name, line=line, message=q.message),
            at=(line, column),
        )
    return Loaded(path, name, raw, YamlText(raw, name), model)


def _quick(path: Path, name: str, raw: bytes, model_type: type[M]) -> Loaded[M] | None:
    """The file read by the editor's own parse alone, when it reads and validates; None: read it again for the message.

    Why: a file without problems is then parsed once, not twice (an import edits hundreds)."""
    try:
        doc = YamlText(raw, name)
    except CoprodError:
        return None
    if not isinstance(doc.data, CommentedMap) or next(_non_text_keys(doc.data), None) is not None:
        return None
    model, problems = validate_tree(model_type, doc.data)
    return Loaded(path, name, raw, doc, model) if model is not None and not problems else None


def _load(root: Path, path: Path) -> Loaded[Acuerdo]:
    """Read an agreement once (call with its lock held)."""
    return load_model(path, rel(root, path), Acuerdo)


@contextmanager
def editing(root: Path, ident: str) -> Iterator[Loaded[Acuerdo]]:
    """The agreement, read under its lock; the lock is held until the block ends (after the write)."""
    path = agreement_file(root, ident)
    with repository_lock(root, key_for(root, path), rel(root, path)):
        yield _load(root, path)


@contextmanager
def editing_file(root: Path, path: Path, model_type: type[M]) -> Iterator[Loaded[M]]:
    """A plan or a session, read under its lock; the lock is held until the block ends (after the write)."""
    shown = rel(root, path)
    with repository_lock(root, key_for(root, path), shown):
        yield load_model(path, shown, model_type)


def edited(loaded: Loaded[M], expected: Any) -> Loaded[M] | None:
    """The file after ``loaded.doc``'s patches when they read as ``expected``, validated; None when nothing changes."""
    doc = loaded.doc.reread(expected)
    return None if doc is None else reloaded(loaded, doc)


def reloaded(loaded: Loaded[M], doc: YamlText) -> Loaded[M] | None:
    """``doc`` (a patched copy read again) as the new content of ``loaded``'s file, validated; None when it is what was read."""
    data = (BOM if doc.bom else b"") + doc.text.encode("utf-8")
    if data == loaded.raw:
        return None
    model, problems = validate_tree(type(loaded.model), doc.data)
    if model is None or problems:  # pragma: no cover - the checks before an edit make this unreachable
        raise CoprodError(_("la edición dejaría «{rel}» con errores; no se cambió nada").format(rel=loaded.rel))
    return Loaded(loaded.path, loaded.rel, data, doc, model)


def write_edited(loaded: Loaded[Any], expected: Any) -> bool:
    """Write the edited bytes back when they read as ``expected``; False when nothing changed."""
    after = edited(loaded, expected)
    if after is None:
        return False
    write_back(loaded.path, loaded.rel, after.raw, loaded.raw)
    return True


def written(loaded: Loaded[Any], change: Change[Any]) -> EditOutcome:
    """A command's end: write ``change`` back (compare-and-swap) and say what the file now says."""
    if change.after is not None:
        write_back(loaded.path, loaded.rel, change.after.raw, loaded.raw)
    return EditOutcome(loaded.path, loaded.rel, change.after is not None, change.summary, change.nothing)


def item_style(siblings: list[Node], item: dict[str, Any]) -> dict[str, Any]:
    """Write a new mapping on one line when its siblings are written that way."""
    if siblings and all(isinstance(s, MappingNode) and s.flow_style for s in siblings):
        return Flow(item)
    return item
