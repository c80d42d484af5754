"""Every rule coprod checks. A rule is a pure function of the loaded
repository that yields findings (file, YAML path, Spanish message); the engine
turns them into located diagnostics with the configured severity.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from ..compute.content import content_met
from ..compute.progress import PENDING, UNREPORTED, RecordProblem, progress, record_problems
from ..load.repository import AGREEMENTS_DIR, Document, Repository
from ..model.criteria import CRITERIA, CRITERIA_BY_KEY
from ..model.models import Acuerdo
from ..model.types import NIVELES, Month
from ..model.personal import NOT_SHOWN, contacts_in
from ..model.suggest import Suggestions
from .registry import Finding, Severity, builtin, rule
from .targets import targets

E, W = Severity.ERROR, Severity.WARNING

# --- CP0xx: reading files (emitted by the loader) ------------------------------

builtin("CP001", "sintaxis-yaml", E, "el archivo no es YAML válido", """
    El archivo no se puede leer como YAML: sangría incoherente, tabuladores,
    comillas o corchetes sin cerrar, «clave: valor» en un lugar imposible.
    El mensaje señala la línea que hay que corregir, que no siempre es donde
    el lector se detuvo, y el error probable: falta «:» después de una clave,
    una comilla o un corchete abiertos en la línea N sin cerrar, una clave
    con más o menos sangría que sus vecinas (cuando cualquiera de dos líneas
    puede ser la equivocada, nombra las dos).

    Incorrecto:

        objetivo: Diseñar: una estrategia

    Correcto:

        objetivo: "Diseñar: una estrategia"
""")
builtin("CP002", "clave-repetida", E, "una clave aparece dos veces en el mismo mapeo", """
    Una clave repetida hace que uno de los dos valores se pierda en silencio
    en otras herramientas; coprod la rechaza y nombra ambas líneas: la de la
    repetida y la de su primera aparición. Si la línea de arriba abre un
    bloque que quedó vacío («suplente:»), la clave probablemente era suya y
    el mensaje lo dice: revise la sangría.

    Incorrecto:

        objetivo: Primer texto
        objetivo: Segundo texto

    Correcto:

        objetivo: Primer texto
""")
builtin("CP003", "ancla-alias", E, "anclas (&) y alias (*) de YAML no se admiten", """
    Nadie que redacta un acuerdo los necesita, y un alias anidado (la «bomba
    de mil millones de risas») bloquea a otros validadores. Escriba el valor
    completo cada vez.

    Incorrecto:

        actores_colaboradores: &colab [ina]
        otros: *colab

    Correcto:

        actores_colaboradores: [ina]
""")
builtin("CP004", "etiqueta-yaml", E, "etiquetas YAML explícitas (!!str, !algo) no se admiten", """
    Las etiquetas cambian el tipo de un valor o invocan constructores
    especiales; estos archivos solo guardan textos, números, fechas, listas y
    mapeos. Ponga el texto entre comillas si hace falta.

    Incorrecto:

        plan_anual: !!str 2015

    Correcto:

        plan_anual: 2015
""")
builtin("CP005", "no-es-mapeo", E, "el archivo está vacío o no es un mapeo de claves", """
    Cada archivo del repositorio es un mapeo («clave: valor») en su primer
    nivel. Un archivo vacío, una lista o un texto suelto no se pueden leer.

    Incorrecto:

        - id: imas

    Correcto:

        actores:
          - id: imas
""")
builtin("CP006", "codificacion", E, "el archivo no es texto UTF-8", """
    Los archivos deben guardarse en UTF-8 (la opción habitual de los editores).
    Un archivo guardado en Latin-1 o con bytes nulos no se puede leer. La marca
    BOM de UTF-8 y los finales de línea de Windows sí se aceptan.

    Correcto: en el editor, «Guardar con codificación» → UTF-8.
""")
builtin("CP007", "archivo-ilegible", E, "el archivo no se puede leer o excede los límites", """
    El archivo no se puede abrir (permisos, es una carpeta, un dispositivo o
    una tubería), es mayor de 512 KiB, tiene más de 20 000 valores o anida más
    de 64 niveles. Ningún acuerdo real llega a esos límites: suelen indicar
    un archivo equivocado o malicioso. Los límites están en SECURITY.md.
""")
builtin("CP008", "estructura-repositorio", E, "falta un archivo del repositorio o un enlace sale de él", """
    Un repositorio de acuerdos tiene `canton.yaml`, `actores.yaml`,
    `planes/AAAA.yaml` y `acuerdos/<id>.yaml`. También se rechaza, sin
    leerlo, un enlace simbólico que apunta fuera del repositorio (un archivo
    o las carpetas `planes/` y `acuerdos/`), y un archivo cuyo nombre tiene
    caracteres de control.
""")

builtin("CP009", "plantilla-cambiada", W, "el cambio toca las plantillas de los informes (`templates/`)", """
    Las plantillas de `templates/` (y su `style.css`) deciden qué dice cada
    informe, también los públicos: una plantilla puede agregar un *script*,
    un enlace o un texto a cada página. Son código del sitio web público, no
    datos. Con `coprod validate --changed-since REV`, como en la revisión de
    un *pull request*, y en el resumen de `coprod diff` que la revisión
    automática publica en cada *pull request*, cada archivo cambiado,
    agregado o borrado bajo `templates/` recibe esta advertencia: una persona con permiso de
    escritura debe revisar el cambio como código antes de aceptarlo (vea
    SECURITY.md). No se puede desactivar en `canton.yaml`: el mismo *pull
    request* podría desactivarla.

    Advertencia (en un *pull request* que cambia la hoja de estilo):

        templates/reports/style.css
