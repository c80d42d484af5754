"""Personal data, marked in the models and removed in one place; and contact
data typed into free text, found (rule CP601) and scrubbed from public outputs.

A field that carries personal data (a person's name, e-mail or phone) is
declared with ``personal()``: it gets ``"x-personal": true`` in its JSON
Schema, and ``redact`` replaces it with None wherever it occurs in a tree of
models. Public reports are built from a redacted tree (report/views/public.py):
nothing is hidden template by template, so a new personal field, marked, is
redacted everywhere, and a template (even a hostile one) cannot print what
its context does not hold. tests/test_privacy.py checks the marking covers
every name, e-mail and phone of a person-like model.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, Field

from ..lang import N_, _

PERSONAL_KEY = "x-personal"
#: Said instead of a personal value in every message that would quote one
#: (diagnostics reach GitHub annotations, CI logs and pull-request comments);
#: the terminal output then leaves out the file's line as well.
NOT_SHOWN = N_("el valor no se muestra: es un dato personal")


def personal(default: Any = ..., **kwargs: Any) -> Any:
    """A model field that carries personal data."""
    return Field(default, json_schema_extra={PERSONAL_KEY: True}, **kwargs)


def is_personal(info: Any) -> bool:
    extra = getattr(info, "json_schema_extra", None)
    return isinstance(extra, dict) and extra.get(PERSONAL_KEY) is True


@cache
def personal_fields(model: type[BaseModel]) -> frozenset[str]:
    """The names of ``model``'s own fields marked personal."""
    return frozenset(name for name, info in model.model_fields.items() if is_personal(info))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, list, dict…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


@cache
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


# --- contact data in free text --------------------------------------------------------

#: An e-mail address anywhere in a text.
EMAIL_IN_TEXT = r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"
#: A phone number: international (+506 2222-3333, +52 55 1234 5678), with an
#: area code in brackets ((506) 2222 3333), or national with separators: eight
#: digits 4-4 (Costa Rica: 2222-3333, 8888 7777) or ten digits 3-3-4 (Mexico,
#: Colombia: 300 123 4567). A bare run of digits (an amount, a code) is not a
#: phone; two years (2015-2018) are a period. ASCII digits only: ``maybe_contact``
#: must see every phone the pattern finds.
PHONE_IN_TEXT = (
    r"(?<![\w+])(?:"
    r"\+[0-9]{1,3}[ .-]?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{2,4}(?:[ .-]?[0-9]{2,4}){1,3}"
    r"|\([0-9]{2,4}\)[ .-]?[0-9]{3,4}[ .-]?[0-9]{4}"
    r"|[0-9]{3}[ .-][0-9]{3}[ .-][0-9]{4}"
    r"|(?!(?:19|20)[0-9][0-9][ .-](?:19|20|21)[0-9][0-9]\b)[0-9]{4}[ .-][0-9]{4}"
    r")(?![\w])"
)
_CONTACT = re.compile(f"(?P<email>{EMAIL_IN_TEXT})|(?P<phone>{PHONE_IN_TEXT})")
#: What replaces contact data in the free text of a public report.
SCRUBBED = {"email": N_("[correo retirado]"), "phone": N_("[teléfono retirado]")}


def contacts_in_text(text: str) -> set[str]:
    """The kinds of contact data in ``text``: {"email", "phone"}, or none."""
    if not maybe_contact(text):
        return set()
    return {m.lastgroup for m in _CONTACT.finditer(text) if m.lastgroup}


def scrub(text: str) -> str:
    """``text`` with every e-mail address and phone number replaced by a mark."""
    return _CONTACT.sub(lambda m: _(SCRUBBED[m.lastgroup or "phone"]), text)


def scrub_text(text: str | None) -> str | None:
    """``scrub`` for a text that may be None, the same object when it has nothing to scrub."""
    return scrub(text) if text and maybe_contact(text) else text


def _text_kind(annotation: Any, metadata: tuple[Any, ...] = ()) -> str:
    """What a field holds, for the walk over free texts: "text", "texts", "model",
    "models" or "skip" (numbers, months, dates, choices, and ids: a text with a pattern)."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        inner, *meta = get_args(annotation)
        return _text_kind(inner, metadata + tuple(meta))
    if origin in (Union, types.UnionType):
        kinds = {_text_kind(a, metadata) for a in get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else "skip"
    if annotation is str:
        return "skip" if any(getattr(m, "pattern", None) for m in metadata) else "text"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    if origin in (list, tuple):
        inner = _text_kind(get_args(annotation)[0])
        return {"text": "texts", "model": "models"}.get(inner, "skip")
    return "skip"


@cache
def _text_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field, kind) of every field of ``model`` that holds free text, directly or
    further down; personal fields left out (an e-mail belongs there)."""
    out = []
    for name, info in model.model_fields.items():
        if name in personal_fields(model):
            continue
        kind = _text_kind(info.annotation, tuple(info.metadata))
        if kind != "skip":
            out.append((name, kind))
    return tuple(out)


