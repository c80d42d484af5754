"""`coprod validate`: parse the options, run pipeline.validate_repository,
write the chosen format, exit 0 or 1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..lang import _
from ..render.validation import FORMATS
from .application import app
from .common import choice, console, parse_month, progress

#: The formats `--format` accepts (render/validation.py: the table of formatters).
VALIDATE_FORMATS = FORMATS


def _validate_format(value: str | None) -> str:
    """--format, or "auto": github inside GitHub Actions, text elsewhere."""
    if value is None or value == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return choice(value, VALIDATE_FORMATS, "--format")


@app.command(help=_(
        "Revisa los archivos del repositorio: sintaxis, esquema y reglas entre archivos.\n"
        "\n"
        "Sale con 0 si no hay problemas, 1 si hay errores (o advertencias con\n"
        "--strict) y 2 si la ruta no es un repositorio o la orden está mal escrita."
    ))
def validate(
    paths: list[Path] | None = typer.Argument(
        None, help=_("Repositorio(s) de acuerdos, o archivos dentro de uno. Por defecto, la carpeta actual."), show_default=False
    ),
    format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help=(
            _("Formato de salida: text (para personas), json, github (anotaciones de GitHub Actions), "
            "sarif, junit o gitlab (Code Quality). Por defecto text, o github si GITHUB_ACTIONS=true.")
        ),
        show_default=False,
    ),
    strict: bool = typer.Option(False, "--strict", help=_("Las advertencias también hacen fallar la validación.")),
    changed_since: str | None = typer.Option(
        None,
        "--changed-since",
        metavar="REV",
        help=_("Informa solo de los archivos cambiados desde la revisión git REV y de los que los nombran."),
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help=_("No usa ni escribe la caché (.coprod-cache/) de los archivos sin cambios.")
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar=_("AAAA-MM"),
        help=_("Mes de corte de las reglas que dependen de la fecha (avances futuros, decisiones vencidas, ausencias…); por defecto, el mes actual."),
    ),
) -> None:
    from ..pipeline import validate_repository

    fmt = _validate_format(format)
    month = parse_month(as_of) if as_of is not None else None
    run = validate_repository(
        list(paths or []),
        changed_since=changed_since,
        use_cache=not no_cache,
        as_of=month,
        progress=lambda: progress(_("Leyendo archivos"), enabled=fmt == "text"),
    )
    _write(fmt, run.results, strict)
    raise typer.Exit(EXIT_PROBLEMS if run.failing(strict) else EXIT_OK)


def _write(fmt: str, results: list[Any], strict: bool) -> None:
    """One serialisation of the results, written by the formatter of ``fmt``."""
    from ..render.validation import CI_PATHS, FORMATTERS, serialise

    prefixes = None
    if fmt in CI_PATHS:
        from ..gitrepo import workspace_prefix

        prefixes = {r.repo.root: workspace_prefix(r.repo.root) for r in results}
    out = FORMATTERS[fmt](serialise(results, strict, prefixes))
    if isinstance(out, str):
        sys.stdout.write(out)
    else:
        console().print(out)
