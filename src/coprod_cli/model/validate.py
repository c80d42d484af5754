"""Validate a loaded tree against its model and turn pydantic errors into
coded Spanish problems located by YAML path.

Errors are mapped by pydantic's error ``type`` (never by its English text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .. import codes
from ..lang import N_, _
from ..problems import Problem
from .introspect import _is_year, _unwrap, allowed_at, ref_at, type_at  # noqa: F401  (_unwrap, type_at: tests read them here)
from .personal import NOT_SHOWN, personal_path
from .suggest import FileBudget, fixed_choices, suggest
from .types import REF_KINDS, SLUG_PATTERN, YEAR_MAX, YEAR_MIN, out_of_window

__all__ = ["SchemaProblem", "schema_problem", "suggest", "type_at", "validate_tree"]


#: A problem of a file's content against its model, located by YAML path (the
#: check engine finds its line and column): the one problem type.
SchemaProblem = Problem


def schema_problem(code: str, path: tuple[Any, ...], target: str, message: str, ref: tuple[str, str, str] | None = None) -> Problem:
    """``target``: "value" or "key". ``ref``: a reference that is not even an
    id: (kind, what was written, the message's first clause). The check
    engine, which knows the targets, adds «¿quiso decir…?» to that clause, or
    a real id as the example (check/targets.py); read it with ``arg("ref")``."""
    return Problem(code, message, path=path, target=target, args=(("ref", ref),) if ref is not None else ())




def slugified(text: str) -> str:
    """A text as an id: lower case, no accents, words joined by «-» («Los Guido» → «los-guido»)."""
    from .suggest import folded

    return "-".join(folded(text).split())


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
    "string_type": N_("un texto"),
    "text_type": N_("un texto"),
    "int_type": N_("un número entero"),
    "int_parsing": N_("un número entero"),
    "int_from_float": N_("un número entero"),
    "bool_type": N_("verdadero o falso (true/false)"),
    "bool_parsing": N_("verdadero o falso (true/false)"),
    "list_type": N_("una lista (elementos con «- »)"),
    "dict_type": N_("un mapeo (claves con «clave: valor»)"),
    "model_type": N_("un mapeo (claves con «clave: valor»)"),
    "model_attributes_type": N_("un mapeo (claves con «clave: valor»)"),
    "float_type": N_("un número"),
}


M = TypeVar("M", bound=BaseModel)


def validate_tree(model: type[M], data: Any) -> tuple[M | None, list[SchemaProblem]]:
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
    if hidden and _(NOT_SHOWN) not in problem.message:
        problem = schema_problem(problem.code, problem.path, problem.target, _("{message} ({NOT_SHOWN})").format(message=problem.message, NOT_SHOWN=_(NOT_SHOWN)))
    return problem


#: An unknown key inside a person is quoted only when it looks like a field name.
_FIELD_NAME = re.compile(r"^[a-z][a-z_]{0,39}$")


def _located_problem(model: type[BaseModel], data: Any, err: Any, budget: FileBudget, hidden: bool) -> SchemaProblem:
    loc = tuple(err["loc"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return schema_problem(codes.CP104, loc, "key", _("clave «{show}» no válida: {key_msg}").format(show=_show(loc[-1]), key_msg=_key_msg(model, loc)))
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else _item_name(loc)
    value = _value_at(data, loc)
    return (
        _key_problem(model, err, loc, name, budget, hidden)
        or _choice_problem(model, err, loc, name, value, budget)
        or _format_problem(err, loc, name, value, hidden)
        or _pattern_problem(model, err, loc, name, value, hidden)
        or _type_problem(model, err, loc, name, value, hidden)
    )


def _key_problem(model: type[BaseModel], err: Any, loc: tuple[Any, ...], name: str, budget: FileBudget, hidden: bool) -> SchemaProblem | None:
    """A missing or unknown key (CP101, CP103)."""
    etype = err["type"]
    if etype == "missing":
        return schema_problem(codes.CP101, loc[:-1], "key", _("falta el campo obligatorio «{name}»{where}").format(name=name, where=_where(loc[:-1])))
    if etype == "extra_forbidden":
        parent = type_at(model, loc[:-1])
        choices = parent.model_fields.keys() if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        if name == "":
            return schema_problem(codes.CP103, loc, "key", _("una clave vacía{where}: escriba el nombre de la clave antes de «:» o borre la línea").format(where=_where(loc[:-1])))
        if hidden and not _FIELD_NAME.match(name):  # «Ana Solís: jefa» inside a person: the key is data too
            return schema_problem(codes.CP103, loc, "key", _("clave desconocida{where}; use una de: {items} ({NOT_SHOWN})").format(
                where=_where(loc[:-1]), items=', '.join(choices), NOT_SHOWN=_(NOT_SHOWN)))
        hint = budget.hint(fixed_choices(tuple(sorted(str(c) for c in choices))), name)
        return schema_problem(codes.CP103, loc, "key", _("clave desconocida «{show}»{where}{hint}").format(show=_show(name), where=_where(loc[:-1]), hint=hint))
    return None


def _choice_problem(model: type[BaseModel], err: Any, loc: tuple[Any, ...], name: str, value: Any, budget: FileBudget) -> SchemaProblem | None:
    """A value outside a closed list (CP104)."""
    etype = err["type"]
    allowed = allowed_at(model, loc)
    if etype in ("literal_error", "enum") or (etype == "answer_value" and allowed):
        shown = _one_of(allowed) if allowed else _("los valores de la lista")
        if value is None:
            return schema_problem(codes.CP104, loc, "value", _("«{name}» está vacío: escriba {shown}").format(name=name, shown=shown))
        hint = budget.hint(enum_targets(tuple(allowed)), value) if allowed and isinstance(value, str) else ""
        return schema_problem(codes.CP104, loc, "value", _("{written} no es un valor permitido para «{name}»; use {shown}{hint}").format(written=_written(value), name=name, shown=shown, hint=hint))
    return None


def _format_problem(err: Any, loc: tuple[Any, ...], name: str, value: Any, hidden: bool) -> SchemaProblem | None:
    """A month, a date, an e-mail, a length or a bound the value does not respect (CP104-CP107)."""
    etype = err["type"]
    ctx = err.get("ctx") or {}
    if etype == "month_format":
        return schema_problem(codes.CP105, loc, "value", _("«{name}»: {err}").format(name=name, err=err['msg']))
    if etype == "date_window":
        return schema_problem(codes.CP106, loc, "value", _("«{name}»: {err}").format(name=name, err=err['msg']))
    if (etype.startswith("date") or etype.startswith("datetime")) and value is None:
        return schema_problem(codes.CP106, loc, "value", _("«{name}» está vacío: escriba una fecha AAAA-MM-DD (por ejemplo 2015-07-01)").format(name=name))
    if etype.startswith("date") or etype.startswith("datetime"):
        return schema_problem(codes.CP106, loc, "value", _("{written} no es una fecha válida en «{name}»; use AAAA-MM-DD (por ejemplo 2015-07-01)").format(written=_written(value), name=name))
    if etype == "string_pattern_mismatch" and name == "correo":
        if hidden:
            return schema_problem(codes.CP107, loc, "value", _("«{name}» no es un correo electrónico válido: escríbalo como nombre@dominio, sin espacios "
                "({NOT_SHOWN})").format(name=name, NOT_SHOWN=_(NOT_SHOWN)))
        return schema_problem(codes.CP107, loc, "value", _("«{show}» no es un correo electrónico válido").format(show=_show(value)))
    if etype in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return schema_problem(
            codes.CP104, loc, "value", _("«{name}» tiene {value} caracteres; el máximo es {limit}").format(name=name, value=len(value) if isinstance(value, str) else _('demasiados'), limit=limit)
        )
    if etype in ("slug_format", "answer_value", "point_text"):
        return schema_problem(codes.CP104, loc, "value", _("«{name}»: {err}").format(name=name, err=err['msg']))
    if etype in ("greater_than_equal", "less_than_equal") and (ctx.get("ge"), ctx.get("le")) in ((YEAR_MIN, None), (None, YEAR_MAX)):
        return schema_problem(codes.CP104, loc, "value", _("el año {show} de «{name}» {OUT_OF_WINDOW}").format(show=_show(value), name=name, OUT_OF_WINDOW=out_of_window()))
    if etype in ("greater_than_equal", "greater_than"):
        return schema_problem(codes.CP104, loc, "value", _("«{name}» debe ser {get} o más").format(name=name, get=ctx.get('ge', ctx.get('gt'))))
    if etype in ("less_than_equal", "less_than"):
        return schema_problem(codes.CP104, loc, "value", _("«{name}» debe ser {get} o menos").format(name=name, get=ctx.get('le', ctx.get('lt'))))
    return None


def _pattern_problem(model: type[BaseModel], err: Any, loc: tuple[Any, ...], name: str, value: Any, hidden: bool) -> SchemaProblem | None:
    """A text that does not have its field's form: an id, a country code (CP104)."""
    if err["type"] != "string_pattern_mismatch":
        return None
    ctx = err.get("ctx") or {}
    if ctx.get("pattern") == SLUG_PATTERN:
        return _id_problem(model, loc, name, value)
    if hidden:
        return schema_problem(codes.CP104, loc, "value", _("«{name}» no tiene la forma esperada").format(name=name))
    form = _PATTERN_HELP.get(str(ctx.get("pattern", "")))
    if form is not None:
        hint = ""
        if isinstance(value, str) and re.fullmatch(str(ctx["pattern"]), value.strip().upper()):
            hint = _("; ¿quiso decir «{upper}»?").format(upper=value.strip().upper())
        return schema_problem(codes.CP104, loc, "value", _("{written} no tiene la forma de «{name}»: {form}{hint}").format(written=_written(value), name=name, form=_(form), hint=hint))
    return schema_problem(codes.CP104, loc, "value", _("«{show}» no tiene la forma esperada para «{name}»").format(show=_show(value), name=name))


def _type_problem(model: type[BaseModel], err: Any, loc: tuple[Any, ...], name: str, value: Any, hidden: bool) -> SchemaProblem:
    """A value of the wrong type (CP102), and the words for any other error."""
    etype = err["type"]
    allowed = allowed_at(model, loc)
    expected = _TYPE_NAMES.get(etype)
    if expected:
        what = _kind(value) if hidden else _describe(value)
        if allowed:  # an enumerated field: say what is allowed, and the likely fix
            fix = "" if hidden else _number_fix(value, allowed)
            return schema_problem(codes.CP102, loc, "value", _("«{name}» debe ser {one_of}, no {what}{fix}").format(name=name, one_of=_one_of(allowed), what=what, fix=fix))
        if etype in _INT_TYPES and _is_year(model, loc):
            expected = _("un año de {YEAR_MIN} a {YEAR_MAX}").format(YEAR_MIN=YEAR_MIN, YEAR_MAX=YEAR_MAX)
        fix = _number_fix(value, None) if etype in _INT_TYPES and not hidden else ""
        return schema_problem(codes.CP102, loc, "value", _("«{name}» debe ser {expected}, no {what}{fix}").format(name=name, expected=_(expected), what=what, fix=fix))
    # Every error type the models can raise has its words above (tests/test_messages.py
    # feeds every field wrong values); an unknown one still never shows pydantic's.
    return schema_problem(codes.CP102, loc, "value", _("«{name}» no tiene un valor válido (tiene {kind}); revise la documentación del campo").format(name=name, kind=_kind(value)))


_ID_FORM = N_("minúsculas sin tildes, números y guiones")


def _id_problem(model: type[BaseModel], loc: tuple[Any, ...], name: str, value: Any) -> SchemaProblem:
    """An id that is not written as one. A reference (``actor_encargado: IMAS``)
    keeps what was written: the engine looks it up among its targets. An id
    that names itself gets the same text written as an id."""
    ref = ref_at(model, loc)
    shown = _show(value)
    if ref is None or ref.kind not in REF_KINDS:
        return schema_problem(codes.CP104, loc, "value", _("«{name}»: «{shown}» no es un identificador válido: use {ID_FORM}").format(name=name, shown=shown, ID_FORM=_(_ID_FORM)))
    what, where, example = REF_KINDS[ref.kind]
    what, where = _(what), _(where)
    if ref.defines:
        fixed = slugified(value) if isinstance(value, str) else ""
        hint = _("; ¿quiso decir «{fixed}»?").format(fixed=fixed) if fixed and len(fixed) <= 60 else _(" (por ejemplo «{example}»)").format(example=example)
        return schema_problem(codes.CP104, loc, "value", _("«{name}»: «{shown}» no es un identificador válido para {what}: use {ID_FORM}{hint}").format(
            name=name, shown=shown, what=what, ID_FORM=_(_ID_FORM), hint=hint))
    clause = _("«{name}»: «{shown}» no es el id de {what}").format(name=name, shown=shown, what=what)
    message = _("{clause}: los ids están {where}, en {ID_FORM}").format(clause=clause, where=where, ID_FORM=_(_ID_FORM))
    return schema_problem(codes.CP104, loc, "value", message + example_of(example), ref=(ref.kind, value, clause) if isinstance(value, str) else None)


def example_of(ident: str) -> str:
    return _(" (por ejemplo «{ident}»)").format(ident=ident)


#: What a value with a fixed form must look like, by its pattern (models.py).
_PATTERN_HELP = {
    r"^[A-Z]{2}$": N_("el código del país, dos letras mayúsculas (CR, MX, CL, CO…)"),
}

_INT_TYPES = ("int_type", "int_parsing", "int_from_float")
_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(%?)\s*$")


def _one_of(allowed: list[Any]) -> str:
    shown = [str(v) for v in allowed]
    if len(shown) == 1:
        return shown[0]
    if all(isinstance(v, int) for v in allowed):
        return _("uno de estos valores: {items} o {shown}").format(items=', '.join(shown[:-1]), shown=shown[-1])
    return _("uno de: {items}").format(items=', '.join(shown))


#: Words a person writes for an allowed value that spelling alone would map to
#: another one: «presente» is one letter from «ausente», its opposite.
VALUE_ALIASES: dict[str, tuple[str, ...]] = {"titular": ("presente", "asistio", "asistente")}


@lru_cache(maxsize=64)
def enum_targets(allowed: tuple[Any, ...]) -> Any:
    """The allowed values of a field, found by their id, their label
    («en ejecución» → «en_ejecucion») or an alias (``VALUE_ALIASES``), without case or accents."""
    from .labels import source_label
    from .suggest import Targets

    return Targets([(str(v), source_label(str(v)), VALUE_ALIASES.get(str(v), ())) for v in allowed])


def _written(value: Any) -> str:
    """A wrong value as the person wrote it (YAML words, never Python's)."""
    if isinstance(value, bool):
        return "«true»" if value else "«false»"
    return f"«{_show(value)}»"


def _number_fix(value: Any, allowed: list[Any] | None) -> str:
    """The likely fix when a text holds a number («50%» → «escriba 50, sin «%»»)."""
    number: float | None = None
    percent = False
    if isinstance(value, str):
        m = _NUMBER.match(value)
        if m is None:
            return ""
        number, percent = float(m.group(1).replace(",", ".")), bool(m.group(2))
    elif isinstance(value, float) and value == value and abs(value) < 1e12:
        number = value
        if allowed and 0 < value <= 1 and value * 100 in allowed:
            return _(": los niveles son porcentajes, escriba {n:g}").format(n=value * 100)
    if number is None:
        return ""
    whole = number == int(number)
    if allowed and whole and int(number) not in allowed:
        near = min(allowed, key=lambda v: (abs(v - number), v)) if all(isinstance(v, int) for v in allowed) else None
        return _(": el nivel más cercano a {number:g} es {near}").format(number=number, near=near) if near is not None else ""
    if not whole:
        return _(": escriba un número entero") + (_(", el nivel más cercano es {near}").format(near=min(allowed, key=lambda v: (abs(v - number), v))) if allowed else "")
    written = str(int(number))
    if percent:
        return _(": escriba {written}, sin «%»").format(written=written)
    if isinstance(value, str):
        return _(": escriba {written}, sin comillas").format(written=written)
    return _(": escriba {written}, sin decimales").format(written=written)


def _key_msg(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    if loc and loc[0] == "reglas":
        return _("use un código de regla como CP301")
    return _("forma incorrecta")


def _item_name(loc: tuple[Any, ...]) -> str:
    parent = next((s for s in reversed(loc) if isinstance(s, str)), "")
    idx = loc[-1] if loc and isinstance(loc[-1], int) else None
    return _("{parent}[{n}]").format(parent=parent, n=idx + 1) if idx is not None else parent or "documento"


def _where(loc: tuple[Any, ...]) -> str:
    names = [s for s in loc if isinstance(s, str)]
    return _(" en «{items}»").format(items='.'.join(names)) if names else ""


def _kind(value: Any) -> str:
    """What ``value`` is, without what it says (for a personal value)."""
    if value is None:
        return _("un valor vacío")
    if isinstance(value, bool):
        return _("un valor sí/no")
    if isinstance(value, (int, float)):
        return _("un número")
    if isinstance(value, dict):
        return _("un mapeo")
    if isinstance(value, list):
        return _("una lista")
    return _("un texto")


def _describe(value: Any) -> str:
    if value is None:
        return _("un valor vacío")
    if isinstance(value, bool):
        return _("{written} (un valor sí/no)").format(written=_written(value))
    if isinstance(value, (int, float)):
        return _("el número {value}").format(value=value)
    if isinstance(value, str):
        return _("el texto «{show}»").format(show=_show(value))
    if isinstance(value, dict):
        return _("un mapeo")
    if isinstance(value, list):
        return _("una lista")
    return f"«{_show(value)}»"
