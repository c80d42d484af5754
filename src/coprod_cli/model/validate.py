"""Validate a loaded tree against its model and turn pydantic errors into
coded Spanish problems located by YAML path.

Errors are mapped by pydantic's error ``type`` (never by its English text).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .personal import NOT_SHOWN, personal_path
from .suggest import FileBudget, fixed_choices, suggest
from .types import OUT_OF_WINDOW, SLUG_PATTERN, YEAR_MAX, YEAR_MIN

__all__ = ["SchemaProblem", "suggest", "type_at", "validate_tree"]


@dataclass(frozen=True)
class SchemaProblem:
    code: str
    path: tuple[Any, ...]
    target: str  # "value" | "key"
    message: str




def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated; keep Literal and containers."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def type_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation found by following ``loc`` through the model classes."""
    tp: Any = model
    for step in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(step) if isinstance(step, str) else None
            if field is None:
                return None
            tp = field.annotation
        elif get_origin(tp) in (list, tuple) and isinstance(step, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    node = data
    for step in loc:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


_TYPE_NAMES = {
    "string_type": "un texto",
    "text_type": "un texto",
    "int_type": "un número entero",
    "int_parsing": "un número entero",
    "int_from_float": "un número entero",
    "bool_type": "verdadero o falso (true/false)",
    "bool_parsing": "verdadero o falso (true/false)",
    "list_type": "una lista (elementos con «- »)",
    "dict_type": "un mapeo (claves con «clave: valor»)",
    "model_type": "un mapeo (claves con «clave: valor»)",
    "model_attributes_type": "un mapeo (claves con «clave: valor»)",
    "float_type": "un número",
}


def validate_tree(model: type[BaseModel], data: Any) -> tuple[Optional[BaseModel], list[SchemaProblem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        budget = FileBudget()  # one file: a bounded number of «¿quiso decir…?»
        return None, [_problem(model, data, err, budget) for err in exc.errors(include_input=False, include_url=False)]


def _problem(model: type[BaseModel], data: Any, err: Any, budget: FileBudget) -> SchemaProblem:
    """The problem of one pydantic error. A personal value (model/personal.py:
    ``personal_path``) is never quoted: the message says so instead, and the
    terminal leaves out the file's line (render/diagnostics_text.py)."""
    loc = tuple(err["loc"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
    hidden = personal_path(model, loc)
    problem = _located_problem(model, data, err, budget, hidden)
    if hidden and NOT_SHOWN not in problem.message:
        problem = SchemaProblem(problem.code, problem.path, problem.target, f"{problem.message} ({NOT_SHOWN})")
    return problem


#: An unknown key inside a person is quoted only when it looks like a field name.
_FIELD_NAME = re.compile(r"^[a-z][a-z_]{0,39}$")


def _located_problem(model: type[BaseModel], data: Any, err: Any, budget: FileBudget, hidden: bool) -> SchemaProblem:
    def suggest(word: Any, choices: Any) -> str:
        return budget.hint(fixed_choices(tuple(sorted(str(c) for c in choices))), word)

    loc = tuple(err["loc"])
    etype = err["type"]
    ctx = err.get("ctx") or {}
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return SchemaProblem("CP104", loc, "key", f"clave «{_show(loc[-1])}» no válida: {_key_msg(model, loc)}")
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else _item_name(loc)
    value = _value_at(data, loc)
    if etype == "missing":
        return SchemaProblem("CP101", loc[:-1], "key", f"falta el campo obligatorio «{name}»{_where(loc[:-1])}")
    if etype == "extra_forbidden":
        parent = type_at(model, loc[:-1])
        choices = parent.model_fields.keys() if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        if hidden and not _FIELD_NAME.match(name):  # «Ana Solís: jefa» inside a person: the key is data too
            return SchemaProblem("CP103", loc, "key", f"clave desconocida{_where(loc[:-1])}; use una de: {', '.join(choices)} ({NOT_SHOWN})")
        return SchemaProblem("CP103", loc, "key", f"clave desconocida «{_show(name)}»{_where(loc[:-1])}{suggest(name, choices)}")
    if etype in ("literal_error", "enum"):
        allowed = [str(a) for a in get_args(type_at(model, loc))] if get_origin(type_at(model, loc)) is Literal else []
        shown = ", ".join(allowed) if allowed else str(ctx.get("expected", ""))
        return SchemaProblem(
            "CP104", loc, "value", f"«{_show(value)}» no es un valor permitido para «{name}»; use uno de: {shown}{suggest(value, allowed)}"
        )
    if etype == "month_format":
        return SchemaProblem("CP105", loc, "value", f"«{name}»: {err['msg']}")
    if etype.startswith("date") or etype.startswith("datetime"):
        return SchemaProblem("CP106", loc, "value", f"«{_show(value)}» no es una fecha válida en «{name}»; use AAAA-MM-DD (por ejemplo 2015-07-01)")
    if etype == "string_pattern_mismatch" and name == "correo":
        if hidden:
            return SchemaProblem("CP107", loc, "value", f"«{name}» no es un correo electrónico válido: escríbalo como nombre@dominio, sin espacios ({NOT_SHOWN})")
        return SchemaProblem("CP107", loc, "value", f"«{_show(value)}» no es un correo electrónico válido")
    if etype in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return SchemaProblem(
            "CP104", loc, "value", f"«{name}» tiene {len(value) if isinstance(value, str) else 'demasiados'} caracteres; el máximo es {limit}"
        )
    if etype in ("slug_format", "answer_value"):
        return SchemaProblem("CP104", loc, "value", f"«{name}»: {err['msg']}")
    if etype in ("greater_than_equal", "less_than_equal") and (ctx.get("ge"), ctx.get("le")) in ((YEAR_MIN, None), (None, YEAR_MAX)):
        return SchemaProblem("CP104", loc, "value", f"el año {_show(value)} de «{name}» {OUT_OF_WINDOW}")
    if etype in ("greater_than_equal", "greater_than"):
        return SchemaProblem("CP104", loc, "value", f"«{name}» debe ser {ctx.get('ge', ctx.get('gt'))} o más")
    if etype in ("less_than_equal", "less_than"):
        return SchemaProblem("CP104", loc, "value", f"«{name}» debe ser {ctx.get('le', ctx.get('lt'))} o menos")
    if etype == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            return SchemaProblem(
                "CP104",
                loc,
                "value",
                f"«{name}»: «{_show(value)}» no es un identificador válido: use minúsculas sin tildes, números y guiones (por ejemplo imas-ina-mapeo)",
            )
        if hidden:
            return SchemaProblem("CP104", loc, "value", f"«{name}» no tiene la forma esperada")
        return SchemaProblem("CP104", loc, "value", f"«{_show(value)}» no tiene la forma esperada para «{name}»")
    expected = _TYPE_NAMES.get(etype)
    if expected:
        return SchemaProblem("CP102", loc, "value", f"«{name}» debe ser {expected}, no {_kind(value) if hidden else _describe(value)}")
    return SchemaProblem("CP102", loc, "value", f"valor no válido en «{name}» ({etype})")


def _key_msg(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    if loc and loc[0] == "reglas":
        return "use un código de regla como CP301"
    return "forma incorrecta"


def _item_name(loc: tuple[Any, ...]) -> str:
    parent = next((s for s in reversed(loc) if isinstance(s, str)), "")
    idx = loc[-1] if loc and isinstance(loc[-1], int) else None
    return f"{parent}[{idx + 1}]" if idx is not None else parent or "documento"


def _where(loc: tuple[Any, ...]) -> str:
    names = [s for s in loc if isinstance(s, str)]
    return f" en «{'.'.join(names)}»" if names else ""


def _kind(value: Any) -> str:
    """What ``value`` is, without what it says (for a personal value)."""
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return "un valor verdadero/falso"
    if isinstance(value, (int, float)):
        return "un número"
    if isinstance(value, dict):
        return "un mapeo"
    if isinstance(value, list):
        return "una lista"
    return "un texto"


def _describe(value: Any) -> str:
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return f"«{value}» (verdadero/falso)"
    if isinstance(value, (int, float)):
        return f"el número {value}"
    if isinstance(value, str):
        return f"el texto «{_show(value)}»"
    if isinstance(value, dict):
        return "un mapeo"
    if isinstance(value, list):
        return "una lista"
    return f"«{_show(value)}»"
