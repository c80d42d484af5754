"""What a model says about a YAML path: the type there, the reference it
names, the values it allows, whether it is a year. The schema stage
(model/validate.py) reads it to write its messages.
"""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .types import YEAR_MIN, Ref


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


def ref_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Ref | None:
    """The ``Ref`` marker of the id field at ``loc`` (types.py), if any.
    Cached by the path's shape: 19 000 wrong ids of one list walk the model once."""
    return _ref_at_shape(model, tuple(0 if isinstance(step, int) else step for step in loc))


@lru_cache(maxsize=1024)
def _ref_at_shape(model: type[BaseModel], loc: tuple[Any, ...]) -> Ref | None:
    if not loc:
        return None
    parent = type_at(model, loc[:-1])
    step = loc[-1]
    if isinstance(parent, type) and issubclass(parent, BaseModel) and isinstance(step, str):
        field = parent.model_fields.get(step)
        if field is None:
            return None
        found = _ref_in(field.metadata)
        return found if found is not None else _ref_in_annotation(field.annotation)
    if get_origin(parent) in (list, tuple) and isinstance(step, int):
        return _ref_in_annotation(get_args(parent)[0])
    return None


def _ref_in(metadata: Any) -> Ref | None:
    return next((m for m in metadata if isinstance(m, Ref)), None)


def _ref_in_annotation(tp: Any) -> Ref | None:
    """A Ref anywhere in the Annotated/Optional layers of ``tp``."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            found = _ref_in(tp.__metadata__)
            if found is not None:
                return found
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return None
            tp = args[0]
        else:
            return None


def allowed_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[Any]:
    """The values an enumerated field allows: its ``Literal`` choices, or the
    ``enum`` its schema declares (the five progress levels, «sí»/«no»)."""
    tp = type_at(model, loc)
    if get_origin(tp) is Literal:
        return list(get_args(tp))
    if len(loc) >= 1 and isinstance(loc[-1], str):
        parent = type_at(model, loc[:-1])
        if isinstance(parent, type) and issubclass(parent, BaseModel):
            field = parent.model_fields.get(loc[-1])
            if field is not None:
                for extra in (field.json_schema_extra, *_extras(field.annotation)):
                    if isinstance(extra, dict) and isinstance(extra.get("enum"), list):
                        return [v for v in extra["enum"] if v != "si"]  # «si» is accepted, «sí» is what people read
    return []


def _extras(tp: Any) -> list[Any]:
    """The ``json_schema_extra`` of every ``Field`` in the Annotated/Optional layers of ``tp``."""
    out = []
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            out += [getattr(m, "json_schema_extra", None) for m in tp.__metadata__]
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return out
            tp = args[0]
        else:
            return out


def _is_year(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """A field constrained to the window of years (types.py: ``Anio``)."""
    if len(loc) < 1 or not isinstance(loc[-1], str):
        return False
    parent = type_at(model, loc[:-1])
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return False
    field = parent.model_fields.get(loc[-1])
    if field is None:
        return False
    metadata = list(field.metadata)
    tp = field.annotation
    while True:  # the constraints of an Optional[Anio] are inside its annotation
        origin = get_origin(tp)
        if origin is typing.Annotated:
            metadata += list(getattr(tp, "__metadata__", ()))
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType) and len([a for a in get_args(tp) if a is not type(None)]) == 1:
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            break
    metadata += [inner for m in metadata for inner in getattr(m, "metadata", None) or []]  # a Field() inside Annotated
    return any(getattr(m, "ge", None) == YEAR_MIN for m in metadata)
