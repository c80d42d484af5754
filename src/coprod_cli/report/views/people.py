"""Actors and people as the reports name them."""

from __future__ import annotations

from collections.abc import Iterable

from ...model.models import Actor, Acuerdo, Persona
from ...model.personal import has_personal_data
from .types import ActorRef, PersonView


def distinct(ids: Iterable[str]) -> list[str]:
    """A list of ids without repeats, in order. Why: an id repeated 20 000 times
    must not print its actor's or territory's name 20 000 times."""
    return list(dict.fromkeys(ids))


def person(p: Persona | None) -> PersonView | None:
    if not has_personal_data(p):  # absent, or redacted
        return None
    assert p is not None
    return PersonView(p.nombre, p.cargo, p.correo, p.telefono)


class Refs:
    """References to the actor map's actors and the canton's territories, by id."""

    def __init__(self, actors: dict[str, Actor], territory_names: dict[str, str]) -> None:
        self.actors = actors
        self.territory_names = territory_names

    def ref(self, actor_id: str) -> ActorRef:
        a = self.actors.get(actor_id)
        return ActorRef(actor_id, a.nombre if a else actor_id, a.siglas if a else None, a is not None)

    def refs(self, ids: Iterable[str]) -> tuple[ActorRef, ...]:
        return tuple(self.ref(x) for x in distinct(ids))

    def territories(self, ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.territory_names.get(t, t) for t in distinct(ids))

    def people(self, a: Acuerdo) -> tuple[PersonView, ...]:
        """The agreement's responsible people (none in public mode: they are redacted)."""
        return tuple(
            PersonView(e.nombre, e.cargo, e.correo, e.telefono, self.ref(e.actor) if e.actor else None)
            for e in a.encargados
            if has_personal_data(e)  # redacted in public mode
        )
