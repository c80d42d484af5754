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
