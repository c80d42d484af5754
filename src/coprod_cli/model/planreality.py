"""The annual plan against what was done (issue 17, point 4; protocol B.3,
B.4, B.4.4, C.3.2): planned agreements created and signed, agreements
outside the plan, the plan's strategic actions without an agreement,
working groups without members or risks, and the POI records.

One judgement for the rules (check/rules/planning.py, CP409 to CP416) and
the figures (compute/management.py, the annual report; it lives in model/ because check/ may not import compute/): a rule and the
report that counts the same thing agree.

Definitions (written for users in docs/plan-anual.md):

* An agreement is **of the year Y** when it says ``plan_anual: Y``, or its
  schedule has a month in Y (cancelled agreements are not counted).
* A planned agreement is **signed by a day** when its state is firmado,
  en_ejecucion or concluido and its ``fecha_firma`` is not after that day
  (a signed agreement without a date counts as signed; CP208 asks for it).
* The **signing date** of a plan is ``fecha_firma_prevista``, else
  December 31 of its year.
* A public actor (sector publico_nacional or municipal) that is the lead
  actor or a co-responsible of a signed agreement of the year should have a
  POI record for that year (B.4.4, C.3.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import Acuerdo, PlanAnual
from .types import Month

#: States in which an agreement is signed (compute/figures.py ACTIVE_STATES).
SIGNED_STATES = ("firmado", "en_ejecucion", "concluido")
#: Sectors whose institutions have a yearly operating plan (POI).
PUBLIC_SECTORS = ("publico_nacional", "municipal")
#: POI states as read by the model (``sí`` is read «si»).
POI_STATES = ("si", "no", "pendiente")


def signing_due(plan: PlanAnual) -> dt.date:
    """The day the plan's agreements should be signed by."""
    return plan.fecha_firma_prevista or dt.date(plan.anio, 12, 31)


def signed_by(a: Acuerdo, day: dt.date) -> bool:
    """Whether the agreement is signed on a day (see the module docstring)."""
    return a.estado in SIGNED_STATES and (a.fecha_firma is None or a.fecha_firma <= day)


def schedule_months(a: Acuerdo) -> list[Month]:
    return [m.mes for m in a.cronograma.meses] if a.cronograma else []


def of_year(a: Acuerdo, year: int) -> bool:
    """An agreement of the year: in its plan, or scheduled in it; never a cancelled one."""
    if a.estado == "cancelado":
        return False
    return a.plan_anual == year or any(m.year == year for m in schedule_months(a))


def scheduled_actions(a: Acuerdo) -> tuple[tuple[int, int], ...]:
    """(year, strategic action) for each year the agreement is of (``of_year``), when it has a schedule."""
    if a.estado == "cancelado" or a.cronograma is None:
        return ()
    years = {m.year for m in schedule_months(a)} | ({a.plan_anual} if a.plan_anual is not None else set())
    return tuple((y, a.cronograma.accion_estrategica) for y in sorted(years))


def term_begun(a: Acuerdo, cut: Month) -> bool:
    """Whether the agreement's term (or, without one, its schedule) has begun by a month."""
    plazo = a.actividad.plazo
    if plazo is not None:
        return plazo.inicio <= cut
    months = schedule_months(a)
    return bool(months) and min(months) <= cut


@dataclass(frozen=True)
class PlannedAgreement:
    """One id of the plan's ``acuerdos_previstos`` and what became of it."""

    id: str
    index: int  # position in acuerdos_previstos
    agreement: Acuerdo | None  # None: no agreement has that id
    signed_on_time: bool  # signed by the plan's signing date
    signed_by_cut: bool  # signed by the cut's reference day

    @property
    def created(self) -> bool:
        return self.agreement is not None


def planned(plan: PlanAnual, by_id: dict[str, Acuerdo], cut_day: dt.date) -> tuple[PlannedAgreement, ...]:
    """Each planned agreement (first mention of each id) with its file and signature."""
    due = signing_due(plan)
    out: list[PlannedAgreement] = []
    seen: set[str] = set()
    for i, ident in enumerate(plan.acuerdos_previstos):
        if ident in seen:
            continue
        seen.add(ident)
        a = by_id.get(ident)
        on_time = a is not None and signed_by(a, min(due, cut_day))
        out.append(PlannedAgreement(ident, i, a, on_time, a is not None and signed_by(a, cut_day)))
    return tuple(out)


