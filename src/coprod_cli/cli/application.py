"""The typer application, its groups, and the entry point ``main``.

The command modules (validate.py, status.py…) add their commands to these
objects when they are imported; ``cli/__init__.py`` imports them all.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

from .. import __version__
from ..lang import _
from .common import CONTEXT
from .i18n import install as _install_spanish

_install_spanish()

app = typer.Typer(
    name="coprod",
    help=(
        _("coprod: los acuerdos de coproducción de la seguridad de un cantón, como archivos YAML "
        "en un repositorio git, convertidos en revisiones e informes (Protocolo de articulación "
        "para la coproducción de la seguridad, CCCI Desamparados).")
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
)
progress_app = typer.Typer(help=_("Avance de los acuerdos (sección 6 del Anexo 1)."), no_args_is_help=True, context_settings=CONTEXT)
monitoring_app = typer.Typer(
    help=_("Tabla de monitoreo de los acuerdos (sección 7 del Anexo 1)."), no_args_is_help=True, context_settings=CONTEXT
)
indicator_app = typer.Typer(
    help=_("Mediciones de los indicadores del plan anual (protocolo E.3.3 y E.3.4)."), no_args_is_help=True, context_settings=CONTEXT
)
new_app = typer.Typer(
    help=_("Agrega un acuerdo, un actor o un plan anual a partir de su plantilla, sin sobrescribir nada."),
    no_args_is_help=True,
    context_settings=CONTEXT,
)
export_app = typer.Typer(
    help=_("Exporta los datos del repositorio: un libro de Excel o tablas CSV para registrar el mes, o datos abiertos."),
    no_args_is_help=True,
    context_settings=CONTEXT,
)
import_app = typer.Typer(
    help=_("Trae de vuelta al repositorio lo registrado en un libro de Excel o en un CSV exportado por coprod."),
    no_args_is_help=True,
    context_settings=CONTEXT,
)
# Groups are listed after the commands, in this order, in «coprod --help».
app.add_typer(progress_app, name="progress")
app.add_typer(monitoring_app, name="monitoring")
app.add_typer(indicator_app, name="indicator")
app.add_typer(new_app, name="new")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


def _version(value: bool) -> None:
    if value:
        print(f"coprod {__version__}")
        raise typer.Exit()


def _lang(value: str | None) -> None:
    """``--lang`` was applied before the commands were imported (cli/__init__.py); here it is checked."""
    from ..lang import LANGUAGES, normalise
    from .common import fail

    if value is not None and normalise(value) is None:
        fail(_("valor no válido para «--lang»: «{value}»; use uno de: {items}").format(value=value, items=', '.join(LANGUAGES)))


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=_("Muestra la versión y termina.")),
    lang: str | None = typer.Option(
        None, "--lang", callback=_lang, is_eager=True, metavar=_("IDIOMA"),
        help=_("Idioma de los mensajes y de los informes: es (español, por defecto) o en (inglés). También COPROD_LANG o LANG."),
    ),
) -> None:
    """coprod: acuerdos de coproducción de la seguridad como archivos, revisiones e informes."""


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: runs the app and turns every failure into a Spanish message and an exit code."""
    from ..lang import from_argv, set_language
    from .handler import run_guarded

    chosen = from_argv(argv) if argv is not None else None
    if chosen is not None:  # main([...]) from a test or a script; the process's own argv was read at import
        set_language(chosen)

    sys.exit(run_guarded(lambda: app(args=argv, prog_name="coprod", standalone_mode=False)))
