"""The open-data tables (compute/opendata.py) as files: one CSV per table and
a ``datapackage.json`` (Frictionless Data Package, ``tabular-data-package``
profile) that describes them in Spanish. Definitions in docs/datos-abiertos.md.

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
from ..model.sessions import last_day
from ..model.types import Month

PROFILE = "tabular-data-package"
DATAPACKAGE = "datapackage.json"

#: Each table's title and description, in Spanish.
TABLES: dict[str, tuple[str, str]] = {
    "ejes": ("Ejes estratégicos", "Los ejes de la estrategia del cantón (canton.yaml)."),
    "acciones_estrategicas": ("Acciones estratégicas", "Las acciones numeradas de la estrategia, con el eje al que pertenecen."),
    "territorios": ("Territorios", "Los territorios del cantón y si están priorizados."),
    "actores": (
        "Actores",
        "Las organizaciones del mapa de actores. Sin datos personales: no incluye titulares ni suplentes (nombres, cargos, correos, teléfonos).",
    ),
    "acuerdos": ("Acuerdos de coproducción", "Un acuerdo por fila, con sus cifras al mes de corte (las de «coprod status»)."),
    "compromisos": (
        "Compromisos y su avance",
        "Un compromiso por fila: un mes del cronograma, o una subactividad cuando el mes se informa por subactividad; "
        "con el nivel registrado y su estado al mes de corte.",
    ),
    "monitoreo": ("Tabla de monitoreo", "Los 14 criterios de la tabla de monitoreo (Anexo 1, sección 7) de cada acuerdo."),
    "planes": ("Planes anuales", "Un plan anual por fila, con cuántos elementos tiene."),
    "plan_acciones": ("Acciones estratégicas de cada plan", "Las acciones estratégicas que aborda cada plan anual."),
    "plan_acuerdos": ("Acuerdos previstos de cada plan", "Los acuerdos de coproducción que prevé cada plan anual."),
    "indicadores": (
        "Indicadores de los planes",
        "Los indicadores de cada plan anual (protocolo E.3.3 y E.3.4): su línea base y su meta, y al mes de corte su último valor "
        "medido, el avance hacia la meta y su estado (las cifras del informe de indicadores).",
    ),
    "mediciones": (
        "Mediciones de los indicadores",
        "Cada medición registrada de cada indicador hasta el mes de corte (las de fecha posterior no se publican), "
        "con su fuente y su nota (correos y teléfonos reemplazados por una marca).",
    ),
    "sesiones": (
        "Sesiones",
        "Las sesiones realizadas hasta el día de referencia del mes de corte, con su asistencia, quórum y decisiones contadas.",
    ),
    "asistencia": (
        "Asistencia a las sesiones",
        "Cada actor convocado a cada sesión y cómo estuvo representado. Sin el nombre de ninguna persona ni las notas de asistencia.",
    ),
    "asistencia_actores": (
        "Asistencia al consejo por actor",
        "Por actor, las sesiones del consejo (instancia «consejo») a las que fue convocado y cómo estuvo representado, "
        "con su tasa de asistencia (las cifras de «coprod status»).",
    ),
}

#: The table of a package of many cantons only (pipeline/opendata_national.py).
NATIONAL_TABLES: dict[str, tuple[str, str]] = {
    "cantones": (
        "Cantones",
        "Los cantones del paquete (solo en un paquete de varios cantones): uno por fila, con su estado al leerlo y cuántas filas "
        "aporta. Un cantón que no se pudo leer o que repite a otro está aquí, sin filas en las demás tablas.",
    ),
}

#: Each column's description, in Spanish (a column of the same name means the same in every table).
COLUMNS: dict[str, str] = {
    "id": "Identificador (único en la tabla).",
    "nombre": "Nombre.",
    "numero": "Número.",
    "eje": "Eje estratégico (id en la tabla «ejes»).",
    "tipo": "Tipo.",
    "priorizado": "Si el territorio está priorizado.",
    "siglas": "Siglas.",
    "sector": "Sector: publico_nacional, municipal, sociedad_civil, privado, academia o cooperacion.",
    "nivel": "Nivel de avance registrado: 0, 25, 50, 75 o 100. Vacío si no hay nivel o si el valor registrado es inválido (vea «estado»).",
    "territorios": "Territorios (ids de la tabla «territorios», separados por un espacio).",
    "archivo": "Archivo del repositorio de donde viene el acuerdo.",
    "titulo": "Título.",
    "estado": "Estado.",
    "forma": "Forma del acuerdo (alianza, convenio, carta_de_entendimiento…).",
    "plan_anual": "Año del plan anual al que pertenece.",
    "fecha_firma": "Fecha de firma.",
    "objetivo": "Objetivo.",
    "actor_encargado": "Actor encargado (id en la tabla «actores»).",
    "accion_estrategica": "Acción estratégica (número en la tabla «acciones_estrategicas»).",
    "plazo_inicio": "Primer mes del plazo propuesto.",
    "plazo_fin": "Último mes del plazo propuesto.",
    "cuenta_en_totales": "Si cuenta en los totales (un acuerdo cancelado no cuenta).",
    "criterios_cumplidos": "Criterios de la tabla de monitoreo que cumple.",
    "criterios_total": "Criterios de la tabla de monitoreo (14).",
    "compromisos": "Compromisos de todo el cronograma.",
    "compromisos_vencidos": "Compromisos cuyo mes es el de corte o anterior.",
    "reportados": "Compromisos con un nivel válido registrado.",
    "reportados_vencidos": "Compromisos vencidos con un nivel válido registrado.",
    "sin_reporte_vencidos": "Compromisos vencidos sin nada registrado (una alerta).",
    "invalidos_vencidos": "Compromisos vencidos con un valor registrado inválido.",
    "poco_avance": "Compromisos vencidos informados con 0 % o 25 % (una alerta).",
    "avance_al_dia": "Avance a la fecha, en %: promedio de los niveles de los compromisos vencidos informados (sin redondear).",
    "avance_global": "Avance global, en %: suma de los niveles informados entre los compromisos de todo el cronograma (sin redondear).",
    "plazo_transcurrido": "Porcentaje del plazo transcurrido al mes de corte (sin redondear).",
    "atrasado": "Si el avance global está por debajo del plazo transcurrido.",
    "problemas": "Códigos de las reglas de «coprod validate» que informan un valor inválido, separados por un espacio (vacío: ninguno).",
    "acuerdo": "Acuerdo (id en la tabla «acuerdos»).",
    "mes": "Mes del cronograma.",
    "subactividad": "Número de la subactividad del mes (vacío: el mes completo es un compromiso).",
    "descripcion": "Lo que el cronograma compromete para ese mes o subactividad.",
    "vencido": "Si el mes del compromiso es el de corte o anterior.",
    "nota": "Nota registrada con el avance (correos y teléfonos reemplazados por una marca).",
    "nota_del_mes": "Nota del mes completo, cuando el mes se informa por subactividad.",
    "criterio": "Número del criterio (1 a 14).",
    "clave": "Clave del criterio en el archivo del acuerdo.",
    "texto": "Texto del criterio (Anexo 1, sección 7).",
    "contenido": "Si el acuerdo tiene el contenido que el criterio pide.",
    "respuesta": "Respuesta registrada en la tabla de monitoreo: si, no, o vacío si no se registró.",
    "observaciones": "Observaciones registradas (correos y teléfonos reemplazados por una marca).",
    "cumple": "Si cumple el criterio: tiene el contenido y la respuesta no es «no».",
    "anio": "Año del plan anual.",
    "acciones_estrategicas": "Acciones estratégicas que aborda el plan.",
    "acuerdos_previstos": "Acuerdos que prevé el plan.",
    "indicadores": "Indicadores del plan.",
    "grupos_trabajo": "Grupos de trabajo del plan.",
    "encuentros": "Encuentros de avance y planificación del plan.",
    "accion": "Acción estratégica (número en la tabla «acciones_estrategicas»).",
    "linea_base": "Valor de la línea base. Vacío si no tiene o si el valor escrito no es un número (vea «problemas»).",
    "meta": "Valor de la meta. Vacío si no tiene o si el valor escrito no es un número (vea «problemas»).",
    "unidad": "Unidad de medida (familias, %, personas…).",
    "sentido": "aumentar o disminuir: hacia dónde es mejor (el escrito, o el que va de la línea base a la meta).",
    "linea_base_fecha": "Fecha de la línea base.",
    "meta_fecha": "Fecha para la que se fijó la meta.",
    "mediciones": "Mediciones registradas hasta el mes de corte.",
    "ultimo_valor": "Último valor medido hasta el mes de corte. Vacío si no hay mediciones o si el valor no es un número (vea «problemas»).",
    "ultima_fecha": "Fecha del último valor medido.",
    "avance_meta": "Avance hacia la meta, en %: (último valor − línea base) / (meta − línea base), sin redondear ni recortar.",
    "indicador": "Indicador (número en la tabla «indicadores», junto con «anio»).",
    "valor": "Valor medido. Vacío si el valor escrito no es un número (vea «problemas»).",
    "cuenta": "Si la medición cuenta en las cifras: su valor es un número y su fecha no se repite.",
    "fuente": "Fuente del dato, si no es la del indicador (correos y teléfonos reemplazados por una marca).",
    "fecha": "Fecha de la sesión.",
    "instancia": "Instancia: consejo, grupo_trabajo, comision_ejecutiva, foro u otra.",
    "territorio": "Territorio de la sesión (id en la tabla «territorios»).",
    "convocados": "Actores en la lista de asistencia.",
    "presentes": "Actores representados (titular o suplente).",
    "titulares": "Actores representados por su titular.",
    "suplentes": "Actores representados por su suplente.",
    "ausentes": "Actores ausentes.",
    "justificadas": "Ausencias justificadas.",
    "invitados": "Invitados que no integran la instancia.",
    "quorum": "Presentes entre convocados, en % (sin redondear).",
    "quorum_alcanzado": "Si se alcanzó el quórum de canton.yaml.",
    "decisiones": "Decisiones de la sesión.",
    "decisiones_cumplidas": "Decisiones cumplidas al día de referencia.",
    "decisiones_pendientes": "Decisiones pendientes al día de referencia.",
    "decisiones_vencidas": "Decisiones vencidas sin cumplir al día de referencia.",
    "sesion": "Sesión (id en la tabla «sesiones»: el nombre de su archivo).",
    "actor": "Actor (id en la tabla «actores»).",
    "presente": "Si el actor estuvo representado (titular o suplente).",
    "convocatorias": "Sesiones del consejo a las que fue convocado (está en su lista de asistencia).",
    "tasa": "Presentes entre convocatorias, en % (sin redondear).",
    "ausencias_seguidas": "Ausencias seguidas al final de la serie de sesiones del consejo.",
    "canton": "Cantón (id en la tabla «cantones»): solo en un paquete de varios cantones; los ids de las demás columnas son únicos dentro de su cantón.",
    "provincia": "Provincia (canton.yaml).",
    "pais": "Código ISO del país (canton.yaml).",
    "carpeta": "Nombre de la carpeta del repositorio del cantón.",
    "errores": "Errores de «coprod validate» del repositorio del cantón.",
    "avisos": "Avisos de «coprod validate» del repositorio del cantón.",
    "archivos_no_leidos": "Archivos del cantón que no se pudieron leer: no están en ninguna tabla.",
    "acuerdos": "Acuerdos del cantón (filas en la tabla «acuerdos»).",
    "sesiones": "Sesiones del cantón (filas en la tabla «sesiones»).",
}

#: Descriptions that differ from COLUMNS for one table: (table, column).
SPECIFIC: dict[tuple[str, str], str] = {
    ("compromisos", "estado"): "Estado al mes de corte: reportado (nivel válido), invalido (se registró un valor que no es un nivel válido; "
    "vea «problemas»), sin_reporte (vencido y sin nada registrado) o pendiente (aún no vence).",
    ("acuerdos", "estado"): "Estado del acuerdo: borrador, firmado, en_ejecucion, concluido o cancelado.",
    ("asistencia", "estado"): "titular, suplente, ausente o justificada.",
    ("actores", "nivel"): "Nivel: nacional, cantonal, distrital o comunal.",
    ("asistencia_actores", "sector"): "Sector del actor en el mapa de actores (vacío si no está en el mapa).",
    ("asistencia_actores", "presentes"): "Sesiones del consejo en que estuvo representado (titular o suplente).",
    ("asistencia_actores", "titulares"): "Sesiones en que lo representó su titular.",
    ("asistencia_actores", "suplentes"): "Sesiones en que lo representó su suplente.",
    ("asistencia_actores", "ausentes"): "Sesiones en que estuvo ausente.",
    ("asistencia_actores", "justificadas"): "Sesiones en que justificó su ausencia.",
    ("sesiones", "tipo"): "ordinaria o extraordinaria.",
    ("sesiones", "id"): "El nombre del archivo de la sesión, sin extensión (AAAA-MM-DD o AAAA-MM-DD-sufijo).",
    ("indicadores", "tipo"): "gestion, resultado o impacto.",
    ("indicadores", "numero"): "Posición del indicador en su plan (1, 2, …).",
    ("indicadores", "id"): "Identificador del indicador en su plan (vacío si el plan no lo da: regla CP403).",
    ("indicadores", "estado"): "Estado al mes de corte: alcanzada, en_camino, atrasada, en_curso (sin fechas para comparar), "
    "sin_mediciones, sin_meta o invalida (vea docs/indicadores.md).",
    ("mediciones", "numero"): "Posición de la medición en la lista del indicador (1, 2, …).",
    ("mediciones", "fecha"): "Fecha de la medición.",
    ("mediciones", "nota"): "Nota de la medición (correos y teléfonos reemplazados por una marca).",
    ("territorios", "tipo"): "distrito, barrio, colonia, comuna…",
    ("acciones_estrategicas", "numero"): "Número de la acción en la estrategia.",
    ("cantones", "id"): "Identificador estable del cantón: país, provincia y cantón de canton.yaml en minúsculas, sin tildes y unidos por «-» "
    "(cr-san-jose-desamparados); el nombre de la carpeta cuando canton.yaml no se pudo leer.",
    ("cantones", "nombre"): "Nombre del cantón (canton.yaml).",
    ("cantones", "estado"): "valido (sin errores ni archivos sin leer), con_errores (errores de validación o archivos sin leer; "
    "sus valores inválidos quedan marcados en las tablas), no_leido (no se pudo leer: sin filas en las demás tablas) o duplicado (el mismo id que un cantón anterior: sin filas en las demás tablas).",
    ("cantones", "compromisos"): "Compromisos del cantón (filas en la tabla «compromisos»).",
    ("cantones", "indicadores"): "Indicadores del cantón (filas en la tabla «indicadores»).",
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
        "description": SPECIFIC.get((table, column.name)) or COLUMNS[column.name],
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
        "title": title,
        "description": description,
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
    canton = data.canton or "sin nombre"
    package = {
        "profile": PROFILE,
        "name": package_name(data.canton),
        "title": f"Acuerdos de coproducción de la seguridad de {canton}, al mes de {data.as_of}",
        "description": (
            f"Datos abiertos del cantón {canton} escritos por coprod («coprod export datos»), al mes de corte {data.as_of}: "
            "acuerdos, compromisos con su avance, tabla de monitoreo, actores, sesiones y asistencia, planes e indicadores. "
            "Versión pública: sin nombres, correos ni teléfonos de personas. Definiciones de las cifras: docs/cifras.md de coprod."
        ),
        "created": f"{last_day(data.as_of).isoformat()}T00:00:00Z",
        "keywords": ["coproducción de la seguridad", "acuerdos", canton],
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
        "title": f"Acuerdos de coproducción de la seguridad de {cantons} cantones, al mes de {as_of}",
        "description": (
            f"Datos abiertos de {cantons} cantones escritos por coprod («coprod export datos»), al mes de corte {as_of}: por cantón, "
            "acuerdos, compromisos con su avance, tabla de monitoreo, actores, sesiones y asistencia, planes e indicadores. Cada tabla "
            "tiene la columna «canton» (id en la tabla «cantones»), que forma parte de sus claves. Versión pública: sin nombres, correos "
            "ni teléfonos de personas. Definiciones de las cifras: docs/cifras.md de coprod."
        ),
        "created": f"{last_day(as_of).isoformat()}T00:00:00Z",
        "keywords": ["coproducción de la seguridad", "acuerdos", "cantones"],
        "resources": [_resource(t, fmt) for t in tables],
    }
    return _dumps(package)


def package_files(data: OpenData) -> dict[str, bytes]:
    """Every file of the package, by name: the tables, then ``datapackage.json`` (written last)."""
    files = {f"{t.name}.csv": table_csv(t) for t in data.tables}
    files[DATAPACKAGE] = package_json(data)
    return files
