"""`coprod diff` as a function: two git revisions in, what changed between them out."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .status import locale_of


@dataclass(frozen=True)
class DiffRun:
    diff: Any  # compute.diff.RepoDiff
    #: The locale of the newer side that has a repository.
    locale: str


def diff_revisions(path: Path, base: str, head: str, month: Any = None) -> DiffRun:
    """Read ``base`` and ``head`` of the git repository at ``path`` into memory,
    check and compute each, and compare them at ``month`` (by default, the
    month of the newer commit). Nothing is read from the working tree."""
    from ..compute.diff import compare
    from ..gitrepo import resolve_commit

    # Each revision is read into memory; the files are named as if under an
    # empty folder of ours, so that nothing is ever read from the working tree.
    # A failing git command raises GitError, a CoprodError with its Spanish message.
    with tempfile.TemporaryDirectory(prefix="coprod-diff-") as tmp:
        commits = [resolve_commit(path, label) for label in (base, head)]
        dated: str | None = None
        if month is None:
            month, dated = _newer_commit_month(path, commits)
        sides = _sides(path, (base, head), commits, month, Path(tmp))
        if sides[0][2] is None and sides[1][2] is None:
            raise CoprodError(_("no hay un repositorio de acuerdos (canton.yaml) en «{path}» ni en {base} ni en {head}").format(path=path, base=base, head=head))
        result = compare(month, sides[0], sides[1], as_of_commit=dated)
    head_side = sides[1][2] or sides[0][2]
    return DiffRun(result, locale_of(head_side.repo))


def _newer_commit_month(path: Path, commits: list[str]) -> tuple[Any, str]:
    # Why not today: the summary of a change must read the same when it is run again later.
    from ..gitrepo import commit_date

    when, dated = max((commit_date(path, c), c) for c in commits)
    return commit_month(when, dated), dated


def _sides(path: Path, labels: tuple[str, str], commits: list[str], month: Any, tmp: Path) -> list[tuple[Any, ...]]:
    """(label, commit, checked result or None, figures or None) for each revision."""
    from ..check.engine import check_repository
    from ..compute.figures import compute
    from ..gitrepo import changed_between, read_revision
    from ..load.repository import load_repository

    # What the change touches, for what depends on the change itself (CP009: templates).
    touched = changed_between(path, *commits)
    sides: list[tuple[Any, ...]] = []
    for label, commit in zip(labels, commits, strict=False):
        revision = read_revision(path, commit, tmp / ("base" if not sides else "head"))
        if revision is None:
            sides.append((label, commit, None, None))
            continue
        layout, contents = revision
        repo_side = load_repository(layout.root, layout=layout, contents=contents)
        checked = check_repository(repo_side, changed=touched if sides else None)
        sides.append((label, commit, checked, compute(checked.repo, month)))
    return sides


def commit_month(when: Any, commit: str) -> Any:
    """The month of a commit's date, refused outside the years coprod accepts."""
    from ..model.types import YEAR_WINDOW, Month, in_year_window

    if not in_year_window(when.year):
        raise CoprodError(
            _(
                    "el commit {commit} tiene la fecha {year}-{month:02d}, fuera de los años que coprod acepta ({year_window}); "
                    "indique el mes de corte con «--as-of AAAA-MM»"
                ).format(commit=commit[:12], year=when.year, month=when.month, year_window=YEAR_WINDOW)
        )
    return Month(when.year, when.month)
