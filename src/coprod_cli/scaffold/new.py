"""`coprod new agreement|actor|plan`: one new file (or one new actor in the
actor map) from its template, with the next free id, checked against the
repository before anything is written. Never overwrites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ..edit.document import Loaded, item_style, load_model, write_edited
from ..edit.locking import key_for, repository_lock
from ..edit.paths import checked_folder, checked_target, rel
from ..edit.yamltext import is_empty, to_plain
from ..errors import CoprodError
from ..fsutil import atomic_create_bytes, os_error_es
from ..lang import _
from ..load.repository import ACTORS, AGREEMENTS_DIR, PLANS_DIR, YAML_SUFFIXES, Repository, load_repository
from ..model.models import Estado, Forma, MapaActores, Nivel, Sector
from ..model.types import NAME_MAX, SLUG_RE, Month, check_year
from ..model.validate import suggest
from .answers import (  # noqa: F401  (re-exported: `coprod new` and its prompts have always imported them from here)
    Lookup,
    _examples,
    _in,
    actor_choices,
    actor_lookup,
    agreement_ids,
    axis_actions,
    axis_lookup,
    check_action,
    check_month,
    check_new_id,
    check_schedule_axis,
    check_term,
    check_title,
    next_agreement_id,
    plan_years,
)
from .init import check_rendered, clean_text, schema_ref, this_year
from .render import next_free, render, slugify

FORMAS: tuple[str, ...] = get_args(Forma)
ESTADOS: tuple[str, ...] = get_args(Estado)
SECTORES: tuple[str, ...] = get_args(Sector)
NIVELES_ACTOR: tuple[str, ...] = get_args(Nivel)
MODELINE = re.compile(r"^\ufeff?# yaml-language-server: \$schema=(\S+)")


@dataclass
class Created:
    path: Path
    rel: str
    id: str


def _modeline(folder: Path, root: Path, rel_path: str, kind: str) -> str:
    """The schema path a new file's modeline uses: its siblings', else the repository's ``schemas/``."""
    if folder.is_dir():
        for sibling in sorted(folder.iterdir()):
            if sibling.suffix in YAML_SUFFIXES and sibling.is_file() and not sibling.is_symlink():
                try:
                    with sibling.open(encoding="utf-8") as fh:
                        m = MODELINE.match(fh.readline())
                except (OSError, UnicodeDecodeError):
                    continue
                if m:
                    return m.group(1)
    return schema_ref(rel_path, kind)


def _create(root: Path, folder_name: str, name: str, text: str) -> Created:
    folder = checked_folder(root, folder_name)
    path = checked_target(root, folder / name)
    try:
        atomic_create_bytes(path, text.encode("utf-8"))
    except FileExistsError:
        raise CoprodError(_("«{folder_name}/{name}» ya existe; coprod no sobrescribe archivos").format(folder_name=folder_name, name=name)) from None
    except OSError as exc:
        raise CoprodError(_("no se pudo crear «{folder_name}/{name}» ({reason}); no se creó nada").format(folder_name=folder_name, name=name, reason=os_error_es(exc))) from None
    return Created(path, f"{folder_name}/{name}", Path(name).stem)


# --- agreement ------------------------------------------------------------------------------------


@dataclass
class AgreementOptions:
    title: str
    lead: str
    id: str | None = None
    collaborators: list[str] = field(default_factory=list)
    civil_society: str | None = None
    objective: str | None = None
    form: str | None = None
    status: str = "borrador"
    plan: int | None = None
    start: str | None = None
    end: str | None = None
    axis: str | None = None
    action: int | None = None
    #: Where a value came from, for messages: an option by default; an answer
    #: at a prompt sets its question, so no message names an option nobody typed.
    origin: dict[str, str] = field(default_factory=dict)

    def where(self, name: str) -> str:
        options = {
            "title": "--title", "id": "--id", "lead": "--lead", "collaborators": "--collaborator", "start": "--start",
            "end": "--end", "axis": "--axis", "action": "--action", "objective": "--objective",
            "civil_society": "--civil-society",
        }
        return self.origin.get(name, options.get(name, name))


def default_plan(repo: Repository) -> int | None:
    years = plan_years(repo)
    return this_year() if this_year() in years else None


def new_agreement(root: Path, opts: AgreementOptions) -> Created:
    """Why a lock on the folder: two `new agreement` at once must not both pick the same free id."""
    with repository_lock(root, AGREEMENTS_DIR, f"{AGREEMENTS_DIR}/"):
        return _new_agreement(root, opts)


