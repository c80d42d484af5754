"""The working groups of the annual plans (B.4.1, B.4.2): members, coordinator,
risks, themes and the agreements of their axis. Read by the working groups
report and the annual report."""

from __future__ import annotations

from dataclasses import dataclass

from ...compute.figures import RepoFigures
from ...load.repository import Repository


@dataclass(frozen=True)
class GroupsView:
    """Issue 17, helper «reports» fills this in."""

    year: int


def groups_view(repo: Repository, fig: RepoFigures, year: int) -> GroupsView | None:
    """The working groups of the year's plan (None: no plan for the year)."""
    return None
