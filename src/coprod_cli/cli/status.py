"""`coprod status`: the dashboard at a month, for a person or as JSON; over
many cantons, the national roll-up (docs/nacional.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ..lang import _
from .application import app
from .common import choice, console, parse_month

#: A progress bar appears for more cantons than this (on a terminal).
PROGRESS_MIN_CANTONS = 8


@app.command(
    help=_(
        "Tablero: lista de 14 criterios y avance de cada acuerdo, alertas, totales y agregados.\n\n"
        "Las cifras se calculan al mes de corte (--as-of) para que un informe de una\n"
        "sesión pasada se pueda reproducir. Las definiciones están en docs/cifras.md."
    )
    + "\n\n"
    + _(
        "Con varios cantones (varias rutas, o una carpeta cuyas subcarpetas son cantones), "
        "las cifras nacionales: por cantón, por provincia y por eje (docs/nacional.md)."
    )
)
def status(
    paths: list[Path] = typer.Argument(
        None, help=_("El repositorio de acuerdos. Por defecto, la carpeta actual.") + " " + _("Varios, o una carpeta de cantones: cifras nacionales."),
        show_default=False,
    ),
    as_of: str | None = typer.Option(None, "--as-of", help=_("Mes de corte AAAA-MM (por defecto, el mes actual).")),
    format: str = typer.Option("text", "--format", "-f", help=_("text (tablero para personas) o json.")),
) -> None:
    from ..pipeline import compute_status
    from ..pipeline.national import national_cantons

    fmt = choice(format, ("text", "json"), "--format")
    month = parse_month(as_of)
    targets = list(paths or [Path(".")])
    cantons = national_cantons(targets)
    if cantons is not None:
        _national(cantons, month, fmt)
        return
    run = compute_status(targets[0], month)
    if fmt == "json":
        from ..render.status_json import to_json

        sys.stdout.write(to_json(run.figures, run.problems, run.locale, run.management) + "\n")
        return
    from ..render.status_text import render_status

    render_status(run.figures, console(), run.locale, run.problems, run.management)


def national_figures(cantons: Any, month: Any) -> Any:
    """The national roll-up, with a progress bar on stderr on a terminal when there are many cantons."""
    from ..pipeline.national import national_status

    err = console(stderr=True)
    if not (err.is_terminal and len(cantons.roots) > PROGRESS_MIN_CANTONS):
        return national_status(cantons, month)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(_("Leyendo cantones"), total=len(cantons.roots))
        return national_status(cantons, month, lambda _path: bar.advance(task))


def _national(cantons: Any, month: Any, fmt: str) -> None:
    """Exit 0 like one canton's status: the figures are informative, cantons with errors are listed in them."""
    national = national_figures(cantons, month)
    if fmt == "json":
        from ..render.national_json import to_json

        sys.stdout.write(to_json(national) + "\n")
        return
    from ..render.national_text import render_national

    render_national(national, console())
