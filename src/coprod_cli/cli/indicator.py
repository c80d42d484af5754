"""`coprod indicator set|unset`: one measurement of an annual plan's indicator
written into `planes/AAAA.yaml` (every other byte kept), then the repository re-checked."""

from __future__ import annotations

import typer

from ..lang import N_, _
from .application import indicator_app
from .common import root_of
from .edit import _edit_report, _path_and, _replace_needs_note

_ARGS_HELP = N_("Repositorio (por defecto, la carpeta actual), año del plan anual (2015) e id del indicador.")


@indicator_app.command("set", help=_("Registra una medición de un indicador del plan anual; si ya había una de esa fecha, cambia su valor."))
def indicator_set(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] PLAN INDICADOR"), help=_(_ARGS_HELP), show_default=False),
    date: str = typer.Option(..., "--date", help=_("Fecha de la medición, AAAA-MM-DD."), show_default=False),
    value: str = typer.Option(..., "--value", help=_("Valor medido: un número, como 120 o 12.4 (sin unidad)."), show_default=False),
    source: str | None = typer.Option(None, "--source", help=_("Fuente del dato, si no es la fuente del indicador."), show_default=False),
    note: str | None = typer.Option(
        None, "--note", help=_("Nota sobre la medición. Si ya había una, se agrega después de ella con la fecha de hoy."), show_default=False
    ),
    replace_note: bool = typer.Option(False, "--replace-note", help=_("Con --note: reemplaza la nota anterior en lugar de agregar la nueva.")),
) -> None:
    from ..edit.indicator import set_measurement

    path, (year, ident) = _path_and(args, ["PLAN", _("INDICADOR")])
    _replace_needs_note(replace_note, note)
    root = root_of(path)
    outcome = set_measurement(root, year, ident, date, value, source, note, replace_note)
    _edit_report(outcome, root)


@indicator_app.command("unset", help=_("Quita la medición de una fecha (con su fuente y su nota): un valor registrado por error."))
def indicator_unset(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] PLAN INDICADOR"), help=_(_ARGS_HELP), show_default=False),
    date: str = typer.Option(..., "--date", help=_("Fecha de la medición que se quita, AAAA-MM-DD."), show_default=False),
) -> None:
    from ..edit.indicator import unset_measurement

    path, (year, ident) = _path_and(args, ["PLAN", _("INDICADOR")])
    root = root_of(path)
    outcome = unset_measurement(root, year, ident, date)
    _edit_report(outcome, root)
