"""`coprod pending`: what each actor owes as of a month, as plain text to paste into a message."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..lang import _
from .application import app
from .common import parse_month


@app.command(help=_(
        "Pendientes de cada actor: avances sin informar, acuerdos atrasados, criterios con «No», acuerdos de sesión "
        "vencidos o pendientes y la próxima sesión.\n"
        "\n"
        "Texto simple en español, sin formato, para pegar en un correo o un mensaje\n"
        "de WhatsApp. Las definiciones están en docs/cifras.md."
    ))
def pending(
    path: Path = typer.Argument(Path("."), help=_("El repositorio de acuerdos. Por defecto, la carpeta actual.")),
    as_of: str | None = typer.Option(None, "--as-of", help=_("Mes de corte AAAA-MM (por defecto, el mes actual).")),
    actor: str | None = typer.Option(None, "--actor", help=_("Solo este actor (su id en actores.yaml).")),
) -> None:
    from ..pipeline import compute_pending
    from ..render.pending_text import pending_text

    run = compute_pending(path, parse_month(as_of), actor)
    sys.stdout.write(pending_text(run.dues, run.actor, run.locale))
