"""`coprod status`: the dashboard at a month, for a person or as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .application import app
from .common import choice, console, parse_month


@app.command()
def status(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    as_of: str | None = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM (por defecto, el mes actual)."),
    format: str = typer.Option("text", "--format", "-f", help="text (tablero para personas) o json."),
) -> None:
    """Tablero: lista de 14 criterios y avance de cada acuerdo, alertas, totales y agregados.

    Las cifras se calculan al mes de corte (--as-of) para que un informe de una
    sesión pasada se pueda reproducir. Las definiciones están en docs/cifras.md.
    """
    from ..pipeline import compute_status

    fmt = choice(format, ("text", "json"), "--format")
    run = compute_status(path, parse_month(as_of))
    if fmt == "json":
        from ..render.status_json import to_json

        sys.stdout.write(to_json(run.figures, run.problems, run.locale, run.management) + "\n")
        return
    from ..render.status_text import render_status

    render_status(run.figures, console(), run.locale, run.problems, run.management)