def free_texts(value: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every free-text value of a tree of models, with its YAML path (not ids,
    months, numbers or choices; not the fields marked personal)."""
    fields = value.__dict__
    for name, kind in _text_fields(type(value)):
        v = fields.get(name)
        if v is None:
            continue
        if kind == "text":
            yield path + (name,), v
        elif kind == "texts":
            for i, item in enumerate(v):
                yield path + (name, i), item
        elif kind == "model":
            yield from free_texts(v, path + (name,))
        else:
            for i, item in enumerate(v):
                yield from free_texts(item, path + (name, i))


def contacts_in(model: BaseModel) -> Iterator[tuple[tuple[Any, ...], set[str]]]:
    """Every free-text value of a tree of models that holds contact data: (YAML path, kinds)."""
    texts = list(free_texts(model))
    if not maybe_contact("\x00".join(t for _, t in texts)):
        return
    for path, text in texts:
        kinds = contacts_in_text(text)
        if kinds:
            yield path, kinds


#: Every ASCII digit written as 0, for ``maybe_contact``.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
#: Anything the contact patterns match contains one of these (digits as 0).
_CONTACT_TRACES = (b"+0", b"(0", b"0 000", b"0-000", b"0.000")


def maybe_contact(text: str) -> bool:
    """A first look, in C (Python's regular expressions take ~150 ns a
    character on these, ``str.translate`` as much on accented text; bytes are
    fast): False means ``text`` has no contact data for sure."""
    if "@" in text:
        return True
    shape = text.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_ZERO)
    return any(trace in shape for trace in _CONTACT_TRACES)


def redact(value: Any, names: Any = None) -> Any:
    """A copy of ``value`` (models, lists, tuples, dicts of them) with every
    personal field set to None and every e-mail address and phone number in
    the other texts replaced by a mark (``scrub``); with ``names`` (a
    model/names.py ``NameFinder``), every name of the repository's people in
    those texts too. Parts without personal data are shared, not copied.

    Why two passes: walking every text of ten thousand agreements in Python
    costs seconds, so the people are removed first (only the fields that can
    hold them are walked), and the texts are walked only when the model's
    free texts, joined, have something a contact or a name could be
    (``maybe_contact``, ``NameFinder.maybe``)."""
    names = names if names else None
    if isinstance(value, BaseModel):
        without = _without_people(value)
        joined = "\x00".join(t for _, t in free_texts(without))
        out = _scrubbed(without) if maybe_contact(joined) else without
        return _unnamed(out, names) if names and names.maybe(joined) else out
    if isinstance(value, str):
        out = _scrubbed(value)
        return names.scrub(out) if names and names.maybe(out) else out
    return _each(value, lambda v: redact(v, names))


def _each(value: Any, fn: Any) -> Any:
    """``fn`` applied to the items of a list, tuple or dict; the same object when nothing changed."""
    if isinstance(value, (list, tuple)):
        items = [fn(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=False)):
            return value
        return type(value)(items) if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        pairs = {k: fn(v) for k, v in value.items()}
        return value if all(pairs[k] is v for k, v in value.items()) else pairs
    return value


def _without_people(value: Any) -> Any:
    """Every personal field set to None (only fields that can hold one are walked)."""
    if isinstance(value, BaseModel):
        model = type(value)
        updates: dict[str, Any] = {}
        for name in personal_fields(model):
            if getattr(value, name) is not None:
                updates[name] = None
        for name in _holders(model):
            current = getattr(value, name)
            new = _without_people(current)
            if new is not current:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    return _each(value, _without_people)


def _scrubbed(value: Any) -> Any:
    """Every text with its contact data replaced (``scrub``); personal fields are left as they are."""
    if isinstance(value, str):
        return scrub(value) if maybe_contact(value) and _CONTACT.search(value) else value
    if isinstance(value, BaseModel):
        skip = personal_fields(type(value))
        updates = {}
        for name in type(value).model_fields:
            if name in skip:
                continue
            current = getattr(value, name)
            new = _scrubbed(current)
            if new is not current:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    return _each(value, _scrubbed)


def _unnamed(value: Any, names: Any) -> Any:
    """Every free text with the people's ``names`` replaced; ids, choices and personal fields left as they are."""
    if isinstance(value, str):
        return names.scrub(value) if names.maybe(value) else value
    if isinstance(value, BaseModel):
        updates = {}
        for name, _kind in _text_fields(type(value)):
            current = getattr(value, name)
            new = _unnamed(current, names)
            if new is not current:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    return _each(value, lambda v: _unnamed(v, names))


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
    """See ``_personal_path``; every list index counts the same (a cache hit for
    the 19 000 wrong items of one list)."""
    return _personal_path(model, tuple(0 if isinstance(step, int) else step for step in path))


@lru_cache(maxsize=4096)
def _personal_path(model: type[BaseModel], path: tuple[Any, ...]) -> bool:
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
