"""Messages a technical secretary can act on (issue 12, items 6–9): each
mistake is reported at the line to fix, names the likely mistake and what is
allowed. Reproductions on a copy of the example, with the exact message, for
both parsers (libyaml's fast path and ruamel's exact path)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coprod_cli.check.engine import check_repository
from coprod_cli.load.repository import load_repository

MSP = "acuerdos/msp-policia-municipal-formacion.yaml"


def _edit(root: Path, rel: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on 1-based ``line`` of a file (it must be there)."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _found(root: Path, rel: str) -> list[tuple[int, int, str, str]]:
    """The file's diagnostics, the same from both parsers (asserted)."""
    out = []
    for fast in (True, False):
        result = check_repository(load_repository(root, fast=fast, workers=1))
        out.append([(d.line, d.column, d.code, d.message) for d in result.diagnostics if d.file == rel])
    assert out[0] == out[1]
    return out[0]


# --- item 6: syntax errors at the line to fix ---------------------------------

def test_a_repeated_key_names_its_first_occurrence(example):
    # Before: 32:3 «clave repetida «meta» (ya aparece en la línea 27)», 27 being «actividad:»'s first key.
    _edit(example, MSP, 32, "  poblacion:", "  meta: otra\n  poblacion:")
    assert _found(example, MSP) == [
        (32, 3, "CP002", "clave repetida «meta»: ya aparece en la línea 31 del mismo mapeo; borre una de las dos o cambie su nombre")
    ]


def test_a_repeated_key_in_braces_on_one_line(example):
    _edit(example, MSP, 102, "meta: {cumple: sí}", "meta: {cumple: sí, cumple: no}")
    assert _found(example, MSP) == [
        (102, 22, "CP002", "clave repetida «cumple»: ya aparece antes en esta misma línea; borre una de las dos o cambie su nombre")
    ]


def test_a_repeated_key_after_an_empty_block_suggests_the_indentation(example):
    # «suplente:» indented like the keys of «titular»: its «nombre» now repeats titular's.
    _edit(example, "actores.yaml", 19, "    suplente:", "      suplente:")
    assert _found(example, "actores.yaml") == [
        (20, 7, "CP002", "clave repetida «nombre»: ya aparece en la línea 15 del mismo mapeo. Si es de «suplente» (línea 19), "
         "que quedó vacía, revise la sangría de esas dos líneas; si no, borre una de las dos o cambie su nombre")
    ]


def test_a_missing_colon_is_reported_on_its_line(example):
    # Before: 32:3 «falta «:» después de una clave» (the next key's line).
    _edit(example, MSP, 31, "  meta: 40", "  meta 40")
    assert _found(example, MSP) == [(31, 3, "CP001", "falta «:» después de «meta»: escriba «meta: …»")]


def test_an_unclosed_quote_is_reported_where_it_opens(example):
    # Before: 19:16 «la sangría no es coherente: una clave o un elemento «-» está fuera de lugar».
    _edit(example, MSP, 15, '"+506 2000-1501"', '"+506 2000-1501')
    assert _found(example, MSP) == [
        (15, 15, "CP001", "comilla «\"» sin cerrar abierta en la línea 15 (el texto sigue hasta la línea 19): cierre el texto con «\"» en esta línea")
    ]


def test_an_unindented_key_is_reported_on_its_line(example):
    # Before: 33:13 «aquí no puede empezar un valor «clave: valor»; revise la sangría o ponga el texto entre comillas».
    _edit(example, MSP, 32, "  poblacion:", "poblacion:")
    assert _found(example, MSP) == [
        (32, 1, "CP001", "sangría incorrecta: la clave «poblacion» tiene 0 espacios al comienzo y debe tener 2, como «meta» en la línea 31")
    ]


def test_an_unclosed_bracket_is_reported_where_it_opens(example):
    # Before: 36:25 «lista entre corchetes sin cerrar o mal separada (falta «,» o «]»)».
    _edit(example, MSP, 35, "san-miguel]", "san-miguel")
    assert _found(example, MSP) == [
        (35, 18, "CP001", "corchete «[» abierto en la línea 35 sin cerrar: cierre la lista con «]» en esta línea")
    ]


def test_a_first_child_without_indentation_is_reported_on_its_line(example):
    # Before: 35:16 «aquí no puede empezar un valor «clave: valor»; revise la sangría o ponga el texto entre comillas».
    _edit(example, MSP, 34, "    descripcion:", "  descripcion:")
    assert _found(example, MSP) == [
        (34, 3, "CP001", "sangría incorrecta: la clave «descripcion» tiene 2 espacios al comienzo y debe tener 4, como «territorios» en la línea 35")
    ]


