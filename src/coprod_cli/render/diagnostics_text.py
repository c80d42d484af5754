"""Diagnostics for a person at a terminal: grouped by file, with the
offending line shown and a caret under the column."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from ..codes import Severity
from ..lang import _, ngettext
from ..load.yamlsource import SourceFile
from ..model.personal import NOT_SHOWN
from .ci_common import summary_sentence
from .safe import plain
from .validation import ValidationView

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


class TextReport:
    """The diagnostics for a person at a terminal, as one rich renderable: grouped
    by file, each with its source line cut to the console's width and a caret.

    Why a renderable: the width is the console's, known only when it is printed.
    """

    def __init__(self, view: ValidationView) -> None:
        self.view = view

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Why one Text: each console.print costs ~0.2 ms, and a repository of
        # 2 000 files with a warning each printed for over a second.
        blocks: list[Text] = []
        sources = [{d.source.rel: d.source for d in r.repo.documents} for r in self.view.results]
        for (index, rel), group in groupby(self.view.entries, key=lambda e: (e.result, e.fields["file"])):
            blocks += _file_block(sources[index].get(rel), rel, [e.fields for e in group], console.width)
        if blocks:
            yield Text("\n").join(blocks)
        yield _summary(self.view)


def render_text(view: ValidationView) -> TextReport:
    return TextReport(view)


def _file_block(source: SourceFile | None, rel: str, group: list[dict[str, Any]], width: int) -> list[Text]:
    block = [Text(plain(rel), style="bold underline")]
    lines = source.lines if source else []  # once per file: a file may have thousands of problems
    for d in group[:PER_FILE]:
        block += _problem(d, lines, width)
    if len(group) > PER_FILE:
        more = len(group) - PER_FILE
        block.append(Text(_("  … y {count} en este archivo; «--format json» los lista todos.").format(count=ngettext('{n} problema más', '{n} problemas más', more).format(n=more)), style="dim"))
    block.append(Text(""))
    return block


def _problem(d: dict[str, Any], lines: list[str], width: int) -> list[Text]:
    """The problem's line, and the source line with a caret under the column."""
    severity = Severity(d["severity"])
    head = Text("  ")
    head.append(f"{d['line']}:{d['column']}", style="cyan")
    head.append("  ")
    head.append(severity.label, style=STYLE[severity])
    head.append(f"  {d['code']}  ", style="dim")
    head.append(plain(d["message"]))
    line_text = lines[d["line"] - 1] if 0 < d["line"] <= len(lines) else ""
    if _(NOT_SHOWN) in d["message"] or not line_text.strip():
        return [head]  # a personal value: a CI log must not show its line either
    gutter = f"{d['line']:>6} │ "
    cut, column = excerpt(line_text.replace("\t", " "), d["column"])
    shown = plain(cut)
    # Escapes widen the text before the column: the caret moves with them.
    column += len(plain(cut[: column - 1])) - (column - 1)
    code = Text(gutter, style="dim") + Text(shown)
    code.truncate(width, overflow="ellipsis")  # one screen line, however wide the terminal
    caret = Text(" " * (len(gutter) - 2) + "│ " + " " * (column - 1) + "^", style=STYLE[severity])
    caret.truncate(width)
    return [head, code, caret]


def _summary(view: ValidationView) -> Text:
    summary = view.summary
    sentence = summary_sentence(summary, view.strict)
    if not summary.errors and not summary.warnings:
        mark, style = "✓", "bold green"
    elif summary.failing(view.strict):
        mark, style = "✗", "bold red"
    else:
        mark, style = "!", "bold yellow"
    return Text(f"{mark} {sentence[0].upper()}{sentence[1:]}.", style=style)
