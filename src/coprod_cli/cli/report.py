"""`coprod report`: prepare the reports, say what the user must know, write them;
over many cantons, the national report (docs/nacional.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..lang import _
from .application import app
from .common import choice, console, escape, parse_month, path_arg

#: A progress bar appears for more reports than this (on a terminal).
PROGRESS_MIN_REPORTS = 8


@app.command(
    help=_(
        "Escribe los informes: fichas de los acuerdos, tabla de monitoreo, avance, mapa de actores e informe anual.\n\n"
        "HTML autocontenido (se abre sin internet y se imprime en A4), Markdown\n"
        "(para GitHub o GitLab), PDF en A4 y la ficha del Anexo 1 en Word para\n"
        "firmar. Un repositorio puede reemplazar cualquier plantilla con su propia\n"
        "carpeta templates/."
    )
    + "\n\n"
    + _(
        "Con varios cantones (varias rutas, o una carpeta cuyas subcarpetas son cantones), "
        "el informe nacional, siempre público, con las plantillas de coprod (docs/nacional.md)."
    )
)
def report(
    paths: list[Path] = typer.Argument(
        None, help=_("El repositorio de acuerdos. Por defecto, la carpeta actual.") + " " + _("Varios, o una carpeta de cantones: informe nacional."),
        show_default=False,
    ),
    out: Path = typer.Option(Path("informes"), "--out", "-o", help=_("Carpeta donde escribir los informes.")),
    format: str = typer.Option(
        "both", "--format", "-f",
        help=_("html, md, both (los dos), pdf (A4, con el paquete mensual; necesita el complemento pdf o un navegador) o docx (la ficha del Anexo 1 para firmar; necesita el complemento docx)."),
    ),
    as_of: str | None = typer.Option(None, "--as-of", help=_("Mes de corte AAAA-MM (por defecto, el mes actual).")),
    public: bool = typer.Option(False, "--public", help=_("Versión pública: sin nombres, correos ni teléfonos de personas.")),
    only: str | None = typer.Option(
        None, "--only",
        help=_("Un solo informe: indice, ficha, monitoreo, avance, actores, convocatoria, acta o anual; o el id de un acuerdo (su ficha)."),
    ),
    year: int | None = typer.Option(None, "--year", help=_("Año del informe anual (por defecto, el del mes de corte).")),
) -> None:
    from ..pipeline import prepare_reports
    from ..pipeline.national import national_cantons

    fmt = choice(format, ("html", "md", "both", "pdf", "docx"), "--format")
    month = parse_month(as_of)
    _check_year(year)
    path_arg(out, _("la carpeta de «--out»"))
    targets = list(paths or [Path(".")])
    cantons = national_cantons(targets)
    if cantons is not None:
        _national_report(cantons, out, month, fmt, only, year)
        return
    _require_extra(fmt)  # before any work: a missing extra is said at once
    formats = ("html", "md") if fmt == "both" else (fmt,)
    job = prepare_reports(targets[0], out, month, formats, public, only, year)
    _notices(job)
    written = _write(job)
    index = next((p for p in written if p.name.startswith("index.")), written[0] if written else None)
    version = _("pública (sin datos personales)") if public else _("interna")
    console().print(escape(_("✓ {n} informes escritos en {out} (versión {version}, al mes de {month}).").format(n=len(set(written)), out=out, version=version, month=month)))
    if index is not None:
        console().print(escape(_("  Abra {index}").format(index=index)))


def _national_report(cantons: Any, out: Path, month: Any, fmt: str, only: str | None, year: int | None) -> None:
    """The national report: always public, coprod's own templates; html, md, both or pdf."""
    from ..errors import CoprodError
    from ..pipeline.inputs import report_folder
    from ..pipeline.national import write_national
    from .status import national_figures

    if fmt == "docx" or only is not None or year is not None:
        raise CoprodError(_("con varios cantones, «coprod report» escribe solo el informe nacional: use «--format html, md, both o pdf», sin «--only» ni «--year»"))
    _require_extra(fmt)
    for root in cantons.roots:
        report_folder(out, root)  # never into a canton's source folders, nor through a link inside one
    national = national_figures(cantons, month)
    formats = ("html", "md") if fmt == "both" else (fmt,)
    written = write_national(national, out, formats)
    console().print(escape(_("✓ Informe nacional escrito en {out} ({cantons} cantones, versión pública, al mes de {month}).").format(out=out, cantons=national.total.cantons, month=month)))
    console().print(escape(_("  Abra {index}").format(index=written[0])))
    problems = len(national.with_errors) + len(national.unreadable)
    if problems:
        console(stderr=True).print(escape(_("Aviso: {n} cantón(es) con errores o sin leer; el informe los lista. Ejecute «coprod validate» en cada uno.").format(n=problems)))


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
        err.print(escape(_("Aviso: se ignora «{rel}»: no es el nombre de una plantilla de coprod (vea «Plantillas propias» en el README).").format(rel=rel)))
    unread = job.ctx.unread_files
    if unread:
        err.print(
            escape(
                _("Aviso: {n} archivo(s) no se pudieron leer y no están en los informes ({files}). Ejecute «coprod validate».").format(
                    n=len(unread), files=", ".join(unread[:5]) + ("…" if len(unread) > 5 else "")
                )
            )
        )
    if job.ctx.notice:
        err.print(escape(_("Aviso: {notice} Cada informe lo dice en su primera página.").format(notice=job.ctx.notice)))


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
        task = bar.add_task(_("Escribiendo informes"), total=job.jobs)
        return write_reports(job, lambda _done: bar.advance(task))
