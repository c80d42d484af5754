"""Rules on sessions that depend on the calendar (CP7xx, ``Rule.dated``):
absences in a row, overdue decisions, minutes of a session that has not
taken place, quorum. Each takes the month of the validation (``--as-of``)
and reads it through model/sessions.py (``reference_day``, ``held_by``,
``decision_state``, ``series``), so a rule and the figure that counts the
same thing agree for every month.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ... import codes
from ...lang import NC_, _, pgettext
from ...load.repository import Repository
from ...model.models import Sesion
from ...model.sessions import absence_streak, attended, decision_state, held_by, reference_day, series
from ...model.types import Month
from ...problems import Problem
from .common import at
from .sessions import session_label, sessions, settings

_BODIES = {
    "consejo": NC_("sesión de", "del consejo"),
    "grupo_trabajo": NC_("sesión de", "del grupo de trabajo"),
    "comision_ejecutiva": NC_("sesión de", "de la comisión ejecutiva"),
    "foro": NC_("sesión de", "del foro"),
    "otra": NC_("sesión de", "de la instancia «otra»"),
}


def _series_label(instancia: str, eje: str | None) -> str:
    label = pgettext("sesión de", _BODIES[instancia]) if instancia in _BODIES else _("de «{instancia}»").format(instancia=instancia)
    return _("{label} del eje «{eje}»").format(label=label, eje=eje) if eje else label


def consecutive_absences(repo: Repository, now: Month) -> Iterator[Problem]:
    """Que cada actor esté representado, por su titular o por su suplente,
    es «vital» para sostener los acuerdos (protocolo B.2). Un actor convocado
    que no estuvo representado (`ausente` o `justificada`) en las últimas
    `sesiones.ausencias_consecutivas` sesiones seguidas de su instancia (3
    por omisión, en `canton.yaml`) recibe una advertencia, en la última de
    ellas. Cuentan las sesiones ya realizadas al mes de corte (`--as-of`),
    cada instancia por separado (el consejo, cada grupo de trabajo por su
    eje…); una sesión a la que no se convocó al actor no corta la racha.

    Incorrecto (tres sesiones seguidas del consejo):

        # sesiones/2015-09-08.yaml, 2015-10-13.yaml y 2015-11-10.yaml
        asistencia:
          - actor: ifam
            estado: ausente

    Correcto: que el titular o el suplente asista, o que el consejo hable con
    el actor y renueve su representación en `actores.yaml`.

        # sesiones/2015-11-10.yaml
        asistencia:
          - actor: ifam
            estado: suplente
    """
    limit = settings(repo).ausencias_consecutivas
    docs = {id(s): doc for doc, s in sessions(repo)}
    for (instancia, eje), held in series((s for _doc, s in sessions(repo)), now).items():
        last_entry: dict[str, tuple[Sesion, int]] = {}
        for s in held:
            for i, entry in enumerate(s.asistencia):
                last_entry[entry.actor] = (s, i)
        for actor, (s, i) in last_entry.items():
            streak = absence_streak(held, actor)
            if streak >= limit:
                yield at(
                    codes.CP703,
                    docs[id(s)].source,
                    ("asistencia", i, "estado"),
                    _("«{actor}» no estuvo representado (ni titular ni suplente) en las últimas {streak} sesiones seguidas "
                        "{series_label}, hasta {session_label}; el límite es {limit} (sesiones.ausencias_consecutivas en "
                        "canton.yaml, protocolo B.2)").format(actor=actor, streak=streak, series_label=_series_label(instancia, eje), session_label=session_label(s), limit=limit),
                )


def overdue_decision(repo: Repository, now: Month) -> Iterator[Problem]:
    """Una decisión de una sesión (`acuerdos_sesion`) con `plazo` vencido al
    mes de corte (`--as-of`) y sin cumplir recibe una advertencia: el acta
    difunde las decisiones para que se cumplan (protocolo A.2.4). Márquela
    cumplida cuando se cumpla, o ponga en la agenda de la próxima sesión un
    nuevo plazo.

    Incorrecto (al mes de diciembre de 2015):

        acuerdos_sesion:
          - descripcion: Entregar la lista de familias
            responsable: imas
            plazo: 2015-10-30
            estado: pendiente

    Correcto:

        acuerdos_sesion:
          - descripcion: Entregar la lista de familias
            responsable: imas
            plazo: 2015-10-30
            estado: cumplido
            cumplido: 2015-11-20
    """
    for doc, s in sessions(repo):
        for i, d in enumerate(s.acuerdos_sesion):
            if decision_state(d, now) == "vencido":
                who = _(" (responsable: «{responsable}»)").format(responsable=d.responsable) if d.responsable else ""
                yield at(
                    codes.CP705,
                    doc.source,
                    ("acuerdos_sesion", i, "plazo"),
                    _("el acuerdo {n} de {session_label} venció el {plazo} y no está cumplido{who}; márquelo cumplido con "
                        "«coprod decision done {stem} {n}» o acuerde un nuevo plazo").format(n=i + 1, session_label=session_label(s), plazo=d.plazo, who=who, stem=PurePosixPath(doc.rel).stem),
                )


def _minutes(s: Sesion) -> list[tuple[tuple[str | int, ...], str]]:
    """What a session's minutes record, as (YAML path, what it is)."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    present = [i for i, a in enumerate(s.asistencia) if attended(a.estado)]
    if present:
        out.append((("asistencia", present[0], "estado"), "asistencia"))
    if s.acuerdos_sesion:
        out.append((("acuerdos_sesion",), _("acuerdos de la sesión")))
    if s.avances:
        out.append((("avances",), "avances"))
    if s.resumen:
        out.append((("resumen",), "resumen"))
    return out


