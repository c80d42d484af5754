"""Make user text safe inside Markdown (pull-request comments, tables).

Why: agreement titles, file names and messages come from pull requests; a
``|`` would break a table, ``<script>`` or ``[x](javascript:…)`` would be
markup. Every character Markdown or HTML could read as syntax is
backslash-escaped (CommonMark: any ASCII punctuation may be escaped), line
breaks become spaces, and control characters are shown, not kept.
"""

from __future__ import annotations

import re

from .safe import plain

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_SPACE = re.compile(r"\s*[\r\n]+\s*")


def md_escape(text: object) -> str:
    """User text as literal Markdown text, on one line, safe in a table cell."""
    s = _SPACE.sub(" ", str(text))
    s = plain(s).replace("\t", " ")
    return _SPECIAL.sub(r"\\\1", s)


def cell(text: object) -> str:
    """A table cell: escaped, never empty."""
    out = md_escape(text)
    return out if out.strip() else "—"
