"""Rules on references between files and ids (CP501-CP507): every name
points at something that exists, and every id is unique.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any

from ... import codes
from ...lang import _
from ...load.repository import AGREEMENTS_DIR, Document, Repository
from ...model.models import Acuerdo, Sesion
from ...model.suggest import Suggestions
from ...problems import Problem
from ..targets import targets
from .common import agreements, at, dupes


def _ref(kind: str, value: Any, hints: Callable[[object], str]) -> str:
    """«actor desconocido «x»; ¿quiso decir «y»?». ``hints`` is one file's
    ``Suggestions.for_file()``: the known ids are indexed once per rule run,
    and a file gets a bounded number of suggestions (model/suggest.py)."""
    return _("{kind} desconocido «{value}»{hints}").format(kind=kind, value=value, hints=hints(value))

def _actor_refs(a: Acuerdo) -> Iterator[tuple[str, tuple[Any, ...]]]:
    act = a.actividad
    yield act.actor_encargado, ("actividad", "actor_encargado")
    for i, x in enumerate(act.actores_colaboradores):
        yield x, ("actividad", "actores_colaboradores", i)
    if act.actores_sociedad_civil:
        for i, x in enumerate(act.actores_sociedad_civil.actores):
            yield x, ("actividad", "actores_sociedad_civil", "actores", i)
    for i, e in enumerate(a.encargados):
        if e.actor:
            yield e.actor, ("encargados", i, "actor")
    for i, c in enumerate(a.corresponsabilidad):
        yield c.actor, ("corresponsabilidad", i, "actor")
    for i, r in enumerate(a.poi):
        yield r.actor, ("poi", i, "actor")
    if a.cronograma:
        for i, m in enumerate(a.cronograma.meses):
            for j, s in enumerate(m.actividades):
                for k, x in enumerate(s.instituciones):
                    yield x, ("cronograma", "meses", i, "actividades", j, "instituciones", k)

def _session_actor_refs(s: Sesion) -> Iterator[tuple[str, tuple[Any, ...]]]:
    if s.convocatoria:
        for i, item in enumerate(s.convocatoria.agenda):
            if item.responsable:
                yield item.responsable, ("convocatoria", "agenda", i, "responsable")
    for i, entry in enumerate(s.asistencia):
        yield entry.actor, ("asistencia", i, "actor")
    for i, guest in enumerate(s.invitados):
        if guest.actor:
            yield guest.actor, ("invitados", i, "actor")
    for i, d in enumerate(s.acuerdos_sesion):
        if d.responsable:
            yield d.responsable, ("acuerdos_sesion", i, "responsable")

def _session_agreement_refs(s: Sesion) -> Iterator[tuple[str, tuple[Any, ...]]]:
    if s.convocatoria:
        for i, item in enumerate(s.convocatoria.agenda):
            for k, x in enumerate(item.acuerdos):
                yield x, ("convocatoria", "agenda", i, "acuerdos", k)
    for i, d in enumerate(s.acuerdos_sesion):
        for k, x in enumerate(d.acuerdos):
            yield x, ("acuerdos_sesion", i, "acuerdos", k)
    for k, x in enumerate(s.avances):
        yield x, ("avances", k)

def unknown_actor(repo: Repository) -> Iterator[Problem]:
    """Los actores se nombran por su id del mapa de actores (`actores.yaml`):
    actor encargado, colaboradores, sociedad civil, encargados,
    corresponsabilidad, instituciones del cronograma, registros `poi`, grupos de trabajo y, en
    una sesión, la asistencia, los invitados, los responsables de la agenda y
    de las decisiones.

    El mensaje sugiere el actor más parecido por su id, su nombre o sus
    siglas, sin importar mayúsculas ni tildes («IMAS», «Instituto Mixto de
    Ayuda Social» → «imas»). Lo mismo hacen los ejes, los territorios y los
    acuerdos (CP502, CP504, CP507), y un valor que ni siquiera es un id
    (CP104).

    Incorrecto:

        actor_encargado: imass

    Correcto:

        actor_encargado: imas
    """
    if not repo.actor_map:
        return
    known = {x.id for x in repo.actor_map.actores}
    actors = targets(repo, "actor") or Suggestions(known)
    for doc, a in agreements(repo):
        hints = actors.for_file()
        for value, path in _actor_refs(a):
            if value not in known:
                yield at(codes.CP501, doc.source, path, _ref(_("actor"), value, hints))
    for plan_doc, p in repo.valid_plans():
        hints = actors.for_file()
        for i, g in enumerate(p.grupos_trabajo):
            refs = ([(g.coordinador, ("grupos_trabajo", i, "coordinador"))] if g.coordinador else []) + [
                (x, ("grupos_trabajo", i, "actores", k)) for k, x in enumerate(g.actores)
            ]
            for value, path in refs:
                if value not in known:
                    yield at(codes.CP501, plan_doc.source, path, _ref(_("actor"), value, hints))
    for session_doc, s in repo.valid_sessions():
        hints = actors.for_file()
        for value, path in _session_actor_refs(s):
            if value not in known:
                yield at(codes.CP501, session_doc.source, path, _ref(_("actor"), value, hints))

def unknown_axis(repo: Repository) -> Iterator[Problem]:
    """Los ejes se nombran por su id, declarado en `canton.yaml`
    (`estrategia.ejes`): en el cronograma de un acuerdo, en los grupos de
    trabajo y los indicadores de un plan y en el `eje` de una sesión.

    Incorrecto:

        eje: desarrollo

    Correcto:

        eje: desarrollo-local
    """
    if not repo.manifest:
        return
    known = {e.id for e in repo.manifest.estrategia.ejes}
    axes = targets(repo, "eje") or Suggestions(known)
    for doc, a in agreements(repo):
        if a.cronograma and a.cronograma.eje not in known:
            yield at(codes.CP502, doc.source, ("cronograma", "eje"), _ref(_("eje"), a.cronograma.eje, axes.for_file()))
    for plan_doc, p in repo.valid_plans():
        hints = axes.for_file()
        for i, g in enumerate(p.grupos_trabajo):
            if g.eje not in known:
                yield at(codes.CP502, plan_doc.source, ("grupos_trabajo", i, "eje"), _ref(_("eje"), g.eje, hints))
        for i, ind in enumerate(p.indicadores):
            if ind.eje and ind.eje not in known:
                yield at(codes.CP502, plan_doc.source, ("indicadores", i, "eje"), _ref(_("eje"), ind.eje, hints))
    for session_doc, s in repo.valid_sessions():
        if s.eje is not None and s.eje not in known:
            yield at(codes.CP502, session_doc.source, ("eje",), _ref(_("eje"), s.eje, axes.for_file()))

def unknown_action(repo: Repository) -> Iterator[Problem]:
    """Las acciones estratégicas se nombran por su número (p. ej. 7) y deben
    pertenecer al eje del cronograma.

    Incorrecto (la acción 7 es del eje desarrollo-local):

        cronograma:
          eje: convivencia-paz-social
          accion_estrategica: 7

    Correcto:

        cronograma:
          eje: desarrollo-local
          accion_estrategica: 7
    """
    if not repo.manifest:
        return
    axis_of = {ac.numero: e.id for e in repo.manifest.estrategia.ejes for ac in e.acciones}
    axes = {e.id for e in repo.manifest.estrategia.ejes}
    for doc, a in agreements(repo):
        c = a.cronograma
        if not c:
            continue
        n = c.accion_estrategica
        if n not in axis_of:
            yield at(codes.CP503, doc.source, ("cronograma", "accion_estrategica"), _("acción estratégica desconocida {n}; la estrategia tiene: {items}").format(
                n=n, items=', '.join(str(k) for k in sorted(axis_of))))
        elif c.eje in axes and axis_of[n] != c.eje:
            yield at(codes.CP503, doc.source, ("cronograma", "accion_estrategica"), _("la acción estratégica {n} pertenece al eje «{axis_of}», no a «{eje}»").format(
                n=n, axis_of=axis_of[n], eje=c.eje))
    for plan_doc, p in repo.valid_plans():
        for i, n in enumerate(p.acciones):
            if n not in axis_of:
                yield at(codes.CP503, plan_doc.source, ("acciones", i), _("acción estratégica desconocida {n}").format(n=n))

def unknown_territory(repo: Repository) -> Iterator[Problem]:
    """Los territorios (distritos, barrios) se nombran por su id, declarado en
    `canton.yaml` (`territorios`): en un acuerdo (también en `alcanzado`), en el mapa de actores y en
    el `territorio` de una sesión en el territorio.

    Incorrecto:

        territorios: [losguido]

    Correcto:

        territorios: [los-guido]
    """
    if not repo.manifest:
        return
    known = {t.id for t in repo.manifest.territorios}
    territories = targets(repo, "territorio") or Suggestions(known)
    for doc, a in agreements(repo):
        t = a.actividad.territorio
        hints = territories.for_file()
        for i, x in enumerate(t.territorios if t else []):
            if x not in known:
                yield at(codes.CP504, doc.source, ("actividad", "territorio", "territorios", i), _ref(_("territorio"), x, hints))
        for i, e in enumerate(a.alcanzado):
            if e.territorio is not None and e.territorio not in known:
                yield at(codes.CP504, doc.source, ("alcanzado", i, "territorio"), _ref(_("territorio"), e.territorio, hints))
    if repo.actores and repo.actor_map:
        hints = territories.for_file()
        for i, actor in enumerate(repo.actor_map.actores):
            for k, x in enumerate(actor.territorios):
                if x not in known:
                    yield at(codes.CP504, repo.actores.source, ("actores", i, "territorios", k), _ref(_("territorio"), x, hints))
    for session_doc, s in repo.valid_sessions():
        if s.territorio is not None and s.territorio not in known:
            yield at(codes.CP504, session_doc.source, ("territorio",), _ref(_("territorio"), s.territorio, territories.for_file()))

def unknown_plan(repo: Repository) -> Iterator[Problem]:
    """`plan_anual: 2015` pide que exista `planes/2015.yaml`.

    Incorrecto (no hay `planes/2016.yaml`):

        plan_anual: 2016

    Correcto: cree `planes/2016.yaml`, o nombre un plan que exista.

        plan_anual: 2015
    """
    years = {p.anio for _, p in repo.valid_plans()}
    # Why: a plan file that failed to load should not also make every agreement fail.
    broken = {d.source.path.stem for d in repo.planes if d.model is None}
    plans = Suggestions(years)
    for doc, a in agreements(repo):
        if a.plan_anual is not None and a.plan_anual not in years and str(a.plan_anual) not in broken:
            yield at(codes.CP505, doc.source, ("plan_anual",), _ref(_("plan anual"), a.plan_anual, plans.for_file()) + _(" (falta «planes/{plan_anual}.yaml»)").format(plan_anual=a.plan_anual))

def duplicate_ids(repo: Repository) -> Iterator[Problem]:
    """Los ids de acuerdos, actores, ejes y territorios, los de los
    indicadores de un plan y los números de las acciones estratégicas son únicos: otros archivos los usan como referencia.

    Incorrecto (en `actores.yaml`):

        actores:
          - id: ina
            nombre: Instituto Nacional de Aprendizaje
          - id: ina
            nombre: Instituto Nacional de las Mujeres

    Correcto:

        actores:
          - id: ina
            nombre: Instituto Nacional de Aprendizaje
          - id: inamu
            nombre: Instituto Nacional de las Mujeres
    """
    seen: dict[str, str] = {}
    for doc, ident in repo.agreement_ids():
        if ident in seen:
            yield at(codes.CP506, doc.source, ("id",), _("el id «{ident}» ya lo usa «{seen}»").format(ident=ident, seen=seen[ident]))
        else:
            seen[ident] = doc.rel
    if repo.actores and repo.actor_map:
        for x, path in dupes((x.id, ("actores", i, "id")) for i, x in enumerate(repo.actor_map.actores)):
            yield at(codes.CP506, repo.actores.source, path, _("el id de actor «{x}» está repetido").format(x=x))
    if repo.canton and repo.manifest:
        est = repo.manifest.estrategia
        for x, path in dupes((e.id, ("estrategia", "ejes", i, "id")) for i, e in enumerate(est.ejes)):
            yield at(codes.CP506, repo.canton.source, path, _("el id de eje «{x}» está repetido").format(x=x))
        numbers = ((ac.numero, ("estrategia", "ejes", i, "acciones", j, "numero")) for i, e in enumerate(est.ejes) for j, ac in enumerate(e.acciones))
        for x, path in dupes(numbers):
            yield at(codes.CP506, repo.canton.source, path, _("la acción estratégica {x} está repetida").format(x=x))
        for x, path in dupes((t.id, ("territorios", i, "id")) for i, t in enumerate(repo.manifest.territorios)):
            yield at(codes.CP506, repo.canton.source, path, _("el id de territorio «{x}» está repetido").format(x=x))
    years = Counter(p.anio for _, p in repo.valid_plans())
    for plan_doc, p in repo.valid_plans():
        if years[p.anio] > 1 and plan_doc.source.path.stem != str(p.anio):
            yield at(codes.CP506, plan_doc.source, ("anio",), _("ya hay otro plan para el año {anio}").format(anio=p.anio))
        ids = ((x.id, ("indicadores", i, "id")) for i, x in enumerate(p.indicadores) if x.id is not None)
        for x, path in dupes(ids):
            yield at(codes.CP506, plan_doc.source, path, _("el id de indicador «{x}» está repetido en el plan {anio}").format(x=x, anio=p.anio))

def misplaced_agreements(repo: Repository) -> dict[str, str]:
    """An agreement in a subfolder (CP010) is not read: its id (file name) → where it is."""
    misplaced: dict[str, str] = {}
    for sp in repo.structure:
        if sp.code == codes.CP010 and sp.rel.startswith(AGREEMENTS_DIR + "/") and sp.rel.count("/") > 1:
            misplaced.setdefault(PurePosixPath(sp.rel).stem, sp.rel)
    return misplaced


def misplaced_message(ident: str, rel: str) -> str:
    """What CP507 and CP409 say of an id whose file is in a subfolder of acuerdos/."""
    return (
        _("acuerdo desconocido «{ident}»: su archivo «{rel}» está en una subcarpeta y coprod no lo lee; "
            "muévalo a «{AGREEMENTS_DIR}/{ident}.yaml» (regla CP010)").format(ident=ident, rel=rel, AGREEMENTS_DIR=AGREEMENTS_DIR)
    )


def unknown_agreement(repo: Repository) -> Iterator[Problem]:
    """Una sesión nombra acuerdos por su id (la agenda, sus decisiones,
    `avances`); cada uno necesita su archivo en `acuerdos/`. (Un acuerdo
    previsto en un plan anual que todavía no tiene archivo es CP409, una
    advertencia.)

    Incorrecto (no hay `acuerdos/mapeo-familia.yaml`):

        avances: [mapeo-familia]

    Correcto (el archivo es `acuerdos/imas-ina-mapeo-familias.yaml`):

        avances: [imas-ina-mapeo-familias]
    """
    ids = {ident for _, ident in repo.agreement_ids()} | {d.source.path.stem for d in repo.acuerdos}
    agreements = targets(repo, "acuerdo") or Suggestions(ids)
    misplaced = misplaced_agreements(repo)
    # A plan's planned agreement without a file is CP409 (a warning: the plan is not done yet).
    files: list[tuple[Document[Any], list[tuple[str, tuple[Any, ...]]]]] = [
        (d, list(_session_agreement_refs(s))) for d, s in repo.valid_sessions()
    ]
    for doc, refs in files:
        hints = agreements.for_file()
        for x, path in refs:
            if x not in ids:
                if x in misplaced:
                    message = misplaced_message(x, misplaced[x])
                else:
                    message = _ref(_("acuerdo"), x, hints)
                yield at(codes.CP507, doc.source, path, message)
