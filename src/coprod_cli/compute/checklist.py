"""The 14-criterion checklist of an agreement (Anexo 1, section 7).

Each criterion is judged from the agreement's content and merged with the
answer recorded in its monitoring table: a reviewer's "No" stands (content
present but inadequate); a recorded "Sí" for missing content is a
contradiction that `coprod validate` reports (CP206) and does not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model.content import content_met
from ..model.criteria import CRITERIA, Criterion
from ..model.models import Acuerdo

TOTAL = len(CRITERIA)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    content: bool  # the agreement has the content the criterion asks for
    answer: str | None  # "si", "no" or None (not recorded)
    observaciones: str | None

    @property
    def met(self) -> bool:
        return self.content and self.answer != "no"


@dataclass(frozen=True)
class Checklist:
    items: tuple[CriterionResult, ...]

    @property
    def met(self) -> int:
        return sum(1 for i in self.items if i.met)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> float:
        return 100.0 * self.met / self.total

    @property
    def missing(self) -> list[CriterionResult]:
        return [i for i in self.items if not i.met]


def checklist(a: Acuerdo) -> Checklist:
    content = content_met(a)
    items = []
    for c in CRITERIA:
        answer = getattr(a.monitoreo, c.key) if a.monitoreo is not None else None
        items.append(
            CriterionResult(
                criterion=c,
                content=content[c.key],
                answer=answer.cumple if answer is not None else None,
                observaciones=answer.observaciones if answer is not None else None,
            )
        )
    return Checklist(tuple(items))


@dataclass(frozen=True)
class ChecklistTotals:
    """Checklist figures over several agreements."""

    agreements: int
    met: int  # criteria met, summed over the agreements
    total: int  # 14 × agreements
    per_criterion: tuple[int, ...]  # agreements meeting each criterion, in order

    @property
    def percent(self) -> float | None:
        return 100.0 * self.met / self.total if self.total else None

    def criterion_percent(self, index: int) -> float | None:
        return 100.0 * self.per_criterion[index] / self.agreements if self.agreements else None


def checklist_totals(lists: Iterable[Checklist]) -> ChecklistTotals:
    lists = list(lists)
    per = tuple(sum(1 for cl in lists if cl.items[i].met) for i in range(TOTAL))
    return ChecklistTotals(len(lists), sum(cl.met for cl in lists), TOTAL * len(lists), per)
