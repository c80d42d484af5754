"""`coprod export datos`: the public tables and their datapackage.json (open data), of one canton or many."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..lang import _, ngettext
from .application import export_app
from .common import choice, console, escape, parse_month, path_arg

#: At most this many cantons are named one by one in the summary; the rest are in the «cantones» table.
SHOWN = 20


@export_app.command(
    "datos",
    help=_(
        "Escribe los datos abiertos: tablas públicas (CSV o Parquet) y un datapackage.json que las describe.\n\n"
        "Acuerdos, compromisos con su avance, tabla de monitoreo, actores, sesiones y asistencia, planes e indicadores, "
        "con las cifras de «coprod status» al mes de corte. Versión pública: sin nombres, correos ni teléfonos de personas. "
        "El datapackage.json (Frictionless Data Package) dice los campos, tipos y claves de cada tabla.\n\n"
        "Con varios cantones (varios repositorios, o una carpeta cuyas subcarpetas son cantones) escribe un solo paquete: "
        "cada tabla lleva la columna «canton» y la tabla «cantones» dice el estado de cada uno. Vea docs/datos-abiertos.md."
    ),
)
def datos(
    paths: list[Path] | None = typer.Argument(
        None, help=_("Repositorios de acuerdos, o carpetas de cantones. Por defecto, la carpeta actual."), show_default=False
    ),
    out: Path = typer.Option(..., "--out", "-o", help=_("Carpeta donde escribir las tablas y datapackage.json.")),
    format: str = typer.Option("csv", "--format", "-f", help=_("csv (por defecto) o parquet (necesita pyarrow: vea docs/datos-abiertos.md).")),
    as_of: str | None = typer.Option(None, "--as-of", help=_("Mes de corte AAAA-MM (por defecto, el mes actual).")),
) -> None:
    from ..pipeline.national import national_cantons

    fmt = choice(format, ("csv", "parquet"), "--format")
    month = parse_month(as_of)
    path_arg(out, _("la carpeta de «--out»"))
    targets = list(paths or [Path(".")])
    cantons = national_cantons(targets)  # as status and report decide: None is one canton, today's export
    if cantons is not None:
        _national(cantons, out, month, fmt)
    else:
        _one(targets[0], out, month, fmt)


def _one(path: Path, out: Path, month: Any, fmt: str) -> None:
    from ..i18n import month_long
    from ..pipeline import export_open_data
    from ..pipeline.opendata_national import export_one_parquet

    run = export_one_parquet(path, out, month) if fmt == "parquet" else export_open_data(path, out, month)
    err = console(stderr=True)
    if run.unread:
        shown = ", ".join(run.unread[:5]) + ("…" if len(run.unread) > 5 else "")
        err.print(escape(_("Aviso: {n} archivo(s) no se pudieron leer y no están en las tablas ({shown}). Ejecute «coprod validate».").format(
            n=len(run.unread), shown=shown)))
    if run.problems["errors"]:
        err.print(
            escape(
                _("Aviso: el repositorio tiene {n} error(es) («coprod validate»): los valores inválidos "
                  "quedan marcados en las tablas y el paquete puede no validar (claves que no existen).").format(n=run.problems["errors"])
            )
        )
    tables = len(run.files) - 1
    rows = sum(run.rows.values())
    what = _("tablas CSV") if fmt == "csv" else _("tablas Parquet")
    console().print(
        escape(_("✓ Datos abiertos escritos en {out}: {tables} {what} ({rows} filas) y datapackage.json, al mes de {month}.").format(
            out=out, tables=tables, what=what, rows=rows, month=month_long(month)))
    )


def _national(cantons: Any, out: Path, month: Any, fmt: str) -> None:
    from ..i18n import month_long
    from ..pipeline.opendata_national import export_national

    run = export_national(cantons.roots, cantons.skipped, out, month, fmt)
    err = console(stderr=True)
    for shown, reason in run.skipped[:SHOWN]:
        err.print(escape(_("Aviso: «{path}» no se leyó: {reason}.").format(path=shown, reason=reason)))
    if len(run.skipped) > SHOWN:
        err.print(escape(_("Aviso: y {n} carpeta(s) más que no son cantones.").format(n=len(run.skipped) - SHOWN)))
    flagged = [c for c in run.cantons if c.state != "valido"]
    for c in flagged[:SHOWN]:
        err.print(escape(_canton_notice(c)))
    if len(flagged) > SHOWN:
        err.print(escape(_("Aviso: y {n} cantón(es) más con errores o sin leer: vea la columna «estado» de la tabla «cantones».").format(
            n=len(flagged) - SHOWN)))
    read = sum(1 for c in run.cantons if c.state in ("valido", "con_errores"))
    what = _("tablas CSV") if fmt == "csv" else _("tablas Parquet")
    console().print(
        escape(
            ngettext(
                "✓ Datos abiertos de {read} de {n} cantón escritos en {out}: {tables} {what} ({rows} filas) y datapackage.json, al mes de {month}.",
                "✓ Datos abiertos de {read} de {n} cantones escritos en {out}: {tables} {what} ({rows} filas) y datapackage.json, al mes de {month}.",
                len(run.cantons),
            ).format(read=read, n=len(run.cantons), out=out, tables=len(run.files) - 1, what=what, rows=sum(run.rows.values()),
                     month=month_long(month))
        )
    )


def _canton_notice(c: Any) -> str:
    """One line of the summary for a canton that is not clean: which, and why."""
    name = c.name or c.folder
    if c.state == "no_leido":
        return _("Aviso: el cantón de «{folder}» no se pudo leer y no está en las tablas ({reason}).").format(folder=c.folder, reason=c.message)
    if c.state == "duplicado":
        return _("Aviso: «{folder}» es otra vez el cantón «{id}»: no se repite en las tablas (estado «duplicado»).").format(
            folder=c.folder, id=c.message or c.id)
    return _("Aviso: {name} («{folder}») tiene {errors} error(es) y {unread} archivo(s) sin leer («coprod validate»): sus valores "
             "inválidos quedan marcados en las tablas (estado «con_errores»).").format(name=name, folder=c.folder, errors=c.errors, unread=c.unread)
