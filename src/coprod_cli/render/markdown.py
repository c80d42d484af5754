"""Make user text safe inside Markdown (reports, pull-request comments, tables).

Why: agreement titles, texts and messages come from pull requests; a ``|``
would break a GFM table, ``<script>`` or ``[x](javascript:…)`` would become
markup, ``*``/``_`` emphasis, ``$…$`` math on GitHub. Every character Markdown
or HTML could read as syntax is backslash-escaped (CommonMark: any ASCII
punctuation may be escaped), characters that start a block (``-``, ``1.``)
are escaped at the start of a line, control characters are shown, not kept,
a line break never ends a table row, and nothing is linked or notified by
GitHub on its own (URLs, e-mail addresses, @mentions, #12).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from .safe import escape_controls

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
# The second colon of «::», so no line of a comment printed in a CI log reads as
# a workflow command («\\:» renders as «:»; «#» and «[» are escaped above).
_COLONS = re.compile(r"(?<=:):")
# What GitHub links or notifies by itself in plain text: URLs (http://,
# https://, ftp://, mailto:, www.), e-mail addresses and @mentions (an «@»
# before a letter or digit notifies that user or team), and issue numbers
# (#12 links and cross-references an issue). A WORD JOINER (U+2060,
# invisible, no line break) is put inside each: the text reads the same and
# nothing is linked or notified. An HTML entity would not do: GitHub decodes
# entities before it looks for mentions.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|mailto)(?=:)|www(?=\.)|@(?=[^\W_])|(?<=\\#)(?=\d)")
# Characters that start a block (list, heading underline) only at a line start.
_LINE_START = re.compile(r"^(\s*)(?:([=-])|(\d+)([.)]))")


def _block_start(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def md_escape(text: Any, line_break: str = " ") -> str:
    """User text as literal Markdown text, safe in a table cell.

    ``line_break`` joins the lines of a multi-line value: a space (one line,
    for comments) or ``"<br>"`` (a visible break inside a GFM table cell).
    """
    if isinstance(text, Markup):
        return str(text)
    s = "" if text is None else str(text)
    lines = re.split(r"\r\n|\r|\n", s)
    out = []
    for line in lines:
        line = escape_controls(line.strip().replace("\t", " "))
        line = _SPECIAL.sub(r"\\\1", line)
        line = _COLONS.sub(r"\\:", line)
        line = _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, line)
        out.append(_LINE_START.sub(_block_start, line))
    return line_break.join(part for part in out if part) if line_break == " " else line_break.join(out)


def md_escape_br(text: Any) -> str:
    """``md_escape`` keeping line breaks as ``<br>`` (the reports' tables)."""
    return md_escape(text, "<br>")


def cell(text: object) -> str:
    """A table cell: escaped, never empty."""
    out = md_escape(text)
    return out if out.strip() else "—"
