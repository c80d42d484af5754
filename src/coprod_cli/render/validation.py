"""The one serialisation of a validation that every format of `coprod validate`
reads, and the table of those formats.

Each diagnostic is serialised once (``Diagnostic.to_dict()``, with the
repository and the path a CI system names the file by), next to the one
summary (check/engine.py: Summary). Text, JSON, GitHub, SARIF, JUnit and
GitLab all read this view, so they can never disagree on a count or a field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check.engine import CheckResult, Summary, summarize


@dataclass(frozen=True)
class Entry:
    """One diagnostic, serialised."""

    #: ``Diagnostic.to_dict()``: file, line, column, code, severity, rule, message.
    fields: dict[str, Any]
    #: The index of its result in ``ValidationView.results``.
    result: int
    #: The repository's root, as JSON names it.
    repository: str
    #: The file as a CI system names it: relative to the git checkout (prefix + file).
    path: str


@dataclass(frozen=True)
class ValidationView:
    results: list[CheckResult]
    #: Every diagnostic, in report order (by result, then file, line, column, code).
    entries: list[Entry]
    summary: Summary
    strict: bool
    #: Per result, what goes before a file's name for a CI system ("" when not asked for).
    prefixes: list[str]

    def cases(self) -> list[tuple[int, str, str]]:
        """Every file reported on: (result index, file, path as a CI system names it)."""
        return [(i, f, self.prefixes[i] + f) for i, r in enumerate(self.results) for f in r.files]


def serialise(results: list[CheckResult], strict: bool = False, prefixes: Mapping[Path, str] | None = None) -> ValidationView:
    """The view of ``results``; ``prefixes`` (by repository root) name files for a CI system."""
    shown = [(prefixes or {}).get(r.repo.root, "") for r in results]
    entries = [
        Entry(d.to_dict(), i, str(r.repo.root), shown[i] + d.file)
        for i, r in enumerate(results)
        for d in r.diagnostics
    ]
    return ValidationView(results, entries, summarize(results), strict, shown)


def _text(view: ValidationView) -> Any:
    from .diagnostics_text import render_text

    return render_text(view)


def _json(view: ValidationView) -> str:
    from .diagnostics_json import to_json

    return to_json(view) + "\n"


def _github(view: ValidationView) -> str:
    from .ci_github import render_github

    return render_github(view)


def _sarif(view: ValidationView) -> str:
    from ..check.registry import all_rules
    from .ci_sarif import to_sarif

    return to_sarif(view, all_rules()) + "\n"


def _junit(view: ValidationView) -> str:
    from .ci_junit import to_junit

    return to_junit(view)


def _gitlab(view: ValidationView) -> str:
    from .ci_gitlab import to_gitlab

    return to_gitlab(view) + "\n"


#: The formats of `coprod validate`, by name. A machine format returns the whole
#: output as one string; text returns a rich renderable (its source lines are
#: cut to the console's width, known only when it is printed).
FORMATTERS: dict[str, Callable[[ValidationView], Any]] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "junit": _junit,
    "gitlab": _gitlab,
}
#: Formats that name files the way a CI system does (from the git checkout).
CI_PATHS = frozenset({"github", "sarif", "junit", "gitlab"})
#: Every format, in the order `--help` lists them.
FORMATS = tuple(FORMATTERS)
