"""The validation problems (`/problemas`): what `coprod validate` reports, by
file, each with its file:line:column, code, severity, Spanish message and the
offending line of the file.

The line is read safely: only a file of the repository named by a diagnostic
(never a path from the address), relative, without ``..``, with no symbolic
link anywhere on its way inside the repository, bounded in size
(load/guard.py ``read_bounded``), decoded with replacement and cut to a length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

#: Problems shown on the page (the rest are counted).
MAX_SHOWN = 200
#: The largest file whose lines are shown (the loader's own bound on a YAML file is of this order).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: A line longer than this is cut (a minified or binary file).
MAX_LINE_CHARS = 240


@dataclass(frozen=True)
class Row:
    where: str  # «acuerdos/x.yaml:12:5»
    line: int
    column: int
    code: str
    severity: str  # «error» | «advertencia»
    is_error: bool
    message: str
    text: str | None  # the offending line, or None when it cannot be shown


@dataclass
class FileGroup:
    file: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class ProblemsPage:
    errors: int
    warnings: int
    groups: list[FileGroup]
    shown: int
    more: int


def checked(state: Any) -> Any:
    """check/engine.CheckResult as `coprod validate` makes it, lines located (kept until a file changes).

    Why the validation cache (pipeline/validation.py ``validate_cached``): locating
    the lines of 10,000 agreements takes tens of seconds; the cache keeps the
    diagnostics of each unchanged file, as for the CLI."""
    from ..gcutil import no_cyclic_gc
    from ..pipeline.validation import validate_cached

    def build() -> Any:
        with no_cyclic_gc():
            return validate_cached(state.root)

    return state.cached("problems", build)


def problems_page(state: Any, limit: int = MAX_SHOWN) -> ProblemsPage:
    """The first ``limit`` problems grouped by file (in `coprod validate`'s order), each with its line."""
    result = checked(state)
    diagnostics = result.diagnostics
    groups: dict[str, FileGroup] = {}
    lines: dict[str, list[str] | None] = {}
    for d in diagnostics[:limit]:
        if d.file not in lines:
            lines[d.file] = file_lines(state.root, d.file)
        text = _line(lines[d.file], d.line)
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        row = Row(where, d.line, d.column, d.code, d.severity.label, d.severity.value == "error", d.message, text)
        groups.setdefault(d.file, FileGroup(d.file)).rows.append(row)
    shown = min(limit, len(diagnostics))
    return ProblemsPage(result.errors, result.warnings, list(groups.values()), shown, len(diagnostics) - shown)


def _line(lines: list[str] | None, number: int) -> str | None:
    if lines is None or number < 1 or number > len(lines):
        return None
    text = lines[number - 1].rstrip("\r\n")
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + "…"


def file_lines(root: Path, rel: str) -> list[str] | None:
    """The lines of the repository's file ``rel``, or None when it may not or cannot be read."""
    from ..load.guard import read_bounded

    path = safe_path(root, rel)
    if path is None:
        return None
    data, problem = read_bounded(path, MAX_FILE_BYTES, follow=False)
    if data is None or problem is not None:
        return None
    return data.decode("utf-8", "replace").splitlines()


def safe_path(root: Path, rel: str) -> Path | None:
    """``root/rel`` when ``rel`` is a plain relative path inside the repository with no link on its way, else None."""
    from ..links import is_link, lstat_or_none

    if not rel or "\\" in rel or "\x00" in rel:
        return None
    parts = PurePosixPath(rel).parts
    if PurePosixPath(rel).is_absolute() or any(p in ("..", ".", "") for p in parts):
        return None
    current = root
    for part in parts:
        current = current / part
        info = lstat_or_none(current)
        if info is None or is_link(info):
            return None
    return current
