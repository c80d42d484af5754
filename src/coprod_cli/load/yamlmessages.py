"""The Spanish messages of the YAML reader: a syntax error in the words of the
mistake a person makes, a repeated key (CP002, the same from both parsers), a
key that is not a text (CP001)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from ..lang import N_, _


def shown_key(text: str) -> str:
    """A key as written, bounded for a message."""
    return text if len(text) <= 40 else text[:37] + "…"


def duplicate_key_message(key: str, line: int, first_line: int, text: str) -> str:
    """CP002's message, the same from both parsers (lines 1-based: the repeated
    key's, its first occurrence's). When the line above the repeated key opens
    a block that stayed empty, the key was probably meant to be in it: say so."""
    what = _("clave vacía repetida") if key == "" else _("clave repetida «{shown_key}»").format(shown_key=shown_key(key))
    where = _("antes en esta misma línea") if first_line == line else _("en la línea {first_line} del mismo mapeo").format(first_line=first_line)
    empty = _empty_block_above(text, line)
    if empty is not None:
        name, at = empty
        return _("{what}: ya aparece {where}. Si es de «{shown_key}» (línea {at}), que quedó vacía, revise la sangría "
            "de esas dos líneas; si no, borre una de las dos o cambie su nombre").format(what=what, where=where, shown_key=shown_key(name), at=at)
    return _("{what}: ya aparece {where}; borre una de las dos o cambie su nombre").format(what=what, where=where)


def _empty_block_above(text: str, line: int) -> tuple[str, int] | None:
    """(key, 1-based line) of a «key:» just above ``line``, at its indentation, with nothing in it."""
    lines = text.split("\n", line)[: line]
    here = lines[-1] if len(lines) == line else ""
    indent = len(here) - len(here.lstrip(" "))
    for i in range(line - 2, -1, -1):
        above = lines[i]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        body = above.split(" #")[0].rstrip()
        if body.endswith(":") and len(above) - len(above.lstrip(" ")) == indent and not body.lstrip().startswith("- "):
            return body.strip()[:-1].strip("\"'"), i + 1
        return None
    return None


# Spanish for the scanner/parser problems a person actually makes.
_PROBLEMS_ES = {
    "found character '\\t' that cannot start any token": N_("hay un tabulador: YAML solo admite espacios para sangrar"),
    "mapping values are not allowed here": N_("aquí no puede empezar un valor «clave: valor»; revise la sangría o ponga el texto entre comillas"),
    "found unexpected end of stream": N_("el archivo termina antes de cerrar un texto entre comillas"),
    "could not find expected ':'": N_("falta «:» después de una clave"),
    "found unexpected ':'": N_("«:» inesperado; ponga el texto entre comillas"),
    "found undefined alias": N_("alias YAML no definido"),
    "expected the node content": N_("falta un valor: el archivo o la línea termina donde se esperaba uno"),
    "expected a comment or a line break": N_("texto de más después de un valor; póngalo entre comillas o en otra línea"),
    "found a tab character that violates indentation": N_("hay un tabulador: YAML solo admite espacios para sangrar"),
    "found character '@' that cannot start any token": N_("un valor no puede empezar con «@»; póngalo entre comillas"),
    "found character '`' that cannot start any token": N_("un valor no puede empezar con «`»; póngalo entre comillas"),
    "found character '%' that cannot start any token": N_("un valor no puede empezar con «%»; póngalo entre comillas"),
    "sequence entries are not allowed here": N_("aquí no puede empezar un elemento de lista «- »; revise la sangría"),
    "mapping keys are not allowed here": N_("aquí no puede empezar una clave; revise la sangría"),
}
_CONTEXTS_ES = {
    "an anchor": N_("«&» empieza un ancla YAML (no permitida); ponga el texto entre comillas"),
    "an alias": N_("«*» empieza un alias YAML (no permitido); ponga el texto entre comillas"),
    "a tag": N_("«!» empieza una etiqueta YAML (no permitida); ponga el texto entre comillas"),
    "a directive": N_("una línea que empieza con «%» es una directiva YAML; ponga el texto entre comillas"),
}


def _spanish_problem(exc: MarkedYAMLError) -> str:
    problem = str(getattr(exc, "problem", "") or "")
    for en, es in _PROBLEMS_ES.items():
        if problem.startswith(en):
            return _(es)
    context = str(getattr(exc, "context", "") or "")
    for word, es in _CONTEXTS_ES.items():  # the scanner stopped inside an anchor, an alias, a tag, a directive
        if f"while scanning {word}" in context:
            return _(es)
    if problem.startswith("found character") and "cannot start any token" in problem:
        return _("un valor no puede empezar con «{value}»; póngalo entre comillas").format(value=problem.split(chr(39))[1] if chr(39) in problem else '?')
    if problem.startswith("expected '<document start>'"):
        return _("texto después de una directiva YAML («%…») o del final del documento; ponga el texto entre comillas")
    if problem.startswith("expected") or problem.startswith("did not find expected"):
        context = str(getattr(exc, "context", "") or "")
        if "flow sequence" in context:
            return _("lista entre corchetes sin cerrar o mal separada (falta «,» o «]»)")
        if "flow mapping" in context:
            return _("mapeo entre llaves sin cerrar o mal separado (falta «,» o «}»)")
        if "block" in context or "block" in problem:
            return _("la sangría no es coherente: una clave o un elemento «-» está fuera de lugar")
    return _("error de sintaxis YAML: revise la sangría, las comillas y los signos «:», «-», «[» y «{» cerca de aquí")


def non_text_key_message(key: Any, rest: str) -> str:
    """CP001 for a key that is not a text, in the words of the file (``rest``:
    its line from the key on), never a Python value (None, True, a tuple)."""
    if key is None:
        return _("una clave vacía: escriba el nombre de la clave antes de «:»")
    if isinstance(key, (Mapping, Sequence)) and not isinstance(key, str):
        return _("una clave debe ser un texto, no una lista ni un mapeo")
    written = rest.split(": ", 1)[0].rstrip().removesuffix(":").strip() or "?"
    written = shown_key(written)
    if isinstance(key, bool):
        kind = _("un valor sí/no (true/false)")
    elif isinstance(key, (int, float)):
        kind = _("un número")
    elif isinstance(key, (dt.date, dt.datetime)):
        kind = _("una fecha")
    else:
        kind = _("un valor que no es texto")
    return _("la clave «{written}» se lee como {kind}: póngala entre comillas («\"{written}\": …») o use un nombre de texto").format(written=written, kind=kind)
