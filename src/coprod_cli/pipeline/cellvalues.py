"""What one cell of a filled-in workbook may hold, read into the value the
repository records (pipeline/importcells.py compares it), or why not, in
Spanish (the caller names the cell).

* A level is a whole number: «50», 50, 50.0, «50,0». Any whole number is read
  (60 too: the check reports it as CP205 at its line); «50%», 0.5 (a cell
  formatted as a percentage), «avanzada» or a date are refused.
* A criterion is «Sí» or «No» in any case, with or without the accent and
  spaces around («SI», «sí », «no»); «x» is refused.
* An attendance is one of the four states, in any case.
* A note is the cell's whole text (line ends as LF, spaces around trimmed).
* A date may be a date cell or a text a spreadsheet leaves: «2015-12-08»,
  «08/12/2015».
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ..compute.sheets import STATES
from ..lang import N_, _

LEVEL_HINT = N_("escriba solo el número: 0, 25, 50, 75 o 100")


def _plain(text: str) -> str:
    """Case-folded, spaces trimmed, accents off: «Sí » → «si»."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def shown(value: Any) -> str:
    from ..render.safe import plain

    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    text = plain(text)
    return text if len(text) <= 80 else text[:79] + "…"


def parse_level(value: Any) -> tuple[int | None, str | None]:
    """A level cell: (the level, None) or (None, why not)."""
    if value is None:
        return None, None
    if isinstance(value, bool) or isinstance(value, dt.date):
        return None, _("«{value}» no es un nivel; {level_hint}").format(value=shown(value), level_hint=_(LEVEL_HINT))
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if value.is_integer():
            return int(value), None
        if 0 < value < 1 and float(round(value * 100)) == round(value * 100, 6):
            return None, (
                _("«{value}» parece un porcentaje (la celda tiene formato %): {level_hint}, sin «%», y quite el formato de porcentaje de la celda").format(value=shown(value), level_hint=_(LEVEL_HINT))
            )
        return None, _("«{value}» no es un nivel; {level_hint}").format(value=shown(value), level_hint=_(LEVEL_HINT))
    text = str(value).strip()
    if re.fullmatch(r"\d{1,4}", text):
        return int(text), None
    if re.fullmatch(r"\d{1,4}[.,]0+", text):
        return int(re.split(r"[.,]", text)[0]), None
    if re.fullmatch(r"\d{1,4}\s*%", text):
        return None, _("«{value}» lleva el signo «%»: escriba solo el número ({value2}); los niveles son 0, 25, 50, 75 o 100").format(value=shown(value), value2=text.rstrip('% '))
    return None, _("«{value}» no es un nivel; {level_hint}").format(value=shown(value), level_hint=_(LEVEL_HINT))


def parse_answer(value: Any) -> tuple[str | None, str | None]:
    """A criterion cell: «si», «no» or None (empty); «SI», «Sí », «no» accepted."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str) and _plain(value) in ("si", "no"):
        return _plain(value), None
    return None, _("«{value}» no es una respuesta del monitoreo; escriba Sí o No, o deje la celda vacía").format(value=shown(value))


def parse_state(value: Any) -> tuple[str | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str):
        folded = _plain(value)
        for state in STATES:
            if folded == _plain(state):
                return state, None
    return None, _("«{value}» no es un estado de asistencia; escriba uno de: {items}").format(value=shown(value), items=', '.join(STATES))


def parse_text(value: Any) -> str | None:
    """A note cell's whole text (line ends as LF, spaces around trimmed); None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


#: The control characters a workbook cannot hold: the export shows each as
#: U+FFFD (render/xlsx.py), so a cell showing it is the recorded text unchanged.
_UNWRITABLE = re.compile(r"[\000-\010\013\014\016-\037]")


def same_text(cell: str | None, recorded: Any) -> bool:
    """Whether a note cell says what the repository records (line ends, spaces
    around and the characters the export had to replace aside)."""
    mine, theirs = cell or "", parse_text(recorded) or ""
    return mine == theirs or mine == _UNWRITABLE.sub("\ufffd", theirs)


_DATE_TEXT = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 2, 1)),
)


def read_date(value: Any) -> dt.date | None:
    """A date cell, or a date written as text in one of the forms a spreadsheet
    leaves (2015-12-08, 8/12/2015); None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    for pattern, (y, m, d) in _DATE_TEXT:
        found = pattern.fullmatch(value.strip())
        if found:
            try:
                return dt.date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                return None
    return None


def month_matches(value: Any, month: str) -> bool | None:
    """Whether a «Mes» cell says ``month`` (AAAA-MM); None when it is no month at all."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}", value.strip()):
        y, m = value.strip().split("-")
        return f"{int(y):04d}-{int(m):02d}" == month
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}/\d{4}", value.strip()):
        m, y = value.strip().split("/")
        return f"{int(y):04d}-{int(m):02d}" == month
    day = read_date(value)
    if day is None:
        return None
    if f"{day.year:04d}-{day.month:02d}" == month:
        return True
    if isinstance(value, str) and day.day <= 12:  # 12/1/2015 written month first
        return f"{day.year:04d}-{day.day:02d}" == month and day.month == 1
    return False
