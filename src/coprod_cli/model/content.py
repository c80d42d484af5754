"""Judge each of the 14 criteria from an agreement's own content.

Why separate from the checklist figures: validate (rule CP206, CP208) and the
figures both need the same judgement, and it must be one function.
"""

from __future__ import annotations

from .criteria import CRITERIA
from .models import Acuerdo
from .types import has_text


def content_met(a: Acuerdo) -> dict[str, bool]:
    """For each criterion key: does the agreement's content meet it?"""
    act = a.actividad
    sc = act.actores_sociedad_civil
    terr = act.territorio
    cron = a.cronograma
    met = {
        "objetivo": has_text(a.objetivo),
        "actividad_programada": has_text(act.actividad_programada),
        "planes_programas": has_text(act.planes_programas),
        "meta": has_text(act.meta),
        "poblacion": has_text(act.poblacion),
        "territorio": terr is not None and (has_text(terr.descripcion) or bool(terr.territorios)),
        "actores_sociedad_civil": sc is not None and (has_text(sc.descripcion) or bool(sc.actores)),
        "actor_encargado": has_text(act.actor_encargado),
        "actores_colaboradores": bool(act.actores_colaboradores),
        "plazo": act.plazo is not None,
        "impacto_esperado": has_text(act.impacto_esperado),
        "roles": bool(a.corresponsabilidad) and all(has_text(c.roles) for c in a.corresponsabilidad),
        "responsabilidades": bool(a.corresponsabilidad)
        and all(has_text(c.responsabilidades) for c in a.corresponsabilidad),
        "cronograma": cron is not None and bool(cron.meses),
    }
    assert list(met) == [c.key for c in CRITERIA]
    return met
