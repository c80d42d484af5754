"""`coprod status --format json`: a stable shape documented in docs/json.md.

Percentages keep full precision (no rounding); ``null`` means the figure
cannot be computed (nothing due yet, no schedule). ``problems`` lists the
codes of the invalid values behind a figure (empty: none); the only words
are the alerts' ``message``, written in the canton's locale.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..compute.checklist import Checklist, ChecklistTotals
from ..compute.figures import AgreementFigures, Alert, RepoFigures, Rollup
from ..compute.progress import PooledProgress, Progress
from ..i18n import DEFAULT_LOCALE
from .figures_text import alert_sentence
from .jsontext import dumps
from .status_management import management_dict
from .status_sessions import sessions_dict

FORMAT_VERSION = 1


def _checklist(cl: Checklist) -> dict[str, Any]:
    return {
        "met": cl.met,
        "total": cl.total,
        "percent": cl.percent,
        "criteria": [
            {
                "number": i.criterion.number,
                "key": i.criterion.key,
                "text": i.criterion.text,
                "content": i.content,
                "answer": i.answer,
                "observations": i.observaciones,
                "met": i.met,
            }
            for i in cl.items
        ],
    }


def _progress(p: Progress) -> dict[str, Any]:
    return {
        "to_date": p.to_date,
        "overall": p.overall,
        "commitments": p.total,
        "due": len(p.due),
        "reported": len(p.reported),
        "reported_due": len(p.reported_due),
        "unreported_due": len(p.unreported_due),
        "invalid_due": len(p.invalid_due),
        "low": len(p.low),
        "term_elapsed": p.term_elapsed,
        "behind_schedule": p.behind_schedule,
        "problems": list(p.problems),
        "schedule": [
            {
                "month": str(c.month),
                "subactivity": c.subactivity,
                "description": c.description,
                "level": c.level,
                "due": p.is_due(c),
                "state": p.state(c),
                "problems": list(c.invalid),
            }
            for c in p.commitments
        ],
    }


#: The pooled progress's figures, in the JSON's order (the national roll-up adds its sums: render/national_json.py).
POOLED_FIELDS = ("to_date", "overall", "commitments", "due", "reported_due", "unreported_due", "invalid_due", "low")


def _pooled(p: PooledProgress) -> dict[str, Any]:
    return {**{name: getattr(p, name) for name in POOLED_FIELDS}, "problems": list(p.problems)}


def _totals_checklist(c: ChecklistTotals) -> dict[str, Any]:
    return {
        "met": c.met,
        "total": c.total,
        "percent": c.percent,
        "per_criterion": [
            {"number": i + 1, "met": n, "percent": c.criterion_percent(i)} for i, n in enumerate(c.per_criterion)
        ],
    }


def _alert(a: Alert, locale: str) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "month": str(a.month) if a.month else None,
        "subactivity": a.subactivity,
        "level": a.level,
        "responsible": a.responsible,
        "problems": list(a.codes),
        "message": alert_sentence(a, locale),
    }


def _agreement(f: AgreementFigures, locale: str) -> dict[str, Any]:
    a = f.acuerdo
    cron = a.cronograma
    return {
        "id": a.id,
        "file": f.rel,
        "title": a.titulo,
        "status": a.estado,
        "form": a.forma,
        "annual_plan": a.plan_anual,
        "lead_actor": a.actividad.actor_encargado,
        "lead_actor_name": f.lead_actor_name,
        "axis": cron.eje if cron else None,
        "axis_name": f.axis_name,
        "strategic_action": cron.accion_estrategica if cron else None,
        "territories": list(a.actividad.territorio.territorios) if a.actividad.territorio else [],
        "counts_in_totals": f.counts_in_totals,
        "checklist": _checklist(f.checklist),
        "progress": _progress(f.progress),
        "alerts": [_alert(x, locale) for x in f.alerts],
    }


def _rollup(r: Rollup) -> dict[str, Any]:
    return {
        "key": r.key,
        "name": r.name,
        "agreements": list(r.agreements),
        "progress": _pooled(r.progress),
        "checklist": {"met": r.checklist.met, "total": r.checklist.total, "percent": r.checklist.percent},
    }


def status_dict(fig: RepoFigures, problems: dict[str, int] | None = None, locale: str = DEFAULT_LOCALE, management: Any = None) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "coprod", "version": __version__},
        "canton": fig.canton,
        "as_of": str(fig.as_of),
        "validation": problems or {"errors": 0, "warnings": 0},
        "agreements": [_agreement(f, locale) for f in fig.agreements],
        "unread": [{"file": u.rel, "problems": list(u.codes)} for u in fig.unread],
        "totals": {
            "agreements": len(fig.agreements),
            "counted": fig.counted,
            "checklist": _totals_checklist(fig.checklist),
            "progress": _pooled(fig.progress),
            "alerts": dict(fig.alert_counts),
            "problems": list(fig.problems),
        },
        "rollups": {dim: [_rollup(r) for r in rs] for dim, rs in fig.rollups.items()},
        "sessions": sessions_dict(fig.sessions, locale) if fig.sessions is not None else None,
        "management": management_dict(management),
    }


def to_json(fig: RepoFigures, problems: dict[str, int] | None = None, locale: str = DEFAULT_LOCALE, management: Any = None) -> str:
    return dumps(status_dict(fig, problems, locale, management))
