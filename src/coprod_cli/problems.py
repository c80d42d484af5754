"""One problem type for every stage.

The loader, the schema stage, the progress judgement and the rules all report
a ``Problem``: a code from the catalogue (codes.py), a Spanish message, and
where it is. A stage that reads text knows the 1-based line and column; a
stage that works on models knows the YAML ``path`` (and whether the key or
the value is at fault), and the check engine turns that into a line and
column. The check engine turns every problem into a ``Diagnostic``
(check/diagnostics.py), the serialisation every output format reads.

This module imports nothing from coprod but the catalogue: every stage may
import it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .codes import Severity, info


@dataclass(frozen=True)
class Problem:
    code: str  # a code of the catalogue: codes.CP001 …
    message: str = ""  # Spanish, one line; may be written later from ``args``
    line: int = 0  # 1-based; 0 until located
    column: int = 0  # 1-based; 0 until located
    file: str = ""  # POSIX path relative to the repository root; "" when the stage does not know it
    path: tuple[Any, ...] = ()  # the YAML path, for a problem found on a model
    target: str = "value"  # "value" or "key": see SourceFile.locate
    severity: Severity | None = None  # None: the catalogue's default
    #: What the message is made of, for a stage that leaves the words to
    #: another (the progress judgement: kind, month, …), as (name, value) pairs.
    args: tuple[tuple[str, Any], ...] = ()

    @property
    def rel(self) -> str:
        """The file, as ``Document.rel`` names it."""
        return self.file

    @property
    def effective_severity(self) -> Severity:
        return self.severity or info(self.code).severity

    def arg(self, name: str, default: Any = None) -> Any:
        return next((v for k, v in self.args if k == name), default)

    def located(self, file: str, line: int, column: int) -> Problem:
        return replace(self, file=file, line=line, column=column)
