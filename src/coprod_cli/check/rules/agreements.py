"""Rules on one agreement's content (CP2xx but progress): its file name, term,
schedule, monitoring table, civil society and completeness.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...lang import _
from ...load.repository import Repository
from ...model.content import content_met
from ...model.criteria import CRITERIA, CRITERIA_BY_KEY
from ...problems import Problem
from .common import agreements, at


def file_name_matches_id(repo: Repository) -> Iterator[Problem]:
    """El archivo de un acuerdo se llama como su id: `acuerdos/<id>.yaml`. Así
    el id es estable y nadie busca un acuerdo en el archivo equivocado.

    Incorrecto (en `acuerdos/mapeo.yaml`):

        id: imas-ina-mapeo-familias

    Correcto (en `acuerdos/imas-ina-mapeo-familias.yaml`):

        id: imas-ina-mapeo-familias
    """
    for doc, a in agreements(repo):
        stem = doc.source.path.stem
        if stem != a.id:
            yield at(codes.CP201, doc.source, ("id",), _("el id «{id}» no coincide con el nombre del archivo «{name}»; renombre el archivo a «{id}.yaml»").format(id=a.id, name=doc.source.path.name))

def term_order(repo: Repository) -> Iterator[Problem]:
    """El mes final del plazo propuesto no puede ser anterior al inicial.

    Incorrecto:

        plazo: {inicio: 2016-01, fin: 2015-07}

    Correcto:

        plazo: {inicio: 2015-07, fin: 2016-01}
    """
    for doc, a in agreements(repo):
        p = a.actividad.plazo
        if p and p.fin < p.inicio:
            yield at(codes.CP202, doc.source, ("actividad", "plazo", "fin"), _("el plazo termina ({fin}) antes de empezar ({inicio})").format(fin=p.fin, inicio=p.inicio))

def schedule_in_term(repo: Repository) -> Iterator[Problem]:
    """Cada mes del cronograma de trabajo debe estar dentro del plazo
    propuesto del acuerdo (sección 3). El protocolo imprime «ENE-15» donde el
    plazo dice enero de 2016: esta regla detecta ese tipo de errata.

    Incorrecto (plazo 2015-07 a 2016-01):

        meses:
          - mes: 2015-01

    Correcto:

        meses:
          - mes: 2016-01
    """
    for doc, a in agreements(repo):
        p, c = a.actividad.plazo, a.cronograma
        if not p or not c or p.fin < p.inicio:
            continue
        for i, m in enumerate(c.meses):
            if not p.inicio <= m.mes <= p.fin:
                yield at(codes.CP203, doc.source, ("cronograma", "meses", i, "mes"), _("el mes {mes} del cronograma está fuera del plazo ({inicio} a {fin})").format(
                    mes=m.mes, inicio=p.inicio, fin=p.fin))

def monitoring_contradiction(repo: Repository) -> Iterator[Problem]:
    """Un «sí» en la tabla de monitoreo (sección 7) para un criterio cuyo
    contenido falta en el acuerdo es una contradicción, no una opinión. Un
    «no» con observaciones sí es válido aunque el contenido exista (presente
    pero insuficiente).

    Incorrecto (el acuerdo no tiene `actividad.meta`):

        monitoreo:
          meta: {cumple: sí}

    Correcto:

        monitoreo:
          meta: {cumple: "no", observaciones: Falta definir la meta}
    """
    for doc, a in agreements(repo):
        if a.monitoreo is None:
            continue
        met = content_met(a)
        for c in CRITERIA:
            answer = getattr(a.monitoreo, c.key)
            if answer is not None and answer.cumple == "si" and not met[c.key]:
                yield at(codes.CP206, doc.source, ("monitoreo", c.key, "cumple"), _("«sí» en el criterio {number} ({text}), pero el acuerdo no tiene ese contenido ({items})").format(
                    number=c.number, text=_(c.text), items=', '.join(c.fields)))

def civil_society(repo: Repository) -> Iterator[Problem]:
    """La coproducción integra a la sociedad civil (protocolo 5.2, A.1). Un
    acuerdo sin actores de la sociedad civil, ni en `actores_sociedad_civil`
    ni entre los colaboradores, probablemente olvida a alguien.

    Incorrecto (solo instituciones públicas):

        actividad:
          actor_encargado: imas
          actores_colaboradores: [ina]

    Correcto:

        actividad:
          actores_sociedad_civil:
            descripcion: Líderes comunales y Asociaciones de Desarrollo
            actores: [lideres-comunales, asociaciones-desarrollo]
    """
    sectors = {x.id: x.sector for x in repo.actor_map.actores} if repo.actor_map else {}
    for doc, a in agreements(repo):
        if a.estado == "cancelado":
            continue
        act = a.actividad
        sc = act.actores_sociedad_civil
        if sc and (sc.actores or (sc.descripcion or "").strip()):
            continue
        if any(sectors.get(x) == "sociedad_civil" for x in act.actores_colaboradores):
            continue
        yield at(codes.CP207, doc.source, ("actividad",), _("el acuerdo no integra actores de la sociedad civil (protocolo 5.2 A.1)"), "key")

def signed_incomplete(repo: Repository) -> Iterator[Problem]:
    """Un borrador puede estar incompleto: la lista de 14 criterios dice qué
    le falta. Cuando el acuerdo ya está firmado, en ejecución o concluido,
    el contenido faltante se señala como advertencia. El repositorio puede
    volverla error con `reglas: {CP208: error}` en `canton.yaml`.

    Incorrecto (firmado, pero sin meta ni impacto esperado):

        estado: firmado
        actividad:
          actor_encargado: imas
          actividad_programada: Mapeo de familias en pobreza extrema

    Correcto: complete el contenido que falta (la lista de 14 criterios lo
    nombra), o deje el acuerdo en `borrador` hasta tenerlo.

        estado: firmado
        actividad:
          actor_encargado: imas
          actividad_programada: Mapeo de familias en pobreza extrema
          meta: 120 familias integradas en procesos formativos
          impacto_esperado: Familias con ingresos propios
    """
    for doc, a in agreements(repo):
        if a.estado not in ("firmado", "en_ejecucion", "concluido"):
            continue
        missing = [CRITERIA_BY_KEY[k] for k, ok in content_met(a).items() if not ok]
        if missing:
            names = "; ".join(f"{c.number}. {_(c.text)}" for c in missing)
            yield at(codes.CP208, doc.source, ("estado",), _("acuerdo «{estado}» con {n} de 14 criterios sin contenido: {names}").format(estado=a.estado, n=len(missing), names=names))
