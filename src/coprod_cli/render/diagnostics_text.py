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


#: Characters of a source line shown around the column (a minified 500 KB line stays one screen line).
SHOWN = 120
#: Problems shown per file; a list of 19 000 wrong ids would otherwise print for seconds.
PER_FILE = 50


def excerpt(line: str, column: int, width: int = SHOWN) -> tuple[str, int]:
    """At most ``width`` characters of ``line`` around ``column`` (1-based), with
    «…» where it was cut, and the caret's new column."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    head = "…" if start > 0 else ""
    tail = "…" if start + width < len(line) else ""
    return head + line[start : start + width] + tail, column - start + len(head)


def render_text(results: list[CheckResult], console: Console, strict: bool = False) -> None:
    for result in results:
        files = {d.source.rel: d.source for d in result.repo.documents}
        for rel, group in groupby(result.diagnostics, key=lambda d: d.file):
            console.print(Text(plain(rel), style="bold underline"))
            source = files.get(rel)
            lines = source.lines if source else []  # once per file: a file may have thousands of problems
            group = list(group)
            for d in group[:PER_FILE]:
                head = Text("  ")
                head.append(f"{d.line}:{d.column}", style="cyan")
                head.append("  ")
                head.append(d.severity.label, style=STYLE[d.severity])
                head.append(f"  {d.code}  ", style="dim")
                head.append(plain(d.message))
                console.print(head)
                line_text = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
                if line_text.strip():
                    gutter = f"{d.line:>6} │ "
                    cut, column = excerpt(line_text.replace("\t", " "), d.column)
                    shown = plain(cut)
                    # Escapes widen the text before the column: the caret moves with them.
                    column += len(plain(cut[: column - 1])) - (column - 1)
                    console.print(Text(gutter, style="dim") + Text(shown), overflow="ellipsis", no_wrap=True, crop=True)
                    caret = " " * (len(gutter) - 2) + "│ " + " " * (column - 1) + "^"
                    console.print(Text(caret, style=STYLE[d.severity]), no_wrap=True, crop=True)
            if len(group) > PER_FILE:
                more = len(group) - PER_FILE
                console.print(Text(f"  … y {_plural(more, 'problema más', 'problemas más')} en este archivo; «--format json» los lista todos.", style="dim"))
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
