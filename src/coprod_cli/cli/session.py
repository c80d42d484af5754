"""`coprod attendance set` and `coprod decision add|done`: one entry of a
session's file written (every other byte kept), then the repository re-checked."""

from __future__ import annotations

from pathlib import Path

import typer

from ..lang import _
from .application import app
from .common import CONTEXT, fail, root_of
from .edit import _edit_report, _path_and, _replace_needs_note

attendance_app = typer.Typer(
    help=_("Asistencia a las sesiones (protocolo A.2.1 y B.2): titular, suplente, ausente o justificada."),
    no_args_is_help=True, context_settings=CONTEXT,
)
decision_app = typer.Typer(
    help=_("Acuerdos de las sesiones (protocolo A.2.4): agregar uno o marcarlo cumplido."),
    no_args_is_help=True, context_settings=CONTEXT,
)
app.add_typer(attendance_app, name="attendance")
app.add_typer(decision_app, name="decision")


def _attendance_args(args: list[str], everyone: bool) -> tuple[Path, str, list[str], str]:
    """``[RUTA] SESIÓN ACTOR… ESTADO`` (``[RUTA] SESIÓN ESTADO`` with --all).

    RUTA is told apart by being a folder: a session is a date or a file, never a folder."""
    path = Path(".")
    if len(args) > 1 and Path(args[0]).is_dir():
        path, args = Path(args[0]), args[1:]
    needed = 2 if everyone else 3
    if len(args) < needed:
        names = [_("SESIÓN"), _("ESTADO")] if everyone else [_("SESIÓN"), _("ACTOR"), _("ESTADO")]
        fail(_("falta el argumento «{name}»").format(name=names[len(args)]))
    if everyone and len(args) > 2:
        fail(_("con «--all» no se nombran actores (sobran: {items})").format(items=' '.join(args[1:-1])))
    actors = [part.strip() for a in args[1:-1] for part in a.split(",") if part.strip()]
    return path, args[0], actors, args[-1]


@attendance_app.command("set", help=_("Registra quién representó a un actor en una sesión; agrega el actor a la lista si no estaba."))
def attendance_set(
    args: list[str] = typer.Argument(
        ..., metavar=_("[RUTA] SESIÓN ACTOR… ESTADO"),
        help=_("Repositorio (opcional), sesión (fecha AAAA-MM-DD, nombre o ruta del archivo), uno o más actores "
        "(id, siglas o nombre) y el estado: titular, suplente, ausente o justificada."),
        show_default=False,
    ),
    everyone: bool = typer.Option(False, "--all", help=_("Todos los actores de la lista de asistencia de la sesión.")),
    name: str | None = typer.Option(None, "--name", help=_("Nombre de quien asistió, si no es el titular ni el suplente (dato personal)."), show_default=False),
    note: str | None = typer.Option(None, "--note", help=_("Nota. Si ya había una, se agrega después de ella con la fecha de hoy."), show_default=False),
    replace_note: bool = typer.Option(False, "--replace-note", help=_("Con --note: reemplaza la nota anterior.")),
) -> None:
    from ..pipeline.sessions import record_attendance

    path, session, actors, state = _attendance_args(args, everyone)
    _replace_needs_note(replace_note, note)
    root = root_of(path)
    outcome = record_attendance(root, session, actors, state, name, note, replace_note, everyone)
    _edit_report(outcome, root)


@decision_app.command("add", help=_("Agrega un acuerdo al final de los acuerdos de la sesión («acuerdos_sesion»)."))
def decision_add(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] SESIÓN"), help=_("Repositorio (opcional) y sesión (fecha AAAA-MM-DD, nombre o ruta del archivo)."), show_default=False),
    text: str = typer.Option(..., "--text", help=_("Qué se acordó."), show_default=False),
    responsible: str | None = typer.Option(None, "--responsible", help=_("Actor responsable (id, siglas o nombre)."), show_default=False),
    due: str | None = typer.Option(None, "--due", help="Plazo, AAAA-MM-DD.", show_default=False),
    agreement: list[str] | None = typer.Option(None, "--agreement", help=_("Id de un acuerdo de coproducción relacionado; repita la opción para varios."), show_default=False),
    elevate: bool = typer.Option(False, "--elevate", help=_("Necesidad elevada a la Comisión Ejecutiva (B.1.2).")),
    note: str | None = typer.Option(None, "--note", help="Nota.", show_default=False),
) -> None:
    from ..edit.session import NewDecision
    from ..pipeline.sessions import record_decision

    path, (session,) = _path_and(args, [_("SESIÓN")])
    root = root_of(path)
    agreements = [part.strip() for a in agreement or [] for part in a.split(",") if part.strip()]
    outcome = record_decision(root, session, NewDecision(text, responsible, due, agreements, elevate, note))
    _edit_report(outcome, root)


@decision_app.command("done", help=_("Marca cumplido el acuerdo N de una sesión, con la fecha en que se cumplió."))
def decision_done(
    args: list[str] = typer.Argument(..., metavar=_("[RUTA] SESIÓN N"), help=_("Repositorio (opcional), sesión y número del acuerdo (1, 2, … en el orden del archivo)."), show_default=False),
    date: str | None = typer.Option(None, "--date", help=_("Fecha en que se cumplió, AAAA-MM-DD (por defecto, hoy)."), show_default=False),
) -> None:
    from ..pipeline.sessions import record_decision_done

    path, (session, number) = _path_and(args, [_("SESIÓN"), "N"])
    root = root_of(path)
    outcome = record_decision_done(root, session, number, date)
    _edit_report(outcome, root)
