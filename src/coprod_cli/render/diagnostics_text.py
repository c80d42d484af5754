"""Diagnostics for a person at a terminal: grouped by file, with the
offending line shown and a caret under the column."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from ..check.engine import CheckResult, summarize
from ..check.registry import Severity
from ..i18n import plural
from ..model.personal import NOT_SHOWN
from .ci_common import summary_sentence
from .safe import plain

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


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
    # Why one print: each console.print costs ~0.2 ms, and a repository of
    # 2 000 files with a warning each printed for over a second.
    width = console.width
    blocks: list[Text] = []
    for result in results:
        files = {d.source.rel: d.source for d in result.repo.documents}
        for rel, group in groupby(result.diagnostics, key=lambda d: d.file):
            block = [Text(plain(rel), style="bold underline")]
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
                block.append(head)
                line_text = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
                if NOT_SHOWN in d.message:
                    continue  # the line holds a personal value: a CI log must not show it either
                if line_text.strip():
                    gutter = f"{d.line:>6} │ "
                    cut, column = excerpt(line_text.replace("\t", " "), d.column)
                    shown = plain(cut)
                    # Escapes widen the text before the column: the caret moves with them.
                    column += len(plain(cut[: column - 1])) - (column - 1)
                    code = Text(gutter, style="dim") + Text(shown)
                    code.truncate(width, overflow="ellipsis")  # one screen line, however wide the terminal
                    caret = Text(" " * (len(gutter) - 2) + "│ " + " " * (column - 1) + "^", style=STYLE[d.severity])
                    caret.truncate(width)
                    block += [code, caret]
            if len(group) > PER_FILE:
                more = len(group) - PER_FILE
                block.append(Text(f"  … y {plural(more, 'problema más', 'problemas más')} en este archivo; «--format json» los lista todos.", style="dim"))
            block.append(Text(""))
            blocks += block
    if blocks:
        console.print(Text("\n").join(blocks))
    summary = summarize(results)
    sentence = summary_sentence(summary, strict)
    if not summary.errors and not summary.warnings:
        mark, style = "✓", "bold green"
    elif summary.failing(strict):
        mark, style = "✗", "bold red"
    else:
        mark, style = "!", "bold yellow"
    console.print(Text(f"{mark} {sentence[0].upper()}{sentence[1:]}.", style=style))
