"""Make user text safe for a terminal.

Why: a value in a YAML file (from any pull request) could carry ANSI escape
sequences that rewrite the secretary's terminal; they are shown, not obeyed.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Replace control characters (except tab) with a visible escape."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character ``plain`` would show escaped."""
    return _CONTROL.search(text) is not None


# JSON escapes C0 itself; these it would leave raw with ensure_ascii=False.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls (U+009B is a CSI on some terminals) and
    bidirectional overrides written as ``\\uXXXX`` escapes: same data, nothing
    a terminal or an editor showing the file would obey."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
