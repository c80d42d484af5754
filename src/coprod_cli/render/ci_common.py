"""What every CI format shares: each diagnostic as ``Diagnostic.to_dict()``
plus ``path``, the file named the way the CI system names it (relative to the
git checkout, where the canton repository may be a subfolder), and the one
summary sentence. The diagnostics come from the one serialisation
(render/validation.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..check.engine import Summary
from ..i18n import plural

if TYPE_CHECKING:
    from .validation import ValidationView


def located(view: ValidationView) -> list[dict[str, Any]]:
    """Every diagnostic's ``to_dict()`` with ``path`` = prefix + file, in report order."""
    return [{**e.fields, "path": e.path} for e in view.entries]


def summary_sentence(summary: Summary, strict: bool = False) -> str:
    """The one Spanish summary of a validation (every format writes this sentence
    or carries its numbers): «1 error y 2 advertencias en 2 archivos (9 archivos revisados)»."""
    checked = plural(summary.files_checked, "archivo revisado", "archivos revisados")
    if not summary.errors and not summary.warnings:
        return f"sin problemas ({checked})"
    parts = []
    if summary.errors:
        parts.append(plural(summary.errors, "error", "errores"))
    if summary.warnings:
        parts.append(plural(summary.warnings, "advertencia", "advertencias"))
    tail = "" if summary.failing(strict) or strict else "; las advertencias no hacen fallar la validación (use --strict)"
    return f"{' y '.join(parts)} en {plural(summary.files_with_problems, 'archivo', 'archivos')} ({checked}){tail}"


def summary_line(view: ValidationView) -> str:
    """One Spanish line for a CI log: «coprod: » and the summary."""
    return f"coprod: {summary_sentence(view.summary, view.strict)}."
