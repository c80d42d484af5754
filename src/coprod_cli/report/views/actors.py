"""The actor map's view: each actor, its participation in the agreements, and
the actors grouped by sector and level."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...lang import N_, _
from ...model.labels import GENERO, title
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


#: The heading of an offer without a gender or an age group.
NOT_GIVEN = N_("Sin indicar")


@dataclass(frozen=True)
class OfferItem:
    """One service an actor offers (C.4.3), with its gender and age group as labels."""

    actor: str  # the actor's name
    acronym: str | None
    sector: str
    description: str
    gender: str  # «Mujeres», «Hombres», «Todos», «Sin indicar»
    age_group: str  # as written in actores.yaml, or «Sin indicar»


@dataclass(frozen=True)
class OfferRow:
    age_group: str
    counts: tuple[int, ...]  # one per column of ``OfferView.genders``
    total: int


@dataclass(frozen=True)
class OfferView:
    """The actors' offer by gender and age group (C.4.3): a count of offers per cell, and each offer listed."""

    genders: tuple[str, ...]  # the columns: every gender of the schema, and «Sin indicar» when an offer gives none
    rows: tuple[OfferRow, ...]  # one per age group (the same text whatever its case or spaces), alphabetical, «Sin indicar» last
    totals: tuple[int, ...]  # per column
    total: int
    items: tuple[OfferItem, ...]  # in actor-map order


def offer_view(actors: list[ActorView]) -> OfferView:
    """The offer table of the actor map: how many offers for each gender and age group."""
    items = tuple(
        OfferItem(v.name, v.acronym, v.sector_label, desc, title(gender) if gender else _(NOT_GIVEN), " ".join(age.split()) if age and age.strip() else _(NOT_GIVEN))
        for v in actors
        for desc, gender, age in v.offer
    )
    genders = [title(g) for g in GENERO] + ([_(NOT_GIVEN)] if any(i.gender == _(NOT_GIVEN) for i in items) else [])
    shown: dict[str, str] = {}  # casefolded age group → its first spelling
    for i in items:
        shown.setdefault(i.age_group.casefold(), i.age_group)
    keys = sorted((k for k in shown if shown[k] != _(NOT_GIVEN)), key=lambda k: k) + [k for k in shown if shown[k] == _(NOT_GIVEN)]
    rows = []
    for k in keys:
        counts = tuple(sum(1 for i in items if i.age_group.casefold() == k and i.gender == g) for g in genders)
        rows.append(OfferRow(shown[k], counts, sum(counts)))
    totals = tuple(sum(r.counts[c] for r in rows) for c in range(len(genders)))
    return OfferView(tuple(genders), tuple(rows), totals, len(items), items)
