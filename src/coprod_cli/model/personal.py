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

from functools import lru_cache
from typing import Any, get_args

from pydantic import BaseModel, Field

PERSONAL_KEY = "x-personal"


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
