"""Rules on the annual plan against what was done (CP409-CP416): planned
agreements created and signed, agreements outside the plan, strategic
actions without an agreement, working groups, POI records and what an
agreement reached. The judgement is model/planreality.py's, the one the
annual report's figures read too.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...lang import _
from ...load.repository import AGREEMENTS_DIR, Repository
from ...model.planreality import actions_without_agreement, outside_plan, planned, poi_gaps, signing_due
from ...model.sessions import reference_day
from ...model.suggest import Suggestions
from ...model.types import Month, number_of
from ...problems import Problem
from .common import agreements, at
from .references import misplaced_agreements, misplaced_message


def planned_not_created(repo: Repository) -> Iterator[Problem]:
    """Cada acuerdo de `acuerdos_previstos` de un plan anual es un acuerdo que
    el plan se propuso firmar en el año (B.3). Mientras no tenga su archivo en
    `acuerdos/`, el plan no se ha cumplido en ese punto: es una advertencia,
    no un error (el acuerdo puede estar todavía en conversación). El mensaje
    sugiere el id más parecido, por si está mal escrito.

    Incorrecto (no hay `acuerdos/mapeo-familia.yaml`):

        acuerdos_previstos: [mapeo-familia]

    Correcto: cree el acuerdo (`coprod new agreement --id mapeo-familia`) o
    corrija el id (el archivo es `acuerdos/imas-ina-mapeo-familias.yaml`):

        acuerdos_previstos: [imas-ina-mapeo-familias]
    """
    ids = {ident for _, ident in repo.agreement_ids()} | {d.source.path.stem for d in repo.acuerdos}
    hints_for = Suggestions(ids)
    misplaced = misplaced_agreements(repo)
    for doc, p in repo.valid_plans():
        hints = hints_for.for_file()
        for i, x in enumerate(p.acuerdos_previstos):
            if x in ids:
                continue
            if x in misplaced:
                message = misplaced_message(x, misplaced[x])
            else:
                message = (_("el plan prevé el acuerdo «{x}», que no tiene archivo en «acuerdos/»{hints}; créelo con «coprod new agreement --id {x}» o corrija el id").format(x=x, hints=hints(x)))
            yield at(codes.CP409, doc.source, ("acuerdos_previstos", i), message)


def planned_not_signed(repo: Repository, now: Month) -> Iterator[Problem]:
    """Un plan anual prevé firmar sus acuerdos antes de `fecha_firma_prevista`
    (o, si no la dice, antes del 31 de diciembre de su año). Pasada esa
    fecha (al mes de la validación, `--as-of`), un acuerdo previsto que sigue
    en `borrador` recibe una advertencia, en su `estado`.

    Incorrecto (el plan 2015 dice `fecha_firma_prevista: 2015-09-30`; en
    diciembre de 2015):

        estado: borrador

    Correcto: fírmelo y regístrelo, o cancélelo si ya no se hará.

        estado: firmado
        fecha_firma: 2015-09-28
    """
    day = reference_day(now)
    by_id = {a.id: (doc, a) for doc, a in agreements(repo)}
    for _doc, p in repo.valid_plans():
        due = signing_due(p)
        if day <= due:
            continue
        for row in planned(p, {k: a for k, (_d, a) in by_id.items()}, day):
            if row.agreement is not None and row.agreement.estado == "borrador":
                doc, _a = by_id[row.id]
                yield at(codes.CP410, doc.source, ("estado",),
                         _("el plan anual {anio} preveía firmar este acuerdo a más tardar el {due} y sigue en borrador; "
                             "regístrelo firmado con su «fecha_firma», o «cancelado» si ya no se hará").format(anio=p.anio, due=due.isoformat()))


def outside_the_plan(repo: Repository) -> Iterator[Problem]:
    """Un acuerdo con `plan_anual: 2015` pertenece a ese plan; si el plan
    lista sus `acuerdos_previstos` y un acuerdo firmado, en ejecución o
    concluido no está entre ellos, el plan y la realidad no coinciden (un
    acuerdo nuevo, o un id mal escrito en el plan). Un borrador no se juzga
    todavía, y un plan sin lista no se compara.

    Incorrecto (el plan 2015 dice `acuerdos_previstos: [a1]`):

        id: a2
        estado: firmado
        plan_anual: 2015

    Correcto: agregue el acuerdo al plan.

        acuerdos_previstos: [a1, a2]
    """
    plans = {p.anio: (doc, p) for doc, p in repo.valid_plans()}
    every = [a for _, a in agreements(repo)]
    docs = {a.id: doc for doc, a in agreements(repo)}
    for year, (plan_doc, p) in plans.items():
        for a in outside_plan(p, every):
            yield at(codes.CP411, docs[a.id].source, ("plan_anual",),
                     _("el acuerdo dice «plan_anual: {year}» pero no está entre los «acuerdos_previstos» de «{rel}»; "
                         "agréguelo a esa lista si forma parte del plan").format(year=year, rel=plan_doc.rel))


def action_without_agreement(repo: Repository) -> Iterator[Problem]:
    """Las acciones estratégicas que un plan anual aborda en el año
    (`acciones`) se llevan a cabo con acuerdos de coproducción: una acción
    sin ningún acuerdo del año en su cronograma
    (`cronograma.accion_estrategica`) es una advertencia en el plan.
    Cuentan los acuerdos con `plan_anual` de ese año o con meses de ese año
    en su cronograma, salvo los cancelados. Mientras un archivo de acuerdo no
    se pueda leer (o la carpeta `acuerdos/`), la regla no dice nada (ese acuerdo podría ser el de la
    acción).

    Incorrecto (ningún acuerdo de 2015 trabaja la acción 10):

        acciones: [7, 10]

    Correcto: un acuerdo del año con

        cronograma:
          eje: ninez-adolescencia
          accion_estrategica: 10
    """
    # Why: an agreement file that does not load may be the one scheduled on the action
    # (a cached file that did not load has no cached id: an agreement that loads always has one).
    if not repo.manifest or any(d.model is None and (not d.cached or d.cached_id is None) for d in repo.acuerdos):
        return
    if any(sp.rel == AGREEMENTS_DIR or sp.rel.startswith(AGREEMENTS_DIR + "/") for sp in repo.structure):
        return
    known = [ac.numero for e in repo.manifest.estrategia.ejes for ac in e.acciones]
    # From every agreement, the cached ones too (the validation cache keeps what this rule needs).
    scheduled = repo.scheduled_actions()
    for doc, p in repo.valid_plans():
        for n, i in actions_without_agreement(p, scheduled, known):
            yield at(codes.CP412, doc.source, ("acciones", i),
                     _("ningún acuerdo de {anio} tiene la acción estratégica {n} en su cronograma; prevea un acuerdo para ella o quítela de las acciones del año").format(anio=p.anio, n=n))


def group_without_members(repo: Repository) -> Iterator[Problem]:
    """Un grupo de trabajo (B.4.1) reúne a los actores de su eje: uno sin
    `actores` no tiene quién haga el trabajo.

    Incorrecto:

        grupos_trabajo:
          - eje: desarrollo-local
            coordinador: imas
            actores: []

    Correcto:

        grupos_trabajo:
          - eje: desarrollo-local
            coordinador: imas
            actores: [ina, lideres-comunales]
    """
    for doc, p in repo.valid_plans():
        for i, g in enumerate(p.grupos_trabajo):
            if not g.actores:
                yield at(codes.CP413, doc.source, ("grupos_trabajo", i),
                         _("el grupo de trabajo del eje «{eje}» no tiene actores; agregue sus integrantes en «actores»").format(eje=g.eje), target="key")


def group_without_risks(repo: Repository) -> Iterator[Problem]:
    """Cada año los grupos de trabajo definen los riesgos y los temas de su
    eje (B.4.1, B.4.2): un grupo sin `riesgos` no lo ha hecho todavía.

    Incorrecto:

        grupos_trabajo:
          - eje: desarrollo-local
            actores: [ina]

    Correcto:

        grupos_trabajo:
          - eje: desarrollo-local
            actores: [ina]
            riesgos: [Desempleo juvenil]
    """
    for doc, p in repo.valid_plans():
        for i, g in enumerate(p.grupos_trabajo):
            if not g.riesgos:
                yield at(codes.CP414, doc.source, ("grupos_trabajo", i),
                         _("el grupo de trabajo del eje «{eje}» no define sus riesgos; escríbalos en «riesgos»").format(eje=g.eje), target="key")


def poi_without_record(repo: Repository) -> Iterator[Problem]:
    """Las instituciones reflejan sus compromisos en su Plan Operativo
    Institucional (POI) del año (B.4.4, C.3.2). En un acuerdo firmado, en
    ejecución o concluido, cada actor público (sector `publico_nacional` o
    `municipal`) que es su actor encargado o corresponsable necesita un
    registro `poi` del año de su plan anual: `sí`, `no` o `pendiente`.

    Incorrecto (el INA es corresponsable y no hay registro):

        plan_anual: 2015
        poi:
          - {actor: imas, anio: 2015, estado: sí}

    Correcto:

        poi:
          - {actor: imas, anio: 2015, estado: sí, referencia: "POI 2015, meta 3.2"}
          - {actor: ina, anio: 2015, estado: pendiente}
    """
    if not repo.actor_map:
        return
    sectors = {x.id: x.sector for x in repo.actor_map.actores}
    years = {p.anio for _, p in repo.valid_plans()}
    for doc, a in agreements(repo):
        # An agreement that names a plan that does not exist is CP505's.
        missing = poi_gaps(a, sectors) if a.plan_anual in years else ()
        if missing:
            names = ", ".join(f"«{x}»" for x in missing)
            example = f"{{actor: {missing[0]}, anio: {a.plan_anual}, estado: pendiente}}"
            yield at(codes.CP415, doc.source, ("plan_anual",),
                     _("sin registro del POI {plan_anual} de {names}; agregue en «poi» una entrada por institución, p. ej. «{example}»").format(plan_anual=a.plan_anual, names=names, example=example))


def incoherent_reach(repo: Repository) -> Iterator[Problem]:
    """`alcanzado` registra el total acumulado de la meta cuantitativa mes a
    mes (por territorio si lo dice): necesita `actividad.meta_cuantitativa`
    (su unidad), un solo valor por mes y territorio, y un total que no
    disminuye (es acumulado, no lo del mes).

    Incorrecto:

        alcanzado:
          - {mes: 2015-08, valor: 120}
          - {mes: 2015-10, valor: 90}

    Correcto (90 más en octubre):

        alcanzado:
          - {mes: 2015-08, valor: 120}
          - {mes: 2015-10, valor: 210}
    """
    for doc, a in agreements(repo):
        if a.alcanzado and a.actividad.meta_cuantitativa is None:
            yield at(codes.CP416, doc.source, ("alcanzado",),
                     _("hay «alcanzado» sin «actividad.meta_cuantitativa»: diga la meta y su unidad"), target="key")
        seen: set[tuple[Month, str | None]] = set()
        last: dict[str | None, float] = {}
        for i, e in sorted(enumerate(a.alcanzado), key=lambda x: x[1].mes):
            where = _(" en «{territorio}»").format(territorio=e.territorio) if e.territorio else ""
            if (e.mes, e.territorio) in seen:
                yield at(codes.CP416, doc.source, ("alcanzado", i, "mes"), _("el mes {mes}{where} ya tiene un valor alcanzado").format(mes=e.mes, where=where))
                continue
            seen.add((e.mes, e.territorio))
            value = number_of(e.valor)
            if value is None:
                continue
            if e.territorio in last and value < last[e.territorio]:
                yield at(codes.CP416, doc.source, ("alcanzado", i, "valor"),
                         _("el total alcanzado{where} baja de {last:g} a {value:g} en {mes}; es un total acumulado, no lo del "
                             "mes").format(where=where, last=last[e.territorio], value=value, mes=e.mes))
            last[e.territorio] = value
