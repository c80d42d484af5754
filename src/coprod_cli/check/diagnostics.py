"""A diagnostic: one problem at file:line:column. Every output format reads
``Diagnostic.to_dict()``, so text, JSON and CI formats can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .registry import Severity


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str  # POSIX path relative to the repository root
    line: int  # 1-based
    column: int  # 1-based
    code: str
    severity: Severity
    message: str
    rule: str  # the rule's short name

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
