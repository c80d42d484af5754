"""`coprod diff --format json`: a stable shape (see docs/json.md)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..compute.diff import AgreementChange, AgreementState, RepoDiff, Side
from .jsontext import dumps

FORMAT_VERSION = 1


def _state(s: AgreementState | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "id": s.id,
        "file": s.file,
        "title": s.title,
        "status": s.status,
        "loads": s.loads,
        "checklist": {"met": s.checklist_met, "total": s.checklist_total, "percent": s.checklist_percent},
        "progress": {"to_date": s.to_date, "overall": s.overall},
    }


def _side(s: Side) -> dict[str, Any]:
    return {
        "rev": s.label,
        "commit": s.commit,
        "exists": s.exists,
        "agreements": s.agreements,
        "errors": s.errors,
        "warnings": s.warnings,
        "checklist_percent": s.checklist_percent,
        "progress": {"to_date": s.to_date, "overall": s.overall},
    }


def _changed(c: AgreementChange) -> dict[str, Any]:
    return {
        "id": c.id,
        "sections": list(c.sections),
        "before": _state(c.before),
        "after": _state(c.after),
        "levels": [
            {
                "month": str(x.month), "subactivity": x.subactivity, "before": x.before, "after": x.after,
                "note_before": x.note_before, "note_after": x.note_after,
            }
            for x in c.levels
        ],
        "criteria": [
            {
                "number": x.number, "key": x.key, "text": x.text,
                "answer_before": x.answer_before, "answer_after": x.answer_after,
                "met_before": x.met_before, "met_after": x.met_after,
                "observations_before": x.observations_before, "observations_after": x.observations_after,
            }
            for x in c.criteria
        ],
    }


def to_json(diff: RepoDiff) -> str:
    doc = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "coprod", "version": __version__},
        "canton": diff.canton,
        "as_of": str(diff.as_of),
        "as_of_source": {"kind": diff.as_of_source, "commit": diff.as_of_commit},
        "base": _side(diff.base),
        "head": _side(diff.head),
        "agreements": {
            "added": [_state(c.after) for c in diff.added],
            "removed": [_state(c.before) for c in diff.removed],
            "changed": [_changed(c) for c in diff.changed],
        },
        "other_files": [{"file": f, "change": kind} for f, kind in diff.other_files],
        "problems": {
            "new": [d.to_dict() for d in diff.new_problems],
            "resolved": [d.to_dict() for d in diff.resolved_problems],
        },
    }
    return dumps(doc)
