"""``/nuevo``: add an agreement (``coprod new agreement``) or an actor
(``coprod new actor``) from the template, with the same scaffold functions
(scaffold/new.py: the next free id, checked against the repository, never
overwriting). Every value is first read with the checks of `coprod new`'s own
questions (scaffold/answers.py), so a message sits next to its field."""

from __future__ import annotations

from typing import Any

from ..errors import CoprodError
from ..lang import _
from ..model import labels
from .agreements import refused, web_words
from .forms import FormErrors, read_form, snapshot_file
from .pages import page
from .state import state_of

#: Where a value came from, for the scaffold's messages: the form's labels, never an option nobody typed.
ORIGIN = {
    "title": "«Título»", "id": "«Id»", "lead": "«Actor encargado»", "collaborators": "«Actores colaboradores»",
    "start": "«Inicio del plazo»", "end": "«Fin del plazo»", "axis": "«Eje y acción estratégica»",
    "action": "«Eje y acción estratégica»", "objective": "«Objetivo»", "civil_society": "«Sociedad civil»",
}
AGREEMENT_FIELDS = ("titulo", "id", "encargado", "sociedad_civil", "objetivo", "forma", "estado", "plan", "inicio",
                    "fin", "accion")
ACTOR_FIELDS = ("nombre", "siglas", "sector", "nivel", "id", "espacios", "temas")


def routes() -> list[Any]:
    from starlette.routing import Route

    return [
        Route("/nuevo", index, methods=["GET"]),
        Route("/nuevo/acuerdo", agreement_form, methods=["GET"]),
        Route("/nuevo/acuerdo", create_agreement, methods=["POST"]),
        Route("/nuevo/actor", actor_form, methods=["GET"]),
        Route("/nuevo/actor", create_actor, methods=["POST"]),
    ]


def _translated(table: dict[str, str]) -> list[tuple[str, str]]:
    """A select's (value, label) from a table of labels.py (``N_``), the labels in the language in use."""
    return [(key, _(label)) for key, label in table.items()]


async def index(request: Any) -> Any:
    return page("nuevo.html.j2", request, title=_("Agregar"))


# --- agreement -----------------------------------------------------------------------------------


def _choices(repo: Any) -> dict[str, Any]:
    """What the selects offer: the repository's actors, plan years and axes with their actions."""
    from ..scaffold.answers import actor_choices, plan_years

    axes = []
    if repo.manifest is not None:
        axes = [(e.id, e.nombre, [(a.numero, a.nombre) for a in e.acciones]) for e in repo.manifest.estrategia.ejes if e.acciones]
    return {"actors": actor_choices(repo), "years": plan_years(repo), "axes": axes, "formas": _translated(labels.FORMA),
            "estados": _translated(labels.ESTADO)}


def _render_agreement(request: Any, status: int = 200, errors: FormErrors | None = None,
                      typed: dict[str, Any] | None = None) -> Any:
    from ..scaffold.new import default_plan

    repo = state_of(request).repository()
    values: dict[str, Any] = dict.fromkeys(AGREEMENT_FIELDS, "")
    plan = default_plan(repo)
    values.update(estado="borrador", plan=str(plan) if plan else "", colaboradores=[])
    if typed:
        values.update(typed)
    return page("nuevo-acuerdo.html.j2", request, status=status, title=_("Nuevo acuerdo"), values=values,
                errors=errors or FormErrors(), **_choices(repo))


async def agreement_form(request: Any) -> Any:
    return _render_agreement(request)


