"""The 14 monitoring criteria of the protocol's Anexo 1, section 7, in order.

Why here: code (checklist, rules) and reports share this one definition, so the
wording and the order can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lang import N_, _


@dataclass(frozen=True)
class Criterion:
    number: int
    key: str  # the key under `monitoreo:` in an agreement file
    text: str  # verbatim from the protocol, in Spanish (data: exports, the schema); ``label`` where a person reads it
    fields: tuple[str, ...]  # YAML paths (dotted) whose content the criterion asks for

    @property
    def label(self) -> str:
        """The criterion's text in the language in use."""
        return _(self.text)


CRITERIA: tuple[Criterion, ...] = (
    Criterion(1, "objetivo", N_("Presenta Objetivo"), ("objetivo",)),
    Criterion(2, "actividad_programada", N_("Define Actividad programada"), ("actividad.actividad_programada",)),
    Criterion(
        3,
        "planes_programas",
        N_("Señala los Planes, programas o proyectos institucionales involucrados"),
        ("actividad.planes_programas",),
    ),
    Criterion(4, "meta", N_("Presenta la Meta de la actividad"), ("actividad.meta",)),
    Criterion(5, "poblacion", N_("Señala la Población"), ("actividad.poblacion",)),
    Criterion(6, "territorio", N_("Señala el territorio a impactar"), ("actividad.territorio",)),
    Criterion(
        7,
        "actores_sociedad_civil",
        N_("Presenta a los actores de la sociedad civil integrados en la actividad"),
        ("actividad.actores_sociedad_civil",),
    ),
    Criterion(8, "actor_encargado", N_("Señala el Actor encargado"), ("actividad.actor_encargado",)),
    Criterion(9, "actores_colaboradores", N_("Señala los actores colaboradores"), ("actividad.actores_colaboradores",)),
    Criterion(10, "plazo", N_("Define el Plazo propuesto"), ("actividad.plazo",)),
    Criterion(11, "impacto_esperado", N_("Señala el Impacto esperado"), ("actividad.impacto_esperado",)),
    Criterion(12, "roles", N_("Presenta los Roles de los actores"), ("corresponsabilidad",)),
    Criterion(
        13,
        "responsabilidades",
        N_("Expone las responsabilidades de las contrapartes"),
        ("corresponsabilidad",),
    ),
    Criterion(
        14,
        "cronograma",
        N_("Presenta un Cronograma de trabajo según actividad y/o acción estratégica"),
        ("cronograma",),
    ),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)

assert len(CRITERIA) == 14 and [c.number for c in CRITERIA] == list(range(1, 15))
