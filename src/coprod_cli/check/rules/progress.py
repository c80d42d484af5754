"""Rules on an agreement's recorded progress (CP204, CP205, CP209-CP213): the
same judgement the figures use (model/records.py), and the calendar.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...lang import _, ngettext
from ...load.repository import Document, Repository
from ...model.models import Acuerdo
from ...model.records import PENDING, UNREPORTED, RecordProblem, commitments, record_problems
from ...model.types import NIVELES, Month
from ...problems import Problem
from .common import agreements, at


def _record_problems(repo: Repository, code: str) -> Iterator[tuple[Document[Acuerdo], Acuerdo, RecordProblem]]:
    """The invalid progress values a rule reports: the same judgement the
    figures use to mark a value invalid (model/records.py)."""
    for doc, a in agreements(repo):
        for p in record_problems(a):
            if p.code == code:
                yield doc, a, p

def progress_in_schedule(repo: Repository) -> Iterator[Problem]:
    """El avance (sección 6) se informa para los meses del cronograma
    (sección 5). Un avance de otro mes no corresponde a ningún compromiso.

    Incorrecto (el cronograma va de 2015-07 a 2016-01):

        avance:
          - mes: 2016-02
            nivel: 50

    Correcto: agregue el mes al cronograma o corrija el mes del avance.
    """
    for doc, a, p in _record_problems(repo, codes.CP204):
        where = _("no es un mes del cronograma") if a.cronograma and a.cronograma.meses else _("el acuerdo no tiene cronograma")
        yield at(codes.CP204, doc.source, p.path, _("avance de {month}: {where}").format(month=p.month, where=where), p.target)

def level_on_scale(repo: Repository) -> Iterator[Problem]:
    """El protocolo (nota 13) fija cinco niveles de cumplimiento: 100 %
    (cumplida), 75 % (muy avanzada), 50 % (avanzada), 25 % (algo avanzada)
    y 0 % (sin avance). Otro número no se puede comparar entre acuerdos.

    Incorrecto:

        nivel: 60

    Correcto:

        nivel: 50
    """
    scale = ", ".join(str(n) for n in sorted(NIVELES))
    for doc, _a, p in _record_problems(repo, codes.CP205):
        yield at(codes.CP205, doc.source, p.path, _("nivel {value} fuera de la escala de cinco niveles ({scale})").format(value=p.value, scale=scale), p.target)

def repeated_month(repo: Repository) -> Iterator[Problem]:
    """Cada mes aparece una sola vez en el cronograma y una sola vez en el
    avance; las subactividades de un mes van juntas bajo ese mes.

    Incorrecto:

        avance:
          - {mes: 2015-07, nivel: 50}
          - {mes: 2015-07, nivel: 75}

    Correcto (un mes, un nivel; el segundo era del mes siguiente):

        avance:
          - {mes: 2015-07, nivel: 50}
          - {mes: 2015-08, nivel: 75}
    """
    for doc, _a, p in _record_problems(repo, codes.CP209):
        where = _("el cronograma") if p.kind == "repeated_schedule_month" else _("el avance")
        yield at(codes.CP209, doc.source, p.path, _("el mes {month} ya aparece antes en {where}").format(month=p.month, where=where), p.target)

def progress_shape(repo: Repository) -> Iterator[Problem]:
    """Un mes de avance lleva un `nivel` para el mes completo, o
    `subactividades` con un nivel para cada subactividad (numeradas 1, 2, …
    en el orden del cronograma de ese mes); no ambas cosas, ni ninguna.

    Incorrecto:

        - mes: 2015-08
          nivel: 25
          subactividades: [{subactividad: 1, nivel: 50}]

    Correcto:

        - mes: 2015-08
          subactividades:
            - {subactividad: 1, nivel: 50}
            - {subactividad: 2, nivel: 0}
    """
    messages = {
        "no_level": _("el avance de {month} no tiene «nivel» ni «subactividades»"),
        "two_forms": _("el avance de {month} tiene «nivel» y «subactividades» a la vez; use una sola forma"),
        "repeated_subactivity": _("la subactividad {sub} de {month} ya tiene nivel"),
        "no_such_subactivity": _("el cronograma de {month} tiene {value} subactividad(es); no existe la {sub}"),
    }
    for doc, _a, p in _record_problems(repo, codes.CP210):
        yield at(codes.CP210, doc.source, p.path, messages[p.kind].format(month=p.month, sub=p.subactivity, value=p.value), p.target)

#: Months listed in a message about many months; the rest are counted.
MONTHS_SHOWN = 6

def _months(months: list[Month]) -> str:
    shown = ", ".join(str(m) for m in months[:MONTHS_SHOWN])
    return shown + (_(" y {n} más").format(n=len(months) - MONTHS_SHOWN) if len(months) > MONTHS_SHOWN else "")

def _commitments_word(n: int) -> str:
    return ngettext("{n} compromiso", "{n} compromisos", n).format(n=n)

def progress_in_the_future(repo: Repository, now: Month) -> Iterator[Problem]:
    """El avance (sección 6) se informa después de cada mes. Un avance para un
    mes posterior al actual suele ser una errata (el año o el mes
    equivocados): no cuenta en ninguna cifra, alerta ni informe hasta que
    ese mes llegue (las cifras al mes de corte usan solo lo registrado hasta
    ese mes), y así desaparecería en silencio.

    Incorrecto (en julio de 2015):

        avance:
          - mes: 2016-07
            nivel: 50

    Correcto:

        avance:
          - mes: 2015-07
            nivel: 50
    """
    for doc, a in agreements(repo):
        for i, av in enumerate(a.avance):
            if av.mes > now:
                yield at(codes.CP211,
                    doc.source,
                    ("avance", i, "mes"),
                    _("avance de {mes}, un mes que todavía no llega (este mes es {now}): no cuenta en ninguna cifra hasta "
                        "entonces; corrija el mes o el año si es una errata").format(mes=av.mes, now=now),
                )

def concluded_with_pending(repo: Repository, now: Month) -> Iterator[Problem]:
    """Un acuerdo `concluido` ya terminó su trabajo: cada compromiso de su
    cronograma debería tener su nivel de avance. Un compromiso vencido sin
    informe, o uno cuyo mes todavía no llega, contradice el estado: falta
    registrar el avance (`coprod progress set`), o el acuerdo no está
    concluido.

    Incorrecto:

        estado: concluido
        cronograma:
          meses:
            - mes: 2015-07
            - mes: 2015-08
        avance:
          - mes: 2015-07
            nivel: 100

    Correcto:

        avance:
          - mes: 2015-07
            nivel: 100
          - mes: 2015-08
            nivel: 75
    """
    for doc, a in agreements(repo):
        if a.estado != "concluido":
            continue
        items = commitments(a, now)
        unreported = [c.month for c in items if c.state(now) == UNREPORTED]
        pending = [c.month for c in items if c.state(now) == PENDING]
        if not unreported and not pending:
            continue
        parts = []
        if unreported:
            parts.append(ngettext("{commitments_word} vencido sin avance informado ({months})", "{commitments_word} vencidos sin avance informado ({months})", len(unreported)).format(
                commitments_word=_commitments_word(len(unreported)), months=_months(unreported)))
        if pending:
            parts.append(_("{commitments_word} de meses que todavía no llegan ({months})").format(commitments_word=_commitments_word(len(pending)), months=_months(pending)))
        yield at(codes.CP212,
            doc.source,
            ("estado",),
            _("acuerdo «concluido» con {items}: registre el avance con «coprod progress set» o corrija el estado").format(items=_(' y ').join(parts)),
        )

def ended_without_reports(repo: Repository, now: Month) -> Iterator[Problem]:
    """Cuando el último mes del cronograma de un acuerdo `firmado` o
    `en_ejecucion` ya pasó, cada compromiso debería tener su nivel de
    avance. Los que nunca se informaron son alertas en cada informe de
    avance; esta advertencia lo dice también en `coprod validate`, para que
    se registre el avance (y, si el trabajo terminó, se cambie el estado a
    `concluido`).

    Incorrecto (en 2016, con el cronograma de julio a septiembre de 2015):

        estado: en_ejecucion
        avance:
          - mes: 2015-07
            nivel: 50

    Correcto:

        estado: concluido
        avance:
          - mes: 2015-07
            nivel: 50
          - mes: 2015-08
            nivel: 100
          - mes: 2015-09
            nivel: 100
    """
    for doc, a in agreements(repo):
        if a.estado not in ("firmado", "en_ejecucion") or not a.cronograma or not a.cronograma.meses:
            continue
        last = max(m.mes for m in a.cronograma.meses)
        if last >= now:
            continue
        unreported = [c.month for c in commitments(a, now) if c.state(now) == UNREPORTED]
        if unreported:
            yield at(codes.CP213,
                doc.source,
                ("estado",),
                ngettext("el cronograma terminó en {last} y {commitments_word} nunca se informó ({months}): registre su "
                    "avance con «coprod progress set» (y, si el trabajo terminó, cambie el estado a «concluido»)",
                    "el cronograma terminó en {last} y {commitments_word} nunca se informaron ({months}): registre su "
                    "avance con «coprod progress set» (y, si el trabajo terminó, cambie el estado a «concluido»)", len(unreported)).format(
                        last=last, commitments_word=_commitments_word(len(unreported)), months=_months(unreported)),
            )
