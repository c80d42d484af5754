"""The Starlette application: routes gathered from the page modules, the guard
around all of them, and Spanish pages for every refusal and failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .security import BodyTooLarge, Guard, GuardMiddleware
from .state import AppState


def routes() -> list[Any]:
    """Every route of the app; each page module owns its paths (see web/__init__.py)."""
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from . import agreements, browse, indicators, sessions
    from .pages import STATIC

    return [
        *browse.routes(),
        *agreements.routes(),
        *sessions.routes(),
        *indicators.routes(),
        Mount("/static", app=StaticFiles(directory=str(STATIC), follow_symlink=False), name="static"),
    ]


def create_app(root: Path, guard: Guard, git: bool = False) -> Any:
    """The app for the repository at ``root`` (already found and checked by the caller).

    No warm-up thread builds the first page ahead of the browser: measured on the example, it slowed the
    first page by 0.1 to 0.25 s (the thread and the server's start-up share one interpreter lock)."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware

    from ..load.survey import RepositoryNotFound
    from .forms import FormRefused, SentTwice

    state = AppState(root=root, guard=guard, git=git)
    app = Starlette(
        routes=routes(),
        middleware=[Middleware(GuardMiddleware, guard=guard)],
        exception_handlers={
            FormRefused: _csrf_refused,
            SentTwice: _sent_twice,
            CoprodError: _refused,
            RepositoryNotFound: _not_a_repository,
            BodyTooLarge: _too_large,
            OSError: _machine_failure,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
    app.state.coprod = state
    return app


async def _csrf_refused(request: Any, exc: Exception) -> Any:
    return _error(request, 403, _("Formulario sin la clave de esta sesión"),
                  _("Este formulario no trae la clave de esta sesión de coprod (¿una página vieja, abierta antes de "
                    "reiniciar «coprod serve»?): vuelva a la página, recárguela y envíelo de nuevo. No se escribió nada."))


async def _sent_twice(request: Any, exc: Exception) -> Any:
    return _error(request, 409, _("Este formulario ya se envió"),
                  _("Este mismo formulario ya se había enviado (¿un doble clic, o recargó la página que lo siguió?): "
                    "no se escribió nada otra vez. Vuelva a la página y recárguela para ver lo que dicen ahora los archivos."))


async def _refused(request: Any, exc: Exception) -> Any:
    from .forms import sentence

    # «No se escribió nada» only where something could have been written: a form sent.
    tail = " " + _("No se escribió nada.") if request.method == "POST" else ""
    return _error(request, 400, _("No se pudo hacer"), sentence(str(exc)) + tail)


async def _machine_failure(request: Any, exc: Exception) -> Any:
    """The machine, not coprod (a permission, a name too long, a full disk): the CLI's message, not «Error interno»."""
    from ..fsutil import os_error_es

    assert isinstance(exc, OSError)
    name = Path(str(exc.filename)).name if exc.filename else ""
    where = f" «{name[:80]}{'…' if len(name) > 80 else ''}»" if name else " un archivo"
    return _error(request, 500, "No se pudo leer o escribir un archivo",
                  f"No se pudo leer o escribir{where}: {os_error_es(exc, writing=False)}. Corrija eso y repita.")


async def _too_large(request: Any, exc: Exception) -> Any:
    return _error(request, 413, _("Formulario demasiado grande"),
                  _("Lo enviado pasa de 1 MB: un formulario de coprod es mucho menor. No se escribió nada."))


async def _not_a_repository(request: Any, exc: Exception) -> Any:
    """«canton.yaml» gone while the app runs (renamed, another git branch): the CLI's message, not an internal error."""
    from ..errors import CoprodError

    root = request.app.state.coprod.root
    return await _refused(request, CoprodError(_("«{root}» ya no es un repositorio de acuerdos (falta «canton.yaml»): "
                                                 "restáurelo y recargue la página").format(root=root)))


async def _http_error(request: Any, exc: Any) -> Any:
    if exc.status_code == 404:
        return _error(request, 404, _("No existe esa página"), _("Esa dirección no es una página de coprod. Vuelva al tablero."))
    if exc.status_code == 405:
        return _error(request, 405, _("Método no permitido"), _("Esa dirección no recibe ese tipo de pedido."))
    return _error(request, exc.status_code, _("No se pudo hacer"), _("El pedido no se pudo atender."))


async def _internal_error(request: Any, exc: Exception) -> Any:
    return _error(request, 500, _("Error interno de coprod"),
                  _("Algo falló dentro de coprod (no en sus archivos). Nada quedó escrito a medias. "
                    "Repita la acción; si vuelve a pasar, ejecute la orden equivalente en la terminal con COPROD_DEBUG=1 "
                    "y envíe el detalle a quien mantiene coprod."))


def _error(request: Any, status: int, title: str, text: str) -> Any:
    from .pages import page

    try:
        return page("error.html.j2", request, status=status, title=title, text=text)
    except Exception:  # noqa: BLE001 - the error page must not fail in turn (a repository that does not load)
        from html import escape

        from starlette.responses import HTMLResponse

        from .security import REFUSED_PAGE

        return HTMLResponse(REFUSED_PAGE.format(title=escape(title), text=escape(text)), status_code=status)