def minutes_in_the_future(repo: Repository, now: Month) -> Iterator[Problem]:
    """El acta (quién asistió, las decisiones, los avances informados y el
    resumen) se escribe después de la sesión (protocolo A.2.4). Una sesión
    cuya fecha todavía no llega al mes de corte (`--as-of`: hoy, en el mes
    actual) con acta suele ser una fecha mal escrita. La convocatoria, la
    agenda y una lista de asistencia con todos `ausente` (como la deja
    `coprod new session`) o con ausencias justificadas sí se preparan antes.

    Incorrecto (al mes de diciembre de 2015):

        fecha: 2016-01-12
        resumen: Se revisaron los avances de diciembre.

    Correcto:

        fecha: 2016-01-12
        convocatoria:
          enviada: 2016-01-05
    """
    day = reference_day(now)
    for doc, s in sessions(repo):
        if s.fecha <= day:
            continue
        recorded = _minutes(s)
        if recorded:
            what = ", ".join(label for _path, label in recorded)
            yield at(
                codes.CP706,
                doc.source,
                recorded[0][0],
                _("{session_label} todavía no se realiza (al {day}) y ya tiene acta: {what}; revise la fecha de la sesión").format(session_label=session_label(s), day=day.isoformat(), what=what),
                target="key" if recorded[0][0][0] != "asistencia" else "value",
            )


def below_quorum(repo: Repository, now: Month) -> Iterator[Problem]:
    """Una sesión ya realizada al mes de corte (`--as-of`) necesita el
    quórum: al menos `sesiones.quorum` por ciento (50 por omisión, en
    `canton.yaml`) de los actores de su lista de asistencia representados
    por su titular o su suplente (protocolo A.2.1 y B.2). Las ausencias
    justificadas cuentan como ausencias. Una sesión sin lista de asistencia
    no se evalúa.

    Incorrecto (uno de tres actores, con quórum de 50 %):

        asistencia:
          - actor: imas
            estado: titular
          - actor: ina
            estado: ausente
          - actor: lideres
            estado: justificada

    Correcto:

        asistencia:
          - actor: imas
            estado: titular
          - actor: ina
            estado: suplente
          - actor: lideres
            estado: justificada
    """
    quorum = settings(repo).quorum
    for doc, s in sessions(repo):
        if not s.asistencia or not held_by(s, now):
            continue
        convened = {a.actor for a in s.asistencia}
        present = {a.actor for a in s.asistencia if attended(a.estado)}
        if len(present) * 100 < quorum * len(convened):
            yield at(
                codes.CP707,
                doc.source,
                ("asistencia",),
                _("en {session_label} estuvieron representados {n} de {n2} actores convocados, menos que el quórum de "
                    "{quorum} % (sesiones.quorum en canton.yaml)").format(session_label=session_label(s), n=len(present), n2=len(convened), quorum=quorum),
                target="key",
            )

