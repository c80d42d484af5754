"""What every CI format shares: each diagnostic as ``Diagnostic.to_dict()``
plus ``path``, the file named the way the CI system names it (relative to the
git checkout, where the canton repository may be a subfolder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional

from ..check.engine import CheckResult, Summary, summarize
from ..i18n import plural


def prefix_of(result: CheckResult, prefixes: Optional[Mapping[Path, str]]) -> str:
    return (prefixes or {}).get(result.repo.root, "")


def located(results: list[CheckResult], prefixes: Optional[Mapping[Path, str]] = None) -> list[dict[str, Any]]:
    """Every diagnostic's ``to_dict()`` with ``path`` = prefix + file, in report order."""
    out: list[dict[str, Any]] = []
    for r in results:
        prefix = prefix_of(r, prefixes)
        for d in r.diagnostics:
            item = d.to_dict()
            item["path"] = prefix + item["file"]
            out.append(item)
    return out


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


def summary_line(results: list[CheckResult], strict: bool = False) -> str:
    """One Spanish line for a CI log: «coprod: » and the summary."""
    return f"coprod: {summary_sentence(summarize(results), strict)}."
