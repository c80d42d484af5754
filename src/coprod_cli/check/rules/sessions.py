"""Rules on one session file (CP7xx): its file name, convocation, attendance
list, guests and decisions. The rules that depend on the calendar (absences
in a row, overdue decisions, minutes of a future session, quorum) are in
session_dates.py.

What a session record means (who attended, a decision's state, a body's
series) is decided in model/sessions.py, shared with the figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import codes
from ...lang import _, ngettext
from ...load.repository import Document, Repository
from ...model.models import ConfigSesiones, Sesion
from ...model.sessions import thresholds
from ...problems import Problem
from .common import at, dupes

#: ``AAAA-MM-DD`` or ``AAAA-MM-DD-sufijo``: the session's date, then anything.
_SESSION_STEM = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-.+)?$")


def sessions(repo: Repository) -> Iterator[tuple[Document[Sesion], Sesion]]:
    """The sessions that loaded, in date order."""
    yield from repo.valid_sessions()


def settings(repo: Repository) -> ConfigSesiones:
    """``canton.yaml``'s session thresholds, or their defaults."""
    return thresholds(repo.manifest)


def session_label(s: Sesion) -> str:
    return _("la sesión {fecha}").format(fecha=s.fecha.isoformat())


def session_file_name(repo: Repository) -> Iterator[Problem]:
    """El archivo de una sesión se llama como su fecha: `sesiones/AAAA-MM-DD.yaml`,
    o `sesiones/AAAA-MM-DD-sufijo.yaml` cuando hay dos sesiones el mismo día
    o para distinguir una sesión en el territorio. Así las sesiones se
    ordenan solas por fecha y nadie busca un acta en el archivo equivocado.

    Incorrecto (en `sesiones/2015-09-08.yaml`):

        fecha: 2015-09-09

    Correcto (en `sesiones/2015-09-08.yaml`, o renombre el archivo a
    `sesiones/2015-09-09.yaml`):

        fecha: 2015-09-08
    """
    for doc, s in sessions(repo):
        stem = doc.source.path.stem
        m = _SESSION_STEM.match(stem)
        day = s.fecha.isoformat()
        if m is None or m.group(1) != day:
            yield at(
                codes.CP701,
                doc.source,
                ("fecha",),
                _("la fecha {day} no coincide con el nombre del archivo «{name}»; el nombre empieza con la fecha: «{day}.yaml» o «{day}-sufijo.yaml»").format(day=day, name=doc.source.path.name),
            )


def late_convocation(repo: Repository) -> Iterator[Problem]:
    """La agenda se acuerda y se envía con anticipación (protocolo A.2.2 y
    A.2.3): `convocatoria.enviada` es al menos `sesiones.convocatoria_dias`
    días (5 por omisión, en `canton.yaml`) antes de la fecha de la sesión.
    Una convocatoria enviada después de la sesión es un error de fecha. Sin
    `enviada`, la regla no dice nada.

    Incorrecto (la sesión es el 2015-09-08, con 5 días de anticipación):

        convocatoria:
          enviada: 2015-09-06

    Correcto:

        convocatoria:
          enviada: 2015-08-31
    """
    days = settings(repo).convocatoria_dias
    for doc, s in sessions(repo):
        sent = s.convocatoria.enviada if s.convocatoria else None
        if sent is None:
            continue
        before = (s.fecha - sent).days
        path = ("convocatoria", "enviada")
        if before < 0:
            yield at(codes.CP702, doc.source, path, _("la convocatoria se envió el {sent}, después de {session_label}; corrija la fecha").format(sent=sent.isoformat(), session_label=session_label(s)))
        elif before < days:
            yield at(
                codes.CP702,
                doc.source,
                path,
                ngettext("la convocatoria se envió {before} día antes de {session_label}; el consejo acordó al menos {days} "
                    "(sesiones.convocatoria_dias en canton.yaml, protocolo A.2.3)", "la convocatoria se envió {before} días antes de {session_label}; el consejo acordó al menos {days} "
                    "(sesiones.convocatoria_dias en canton.yaml, protocolo A.2.3)", before).format(before=before, session_label=session_label(s), days=days),
            )


def attendee_without_representative(repo: Repository) -> Iterator[Problem]:
    """Cada actor se representa por su titular o, en su ausencia, por su
    suplente (protocolo B.2): quien asiste en nombre de un actor debe estar en
    el mapa de actores. Un actor que asiste como `titular` sin titular en
    `actores.yaml`, o como `suplente` sin suplente, tiene su representación
    sin registrar: complete el mapa de actores. (Un actor desconocido es la
    regla CP501.)

    Incorrecto (el INA no tiene suplente en `actores.yaml`):

        asistencia:
          - actor: ina
            estado: suplente

    Correcto (en `actores.yaml`):

        - id: ina
          nombre: Instituto Nacional de Aprendizaje
          titular:
            nombre: Persona Tres
          suplente:
            nombre: Persona Cuatro
    """
    if not repo.actor_map:
        return
    actors = {a.id: a for a in repo.actor_map.actores}
    for doc, s in sessions(repo):
        for i, entry in enumerate(s.asistencia):
            actor = actors.get(entry.actor)
            if actor is None or entry.estado not in ("titular", "suplente"):
                continue
            missing = actor.titular is None if entry.estado == "titular" else actor.suplente is None
            if missing:
                role = "titular" if entry.estado == "titular" else "suplente"
                yield at(
                    codes.CP704,
                    doc.source,
                    ("asistencia", i, "estado"),
                    _("«{actor}» asistió por su {role}, pero el mapa de actores no tiene {role} para «{actor}»; regístrelo en actores.yaml (protocolo B.2)").format(actor=entry.actor, role=role),
                )


