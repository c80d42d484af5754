"""`coprod pending`: what each actor owes as of a month, as plain text to paste into a message."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .application import app
from .common import parse_month


@app.command()
def pending(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    as_of: str | None = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM (por defecto, el mes actual)."),
    actor: str | None = typer.Option(None, "--actor", help="Solo este actor (su id en actores.yaml)."),
) -> None:
    """Pendientes de cada actor: avances sin informar, acuerdos atrasados, criterios con «No», acuerdos de sesión vencidos o pendientes y la próxima sesión.

    Texto simple en español, sin formato, para pegar en un correo o un mensaje
    de WhatsApp. Las definiciones están en docs/cifras.md.
    """
    from ..pipeline import compute_pending
    from ..render.pending_text import pending_text

    run = compute_pending(path, parse_month(as_of), actor)
    sys.stdout.write(pending_text(run.dues, run.actor, run.locale))
