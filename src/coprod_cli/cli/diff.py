"""`coprod diff`: what changed between two git revisions, as Markdown or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..lang import _
from .application import app
from .common import choice, fail, parse_month, path_arg


@app.command(help=_(
        "Resume qué cambió entre dos revisiones git: acuerdos agregados, eliminados y\n"
        "modificados, su lista de criterios y su avance antes y después, y los problemas\n"
        "nuevos y resueltos.\n"
        "\n"
        "Lee las dos revisiones del repositorio git sin tocar la carpeta de trabajo.\n"
        "Sale con 0 (el resumen es informativo) y con 2 si una revisión no existe o la\n"
        "carpeta no está en un repositorio git."
    ))
def diff(
    base: str = typer.Argument(..., help=_("Revisión git de partida (rama, etiqueta o commit), p. ej. origin/main.")),
    head: str = typer.Argument("HEAD", help=_("Revisión git de llegada. Por defecto, HEAD.")),
    path: Path = typer.Argument(Path("."), help=_("La carpeta del repositorio de acuerdos dentro del repositorio git. Por defecto, la actual.")),
    as_of: str | None = typer.Option(
        None, "--as-of", help=_("Mes de corte AAAA-MM para las cifras de ambos lados (por defecto, el mes del commit más reciente de los dos).")
    ),
    format: str = typer.Option("markdown", "--format", "-f", help=_("markdown (o md; para un comentario de pull request) o json.")),
) -> None:
    from ..pipeline import diff_revisions

    fmt = choice(format, ("markdown", "md", "json"), "--format")
    month = parse_month(as_of) if as_of is not None else None
    path_arg(path)
    if not path.is_dir():
        fail(_("«{path}» no es una carpeta").format(path=path))
    head, path = _head_and_path(head, path)
    run = diff_revisions(path, base, head, month)
    if fmt == "json":
        from ..render.diff_json import to_json

        sys.stdout.write(to_json(run.diff) + "\n")
        return
    from ..render.diff_markdown import render_diff_markdown

    sys.stdout.write(render_diff_markdown(run.diff, run.locale))


def _head_and_path(head: str, path: Path) -> tuple[str, Path]:
    """`coprod diff main carpeta`: the second argument is the folder, not a revision."""
    if path == Path(".") and head != "HEAD" and Path(head).is_dir():
        from ..gitrepo import GitError, resolve_commit

        try:
            resolve_commit(Path(head), head)
        except GitError:
            return "HEAD", Path(head)
    return head, path
