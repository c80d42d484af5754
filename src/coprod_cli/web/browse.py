"""Pages of the app: see web/__init__.py for who owns which paths.

Placeholder tablero (the lead's skeleton); the browsing helper replaces it."""

from __future__ import annotations

from typing import Any


def routes() -> list[Any]:
    from starlette.routing import Route

    return [Route("/", dashboard, methods=["GET"])]


async def dashboard(request: Any) -> Any:
    from .pages import page

    return page("tablero.html.j2", request, title="Tablero")
