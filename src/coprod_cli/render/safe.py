"""Make user text safe for a terminal, a CI log, JSON and the reports.

Why: a value in a YAML file (from any pull request) could carry ANSI escape
sequences that rewrite the secretary's terminal, a line break that starts a
GitHub Actions workflow command (``\\n::add-mask::…``) in a CI log, or a
bidirectional mark that makes text read differently from what it is; they
are shown, not obeyed.

GitHub's runner also obeys a line that starts with ``::`` after blanks (a
table cell wrapped by the terminal layout can start a line), and the legacy
form ``##[command]`` anywhere in a line (``##[stop-commands]x`` would switch
off every later annotation of the step). ``plain`` therefore also writes
``::`` as ``:\\x3a`` and ``##[`` as ``#\\x23[``, and ``json_safe`` writes
``##[`` as ``#\\u0023[``: no user text can form a workflow command, wherever
the layout puts it.

The one list of characters shown escaped is ``UNSAFE``: C0 controls (line
breaks and tab included), DEL, the C1 controls (U+0085 NEL, U+009B CSI),
the Unicode line and paragraph separators (U+2028, U+2029), and every
bidirectional formatting character: the marks (U+200E, U+200F, U+061C),
embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
Every output path (``plain``, ``plain_lines``, ``json_safe``, the HTML, SVG
and Markdown reports, which call these) reads it from here.
"""

from __future__ import annotations

import re

#: Bidirectional formatting characters: marks, embeddings, overrides, isolates.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Line and paragraph separators outside C0/C1 (NEL, U+0085, is in C1).
SEPARATORS = "\u2028\u2029"
#: Every character ``plain`` shows as an escape (a regular-expression class body).
UNSAFE = "\x00-\x1f\x7f-\x9f" + SEPARATORS + BIDI

_CONTROL = re.compile(f"[{UNSAFE}]")
# The same, keeping tab and line feed (text whose lines are laid out by its format).
_CONTROL_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{SEPARATORS}{BIDI}]")


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_WORKFLOW = re.compile(r"::|##\[")


def _defused(m: re.Match[str]) -> str:
    return ":\\x3a" if m.group() == "::" else "#\\x23["


def escape_controls(text: str) -> str:
    """Every unsafe character, line breaks and tab included, as a visible
    escape (``\\x0a``, ``\\u202e``); nothing else changed."""
    return _CONTROL.sub(_shown, text)


def plain(text: str) -> str:
    """One line of text for a terminal, a CI log or a label: every unsafe
    character, line breaks and tab included, as a visible escape (``\\x0a``,
    ``\\u202e``). Nothing in the result can start a new line or form a CI
    workflow command (``::`` and ``##[`` are shown as ``:\\x3a``, ``#\\x23[``)."""
    return _WORKFLOW.sub(_defused, _CONTROL.sub(_shown, text))


def plain_lines(text: str) -> str:
    """``plain`` for multi-line text whose format handles line breaks (an
    HTML paragraph): keeps line feeds and tabs, shows every other unsafe
    character (a lone carriage return included)."""
    return _CONTROL_KEEP_LINES.sub(_shown, text.replace("\r\n", "\n"))


def has_control(text: str) -> bool:
    """Whether ``text`` holds an unsafe character other than tab and line feed."""
    return _CONTROL_KEEP_LINES.search(text) is not None


# JSON escapes C0 itself; these it would leave raw with ensure_ascii=False.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{SEPARATORS}{BIDI}]")


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls (U+009B is a CSI on some terminals),
    the line separators and bidirectional marks written as ``\\uXXXX``
    escapes, and ``##[`` as ``#\\u0023[``: same data, nothing a terminal, a
    CI log or an editor showing the file would obey (and U+2028 cannot end a
    line of JavaScript)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).replace("##[", "#\\u0023[")