""")

builtin("CP010", "archivo-fuera-de-lugar", E, "un archivo de datos está donde coprod no lo lee (una subcarpeta de `acuerdos/` o `planes/`)", """
    coprod lee los acuerdos que están directamente en `acuerdos/` y los
    planes que están directamente en `planes/`, con nombres que terminan en
    `.yaml` o `.yml` (en minúsculas). Un archivo YAML en una subcarpeta
    (`acuerdos/2015/foro.yaml`) o con la extensión en mayúsculas
    (`acuerdos/foro.YAML`) no se lee: no se revisa, no cuenta en las cifras
    ni aparece en los informes, y un plan que lo prevé dice «acuerdo
    desconocido». Por eso es un error en su ruta, nunca un silencio.

    Incorrecto:

        acuerdos/2015/foro-local.yaml

    Correcto (si es un acuerdo; si no lo es, sáquelo de `acuerdos/`):

        acuerdos/foro-local.yaml

    Las carpetas y archivos ocultos (su nombre empieza con un punto) y los
    archivos que no son YAML (un acta en PDF en `acuerdos/actas/`) no se
    revisan.
""")

# --- CP1xx: schema (emitted by the model stage) --------------------------------

builtin("CP101", "campo-obligatorio", E, "falta un campo obligatorio", """
    Solo lo que identifica un acuerdo es obligatorio (id, titulo, estado y
    actividad.actor_encargado); del resto, lo que falte lo informa la lista
    de 14 criterios. Los demás archivos tienen sus propios campos obligatorios.

    Incorrecto:

        id: imas-ina-mapeo-familias
        estado: borrador

    Correcto:

        id: imas-ina-mapeo-familias
        titulo: Mapeo de familias e integración en procesos formativos
        estado: borrador
        actividad:
          actor_encargado: imas
""")
builtin("CP102", "tipo-incorrecto", E, "un valor tiene el tipo equivocado", """
    Un texto donde va una lista, un número donde va un texto, un mapeo donde
    va un valor simple. Si el campo tiene una lista cerrada de valores, el
    mensaje la da (los cinco niveles: 0, 25, 50, 75 o 100), y si el texto
    contiene un número, dice cómo escribirlo («50%» → escriba 50, sin «%»).
    El esquema JSON (`coprod schema`) también da los cinco niveles: el editor
    marca un 30 al escribirlo.

    Incorrecto:

        planes_programas: Plan Puente al Desarrollo

    Correcto:

        planes_programas:
          - Plan Puente al Desarrollo
""")
builtin("CP103", "clave-desconocida", E, "clave desconocida (con sugerencia)", """
    Las claves son las del protocolo, en minúsculas y sin tildes. Una clave
    mal escrita se rechaza para que su contenido no se pierda en silencio;
    el mensaje sugiere la clave más parecida.

    Incorrecto:

        objetvo: Diseñar una estrategia conjunta

    Correcto:

        objetivo: Diseñar una estrategia conjunta
""")
builtin("CP104", "valor-no-permitido", E, "un valor no está entre los permitidos", """
    Formas, estados, sectores y niveles tienen una lista cerrada de valores
    (el mensaje la da, y sugiere el valor que quiso escribir: «En ejecución»
    → `en_ejecucion`);
    los identificadores usan minúsculas, números y guiones; los años (del
    plan, del periodo de la estrategia, `plan_anual`) van de 1990 a 2100; un
    nombre o un título (de un actor, un territorio, un eje, el cantón, una
    persona, un acuerdo) tiene a lo sumo 200 caracteres, un correo 254 y un
    teléfono 40: un nombre se repite en cada informe que lo menciona.

    Incorrecto:

        estado: en ejecución

    Correcto:

        estado: en_ejecucion
""")
builtin("CP105", "mes-invalido", E, "un mes no tiene la forma AAAA-MM o su año está fuera de 1990 a 2100", """
    Los meses del plazo, del cronograma y del avance se escriben AAAA-MM,
    con un año de 1990 a 2100 (los mismos años que aceptan los planes, el
    periodo de la estrategia y las opciones de la línea de órdenes). Un mes
    como 0001-01 o 9999-12 es una errata, y un plazo o un cronograma de uno a
    otro llenaría los informes con miles de años.

    Incorrecto:

        mes: JUL-15
        mes: 0001-01

    Correcto:

        mes: 2015-07
""")
builtin("CP106", "fecha-invalida", E, "una fecha no tiene la forma AAAA-MM-DD", """
    Incorrecto:

        fecha_firma: 15/07/2015

    Correcto:

        fecha_firma: 2015-07-15
""")
builtin("CP107", "correo-invalido", E, "un correo electrónico no es válido", """
    Incorrecto:

        correo: ana.solis(arroba)imas.go.cr

    Correcto:

        correo: ana.solis@imas.go.cr
