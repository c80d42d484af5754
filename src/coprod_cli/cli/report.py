"""`coprod report`: prepare the reports, say what the user must know, write them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .application import app
from .common import choice, console, escape, parse_month, path_arg

#: A progress bar appears for more reports than this (on a terminal).
PROGRESS_MIN_REPORTS = 8


@app.command()
def report(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    out: Path = typer.Option(Path("informes"), "--out", "-o", help="Carpeta donde escribir los informes."),
    format: str = typer.Option(
        "both", "--format", "-f",
        help="html, md, both (los dos), pdf (A4, con el paquete mensual; necesita el complemento pdf o un navegador) o docx (la ficha del Anexo 1 para firmar; necesita el complemento docx).",
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM (por defecto, el mes actual)."),
    public: bool = typer.Option(False, "--public", help="Versión pública: sin nombres, correos ni teléfonos de personas."),
    only: str | None = typer.Option(
        None, "--only",
        help="Un solo informe: indice, ficha, monitoreo, avance, actores, convocatoria, acta o anual; o el id de un acuerdo (su ficha).",
    ),
    year: int | None = typer.Option(None, "--year", help="Año del informe anual (por defecto, el del mes de corte)."),
) -> None:
    """Escribe los informes: fichas de los acuerdos, tabla de monitoreo, avance, mapa de actores e informe anual.

    HTML autocontenido (se abre sin internet y se imprime en A4), Markdown
    (para GitHub o GitLab), PDF en A4 y la ficha del Anexo 1 en Word para
    firmar. Un repositorio puede reemplazar cualquier plantilla con su propia
    carpeta templates/.
    """
    from ..pipeline import prepare_reports

    fmt = choice(format, ("html", "md", "both", "pdf", "docx"), "--format")
    month = parse_month(as_of)
    _check_year(year)
    path_arg(out, "la carpeta de «--out»")
    _require_extra(fmt)  # before any work: a missing extra is said at once
    formats = ("html", "md") if fmt == "both" else (fmt,)
    job = prepare_reports(path, out, month, formats, public, only, year)
    _notices(job)
    written = _write(job)
    index = next((p for p in written if p.name.startswith("index.")), written[0] if written else None)
    version = "pública (sin datos personales)" if public else "interna"
    console().print(escape(f"✓ {len(set(written))} informes escritos en {out} (versión {version}, al mes de {month})."))
    if index is not None:
        console().print(escape(f"  Abra {index}"))


def _require_extra(fmt: str) -> None:
    """``--format pdf`` and ``docx`` need an optional extra: a Spanish message (exit 2) when it is missing."""
    if fmt == "pdf":
        from ..pipeline.paper import browser_instead

        browser_instead()  # WeasyPrint, else an installed Edge/Chrome/Chromium, else the Spanish error
    elif fmt == "docx":
        from ..report.worddoc import require_docx

        require_docx()


def _check_year(year: int | None) -> None:
    if year is not None:
        from ..model.types import check_year

        check_year(year, f"--year {year}")


def _notices(job: Any) -> None:
    """What the reports leave out, on stderr, before they are written."""
    err = console(stderr=True)
    for rel in job.ignored:
        err.print(escape(f"Aviso: se ignora «{rel}»: no es el nombre de una plantilla de coprod (vea «Plantillas propias» en el README)."))
    unread = job.ctx.unread_files
    if unread:
        err.print(
            escape(
                f"Aviso: {len(unread)} archivo(s) no se pudieron leer y no están en los informes "
                f"({', '.join(unread[:5])}{'…' if len(unread) > 5 else ''}). Ejecute «coprod validate»."
            )
        )
    if job.ctx.notice:
        err.print(escape(f"Aviso: {job.ctx.notice} Cada informe lo dice en su primera página."))


def _write(job: Any) -> list[Path]:
    """Write the reports, with a progress bar on a terminal when there are many."""
    from ..pipeline import write_reports

    if job.formats == ("pdf",):
        from ..pipeline.paper import write_pdf_reports as write_reports
    elif job.formats == ("docx",):
        from ..pipeline.worddoc import write_docx_reports as write_reports
    err = console(stderr=True)
    if not (err.is_terminal and job.jobs > PROGRESS_MIN_REPORTS):
        return write_reports(job)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("Escribiendo informes", total=job.jobs)
        return write_reports(job, lambda _: bar.advance(task))
