"""The annual plan (`planes/AAAA.yaml`: working groups, indicators with their
measurements, yearly meetings) and what an agreement records against it (its
quantitative goal, what it reached, the institutions' POI)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .base import Base
from .types import ActorId, AcuerdoId, Anio, EjeId, Entero, EstadoPOI, Fecha, Month, Nombre, Ref, Slug, TerritorioId, Texto, Valor, legacy_point


class GrupoTrabajo(Base):
    eje: EjeId
    nombre: Nombre | None = None
    coordinador: ActorId | None = None
    actores: list[ActorId] = []
    riesgos: list[Texto] = []
    temas: list[Texto] = []


class Punto(Base):
    """A value at a date: an indicator's baseline or target (E.3.3)."""

    valor: Valor = Field(description="Un número, p. ej. 450 o 5.5.")
    fecha: Fecha | None = Field(None, description="Fecha del valor, AAAA-MM-DD.")


class Medicion(Base):
    """One measurement of an indicator: when, how much, from which source."""

    fecha: Fecha = Field(description="Fecha de la medición, AAAA-MM-DD.")
    valor: Valor = Field(description="El valor medido: un número.")
    fuente: Texto | None = Field(None, description="De dónde sale el dato, si no es la fuente del indicador.")
    nota: Texto | None = None


class Indicador(Base):
    """An indicator of management, result or impact (E.3.3, E.3.4), with its measurements."""

    id: Annotated[Slug, Ref("indicador", defines=True)] | None = Field(None, description="Identificador, p. ej. familias-identificadas.")
    tipo: Literal["gestion", "resultado", "impacto"]
    nombre: Texto
    unidad: Nombre | None = Field(None, description="Unidad de medida: familias, %, personas, acuerdos…")
    eje: EjeId | None = None
    linea_base: Annotated[Punto | None, BeforeValidator(legacy_point)] = Field(None, description="Valor de partida: {valor, fecha}.")
    meta: Annotated[Punto | None, BeforeValidator(legacy_point)] = Field(None, description="Valor que se quiere alcanzar: {valor, fecha}.")
    sentido: Literal["aumentar", "disminuir"] | None = Field(None, description="aumentar o disminuir: hacia dónde es mejor.")
    fuente: Texto | None = Field(None, description="Fuente de verificación del dato.")
    acuerdos: list[AcuerdoId] = Field([], description="Acuerdos de coproducción relacionados.")
    mediciones: list[Medicion] = []


class Encuentro(Base):
    tipo: Literal["avance", "planificacion"]
    fecha: Fecha | None = None
    descripcion: Texto | None = None
    resultados: list[Texto] = Field([], description="Lo que se concluyó o acordó en el encuentro (B.4.3).")


class PlanAnual(Base):
    """Plan anual de la estrategia (B.3, B.4): `planes/AAAA.yaml`."""

    anio: Anio
    acciones: list[Entero] = Field([], description="Números de las acciones estratégicas que se abordan este año.")
    grupos_trabajo: list[GrupoTrabajo] = []
    acuerdos_previstos: list[AcuerdoId] = []
    fecha_firma_prevista: Fecha | None = Field(None, description="Fecha para la que los acuerdos previstos deberían estar firmados (por omisión, el 31 de diciembre del año).")
    indicadores: list[Indicador] = []
    encuentros: list[Encuentro] = []
    ilustrativo: bool = Field(False, description="Datos de ejemplo: los informes lo advierten.")


# --- what an agreement records against the plan ------------------------------


class MetaCuantitativa(Base):
    """The activity's goal as a number with a unit (C.3.3, E.1.2): 450 familias."""

    valor: Valor = Field(description="Cuánto: un número, p. ej. 450.")
    unidad: Nombre = Field(description="De qué: familias, personas, jóvenes…")
    poblacion: Nombre | None = Field(None, description="Grupo de población, p. ej. «jóvenes de 14 a 17 años».")


class Alcance(Base):
    """What was reached up to a month: a running total (not the month's increment), per territory if given."""

    mes: Month
    valor: Valor = Field(description="Total alcanzado hasta ese mes, en la unidad de la meta cuantitativa.")
    territorio: TerritorioId | None = Field(None, description="Territorio de este total, si el acuerdo informa por territorio.")
    nota: Texto | None = None


class RegistroPOI(Base):
    """Whether an actor's yearly operating plan (POI) reflects its commitment in the agreement (B.4.4, C.3.2)."""

    actor: ActorId
    anio: Anio
    estado: EstadoPOI = Field(description="sí, no o pendiente.")
    referencia: Texto | None = Field(None, description="Dónde consta en el POI: programa, meta, código…")
