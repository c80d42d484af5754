"""The 14 monitoring criteria of the protocol's Anexo 1, section 7, in order.

Why here: code (checklist, rules) and reports share this one definition, so the
wording and the order can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    number: int
    key: str  # the key under `monitoreo:` in an agreement file
    text: str  # verbatim from the protocol
    fields: tuple[str, ...]  # YAML paths (dotted) whose content the criterion asks for


CRITERIA: tuple[Criterion, ...] = (
    Criterion(1, "objetivo", "Presenta Objetivo", ("objetivo",)),
    Criterion(2, "actividad_programada", "Define Actividad programada", ("actividad.actividad_programada",)),
    Criterion(
        3,
        "planes_programas",
        "Señala los Planes, programas o proyectos institucionales involucrados",
        ("actividad.planes_programas",),
    ),
    Criterion(4, "meta", "Presenta la Meta de la actividad", ("actividad.meta",)),
    Criterion(5, "poblacion", "Señala la Población", ("actividad.poblacion",)),
    Criterion(6, "territorio", "Señala el territorio a impactar", ("actividad.territorio",)),
    Criterion(
        7,
        "actores_sociedad_civil",
        "Presenta a los actores de la sociedad civil integrados en la actividad",
        ("actividad.actores_sociedad_civil",),
    ),
    Criterion(8, "actor_encargado", "Señala el Actor encargado", ("actividad.actor_encargado",)),
    Criterion(9, "actores_colaboradores", "Señala los actores colaboradores", ("actividad.actores_colaboradores",)),
    Criterion(10, "plazo", "Define el Plazo propuesto", ("actividad.plazo",)),
    Criterion(11, "impacto_esperado", "Señala el Impacto esperado", ("actividad.impacto_esperado",)),
    Criterion(12, "roles", "Presenta los Roles de los actores", ("corresponsabilidad",)),
    Criterion(
        13,
        "responsabilidades",
        "Expone las responsabilidades de las contrapartes",
        ("corresponsabilidad",),
    ),
    Criterion(
        14,
        "cronograma",
        "Presenta un Cronograma de trabajo según actividad y/o acción estratégica",
        ("cronograma",),
    ),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)

assert len(CRITERIA) == 14 and [c.number for c in CRITERIA] == list(range(1, 15))
