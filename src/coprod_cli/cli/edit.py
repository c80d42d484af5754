"""`coprod progress set|unset` and `coprod monitoring set`: one value written
into an agreement's file (every other byte kept), then the repository re-checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..lang import _
from .application import monitoring_app, progress_app
from .common import console, escape, fail, int_option, root_of, validation_summary


def _path_and(args: list[str], names: list[str]) -> tuple[Path, list[str]]:
    """Split ``[RUTA] A B…`` into the repository path and the required arguments."""
    if len(args) == len(names):
        return Path("."), args
    if len(args) == len(names) + 1:
        return Path(args[0]), args[1:]
    if len(args) < len(names):
        fail(_("falta el argumento «{name}»").format(name=names[len(args)]))
    fail(_("sobran argumentos: {items}").format(items=' '.join(args[len(names) + 1:])))


def _edit_report(outcome: Any, root: Path) -> None:
    out = console()
    if outcome.changed:
        out.print(escape(_("Registrado en «{rel}»: {summary}.").format(rel=outcome.rel, summary=outcome.summary)))
    elif outcome.nothing:
        out.print(escape(_("Sin cambios: {nothing}.").format(nothing=outcome.nothing)))
    else:
        out.print(escape(_("Sin cambios: «{rel}» ya decía {summary}.").format(rel=outcome.rel, summary=outcome.summary)))
    validation_summary(root, outcome.rel)


def _subactivity(value: str | None) -> int | None:
    sub = int_option(value, "--subactivity")
    if sub is not None and sub < 1:
        fail(_("valor no válido para «--subactivity»: las subactividades se numeran desde 1"))
    return sub


def _replace_needs_note(replace_note: bool, note: str | None) -> None:
    if replace_note and note is None:
        fail(_("«--replace-note» reemplaza la nota anterior por la de «--note TEXTO»: escriba también «--note»"))


@progress_app.command("set", help=_("Registra el avance de un mes en el archivo del acuerdo; cambia solo ese valor."))
def progress_set(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] ACUERDO"), help=_("Repositorio (por defecto, la carpeta actual) e id del acuerdo."), show_default=False),
    month: str = typer.Option(..., "--month", help=_("Mes del cronograma, AAAA-MM."), show_default=False),
    level: str = typer.Option(..., "--level", help=_("Nivel: 0, 25, 50, 75 o 100."), show_default=False),
    subactivity: str | None = typer.Option(None, "--subactivity", help=_("Número de la subactividad de ese mes (1, 2, …)."), show_default=False),
    note: str | None = typer.Option(
        None, "--note", help=_("Nota sobre el avance. Si ya había una, se agrega después de ella con la fecha de hoy."), show_default=False
    ),
    replace_note: bool = typer.Option(False, "--replace-note", help=_("Con --note: reemplaza la nota anterior en lugar de agregar la nueva.")),
) -> None:
    from ..edit.agreement import set_progress

    path, (ident,) = _path_and(args, [_("ACUERDO")])
    _replace_needs_note(replace_note, note)
    root = root_of(path)
    sub = _subactivity(subactivity)
    outcome = set_progress(root, ident, month, level, sub, note, replace_note)
    _edit_report(outcome, root)


@progress_app.command("unset", help=_("Quita el avance registrado de un mes (o de una subactividad), con su nota: un nivel registrado por error."))
def progress_unset(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] ACUERDO"), help=_("Repositorio (por defecto, la carpeta actual) e id del acuerdo."), show_default=False),
    month: str = typer.Option(..., "--month", help=_("Mes cuyo avance se quita, AAAA-MM."), show_default=False),
    subactivity: str | None = typer.Option(None, "--subactivity", help=_("Número de la subactividad de ese mes (1, 2, …)."), show_default=False),
) -> None:
    from ..edit.agreement import unset_progress

    path, (ident,) = _path_and(args, [_("ACUERDO")])
    root = root_of(path)
    sub = _subactivity(subactivity)
    outcome = unset_progress(root, ident, month, sub)
    _edit_report(outcome, root)


@monitoring_app.command("set", help=_("Registra un criterio de la tabla de monitoreo (sí/no con observaciones)."))
def monitoring_set(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] ACUERDO CRITERIO si|no"), help=_(
            "Repositorio (opcional), id del acuerdo, criterio (clave o número 1-14) y respuesta."
        ), show_default=False),
    note: str | None = typer.Option(
        None, "--note", help=_("Observaciones. Si ya había, se agregan después de ellas con la fecha de hoy."), show_default=False
    ),
    replace_note: bool = typer.Option(False, "--replace-note", help=_("Con --note: reemplaza las observaciones anteriores.")),
) -> None:
    from ..edit.agreement import set_monitoring

    path, (ident, criterion, answer) = _path_and(args, [_("ACUERDO"), _("CRITERIO"), _("RESPUESTA")])
    _replace_needs_note(replace_note, note)
    root = root_of(path)
    outcome = set_monitoring(root, ident, criterion, answer, note, replace_note)
    _edit_report(outcome, root)
