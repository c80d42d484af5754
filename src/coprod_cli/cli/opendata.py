"""`coprod export datos`: the public tables and their datapackage.json (open data)."""

from __future__ import annotations

from pathlib import Path

import typer

from .application import export_app
from .common import console, escape, parse_month, path_arg


@export_app.command("datos")
def datos(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    out: Path = typer.Option(..., "--out", "-o", help="Carpeta donde escribir las tablas CSV y datapackage.json."),
    as_of: str | None = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM (por defecto, el mes actual)."),
) -> None:
    """Escribe los datos abiertos: tablas CSV públicas y un datapackage.json que las describe.

    Acuerdos, compromisos con su avance, tabla de monitoreo, actores, sesiones
    y asistencia, planes e indicadores, con las cifras de «coprod status» al
    mes de corte. Versión pública: sin nombres, correos ni teléfonos de
    personas. El datapackage.json (Frictionless Data Package) dice los campos,
    tipos y claves de cada tabla. Vea docs/datos-abiertos.md.
    """
    from ..i18n import month_long
    from ..pipeline import export_open_data

    month = parse_month(as_of)
    path_arg(out, "la carpeta de «--out»")
    run = export_open_data(path, out, month)
    err = console(stderr=True)
    if run.unread:
        shown = ", ".join(run.unread[:5]) + ("…" if len(run.unread) > 5 else "")
        err.print(escape(f"Aviso: {len(run.unread)} archivo(s) no se pudieron leer y no están en las tablas ({shown}). Ejecute «coprod validate»."))
    if run.problems["errors"]:
        err.print(
            escape(
                f"Aviso: el repositorio tiene {run.problems['errors']} error(es) («coprod validate»): los valores inválidos "
                "quedan marcados en las tablas y el paquete puede no validar (claves que no existen)."
            )
        )
    tables = len(run.files) - 1
    rows = sum(run.rows.values())
    console().print(
        escape(f"✓ Datos abiertos escritos en {out}: {tables} tablas CSV ({rows} filas) y datapackage.json, al mes de {month_long(month)}.")
    )