""")


# --- helpers ------------------------------------------------------------------------


def _agreements(repo: Repository) -> Iterator[tuple[Document[Acuerdo], Acuerdo]]:
    yield from repo.valid_agreements()


def _record_problems(repo: Repository, code: str) -> Iterator[tuple[Document[Acuerdo], Acuerdo, RecordProblem]]:
    """The invalid progress values a rule reports: the same judgement the
    figures use to mark a value invalid (compute/progress.py)."""
    for doc, a in _agreements(repo):
        for p in record_problems(a):
            if p.code == code:
                yield doc, a, p


def _dupes(items: Iterable[tuple[Any, tuple[Any, ...]]]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Yield (value, path) for every occurrence after the first of a value."""
    seen: set[Any] = set()
    for value, path in items:
        if value in seen:
            yield value, path
        seen.add(value)


# --- CP2xx: agreements --------------------------------------------------------


@rule("CP201", "archivo-id", E, "el nombre del archivo no coincide con el id del acuerdo")
def file_name_matches_id(repo: Repository) -> Iterator[Finding]:
    """El archivo de un acuerdo se llama como su id: `acuerdos/<id>.yaml`. Así
    el id es estable y nadie busca un acuerdo en el archivo equivocado.

    Incorrecto (en `acuerdos/mapeo.yaml`):

        id: imas-ina-mapeo-familias

    Correcto (en `acuerdos/imas-ina-mapeo-familias.yaml`):

        id: imas-ina-mapeo-familias
    """
    for doc, a in _agreements(repo):
        stem = doc.source.path.stem
        if stem != a.id:
            yield Finding(doc.source, ("id",), f"el id «{a.id}» no coincide con el nombre del archivo «{doc.source.path.name}»; renombre el archivo a «{a.id}.yaml»")


@rule("CP202", "plazo-invertido", E, "el plazo termina antes de empezar")
def term_order(repo: Repository) -> Iterator[Finding]:
    """El mes final del plazo propuesto no puede ser anterior al inicial.

    Incorrecto:

        plazo: {inicio: 2016-01, fin: 2015-07}

    Correcto:

        plazo: {inicio: 2015-07, fin: 2016-01}
    """
    for doc, a in _agreements(repo):
        p = a.actividad.plazo
        if p and p.fin < p.inicio:
            yield Finding(doc.source, ("actividad", "plazo", "fin"), f"el plazo termina ({p.fin}) antes de empezar ({p.inicio})")


@rule("CP203", "cronograma-fuera-de-plazo", E, "un mes del cronograma cae fuera del plazo propuesto")
def schedule_in_term(repo: Repository) -> Iterator[Finding]:
    """Cada mes del cronograma de trabajo debe estar dentro del plazo
    propuesto del acuerdo (sección 3). El protocolo imprime «ENE-15» donde el
    plazo dice enero de 2016: esta regla detecta ese tipo de errata.

    Incorrecto (plazo 2015-07 a 2016-01):

        meses:
          - mes: 2015-01

    Correcto:

        meses:
          - mes: 2016-01
    """
    for doc, a in _agreements(repo):
        p, c = a.actividad.plazo, a.cronograma
        if not p or not c or p.fin < p.inicio:
            continue
        for i, m in enumerate(c.meses):
            if not p.inicio <= m.mes <= p.fin:
                yield Finding(doc.source, ("cronograma", "meses", i, "mes"), f"el mes {m.mes} del cronograma está fuera del plazo ({p.inicio} a {p.fin})")


@rule("CP204", "avance-fuera-de-cronograma", E, "se informa avance de un mes que no está en el cronograma")
def progress_in_schedule(repo: Repository) -> Iterator[Finding]:
    """El avance (sección 6) se informa para los meses del cronograma
    (sección 5). Un avance de otro mes no corresponde a ningún compromiso.

    Incorrecto (el cronograma va de 2015-07 a 2016-01):

        avance:
          - mes: 2016-02
            nivel: 50

    Correcto: agregue el mes al cronograma o corrija el mes del avance.
    """
    for doc, a, p in _record_problems(repo, "CP204"):
        where = "no es un mes del cronograma" if a.cronograma and a.cronograma.meses else "el acuerdo no tiene cronograma"
        yield Finding(doc.source, p.path, f"avance de {p.month}: {where}", p.target)


@rule("CP205", "nivel-fuera-de-escala", E, "un nivel de avance no está en la escala de cinco niveles")
def level_on_scale(repo: Repository) -> Iterator[Finding]:
    """El protocolo (nota 13) fija cinco niveles de cumplimiento: 100 %
    (cumplida), 75 % (muy avanzada), 50 % (avanzada), 25 % (algo avanzada)
    y 0 % (sin avance). Otro número no se puede comparar entre acuerdos.

    Incorrecto:

        nivel: 60

    Correcto:

        nivel: 50
    """
    scale = ", ".join(str(n) for n in sorted(NIVELES))
    for doc, _, p in _record_problems(repo, "CP205"):
        yield Finding(doc.source, p.path, f"nivel {p.value} fuera de la escala de cinco niveles ({scale})", p.target)


