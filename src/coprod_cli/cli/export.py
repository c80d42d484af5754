"""`coprod export xlsx` and `coprod export csv`: the month's tables to fill in
a spreadsheet (`coprod import xlsx|csv` brings them back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .application import export_app
from .common import console, escape, parse_month, path_arg

if TYPE_CHECKING:
    from ..pipeline.exchange import ExportRun

_PATH_HELP = "El repositorio de acuerdos. Por defecto, la carpeta actual."
_AS_OF_HELP = "Mes de corte AAAA-MM: las filas de avance llegan hasta ese mes (por defecto, el mes actual)."
_ONLY_HELP = "Solo este acuerdo (su id); repita la opción o sepárelos con comas para varios."


def _ids(only: list[str] | None) -> list[str] | None:
    if not only:
        return None
    ids = [part.strip() for value in only for part in value.split(",") if part.strip()]
    return ids or None


def _summary(run: ExportRun, what: str, month: Any, sheets: tuple[str, ...] = ("Avance", "Monitoreo", "Asistencia")) -> None:
    from ..i18n import month_long

    out = console()
    parts = [f"{n} fila(s) en {name}" for name, n in run.rows.items() if name in sheets]
    out.print(escape(f"✓ {what}, con corte a {month_long(month)}: {', '.join(parts)}."))
    if run.overdue:
        out.print(escape(f"  {run.overdue} mes(es) ya pasados sin un nivel válido: resaltados en la hoja Avance."))
    if run.session is None and "Asistencia" in sheets:
        out.print(escape("  No hay hoja Asistencia: ninguna sesión se celebró hasta el mes de corte."))
    if run.unread:
        shown = ", ".join(run.unread[:5]) + ("…" if len(run.unread) > 5 else "")
        console(stderr=True).print(
            escape(f"Aviso: {len(run.unread)} acuerdo(s) no se pudieron leer y no están en la exportación ({shown}). Ejecute «coprod validate».")
        )


@export_app.command("xlsx")
def export_xlsx(
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="Archivo .xlsx donde escribir el libro."),
    as_of: str | None = typer.Option(None, "--as-of", help=_AS_OF_HELP),
    only: list[str] | None = typer.Option(None, "--only", help=_ONLY_HELP),
) -> None:
    """Escribe un libro de Excel para registrar el mes: avance, monitoreo y asistencia.

    Hojas Avance (un nivel y una nota por compromiso de cada mes hasta el mes
    de corte; los meses pasados sin informar, resaltados), Monitoreo (los 14
    criterios, Sí/No y observaciones), Asistencia (la última sesión del consejo)
    y, como referencia, Acuerdos y Actores (protegidas). Sin datos personales.
    Complete el libro en Excel o LibreOffice y tráigalo con «coprod import xlsx».
    """
    from ..pipeline.exchange import export_workbook

    month = parse_month(as_of)
    path_arg(out, "el archivo de «--out»")
    run = export_workbook(path, out, month, _ids(only))
    _summary(run, f"Libro escrito en {out}", month)


@export_app.command("csv")
def export_csv(
    path: Path = typer.Argument(Path("."), help=_PATH_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="Carpeta donde escribir avance.csv y monitoreo.csv (se crea si no existe)."),
    as_of: str | None = typer.Option(None, "--as-of", help=_AS_OF_HELP),
    only: list[str] | None = typer.Option(None, "--only", help=_ONLY_HELP),
) -> None:
    """Escribe avance.csv y monitoreo.csv para registrar el mes en Google Sheets u otra hoja de cálculo.

    Las mismas tablas que las hojas Avance y Monitoreo del libro de Excel, en
    UTF-8, separadas por comas. No cambie las columnas «_clave» ni «_huella»:
    «coprod import csv» las usa para encontrar cada fila y detectar archivos
    cambiados desde la exportación.
    """
    from ..pipeline.exchange import export_tables

    month = parse_month(as_of)
    path_arg(out, "la carpeta de «--out»")
    run = export_tables(path, out, month, _ids(only))
    names = ", ".join(p.name for p in run.written)
    _summary(run, f"Tablas escritas en {out} ({names})", month, ("Avance", "Monitoreo"))
