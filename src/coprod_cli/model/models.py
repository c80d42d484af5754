"""pydantic models, one per file kind. Field names are the YAML keys, so a
validation error's ``loc`` is the YAML path of the problem.

Only what identifies an agreement is mandatory (id, titulo, estado, lead
actor): an incomplete draft must load, and the 14-criterion checklist reports
what is missing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, create_model

from .base import Base  # noqa: E402  (re-exported: every model's base)
from .criteria import CRITERIA
from .personal import personal
from .types import (
    ActorId,
    AcuerdoId,
    Anio,
    Correo,
    EjeId,
    Entero,
    Fecha,
    Month,
    NivelAvance,
    Nombre,
    Ref,
    Respuesta,
    Slug,
    Telefono,
    TerritorioId,
    Texto,
)  # fmt: skip

# --- shared -----------------------------------------------------------------


class Persona(Base):
    """Una persona de contacto. Datos personales: nunca en un informe público."""

    nombre: Nombre = personal()
    cargo: Nombre | None = None
    correo: Correo | None = personal(None)
    telefono: Telefono | None = personal(None)


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
    tipo: Nombre | None = Field(None, description="distrito, barrio, colonia, comuna…")
    priorizado: bool = False


class Instancia(Base):
    tipo: Nombre = Field(description="CCCI, Red Cantonal, Comisión de Seguridad, Foro Local de Seguridad…")
    nombre: Nombre


class SecretariaTecnica(Base):
    nombre: Nombre
    responsable: Persona | None = None


Severidad = Literal["error", "advertencia", "desactivada"]


class ConfigSesiones(Base):
    """Umbrales de las reglas de sesiones (A.2, B.2); cada uno con su valor por omisión."""

    convocatoria_dias: Entero = Field(5, ge=0, le=60, description="Días de anticipación mínimos de la convocatoria (A.2.2): 5 por omisión.")
    ausencias_consecutivas: Entero = Field(
        3, ge=2, le=24, description="Sesiones seguidas sin titular ni suplente que generan una advertencia (B.2): 3 por omisión."
    )
    quorum: Entero = Field(50, ge=1, le=100, description="Porcentaje mínimo de actores convocados presentes (titular o suplente): 50 por omisión.")


class Canton(Base):
    """Manifiesto del cantón: `canton.yaml` en la raíz del repositorio."""

    formato: Literal[1] = 1
    canton: Nombre
    provincia: Nombre | None = None
    pais: Texto = Field("CR", pattern=r"^[A-Z]{2}$", description="Código ISO de país: CR, MX, CL, CO…")
    instancia: Instancia
    estrategia: Estrategia
    territorios: list[Territorio] = []
    secretaria_tecnica: SecretariaTecnica | None = None
    sesiones: ConfigSesiones = Field(ConfigSesiones.model_validate({}), description="Umbrales de las reglas de sesiones.")
    reglas: dict[Annotated[str, Field(pattern=r"^CP\d{3}$")], Severidad] = Field(
        {}, description="Cambia la severidad de una regla o la desactiva: CP301: desactivada"
    )


# --- actor map (actores.yaml) ---------------------------------------------------

Sector = Literal["publico_nacional", "municipal", "sociedad_civil", "privado", "academia", "cooperacion"]
Nivel = Literal["nacional", "cantonal", "distrital", "comunal"]


class Oferta(Base):
    descripcion: Texto
    genero: Literal["mujeres", "hombres", "todos"] | None = None
    grupo_etario: Texto | None = None


class Actor(Base):
    id: Annotated[Slug, Ref("actor", defines=True)]
    nombre: Nombre
    siglas: Nombre | None = None
    sector: Sector
    nivel: Nivel
    espacios: list[Texto] = []
    temas: list[Texto] = []
    territorios: list[TerritorioId] = []
    titular: Persona | None = None
    suplente: Persona | None = None
    oferta: list[Oferta] = []


class MapaActores(Base):
    """Mapa de actores: `actores.yaml` en la raíz del repositorio."""

    actores: list[Actor] = []


from .plan import Alcance, Encuentro, GrupoTrabajo, Indicador, Medicion, MetaCuantitativa, PlanAnual, Punto, RegistroPOI  # noqa: E402, F401  (re-exported)

# --- agreement (acuerdos/<id>.yaml) ----------------------------------------------

Forma = Literal[
    "alianza", "coalicion_ciudadana", "convenio", "contrato", "carta_de_entendimiento", "alianza_publico_privada"
]
Estado = Literal["borrador", "firmado", "en_ejecucion", "concluido", "cancelado"]


class Encargado(Base):
    """Una persona encargada del acuerdo (sección 1). Datos personales: nunca en un informe público."""

    nombre: Nombre = personal()
    actor: ActorId | None = None
    cargo: Nombre | None = None
    correo: Correo | None = personal(None)
    telefono: Telefono | None = personal(None)


class Plazo(Base):
    inicio: Month
    fin: Month


class TerritorioActividad(Base):
    descripcion: Texto | None = None
    territorios: list[TerritorioId] = []


class SociedadCivil(Base):
    descripcion: Texto | None = None
    actores: list[ActorId] = []


class Actividad(Base):
    actividad_programada: Texto | None = None
    planes_programas: list[Texto] = []
    meta: Texto | None = None
    meta_cuantitativa: MetaCuantitativa | None = None
    poblacion: Texto | None = None
    territorio: TerritorioActividad | None = None
    actores_sociedad_civil: SociedadCivil | None = None
    actor_encargado: ActorId
    actores_colaboradores: list[ActorId] = []
    plazo: Plazo | None = None
    impacto_esperado: Texto | None = None


class Corresponsabilidad(Base):
    actor: ActorId
    roles: list[Texto] = []
    responsabilidades: list[Texto] = []
    impacto_esperado: Texto | None = None


class Subactividad(Base):
    descripcion: Texto
    periodo: Texto | None = Field(None, description="Quincena o semana, p. ej. «primera quincena».")
    lugar: Texto | None = None
    instituciones: list[ActorId] = []
    sociedad_civil: Texto | None = None


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
    nota: Texto | None = None


class Avance(Base):
    mes: Month
    nivel: NivelAvance | None = Field(None, description="0, 25, 50, 75 o 100: el nivel del mes completo.")
    subactividades: list[AvanceSubactividad] = Field(
        [], description="Niveles por subactividad, en lugar de un nivel para el mes completo."
    )
    nota: Texto | None = None


class RespuestaMonitoreo(Base):
    cumple: Annotated[Respuesta, Field(json_schema_extra={"enum": ["sí", "si", "no"]})]
    observaciones: Texto | None = None


# One optional field per criterion, built from the table: mypy cannot type a
# create_model call whose fields come from a comprehension.
Monitoreo = create_model(  # type: ignore[call-overload]
    "Monitoreo",
    __base__=Base,
    __doc__="Tabla de monitoreo (sección 7): los 14 criterios, cada uno Sí/No con observaciones.",
    **{c.key: (RespuestaMonitoreo | None, Field(None, description=f"{c.number}. {c.text}")) for c in CRITERIA},
)


class Acuerdo(Base):
    """Acuerdo de coproducción (Anexo 1): `acuerdos/<id>.yaml`."""

    id: Annotated[Slug, Ref("acuerdo", defines=True)]
    titulo: Nombre
    forma: Forma | None = None
    estado: Estado
    plan_anual: Anio | None = Field(None, description="Año del plan anual al que pertenece.")
    fecha_firma: Fecha | None = None
    encargados: list[Encargado] = []
    objetivo: Texto | None = None
    actividad: Actividad
    corresponsabilidad: list[Corresponsabilidad] = []
    cronograma: Cronograma | None = None
    avance: list[Avance] = []
    alcanzado: list[Alcance] = Field([], description="Lo alcanzado de la meta cuantitativa, mes a mes (total acumulado).")
    poi: list[RegistroPOI] = Field([], description="Si el POI de cada institución refleja su compromiso (B.4.4, C.3.2).")
    monitoreo: Monitoreo | None = None  # type: ignore[valid-type]


# --- session (sesiones/AAAA-MM-DD[-sufijo].yaml) -------------------------------------

TipoSesion = Literal["ordinaria", "extraordinaria"]
InstanciaSesion = Literal["consejo", "grupo_trabajo", "comision_ejecutiva", "foro", "otra"]
EstadoAsistencia = Literal["titular", "suplente", "ausente", "justificada"]


class PuntoAgenda(Base):
    tema: Texto
    acuerdos: list[AcuerdoId] = Field([], description="Acuerdos que se tratan en este punto.")
    responsable: ActorId | None = Field(None, description="Actor que expone o informa.")


class Convocatoria(Base):
    """La convocatoria (A.2.2, A.2.3): cuándo se envió y la agenda acordada."""

    enviada: Fecha | None = Field(None, description="Fecha en que se envió la convocatoria, AAAA-MM-DD.")
    agenda: list[PuntoAgenda] = []


class Asistencia(Base):
    """Un actor convocado y quién lo representó (B.2): titular, suplente, ausente o justificada."""

    actor: ActorId
    estado: EstadoAsistencia = Field(description="titular, suplente, ausente o justificada.")
    nombre: Nombre | None = personal(None, description="Quien asistió, si no es el titular ni el suplente del mapa de actores.")
    nota: Texto | None = None


class Invitado(Base):
    """Un actor u organización invitada que no integra la instancia (5.2 B.1.2: empresas, comercio…)."""

    actor: ActorId | None = Field(None, description="Su id, si está en el mapa de actores.")
    organizacion: Nombre | None = Field(None, description="Su nombre, si no está en el mapa de actores.")
    sector: Sector | None = None


class AcuerdoSesion(Base):
    """Una decisión de la sesión (A.2.4): qué, quién, para cuándo; vencida se calcula."""

    descripcion: Texto
    responsable: ActorId | None = None
    plazo: Fecha | None = Field(None, description="Fecha límite, AAAA-MM-DD.")
    acuerdos: list[AcuerdoId] = Field([], description="Acuerdos de coproducción relacionados.")
    estado: Literal["pendiente", "cumplido"] = "pendiente"
    cumplido: Fecha | None = Field(None, description="Fecha en que se cumplió, AAAA-MM-DD.")
    elevado_comision: bool = Field(False, description="Necesidad elevada a la Comisión Ejecutiva (B.1.2).")
    nota: Texto | None = None


class Sesion(Base):
    """Sesión de la instancia (A.2): `sesiones/AAAA-MM-DD.yaml` o `sesiones/AAAA-MM-DD-sufijo.yaml`."""

    fecha: Fecha
    hora: Texto | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Hora de inicio, HH:MM (24 horas).")
    tipo: TipoSesion = "ordinaria"
    instancia: InstanciaSesion = Field("consejo", description="consejo, grupo_trabajo, comision_ejecutiva, foro u otra.")
    eje: EjeId | None = Field(None, description="Eje de la estrategia, para la sesión de un grupo de trabajo.")
    nombre: Nombre | None = None
    lugar: Texto | None = None
    territorio: TerritorioId | None = Field(None, description="Territorio, para una sesión en el territorio (A.2.5).")
    convocatoria: Convocatoria | None = None
    asistencia: list[Asistencia] = []
    invitados: list[Invitado] = []
    acuerdos_sesion: list[AcuerdoSesion] = []
    avances: list[AcuerdoId] = Field([], description="Acuerdos que informaron su avance en la sesión.")
    resumen: Texto | None = Field(None, description="Resumen del acta.")


FILE_KINDS: dict[str, type[Base]] = {
    "canton": Canton,
    "actores": MapaActores,
    "plan": PlanAnual,
    "acuerdo": Acuerdo,
    "sesion": Sesion,
}
