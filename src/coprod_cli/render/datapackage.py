"""The open-data tables (compute/opendata.py) as files: one CSV per table and
a ``datapackage.json`` (Frictionless Data Package, ``tabular-data-package``
profile) that describes them in the language in use (lang.py). Definitions in docs/datos-abiertos.md.

CSV: UTF-8 without BOM, comma, fields quoted only when needed (RFC 4180,
CRLF line ends). A text is written exactly as recorded, also one that begins
with ``=``, ``+``, ``-`` or ``@``: open data is read by analysis tools, which
do not evaluate formulas, and a changed value would be a wrong value (the
workbook for the secretary, ``coprod export xlsx``/``csv``, is the one that
neutralises them). Deterministic: no clock is read; ``created`` is the last
day of the as-of month; rows come in the order compute gives them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..compute.opendata import OpenData, Table, Value
from ..lang import N_, _
from ..model.sessions import last_day
from ..model.types import Month

PROFILE = "tabular-data-package"
DATAPACKAGE = "datapackage.json"

#: Each table's title and description, in Spanish (N_; shown in the language in use).
TABLES: dict[str, tuple[str, str]] = {
    "ejes": (N_("Ejes estratégicos"), N_("Los ejes de la estrategia del cantón (canton.yaml).")),
    "acciones_estrategicas": (N_("Acciones estratégicas"), N_("Las acciones numeradas de la estrategia, con el eje al que pertenecen.")),
    "territorios": (N_("Territorios"), N_("Los territorios del cantón y si están priorizados.")),
    "actores": (
        N_("Actores"),
        N_("Las organizaciones del mapa de actores. Sin datos personales: no incluye titulares ni suplentes (nombres, cargos, correos, teléfonos)."),
    ),
    "acuerdos": (N_("Acuerdos de coproducción"), N_("Un acuerdo por fila, con sus cifras al mes de corte (las de «coprod status»).")),
    "compromisos": (
        N_("Compromisos y su avance"),
        N_("Un compromiso por fila: un mes del cronograma, o una subactividad cuando el mes se informa por subactividad; "
        "con el nivel registrado y su estado al mes de corte."),
    ),
    "monitoreo": (N_("Tabla de monitoreo"), N_("Los 14 criterios de la tabla de monitoreo (Anexo 1, sección 7) de cada acuerdo.")),
    "planes": (N_("Planes anuales"), N_("Un plan anual por fila, con cuántos elementos tiene.")),
    "plan_acciones": (N_("Acciones estratégicas de cada plan"), N_("Las acciones estratégicas que aborda cada plan anual.")),
    "plan_acuerdos": (N_("Acuerdos previstos de cada plan"), N_("Los acuerdos de coproducción que prevé cada plan anual.")),
    "indicadores": (
        N_("Indicadores de los planes"),
        N_("Los indicadores de cada plan anual (protocolo E.3.3 y E.3.4): su línea base y su meta, y al mes de corte su último valor "
        "medido, el avance hacia la meta y su estado (las cifras del informe de indicadores)."),
    ),
    "mediciones": (
        N_("Mediciones de los indicadores"),
        N_("Cada medición registrada de cada indicador hasta el mes de corte (las de fecha posterior no se publican), "
        "con su fuente y su nota (correos y teléfonos reemplazados por una marca)."),
    ),
    "sesiones": (
        N_("Sesiones"),
        N_("Las sesiones realizadas hasta el día de referencia del mes de corte, con su asistencia, quórum y decisiones contadas."),
    ),
    "asistencia": (
        N_("Asistencia a las sesiones"),
        N_("Cada actor convocado a cada sesión y cómo estuvo representado. Sin el nombre de ninguna persona ni las notas de asistencia."),
    ),
    "asistencia_actores": (
        N_("Asistencia al consejo por actor"),
        N_("Por actor, las sesiones del consejo (instancia «consejo») a las que fue convocado y cómo estuvo representado, "
        "con su tasa de asistencia (las cifras de «coprod status»)."),
    ),
}

#: The table of a package of many cantons only (pipeline/opendata_national.py).
NATIONAL_TABLES: dict[str, tuple[str, str]] = {
    "cantones": (
        N_("Cantones"),
        N_("Los cantones del paquete (solo en un paquete de varios cantones): uno por fila, con su estado al leerlo y cuántas filas "
        "aporta. Un cantón que no se pudo leer o que repite a otro está aquí, sin filas en las demás tablas."),
    ),
}

#: Each column's description, in Spanish, N_ (a column of the same name means the same in every table).
COLUMNS: dict[str, str] = {
    "id": N_("Identificador (único en la tabla)."),
    "nombre": N_("Nombre."),
    "numero": N_("Número."),
    "eje": N_("Eje estratégico (id en la tabla «ejes»)."),
    "tipo": N_("Tipo."),
    "priorizado": N_("Si el territorio está priorizado."),
    "siglas": N_("Siglas."),
    "sector": N_("Sector: publico_nacional, municipal, sociedad_civil, privado, academia o cooperacion."),
    "nivel": N_("Nivel de avance registrado: 0, 25, 50, 75 o 100. Vacío si no hay nivel o si el valor registrado es inválido (vea «estado»)."),
    "territorios": N_("Territorios (ids de la tabla «territorios», separados por un espacio)."),
    "archivo": N_("Archivo del repositorio de donde viene el acuerdo."),
    "titulo": N_("Título."),
    "estado": N_("Estado."),
    "forma": N_("Forma del acuerdo (alianza, convenio, carta_de_entendimiento…)."),
    "plan_anual": N_("Año del plan anual al que pertenece."),
    "fecha_firma": N_("Fecha de firma."),
    "objetivo": N_("Objetivo."),
    "actor_encargado": N_("Actor encargado (id en la tabla «actores»)."),
    "accion_estrategica": N_("Acción estratégica (número en la tabla «acciones_estrategicas»)."),
    "plazo_inicio": N_("Primer mes del plazo propuesto."),
    "plazo_fin": N_("Último mes del plazo propuesto."),
    "cuenta_en_totales": N_("Si cuenta en los totales (un acuerdo cancelado no cuenta)."),
    "criterios_cumplidos": N_("Criterios de la tabla de monitoreo que cumple."),
    "criterios_total": N_("Criterios de la tabla de monitoreo (14)."),
    "compromisos": N_("Compromisos de todo el cronograma."),
    "compromisos_vencidos": N_("Compromisos cuyo mes es el de corte o anterior."),
    "reportados": N_("Compromisos con un nivel válido registrado."),
    "reportados_vencidos": N_("Compromisos vencidos con un nivel válido registrado."),
    "sin_reporte_vencidos": N_("Compromisos vencidos sin nada registrado (una alerta)."),
    "invalidos_vencidos": N_("Compromisos vencidos con un valor registrado inválido."),
    "poco_avance": N_("Compromisos vencidos informados con 0 % o 25 % (una alerta)."),
    "avance_al_dia": N_("Avance a la fecha, en %: promedio de los niveles de los compromisos vencidos informados (sin redondear)."),
    "avance_global": N_("Avance global, en %: suma de los niveles informados entre los compromisos de todo el cronograma (sin redondear)."),
    "plazo_transcurrido": N_("Porcentaje del plazo transcurrido al mes de corte (sin redondear)."),
    "atrasado": N_("Si el avance global está por debajo del plazo transcurrido."),
    "problemas": N_("Códigos de las reglas de «coprod validate» que informan un valor inválido, separados por un espacio (vacío: ninguno)."),
    "acuerdo": N_("Acuerdo (id en la tabla «acuerdos»)."),
    "mes": N_("Mes del cronograma."),
    "subactividad": N_("Número de la subactividad del mes (vacío: el mes completo es un compromiso)."),
    "descripcion": N_("Lo que el cronograma compromete para ese mes o subactividad."),
    "vencido": N_("Si el mes del compromiso es el de corte o anterior."),
    "nota": N_("Nota registrada con el avance (correos y teléfonos reemplazados por una marca)."),
    "nota_del_mes": N_("Nota del mes completo, cuando el mes se informa por subactividad."),
    "criterio": N_("Número del criterio (1 a 14)."),
    "clave": N_("Clave del criterio en el archivo del acuerdo."),
    "texto": N_("Texto del criterio (Anexo 1, sección 7)."),
    "contenido": N_("Si el acuerdo tiene el contenido que el criterio pide."),
    "respuesta": N_("Respuesta registrada en la tabla de monitoreo: si, no, o vacío si no se registró."),
    "observaciones": N_("Observaciones registradas (correos y teléfonos reemplazados por una marca)."),
    "cumple": N_("Si cumple el criterio: tiene el contenido y la respuesta no es «no»."),
    "anio": N_("Año del plan anual."),
    "acciones_estrategicas": N_("Acciones estratégicas que aborda el plan."),
    "acuerdos_previstos": N_("Acuerdos que prevé el plan."),
    "indicadores": N_("Indicadores del plan."),
    "grupos_trabajo": N_("Grupos de trabajo del plan."),
    "encuentros": N_("Encuentros de avance y planificación del plan."),
    "accion": N_("Acción estratégica (número en la tabla «acciones_estrategicas»)."),
    "linea_base": N_("Valor de la línea base. Vacío si no tiene o si el valor escrito no es un número (vea «problemas»)."),
    "meta": N_("Valor de la meta. Vacío si no tiene o si el valor escrito no es un número (vea «problemas»)."),
    "unidad": N_("Unidad de medida (familias, %, personas…)."),
    "sentido": N_("aumentar o disminuir: hacia dónde es mejor (el escrito, o el que va de la línea base a la meta)."),
    "linea_base_fecha": N_("Fecha de la línea base."),
    "meta_fecha": N_("Fecha para la que se fijó la meta."),
    "mediciones": N_("Mediciones registradas hasta el mes de corte."),
    "ultimo_valor": N_("Último valor medido hasta el mes de corte. Vacío si no hay mediciones o si el valor no es un número (vea «problemas»)."),
    "ultima_fecha": N_("Fecha del último valor medido."),
    "avance_meta": N_("Avance hacia la meta, en %: (último valor − línea base) / (meta − línea base), sin redondear ni recortar."),
    "indicador": N_("Indicador (número en la tabla «indicadores», junto con «anio»)."),
    "valor": N_("Valor medido. Vacío si el valor escrito no es un número (vea «problemas»)."),
    "cuenta": N_("Si la medición cuenta en las cifras: su valor es un número y su fecha no se repite."),
    "fuente": N_("Fuente del dato, si no es la del indicador (correos y teléfonos reemplazados por una marca)."),
    "fecha": N_("Fecha de la sesión."),
    "instancia": N_("Instancia: consejo, grupo_trabajo, comision_ejecutiva, foro u otra."),
    "territorio": N_("Territorio de la sesión (id en la tabla «territorios»)."),
    "convocados": N_("Actores en la lista de asistencia."),
    "presentes": N_("Actores representados (titular o suplente)."),
    "titulares": N_("Actores representados por su titular."),
    "suplentes": N_("Actores representados por su suplente."),
    "ausentes": N_("Actores ausentes."),
    "justificadas": N_("Ausencias justificadas."),
    "invitados": N_("Invitados que no integran la instancia."),
    "quorum": N_("Presentes entre convocados, en % (sin redondear)."),
    "quorum_alcanzado": N_("Si se alcanzó el quórum de canton.yaml."),
    "decisiones": N_("Decisiones de la sesión."),
    "decisiones_cumplidas": N_("Decisiones cumplidas al día de referencia."),
    "decisiones_pendientes": N_("Decisiones pendientes al día de referencia."),
    "decisiones_vencidas": N_("Decisiones vencidas sin cumplir al día de referencia."),
    "sesion": N_("Sesión (id en la tabla «sesiones»: el nombre de su archivo)."),
    "actor": N_("Actor (id en la tabla «actores»)."),
    "presente": N_("Si el actor estuvo representado (titular o suplente)."),
    "convocatorias": N_("Sesiones del consejo a las que fue convocado (está en su lista de asistencia)."),
    "tasa": N_("Presentes entre convocatorias, en % (sin redondear)."),
    "ausencias_seguidas": N_("Ausencias seguidas al final de la serie de sesiones del consejo."),
    "canton": N_("Cantón (id en la tabla «cantones»): solo en un paquete de varios cantones; los ids de las demás columnas son únicos dentro de su cantón."),
    "provincia": N_("Provincia (canton.yaml)."),
    "pais": N_("Código ISO del país (canton.yaml)."),
    "carpeta": N_("Nombre de la carpeta del repositorio del cantón."),
    "errores": N_("Errores de «coprod validate» del repositorio del cantón."),
    "avisos": N_("Avisos de «coprod validate» del repositorio del cantón."),
    "archivos_no_leidos": N_("Archivos del cantón que no se pudieron leer: no están en ninguna tabla."),
    "acuerdos": N_("Acuerdos del cantón (filas en la tabla «acuerdos»)."),
    "sesiones": N_("Sesiones del cantón (filas en la tabla «sesiones»)."),
}

#: Descriptions that differ from COLUMNS for one table: (table, column).
SPECIFIC: dict[tuple[str, str], str] = {
    ("compromisos", "estado"): N_("Estado al mes de corte: reportado (nivel válido), invalido (se registró un valor que no es un nivel válido; "
    "vea «problemas»), sin_reporte (vencido y sin nada registrado) o pendiente (aún no vence)."),
    ("acuerdos", "estado"): N_("Estado del acuerdo: borrador, firmado, en_ejecucion, concluido o cancelado."),
    ("asistencia", "estado"): N_("titular, suplente, ausente o justificada."),
    ("actores", "nivel"): N_("Nivel: nacional, cantonal, distrital o comunal."),
    ("asistencia_actores", "sector"): N_("Sector del actor en el mapa de actores (vacío si no está en el mapa)."),
    ("asistencia_actores", "presentes"): N_("Sesiones del consejo en que estuvo representado (titular o suplente)."),
    ("asistencia_actores", "titulares"): N_("Sesiones en que lo representó su titular."),
    ("asistencia_actores", "suplentes"): N_("Sesiones en que lo representó su suplente."),
    ("asistencia_actores", "ausentes"): N_("Sesiones en que estuvo ausente."),
    ("asistencia_actores", "justificadas"): N_("Sesiones en que justificó su ausencia."),
    ("sesiones", "tipo"): N_("ordinaria o extraordinaria."),
    ("sesiones", "id"): N_("El nombre del archivo de la sesión, sin extensión (AAAA-MM-DD o AAAA-MM-DD-sufijo)."),
    ("indicadores", "tipo"): N_("gestion, resultado o impacto."),
    ("indicadores", "numero"): N_("Posición del indicador en su plan (1, 2, …)."),
    ("indicadores", "id"): N_("Identificador del indicador en su plan (vacío si el plan no lo da: regla CP403)."),
    ("indicadores", "estado"): N_("Estado al mes de corte: alcanzada, en_camino, atrasada, en_curso (sin fechas para comparar), "
    "sin_mediciones, sin_meta o invalida (vea docs/indicadores.md)."),
    ("mediciones", "numero"): N_("Posición de la medición en la lista del indicador (1, 2, …)."),
    ("mediciones", "fecha"): N_("Fecha de la medición."),
    ("mediciones", "nota"): N_("Nota de la medición (correos y teléfonos reemplazados por una marca)."),
    ("territorios", "tipo"): N_("distrito, barrio, colonia, comuna…"),
    ("acciones_estrategicas", "numero"): N_("Número de la acción en la estrategia."),
    ("cantones", "id"): N_("Identificador estable del cantón: país, provincia y cantón de canton.yaml en minúsculas, sin tildes y unidos por «-» "
    "(cr-san-jose-desamparados); el nombre de la carpeta cuando canton.yaml no se pudo leer."),
    ("cantones", "nombre"): N_("Nombre del cantón (canton.yaml)."),
    ("cantones", "estado"): N_("valido (sin errores ni archivos sin leer), con_errores (errores de validación o archivos sin leer; "
    "sus valores inválidos quedan marcados en las tablas), no_leido (no se pudo leer: sin filas en las demás tablas) "
    "o duplicado (el mismo cantón que uno anterior, su id seguido de «-2»…: sin filas en las demás tablas)."),
    ("cantones", "compromisos"): N_("Compromisos del cantón (filas en la tabla «compromisos»)."),
    ("cantones", "indicadores"): N_("Indicadores del cantón (filas en la tabla «indicadores»)."),
}

#: The formats of the tables' files: (extension, format, media type).
FORMATS: dict[str, tuple[str, str]] = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet")}


def cell(value: Value) -> str:
    """A value as a CSV cell (Frictionless default formats); None is the empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (int, Month, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    return value


def table_csv(table: Table) -> bytes:
    """The table as CSV bytes: a header row with the column names, then the rows."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


class CsvTable:
    """One table's CSV file written a batch of rows at a time (``append``), the same bytes as ``table_csv``
    of all the rows at once; finished by ``close``."""

    def __init__(self, path: Path, table: Table) -> None:
        self.rows = 0
        self._fh = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        self._writer.writerow([c.name for c in table.columns])

    def append(self, rows: Iterable[tuple[Value, ...]]) -> None:
        for row in rows:
            self._writer.writerow([cell(v) for v in row])
            self.rows += 1

    def close(self) -> None:
        self._fh.close()


def _field(table: str, column: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "description": _(SPECIFIC.get((table, column.name)) or COLUMNS[column.name]),
    }
    if column.enum:
        out["constraints"] = {"enum": list(column.enum)}
    return out


def _resource(table: Table, fmt: str = "csv") -> dict[str, Any]:
    title, description = TABLES[table.name] if table.name in TABLES else NATIONAL_TABLES[table.name]
    schema: dict[str, Any] = {
        "fields": [_field(table.name, c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference)}} for fk in table.foreign_keys
        ]
    ext, mediatype = FORMATS[fmt]
    resource: dict[str, Any] = {
        "name": table.name,
        "path": f"{table.name}.{ext}",
        "profile": "tabular-data-resource",
        "title": _(title),
        "description": _(description),
        "format": fmt,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "schema": schema,
    }
    if fmt != "csv":
        del resource["encoding"]  # a binary file: its strings are UTF-8 by the format's own definition
    return resource


def package_name(canton: str | None) -> str:
    """The package's ``name``: lower case letters, digits, «-» (Frictionless), from the canton's name."""
    plain = unicodedata.normalize("NFKD", canton or "").encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return "-".join(["coprod", *words])[:100]


def package_json(data: OpenData, fmt: str = "csv") -> bytes:
    """``datapackage.json``: the package and each table's path, fields, types and keys (``fmt``: the tables' files)."""
    canton = data.canton or _("sin nombre")
    package = {
        "profile": PROFILE,
        "name": package_name(data.canton),
        "title": _("Acuerdos de coproducción de la seguridad de {canton}, al mes de {as_of}").format(canton=canton, as_of=data.as_of),
        "description": _(
            "Datos abiertos del cantón {canton} escritos por coprod («coprod export datos»), al mes de corte {as_of}: "
            "acuerdos, compromisos con su avance, tabla de monitoreo, actores, sesiones y asistencia, planes e indicadores. "
            "Versión pública: sin nombres, correos ni teléfonos de personas. Definiciones de las cifras: docs/cifras.md de coprod."
        ).format(canton=canton, as_of=data.as_of),
        "created": f"{last_day(data.as_of).isoformat()}T00:00:00Z",
        "keywords": [_("coproducción de la seguridad"), _("acuerdos"), canton],
        "resources": [_resource(t, fmt) for t in data.tables],
    }
    return _dumps(package)


def _dumps(package: dict[str, Any]) -> bytes:
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def national_package_json(as_of: Month, cantons: int, tables: Sequence[Table], fmt: str = "csv") -> bytes:
    """``datapackage.json`` of a package of many cantons: ``cantones`` and the keyed tables (compute/opendata.py:
    ``keyed_schema``), in the order given."""
    package = {
        "profile": PROFILE,
        "name": "coprod-cantones",
        "title": _("Acuerdos de coproducción de la seguridad de {cantons} cantones, al mes de {as_of}").format(cantons=cantons, as_of=as_of),
        "description": _(
            "Datos abiertos de {cantons} cantones escritos por coprod («coprod export datos»), al mes de corte {as_of}: por cantón, "
            "acuerdos, compromisos con su avance, tabla de monitoreo, actores, sesiones y asistencia, planes e indicadores. Cada tabla "
            "tiene la columna «canton» (id en la tabla «cantones»), que forma parte de sus claves. Versión pública: sin nombres, correos "
            "ni teléfonos de personas. Definiciones de las cifras: docs/cifras.md de coprod."
        ).format(cantons=cantons, as_of=as_of),
        "created": f"{last_day(as_of).isoformat()}T00:00:00Z",
        "keywords": [_("coproducción de la seguridad"), _("acuerdos"), _("cantones")],
        "resources": [_resource(t, fmt) for t in tables],
    }
    return _dumps(package)


def package_files(data: OpenData) -> dict[str, bytes]:
    """Every file of the package, by name: the tables, then ``datapackage.json`` (written last)."""
    files = {f"{t.name}.csv": table_csv(t) for t in data.tables}
    files[DATAPACKAGE] = package_json(data)
    return files
