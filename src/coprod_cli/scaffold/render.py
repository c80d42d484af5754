"""Jinja rendering for generated files.

Every value a person typed reaches a YAML file through the ``q`` filter
(``yaml_scalar``): a canton called ``Pococí: "x" # y`` becomes a quoted
string, never a key, a comment or a second document. Templates use
StrictUndefined, so a missing variable is an error and never an empty value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..edit.yamltext import flow_value, yaml_scalar


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coprod_cli", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = yaml_scalar
    env.filters["flow"] = flow_value
    env.filters["oneline"] = oneline
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def oneline(value: Any) -> str:
    """A value safe inside a Markdown line or a YAML comment: no line breaks."""
    return re.sub(r"[\r\n\u2028\u2029\x85]+", " ", str(value)).strip()


def slugify(text: str, max_len: int = 60) -> str:
    """``Foro Local de Seguridad, Los Guido`` → ``foro-local-de-seguridad-los-guido``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] if "-" in slug[:max_len] else slug[:max_len]
    return slug.strip("-")


def next_free(base: str, taken: Iterable[str]) -> str:
    """``base``, else ``base-2``, ``base-3``…"""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"
