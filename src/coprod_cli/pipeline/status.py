"""`coprod status` as a function: a repository and a month in, its figures out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .inputs import load_one as _load_one


@dataclass(frozen=True)
class StatusRun:
    figures: Any  # compute.figures.RepoFigures
    #: The counts of the full check: {"errors": n, "warnings": n}.
    problems: dict[str, int]
    locale: str
    #: The management indicators of the year (compute.management.Management), or None.
    management: Any = None


def counts(checked: Any) -> dict[str, int]:
    return {"errors": checked.errors, "warnings": checked.warnings}


def locale_of(repo: Any) -> str:
    """The canton's locale (numbers and dates), from its country."""
    from ..i18n import locale_for

    manifest = repo.manifest
    return locale_for(manifest.pais if manifest else None)


def compute_status(path: Path, month: Any) -> StatusRun:
    """Load the repository at ``path``, count its problems and compute its figures at ``month``.

    The counts reuse the validation cache (pipeline/validation.py ``load_counted``)."""
    from .validation import load_counted

    repo, problems = _load_one(path, load_counted)
    return status_of(repo, month, problems)


def status_of(repo: Any, month: Any, problems: dict[str, int] | None = None) -> StatusRun:
    """``compute_status`` of a repository already loaded (the web app keeps one loaded);
    ``problems``: its counts when already known."""
    from ..check.engine import check_repository
    from ..compute.figures import compute
    from ..gcutil import no_cyclic_gc

    with no_cyclic_gc():
        if problems is None:
            problems = counts(check_repository(repo, locate=False))  # the counts only
        fig = compute(repo, month)
        indicators = management_of(repo, fig, month)
    return StatusRun(fig, problems, locale_of(repo), indicators)


def management_of(repo: Any, fig: Any, month: Any) -> Any:
    """The management indicators of the annual plan's year (compute/annual.py ``default_year``), or None without plan nor agreement."""
    from ..compute.annual import default_year
    from ..compute.management import management

    if not repo.valid_plans() and not fig.agreements:
        return None
    return management(repo, fig, default_year(repo, month))
