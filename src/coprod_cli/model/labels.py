"""The Spanish label of every enumerated value, with its accents: the one
table every output uses (status, reports, pull-request summaries, messages).
``label``/``title`` give it in the language in use (lang.py; the tables hold the Spanish, marked N_).

The files keep the values as written in the protocol's schema
(``en_ejecucion``, ``gestion``): plain ASCII ids a person can type anywhere.
People read «en ejecución» and «gestión». A test checks that every value of
every enumerated field of the models has its label here.
"""

from __future__ import annotations

from ..lang import N_, _

ESTADO = {
    "borrador": N_("borrador"),
    "firmado": N_("firmado"),
    "en_ejecucion": N_("en ejecución"),
    "concluido": N_("concluido"),
    "cancelado": N_("cancelado"),
}
FORMA = {
    "alianza": N_("alianza"),
    "coalicion_ciudadana": N_("coalición ciudadana"),
    "convenio": N_("convenio"),
    "contrato": N_("contrato"),
    "carta_de_entendimiento": N_("carta de entendimiento"),
    "alianza_publico_privada": N_("alianza público-privada"),
}
SECTOR = {
    "publico_nacional": N_("público nacional"),
    "municipal": N_("municipal"),
    "sociedad_civil": N_("sociedad civil"),
    "privado": N_("privado"),
    "academia": N_("academia"),
    "cooperacion": N_("cooperación"),
}
#: The heading over the actors of one sector (the actor map, the annual report): a group, not one actor.
SECTOR_GRUPO = {
    "publico_nacional": N_("Instituciones públicas nacionales"),
    "municipal": N_("Municipalidad"),
    "sociedad_civil": N_("Sociedad civil"),
    "privado": N_("Sector privado"),
    "academia": N_("Academia"),
    "cooperacion": N_("Cooperación internacional"),
}
#: A sector as a person picks it for a new actor (`coprod new actor`): what kind of body it is.
SECTOR_PREGUNTA = {
    "publico_nacional": N_("institución pública nacional"),
    "municipal": N_("municipalidad y sus órganos"),
    "sociedad_civil": N_("organización de la sociedad civil"),
    "privado": N_("empresa privada"),
    "academia": N_("universidad o centro académico"),
    "cooperacion": N_("cooperación internacional"),
}
NIVEL_ACTOR = {"nacional": N_("nacional"), "cantonal": N_("cantonal"), "distrital": N_("distrital"), "comunal": N_("comunal")}
GENERO = {"mujeres": N_("mujeres"), "hombres": N_("hombres"), "todos": N_("todos")}
TIPO_INDICADOR = {"gestion": N_("gestión"), "resultado": N_("resultado"), "impacto": N_("impacto")}
#: Where an indicator is better (E.3.3): up or down.
SENTIDO = {"aumentar": N_("aumentar"), "disminuir": N_("disminuir")}
TIPO_ENCUENTRO = {"avance": N_("avance"), "planificacion": N_("planificación")}
SEVERIDAD = {"error": N_("error"), "advertencia": N_("advertencia"), "desactivada": N_("desactivada")}
RESPUESTA = {"si": N_("sí"), "no": N_("no")}
TIPO_SESION = {"ordinaria": N_("ordinaria"), "extraordinaria": N_("extraordinaria")}
INSTANCIA_SESION = {
    "consejo": N_("consejo"),
    "grupo_trabajo": N_("grupo de trabajo"),
    "comision_ejecutiva": N_("Comisión Ejecutiva"),
    "foro": N_("foro"),
    "otra": N_("otra instancia"),
}
ASISTENCIA = {"titular": N_("titular"), "suplente": N_("suplente"), "ausente": N_("ausente"), "justificada": N_("ausencia justificada")}
#: A decision's state: «vencido» is computed (model/sessions.py), never written.
ESTADO_DECISION = {"pendiente": N_("pendiente"), "cumplido": N_("cumplido"), "vencido": N_("vencido")}

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
    known = _ALL.get(value)
    return _(known) if known is not None else value.replace("_", " ")


def source_label(value: str) -> str:
    """The Spanish label, as the files' readers write it («en ejecución»): what a typed value is matched against."""
    return _ALL.get(value, value.replace("_", " "))


def title(value: str | None) -> str:
    """The label (in the language in use) with a capital first letter, for a heading or a table cell: «En ejecución»."""
    text = label(value)
    return text[:1].upper() + text[1:]
