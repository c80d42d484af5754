"""Helpers for report tests: GFM table checks and the example's personal data."""

from __future__ import annotations

import re
from typing import Iterator

from pydantic import BaseModel

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def gfm_tables(text: str) -> Iterator[list[str]]:
    block: list[str] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            yield block
            block = []


def assert_valid_gfm_tables(text: str) -> int:
    """Every row of every table has as many cells as its header; returns the table count."""
    count = 0
    for block in gfm_tables(text):
        count += 1
        cells = [len(_UNESCAPED_PIPE.findall(row)) for row in block]
        assert len(block) >= 2 and re.match(r"^\|(\s*:?-+:?\s*\|)+$", block[1]), block[:2]
        assert len(set(cells)) == 1, f"table rows with different cell counts: {block}"
    return count


def personal_values(repo) -> set[str]:
    """Every name, e-mail and phone of a person in the repository (walks the models)."""
    from coprod_cli.model.models import Encargado, Persona

    found: set[str] = set()

    def walk(node):
        if isinstance(node, (Persona, Encargado)):
            for key in ("nombre", "correo", "telefono"):
                value = getattr(node, key)
                if value:
                    found.add(str(value))
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    for doc in repo.documents:
        if doc.model is not None:
            walk(doc.model)
    return found
