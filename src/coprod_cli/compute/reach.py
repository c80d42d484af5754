"""People reached and quantitative goals (issue 17, point 3; protocol C.3.3,
E.1.2): each agreement's ``meta_cuantitativa`` and what it reached as of a
month, rolled up by axis, territory and population group, per unit.

Definitions (written for users in docs/plan-anual.md):

* ``alcanzado`` entries are **running totals**. As of a month M, an entry of
  a month after M does not exist. The agreement's reached value is the sum,
  over its territories, of each territory's latest entry up to M; without
  entries by territory, its latest entry without territory.
* Figures are summed **per unit** only: familias and jóvenes are never added.
* A value that is not a number (CP405), or two entries for the same month and
  territory (CP416), make the figure **invalid**: it carries the rule's code
  and is shown as «dato inválido», never as missing and never as 0.
* By territory: entries by territory go to their territory; a total without
  territory goes to the agreement's territory when it has exactly one. An
  agreement of several territories is also counted whole (its goal and its
  total) under key None, «varios territorios»: a goal goes to a territory
  only when the agreement has exactly one territory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import codes
from ..model.models import Acuerdo
from ..model.plan import Alcance
from ..model.types import Month, number_of

#: The rule that reports a value that is not a number (CP405, «valor-no-numerico»,
#: check/rules/indicators.py), found by its name; its name stands in while it is not in the catalogue.
NOT_A_NUMBER = next((c.code for c in codes.CATALOGUE.values() if c.name == "valor-no-numerico"), "valor-no-numerico")


@dataclass(frozen=True)
class AgreementReach:
    """One agreement's quantitative goal and reached value as of a month."""

    id: str
    unit: str
    population: str | None
    axis: str | None
    territories: tuple[str, ...]
    goal: float | None  # None: invalid (goal_problems says why)
    goal_problems: tuple[str, ...]
    reached: float | None  # None: nothing reported by the month, or invalid (problems)
    problems: tuple[str, ...]
    by_territory: tuple[tuple[str, float | None], ...]  # entries by territory: (territory, latest value)
    last_month: Month | None  # the latest month reported up to the cut

    @property
    def reported(self) -> bool:
        return self.last_month is not None

    @property
    def share(self) -> float | None:
        """Reached as a percentage of the goal (None when either is unknown or the goal is 0)."""
        if self.reached is None or not self.goal:
            return None
        return 100.0 * self.reached / self.goal


def _latest(entries: list[Alcance]) -> tuple[float | None, tuple[str, ...], Month]:
    """The latest entry's value (of entries of one territory, up to the cut) and the codes making it invalid."""
    last = max(e.mes for e in entries)
    at_last = [e for e in entries if e.mes == last]
    if len(at_last) > 1:
        return None, (codes.CP416,), last
    value = number_of(at_last[0].valor)
    return value, (() if value is not None else (NOT_A_NUMBER,)), last


def agreement_reach(a: Acuerdo, as_of: Month) -> AgreementReach | None:
    """The agreement's goal and reach as of a month (None: no quantitative goal)."""
    goal = a.actividad.meta_cuantitativa
    if goal is None:
        return None
    entries = [e for e in a.alcanzado if e.mes <= as_of]
    groups: dict[str | None, list[Alcance]] = {}
    for e in entries:
        groups.setdefault(e.territorio, []).append(e)
    by_terr: list[tuple[str, float | None]] = []
    problems: set[str] = set()
    last: Month | None = max((e.mes for e in entries), default=None)
    reached: float | None = None
    if any(k is not None for k in groups):
        total = 0.0
        for terr, items in groups.items():
            if terr is None:
                continue
            value, bad, _ = _latest(items)
            problems.update(bad)
            by_terr.append((terr, value))
            total += value or 0.0
        reached = None if problems else total
    elif None in groups:
        reached, bad, _ = _latest(groups[None])
        problems.update(bad)
    goal_value = number_of(goal.valor)
    where = a.actividad.territorio
    return AgreementReach(
        id=a.id, unit=goal.unidad, population=goal.poblacion, axis=a.cronograma.eje if a.cronograma else None,
        territories=tuple(dict.fromkeys(where.territorios)) if where else (), goal=goal_value,
        goal_problems=() if goal_value is not None else (NOT_A_NUMBER,), reached=reached, problems=tuple(sorted(problems)),
        by_territory=tuple(by_terr), last_month=last,
    )


@dataclass(frozen=True)
class ReachRow:
    """A roll-up of goals and reached values for one key and one unit."""

    dimension: str  # axis | territory | population | unit
    key: str | None  # None: no axis / no breakdown by territory / no population group
    unit: str
    goal: float | None  # None: no goal attributable here, or an invalid one (problems)
    reached: float | None  # None: nothing reported, or an invalid value (problems)
    agreements: tuple[str, ...]
    reported: int  # how many of the agreements reported a value by the cut
    problems: tuple[str, ...] = ()
    goal_problems: tuple[str, ...] = ()  # the codes behind an invalid goal (a subset of problems)
    reached_problems: tuple[str, ...] = ()  # the codes behind an invalid reached value

    @property
    def share(self) -> float | None:
        if self.reached is None or not self.goal:
            return None
        return 100.0 * self.reached / self.goal