@rule("CP206", "monitoreo-contradictorio", E, "la tabla de monitoreo dice «sí» a un criterio sin contenido")
def monitoring_contradiction(repo: Repository) -> Iterator[Finding]:
    """Un «sí» en la tabla de monitoreo (sección 7) para un criterio cuyo
    contenido falta en el acuerdo es una contradicción, no una opinión. Un
    «no» con observaciones sí es válido aunque el contenido exista (presente
    pero insuficiente).

    Incorrecto (el acuerdo no tiene `actividad.meta`):

        monitoreo:
          meta: {cumple: sí}

    Correcto:

        monitoreo:
          meta: {cumple: "no", observaciones: Falta definir la meta}
    """
    for doc, a in _agreements(repo):
        if a.monitoreo is None:
            continue
        met = content_met(a)
        for c in CRITERIA:
            answer = getattr(a.monitoreo, c.key)
            if answer is not None and answer.cumple == "si" and not met[c.key]:
                yield Finding(doc.source, ("monitoreo", c.key, "cumple"), f"«sí» en el criterio {c.number} ({c.text}), pero el acuerdo no tiene ese contenido ({', '.join(c.fields)})")


@rule("CP207", "sin-sociedad-civil", W, "el acuerdo no integra actores de la sociedad civil")
def civil_society(repo: Repository) -> Iterator[Finding]:
    """La coproducción integra a la sociedad civil (protocolo 5.2, A.1). Un
    acuerdo sin actores de la sociedad civil, ni en `actores_sociedad_civil`
    ni entre los colaboradores, probablemente olvida a alguien.

    Correcto:

        actividad:
          actores_sociedad_civil:
            descripcion: Líderes comunales y Asociaciones de Desarrollo
            actores: [lideres-comunales, asociaciones-desarrollo]
    """
    sectors = {x.id: x.sector for x in repo.actor_map.actores} if repo.actor_map else {}
    for doc, a in _agreements(repo):
        if a.estado == "cancelado":
            continue
        act = a.actividad
        sc = act.actores_sociedad_civil
        if sc and (sc.actores or (sc.descripcion or "").strip()):
            continue
        if any(sectors.get(x) == "sociedad_civil" for x in act.actores_colaboradores):
            continue
        yield Finding(doc.source, ("actividad",), "el acuerdo no integra actores de la sociedad civil (protocolo 5.2 A.1)", "key")


@rule("CP208", "acuerdo-vigente-incompleto", W, "un acuerdo firmado o en ejecución no cumple los 14 criterios")
def signed_incomplete(repo: Repository) -> Iterator[Finding]:
    """Un borrador puede estar incompleto: la lista de 14 criterios dice qué
    le falta. Cuando el acuerdo ya está firmado, en ejecución o concluido,
    el contenido faltante se señala como advertencia. El repositorio puede
    volverla error con `reglas: {CP208: error}` en `canton.yaml`.
    """
    for doc, a in _agreements(repo):
        if a.estado not in ("firmado", "en_ejecucion", "concluido"):
            continue
        missing = [CRITERIA_BY_KEY[k] for k, ok in content_met(a).items() if not ok]
        if missing:
            names = "; ".join(f"{c.number}. {c.text}" for c in missing)
            yield Finding(doc.source, ("estado",), f"acuerdo «{a.estado}» con {len(missing)} de 14 criterios sin contenido: {names}")


@rule("CP209", "mes-repetido", E, "un mes aparece dos veces en el cronograma o en el avance")
def repeated_month(repo: Repository) -> Iterator[Finding]:
    """Cada mes aparece una sola vez en el cronograma y una sola vez en el
    avance; las subactividades de un mes van juntas bajo ese mes.

    Incorrecto:

        avance:
          - {mes: 2015-07, nivel: 50}
          - {mes: 2015-07, nivel: 75}
    """
    for doc, _, p in _record_problems(repo, "CP209"):
        where = "el cronograma" if p.kind == "repeated_schedule_month" else "el avance"
        yield Finding(doc.source, p.path, f"el mes {p.month} ya aparece antes en {where}", p.target)


@rule("CP210", "avance-mal-formado", E, "un avance no tiene nivel, tiene dos formas, o nombra una subactividad inexistente")
def progress_shape(repo: Repository) -> Iterator[Finding]:
    """Un mes de avance lleva un `nivel` para el mes completo, o
    `subactividades` con un nivel para cada subactividad (numeradas 1, 2, …
    en el orden del cronograma de ese mes); no ambas cosas, ni ninguna.

    Incorrecto:

        - mes: 2015-08
          nivel: 25
          subactividades: [{subactividad: 1, nivel: 50}]

    Correcto:

        - mes: 2015-08
          subactividades:
            - {subactividad: 1, nivel: 50}
            - {subactividad: 2, nivel: 0}
    """
    messages = {
        "no_level": "el avance de {month} no tiene «nivel» ni «subactividades»",
        "two_forms": "el avance de {month} tiene «nivel» y «subactividades» a la vez; use una sola forma",
        "repeated_subactivity": "la subactividad {sub} de {month} ya tiene nivel",
        "no_such_subactivity": "el cronograma de {month} tiene {value} subactividad(es); no existe la {sub}",
    }
    for doc, _, p in _record_problems(repo, "CP210"):
        yield Finding(doc.source, p.path, messages[p.kind].format(month=p.month, sub=p.subactivity, value=p.value), p.target)


#: Months listed in a message about many months; the rest are counted.
MONTHS_SHOWN = 6


def _months(months: list[Month]) -> str:
    shown = ", ".join(str(m) for m in months[:MONTHS_SHOWN])
    return shown + (f" y {len(months) - MONTHS_SHOWN} más" if len(months) > MONTHS_SHOWN else "")


def _commitments_word(n: int) -> str:
    return f"{n} compromiso{'s' if n != 1 else ''}"


