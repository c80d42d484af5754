"""The code catalogue: every code coprod reports, with its rule name (the
``rule`` of a diagnostic in JSON), default severity and one-line Spanish title.

The single source of truth for codes: every stage refers to a code through
these constants (``codes.CP001``), so a misspelt code is an AttributeError
(and a mypy error), never a silent new code. This module imports nothing
from coprod: every stage may import it.

Codes are never renumbered or reused. Ranges follow the domain:

* CP0xx reading a file (syntax, encoding, structure of the repository)
* CP1xx schema (missing, wrong type, unknown key)
* CP2xx agreements
* CP3xx actor map
* CP4xx annual plans
* CP5xx references between files
* CP6xx personal data
* CP7xx sessions (convocation, attendance, minutes and decisions)

Codes below CP200 are emitted by the reading and schema stages: a repository
cannot switch them off (``configurable`` is False).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from .lang import N_, _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The severity as a person reads it, in the language in use."""
        return _("error") if self.value == "error" else _("advertencia")


@dataclass(frozen=True)
class Code:
    code: str  # CPnnn
    name: str  # the rule's short name (a slug), shown as ``rule``
    severity: Severity  # the default; canton.yaml may change it when configurable
    title: str  # one line, Spanish (N_): ``_(title)`` where shown

    @property
    def configurable(self) -> bool:
        return self.code >= FIRST_CONFIGURABLE


#: Codes from here on are rules over the models, which canton.yaml may configure.
FIRST_CONFIGURABLE: Final = "CP200"

CP001: Final = "CP001"
CP002: Final = "CP002"
CP003: Final = "CP003"
CP004: Final = "CP004"
CP005: Final = "CP005"
CP006: Final = "CP006"
CP007: Final = "CP007"
CP008: Final = "CP008"
CP009: Final = "CP009"
CP010: Final = "CP010"
CP101: Final = "CP101"
CP102: Final = "CP102"
CP103: Final = "CP103"
CP104: Final = "CP104"
CP105: Final = "CP105"
CP106: Final = "CP106"
CP107: Final = "CP107"
CP201: Final = "CP201"
CP202: Final = "CP202"
CP203: Final = "CP203"
CP204: Final = "CP204"
CP205: Final = "CP205"
CP206: Final = "CP206"
CP207: Final = "CP207"
CP208: Final = "CP208"
CP209: Final = "CP209"
CP210: Final = "CP210"
CP211: Final = "CP211"
CP212: Final = "CP212"
CP213: Final = "CP213"
CP301: Final = "CP301"
CP302: Final = "CP302"
CP401: Final = "CP401"
CP402: Final = "CP402"
CP403: Final = "CP403"
CP404: Final = "CP404"
CP405: Final = "CP405"
CP406: Final = "CP406"
CP407: Final = "CP407"
CP408: Final = "CP408"
CP409: Final = "CP409"
CP410: Final = "CP410"
CP411: Final = "CP411"
CP412: Final = "CP412"
CP413: Final = "CP413"
CP414: Final = "CP414"
CP415: Final = "CP415"
CP416: Final = "CP416"
CP501: Final = "CP501"
CP502: Final = "CP502"
CP503: Final = "CP503"
CP504: Final = "CP504"
CP505: Final = "CP505"
CP506: Final = "CP506"
CP507: Final = "CP507"
CP508: Final = "CP508"
CP601: Final = "CP601"
CP602: Final = "CP602"
CP701: Final = "CP701"
CP702: Final = "CP702"
CP703: Final = "CP703"
CP704: Final = "CP704"
CP705: Final = "CP705"
CP706: Final = "CP706"
CP707: Final = "CP707"
CP708: Final = "CP708"
CP709: Final = "CP709"
CP710: Final = "CP710"
CP711: Final = "CP711"

E, W = Severity.ERROR, Severity.WARNING


def _index(entries: tuple[Code, ...]) -> dict[str, Code]:
    out: dict[str, Code] = {}
    names: set[str] = set()
    for c in entries:
        if c.code in out or c.name in names:
            raise ValueError(f"código o nombre de regla repetido: {c.code} ({c.name})")
        out[c.code] = c
        names.add(c.name)
    return out