@dataclass
class _Acc:
    goal: float = 0.0
    has_goal: bool = False
    reached: float = 0.0
    has_reached: bool = False
    agreements: list[str] = field(default_factory=list)
    reported: int = 0
    goal_bad: set[str] = field(default_factory=set)
    reached_bad: set[str] = field(default_factory=set)

    def add(self, ident: str, goal: float | None, goal_bad: Iterable[str], reached: float | None, bad: Iterable[str], reported: bool) -> None:
        self.agreements.append(ident)
        self.goal_bad.update(goal_bad)
        self.reached_bad.update(bad)
        if goal is not None:
            self.goal, self.has_goal = self.goal + goal, True
        if reached is not None:
            self.reached, self.has_reached = self.reached + reached, True
        self.reported += int(reported)

    def row(self, dimension: str, key: str | None, unit: str, goal_known: bool = True) -> ReachRow:
        """A sum with an invalid value in it is invalid (None, with the codes): never a partial sum."""
        goal = self.goal if self.has_goal and goal_known and not self.goal_bad else None
        reached = self.reached if self.has_reached and not self.reached_bad else None
        problems = tuple(sorted(self.goal_bad | self.reached_bad))
        return ReachRow(
            dimension, key, unit, goal, reached, tuple(self.agreements), self.reported, problems,
            tuple(sorted(self.goal_bad)), tuple(sorted(self.reached_bad)),
        )


def _rollup(items: Iterable[AgreementReach], dimension: str, key_of: Callable[[AgreementReach], str | None]) -> tuple[ReachRow, ...]:
    acc: dict[tuple[str | None, str], _Acc] = {}
    for r in items:
        acc.setdefault((key_of(r), r.unit), _Acc()).add(r.id, r.goal, r.goal_problems, r.reached, r.problems, r.reported)
    return tuple(v.row(dimension, k, u) for (k, u), v in acc.items())


def by_territory(items: Iterable[AgreementReach]) -> tuple[ReachRow, ...]:
    """Reached values by territory and unit (see the module docstring for where goals and totals go)."""
    acc: dict[tuple[str | None, str], _Acc] = {}
    goal_for: dict[tuple[str | None, str], bool] = {}
    for r in items:
        single = r.territories[0] if len(r.territories) == 1 else None
        if r.by_territory:
            for terr, value in r.by_territory:
                bad = r.problems if value is None else ()
                own_goal = terr == single
                acc.setdefault((terr, r.unit), _Acc()).add(r.id, r.goal if own_goal else None, r.goal_problems if own_goal else (), value, bad, True)
                goal_for[(terr, r.unit)] = goal_for.get((terr, r.unit), False) or own_goal
            if single is None:
                acc.setdefault((None, r.unit), _Acc()).add(r.id, r.goal, r.goal_problems, r.reached, r.problems, r.reported)
                goal_for[(None, r.unit)] = True
        else:
            acc.setdefault((single, r.unit), _Acc()).add(r.id, r.goal, r.goal_problems, r.reached, r.problems, r.reported)
            goal_for[(single, r.unit)] = True
    return tuple(v.row("territory", k, u, goal_for.get((k, u), False)) for (k, u), v in acc.items())


@dataclass(frozen=True)
class Reach:
    """Every agreement's reach as of a month, and its roll-ups."""

    as_of: Month
    agreements: tuple[AgreementReach, ...]
    by_axis: tuple[ReachRow, ...]
    by_territory: tuple[ReachRow, ...]
    by_population: tuple[ReachRow, ...]
    by_unit: tuple[ReachRow, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(sorted({c for r in self.agreements for c in (*r.problems, *r.goal_problems)}))


def compute_reach(agreements: Iterable[Acuerdo], as_of: Month, axis_order: Iterable[str] = (), territory_order: Iterable[str] = ()) -> Reach:
    """The reach of the agreements given (not cancelled ones), as of a month, in the strategy's orders."""
    items = tuple(r for a in agreements if a.estado != "cancelado" for r in [agreement_reach(a, as_of)] if r is not None)
    axes = {k: i for i, k in enumerate(axis_order)}
    terrs = {k: i for i, k in enumerate(territory_order)}

    def ordered(rows: tuple[ReachRow, ...], rank: dict[str, int]) -> tuple[ReachRow, ...]:
        return tuple(sorted(rows, key=lambda r: (r.key is None, rank.get(r.key or "", len(rank)), r.key or "", r.unit)))

    return Reach(
        as_of=as_of,
        agreements=items,
        by_axis=ordered(_rollup(items, "axis", lambda r: r.axis), axes),
        by_territory=ordered(by_territory(items), terrs),
        by_population=ordered(_rollup(items, "population", lambda r: r.population), {}),
        by_unit=ordered(_rollup(items, "unit", lambda r: r.unit), {}),
    )
