"""`coprod export xlsx` and `coprod export csv`: the month's tables to fill in
a spreadsheet (`coprod import xlsx|csv` brings them back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..lang import N_, _
from .application import export_app
from .common import console, escape, parse_month, path_arg

if TYPE_CHECKING:
    from ..pipeline.exchange import ExportRun

_PATH_HELP = N_("El repositorio de acuerdos. Por defecto, la carpeta actual.")
_AS_OF_HELP = N_("Mes de corte AAAA-MM: las filas de avance llegan hasta ese mes (por defecto, el mes actual).")
_ONLY_HELP = N_("Solo este acuerdo (su id); repita la opción o sepárelos con comas para varios.")


def _ids(only: list[str] | None) -> list[str] | None:
    if not only:
        return None
    ids = [part.strip() for value in only for part in value.split(",") if part.strip()]
    return ids or None


def _summary(run: ExportRun, what: str, month: Any, sheets: tuple[str, ...] = ("Avance", "Monitoreo", "Asistencia")) -> None:
    from ..i18n import month_long

    out = console()
    parts = [_("{n} fila(s) en {name}").format(n=n, name=name) for name, n in run.rows.items() if name in sheets]
    out.print(escape(_("✓ {what}, con corte a {value}: {items}.").format(what=what, value=month_long(month), items=', '.join(parts))))
    if run.overdue:
        out.print(escape(_("  {overdue} mes(es) ya pasados sin un nivel válido: resaltados en la hoja Avance.").format(overdue=run.overdue)))
    if run.session is None and "Asistencia" in sheets:
        out.print(escape(_("  No hay hoja Asistencia: ninguna sesión se celebró hasta el mes de corte.")))
    if run.unread:
        shown = ", ".join(run.unread[:5]) + ("…" if len(run.unread) > 5 else "")
        console(stderr=True).print(
            escape(_("Aviso: {n} acuerdo(s) no se pudieron leer y no están en la exportación ({shown}). Ejecute «coprod validate».").format(n=len(run.unread), shown=shown))
        )


@export_app.command("xlsx", help=_(
        "Escribe un libro de Excel para registrar el mes: avance, monitoreo y asistencia.\n"
        "\n"
        "Hojas Avance (un nivel y una nota por compromiso de cada mes hasta el mes\n"
        "de corte; los meses pasados sin informar, resaltados), Monitoreo (los 14\n"
        "criterios, Sí/No y observaciones), Asistencia (la última sesión del consejo)\n"
        "y, como referencia, Acuerdos y Actores (protegidas). Sin datos personales.\n"
        "Complete el libro en Excel o LibreOffice y tráigalo con «coprod import xlsx»."
    ))
def export_xlsx(
    path: Path = typer.Argument(Path("."), help=_(_PATH_HELP)),
    out: Path = typer.Option(..., "--out", "-o", help=_("Archivo .xlsx donde escribir el libro.")),
    as_of: str | None = typer.Option(None, "--as-of", help=_(_AS_OF_HELP)),
    only: list[str] | None = typer.Option(None, "--only", help=_(_ONLY_HELP)),
) -> None:
    from ..pipeline.exchange import export_workbook

    month = parse_month(as_of)
    path_arg(out, _("el archivo de «--out»"))
    run = export_workbook(path, out, month, _ids(only))
    _summary(run, _("Libro escrito en {out}").format(out=out), month)


@export_app.command("csv", help=_(
        "Escribe avance.csv y monitoreo.csv para registrar el mes en Google Sheets u otra hoja de cálculo.\n"
        "\n"
        "Las mismas tablas que las hojas Avance y Monitoreo del libro de Excel, en\n"
        "UTF-8, separadas por comas. No cambie las columnas «_clave» ni «_huella»:\n"
        "«coprod import csv» las usa para encontrar cada fila y detectar archivos\n"
        "cambiados desde la exportación."
    ))
def export_csv(
    path: Path = typer.Argument(Path("."), help=_(_PATH_HELP)),
    out: Path = typer.Option(..., "--out", "-o", help=_("Carpeta donde escribir avance.csv y monitoreo.csv (se crea si no existe).")),
    as_of: str | None = typer.Option(None, "--as-of", help=_(_AS_OF_HELP)),
    only: list[str] | None = typer.Option(None, "--only", help=_(_ONLY_HELP)),
) -> None:
    from ..pipeline.exchange import export_tables

    month = parse_month(as_of)
    path_arg(out, _("la carpeta de «--out»"))
    run = export_tables(path, out, month, _ids(only))
    names = ", ".join(p.name for p in run.written)
    _summary(run, _("Tablas escritas en {out} ({names})").format(out=out, names=names), month, ("Avance", "Monitoreo"))
