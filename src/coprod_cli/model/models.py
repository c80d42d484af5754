"""pydantic models, one per file kind. Field names are the YAML keys, so a
validation error's ``loc`` is the YAML path of the problem.

Only what identifies an agreement is mandatory (id, titulo, estado, lead
actor): an incomplete draft must load, and the 14-criterion checklist reports
what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from .criteria import CRITERIA
from .personal import personal
from .types import AcuerdoId, ActorId, Anio, Correo, EjeId, Entero, Month, NivelAvance, Nombre, Ref, Respuesta, Slug, Telefono, TerritorioId, Texto


class Base(BaseModel):
    # hide_input_in_errors: an alias bomb in the input would make str(error) explode.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=False)


# --- shared -----------------------------------------------------------------


class Persona(Base):
    """Una persona de contacto. Datos personales: nunca en un informe público."""

    nombre: Nombre = personal()
    cargo: Optional[Nombre] = None
    correo: Optional[Correo] = personal(None)
    telefono: Optional[Telefono] = personal(None)


# --- canton manifest (canton.yaml) --------------------------------------------


class AccionEstrategica(Base):
    numero: Entero = Field(ge=1, description="Número de la acción en la estrategia, p. ej. 7.")
    nombre: Nombre


class Eje(Base):
    id: Annotated[Slug, Ref("eje", defines=True)]
    nombre: Nombre
    acciones: list[AccionEstrategica] = []


class Periodo(Base):
    inicio: Anio = Field(description="Año de inicio, p. ej. 2015.")
    fin: Anio = Field(description="Año de cierre, p. ej. 2018.")


class Estrategia(Base):
    nombre: Nombre
    periodo: Periodo
    ejes: list[Eje] = []


class Territorio(Base):
    id: Annotated[Slug, Ref("territorio", defines=True)]
    nombre: Nombre
    tipo: Optional[Nombre] = Field(None, description="distrito, barrio, colonia, comuna…")
    priorizado: bool = False


class Instancia(Base):
    tipo: Nombre = Field(description="CCCI, Red Cantonal, Comisión de Seguridad, Foro Local de Seguridad…")
    nombre: Nombre


class SecretariaTecnica(Base):
    nombre: Nombre
    responsable: Optional[Persona] = None


Severidad = Literal["error", "advertencia", "desactivada"]


class Canton(Base):
    """Manifiesto del cantón: `canton.yaml` en la raíz del repositorio."""

    formato: Literal[1] = 1
    canton: Nombre
    provincia: Optional[Nombre] = None
    pais: Texto = Field("CR", pattern=r"^[A-Z]{2}$", description="Código ISO de país: CR, MX, CL, CO…")
    instancia: Instancia
    estrategia: Estrategia
    territorios: list[Territorio] = []
    secretaria_tecnica: Optional[SecretariaTecnica] = None
    reglas: dict[Annotated[str, Field(pattern=r"^CP\d{3}$")], Severidad] = Field(
        {}, description="Cambia la severidad de una regla o la desactiva: CP301: desactivada"
    )


# --- actor map (actores.yaml) ---------------------------------------------------

Sector = Literal["publico_nacional", "municipal", "sociedad_civil", "privado", "academia", "cooperacion"]
Nivel = Literal["nacional", "cantonal", "distrital", "comunal"]


class Oferta(Base):
    descripcion: Texto
    genero: Optional[Literal["mujeres", "hombres", "todos"]] = None
    grupo_etario: Optional[Texto] = None


class Actor(Base):
    id: Annotated[Slug, Ref("actor", defines=True)]
    nombre: Nombre
    siglas: Optional[Nombre] = None
    sector: Sector
    nivel: Nivel
    espacios: list[Texto] = []
    temas: list[Texto] = []
    territorios: list[TerritorioId] = []
    titular: Optional[Persona] = None
    suplente: Optional[Persona] = None
    oferta: list[Oferta] = []


class MapaActores(Base):
    """Mapa de actores: `actores.yaml` en la raíz del repositorio."""

    actores: list[Actor] = []


# --- annual plan (planes/AAAA.yaml) ---------------------------------------------


class GrupoTrabajo(Base):
    eje: EjeId
    nombre: Optional[Nombre] = None
    coordinador: Optional[ActorId] = None
    actores: list[ActorId] = []
    riesgos: list[Texto] = []
    temas: list[Texto] = []


class Indicador(Base):
    tipo: Literal["gestion", "resultado", "impacto"]
    nombre: Texto
    eje: Optional[EjeId] = None
    linea_base: Optional[Texto] = None
    meta: Optional[Texto] = None


class Encuentro(Base):
    tipo: Literal["avance", "planificacion"]
    fecha: Optional[dt.date] = None
    descripcion: Optional[Texto] = None


class PlanAnual(Base):
    """Plan anual de la estrategia (B.3, B.4): `planes/AAAA.yaml`."""

    anio: Anio
    acciones: list[Entero] = Field([], description="Números de las acciones estratégicas que se abordan este año.")
    grupos_trabajo: list[GrupoTrabajo] = []
    acuerdos_previstos: list[AcuerdoId] = []
    indicadores: list[Indicador] = []
    encuentros: list[Encuentro] = []


# --- agreement (acuerdos/<id>.yaml) ----------------------------------------------

Forma = Literal[
    "alianza", "coalicion_ciudadana", "convenio", "contrato", "carta_de_entendimiento", "alianza_publico_privada"
]
Estado = Literal["borrador", "firmado", "en_ejecucion", "concluido", "cancelado"]


class Encargado(Base):
    """Una persona encargada del acuerdo (sección 1). Datos personales: nunca en un informe público."""

    nombre: Nombre = personal()
    actor: Optional[ActorId] = None
    cargo: Optional[Nombre] = None
    correo: Optional[Correo] = personal(None)
    telefono: Optional[Telefono] = personal(None)


class Plazo(Base):
    inicio: Month
    fin: Month


class TerritorioActividad(Base):
    descripcion: Optional[Texto] = None
    territorios: list[TerritorioId] = []


class SociedadCivil(Base):
    descripcion: Optional[Texto] = None
    actores: list[ActorId] = []


class Actividad(Base):
    actividad_programada: Optional[Texto] = None
    planes_programas: list[Texto] = []
    meta: Optional[Texto] = None
    poblacion: Optional[Texto] = None
    territorio: Optional[TerritorioActividad] = None
    actores_sociedad_civil: Optional[SociedadCivil] = None
    actor_encargado: ActorId
    actores_colaboradores: list[ActorId] = []
    plazo: Optional[Plazo] = None
    impacto_esperado: Optional[Texto] = None


class Corresponsabilidad(Base):
    actor: ActorId
    roles: list[Texto] = []
    responsabilidades: list[Texto] = []
    impacto_esperado: Optional[Texto] = None


class Subactividad(Base):
    descripcion: Texto
    periodo: Optional[Texto] = Field(None, description="Quincena o semana, p. ej. «primera quincena».")
    lugar: Optional[Texto] = None
    instituciones: list[ActorId] = []
    sociedad_civil: Optional[Texto] = None


class MesCronograma(Base):
    mes: Month
    actividades: list[Subactividad] = []


class Cronograma(Base):
    eje: EjeId
    accion_estrategica: Entero
    meses: list[MesCronograma] = []


class AvanceSubactividad(Base):
    subactividad: Entero = Field(ge=1, description="Número de la subactividad en ese mes del cronograma (1, 2, …).")
    nivel: NivelAvance = Field(description="0, 25, 50, 75 o 100.")
    nota: Optional[Texto] = None


class Avance(Base):
    mes: Month
    nivel: Optional[NivelAvance] = Field(None, description="0, 25, 50, 75 o 100: el nivel del mes completo.")
    subactividades: list[AvanceSubactividad] = Field(
        [], description="Niveles por subactividad, en lugar de un nivel para el mes completo."
    )
    nota: Optional[Texto] = None


class RespuestaMonitoreo(Base):
    cumple: Annotated[Respuesta, Field(json_schema_extra={"enum": ["sí", "si", "no"]})]
    observaciones: Optional[Texto] = None


Monitoreo = create_model(
    "Monitoreo",
    __base__=Base,
    __doc__="Tabla de monitoreo (sección 7): los 14 criterios, cada uno Sí/No con observaciones.",
    **{c.key: (Optional[RespuestaMonitoreo], Field(None, description=f"{c.number}. {c.text}")) for c in CRITERIA},
)


class Acuerdo(Base):
    """Acuerdo de coproducción (Anexo 1): `acuerdos/<id>.yaml`."""

    id: Annotated[Slug, Ref("acuerdo", defines=True)]
    titulo: Nombre
    forma: Optional[Forma] = None
    estado: Estado
    plan_anual: Optional[Anio] = Field(None, description="Año del plan anual al que pertenece.")
    fecha_firma: Optional[dt.date] = None
    encargados: list[Encargado] = []
    objetivo: Optional[Texto] = None
    actividad: Actividad
    corresponsabilidad: list[Corresponsabilidad] = []
    cronograma: Optional[Cronograma] = None
    avance: list[Avance] = []
    monitoreo: Optional[Monitoreo] = None  # type: ignore[valid-type]


FILE_KINDS: dict[str, type[Base]] = {
    "canton": Canton,
    "actores": MapaActores,
    "plan": PlanAnual,
    "acuerdo": Acuerdo,
}