def _slips(lines: list[str]):
    """Each slip a person makes on a line of a well-formed file: (kind, 0-based line, the line as slipped)."""
    import re

    for i, line in enumerate(lines):
        m = re.match(r"^(\s*(?:- )?)([a-z_]+):(\s.*|)$", line)
        value = m.group(3).strip() if m else ""
        if m and value and not value.startswith(("[", "{", '"', ">", "|", "#")):
            yield "falta «:»", i, line.replace(m.group(2) + ":", m.group(2), 1)
        if m and len(m.group(1)) >= 2:
            yield "sangría de menos", i, line[2:]
            yield "sangría de más", i, "  " + line
        for quote in "\"'":
            if line.count(quote) == 2 and line.rstrip().endswith(quote):
                yield "comilla sin cerrar", i, line.rstrip()[:-1]
        for opener, closer in ("[]", "{}"):
            if opener in line and line.rstrip().endswith(closer):
                yield f"«{opener}» sin cerrar", i, line.rstrip()[:-1]


@pytest.mark.parametrize("rel", [MSP, "planes/2015.yaml"])
def test_every_slip_in_an_example_file_is_named_at_its_line(rel):
    """Every missing «:», unclosed quote or bracket is reported on its own line;
    every indentation slip too, or (when either of two lines may be the wrong
    one, or it makes a key repeat) the message names its line."""
    from conftest import EXAMPLE
    from coprod_cli.load.yamlsource import SourceFile

    lines = (EXAMPLE / rel).read_text(encoding="utf-8").split("\n")
    missed, seen = [], 0
    for kind, i, slipped in _slips(lines):
        text = "\n".join(lines[:i] + [slipped] + lines[i + 1 :])
        src = SourceFile(path=Path(rel), rel=rel, text=text)
        src.data
        if not src.problems:
            continue  # still valid YAML (the schema rules judge it)
        seen += 1
        p = src.problems[0]
        on_line = p.line == i + 1
        named = f"en la línea {i + 1}," in p.message or f"(línea {i + 1})" in p.message
        if not (on_line or ("sangría" in kind and named)):
            missed.append((kind, i + 1, p.line, p.message))
    assert seen > 100 and not missed, missed


def test_slips_are_named_the_same_with_windows_line_endings(example):
    _edit(example, MSP, 31, "  meta: 40", "  meta 40")
    _edit(example, MSP, 15, '"+506 2000-1501"', '"+506 2000-1501')
    _edit(example, MSP, 35, "san-miguel]", "san-miguel")
    for rel in (MSP,):
        path = example / rel
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    found = _found(example, MSP)
    assert [(f[0], f[1]) for f in found] == [(15, 15)] and "comilla" in found[0][3]
    _edit(example, MSP, 15, '"+506 2000-1501', '"+506 2000-1501"')
    assert _found(example, MSP)[0][:3] == (31, 3, "CP001")


def test_an_empty_text_key_is_called_empty(example):
    # Before: «clave desconocida «»».
    _edit(example, MSP, 5, "titulo:", '"": x\ntitulo:')
    assert _found(example, MSP) == [(5, 1, "CP103", "una clave vacía: escriba el nombre de la clave antes de «:» o borre la línea")]


@pytest.mark.parametrize(
    "key,message",
    [
        # Before: «la clave «None» debe ser un texto».
        ("", "una clave vacía: escriba el nombre de la clave antes de «:»"),
        ("~", "una clave vacía: escriba el nombre de la clave antes de «:»"),
        # Before: «la clave «True» debe ser un texto».
        ("true", "la clave «true» se lee como un valor sí/no (true/false): póngala entre comillas («\"true\": …») o use un nombre de texto"),
        ("2015", "la clave «2015» se lee como un número: póngala entre comillas («\"2015\": …») o use un nombre de texto"),
        # Before: «la clave «('a',)» debe ser un texto».
        ("[a]", "una clave debe ser un texto, no una lista ni un mapeo"),
        # Before: «la clave «ordereddict([('a', 1)])» debe ser un texto».
        ("{a: 1}", "una clave debe ser un texto, no una lista ni un mapeo"),
    ],
)
def test_a_key_that_is_not_a_text_is_named_as_written(example, key, message):
    _edit(example, MSP, 5, "titulo:", f"{key}: x\ntitulo:")
    assert _found(example, MSP) == [(5, 1, "CP001", message)]


# --- item 7: a reference suggests from its targets ------------------------------

IMAS_INA = "acuerdos/imas-ina-mapeo-familias.yaml"