def _plan(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not value.isdigit():
        raise CoprodError(f"«{value}» no es el año de un plan anual")
    return int(value)


def _month(text: str) -> Any:
    from ..scaffold.answers import check_month

    return check_month(text, None)


def _axis_action(repo: Any, text: str) -> tuple[str | None, int | None]:
    """«eje|número» of the select: both checked as `coprod new agreement --axis --action` does."""
    from ..scaffold.answers import check_action, check_schedule_axis

    if not text.strip():
        return None, None
    axis_text, _, action_text = text.partition("|")
    axis = check_schedule_axis(repo, axis_text, None)
    return axis, check_action(repo, axis, action_text, None)


def _read_agreement(repo: Any, form: dict[str, str], collaborators: list[str], errors: FormErrors) -> Any:
    """The options of `coprod new agreement`, each value checked at its field; None when one is refused."""
    from ..scaffold import answers
    from ..scaffold.init import clean_text
    from ..scaffold.new import ESTADOS, FORMAS, AgreementOptions

    title = errors.take("titulo", lambda v: answers.check_title(v, None), form.get("titulo", ""))
    if form.get("id", "").strip() and title:
        errors.take("id", lambda v: answers.check_new_id(repo, v, title), form["id"])
    actors = errors.take("encargado", answers.actor_lookup, repo)  # type: ignore[arg-type]
    if actors is not None:
        errors.take("encargado", lambda v: actors.resolve(v, None), form.get("encargado", ""))
        for c in collaborators:
            errors.take("colaboradores", lambda v: actors.resolve(v, None), c)
    errors.take("objetivo", lambda v: clean_text(v, "el objetivo"), form.get("objetivo", ""))
    errors.take("sociedad_civil", lambda v: clean_text(v, "la sociedad civil"), form.get("sociedad_civil", ""))
    forma, estado = form.get("forma", ""), form.get("estado", "borrador")
    if forma and forma not in FORMAS:
        errors.add("forma", f"Forma desconocida «{forma}»: elija una de la lista.")
    if estado not in ESTADOS:
        errors.add("estado", f"Estado desconocido «{estado}»: elija uno de la lista.")
    plan = errors.take("plan", _plan, form.get("plan", ""))
    start, end = form.get("inicio", "").strip(), form.get("fin", "").strip()
    months = [errors.take(name, _month, v) for name, v in (("inicio", start), ("fin", end)) if v]
    if bool(start) != bool(end):
        errors.add("fin" if start else "inicio", "El plazo necesita las dos fechas: el inicio y el fin (AAAA-MM).")
    elif len(months) == 2 and months[0] is not None and months[1] is not None:
        errors.take("fin", lambda _: answers.check_term(months[0], months[1]), end)  # type: ignore[arg-type]
    axis_action = errors.take("accion", lambda v: _axis_action(repo, v), form.get("accion", "")) or (None, None)
    if errors:
        errors.by_field = {k: web_words(v) for k, v in errors.by_field.items()}
        return None
    return AgreementOptions(
        title=form["titulo"], lead=form.get("encargado", ""), id=form.get("id", "").strip() or None,
        collaborators=collaborators, civil_society=form.get("sociedad_civil") or None,
        objective=form.get("objetivo") or None, form=forma or None, status=estado, plan=plan,
        start=start or None, end=end or None, axis=axis_action[0], action=axis_action[1], origin=dict(ORIGIN),
    )


async def create_agreement(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from ..scaffold.new import new_agreement
    from .forms import read_multi

    multi = await read_multi(request)
    form = {k: v[-1] for k, v in multi.items()}
    collaborators = [c for c in multi.get("colaboradores", []) if c.strip()]
    state = state_of(request)
    repo = state.repository()
    errors = FormErrors()
    typed = {**form, "colaboradores": collaborators}
    opts = _read_agreement(repo, form, collaborators, errors)
    if opts is None:
        return _render_agreement(request, 422, errors, typed)
    try:
        created = await run_in_threadpool(new_agreement, state.root, opts)
    except CoprodError as exc:
        errors.add("", refused(exc, "No se creó nada."))
        return _render_agreement(request, 422, errors, typed)
    return await _created_page(request, created.rel, b"", f"Acuerdo «{created.id}» creado",
                         [f"Creado «{created.rel}» a partir de la plantilla: complete sus secciones en el archivo."],
                         link=(f"/acuerdos/{created.id}", f"Ir a la página del acuerdo «{created.id}»"))


async def _created_page(request: Any, rel: str, before: bytes, title: str, lines: list[str], link: tuple[str, str]) -> Any:
    from .progress import Written, written_files_page

    after = snapshot_file(state_of(request).root / rel)
    done = Written([(rel, before, after)], {rel: lines})
    return await written_files_page(request, done, back="/nuevo", title=title, link=link)


# --- actor ---------------------------------------------------------------------------------------


def _render_actor(request: Any, status: int = 200, errors: FormErrors | None = None, typed: dict[str, str] | None = None) -> Any:
    values = dict.fromkeys(ACTOR_FIELDS, "")
    if typed:
        values.update(typed)
    return page("nuevo-actor.html.j2", request, status=status, title=_("Nuevo actor"), values=values,
                errors=errors or FormErrors(), sectores=_translated(labels.SECTOR),
                niveles=_translated(labels.NIVEL_ACTOR))


async def actor_form(request: Any) -> Any:
    return _render_actor(request)


def _listed(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def _read_actor(form: dict[str, str], errors: FormErrors) -> Any:
    from ..model.types import NAME_MAX, SLUG_RE
    from ..scaffold.init import clean_text
    from ..scaffold.new import NIVELES_ACTOR, SECTORES, ActorOptions

    errors.take("nombre", lambda v: clean_text(v, "el nombre del actor", required=True, limit=NAME_MAX), form.get("nombre", ""))
    errors.take("siglas", lambda v: clean_text(v, "las siglas", limit=NAME_MAX), form.get("siglas", ""))
    sector, level, ident = form.get("sector", ""), form.get("nivel", ""), form.get("id", "").strip()
    if sector not in SECTORES:
        errors.add("sector", _("Elija el sector del actor.") if not sector else _("Sector desconocido «{sector}»: elija uno de la lista.").format(sector=sector))
    if level not in NIVELES_ACTOR:
        errors.add("nivel", _("Elija el nivel del actor.") if not level else _("Nivel desconocido «{level}»: elija uno de la lista.").format(level=level))
    if ident and not SLUG_RE.match(ident):
        errors.add("id", _("«{ident}» no es un id válido: use minúsculas sin tildes, números y guiones.").format(ident=ident))
    for name in ("espacios", "temas"):
        for item in _listed(form.get(name, "")):
            errors.take(name, lambda v: clean_text(v, "cada elemento de la lista"), item)
    if errors:
        return None
    return ActorOptions(name=form["nombre"], sector=sector, level=level, acronym=form.get("siglas") or None,
                        id=ident or None, spaces=_listed(form.get("espacios", "")), themes=_listed(form.get("temas", "")))


async def create_actor(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from ..load.repository import ACTORS
    from ..scaffold.new import new_actor

    form = await read_form(request)
    errors = FormErrors()
    opts = _read_actor(form, errors)
    if opts is None:
        return _render_actor(request, 422, errors, form)
    root = state_of(request).root
    before = snapshot_file(root / ACTORS)
    try:
        created = await run_in_threadpool(new_actor, root, opts)
    except CoprodError as exc:
        field = "id" if "actor «" in str(exc) and "ya existe" in str(exc) else ""
        errors.add(field, refused(exc))
        return _render_actor(request, 422, errors, form)
    return await _created_page(request, created.rel, before, _("Actor «{id}» agregado").format(id=created.id),
                         [_("Agregado el actor «{id}» al final de «{rel}»: escriba su titular y su suplente en el archivo.").format(id=created.id, rel=created.rel)],
                         link=("/nuevo/acuerdo", _("Agregar un acuerdo")))
