"""The arguments of the edits, checked before a file is opened: a month, a
level on the five-level scale, a monitoring criterion and answer, a note (and
how a new note joins an earlier one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import CoprodError
from ..lang import _
from ..model.criteria import CRITERIA, CRITERIA_BY_KEY, CRITERION_KEYS, Criterion
from ..model.types import NIVELES, Month, answer_word
from ..model.validate import suggest

SCALE = ", ".join(f"{n} ({NIVELES[n]})" for n in sorted(NIVELES))


def parse_month(text: str) -> Month:
    return Month.argument(text, _("«{value}»").format(value=text))


def parse_level(text: str) -> int:
    value = text.strip().rstrip("%").strip()
    if not value.lstrip("-").isdigit() or int(value) not in NIVELES:
        raise CoprodError(_("el nivel «{text}» no está en la escala de cinco niveles del protocolo: {scale}").format(text=text, scale=SCALE))
    return int(value)


def parse_criterion(text: str) -> Criterion:
    value = text.strip().lower()
    if value.isdigit():
        n = int(value)
        if 1 <= n <= len(CRITERIA):
            return CRITERIA[n - 1]
        raise CoprodError(_("no existe el criterio {n}: los criterios van del 1 al {n2}").format(n=n, n2=len(CRITERIA)))
    if value in CRITERIA_BY_KEY:
        return CRITERIA_BY_KEY[value]
    raise CoprodError(
        _("criterio desconocido «{text}»{hint}; use un número del 1 al 14 o una clave: {keys}").format(
            text=text, hint=suggest(value, CRITERION_KEYS), keys=", ".join(CRITERION_KEYS)
        )
    )


def parse_answer(text: str) -> str:
    word = answer_word(text)
    if word is None:
        raise CoprodError(_("la respuesta debe ser «si» o «no», no «{text}»").format(text=text))
    return word


def clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    from ..render.safe import has_control

    if has_control(note.replace("\r\n", "\n")):
        # Why: an escape sequence in a note would be obeyed by the next terminal that shows it.
        raise CoprodError(_("la nota (--note) tiene caracteres de control"))
    return note or None


#: Between an earlier note and one added after it: «Texto anterior — 2015-10-05: texto nuevo».
NOTE_JOINER = " — "


def merged_note(old: Any, new: str | None, replace: bool, today: dt.date | None = None) -> str | None:
    """The note to write when ``new`` is given where ``old`` is recorded.

    An earlier note is never lost silently: the new one is added after it,
    with the date it was added (``--replace-note`` replaces it instead).
    Writing the same note again changes nothing. None: nothing to write.
    """
    if new is None:
        return None
    before = old.strip() if isinstance(old, str) else ""
    if replace or not before:
        return new
    if before == new or before.endswith(f": {new}"):
        return before  # already there (the same command run twice)
    return f"{before}{NOTE_JOINER}{(today or dt.date.today()).isoformat()}: {new}"

