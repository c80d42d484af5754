"""The app's own pages: coprod's templates under ``templates/web/`` (trusted,
shipped in the package, autoescaped, undefined names fail). The reports are not
rendered here: they come from the report pipeline as `coprod report` writes them
(sandboxed when the repository brings its own templates): see ``reports.py``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..lang import N_, language, translations

#: Why not report.environment.BUILTIN: importing it builds the report views (a third of the start-up).
WEB_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "web"
STATIC = WEB_TEMPLATES / "static"

#: The menu: (path, label). Each helper's pages hang from one of these (the label ``_()`` in base.html.j2).
MENU = (
    ("/", N_("Tablero")),
    ("/avance", N_("Avance del mes")),
    ("/acuerdos", N_("Acuerdos")),
    ("/sesiones", N_("Sesiones")),
    ("/indicadores", N_("Indicadores")),
    ("/problemas", N_("Problemas")),
    ("/informes/", N_("Informes")),
    ("/nuevo", N_("Agregar")),
)


def environment() -> Environment:
    """The pages' environment in the language in use (one per language: the catalogue is installed in it)."""
    return _environment(language())


@cache
def _environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(WEB_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals["MENU"] = MENU
    env.globals["lang"] = lang
    env.globals["new_sending"] = new_sending
    return env


def new_sending() -> str:
    """A fresh key for one rendered form (see forms.read_form: a form is written at most once)."""
    import secrets

    return secrets.token_urlsafe(12)


def app_path(request: Any) -> str:
    """The path of ``request`` inside the app: without the ``/k/KEY`` prefix (its ASGI root_path, see security.py)."""
    path, root = str(request.scope["path"]), str(request.scope.get("root_path", ""))
    return path[len(root):] if root and path.startswith(root + "/") else path


def render_page(name: str, request: Any, **variables: Any) -> str:
    """A page of the app: ``name`` under templates/web/, with the menu, the CSRF key and the canton."""
    from .state import state_of

    state = state_of(request)
    base = {
        "request": request,
        "path": app_path(request),
        "csrf": state.guard.csrf,
        "canton": state.canton_name(),
        "root_name": Path(state.root).name,
        "git_enabled": state.git,
    }
    return environment().get_template(name).render(**base, **variables)


def page(name: str, request: Any, status: int = 200, **variables: Any) -> Any:
    """An HTMLResponse of ``render_page`` (422 for a form sent back with its errors)."""
    from starlette.responses import HTMLResponse

    return HTMLResponse(render_page(name, request, **variables), status_code=status)
