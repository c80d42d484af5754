"""Helpers every rule module shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...load.repository import Document, Repository
from ...load.yamlsource import SourceFile
from ...model.models import Acuerdo
from ...problems import Problem


def at(code: str, source: SourceFile, path: tuple[Any, ...], message: str, target: str = "value") -> Problem:
    """What a rule reports: a file, a YAML path in it (the check engine finds
    its line and column) and a Spanish message. ``target``: "value" or "key"
    (see SourceFile.locate)."""
    return Problem(code, message, file=source.rel, path=path, target=target)

def agreements(repo: Repository) -> Iterator[tuple[Document[Acuerdo], Acuerdo]]:
    yield from repo.valid_agreements()

def dupes(items: Iterable[tuple[Any, tuple[Any, ...]]]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Yield (value, path) for every occurrence after the first of a value."""
    seen: set[Any] = set()
    for value, path in items:
        if value in seen:
            yield value, path
        seen.add(value)
