"""The records of the public annual report's own sections (5.3 A.2.3): the
two yearly meetings (B.4.3) and «Lo que sigue». Read by views/annual.py and
the annual report's templates; every value is ready to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...lang import _
from ...model.types import Month


@dataclass(frozen=True)
class MeetingView:
    """One of the plan's two yearly meetings (B.4.3): on progress, and on the next planning."""

    kind_key: str  # avance | planificacion
    kind: str  # «Encuentro de avance», «Encuentro de planificación»
    date: dt.date | None
    description: str | None
    outcomes: tuple[str, ...]  # empty while pending: what is recorded for a later date does not exist yet
    held: bool  # its date is on or before the report's reference day

    @property
    def state(self) -> str:
        if self.date is None:
            return _("sin fecha")
        return _("realizado") if self.held else _("pendiente")


@dataclass(frozen=True)
class LaterWork:
    """An agreement's commitments scheduled after the annual report's cut."""

    agreement_id: str
    title: str
    commitments: int
    first: Month
    last: Month


@dataclass(frozen=True)
class NextView:
    """«Lo que sigue»: the next year's plan, the planning meeting, work scheduled after the cut, open decisions."""

    year: int  # the next year
    has_plan: bool  # planes/<year>.yaml exists and loads
    planned_agreements: tuple[tuple[str, str], ...]  # (id, title, or the id when no file has it yet)
    actions: tuple[str, ...]  # «4. Nombre de la acción» of the next plan
    groups: int  # the next plan's working groups
    indicators: int  # the next plan's indicators
    planning: MeetingView | None  # this year's planning meeting
    later: tuple[LaterWork, ...]
    later_total: int
    open_decisions: int | None  # pending + overdue session decisions as of the report's month (None: no session figures)
    overdue_decisions: int = 0
