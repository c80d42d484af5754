"""Pages of the app: see web/__init__.py for who owns which paths."""

from __future__ import annotations

from typing import Any


def routes() -> list[Any]:
    return []
