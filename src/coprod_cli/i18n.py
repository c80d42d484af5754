"""Numbers and dates through Babel (CLDR data): Spanish per country, or the language in use.

Why Babel: month names, decimal and grouping separators differ between
es_CR, es_MX, es_CL and es_CO; CLDR has them right, a hand-written table
would not.

Callers pass the canton's Spanish locale (``locale_for``); when the language in
use (lang.py) is not Spanish, every number and date is written in that
language's locale instead (``display_locale``): English is ``en_001``, CLDR's
international English — «1,234.5», «July 2015», «24 June 2015» (day before
month, the order the canton's own Spanish documents use and the one read
without doubt by the cooperation agencies it is for; ``en``, US English,
would write «June 24, 2015»). Numbers are the same in every English locale.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache, lru_cache

from .lang import SOURCE, language
from .model.types import Month

LOCALES = {"CR": "es_CR", "MX": "es_MX", "CL": "es_CL", "CO": "es_CO"}
DEFAULT_LOCALE = "es_CR"
#: The locale of numbers and dates in each language other than Spanish (see the module's docstring).
LANGUAGE_LOCALES = {"en": "en_001"}
#: Between a number and «%»: Spanish (RAE, CLDR) writes a space, English none («62.5%»).
PERCENT_SPACE = {"es": "\u00a0"}
#: Month and day patterns: Spanish's «de»; another language uses CLDR's own long date.
MONTH_PATTERNS = {"es": "MMMM 'de' y"}
DATE_PATTERNS = {"es": "d 'de' MMMM 'de' y"}


def locale_for(country: str | None) -> str:
    return LOCALES.get((country or "").upper(), DEFAULT_LOCALE if not country else "es")


def display_locale(locale: str) -> str:
    """The locale numbers and dates are written in: the canton's in Spanish, else the language's."""
    lang = language()
    return locale if lang == SOURCE else LANGUAGE_LOCALES.get(lang, lang)


def _lang_of(locale: str) -> str:
    return locale.split("_")[0]


@cache
def _fmt_decimal(locale: str, decimals: int):  # pragma: no cover - tiny wrapper
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return lambda x: format_decimal(x, format=pattern, locale=locale)


def number(x: float, decimals: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """37.5 → "37,5" (es_CR; "37.5" in English); halves round up (81.25 → "81,3"), as people expect."""
    return _number(x, decimals, display_locale(locale))


@lru_cache(maxsize=65536)
def _number(x: float, decimals: int, locale: str) -> str:
    """Cached: reports format the same few figures (0, 25, 50 %…) thousands of times."""
    with localcontext() as ctx:  # a huge but finite value (1e308) has 309 digits: quantize needs them all
        ctx.prec = 400
        q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return _fmt_decimal(locale, decimals)(q)


def pct(x: float | None, decimals: int = 1, locale: str = DEFAULT_LOCALE, empty: str = "—") -> str:
    """62.5 → "62,5 %" ("62.5%" in English); None → "—". Rounded only here, for display."""
    if x is None:
        return empty
    shown = display_locale(locale)
    return f"{_number(x, decimals, shown)}{PERCENT_SPACE.get(_lang_of(shown), '')}%"


def month_long(m: Month, locale: str = DEFAULT_LOCALE) -> str:
    """2015-07 → "julio de 2015" ("July 2015")."""
    return _month_long(m, display_locale(locale))


@lru_cache(maxsize=4096)
def _month_long(m: Month, locale: str) -> str:
    from babel.dates import format_date

    return format_date(dt.date(m.year, m.month, 1), MONTH_PATTERNS.get(_lang_of(locale), "MMMM y"), locale=locale)


def date_long(d: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """2015-06-24 → "24 de junio de 2015" ("24 June 2015")."""
    return _date_long(d, display_locale(locale))


@lru_cache(maxsize=4096)
def _date_long(d: dt.date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(d, DATE_PATTERNS.get(_lang_of(locale), "long"), locale=locale)


def plural(n: int, one: str, many: str) -> str:
    """«1 error», «3 errores»: a count with its noun (Spanish: singular only for 1)."""
    return f"{n} {one if n == 1 else many}"