def outside_plan(plan: PlanAnual, agreements: Iterable[Acuerdo]) -> tuple[Acuerdo, ...]:
    """Signed agreements (firmado, en ejecución, concluido) that name the plan (``plan_anual``) but are not
    in its non-empty ``acuerdos_previstos``. A draft is not judged: it may still join the plan, or not be signed."""
    if not plan.acuerdos_previstos:
        return ()
    listed = set(plan.acuerdos_previstos)
    return tuple(a for a in agreements if a.plan_anual == plan.anio and a.id not in listed and a.estado in SIGNED_STATES)


def actions_without_agreement(plan: PlanAnual, scheduled_pairs: Iterable[tuple[int, int]], known: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """(action number, index in ``acciones``) of the plan's known actions that no agreement of the year is
    scheduled on; ``scheduled_pairs``: the agreements' ``scheduled_actions``."""
    scheduled = {n for y, n in scheduled_pairs if y == plan.anio}
    valid = set(known)
    seen: set[int] = set()
    out = []
    for i, n in enumerate(plan.acciones):
        if n in valid and n not in scheduled and n not in seen:
            out.append((n, i))
        seen.add(n)
    return tuple(out)


def public_actors(a: Acuerdo, sectors: Mapping[str, str]) -> tuple[str, ...]:
    """The lead actor and the co-responsible actors of the public sector, in order, once each."""
    ids = [a.actividad.actor_encargado, *(c.actor for c in a.corresponsabilidad)]
    return tuple(x for x in dict.fromkeys(ids) if sectors.get(x) in PUBLIC_SECTORS)


def poi_year(a: Acuerdo) -> int | None:
    """The year whose POI should reflect the agreement: its annual plan's."""
    return a.plan_anual


def poi_gaps(a: Acuerdo, sectors: Mapping[str, str]) -> tuple[str, ...]:
    """The public actors of a signed agreement with no POI record for its year."""
    year = poi_year(a)
    if year is None or a.estado not in SIGNED_STATES:
        return ()
    recorded = {r.actor for r in a.poi if r.anio == year}
    return tuple(x for x in public_actors(a, sectors) if x not in recorded)


@dataclass(frozen=True)
class PoiRow:
    """One institution's POI for the year: its commitments by state (sí, no, pendiente, sin registro)."""

    actor: str
    si: tuple[str, ...]  # agreement ids
    no: tuple[str, ...]
    pendiente: tuple[str, ...]
    sin_registro: tuple[str, ...]
    records: tuple[tuple[str, str, str | None], ...]  # (agreement id, state, reference), as recorded, then the gaps

    @property
    def total(self) -> int:
        return len(self.si) + len(self.no) + len(self.pendiente) + len(self.sin_registro)


def poi_table(year: int, agreements: Iterable[Acuerdo], sectors: Mapping[str, str], order: Iterable[str] = ()) -> tuple[PoiRow, ...]:
    """Per institution, the year's POI records of the year's agreements, and the gaps (signed ones only)."""
    cells: dict[str, dict[str, list[str]]] = {}
    refs: dict[str, list[tuple[str, str, str | None]]] = {}
    for a in agreements:
        for r in a.poi:
            if r.anio != year:
                continue
            cells.setdefault(r.actor, {k: [] for k in (*POI_STATES, "sin_registro")})[r.estado].append(a.id)
            refs.setdefault(r.actor, []).append((a.id, r.estado, r.referencia))
        if poi_year(a) == year:
            for x in poi_gaps(a, sectors):
                cells.setdefault(x, {k: [] for k in (*POI_STATES, "sin_registro")})["sin_registro"].append(a.id)
                refs.setdefault(x, []).append((a.id, "sin_registro", None))
    rank = {x: i for i, x in enumerate(order)}
    out = []
    for x in sorted(cells, key=lambda x: (rank.get(x, len(rank)), x)):
        c = cells[x]
        out.append(PoiRow(x, tuple(c["si"]), tuple(c["no"]), tuple(c["pendiente"]), tuple(c["sin_registro"]), tuple(refs.get(x, ()))))
    return tuple(out)
