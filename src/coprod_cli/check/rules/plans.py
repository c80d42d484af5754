"""Rules on the annual plans (CP4xx).
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...lang import _
from ...load.repository import Repository
from ...problems import Problem
from .common import at


def plan_file_name(repo: Repository) -> Iterator[Problem]:
    """El plan anual de 2015 vive en `planes/2015.yaml` y dice `anio: 2015`.

    Incorrecto (en `planes/2015.yaml`):

        anio: 2016

    Correcto (en `planes/2015.yaml`):

        anio: 2015
    """
    for doc, p in repo.valid_plans():
        if doc.source.path.stem != str(p.anio):
            yield at(codes.CP401, doc.source, ("anio",), _("el año {anio} no coincide con el nombre del archivo «{name}»").format(anio=p.anio, name=doc.source.path.name))

def plan_in_period(repo: Repository) -> Iterator[Problem]:
    """Los planes anuales desarrollan la estrategia (B.3): su año cae dentro
    del periodo de la estrategia declarado en `canton.yaml`.

    Incorrecto (la estrategia va de 2015 a 2018):

        anio: 2019

    Correcto: un año del periodo, o amplíe el periodo en `canton.yaml` si la
    estrategia se extendió.

        anio: 2018
    """
    m = repo.manifest
    if not m:
        return
    per = m.estrategia.periodo
    for doc, p in repo.valid_plans():
        if not per.inicio <= p.anio <= per.fin:
            yield at(codes.CP402, doc.source, ("anio",), _("el año {anio} está fuera del periodo de la estrategia ({inicio}-{fin})").format(anio=p.anio, inicio=per.inicio, fin=per.fin))
