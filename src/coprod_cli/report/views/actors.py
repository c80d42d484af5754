"""The actor map's view: each actor, its participation in the agreements, and
the actors grouped by sector and level."""

from __future__ import annotations

from collections.abc import Iterable

from ...model.models import Actor
from .people import Refs, person
from .types import NIVELES_ACTOR, ROLES, SECTORES, ActorRef, ActorView, AgreementView, Participation, SectorGroup


def participation(actors: Iterable[str], agreements: list[AgreementView]) -> dict[str, list[Participation]]:
    """Each actor's roles in the agreements (lead, collaborator, civil society, co-responsible), by actor id."""
    out: dict[str, list[Participation]] = {k: [] for k in actors}

    def add(av: AgreementView, actor: ActorRef, role: str, detail: str | None = None) -> None:
        out.setdefault(actor.id, []).append(Participation(av.id, av.title, role, ROLES[role], detail))

    for av in agreements:
        add(av, av.lead, "lead")
        for x in av.collaborators:
            add(av, x, "collaborator")
        for x in av.civil_society:
            add(av, x, "civil")
        for c in av.coresponsibility:
            add(av, c.actor, "coresponsible", "; ".join(c.roles) or None)
    return out


def actor_view(x: Actor, refs: Refs, roles: list[Participation]) -> ActorView:
    return ActorView(
        id=x.id,
        name=x.nombre,
        acronym=x.siglas,
        sector=x.sector,
        sector_label=SECTORES[x.sector],
        level=x.nivel,
        level_label=NIVELES_ACTOR[x.nivel],
        spaces=tuple(x.espacios),
        themes=tuple(x.temas),
        territories=refs.territories(x.territorios),
        has_principal=x.titular is not None,
        has_alternate=x.suplente is not None,
        principal=person(x.titular),
        alternate=person(x.suplente),
        offer=tuple((o.descripcion, o.genero, o.grupo_etario) for o in x.oferta),
        participation=tuple(roles),
    )


def actor_views(refs: Refs, agreements: list[AgreementView]) -> list[ActorView]:
    roles = participation(refs.actors, agreements)
    return [actor_view(x, refs, roles.get(x.id, [])) for x in refs.actors.values()]


def sector_groups(actors: list[ActorView]) -> tuple[SectorGroup, ...]:
    """The actors by sector, then by level, in the order of the labels' tables (empty groups left out)."""
    out = []
    for skey, slabel in SECTORES.items():
        in_sector = [v for v in actors if v.sector == skey]
        if not in_sector:
            continue
        levels = tuple(
            (NIVELES_ACTOR[lk], tuple(v for v in in_sector if v.level == lk)) for lk in NIVELES_ACTOR if any(v.level == lk for v in in_sector)
        )
        out.append(SectorGroup(slabel, levels))
    return tuple(out)
