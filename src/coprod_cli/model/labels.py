"""The Spanish label of every enumerated value, with its accents: the one
table every output uses (status, reports, pull-request summaries, messages).

The files keep the values as written in the protocol's schema
(``en_ejecucion``, ``gestion``): plain ASCII ids a person can type anywhere.
People read «en ejecución» and «gestión». A test checks that every value of
every enumerated field of the models has its label here.
"""

from __future__ import annotations

ESTADO = {
    "borrador": "borrador",
    "firmado": "firmado",
    "en_ejecucion": "en ejecución",
    "concluido": "concluido",
    "cancelado": "cancelado",
}
FORMA = {
    "alianza": "alianza",
    "coalicion_ciudadana": "coalición ciudadana",
    "convenio": "convenio",
    "contrato": "contrato",
    "carta_de_entendimiento": "carta de entendimiento",
    "alianza_publico_privada": "alianza público-privada",
}
SECTOR = {
    "publico_nacional": "público nacional",
    "municipal": "municipal",
    "sociedad_civil": "sociedad civil",
    "privado": "privado",
    "academia": "academia",
    "cooperacion": "cooperación",
}
#: The heading over the actors of one sector (the actor map, the annual report): a group, not one actor.
SECTOR_GRUPO = {
    "publico_nacional": "Instituciones públicas nacionales",
    "municipal": "Municipalidad",
    "sociedad_civil": "Sociedad civil",
    "privado": "Sector privado",
    "academia": "Academia",
    "cooperacion": "Cooperación internacional",
}
#: A sector as a person picks it for a new actor (`coprod new actor`): what kind of body it is.
SECTOR_PREGUNTA = {
    "publico_nacional": "institución pública nacional",
    "municipal": "municipalidad y sus órganos",
    "sociedad_civil": "organización de la sociedad civil",
    "privado": "empresa privada",
    "academia": "universidad o centro académico",
    "cooperacion": "cooperación internacional",
}
NIVEL_ACTOR = {"nacional": "nacional", "cantonal": "cantonal", "distrital": "distrital", "comunal": "comunal"}
GENERO = {"mujeres": "mujeres", "hombres": "hombres", "todos": "todos"}
TIPO_INDICADOR = {"gestion": "gestión", "resultado": "resultado", "impacto": "impacto"}
#: Where an indicator is better (E.3.3): up or down.
SENTIDO = {"aumentar": "aumentar", "disminuir": "disminuir"}
TIPO_ENCUENTRO = {"avance": "avance", "planificacion": "planificación"}
SEVERIDAD = {"error": "error", "advertencia": "advertencia", "desactivada": "desactivada"}
RESPUESTA = {"si": "sí", "no": "no"}
TIPO_SESION = {"ordinaria": "ordinaria", "extraordinaria": "extraordinaria"}
INSTANCIA_SESION = {
    "consejo": "consejo",
    "grupo_trabajo": "grupo de trabajo",
    "comision_ejecutiva": "Comisión Ejecutiva",
    "foro": "foro",
    "otra": "otra instancia",
}
ASISTENCIA = {"titular": "titular", "suplente": "suplente", "ausente": "ausente", "justificada": "ausencia justificada"}
#: A decision's state: «vencido» is computed (model/sessions.py), never written.
ESTADO_DECISION = {"pendiente": "pendiente", "cumplido": "cumplido", "vencido": "vencido"}

#: Every table, by the YAML key of the field it labels (``nivel`` of an actor; the
#: progress levels have their own names: model/types.py, ``NIVELES``).
BY_FIELD: dict[str, dict[str, str]] = {
    "estado": ESTADO,
    "forma": FORMA,
    "sector": SECTOR,
    "nivel": NIVEL_ACTOR,
    "genero": GENERO,
    "tipo_indicador": TIPO_INDICADOR,
    "sentido": SENTIDO,
    "tipo_encuentro": TIPO_ENCUENTRO,
    "severidad": SEVERIDAD,
    "cumple": RESPUESTA,
    "tipo_sesion": TIPO_SESION,
    "instancia": INSTANCIA_SESION,
    "asistencia": ASISTENCIA,
    "estado_decision": ESTADO_DECISION,
}

_ALL: dict[str, str] = {}
for _table in BY_FIELD.values():
    for _value, _label in _table.items():
        assert _ALL.get(_value, _label) == _label, _value  # one value, one label, whatever the field
        _ALL[_value] = _label


def label(value: str | None) -> str:
    """«en ejecución» for ``en_ejecucion``; a value not in the tables as it is,
    with «_» read as a space (never shown with the underscore)."""
    if value is None:
        return ""
    return _ALL.get(value, value.replace("_", " "))


def title(value: str | None) -> str:
    """The label with a capital first letter, for a heading or a table cell: «En ejecución»."""
    text = label(value)
    return text[:1].upper() + text[1:]
