"""What every CI format shares: each diagnostic as ``Diagnostic.to_dict()``
plus ``path``, the file named the way the CI system names it (relative to the
git checkout, where the canton repository may be a subfolder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional

from ..check.engine import CheckResult


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


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(results: list[CheckResult]) -> str:
    """One Spanish line: what was found in how many files."""
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    checked = plural(sum(len(r.files) for r in results), "archivo revisado", "archivos revisados")
    if not errors and not warnings:
        return f"coprod: sin problemas ({checked})."
    parts = []
    if errors:
        parts.append(plural(errors, "error", "errores"))
    if warnings:
        parts.append(plural(warnings, "advertencia", "advertencias"))
    files_with = len({(id(r), d.file) for r in results for d in r.diagnostics})
    return f"coprod: {' y '.join(parts)} en {plural(files_with, 'archivo', 'archivos')} ({checked})."
