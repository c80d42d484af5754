"""The indicators of the annual plans (E.3.3, E.3.4): each indicator's baseline,
target, measurements up to the report's month and trend against the target
(compute/indicators.py makes every figure). Read by the indicators report and
the annual report's «Indicadores frente a metas»."""

from __future__ import annotations

from dataclasses import dataclass

from ...compute.figures import RepoFigures
from ...load.repository import Repository


@dataclass(frozen=True)
class IndicatorsView:
    """Issue 17, helper «indicators» fills this in."""

    year: int


def indicators_view(repo: Repository, fig: RepoFigures, year: int) -> IndicatorsView | None:
    """The indicators of the year's plan as of the report's month (None: no plan for the year)."""
    return None