@rule("CP211", "avance-en-el-futuro", W, "se informa avance de un mes que todavía no llega", dated=True)
def progress_in_the_future(repo: Repository, now: Month) -> Iterator[Finding]:
    """El avance (sección 6) se informa después de cada mes. Un avance para un
    mes posterior al actual suele ser una errata (el año o el mes
    equivocados): no cuenta en ninguna cifra, alerta ni informe hasta que
    ese mes llegue (las cifras al mes de corte usan solo lo registrado hasta
    ese mes), y así desaparecería en silencio.

    Incorrecto (en julio de 2015):

        avance:
          - mes: 2016-07
            nivel: 50

    Correcto:

        avance:
          - mes: 2015-07
            nivel: 50
    """
    for doc, a in _agreements(repo):
        for i, av in enumerate(a.avance):
            if av.mes > now:
                yield Finding(
                    doc.source,
                    ("avance", i, "mes"),
                    f"avance de {av.mes}, un mes que todavía no llega (este mes es {now}): no cuenta en ninguna cifra "
                    "hasta entonces; corrija el mes o el año si es una errata",
                )


@rule("CP212", "concluido-con-pendientes", W, "un acuerdo concluido tiene compromisos sin avance informado", dated=True)
def concluded_with_pending(repo: Repository, now: Month) -> Iterator[Finding]:
    """Un acuerdo `concluido` ya terminó su trabajo: cada compromiso de su
    cronograma debería tener su nivel de avance. Un compromiso vencido sin
    informe, o uno cuyo mes todavía no llega, contradice el estado: falta
    registrar el avance (`coprod progress set`), o el acuerdo no está
    concluido.

    Incorrecto:

        estado: concluido
        cronograma:
          meses:
            - mes: 2015-07
            - mes: 2015-08
        avance:
          - mes: 2015-07
            nivel: 100

    Correcto:

        avance:
          - mes: 2015-07
            nivel: 100
          - mes: 2015-08
            nivel: 75
    """
    for doc, a in _agreements(repo):
        if a.estado != "concluido":
            continue
        p = progress(a, now)
        unreported = [c.month for c in p.commitments if c.state(now) == UNREPORTED]
        pending = [c.month for c in p.commitments if c.state(now) == PENDING]
        if not unreported and not pending:
            continue
        parts = []
        if unreported:
            parts.append(f"{_commitments_word(len(unreported))} vencido{'s' if len(unreported) != 1 else ''} sin avance informado ({_months(unreported)})")
        if pending:
            parts.append(f"{_commitments_word(len(pending))} de meses que todavía no llegan ({_months(pending)})")
        yield Finding(
            doc.source,
            ("estado",),
            f"acuerdo «concluido» con {' y '.join(parts)}: registre el avance con «coprod progress set» o corrija el estado",
        )


@rule("CP213", "cronograma-terminado-sin-informe", W, "el cronograma de un acuerdo vigente terminó con meses sin avance informado", dated=True)
def ended_without_reports(repo: Repository, now: Month) -> Iterator[Finding]:
    """Cuando el último mes del cronograma de un acuerdo `firmado` o
    `en_ejecucion` ya pasó, cada compromiso debería tener su nivel de
    avance. Los que nunca se informaron son alertas en cada informe de
    avance; esta advertencia lo dice también en `coprod validate`, para que
    se registre el avance (y, si el trabajo terminó, se cambie el estado a
    `concluido`).

    Incorrecto (en 2016, con el cronograma de julio a septiembre de 2015):

        estado: en_ejecucion
        avance:
          - mes: 2015-07
            nivel: 50

    Correcto:

        estado: concluido
        avance:
          - mes: 2015-07
            nivel: 50
          - mes: 2015-08
            nivel: 100
          - mes: 2015-09
            nivel: 100
    """
    for doc, a in _agreements(repo):
        if a.estado not in ("firmado", "en_ejecucion") or not a.cronograma or not a.cronograma.meses:
            continue
        last = max(m.mes for m in a.cronograma.meses)
        if last >= now:
            continue
        unreported = [c.month for c in progress(a, now).commitments if c.state(now) == UNREPORTED]
        if unreported:
            yield Finding(
                doc.source,
                ("estado",),
                f"el cronograma terminó en {last} y {_commitments_word(len(unreported))} nunca "
                f"{'se informó' if len(unreported) == 1 else 'se informaron'} ({_months(unreported)}): "
                "registre su avance con «coprod progress set» (y, si el trabajo terminó, cambie el estado a «concluido»)",
            )


# --- CP3xx: actor map ----------------------------------------------------------


@rule("CP301", "actor-sin-suplente", W, "un actor no tiene suplente")
def actor_without_alternate(repo: Repository) -> Iterator[Finding]:
    """Cada actor define un titular y un suplente que asume el compromiso en
    su ausencia (protocolo 5.1 B.2; también la sociedad civil, 5.2 A.5.4).

    Correcto:

        - id: ina
          titular: {nombre: …}
          suplente: {nombre: …}
    """
    if not repo.actores or not repo.actor_map:
        return
    for i, actor in enumerate(repo.actor_map.actores):
        if actor.suplente is None:
            yield Finding(repo.actores.source, ("actores", i, "id"), f"el actor «{actor.id}» no tiene suplente (protocolo B.2)")