#: Every code, in code order.
CATALOGUE: Final[dict[str, Code]] = _index((
    Code(CP001, "sintaxis-yaml", E, N_("el archivo no es YAML válido")),
    Code(CP002, "clave-repetida", E, N_("una clave aparece dos veces en el mismo mapeo")),
    Code(CP003, "ancla-alias", E, N_("anclas (&) y alias (*) de YAML no se admiten")),
    Code(CP004, "etiqueta-yaml", E, N_("etiquetas YAML explícitas (!!str, !algo) no se admiten")),
    Code(CP005, "no-es-mapeo", E, N_("el archivo está vacío o no es un mapeo de claves")),
    Code(CP006, "codificacion", E, N_("el archivo no es texto UTF-8")),
    Code(CP007, "archivo-ilegible", E, N_("el archivo no se puede leer o excede los límites")),
    Code(CP008, "estructura-repositorio", E, N_("falta un archivo del repositorio o un enlace sale de él")),
    Code(CP009, "plantilla-cambiada", W, N_("el cambio toca las plantillas de los informes (`templates/`)")),
    Code(CP010, "archivo-fuera-de-lugar", E, N_("un archivo de datos está donde coprod no lo lee (una subcarpeta de `acuerdos/` o `planes/`)")),
    Code(CP101, "campo-obligatorio", E, N_("falta un campo obligatorio")),
    Code(CP102, "tipo-incorrecto", E, N_("un valor tiene el tipo equivocado")),
    Code(CP103, "clave-desconocida", E, N_("clave desconocida (con sugerencia)")),
    Code(CP104, "valor-no-permitido", E, N_("un valor no está entre los permitidos")),
    Code(CP105, "mes-invalido", E, N_("un mes no tiene la forma AAAA-MM o su año está fuera de 1990 a 2100")),
    Code(CP106, "fecha-invalida", E, N_("una fecha no tiene la forma AAAA-MM-DD")),
    Code(CP107, "correo-invalido", E, N_("un correo electrónico no es válido")),
    Code(CP201, "archivo-id", E, N_("el nombre del archivo no coincide con el id del acuerdo")),
    Code(CP202, "plazo-invertido", E, N_("el plazo termina antes de empezar")),
    Code(CP203, "cronograma-fuera-de-plazo", E, N_("un mes del cronograma cae fuera del plazo propuesto")),
    Code(CP204, "avance-fuera-de-cronograma", E, N_("se informa avance de un mes que no está en el cronograma")),
    Code(CP205, "nivel-fuera-de-escala", E, N_("un nivel de avance no está en la escala de cinco niveles")),
    Code(CP206, "monitoreo-contradictorio", E, N_("la tabla de monitoreo dice «sí» a un criterio sin contenido")),
    Code(CP207, "sin-sociedad-civil", W, N_("el acuerdo no integra actores de la sociedad civil")),
    Code(CP208, "acuerdo-vigente-incompleto", W, N_("un acuerdo firmado o en ejecución no cumple los 14 criterios")),
    Code(CP209, "mes-repetido", E, N_("un mes aparece dos veces en el cronograma o en el avance")),
    Code(CP210, "avance-mal-formado", E, N_("un avance no tiene nivel, tiene dos formas, o nombra una subactividad inexistente")),
    Code(CP211, "avance-en-el-futuro", W, N_("se informa avance de un mes que todavía no llega")),
    Code(CP212, "concluido-con-pendientes", W, N_("un acuerdo concluido tiene compromisos sin avance informado")),
    Code(CP213, "cronograma-terminado-sin-informe", W, N_("el cronograma de un acuerdo vigente terminó con meses sin avance informado")),
    Code(CP301, "actor-sin-suplente", W, N_("un actor no tiene suplente")),
    Code(CP302, "actor-sin-titular", W, N_("un actor no tiene titular")),
    Code(CP401, "archivo-anio", E, N_("el nombre del archivo del plan no coincide con su año")),
    Code(CP402, "plan-fuera-de-periodo", W, N_("el año del plan está fuera del periodo de la estrategia")),
    Code(CP403, "indicador-sin-id", W, N_("un indicador del plan anual no tiene `id`")),
    Code(CP404, "indicador-incompleto", W, N_("a un indicador le falta unidad, línea base, meta, fuente o sentido")),
    Code(CP405, "valor-no-numerico", E, N_("una línea base, meta, medición o meta cuantitativa no es un número")),
    Code(CP406, "indicador-contradictorio", W, N_("el sentido de un indicador contradice su línea base y su meta, o sus fechas")),
    Code(CP407, "medicion-fuera-de-tiempo", W, N_("una medición es de un mes que todavía no llega o anterior a la línea base")),
    Code(CP408, "medicion-repetida", E, N_("un indicador tiene dos mediciones de la misma fecha")),
    Code(CP409, "acuerdo-previsto-sin-crear", W, N_("un acuerdo previsto en el plan anual no tiene su archivo en `acuerdos/`")),
    Code(CP410, "acuerdo-previsto-sin-firmar", W, N_("pasada la fecha de firma prevista del plan, un acuerdo previsto sigue en borrador")),
    Code(CP411, "acuerdo-fuera-del-plan", W, N_("un acuerdo nombra un plan anual que no lo tiene entre sus acuerdos previstos")),
    Code(CP412, "accion-sin-acuerdo", W, N_("una acción estratégica del plan anual no tiene ningún acuerdo del año en su cronograma")),
    Code(CP413, "grupo-sin-integrantes", W, N_("un grupo de trabajo del plan anual no tiene actores")),
    Code(CP414, "grupo-sin-riesgos", W, N_("un grupo de trabajo del plan anual no define sus riesgos")),
    Code(CP415, "poi-sin-registro", W, N_("una institución pública de un acuerdo firmado no tiene registro de su POI para el año")),
    Code(CP416, "alcance-incoherente", E, N_("lo alcanzado no tiene meta cuantitativa, repite un mes o disminuye")),
    Code(CP501, "actor-desconocido", E, N_("se nombra un actor que no está en el mapa de actores")),
    Code(CP502, "eje-desconocido", E, N_("se nombra un eje estratégico que no está en la estrategia")),
    Code(CP503, "accion-desconocida", E, N_("la acción estratégica no existe o no pertenece al eje")),
    Code(CP504, "territorio-desconocido", E, N_("se nombra un territorio que no está en `canton.yaml`")),
    Code(CP505, "plan-desconocido", E, N_("el acuerdo nombra un plan anual que no existe")),
    Code(CP506, "id-repetido", E, N_("dos elementos tienen el mismo id")),
    Code(CP507, "acuerdo-desconocido", E, N_("una sesión nombra un acuerdo que no existe")),
    Code(CP508, "regla-desconocida", E, N_("`reglas` en canton.yaml nombra una regla que no existe o que no se puede cambiar")),
    Code(CP601, "contacto-en-texto", W, N_("un texto libre tiene un correo electrónico o un número de teléfono")),
    Code(CP602, "nombre-en-texto", W, N_("un texto libre tiene el nombre de una persona del repositorio")),
    Code(CP701, "sesion-archivo-fecha", E, N_("el nombre del archivo de la sesión no empieza con su fecha")),
    Code(CP702, "convocatoria-tardia", W, N_("la convocatoria se envió con menos anticipación que la acordada, o después de la sesión")),
    Code(CP703, "ausencias-consecutivas", W, N_("un actor no estuvo representado en varias sesiones seguidas de su instancia")),
    Code(CP704, "asistente-sin-representante", W, N_("asiste un actor cuyo titular o suplente no está en el mapa de actores")),
    Code(CP705, "decision-vencida", W, N_("una decisión de una sesión venció y no está cumplida")),
    Code(CP706, "acta-en-el-futuro", W, N_("una sesión que todavía no llega tiene asistencia, decisiones, avances o resumen")),
    Code(CP707, "sin-quorum", W, N_("estuvieron representados menos actores convocados que el quórum")),
    Code(CP708, "asistencia-repetida", E, N_("un actor aparece dos veces en la asistencia de una sesión")),
    Code(CP709, "decision-incoherente", E, N_("las fechas o el estado de una decisión se contradicen")),
    Code(CP710, "grupo-sin-eje", E, N_("la sesión de un grupo de trabajo no dice su eje")),
    Code(CP711, "invitado-sin-nombre", E, N_("un invitado no tiene `actor` ni `organizacion`")),
))


def info(code: str) -> Code:
    """The catalogue entry of ``code`` (KeyError for a code that does not exist)."""
    return CATALOGUE[code]