@pytest.mark.parametrize(
    "line,old,new,column,message",
    [
        # Before: «actor_encargado»: «IMAS» no es un identificador válido: use minúsculas sin tildes, números y guiones (por ejemplo imas-ina-mapeo)
        (46, "actor_encargado: imas   # Instituto Mixto de Ayuda Social", "actor_encargado: IMAS", 20,
         "«actor_encargado»: «IMAS» no es el id de un actor; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?"),
        (46, "actor_encargado: imas   # Instituto Mixto de Ayuda Social", "actor_encargado: Instituto Mixto de Ayuda Social", 20,
         "«actor_encargado»: «Instituto Mixto de Ayuda Social» no es el id de un actor; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?"),
        (57, "- actor: imas", "- actor: MSP", 12,
         "«actor»: «MSP» no es el id de un actor; ¿quiso decir «msp» (Ministerio de Seguridad Pública)?"),
        # Before: «eje»: «Desarrollo Local» no es un identificador válido: … (por ejemplo imas-ina-mapeo)
        (88, "eje: desarrollo-local", "eje: Desarrollo Local", 8,
         "«eje»: «Desarrollo Local» no es el id de un eje; ¿quiso decir «desarrollo-local»?"),
        (42, "territorios: [san-miguel, los-guido]", "territorios: [San Miguel, los-guido]", 19,
         "«territorios[1]»: «San Miguel» no es el id de un territorio; ¿quiso decir «san-miguel»?"),
        # Nothing close: the example is an id of the same kind, from this repository.
        (46, "actor_encargado: imas   # Instituto Mixto de Ayuda Social", "actor_encargado: Zzz Qqq", 20,
         "«actor_encargado»: «Zzz Qqq» no es el id de un actor: los ids están en «actores.yaml», en minúsculas sin tildes, "
         "números y guiones (por ejemplo «imas»)"),
    ],
)
def test_a_reference_that_is_not_an_id_is_looked_up_among_its_targets(example, line, old, new, column, message):
    _edit(example, IMAS_INA, line, old, new)
    assert _found(example, IMAS_INA) == [(line, column, "CP104", message)]


def test_a_valid_id_that_names_nothing_is_looked_up_by_name_too(example):
    # Before: «actor desconocido «instituto-mixto»» (no id is close to it).
    _edit(example, IMAS_INA, 46, "actor_encargado: imas   # Instituto Mixto de Ayuda Social", "actor_encargado: instituto-mixto")
    found = _found(example, IMAS_INA)
    assert (46, 20, "CP501", "actor desconocido «instituto-mixto»; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?") in found


def test_a_plan_names_agreements_by_title_too(example):
    _edit(example, "planes/2015.yaml", 34, "  - imas-ina-mapeo-familias", "  - Mapeo de familias beneficiarias")
    found = _found(example, "planes/2015.yaml")
    assert found[0][2:] == ("CP104", "«acuerdos_previstos[1]»: «Mapeo de familias beneficiarias» no es el id de un acuerdo; "
                            "¿quiso decir «imas-ina-mapeo-familias» (Mapeo de familias beneficiarias e integración en procesos f…)?")


def test_an_id_that_names_itself_is_suggested_as_an_id(example):
    # Before: «id»: «IMAS» no es un identificador válido: … (por ejemplo imas-ina-mapeo)
    _edit(example, "canton.yaml", 56, "  - id: los-guido", "  - id: Los Guido")
    found = _found(example, "canton.yaml")
    assert found[0][2:] == ("CP104", "«id»: «Los Guido» no es un identificador válido para un territorio: use minúsculas sin tildes, números y guiones; ¿quiso decir «los-guido»?")


# --- item 8: a type error names what is allowed ----------------------------------


@pytest.mark.parametrize(
    "line,old,new,message",
    [
        # Before: «nivel» debe ser un número entero, no el texto «50%»
        (121, "nivel: 50", 'nivel: "50%"', "«nivel» debe ser uno de estos valores: 0, 25, 50, 75 o 100, no el texto «50%»: escriba 50, sin «%»"),
        (121, "nivel: 50", "nivel: 50 %", "«nivel» debe ser uno de estos valores: 0, 25, 50, 75 o 100, no el texto «50 %»: escriba 50, sin «%»"),
        (121, "nivel: 50", "nivel: 0.5", "«nivel» debe ser uno de estos valores: 0, 25, 50, 75 o 100, no el número 0.5: los niveles son porcentajes, escriba 50"),
        (121, "nivel: 50", "nivel: 60 %", "«nivel» debe ser uno de estos valores: 0, 25, 50, 75 o 100, no el texto «60 %»: el nivel más cercano a 60 es 50"),
        # Before: «plan_anual» debe ser un número entero, no el texto «2015»
        (10, "plan_anual: 2015", 'plan_anual: "2015"', "«plan_anual» debe ser un año de 1990 a 2100, no el texto «2015»: escriba 2015, sin comillas"),
        # Before: «None» no es un valor permitido para «estado»; use uno de: …
        (9, "estado: en_ejecucion", "estado:", "«estado» está vacío: escriba uno de: borrador, firmado, en_ejecucion, concluido, cancelado"),
        # Before: «True» no es un valor permitido para «estado»; …
        (9, "estado: en_ejecucion", "estado: true", "«true» no es un valor permitido para «estado»; use uno de: borrador, firmado, en_ejecucion, concluido, cancelado"),
        (9, "estado: en_ejecucion", "estado: En Ejecución", "«En Ejecución» no es un valor permitido para «estado»; use uno de: borrador, firmado, "
         "en_ejecucion, concluido, cancelado; ¿quiso decir «en_ejecucion»?"),
        # Before: «cumple»: la respuesta debe ser «sí» o «no»
        (138, "meta: {cumple: sí}", "meta: {cumple: 1}", "«1» no es un valor permitido para «cumple»; use uno de: sí, no"),
    ],
)
def test_a_wrong_value_names_what_is_allowed_and_the_likely_fix(example, line, old, new, message):
    _edit(example, IMAS_INA, line, old, new)
    found = [f for f in _found(example, IMAS_INA) if f[2] in ("CP102", "CP104")]
    assert [f[3] for f in found] == [message]


