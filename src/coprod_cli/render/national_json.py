"""`coprod status PATH... --format json` over many cantons: the national roll-up
as data, with stable keys (docs/nacional.md, «Salida JSON»).

Percentages keep full precision; ``null`` means the figure cannot be computed.
Every percentage comes with its numerator and denominator, so that a reader
can sum cantons again and get the same figure (docs/cifras.md, «Cifras nacionales»).
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..compute.national import NO_PROVINCE, AxisTally, CantonSummary, National, Pooled, Tally
from .jsontext import dumps
from .status_json import POOLED_FIELDS

FORMAT_VERSION = 1


def _progress(p: Pooled) -> dict[str, Any]:
    """One canton's pooled progress as `coprod status --format json` writes it, with the level sums that pool it."""
    return {name: getattr(p, name) for name in (*POOLED_FIELDS, "level_sum_due", "level_sum_all")}


def tally_dict(t: Tally) -> dict[str, Any]:
    return {
        "cantons": t.cantons,
        "agreements": t.agreements,
        "counted": t.counted,
        "unread_agreements": t.unread_agreements,
        "checklist": {"met": t.criteria_met, "total": t.criteria_total, "percent": t.criteria_percent},
        "progress": _progress(t.progress),
        "alerts": {"unreported": t.unreported, "low_progress": t.low_progress, "behind_schedule": t.behind_schedule, "invalid": t.invalid},
        "sessions": {
            "held": t.sessions_held, "council": t.council_sessions, "attended": t.attended, "convened": t.convened,
            "attendance_rate": t.attendance_rate, "decisions_overdue": t.decisions_overdue,
        },
        "indicators": {"total": t.indicators_total, **t.indicator_counts},
        "validation": {"errors": t.errors, "warnings": t.warnings},
    }


def _axis(a: AxisTally) -> dict[str, Any]:
    return {
        "key": a.key,
        "name": a.name,
        "cantons": a.cantons,
        "agreements": a.agreements,
        "checklist": {"met": a.criteria_met, "total": a.criteria_total, "percent": a.criteria_percent},
        "progress": _progress(a.progress),
    }


def _canton(c: CantonSummary) -> dict[str, Any]:
    out: dict[str, Any] = {"path": c.path, "canton": c.name, "province": c.province or None}
    out.update(tally_dict(c.tally))
    del out["cantons"]
    out["axes"] = [_axis(a) for a in c.axes]
    out["problems"] = list(c.problems)
    return out


def national_dict(n: National) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "coprod", "version": __version__},
        "scope": "national",
        "as_of": str(n.as_of),
        "validation": {
            "errors": n.total.errors,
            "warnings": n.total.warnings,
            "cantons_with_errors": [c.path for c in n.with_errors],
            "unreadable": len(n.unreadable),
        },
        "totals": tally_dict(n.total),
        "provinces": [
            {"province": g.key if g.key != NO_PROVINCE else None, "canton_names": list(g.cantons), **tally_dict(g.tally)} for g in n.provinces
        ],
        "axes": [_axis(a) for a in n.axes],
        "cantons": [_canton(c) for c in n.cantons],
        "unreadable": [{"path": u.path, "reason": u.reason} for u in n.unreadable],
        "skipped": [{"path": p, "reason": r} for p, r in n.skipped],
    }


def to_json(n: National) -> str:
    return dumps(national_dict(n))
