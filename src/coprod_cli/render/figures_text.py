"""The words around the figures, written where the canton's locale is known.

compute/ returns numbers and records only (alerts included); every sentence
a person reads about a figure is written here, with the locale's numbers,
for the terminal dashboard, the JSON ``message`` fields and the reports.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..compute.figures import Alert
from ..i18n import DEFAULT_LOCALE, pct
from ..lang import N_, _, ngettext
from ..model.types import NIVELES

#: The alert kinds as a person names them (compute/figures.py: ALERT_KINDS).
ALERT_LABELS = {
    "unreported": N_("Sin informe"),
    "low_progress": N_("Poco avance"),
    "behind_schedule": N_("Atrasado"),
    "invalid": N_("Dato inválido"),
}

#: What a recorded value that no figure can use is, by RecordProblem.kind.
_STRAY = {
    "outside_schedule": N_("avance de un mes que no está en el cronograma"),
    "no_such_subactivity": N_("avance de una subactividad que el cronograma de ese mes no tiene"),
    "inverted_term": N_("el plazo termina antes de empezar (el tiempo transcurrido se calcula con el cronograma)"),
}


def level_label(level: int | None, locale: str = DEFAULT_LOCALE) -> str:
    """A level as the protocol names it (note 13): «100 % cumplida», «75 % muy avanzada»…"""
    if level is None:
        return _("sin informe")
    return f"{pct(level, 0, locale)} {_(NIVELES[level])}"


def codes_text(codes: Iterable[str]) -> str:
    codes = sorted(set(codes))
    return codes[0] if len(codes) == 1 else _("{first} y {last}").format(first=", ".join(codes[:-1]), last=codes[-1])


def invalid_mark(codes: Iterable[str]) -> str:
    """«dato inválido, ver CP205»: what marks a figure made with an invalid value."""
    codes = sorted(set(codes))
    return ngettext("dato inválido, ver {codes}", "datos inválidos, ver {codes}", len(codes)).format(codes=codes_text(codes))


def _where(al: Alert) -> str:
    if al.month is None:
        return ""
    return f"{al.month}" + (_(", subactividad {n}").format(n=al.subactivity) if al.subactivity else "") + ": "


def alert_sentence(al: Alert, locale: str = DEFAULT_LOCALE) -> str:
    """One line for an alert in the language in use, numbers in the canton's locale."""
    if al.kind == "unreported":
        return _where(al) + _("compromiso vencido sin avance informado")
    if al.kind == "low_progress":
        return _where(al) + _("compromiso vencido con {level}").format(level=level_label(al.level, locale))
    if al.kind == "behind_schedule":
        return _("atrasado: avance global {overall} con el {elapsed} del plazo transcurrido").format(
            overall=pct(al.overall, locale=locale), elapsed=pct(al.term_elapsed, locale=locale)
        )
    what = _STRAY.get(al.problem or "")
    if what:
        return f"{_where(al)}{_(what)}: {invalid_mark(al.codes)}"
    if al.level is not None:  # a month or sub-activity recorded twice: the first value counts
        return _where(al) + _("{mark} (cuenta el primer valor, {level})").format(mark=invalid_mark(al.codes), level=level_label(al.level, locale))
    return _where(al) + _("{mark} (no cuenta en las cifras)").format(mark=invalid_mark(al.codes))
