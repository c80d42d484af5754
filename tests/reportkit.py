"""Helpers for report tests: GFM table checks and the example's personal data."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    """Every name, e-mail and phone of a person in the repository (walks the models).

    Two independent sources, so neither can hide a value from the other: the
    fields marked personal in the models, and the names, e-mails and phones
    of the two person models, listed here by hand."""
    from coprod_cli.model.models import Encargado, Persona
    from coprod_cli.model.personal import personal_fields

    found: set[str] = set()

    def walk(node):
        keys = set(personal_fields(type(node))) if isinstance(node, BaseModel) else set()
        if isinstance(node, (Persona, Encargado)):
            keys |= {"nombre", "correo", "telefono"}
        for key in keys:
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


def leaks(text: str, values: set[str]) -> list[str]:
    """The values found in ``text`` as written, HTML-escaped or Markdown-escaped
    (a phone «+506 …» is «\\+506 …» in Markdown)."""
    from markupsafe import escape

    from coprod_cli.render.markdown import md_escape

    return sorted(v for v in values if v in text or str(escape(v)) in text or md_escape(v) in text)