@rule("CP302", "actor-sin-titular", W, "un actor no tiene titular")
def actor_without_principal(repo: Repository) -> Iterator[Finding]:
    """Cada actor nombra un funcionario o representante titular que participa
    en las sesiones (protocolo 5.1 B.2).
    """
    if not repo.actores or not repo.actor_map:
        return
    for i, actor in enumerate(repo.actor_map.actores):
        if actor.titular is None:
            yield Finding(repo.actores.source, ("actores", i, "id"), f"el actor «{actor.id}» no tiene titular (protocolo B.2)")


# --- CP4xx: annual plans -----------------------------------------------------------


@rule("CP401", "archivo-anio", E, "el nombre del archivo del plan no coincide con su año")
def plan_file_name(repo: Repository) -> Iterator[Finding]:
    """El plan anual de 2015 vive en `planes/2015.yaml` y dice `anio: 2015`."""
    for doc, p in repo.valid_plans():
        if doc.source.path.stem != str(p.anio):
            yield Finding(doc.source, ("anio",), f"el año {p.anio} no coincide con el nombre del archivo «{doc.source.path.name}»")


@rule("CP402", "plan-fuera-de-periodo", W, "el año del plan está fuera del periodo de la estrategia")
def plan_in_period(repo: Repository) -> Iterator[Finding]:
    """Los planes anuales desarrollan la estrategia (B.3): su año cae dentro
    del periodo de la estrategia declarado en `canton.yaml`.
    """
    m = repo.manifest
    if not m:
        return
    per = m.estrategia.periodo
    for doc, p in repo.valid_plans():
        if not per.inicio <= p.anio <= per.fin:
            yield Finding(doc.source, ("anio",), f"el año {p.anio} está fuera del periodo de la estrategia ({per.inicio}-{per.fin})")


# --- CP5xx: references between files and ids --------------------------------------


def _ref(kind: str, value: Any, hints: Callable[[object], str]) -> str:
    """«actor desconocido «x»; ¿quiso decir «y»?». ``hints`` is one file's
    ``Suggestions.for_file()``: the known ids are indexed once per rule run,
    and a file gets a bounded number of suggestions (model/suggest.py)."""
    return f"{kind} desconocido «{value}»{hints(value)}"


def _actor_refs(a: Acuerdo) -> Iterator[tuple[str, tuple[Any, ...]]]:
    act = a.actividad
    yield act.actor_encargado, ("actividad", "actor_encargado")
    for i, x in enumerate(act.actores_colaboradores):
        yield x, ("actividad", "actores_colaboradores", i)
    if act.actores_sociedad_civil:
        for i, x in enumerate(act.actores_sociedad_civil.actores):
            yield x, ("actividad", "actores_sociedad_civil", "actores", i)
    for i, e in enumerate(a.encargados):
        if e.actor:
            yield e.actor, ("encargados", i, "actor")
    for i, c in enumerate(a.corresponsabilidad):
        yield c.actor, ("corresponsabilidad", i, "actor")
    if a.cronograma:
        for i, m in enumerate(a.cronograma.meses):
            for j, s in enumerate(m.actividades):
                for k, x in enumerate(s.instituciones):
                    yield x, ("cronograma", "meses", i, "actividades", j, "instituciones", k)


@rule("CP501", "actor-desconocido", E, "se nombra un actor que no está en el mapa de actores")
def unknown_actor(repo: Repository) -> Iterator[Finding]:
    """Los actores se nombran por su id del mapa de actores (`actores.yaml`):
    actor encargado, colaboradores, sociedad civil, encargados,
    corresponsabilidad, instituciones del cronograma y grupos de trabajo.

    El mensaje sugiere el actor más parecido por su id, su nombre o sus
    siglas, sin importar mayúsculas ni tildes («IMAS», «Instituto Mixto de
    Ayuda Social» → «imas»). Lo mismo hacen los ejes, los territorios y los
    acuerdos (CP502, CP504, CP507), y un valor que ni siquiera es un id
    (CP104).

    Incorrecto:

        actor_encargado: imass

    Correcto:

        actor_encargado: imas
    """
    if not repo.actor_map:
        return
    known = {x.id for x in repo.actor_map.actores}
    actors = targets(repo, "actor") or Suggestions(known)
    for doc, a in _agreements(repo):
        hints = actors.for_file()
        for value, path in _actor_refs(a):
            if value not in known:
                yield Finding(doc.source, path, _ref("actor", value, hints))
    for doc, p in repo.valid_plans():
        hints = actors.for_file()
        for i, g in enumerate(p.grupos_trabajo):
            refs = ([(g.coordinador, ("grupos_trabajo", i, "coordinador"))] if g.coordinador else []) + [
                (x, ("grupos_trabajo", i, "actores", k)) for k, x in enumerate(g.actores)
            ]
            for value, path in refs:
                if value not in known:
                    yield Finding(doc.source, path, _ref("actor", value, hints))


@rule("CP502", "eje-desconocido", E, "se nombra un eje estratégico que no está en la estrategia")
def unknown_axis(repo: Repository) -> Iterator[Finding]:
    """Los ejes se nombran por su id, declarado en `canton.yaml`
    (`estrategia.ejes`).

    Incorrecto:

        eje: desarrollo

    Correcto:

        eje: desarrollo-local
    """
    if not repo.manifest:
        return
    known = {e.id for e in repo.manifest.estrategia.ejes}
    axes = targets(repo, "eje") or Suggestions(known)
    for doc, a in _agreements(repo):
        if a.cronograma and a.cronograma.eje not in known:
            yield Finding(doc.source, ("cronograma", "eje"), _ref("eje", a.cronograma.eje, axes.for_file()))
    for doc, p in repo.valid_plans():
        hints = axes.for_file()
        for i, g in enumerate(p.grupos_trabajo):
            if g.eje not in known:
                yield Finding(doc.source, ("grupos_trabajo", i, "eje"), _ref("eje", g.eje, hints))
        for i, ind in enumerate(p.indicadores):
            if ind.eje and ind.eje not in known:
                yield Finding(doc.source, ("indicadores", i, "eje"), _ref("eje", ind.eje, hints))


