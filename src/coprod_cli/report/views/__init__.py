"""The one typed context every report template receives (``build_context``).

Built from the loaded repository and the computed figures. Templates do no
arithmetic: every figure is here already. Personal data (people's names,
e-mails and phones) enters only through ``PersonView``. In public mode the
context is built from a redacted copy of the models (``public_source``: every
field marked personal in model/models.py set to None, model/personal.py), so
no ``PersonView`` can be built: public reports are made from this redacted
view, not by hiding fields template by template, and a template cannot print
what its context does not hold.

One module per part of the context: ``types`` (the view records),
``people`` (actors and people by id), ``public`` (the redacted source),
``agreement`` (the agreement sheet, the commitments and months every report
reads), ``actors`` (the actor map), ``annual`` (the public annual report),
``context`` (the whole context, its totals and roll-ups).
"""

from __future__ import annotations

from ...compute.annual import default_year
from .agreement import ALERT_PEOPLE
from .context import build_context, problems_notice
from .public import public_source
from .types import (
    ESTADOS,
    FORMAS,
    NIVELES_ACTOR,
    ROLE_LETTERS,
    ROLES,
    SECTORES,
    ActivityView,
    ActorRef,
    ActorView,
    AgreementView,
    AlertView,
    AnnualView,
    AxisView,
    CommitmentView,
    CoResponsibilityView,
    CriterionTotal,
    CriterionView,
    MonthView,
    Participation,
    PersonView,
    ReportContext,
    RollupView,
    SectorGroup,
)

__all__ = [
    "ALERT_PEOPLE", "ESTADOS", "FORMAS", "NIVELES_ACTOR", "ROLES", "ROLE_LETTERS", "SECTORES",
    "ActivityView", "ActorRef", "ActorView", "AgreementView", "AlertView", "AnnualView", "AxisView",
    "CommitmentView", "CoResponsibilityView", "CriterionTotal", "CriterionView",
    "MonthView", "Participation", "PersonView", "ReportContext", "RollupView", "SectorGroup",
    "build_context", "default_year", "problems_notice", "public_source",
]  # fmt: skip
