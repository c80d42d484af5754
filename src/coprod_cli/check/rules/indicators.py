"""Rules on the indicators of the annual plans and on every number an
indicator or a quantitative goal records (CP403-CP408). The judgement of a
value is the one the figures use (types.number_of, read by compute/indicators.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ... import codes
from ...lang import _
from ...load.repository import Document, Repository
from ...model.plan import Indicador, PlanAnual
from ...model.types import Month, ambiguous_number, number_of
from ...model.validate import slugified
from ...problems import Problem
from .common import agreements, at, dupes

#: What the far end of a text value shows in a message.
SHOWN_CHARS = 40


def _plans(repo: Repository) -> Iterator[tuple[Document[PlanAnual], int, Indicador]]:
    for doc, plan in repo.valid_plans():
        for i, ind in enumerate(plan.indicadores):
            yield doc, i, ind


def _proposed_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", slugified(name)).strip("-")
    return "-".join(slug.split("-")[:4]) or "mi-indicador"


def indicator_without_id(repo: Repository) -> Iterator[Problem]:
    """Cada indicador del plan anual lleva un `id`: `coprod indicator set`
    lo nombra por él para registrar una medición, y los datos abiertos lo
    usan para unir el indicador con sus mediciones.

    Incorrecto:

        indicadores:
          - tipo: resultado
            nombre: Familias identificadas

    Correcto:

        indicadores:
          - id: familias-identificadas
            tipo: resultado
            nombre: Familias identificadas
    """
    for doc, i, ind in _plans(repo):
        if ind.id is None:
            yield at(codes.CP403, doc.source, ("indicadores", i, "nombre"), _("el indicador «{nombre}» no tiene «id»; agregue, por ejemplo, «id: {proposed_id}»").format(
                nombre=ind.nombre, proposed_id=_proposed_id(ind.nombre)))


#: The fields an indicator needs to be measured against its target, with how to write each.
NEEDED = (
    ("unidad", "unidad"),
    ("linea_base", "linea_base: {valor, fecha}"),
    ("meta", "meta: {valor, fecha}"),
    ("fuente", "fuente"),
    ("sentido", "sentido: aumentar o disminuir"),
)


def incomplete_indicator(repo: Repository) -> Iterator[Problem]:
    """Un indicador se mide contra su meta (E.3.3, E.3.4): necesita su
    `unidad`, su `linea_base` y su `meta` (cada una con `valor` y `fecha`),
    la `fuente` de verificación del dato y el `sentido` (si es mejor que
    aumente o que disminuya). Sin ellos el informe de indicadores no puede
    decir si va en camino.

    Incorrecto:

        - id: desercion-colegios
          tipo: impacto
          nombre: Deserción escolar
          meta: {valor: 10}

    Correcto:

        - id: desercion-colegios
          tipo: impacto
          nombre: Deserción escolar
          unidad: "%"
          linea_base: {valor: 12.4, fecha: 2014-12-31}
          meta: {valor: 10, fecha: 2016-12-31}
          sentido: disminuir
          fuente: Departamento de Análisis Estadístico del MEP
    """
    for doc, i, ind in _plans(repo):
        missing = [how for key, how in NEEDED if getattr(ind, key) is None]
        missing += [f"{key}.fecha" for key in ("linea_base", "meta") if getattr(ind, key) is not None and getattr(ind, key).fecha is None]
        if missing:
            where = ("indicadores", i, "id") if ind.id is not None else ("indicadores", i, "nombre")
            yield at(codes.CP404, doc.source, where, _("al indicador «{value}» le falta: {items}").format(value=ind.id or ind.nombre, items='; '.join(missing)))


def _shown(value: Any) -> str:
    if value is None:
        return _("un valor vacío")
    if isinstance(value, bool):
        return f"«{'true' if value else 'false'}»"
    text = repr(value) if isinstance(value, float) else str(value)
    text = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    return f"«{text}»"


def _plain(v: float) -> str:
    return str(int(v)) if v.is_integer() else str(v)


def _not_a_number(value: Any) -> str:
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        return _("{shown} no es un número finito que se pueda usar").format(shown=_shown(value))
    if isinstance(value, str) and ambiguous_number(value):
        return _("{shown} es ambiguo (¿mil y algo, o un número con tres decimales?): escriba la cifra sin separador de miles, como 1500").format(shown=_shown(value))
    return _("{shown} no es un número").format(shown=_shown(value))


def _plan_values(repo: Repository) -> Iterator[tuple[Document[Any], tuple[Any, ...], Any, str]]:
    for doc, i, ind in _plans(repo):
        for key, what in (("linea_base", _("la línea base")), ("meta", _("la meta"))):
            point = getattr(ind, key)
            if point is not None:
                yield doc, ("indicadores", i, key, "valor"), point.valor, _("{what} del indicador «{value}»").format(what=what, value=ind.id or ind.nombre)
        for j, m in enumerate(ind.mediciones):
            yield doc, ("indicadores", i, "mediciones", j, "valor"), m.valor, _("la medición del {fecha} del indicador «{value}»").format(fecha=m.fecha, value=ind.id or ind.nombre)


def _agreement_values(repo: Repository) -> Iterator[tuple[Document[Any], tuple[Any, ...], Any, str]]:
    for doc, a in agreements(repo):
        goal = a.actividad.meta_cuantitativa
        if goal is not None:
            yield doc, ("actividad", "meta_cuantitativa", "valor"), goal.valor, _("la meta cuantitativa")
        for j, r in enumerate(a.alcanzado):
            where = _(" en «{territorio}»").format(territorio=r.territorio) if r.territorio else ""
            yield doc, ("alcanzado", j, "valor"), r.valor, _("lo alcanzado hasta {mes}{where}").format(mes=r.mes, where=where)


def non_numeric_value(repo: Repository) -> Iterator[Problem]:
    """La línea base, la meta y cada medición de un indicador, la meta
    cuantitativa de un acuerdo y lo alcanzado son números: `450`, `12.4`
    (con punto decimal, sin unidad ni signo de porcentaje: la unidad va en
    `unidad`). Un texto, `.nan` o `.inf` no se puede comparar: el archivo
    se lee igual, pero el valor no cuenta en ninguna cifra y los informes
    lo muestran como «dato inválido».

    Incorrecto:

        mediciones:
          - {fecha: 2015-08-31, valor: ciento veinte}

    Correcto:

        mediciones:
          - {fecha: 2015-08-31, valor: 120}
    """
    for values in (_plan_values(repo), _agreement_values(repo)):
        for doc, path, value, what in values:
            if number_of(value) is None:
                yield at(codes.CP405, doc.source, path, _("{what}: {not_a_number}; escriba una cifra, como 450 o 12.4 (con punto decimal)").format(what=what, not_a_number=_not_a_number(value)))


def contradictory_indicator(repo: Repository) -> Iterator[Problem]:
    """El `sentido` de un indicador dice si es mejor que aumente o que
    disminuya; la meta tiene que estar de ese lado de la línea base, y su
    fecha después de la de la línea base. Si no, el avance hacia la meta
    se lee al revés.

    Incorrecto (bajar las denuncias de 140 a 110, con `sentido: aumentar`):

        linea_base: {valor: 140, fecha: 2015-03-31}
        meta: {valor: 110, fecha: 2015-12-31}
        sentido: aumentar

    Correcto:

        sentido: disminuir
    """
    for doc, i, ind in _plans(repo):
        name = ind.id or ind.nombre
        base, target = ind.linea_base, ind.meta
        if base is None or target is None:
            continue
        b, t = number_of(base.valor), number_of(target.valor)
        if b is not None and t is not None and b == t:
            yield at(codes.CP406, doc.source, ("indicadores", i, "meta", "valor"), _("la meta del indicador «{name}» es igual a su línea base: no hay avance que medir").format(name=name))
        elif b is not None and t is not None and ind.sentido is not None and ind.sentido != ("aumentar" if t > b else "disminuir"):
            yield at(codes.CP406, doc.source, ("indicadores", i, "sentido"),
                _("el indicador «{name}» dice «sentido: {sentido}», pero ir de la línea base ({plain}) a la meta "
                    "({plain2}) es {value}; corrija el sentido o la meta").format(
                        name=name, sentido=ind.sentido, plain=_plain(b), plain2=_plain(t), value='aumentar' if t > b else 'disminuir'))  # fmt: skip
        if base.fecha is not None and target.fecha is not None and target.fecha <= base.fecha:
            yield at(codes.CP406, doc.source, ("indicadores", i, "meta", "fecha"),
                _("la fecha de la meta del indicador «{name}» ({fecha}) no es posterior a la de su línea base ({fecha2})").format(name=name, fecha=target.fecha, fecha2=base.fecha))  # fmt: skip


def measurement_out_of_time(repo: Repository, now: Month) -> Iterator[Problem]:
    """Una medición se registra cuando el dato existe: su fecha no puede ser
    de un mes que todavía no llega (suele ser una errata del año), ni
    anterior a la línea base del indicador (la línea base es el punto de
    partida). Una medición del futuro no cuenta en ninguna cifra hasta que
    su mes llegue.

    Incorrecto (la línea base es del 2015-07-01):

        mediciones:
          - {fecha: 2014-08-31, valor: 120}

    Correcto:

        mediciones:
          - {fecha: 2015-08-31, valor: 120}
    """
    for doc, i, ind in _plans(repo):
        base = ind.linea_base.fecha if ind.linea_base else None
        for j, m in enumerate(ind.mediciones):
            where = ("indicadores", i, "mediciones", j, "fecha")
            if Month(m.fecha.year, m.fecha.month) > now:
                yield at(codes.CP407, doc.source, where,
                    _("la medición del {fecha} del indicador «{value}» es de un mes que todavía no llega (este mes es "
                        "{now}): no cuenta en ninguna cifra hasta entonces; corrija la fecha si es una errata").format(fecha=m.fecha, value=ind.id or ind.nombre, now=now))  # fmt: skip
            elif base is not None and m.fecha < base:
                yield at(codes.CP407, doc.source, where, _("la medición del {fecha} del indicador «{value}» es anterior a su línea base ({base})").format(
                    fecha=m.fecha, value=ind.id or ind.nombre, base=base))


def repeated_measurement(repo: Repository) -> Iterator[Problem]:
    """Cada fecha se mide una sola vez en un indicador: dos valores para el
    mismo día se contradicen. Las cifras usan el primero y lo marcan como
    dato inválido hasta que se corrija.

    Incorrecto:

        mediciones:
          - {fecha: 2015-08-31, valor: 120}
          - {fecha: 2015-08-31, valor: 125}

    Correcto (el segundo era del mes siguiente):

        mediciones:
          - {fecha: 2015-08-31, valor: 120}
          - {fecha: 2015-09-30, valor: 125}
    """
    for doc, i, ind in _plans(repo):
        dates = ((m.fecha, ("indicadores", i, "mediciones", j, "fecha")) for j, m in enumerate(ind.mediciones))
        for day, path in dupes(dates):
            yield at(codes.CP408, doc.source, path, _("el indicador «{value}» ya tiene una medición del {day}; deje una sola (cuenta la primera)").format(value=ind.id or ind.nombre, day=day))
