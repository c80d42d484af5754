"""Rule registry: every rule, listed explicitly, with its code from the
catalogue (codes.py: name, default severity, one-line Spanish title).

A rule module registers nothing when imported; this list is the only place
that says which function checks which code. The registry rejects a code
listed twice and a code that is not in the catalogue.

A rule's docstring is its documentation (``coprod rules --explain CODE``);
the codes the loader and the schema stage emit have theirs in
check/rules/reading.py.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import codes
from ..codes import CATALOGUE, Severity
from ..lang import _
from ..problems import Problem
from .rules import actors, agreements, indicators, planning, plans, privacy, progress, reading, references, session_dates, sessions, settings

__all__ = ["RULES", "CheckFn", "Rule", "Severity", "all_rules"]

CheckFn = Callable[..., Iterator[Problem]]  # (repository) or, for a dated rule, (repository, today)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    source_summary: str  # one line, Spanish (codes.py: the code's title)
    source_explanation: str  # longer Spanish text with Incorrecto/Correcto examples
    check: CheckFn | None  # None for rules the loader and schema stage emit
    configurable: bool
    #: "file": what it reports on an agreement depends only on that agreement
    #: and the shared files (canton, actors, plans), so the validation cache
    #: may keep it; "index": it compares agreements with each other and runs
    #: on every validation.
    scope: str = "file"
    #: Whether the rule depends on the current month (its check takes it as a
    #: second argument): what it reports changes with the calendar, not only
    #: with the files (the validation cache keys on the month for it).
    dated: bool = False

    @property
    def summary(self) -> str:
        """The one-line title, in the language in use."""
        return _(self.source_summary)

    @property
    def explanation(self) -> str:
        """The explanation, in the language in use (Spanish when the catalogue has none)."""
        return _(self.source_explanation) if self.source_explanation else ""


def _rule(code: str, check: CheckFn | None, explanation: str = "", scope: str = "file", dated: bool = False) -> Rule:
    c = CATALOGUE[code]
    text = inspect.cleandoc(explanation or (check.__doc__ if check else "") or "")
    return Rule(code, c.name, c.severity, c.title, text, check, configurable=c.configurable, scope=scope, dated=dated)


def _index(rules: list[Rule]) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for r in rules:
        if r.code in out:
            raise ValueError(f"código de regla repetido: {r.code}")
        out[r.code] = r
    return dict(sorted(out.items()))


#: Every rule, in code order.
RULES: dict[str, Rule] = _index(
    [_rule(code, None, text) for code, text in reading.DOCS.items()]
    + [
        _rule(codes.CP201, agreements.file_name_matches_id),
        _rule(codes.CP202, agreements.term_order),
        _rule(codes.CP203, agreements.schedule_in_term),
        _rule(codes.CP204, progress.progress_in_schedule),
        _rule(codes.CP205, progress.level_on_scale),
        _rule(codes.CP206, agreements.monitoring_contradiction),
        _rule(codes.CP207, agreements.civil_society),
        _rule(codes.CP208, agreements.signed_incomplete),
        _rule(codes.CP209, progress.repeated_month),
        _rule(codes.CP210, progress.progress_shape),
        _rule(codes.CP211, progress.progress_in_the_future, dated=True),
        _rule(codes.CP212, progress.concluded_with_pending, dated=True),
        _rule(codes.CP213, progress.ended_without_reports, dated=True),
        _rule(codes.CP301, actors.actor_without_alternate),
        _rule(codes.CP302, actors.actor_without_principal),
        _rule(codes.CP401, plans.plan_file_name),
        _rule(codes.CP402, plans.plan_in_period),
        _rule(codes.CP403, indicators.indicator_without_id),
        _rule(codes.CP404, indicators.incomplete_indicator),
        _rule(codes.CP405, indicators.non_numeric_value),
        _rule(codes.CP406, indicators.contradictory_indicator),
        _rule(codes.CP407, indicators.measurement_out_of_time, dated=True),
        _rule(codes.CP408, indicators.repeated_measurement),
        # The plan against the agreements: a plan's problems depend on other files.
        _rule(codes.CP409, planning.planned_not_created, scope="index"),
        _rule(codes.CP410, planning.planned_not_signed, dated=True),
        _rule(codes.CP411, planning.outside_the_plan),
        _rule(codes.CP412, planning.action_without_agreement, scope="index"),
        _rule(codes.CP413, planning.group_without_members),
        _rule(codes.CP414, planning.group_without_risks),
        _rule(codes.CP415, planning.poi_without_record),
        _rule(codes.CP416, planning.incoherent_reach),
        _rule(codes.CP501, references.unknown_actor),
        _rule(codes.CP502, references.unknown_axis),
        _rule(codes.CP503, references.unknown_action),
        _rule(codes.CP504, references.unknown_territory),
        _rule(codes.CP505, references.unknown_plan),
        _rule(codes.CP506, references.duplicate_ids, scope="index"),
        _rule(codes.CP507, references.unknown_agreement, scope="index"),
        _rule(codes.CP508, settings.rule_config),
        _rule(codes.CP601, privacy.contact_in_free_text),
        _rule(codes.CP602, privacy.name_in_free_text),
        _rule(codes.CP701, sessions.session_file_name),
        _rule(codes.CP702, sessions.late_convocation),
        # Absences in a row compare the sessions of a series with each other.
        _rule(codes.CP703, session_dates.consecutive_absences, scope="index", dated=True),
        _rule(codes.CP704, sessions.attendee_without_representative),
        _rule(codes.CP705, session_dates.overdue_decision, dated=True),
        _rule(codes.CP706, session_dates.minutes_in_the_future, dated=True),
        _rule(codes.CP707, session_dates.below_quorum, dated=True),
        _rule(codes.CP708, sessions.repeated_attendance),
        _rule(codes.CP709, sessions.incoherent_decision),
        _rule(codes.CP710, sessions.group_without_axis),
        _rule(codes.CP711, sessions.guest_without_name),
    ]
)


def all_rules() -> list[Rule]:
    return list(RULES.values())
