"""Markdown that shows user text as text.

Why: an agreement's text comes from many hands. In a Markdown report a `|`
would break a GFM table, `<script>` or `[x](javascript:…)` would become HTML
or a link, and `*`/`_` would change emphasis. Every user value is escaped;
line breaks become `<br>` so a value never ends a table row.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Characters with meaning anywhere in CommonMark/GFM inline syntax, plus the pipe.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# Characters that start a block (heading, list, quote) only at the start of a line.
_LINE_START = re.compile(r"^(\s*)(?:([#+=-])|(\d+)([.)]))")


def _escape_block_start(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def md_escape(value: Any) -> str:
    """Escape a user value for any place in a Markdown document."""
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPECIAL.sub(r"\\\1", text)
    lines = [_LINE_START.sub(_escape_block_start, line.strip()) for line in text.split("\n")]
    # Why: a line break would end a table row; <br> is the GFM way to break inside a cell.
    return "<br>".join(lines)
