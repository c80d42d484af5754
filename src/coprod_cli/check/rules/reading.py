"""The documentation of the codes the reading and schema stages emit
(CP0xx, CP1xx): they have no check function here, and a repository cannot
switch them off. A rule's documentation is shown by `coprod rules --explain`
and generated into docs/reglas.md.
"""

from __future__ import annotations

from ... import codes

#: The explanation of each code, with an «Incorrecto» and a «Correcto» example.
DOCS: dict[str, str] = {
    codes.CP001: """
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
""",
    codes.CP002: """
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
""",
    codes.CP003: """
    Nadie que redacta un acuerdo los necesita, y un alias anidado (la «bomba
    de mil millones de risas») bloquea a otros validadores. Escriba el valor
    completo cada vez.

    Incorrecto:

        actores_colaboradores: &colab [ina]
        otros: *colab

    Correcto:

        actores_colaboradores: [ina]
""",
    codes.CP004: """
    Las etiquetas cambian el tipo de un valor o invocan constructores
    especiales; estos archivos solo guardan textos, números, fechas, listas y
    mapeos. Ponga el texto entre comillas si hace falta.

    Incorrecto:

        plan_anual: !!str 2015

    Correcto:

        plan_anual: 2015
""",
    codes.CP005: """
    Cada archivo del repositorio es un mapeo («clave: valor») en su primer
    nivel. Un archivo vacío, una lista o un texto suelto no se pueden leer.

    Incorrecto:

        - id: imas

    Correcto:

        actores:
          - id: imas
""",
    codes.CP006: """
    Los archivos deben guardarse en UTF-8 (la opción habitual de los editores).
    Un archivo guardado en Latin-1 o con bytes nulos no se puede leer. La marca
    BOM de UTF-8 y los finales de línea de Windows sí se aceptan.

    Incorrecto (guardado en Latin-1: la «ñ» es el byte F1, que no es UTF-8
    y un editor en UTF-8 muestra como «�»):

        objetivo: Dise�ar una estrategia conjunta

    Correcto: en el editor, «Guardar con codificación» → UTF-8.

        objetivo: Diseñar una estrategia conjunta
""",
    codes.CP007: """
    El archivo no se puede abrir (permisos, es una carpeta, un dispositivo o
    una tubería), es mayor de 512 KiB, tiene más de 20 000 valores o anida más
    de 64 niveles. Ningún acuerdo real llega a esos límites: suelen indicar
    un archivo equivocado o malicioso. Los límites están en SECURITY.md.

    Incorrecto (un acuerdo de 2 MB, o una lista anidada 100 niveles):

        avance: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ …

    Correcto: un archivo por acuerdo, de unos pocos kilobytes:

        avance:
          - mes: 2015-07
            nivel: 50
""",
    codes.CP008: """
    Un repositorio de acuerdos tiene `canton.yaml`, `actores.yaml`,
    `planes/AAAA.yaml` y `acuerdos/<id>.yaml`. También se rechaza, sin
    leerlo, un enlace simbólico que apunta fuera del repositorio (un archivo
    o las carpetas `planes/` y `acuerdos/`), y un archivo cuyo nombre tiene
    caracteres de control.

    Incorrecto (falta el mapa de actores; un acuerdo es un enlace a otra carpeta):

        canton.yaml
        acuerdos/mapeo-familias.yaml -> /home/ana/borradores/mapeo.yaml
        planes/2015.yaml

    Correcto:

        canton.yaml
        actores.yaml
        acuerdos/mapeo-familias.yaml
        planes/2015.yaml
""",
    codes.CP009: """
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

    Incorrecto (un *pull request* de datos que además cambia la hoja de
    estilo, sin que nadie lo revise como código):

        acuerdos/mapeo-familias.yaml
        templates/reports/style.css

    Correcto: el cambio de `templates/` va en su propio *pull request*, y una
    persona con permiso de escritura lo revisa como código antes de aceptarlo
    (la advertencia sigue apareciendo: recuerda esa revisión).

        acuerdos/mapeo-familias.yaml
""",
    codes.CP010: """
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
""",
    codes.CP101: """
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
""",
    codes.CP102: """
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
""",
    codes.CP103: """
    Las claves son las del protocolo, en minúsculas y sin tildes. Una clave
    mal escrita se rechaza para que su contenido no se pierda en silencio;
    el mensaje sugiere la clave más parecida.

    Incorrecto:

        objetvo: Diseñar una estrategia conjunta

    Correcto:

        objetivo: Diseñar una estrategia conjunta
""",
    codes.CP104: """
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
""",
    codes.CP105: """
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
""",
    codes.CP106: """
    Incorrecto:

        fecha_firma: 15/07/2015

    Correcto:

        fecha_firma: 2015-07-15
""",
    codes.CP107: """
    Incorrecto:

        correo: ana.solis(arroba)imas.go.cr

    Correcto:

        correo: ana.solis@imas.go.cr
""",
}