def _new_agreement(root: Path, opts: AgreementOptions) -> Created:
    repo = load_repository(root)
    title = check_title(opts.title, opts.where("title"))
    ident = check_new_id(repo, opts.id, title) if opts.id else next_agreement_id(repo, title)
    actors = actor_lookup(repo)
    lead = actors.resolve(opts.lead, opts.where("lead"))
    collaborators = _collaborators(actors, opts, lead)
    if opts.form is not None and opts.form not in FORMAS:
        raise CoprodError(_("forma desconocida «{form}»{hint}; use una de: {items}").format(form=opts.form, hint=suggest(opts.form, FORMAS), items=', '.join(FORMAS)))
    if opts.status not in ESTADOS:
        raise CoprodError(_("estado desconocido «{status}»{hint}; use uno de: {items}").format(status=opts.status, hint=suggest(opts.status, ESTADOS), items=', '.join(ESTADOS)))
    plan = opts.plan if opts.plan is not None else default_plan(repo)
    if plan is not None and plan not in plan_years(repo):
        raise CoprodError(_("no existe el plan anual {plan} («{plans_dir}/{plan}.yaml»); créelo con «coprod new plan --year {plan}»").format(plan=plan, plans_dir=PLANS_DIR))

    start, end = _term(opts)
    months: list[str] = []
    axis = opts.axis.strip() if opts.axis else None
    action = opts.action
    if axis or action is not None:
        axis, action = _axis_action(repo, axis, action, opts)
        if start and end:
            months = [str(start + i) for i in range(end - start + 1)]

    rel_path = f"{AGREEMENTS_DIR}/{ident}.yaml"
    folder = root / AGREEMENTS_DIR
    text = render(
        "files/acuerdo.yaml.j2",
        schema=_modeline(folder, root, rel_path, "acuerdo"),
        placeholder=False,
        id=ident,
        titulo=title,
        forma=opts.form,
        estado=opts.status,
        plan_anual=plan,
        objetivo=clean_text(opts.objective, _("el objetivo{where}").format(where=_in(opts.where('objective')))),
        civil=clean_text(opts.civil_society, _("los actores de la sociedad civil{where}").format(where=_in(opts.where('civil_society')))),
        lead=lead,
        collaborators=collaborators,
        start=str(start) if start else None,
        end=str(end) if end else None,
        axis=axis,
        action=action,
        months=months,
        year=plan or this_year(),
        ex=_examples(repo),
    )
    from ..model.models import Acuerdo

    check_rendered(rel_path, text, Acuerdo)
    return _create(root, AGREEMENTS_DIR, f"{ident}.yaml", text)


def _collaborators(actors: Lookup, opts: AgreementOptions, lead: str) -> list[str]:
    """The collaborating actors given (ids, acronyms or names, comma-separated), once each, the lead left out."""
    collaborators: list[str] = []
    for c in opts.collaborators:
        for part in c.split(","):
            if part.strip():
                x = actors.resolve(part, opts.where("collaborators"))
                if x not in collaborators and x != lead:
                    collaborators.append(x)
    return collaborators


def _term(opts: AgreementOptions) -> tuple[Month | None, Month | None]:
    """The term's first and last month: both or neither."""
    if not (opts.start or opts.end):
        return None, None
    if not (opts.start and opts.end):
        raise CoprodError(_("el plazo necesita las dos fechas: {option} AAAA-MM y {option2} AAAA-MM").format(option=opts.where('start'), option2=opts.where('end')))
    start, end = check_month(opts.start, opts.where("start")), check_month(opts.end, opts.where("end"))
    check_term(start, end)
    return start, end


def _axis_action(repo: Repository, axis: str | None, action: int | None, opts: AgreementOptions) -> tuple[str, int]:
    if not axis:
        raise CoprodError(_("el cronograma necesita el eje ({option}) además de la acción estratégica").format(option=opts.where('axis')))
    axis = check_schedule_axis(repo, axis, opts.where("axis"))
    numbers = [n for n, _ in axis_actions(repo, axis)]
    if action is None:
        if len(numbers) == 1:
            return axis, numbers[0]
        raise CoprodError(_("falta la acción estratégica ({option}); las del eje «{axis}» son: {items}").format(option=opts.where('action'), axis=axis, items=', '.join(map(str, numbers))))
    return axis, check_action(repo, axis, str(action), None)


# --- actor -----------------------------------------------------------------------------------------


@dataclass
class ActorOptions:
    name: str
    sector: str
    level: str
    acronym: str | None = None
    id: str | None = None
    spaces: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


