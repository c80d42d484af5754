"""`coprod calendar`: the sessions, schedule months and decision due dates as an .ics file."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..lang import _
from .application import app
from .common import console, escape, parse_month, path_arg


@app.command(help=_(
        "Escribe un calendario (iCalendar, RFC 5545) para importar en cualquier aplicación de calendario.\n"
        "\n"
        "Contiene cada sesión (con su hora en la zona horaria del cantón, o de día\n"
        "completo), una tarea para enviar su convocatoria, los meses del cronograma\n"
        "de cada acuerdo y el plazo de cada acuerdo de sesión con su responsable y\n"
        "estado. Sin datos personales: se puede compartir. Volver a importarlo\n"
        "actualiza los eventos en lugar de duplicarlos."
    ))
def calendar(
    path: Path = typer.Argument(Path("."), help=_("El repositorio de acuerdos. Por defecto, la carpeta actual.")),
    out: Path = typer.Option(..., "--out", "-o", help=_("Archivo .ics donde escribir el calendario, o «-» para la salida estándar.")),
    as_of: str | None = typer.Option(None, "--as-of", help=_("Mes de corte AAAA-MM para el estado de los acuerdos de sesión (por defecto, el mes actual).")),
) -> None:
    from ..i18n import month_long
    from ..pipeline import export_calendar

    month = parse_month(as_of)
    path_arg(out, _("el archivo de «--out»"))
    run = export_calendar(path, out, month)
    err = console(stderr=True)
    if run.unread:
        shown = ", ".join(run.unread[:5]) + ("…" if len(run.unread) > 5 else "")
        err.print(escape(_("Aviso: {n} archivo(s) no se pudieron leer y no están en el calendario ({shown}). Ejecute «coprod validate».").format(n=len(run.unread), shown=shown)))
    if run.no_zone:
        err.print(escape(_("Aviso: coprod no conoce la zona horaria del país «{no_zone}»: las horas de las sesiones quedan como hora local, sin zona.").format(no_zone=run.no_zone)))
    if run.written is None:
        sys.stdout.buffer.write(run.data)
        sys.stdout.flush()
        return
    console().print(
        escape(
            _(
                    "✓ Calendario escrito en {out}: {sessions} sesión(es) con su convocatoria, {months} mes(es) de cronograma y "
                    "{dues} plazo(s) de acuerdos de sesión (estado a {value})."
                ).format(out=out, sessions=run.sessions, months=run.months, dues=run.dues, value=month_long(month))
        )
    )
