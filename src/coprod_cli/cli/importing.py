"""`coprod import xlsx|csv`: the values registered in a workbook (or CSV
tables) exported by coprod, written back into the YAML files."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import EXIT_PROBLEMS
from ..lang import N_, _
from .application import import_app
from .common import console, escape, fail, path_arg, root_of, validation_summary


def _split(args: list[str], suffix: str) -> tuple[Path, list[Path]]:
    """``[RUTA] ARCHIVO…``: a first argument that is a folder is the repository."""
    path = Path(".")
    if len(args) > 1 and Path(args[0]).is_dir():
        path, args = Path(args[0]), args[1:]
    if not args:
        fail(_("falta el archivo {suffix} que se importa").format(suffix=suffix))
    return path, [path_arg(Path(a), _("el archivo «{a}»").format(a=a)) for a in args]


#: Problems printed at most (a sheet pasted wrong can have 20 000).
SHOWN = 100


def _report(run: object, root: Path) -> None:
    from ..pipeline.importing import ImportRun

    assert isinstance(run, ImportRun)
    out = console()
    for notice in run.notices:
        out.print(escape(_("Aviso: {notice}").format(notice=notice)))
    if run.problems:
        err = console(stderr=True)
        for problem in run.problems[:SHOWN]:
            err.print(escape(problem.text()))
        n = len(run.problems)
        if n > SHOWN:
            err.print(escape(_("… y {n} problema(s) más.").format(n=n - SHOWN)))
        err.print(escape(_("No se escribió nada: {n} problema(s) en «{source}». Corríjalos en el libro y vuelva a importarlo.").format(n=n, source=run.source)))
        raise typer.Exit(EXIT_PROBLEMS)
    if not run.files:
        out.print(escape(_("Sin cambios: «{source}» dice lo mismo que el repositorio.").format(source=run.source)))
        return
    where = _("{n} archivo(s)").format(n=len(run.files))
    if run.dry_run:
        for line in run.diff.splitlines():
            out.print(escape(line))
        out.print(escape(_("Simulación (--dry-run): se registrarían {cells} valor(es) en {where}; no se escribió nada.").format(cells=run.cells, where=where)))
        return
    out.print(escape(_("{cells} valor(es) registrado(s) en {where}: {items}.").format(cells=run.cells, where=where, items=', '.join(run.files))))
    validation_summary(root)


_DRY = N_("Muestra los cambios (diff) sin escribir nada.")


@import_app.command("xlsx", help=_(
        "Registra en los archivos YAML los valores cambiados en un libro de Excel exportado por coprod.\n"
        "\n"
        "Solo cambian los valores editados (niveles, notas, criterios del monitoreo, asistencia); si\n"
        "alguna celda tiene un problema, o un archivo cambió desde la exportación, no se escribe nada."
    ))
def import_xlsx(
    args: list[str] = typer.Argument(
        ..., metavar=_("[RUTA] ARCHIVO.xlsx"),
        help=_("Repositorio (por defecto, la carpeta actual) y el libro exportado por «coprod export xlsx», ya completado."),
        show_default=False,
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=_(_DRY)),
) -> None:
    from ..pipeline.importing import import_workbook

    path, files = _split(args, ".xlsx")
    if len(files) > 1:
        fail(_("se importa un libro a la vez: sobran {files}").format(files=" ".join(str(f) for f in files[1:])))
    root = root_of(path)
    _report(import_workbook(root, files[0], dry_run), root)


@import_app.command("csv", help=_(
        "Registra en los archivos YAML los valores cambiados en las tablas CSV exportadas por coprod.\n"
        "\n"
        "Acepta el CSV tal como lo guardan Excel (separado por «;»), LibreOffice o Google Sheets (por «,»)."
    ))
def import_csv(
    args: list[str] = typer.Argument(
        ..., metavar=_("[RUTA] ARCHIVO.csv…"),
        help=_("Repositorio (opcional) y una o dos tablas exportadas por «coprod export csv» (avance.csv, monitoreo.csv)."),
        show_default=False,
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=_(_DRY)),
) -> None:
    from ..pipeline.importing import import_tables

    path, files = _split(args, ".csv")
    root = root_of(path)
    _report(import_tables(root, files, dry_run), root)
