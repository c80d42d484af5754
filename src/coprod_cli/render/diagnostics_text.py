"""Diagnostics for a person at a terminal: grouped by file, with the
offending line shown and a caret under the column."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from ..check.engine import CheckResult
from ..check.registry import Severity
from .safe import plain

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def render_text(results: list[CheckResult], console: Console, strict: bool = False) -> None:
    for result in results:
        files = {d.source.rel: d.source for d in result.repo.documents}
        for rel, group in groupby(result.diagnostics, key=lambda d: d.file):
            console.print(Text(plain(rel), style="bold underline"))
            source = files.get(rel)
            for d in group:
                head = Text("  ")
                head.append(f"{d.line}:{d.column}", style="cyan")
                head.append("  ")
                head.append(d.severity.label, style=STYLE[d.severity])
                head.append(f"  {d.code}  ", style="dim")
                head.append(plain(d.message))
                console.print(head)
                line_text = source.source_line(d.line) if source else ""
                if line_text.strip():
                    gutter = f"{d.line:>6} │ "
                    shown = plain(line_text.replace("\t", " "))
                    console.print(Text(gutter, style="dim") + Text(shown), overflow="ellipsis", no_wrap=True, crop=True)
                    caret = " " * (len(gutter) - 2) + "│ " + " " * (d.column - 1) + "^"
                    console.print(Text(caret, style=STYLE[d.severity]), no_wrap=True, crop=True)
            console.print()
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    checked = sum(r.files_checked for r in results)
    files_with = len({(id(r), d.file) for r in results for d in r.diagnostics})
    revised = _plural(checked, "archivo revisado", "archivos revisados")
    if errors == 0 and warnings == 0:
        console.print(Text(f"✓ Sin problemas: {revised}.", style="bold green"))
        return
    parts = []
    if errors:
        parts.append(_plural(errors, "error", "errores"))
    if warnings:
        parts.append(_plural(warnings, "advertencia", "advertencias"))
    failing = errors > 0 or (strict and warnings > 0)
    mark, style = ("✗", "bold red") if failing else ("!", "bold yellow")
    tail = "" if failing or strict else " (las advertencias no hacen fallar la validación; use --strict)"
    console.print(Text(f"{mark} {' y '.join(parts)} en {_plural(files_with, 'archivo', 'archivos')} ({revised}){tail}.", style=style))
