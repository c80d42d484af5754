"""The plan against what was done (B.4, C.3.2, C.3.3, E.1.2): computed
management indicators, people reached and quantitative goals, plan vs
reality, alignment with the institutions' POI (compute/management.py,
compute/reach.py, compute/planreality.py make every figure)."""

from __future__ import annotations

from dataclasses import dataclass

from ...compute.figures import RepoFigures
from ...load.repository import Repository


@dataclass(frozen=True)
class PlanningView:
    """Issue 17, helper «planning» fills this in."""

    year: int


def planning_view(repo: Repository, fig: RepoFigures, year: int) -> PlanningView | None:
    """The year's plan against reality (None: nothing to show)."""
    return None
