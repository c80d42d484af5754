"""A diagnostic: one problem at file:line:column. Every output format reads
``Diagnostic.to_dict()``, so text, JSON and CI formats can never disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..codes import Severity

#: A quoted value longer than this is cut in a message; a whole message longer than MAX_MESSAGE too.
MAX_QUOTED = 60
MAX_MESSAGE = 1000
_LONG_QUOTE = re.compile(rf"«([^»]{{{MAX_QUOTED + 1},}})»")


def bounded(message: str) -> str:
    """A message that quotes a user value (an id, a year, a month) stays readable
    even when the value is a megabyte long: every output format reads it."""
    message = _LONG_QUOTE.sub(lambda m: "«" + m.group(1)[: MAX_QUOTED - 1] + "…»", message)
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str  # POSIX path relative to the repository root
    line: int  # 1-based
    column: int  # 1-based
    code: str
    severity: Severity
    message: str
    rule: str  # the rule's short name

    def __post_init__(self) -> None:
        if len(self.message) > MAX_QUOTED:
            object.__setattr__(self, "message", bounded(self.message))

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.column, d.code)
