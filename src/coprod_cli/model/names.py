"""The names of the repository's people typed into free text: found (rule
CP602) and replaced by «[nombre retirado]» in public outputs, as contact data
is (model/personal.py).

A person's name is personal data: it lives in the fields marked ``personal()``
(an agreement's ``encargados``, an actor's ``titular`` and ``suplente``, the
Secretaría Técnica's ``responsable``, who attended a session), which public
outputs never show. The same name written into a note, an observation, the
outcome of a yearly meeting or a POI reference would reach the public annual
report. Only the names the repository itself declares can be found: a name
that appears nowhere in a personal field is not recognised (SECURITY.md).

What is matched: the whole name, and for a name of three words or more its
first two («Andrea Solís» for «Andrea Solís Vargas»), as people write them;
case and accents ignored, any spacing between the words, whole words only.
A one-word name («Ana») is not matched: it would hide ordinary words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from ..lang import N_, _
from .personal import _holders, personal_fields

NAME_MARK = N_("[nombre retirado]")
#: The personal fields that hold a person's name (the others hold e-mails and phones).
_NAME_FIELDS = frozenset({"nombre"})
_WORD = re.compile(r"\w+")
#: Up to this many first words, one substring search each; more, one regular expression.
_FEW = 32


#: The combining marks (accents written apart) of the Latin, Greek and Cyrillic scripts.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lower case without accents: «Solís» and «SOLIS» are the same word.

    Why not a loop over characters: the rule reads every free text of a
    national repository (megabytes); casefold, NFD and one substitution run in C."""
    folded = text.casefold()
    return folded if folded.isascii() else _COMBINING.sub("", unicodedata.normalize("NFD", folded))


def _names_in(value: Any) -> Iterator[str]:
    if isinstance(value, BaseModel):
        model = type(value)
        for name in personal_fields(model) & _NAME_FIELDS:
            v = getattr(value, name)
            if isinstance(v, str):
                yield v
        for name in _holders(model):
            yield from _names_in(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _names_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _names_in(item)


def people_names(models: Iterable[Any]) -> frozenset[str]:
    """The names in the personal fields of ``models`` (trees of models)."""
    return frozenset(n for m in models for n in _names_in(m))


class NameFinder:
    """Finds and replaces the given people's names in texts.

    Why a first look by word: a national repository has thousands of names
    and hundreds of thousands of texts; one set intersection per text says
    which (few) names to look for with a regular expression."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_first: dict[str, set[tuple[str, ...]]] = {}
        probes: set[str] = set()
        for name in names:
            words = tuple(_WORD.findall(_fold(name)))
            if len(words) < 2:
                continue
            for variant in {words, words[:2]}:
                self._by_first.setdefault(variant[0], set()).add(variant)
            written = _WORD.findall(unicodedata.normalize("NFC", name).casefold())
            probes.update({words[0], written[0]} if written else {words[0]})
        # The first look: each first word, folded and as written, searched in the
        # text in lower case (a substring search runs in C; a hit is then checked word by word).
        self._probes = tuple(sorted(probes))
        self._probe_re = re.compile("|".join(re.escape(p) for p in self._probes)) if len(self._probes) > _FEW else None
        self._cache: dict[frozenset[str], re.Pattern[str]] = {}

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def _firsts(self, text: str) -> frozenset[str]:
        return frozenset(w for w in _WORD.findall(_fold(text)) if w in self._by_first)

    def maybe(self, text: str) -> bool:
        """False means ``text`` names none of the people for sure."""
        if not self._by_first:
            return False
        lower = text.casefold()
        if self._probe_re is None:
            hit = any(p in lower for p in self._probes)
        else:
            hit = self._probe_re.search(lower) is not None
        return hit and bool(self._firsts(text))

    def _pattern(self, firsts: frozenset[str]) -> re.Pattern[str]:
        if firsts not in self._cache:
            variants = sorted({v for f in firsts for v in self._by_first[f]}, key=len, reverse=True)
            alts = (r"\W+".join(re.escape(w) for w in v) for v in variants)
            self._cache[firsts] = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")
        return self._cache[firsts]

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where the names are in ``text``, in its own positions."""
        firsts = self._firsts(text)
        if not firsts:
            return []
        folded, origin = _fold_with_positions(text)
        spans = []
        for m in self._pattern(firsts).finditer(folded):
            start, end = origin[m.start()], origin[m.end() - 1] + 1
            while end < len(text) and _COMBINING.match(text[end]):  # an accent written apart, after the last letter
                end += 1
            spans.append((start, end))
        return spans

    def found(self, text: str) -> bool:
        return bool(self._spans(text))

    def scrub(self, text: str) -> str:
        """``text`` with every name of the people replaced by «[nombre retirado]»."""
        for start, end in reversed(self._spans(text)):
            text = text[:start] + _(NAME_MARK) + text[end:]
        return text


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``_fold(text)`` and, for each of its characters, the position in ``text`` it comes from."""
    parts, origin = [], []
    for i, c in enumerate(text):
        f = _fold(c)
        parts.append(f)
        origin.extend([i] * len(f))
    return "".join(parts), origin