def test_the_actor_map_enums_suggest_by_label(example):
    _edit(example, "actores.yaml", 9, "    sector: publico_nacional", "    sector: Público Nacional")
    found = _found(example, "actores.yaml")
    assert found[0][3] == ("«Público Nacional» no es un valor permitido para «sector»; use uno de: publico_nacional, municipal, "
                           "sociedad_civil, privado, academia, cooperacion; ¿quiso decir «publico_nacional»?")


def test_the_schema_lists_the_five_levels():
    import json

    from conftest import ROOT

    schema = json.loads((ROOT / "schemas" / "acuerdo.schema.json").read_text(encoding="utf-8"))
    avance = schema["$defs"]["Avance"]["properties"]["nivel"]["anyOf"][0]
    assert avance["enum"] == [0, 25, 50, 75, 100]
    assert schema["$defs"]["AvanceSubactividad"]["properties"]["nivel"]["enum"] == [0, 25, 50, 75, 100]


#: Words of Python or pydantic that must never reach a message.
PYTHON_WORDS = re.compile(
    r"\b(None|True|False|ordereddict|tuple|dict|NoneType|str|int|float|bool|Input should|Field required|Value error|"
    r"[a-z]+_(?:type|parsing|error|mismatch|forbidden|format|value|too_long|from_float))\b"
)


def _wrong_values():
    return [None, True, False, 0, 7, 1.5, -3, "x", "", "En Ejecución", "50%", "2015-13", "2015-07-01", [], ["x"], {}, {"a": 1}, "a" * 300]


def test_every_field_given_any_wrong_value_gets_words_a_person_reads(example):
    """Every field of every file of the example, given values of every wrong
    type: each message is Spanish, with no Python or pydantic word."""
    import copy

    from pydantic import BaseModel
    from ruamel.yaml import YAML

    from coprod_cli.load.repository import ACTORS, MANIFEST
    from coprod_cli.model.models import Acuerdo, Canton, MapaActores, PlanAnual
    from coprod_cli.model.validate import type_at, validate_tree

    files = [(MANIFEST, Canton), (ACTORS, MapaActores), ("planes/2015.yaml", PlanAnual), (IMAS_INA, Acuerdo), (MSP, Acuerdo)]
    bad, count = [], 0
    for rel, model in files:
        data = YAML(typ="safe").load((example / rel).read_text(encoding="utf-8"))
        paths = []

        def walk(node, path):
            tp = type_at(model, path) if path else model
            if isinstance(node, dict) and isinstance(tp, type) and issubclass(tp, BaseModel):
                for name in tp.model_fields:
                    paths.append(path + (name,))
                for k, v in node.items():
                    walk(v, path + (k,))
            elif isinstance(node, list) and node:
                walk(node[0], path + (0,))

        walk(data, ())
        for path in paths:
            for value in _wrong_values():
                doc = copy.deepcopy(data)
                node = doc
                for step in path[:-1]:
                    node = node[step]
                node[path[-1]] = value
                _, problems = validate_tree(model, doc)
                for p in problems:
                    count += 1
                    if PYTHON_WORDS.search(p.message) or "(" + p.code in p.message:
                        bad.append((rel, path, value, p.message))
    assert count > 1000 and not bad, bad[:10]


def test_a_country_code_names_its_form(example):
    # Before: «cr» no tiene la forma esperada para «pais»
    _edit(example, "canton.yaml", 7, "pais: CR", "pais: cr")
    found = _found(example, "canton.yaml")
    assert found[0][2:] == ("CP104", "«cr» no tiene la forma de «pais»: el código del país, dos letras mayúsculas (CR, MX, CL, CO…); ¿quiso decir «CR»?")
