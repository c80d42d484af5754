"""`coprod new agreement | actor | plan | session | docx-template`: a new file (or actor) from its template, never overwriting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..lang import N_, _
from .application import new_app
from .common import console, escape, fail, int_option, root_of, validation_summary
from .prompts import actor_questions, agreement_questions, interactive, plan_year_question

MISSING = N_("falta la opción «{option}» (o ejecute la orden en una terminal para responder las preguntas)")


@new_app.command("agreement", help=_("Crea «acuerdos/<id>.yaml» a partir de la plantilla, con el siguiente id libre."))
def new_agreement(
    path: Path = typer.Argument(Path("."), metavar=_("RUTA"), help=_("Repositorio de acuerdos (por defecto, la carpeta actual)."), show_default=False),
    id: str | None = typer.Option(None, "--id", help=_("Id del acuerdo (por defecto, a partir del título)."), show_default=False),
    title: str | None = typer.Option(None, "--title", help=_("Título del acuerdo."), show_default=False),
    lead: str | None = typer.Option(None, "--lead", help=_("Id del actor encargado (de actores.yaml)."), show_default=False),
    collaborator: list[str] | None = typer.Option(None, "--collaborator", help=_("Id de un actor colaborador; repita la opción para varios."), show_default=False),
    civil_society: str | None = typer.Option(None, "--civil-society", help=_("Actores de la sociedad civil que se integran (texto)."), show_default=False),
    objective: str | None = typer.Option(None, "--objective", help=_("Objetivo del acuerdo."), show_default=False),
    form: str | None = typer.Option(None, "--form", help=_("alianza, coalicion_ciudadana, convenio, contrato, carta_de_entendimiento o alianza_publico_privada."), show_default=False),
    status: str = typer.Option("borrador", "--status", help=_("borrador, firmado, en_ejecucion, concluido o cancelado.")),
    plan: str | None = typer.Option(None, "--plan", help=_("Año del plan anual (por defecto, el del año actual si existe)."), show_default=False),
    start: str | None = typer.Option(None, "--start", help=_("Inicio del plazo, AAAA-MM."), show_default=False),
    end: str | None = typer.Option(None, "--end", help=_("Fin del plazo, AAAA-MM."), show_default=False),
    axis: str | None = typer.Option(None, "--axis", help=_("Eje del cronograma (id de canton.yaml)."), show_default=False),
    action: str | None = typer.Option(None, "--action", help=_("Número de la acción estratégica del cronograma."), show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help=_("No hace preguntas: todo se toma de las opciones.")),
) -> None:
    from ..load.repository import load_repository
    from ..scaffold.new import new_agreement as create

    root = root_of(path)
    origin: dict[str, str] = {}
    answers: dict[str, Any] = dict(
        title=title, id=id, lead=lead, collaborator=collaborator, civil_society=civil_society,
        objective=objective, start=start, end=end, axis=axis, action=action,
    )
    if interactive(no_input):
        answers = agreement_questions(load_repository(root), answers, origin)
    else:
        for value, option in ((title, "--title"), (lead, "--lead")):
            if not value:
                fail(_(MISSING).format(option=option))
    created = create(root, _agreement_options(answers, form, status, plan, origin))
    console().print(escape(_("Creado «{rel}» (acuerdo «{id}»). Complete sus secciones en el archivo.").format(rel=created.rel, id=created.id)))
    validation_summary(root, created.rel)


def _agreement_options(answers: dict[str, Any], form: str | None, status: str, plan: str | None, origin: dict[str, str]) -> Any:
    from ..scaffold.new import AgreementOptions

    return AgreementOptions(
        title=answers["title"] or "",
        lead=answers["lead"] or "",
        id=answers["id"],
        collaborators=list(answers["collaborator"] or []),
        civil_society=answers["civil_society"],
        objective=answers["objective"],
        form=form,
        status=status,
        plan=int_option(plan, "--plan"),
        start=answers["start"],
        end=answers["end"],
        axis=answers["axis"],
        action=int_option(answers["action"], "--action"),
        origin=origin,
    )


@new_app.command("actor", help=_("Agrega un actor al final de «actores.yaml», sin cambiar nada más del archivo."))
def new_actor(
    path: Path = typer.Argument(Path("."), metavar=_("RUTA"), help=_("Repositorio de acuerdos (por defecto, la carpeta actual)."), show_default=False),
    name: str | None = typer.Option(None, "--name", help=_("Nombre del actor."), show_default=False),
    acronym: str | None = typer.Option(None, "--acronym", help=_("Siglas (opcional)."), show_default=False),
    sector: str | None = typer.Option(None, "--sector", help=_("publico_nacional, municipal, sociedad_civil, privado, academia o cooperacion."), show_default=False),
    level: str | None = typer.Option(None, "--level", help=_("nacional, cantonal, distrital o comunal."), show_default=False),
    id: str | None = typer.Option(None, "--id", help=_("Id del actor (por defecto, a partir de las siglas o el nombre)."), show_default=False),
    space: list[str] | None = typer.Option(None, "--space", help=_("Espacio en que participa (CCCI, Red Cantonal…); repita para varios."), show_default=False),
    theme: list[str] | None = typer.Option(None, "--theme", help=_("Tema que trabaja; repita para varios."), show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help=_("No hace preguntas: todo se toma de las opciones.")),
) -> None:
    from ..scaffold.new import ActorOptions
    from ..scaffold.new import new_actor as create

    root = root_of(path)
    answers: dict[str, Any] = dict(name=name, acronym=acronym, sector=sector, level=level)
    if interactive(no_input):
        answers = actor_questions(answers)
    else:
        for value, option in ((name, "--name"), (sector, "--sector"), (level, "--level")):
            if not value:
                fail(_(MISSING).format(option=option))
    created = create(
        root,
        ActorOptions(
            name=answers["name"] or "", sector=answers["sector"] or "", level=answers["level"] or "",
            acronym=answers["acronym"], id=id, spaces=list(space or []), themes=list(theme or []),
        ),
    )
    console().print(escape(_("Agregado el actor «{id}» al final de «{rel}». Escriba su titular y su suplente.").format(id=created.id, rel=created.rel)))
    validation_summary(root, created.rel)


@new_app.command("plan", help=_("Crea «planes/AAAA.yaml» para el año siguiente al último plan (o el de --year)."))
def new_plan(
    path: Path = typer.Argument(Path("."), metavar=_("RUTA"), help=_("Repositorio de acuerdos (por defecto, la carpeta actual)."), show_default=False),
    year: str | None = typer.Option(None, "--year", help=_("Año del plan (por defecto, el siguiente al último plan)."), show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help=_("No hace preguntas: el año es el de --year o el siguiente al último plan.")),
) -> None:
    from ..scaffold.new import new_plan as create

    root = root_of(path)
    chosen = int_option(year, "--year")
    if chosen is None and interactive(no_input):
        from ..load.repository import load_repository

        chosen = plan_year_question(load_repository(root))
    created = create(root, chosen)
    console().print(escape(_("Creado «{rel}» (plan anual {id}).").format(rel=created.rel, id=created.id)))
    validation_summary(root, created.rel)


@new_app.command("session", help=_("Crea «sesiones/AAAA-MM-DD.yaml» con la lista de asistencia de los convocados y una agenda propuesta con lo pendiente."))
def new_session(
    path: Path = typer.Argument(Path("."), metavar=_("RUTA"), help=_("Repositorio de acuerdos (por defecto, la carpeta actual)."), show_default=False),
    date: str | None = typer.Option(None, "--date", help=_("Fecha de la sesión, AAAA-MM-DD."), show_default=False),
    type: str | None = typer.Option(None, "--type", help=_("ordinaria (por defecto) o extraordinaria."), show_default=False),
    body: str | None = typer.Option(None, "--body", help=_("consejo (por defecto), grupo_trabajo, comision_ejecutiva, foro u otra."), show_default=False),
    axis: str | None = typer.Option(None, "--axis", help=_("Eje de la estrategia (id de canton.yaml); obligatorio para un grupo de trabajo."), show_default=False),
    place: str | None = typer.Option(None, "--place", help=_("Lugar de la sesión."), show_default=False),
    suffix: str | None = typer.Option(None, "--suffix", help=_("Sufijo del archivo, para otra sesión el mismo día (sesiones/AAAA-MM-DD-sufijo.yaml)."), show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help=_("No hace preguntas: todo se toma de las opciones.")),
) -> None:
    from ..pipeline.sessions import create_session
    from ..scaffold.session import SessionOptions

    root = root_of(path)
    origin: dict[str, str] = {}
    answers: dict[str, Any] = dict(date=date, type=type, body=body, axis=axis, place=place, suffix=suffix)
    if interactive(no_input):
        from ..load.repository import load_repository
        from .prompts import session_questions

        answers = session_questions(root, load_repository(root), answers, origin)
    elif not date:
        fail(_(MISSING).format(option="--date"))
    opts = SessionOptions(
        date=answers["date"] or "", type=answers["type"] or "ordinaria", body=answers["body"] or "consejo",
        axis=answers["axis"], place=answers["place"], suffix=answers["suffix"], origin=origin,
    )
    created = create_session(root, opts)
    agenda = _("{n} tema(s) de agenda propuestos con lo pendiente").format(n=created.agenda) if created.agenda else _("sin temas pendientes para la agenda")
    console().print(escape(
        _(
                "Creada «{rel}»: {convened} actor(es) convocados (todos «ausente» hasta registrar la asistencia con «coprod "
                "attendance set»), {agenda}. Revise la agenda antes de enviar la convocatoria."
            ).format(rel=created.rel, convened=created.convened, agenda=agenda)
    ))
    validation_summary(root, created.rel)


@new_app.command("docx-template", help=_(
        "Escribe «templates/docx/acuerdo.docx», la plantilla de Word de la ficha del Anexo 1, para editarla en Word "
        "(requiere el complemento docx: vea docs/papel.md).\n"
        "\n"
        "Cambie en Word el encabezado, el logo, la letra o los textos fijos y conserve las\n"
        "etiquetas {{ … }} y {%tr … %}: «coprod report --format docx» la usará en lugar de la de coprod."
    ))
def new_docx_template(
    path: Path = typer.Argument(Path("."), metavar=_("RUTA"), help=_("Repositorio de acuerdos (por defecto, la carpeta actual)."), show_default=False),
    force: bool = typer.Option(False, "--force", help=_("Reemplaza la plantilla si ya existe.")),
) -> None:
    from ..pipeline.worddoc import write_default_template
    from ..report.worddoc import require_docx

    require_docx()
    root = root_of(path)
    target = write_default_template(root, force)
    console().print(escape(_("Escrita «{value}»: ábrala en Word, cámbiela y guárdela como .docx.").format(value=target.relative_to(root).as_posix())))