@rule("CP503", "accion-desconocida", E, "la acción estratégica no existe o no pertenece al eje")
def unknown_action(repo: Repository) -> Iterator[Finding]:
    """Las acciones estratégicas se nombran por su número (p. ej. 7) y deben
    pertenecer al eje del cronograma.

    Incorrecto (la acción 7 es del eje desarrollo-local):

        cronograma:
          eje: convivencia-paz-social
          accion_estrategica: 7
    """
    if not repo.manifest:
        return
    axis_of = {ac.numero: e.id for e in repo.manifest.estrategia.ejes for ac in e.acciones}
    axes = {e.id for e in repo.manifest.estrategia.ejes}
    for doc, a in _agreements(repo):
        c = a.cronograma
        if not c:
            continue
        n = c.accion_estrategica
        if n not in axis_of:
            yield Finding(doc.source, ("cronograma", "accion_estrategica"), f"acción estratégica desconocida {n}; la estrategia tiene: {', '.join(str(k) for k in sorted(axis_of))}")
        elif c.eje in axes and axis_of[n] != c.eje:
            yield Finding(doc.source, ("cronograma", "accion_estrategica"), f"la acción estratégica {n} pertenece al eje «{axis_of[n]}», no a «{c.eje}»")
    for doc, p in repo.valid_plans():
        for i, n in enumerate(p.acciones):
            if n not in axis_of:
                yield Finding(doc.source, ("acciones", i), f"acción estratégica desconocida {n}")


@rule("CP504", "territorio-desconocido", E, "se nombra un territorio que no está en `canton.yaml`")
def unknown_territory(repo: Repository) -> Iterator[Finding]:
    """Los territorios (distritos, barrios) se nombran por su id, declarado en
    `canton.yaml` (`territorios`).

    Incorrecto:

        territorios: [losguido]

    Correcto:

        territorios: [los-guido]
    """
    if not repo.manifest:
        return
    known = {t.id for t in repo.manifest.territorios}
    territories = targets(repo, "territorio") or Suggestions(known)
    for doc, a in _agreements(repo):
        t = a.actividad.territorio
        hints = territories.for_file()
        for i, x in enumerate(t.territorios if t else []):
            if x not in known:
                yield Finding(doc.source, ("actividad", "territorio", "territorios", i), _ref("territorio", x, hints))
    if repo.actores and repo.actor_map:
        hints = territories.for_file()
        for i, actor in enumerate(repo.actor_map.actores):
            for k, x in enumerate(actor.territorios):
                if x not in known:
                    yield Finding(repo.actores.source, ("actores", i, "territorios", k), _ref("territorio", x, hints))


@rule("CP505", "plan-desconocido", E, "el acuerdo nombra un plan anual que no existe")
def unknown_plan(repo: Repository) -> Iterator[Finding]:
    """`plan_anual: 2015` pide que exista `planes/2015.yaml`.
    """
    years = {p.anio for _, p in repo.valid_plans()}
    # Why: a plan file that failed to load should not also make every agreement fail.
    broken = {d.source.path.stem for d in repo.planes if d.model is None}
    plans = Suggestions(years)
    for doc, a in _agreements(repo):
        if a.plan_anual is not None and a.plan_anual not in years and str(a.plan_anual) not in broken:
            yield Finding(doc.source, ("plan_anual",), _ref("plan anual", a.plan_anual, plans.for_file()) + f" (falta «planes/{a.plan_anual}.yaml»)")


@rule("CP506", "id-repetido", E, "dos elementos tienen el mismo id", scope="index")
def duplicate_ids(repo: Repository) -> Iterator[Finding]:
    """Los ids de acuerdos, actores, ejes y territorios y los números de las
    acciones estratégicas son únicos: otros archivos los usan como referencia.
    """
    seen: dict[str, str] = {}
    for doc, ident in repo.agreement_ids():
        if ident in seen:
            yield Finding(doc.source, ("id",), f"el id «{ident}» ya lo usa «{seen[ident]}»")
        else:
            seen[ident] = doc.rel
    if repo.actores and repo.actor_map:
        for x, path in _dupes((x.id, ("actores", i, "id")) for i, x in enumerate(repo.actor_map.actores)):
            yield Finding(repo.actores.source, path, f"el id de actor «{x}» está repetido")
    if repo.canton and repo.manifest:
        est = repo.manifest.estrategia
        for x, path in _dupes((e.id, ("estrategia", "ejes", i, "id")) for i, e in enumerate(est.ejes)):
            yield Finding(repo.canton.source, path, f"el id de eje «{x}» está repetido")
        numbers = ((ac.numero, ("estrategia", "ejes", i, "acciones", j, "numero")) for i, e in enumerate(est.ejes) for j, ac in enumerate(e.acciones))
        for x, path in _dupes(numbers):
            yield Finding(repo.canton.source, path, f"la acción estratégica {x} está repetida")
        for x, path in _dupes((t.id, ("territorios", i, "id")) for i, t in enumerate(repo.manifest.territorios)):
            yield Finding(repo.canton.source, path, f"el id de territorio «{x}» está repetido")
    years = Counter(p.anio for _, p in repo.valid_plans())
    for doc, p in repo.valid_plans():
        if years[p.anio] > 1 and doc.source.path.stem != str(p.anio):
            yield Finding(doc.source, ("anio",), f"ya hay otro plan para el año {p.anio}")


