"""The words around the figures, written where the canton's locale is known.

compute/ returns numbers and records only (alerts included); every sentence
a person reads about a figure is written here, with the locale's numbers,
for the terminal dashboard, the JSON ``message`` fields and the reports.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..compute.figures import Alert
from ..i18n import DEFAULT_LOCALE, pct
from ..model.types import NIVELES

#: The alert kinds as a person names them (compute/figures.py: ALERT_KINDS).
ALERT_LABELS = {
    "unreported": "Sin informe",
    "low_progress": "Poco avance",
    "behind_schedule": "Atrasado",
    "invalid": "Dato inválido",
}

#: What a recorded value that no figure can use is, by RecordProblem.kind.
_STRAY = {
    "outside_schedule": "avance de un mes que no está en el cronograma",
    "no_such_subactivity": "avance de una subactividad que el cronograma de ese mes no tiene",
    "inverted_term": "el plazo termina antes de empezar (el tiempo transcurrido se calcula con el cronograma)",
}


def level_label(level: int | None, locale: str = DEFAULT_LOCALE) -> str:
    """A level as the protocol names it (note 13): «100 % cumplida», «75 % muy avanzada»…"""
    if level is None:
        return "sin informe"
    return f"{pct(level, 0, locale)} {NIVELES[level]}"


def codes_text(codes: Iterable[str]) -> str:
    codes = sorted(set(codes))
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " y " + codes[-1]


def invalid_mark(codes: Iterable[str]) -> str:
    """«dato inválido, ver CP205»: what marks a figure made with an invalid value."""
    codes = sorted(set(codes))
    return f"{'dato inválido' if len(codes) == 1 else 'datos inválidos'}, ver {codes_text(codes)}"


def _where(al: Alert) -> str:
    if al.month is None:
        return ""
    return f"{al.month}" + (f", subactividad {al.subactivity}" if al.subactivity else "") + ": "


def alert_sentence(al: Alert, locale: str = DEFAULT_LOCALE) -> str:
    """One Spanish line for an alert, numbers in the canton's locale."""
    if al.kind == "unreported":
        return f"{_where(al)}compromiso vencido sin avance informado"
    if al.kind == "low_progress":
        return f"{_where(al)}compromiso vencido con {level_label(al.level, locale)}"
    if al.kind == "behind_schedule":
        return (
            f"atrasado: avance global {pct(al.overall, locale=locale)} con el "
            f"{pct(al.term_elapsed, locale=locale)} del plazo transcurrido"
        )
    what = _STRAY.get(al.problem or "")
    if what:
        return f"{_where(al)}{what}: {invalid_mark(al.codes)}"
    if al.level is not None:  # a month or sub-activity recorded twice: the first value counts
        return f"{_where(al)}{invalid_mark(al.codes)} (cuenta el primer valor, {level_label(al.level, locale)})"
    return f"{_where(al)}{invalid_mark(al.codes)} (no cuenta en las cifras)"
