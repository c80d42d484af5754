"""Personal data, marked in the models and removed in one place.

A field that carries personal data (a person's name, e-mail or phone) is
declared with ``personal()``: it gets ``"x-personal": true`` in its JSON
Schema, and ``redact`` replaces it with None wherever it occurs in a tree of
models. Public reports are built from a redacted tree (report/views.py):
nothing is hidden template by template, so a new personal field, marked, is
redacted everywhere, and a template (even a hostile one) cannot print what
its context does not hold. tests/test_privacy.py checks the marking covers
every name, e-mail and phone of a person-like model.
"""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, Field

PERSONAL_KEY = "x-personal"
#: Said instead of a personal value in every message that would quote one
#: (diagnostics reach GitHub annotations, CI logs and pull-request comments);
#: the terminal output then leaves out the file's line as well.
NOT_SHOWN = "el valor no se muestra: es un dato personal"


def personal(default: Any = ..., **kwargs: Any) -> Any:
    """A model field that carries personal data."""
    return Field(default, json_schema_extra={PERSONAL_KEY: True}, **kwargs)


def is_personal(info: Any) -> bool:
    extra = getattr(info, "json_schema_extra", None)
    return isinstance(extra, dict) and extra.get(PERSONAL_KEY) is True


@lru_cache(maxsize=None)
def personal_fields(model: type[BaseModel]) -> frozenset[str]:
    """The names of ``model``'s own fields marked personal."""
    return frozenset(name for name, info in model.model_fields.items() if is_personal(info))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, list, dict…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


@lru_cache(maxsize=None)
def _holders(model: type[BaseModel]) -> frozenset[str]:
    """Fields of ``model`` whose value can contain personal data further down.

    Why: ``redact`` then walks only those (an agreement's ``encargados``, not its
    schedule), so redacting ten thousand agreements costs little."""
    out = set()
    for name, info in model.model_fields.items():
        if name in personal_fields(model):
            continue
        if any(personal_fields(m) or _holders(m) for m in _models_in(info.annotation) if m is not model):
            out.add(name)
    return frozenset(out)


def has_personal_data(value: Any) -> bool:
    """Whether a model instance still holds a value in a personal field."""
    return isinstance(value, BaseModel) and any(getattr(value, f) is not None for f in personal_fields(type(value)))


def redact(value: Any) -> Any:
    """A copy of ``value`` (models, lists, tuples, dicts of them) with every
    personal field set to None. Parts without personal data are shared, not copied."""
    if isinstance(value, BaseModel):
        model = type(value)
        marked = personal_fields(model)
        updates: dict[str, Any] = {}
        for name in marked:
            if getattr(value, name) is not None:
                updates[name] = None
        for name in _holders(model):
            current = getattr(value, name)
            new = redact(current)
            if new is not current:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    if isinstance(value, (list, tuple)):
        items = [redact(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items) if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        pairs = {k: redact(v) for k, v in value.items()}
        return value if all(pairs[k] is v for k, v in value.items()) else pairs
    return value


def _step(annotation: Any, step: Any) -> list[Any]:
    """The annotations one step of a YAML path (a key or an index) leads to."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _step(get_args(annotation)[0], step)
    if origin in (Union, types.UnionType):
        return [a for arg in get_args(annotation) for a in _step(arg, step)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(step) if isinstance(step, str) else None
        return [info.annotation] if info is not None else []
    if origin in (list, tuple) and isinstance(step, int):
        return [get_args(annotation)[0]]
    if origin is dict:
        return [get_args(annotation)[1]]
    return []


def personal_path(model: type[BaseModel], path: tuple[Any, ...]) -> bool:
    """Whether the value at ``path`` in a file of ``model`` is personal data:
    a field marked personal (or anything under one), a value where a person
    or something holding people belongs (``titular: Ana Solís`` written as
    text, ``encargados`` as a line of names, ``secretaria_tecnica: Laura
    Jiménez``), or anything inside a person (an unknown key of it)."""
    current: list[Any] = [model]
    for step in path:
        nxt: list[Any] = []
        for annotation in current:
            for m in _models_in(annotation):
                if isinstance(step, str) and step in personal_fields(m):
                    return True
                if personal_fields(m) and isinstance(step, str) and step not in m.model_fields:
                    return True  # an unknown key of a person: its value may be anyone's data
            nxt += _step(annotation, step)
        current = nxt
        if not current:
            return False
    return bool(path) and any(personal_fields(m) or _holders(m) for a in current for m in _models_in(a))
