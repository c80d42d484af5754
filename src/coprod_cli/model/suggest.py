"""«¿quiso decir…?»: the closest known id, key or value to a wrong one, in bounded time.

A naive search compares every wrong value with every choice: 7 000 wrong
actor ids against a 500-actor map took 165 s, 3 000 wrong agreement ids in a
plan against 2 000 agreements, 112 s. The work is bounded three ways:

* the choices are indexed once per rule run (``Suggestions``), and compared
  with RapidFuzz in C++ (``fuzz.ratio``: twice the longest common subsequence
  over both lengths, the measure difflib's ``ratio`` approximates; a choice
  whose length cannot reach the cut-off is skipped without comparing);
* each distinct wrong value is looked up once per run (a memo);
* a file gets a suggestion for its first ``PER_FILE`` distinct wrong values
  (``for_file``); the rest are reported without one. Why per file and in file
  order: the message of a file must not depend on other files, so the
  validation cache answers as a fresh run would.

The measured worst case inside the loader's limits is in SECURITY.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..lang import _

#: A choice must share this much (0–100, difflib's ratio × 100) with the wrong value.
CUTOFF = 60.0
#: Distinct wrong values of one file that get a suggestion.
PER_FILE = 50
#: No id, key or allowed value is longer; a longer wrong value gets no suggestion.
MAX_WORD = 200


def hint(match: str | None) -> str:
    return _("; ¿quiso decir «{match}»?").format(match=match) if match else ""


class Suggestions:
    """The closest of a fixed set of choices, for many wrong values."""

    def __init__(self, choices: Iterable[object]) -> None:
        # Sorted: among equally close choices the first wins, whatever the set's order.
        self.choices = sorted({str(c) for c in choices})
        self._memo: dict[str, str | None] = {}

    def closest(self, word: object) -> str | None:
        text = str(word)
        if text in self._memo:
            return self._memo[text]
        found = None
        if self.choices and len(text) <= MAX_WORD:
            best = process.extractOne(text, self.choices, scorer=fuzz.ratio, score_cutoff=CUTOFF)
            found = best[0] if best else None
        self._memo[text] = found
        return found

    def __call__(self, word: object) -> str:
        """« ; ¿quiso decir «x»?» when a close choice exists, else ""."""
        return hint(self.closest(word))

    def for_file(self, budget: FileBudget | None = None) -> Callable[[object], str]:
        """Suggestions for the wrong values of one file, counted in ``budget``
        (a new one by default: at most PER_FILE distinct values get one)."""
        counted = budget if budget is not None else FileBudget()
        return lambda word: counted.hint(self, word)


def folded(text: str) -> str:
    """A text compared without case, accents or punctuation: «Los Guido»,
    «los-guido» and «LOS GUIDO» are all «los guido»."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\W_]+", plain)).strip()


#: The longest name shown beside a suggested id.
LABEL_MAX = 60


class Targets(Suggestions):
    """The closest of the things a reference can name: each by its id and by
    every other way people write it (its name, its acronym), compared without
    case or accents; the suggestion is always the id, with its name.

    ``IMAS``, ``Instituto Mixto de Ayuda Social`` and ``imass`` all give
    «imas» (Instituto Mixto de Ayuda Social). Bounded like ``Suggestions``:
    a memo, the longest word compared, and the per-file budget.
    """

    def __init__(self, entries: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        """``entries``: (id, name shown beside it, other ways to write it)."""
        self._memo = {}
        self._labels: dict[str, str] = {}
        exact: dict[str, str] = {}
        given = list(entries)
        #: The first id as given (the first actor of the map…): an example of the kind.
        self.first: str | None = given[0][0] if given else None
        for ident, label, aliases in sorted(given, key=lambda e: e[0]):
            self._labels.setdefault(ident, label)
            for alias in (ident, label, *aliases):
                key = folded(str(alias)) if alias else ""
                if key:
                    exact.setdefault(key, ident)
        self._exact = exact
        self.choices = sorted(exact)  # the folded ways to write each id

    def closest(self, word: object) -> str | None:
        text = str(word)
        if text in self._memo:
            return self._memo[text]
        found = None
        if len(text) <= MAX_WORD:
            key = folded(text)
            found = self._exact.get(key)
            if found is None and key and self.choices:
                best = process.extractOne(key, self.choices, scorer=fuzz.ratio, score_cutoff=CUTOFF)
                found = self._exact[best[0]] if best else None
        self._memo[text] = found
        return found

    def __call__(self, word: object) -> str:
        match = self.closest(word)
        if match is None:
            return ""
        label = self._labels.get(match, "")
        if not label or folded(label) == folded(match):
            return hint(match)
        shown = label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"
        return _("; ¿quiso decir «{match}» ({shown})?").format(match=match, shown=shown)


class FileBudget:
    """The suggestions one file gets, whatever they are looked up in: its first
    PER_FILE distinct wrong values (in the order they are met) get one."""

    def __init__(self) -> None:
        self._given: dict[tuple[int, str], str] = {}

    def hint(self, suggestions: Suggestions, word: object) -> str:
        key = (id(suggestions), str(word))
        if key not in self._given:
            if len(self._given) >= PER_FILE:
                return ""
            self._given[key] = suggestions(word)
        return self._given[key]


@lru_cache(maxsize=256)
def fixed_choices(choices: tuple[str, ...]) -> Suggestions:
    """``Suggestions`` for a set of choices fixed by the models (keys, allowed values), built once."""
    return Suggestions(choices)


def suggest(word: object, choices: Iterable[object]) -> str:
    """One suggestion (a command-line argument, a criterion): « ; ¿quiso decir «x»?» or ""."""
    return Suggestions(choices)(word)