def repeated_attendance(repo: Repository) -> Iterator[Problem]:
    """Cada actor aparece una vez en la asistencia de una sesión: su titular o
    su suplente lo representa, no los dos (protocolo B.2).

    Incorrecto:

        asistencia:
          - actor: imas
            estado: titular
          - actor: imas
            estado: suplente

    Correcto:

        asistencia:
          - actor: imas
            estado: titular
    """
    for doc, s in sessions(repo):
        entries = ((a.actor, ("asistencia", i, "actor")) for i, a in enumerate(s.asistencia))
        for actor, path in dupes(entries):
            yield at(codes.CP708, doc.source, path, _("«{actor}» ya está en la asistencia de {session_label}; deje una sola entrada").format(actor=actor, session_label=session_label(s)))


def incoherent_decision(repo: Repository) -> Iterator[Problem]:
    """Las fechas y el estado de una decisión de la sesión (`acuerdos_sesion`)
    no se contradicen: una fecha de cumplimiento (`cumplido`) pide
    `estado: cumplido`, y ni el cumplimiento ni el plazo pueden ser anteriores
    a la sesión que tomó la decisión. (`estado: cumplido` sin fecha se admite.)

    Incorrecto (sesión del 2015-09-08):

        acuerdos_sesion:
          - descripcion: Entregar la lista de familias
            plazo: 2015-10-30
            estado: pendiente
            cumplido: 2015-08-25

    Correcto:

        acuerdos_sesion:
          - descripcion: Entregar la lista de familias
            plazo: 2015-10-30
            estado: cumplido
            cumplido: 2015-10-25
    """
    for doc, s in sessions(repo):
        for i, d in enumerate(s.acuerdos_sesion):
            which = _("acuerdo {n} de {session_label}").format(n=i + 1, session_label=session_label(s))
            if d.cumplido is not None and d.estado != "cumplido":
                yield at(codes.CP709, doc.source, ("acuerdos_sesion", i, "estado"),
                         _("el {which} tiene fecha de cumplimiento ({cumplido}) pero dice «estado: {estado}»; escriba «estado: "
                             "cumplido» o borre la fecha").format(which=which, cumplido=d.cumplido.isoformat(), estado=d.estado))
            if d.cumplido is not None and d.cumplido < s.fecha:
                yield at(codes.CP709, doc.source, ("acuerdos_sesion", i, "cumplido"),
                         _("el {which} se cumplió el {cumplido}, antes de la sesión que lo tomó").format(which=which, cumplido=d.cumplido.isoformat()))
            if d.plazo is not None and d.plazo < s.fecha:
                yield at(codes.CP709, doc.source, ("acuerdos_sesion", i, "plazo"),
                         _("el plazo del {which} ({plazo}) es anterior a la sesión que lo tomó").format(which=which, plazo=d.plazo.isoformat()))


def group_without_axis(repo: Repository) -> Iterator[Problem]:
    """La sesión de un grupo de trabajo dice el eje de la estrategia que
    trabaja el grupo (protocolo A.2.1: sesiones por eje temático): así se
    cuentan juntas las sesiones de un mismo grupo y se convoca a sus actores.

    Incorrecto:

        instancia: grupo_trabajo

    Correcto:

        instancia: grupo_trabajo
        eje: desarrollo-local
    """
    for doc, s in sessions(repo):
        if s.instancia == "grupo_trabajo" and s.eje is None:
            yield at(codes.CP710, doc.source, ("instancia",),
                     _("{session_label} es de un grupo de trabajo y no dice su eje; agregue «eje:» con el id del eje en canton.yaml").format(session_label=session_label(s)))


def guest_without_name(repo: Repository) -> Iterator[Problem]:
    """Un invitado (protocolo 5.2 B.1.2: empresas, comercio, otras
    organizaciones) se nombra por su id si está en el mapa de actores
    (`actor`) o por su nombre si no lo está (`organizacion`).

    Incorrecto:

        invitados:
          - sector: privado

    Correcto:

        invitados:
          - organizacion: Cámara de Comercio de Desamparados
            sector: privado
    """
    for doc, s in sessions(repo):
        for i, g in enumerate(s.invitados):
            if g.actor is None and g.organizacion is None:
                yield at(codes.CP711, doc.source, ("invitados", i),
                         _("el invitado {n} de {session_label} no dice quién es: escriba «actor:» (su id) u «organizacion:» (su nombre)").format(n=i + 1, session_label=session_label(s)))
