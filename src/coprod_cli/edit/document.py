"""The keep-every-byte edit of one YAML file, as every edit does it.

Read the file once under its lock (never a FIFO, never more than the limit),
refuse it unless it reads and validates without a problem, let the caller
change the values concerned through ``YamlText``, check that the new bytes
still read as the data the caller expects and still validate, then write
them back atomically unless the file changed since it was read (a
compare-and-swap). Used by `progress set|unset`, `monitoring set`,
`new actor`, `attendance set` and `decision add|done`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from ruamel.yaml.nodes import MappingNode, Node

from ..errors import CoprodError
from ..load.guard import read_bounded
from ..load.yamlsource import MAX_FILE_BYTES, text_source
from ..model.models import Acuerdo
from ..model.validate import validate_tree
from .locking import key_for, refuse_read_only, repository_lock, write_back
from .paths import agreement_file, rel
from .yamltext import Flow, YamlText

M = TypeVar("M", bound=BaseModel)


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


def load_model(path: Path, name: str, model_type: type[M]) -> Loaded[M]:
    """Read a file once (call with its lock held); refused unless it reads and validates."""
    refuse_read_only(path, name)
    raw, problem = read_bounded(path, MAX_FILE_BYTES)
    src = text_source(path, name, (raw, problem))
    _ = src.data  # parse now
    if src.problems or raw is None:
        p = src.problems[0]
        raise CoprodError(f"«{name}» no se puede leer (línea {p.line}: {p.message}); corríjalo antes. No se cambió nada.")
    model, problems = validate_tree(model_type, src.data)
    if model is None or problems:
        q = problems[0]
        line, _ = src.locate(q.path, q.target)
        raise CoprodError(
            f"«{name}» tiene errores (línea {line}: {q.message}); corríjalos antes "
            f"(vea «coprod validate»). No se cambió nada."
        )
    return Loaded(path, name, raw, YamlText(raw, name), model)


def _load(root: Path, path: Path) -> Loaded[Acuerdo]:
    """Read an agreement once (call with its lock held)."""
    return load_model(path, rel(root, path), Acuerdo)


@contextmanager
def editing(root: Path, ident: str) -> Iterator[Loaded[Acuerdo]]:
    """The agreement, read under its lock; the lock is held until the block ends (after the write)."""
    path = agreement_file(root, ident)
    with repository_lock(root, key_for(root, path), rel(root, path)):
        yield _load(root, path)


def write_edited(loaded: Loaded[Any], expected: Any) -> bool:
    """Write the edited bytes back when they read as ``expected``; False when nothing changed."""
    data = loaded.doc.result(expected)
    if data is None:
        return False
    model, problems = validate_tree(type(loaded.model), YamlText(data, loaded.rel).data)
    if model is None or problems:  # pragma: no cover - the checks before an edit make this unreachable
        raise CoprodError(f"la edición dejaría «{loaded.rel}» con errores; no se cambió nada")
    write_back(loaded.path, loaded.rel, data, loaded.raw)
    return True


def item_style(siblings: list[Node], item: dict[str, Any]) -> dict[str, Any]:
    """Write a new mapping on one line when its siblings are written that way."""
    if siblings and all(isinstance(s, MappingNode) and s.flow_style for s in siblings):
        return Flow(item)
    return item