def new_actor(root: Path, opts: ActorOptions) -> Created:
    """Append one actor to ``actores.yaml``, keeping every other byte of the file."""
    name = clean_text(opts.name, _("el nombre del actor (--name)"), required=True, limit=NAME_MAX)
    acronym = clean_text(opts.acronym, _("las siglas (--acronym)"), limit=NAME_MAX)
    if opts.sector not in SECTORES:
        raise CoprodError(_("sector desconocido «{sector}»{hint}; use uno de: {items}").format(sector=opts.sector, hint=suggest(opts.sector, SECTORES), items=', '.join(SECTORES)))
    if opts.level not in NIVELES_ACTOR:
        raise CoprodError(_("nivel desconocido «{level}»{hint}; use uno de: {items}").format(level=opts.level, hint=suggest(opts.level, NIVELES_ACTOR), items=', '.join(NIVELES_ACTOR)))
    path = root / ACTORS
    if not path.exists():
        raise CoprodError(_("falta «{actors}» en el repositorio").format(actors=ACTORS))
    real = checked_target(root, path)
    with repository_lock(root, key_for(root, real), ACTORS):
        loaded = load_model(real, ACTORS, MapaActores)
        ident, expected = _append_actor(loaded, opts, name, acronym)
        write_edited(loaded, expected)
    return Created(real, rel(root, path), ident)


def _append_actor(loaded: Loaded[MapaActores], opts: ActorOptions, name: str | None, acronym: str | None) -> tuple[str, Any]:
    """Append the actor to ``actores.yaml`` as read (with its lock held): its id, and the data the file must now read as."""
    doc = loaded.doc
    taken = [a.id for a in loaded.model.actores]
    if opts.id:
        ident = opts.id.strip()
        if not SLUG_RE.match(ident):
            raise CoprodError(_("«{ident}» no es un id válido: use minúsculas sin tildes, números y guiones").format(ident=ident))
        if ident in taken:
            raise CoprodError(_("ya existe un actor «{ident}»; el siguiente id libre es «{free_id}»").format(ident=ident, free_id=next_free(ident, taken)))
    else:
        ident = next_free(slugify(acronym or name or "") or "actor", taken)
    item: dict[str, Any] = {"id": ident, "nombre": name}
    if acronym:
        item["siglas"] = acronym
    item["sector"] = opts.sector
    item["nivel"] = opts.level
    spaces = [s for s in (clean_text(x, "un espacio") for x in opts.spaces) if s]
    themes = [s for s in (clean_text(x, "un tema") for x in opts.themes) if s]
    if spaces:
        item["espacios"] = spaces
    if themes:
        item["temas"] = themes

    expected = to_plain(doc.data)
    expected["actores"] = list(expected.get("actores") or []) + [dict(item)]
    pair = doc.pair(doc.root, "actores")
    if pair is None:
        doc.insert_keys(doc.root, {"actores": [item]}, ["actores"])
    elif is_empty(pair[1]):
        doc.set_value(pair[0], pair[1], [item], pair[0].start_mark.column)
    else:
        from ruamel.yaml.nodes import SequenceNode

        seq = pair[1]
        if not isinstance(seq, SequenceNode):  # pragma: no cover - the model refused this
            raise CoprodError(_("«actores» en «{actors}» no es una lista").format(actors=ACTORS))
        doc.insert_item(seq, len(seq.value), item_style(seq.value, item))
    return ident, expected


# --- plan ---------------------------------------------------------------------------------------------


def next_plan_year(repo: Repository) -> int:
    years = plan_years(repo)
    return years[-1] + 1 if years else this_year()


def new_plan(root: Path, year: int | None = None) -> Created:
    with repository_lock(root, PLANS_DIR, f"{PLANS_DIR}/"):
        return _new_plan(root, year)


def _new_plan(root: Path, year: int | None = None) -> Created:
    repo = load_repository(root)
    if year is None:
        year = next_plan_year(repo)
    check_year(year, str(year))
    if year in plan_years(repo):
        raise CoprodError(_("ya existe el plan anual {year} («{plans_dir}/{year}.yaml»); coprod no sobrescribe archivos").format(year=year, plans_dir=PLANS_DIR))
    rel_path = f"{PLANS_DIR}/{year}.yaml"
    text = render("files/plan.yaml.j2", schema=_modeline(root / PLANS_DIR, root, rel_path, "plan"), year=year, ex=_examples(repo))
    from ..model.models import PlanAnual

    check_rendered(rel_path, text, PlanAnual)
    return _create(root, PLANS_DIR, f"{year}.yaml", text)
