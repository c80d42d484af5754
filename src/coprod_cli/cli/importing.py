"""`coprod import xlsx|csv`: the values registered in a workbook (or CSV
tables) exported by coprod, written back into the YAML files."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import EXIT_PROBLEMS
from .application import import_app
from .common import console, escape, fail, path_arg, root_of, validation_summary


def _split(args: list[str], suffix: str) -> tuple[Path, list[Path]]:
    """``[RUTA] ARCHIVO…``: a first argument that is a folder is the repository."""
    path = Path(".")
    if len(args) > 1 and Path(args[0]).is_dir():
        path, args = Path(args[0]), args[1:]
    if not args:
        fail(f"falta el archivo {suffix} que se importa")
    return path, [path_arg(Path(a), f"el archivo «{a}»") for a in args]


#: Problems printed at most (a sheet pasted wrong can have 20 000).
SHOWN = 100


def _report(run: object, root: Path) -> None:
    from ..pipeline.importing import ImportRun

    assert isinstance(run, ImportRun)
    out = console()
    for notice in run.notices:
        out.print(escape(f"Aviso: {notice}"))
    if run.problems:
        err = console(stderr=True)
        for problem in run.problems[:SHOWN]:
            err.print(escape(problem.text()))
        n = len(run.problems)
        if n > SHOWN:
            err.print(escape(f"… y {n - SHOWN} problema(s) más."))
        err.print(escape(f"No se escribió nada: {n} problema(s) en «{run.source}». Corríjalos en el libro y vuelva a importarlo."))
        raise typer.Exit(EXIT_PROBLEMS)
    if not run.files:
        out.print(escape(f"Sin cambios: «{run.source}» dice lo mismo que el repositorio."))
        return
    where = f"{len(run.files)} archivo(s)"
    if run.dry_run:
        for line in run.diff.splitlines():
            out.print(escape(line))
        out.print(escape(f"Simulación (--dry-run): se registrarían {run.cells} valor(es) en {where}; no se escribió nada."))
        return
    out.print(escape(f"{run.cells} valor(es) registrado(s) en {where}: {', '.join(run.files)}."))
    validation_summary(root)


_DRY = "Muestra los cambios (diff) sin escribir nada."


@import_app.command("xlsx")
def import_xlsx(
    args: list[str] = typer.Argument(
        ..., metavar="[RUTA] ARCHIVO.xlsx",
        help="Repositorio (por defecto, la carpeta actual) y el libro exportado por «coprod export xlsx», ya completado.",
        show_default=False,
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=_DRY),
) -> None:
    """Registra en los archivos YAML los valores cambiados en un libro de Excel exportado por coprod.

    Solo cambian los valores editados (niveles, notas, criterios del monitoreo, asistencia); si
    alguna celda tiene un problema, o un archivo cambió desde la exportación, no se escribe nada."""
    from ..pipeline.importing import import_workbook

    path, files = _split(args, ".xlsx")
    if len(files) > 1:
        fail("se importa un libro a la vez: sobran " + " ".join(str(f) for f in files[1:]))
    root = root_of(path)
    _report(import_workbook(root, files[0], dry_run), root)


@import_app.command("csv")
def import_csv(
    args: list[str] = typer.Argument(
        ..., metavar="[RUTA] ARCHIVO.csv…",
        help="Repositorio (opcional) y una o dos tablas exportadas por «coprod export csv» (avance.csv, monitoreo.csv).",
        show_default=False,
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=_DRY),
) -> None:
    """Registra en los archivos YAML los valores cambiados en las tablas CSV exportadas por coprod.

    Acepta el CSV tal como lo guardan Excel (separado por «;»), LibreOffice o Google Sheets (por «,»)."""
    from ..pipeline.importing import import_tables

    path, files = _split(args, ".csv")
    root = root_of(path)
    _report(import_tables(root, files, dry_run), root)