@rule("CP507", "acuerdo-desconocido", E, "un plan anual prevé un acuerdo que no existe", scope="index")
def unknown_agreement(repo: Repository) -> Iterator[Finding]:
    """`acuerdos_previstos` en un plan anual nombra acuerdos por su id; cada
    uno necesita su archivo en `acuerdos/`.
    """
    ids = {ident for _, ident in repo.agreement_ids()} | {d.source.path.stem for d in repo.acuerdos}
    agreements = targets(repo, "acuerdo") or Suggestions(ids)
    # An agreement in a subfolder (CP010) is not read; say where it is.
    misplaced: dict[str, str] = {}
    for sp in repo.structure:
        if sp.code == "CP010" and sp.rel.startswith(AGREEMENTS_DIR + "/") and sp.rel.count("/") > 1:
            misplaced.setdefault(PurePosixPath(sp.rel).stem, sp.rel)
    for doc, p in repo.valid_plans():
        hints = agreements.for_file()
        for i, x in enumerate(p.acuerdos_previstos):
            if x not in ids:
                if x in misplaced:
                    message = (
                        f"acuerdo desconocido «{x}»: su archivo «{misplaced[x]}» está en una subcarpeta y coprod no lo lee; "
                        f"muévalo a «{AGREEMENTS_DIR}/{x}.yaml» (regla CP010)"
                    )
                else:
                    message = _ref("acuerdo", x, hints)
                yield Finding(doc.source, ("acuerdos_previstos", i), message)


@rule("CP508", "regla-desconocida", E, "`reglas` en canton.yaml nombra una regla que no existe o que no se puede cambiar")
def rule_config(repo: Repository) -> Iterator[Finding]:
    """`reglas` en `canton.yaml` cambia la severidad de una regla o la
    desactiva. Las reglas de lectura y de esquema (CP0xx, CP1xx) no se pueden
    cambiar: sin ellas el archivo no se puede leer.

    Correcto:

        reglas:
          CP301: desactivada
          CP208: error
    """
    from .registry import RULES

    if not repo.canton or not repo.manifest:
        return
    hints = Suggestions(RULES).for_file()
    for code in repo.manifest.reglas:
        r = RULES.get(code)
        if r is None:
            yield Finding(repo.canton.source, ("reglas", code), f"regla desconocida «{code}»{hints(code)}", "key")
        elif not r.configurable:
            yield Finding(repo.canton.source, ("reglas", code), f"la regla {code} ({r.name}) no se puede cambiar", "key")


# --- CP6xx: personal data ------------------------------------------------------------

_CONTACT_KINDS = {"email": "un correo electrónico", "phone": "un número de teléfono"}


@rule("CP601", "contacto-en-texto", W, "un texto libre tiene un correo electrónico o un número de teléfono")
def contact_in_free_text(repo: Repository) -> Iterator[Finding]:
    """Los datos de contacto de una persona van solo en sus campos: `correo` y
    `telefono` de los encargados de un acuerdo, del titular y el suplente de
    un actor y del responsable de la Secretaría Técnica. Esos campos nunca
    llegan a un informe público; un correo o un teléfono escrito en un
    objetivo, una nota, una descripción u observaciones sí llegaría. Los
    informes públicos los reemplazan por «[correo retirado]» o «[teléfono
    retirado]», pero el texto sigue en el repositorio: bórrelo de ahí.

    Se reconocen correos (`nombre@dominio.cr`) y teléfonos con prefijo
    internacional (`+506 2222-3333`), con código de área entre paréntesis
    o con separadores (`2222-3333`, `8888 7777`, `300 123 4567`); no un
    número suelto, una fecha ni un periodo (`2015-2018`). El mensaje no cita
    el valor (es un dato personal).

    Incorrecto:

        avance:
          - mes: 2015-08
            nivel: 50
            nota: Coordinar con Ana al 8888-7777

    Correcto:

        encargados:
          - nombre: Ana Solís Vargas
            telefono: "+506 8888-7777"
        avance:
          - mes: 2015-08
            nivel: 50
            nota: Coordinar con la encargada del IMAS
    """
    docs = [repo.canton, repo.actores] + [d for d, _ in repo.valid_plans()] + [d for d, _ in _agreements(repo)]
    for doc in docs:
        if doc is None or doc.model is None:
            continue
        for path, kinds in contacts_in(doc.model):
            what = " y ".join(_CONTACT_KINDS[k] for k in sorted(kinds))
            field = next((str(step) for step in reversed(path) if isinstance(step, str)), "texto")
            yield Finding(
                doc.source,
                path,
                f"«{field}» tiene {what} escrito{'s' if len(kinds) > 1 else ''} en el texto: los datos de contacto van solo en «correo» y «telefono» "
                f"de una persona, que nunca se publican; bórrelo del texto ({NOT_SHOWN})",
            )
