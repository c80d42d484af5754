"""Rules on the actor map (CP3xx).
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...lang import _
from ...load.repository import Repository
from ...problems import Problem
from .common import at


def actor_without_alternate(repo: Repository) -> Iterator[Problem]:
    """Cada actor define un titular y un suplente que asume el compromiso en
    su ausencia (protocolo 5.1 B.2; también la sociedad civil, 5.2 A.5.4).

    Incorrecto:

        - id: ina
          titular: {nombre: Marta Rojas Campos}

    Correcto:

        - id: ina
          titular: {nombre: Marta Rojas Campos}
          suplente: {nombre: Luis Mora Jiménez}
    """
    if not repo.actores or not repo.actor_map:
        return
    for i, actor in enumerate(repo.actor_map.actores):
        if actor.suplente is None:
            yield at(codes.CP301, repo.actores.source, ("actores", i, "id"), _("el actor «{id}» no tiene suplente (protocolo B.2)").format(id=actor.id))

def actor_without_principal(repo: Repository) -> Iterator[Problem]:
    """Cada actor nombra un funcionario o representante titular que participa
    en las sesiones (protocolo 5.1 B.2).

    Incorrecto:

        - id: imas
          suplente: {nombre: Carlos Quesada Ruiz}

    Correcto:

        - id: imas
          titular: {nombre: Andrea Solís Vargas}
          suplente: {nombre: Carlos Quesada Ruiz}
    """
    if not repo.actores or not repo.actor_map:
        return
    for i, actor in enumerate(repo.actor_map.actores):
        if actor.titular is None:
            yield at(codes.CP302, repo.actores.source, ("actores", i, "id"), _("el actor «{id}» no tiene titular (protocolo B.2)").format(id=actor.id))
