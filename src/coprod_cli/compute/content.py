"""The judgement of the 14 criteria lives in model/content.py, below both
check (rules CP206, CP208) and compute (the checklist figures)."""

from __future__ import annotations

from ..model.content import content_met

__all__ = ["content_met"]
