"""What the repository knows when something new is added to it, and the
checks of each value a person gives (`coprod new`, its prompts): the ids and
plan years taken, actors and axes named by id, acronym or name, months,
strategic actions."""

from __future__ import annotations

import unicodedata

from ..errors import CoprodError
from ..lang import N_, _
from ..load.repository import ACTORS, Repository
from ..model.suggest import Suggestions
from ..model.types import NAME_MAX, SLUG_RE, Month
from .countries import Examples, examples_for
from .init import clean_text
from .render import next_free, slugify


def actor_choices(repo: Repository) -> list[tuple[str, str]]:
    """(id, name) of every actor, for prompts."""
    if repo.actor_map is None:
        return []
    return [(a.id, a.nombre + (f" ({a.siglas})" if a.siglas else "")) for a in repo.actor_map.actores]


def agreement_ids(repo: Repository) -> set[str]:
    ids = {d.source.path.stem for d in repo.acuerdos}
    ids |= {a.id for _, a in repo.valid_agreements()}
    return ids


def plan_years(repo: Repository) -> list[int]:
    return sorted({p.anio for _, p in repo.valid_plans()} | {int(d.source.path.stem) for d in repo.planes if d.source.path.stem.isdigit()})


def next_agreement_id(repo: Repository, title: str) -> str:
    return next_free(slugify(title) or "acuerdo", agreement_ids(repo))


def _examples(repo: Repository) -> Examples:
    """The examples in a new file's comments: those of the repository's country."""
    return examples_for(repo.manifest.pais if repo.manifest else None)


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form: «Instituto  Mixto» ~ «instituto mixto»."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.lower().split())


def _in(where: str | None) -> str:
    """« en --lead»: where a value came from, when the message is not shown next to it."""
    return _(" en {where}").format(where=where) if where else ""


class Lookup:
    """One kind of thing a person names (an actor, an axis): by its id, or by
    its acronym or name written in any case and with or without accents; an
    unknown answer gets the closest one as «¿quiso decir «id» (nombre)?».

    The same lookup serves an option (``--lead``) and an answer at a prompt,
    so both accept and refuse the same values with the same message.
    """

    def __init__(self, kind: str, items: list[tuple[str, str, list[str]]], fix: str) -> None:
        self.kind = kind  # «actor», «eje»
        self.fix = fix  # where the known ones are, and how to add one
        self.ids = [i for i, _label, _names in items]
        self.labels = {i: label for i, label, _names in items}
        self.exact: dict[str, str] = {}
        for ident, _label, _names in items:
            self.exact.setdefault(ident, ident)
        for ident, _label, names in items:
            for name in [ident, *names]:
                self.exact.setdefault(_fold(name), ident)
        self.near = Suggestions(self.exact)

    def resolve(self, text: str, where: str | None = None) -> str:
        answer = text.strip()
        found = self.exact.get(answer) or self.exact.get(_fold(answer))
        if found:
            return found
        close = self.near.closest(_fold(answer))
        hint = ""
        if close is not None:
            ident = self.exact[close]
            label = self.labels.get(ident)
            hint = _("; ¿quiso decir «{ident}»").format(ident=ident) + (f" ({label})" if label and label != ident else "") + "?"
        raise CoprodError(_("{kind} desconocido «{answer}»{where}{hint}; {fix}").format(kind=_(self.kind), answer=answer, where=_in(where), hint=hint, fix=self.fix))


def actor_lookup(repo: Repository) -> Lookup:
    if repo.actor_map is None:
        raise CoprodError(_("«{actors}» falta o tiene errores; corríjalo antes (vea «coprod validate»)").format(actors=ACTORS))
    items = [(a.id, a.nombre, [a.nombre] + ([a.siglas] if a.siglas else [])) for a in repo.actor_map.actores]
    return Lookup(N_("actor"), items, _("los actores están en «{actors}» (agregue uno con «coprod new actor»)").format(actors=ACTORS))


