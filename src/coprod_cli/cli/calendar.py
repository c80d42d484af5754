"""`coprod calendar`: the sessions, schedule months and decision due dates as an .ics file."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .application import app
from .common import console, escape, parse_month, path_arg


@app.command()
def calendar(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    out: Path = typer.Option(..., "--out", "-o", help="Archivo .ics donde escribir el calendario, o «-» para la salida estándar."),
    as_of: str | None = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM para el estado de los acuerdos de sesión (por defecto, el mes actual)."),
) -> None:
    """Escribe un calendario (iCalendar, RFC 5545) para importar en cualquier aplicación de calendario.

    Contiene cada sesión (con su hora en la zona horaria del cantón, o de día
    completo), una tarea para enviar su convocatoria, los meses del cronograma
    de cada acuerdo y el plazo de cada acuerdo de sesión con su responsable y
    estado. Sin datos personales: se puede compartir. Volver a importarlo
    actualiza los eventos en lugar de duplicarlos.
    """
    from ..i18n import month_long
    from ..pipeline import export_calendar

    month = parse_month(as_of)
    path_arg(out, "el archivo de «--out»")
    run = export_calendar(path, out, month)
    err = console(stderr=True)
    if run.unread:
        shown = ", ".join(run.unread[:5]) + ("…" if len(run.unread) > 5 else "")
        err.print(escape(f"Aviso: {len(run.unread)} archivo(s) no se pudieron leer y no están en el calendario ({shown}). Ejecute «coprod validate»."))
    if run.no_zone:
        err.print(escape(f"Aviso: coprod no conoce la zona horaria del país «{run.no_zone}»: las horas de las sesiones quedan como hora local, sin zona."))
    if run.written is None:
        sys.stdout.buffer.write(run.data)
        sys.stdout.flush()
        return
    console().print(
        escape(
            f"✓ Calendario escrito en {out}: {run.sessions} sesión(es) con su convocatoria, {run.months} mes(es) de cronograma "
            f"y {run.dues} plazo(s) de acuerdos de sesión (estado a {month_long(month)})."
        )
    )