def axis_lookup(repo: Repository) -> Lookup:
    if repo.manifest is None:
        raise CoprodError(_("«canton.yaml» tiene errores; corríjalo antes (vea «coprod validate»)"))
    items = [(e.id, e.nombre, [e.nombre]) for e in repo.manifest.estrategia.ejes]
    shown = ", ".join(e.id for e in repo.manifest.estrategia.ejes)
    return Lookup(N_("eje"), items, _("los ejes están en «canton.yaml»: {shown}").format(shown=shown))


def check_title(text: str, where: str | None = "--title") -> str:
    title = clean_text(text, _("el título{where}").format(where=_in(where)), required=True)
    assert title is not None
    if len(title) > NAME_MAX:  # the schema's bound: else the file made from the template fails as an «error interno»
        raise CoprodError(_("el título{where} tiene {n} caracteres; el máximo es {name_max}: acórtelo").format(where=_in(where), n=len(title), name_max=NAME_MAX))
    return title


def check_new_id(repo: Repository, text: str, title: str) -> str:
    ident = text.strip()
    if len(ident) > NAME_MAX:  # the file is named after it: «el nombre es demasiado largo» from the system otherwise
        raise CoprodError(_("el id tiene {n} caracteres; el máximo es {name_max}: use uno más corto").format(n=len(ident), name_max=NAME_MAX))
    if not SLUG_RE.match(ident):
        raise CoprodError(_("«{ident}» no es un id válido: use minúsculas sin tildes, números y guiones (por ejemplo {value})").format(ident=ident, value=slugify(title) or 'imas-ina-mapeo'))
    taken = agreement_ids(repo)
    if ident in taken:
        raise CoprodError(_("ya existe un acuerdo «{ident}»; el siguiente id libre es «{free_id}»").format(ident=ident, free_id=next_free(ident, taken)))
    return ident


def check_month(text: str, where: str | None) -> Month:
    return Month.argument(text, _("«{value}»").format(value=text.strip()) + f"{_in(where)}")


def check_term(start: Month, end: Month) -> None:
    if end < start:
        raise CoprodError(_("el plazo termina ({end}) antes de empezar ({start})").format(end=end, start=start))


def axis_actions(repo: Repository, axis: str) -> list[tuple[int, str]]:
    """(number, name) of the strategic actions of an axis of canton.yaml."""
    assert repo.manifest is not None
    for e in repo.manifest.estrategia.ejes:
        if e.id == axis:
            return [(a.numero, a.nombre) for a in e.acciones]
    return []


def check_schedule_axis(repo: Repository, text: str, where: str | None) -> str:
    """An axis a schedule can use: known, and with strategic actions."""
    axis = axis_lookup(repo).resolve(text, where)
    if not axis_actions(repo, axis):
        raise CoprodError(
            _("el eje «{axis}» no tiene acciones estratégicas en «canton.yaml»; agréguelas primero (acciones: - numero: 1 …)").format(axis=axis)
        )
    return axis


def check_action(repo: Repository, axis: str, text: str, where: str | None) -> int:
    actions = axis_actions(repo, axis)
    numbers = [n for n, _ in actions]
    answer = text.strip()
    if answer.isdigit() and int(answer) in numbers:
        return int(answer)
    by_name = {_fold(name): n for n, name in actions}
    if _fold(answer) in by_name:
        return by_name[_fold(answer)]
    if answer.isdigit():
        raise CoprodError(
            _("la acción estratégica {answer}{where} no pertenece al eje «{axis}»; las de ese eje son: {items}").format(answer=answer, where=_in(where), axis=axis, items=', '.join(map(str, numbers)))
        )
    raise CoprodError(_(
            "«{answer}»{where} no es el número de una acción estratégica del eje «{axis}»; las de ese eje son: {items}"
        ).format(answer=answer, where=_in(where), axis=axis, items=', '.join(map(str, numbers))))
